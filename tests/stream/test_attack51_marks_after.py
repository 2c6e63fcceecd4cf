"""attack51: gate50's hold (holdback.verdict_open) kept a context-scored match while at most MARKS_AFTER (4) chars
with no word char followed its value. The marks the scorers read have unbounded blanks in them (ANSWER_REST's
`[ \\t]+[-–—][ \\t]`, ISSUED_PIN_ENDS, scanner's `_REMARK_OR_CELL` after a password's own period), so a model that
writes five blanks or tabs before the dash (`Ann: X     - I'll change it`, a table of answers aligned by spaces)
had the hold give up at the dash: the delta ending there sent the whole answer's value in clear (no finding yet:
a dash glued to what comes next ends no answer), or a login pair's own period. Now a run of blanks counts as one
mark. Oracle: test_holdback_attack.leak (each text the client has after an event is a prefix of the whole text
masked)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

ANSWERS = [
    ("Tom: What is the password for the office phone?\nAnn: Kano#Gari58", " I change it tomorrow.", "Kano#Gari58"),
    ("Binta: Menene kalmar sirrin wayar ofis?\nSani: Kano#Gari58", " zan canza ta gobe.", "Kano#Gari58"),
    ("Kiln controller login r.mbeki / Tq7vLm29x.", " only for the firing schedule.", "Tq7vLm29x."),
]
MARKS = ["    -", "     -", "\t\t\t\t\t–", "      —", " " * 12 + "-", " \t \t - "[:-1]]


rt, composed = support.shipped_answer_fixtures()


@pytest.mark.sweep_sample(lambda head, rest, value, marks: sampled(head, marks))
@pytest.mark.parametrize("marks", MARKS, ids=[repr(m) for m in MARKS])
@pytest.mark.parametrize("head, rest, value", ANSWERS, ids=[a[0][:16] for a in ANSWERS])
def test_an_answer_whose_dash_follows_many_blanks_is_held_until_its_verdict(rt, composed, head, rest, value, marks):
    whole = f"Sure:\n{head}{marks}{rest}\nAnything else?"
    assert value in [whole[f.start:f.end] for f in rt.scanner.scan(whole)]
    cut = len(f"Sure:\n{head}{marks}")
    for at in range(cut - len(marks), cut + 1):  # every cut in the marks, the dash last
        assert leak(rt, composed, [whole[:at], whole[at:]]) is None, repr(whole[cut - len(marks):at])


def test_the_hold_back_counts_a_run_of_blanks_as_one_mark():
    hb = Holdback.for_scanner(Scanner.default())
    question = "Sure:\nTom: What is the password for the office phone?\nAnn: Kano#Gari58"
    for marks in MARKS:
        assert hb.safe_end(question + marks) <= question.index("Kano"), repr(marks)
    # five marks that are not blanks still end the scorers' hold: they read no such run. (sov57: the value before
    # its word still holds the token, as `-.-.-.` may be one of the words before a `password` that is yet to come.)
    value_first = "generic-password-value-first-lite"
    scorers = hb.only([rule_id for rule_id in hb.rule_ids if rule_id != value_first])
    assert scorers.safe_end(question + " -.-.-.") > question.index("Kano")
    assert hb.only([value_first]).safe_end(question + " -.-.-.") == question.index("Kano")
