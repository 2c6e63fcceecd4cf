"""prose49: rule generic-password-vocabulary (prose48: a password after a word of the vocabulary table, in any of its
107 languages) has no keywords and a prefix of any letter and a blank, so both stream hold-backs held every word of
prose as a value still being written ("the model" from "model", long command lines past 128 characters). Its
validator `table_word_password` gates it on a password word of the table before the token on its line
(word_table.table_word_before), and the scanner and both hold-backs read that gate. Here: text with no such word
before it is not held for the rule; a value after such a word is held from where it begins, and cut by the deltas
anywhere it reaches the client masked whole, with no stop (the oracle of test_holdback_attack.py)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support
from tests.stream.test_holdback_attack import leak

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULE = "generic-password-vocabulary"

# What the rule held on main with prose48 merged (be53395), from the tests that failed then and a few more.
UNGATED = [
    "the model",
    "Here is the answer model",
    "line one\nmodel",
    "x postgres://orders:Zx8K",
    "mysql -h db-primary.internal -P 3306 -u report_reader --ssl-mode=REQUIRED --default-character-set=utf8mb4 "
    "-e 'SELECT id FROM orders' orders_2026 > /tmp/out.csv",
    "Set the retries to 3 and the timeout to 30s: the client backs off exponentially",
    "It worked! The build ran in 4m12s and pushed v2.3.1",
    # a word of the table after the token, or on the line above, opens nothing: the gate reads before it, on its line
    "Deploy v2.3.1 first, then change the wachtwurd",
    "wachtwurd\nDeploy v2.3.1",
]


def _held(text: str) -> tuple[int, int]:
    """(the plain hold-back's safe end, the value hold-back's) for the rule alone."""
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    return Holdback.for_scanner(SCANNER).only([RULE]).safe_end(text, 0), only_values.safe_end(text, 0)


def test_the_rule_is_a_gated_value_rule():
    assert RULE in PREFIXES
    assert SCANNER.rule(RULE).validator == "table_word_password"


@pytest.mark.parametrize("text", UNGATED)
def test_text_with_no_table_word_before_it_is_not_held(text):
    assert _held(text) == (len(text), len(text))


# (the text before the value, the value's first characters): a password word of the table before it on its line
CUT = [
    ("Hoi, it nije wachtwurd foar de laptop op it kantoar: ", "Reiger#Fe"),  # West Frisian, a clause and a colon
    ("Kia ora, te kupuhipa mō te pūrere: ", "Tui_Ka"),  # Māori
    ("Kaixo! Pasahitza: ", "Itsaso!Me"),  # Basque
    ("brûkersnamme t.ngata, wachtwurd ", "807"),  # a user / password pair, a PIN
    ("Шинэ нууц үг: ", "Tal#Mo"),  # Mongolian: another script (`???` before a colon in Hyperscan's view)
    ("the kupuhipa for the router is written on a sticker, and for the NAS it is: ", "Tui_Ka"),  # far after it
]


@pytest.mark.parametrize("head, value_part", CUT)
def test_a_value_after_a_table_word_cut_by_the_delta_is_held_from_its_start(head, value_part):
    plain, values = _held(head + value_part)
    assert plain <= len(head) and values <= len(head)


# Whole answers: the rule reports their value (asserted), so the masker must never send it.
CARRIERS = [
    "Hoi, it nije wachtwurd foar de laptop op it kantoar: Reiger#Fean27 - net trochjaan",
    "Kia ora, te kupuhipa mō te pūrere: Tui_Kahu84.",
    "Kaixo! Pasahitza: Itsaso!Mendi42, aldatu gero",
]


rt, composed = support.shipped_answer_fixtures()


@pytest.mark.slow  # ~250 streams
@pytest.mark.parametrize("carrier", CARRIERS)
def test_a_value_after_a_table_word_cut_anywhere_reaches_the_client_masked(rt, composed, carrier):
    text = f"Sure:\n{carrier}\nAnything else?"
    assert RULE in [f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings]
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut
    assert leak(rt, composed, list(text)) is None  # one character per event


def test_prose_with_no_table_word_streams_through_the_composed_hold_back_unmasked(rt, composed):
    text = " ".join(UNGATED) * 3
    assert rt.inspector.inspect_text(text, "response", "t").findings == []
    assert leak(rt, composed, [text[i:i + 3] for i in range(0, len(text), 3)]) is None
