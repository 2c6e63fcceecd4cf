"""Passwords holding a bracket `()[]{}`, as generators emit them (1Password, Bitwarden, pwgen -y): the prose, login
and "typed" rules take brackets inside a token, and the allowlist reads unpaired brackets in a password rule's value
as the password's characters, not code (allowlist.bracketed_password). A closer that did not open in the token is the
text's (`(password: X)`), and paired brackets, calls, templates, roff escapes and markdown links stay what they were.
Values here are made up for these tests."""

import pytest

from addons.detect import Scanner
from addons.detect.allowlist import bracketed_password
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("my password is Vq7(kL!m2Zr9 if you need it", "Vq7(kL!m2Zr9"),
    ("pw for the build box: Hx]4m#Tq8wLe", "Hx]4m#Tq8wLe"),
    ("the root password on db7 is now Rw2{Pq^8nZt", "Rw2{Pq^8nZt"),
    ("the vendor sent the old password (Tz8)m!Kq4Ln) by mail", "Tz8)m!Kq4Ln"),
    ("use Jm4[q&Wx9Tz to log in, it expires friday", "Jm4[q&Wx9Tz"),
    ("tried Ny6)p@Ls3Vq three times and got locked out", "Ny6)p@Ls3Vq"),
    ("Kp9]z^Wm4Rt is the new wifi password", "Kp9]z^Wm4Rt"),
    ('REDIS_PASSWORD="Bw5(r|Qm8Ty]x"', "Bw5(r|Qm8Ty]x"),
    ("{password: Gq3)v~Lm7Xs}", "Gq3)v~Lm7Xs"),
])
def test_a_password_with_an_unpaired_bracket_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    # near misses of the positives above: the same carriers with code, templates and markup in the value's place
    "my password is get_password(self, user) if you need it",
    "pw for the build box: cfg.get(key).strip()",
    "the root password on db7 is now {{ vault_db_password }}",
    "the vendor sent the old password (see RFC-2617) by mail",
    "use fetch_secret(name=x2) to log in",
    "tried load_pw(cfg2) three times and got locked out",
    "[REDACTED_2024] is the new wifi password",
    'REDIS_PASSWORD=os.environ["REDIS_PW"]',
    "{password: ${DB_PASSWORD}}",
    "password=[MASKED:generic-password:a1b2c3]",
    "ctx.load_cert_chain(CERTFILE, password=KEY_PASSWORD.encode())",
    "fds_to_pass = [listener.fileno(), alive_r]",
    "ast.parse('pass', feature_version=(2, 7))",
    "Forcer le changement du mot de passe si l\\*(Aqutilisateur courant",
    "won the [Password Hashing Competition](https://www.password-hashing.net/) in 2015",
    "login: %(password)s and <your-password>",
    'Postgrex.start_link(username: "ledger", password: System.fetch_env!("LEDGER_DB_PASS"))',
])
def test_code_templates_and_markup_with_brackets_are_not_passwords(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_a_closer_that_opened_before_the_value_is_left_out_of_it(scanner):
    text = "log in as ops (password: Lx4#Qm9Vt2) and rotate it"
    spans = [(f.start, f.end) for f in scanner.scan(text) if f.classification not in ("public", "test-value")]
    start = text.index("Lx4")
    assert (start, start + len("Lx4#Qm9Vt2")) in spans


@pytest.mark.parametrize("value, password", [
    ("cP(_mV7t8r@N", True), ("K8)nBMHi/r^n", True), ("LuCg]=$!=7X~FZVx[^=", True),
    ("get_pw(self", False), ("KEY.encode())", False), ("[listener.fileno()", False), ("f(x@y)", False),
    ("version=(2", False), ("l\\*(Aqun", False), ("Name](https://x/)", False), ("(^vC5ns[o6", False),
    ("Lx4#Qm9)", False),
])
def test_bracketed_password_tells_a_password_s_brackets_from_code(value, password):
    assert bracketed_password(value) is password
