"""attack43, live: the console sets `mode` (`PUT /options`), the open end of attack42.

Before (real mitmweb with the bundle): `upstream:http://<the console's proxy>` was taken (200): the console's proxy got
`CONNECT api.openai.com:443` for every brokered request (and would get a plain-http request whole); a loopback
`reverse:` listener to the brokered vendor, `socks5` and `wireguard` (which prints its client's private key into the
log) were taken too; `regular@0.0.0.0:PORT` was refused by the identity addon (no tokens), but mitmproxy's proxy
server had already scheduled the listener: the log said `listening at *:PORT`, then `stopped`. Now every such change
is refused in the proxy server's own configure (nothing is scheduled), 400 naming the mode and why; a regular listener
on loopback may still be added (and removed), and is guarded like the one the proxy started with."""

from __future__ import annotations

import re
import socket
import threading
import time

import httpx
import pytest

from tests.live import harness
from tests.live.console import policy_file, start_console

pytestmark = pytest.mark.live

KEY = "sk-attack43-FAKE-Mo4Rt8Lp2Qx6Wz3Vb7"


class Recorder:
    """A TCP server standing for a proxy of the console's: records what arrives, answers 502."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.got: list[bytes] = []
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            with conn:
                conn.settimeout(2)
                try:
                    self.got.append(conn.recv(65536))
                    conn.sendall(b"HTTP/1.1 502 no\r\ncontent-length: 0\r\n\r\n")
                except OSError:
                    pass


@pytest.fixture(scope="module")
def console_of(tmp_path_factory):
    """No test router: a proxy of the console's on loopback is reachable (exitguard_block_loopback=false, as for a
    local model server)."""
    d = tmp_path_factory.mktemp("attack43-mode")
    recorder = Recorder()
    proxy, console, _ = start_console(d, None, "--set", "exitguard_block_loopback=false",
                                      policy=policy_file(d, broker=True), env={"EXITGUARD_CRED_OPENAI": KEY})
    yield proxy, console, recorder
    proxy.stop()
    recorder.sock.close()


def _through(port: int) -> None:
    try:
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=False, timeout=10) as client:
            client.post("https://api.openai.com/v1/chat/completions", json={"note": "hello"},
                        headers={"Authorization": "Bearer exitguard"})
    except httpx.HTTPError:
        pass  # nothing listens there (refused): what the test wants


@pytest.mark.parametrize("change", [
    {"mode": ["regular", "upstream:http://127.0.0.1:{recorder}@127.0.0.1:{port}"]},
    {"mode": ["regular", "reverse:https://api.openai.com@127.0.0.1:{port}"]},
    {"mode": ["regular", "socks5@127.0.0.1:{port}"]},
    {"mode": ["regular", "wireguard@127.0.0.1:{port}"]},
    {"mode": ["regular", "regular@0.0.0.0:{port}"]},
    {"mode": ["regular@127.0.0.1:{port}"]},  # the start listener replaced
    {"listen_host": "0.0.0.0"},
], ids=["upstream", "reverse", "socks5", "wireguard", "regular-beyond-loopback", "start-listener-replaced",
        "listen_host"])
def test_the_console_cannot_add_a_listener_that_moves_the_destination_or_who_authenticates(console_of, change):
    proxy, console, recorder = console_of
    port = harness.free_port()
    body = {name: [m.format(recorder=recorder.port, port=port) for m in value] if isinstance(value, list) else value
            for name, value in change.items()}
    before = {name: console.get("/options").json()[name]["value"] for name in body}
    answer = console.send("PUT", "/options", body)
    try:
        assert answer.status_code == 400, answer.text  # before: 200 (all but regular@0.0.0.0)
        assert "while the proxy runs" in answer.text and "regular@127.0.0.1:PORT" in answer.text, answer.text
        assert {name: console.get("/options").json()[name]["value"] for name in body} == before
        _through(port)
        assert recorder.got == []  # before: CONNECT api.openai.com:443 reached the console's proxy
        time.sleep(0.5)  # a scheduled listener logs within milliseconds
        # before (regular@0.0.0.0, refused by the identity addon): "HTTP(S) proxy listening at *:PORT" then "stopped"
        assert not re.search(rf"listening at \S*:{port}\b", proxy.log), proxy.log[-1500:]
        assert "PrivateKey" not in proxy.log
    finally:
        console.send("PUT", "/options", {"mode": ["regular"], "listen_host": "127.0.0.1"})
        recorder.got.clear()


def test_a_loopback_regular_listener_may_be_added_and_is_guarded(tmp_path, upstream_session, upstream):
    proxy, console, rec = start_console(tmp_path, upstream_session, policy=policy_file(tmp_path, broker=True),
                                        env={"EXITGUARD_CRED_OPENAI": KEY})
    try:
        port = harness.free_port()
        answer = console.send("PUT", "/options", {"mode": ["regular", f"regular@127.0.0.1:{port}"]})
        assert answer.status_code == 200, answer.text
        deadline = time.monotonic() + 30
        while f"listening at 127.0.0.1:{port}" not in proxy.log:
            assert time.monotonic() < deadline, proxy.log[-2000:]
            time.sleep(0.1)
        with httpx.Client(proxy=f"http://127.0.0.1:{port}", verify=str(proxy.ca), timeout=30) as client:
            got = client.post("https://api.openai.com/v1/attack43-added", json={"note": "hello"},
                              headers={"Authorization": "Bearer exitguard"})
        assert got.status_code == 200, got.text
        (sent,) = [r for r in upstream.received if r.path == "/v1/attack43-added"]
        assert sent.headers["authorization"] == f"Bearer {KEY}"
        assert KEY not in proxy.log and KEY.encode() not in harness.written(rec)
        assert not any(KEY in text for text in console.seen)
        assert console.send("PUT", "/options", {"mode": ["regular"]}).status_code == 200  # and removed again
    finally:
        proxy.stop()
