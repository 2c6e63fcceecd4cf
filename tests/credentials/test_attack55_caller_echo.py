"""attack55: the vendor's answer echoes the caller's own credential, a value no rule finds (a debug echo of the
request's headers, an error quoting `Authorization`, a redirect's `Location` or a JSON `"url"` carrying the `?sig=`
it got, a session cookie, a WebSocket message). The record redacted those request fields by name, never their echo:
the `.mitm` record and mitmweb's view of the answer held it as it came. Now `CallerEchoes` (credentials/echo.py)
follows the values a request carried under credential names and redacts every spelling `answer.KeyForms` reads in
the answer the live flow shows and the recorder writes; the client gets its own value back as it came (from the
response copy, core/wire.py). Short and word-shaped values are not followed (they would mask every answer).

Each test checks what the client gets, what the live flow (mitmweb) holds and the bytes the recorder writes; the
upstream's copy of the request is not touched by this addon (its hooks change no request), pinned once."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
from mitmproxy.http import Headers, HTTPFlow
from mitmproxy.test import tflow, tutils

from addons.core import metakeys, wire
from addons.credentials.echo import MIN_CHARS, CallerEchoes, worth_following
from tests.credentials.broker_chain import HEADER, HOST, OWN, PARAM, guarded_flow, policy, recorded
from tests.flows import on_the_wire, to_the_client

TOKEN = "own-Tq4Lz8Wm2Xc6Vb1Nk5Rj9Hd3"  # a bearer token of the caller's: no rule's shape
SESSION = "Qm8wLx2vRtZ4"  # a session cookie's value: no rule's shape


@pytest.fixture
def rt(install):
    return install(policy({"header": HEADER}) | {"credentials": {"client_keys": "allow", "brokers": [
        {"hosts": [HOST], "credential": "svc", "header": HEADER}, {"hosts": ["api.other.example"],
                                                                   "credential": "svc", "query": PARAM}]}})


@pytest.fixture(autouse=True)
def broker_value(monkeypatch):
    from addons.credentials.section import env_name

    monkeypatch.setenv(env_name("svc"), "brokered-FAKE-" + "Qx7Lm2Vt9Rk4Wz8Np3Hs6Jd1")


def forms(value: str) -> list[bytes]:
    raw = value.encode()
    return [raw, raw.upper(), urllib.parse.quote(value, safe="").encode(), raw.hex().encode(),
            base64.b64encode(raw)[4:-4], json.dumps(value, ensure_ascii=True).encode()[1:-1]]


async def answered(f, response, echoes: CallerEchoes | None = None):
    """``f``'s request hooks, then ``response`` through the answer hooks; the addon."""
    echoes = echoes or CallerEchoes()
    await echoes.requestheaders(f)
    await echoes.request(f)
    f.response = response
    await echoes.responseheaders(f)
    await echoes.response(f)
    return echoes


def nothing_shown(f, rt, value: str) -> None:
    """Neither the live flow's answer (what mitmweb shows of it: head, content, trailers, messages, error) nor the
    recorder's bytes hold any spelling of it. (The live request of a flow no approval held shows the caller's
    headers as sent: the console's operator's view of the request, not this row's.)"""
    state = f.get_state()
    shown = repr([state["response"], state["error"], state.get("websocket")]).encode() + (
        f.response.content if f.response is not None else b"")
    written = recorded(f, rt)
    for form in forms(value):
        assert form not in shown, form
        assert form not in written, form


def json_answer(obj, status: int = 200, **headers) -> object:
    return tutils.tresp(status_code=status, headers=Headers(content_type="application/json", **headers),
                        content=json.dumps(obj).encode())


@pytest.mark.parametrize("spelling", ["as is", "upper", "percent", "unicode escapes", "base64"])
async def test_a_header_echo_of_the_callers_own_key_is_redacted_in_the_record_and_the_live_flow(rt, spelling):
    f = guarded_flow("GET", "/debug/echo")
    f.request.headers[HEADER] = OWN
    echoed = {"as is": OWN, "upper": OWN.upper(), "percent": urllib.parse.quote(OWN, safe="").replace("a", "%61"),
              "unicode escapes": "".join(f"\\u{ord(c):04x}" for c in OWN),
              "base64": base64.b64encode(f"svc:{OWN}".encode()).decode()}[spelling]
    body = ('{"headers": {"x-service-key": "' + echoed + '"}}').encode()
    await answered(f, tutils.tresp(headers=Headers(content_type="application/json"), content=body))
    assert on_the_wire(f).headers[HEADER] == OWN  # the request to send is the caller's, untouched
    assert to_the_client(f).content == body  # the client gets its own value back as it came
    nothing_shown(f, rt, OWN)  # failed before: the record kept the echo raw
    assert "[REDACTED:x-service-key:" in f.response.text
    json.loads(f.response.content)  # still JSON
    found = [x for x in f.metadata[metakeys.FINDINGS] if x["rule"] == "caller-credential-echo"]
    assert found and found[0]["action"] == "allow" and OWN not in json.dumps(found)  # said, by fingerprint


async def test_a_signed_redirect_carrying_the_callers_sig_is_redacted_and_still_followable(rt):
    f = guarded_flow("GET", f"/blob/1?{PARAM}={OWN}")
    f.request.host = "api.other.example"
    target = f"https://cdn.vendor.example/blob/1?{PARAM}={OWN}"
    await answered(f, json_answer({"url": target}, 302, location=target))
    client = to_the_client(f)
    assert client.headers["location"] == target and target in client.text  # the client can follow it
    nothing_shown(f, rt, OWN)
    assert f.response.headers["location"].startswith("https://cdn.vendor.example/blob/1?sig=[REDACTED:sig:")


@pytest.mark.parametrize("auth", ["bearer", "basic"])
async def test_an_echoed_authorization_is_redacted(rt, auth):
    f = guarded_flow("GET", "/whoami")
    pair = base64.b64encode(f"svc-user-0042:{TOKEN}".encode()).decode()
    f.request.headers["Authorization"] = f"Bearer {TOKEN}" if auth == "bearer" else f"Basic {pair}"
    quoted = f"Bearer {TOKEN}" if auth == "bearer" else f"user svc-user-0042, password {TOKEN}"
    await answered(f, json_answer({"error": f"invalid credential: {quoted}"}, 401))
    assert quoted in to_the_client(f).text
    nothing_shown(f, rt, TOKEN)


async def test_a_session_cookie_echoed_is_redacted_and_a_short_cookie_is_not_followed(rt):
    f = guarded_flow("GET", "/cookies")
    f.request.headers["Cookie"] = f"lang=en; session={SESSION}; theme=dark"
    await answered(f, json_answer({"cookies": {"lang": "en", "session": SESSION, "theme": "dark"}}))
    nothing_shown(f, rt, SESSION)
    assert json.loads(f.response.content)["cookies"]["lang"] == "en"  # 2 characters: not followed
    assert json.loads(f.response.content)["cookies"]["theme"] == "dark"


async def test_an_echo_in_trailers_and_in_the_reason_phrase_is_redacted(rt):
    f = guarded_flow("GET", "/grpc")
    f.request.headers[HEADER] = OWN
    response = json_answer({})
    response.reason = f"bad key {OWN}"
    response.trailers = Headers(grpc_message=f"key {OWN} revoked")
    await answered(f, response)
    nothing_shown(f, rt, OWN)
    assert to_the_client(f).trailers["grpc-message"] == f"key {OWN} revoked"


async def test_a_streamed_answer_is_recorded_redacted_and_a_value_over_events_not_at_all(rt):
    for events, whole in (([f'data: {{"delta": "key {OWN}"}}\n\n'], True),
                          ([f'data: {{"delta": "key {OWN[:10]}"}}\n\n', f'data: {{"delta": "{OWN[10:]}"}}\n\n'],
                           False)):
        f = guarded_flow("GET", "/stream")
        f.request.headers[HEADER] = OWN
        f.metadata[metakeys.STREAMED] = True  # sent already: the body is the stream's record copy
        await answered(f, tutils.tresp(headers=Headers(content_type="text/event-stream"),
                                       content="".join(events).encode()))
        nothing_shown(f, rt, OWN)
        assert wire.registered_response(f) is None  # nothing left to send: the client had it as it came
        shown = f.response.text
        assert ("[REDACTED:" in shown) if whole else ("not shown or recorded" in shown and OWN[10:] not in shown)


async def guarded_websocket_with_the_key() -> tuple[HTTPFlow, CallerEchoes]:
    """A WebSocket flow to the guarded vendor whose request carried the caller's key, its headers seen."""
    f = tflow.twebsocketflow()
    f.request.host = HOST
    f.metadata.update({metakeys.HOST_CLASS: "guarded"})
    f.request.headers[HEADER] = OWN
    echoes = CallerEchoes()
    await echoes.requestheaders(f)
    return f, echoes


async def test_a_websocket_message_echoing_the_key_is_shown_redacted_and_sent_as_it_came(rt):
    f, echoes = await guarded_websocket_with_the_key()
    text = json.dumps({"type": "hello", "you_sent": {"x-service-key": OWN}}).encode()
    f.websocket.messages.append(f.websocket.messages[0].__class__(1, False, text))
    await echoes.websocket_message(f)
    message = f.websocket.messages[-1]
    assert OWN.encode() not in message.content and b"[REDACTED:" in message.content
    if wire.message_seam_ready():
        assert wire.take_message(message).content == text  # the client's own value, as it came
    nothing_shown(f, rt, OWN)


async def test_an_error_quoting_the_echo_is_redacted(rt):
    f = guarded_flow("GET", "/bad")
    f.request.headers[HEADER] = OWN
    echoes = CallerEchoes()
    await echoes.requestheaders(f)
    f.error = tflow.terr(f"Invalid header line: b'X-Echo: {OWN}'")
    await echoes.error(f)
    assert OWN not in f.error.msg and OWN.encode() not in recorded(f, rt)


@pytest.mark.parametrize("value", ["abc123", "1234567", "development", "Anonymous", "PRODUCTION", "dark-mode",
                                   "Session_Cookie", "[REDACTED:authorization:abc123]", "exitguard"])
def test_short_word_shaped_and_own_values_are_not_followed(value):
    assert not worth_following(value, {"exitguard"})


@pytest.mark.parametrize("value", [OWN, TOKEN, SESSION, "12345678", "correcthorsebatterystaplezz", "p4ssw0rd"])
def test_values_that_are_no_word_are_followed(value):
    assert len(value) >= MIN_CHARS and worth_following(value)


async def test_an_answer_saying_a_short_or_word_value_is_left_as_it_came(rt):
    f = guarded_flow("GET", "/profile")
    f.request.headers[HEADER] = "development"
    f.request.headers["Cookie"] = "sid=abc123; mode=production"
    body = {"env": "development", "note": "production build abc123, development branch"}
    await answered(f, json_answer(body))
    assert json.loads(f.response.content) == body and wire.registered_response(f) is None
    assert not [x for x in f.metadata.get(metakeys.FINDINGS) or () if x["rule"] == "caller-credential-echo"]


async def test_a_streamed_answer_cut_off_is_recorded_redacted_too(rt):
    f = guarded_flow("GET", "/stream")
    f.request.headers[HEADER] = OWN
    echoes = CallerEchoes()
    await echoes.requestheaders(f)
    f.metadata[metakeys.STREAMED] = True
    f.response = tutils.tresp(headers=Headers(content_type="text/event-stream"),
                              content=f'data: {{"delta": "key {OWN}"}}\n\n'.encode())  # what was sent before the cut
    f.error = tflow.terr("connection closed")
    await echoes.error(f)
    nothing_shown(f, rt, OWN)
