"""The rules prose28 widened keep one value group at top level: a stream holds from where their value can begin, not
from every command word, tag or line start in a message (DESIGN.md "What is held and why"; the defect class of
tests/stream/test_prose24_value_rules.py), and a value that has begun is held."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-password-os-account", "generic-password", "generic-xml-credential", "generic-password-cli",
         "generic-password-named-value"]


def test_the_rules_are_value_rules():
    assert set(RULES) <= set(PREFIXES)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "READY\nALTUSER JBLOGGS", "/msg NickServ", "<server>\n  <id",
                                  "/set irc.server.libera", "$hashed = bcrypt.hash", '{"credentials": {"type"',
                                  "    Environment:\n      DB_HOST"])
def test_a_word_tail_is_not_held_for_these_rules(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("rule_id,text,opens", [
    ("generic-password-os-account", "ALTUSER JBLOGGS PASSWORD(Quol", "Quol"),
    ("generic-password-os-account", "/msg NickServ IDENTIFY kolsen Tarn", "kolsen"),
    ("generic-password-os-account", "const hashed = await bcrypt.hash(\"Quo", "Quo"),
    ("generic-password-os-account", "DriverManager.getConnection(url, \"etl\", \"quo", "quo"),
    ("generic-password", "      DB_PASS:      482", "482"),
    ("generic-xml-credential", "<password>quo", "quo"),
    ("generic-password-named-value", '{"credentials": {"password": {"value": "qui', "qui"),
])
def test_a_value_that_has_begun_is_held(rule_id, text, opens):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) <= text.index(opens)


def test_the_directive_rule_holds_an_irc_set_value_whole():
    """generic-password-directive is no value rule (its value must end the line): the plain hold-back keeps the
    /set line until it ends."""
    holdback = Holdback.for_scanner(SCANNER).only({"generic-password-directive"})
    text = '/connect oftc\n/set irc.server.oftc.sasl_password "Ter'
    assert holdback.safe_end(text, 0) <= text.index("Ter")
