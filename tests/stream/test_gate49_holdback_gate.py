"""gate49: attacks on prose49's gate (rule generic-password-vocabulary holds text back only after a password word of
the vocabulary table on its line, word_table.table_word_before), with the oracle of test_holdback_attack.py: each
text the client has after an event is a prefix of the whole text masked (no character of a value the scan of the
whole text masks goes out first; a stop fails it too).

1. Found and fixed: after more than 1,280 characters with no blank (a run of dashes, a path, one long word), the
   masker keeps 1,024 of the sent text and re-scans from CONTEXT_CHARS back, moved forward to the next blank
   (context.context_start). The gate reads its word BEFORE the separator the rule's match begins at, so that blank
   could be the one after the word, or none (the window began at the new text): the hold-back, reading the kept
   text, held the value, and the scan of the window, which had no word, released it in clear (`---,wachtwurd X`,
   `aaa,kupuhipa mō te pūrere: X`). The window now also begins at a word's start after a symbol.
2. Held (regressions): the word split anywhere across deltas, in every language of the table, decomposed (NFD:
   combining marks in their own deltas), `\\uXXXX`-escaped in JSON the model writes, JSON in a JSON string, a
   line break other than `\\n` between the word and the value (the gate and the scanner both read those as one
   line), and the 160-character reach of the gate at and around its end."""

from __future__ import annotations

import json
import unicodedata

import pytest

from addons.detect import vocabulary
from addons.stream import context
from tests.stream import support
from tests.stream.test_holdback_attack import leak

RULE = "generic-password-vocabulary"
VALUE = "Tui_Kahu84"


rt, composed = support.shipped_answer_fixtures()


def _found(rt, text: str) -> list[str]:
    return [f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings]


# ---- 1. the masker's window after a long run with no blank ------------------------------------------------------
LEADS = ["a" * 1500, "-" * 1500, "é" * 1500, "x/" * 800]
WORDS = [",wachtwurd: ", ",wachtwurd ", ",kupuhipa: ", "|pasahitza: ", ",kupuhipa mō te pūrere: "]


# The unit loop puts each word after one lead (the leads in turn) and each lead before some word; the full suite
# every pair.
@pytest.mark.sweep_sample(lambda lead, word: LEADS.index(lead) == WORDS.index(word) % len(LEADS))
@pytest.mark.parametrize("lead", LEADS, ids=["letters", "dashes", "accented", "path"])
@pytest.mark.parametrize("word", WORDS)
def test_a_value_after_a_table_word_after_a_long_run_without_a_blank_is_masked(rt, composed, lead, word):
    text = f"Sure:\n{lead}{word}{VALUE}. ok"
    assert RULE in _found(rt, text)
    cut = len(text) - 12  # the value's first characters in the first event
    assert leak(rt, composed, [text[:cut], text[cut:]]) is None
    assert leak(rt, composed, [text[i:i + 7] for i in range(0, len(text), 7)]) is None


def test_the_window_after_a_run_without_a_blank_begins_at_a_word_start_after_a_symbol():
    kept = "a" * 1200 + ",wachtwurd: "
    assert kept[context.context_start(kept, len(kept) - 2):].startswith("wachtwurd")
    spaced = "a" * 1200 + ",kupuhipa mō te: "
    assert spaced[context.context_start(spaced, len(spaced) - 2):].startswith("kupuhipa")
    assert context.context_start("a" * 1200, 1190) == 1190  # no boundary at all: the new text, as before


# ---- 2. shapes the gate already held --------------------------------------------------------------------------
def _one_word_per_language() -> list[tuple[str, str]]:
    return [(entry.language, entry.password[0]) for entry in vocabulary.CREDENTIAL_VOCABULARY]


def _shapes(word: str) -> list[tuple[str, str, bool]]:
    """(name, text, as tool-call arguments)."""
    line = f"OK, {word}: {VALUE}."
    return [
        ("plain", f"Sure:\n{line}\nAnything else?", False),
        ("nfd", unicodedata.normalize("NFD", f"Sure:\n{line}\nAnything else?"), False),
        ("json-u", '{"note": ' + json.dumps(line, ensure_ascii=True) + "}", True),
        ("nested", json.dumps({"args": json.dumps({"note": f"{word}: {VALUE}"}, ensure_ascii=True)}), True),
        ("carriage-return", f"Sure:\nOK, {word}\rx: {VALUE}.\nAnything else?", False),
        ("line-separator", f"Sure:\nOK, {word}\u2028x: {VALUE}.\nAnything else?", False),
    ]


@pytest.mark.slow  # ~640 streams, one character per event
@pytest.mark.parametrize("language, word", _one_word_per_language(), ids=[lang for lang, _ in _one_word_per_language()])
def test_a_value_after_a_table_word_streamed_one_character_at_a_time_is_masked(rt, composed, language, word):
    for name, text, tool_call in _shapes(word):
        if not _found(rt, text):
            continue  # a word another rule's regexes read, or a shape no rule reports: nothing to mask
        assert leak(rt, composed, list(text), tool_call=tool_call) is None, name


@pytest.mark.slow  # ~150 streams
@pytest.mark.parametrize("before", ["", "Hoi ", "a-"])
def test_the_gate_s_reach_at_its_end_holds_what_the_scan_of_the_whole_text_masks(rt, composed, before):
    reported = 0
    for k in range(120, 165):  # the word 150 to 175 characters before the value
        text = f"Sure:\n{before}kupuhipa for the {'z' * k} server is {VALUE} ok"
        if not _found(rt, text):
            continue
        reported += 1
        value = text.index(VALUE)
        assert leak(rt, composed, list(text)) is None, k
        assert leak(rt, composed, [text[:value + 2], text[value + 2:]]) is None, k
    assert 0 < reported < 45  # the reach ends inside the range
