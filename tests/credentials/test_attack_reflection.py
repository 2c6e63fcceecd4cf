"""Unit (attack11): the vendor echoes the key the broker injected. The spellings the broker's last look reads
(answer.KeyForms), the detector in any letter case, the action floor no policy lowers, and CredentialInjection
masking the answer (headers, body, WebSocket messages) in report mode, where nothing else changes it."""

from __future__ import annotations

import base64
import gzip
import io
import json
import quopri
import re
import urllib.parse

import pytest
from mitmproxy import io as mio
from mitmproxy import websocket
from mitmproxy.http import Response
from mitmproxy.test import taddons

import addons.chain
from addons.core import metakeys, runtime
from addons.core.vocabulary import Action
from addons.credentials.answer import MIN_OPEN, KeyForms, base64_middles
from addons.credentials.credentials import CredentialCheck, CredentialInjection
from addons.credentials.section import RULE_ID, BrokeredCredentialDetector, env_name
from tests.flows import on_the_wire, tunnel_flow

KEY = "Vq7Lm2Xt+9Rk4Wz8/Np3Hs6Jd1Fb5Gc0Ty="  # an opaque key: no rule knows its shape; made up for these tests
BROKERS = [{"hosts": ["api.stripe.com"], "credential": "stripe", "header": "Authorization",
            "format": "Bearer {value}"}]


def spellings(key: str) -> dict[str, str]:
    return {"as is": key, "upper": key.upper(), "lower": key.lower(), "percent": urllib.parse.quote(key, safe=""),
            "percent, one char": key.replace("+", "%2b"), "percent-all": "".join(f"%{b:02X}" for b in key.encode()),
            "json \\u": "".join(f"\\u{ord(c):04x}" for c in key), "json \\/": key.replace("/", "\\/"),
            "base64": base64.b64encode(key.encode()).decode(),
            "base64 of Bearer": base64.b64encode(f"Bearer {key}".encode()).decode(),
            "base64 of user:key": base64.b64encode(f"x-access-token:{key}".encode()).decode(),
            "base64url, shifted": base64.urlsafe_b64encode(f"ab{key}".encode()).decode(),
            # attack14: hex of the bytes, and base64 with a line break inside the key's run (MIME, `base64`)
            "hex": key.encode().hex(), "HEX": key.encode().hex().upper(),
            "base64 at 76 columns": _mime(key), "base64 at 76 columns, CRLF": _mime(key).replace("\n", "\r\n"),
            # budget15: quoted-printable, a soft line break inside the key and its `=` as `=3D`
            "quoted-printable": _quoted(key), "quoted-printable, CRLF": _quoted(key).replace("=\n", "=\r\n"),
            "quoted-printable, all escaped": "".join(f"={b:02X}" for b in key.encode())}


def _quoted(key: str) -> str:
    """Quoted-printable at 76 columns, the soft break inside the key's run."""
    text = quopri.encodestring(f"X-Echo-Authorization-Header: a longer header value, Bearer {key}".encode()).decode()
    assert "=\n" in text[text.index(key[:4]):] and "=3D" in text
    return text


def _mime(key: str) -> str:
    """Base64 at 76 columns, the break inside the key's run."""
    return base64.encodebytes(f"X-Echo-Authorization-Header: Bearer {key}".encode()).decode().strip()


@pytest.mark.parametrize("name", sorted(spellings(KEY)))
def test_every_spelling_of_the_key_is_read_and_masked(name):
    text = f'{{"error": "bad key {spellings(KEY)[name]}!"}}'
    forms = KeyForms.of(KEY)
    assert forms.find(text)
    masked = forms.mask(text, "[M]")
    assert "[M]" in masked and not forms.find(masked)
    assert masked.startswith('{"error": "bad key ') and masked.endswith('!"}')


@pytest.mark.parametrize("text", ["Vq7Lm2Xt+9Rk4Wz8", "an ordinary answer with no key", KEY[::-1],
                                  base64.b64encode(KEY[:8].encode()).decode(), "%56%71%37", KEY.replace("J", "K")])
def test_what_is_not_the_key_is_left_alone(text):
    assert not KeyForms.of(KEY).find(text)
    assert KeyForms.of(KEY).mask_bytes(text.encode() + b"\xff", "[M]") == text.encode() + b"\xff"


def test_the_detector_reads_the_key_in_any_letter_case_and_holds_back_its_start_in_any_case():
    detector = BrokeredCredentialDetector([KEY])
    for text in (KEY, KEY.upper(), KEY.lower()):
        [found] = detector(f"x {text} y")
        assert (found.start, found.end) == (2, 2 + len(KEY))
    assert detector.safe_end("answer: " + KEY.upper()[:10]) == len("answer: ")
    assert detector.safe_end("answer: done") == len("answer: done")
    assert detector.rule_id == RULE_ID  # a policy may name it under `rules:`


@pytest.fixture
def env(monkeypatch):
    monkeypatch.setenv(env_name("stripe"), KEY)


@pytest.mark.parametrize("policy", [
    {"actions": {"response": {"secret": "allow"}}},
    {"rules": {RULE_ID: {"response": "allow", "request": "allow"}}},
    {"groups": {"lax": {"actions": {"response": {"secret": "allow"}}}}},
])
def test_no_policy_lets_a_brokered_value_through(install, env, policy):
    rt = install({"guarded_hosts": ["api.stripe.com"], "credentials": BROKERS, **policy})
    for direction in ("request", "response"):
        action = rt.policy.action_for(direction, RULE_ID, "secret", "regulated", "precise", ["lax"])
        assert action == Action.MASK
    assert rt.policy.action_for("response", "some-other-rule", "secret", "regulated", "precise", ["lax"]) \
        == Action.ALLOW or policy.get("rules")


def test_a_policy_naming_the_brokered_rule_loads(tmp_path, env):
    """DESIGN.md says a `rules:` override may name the section's detector; the detector had no rule_id, so such a
    policy was refused at start (`no rule with this id`)."""
    path = tmp_path / "policy.yaml"
    path.write_text(json.dumps({"version": 1, "credentials": BROKERS, "rules": {RULE_ID: {"request": "block"}}}))
    policy, _ = runtime.load_checked(str(path), [])
    assert policy.action_for("request", RULE_ID, "secret", "regulated", "precise") == Action.BLOCK


@pytest.fixture
def addons(install, env):
    rt = install({"mode": "report", "guarded_hosts": ["api.stripe.com"], "credentials": BROKERS})
    check, inject = CredentialCheck(), CredentialInjection()
    with taddons.context(check, inject):
        yield check, inject, rt


async def injected_flow(check, inject):
    f = tunnel_flow("api.stripe.com", "/v1/charges")
    f.request.headers["authorization"] = "Bearer exitguard"
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.IDENTITY: "ci", metakeys.GROUPS: []})
    await check.requestheaders(f)
    await inject.requestheaders(f)
    await inject.request(f)
    assert on_the_wire(f).headers["authorization"] == f"Bearer {KEY}"  # what the vendor gets
    return f


async def test_a_websocket_message_echoing_the_key_beside_an_allowed_value_leaves_without_the_key(install, env):
    """wire42: the vendor's message passes an e-mail (allowed) and echoes the key in report mode. The message leaves
    from its copy with the e-mail, made after the broker masked the key there; the live message shows neither."""
    from addons.audit.console_head import CoverMessage
    from addons.core import wire
    from addons.stream.streaming import Streaming

    install({"mode": "report", "guarded_hosts": ["api.stripe.com"], "credentials": BROKERS,
             "actions": {"response": {"pii": "allow"}}})  # as the default policy
    check, inject, streaming, cover = CredentialCheck(), CredentialInjection(), Streaming(), CoverMessage()
    email = "dana.whitfield@northwind-traders.com"
    with taddons.context(check, inject, streaming, cover):
        f = await injected_flow(check, inject)
        f.response = Response.make(101, b"", {"upgrade": "websocket", "connection": "upgrade"})
        f.websocket = websocket.WebSocketData()
        await inject.response(f)
        sent = b""
        for fields in ({"error": f"bad key {KEY}", "contact": email}, {"error": " retry.", "contact": " (support)"}):
            # the vendor's messages are one stream per field: a field's end leaves with its next message
            message = websocket.WebSocketMessage(1, False, json.dumps(fields).encode())
            f.websocket.messages.append(message)
            for addon in (streaming, inject, cover):  # the chain's order at websocket_message
                await addon.websocket_message(f)
            copy = wire.take_message(message)
            sent += message.content if copy is None else copy.content
    assert email.encode() in sent  # the policy lets the e-mail through: it left from a copy
    assert not exposed(sent) and b"[MASKED:brokered-credential:" in sent  # the broker masked the key on it
    shown = b"".join(m.content for m in f.websocket.messages)
    assert not exposed(shown) and email.encode() not in shown


def recorded(f) -> bytes:
    buf = io.BytesIO()
    mio.FlowWriter(buf).add(f)
    return buf.getvalue()


def exposed(data: bytes) -> bool:
    return KeyForms.of(KEY).find(data.decode("latin-1"))


async def test_report_mode_answer_echoing_the_key_reaches_the_agent_masked(addons):
    check, inject, _ = addons
    f = await injected_flow(check, inject)
    body = json.dumps({"error": f"Invalid API key: {KEY}", "debug": base64.b64encode(KEY.encode()).decode()})
    f.response = Response.make(401, body.encode(), {  # make() compresses it, as the header says
        "content-type": "application/json", "content-encoding": "gzip", "x-debug-key": KEY.upper(),
        "set-cookie": f"s={urllib.parse.quote(KEY, safe='')}", "location": f"https://elsewhere.example/?k={KEY}"})
    await inject.responseheaders(f)
    await inject.response(f)
    assert f.response.headers["content-encoding"] == "gzip"  # still what it says it is
    assert gzip.decompress(f.response.raw_content) == f.response.get_content()
    sent = json.loads(f.response.get_content())
    assert sent["error"].startswith("Invalid API key: [MASKED:brokered-credential:")
    assert not exposed(f.response.get_content()) and not exposed(bytes(f.response.headers))
    assert f.metadata[metakeys.DECISION] == "mask"
    assert not exposed(recorded(f))


async def test_an_answer_in_an_encoding_the_proxy_cannot_read_is_refused(addons):
    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.response = Response.make(200, b"", {"content-type": "application/json"})
    f.response.headers["content-encoding"] = "x-custom"
    f.response.raw_content = b"\x00 opaque bytes that may hold the key"
    await inject.response(f)
    assert f.response.status_code == 502
    assert f.response.headers["x-exitguard-decision"] == "exitguard_unreadable_answer"


async def test_a_websocket_message_echoing_the_key_is_masked_in_report_mode(addons):
    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.response = Response.make(101, b"", {"upgrade": "websocket", "connection": "upgrade"})
    f.websocket = websocket.WebSocketData()
    await inject.response(f)
    f.websocket.messages.append(websocket.WebSocketMessage(1, False, json.dumps({"echo": KEY}).encode()))
    await inject.websocket_message(f)
    f.websocket.messages.append(websocket.WebSocketMessage(1, True, b"client says exitguard"))
    await inject.websocket_message(f)
    assert not exposed(f.websocket.messages[0].content)
    assert b"[MASKED:brokered-credential:" in f.websocket.messages[0].content
    assert f.websocket.messages[1].content == b"client says exitguard"
    inject.websocket_end(f)
    assert not inject._websockets


async def test_an_answer_without_the_key_is_left_byte_for_byte(addons):
    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.response = Response.make(200, b'{"ok": true}', {"content-type": "application/json"})
    await inject.responseheaders(f)
    await inject.response(f)
    assert f.response.content == b'{"ok": true}' and metakeys.DECISION not in f.metadata


async def test_a_reason_phrase_quoting_the_key_is_masked_before_the_head_leaves(addons):
    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.response = Response.make(401, b"{}", {"content-type": "application/json"})
    f.response.reason = f"Invalid key {KEY.lower()}"
    await inject.responseheaders(f)
    assert f.response.reason.startswith("Invalid key [MASKED:brokered-credential:") and not exposed(
        f.response.reason.encode())


async def test_a_parse_error_quoting_the_key_kills_the_flow_instead_of_sending_it(addons):
    """mitmproxy answers an unparseable upstream head with a 502 page quoting the line; the error hook is the last
    moment: only a kill keeps that page from the agent."""
    from mitmproxy import flow as mflow

    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.error = mflow.Error(f"Cannot parse HTTP response: Invalid header line: b'X-Debug {KEY}'")
    await inject.error(f)
    assert f.error.msg == mflow.Error.KILLED_MESSAGE and not f.live
    assert f.metadata[metakeys.DECISION] == "error" and not exposed(recorded(f))
    g = await injected_flow(check, inject)
    g.error = mflow.Error("Cannot parse HTTP response: Invalid header line: b'X-Debug nothing'")
    await inject.error(g)
    assert g.error.msg.endswith("nothing'") and g.live  # an error without the key is left to mitmproxy


@pytest.mark.parametrize("name", sorted(spellings(KEY)))
def test_the_detector_reads_every_spelling_and_never_releases_a_piece_of_it_in_a_stream(name):
    """attack16: a streamed answer is read by this detector alone, which read the key in any case only: hex,
    base64 (wrapped too), quoted-printable and escapes reached the agent. Cut at every position, the hold-back
    keeps the spelling from its second character (MIN_OPEN) until it is whole, and then it is found. A cut right
    after its first character sends that one (the stream then stops when the rest arrives)."""
    detector = BrokeredCredentialDetector([KEY])
    text = f"answer: {spellings(KEY)[name]} done"
    [(begin, end)] = [m.span() for m in KeyForms.of(KEY).pattern.finditer(text)]
    [found] = detector(text)
    assert found.start <= begin and found.end >= end
    first = re.match(r"[=%][0-9a-fA-F]{2}|\\u[0-9a-fA-F]{4}|\\/|.", text[begin:]).end()  # one character or escape
    assert MIN_OPEN == 2
    for cut in range(begin + 1, end):
        assert detector.safe_end(text[:cut]) <= begin + first, (cut, text[:cut])


def test_ordinary_text_is_neither_found_nor_held_beyond_the_keys_own_beginnings():
    detector = BrokeredCredentialDetector([KEY])
    text = ("The answer is 42 = 6 * 7; 100% of it, see https://example.org/a%20b and C:\\users\\me. "
            "Base64 of hello is aGVsbG8=, its hex 68656c6c6f.\n")
    assert detector(text) == []
    for cut in range(1, len(text)):
        end = detector.safe_end(text[:cut])
        # held only where the tail may begin a spelling: the key in any case, its hex or base64, an escape cut in two
        held = text[end:cut]
        assert end == cut or held[0] in "%=\\" or any(
            form.startswith(held) for form in (KEY.lower(), KEY.encode().hex(), *base64_middles(KEY.encode()))
        ) or KEY.lower().startswith(held.lower()) or KEY.encode().hex().startswith(held.lower()), (cut, held)


def test_a_whole_key_at_the_end_of_a_chunk_is_not_held_for_its_trailing_equals_sign():
    """A key ending in `=` (base64) could go on as quoted-printable (`=3D`); whole, it is masked where it is."""
    detector = BrokeredCredentialDetector([KEY])
    assert KEY.endswith("=") and detector.safe_end(f"bad key {KEY}") == len(f"bad key {KEY}")


async def test_an_answer_leaving_from_its_response_copy_has_the_key_masked_there_too(addons):
    """wire41: in report mode (or with values allowed) the guard puts the answer as it came on a response copy and
    shows it masked; the echoed key, masked on the live answer already, left from the copy (live test:
    test_attack_reflection_live.py::test_a_policy_that_lets_secrets_through_answers_...[report-mode])."""
    from addons.core import wire
    from tests.flows import to_the_client

    check, inject, _ = addons
    f = await injected_flow(check, inject)
    f.response = Response.make(401, json.dumps({"error": f"Invalid API key: {KEY}"}).encode(),
                               {"content-type": "application/json", "x-debug-key": KEY})
    wire.response_for(f)  # what the guard does: the copy as it came, every finding masked on the live answer
    f.response.content = json.dumps({"error": "Invalid API key: [MASKED:brokered-credential:0a1b2c]"}).encode()
    f.response.headers["x-debug-key"] = "[MASKED:brokered-credential:0a1b2c]"
    wire.seal_response(f)
    await inject.responseheaders(f)
    await inject.response(f)
    sent = to_the_client(f)
    assert sent is not f.response  # the copy leaves
    assert not exposed(sent.get_content()) and not exposed(bytes(sent.headers))
    assert not exposed(f.response.get_content()) and not exposed(bytes(f.response.headers))
