"""attack56: attack55's CallerEchoes against echoes of the caller's own credential in another spelling than the
request carried: a cookie sent percent-encoded (Express's signed session cookie `connect.sid=s%3A<id>.<sig>`) and
echoed as the server decoded it (`req.cookies` in a debug answer), a Basic password with a letter outside ASCII
echoed in a UTF-8 body or header (the answer was read byte for byte as Latin-1, the value as text), and a query
value with a `+` (form-decoded to a blank when followed, echoed as written in a redirect's `Location`); a field's
name holding the key; and the key over two events of an event stream of plain `data:` lines, or of one the proxy
buffered (only a streamed one's JSON deltas were read joined).

Each test checks what the client gets (its own value, as it came), what the live flow shows (mitmweb) and every byte
the recorder writes; the request as sent upstream is not this addon's (it changes no request)."""

from __future__ import annotations

import base64
import json
import re

import pytest
from mitmproxy.http import Headers
from mitmproxy.test import tutils

from addons.core import metakeys, wire
from tests.credentials.broker_chain import HEADER, HOST, OWN, PARAM, guarded_flow, policy, recorded
from tests.credentials.test_attack55_caller_echo import answered, guarded_websocket_with_the_key, json_answer
from tests.flows import on_the_wire, to_the_client

SPLIT_NOTICE = b"not shown or recorded"


@pytest.fixture
def rt(install):
    """attack55's policy: a broker of the vendor's header and one of a query parameter, the caller's keys allowed."""
    return install(policy({"header": HEADER}) | {"credentials": {"client_keys": "allow", "brokers": [
        {"hosts": [HOST], "credential": "svc", "header": HEADER},
        {"hosts": ["api.other.example"], "credential": "svc", "query": PARAM}]}})


@pytest.fixture(autouse=True)
def broker_value(monkeypatch):
    from addons.credentials.section import env_name

    monkeypatch.setenv(env_name("svc"), "brokered-FAKE-" + "Qx7Lm2Vt9Rk4Wz8Np3Hs6Jd1")

SID = "Qm8wLx2vRtZ4Hq7Kp"  # a session id: no rule's shape
SIGNATURE = "Ab3dEf9GhXk2"


def shown(f) -> bytes:
    """What the live flow shows of the answer (mitmweb reads its state)."""
    state = f.get_state()
    return repr([state["response"], state["error"], state.get("websocket")]).encode() + (f.response.content or b"")


def assert_nowhere_but_the_client(f, rt, *values: str) -> None:
    written, live = recorded(f, rt), shown(f)
    for value in values:
        for form in {value.encode(), value.encode().hex().encode()}:
            assert form not in written, (value, "recorded")
            assert form not in live, (value, "shown")


async def test_a_percent_encoded_session_cookie_echoed_decoded_is_redacted(rt):
    """Fails before: the cookie's value was followed as sent (`s%3A...`), its decoded echo recorded and shown."""
    f = guarded_flow("GET", "/debug/cookies")
    f.request.headers["Cookie"] = f"connect.sid=s%3A{SID}.{SIGNATURE}%2Bq; theme=dark"
    body = json.dumps({"cookies": {"connect.sid": f"s:{SID}.{SIGNATURE}+q", "theme": "dark"}}).encode()
    await answered(f, json_answer(json.loads(body)))
    assert to_the_client(f).content == body  # the client gets its own value back as it came
    assert on_the_wire(f).headers["Cookie"] == f"connect.sid=s%3A{SID}.{SIGNATURE}%2Bq; theme=dark"
    assert_nowhere_but_the_client(f, rt, SID, SIGNATURE)
    assert json.loads(f.response.content)["cookies"]["theme"] == "dark"


async def test_a_non_ascii_basic_password_echoed_in_utf8_is_redacted(rt):
    """Fails before: the body and the header were read as Latin-1, the password as text (`ü` is two bytes there)."""
    password = "Grüße-Kestrel-Moor7"
    f = guarded_flow("GET", "/debug/login")
    f.request.headers["Authorization"] = "Basic " + base64.b64encode(f"alice:{password}".encode()).decode()
    body = json.dumps({"you_sent": password}, ensure_ascii=False).encode()
    answer = tutils.tresp(headers=Headers(content_type="application/json; charset=utf-8"), content=body)
    answer.headers["x-debug-password"] = password.encode().decode("latin-1")  # the header's bytes are UTF-8
    await answered(f, answer)
    assert to_the_client(f).content == body
    assert_nowhere_but_the_client(f, rt, password)
    assert password.encode() not in bytes(f.response.headers.fields[-1][1])


async def test_a_query_value_with_a_plus_echoed_as_written_is_redacted(rt):
    """Fails before: `sig=Ab3+...` was followed form-decoded (`Ab3 ...`); the redirect echoed it as written."""
    sig = "Ab3+Xy9/Qz7Lm2Vt=="
    f = guarded_flow("GET", f"/go?sig={sig}")
    location = f"https://{HOST}/next?sig={sig}"
    await answered(f, tutils.tresp(status_code=302, headers=Headers(location=location), content=b""))
    assert to_the_client(f).headers["location"] == location
    assert_nowhere_but_the_client(f, rt, "Xy9/Qz7Lm2Vt")


async def test_a_response_header_named_by_the_callers_key_is_redacted(rt):
    """A debug answer that names a field by what it saw (`x-seen-<key>: 1`). Fails before: field values only were
    read; the name was recorded and shown. The client gets it as it came; the live name stays a header token."""
    f = guarded_flow("GET", "/debug/seen")
    f.request.headers[HEADER] = OWN
    await answered(f, tutils.tresp(headers=Headers(**{f"x-seen-{OWN}": "1"}), content=b"ok"))
    assert f"x-seen-{OWN}" in to_the_client(f).headers
    assert_nowhere_but_the_client(f, rt, OWN)
    name = f.response.headers.fields[-1][0]
    assert name.startswith(b"x-seen-") and re.fullmatch(rb"[A-Za-z0-9!#$%&'*+.^_`|~-]+", name), name


async def test_a_streamed_event_stream_of_plain_text_with_the_key_over_two_events_is_not_kept(rt):
    """`data:` lines of plain text (not JSON deltas): fails before, the record and the live flow held both halves."""
    f = guarded_flow("GET", "/stream")
    f.request.headers[HEADER] = OWN
    f.metadata[metakeys.STREAMED] = True  # sent already: the body is the stream's record copy
    body = f"data: key {OWN[:10]}\n\ndata: {OWN[10:]}\n\n".encode()
    await answered(f, tutils.tresp(headers=Headers(content_type="text/event-stream"), content=body))
    assert_nowhere_but_the_client(f, rt, OWN[10:])
    assert SPLIT_NOTICE in f.response.content


async def test_a_buffered_event_stream_with_the_key_over_two_deltas_is_not_kept(rt):
    """An event stream the proxy buffered (not streamed): its deltas were read one by one. Fails before."""
    f = guarded_flow("GET", "/stream")
    f.request.headers[HEADER] = OWN
    body = (f'data: {{"delta": "key {OWN[:10]}"}}\n\n' + f'data: {{"delta": "{OWN[10:]}"}}\n\n').encode()
    await answered(f, tutils.tresp(headers=Headers(content_type="text/event-stream; charset=utf-8"), content=body))
    assert to_the_client(f).content == body  # the client's own value, as it came
    assert_nowhere_but_the_client(f, rt, OWN[10:])
    assert SPLIT_NOTICE in f.response.content


async def test_a_buffered_json_answer_with_two_strings_is_read_string_by_string(rt):
    """Guard: outside event streams the strings are not joined (two fields of an answer are no value over events)."""
    f = guarded_flow("GET", "/pair")
    f.request.headers[HEADER] = OWN
    body = json.dumps({"a": OWN[:10], "b": OWN[10:]}).encode()
    await answered(f, json_answer(json.loads(body)))
    assert f.response.content == body


async def test_a_websocket_answer_with_the_key_over_two_messages_is_not_kept(rt):
    """The vendor's messages `{"delta": "key 9f2c4e7a1b"}` then `{"delta": "3d5f..."}`: each was masked alone, and
    the live flow and the record held both halves. Fails before. The client gets both messages as they came."""
    f, echoes = await guarded_websocket_with_the_key()
    cls = f.websocket.messages[0].__class__
    sent = []
    for part in (f"key {OWN[:10]}", OWN[10:], "bye"):
        text = json.dumps({"delta": part}).encode()
        sent.append(text)
        f.websocket.messages.append(cls(1, False, text))
        await echoes.websocket_message(f)
    first, second, third = f.websocket.messages[-3:]
    if wire.message_seam_ready():
        assert wire.take_message(second).content == sent[1]  # the client's own value, as it came
    assert third.content == sent[2]  # what follows is kept
    assert_nowhere_but_the_client(f, rt, OWN[10:], OWN[:10])
    assert SPLIT_NOTICE in first.content and SPLIT_NOTICE in second.content
