"""A reverse listener whose upstream cannot be reached answers 502 with the reason, not an empty reply.

mitmproxy's eager connection strategy (mitmdump's default) opens a reverse listener's upstream connection as the
client connects, before any request is read; when it fails, the client's connection is closed without a word (curl:
"Empty reply from server"). compat.answer_reverse_upstream_errors connects a reverse HTTP(S) listener after the
request instead, so the HTTP layer answers the failure. The regular listener stays eager (its CONNECT is answered
after the upstream is connected, and its forged certificate copies the upstream's).
"""

from __future__ import annotations

import socket
import subprocess
import time

import pytest

from tests.live import harness

pytestmark = pytest.mark.live


@pytest.fixture(scope="module")
def proxy(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("reverse-refused")
    # dead: nothing listens there (free_port binds and releases it); local: the same, and not allowed either, so
    # exitguard refuses it before connecting
    regular, refused_rev, dead_rev, dead, local = (harness.free_port() for _ in range(5))
    p = harness.start_proxy(tmp, None, "--mode", f"regular@127.0.0.1:{regular}",
                            "--mode", f"reverse:http://127.0.0.1:{local}@127.0.0.1:{refused_rev}",
                            "--mode", f"reverse:http://127.0.0.1:{dead}@127.0.0.1:{dead_rev}",
                            "--set", f"exitguard_allow_upstreams=127.0.0.1:{dead}", route=False)
    yield p, {"regular": regular, "refused": refused_rev, "dead": dead_rev, "dead_upstream": dead}
    p.stop()


def plain_curl(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "-m", "20", "-o", "-", "-w", "\n%{http_code}", *args],
                          capture_output=True, timeout=30)


@pytest.mark.parametrize(("listener", "reason"), [
    ("refused", "is a local address (loopback, link-local, multicast or this host&#x27;s own) and is refused"),
    ("dead", "Connect call failed"),
])
def test_a_reverse_listener_answers_502_with_the_reason(proxy, listener, reason):
    _, ports = proxy
    r = plain_curl(f"http://127.0.0.1:{ports[listener]}/v1/models")
    assert b"Empty reply" not in r.stderr, r.stderr
    body, status = r.stdout.decode().rsplit("\n", 1)
    assert status == "502", (r.stdout, r.stderr)
    assert reason in body


def test_the_regular_listener_still_connects_before_answering_connect(proxy):
    """Eager, as before: a CONNECT to an upstream that cannot be reached is answered 502 itself (lazy would answer
    200 and fail the tunnel's first request)."""
    _, ports = proxy
    with socket.create_connection(("127.0.0.1", ports["regular"]), timeout=20) as s:
        target = f"127.0.0.1:{ports['dead_upstream']}"
        s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
        head = s.recv(4096)
    assert head.startswith(b"HTTP/1.1 502"), head


def test_no_allow_hint_for_a_connection_to_the_proxys_own_listener(proxy):
    """Walk19: the hint "allow it with exitguard_allow_upstreams=..." is not given for this proxy's own listeners."""
    p, ports = proxy
    r = plain_curl("--proxy", f"http://127.0.0.1:{ports['regular']}", f"http://127.0.0.1:{ports['refused']}/")
    assert r.stdout.decode().endswith("\n502"), r.stdout
    deadline = time.monotonic() + 10
    while f"refused upstream connection to 127.0.0.1:{ports['refused']}" not in p.log:
        assert time.monotonic() < deadline, p.log[-2000:]
        time.sleep(0.1)
    assert "it is this proxy's own proxy listener, not an upstream to allow" in p.log
    assert f"exitguard_allow_upstreams=127.0.0.1:{ports['refused']}" not in p.log
