"""prose54: a login call whose library puts a digit in its name (ssh2_auth_password, smb2_login, ldap3_..., http2_...):
generic-password-positional's regex wanted letters only before the call's verb and no word character before that,
so nothing read the password in `ssh2_auth_password($conn, U, X)` whatever its shape; context_score.LOGIN_CALL, which
lets a letters-only value or a PIN after a quoted user count, wanted the same. The positives fail before this
change; the look-alikes (a variable, an environment read, a version and a date) pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("ssh2_auth_password($conn, 'k.morris', 'Heron!Quay58');", "Heron!Quay58"),
    ("ssh2_auth_password($conn, 'k.morris', 'kestrelmoorland');", "kestrelmoorland"),   # letters only
    ("ssh2_auth_password($conn, 'k.morris', '582913');", "582913"),                    # a PIN
    ('ok = smb2_login(sess, "WORKGROUP", "t.okafor", "Tarn#Ledge47")', "Tarn#Ledge47"),
    ('conn = ldap3_authenticate("cn=svc", "Fescue!Moor71")', "Fescue!Moor71"),
    ('client.http2_login("ops.bot", "Gannet_Shoal44")', "Gannet_Shoal44"),
])
def test_a_login_call_with_a_digit_in_its_name(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "ssh2_auth_password($conn, 'k.morris', $password);",
    "ssh2_auth_password($conn, 'k.morris', getenv('SSH_PW'));",
    'md5_auth("v2.3.1", "2024-01-01")',
    "ssh2_auth_password($conn, 'k.morris', 'password');",
    "sha256_login_hash('k.morris', '2024')",
])
def test_look_alikes_of_such_a_call_are_no_finding(text):
    assert sensitive(SCANNER, text) == []
