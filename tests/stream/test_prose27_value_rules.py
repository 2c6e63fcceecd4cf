"""generic-password-cracked (prose27) keeps one value group at top level: a stream holds from where its value can
begin, not from every `[+]` or `john` in a message (DESIGN.md "What is held and why"; the defect class of
tests/stream/test_prose24_value_rules.py)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-password-cracked", "generic-password-os-account", "generic-xml-credential",
         "generic-password-cli"]


def test_the_rules_are_value_rules():
    assert set(RULES) <= set(PREFIXES)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "[+] Found 3 hosts\n[*] john", "ask john about --show",
                                  "d-i passwd/user", "<AdministratorPassword>\n  <Val", "qm set 9000 --cipass"])
def test_a_word_tail_is_not_held_for_these_rules(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("text,opens", [
    ("SMB 10.0.5.20 445 FILESRV01 [+] corp.test\\k.olsen:Tarn", "Tarn"),
    ("[*] DefaultPassword\nCORP\\k.olsen:Gann", "Gann"),
    ("$ john --show shadow.txt\nk.olsen:Quoll", "Quoll"),
])
def test_a_value_that_has_begun_is_held(text, opens):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-cracked"}, PREFIXES)
    assert only_values.safe_end(text, 0) <= text.index(opens)
