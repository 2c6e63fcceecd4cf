"""An admin's account and its password in brackets, a blank each side of the slash ("the customer read out the local
admin (ops / X)", held-out set 21's remote-support tickets, spent): a password's shape only, never letters alone, and
not a pair written without blanks ("admin (read/write)")."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream import value_holdback
from tests.stream import support

SCANNER = Scanner.default()
PREFIXES = support.value_rules(SCANNER)


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Ticket #4051: connected via AnyDesk, the customer read out the local admin (k.olsen / Tarn!Fescue6) so I "
     "could install the driver", "Tarn!Fescue6"),
    ("the administrator (ops / gannet.shoal.heron) was reset afterwards", "gannet.shoal.heron"),
])
def test_an_admin_pair_gives_the_password(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "the admin panel (read/write) lists every user",
    "admin (primary / secondary) settings",
    "the admin role (users / groups) is granted by the owner",
    "the local admin (ops / $ADMIN_PW) from the vault",
    "the admin (v1.2 / v2.0) API",
])
def test_look_alikes_give_none(text):
    assert _values(text) == []


def test_a_stream_holds_from_where_the_value_begins():
    _, only_values = value_holdback.split(Holdback.for_scanner(SCANNER), {"generic-password-agent-step"}, PREFIXES)
    assert only_values.safe_end("the local admin", 0) == len("the local admin")
    text = "the local admin (k.olsen / Tarn"
    assert only_values.safe_end(text, 0) <= text.index("Tarn")
