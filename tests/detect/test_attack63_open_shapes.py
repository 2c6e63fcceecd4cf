"""attack63: attack62's open shapes on prose62 (tests/detect/test_attack62_prose62.py's strict xfails), each said in
other words, with the look-alikes each new signal must leave alone. The signals are general: a call wrapped as a
formatter writes it (a line break and its indent after the bracket or a comma); an upper-case or camelCase key whose
last word is `pw` run on (BINDPW, adminPw); sssd's `authtok` before a passphrase of words; a file of secrets named on
a line above, in a comment or printed by a command (cat, less, Get-Content), its every entry, its rest of the line
(rsyncd reads it), and ppp's `client server secret` entry under pap- or chap-secrets; a URL first argument read as a
login's only in a client's constructor or a call named for a login, not in any call. Each evasion and the two URL
look-alikes failed on main b67f1f4. Open: libpq's PQsetdbLogin, six arguments before the password (strict xfail)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

EVASIONS = [
    # a login call wrapped as black, clang-format or a hand writes a long one: the line break after the bracket or
    # after a comma, one argument a line, a magic trailing comma
    ('api = wordpress_xmlrpc.Client(\n    "https://news.corp.test/xmlrpc.php",\n    "editor",\n'
     '    "Fjord#Quill58",\n)', "Fjord#Quill58"),
    ('ok = client.login(\n    "deploy",\n    "Quartz!Tiger7",\n)', "Quartz!Tiger7"),
    ('MYSQL *c = mysql_real_connect(conn, "db.corp.test",\n                               "k.olsen", "Tarn_Gannet7",'
     ' "ledger", 0, NULL, 0);', "Tarn_Gannet7"),
    ('rally = Rally(\n    "https://rally1.corp.test", "qa.bot", "Sedge&Marram44"\n)', "Sedge&Marram44"),
    # a key whose last word is pw run on, upper case (an env file) or camelCase (YAML, JS), unquoted
    ("MQ_ADMINPW=Sorrel#Quay31", "Sorrel#Quay31"),
    ("export SLAPD_ROOTPW=Heron_Slate29", "Heron_Slate29"),
    ("ldap:\n  bindPw: Heron_Slate29\n", "Heron_Slate29"),
    # sssd's authtok (another provider's too) holding a passphrase of words, unquoted or quoted
    ("krb5_authtok = copper lantern orchid", "copper lantern orchid"),
    ('ldap_default_authtok="sorrel gannet quay"', "sorrel gannet quay"),
    # a file of secrets named above: an entry's password with blanks (rsyncd reads to the line's end)
    ("# rsyncd.secrets for the mirror\nmirror-bot:copper lantern orchid\n", "copper lantern orchid"),
    # ... its second and third entries
    ("# /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\nmirror:Tarn_Gannet7\n", "Tarn_Gannet7"),
    ("# /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\n# the mirror\nmirror:Tarn_Gannet7\nweb:Sedge&Marram44\n",
     "Sedge&Marram44"),
    # ... printed by a command rather than named in a comment
    ("ops@nas:~$ sudo less /srv/rsync/mirror.secrets\nmirror-bot:Sorrel#Quay31\n", "Sorrel#Quay31"),
    ("PS C:\\> Get-Content C:\\rsync\\rsyncd.secrets\r\nbackup:Heron_Slate29\r\n", "Heron_Slate29"),
    ("cat /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\n", "Bison7-Canyon"),
    # ppp's own entry form (client, server, secret, addresses) under the file's name, quoted with blanks too
    ("# /etc/ppp/pap-secrets\nalice   vpn-gw   Sorrel#Quay31   10.8.0.2\n", "Sorrel#Quay31"),
    ('$ sudo cat /etc/ppp/chap-secrets\n"bob" * "copper lantern orchid" *\n', "copper lantern orchid"),
]


@pytest.mark.parametrize("text,value", EVASIONS)
def test_an_open_shape_said_another_way_is_found(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    # a URL first, then two quoted arguments, in a call that neither builds a client nor names a login
    'sync_mirror("https://mirror.corp.test", "stable", "build_7.2.1")',
    'notify("https://hooks.corp.test/services", "ops", "deploy-42x")',
    'post_json(\n    "https://api.corp.test/v2",\n    "orders",\n    "batch_2024_11",\n)',
    # a wrapped call that is no login
    'parser.add_argument(\n    "--password",\n    "-p",\n    "Password_file",\n)',
    'logger.info(\n    "connect %s", "db.corp.test", "retry_3x")',
    # an upper-case key in pw holding a reference, a placeholder, a path or a flag
    "LDAP_BINDPW=${LDAP_BINDPW}",
    "SMTP_AUTHPW=changeme",
    "DB_ROOTPW=/run/secrets/db_root",
    "HAVE_GETPW=1",
    # sssd's authtok's settings and talk about it
    "ldap_default_authtok_type = obfuscated_password",
    "# ldap_default_authtok = the bind password from the vault",
    # a file of secrets named, then settings, prose or references
    "$ cat app.secrets\nlevel:debug\n",
    "# see rsyncd.secrets(5)\nsecrets file = /etc/rsyncd.secrets\n",
    "# /etc/rsyncd.secrets\nbackup.ops:${RSYNC_PASSWORD}\n",
    "$ cat /etc/ppp/chap-secrets\n# Secrets for authentication using CHAP\n# client\tserver\tsecret\t\tIP addresses\n",
    "cat ~/.config/app.secrets | wc -l\n12\n",
    "# app.secrets: the loader reads it\nnote:see the wiki for the format\n",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes_are_not_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


OPEN_EVASIONS = [
    # libpq's seven arguments, options and tty left NULL, on one line or wrapped
    ('PGconn *c = PQsetdbLogin("pg.corp.test", "6432", NULL, NULL, "orders", "etl", "Heron_Slate29");',
     "Heron_Slate29"),
    ('c = PQsetdbLogin(\n        host, port, NULL, NULL,\n        "orders", "etl", "Heron_Slate29");', "Heron_Slate29"),
]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack63): the positional rule reads four arguments before "
                   "the password; six cost dense text 3-5% (prose62, 85fe27e), and a run of NULLs read as one "
                   "argument made Hyperscan approximate the rule (prefilter mode: its regex then confirmed a wrong "
                   "argument of other calls)")
@pytest.mark.parametrize("text,value", OPEN_EVASIONS)
def test_open_evasions(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)
