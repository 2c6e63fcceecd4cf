"""Attack40, live: nothing of a brokered request outlives it. 1,000 brokered requests aborted three ways through a
real mitmweb (which keeps every flow in its view, so a wire copy that was never dropped would stay): the client
gone while the vendor is slow, the vendor cut off after its answer's head, the client gone right after sending
(the abort lands anywhere between the broker's hook and the send). Counted in the process with a test-only
script (tests/credentials/attack40_probe.py): wire copies (core/wire.py), the broker's keys by flow id, its notes."""

from __future__ import annotations

import json
import threading
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.credentials.test_attack37_console_lever_live import OPENAI_KEY, Console, wait_until
from tests.hostile.live_support import tunnel
from tests.live import harness
from tests.live.console import policy_file, start_console

pytestmark = [pytest.mark.live, pytest.mark.slow]

PROBE = Path(__file__).with_name("attack40_probe.py")
PER_KIND = (300, 350, 350)  # 1,000 in all


@pytest.fixture
def probed(tmp_path, upstream_session):
    proxy, console, _ = start_console(tmp_path, upstream_session, "-s", str(PROBE),
                                      policy=policy_file(tmp_path, broker=True),
                                      env={"EXITGUARD_CRED_OPENAI": OPENAI_KEY})
    yield proxy, console
    proxy.stop()


def _counts(console: Console) -> dict:
    answer = console.http.post("/commands/exitguardprobe.counts", json={"arguments": []})
    return json.loads(answer.json()["value"])


def _request(path: str) -> bytes:
    return (f"POST {path} HTTP/1.1\r\nHost: api.openai.com\r\nAuthorization: Bearer exitguard\r\n"
            "content-type: application/json\r\ncontent-length: 2\r\n\r\n{}").encode()


def test_a_thousand_aborted_brokered_requests_leave_nothing_behind(probed, upstream):
    proxy, console = probed
    release = threading.Event()
    arrived: list[str] = []

    def slow(req: harness.Received) -> harness.Reply:
        arrived.append(req.path)
        release.wait(60)
        return harness.Reply.json({"late": True})

    upstream.route("POST", "/v1/attack40-slow", slow)
    upstream.route("POST", "/v1/attack40-cut", lambda req: harness.Reply(200, {"content-type": "text/plain"},
                                                                          chunks=[(b"part", 0)], cut=True))
    upstream.route("POST", "/v1/attack40-gone", lambda req: harness.Reply.json({"ok": True}))

    def client_gone_while_slow(i: int) -> None:
        with tunnel(proxy) as s:
            s.sendall(_request(f"/v1/attack40-slow/{i}"))
            wait_until(lambda: (f"/v1/attack40-slow/{i}" in arrived) or None, "the vendor got it", timeout=60)

    def vendor_cut(i: int) -> None:
        with tunnel(proxy) as s:
            s.sendall(_request(f"/v1/attack40-cut/{i}"))
            s.settimeout(30)
            try:
                while s.recv(65536):
                    pass
            except (TimeoutError, OSError):
                pass

    def client_gone_at_once(i: int) -> None:
        with tunnel(proxy) as s:
            s.sendall(_request(f"/v1/attack40-gone/{i}"))

    try:
        # The probe sees what it counts: one request kept waiting by its client holds the broker's entry (the wire
        # copy went when the request left).
        with tunnel(proxy) as held:
            held.sendall(_request("/v1/attack40-slow/held"))
            wait_until(lambda: ("/v1/attack40-slow/held" in arrived) or None, "the vendor got it")
            assert _counts(console) == {"copies": 0, "injected": 1, "told_intercepted": 0, "websockets": 0}
        arrived.remove("/v1/attack40-slow/held")
        for kind, count in zip((client_gone_while_slow, vendor_cut, client_gone_at_once), PER_KIND, strict=True):
            with ThreadPoolExecutor(8) as pool:
                list(pool.map(kind, range(count)))
    finally:
        release.set()
    assert len(arrived) == PER_KIND[0]
    assert len([r for r in upstream.received if "attack40-cut" in r.path]) == PER_KIND[1]
    seen: list[dict] = []

    def settled() -> dict | None:
        seen.append(_counts(console))
        return seen[-1] if not any(seen[-1].values()) else None

    try:
        wait_until(settled, "every aborted flow let go", timeout=90)
    except AssertionError:
        pytest.fail(f"left behind: {seen[-1]}")
    flows = console.get("/flows").json()
    assert len([f for f in flows if "attack40-" in f["request"]["path"]]) >= sum(PER_KIND) - PER_KIND[2]
    assert OPENAI_KEY not in json.dumps(flows) and OPENAI_KEY not in proxy.log


def test_an_intercepted_brokered_flow_killed_from_the_console_lets_its_copy_go(probed, upstream):
    proxy, console = probed
    assert console.send("PUT", "/options", {"intercept": "~u attack40-killed"}).status_code == 200
    with tunnel(proxy) as s:
        s.sendall(_request("/v1/attack40-killed"))
        flow = wait_until(lambda: next((f for f in console.flows() if f["request"]["path"] == "/v1/attack40-killed"
                                        and f.get("intercepted")), None), "the flow held by the console's filter")
        assert _counts(console)["copies"] == 1  # sealed, waiting
        console.send("POST", f"/flows/{flow['id']}/kill")
        wait_until(lambda: next((f for f in console.flows() if f["id"] == flow["id"] and f.get("error")), None),
                   "the console shows it killed")
        s.settimeout(10)
        answered = b""
        while chunk := s.recv(65536):  # before: no answer and no close while the process ran (the hook never woke)
            answered += chunk
        assert b"200" not in answered.split(b"\r\n", 1)[0]  # the agent's request ended, unanswered by the vendor
    assert not [r for r in upstream.received if "attack40-killed" in r.path]  # nothing was sent
    seen: list[dict] = []

    def let_go() -> dict | None:
        seen.append(_counts(console))
        return seen[-1] if not seen[-1]["copies"] and not seen[-1]["injected"] else None

    try:
        wait_until(let_go, "the copy and the broker's entry let go", timeout=10)
    except AssertionError:
        raise AssertionError(f"still held: {seen[-1]}") from None
