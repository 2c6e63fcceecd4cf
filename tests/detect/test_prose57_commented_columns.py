"""prose57: a password in the column a comment header names, in a file of blank-separated columns: pppd's
chap-secrets / pap-secrets (`# client  server  secret  IP addresses`), and any such table whose header comment names
a secret or password column (generic-password-column-header; password_carriers._commented_columns_signals: the
header's columns are two blanks or a tab apart, the row has as many fields, the value is in the named column).
Other files than set 41's pap-secrets; an empty or starred secret, a row of another width, a comment that only
mentions a password, and a key's value under it stay none (the commented rule keeps those)."""

from __future__ import annotations

import json

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

POSITIVES = [
    ("# Secrets for authentication using CHAP\n# client\tserver\tsecret\t\tIP addresses\n"
     "k.olsen\tpptpd\tQuoll!Fen34\t*", "Quoll!Fen34"),
    ("# /etc/ppp/chap-secrets\n# client  server  secret  IP addresses\n\"vpn.ops\"  *  \"marram tussock knoll\"  *",
     "marram tussock knoll"),
    ("# l2tp-secrets\n# them  us  secret\nlns.corp.test  lac.corp.test  Tarn_Gannet7", "Tarn_Gannet7"),
    ("; host  user  password  note\nnas01  backup  Heron#Quay62  nightly\nnas02  backup  Skua~Plover58  weekly",
     "Skua~Plover58"),
    ("# ssid  band  passphrase\nAnnex-Guest  5GHz  heronmarshwillow", "heronmarshwillow"),
    ("# client  server  secret  IP addresses\n\"till-3\"  *  \"582914\"  *", "582914"),
]


@pytest.mark.parametrize("text,value", POSITIVES)
def test_the_column_the_header_names(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text,value", POSITIVES)
def test_the_column_in_a_json_chat_body(text, value):
    body = json.dumps({"messages": [{"role": "user", "content": text}]})
    start = body.index(json.dumps(value)[1:-1])
    assert any(f.start <= start and f.end >= start + len(json.dumps(value)[1:-1]) for f in SCANNER.scan(body))


@pytest.mark.parametrize("text", [
    "# client  server  secret  IP addresses\n\"vpn.ops\"  pptpd  \"\"  *",
    "# client  server  secret  IP addresses\n\"vpn.ops\"  *  ********  *",
    "# name  type  secret\n# the secret column says whether the field is masked\nport  int  no",
    "# password for the relay below\nrelay smtp.corp.test 587",
    "# user  password  role\nk.olsen  Heron#Quay62",
    "# Secrets for authentication using CHAP\n# client  server  secret  IP addresses",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
