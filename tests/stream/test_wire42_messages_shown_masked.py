"""wire42: a WebSocket message holding a value the policy lets through (an e-mail in the vendor's message, allowed by
``response: pii: allow``; anything in report mode) leaves as the bundle left it, from a copy (core/wire.py) that
compat's relay wrap sends; the live message, which mitmweb shows and Save writes, holds it masked as the record masks
it. The stream addon marks such a message, the bundle's last addon (audit/console_head.py ``CoverMessage``) covers
it. Without compat's seam the message leaves masked: never shown. The relay itself:
tests/core/test_compat_wire_messages.py; live: tests/stream/test_wire42_messages_live.py."""

from __future__ import annotations

import json

import pytest
from mitmproxy import http, websocket
from mitmproxy.test import taddons, tflow

from addons.audit import scrub
from addons.audit.console_head import CoverMessage
from addons.core import compat, metakeys, runtime, wire
from addons.stream.streaming import Streaming
from tests import fakes

EMAIL = "dana.whitfield@northwind-traders.com"
PHONE = "+4915112345678"
AKID = fakes.aws_key_id(4201)


@pytest.fixture(scope="module")
def report(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("report") / "fingerprint.key", mode="report")


@pytest.fixture
def bundle(rt):
    """The stream addon and the cover, as the chain runs them at ``websocket_message``, with compat's seam."""
    compat.install()
    streaming, cover = Streaming(), CoverMessage()
    with taddons.context(streaming, cover):
        yield streaming, cover


def websocket_flow() -> http.HTTPFlow:
    f = tflow.twebsocketflow()
    f.websocket.messages.clear()
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    return f


async def relay(bundle, f: http.HTTPFlow, content: str | bytes, from_client: bool) -> bytes | None:
    """One message through the bundle: what leaves (the copy, taken as compat takes it, else the live message), None
    when dropped."""
    kind = websocket.Opcode.TEXT if isinstance(content, str) else websocket.Opcode.BINARY
    message = websocket.WebSocketMessage(kind, from_client, content.encode() if isinstance(content, str) else content)
    f.websocket.messages.append(message)
    for addon in bundle:
        await addon.websocket_message(f)
    copy = wire.take_message(message)
    if message.dropped:
        return None
    return message.content if copy is None else copy.content


def delta(text: str) -> str:
    return json.dumps({"type": "response.text.delta", "delta": text})


def shown(f: http.HTTPFlow) -> str:
    """Every message as mitmweb shows it."""
    return "\n".join(m.content.decode("utf-8", "replace") for m in f.websocket.messages)


async def test_an_allowed_email_in_the_vendors_message_reaches_the_agent_and_is_shown_masked(bundle, rt):
    f = websocket_flow()
    sent = [await relay(bundle, f, delta(text), False) for text in (f"write to {EMAIL}", " and thanks, bye now.")]
    assert EMAIL in "".join(json.loads(s)["delta"] for s in sent)  # the policy lets it through
    assert EMAIL not in shown(f) and "[MASKED:email-address:" in shown(f)
    assert not any(wire.has_message_copy(m) for m in f.websocket.messages)  # sent: nothing kept
    bundle[0].websocket_end(f)
    record = scrub.record_copy(f, rt)
    assert EMAIL not in shown(record) and "[MASKED:email-address:" in shown(record)
    passed = [x for x in f.metadata[metakeys.FINDINGS] if x["direction"] == "response"]
    assert passed and {x["action"] for x in passed} == {"allow"}  # the record notes it passed
    assert EMAIL not in json.dumps(f.metadata)


async def test_a_binary_message_with_an_allowed_email_leaves_whole_and_is_shown_as_the_record_keeps_it(bundle, rt):
    f = websocket_flow()
    blob = b"\x00\x01\x02 contact " + EMAIL.encode() + b" \xff\xfe"
    assert await relay(bundle, f, blob, False) == blob
    assert EMAIL.encode() not in f.websocket.messages[0].content
    assert f.websocket.messages[0].content == scrub.UNSCANNED.encode()  # not UTF-8: the record keeps no byte of it


async def test_a_message_with_nothing_let_through_has_no_copy(bundle):
    f = websocket_flow()
    assert await relay(bundle, f, delta(f"the key {AKID} here"), False) is not None
    assert AKID not in shown(f) and not wire.has_message_copy(f.websocket.messages[0])
    assert await relay(bundle, f, delta("nothing at all"), False) == f.websocket.messages[1].content
    assert not wire.has_message_copy(f.websocket.messages[1])


# hold61: an e-mail in a `.delta` stream is held whole while a credential word may still follow it (the value before
# its word, now that the e-mail the answer's policy allows no longer settles the token): a phone number there, which
# no password-shaped token holds, still leaves in pieces.
@pytest.mark.parametrize("json_messages, value, rule", [(True, PHONE, "phone-international"),
                                                         (False, EMAIL, "email-address")], ids=["json", "text"])
async def test_a_value_let_through_in_pieces_leaves_and_no_message_of_that_direction_shows_a_piece(bundle,
                                                                                                 json_messages,
                                                                                                 value, rule):
    f = websocket_flow()
    hello = json.dumps({"type": "session.update", "session": {"instructions": "hello from the agent"}})
    await relay(bundle, f, hello, True)
    parts = ["write to ", value[:8], value[8:], " today. "]
    sent = [await relay(bundle, f, delta(p) if json_messages else p, False) for p in parts]
    assert f.metadata[metakeys.SPLIT_LEFT] == {"response": [rule]}
    said = "".join(json.loads(s)["delta"] if json_messages else s.decode() for s in sent if s)
    assert value in said
    assert f.websocket.messages[0].content == hello.encode()  # the other direction as it was
    assert {m.content for m in f.websocket.messages[1:]} == {scrub.SPLIT_NOT_KEPT.encode()}


async def test_report_mode_sends_the_agents_message_as_it_came_and_shows_it_masked(bundle, report):
    runtime.install(report)
    f = websocket_flow()
    message = json.dumps({"type": "conversation.item.create", "item": {"content": [
        {"type": "input_text", "text": f"mail {EMAIL}, key {AKID}"}]}})
    assert await relay(bundle, f, message, True) == message.encode()  # report mode changes nothing on the wire
    assert EMAIL not in shown(f) and AKID not in shown(f) and "[MASKED:" in shown(f)
    assert f.metadata[metakeys.DECISION] == "report"


async def test_report_mode_a_value_at_a_messages_end_found_with_the_next_one_is_shown_masked(bundle, report):
    """The vendor's text is one stream over its messages: a value at a message's end is settled by what follows, so
    the masker finds it with the next message, after the one that carried it has left."""
    runtime.install(report)
    f = websocket_flow()
    first = delta(f"write to {EMAIL}")
    assert await relay(bundle, f, first, False) == first.encode()
    # hold61: the e-mail is held while a credential word may still follow it (three words), then found
    for then in (" today, thanks.", " Bye now, see you."):
        assert await relay(bundle, f, delta(then), False) == delta(then).encode()
    assert EMAIL not in shown(f) and "[MASKED:email-address:" in shown(f)


@pytest.mark.parametrize("mode", ["enforce", "report"])
async def test_a_passed_value_repeated_in_a_done_event_is_shown_masked(bundle, report, mode):
    """The `.done` event repeats the deltas' text: the masker sends what it sent for them, with no new finding (the
    live test caught it: the console showed the e-mail in the last message)."""
    if mode == "report":
        runtime.install(report)
    f = websocket_flow()
    for text in (f"write to {EMAIL}", " and thanks."):
        await relay(bundle, f, delta(text), False)
    done = json.dumps({"type": "response.text.done", "text": f"write to {EMAIL} and thanks."})
    sent = await relay(bundle, f, done, False)
    assert sent is not None and EMAIL in json.loads(sent)["text"]
    assert EMAIL not in shown(f)


async def test_without_the_seam_the_message_leaves_masked_and_is_never_shown(bundle, monkeypatch):
    monkeypatch.setattr(wire, "_message_seam", [])
    f = websocket_flow()
    sent = [await relay(bundle, f, delta(text), False) for text in (f"write to {EMAIL}", " and thanks, bye now.")]
    assert all(EMAIL.encode() not in s for s in sent if s) and b"[MASKED:email-address:" in b"".join(sent)
    assert EMAIL not in shown(f)
    assert f.metadata[metakeys.DECISION] == "mask"


async def test_a_blocked_message_is_not_sent_and_shows_no_value():
    """A message dropped to block a value (the connection ends) kept it on the live message, which mitmweb lists and
    Save writes; now it is shown as the record keeps it."""
    from tests.stream.support import SECRETS, installed, make_inspector, make_policy

    key = SECRETS["aws-access-key-id"]
    policy = make_policy(actions={"request": {"secret": "block"}, "response": {"secret": "block"}})
    compat.install()
    with installed(make_inspector(policy)):
        addons = (Streaming(), CoverMessage())
        with taddons.context(*addons):
            f = websocket_flow()
            text = json.dumps({"type": "conversation.item.create", "text": f"key {key}"})
            assert await relay(addons, f, text, True) is None  # dropped: not sent
    assert f.error is not None and f.metadata[metakeys.DECISION] == "block"
    assert key not in shown(f) and "[MASKED:aws-access-key-id:" in shown(f)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="EVASION.md: 'a value the policy lets through to a "
                   "guarded host ...' (attack36 section), open (1) of wire42: a value the record finds and the stream "
                   "masker does not (an e-mail in base64: the stream reads encoded runs for fixed-shape keys) is shown "
                   "as sent while nothing of that direction passed")
async def test_an_encoded_email_the_stream_does_not_read_is_shown_as_the_record_keeps_it(bundle, rt):
    import base64

    f = websocket_flow()
    run = base64.b64encode(f"contact: {EMAIL}".encode()).decode()
    # a delta stream (`.delta`: its `.done` ends the text) still holds a password-shaped token while a credential word
    # may follow (generic-password-value-first, at most three words): four words after the run, as sov57 found
    for text in (f"blob {run} end", " more text for the rest."):
        await relay(bundle, f, delta(text), False)
    assert run not in "".join(m.content.decode() for m in scrub.record_copy(f, rt).websocket.messages)
    assert run not in shown(f)


def test_the_cover_is_the_last_addon_of_the_bundle_at_websocket_message():
    """After every addon that changes a message (the stream masker, the broker's echo mask): what they leave goes on
    the copy."""
    import addons.chain

    names = [type(a).__name__ for a in addons.chain.build() if hasattr(a, "websocket_message")]
    assert names[-1] == "CoverMessage" and names.index("CredentialInjection") < names.index("CoverMessage")


@pytest.mark.parametrize("last", [f"write to {AKID}", f"write to {EMAIL} now"])
async def test_report_mode_a_value_still_held_when_the_connection_closes_is_shown_masked(bundle, report, last):
    """hold61's report-mode gap: the masker still holds the value when the WebSocket closes (an AWS key id ending the
    last delta; an e-mail followed by fewer than three words). Report mode sent it as it came, so the live message,
    which mitmweb shows and Save writes, must hold it masked once the close settles it, and the decision says so."""
    runtime.install(report)
    f = websocket_flow()
    for text in ("Here is the setup. ", last):
        assert await relay(bundle, f, delta(text), False) == delta(text).encode()  # report mode: as it came
    streaming, cover = bundle
    streaming.websocket_end(f)
    await cover.websocket_end(f)
    value = AKID if AKID in last else EMAIL
    assert value not in shown(f) and "[MASKED:" in shown(f)
    assert f.metadata[metakeys.DECISION] == "report"
    assert any(x["direction"] == "response" for x in f.metadata[metakeys.FINDINGS])
    record = scrub.record_copy(f, report)
    assert value not in shown(record)


async def test_enforce_mode_a_value_still_held_at_the_close_is_never_sent_nor_shown(bundle, rt):
    runtime.install(rt)
    f = websocket_flow()
    sent = [await relay(bundle, f, delta(text), False) for text in ("Here is the setup. ", f"write to {AKID}")]
    assert all(AKID not in (s or b"").decode() for s in sent)
    streaming, cover = bundle
    streaming.websocket_end(f)
    await cover.websocket_end(f)
    assert AKID not in shown(f)


async def test_report_mode_a_scan_cut_short_at_the_close_keeps_no_message_of_that_direction(bundle, report,
                                                                                            monkeypatch):
    """attack61: a key cut over the last two messages, and the scan of the held text at the close fails: the record
    reads each message alone and would keep both halves. The direction's messages are kept by none then."""
    from addons.stream.masker import StreamMasker

    runtime.install(report)
    f = websocket_flow()
    for text in ("Here is the setup: ", f"write to {AKID[:9]}", AKID[9:]):
        assert await relay(bundle, f, delta(text), False) == delta(text).encode()

    def broken(self, out):
        raise RuntimeError("scan failed")

    monkeypatch.setattr(StreamMasker, "_finish", broken)
    streaming, cover = bundle
    streaming.websocket_end(f)
    await cover.websocket_end(f)
    assert AKID[:9] not in shown(f) and AKID[9:] not in shown(f)
    record = scrub.record_copy(f, report)
    assert AKID[:9] not in shown(record) and AKID[9:] not in shown(record)
    assert any(x.get("status") == "stream_stopped" for x in f.metadata[metakeys.COVERAGE])
