"""attack61: prose61's new shapes attacked. Evasions of the shapes it claims (another dash, a curly apostrophe, an
aligned `=`, a passphrase holding an apostrophe, Vietnamese in title case) and false positives a user would hit on
real text (a UI string's label after an upper-case constant, a noun the password word modifies after a verb of
serving or a dash). Each test that is not an xfail failed on prose61's head 9caf9e3 (the label ones on main
f6eb132 too); the closed_ ones were strict xfails until attack62 (they fail on main c69cc0d); the xfail is open
(EVASION.md, attack61's rows)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

EVASIONS = [
    # value-first-lite: the dash typed three ways more, and the copula with a typographic apostrophe
    ("Boathouse: Fjord!2291 --- that's the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 \u2015 that's the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 \u2012 that's the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 -- that\u2019s the password for the router.", "Fjord!2291"),
    ("Boathouse: Fjord!2291 \u2014 that\u2019s the password for the router.", "Fjord!2291"),
    # Vietnamese with each word capitalised, as headings and UI strings write it
    ("Quán phở: Ngoc#4471 là Mật Khẩu wifi của quán", "Ngoc#4471"),
    # the subscript before a literal, its `=` aligned with a block of assignments
    ('os.environ["SMTP_PASSWORD"]     = "Bellows#58x"', "Bellows#58x"),
    # an IPsec passphrase holding an apostrophe: only its part before the apostrophe was masked
    ('@east @west : PSK "Bob\'s#Kettle77"', "Bob's#Kettle77"),
    (": PSK \"Kettle'77#Copper\"", "Kettle'77#Copper"),
]


@pytest.mark.parametrize("text,value", EVASIONS)
def test_the_claimed_shape_said_another_way_is_still_found(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    # a UI string's label after an upper-case constant (and the same label as a key's value, on main too)
    'ui.set(LABEL_PASSWORD, "Passphrase:")',
    'Label(TEXT_PASSWORD, "Passwort:")',
    'QLineEdit(ECHO_PASSWORD, "Password*")',
    '_(PROMPT_PASSWORD, "Password:")',
    'label_password = "Password:"',
    '{"password": "Password:"}',
    # a verb of serving or a dash, then the password word modifying a noun: the token names something else
    "scrypt-v1 works as the password KDF",
    "Keychain2 doubles as the password store for the CLI.",
    "MSCHAPv2 -- that's the password method of PEAP",
    "WebAuthn2 acts as the passphrase fallback",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_text_about_passwords_is_not_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# attack62: these were strict xfails (open); each failed on main c69cc0d and is found now
# (tests/detect/test_attack62_open_shapes.py has the same fixes said other ways).
CLOSED_EVASIONS = [
    ("Marina gate: Harbour#5580 is our\u202fpassword this month", "Harbour#5580"),  # narrow no-break space
    ("Marina gate: Harbour#5580 is our\npassword this month", "Harbour#5580"),  # a line break between
    ("Marina gate: `Harbour#5580` is our **password** this month", "Harbour#5580"),  # Markdown emphasis on the word
    ("Delta#6620 will serve as the passphrase for the backup disk.", "Delta#6620"),  # a modal before the verb
    ("ТЕПЛИЦА: Sabantuy#58 СЕРСҮЗЕ БЕЛӘН КЕРЕГЕЗ", "Sabantuy#58"),  # Tatar in capitals
    ("curl_setopt($ch, CURLOPT_PROXYPASSWORD,\n    'Kiln#4471x');", "Kiln#4471x"),  # the literal wrapped
    ('setopt(h, CURLOPT_PASSWORD, r"Kiln#4471x")', "Kiln#4471x"),  # a string prefix
    ('os.environ["SMTP_PASSWORD"] = r"Bellows#58x"', "Bellows#58x"),
    ('@east @west : PSK "$ecret#Kettle99"', "$ecret#Kettle99"),  # a secret starting with $
    (': RSA bob.key "Kettle#99copper"', "Kettle#99copper"),  # a private key's passphrase in the same file
    ('@east @west : PSK "Bob\'s copper kettle"', "Bob's copper kettle"),  # letters with an apostrophe: not masked
]


@pytest.mark.parametrize("text,value", CLOSED_EVASIONS)
def test_closed_evasions(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


CLOSED_LOOK_ALIKES = [  # attack62: were strict xfails; each masked on main c69cc0d
    "YubiKey5 serves as the password for login",  # a product's name with a digit, no noun after the word
    "Telegram2 минем серсүзем түгел",  # Tatar: "not my password"
    'ui.set(ICON_PASSWORD, "lock-icon.svg")',  # a file name after the constant
    ': PSK "PSK"',
]


@pytest.mark.parametrize("text", CLOSED_LOOK_ALIKES)
def test_closed_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


OPEN_LOOK_ALIKES = [
    "Windows11 LÀ MẬT KHẨU QUẢN TRỊ MẶC ĐỊNH? KHÔNG.",  # a question answered no
]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack61/62/63): a question answered no after the word; "
                   "reading the answer would let `X is the password? No.` carry any value out")
@pytest.mark.parametrize("text", OPEN_LOOK_ALIKES)
def test_open_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
