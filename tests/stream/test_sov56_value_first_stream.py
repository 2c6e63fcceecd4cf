"""sov56: a password before the word that names it (rule generic-password-value-first) through the stream hold-back.

The hold-back keeps a token shaped like a password (a letter and a digit or symbol) while the words after it may still
become the construction (the rule regex's partial match: at most three words, then the word), and lets it go as soon
as they cannot; a letters-only word or a PIN is never held, so prose flows as before. A value cut by the deltas
anywhere, or sent one character per event, reaches the client masked (the oracle of test_holdback_attack.py: each
text the client has after an event is a prefix of the whole text masked)."""

from __future__ import annotations

import pytest

from addons.detect.holdback import Holdback
from tests.detect.test_sov56_value_first import OPTIONAL, SCANNER
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

RULE = "generic-password-value-first"
HOLD = Holdback.for_scanner(SCANNER).only([RULE])

CARRIERS = [
    "Yeni wifi için Tarla#58 benim şifrem, kimseye söyleme.",
    "ルーターはSakura#4471をパスワードにしてください。",
    "공유기는 Sejong!84를 비밀번호로 설정해 주세요",
    "ऑफिस वाईफाई: Nadi@4417 मेरा पासवर्ड है",
    "router ke liye Falcon9x ko password banao",
    "Wisla#2290 to moje hasło do poczty",
]


@pytest.mark.parametrize("head, tail", [
    ("Note: ", "Sakura#4471"),
    ("Note: ", "Sakura#4471 "),
    ("Note: ", "Sakura#4471 benim"),
    ("Note: ", "Sakura#4471 to moje "),
    ("Note: ", "Sakura#4471를"),
])
def test_a_token_shaped_like_a_password_is_held_while_its_word_may_follow(head, tail):
    assert HOLD.safe_end(head + tail) <= len(head)


@pytest.mark.parametrize("text, released_through", [
    ("Build x86_64 runs on the new cluster tonight", "Build x86_64 runs on the new "),  # 4 words after: let go
    ("the sunshine and the rain and the wind", "the sunshine and the rain and the "),  # letters only: never held
    ("call 4829 on the phone in the hall", "call 4829 on the phone in the "),  # digits alone: never held
])
def test_a_token_is_let_go_once_no_word_can_follow_and_words_or_pins_are_never_held(text, released_through):
    assert HOLD.safe_end(text) >= len(released_through)


# The rule is not shipped (DESIGN.md "Value before its word"): the opt-in pack beside the shipped rules.
rt, composed = support.shipped_answer_fixtures(OPTIONAL)


def test_the_carriers_values_are_findings_of_the_scanner(rt):
    for carrier in CARRIERS:
        assert [f for f in rt.inspector.inspect_text(carrier, "response", "t").findings], carrier


# Every split of each carrier in the full suite; the unit loop splits a seeded half (unit62), and sends every carrier
# one character per event below.
@pytest.mark.sweep_sample(lambda carrier: sampled(carrier))
@pytest.mark.parametrize("carrier", CARRIERS)
def test_a_value_before_its_word_cut_anywhere_reaches_the_client_masked(rt, composed, carrier):
    assert rt.inspector.inspect_text(carrier, "response", "t").findings  # else the oracle passes with nothing masked
    text = f"Sure:\n{carrier}\nAnything else?"
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut


@pytest.mark.parametrize("carrier", CARRIERS)
def test_a_value_before_its_word_one_character_per_event_reaches_the_client_masked(rt, composed, carrier):
    assert rt.inspector.inspect_text(carrier, "response", "t").findings
    assert leak(rt, composed, list(f"Sure:\n{carrier}\nAnything else?")) is None


@pytest.mark.parametrize("carrier", CARRIERS[:3])
def test_in_a_tool_call_s_arguments_too(rt, composed, carrier):
    import json

    assert rt.inspector.inspect_text(carrier, "response", "t").findings
    text = json.dumps({"note": carrier}, ensure_ascii=False)
    for cut in range(1, len(text), 3):
        assert leak(rt, composed, [text[:cut], text[cut:]], tool_call=True) is None, cut
