"""Live (attack16): answers nobody inspects, each under the inspection limit, held at once by one agent.

attack14 passed an uninspected answer on as it arrives when it has no length or announces more than
`max_body_bytes`; one that announces less was still buffered whole, and the body budget counts requests only. An
agent asks its own server (an unlisted host) for many answers of 8 MiB that stop one byte short: each one sits
in the proxy's memory for as long as the server likes (mitmproxy has no read timeout). A real mitmdump, a raw TLS
upstream, raw clients through CONNECT tunnels, the proxy's RSS sampled."""

from __future__ import annotations

import threading
import time

import pytest

from tests.hostile import live_support as L
from tests.hostile.rawupstream import RawUpstream, proxy_before, read_request

pytestmark = pytest.mark.live

MIB = 1 << 20
ANSWER = 8 * MIB  # under the default max_body_bytes (10 MiB): the record would keep it whole
CAP = 48 * MIB  # the caller's share of buffered bytes in this test
HELD = 20  # answers held at once: 160 MiB if each is kept


def stalled_answer(conn, first: bytes, server: RawUpstream) -> None:
    """``/held``: an 8 MiB answer (content-length) whose last byte never comes; anything else: a small one."""
    request = read_request(conn, first, server)
    if request is None:
        return
    if b" /held " not in request[0].split(b"\r\n", 1)[0] + b" ":
        conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-length: 2\r\nconnection: close\r\n\r\nok")
        return
    conn.sendall(b"HTTP/1.1 200 OK\r\ncontent-type: application/octet-stream\r\ncontent-length: %d\r\n\r\n"
                 % ANSWER)
    block = b"z" * MIB
    try:
        for _ in range(ANSWER // MIB - 1):
            conn.sendall(block)
        conn.sendall(block[:-1])
        time.sleep(30)  # the last byte never comes while the test looks
    except OSError:
        pass


def test_answers_an_agent_holds_open_from_its_own_server_are_not_kept_past_its_share(tmp_path, upstream_certs):
    with proxy_before(tmp_path, upstream_certs, stalled_answer,
                      "--set", f"exitguard_max_buffered_bytes_per_identity={CAP}") as (proxy, _server):
        received = [0] * HELD
        socks = []

        def read(i: int, sock) -> None:
            sock.settimeout(20)
            try:
                while data := sock.recv(1 << 20):
                    received[i] += len(data)
                    if received[i] >= ANSWER - 1:
                        return
            except OSError:
                pass

        with L.RssSampler(proxy.proc.pid) as rss:
            readers = []
            for i in range(HELD):
                t = L.tunnel(proxy, host="unlisted.example")
                t.sendall(b"GET /held HTTP/1.1\r\nHost: unlisted.example\r\n\r\n")
                socks.append(t)
                readers.append(threading.Thread(target=read, args=(i, t), daemon=True))
                readers[-1].start()
            for r in readers:
                r.join(25)
            time.sleep(1)
        grown_mib = (rss.peak - rss.start) // 1024
        print(f"{HELD} answers of {ANSWER // MIB} MiB held open: RSS grew {grown_mib} MiB; "
              f"the clients got {sum(received) // MIB} MiB")
        # Every byte the server sent is passed on to its client (the answer is not inspected)...
        assert all(n >= ANSWER - MIB for n in received), received
        # ...and the proxy keeps copies for the record only within the caller's share (48 MiB), not 160 MiB.
        assert grown_mib < 150, grown_mib  # all 20 kept is 160 MiB of answers alone; the share (48) ~2x in RSS
        for s in socks:
            s.close()
        t = L.tunnel(proxy, host="unlisted.example")  # served after
        t.sendall(b"GET /small HTTP/1.1\r\nHost: unlisted.example\r\n\r\n")
        assert L.status_of(L.read_all(t)) == 200
        t.close()


def test_guarded_answers_an_agent_holds_open_are_buffered_only_within_its_share(tmp_path, upstream_certs):
    """The same against a guarded host (its answers are buffered whole to be scanned, up to max_body_bytes each):
    the agent chooses them where its own server is guarded (an IP literal without a checked server name is, by
    default). Before: all 20 buffered, RSS +160 MiB or more. Now those past the caller's share are refused as too
    large (502) as their bytes arrive; the rest wait for their last byte as before."""
    with proxy_before(tmp_path, upstream_certs, stalled_answer,
                      "--set", f"exitguard_max_buffered_bytes_per_identity={CAP}") as (proxy, _server):
        statuses: list[bytes] = [b""] * HELD

        def read(i: int, sock) -> None:
            sock.settimeout(15)
            try:
                statuses[i] = sock.recv(200)
            except OSError:
                pass

        socks, readers = [], []
        with L.RssSampler(proxy.proc.pid) as rss:
            for i in range(HELD):
                t = L.tunnel(proxy, host="api.openai.com")
                t.sendall(b"GET /held HTTP/1.1\r\nHost: api.openai.com\r\n\r\n")
                socks.append(t)
                readers.append(threading.Thread(target=read, args=(i, t), daemon=True))
                readers[-1].start()
            for r in readers:
                r.join(20)
        grown_mib = (rss.peak - rss.start) // 1024
        refused = sum(1 for s in statuses if L.status_of(s) == 502)
        print(f"{HELD} guarded answers of {ANSWER // MIB} MiB held open: RSS grew {grown_mib} MiB, {refused} refused")
        assert refused >= HELD - CAP // ANSWER - 1, statuses
        assert grown_mib < 150, grown_mib  # all 20 kept is 160 MiB of answers alone; the share (48) ~2x in RSS
        for s in socks:
            s.close()
