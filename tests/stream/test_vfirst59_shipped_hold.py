"""vfirst59: attack58's cases on hold58's hold (tests/stream/test_attack58_hold58_spared.py, run there with the opt-in
value-first pack loaded) run here with the shipped rules alone, now that rules/value-first.yaml ships the value before
its word where its word is rare in code (generic-password-value-first-lite: şifre, Passwort, パスワード are its words).
Which of attack58's holes the shipped rules now reach, each a strict xfail naming why (EVASION.md, attack58 rows)."""

from __future__ import annotations

import json

import pytest
from mitmproxy import websocket

from addons.stream.streaming import Streaming
from tests.stream import support
from tests.stream import test_attack58_hold58_spared as attack58
from tests.stream.test_attack_split_records import websocket_flow
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

RULE = "generic-password-value-first-lite"


rt, composed = support.shipped_answer_fixtures()  # the shipped policy and the shipped rules only


def test_the_shipped_rules_hold_the_lite_rule_and_not_the_opt_in_one(rt):
    ids = {r.id for r in rt.inspector.scanner.rules}
    assert RULE in ids
    assert "generic-password-value-first" not in ids


@pytest.fixture
def addon(rt):
    from mitmproxy.test import taddons

    a = Streaming()
    with taddons.context(a):
        yield a


# Measured at vfirst59's first commits: exactly attack58's strict xfails, none more (no delta cut leaks, and the
# realtime `.delta` and the agent's glued Turkish pass). None is a leak the subset adds: with main's shipped rules no
# rule found any of these values, in a whole text or a stream; they are the shipped rule's open limits now.
# hold61 closed the 13 whole-text ones; the WebSocket message ends stay open by design (EVASION.md, attack58's third
# row: a plain message is a unit its receiver acts on; Gemini Live's turn would need its held end written into the
# `turnComplete` message).
SHIPPED_OPEN = pytest.mark.xfail(strict=True, reason="open by design since hold58 (vfirst59: with the shipped rules): "
                                 "a message end settles the verdict, the value leaves before the next message brings "
                                 "its word; found then, noted, kept out of the record (EVASION.md, attack58 rows)")


CASES = [*attack58.WHOLE_TOKENS, *attack58.GLUED, attack58.GITHUB_GLUED, *attack58.HELD]


# hold61: all 16 masked (13 were strict xfails on main: a PII finding the answer's policy allows took the token, a
# precise finding on part of the token took it all and the rest went out; scanner._resolve_cluster).
@pytest.mark.parametrize("sentence, secret, direction", [
    pytest.param(s, t, d, id=f"{d}-{t}") for s, t in CASES for d in ("request", "response")])
def test_the_whole_text_masks_the_password_before_its_word(rt, sentence, secret, direction):
    masked = rt.inspector.inspect_text(attack58._answer(sentence), direction, "t").text
    assert secret not in masked, masked


# Every split of each sentence in the full suite; the unit loop splits the HELD ones (as attack58's does) and the
# sentences attack58's sample leaves out, so the loop splits each sentence under one of the two rule sets (unit62).
@pytest.mark.sweep_sample(lambda sentence, token: (sentence, token) in attack58.HELD or not sampled(sentence))
@pytest.mark.parametrize("sentence, token", attack58.SETTLED_LOOKING)
def test_a_first_delta_ending_anywhere_sends_nothing_the_whole_answer_masks(rt, composed, sentence, token):
    text = attack58._answer(sentence)
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, repr(text[:cut])


@pytest.mark.parametrize("framing, from_client, case", [
    pytest.param(f, c, k, marks=[SHIPPED_OPEN] if (f, c, k) in attack58.SENT_AFTER_HOLD58 else [],
                 id=f"{f}-{'agent' if c else 'vendor'}-{k}")
    for f in ("realtime", "plain", "gemini") for c in (False, True) for k in attack58.OVER_MESSAGES
    if not (f == "gemini" and c)])
async def test_a_value_at_a_message_end_with_its_word_in_the_next_message_is_not_forwarded(
        rt, addon, framing, from_client, case):
    parts, token = attack58.OVER_MESSAGES[case], attack58.TOKENS[case]
    for direction in ("request", "response"):
        assert token not in rt.inspector.inspect_text("".join(parts), direction, "t").text
    f = websocket_flow()
    for part in [*parts, " Anything else? "]:
        f.websocket.messages.append(websocket.WebSocketMessage(websocket.Opcode.TEXT, from_client,
                                                               attack58._message(part, framing)))
        await addon.websocket_message(f)
        if f.error:
            break
    if framing == "gemini":
        f.websocket.messages.append(websocket.WebSocketMessage(
            websocket.Opcode.TEXT, from_client, json.dumps({"serverContent": {"turnComplete": True}}).encode()))
        await addon.websocket_message(f)
    addon.websocket_end(f)
    forwarded = [m.content for m in f.websocket.messages if not m.dropped]
    assert token not in "".join(attack58._text(c, framing) for c in forwarded), forwarded
