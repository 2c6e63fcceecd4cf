"""prose61: a password in code and in a secrets file, read from what names it whatever the library or site.

- generic-password: an upper-case constant naming the password passed as a call's argument, the literal the next one
  (libcurl's CURLOPT_PASSWORD in C or PHP, Android's putExtra(EXTRA_PASSWORD, ...), Go's os.Setenv), and a
  subscript naming it assigned a literal (os.environ["..._PASSWORD"] = "X", PHP's $_ENV, Ruby's ENV, process.env).
- generic-password-secrets-entry: an IPsec secrets file's entry (`: PSK "X"`, `: EAP "X"`, `: XAUTH "X"`).
The positives are of other trades and libraries than held-out set 43's; each was missed on main ce29d5c."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

CODE = [
    ("curl_setopt($ch, CURLOPT_PROXYPASSWORD, 'Kiln#4471x');", "Kiln#4471x"),
    ('curl_easy_setopt(h, CURLOPT_TLSAUTH_PASSWORD, "Loom#5520x");', "Loom#5520x"),
    ('intent.putExtra(EXTRA_PASSWORD, "Ferry_7781x");', "Ferry_7781x"),
    ('os.Setenv(DB_PASSWORD, "Quay#2290x")', "Quay#2290x"),
    ('props.put(ConsumerConfig.SASL_PASSWORD, "Sorrel-5580");', "Sorrel-5580"),
    ('os.environ["SMTP_PASSWORD"] = "Bellows#58x"', "Bellows#58x"),
    ("$_ENV['MAIL_PASSWORD'] = 'Anvil_4410!';", "Anvil_4410!"),
    ('ENV["REDIS_PASSWORD"] = "Forge!2291x"', "Forge!2291x"),
    ('process.env["PGPASSWORD"] = "Ember#7781";', "Ember#7781"),
]


@pytest.mark.parametrize("text,value", CODE)
def test_a_constant_or_subscript_naming_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


CODE_LOOK_ALIKES = [
    'static const struct msg MSGS[] = {{ERR_PASSWORD, "Incorrect"}};',
    'os.environ["DB_PASSWORD"] = get_secret()',
    'os.environ["DB_PASSWORD"] = ""',
    'if env["DB_PASSWORD"] == "changeme2":',
    "c.setopt(pycurl.PASSWORD, password)",
    'value = os.getenv(DB_PASSWORD, "")',
    'log(LEVEL, FIELD_PASSWORD, EMPTY_VALUE)',
    'show(MSG_PASSWORD, "Enter your password")',
]


@pytest.mark.parametrize("text", CODE_LOOK_ALIKES)
def test_code_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


SECRETS = [
    ('# /etc/ipsec.secrets on the brewery VPN\n192.0.2.10 %any : PSK "Hopfen!Kessel58"', "Hopfen!Kessel58"),
    ('@east @west : PSK "mash tun copper kettle"', "mash tun copper kettle"),
    ('jdoe : XAUTH "77910452"', "77910452"),
    ('carol@ferry.example : EAP "harbourlight"', "harbourlight"),
    ("# the clinic's road warrior\n: PSK 'Surgery#2290x'", "Surgery#2290x"),
]


@pytest.mark.parametrize("text,value", SECRETS)
def test_an_ipsec_secrets_entry(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


SECRETS_LOOK_ALIKES = [
    ": RSA /etc/ipsec.d/private/gw.pem",
    ': PSK "${VPN_PSK}"',
    ': PSK "<your pre-shared key>"',
    ': PSK "required"',
    "include /etc/ipsec.d/*.secrets",
    'mode: PSK ""',
]


@pytest.mark.parametrize("text", SECRETS_LOOK_ALIKES)
def test_secrets_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
