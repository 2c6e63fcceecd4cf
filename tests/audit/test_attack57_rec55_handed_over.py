"""attack57 against rec55's hand-over of the guard's body scan (core/clean_bodies.py): the record takes the guard's
scan while the headers hold the very field tuple the guard read. A later addon (a credential injection, a plugin)
that swaps the body and leaves the headers as they were (`raw_content` set directly: the same field tuple, no new
content-length) must not get the guard's clean verdict for the new body; nor a body of the same length, nor one
swapped and swapped back to equal bytes of another object. Held: the body is compared by identity before the fields
are. Each test fails when `_valid` trusts the field tuple alone."""

from __future__ import annotations

import json

from mitmproxy.test import tflow

from addons.audit import scrub
from addons.audit.recorder import Recorder
from addons.core import clean_bodies, outside

KEY = "sk-proj-" + "A57rQ9pL2mN8vB4kJ7hT1wZ6yC0dF5gXe3"  # the shape of an OpenAI project key (fake)


def _guarded(note: str):
    flow = tflow.tflow(resp=True)
    flow.request.headers["content-type"] = "application/json"
    flow.request.content = json.dumps({"note": note}).encode()
    return flow


def _written(flow, rt) -> bytes:
    return Recorder.serialize(scrub.record_copy(flow, rt, outside.Remembering(rt.inspector)))


def test_a_body_swapped_after_the_guard_under_the_same_field_tuple_is_scanned_again(rt):
    flow = _guarded("x" * len(KEY))
    clean_bodies.mark(flow.request, rt.inspector)
    fields = flow.request.headers.fields
    flow.request.raw_content = json.dumps({"note": KEY}).encode()  # same length, same field tuple
    assert flow.request.headers.fields is fields
    assert not clean_bodies.is_clean(flow.request, rt.inspector)
    assert KEY.encode() not in _written(flow, rt)


def test_equal_bytes_of_another_object_are_scanned_again_and_stay_clean(rt):
    flow = _guarded("nothing here")
    clean_bodies.mark(flow.request, rt.inspector)
    flow.request.raw_content = bytes(bytearray(flow.request.raw_content))  # equal, not the same object
    assert clean_bodies.handed_over(flow.request, rt.inspector) is None
    assert b"nothing here" in _written(flow, rt)
