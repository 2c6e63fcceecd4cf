"""Passwords in prose: the context scorer's decisions and the signals Scanner.explain(text) lists."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import SCORE_THRESHOLD, score


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


def test_signals_add_up_and_are_deterministic():
    first = score("", " is ", "Falcon^Nine9")
    assert first == score("", " is ", "Falcon^Nine9")
    assert first.reported and first.total >= SCORE_THRESHOLD
    assert any("character classes" in signal for signal in first.signals)


@pytest.mark.parametrize("between, value, reported", [
    (": ", "Harbor#Maple42", True),
    (" ist ", "Quartz!Tiger7", True),
    (" is ", "correct", False),                      # a word, not a password
    (" for the staging box: ", "Cobalt%Raven31", True),
    (" field is required and must have 12 ", "characters1", False),
    (': "{{ ', ".Values.postgresql.auth.password", False),
    (" ", "stdout=PIPE", False),                     # "Pass stdout=PIPE": the verb, a keyword argument
    (" ", "force_zip64", False),                     # "pass force_zip64 to use ZIP64": an identifier
    ("  # ### ", "11Aug07", False),                  # "raise ###pass  # ### 11Aug07 KBK": a comment after `pass`
    (" // ", "Harbor#Maple42", False),
    (": ", "#Harbor#Maple42", True),                 # a # inside the token opens no comment
])
def test_score(between, value, reported):
    assert score("", between, value).reported is reported


@pytest.mark.parametrize("text, found", [
    ("\t* Makefile.tpl: Pass TOPLEVEL_CONFIGURE_ARGUMENTS to gcc.", False),
    ("\t* configure.ac [GCC]: Pass -Wno-psabi for gcc >= 4.6.", False),
    ("\tPass it to agent_inq_pinentry_launched.", False),
    ("(merge 0324e8fc6b pw/word-diff-zero-width-matches later to maint).", False),
    ("\\fB\\-\\-password\\-file\\fR=\\fIPASSWORD_FILE\\fR", False),     # roff source of a manual page
    ("La version est pass\\(\'ee depuis dpkg 1.18.5.", False),         # passée, in roff
    ("  * Pass admindir to dpkg, Closes: Bug#54039", False),
    ("password: \\Harbor#Maple42", True),
    ("the wifi pass: Harbor#Maple42 for guests", True),   # the noun with its separator keeps its value
    ("guest pass is Harbor#Maple42 to get in", True),
    ("user/pw: ops/Harbor#Maple42", True),
])
def test_the_verb_pass_roff_and_bug_numbers_are_no_password(scanner, text, found):
    """A changelog's `pass X to Y` and git's `pw/topic` branches were 170 findings in 42 MB of /usr/share/doc."""
    hits = [f for f in scanner.scan(text) if f.rule_id.startswith("generic-password")]
    assert bool(hits) is found


def test_negative_context_on_the_line_counts(scanner):
    findings = scanner.scan("I forgot my password Falcon^Nine9")
    assert not [f for f in findings if f.rule_id.startswith("generic-password")]


def test_explain_lists_signals_without_the_value(scanner):
    lines = scanner.explain("pw for the staging box: Harbor#Maple42")
    assert any("generic-password-prose" in line and "reported:" in line and "separator" in line for line in lines)
    assert not any("Harbor#Maple42" in line for line in lines)


PROSE_THEN_ENV = "La contraseña es Ember&Lotus88, cámbiala pronto.\nREDIS_PASSWORD=aB3dE6gH9jK2mN5p"


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_a_prose_password_followed_by_another_match_of_its_rule_is_found(engine):
    """Found by hypothesis: the prose rule's match from 'contraseña' to the second line's value ends after
    the one to the first value and hid it (reverse search without overlap, offsets skipped from its start)."""
    found = {(f.rule_id, PROSE_THEN_ENV[f.start:f.end]) for f in Scanner.default(engine).scan(PROSE_THEN_ENV)}
    assert ("generic-password-prose", "Ember&Lotus88") in found
    assert ("generic-password", "aB3dE6gH9jK2mN5p") in found


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_a_placeholder_is_never_context(engine):
    """The rule id in `[MASKED:generic-db-uri-password:...]` is no credential word for what follows it."""
    masked = "DATABASE_URL=postgres://app:[MASKED:generic-db-uri-password:a266c5]@db.internal:5432/app"
    assert Scanner.default(engine).scan(masked) == []
    assert "no context-scored candidate" in Scanner.default(engine).explain(masked)[0] or all(
        "not reported" in line for line in Scanner.default(engine).explain(masked))


JDBC_TWICE = ("jdbc:postgresql://db:5432/app?user=etl&password=Ru5tyNail42&ssl=true "
              "jdbc:postgresql://db:5432/app?user=etl&password=Ru5tyNail42&ssl=true end")


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_a_word_with_its_own_value_does_not_pair_with_a_later_token(engine):
    """Found by hypothesis (stream property test): the first `password=` paired with `postgresql://...` of the
    next line's copy 40 chars on, a match the stream hold-back (one match per word) could not foresee, so the
    stream was stopped. A word given its value right after it, or a URL as the token, is no password pair."""
    found = Scanner.default(engine).scan(JDBC_TWICE)
    assert not any("://" in JDBC_TWICE[f.start:f.end] for f in found)
    assert sum("Ru5tyNail42" in JDBC_TWICE[f.start:f.end] for f in found) == 2


@pytest.mark.parametrize("between, value", [
    ("=Ru5tyNail42&ssl=true jdbc:", "postgresql://db:5432/app?user=etl"),  # the word had its value already
    (": ", "https://vault.internal/ui/#/login"),                            # a URL is not a password
])
def test_score_refuses_tokens_that_are_not_the_word_s_value(between, value):
    assert not score("", between, value).reported


@pytest.mark.parametrize("text, signal", [
    ("the pw for the staging box is Falcon*Granite86, thanks", "naming what it is for"),
    ("Das Passwort für den Server lautet Nimbus$Tundra49", "naming what it is for"),
    ("la password dell'account è Maple!Copper31", "copula"),
    ("my password is raven-sierra-velvet-granite", "passphrase"),
    ("use Harbor#Raven28 as the password for the vpn", "credential word after the token"),
    ("log in as svc_ci with Orchid2019 and check the cron", "user name, then with/using"),
    ('requests.get(url, auth=("svc_ci", "Granite%Orchid31"))', "argument of a connect/login/auth call"),
    # issue 15: credential words and copulas of more languages, the pair forms of a failing login, a bracket
    ("Lozinka za ruter je Jela!Sava93, promijeni je", "naming what it is for"),
    ("parola pentru routerul din birou este Brad^Munte62, te rog", "naming what it is for"),
    ("a nyomtató jelszava: Gólya_7731 — ne oszd meg", "separator before the token"),
    ("รหัสผ่าน wifi ที่บ้านคือ Mango#Pier51 นะ", "copula before the token"),
    ("رمز عبور وای‌فای دفتر Sarv!Kuh77 است.", "copula after the token"),
    ("the API says unauthorized when I authenticate as ops-bot and send Quill!Fern903", "user name, then with/using"),
    ("DB host pg-main, user deploy, and I entered Pebble%Moss61 in the field", "user name, then with/using"),
    ("the portal says 'invalid credentials' for ops-bot / Wren&Tarn715", "for / as the user name, then a slash"),
    ("- Service account: deploy / Kettle^Moor48", "separator before the token"),
    ("they read their old password (Kestrel^Tide8) to me on the phone", "token right after the word"),
    ("your account is unlocked, sign in with Heron#Basalt42 and pick a new one", "right after a login verb"),
    ("I typed Tarn#Fescue61 twice and the login page just reloads", "verb of entry or refusal"),
    ("my password has been reset to Harbor#Maple42, please change it", "set or reset to the token"),
])
def test_how_people_give_a_password_is_found_whole_and_explained(scanner, text, signal):
    value = next(w.strip(",\"')(") for w in text.split() if any(c.isdigit() for c in w) or w.count("-") >= 3)
    start = text.index(value)
    found = [f for f in scanner.scan(text) if f.start <= start and f.end >= start + len(value)]
    assert found, scanner.explain(text)
    assert any(signal in line for line in scanner.explain(text))


@pytest.mark.parametrize("text", [
    "the password for this account is required",            # a word, not a password
    "the password for the admin account is expired-and-locked-out",  # negative words
    "see RFC-2617 as the password digest reference",         # a document id
    "use this as the password field label",
    "log in as admin with your SSO account",
    "snake-case-names-are-common is the password hint",     # hint: talk about passwords
    "the password in KeePass2 is old",                      # where it is kept
    "رمز عبور در KeePass2 ذخیره شده است",                    # the same in Persian
    "sign in with Microsoft365 first",                      # a provider, not a password
    "log in with OAuth2 and pick the tenant",
    "account: billing / 2024-Q3",                           # a quarter
    "account settings / Preferences2",                      # no colon: no pair
    "\t* g10/passphrase.c (gpg_format_keydesc): Add mode 2.",  # a bracket after a file name
    "Lozinka je spremljena u upravitelju",                  # a participle: what was done with it
    "I typed Sloe.687 in the search box",                   # typed, but no talk of logging in
    "the login page rejects my_user_2 as a user name",     # an identifier's shape
    "reset your password to something like Harbor#Maple42 (example)",
])
def test_the_same_shapes_without_a_password_are_not_reported(scanner, text):
    assert not [f for f in scanner.scan(text) if f.rule_id.startswith("generic-")], scanner.explain(text)


def test_a_negative_word_after_the_password_word_counts_within_the_reach_only(scanner):
    """'X is the password' is judged with the negative words after it up to AFTER_REACH characters, not to the
    line's end: a stream's hold-back waits that long and no longer (EVASION.md, attack4's open row, closed), so a
    word further on must not change a verdict the stream already acted on."""
    from addons.detect.context_score import AFTER_REACH

    def found(text: str) -> bool:
        return any(f.rule_id == "generic-password-before-word" for f in scanner.scan(text))

    head = "use Lantern#Gale52 as the password"
    assert found(head + " for the build agent.")
    assert not found(head + " and then" * 4 + " reset it with your own.")  # within reach: not a password given
    far = head + " and then" * (AFTER_REACH // 9 + 1)
    assert len(far) - len(head) > AFTER_REACH
    assert found(far + " reset it with your own.")


def test_talk_of_logging_in_after_a_typed_token_counts_as_far_as_the_regex_reads(scanner):
    """generic-password-entered reads the talk after the token as part of its match (a stream holds the token until
    it comes): the scorer reads no further than the regex, or a stream would have sent what a full scan masks."""
    from addons.detect.context_score import LOGIN_TALK_AFTER

    def found(text: str) -> bool:
        return any(f.rule_id == "generic-password-entered" for f in scanner.scan(text))

    head = "I typed Tarn#Fescue61 "
    assert found(head + "and the login page reloads")
    assert not found(head + "and the search page reloads")
    filler = "x" * (LOGIN_TALK_AFTER + 1)
    assert not found(head + filler + " login")
    assert found("on the login page I typed Tarn#Fescue61 and it reloads")  # the talk before it
