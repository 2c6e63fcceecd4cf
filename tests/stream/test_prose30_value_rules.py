"""The rules prose30 widened (generic-xml-credential's <Pass>, attributes and KeePass <Key>Password</Key><Value>,
generic-password's PasswordPlain=, generic-password-csv's login exports, generic-password-wifi's `Wifi: NETWORK /
KEY`, generic-password-prose's value under a `New password` line; generic-password-directive's ncftp `pass X` is
held from its word) keep their value group at top level: a
stream holds from where a value can begin (so a value cut by a chunk is held whole), not from every word that might
open their match (tests/stream/test_prose24_value_rules.py: the defect class)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULES = ["generic-xml-credential", "generic-password", "generic-password-csv", "generic-password-wifi"]


def test_the_widened_rules_are_value_rules():
    assert set(RULES) | {"generic-password-prose"} <= set(PREFIXES)


# The prose rule's value may begin after any password word (held so before prose30); its new \n\n after the word
# holds no blank line that follows no such word.
@pytest.mark.parametrize("text", ["Here is the answer", "line one\n\nmodel", "Sign in\n\n", "x\n\n"])
def test_a_blank_line_is_not_held_for_the_prose_rule(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-prose"}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("rule_id", RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "<String><Key>Password</Key><Value ProtectInMemory",
                                  "<User>uploads</User>\n<Pass encoding", "UserName=ops\nPasswordPlain",
                                  "Your temporary password", "- Wifi: AnnexGuest", "- Wifi: AnnexGuest /"])
def test_a_word_tail_is_not_held_for_these_rules(rule_id, text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("rule_id,head,value_part", [
    ("generic-xml-credential", '<String><Key>Password</Key><Value ProtectInMemory="True">', "heron"),
    ("generic-xml-credential", '<User>uploads</User>\n<Pass encoding="base64">', "cXVv"),
    ("generic-xml-credential", "<User>uploads</User>\n<Pass>", "gann"),
    ("generic-password", "UserName=ops\nPasswordPlain=", "Quoll"),
    ("generic-password-wifi", "- Wifi: AnnexGuest / ", "Skua+T"),
    ("generic-password-prose", "Reset done.\n\nNew password\n\n", "Quoll_44"),  # \n\n: a JSON-escaped newline
    ("generic-password-prose", "New password\n", "Quoll_44"),
])
def test_a_value_cut_by_the_chunk_is_held_from_its_start(rule_id, head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule_id}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


# generic-password-directive has two value groups (a token, or words to the line's end): it is held from its match's
# start, the `pass` word; a `user` line alone holds nothing. (A line that ends in `pass` was held before prose30
# already: it may be the start of `password X`.)
@pytest.mark.parametrize("text,held_from", [("host ftp.depot.test\nuser uploads\npass quincef", 33),
                                            ("user uploads\n", None), ("Here is the answer", None),
                                            ("host ftp.depot.test\nuser uploads", None)])
def test_the_directive_holds_from_the_pass_word_under_a_user_line(text, held_from):
    plain, _ = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-directive"}, PREFIXES)
    assert plain.safe_end(text, 0) == (len(text) if held_from is None else held_from)
