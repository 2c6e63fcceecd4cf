"""The rules prose29 widened (generic-password-cli's 7z / rar / racadm / xe / rasdial places, the stdin pipe's
openconnect reader, Oracle's userid=) keep their value group at top level, so a stream holds from where a value can
begin, not from every word that might open their match (tests/stream/test_prose24_value_rules.py: the defect class)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-password-cli", "generic-password-stdin-pipe", "generic-jdbc-oracle-credentials",
         "generic-password-secret-noun", "generic-password-positional"]


def test_the_widened_rules_are_value_rules():
    assert set(RULES) <= set(PREFIXES)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "run 7z a -mhe=on", "rasdial Depot kolsen", "userid",
                                  "impdp parfile=hr.par\nuserid",
                                  "sudo openconnect --user=kolsen --passwd-on-stdin", "xe -u root", "the SIP",
                                  "new SIP secret", "ldap_bind($conn, "])
def test_a_word_tail_is_not_held_for_these_rules(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)
