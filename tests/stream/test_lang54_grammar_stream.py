"""lang54: what the grammar module (addons/detect/grammar.py), the table's new forms, the rule's new first-stage
alternative (a word of another script, a blank, the token) and each script's quotes let rule
generic-password-vocabulary find, the stream hold-backs hold too: the gate they read (word_table.table_word_before)
opens on the same table words before the token, so a value cut by the deltas anywhere reaches the client masked
(the oracle of test_holdback_attack.py)."""

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


def _held(text: str) -> tuple[int, int]:
    """(the plain hold-back's safe end, the value hold-back's) for the rule alone."""
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    return Holdback.for_scanner(SCANNER).only([RULE]).safe_end(text, 0), only_values.safe_end(text, 0)


# (the text before the value, the value's first characters), one per cause
CUT = [
    ("Mia nova pasvorto estas ", "Ruĝa#Ka"),  # Esperanto: the language's copula
    ("Is e am facal-faire ùr agam ", "Loch~Be"),  # Scottish Gaelic: a possessive after the noun
    ("Mənim şifrəm ", "Xəzər#D"),  # Azerbaijani: the word with its possessive suffix
    ("Менин жаңы сырсөзүм ", "Ala-To"),  # Kyrgyz: another script, a blank
    ("Μαρία: ο κωδικός πρόσβασης είναι «", "Olympo"),  # Greek: guillemets
    ("Joan: lo senhal es « ", "Pic!Mi"),  # Occitan: guillemets with a blank inside
]


@pytest.mark.parametrize("head, value_part", CUT)
def test_a_value_after_a_table_word_in_its_grammar_is_held_from_its_start(head, value_part):
    plain, values = _held(head + value_part)
    assert plain <= len(head) and values <= len(head)


# Whole answers: the scanner reports their value (asserted), so the masker must never send it.
CARRIERS = [
    "Mia nova pasvorto estas Ruĝa#Kato48, ne diru al iu ajn",
    "Менин жаңы сырсөзүм Ala-Too#93 - эч кимге айтпа",
    "Μαρία: ο κωδικός πρόσβασης είναι «Olympos#2917», μην τον δώσεις",
]

rt, composed = support.shipped_answer_fixtures()


def test_the_carriers_values_are_findings_of_the_scanner(rt):
    for carrier in CARRIERS:
        assert rt.inspector.inspect_text(carrier, "response", "t").findings, carrier


@pytest.mark.slow  # ~200 streams each
@pytest.mark.parametrize("carrier", CARRIERS)
def test_a_value_in_its_grammar_cut_anywhere_reaches_the_client_masked(rt, composed, carrier):
    text = f"Sure:\n{carrier}\nAnything else?"
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut
    assert leak(rt, composed, list(text)) is None  # one character per event
