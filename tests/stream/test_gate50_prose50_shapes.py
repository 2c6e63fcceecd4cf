"""gate50: attacks on prose50's new password contexts through the stream hold-back, with the oracle of
test_holdback_attack.py (each text the client has after an event is a prefix of the whole text masked: no character
of a value the scan of the whole text masks goes out first; a stop fails it too).

1. Found and fixed: the scorers read the MARKS right after a value, not only the words: an answer line ends at
   ` - ` (context_score.ANSWER_REST: `Tom: what's the password?\\nAnn: X - I'll change it`), a password keeps its
   own last period before ` - ` and a lower-case word (prose50, scanner._own_period: `U / X. - only for ...`). The
   hold-back held a context-scored match only while the text ended inside a word (holdback.verdict_open), so a
   delta ending at `X -` (no finding: a dash glued to what comes next ends no answer) sent the whole answer's value
   in clear, and one ending at `X. ` sent the value masked and its own period in clear. Both before prose50 for the
   answer line (prose48's rule example, in any language of the table; prose50's Hausa `kalmar sirrin` adds one).
   A match is now held while at most holdback.MARKS_AFTER chars with no word char follow its value on its line.
2. Held (regressions): every prose50 shape (a locked-out account then `Reset to X` a sentence later; logged / signed
   in as U; password X; digits a password is now / was set to; Zulu `ithi` and Yoruba `ni`; a device that opens /
   unlocks with X; a dotted generator output; a password's own period in a table cell and a key=value line), cut at
   every position, one character per event, in JSON the model writes with `\\uXXXX` escapes, and in WebSocket
   messages."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import ws_readings
from addons.stream.streaming import Streaming
from tests.stream import shape_sweeps as sweeps
from tests.stream import support
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

# (text, the value the scan of the whole text masks)
FIXED = [
    ("Binta: Menene kalmar sirrin wayar ofis?\nSani: Kano#Gari58 - zan canza ta gobe.", "Kano#Gari58"),
    ("Tom: What is the password for the office phone?\nAnn: Kano#Gari58 - I change it tomorrow.", "Kano#Gari58"),
    ("Jelle: Wat is it wachtwurd fan de kompjûter?\nAnke: Fean!Mar4471 - ik feroarje it moandei.", "Fean!Mar4471"),
    ("Kiln controller login r.mbeki / Tq7vLm29x. - only for the firing schedule.", "Tq7vLm29x."),
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal. Reset to Brackwater!62. - change it today.",
     "Brackwater!62."),
]
HELD = [
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal after five tries. Reset to Brackwater!62, "
     "must be changed at next login.", "Brackwater!62"),
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal. Reset to 5820137 - change it today.",
     "5820137"),
    ("Ticket 5520: porter k.adeyemi is locked out of the key cabinet. Reset to heron quarry lantern - change it.",
     "heron quarry lantern"),
    ("Night note: the scale-house PC is logged in as weighbridge2; password heronsandpiper if it locks.",
     "heronsandpiper"),
    ("the lab tablet is signed in as qcnight, password gannetmarlowe. Calibrations due Friday.", "gannetmarlowe"),
    ("the console is logged in as ops-3; password Tq=7vLm29Rx4k if it logs out.", "Tq=7vLm29Rx4k"),
    ("Hi team, the shared password for the kiosk tablets is now 40917263. Keep it off the whiteboard.", "40917263"),
    ("the kiosk password is now 5820193 - keep it quiet.", "5820193"),
    ("kiln.controller.user=r.mbeki\nkiln.controller.password=Wr4nQ8zy.\nkiln.controller.port=502", "Wr4nQ8zy."),
    ("| System | User | Password |\n|---|---|---|\n| Kiln PC | r.mbeki | Slipware2021. |", "Slipware2021."),
    ("Ọ̀rọ̀ aṣínà tuntun fún fóònù ilé-ìwé ni Osun#Ayo73 - ẹ má sọ fún ẹnikẹ́ni.", "Osun#Ayo73"),
    ("Orúkọ olùlò yín ni k.adeyemi, ọ̀rọ̀ aṣínà sì ni Ibadan+2207.", "Ibadan+2207"),
    ("Sawubona Thandi, iphasiwedi entsha yekhompyutha ithi 40719253 - ungayitsheli muntu.", "40719253"),
    ("Sawubona Thandi, iphasiwedi entsha yekhompyutha ithi UmfulaInyoni - ungayitsheli muntu.", "UmfulaInyoni"),
    ("Porters: the key-cabinet tablets now open with Kestrel#42. Keep it off the rota.", "Kestrel#42"),
    ("From Monday the staff lockers unlock with Tarn+Fescue27, please don't share it.", "Tarn+Fescue27"),
    ("The new VPN password is Xc4mR8tQ.Wp3Ny7k for now.", "Xc4mR8tQ.Wp3Ny7k"),
    # generic-password-access's older head, whose regex gate50 rewrote with the device head (one value group)
    ("use Tarn#Fescue61 to log in, it expires friday", "Tarn#Fescue61"),
    ("just type Quince!Heath27 and it lets you in", "Quince!Heath27"),
]
SHAPES = FIXED + HELD
IDS = [f"{i}-{t[:24]}" for i, (t, _) in enumerate(SHAPES)]


rt, composed = support.shipped_answer_fixtures()


def test_the_scan_of_the_whole_text_masks_each_value(rt):
    sweeps.assert_the_whole_scan_masks_each_value(rt, SHAPES)


@pytest.mark.parametrize("text, value", FIXED, ids=IDS[:len(FIXED)])
def test_a_delta_ending_in_the_marks_after_the_value_holds_it(rt, composed, text, value):
    whole = sweeps.answer(text)
    end = whole.index(value) + len(value.rstrip("."))
    for cut in range(end, end + 5):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, repr(whole[end:cut])


def test_the_hold_back_holds_a_value_while_marks_alone_follow_it():
    hb = Holdback.for_scanner(Scanner.default())
    question = "Sure:\nTom: What is the password for the office phone?\nAnn: Kano#Gari58"
    for marks in (" -", " —", "  -"):
        assert hb.safe_end(question + marks) <= question.index("Kano"), marks
    pair = "Kiln controller login r.mbeki / Tq7vLm29x"
    for marks in (".", ". ", ". -", ". - "):
        assert hb.safe_end(pair + marks) <= pair.index("Tq7v"), marks


@pytest.mark.slow  # ~2,000 streams
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_cut_anywhere_or_one_char_at_a_time_reaches_the_client_masked(rt, composed, text,
                                                                                             value):
    sweeps.assert_cut_anywhere_or_one_char_at_a_time_masked(rt, composed, text)


@pytest.mark.slow
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(rt, composed, text, value):
    """Tool-call arguments the model writes: non-ASCII (Yoruba's marks, Zulu) and line breaks as escapes."""
    sweeps.assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text)


@pytest.fixture
def addon(rt):
    from mitmproxy.test import taddons

    a = Streaming()
    with taddons.context(a):
        yield a


async def _websocket(addon, parts: list[str], json_messages: bool, from_client: bool = True) -> bytes:
    f = websocket_flow()
    kind = "input_text.delta" if from_client else "response.text.delta"
    for part in parts:
        data = json.dumps({"type": kind, "delta": part}) if json_messages else part
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client, data.encode()))
        await addon.websocket_message(f)
        if f.error or f.websocket.messages[-1].dropped:
            break
    addon.websocket_end(f)
    assert not f.error
    return b"".join(m.content for m in f.websocket.messages if not m.dropped)


@pytest.mark.sweep_sample(lambda text, value: sampled(text))
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
async def test_a_value_of_a_new_shape_split_after_it_over_websocket_messages_is_masked(rt, addon, text, value):
    """Cut in the value, right after it and in the marks after it: what the upstream gets."""
    start = text.index(value)
    end = start + len(value)
    for cut in sorted({start + 2, end - 1, end, end + 1, end + 2, end + 3}):
        for json_messages in (False, True):
            sent = await _websocket(addon, [text[:cut], text[cut:], " and the rest. "], json_messages)
            assert value.rstrip(".").encode() not in sent, (cut, json_messages)
            if value.endswith("."):  # its own period masked with it, not sent after the mask
                assert b"]." not in sent, (cut, json_messages)


@pytest.mark.parametrize("text, value", FIXED[3:5], ids=IDS[3:5])
async def test_a_password_s_own_period_in_a_json_websocket_message_cut_after_it_is_masked_with_it(rt, addon, text,
                                                                                                  value):
    cut = text.index(value) + len(value) + 1
    sent = await _websocket(addon, [text[:cut], text[cut:], " and the rest. "], True)
    assert b"]." not in sent


# ws52: the attacker's variants of gate50's JSON WebSocket message cut after a password's own last period. The
# agent's JSON message was read under its keys (ws_readings.keyed_values) and masked whole before the masker, whose
# hold-back would have kept the period's fate open until the next message.
OWN_MARKS = [  # (text, the value with its own period): what follows the period makes it the value's
    ("Kiln controller login r.mbeki / Tq7vLm29x. - only for the firing schedule.", "Tq7vLm29x."),
    ("Kiln controller login r.mbeki / Tq7vLm29x. (read-only role) for the schedule.", "Tq7vLm29x."),
    ("Kiln controller login r.mbeki / Tq7vLm29x., then the firing schedule.", "Tq7vLm29x."),
    ("| System | User | Password |\n|---|---|---|\n| Kiln PC | r.mbeki | Slipware2021. |", "Slipware2021."),
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal. Reset to Brackwater!62. - change it today.",
     "Brackwater!62."),
]
OWN_IDS = [f"{i}-{t[:24]}" for i, (t, _) in enumerate(OWN_MARKS)]


def test_each_variant_s_value_keeps_its_own_period_in_the_scan_of_the_whole_text(rt):
    for text, value in OWN_MARKS:
        assert value in [text[f.start:f.end] for f in rt.scanner.scan(text)], text


@pytest.mark.parametrize("from_client", [True, False], ids=["agent", "vendor"])
@pytest.mark.parametrize("text, value", OWN_MARKS, ids=OWN_IDS)
async def test_a_value_s_own_period_cut_anywhere_after_the_value_in_json_messages_is_masked_with_it(
        rt, addon, text, value, from_client):
    """Cut right before the period (the value in one message, its period in the next), right after it and in each
    mark after it, both directions: neither the value nor its period alone after the placeholder goes on."""
    end = text.index(value) + len(value)
    for cut in range(end - 1, end + 3):
        sent = await _websocket(addon, [text[:cut], text[cut:], " and the rest. "], True, from_client)
        assert value[:-1].encode() not in sent, (cut, text[:cut])
        assert b"]." not in sent, (cut, text[:cut])


async def test_a_value_s_own_period_over_three_json_messages_is_masked_with_it(rt, addon):
    """The value, then its period alone, then the remark that makes the period the value's."""
    text, value = OWN_MARKS[0]
    end = text.index(value) + len(value)
    sent = await _websocket(addon, [text[:end - 1], ".", text[end:]], True)
    assert value[:-1].encode() not in sent
    assert b"]." not in sent


async def test_a_json_message_ending_in_a_sentence_s_period_is_masked_and_its_period_kept(rt, addon):
    """Held, not swallowed: when the next message starts a new sentence the period is the sentence's (no remark
    follows), and the value alone is masked; the held marks reach the upstream with the next message. (sov57: the
    value before its word holds a password-shaped token and up to three words after it, which may still precede
    its word, so a message of more words follows, as in the tests above. hold58: these are `.delta` messages, whose
    text goes on until their `.done`: their end settles nothing, unlike a message that ends a unit of text.)"""
    text = "Kiln controller login r.mbeki / Tq7vLm29x. Then the schedule."
    cut = text.index("Tq7vLm29x.") + len("Tq7vLm29x.") + 1
    sent = await _websocket(addon, [text[:cut], text[cut:], " and the rest. "], True)
    assert b"Tq7vLm29x" not in sent
    deltas = [json.loads(line)["delta"] for line in sent.replace(b"}{", b"}\n{").splitlines()]
    assert "].Then" not in "".join(deltas) and "]. Then the " in "".join(deltas), deltas


async def test_a_key_named_password_in_a_delta_is_still_masked_by_its_key(rt, addon):
    """What only the key shows (`"password": ...` in a delta) is not the masker's to find: masked at once as before."""
    f = websocket_flow()
    data = json.dumps({"type": "input_text.delta", "password": "heron7quarry. "})
    f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, True, data.encode()))
    await addon.websocket_message(f)
    message = f.websocket.messages[-1]
    assert not message.dropped and b"heron7quarry" not in message.content, message.content
    json.loads(message.content)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="ws52 (EVASION.md gate50 row, still open): a value only "
                   "its key shows (`\"password\": \"X. \"` in a delta) is masked by the key reading at once, which the "
                   "masker cannot hold (it reads no key): the next delta `- only ...` makes the period the value's, "
                   "and it has gone on after the placeholder")
async def test_a_value_only_its_key_shows_keeps_its_own_period_cut_into_the_next_delta(rt, addon):
    whole = ws_readings.keyed_values(json.dumps({"type": "input_text.delta", "password": "heron7quarry. - only for "
                                                 "the kiosk."}), rt.inspector, "request", "websocket:0", None)
    assert whole.text is not None and "]. " not in whole.text  # read whole, the period is the value's
    f = websocket_flow()
    for part in ("heron7quarry. ", "- only for the kiosk.", " Thanks."):
        data = json.dumps({"type": "input_text.delta", "password": part})
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, True, data.encode()))
        await addon.websocket_message(f)
    sent = "".join(json.loads(m.content)["password"] for m in f.websocket.messages if not m.dropped)
    assert "heron7quarry" not in sent
    assert "]." not in sent, sent
