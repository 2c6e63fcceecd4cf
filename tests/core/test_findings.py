"""The finding record: typed fields, a real integer start, plain data for metadata that survives a recording."""

import io as stdio

import pytest
from mitmproxy import io
from mitmproxy.test import tflow

from addons.core import metakeys
from addons.core.findings import FindingRecord
from addons.core.vocabulary import Action, Decision, Direction


def record(**kw) -> FindingRecord:
    base = dict(rule="github-pat-classic", category="secret", classification="confidential", tier="precise",
                direction="request", location="body.messages[0].content", start=17, length=40,
                fingerprint="0123456789abcdef", action="mask")
    return FindingRecord(**{**base, **kw})


def test_to_metadata_is_plain_data_with_an_integer_start():
    md = record().to_metadata()
    assert md == {"rule": "github-pat-classic", "category": "secret", "classification": "confidential",
                  "tier": "precise", "direction": "request", "location": "body.messages[0].content", "start": 17,
                  "length": 40, "fingerprint": "0123456789abcdef", "action": "mask"}
    assert all(type(v) in (str, int) for v in md.values())  # no enum objects in the record


def test_fields_are_coerced_to_the_vocabulary_and_checked():
    f = record()
    assert f.action is Action.MASK and f.direction is Direction.REQUEST and f.end == 57
    with pytest.raises(ValueError):
        record(action="redact")
    with pytest.raises(ValueError):
        record(start=-1)
    with pytest.raises(ValueError):
        record(start="17")


def test_at_moves_a_finding_without_changing_it_otherwise():
    moved = record().at("stream:content[0].text", 1024)
    assert (moved.location, moved.start, moved.rule, moved.action) == ("stream:content[0].text", 1024,
                                                                         "github-pat-classic", Action.MASK)


def test_a_recorded_flow_round_trips_findings_and_decision():
    flow = tflow.tflow(resp=True)
    flow.metadata[metakeys.FINDINGS] = [record().to_metadata()]
    metakeys.raise_decision(flow.metadata, Decision.MASK, "masked 1 value")
    flow.metadata[metakeys.HOST_CLASS] = "guarded"
    buf = stdio.BytesIO()
    io.FlowWriter(buf).add(flow)
    buf.seek(0)
    (read,) = list(io.FlowReader(buf).stream())
    assert read.metadata[metakeys.FINDINGS] == [record().to_metadata()]
    assert metakeys.DecisionRecord.from_metadata(read.metadata) == metakeys.DecisionRecord(Decision.MASK,
                                                                                            "masked 1 value")


def test_flow_writer_also_accepts_a_strenum_value():
    # StrEnum is a str subclass: tnetstring writes its value, and it reads back as a plain str.
    flow = tflow.tflow()
    flow.metadata["x"] = Action.BLOCK
    buf = stdio.BytesIO()
    io.FlowWriter(buf).add(flow)
    buf.seek(0)
    value = next(iter(io.FlowReader(buf).stream())).metadata["x"]
    assert value == "block" and type(value) is str


def test_a_decision_is_replaced_only_by_one_at_least_as_strict():
    md = {}
    metakeys.raise_decision(md, "block", "blocked")
    metakeys.raise_decision(md, "mask", "masked")
    assert (md[metakeys.DECISION], md[metakeys.REASON]) == ("block", "blocked")
    metakeys.raise_decision(md, Decision.ERROR, "internal error")
    assert (md[metakeys.DECISION], md[metakeys.REASON]) == ("error", "internal error")
    assert type(md[metakeys.DECISION]) is str
    with pytest.raises(ValueError):
        metakeys.raise_decision(md, "maybe")
