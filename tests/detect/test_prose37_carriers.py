"""prose37's generalised shapes (held-out set 30's weakest carriers, spent): Luxembourgish and Irish credential words
and grammar (Passwuert, pasfhocal and its lenited phasfhocal, the user words Benotzer and ainm úsáideora, the
prepositions fir / vum and don / ar, the copula ass and its elo, the adjective nua after the noun), a login form's
shape (an account or remote access, a clause, a colon, the user and a slash; a role's account after a colon), PHP's
define() of a password constant, digits a password word was set to (its PIN), a name=value a password was reset to and
letters in humps a password was changed to.
None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner, letters_password

from .shipped import covered, sensitive

SCANNER = Scanner.default()


# Luxembourgish and Irish: the password word, a user word before it, what it is for, a copula, the adjective nua.
@pytest.mark.parametrize("text,value", [
    ("Salut! Fir de Wifi vum Club: Benotzer j.hoffmann, Passwuert Mosel#Brill73.", "Mosel#Brill73"),
    ("Salut! Fir de Wifi vum Club: Benotzer j.hoffmann, Passwuert 580213.", "580213"),
    ("Salut! Fir de Wifi vum Club: Benotzer j.hoffmann, Passwuert 5802.", "5802"),
    ("Salut! Fir de Wifi vum Club: Benotzer j.hoffmann, Passwuert ouerbuerghecht.", "ouerbuerghecht"),
    ("D'Passwuert fir den Drécker am Büro: Sauer!Kapp61, merci.", "Sauer!Kapp61"),
    ("D'Passwuert fir d'Kichen vum Pompjeesbau: kamellbierwaiss, merci.", "kamellbierwaiss"),
    ("Dat Passwuert vum Printer ass elo Clerf_Wolz82, gell.", "Clerf_Wolz82"),
    ("Haigh, seo do phasfhocal don líonra: Bradán#Sliabh4 - go raibh maith agat.", "Bradán#Sliabh4"),
    ("Haigh, seo é an pasfhocal nua don líonra: bradansliabhcnoc - go raibh maith agat.", "bradansliabhcnoc"),
    ("Fáilte! Do chuntas: ainm úsáideora s.ocathain, pasfhocal 7392. Slán.", "7392"),
    ("Fáilte! Do chuntas: ainm úsáideora s.ocathain, pasfhocal caisleanabhainn. Slán.", "caisleanabhainn"),
])
def test_luxembourgish_and_irish_sentences_give_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Ech hunn mäi Passwuert vergiess, kanns du et zrécksetzen?",
    "D'Passwuert vum Büro muss all 90 Deeg geännert ginn.",
    "Dat neit Passwuert fir de Portal kënnt per SMS.",
    "Chaill mé mo phasfhocal aréir, an féidir leat cabhrú?",
    "Ní mór 10 gcarachtar a bheith sa phasfhocal nua.",
    "Fáilte! ainm úsáideora s.ocathain, pasfhocal le seoladh ar ball.",
])
def test_luxembourgish_and_irish_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A login form's shape: an account or remote access, a clause naming whose or what for, a colon, the user and a slash;
# a role's account (admin, root) right after a colon, then a slash.
@pytest.mark.parametrize("text,value", [
    ("Vendor account for the label printers: lp-ops / Quoll!Fen34 (do not rotate).", "Quoll!Fen34"),
    ("the Jira account again, same as last week: t.berg / Hx7+mole2", "Hx7+mole2"),
    ("Remote access for the auditor: k.olsen / 8842179, read only.", "8842179"),
    ("Vendor account for the label printers: lp-ops / heronquillmarsh (do not rotate).", "heronquillmarsh"),
    ("Vendor account for the label printers: lp-ops / tarn-heron-quill-fen (do not rotate).", "tarn-heron-quill-fen"),
    ("UPS web card in rack C: admin / Ups7=Rack - the alerts go to ops.", "Ups7=Rack"),
    ("UPS web card in rack C: root / 47120953 - the alerts go to ops.", "47120953"),
])
def test_login_form_pairs(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Vendor account for the label printers: see the vault / 1Password",
    "Settings: admin / users2 / roles",
    "Menu: Admin / Users2",
    "account settings page: billing / invoices",
    "the remote access for the auditor: read / write",
    "UPS web card in rack C: admin / ${UPS_PASSWORD}",
])
def test_login_form_shapes_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# PHP's define() of a password constant (wp-config.php and the like), a constant's closing underscores.
@pytest.mark.parametrize("text,value", [
    ("define('DB_PASSWORD', 'Harbor#Maple42');", "Harbor#Maple42"),
    ("define( 'SMTP_PASSWORD', 'quillheronmarsh' );", "quillheronmarsh"),
    ("define(\"__APP_DB_PASSWORD__\", \"60917\");", "60917"),
])
def test_php_define_of_a_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "define('DB_PASSWORD', getenv('DB_PASSWORD'));",
    "define('DB_PASSWORD', '');",
    "define('PASSWORD_MIN_LENGTH', 12);",
])
def test_php_define_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_define_reading_is_define_s_alone():
    # A list of names after a name ending in `pass` has define()'s `', '` shape: the CSV rule handed CPython's
    # getpass.py `__all__ = ["getpass","getuser",...]` to the letters scorer, which read it as define() (eval_stdlib).
    text = '__all__ = ["askpass","whoami","AskPassWarning"]'
    start = text.index("whoami")
    assert not letters_password.score_match(text, 0, start, start + len("whoami")).reported


# Digits a password word was set to are its PIN; a name=value a password was reset to is the password.
@pytest.mark.parametrize("text,value", [
    ("FYI the kiosk password has been changed to 7305 for the weekend.", "7305"),
    ("Locked out again; password reset to 60213, please change it.", "60213"),
    ("Ticket 88: the password was reset to heron=47.", "heron=47"),
    ("Note: the shed laptop's password has been changed to MarshQuill since Friday.", "MarshQuill"),
])
def test_password_set_to_digits_or_name_value(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "the kiosk password has been changed to 2024 rules",
    "password reset to 3000 attempts per hour",
    "the password was changed to expire after 9000 days",
    "the password is set to NeverExpire in the policy",
    "the password was reset to DefaultValue",
])
def test_password_set_to_without_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Open: a value in an answer line after a question that asks for the password (Q: what is the password on X?\nA: V),
# a value given in a clause after the one naming the password (I changed the password, it is now <letters>).
# Closed by prose38 (context_score.answers_question; tests/detect/test_prose38_carriers.py has more).
def test_answer_line_after_a_question():
    text = "Tom: what's the password for the shed laptop?\nAnn: Quoll!Fen34 - I'll change it Monday."
    assert covered(SCANNER, text, "Quoll!Fen34"), SCANNER.explain(text)


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="open: prose37, letters given in the clause after the password's (EVASION.md)")
def test_open_letters_in_the_next_clause():
    text = "Ech hunn d'Passwuert vum Drécker geännert, et ass elo Heronquillmarsh. Äddi!"
    assert covered(SCANNER, text, "Heronquillmarsh"), SCANNER.explain(text)
