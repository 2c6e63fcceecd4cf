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
masked), and for WebSockets the bytes the proxy forwarded. Every test passes on main with the opt-in
rules/opt-in/value-first.yaml loaded (the hold of sov56/attack57); on the shipped rules it is loaded too if the
branch did not ship the rule."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.core import runtime
from addons.detect.scanner import Scanner, default_rules_dir
from addons.stream.streaming import Streaming
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_holdback_attack import leak

RULE = "generic-password-value-first"


@pytest.fixture(scope="module")
def rt(tmp_path_factory):
    """The shipped policy and rules, with the opt-in value-first file beside them where the rule is not shipped."""
    shipped = RULE in {r.id for r in Scanner.default().rules}
    paths = [] if shipped else [str(default_rules_dir()), str(default_rules_dir() / "opt-in" / "value-first.yaml")]
    built = runtime.build(None, paths, tmp_path_factory.mktemp("key") / "fingerprint.key")
    runtime.install(built)
    yield built
    runtime.install(None)


@pytest.fixture(scope="module")
def composed(rt):
    return Streaming()._safe_end(rt, None)


@pytest.fixture
def addon(rt):
    from mitmproxy.test import taddons

    a = Streaming()
    with taddons.context(a):
        yield a


# ---- 1. a token another rule settles, that rule allowed or covering a prefix only ---------------------------------
# (the sentence, the token the whole answer masks as a password)
SETTLED_LOOKING = [
    ("Kx7q2mz9@corp.io benim şifrem, kimseye söyleme.", "Kx7q2mz9@corp.io"),  # e-mail (PII: allowed in answers)
    ("alice.Kx7q2mz9@corp.io ist das Passwort für den Router.", "alice.Kx7q2mz9@corp.io"),
    ("fe80::1ff:fe23:4567:890a ist das Passwort für den Router.", "fe80::1ff:fe23:4567:890a"),  # IPv6 (PII)
    ("ghp_abcdefghijklmnopqrstuvwxyz0123456789#58 ist das Passwort.", "ghp_abcdefghijklmnopqrstuvwxyz0123456789#58"),
    ("sk-proj-Kx7q2mz9Tarla58 ist das Passwort.", "sk-proj-Kx7q2mz9Tarla58"),
]


def _answer(sentence: str) -> str:
    return f"Sure:\n{sentence}\nAnything else?"


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING)
def test_the_whole_answer_masks_the_token_as_a_password(rt, sentence, token):
    text = _answer(sentence)
    masked = rt.inspector.inspect_text(text, "response", "t").text
    assert token not in masked and f"[MASKED:{RULE}:" in masked


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING)
def test_a_first_delta_ending_anywhere_does_not_send_the_token(rt, composed, sentence, token):
    text = _answer(sentence)
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, repr(text[:cut])


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING)
def test_one_character_per_event_does_not_send_the_token(rt, composed, sentence, token):
    assert leak(rt, composed, list(_answer(sentence))) is None


@pytest.mark.parametrize("sentence, token", SETTLED_LOOKING[::2])
def test_in_a_tool_call_s_argument_fragments_neither(rt, composed, sentence, token):
    body = json.dumps({"note": sentence}, ensure_ascii=False)
    for cut in range(1, len(body), 2):
        assert leak(rt, composed, [body[:cut], body[cut:]], tool_call=True) is None, repr(body[:cut])


# ---- 2. WebSocket text that goes on over messages: the value at one message's end, its word in the next --------
OVER_MESSAGES = [
    ["Sure: Kx7q2mz9", " benim şifrem, kimseye söyleme. "],
    ["Sure: Kx7q2mz9 ", "ist das Passwort für den Router. "],
    ["Sure: Kx7q2mz9 ist", " das Passwort für den Router. "],
    ["ルーターはSakura#4471を", "パスワードにしてください。"],
    ["Sure: Kx7q2mz9@corp.io", " benim şifrem, kimseye söyleme. "],
]


def _message(part: str, realtime: bool) -> bytes:
    return (json.dumps({"type": "response.text.delta", "output_index": 0, "delta": part}) if realtime
            else part).encode()


def _token(parts: list[str]) -> str:
    return next(w for w in "".join(parts).replace("ルーターは", " ").replace("を", " ").split() if "#" in w or
                any(c.isdigit() for c in w))


@pytest.mark.parametrize("realtime", [True, False], ids=["realtime deltas", "plain-text messages"])
@pytest.mark.parametrize("from_client", [False, True], ids=["vendor to agent", "agent to vendor"])
@pytest.mark.parametrize("parts", OVER_MESSAGES)
async def test_a_value_at_a_message_end_with_its_word_in_the_next_message_is_not_forwarded(
        rt, addon, parts, realtime, from_client):
    token = _token(parts)
    assert token not in rt.inspector.inspect_text("".join(parts), "response", "t").text  # a password as a whole
    f = websocket_flow()
    for part in [*parts, " Anything else? "]:
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client,
                                                               _message(part, realtime)))
        await addon.websocket_message(f)
        if f.error:
            break
    addon.websocket_end(f)
    forwarded = [m.content for m in f.websocket.messages if not m.dropped]
    sent = "".join(json.loads(c)["delta"] if realtime else c.decode() for c in forwarded)
    assert token not in sent, forwarded
