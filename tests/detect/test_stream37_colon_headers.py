"""stream37: a CSV header or an INI section after a sentence's colon on the same line (`Sure: app,client_secret`,
`Here it is: [smtp]`), and a commented password in a section whose lines end in CRLF, are read as on a line of their
own (stream36's open rows, EVASION.md). As the agent: the shapes an answer writes (a lead-in, Markdown bold, a tab
after the colon, CRLF, JSON-escaped, quoted cells). As the user: lines that end in a colon and a comma list which are
no export (a docstring's `Returns:` then `Raises:`, YAML's flow lists, schemas, usage lines, test results).
Values are written here, none drawn from a held-out set."""

import json

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[tuple[str, str]]:
    return [(f.rule_id, text[f.start:f.end]) for f in SCANNER.scan(text)
            if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,rule,value", [
    ("Sure: app,client_secret\nbilling,Quokka!Dune55\nThat is all.\n", "csv", "Quokka!Dune55"),
    ("Here is the CSV: username,password,role\nowlet,Heron!Lake27,admin\n", "csv", "Heron!Lake27"),
    ("**Example**: user,pass\nops,Mink-Fen-Sedge\n", "csv", "Mink-Fen-Sedge"),
    ("Sure: SSID\tBand\tPassphrase\nAnnex\t5GHz\tskua-fjord-tern\n", "csv", "skua-fjord-tern"),
    ("Sure: app,client_secret\r\nbilling,Quokka!Dune55\r\n", "csv", "Quokka!Dune55"),
    ("Sure:\tapp,client_secret\nbilling,Quokka!Dune55\n", "csv", "Quokka!Dune55"),
    ('Sure: "login";"mot_de_passe"\n"ops";"Ibis-Reed-Sedge"\n', "csv", "Ibis-Reed-Sedge"),
    ("Sure: url,username,password\nhttps://mail.shop.test,kaur,terrier_72\n", "csv", "terrier_72"),
    (json.dumps({"content": "Sure: app,client_secret\nbilling,Quokka!Dune55\nDone."}), "csv", "Quokka!Dune55"),
    ("Sure: [smtp]\nhost = mail01\n# relay password\nauth = lanternfish\n", "commented", "lanternfish"),
    ("Of course! Here it is: [smtp]\nhost = mail01\n# relay password\nauth = lanternfish\n", "commented",
     "lanternfish"),
    ("[smtp]\r\nhost = mail01\r\n# relay password\r\nauth = lanternfish\r\n", "commented", "lanternfish"),
    ("Sure: [smtp]\r\nhost = mail01\r\n\r\n# relay password\r\nauth = lanternfish\r\n", "commented", "lanternfish"),
    (json.dumps({"content": "Sure: [smtp]\nhost = mail01\n# relay password\nauth = lanternfish\n"}), "commented",
     "lanternfish"),
])
def test_a_header_or_section_after_a_colon_or_in_crlf_lines_is_read(text, rule, value):
    assert (f"generic-password-{rule}", value) in _values(text), _values(text)


@pytest.mark.parametrize("text", [
    "Returns: user, password\nRaises: KeyError, ValueError\n",           # a docstring's labelled lines
    "    Returns: user, password\n    Raises: KeyError, ValueError_2\n",
    "scopes: read,write,secret\ntoken: abc,def,Ghi12345x\n",             # YAML keys with comma lists
    "Columns: name,email,role\nalice,alice@example.test,admin\n",
    "def login(self, user: str, password: str) -> None:\n    pass\n",
    "Note: check the user, password, and host\nbefore you call support, then wait a minute.\n",
    "WARN auth: user,password required\nretrying,in,5s\n",
    "Usage: export.py host,user,password\nExample: export.py db01,ops,--ask\n",
    "Format: id,password_hash\n1,$2b$12$abcdefghijklmnopqrstuv\n",
    "Fields: user,password,created_at\nstring,string,timestamp\n",
    "Schema: user,password,role\nvarchar(64),varchar(128),enum\n",
    "Types: user,password\nstr,SecretStr\n",
    "expected: user,password\nactual: user,pass_word\n",
    "Example: user,password\nalice,<password>\n",
    "Example: user,password\nalice,********\n",
    "Header: name,secret_rotated_at\napp,2026-11-30T10:00:00Z\n",
    "ValueError: user,password mismatch\n  at line 3, col 7\n",
    "results: pass,fail,skip\nTestLogin,Tests_2,none\n",              # a pass column with no user column
    "Here: a, b, password\n1, 2, 3\n",
    "Order: first,second,secret\nalpha,beta,gamma_ray\n",
    "tags: [prod]\n# password\nsecret = userpass\n",                    # a YAML flow list is no INI section
    "x: [int]\n# password of the relay\nauth = relay_pw\n",
    "Sure: [smtp]\nhost = mail01\n# relay password\nauth_method = scram256x\n",
    "Sure: [smtp]\r\nhost = mail01\r\n# relay password: from the vault\r\nauth = ${RELAY}\r\n",
])
def test_lines_after_a_colon_that_are_no_export_or_section(text):
    assert _values(text) == []


@pytest.mark.parametrize("text", [
    "# because of the else: pass\nwhile ready:\n    else:\n        return\n",  # a one-liner's `pass` after a colon
    "def f():\n    if ready: pass\n    else:\n        return\n",
])
def test_a_password_word_alone_after_a_colon_is_no_header(text):
    """The rule's regex itself (no first stage) reads no header there: a header after a colon has a delimiter
    (eval_stdlib found `else: pass` then `    else:` read as a one-column export when another header fired)."""
    assert not [line for line in SCANNER.explain(text, "generic-password-csv") if line.startswith("value at")]
