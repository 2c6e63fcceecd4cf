"""attack54: a context-scored value whose verdict or token the scan reads through a disguise (a zero-width space, a
soft hyphen, a Cyrillic lookalike, a fullwidth letter, an HTML reference), streamed. The whole text's scan reads the
undisguised view (`disguise.view_of`), where prose52's keep-it sentence ("Don't share it") or the device's letters
token is whole, and masks the token. The stream's value hold-back read only the text as written: there the sentence
was no keep-it sentence (`sh\\u200bare`) or the token no match (`quoll\\u200bfescue`: five letters, then six), so the
token went out before the sentence that condemns it arrived. `disguise.disguised_safe_end` held the undisguised view
with the plain hold-back only (attack4: keys); the value hold-back now reads it too (stream/streaming.py).
The oracle is test_holdback_attack.leak: every text the client has is a prefix of the whole text masked, no stop."""

from __future__ import annotations

import pytest

from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

rt, composed = support.shipped_answer_fixtures()
TOKEN = "quollfescue"
LEAD = "Crew: the gate app now opens with "
SHAPES = {
    "zero-width in the sentence": LEAD + TOKEN + ". Don't sh\u200bare it with visitors.",
    "soft hyphen in the sentence": LEAD + TOKEN + ". Don't sh\u00adare it with visitors.",
    "cyrillic o in the sentence": LEAD + TOKEN + ". D\u043en't share it with visitors.",
    "fullwidth s in the sentence": LEAD + TOKEN + ". Don't \uff53hare it with visitors.",
    "html apostrophe": LEAD + TOKEN + ". Don&#39;t share it with visitors.",
    "zero-width in the token": LEAD + "quoll\u200bfescue. Don't share it with visitors.",
    "cyrillic e in the token": LEAD + "quollf\u0435scue. Don't share it with visitors.",
}


def _answer(text: str) -> str:
    return f"Sure:\n{text}\nAnything else?"


@pytest.mark.sweep_sample(lambda name: sampled(name))
@pytest.mark.parametrize("name", sorted(SHAPES))
def test_a_disguised_keep_it_sentence_or_token_holds_the_token_until_it_is_judged(rt, composed, name):
    whole = _answer(SHAPES[name])
    masked = rt.inspector.inspect_text(whole, "response", "t").text
    assert "quoll" not in masked and "fescue" not in masked, ascii(masked)  # the whole text's scan masks it
    start = whole.index("quoll")
    for cut in range(start + 3, len(whole)):  # before: the token went out within the sentence
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, ascii(whole[start:cut])


def test_a_disguised_keep_it_sentence_one_char_at_a_time_is_masked(rt, composed):
    assert leak(rt, composed, list(_answer(SHAPES["zero-width in the sentence"]))) is None


def test_a_plain_sentence_that_is_no_keep_it_sentence_still_releases_the_token(rt, composed):
    """Not every token is held to the end: a non-ASCII answer with no keep-it sentence streams as before."""
    whole = _answer(LEAD + TOKEN + ". Das T\u00fcrschloss ist neu, viel Gl\u00fcck damit und sch\u00f6nen Tag.")
    assert TOKEN in rt.inspector.inspect_text(whole, "response", "t").text
    assert leak(rt, composed, list(whole)) is None
