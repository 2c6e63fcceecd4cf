"""generic-password-agent-step keeps its value group at top level: a stream holds from where a value can begin (after
`type `, `sign in to X as Y with `, `(admin, `), not from every word that might open its match (DESIGN.md "What is
held and why")."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULE = "generic-password-agent-step"


def test_the_agent_step_rule_is_a_value_rule():
    assert RULE in PREFIXES


@pytest.mark.parametrize("text", ["Here is the answer", "Plan:\n1. open the page\n2. sign", "the router login",
                                  "Thought: I need to log", "Action: browser_login", "its secret"])
def test_a_word_tail_is_not_held(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


def test_a_value_after_the_step_is_held():
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    text = "Plan:\n3. type Heron#Mar"
    assert only_values.safe_end(text, 0) <= text.index("Heron")
