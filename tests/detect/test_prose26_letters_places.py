"""Letters-only passwords in the places held-out set 20 (spent) gives them: a connection dialog's field followed by a
checkbox (`Password: X   [x] Save password`), where a type annotation's subscription (`pw: Optional[str]`) is no
value."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("User Name: sa\nPassword: satinmarlin   [x] Save password", "satinmarlin"),
    ("Login: ops\nPassword: heronglade [ ] Remember me", "heronglade"),
])
def test_a_checkbox_after_the_value_is_no_type_annotation(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", ["password: Optional[str] = None", "    passwd: Sequence[bytes]",
                                  "pwd: ModuleType | None = None"])
def test_a_type_annotation_is_no_value(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("RedisInsight form: host cache-01.corp.test, port 6379, username default, password Linenmarlin. It fails.",
     "Linenmarlin"),
    ("Console access to R1: user cisco, privileged-mode password quillmarten.", "quillmarten"),
    ("SSMS: Server sql-fin-02, Login g.romano, pw Heronglade, Remember password ticked.", "Heronglade"),
])
def test_the_field_after_a_user_in_a_list_of_fields(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "user ops, password required.",
    "user ops, password manager entries are synced",
    "the user guide, password section explains it",
    "see the login page, password hints are off",
])
def test_a_list_without_a_user_field_or_with_a_describing_word_gives_none(text):
    assert _values(text) == []


def test_a_password_set_to_letters_in_humps_after_a_reset_button():
    text = "QNAP: after the reset button I logged in via Qfinder and set the admin password to SpratMarlin; now?"
    assert "SpratMarlin" in _values(text)


@pytest.mark.parametrize("text", ["reset your password to continue", "set the password to expire",
                                  "we changed the password to something longer"])
def test_to_after_a_verb_of_setting_may_open_an_infinitive(text):
    assert _values(text) == []
