"""Places whose syntax gives a password (prose28, issue 15; held-out set 22 spent): admin commands and calls (RACF /
IBM i `PASSWORD(X)`, samba-tool, composer's http-basic, FNDCPASS, NickServ IDENTIFY, ConvertTo-SecureString 'X',
set_password / Hash::make / bcrypt.hash), a PIN of 4 or 5 digits under a password key or in such a place, aligned
columns, an XML element named a password, an IRC client's /set, and JSON credential objects. Values and look-alikes
are written here, not drawn from the held-out set."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("READY\nALTUSER JBLOGGS PASSWORD(Quoll4ab) RESUME\nREADY", "Quoll4ab"),
    ("ADDUSER KOLSEN DFLTGRP(SALES) PASSWORD(fenquoll) OWNER(SECADM)", "fenquoll"),
    ("CHGUSRPRF USRPRF(KOLSEN) PASSWORD('Tarn.Gannet.Heron') PWDEXP(*YES)", "Tarn.Gannet.Heron"),
    ("CRTUSRPRF USRPRF(BATCH1) PASSWORD(73314) USRCLS(*USER)", "73314"),
    ("samba-tool user create kolsen 'Gannet#Shoal4' --given-name=Kari", "Gannet#Shoal4"),
    ("composer config --global http-basic.repo.corp.test ci-bot 'heronmarsh'", "heronmarsh"),
    ("$ FNDCPASS apps/Quoll_Fen7 0 Y system/manager SYSTEM APPLSYS WELCOME", "Quoll_Fen7"),
    ("[09:41] /msg NickServ IDENTIFY kolsen Tarn.Gannet.Heron\n[09:41] -NickServ- You are now identified",
     "Tarn.Gannet.Heron"),
    ('/network add -autosendcmd "/msg nickserv identify 48213;wait 2000" oftc', "48213"),
    ("Set-ADAccountPassword -Identity kolsen -Reset -NewPassword "
     "(ConvertTo-SecureString -AsPlainText 'quollfen' -Force)", "quollfen"),
    (">>> user.set_password(\"heronmarsh\")", "heronmarsh"),
    ("$u->password = Hash::make('4821');", "4821"),
    ("const hashed = await bcrypt.hash(\"Quoll!Fen34\", 12);", "Quoll!Fen34"),
    ("$admin->setPassword($this->hasher->hashPassword($admin, 'TarnGannet'));", "TarnGannet"),
    ("Connection c = DriverManager.getConnection(\"jdbc:mysql://db1:3306/shop\", \"etl\", \"quollfenmarsh\");",
     "quollfenmarsh"),
    ("const conn = Jdbc.getConnection('jdbc:mysql://10.20.0.15:3306/shop', 'etl', '6251116');", "6251116"),
    ("$u->password = Hash::make('998886');", "998886"),
    ("KEYCLOAK_ADMIN_PASSWORD=5432", "5432"),
    ('{"name": "app", "password": "15840", "state": "present"}', "15840"),
    ("    Environment:\n      DB_USER:      etl\n      DB_PASS:      quoll-fen-tarn-heron\n", "quoll-fen-tarn-heron"),
    ('        engine            : "postgres"\n        password          : "41982"\n', "41982"),
    ("<server>\n  <id>nexus</id>\n  <password>quollfenmarsh</password>\n</server>", "quollfenmarsh"),
    ("<account><password>48213</password></account>", "48213"),
    ("./kcadm.sh set-password -r shop --username kolsen --new-password '7548' --temporary", "7548"),
    ('/connect oftc\n/set irc.server.oftc.sasl_password "Tern!Basalt42"\n/save', "Tern!Basalt42"),
    ('{"credentials": {"password": {"value": "quillmarten"}}}', "quillmarten"),
    ('{"credentials": [{"type": "password", "value": "48213", "temporary": false}]}', "48213"),
    ("//PAYRL01  JOB (ACCT),'PAYROLL',CLASS=A,\n//             USER=KOLSEN,PASSWORD=heronmarsh", "heronmarsh"),
])
def test_a_password_the_syntax_gives_is_found(text, value):
    assert value in _values(text)


def test_a_racf_value_ends_before_its_closing_bracket():
    text = "ALTUSER JBLOGGS PASSWORD(Quoll4ab) NOEXPIRED"
    assert _values(text) == ["Quoll4ab"]


@pytest.mark.parametrize("text", [
    "CHGUSRPRF USRPRF(QSECOFR) PASSWORD(*NONE) STATUS(*DISABLED)",
    "ALTUSER JBLOGGS PASSWORD(&NEWPW) RESUME",
    "ADDUSER MKOHL DFLTGRP(PAYROLL) PASSWORD(<initial password>) OWNER(SECADM)",
    "-NickServ- identify via /msg NickServ IDENTIFY lvogt <password>.",
    "Use /msg NickServ IDENTIFY followed by your password",
    "Set-ADAccountPassword -Identity jdoe -Reset -NewPassword (ConvertTo-SecureString -AsPlainText $pw -Force)",
    ">>> admin.set_password(getpass.getpass(\"new admin password: \"))",
    "> $u->password = Hash::make(Str::random(32));",
    "const hashed = await bcrypt.hash(password, 12);",
    "Connection c = DriverManager.getConnection(url, user, password);",
    "Connection c = DriverManager.getConnection(url, props);",
    "composer config --global http-basic.repo.corp.test ci-bot \"$COMPOSER_PASS\"",
    "password: 2024",
    "user, password = credentials",
    "host,user,password = row",
    "password_length: 1024",
    "<password>2024</password>",
    "<token>hello</token>",
    "<password>required</password>",
    "certtool: honor --ask-pass when loading a private key",
    "  -p, --password TEXT   Password for the admin user (default: prompt)",
    "        with self.assertRaisesRegex(TypeError, msg):\n            self.zip.setpassword(\"unicode\")",
    "./kcadm.sh set-password -r shop --username kolsen --new-password '2024' --temporary",
    '/set irc.server.libera.sasl_password "${sec.data.libera}"\n',
    '"credentials": {"password": {"hash": {"algorithm": "BCRYPT", "value": "LDJsrLz7YdEBWQbxHGsTQb8PMOtNrYQ"}}}',
    '{"credentials": [{"type": "password", "value": "${KC_PASSWORD}"}]}',
])
def test_look_alikes_give_none(text):
    assert _values(text) == []
