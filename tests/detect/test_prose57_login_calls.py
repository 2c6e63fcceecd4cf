"""prose57: a login protocol's client call gives its password after the user, however the call is spelled: a port
as an argument of its own (connect(host, 22, user, X)), the host inside a mailbox or URL literal (PHP's
imap_open('{host:993/imap/ssl}INBOX', user, X)), a call named for the protocol or on a receiver named for it
(Erlang's ftp:user(Pid, user, X), ldap3.Connection(server, user, X), tn.connect), Elixir's charlists (~c"...")
(context_score.HOST_USER_BEFORE, PROTOCOL_CALL; generic-password-positional). Other libraries than set 41's; code
that passes no literal password, a year, a keep-alive or a key file stays none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("client.connect('sftp.corp.test', 2222, 'k.olsen', '48213')", "48213"),
    ("ssh.connect('10.0.4.7', 22, 'deploy', 'heronmarshwillow')", "heronmarshwillow"),
    ("$inbox = imap_open('{mail.corp.test:143/novalidate-cert}INBOX', 'k.olsen', 'marshwillowheron');",
     "marshwillowheron"),
    ("{ok, Pid} = ftp:open(\"files.corp.test\"), ok = ftp:user(Pid, \"k.olsen\", \"582914\").", "582914"),
    ("conn = ldap3.Connection(srv, 'k.olsen', 'marramtussock')", "marramtussock"),
    ("tn.connect('10.0.0.9', 23, 'svc.tel', 'fenquollmarsh')", "fenquollmarsh"),
    (":ok = :ftp.user(pid, ~c\"k.olsen\", ~c\"Tarn_Gannet7\")", "Tarn_Gannet7"),
])
def test_a_login_protocols_call(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "conn = connect('db2.corp.test', 5432, 'orders', '2024')",
    "imap_open('{mail.corp.test:143}INBOX', $user, $password)",
    "ok = ftp:user(Pid, \"anonymous\", \"\")",
    "ssh.connect('files.corp.test', 22, 'deploy', key_filename='id_ed25519')",
    "client.connect('broker.corp.test', 1883, 60)",
    "conn = ldap3.Connection(srv, 'k.olsen', 'password')",
    "value = cache.pop('session', 'defaultvalue')",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
