"""prose55: two causes of set 39's glassworks misses, fixed for every library and notice alike.

A login call written as Rust writes it: a constructor (`Credentials::new`) and owned strings (`"ops".to_owned()`,
`.to_string()`, `.into()`) around the quoted user and password; generic-password-positional and
context_score.LOGIN_CALL / QUOTED_USER_BEFORE read neither. And an IT notice "your ... password is now X": the
copula and `now` give a password just set, as "reset to" does, so `your` no longer counts against it. No sentence
here is set 39's. The positives fail before this change (but the YAML key, a control); the look-alikes pass both
ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ('let creds = Credentials::new("ops".to_string(), "Knoll_Sedge42".to_string());', "Knoll_Sedge42"),
    ('let c = SmtpCredentials::new("alerts@corp.test".into(), "Tarn#Ledge47".into());', "Tarn#Ledge47"),
    ('let creds = Credentials::new("m.okoro".to_owned(), "Heronmarshland".to_owned());', "Heronmarshland"),
    ('let creds = Credentials::new("m.okoro".to_owned(), "5820913".to_owned());', "5820913"),       # a PIN
    ("Hi Ola, your wifi password is now Kestrel#2027 - keep it safe.", "Kestrel#2027"),
    ("Your VPN password is now 583920.", "583920"),
    ("IT desk: your badge terminal password is now 48213 (user p.ndlovu), change it today.", "48213"),  # a PIN
])
def test_rust_login_calls_and_now_notices(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    'let creds = Credentials::new(env::var("SMTP_USER")?, env::var("SMTP_PASS")?);',
    "let creds = Credentials::new(user.to_owned(), pass.to_owned());",
    'let creds = Credentials::new("ops".to_owned(), "password".to_owned());',
    'let creds = Credentials::new("ops".to_owned(), "2024".to_owned());',
    'let v = Version::new("serde".to_owned(), "1.0.219".to_owned());',
    'let c = Connection::new("db.internal".to_owned(), "orders_db".to_owned());',
    "Your password is now longer than 12 characters.",
    "Your password is now required to include a symbol.",
    "Your password is now expired, reset it at the portal.",
    "Your password is now 90 days old.",
    "Your password is now stored in the vault.",
    "Your password is now 2024 compliant.",
    "The password is now hashed with bcrypt.",
    "The password is now 12345678 - the default.",
])
def test_look_alikes_are_no_finding(text):
    assert sensitive(SCANNER, text) == []


# A camelCase key whose last word is Pass or Pwd (Perl's MIME::Lite AuthPass, a JS config's smtpPass):
# generic-password-key-name left such a key to the key rules, and generic-password read only pass / pwd after a
# separator. Not set 39's library (MIME::Lite's send): other hashes and objects.
@pytest.mark.parametrize("text,value", [
    ("my %conf = (dbUser => 'etl', dbPwd => 'Heron!Quay58');", "Heron!Quay58"),
    ('const cfg = { smtpUser: "ops", smtpPass: "Knoll_Sedge42" };', "Knoll_Sedge42"),
    ("$ftp = Net::FTP->new($host); %login = (ftpUser => 'ops', ftpPass => '582913');", "582913"),
    ("mailer:\n  relayUser: ops\n  relayPass: Tarn#Ledge47\n", "Tarn#Ledge47"),   # read before too (YAML): a control
])
def test_a_camel_case_pass_key(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "AuthPass => $ENV{SMTP_PASS}",
    'renderPass = "shadow_depth_prepass";',
    'const firstPass = "tokenize_source";',
    "vkCmdBeginRenderPass: 'VK_SUBPASS_CONTENTS_INLINE'",
    "smtpPass: ${SMTP_PASS}",
    'dbPwd = os.environ["DB_PWD"]',
])
def test_camel_case_look_alikes(text):
    assert sensitive(SCANNER, text) == []
