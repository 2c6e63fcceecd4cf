"""attack49: the record without bodies (faults48: the record's copy ran out of memory). What it keeps of the flow,
the heads, trailers, path, mitmproxy's error text and the comment, goes through the same scrub as every record: a
key the agent put in any of them (hoping a large body pushes the record onto this path) is masked there too."""

from __future__ import annotations

from mitmproxy import flow as mflow
from mitmproxy import http

from addons.audit import scrub
from addons.audit.recorder import read_flow_at
from tests.audit import fakes
from tests.audit.test_audit_addon import guarded_flow, recorded


async def test_what_the_record_without_bodies_keeps_is_scrubbed(addon, tmp_path, monkeypatch):
    key, token = fakes.aws_key_id(), fakes.github_token()
    f = guarded_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "x" * 100_000}]})
    f.request.path = f"/v1/chat/completions?note={token}"
    f.request.headers["x-debug"] = f"key={key}"
    f.request.trailers = http.Headers(x_trace=f"t {token}")
    f.response.headers["x-echo"] = key
    f.error = mflow.Error(f"upstream said: {key}")
    f.comment = f"seen {token}"
    real = scrub.record_copy

    def out_of_memory(*args, **kwargs):
        monkeypatch.setattr(scrub, "record_copy", real)
        raise MemoryError

    monkeypatch.setattr(scrub, "record_copy", out_of_memory)
    await addon.response(f)
    recs, blobs = recorded(tmp_path / "rec")
    (rec,) = [r for r in recs if r.get("event") == "flow"]
    assert "recording: body not kept (out of memory)" in str(rec["coverage"])
    for value in (key, token):
        assert value.encode() not in blobs, value
    kept = read_flow_at(tmp_path / "rec" / rec["file"], rec["offset"])
    assert "x-debug" in kept.request.headers and kept.request.trailers is not None  # kept, masked
