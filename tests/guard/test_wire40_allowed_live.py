"""wire40, live: a value the policy lets through to a guarded host is sent byte for byte and never shown in
mitmweb (``/flows``, ``/flows/dump``, the ``/updates`` WebSocket, ``export``) while the answer is awaited or
after; the record and the log mask it. The policy allows precise secrets in requests."""

from __future__ import annotations

import threading

import httpx
import pytest

from tests import fakes
from tests.audit.test_attack36_console_head_live import ConsoleUpdates
from tests.live import harness
from tests.live.console import policy_file, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(4001)


@pytest.fixture(scope="module")
def allowing(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("wire40")
    proxy, console, record = start_console(d, upstream_session,
                                           policy=policy_file(d, actions={"secret/precise": "allow"}))
    yield proxy, console, record
    proxy.stop()


def test_an_allowed_value_goes_upstream_as_written_and_no_console_surface_shows_it(allowing, upstream, tmp_path):
    proxy, console, record = allowing
    release = threading.Event()

    def slow(req: harness.Received) -> harness.Reply:
        release.wait(30)
        return harness.Reply.json({"ok": True})

    upstream.route("POST", "/v1/wire40", slow)
    updates = ConsoleUpdates(console.port, console.token)
    out: dict = {}

    def send() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["r"] = client.post(f"https://api.openai.com/v1/wire40?key={AKID}", headers={"X-Debug": AKID},
                                   json={"note": f"use {AKID}"})

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    try:
        wait_until(lambda: [r for r in upstream.received if "wire40" in r.path] or None, "upstream got it")
        assert console.flow_with("wire40") is not None  # while the answer is awaited
        console.get("/flows/dump")
        exported = [console.send("POST", "/commands/export", {"arguments": [fmt, "~u wire40"]}).text
                    for fmt in ("curl", "raw_request")]  # export.file is refused since attack40
        release.set()
        thread.join(60)
        updates.wait_for(1, "wire40")
        console.flows()  # after
        console.get("/flows/dump")
        exported.append(console.send("POST", "/commands/export", {"arguments": ["curl", "~u wire40"]}).text)
    finally:
        release.set()
        updates.close()
    assert out["r"].status_code == 200, out["r"].text
    (got,) = [r for r in upstream.received if "wire40" in r.path]
    assert got.path == f"/v1/wire40?key={AKID}" and got.headers["x-debug"] == AKID
    assert got.body == f'{{"note":"use {AKID}"}}'.encode()  # byte for byte as httpx wrote it
    assert all("wire40" in text and "MASKED" in text for text in exported), exported  # exported, masked
    for text in (*console.seen, *updates.messages):
        assert AKID not in text, text[:300]
    assert AKID not in proxy.log
    assert AKID.encode() not in harness.written(record)
