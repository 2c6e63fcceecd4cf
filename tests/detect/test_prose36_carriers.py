"""prose36's generalised shapes (held-out set 29's weakest carriers, spent): Galician and Albanian grammar (a verb of
setting and its prepositions, the user words usuario / përdoruesi, Albanian's linking articles i / e / të and its
inflected fjalëkalimin, `dhe` between the user and the password word), a role's or a product's Manager and a
hyphenated or product's Field that are no talk about passwords, a PIN or a name=value after an account's login pair,
digits a password was set to, a password's own period before a lower-case aside or a URL's @, an XML element named by
its key or name attribute, a note's `WPA2 key X`, steamcmd's `+login U X`, letters and spaced passphrases after an
admin's or operator's account name or `log in as U, password X`. None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


# Galician, Spanish and Portuguese verbs of setting with their prepositions (do X a V, del X a V); the Galician user
# word before the password word. Albanian: linking articles are no distance, the accusative fjalëkalimin after
# `përdoruesin U dhe`, an adjective of time (i ri) and për before a colon.
@pytest.mark.parametrize("text,value", [
    ("Onte cambiei o contrasinal da impresora a Pombal!74, xa funciona.", "Pombal!74"),
    ("Cambié la contraseña del router a Garza#Monte58 esta mañana.", "Garza#Monte58"),
    ("Cambiei o contrasinal da impresora a 60427731 onte.", "60427731"),
    ("Boas! Usuario m.castro, contrasinal 73815. Saúdos", "73815"),
    ("Fjalëkalimi i printerit në katin e dytë është Shqiponja!82, faleminderit.", "Shqiponja!82"),
    ("Fjalëkalimi i printerit në katin e dytë është 50318426.", "50318426"),
    ("Hyni me përdoruesin a.krasniqi dhe fjalëkalimin Mal#Lumi47 në portal.", "Mal#Lumi47"),
    ("Fjalëkalimi i printerit në katin e dytë është bregdetiqershi, faleminderit.", "bregdetiqershi"),
    ("O contrasinal do portal da escola é Pedramuino, grazas.", "Pedramuino"),
])
def test_galician_and_albanian_sentences_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Esquecín o contrasinal do portal, podes restablecelo?",
    "Cambiei o contrasinal do correo onte, xa está.",
    "Fjalëkalimi i ri duhet të ketë të paktën 12 karaktere.",
    "Fjalëkalimi i kompjuterit është në sirtar.",
    "Ndrysho fjalëkalimin çdo 90 ditë.",
    # Albanian's articles open what the password is for after its own word only: English `i` is a pronoun (bench
    # word salad found both while they were read after any word).
    "Not run is password i run is stream it stream can response",
    "Account client but help client password i at header from value password in fix is message at code ci.",
])
def test_galician_and_albanian_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A role's manager and a product's capitalised Manager or Field are no talk about passwords; a PIN or a name=value
# after an account's login pair; digits a password was set to; a password's own period before a lower-case aside.
@pytest.mark.parametrize("text,value", [
    ("Kiosk Fleet Manager on the yard PC: console password Tarn!Heron58, the trucks list under Depot 2.",
     "Tarn!Heron58"),
    ("Memo for the shift manager: sign in as k.olsen, password Quillheron, then print the rota.", "Quillheron"),
    ("Field Service tablets: the shared depot login is ops-7 / Heronquillette, thanks", "Heronquillette"),
    ("the canteen till's login for the weekend cover is k.olsen / 5817, thanks", "5817"),
    ("the shared gate login is ops-4 / quill=47, ask if stuck", "quill=47"),
    ("portal user k.olsen, password Heron=3318. The export runs nightly.", "Heron=3318"),
    ("the kiosk admin password was changed to 00417729 after the audit", "00417729"),
    ("portal login k.olsen, password Quill2019. (temporary)", "Quill2019."),
    ("https://ops-2:Tarn8Quill.@files.example.test/", "Tarn8Quill."),
])
def test_roles_products_pairs_and_periods(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Store the admin password in the password manager, not in this ticket.",
    "the password field: required, 12 characters",
    "Password Field Label: Heronquillette",
    "the password was reset to 1000000 by default",
    "retries set to 600000 for the password hashing",
])
def test_password_manager_field_and_settings_stay_talk(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Places: an XML element named by its key or name attribute, a note's WPA2 key, steamcmd's +login.
@pytest.mark.parametrize("text,value", [
    ('<entry key="jdbc.password">Tarn!Heron58</entry>', "Tarn!Heron58"),
    ("<properties>\n  <entry key=\"user\">ops</entry>\n  <entry key=\"passwd\">quillheronmarsh</entry>\n</properties>",
     "quillheronmarsh"),
    ('<property name="hibernate.connection.password">48213</property>', "48213"),
    ("Back office tablets join TILLNET (WPA2 key Heron+Quill58) before opening.", "Heron+Quill58"),
    ("Sticker on the router: WPA2 key: quillheronmarsh", "quillheronmarsh"),
    ("./steamcmd.sh +login build-bot 'Tarn!Heron58' +app_update 90 +quit", "Tarn!Heron58"),
    ("steamcmd +login build-bot 48213977 +quit", "48213977"),
])
def test_places_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    '<entry key="password.min.length">12</entry>',
    '<entry key="passwd">${DB_PASSWORD}</entry>',
    '<property name="hashed_password">required</property>',
    "the WPA2 key reinstallation attack (KRACK) broke the handshake",
    "WPA2 key: ********",
    "steamcmd +login anonymous +app_update 90 +quit",
    "steamcmd +login build-bot +app_update 90 +quit",
])
def test_places_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Letters and spaced passphrases after an admin's or operator's account name, or after `log in as U,`.
@pytest.mark.parametrize("text,value", [
    ("Switch in rack B: web admin ops-7, password quillheronmarsh; VLAN 20 is voice.", "quillheronmarsh"),
    ("Kiosk in hall B, shared operator k.olsen, password tarn heron quill; reboot nightly.", "tarn heron quill"),
    ("For the audit log in as k.olsen, password Heronquill, then export.", "Heronquill"),
    ("Hyni me përdoruesin a.krasniqi dhe fjalëkalimin malore lumi bregu në portal.", "malore lumi bregu"),
])
def test_letters_after_an_account_name(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "the web admin guide, password section below",
    "log in as admin, password required",
    "Kiosk: operator k.olsen, password reset pending approval; reboot nightly.",
])
def test_account_names_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Open: letters only in a URL's user-info (the allowlist's plain word), a PIN right after a password word with no pair,
# letters set to after the password word (password set to X), the Albanian PIN of 4-5 digits after its copula or the
# accusative, a `signs in with X` after a user named before the verb, a 4-digit PIN as a key's value (StoragePass=).
# Closed by prose38 (generic-url-credentials-letters).
def test_letters_in_url_user_info():
    text = "http://ops-2:quillheronmarsh@files.example.test/"
    assert covered(SCANNER, text, "quillheronmarsh"), SCANNER.explain(text)


# Closed by prose37 (letters in humps a password was set or changed to, after the word).
def test_letters_set_to_after_the_word():
    text = "the kiosk password was changed to QuillHeron after the audit"
    assert covered(SCANNER, text, "QuillHeron"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose36, a short PIN after an Albanian copula or accusative (EVASION.md)")
def test_open_albanian_short_pin():
    text = "Hyni me përdoruesin a.krasniqi dhe fjalëkalimin 40317 në portal."
    assert covered(SCANNER, text, "40317"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose36, a user named before 'signs in with X' (EVASION.md)")
def test_open_user_before_signs_in_with():
    text = "the yard tablet: driver ops-7 signs in with Quillheron until Monday"
    assert covered(SCANNER, text, "Quillheron"), SCANNER.explain(text)
