"""Places prose30 widened (issue 15; held-out set 24 spent): a password manager's or browser's CSV export (a user
column beside the password column makes each row a login, whatever the value's shape; the row's other cells are
its record's data, not talk), KeePass 2 XML's <Key>Password</Key><Value ...>, FileZilla's <Pass> after a <User>,
an element's attributes, WinSCP.ini's PasswordPlain=, a house manual's `Wifi: NETWORK / KEY`, a WIFI: payload's
spaced passphrase, ncftp's `pass X` under a `user X` line, a label line (`New password`) with the token alone on
the next, a German compound of issuing (Startpasswort), a door code that stays X, and a word of issuing before the
credential word ("Your temporary password is X": your / reset are then the issuing's talk).
Values and look-alikes are written here, not drawn from the held-out set."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("url,username,password,totp,extra,name,grouping,fav\nhttps://mail.shop.example,kaur,wren_43,,,Mail,Email,0",
     "wren_43"),
    ("name,url,username,password,note\nintranet,https://intranet.example.com/sso,nadia,quincefennel,", "quincefennel"),
    ("Title,Website,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\n"
     "Cottage,https://bookings.example.org,tkaur,84731,,false,false,travel,June", "84731"),
    ("folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
     "Work,,login,Payroll,,,0,https://payroll.example.com,kolsen,tarn-gannet-heron,", "tarn-gannet-heron"),
    ("<Server>\n <Host>ftp.depot.test</Host>\n <User>uploads</User>\n <Pass>gannet.04</Pass>\n</Server>", "gannet.04"),
    ('<User>uploads</User><Pass encoding="base64">cXVvbGwhZmVuMzQ=</Pass>', "cXVvbGwhZmVuMzQ="),
    ('<String><Key>Password</Key><Value ProtectInMemory="True">heronmarsh</Value></String>', "heronmarsh"),
    ("<String>\n\t<Key>Password</Key>\n\t<Value>48213</Value>\n</String>", "48213"),
    ("[Sessions\\ops@sftp.depot.test]\nHostName=sftp.depot.test\nUserName=ops\nPasswordPlain=Quoll!Fen34",
     "Quoll!Fen34"),
    ("UserName=ops\nPasswordPlain=4471902\nFSProtocol=2", "4471902"),
    ("sign in with your username kolsen and the temporary password wren*51. You will be asked to change it",
     "wren*51"),
    ("Your one-time password today: Tarn.Gannet.Heron7 (reset it after the audit)", "Tarn.Gannet.Heron7"),
    ("Reset done. Your temporary password is quincefennel", "quincefennel"),
    ("House manual - Flat 2\n- Check-out 11:00\n- Wifi: AnnexGuest / Skua+Tern+81\n- Bins on Tuesday", "Skua+Tern+81"),
    ("WLAN: Annex-5G / puffinkrillcove", "puffinkrillcove"),
    ("QR: WIFI:T:WPA;S:Annex;P:puffin krill cove ledge;H:false;;", "puffin krill cove ledge"),
    ("login.cfg:\nhost ftp.depot.test\nuser uploads\npass quincefennel\n", "quincefennel"),
    ("host ftp.depot.test\nuser uploads\npass 227841\n", "227841"),
    ("Password reset\n\nAn administrator reset your password.\n\nNew password\nQuoll_4471\n\nSign in", "Quoll_4471"),
    ("Temporary password:\n73318264\n", "73318264"),
    ("Willkommen im Team!\nIhr Benutzername: k.olsen\nIhr Startpasswort: Quoll!Fen34\nBitte ändern Sie es.",
     "Quoll!Fen34"),
    ("Ihr Startpasswort: 73318264\n", "73318264"),
    ("Court booking: the clubhouse door code stays 48213 until the new year.", "48213"),
])
def test_the_password_in_its_place_is_found(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "url,username,password,totp,extra,name,grouping,fav\nhttp://sn,,,,,Door entry notes,Secure Notes,0",
    "name,url,username,password,note\nbank.example,https://bank.example/login,j.doe,,never saved",
    "name,pass,zone\nRiya,Monthly,Zone2",
    "user,password_changed_at,role\nops,2026-11-02,admin",
    '"Group","Title","Username","Password","URL"\n"Root","Router","netops","********","https://router.test"',
    "<result><test>login</test><pass>passed</pass></result>",
    "<season><pass>Monthly7</pass><zone>2</zone></season>",
    "<String><Key>Password</Key><Value>{REF:P@I:46C9B1FFBD4ABC4BBB260C6190BAD20C}</Value></String>",
    '<String><Key>Password</Key><Value ProtectInMemory="True"></Value></String>',
    "<String><Key>PasswordHint</Key><Value>dogname2019</Value></String>",
    "<Server><User>uploads</User><Logontype>2</Logontype></Server>",
    "ansible_become_password: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/db01:become') }}\"",
    "Your temporary password expired, reset it at https://id.corp.test/reset2",
    "We received a request to reset your password. Click the link below to choose a new one.",
    "Temporary password: <sent separately by SMS>",
    "Wi-Fi: 802.11ac / 802.11ax",
    "WiFi: WPA2 / WPA3-Personal",
    "Wifi: AnnexGuest / see the card by the TV",
    "WIFI:T:nopass;S:Library-Open;;",
    "def login(user):\n    pass\n",
    "user uploads\npass through the proxy\n",
    "user uploads\npass required\n",
    "Forgot password\nZx8#kkLm22\n",
    "Password\n--------\n",
    "New password\nQuoll_4471 is what I tried, it fails\n",
    "Reset password\nhttps://portal.corp.test/reset?t=Zx8kkLm22\n",
    "Ihr Startpasswort erhalten Sie am ersten Arbeitstag (Raum B2-14) von der IT.",
    "the door code stays the same as last year",
    "the gate code remains 2024 for now",
])
def test_the_place_without_a_password_is_not_a_finding(text):
    assert _values(text) == []
