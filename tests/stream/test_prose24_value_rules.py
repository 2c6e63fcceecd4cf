"""The rules prose24 added or widened keep their value group at top level, so a stream holds from where a value can
begin, not from every line start or word that might open their match (DESIGN.md "What is held and why"). With two
`(?P<secret>...)` groups in an alternation, generic-password-wifi and generic-password-paired-key fell back to the
plain hold-back: the paired-key rule's match can begin at any word that starts a line."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-password-paired-key", "generic-password-json-named", "generic-pin-code", "generic-password-wifi",
         "generic-password-cli"]


def test_the_prose24_rules_are_value_rules():
    assert set(RULES) <= set(PREFIXES)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "line one\nmodel", "config:\n  relay_user: mailer\n  relay",
                                  '{"name": "Secret", "type": "textbox"', "the door code"])
def test_a_word_tail_is_not_held_for_these_rules(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)
