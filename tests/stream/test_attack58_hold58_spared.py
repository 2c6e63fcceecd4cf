"""attack58 on hold58 (generic-password-value-first shipped by changing the stream hold: a token another rule's
complete match settles is spared, a WebSocket message end settles the verdict). An agent that wants out and a local
user who wants in write a password before its word where the sparing or the message end lets it go first:

1. a password shaped like a value another rule settles, where that rule's finding is **allowed** (the default policy
   lets PII through in answers: an e-mail-shaped or IPv6-shaped password), or where the other rule's match covers a
   prefix only (a key-shaped start glued to a password's tail): the whole answer masks it as a password, so the
   stream must not have sent it before its word came;
2. a WebSocket stream whose text goes on over messages (the vendor's realtime deltas, plain-text messages): a value at
   one message's end and its word in the next.

The oracle of test_holdback_attack.py (each text the client has after an event is a prefix of the whole text
masked), and for WebSockets the bytes the proxy forwarded. The rule is opt-in (session 35 kept it so for its scan
cost), so rules/opt-in/value-first.yaml is loaded beside the shipped rules; hold58's hold is merged, and the tests it
fails are strict xfails (`AFTER_HOLD58`: EVASION.md's attack58 rows say why each is open). Measured on hold58 at
11e43f5/a38a1e7:

- a token a precise PII finding reads (an e-mail, an IPv6 or IPv4 address, a phone number) is that finding's,
  "allowed or not" (scanner._resolve_cluster): in an answer the policy allows PII, so an e-mail-shaped password
  before its word reaches the client whole (main with the opt-in rule masked it);
- the same where the precise finding reads only the token's tail or head (`Kx7q2mz9Tarla58=a@b.io`,
  `Tarla58!10.20.30.40`, `Kx7q2mz9#<a GitHub token>`): the rest of the password goes out in clear, in requests too
  (there already on main with the opt-in rule: a strict xfail on both);
- a message end settles the verdict for every WebSocket message but a JSON `.delta`: the vendor's plain text, the
  agent's plain text in German (EVASION's hold58 row says the agent's plain text is held), and Gemini Live's
  `serverContent.modelTurn` chunks (no `type`: every chunk of a streamed answer is "complete") send the value
  before the next message brings its word."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.detect.scanner import Scanner, default_rules_dir
from addons.stream.streaming import Streaming
from tests import fakes
from tests.stream import support
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

RULE = "generic-password-value-first"
RULE_SHIPPED = RULE in {r.id for r in Scanner.default().rules}

# The shipped policy and rules, with the opt-in value-first file beside them where the rule is not shipped.
rt, composed = support.shipped_answer_fixtures(*(() if RULE_SHIPPED else (default_rules_dir() / "opt-in" /
                                                                          "value-first.yaml",)))


@pytest.fixture
def addon(rt):
    from mitmproxy.test import taddons

    a = Streaming()
    with taddons.context(a):
        yield a


# hold58's hold is merged while the rule stays opt-in (session 35): its holes are open wherever the pack is loaded.
AFTER_HOLD58 = pytest.mark.xfail(strict=True, reason="open by design since hold58: a message end settles the "
                                 "verdict (EVASION.md, attack58's third row)")


# ---- 1. a token another rule settles, that rule allowed or covering a part only -----------------------------------
# (the sentence, what of it must not be sent: the password, or the part no other rule masks)
WHOLE_TOKENS = [
    ("Kx7q2mz9@corp.io benim şifrem, kimseye söyleme.", "Kx7q2mz9@corp.io"),  # e-mail (PII: allowed in answers)
    ("alice.Kx7q2mz9@corp.io ist das Passwort für den Router.", "alice.Kx7q2mz9@corp.io"),
    ("fe80::1ff:fe23:4567:890a ist das Passwort für den Router.", "fe80::1ff:fe23:4567:890a"),  # IPv6 (PII)
]
GLUED = [
    ("Kx7q2mz9Tarla58=a@b.io ist das Passwort für den Router.", "Kx7q2mz9Tarla58="),
    ("Tarla58!10.20.30.40 ist das Passwort für den Router.", "Tarla58!"),
    ("Tarla58#fe80::1 ist das Passwort für den Router.", "Tarla58#"),
    ("Kx7q2mz9Tarla58!+4915112345678 ist das Passwort für den Router.", "Kx7q2mz9Tarla58!"),
]
GITHUB_GLUED = ("Kx7q2mz9#" + fakes.github_pat(7) + " ist das Passwort für den Router.", "Kx7q2mz9#")
# Neither settled nor glued: a key-shaped start no rule takes (its checksum fails), a key-like prefix
HELD = [
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789#58 ist das Passwort.", "ghp_abcdefghijklmnopqrstuvwxyz0123456789#58"),
    ("sk-proj-Kx7q2mz9Tarla58 ist das Passwort.", "sk-proj-Kx7q2mz9Tarla58"),
]


def _answer(sentence: str) -> str:
    return f"Sure:\n{sentence}\nAnything else?"


# hold61: each masked (the glued ones in requests and the GitHub one were strict xfails since sov57, the rest since
# hold58): a precise finding the policy acts on keeps its part, the value before its word the rest of the token, and
# one the policy allows (PII in answers) loses the token to it (scanner._resolve_cluster).
@pytest.mark.parametrize("sentence, secret, direction", [
    pytest.param(sentence, secret, direction, id=f"{direction}-{secret}")
    for sentence, secret in [*WHOLE_TOKENS, *GLUED, GITHUB_GLUED, *HELD] for direction in ("request", "response")])
def test_the_whole_text_masks_the_password_before_its_word(rt, sentence, secret, direction):
    masked = rt.inspector.inspect_text(_answer(sentence), direction, "t").text
    assert secret not in masked, masked


SETTLED_LOOKING = [*WHOLE_TOKENS, *GLUED, *HELD]


# Every split of each sentence in the full suite. The unit loop splits the HELD ones (the plain hold-back keeps
# them: releasing one character early fails only those) and a seeded half of the rest, a finding another rule
# settles or glues (each sentence still goes one character per event below): ~0.5 s of the loop's CPU less.
@pytest.mark.sweep_sample(lambda sentence, token: (sentence, token) in HELD or sampled(sentence))
@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING)
def test_a_first_delta_ending_anywhere_sends_nothing_the_whole_answer_masks(rt, composed, sentence, token):
    text = _answer(sentence)
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, repr(text[:cut])


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING)
def test_one_character_per_event_sends_nothing_the_whole_answer_masks(rt, composed, sentence, token):
    assert leak(rt, composed, list(_answer(sentence))) is None


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING[::2])
def test_in_a_tool_call_s_argument_fragments_neither(rt, composed, sentence, token):
    body = json.dumps({"note": sentence}, ensure_ascii=False)
    for cut in range(1, len(body), 2):
        assert leak(rt, composed, [body[:cut], body[cut:]], tool_call=True) is None, repr(body[:cut])


# ---- 2. WebSocket text that goes on over messages: the value at one message's end, its word in the next --------
OVER_MESSAGES = {
    "glued": ["Sure: Kx7q2mz9", " benim şifrem, kimseye söyleme. "],
    "blank": ["Sure: Kx7q2mz9 ", "ist das Passwort für den Router. "],
    "copula": ["Sure: Kx7q2mz9 ist", " das Passwort für den Router. "],
    "particle": ["ルーターはSakura#4471を", "パスワードにしてください。"],
}
TOKENS = {"glued": "Kx7q2mz9", "blank": "Kx7q2mz9", "copula": "Kx7q2mz9", "particle": "Sakura#4471"}
# (framing, from the client, case): open since hold58 (a message's end settles the verdict)
SENT_AFTER_HOLD58 = {("plain", False, "blank"), ("plain", False, "copula"), ("plain", False, "particle"),
                     ("plain", True, "copula"), ("gemini", False, "blank"), ("gemini", False, "copula"),
                     ("gemini", False, "particle")}


def _message(part: str, framing: str) -> bytes:
    if framing == "realtime":
        return json.dumps({"type": "response.text.delta", "output_index": 0, "delta": part}).encode()
    if framing == "gemini":  # Gemini Live's server message: a model turn's next chunk of text, no `type`
        return json.dumps({"serverContent": {"modelTurn": {"parts": [{"text": part}]}}}).encode()
    return part.encode()


def _text(content: bytes, framing: str) -> str:
    if framing == "realtime":
        return json.loads(content).get("delta", "")
    if framing == "gemini":
        return "".join(p.get("text", "") for p in json.loads(content).get("serverContent", {})
                       .get("modelTurn", {}).get("parts", []))
    return content.decode()


def _ws_cases():
    for framing in ("realtime", "plain", "gemini"):
        for from_client in (False, True):
            if framing == "gemini" and from_client:
                continue  # a server message
            for case in OVER_MESSAGES:
                marks = [AFTER_HOLD58] if (framing, from_client, case) in SENT_AFTER_HOLD58 else []
                side = "agent to vendor" if from_client else "vendor to agent"
                yield pytest.param(framing, from_client, case, marks=marks, id=f"{framing}-{side}-{case}")


@pytest.mark.parametrize("framing, from_client, case", list(_ws_cases()))
async def test_a_value_at_a_message_end_with_its_word_in_the_next_message_is_not_forwarded(
        rt, addon, framing, from_client, case):
    parts, token = OVER_MESSAGES[case], TOKENS[case]
    for direction in ("request", "response"):  # a password as a whole, in both directions
        assert token not in rt.inspector.inspect_text("".join(parts), direction, "t").text
    f = websocket_flow()
    for part in [*parts, " Anything else? "]:
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client,
                                                               _message(part, framing)))
        await addon.websocket_message(f)
        if f.error:
            break
    if framing == "gemini":
        f.websocket.messages.append(websocket.WebSocketMessage(
            websocket.Opcode.TEXT, from_client, json.dumps({"serverContent": {"turnComplete": True}}).encode()))
        await addon.websocket_message(f)
    addon.websocket_end(f)
    forwarded = [m.content for m in f.websocket.messages if not m.dropped]
    assert token not in "".join(_text(c, framing) for c in forwarded), forwarded
