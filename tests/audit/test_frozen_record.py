"""The writing thread encodes a recorded flow after its hook has handed it over (rec26): the record must be the
flow as it was when the hook ran, whatever the live flow does next (its connections close, get errors and
timestamps; an addon edits its messages and metadata), and a flow that cannot be encoded fails alone."""

from __future__ import annotations

import asyncio
import threading

from mitmproxy.test import tflow

from addons.audit import flowstate
from addons.audit.recorder import FrozenFlowEntry, Recorder, read_flow_at
from addons.core import metakeys
from tests.audit.test_audit_addon import guarded_flow, recorded

WAIT = 10  # seconds: generous on a loaded machine; the tests never sleep for it


def held_entry(started: threading.Event, release: threading.Event) -> FrozenFlowEntry:
    """An entry whose encoding holds the writing thread until released (the next hook's entry waits its turn)."""

    class Held(flowstate.Frozen):
        def encoded(self) -> bytes:
            started.set()
            assert release.wait(WAIT)
            return super().encoded()

    flow = tflow.tflow(resp=True)
    frozen = flowstate.frozen(flow)
    return FrozenFlowEntry(Held(frozen.flow, frozen.client_conn, frozen.server_conn, frozen.whole),
                           lambda file, offset: {"event": "flow", "flow_id": flow.id, "file": file, "offset": offset})


async def until(condition) -> None:
    for _ in range(WAIT * 1000):
        if condition():
            return
        await asyncio.sleep(0.001)
    raise AssertionError("timed out")


async def test_the_record_is_the_flow_as_it_was_when_the_hook_ran(addon, tmp_path):
    """Attacker: whoever drives the live flow after the hook returned (a connection that closes with an error, a
    later addon, mitmweb) must not change what is written, nor slip a value in past the scrub."""
    started, release = threading.Event(), threading.Event()
    assert addon.commits is not None
    first = addon.commits.submit(held_entry(started, release))
    assert started.wait(WAIT)  # the writing thread is busy: the next entry waits, unencoded, in the queue
    f = guarded_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "hello"}]})
    f.metadata[metakeys.MODEL] = "gpt-4o"
    before = {"server_end": f.server_conn.timestamp_end, "client_end": f.client_conn.timestamp_end,
              "server_error": f.server_conn.error, "sni": f.client_conn.sni, "tls": f.server_conn.tls_version,
              "body": f.response.content, "headers": f.response.headers.fields, "path": f.request.path}
    hook = asyncio.create_task(addon.response(f))
    await until(lambda: addon.commits._queue)  # handed over, not yet encoded
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
    assert first.result(WAIT)["event"] == "flow"
    recs, blobs = recorded(tmp_path / "rec")
    assert later.encode() not in blobs
    rec = next(r for r in recs if r["flow_id"] == f.id)
    flow = read_flow_at(tmp_path / "rec" / rec["file"], rec["offset"])
    assert flow.server_conn.timestamp_end == before["server_end"]
    assert flow.client_conn.timestamp_end == before["client_end"]
    assert flow.server_conn.error == before["server_error"] and flow.client_conn.sni == before["sni"]
    assert flow.server_conn.tls_version == before["tls"]
    assert flow.response.content == before["body"] and flow.response.headers.fields == before["headers"]
    assert flow.request.path == before["path"] and flow.metadata[metakeys.MODEL] == "gpt-4o"
    assert flow.comment == ""


async def test_a_flow_the_writing_thread_cannot_encode_fails_alone_and_closed(addon, tmp_path, monkeypatch):
    """Its guarded answer is replaced by a 503, the flows around it are recorded, and the recorder is not broken."""
    bad = guarded_flow({"messages": [{"role": "user", "content": "bad"}]})
    real = flowstate.Frozen.encoded

    def encoded(self):
        if self.flow.id == bad.id:
            raise ValueError("cannot be serialized")
        return real(self)

    monkeypatch.setattr(flowstate.Frozen, "encoded", encoded)
    good = [guarded_flow({"messages": [{"role": "user", "content": f"good {i}"}]}) for i in range(2)]
    await asyncio.gather(addon.response(good[0]), addon.response(bad), addon.response(good[1]))
    assert bad.response.status_code == 503 and metakeys.RECORD_FILE not in bad.metadata
    assert all(g.response.status_code == 200 and metakeys.RECORD_FILE in g.metadata for g in good)
    assert addon.broken_since is None and addon.unrecorded == 1
    recs, _ = recorded(tmp_path / "rec")
    assert [r["flow_id"] for r in recs if r["event"] == "flow"] == [good[0].id, good[1].id]


def test_a_frozen_flow_encodes_as_mitmproxy_writes_it_when_frozen():
    flow = tflow.tflow(resp=True, err=True)
    expected = Recorder.serialize(flow)
    frozen = flowstate.frozen(flow)
    flow.server_conn.timestamp_end, flow.client_conn.alpn = 9.0, b"h2"
    assert frozen.encoded() == expected
