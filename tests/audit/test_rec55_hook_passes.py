"""rec55: two passes of the recording hook skipped when what they look for cannot be there, and what must still
bring them back.

- The guard's scan of a body is handed to the record while the message's headers still hold the very field tuple
  the guard read (no pass over them): a tuple is never changed in place, so any change of a field (a new
  content-type, a multipart boundary) replaces it and the content-type and content-encoding are compared again;
  headers an addon set to a list are always compared.
- The record removes Proxy-Authorization and redacts credential headers by name: a message none of whose names is
  one skips both passes (a memo of names, clean ones and credential ones alike, by exact bytes). A name in any case
  still counts after the memo has seen the message's other names, and so do the policy's own credential headers.
"""

from __future__ import annotations

import json

from mitmproxy import http
from mitmproxy.test import tflow

from addons.audit import scrub
from addons.audit.recorder import Recorder
from addons.core import clean_bodies, outside

KEY = "sk-proj-" + "R3c55xQ9pL2mN8vB4kJ7hT1wZ6yC0dF5gA"  # the shape of an OpenAI project key (fake)


def _json_request(body: dict) -> http.HTTPFlow:
    flow = tflow.tflow(resp=True)
    flow.request.headers["content-type"] = "application/json"
    flow.request.content = json.dumps(body).encode()
    return flow


def test_the_guards_own_field_tuple_hands_the_scan_over(rt):
    flow = _json_request({"note": "nothing here"})
    clean_bodies.mark(flow.request, rt.inspector)
    assert clean_bodies.is_clean(flow.request, rt.inspector)
    flow.request.headers.fields = tuple(flow.request.headers.fields)  # an equal new tuple: compared, still clean
    assert clean_bodies.is_clean(flow.request, rt.inspector)


def test_a_content_type_changed_after_the_guard_is_opened_again(rt, monkeypatch):
    flow = _json_request({"note": "nothing here"})
    clean_bodies.mark(flow.request, rt.inspector)
    flow.request.headers["content-type"] = "text/plain"  # a new field tuple: the guard's opening no longer holds
    assert not clean_bodies.is_clean(flow.request, rt.inspector)
    assert clean_bodies.handed_over(flow.request, rt.inspector) is None


def test_headers_set_to_a_list_and_changed_in_place_are_not_taken_for_the_guards(rt):
    flow = _json_request({"note": "nothing here"})
    listed = list(flow.request.headers.fields)
    flow.request.headers.fields = listed  # type: ignore[assignment]  # an addon's list: mutable in place
    clean_bodies.mark(flow.request, rt.inspector)
    assert clean_bodies.is_clean(flow.request, rt.inspector)
    listed[:] = [(b"content-type", b"text/plain") if name.lower() == b"content-type" else (name, value)
                 for name, value in listed]
    assert not clean_bodies.is_clean(flow.request, rt.inspector)


def _record(flow: http.HTTPFlow, rt) -> tuple[http.HTTPFlow, bytes]:
    copy = scrub.record_copy(flow, rt, outside.Remembering(rt.inspector))
    return copy, Recorder.serialize(copy)


def test_a_credential_header_after_plain_messages_is_still_redacted(rt):
    plain = tflow.tflow(resp=True)
    for _ in range(2):  # the memo learns every name of these messages as plain
        _record(plain, rt)
    for name in ("Authorization", "AUTHORIZATION", "x-service-token"):
        flow = tflow.tflow(resp=True)
        flow.request.headers[name] = f"Bearer {KEY}"
        flow.response.headers["Set-Cookie"] = f"session={KEY}"
        copy, data = _record(flow, rt)
        assert KEY.encode() not in data
        assert copy.request.headers[name].startswith(f"Bearer [REDACTED:{name.lower()}:")
        assert copy.response.headers["set-cookie"].startswith("[REDACTED:set-cookie:")


def test_proxy_authorization_is_removed_in_any_case_after_plain_messages(rt):
    _record(tflow.tflow(resp=True), rt)
    for name in ("Proxy-Authorization", "PROXY-AUTHORIZATION", "proxy-authorization"):
        flow = tflow.tflow(resp=True)
        flow.request.headers.fields += ((name.encode(), b"Basic " + KEY.encode()),)
        copy, data = _record(flow, rt)
        assert KEY.encode() not in data
        assert not any(n.lower() == b"proxy-authorization" for n, _ in copy.request.headers.fields)


def test_a_message_with_no_credential_name_is_recorded_as_before(rt):
    flow = tflow.tflow(resp=True)
    flow.request.headers["x-note"] = "hello"
    before = flow.request.headers.fields
    copy, _ = _record(flow, rt)
    assert copy.request.headers.fields == before  # nothing removed, nothing redacted, order kept
