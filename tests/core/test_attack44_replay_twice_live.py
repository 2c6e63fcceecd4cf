"""attack44, live: mitmweb's Replay of one flow sent twice at once from two console connections, with
`client_replay_concurrency=-1` (real mitmweb with the bundle, a slow upstream so a started replay stays live).
mitmproxy checks a flow when it queues it, not when it starts it: both Replays queued the one flow object and both
replays ran on it together (core/replayed.py now keeps a queued flow until its replay starts)."""

from __future__ import annotations

import threading
import time

import httpx
import pytest

from tests.live import harness
from tests.live.console import Console, start_console, wait_until

pytestmark = pytest.mark.live

ROUNDS = 8


@pytest.fixture(scope="module")
def web(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack44-replay-twice")
    proxy, console, record = start_console(d, upstream_session, "--set", "client_replay_concurrency=-1")
    yield proxy, console, record
    proxy.stop()


def test_two_replays_of_one_flow_at_once_send_it_once(web, upstream):
    proxy, console, _ = web

    def slow(req):
        time.sleep(1.5)  # the first replay stays live while the second Replay comes
        return harness.Reply(body=b'{"ok": true}')

    upstream.route("POST", "/v1/a44-twice", slow)
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
        assert client.post("https://api.openai.com/v1/a44-twice", json={"q": 1}).status_code == 200
    flow = wait_until(lambda: console.flow_with("a44-twice"), "the flow in the console")
    consoles = [Console(console.port, console.token) for _ in range(2)]
    sent_before = len([r for r in upstream.received if "a44-twice" in r.path])
    for _ in range(ROUNDS):
        start = threading.Barrier(2)

        def replay(c: Console, barrier: threading.Barrier) -> None:
            barrier.wait()
            c.send("POST", f"/flows/{flow['id']}/replay")

        threads = [threading.Thread(target=replay, args=(c, start)) for c in consoles]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        time.sleep(2.5)  # every replay of this round ended
    sent = len([r for r in upstream.received if "a44-twice" in r.path]) - sent_before
    # each round sends the flow once: the second Replay is refused while the first is queued or live
    assert sent == ROUNDS, (sent, proxy.log[-2000:])
