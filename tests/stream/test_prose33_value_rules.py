"""prose33 widened generic-password-os-account (an unlock or decrypt call's passphrase, bitcoind's walletpassphrase):
it stays a value rule, so a stream holds a value cut by a chunk from where it can begin, and holds no text that opens
no value (tests/stream/test_prose30_value_rules.py shows the defect class)."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)
RULE = "generic-password-os-account"


def test_the_widened_rule_is_a_value_rule():
    assert RULE in PREFIXES


@pytest.mark.parametrize("head,value_part", [
    ("key = Account.decrypt(keystore, \"", "Quoll!F"),
    ("personal.unlockAccount(eth.accounts[0], '", "Kettle."),
    ("bitcoin-cli walletpassphrase '", "Gannet#"),
    ("{\"method\":\"walletpassphrase\",\"params\":[\"", "Tarn-Ga"),
])
def test_a_value_cut_by_the_chunk_is_held_from_its_start(head, value_part):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)


@pytest.mark.parametrize("text", ["Here is the answer", "x = decrypt(data)", "run bitcoin-cli walletpassphrase"])
def test_text_that_opens_no_value_is_not_held(text):
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {RULE}, PREFIXES)
    assert only_values.safe_end(text, 0) == len(text)


@pytest.mark.parametrize("head,value_part", [
    ("echo '", "Qv7#tLm2ex' > /tmp/pw.txt"),
    ("printf '%s' '", "Gannet~Moor48' | tee ~/.vault_pass"),
])
def test_a_value_written_into_a_password_file_is_held_from_its_start(head, value_part):
    rule = "generic-password-stdin-pipe"
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {rule}, PREFIXES)
    assert only_values.safe_end(head + value_part, 0) <= len(head)
