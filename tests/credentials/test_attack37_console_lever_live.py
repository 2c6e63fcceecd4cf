"""Attack37, live: mitmweb's console as a window onto a brokered credential and as a lever that moves it.

The credential broker puts the real key on the live request at ``request``; mitmweb's own addons (its view, its
``intercept`` filter) come after the bundle, and its API reads and edits the live flow at any time. Checked with a
real mitmweb running the bundle, real TLS, httpx through the proxy, the console's API (token, XSRF pair) and its
``/updates`` WebSocket: what the upstream got (and for which name), what the client got, what every console message
and API answer showed, every byte the proxy wrote, its log."""

from __future__ import annotations

import json
import threading
from pathlib import Path

import httpx
import pytest

from tests import fakes
from tests.audit.test_attack36_console_head_live import ConsoleUpdates
from tests.live import harness
from tests.live.console import Console, policy_file, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(3701)
OPENAI_KEY = "sk-brokered-FAKE-Vt4Lm8Qz2Hx6Nc1Rb7Wp"


@pytest.fixture(scope="module")
def web(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack37-console")
    proxy, console, record = start_console(d, upstream_session, policy=policy_file(d, broker=True),
                                           env={"EXITGUARD_CRED_OPENAI": OPENAI_KEY})
    yield proxy, console, record
    proxy.stop()


@pytest.fixture
def live(web):
    """The module's mitmweb; what the console answered is kept per test."""
    web[1].seen.clear()
    return web


def in_background(proxy: harness.Proxy, url: str, **kw) -> tuple[threading.Thread, dict]:
    out: dict = {}

    def run() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["response"] = client.post(url, headers={"Authorization": "Bearer exitguard"}, json={"q": 1}, **kw)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, out


def finished_replays(console: Console, part: str) -> list[dict] | None:
    """Both replays with an answer or an error (read without keeping: the window while one waits is the open
    case below)."""
    done = [f for f in console.http.get("/flows").json() if part in f["request"]["path"] and f.get("is_replay")
            and (f.get("response") or f.get("error"))]
    return done if len(done) >= 2 else None


def no_key_anywhere(proxy: harness.Proxy, console: Console, record: Path, *more: str) -> None:
    for text in (*console.seen, *more):
        assert OPENAI_KEY not in text, text[:400]
    assert OPENAI_KEY not in proxy.log
    assert OPENAI_KEY.encode() not in harness.written(record)


def test_a_request_waiting_for_its_answer_shows_no_key_in_the_console(live, upstream):
    """Window: the upstream is slow; the console lists the live flow (and dumps it) while it waits. Closed by
    attack39: the key goes on the wire copy only (compat.send_wire_copies)."""
    proxy, console, record = live
    release = threading.Event()

    def slow(req: harness.Received) -> harness.Reply:
        release.wait(30)
        return harness.Reply.json({"ok": True})

    upstream.route("POST", "/v1/attack37-slow", slow)
    updates = ConsoleUpdates(console.port, console.token)
    try:
        thread, out = in_background(proxy, "https://api.openai.com/v1/attack37-slow")
        wait_until(lambda: [r for r in upstream.received if "attack37-slow" in r.path] or None, "upstream got it")
        flow = console.flow_with("attack37-slow")
        assert flow is not None
        console.get(f"/flows/{flow['id']}/request/content.data")
        console.get("/flows/dump")
        release.set()
        thread.join(60)
        updates.wait_for(1, "attack37-slow")
    finally:
        release.set()
        updates.close()
    got = [r for r in upstream.received if "attack37-slow" in r.path]
    assert got[0].headers["authorization"] == f"Bearer {OPENAI_KEY}"  # the broker did inject: the window was real
    assert out["response"].status_code == 200
    no_key_anywhere(proxy, console, record, *updates.messages, out["response"].text)


def test_an_intercepted_brokered_request_moved_to_another_host_carries_no_key(live, upstream):
    """Lever: mitmweb's intercept filter holds the request after the broker injected; the console edits its host
    and resumes it."""
    proxy, console, record = live
    assert console.send("PUT", "/options", {"intercept": "~q & ~u attack37-held"}).status_code == 200
    updates = ConsoleUpdates(console.port, console.token)
    try:
        thread, out = in_background(proxy, "https://api.openai.com/v1/attack37-held")
        flow = wait_until(lambda: ((f := console.flow_with("attack37-held")) and f["intercepted"] and f) or None,
                          "the flow is intercepted")
        request = flow["request"]
        edit = {"request": {"host": "unlisted.example", "headers": request["headers"] + [["X-Moved", "1"]]}}
        assert console.send("PUT", f"/flows/{flow['id']}", edit).status_code == 200
        assert console.send("POST", f"/flows/{flow['id']}/resume").status_code == 200
        thread.join(60)
        updates.wait_for(1, "attack37-held")
    finally:
        console.send("PUT", "/options", {"intercept": None})
        updates.close()
    got = [r for r in upstream.received if "attack37-held" in r.path]
    assert out["response"].status_code == 200, out["response"].text
    # the edit moved it (the proxy connected to unlisted.example); before the fix the key went along
    assert len(got) == 1 and got[0].sni == "unlisted.example" and got[0].headers["x-moved"] == "1"
    assert got[0].headers["authorization"] == "Bearer [BROKERED:openai]", got[0].headers
    no_key_anywhere(proxy, console, record, *updates.messages, out["response"].text)


def test_a_replayed_brokered_flow_gets_the_key_only_for_the_brokered_host(live, upstream):
    """Lever: replay a finished (scrubbed) flow as it is, and a duplicate whose host the console changed."""
    proxy, console, record = live
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        first = client.post("https://api.openai.com/v1/attack37-replay", headers={"Authorization": "Bearer exitguard"},
                            json={"q": 1})
    assert first.status_code == 200
    flow = console.flow_with("attack37-replay")
    assert flow is not None and flow.get("response") is not None
    duplicate = console.send("POST", f"/flows/{flow['id']}/duplicate").text
    assert console.send("PUT", f"/flows/{duplicate}", {"request": {"host": "unlisted.example",
                                                                    "path": "/v1/attack37-replay-moved"}}
                        ).status_code == 200
    assert console.send("POST", f"/flows/{flow['id']}/replay").status_code == 200
    assert console.send("POST", f"/flows/{duplicate}/replay").status_code == 200
    finished = wait_until(lambda: finished_replays(console, "attack37-replay"), "both replays finished")
    console.flows()
    for f in finished:  # mitmweb's Revert puts back the state backed up before the replay
        console.send("POST", f"/flows/{f['id']}/revert")
    console.flows()
    got = [r for r in upstream.received if "attack37-replay" in r.path]
    moved = [r for r in got if "moved" in r.path]
    same = [r for r in got if "moved" not in r.path]
    assert len(same) == 2 and all(r.headers["authorization"] == f"Bearer {OPENAI_KEY}" for r in same)
    assert all(r.host == "api.openai.com" and r.sni == "api.openai.com" for r in same)
    assert moved == [] or all(OPENAI_KEY not in json.dumps(r.headers) for r in moved), moved
    no_key_anywhere(proxy, console, record)


def test_the_console_cannot_change_exitguards_options_at_runtime(live, upstream):
    """Lever: mitmweb's options endpoint (PUT /options) switches the bundle to report mode, then a key is sent."""
    proxy, console, record = live
    answer = console.send("PUT", "/options", {"exitguard_mode": "report"})
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        sent = client.post("https://api.openai.com/v1/attack37-options", json={"note": f"key {AKID}"},
                           headers={"Authorization": "Bearer exitguard"})
    console.send("PUT", "/options", {"exitguard_mode": None})
    got = [r for r in upstream.received if "attack37-options" in r.path]
    assert answer.status_code == 400, answer.text  # refused, named
    assert "exitguard_mode" in answer.text
    assert sent.status_code == 200 and len(got) == 1
    assert AKID.encode() not in got[0].body  # still enforced: masked on the way out
    assert console.get("/options").json()["exitguard_mode"]["value"] is None
    assert AKID.encode() not in harness.written(record) and AKID not in proxy.log


@pytest.mark.parametrize("change", [{"exitguard_block_loopback": False}, {"exitguard_record_dir": "/tmp/elsewhere"},
                                    {"ignore_hosts": [".*"]}, {"allow_hosts": ["^unlisted"]}, {"ssl_insecure": True}])
def test_the_console_cannot_change_what_the_guard_sees_or_checks(live, change):
    _, console, _ = live
    (name, value), = change.items()
    before = console.get("/options").json()[name]["value"]
    answer = console.send("PUT", "/options", change)
    assert answer.status_code == 400 and name in answer.text, answer.text
    assert console.get("/options").json()[name]["value"] == before != value
