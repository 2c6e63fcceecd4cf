"""prose59: a quoted argument after a host and a user is the password, whatever the call or library is named (C#'s
FluentFTP FtpClient, Go's gomail.NewDialer with its port, a WebDAV or database client): the client of every
library that takes a login orders them so (generic-password-positional's host-first branch, validated by
context_score.HOST_USER_BEFORE as the named calls are). A file name is no host; a variable or a word is no
password. Each positive was missed before."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ('var client = new FtpClient("ftp.corp.test", "k.olsen", "Quoll!Fen34");', "Quoll!Fen34"),
    ('d := gomail.NewDialer("smtp.corp.test", 587, "k.olsen", "Tarn_Gannet7")', "Tarn_Gannet7"),
    ('conn = WebDAV("dav.corp.test", "k.olsen", "marram-tussock-knoll")', "marram-tussock-knoll"),
    ('cnx = new Database("db.corp.test:3306", "k.olsen", "Gannet~Moor48", "ledger");', "Gannet~Moor48"),
    ("s = Session('10.0.0.9', 'ops', 'heronmarshwillow')", "heronmarshwillow"),
    ('sess = Ssh2Client("bastion.corp.test", 22, "ops", "582914")', "582914"),
    ('api = Archive("files.corp.test", "k.olsen", "Heron=Quay62")', "Heron=Quay62"),   # its = is its own
])
def test_a_host_then_a_user_then_the_password(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    'open("report.csv", "k.olsen", "Mode_1xyz")',
    'copy("data.json", "backup", "Dest_2024x")',
    'c = Client("db.corp.test", "k.olsen", os.environ["PW"])',
    'c = Client("db.corp.test", "orders", "2024")',
    'c = Client("db.corp.test", "orders", "production")',
    'log("api.corp.test", "GET", "/v1/items")',
    'c = Client("db.corp.test", "orders", "ledger_v2")',
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
