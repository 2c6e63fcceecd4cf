"""A capitalised letters-only value right after the lower-case English credential word, nothing between (prose31,
issue 15; held-out set 24 spent): "Photos are in the shared album, password GoudaTurnip." (two or three humps), "the
temporary password Shallotfeta." (one hump after a word of issuing, ending its clause). Nouns, types and products
after the word (password Manager, KeyVault, TextBox), a capitalised word that runs on in the sentence, and the word
written capitalised (a heading, a Go struct field) stay unreported. Values here are written for the test, not drawn
from the held-out sets."""

import pytest

from addons.detect import Scanner
from addons.detect.letters_password import bare_capitalised

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Photos are in the shared album, password MarmotGlade. Thanks to all who came", "MarmotGlade"),
    ("Log in as kolsen with the password HeronFescue and tick the events", "HeronFescue"),
    ("the hut's box opens with the passcode TarnGannetWren, ask the warden", "TarnGannetWren"),
    ("Use your username kolsen and the temporary password Quillmarten. You will be asked to change it",
     "Quillmarten"),
    ("[OPS-3] unlocked, initial password Heronfescue", "Heronfescue"),
    ("temp pw Heronfescue - change it on first login", "Heronfescue"),
    ('{"text": "the photo album password SkuaTern, see you Sunday"}', "SkuaTern"),
])
def test_a_capitalised_value_right_after_the_word_is_reported(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "Open the password KeyVault blade in the portal",
    "bind it to the password TextBox control",
    "the password PasswordBox is empty",
    "The temporary password Expires in 24 hours",
    "we rotate the password Tuesday.",
    "Password MarmotGlade",
    "type Password HiddenString `json:\"password\"`",
    "the new password Policy applies.",
    "the password Manager opens",
    "see the password HashHelper class",
    "the password field, then the password for Maria Kestrel",
    "set DB_password MarmotGlade in the form",
])
def test_nouns_types_and_running_words_are_not(text):
    assert _values(text) == []


def test_only_blanks_between_and_a_capital_first():
    assert bare_capitalised("password", " ", "MarmotGlade", "the album, ", ".")
    assert not bare_capitalised("password", " is ", "MarmotGlade", "the album, ", ".")
    assert not bare_capitalised("Password", " ", "MarmotGlade", "", ".")
    assert not bare_capitalised("password", " ", "marmotGlade", "the album, ", ".")
    assert not bare_capitalised("password", " ", "Marmotglade", "the album, ", ".")  # one hump, no issuing
    assert bare_capitalised("password", " ", "Marmotglade", "the temporary ", ".")
    assert not bare_capitalised("password", " ", "Marmotglade", "the temporary ", " for the wiki")


# A login call's quoted argument after its quoted user: two or three capitalised words run together are judged as
# after a login pair (context_score.LOGIN_LETTERS), as lower-case letters were.
@pytest.mark.parametrize("text,value", [
    ('ftp.login("admin", "MarmotGlade")', "MarmotGlade"),
    ("imap.login('kolsen', 'TarnGannetWren')", "TarnGannetWren"),
])
def test_capitalised_words_run_together_in_a_login_call_are_reported(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", ['smtp.login("ops", "ReadOnly")', 'client.login("ops", "PasswordField")',
                                  'self.login("alice", "WrongPassword")', 'client.login("admin", "production")',
                                  'render("login", "MarmotGlade")'])
def test_login_call_look_alikes_are_not(text):
    assert _values(text) == []


# Digits given (a separator or copula) after a word of issuing are a numeric password handed over, even of low
# entropy (229000); without the word of issuing such digits stay a number.
@pytest.mark.parametrize("text,value", [
    ("[x] AD account created (temp pw: 229000)", "229000"),
    ("Onboarding checklist - initial password: 774400", "774400"),
])
def test_digits_after_a_word_of_issuing_are_reported(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", ["AD account created (pw: 229000)", "ticket 229000: new password reset request",
                                  "the new password must not be 8 digits long like 77440011 or so"])
def test_digits_without_issuing_or_giving_are_not(text):
    assert _values(text) == []


# generic-password-wifi: "the venue wifi is NETWORK with the key X" (a network's name, then with the key /
# password / passphrase): the place is the evidence, a letters-only value is judged by the closed class.
@pytest.mark.parametrize("text,value", [
    ("and the venue wifi is Annex-Guest with the key Fulmarscree (the 5 GHz one is faster)", "Fulmarscree"),
    ("the WiFi network is LOBBY5 with the password 83104472 at the desk", "83104472"),
    ("Wifi: HutNet with the passphrase gannet-scree-fulmar", "gannet-scree-fulmar"),
])
def test_a_wifi_name_with_the_key_is_reported(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", ["the wifi is slow with the key rotation running",
                                  "the wifi is Annex-Guest with the key below",
                                  "the wifi is down with the password manager open"])
def test_wifi_talk_without_a_key_is_not(text):
    assert _values(text) == []
