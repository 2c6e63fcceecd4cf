"""record50: the recording hook made shorter, and what each shortcut must still hold (invariant 2).

- The index record takes the values copied from the scrubbed copy's metadata as they are (audit.FROM_SCRUBBED_METADATA:
  scrub.scrubbed passed them through core/outside.py with the same scanner): a value the policy let through is still
  masked there, and a second walk of the whole record would change nothing.
- Proxy-Authorization fields are dropped in one pass over the raw fields, every spelling and repeat of the name.
- A flow's masked destination names are kept per names object and scanner: a new scanner (a reload) masks again.
"""

from __future__ import annotations

import json

from mitmproxy.test import tflow

from addons.audit import audit, scrub
from addons.audit.recorder import Recorder
from addons.core import metakeys, outside
from tests.audit import fakes


def allowed_flow(token: str, key: str) -> tuple:
    """A flow whose guard let ``token`` through (policy allow, report-only), as the guard and identity left it: the
    value in every metadata field the index record copies."""
    f = tflow.tflow(resp=True)
    f.metadata.update({
        metakeys.IDENTITY: f"agent {token}", metakeys.GROUPS: ["agents", key], metakeys.AUTH_METHOD: f"token {key}",
        metakeys.HOST_CLASS: "guarded", metakeys.DECISION: "allow", metakeys.REASON: f"allowed {token}",
        metakeys.MODEL: key, metakeys.REPORT_ONLY: True, metakeys.LATENCY_MS: f"{token}",
        metakeys.APPROVAL: {"approver": f"ops {token}", "note": [key]},
        metakeys.COVERAGE: [{"direction": "request", "status": "scanned", "reason": f"1 field(s) {key}"}],
        metakeys.FINDINGS: [{"rule": "github-pat-classic", "direction": "request", "location": f"header.{key}",
                             "start": 0, "length": 40, "fingerprint": "0123456789abcdef", "action": "allow"}],
    })
    f.request.content = json.dumps({"messages": [{"role": "user", "content": f"use {token}"}]}).encode()
    return f


def test_an_allowed_value_in_every_copied_metadata_field_is_masked_in_the_index_record(rt):
    token, key = fakes.github_token(), fakes.aws_key_id()
    flow = allowed_flow(token, key)
    scanner = outside.Remembering(rt.inspector)
    copy = scrub.record_copy(flow, rt, scanner)
    record = audit.flow_record(copy, rt, (1, 2), scanner)
    text = json.dumps(record)
    for value in (token, key):
        assert value not in text
        assert value.encode() not in Recorder.serialize(copy)
    copied = set(audit.FROM_SCRUBBED_METADATA)
    assert copied <= set(record)
    assert all("[MASKED:" in json.dumps(record[field]) for field in copied - {"host_class", "decision"}), record
    # nothing a second walk of the whole record (what the index did before the shortcut) would still mask
    assert outside.safe_record(record, scanner, audit.UNSCANNED) == record


def test_the_shortcut_is_only_for_a_scanned_copy(rt):
    """Without a scanner nothing is scanned, so nothing is taken as it is: every key and value is withheld."""
    token = fakes.github_token()
    record = outside.safe_record({"reason": f"allowed {token}", "coverage": [token]}, None, audit.UNSCANNED,
                                 audit.FROM_SCRUBBED_METADATA)
    assert token not in json.dumps(record) and set(json.dumps(v) for v in record.values()) <= {
        json.dumps(outside.WITHHELD), json.dumps([outside.WITHHELD])}


def test_every_proxy_authorization_field_is_dropped_whatever_its_spelling(rt):
    flow = tflow.tflow(resp=True)
    password = "Basic YWxpY2U6aHVudGVyMg=="
    flow.request.headers.fields = (*flow.request.headers.fields, (b"Proxy-Authorization", password.encode()),
                                   (b"x-kept", b"1"), (b"PROXY-AUTHORIZATION", password.encode()),
                                   (b"proxy-authorization", b"Bearer x"))
    copy = scrub.record_copy(flow, rt)
    assert b"hunter2" not in Recorder.serialize(copy) and password.encode() not in Recorder.serialize(copy)
    assert [name for name, _ in copy.request.headers.fields if name.lower() == b"proxy-authorization"] == []
    assert copy.request.headers["x-kept"] == "1"
    assert len(flow.request.headers.get_all("proxy-authorization")) == 3  # the live flow keeps them


def test_an_injected_header_is_marked_once_and_a_marker_kept(rt):
    flow = tflow.tflow(resp=True)
    other = fakes.github_token()
    flow.request.headers.fields = (*flow.request.headers.fields, (b"X-Vendor-Key", other.encode()),
                                   (b"x-vendor-key", b"second"), (b"x-brokered", b"[BROKERED:vendor2]"))
    flow.metadata[metakeys.INJECTED] = [{"header": "x-vendor-key", "name": "vendor"},
                                        {"header": "x-brokered", "name": "vendor2"}]
    copy = scrub.record_copy(flow, rt)
    assert copy.request.headers.get_all("x-vendor-key") == ["[INJECTED:vendor]"]
    assert copy.request.headers["x-brokered"] == "[BROKERED:vendor2]"
    assert other.encode() not in Recorder.serialize(copy)


def test_masked_destination_names_are_kept_per_scanner(rt, monkeypatch):
    flow = tflow.tflow(resp=True)
    key = fakes.aws_key_id()
    flow.request.headers["host"] = f"{key.lower()}.unlisted.example"  # a claimed name holding a value
    first = audit._destination(flow)
    assert key.lower() not in json.dumps(first) and first["claimed_hosts"]
    assert audit._destination(flow) == first  # kept: the same
    calls = []
    monkeypatch.setattr(outside, "current_scanner", lambda: calls.append(1) or None)  # another scanner: none
    again = audit._destination(flow)
    assert calls and again["host"] == outside.WITHHELD and key.lower() not in json.dumps(again)
