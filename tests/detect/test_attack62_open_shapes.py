"""attack62: attack61's open shapes closed by a general signal each, proven on sentences of my own in other words,
trades and languages (each missed, or for a look-alike masked, on main c69cc0d) and on look-alikes that must stay
free. The signals: any blank of Unicode's and one line break (a wrapped line) between the value and its word, and
Markdown's emphasis on the word (rules/value-first.yaml, value_before_word._wrapped_end / MARKUP); a modal or future
auxiliary before the link and the copula's other tenses (value_before_word.AUXILIARIES, MARKERS_BY_LANGUAGE); the
Cyrillic words in capitals (prefilter.CJK_CREDENTIAL_WORDS); a constant's literal wrapped to the next line and a
string prefix (generic-password); a private key's passphrase in an IPsec secrets file, a secret opening with `$`
that is no variable, a passphrase's apostrophe (generic-password-secrets-entry, letters_password.SPACED); a negation
after the word (value_before_word.NEGATIONS_AFTER), a CamelCase product serving as the word, a UI asset's file name,
an entry's own kind named again as its secret."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

FOUND = [
    # any blank of Unicode's between the link and the word: thin, narrow no-break, ideographic, figure space
    ("Kiln room: Orchard!73 is the\u2009password for the shelves.", "Orchard!73"),
    ("Serverraum: Fjell#2290 ist das\u202fPasswort für den Switch", "Fjell#2290"),
    ("Portal: Cedro#4471 es la\u3000contraseña del almacén", "Cedro#4471"),
    ("Bike shed: Quarry#8812 is\u2007our PIN", "Quarry#8812"),
    # a wrapped line between the link and the word
    ("Night shift: Lantern#4417 is the\npassword for the loading dock.", "Lantern#4417"),
    ("Hinweis: Werkbank#33 ist unser\nPasswort für das WLAN der Halle", "Werkbank#33"),
    ("Glasshouse: Fern-2290x is\n  your new passphrase, keep it safe", "Fern-2290x"),
    ("Pour la cave : Tonneau#58 est le\r\nmot de passe du routeur", "Tonneau#58"),
    # Markdown's emphasis on the word (or on the link)
    ("The café's Wi-Fi: Espresso!42 is the **passphrase** (case matters).", "Espresso!42"),
    ("Rotate weekly: Dahlia#7731 is our __password__ for the shared drive.", "Dahlia#7731"),
    ("Zugang: Werkhof#62 ist das **Passwort** der Werkstatt", "Werkhof#62"),
    ("Tejo#5512 es la *contraseña* del portal", "Tejo#5512"),
    # a modal or future auxiliary, the copula's other tenses
    ("Starting Monday, Harrow#2290 will be the new password for the depot.", "Harrow#2290"),
    ("Sorrel#6612 could serve as the passphrase for the vault", "Sorrel#6612"),
    ("À partir de lundi, Moulin#4471 sera le mot de passe du dépôt.", "Moulin#4471"),
    ("Desde mañana Garza#5512 será la contraseña del almacén.", "Garza#5512"),
    ("Vanaf maandag Molen#8841 wordt het wachtwoord van de loods.", "Molen#8841"),
    ("С понедельника Sklad#7731 будет паролем склада.", "Sklad#7731"),
    ("Mulai besok Gudang#5521 akan menjadi kata sandi gudang.", "Gudang#5521"),
    # Cyrillic words in capitals
    ("КИРҮҮ: Ala#5521 СЫРСӨЗҮ МЕНЕН КИРИҢИЗ", "Ala#5521"),
    ("КІРУ: Dala#7731 ҚҰПИЯ СӨЗІ МЕН КІРІҢІЗ", "Dala#7731"),
    ("ИСКӘРМӘ: Kazan#2290 МИНЕМ СЕРСҮЗЕМ", "Kazan#2290"),
    # a constant's literal on the next line, a string prefix
    ('props.put(MAIL_SMTP_PASSWORD,\n        "Gannet#Shoal71");', "Gannet#Shoal71"),
    ('c.setopt(pycurl.PROXYPASSWORD,\n          b"Heron#Marsh58")', "Heron#Marsh58"),
    ('password = u"Tern#Cove2291"', "Tern#Cove2291"),
    ('os.environ["REDIS_PASSWORD"] = b"Anvil#Forge44"', "Anvil#Forge44"),
    ("DB_PASSWORD = R'Lathe!Spindle9'", "Lathe!Spindle9"),
    # an IPsec secrets file: a key file's passphrase, a secret opening with `$`, an apostrophe in a passphrase
    (': ECDSA west.key "Mooring#4471"', "Mooring#4471"),
    ('%any : P12 carol.p12 "Slipway#2290"', "Slipway#2290"),
    (': RSA /etc/ipsec.d/private/moon.key "ballast heron quay"', "ballast heron quay"),
    ('%any : PSK "$tarling-Wharf-19"', "$tarling-Wharf-19"),
    ('carol : EAP "$unny#Dock42"', "$unny#Dock42"),
    (': XAUTH "Ada\'s tide chart"', "Ada's tide chart"),
    ('10.0.0.1 : PSK "Nan\'s garden gate"', "Nan's garden gate"),
]


@pytest.mark.parametrize("text,value", FOUND)
def test_a_closed_shape_said_another_way_is_found(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


FREE = [
    # the word still a modifier across a blank, a wrap or emphasis
    "v2.3.1 is the\u202fpassword policy version",
    "python3.12 is the\npassword manager runtime",
    "KeePassXC-2 is our **password** manager",
    "utf-8x is the\u2009password field encoding",
    # a paragraph between them: no link
    "Tag rc7-2291 is the\n\npassword rotation's start",
    # a modal, then a noun the word modifies
    "KeePassXC-2 will serve as the password manager",
    "v2.3.1 will be the password policy version",
    # a negation after the word
    "Kx7q2mz9 benim şifrem değil",
    "Nadi@4417 मेरा पासवर्ड नहीं है",
    "Build-7731 МИНЕМ СЕРСҮЗЕМ ТҮГЕЛ",
    # a CamelCase product and its version serving as the word
    "SoloKey2 serves as the passphrase for the laptop",
    "OnlyKey3 acts as the password for every site",
    # a UI asset's file name after a constant or key naming the password
    'Button(ICON_PASSWORD, "eye-slash.png")',
    'setIcon(DRAWABLE_PASSWORD, "ic_lock_24.webp")',
    'password_css = "password.css"',
    # a template, a call or a label after a constant, wrapped or prefixed
    'password = f"{prefix}#{suffix}"',
    'setopt(h, CURLOPT_PASSWORD,\n    get_secret())',
    'print(LABEL_PASSWORD,\n      "Password:")',
    # a secrets entry: a variable alone, its own kind or file named again, no quote
    ': PSK "$IPSEC_PSK"',
    ': PSK "${PSK}"',
    ': RSA moon.key %prompt',
    ': EAP "eap"',
    ': P12 carol.p12 "carol.p12"',
]


@pytest.mark.parametrize("text", FREE)
def test_a_look_alike_stays_free(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


KEPT = [  # the narrowing signals leave a password's own shape alone
    ("Falcon9x serves as the password for the hangar", "Falcon9x"),
    ("Heron#58 serves as the passphrase for the backup", "Heron#58"),
    ("Kx7q2mz9 benim şifrem, kimseye söyleme", "Kx7q2mz9"),
    ('password = "Lock#Icon.svg9"', "Lock#Icon.svg9"),
]


@pytest.mark.parametrize("text,value", KEPT)
def test_a_password_near_a_narrowing_signal_is_kept(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)
