"""rec54: the recording hook's memos of what is the same from flow to flow, and what each must still hold.

- Header fields the scrub found clean are kept as they are (short ones, not their digest): a field is masked by its
  name and value alone, so a clean one is clean again, for the same inspector only.
- A keep-alive connection pair found clean is passed without masking again while every field is as it was.
Every memo holds clean entries only and belongs to one inspector: a reload (new rules) masks again what the old
rules let be, and an entry never carries an answer from the old rules to the new ones.
"""

from __future__ import annotations

import copy
import uuid

import pytest
from mitmproxy.test import tflow

from addons.audit import scrub
from addons.audit.recorder import Recorder
from addons.core import outside, runtime

HOUSE_TOKEN = "rec54tok" + "73019284"  # a house token format only the second rule set knows
HOUSE_RULES = """
defaults:
  category: secret
  classification: confidential
  tier: precise

rules:
  - id: rec54-house-token
    description: 'A house token the test adds with a reload'
    references: ['https://example.invalid/house-token']
    keywords: ['rec54tok']
    regex: '\\b(rec54tok[0-9]{8})\\b'
    examples:
      - 'token rec54tok12345678'
    negative_examples:
      - 'rec54tok'
"""


@pytest.fixture
def reloaded(tmp_path, rt):
    """A second runtime: the same policy with the house rule added (what a reload of the rules brings)."""
    rules = tmp_path / "house.yaml"
    rules.write_text(HOUSE_RULES)
    new = runtime.build(None, [str(rules)], tmp_path / "key")
    assert new.inspector.detect(f"x {HOUSE_TOKEN}")[0], "the house rule must find the token"
    assert not rt.inspector.detect(f"x {HOUSE_TOKEN}")[0], "the default rules must not"
    return new


def next_flow(flow):
    """``flow``'s connection's next request: new id and messages, the same connection objects."""
    f = copy.copy(flow)
    f.id = str(uuid.uuid4())
    f.request, f.response = flow.request.copy(), flow.response.copy()
    f.metadata = copy.deepcopy(flow.metadata)
    return f


def test_a_header_field_clean_under_the_old_rules_is_masked_after_a_reload(rt, reloaded):
    flow = tflow.tflow(resp=True)
    flow.request.headers["x-house"] = HOUSE_TOKEN
    for _ in range(2):  # the second copy takes the field from the memo
        kept = scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
        assert kept.request.headers["x-house"] == HOUSE_TOKEN
    assert scrub._field_digest(b"x-house", HOUSE_TOKEN.encode()) in scrub._CLEAN_FIELDS.for_scanner(rt.inspector)
    runtime.install(reloaded)
    masked = scrub.record_copy(next_flow(flow), reloaded, outside.Remembering(reloaded.inspector))
    assert HOUSE_TOKEN not in masked.request.headers["x-house"]
    assert HOUSE_TOKEN.encode() not in Recorder.serialize(masked)
    assert "[MASKED:rec54-house-token:" in masked.request.headers["x-house"]
    # and the field holding the value is not kept as clean for the new rules
    assert scrub._field_digest(b"x-house", HOUSE_TOKEN.encode()) not in \
        scrub._CLEAN_FIELDS.for_scanner(reloaded.inspector)


def test_a_long_field_is_kept_as_a_digest_and_a_short_one_never_collides_with_one():
    long_value = b"v" * 400
    assert len(scrub._field_digest(b"x-long", long_value)) == 17 and long_value not in \
        scrub._field_digest(b"x-long", long_value)
    assert scrub._field_digest(b"a", b"bc") != scrub._field_digest(b"ab", b"c")  # the name's length is in it


def test_a_connection_pair_clean_under_the_old_rules_is_masked_after_a_reload(rt, reloaded):
    flow = tflow.tflow(resp=True)
    flow.server_conn.sni = flow.client_conn.sni = f"{HOUSE_TOKEN}.example"
    for _ in range(2):
        kept = scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
        assert kept.server_conn is flow.server_conn and kept.client_conn is flow.client_conn
    runtime.install(reloaded)
    masked = scrub.record_copy(next_flow(flow), reloaded, outside.Remembering(reloaded.inspector))
    assert HOUSE_TOKEN.lower() not in (masked.server_conn.sni or "").lower()
    assert HOUSE_TOKEN.lower() not in (masked.client_conn.sni or "").lower()
    assert HOUSE_TOKEN.encode() not in Recorder.serialize(masked)
    assert flow.server_conn.sni == f"{HOUSE_TOKEN}.example"  # the live connection is never changed


def test_a_connection_changed_in_place_is_masked_again(rt):
    """The kept pair is compared field by field (lists as tuples): an error or ALPN offer added later is seen."""
    flow = tflow.tflow(resp=True)
    key = "AKIA" + "QYLPMN5HHHFPZAM2"  # an AWS key id shape the default rules find
    scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
    scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
    flow.server_conn.alpn_offers.append(key.encode())  # in place: the same list object
    changed = scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
    assert key.encode() not in Recorder.serialize(changed)
    flow.server_conn.alpn_offers.pop()
    flow.client_conn.error = f"connection to {key} failed"
    changed = scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
    assert key not in (changed.client_conn.error or "") and key.encode() not in Recorder.serialize(changed)


def test_a_pair_with_a_value_is_never_kept(rt):
    flow = tflow.tflow(resp=True)
    key = "AKIA" + "QYLPMN5HHHFPZAM2"
    flow.client_conn.sni = f"{key.lower()}.example"
    scrub.record_copy(next_flow(flow), rt, outside.Remembering(rt.inspector))
    assert (flow.client_conn.id, flow.server_conn.id) not in scrub._CLEAN_CONNECTIONS
