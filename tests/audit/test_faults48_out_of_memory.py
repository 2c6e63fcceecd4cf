"""faults48 (EVASION.md section 5, "a memory limit"): near an address-space cap (``prlimit --as`` on mitmdump) the
record's copies of a large body failed with MemoryError inside the Audit addon; fail_closed answered the flow 502,
but the flow was in no record (live: two flows of six missing from the index, no "NOT recorded" line). Now it is
recorded without its bodies, the coverage saying why. The MemoryError is played by the scrub failing once; the live
check is tests/proxy/test_faults48_memory_limit_live.py."""

from __future__ import annotations

from addons.audit import scrub
from addons.audit.recorder import read_flow_at
from addons.core import metakeys
from tests.audit import fakes
from tests.audit.test_audit_addon import guarded_flow, recorded


async def test_a_flow_whose_record_copy_ran_out_of_memory_is_recorded_without_its_bodies(addon, tmp_path,
                                                                                        monkeypatch):
    key = fakes.aws_key_id()
    f = guarded_flow({"model": "gpt-4o", "messages": [{"role": "user", "content": "lorem " * 1000 + key}]})
    f.request.path = f"/v1/chat/completions?k={key}"
    f.metadata.update({metakeys.DECISION: "error", metakeys.MODEL: "gpt-4o"})
    real = scrub.record_copy

    def out_of_memory(*args, **kwargs):
        monkeypatch.setattr(scrub, "record_copy", real)
        raise MemoryError

    monkeypatch.setattr(scrub, "record_copy", out_of_memory)
    await addon.response(f)  # before: MemoryError out of the hook (fail_closed: 502), nothing recorded
    recs, blobs = recorded(tmp_path / "rec")
    (rec,) = [r for r in recs if r.get("event") == "flow"]
    assert rec["flow_id"] == f.id and rec["decision"] == "error"
    assert rec["request_bytes"] == len(f.request.raw_content or b"")  # the sizes as they were
    assert {"direction": "request", "status": "skipped",
            "reason": "recording: body not kept (out of memory)"} in rec["coverage"]
    assert key.encode() not in blobs  # the path is scrubbed as always
    flow = read_flow_at(tmp_path / "rec" / rec["file"], rec["offset"])
    assert flow.request.raw_content == b"" and flow.response is not None and flow.response.raw_content == b""
    assert addon.unrecorded == 0
