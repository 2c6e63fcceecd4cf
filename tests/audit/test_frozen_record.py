"""A recorded flow is written after its hook has handed it over (a later round of the writing thread): the record
must be the flow as it was when the hook ran, whatever the live flow does next (its connections close, get errors
and timestamps; an addon edits its messages and metadata). rec26 moved the encoding to the writing thread (not
kept: MEASUREMENTS.md); a build that encodes the connections, which the copy shares with the live flow, after the
hook returns fails this test (it writes a key the scrub never saw)."""

from __future__ import annotations

import asyncio
import threading

from addons.audit.recorder import EventEntry, read_flow_at
from addons.core import metakeys
from tests.audit.test_audit_addon import guarded_flow, recorded

WAIT = 10  # seconds: generous on a loaded machine; the tests never sleep for it


def hold_first_round(addon, monkeypatch, started: threading.Event, release: threading.Event) -> None:
    """The writing thread's first round waits until released (the next hook's entry waits its turn, queued)."""
    real = addon.recorder.write
    rounds = [0]

    def write(entries, tokens):
        rounds[0] += 1
        if rounds[0] == 1:
            started.set()
            assert release.wait(WAIT)
        return real(entries, tokens)

    monkeypatch.setattr(addon.recorder, "write", write)


async def until(condition) -> None:
    for _ in range(WAIT * 1000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("timed out")


async def test_the_record_is_the_flow_as_it_was_when_the_hook_ran(addon, tmp_path, monkeypatch):
    """Attacker: whoever drives the live flow after the hook returned (a connection that closes with an error, a
    later addon, mitmweb) must not change what is written, nor slip a value in past the scrub."""
    started, release = threading.Event(), threading.Event()
    assert addon.commits is not None
    hold_first_round(addon, monkeypatch, started, release)
    first = addon.commits.submit(EventEntry({"event": "first"}))
    assert started.wait(WAIT)  # the writing thread is busy: the next entry waits in the queue
    f = guarded_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]})
    f.metadata[metakeys.MODEL] = "gpt-4o"
    before = {"server_end": f.server_conn.timestamp_end, "client_end": f.client_conn.timestamp_end,
              "server_error": f.server_conn.error, "sni": f.client_conn.sni, "tls": f.server_conn.tls_version,
              "body": f.response.content, "headers": f.response.headers.fields, "path": f.request.path}
    hook = asyncio.create_task(addon.response(f))
    await until(lambda: addon.commits._queue)  # handed over, not yet written
    later = "sk-proj-" + "Q7vLm2XpR9tKw4Zb8NcY3HdF6JsA1GeU0iOq5VxT"  # a key shape: the scrub never saw it
    f.server_conn.timestamp_end = 1.0
    f.client_conn.timestamp_end = 2.0
    f.server_conn.error = f"connection reset {later}"
    f.client_conn.sni = f"{later}.example"
    f.server_conn.tls_version = "TLSv1"
    f.response.content = later.encode()
    f.response.headers["x-later"] = later
    f.request.path = f"/{later}"
    f.metadata[metakeys.MODEL] = later
    f.comment = later
    release.set()
    await hook
    assert first.result(WAIT)["event"] == "first"
    recs, blobs = recorded(tmp_path / "rec")
    assert later.encode() not in blobs
    rec = next(r for r in recs if r.get("flow_id") == f.id)
    flow = read_flow_at(tmp_path / "rec" / rec["file"], rec["offset"])
    assert flow.server_conn.timestamp_end == before["server_end"]
    assert flow.client_conn.timestamp_end == before["client_end"]
    assert flow.server_conn.error == before["server_error"] and flow.client_conn.sni == before["sni"]
    assert flow.server_conn.tls_version == before["tls"]
    assert flow.response.content == before["body"] and flow.response.headers.fields == before["headers"]
    assert flow.request.path == before["path"] and flow.metadata[metakeys.MODEL] == "gpt-4o"
    assert flow.comment == ""
