"""attack60: the shipped value-first rule (generic-password-value-first-lite) in a streamed answer, its text and a
tool call's arguments (JSON, the word written or \\u-escaped) cut at every point into two deltas: a capitalised
word beyond ASCII (`Şifre`, `ŞİFREM`, `HASŁO`: the rule's regex runs with regex.ASCII and read none of them; failed
on main d7d4e25, the value went out), and prose about passwords that ends the answer inside the hold (`OAuth2 as the
PIN replacement` masked on main d7d4e25; `Python3 is the`: held while a word may follow, all of it sent at the
stream's end). Each client text after each event is a prefix of the whole answer masked, and the end is that text
(test_holdback_attack's `leak`)."""

from __future__ import annotations

import json

import pytest

from tests.stream import support
from tests.stream.test_holdback_attack import leak

rt, composed = support.shipped_answer_fixtures()  # the shipped policy and the shipped rules only

CAPITALISED = [
    ("Depo kamerası: Heron#4471 benim Şifrem", "Heron#4471"),
    ("KAMERA: Efes!3318 BENİM ŞİFREM", "Efes!3318"),
    ("Wawel!993 TO MOJE HASŁO DO KAMERY", "Wawel!993"),
]
PROSE = ["OAuth2 as the PIN replacement", "md5crypt was the passwd default", "Python3 is the"]


SHAPES = ["text", "tool-args", "tool-args-escaped"]


# Every sentence in every shape in the full suite; the unit loop each sentence in one shape and each shape once
# (unit62).
@pytest.mark.sweep_sample(lambda said, value, shape: CAPITALISED.index((said, value)) == SHAPES.index(shape))
@pytest.mark.parametrize("shape", SHAPES)
@pytest.mark.parametrize("said, value", CAPITALISED)
def test_a_capitalised_word_split_anywhere_masks_the_value(rt, composed, said, value, shape):
    tool_call = shape != "text"  # the arguments are JSON, the word as the model writes it or \u-escaped
    sentence = json.dumps({"note": said}, ensure_ascii=shape.endswith("escaped")) if tool_call else said
    assert value not in rt.inspector.inspect_text(sentence, "response", "t").text
    for cut in range(1, len(sentence)):
        assert leak(rt, composed, [sentence[:cut], sentence[cut:]], tool_call) is None, repr(sentence[:cut])


@pytest.mark.parametrize("sentence", PROSE)
def test_prose_about_a_password_ending_the_answer_is_sent_whole(rt, composed, sentence):
    assert rt.inspector.inspect_text(sentence, "response", "t").text == sentence
    for cut in range(1, len(sentence)):
        assert leak(rt, composed, [sentence[:cut], sentence[cut:]]) is None, repr(sentence[:cut])
