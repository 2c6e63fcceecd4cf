"""attack54: prose52's keep-it hold (`holdback.verdict_open` keeps a device's token while "Don't share it" is still
being written) against an agent that wants the token out.

The hole: the context scorer reads the sentence with `re` and the hold with `regex` (partial matching), and their
ignore-case differ on one letter of it: `re` folds the dotless `ı` (U+0131) to `i`, `regex` does not (measured over
every code point for the sentence's letters: that is the only one). So "Don't gıve it" made the scan of the whole
text mask the token while the hold ended at `gı` and the token went out. The hold now reads the sentence with `re`'s
extra fold applied.

Guards (pass before and after): the sentence ended oddly (`!`, an emoji, the end of the stream, a tab run, the curly
apostrophe), and a sentence that never ends: the hold lasts at most `_KEEP_IT_READS` characters, then the token is
judged and released or masked; the stream neither stops nor waits for ever. The oracle is
test_holdback_attack.leak (every text the client has is a prefix of the whole text masked, no stop)."""

from __future__ import annotations

import json

import pytest

from addons.detect import holdback
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

rt, composed = support.shipped_answer_fixtures()
TOKEN = "quollfescue"
LEAD = f"Crew: the gate app now opens with {TOKEN}"


def _answer(text: str) -> str:
    return f"Sure:\n{text}\nAnything else?"


def _cuts_hold(rt, composed, text: str) -> None:
    whole = _answer(text)
    end = whole.index(TOKEN) + len(TOKEN)
    for cut in range(end - 2, len(whole)):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, ascii(whole[end:cut])


@pytest.mark.parametrize("after", [". Don't g\u0131ve it to visitors.", ". Do not show \u0131t to anyone.",
                                   ". Please don't wr\u0131te it down."], ids=["give", "show-it", "write"])
def test_a_keep_it_sentence_with_a_dotless_i_holds_the_token_until_it_is_judged(rt, composed, after):
    whole = _answer(LEAD + after)
    assert TOKEN not in rt.inspector.inspect_text(whole, "response", "t").text  # the scorer takes it (`re` folds)
    _cuts_hold(rt, composed, LEAD + after)  # before: the token went out at `g\u0131` (give) / `wr\u0131` (write)


def test_a_keep_it_sentence_with_a_dotless_i_one_char_at_a_time_and_in_json_is_masked(rt, composed):
    text = LEAD + ". Don't g\u0131ve it to visitors."
    assert TOKEN not in rt.inspector.inspect_text(_answer(text), "response", "t").text
    assert leak(rt, composed, list(_answer(text))) is None
    assert leak(rt, composed, list(json.dumps({"note": text}, ensure_ascii=False)), tool_call=True) is None


@pytest.mark.parametrize("after", ["! Don't give it to visitors.", ". Don't give it \U0001f512 ok.", ". Don't give it",
                                   ".\t\tPlease\t\tdon't\t\tgive\t\tit away.", ". Don\u2019t give it to visitors."],
                         ids=["bang", "emoji", "stream-end", "tabs", "curly"])
@pytest.mark.sweep_sample(lambda after: sampled(after))
def test_a_keep_it_sentence_ended_oddly_holds_the_token(rt, composed, after):
    _cuts_hold(rt, composed, LEAD + after)


def test_a_keep_it_sentence_that_never_ends_releases_the_hold_at_its_bound_without_stopping(rt, composed):
    """Blanks and `please`s as long as the sentence's regex reads: the hold is bounded, the stream goes on."""
    text = LEAD + ".        please        do not        " + "please " * 40 + "and so on."
    whole = _answer(text)
    assert leak(rt, composed, list(whole)) is None
    end = whole.index(TOKEN) + len(TOKEN)
    # the sentence still "arriving" past the hold's bound, the delta ending at a blank (inside a word, the context
    # scorer's own AFTER_RADIUS hold applies: DESIGN "Context-scored rules")
    first = whole[:whole.index(" ", end + holdback._KEEP_IT_READS) + 1]
    safe_end, value_hold = composed
    m = StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
    for event in S.openai_chat([first]).split(b"\n\n")[:2]:  # the role event and the one delta
        m.feed(event + b"\n\n")
    assert not m.stopped
    (got,) = m.masked_text.values()
    assert len(got) > end, "the hold outlived its bound"  # released (the token judged), not held for ever
