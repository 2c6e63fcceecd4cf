"""prose53: a generated password whose second or third char is `=` (R=gk_9hBb...) right after the password word read
as a keyword argument (name=value, -4) unless a separator or a copula gave it. Right after the word (never after the
verb `pass`) a name of one or two chars is a generator's; a setting's name (mode=Strict2) still reads as code.
The positives fail before this change; the look-alikes pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Log in to the pharmacy system with user name d.stojanovski and password R=gk_9hBbqdtaRnpi4p_aN, then change "
     "the password.", "R=gk_9hBbqdtaRnpi4p_aN"),
    ("Најави се во системот на аптеката со корисничко име d.stojanovski и лозинка R=gk_9hBbqdtaRnpi4p_aN, а потоа "
     "смени ја лозинката.", "R=gk_9hBbqdtaRnpi4p_aN"),
    ("Sign in to the till with user kiosk7 and password Qx=7tLm_Vw2pR, then lock the drawer.", "Qx=7tLm_Vw2pR"),
])
def test_a_generated_password_with_an_early_equals_right_after_the_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "you can pass stdout=PIPE to the call",
    "pass Tm=Limit30 to the call",
    "set password mode=Strict2 in the config",
    "the password policy=Strong1 setting is on by default",
    "call it with password hash=Sha256 and salt rounds=12",
])
def test_a_setting_or_a_keyword_argument_after_the_word_is_no_finding(text):
    assert sensitive(SCANNER, text) == []


# A login call named for the password or the scheme after `auth`: letters only or a PIN after its quoted user is the
# password (as in login("admin", "GoudaTurnip")); its placeholders and a failing test's words are not.
@pytest.mark.parametrize("text,value", [
    ('NtlmPasswordAuthentication auth = new NtlmPasswordAuthentication("TYRES", "est.okafor", "CortlandAnole");',
     "CortlandAnole"),
    ('var auth = new NtlmPasswordAuthentication("DEPOT", "w.santos", "460515");', "460515"),
    ('sess.userauth_password("d.stojanovski", "PippinSkink")?; // drone survey uploads', "PippinSkink"),
    ('session.userauth_password("backup", "29321412").unwrap();', "29321412"),
])
def test_letters_or_a_pin_in_a_login_call_named_after_auth(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    'new NtlmPasswordAuthentication("CORP", "username", "password")',
    'sess.userauth_password("user", "hostname")',
    'new NtlmPasswordAuthentication("CORP", "guest", "notvalidpass")',
    'self.authorization("alice", "pending")',
    'new NtlmPasswordAuthentication(domain, user, password)  // values come from the config service',
])
def test_a_login_call_named_after_auth_with_no_password_is_no_finding(text):
    assert sensitive(SCANNER, text) == []
