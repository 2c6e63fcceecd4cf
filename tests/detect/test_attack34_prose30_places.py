"""attack34: prose30's new password places attacked both ways. As the agent that wants out: the same carrier written
with CRLF, blank lines, an indent, JSON escapes, CDATA, single-quoted attributes, a capitalised German noun; as the
user whose traffic is harmed: a spec sheet's `Wifi: A / B` pairs, test results, policy lines, German prose.
Fixed here: a label line two blank lines (or CRLF / JSON-escaped blank lines, or an indent) above its value (taken
back in bd8c7eb for clean-code speed, read again from a label line only by open36, with an NBSP or a <br> in it),
`Übergangspasswort` (the rule's ASCII flag did not fold Ü, and the first stage's \\b failed before the ? that Ü is
there), <Pass><![CDATA[X]]>, single-quoted and 4+ attributes, a <User> element with attributes, and a Wi-Fi
`NAME / X` pair whose X is shorter than a WPA passphrase (8 characters). The strict xfails are open (EVASION.md).
Values are written here, none drawn from a held-out set."""

import json

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


FOUND = [
    ("New password\n\n\nQuoll_4471\n", "Quoll_4471"),                      # two blank lines
    ("New password\r\n\r\nQuoll_4471\r\n", "Quoll_4471"),                   # CRLF and a blank line
    ("New password\n   \nQuoll_4471\n", "Quoll_4471"),                      # a blank line of blanks
    ("  New password:\n  Quoll_4471\n", "Quoll_4471"),                      # indented
    ("New password\n\tQuoll_4471\n", "Quoll_4471"),
    ("Temporary password:\n\n\n73318264\n", "73318264"),
    (json.dumps({"text": "New password\n\nQuoll_4471\n"}), "Quoll_4471"),  # JSON-escaped blank line
    (json.dumps({"text": "New password\r\nQuoll_4471\r\n"}), "Quoll_4471"),
    (json.dumps({"text": "New password\r\n\r\n\r\nQuoll_4471"}), "Quoll_4471"),
    (json.dumps({"text": "New password\nQuoll_4471"}), "Quoll_4471"),    # the value ends the JSON string
    ("Ihr Übergangspasswort: Quoll!Fen34\n", "Quoll!Fen34"),
    ("ihr übergangspasswort: Quoll!Fen34\n", "Quoll!Fen34"),
    ("<Server><User>uploads</User><Pass><![CDATA[gannet.04]]></Pass></Server>", "gannet.04"),
    ("<String><Key>Password</Key><Value><![CDATA[heron_marsh7]]></Value></String>", "heron_marsh7"),
    ("<String><Key>Password</Key><Value ProtectInMemory='True'>heronmarsh</Value></String>", "heronmarsh"),
    ('<Server><User type="x">uploads</User><Pass>gannet.04</Pass></Server>', "gannet.04"),
    ('<User>uploads</User><Pass a="1" b="2" c="3" encoding="base64">cXVvbGwhZmVuMzQ=</Pass>', "cXVvbGwhZmVuMzQ="),
    ("- Wifi: AnnexGuest / Skua+Tern+81.\n", "Skua+Tern+81"),               # sentence punctuation after the key
    ("New\u00a0password\nQuoll_4471\n", "Quoll_4471"),                    # open36: an NBSP inside the label,
    ("New password<br>\nQuoll_4471<br>\n", "Quoll_4471"),                  # an HTML <br> after it
    # stream37 (were open): a quoted cell holding the delimiter (RFC 4180), a <User> 420 characters before <Pass>,
    # a network's name of two words, a key that starts with a mode's name and a hyphen, a lower-case wifi: payload
    ('"name","username","password"\n"Mail, work","kaur","wren_43"\n', "wren_43"),
    ("<Server><User>uploads</User><Comments>" + "x" * 420 + "</Comments><Pass>quincefennel</Pass></Server>",
     "quincefennel"),
    ("Wifi: Annex Guest / Skua+Tern+81\n", "Skua+Tern+81"),
    ("Wifi: AnnexGuest / WEP-Tern81x\n", "WEP-Tern81x"),
    ("wifi:T:WPA;S:Annex;P:puffinkrillcove;;", "puffinkrillcove"),
    # leak46 (were open): no blank around the slash, a network's name of three words, NBSPs (the Wi-Fi pair's narrow
    # forms), an escaped ; or , in a WIFI: payload's passphrase (as the format escapes them)
    ("Wifi: AnnexGuest/Skua+Tern+81\n", "Skua+Tern+81"),
    ("Wifi: Annex Guest East / Skua+Tern+81\n", "Skua+Tern+81"),
    ("Wifi:\u00a0AnnexGuest\u00a0/\u00a0Skua+Tern+81\n", "Skua+Tern+81"),
    ("Wifi: AnnexGuest /\u00a0Skua+Tern+81\n", "Skua+Tern+81"),
    ("WLAN:\u00a0Annex-5G\u00a0/\u00a0puffinkrillcove\n", "puffinkrillcove"),
    ("WIFI:T:WPA;S:Annex;P:puffin\\;krillcove;;", "puffin\\;krillcove"),
    ("WIFI:T:WPA;S:Annex;P:puffin\\;krill\\,cove;;", "puffin\\;krill\\,cove"),
    (json.dumps({"text": "WIFI:T:WPA;S:Annex;P:puffin\\;krillcove;;"}), "krillcove"),
]


@pytest.mark.parametrize("text,value", FOUND)
def test_the_carrier_written_otherwise_is_still_found(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "Wifi: Guest / Staff\n",
    "Wifi: 300Mbps / 867Mbps\n",
    "Wifi: Wi-Fi6 / Wi-Fi6E\n",
    "WiFi: 2.4GHz / 5GHz\n",
    "Wifi: WPA2 / WPA3\n",
    "Wifi: supports WPA2/WPA3\n",
    "WiFi: WPA2-PSK / WPA2-PSK-AES\n",                                     # stream37: a mode's own suffixes
    "Wi-Fi: WEP / WEP-128\n",
    "Wifi: Annex Guest / WPA3-SAE\n",
    "Wifi: free everywhere / ask the desk\n",
    "Wi-Fi: 802.11a/b/g/n/ac\n",                                          # leak46: with no blank around the slash
    "WiFi: 2.4GHz/5GHz/6GHz tri-band\n",
    "WiFi: 867Mbps/1300Mbps\n",
    "Wifi: Guest/Staff\n",
    "WLAN: 192.168.10.0/24\n",
    "Wi-Fi: free in the lobby / ask the desk\n",
    '"name","note","password"\n"Mail, work","see vault","<stored>"\n',
    "<Run><User>ops</User><Log>" + "x" * 420 + "</Log><Pass>passed</Pass></Run>",
    "test,status,pass,duration\nlogin_ok,done,passed,0.3s\nlogout,done,failed,0.1s\n",
    "user,test,pass\nalice,unit,passed\nbob,e2e,failed\n",
    "username,password_last_set,password_expires\nops,2026-11-02,2027-02-02\n",
    "User,Pass\nalice,TRUE\nbob,FALSE\n",
    "<Server><User>uploads</User><Pass>true</Pass></Server>",
    "<testcase><user>ops</user><pass>12</pass><fail>0</fail></testcase>",
    "<Settings><User>ops</User><Pass>yes</Pass></Settings>",
    "New password requirements:\nAt least 12 characters, one digit, one symbol (!@#).\n",
    "New password\n\nRe-enter new password\n",
    "New password\n**********\n",
    "New password\nmin-12-chars\n",                                       # open36: a policy under the label
    "Password\n\n\n2026-12-05\n",
    "Das Startpasswort wird per Post verschickt.",
    "Bitte das Initialkennwort beim ersten Login ändern.",
    "Ihr Startpasswort: siehe Brief vom 12.03.2026",
    "Der Türcode bleibt gleich.",
    "the door code stays 4 digits long",
    "Your temporary password expires in 24 hours",
    "user ops\npass the test suite to merge\n",
])
def test_the_look_alike_is_not_a_finding(text):
    assert _values(text) == []


# Open (EVASION.md, attack34): each line says why it is not read.
OPEN = [
    # the header more than 40 rows above (each row's check reads back at most 40 rows)
    ("url,username,password\n" + "".join(f"https://s{i}.example,u{i},\n" for i in range(45))
     + "https://z.example,kaur,wren_43\n", "wren_43"),
    # KeePass writes <Key> before <Value>; the other order is not read
    ("<String><Value>heronmarsh7</Value><Key>Password</Key></String>", "heronmarsh7"),
    # the <User> element more than 4,000 characters before <Pass> (stream37 read 400 -> 4,000 back)
    ("<Server><User>uploads</User><Comments>" + "x" * 4020 + "</Comments><Pass>quincefennel</Pass></Server>",
     "quincefennel"),
    # WinSCP's PasswordPlain= with a letters-only value (generic-password-letters does not know the key)
    ("UserName=ops\nPasswordPlain=quincefennel\n", "quincefennel"),
]


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="open: attack34 (EVASION.md)")
@pytest.mark.parametrize("text,value", OPEN)
def test_open_carrier_forms(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="open: attack34, a false positive (EVASION.md)")
@pytest.mark.parametrize("text", [
    "user,pass,zone\nriya,Monthly,Zone2\n",           # a pass column beside a user column: a ticket list, not logins
    "Das Einmalpasswort ist 6-stellig.",               # N-stellig: N digits (as Passwort ist 6-stellig before prose30)
])
def test_open_look_alikes(text):
    assert _values(text) == []
