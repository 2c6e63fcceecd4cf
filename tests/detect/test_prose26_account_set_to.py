"""A built-in account set to a value gives its password ("the local Administrator was set to X", held-out set 20's
lab sheets, spent): an event in the past, not a configuration that names a user ("the superuser is set to postgres")
and not a person put in charge ("the site administrator was changed to j.smith2")."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Hi class, a correction: the Windows VM's local Administrator was set to Gannet#Shoal4, not the printed value.",
     "Gannet#Shoal4"),
    ("the root account was set to quillmarten for the lab", "quillmarten"),
    ("the admin account has been set to brno?02.", "brno?02"),
])
def test_a_built_in_account_set_to_a_value(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "the Administrator account was set to Disabled by the policy",
    "the site administrator was changed to j.smith2",
    "the superuser is set to postgres2 by default",
    "the admin account is set to ops-admin2 on new installs",
    "the document root was set to /var/www/html2",
])
def test_look_alikes_give_none(text):
    assert _values(text) == []


def test_a_stream_holds_from_the_account_word_only():
    holdback = Holdback.for_scanner(SCANNER).only({"generic-password-os-account"})
    assert holdback.safe_end("Here is the answer\nmodel", 0) == len("Here is the answer\nmodel")
    text = "the local Administrator was set to Gan"
    assert holdback.safe_end(text, 0) <= text.index("Administrator")
