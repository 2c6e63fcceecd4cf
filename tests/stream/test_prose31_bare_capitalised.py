"""generic-password-letters' prose31 branch (a capitalised value right after the lower-case English word: "password
GoudaTurnip.") keeps the rule a value rule: a stream holds from where the value can begin, so a value cut by a
chunk is held whole, and text after no such word is not held for it (tests/stream/test_prose30_value_rules.py)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULE = "generic-password-letters"


def test_the_rule_is_still_a_value_rule():
    assert RULE in PREFIXES


@pytest.mark.parametrize("head,value_part", [
    ("Photos are in the shared album, password ", "Marmot"),
    ("Photos are in the shared album, password ", "MarmotGl"),
    ("Use your username kolsen and the temporary password ", "Quill"),
    ("Log in as kolsen with the passcode ", "Tarn"),
])
def test_a_value_cut_by_the_chunk_is_held_from_its_start(head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["Here is the answer", "Photos are in the shared album", "MarmotGlade is a name"])
def test_text_after_no_such_word_is_not_held_for_it(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("text,value", [
    ("Photos are in the shared album, password MarmotGlade. Thanks to all who came", "MarmotGlade"),
    ("Use your username kolsen and the temporary password Quillmarten. You will be asked", "Quillmarten"),
])
@pytest.mark.parametrize("chunk", [1, 3, 7])
def test_streamed_in_small_chunks_the_value_is_masked(text, value, chunk):
    # Release only what the hold-back allows, then scan the whole text once it is complete: what was released
    # before the value was found must not hold any of it.
    holdback = Holdback.for_scanner(SCANNER)
    released = 0
    for end in range(chunk, len(text) + chunk, chunk):
        seen = text[:min(end, len(text))]
        if end < len(text):
            released = max(released, holdback.safe_end(seen, released))
    start = text.index(value)
    assert released <= start
    assert any(text[f.start:f.end] == value for f in SCANNER.scan(text))


# generic-password-wifi's prose31 branch ("the venue wifi is NETWORK with the key X") holds from the value only.
@pytest.mark.parametrize("head,value_part", [("the venue wifi is Annex-Guest with the key ", "Fulm"),
                                             ("the WiFi network is LOBBY5 with the password ", "8310")])
def test_the_wifi_key_cut_by_the_chunk_is_held_from_its_start(head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-wifi"}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["the venue wifi is Annex-Guest", "the venue wifi is Annex-Guest with the",
                                  "Here is the answer"])
def test_wifi_talk_before_the_key_is_not_held_for_it(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-wifi"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)
