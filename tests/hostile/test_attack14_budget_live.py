"""Attack14, live: leaks and bypasses of attack13's buffering budget (core/body_budget.py) through a real mitmdump.

A share that is never given back is a permanent 429 for its caller, and with the cap in all, for everyone; a body
the budget never counts is memory any caller (or no caller at all) can take."""

from __future__ import annotations

import socket
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.hostile.rawupstream import RawUpstream, http_ok, start_proxy_to
from tests.hostile.test_live_abuse import write_policy
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1 << 20


@pytest.fixture
def denying(tmp_path, upstream_session, upstream):
    policy = write_policy(tmp_path, deny_hosts=["denied.example"])
    p = harness.start_proxy(tmp_path, upstream_session, "--set", f"exitguard_policy={policy}",
                            "--set", f"exitguard_max_buffered_bytes_per_identity={48 * MIB}")
    yield p
    p.stop()


def chunked_upload(sock: socket.socket, head: bytes, mib: int) -> bytes:
    """``head`` then ``mib`` chunks of 1 MiB and the terminator; the answer's head."""
    sock.sendall(head)
    chunk = b"%x\r\n%s\r\n" % (MIB, b"x" * MIB)
    sock.settimeout(10)
    try:
        for _ in range(mib):
            sock.sendall(chunk)
        sock.sendall(b"0\r\n\r\n")
    except OSError:
        pass  # the proxy hung up: the answer (if any) is read below
    out = b""
    try:
        while b"\r\n\r\n" not in out and (data := sock.recv(65536)):
            out += data
    except OSError:
        pass
    return out


def test_a_refused_requests_body_is_not_buffered_whole(denying):
    """A request refused at its headers (a denied host here; a missing proxy credential is the same: the flow is
    answered before HostPolicy classifies it) was not counted by the budget (it takes no share once answered) and
    compat.py dropped the rest of a refused body for guarded flows only: mitmproxy buffered every byte of it,
    then copied it into the flow, before the 403 went out. 200 MiB -> RSS +400 MiB; a few GB stops the proxy."""
    s = socket.create_connection(("127.0.0.1", denying.port), timeout=10)
    head = (b"POST http://denied.example/upload HTTP/1.1\r\nHost: denied.example\r\n"
            b"content-type: text/plain\r\ntransfer-encoding: chunked\r\n\r\n")
    with L.RssSampler(denying.proc.pid) as rss:
        answer = chunked_upload(s, head, 200)
    s.close()
    grown_mib = (rss.peak - rss.start) // 1024
    print(f"200 MiB chunked to a denied host: {L.status_of(answer)}, RSS grew {grown_mib} MiB")
    assert L.status_of(answer) == 403 and b"exitguard_host_denied" in answer
    assert grown_mib < 100, grown_mib
    L.sdk_still_served(denying)
