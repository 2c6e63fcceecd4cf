"""The rules prose32 widened (generic-password-cli's secret-setting command, generic-password-stdin-pipe's secret
store reader) keep their value group at top level: a stream holds a value cut by a chunk from where it can begin,
and holds no text that opens no value (tests/stream/test_prose30_value_rules.py shows the defect class)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-password-cli", "generic-password-stdin-pipe"]


def test_the_widened_rules_are_value_rules():
    assert set(RULES) <= set(PREFIXES)


@pytest.mark.parametrize("rule_id,head,value_part", [
    ("generic-password-cli", "gh secret set DB_PASSWORD --body '", "Quoll!F"),
    ("generic-password-cli", "netlify env:set SMTP_PASS ", "Heron_Q"),
    ("generic-password-cli", "cf set-env billing DB_PASSWORD ", "Heron_Q"),
    ("generic-password-stdin-pipe", "printf '%s' '", "Quoll!Fen34' | vercel env add DB_PASS"),
])
def test_a_value_cut_by_the_chunk_is_held_from_its_start(rule_id, head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "run gh secret set", "netlify env:set SMTP_PASS"])
def test_text_that_opens_no_value_is_not_held(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("head,value_part", [
    ("{|\n! Host !! Password\n|-\n| nas01 || ", "Heron!L"),
    ("^ Service ^ Password ^\n| NAS | %%", "knoll.se"),
    ("|===\n|User |Password\n\n|backup\n|pass:[", "MinkFen"),
])
def test_a_wiki_table_cell_cut_by_the_chunk_is_held_from_its_start(head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-wiki-table"}, PREFIXES)
    assert "generic-password-wiki-table" in PREFIXES
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["^ Service ^ Login ^\n| NAS | backup |", "! Host !! Account\n|-\n| nas01 || ops",
                                  "Here is the answer", "|===\n|User |Role\n\n|backup\n|admin"])
def test_a_wiki_table_naming_no_password_is_not_held(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-wiki-table"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("head,value_part", [
    ("accepts ``ops`` with password ``", "Quoll!F"),
    ("Log in with the password ``", "Tarn_Ga"),
])
def test_an_inline_literal_cut_by_the_chunk_is_held_from_its_start(head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-prose"}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["Here is the config\n```\n", "Sign in with <code>", "Set ``x`` to"])
def test_code_markup_after_no_password_word_is_not_held(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-prose"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("head,value_part", [
    ("Key\tValue\ntheme\tdark\nauth.pwd\t", "jigsaw wr"),
    ("Type\tKey\tValue\nVariable\tDEPLOY_PASS\t", "Quoll!F"),
])
def test_a_key_value_row_cut_by_the_chunk_is_held_from_its_value(head, value_part):
    rule = "generic-password-key-value-row"
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule}, PREFIXES)
    assert rule in PREFIXES
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["Key\tValue\ntheme\tdark\n", "Name\tRole\nops\tadmin", "Here is the answer"])
def test_a_key_value_table_with_no_password_key_is_not_held(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-key-value-row"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)
