"""Passwords in CSV / TSV exports, in user / password pairs (FTP and POP3 USER / PASS, `u: x p: y`, `u/p: x / y`,
RADIUS `[user/pass]`), dotted passphrases and the credential words of Spanish, French, German and Chinese chat
(issue 15 part 1, held-out set 7's misses). Values here are made up for these tests, unlike the held-out sets'."""

import json

import pytest

from addons.detect import Scanner
from addons.detect.context_score import is_passphrase
from addons.detect.password_carriers import COMMENT_MARK, place_signals
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


def _masked_rows(count: int) -> str:
    return "".join(f"user{n},********,ops\n" for n in range(count))


@pytest.mark.parametrize("text, password", [
    ("username,password,role\nowlet,Heron!Lake27,admin", "Heron!Lake27"),
    ("host\tuser\tpass\nsrv01\tdeploy\tmarshwillow", "marshwillow"),
    ("email,pw\nops@corp.test,Heron!Lake27", "Heron!Lake27"),  # the short word beside a user column
    ("\"login\";\"mot_de_passe\";\"actif\"\n\"ops\";\"Ibis-Reed-Sedge\";\"oui\"", "Ibis-Reed-Sedge"),
    ("usuario,contraseña\nana,alcachofa.membrillo.pimiento", "alcachofa.membrillo.pimiento"),
    ("account,WLAN-Passwort,owner\nlab,Gecko42tail,it", "Gecko42tail"),
    ("name,password,created\n" + _masked_rows(30) + "late,Wombat-Dune-Fern,ops", "Wombat-Dune-Fern"),
])
def test_a_cell_of_the_csv_password_column_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


def test_only_the_password_column_is_found_in_every_row(scanner):
    text = "host,login,password,note\nnas01,backup,Heron!Lake27,weekly-rotation\nnas02,svc_sync,fernhollow,Kept-In-99\n"
    assert sensitive(scanner, text) == ["Heron!Lake27", "fernhollow"], scanner.explain(text)


def test_a_csv_pasted_into_a_json_chat_body_is_found(scanner):
    text = json.dumps({"messages": [{"role": "user", "content": "user\tpassword\nops\tQuokka!Dance4"}]})
    assert covered(scanner, text, "Quokka!Dance4"), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "username,password,role\nadmin,********,admin",
    "user,password_changed_at,role\nops,2026-11-02,admin",
    "\"Email\",\"Password\",\"Password changed at\"\n\"a@corp.test\",\"********\",\"2026-10-01\"",
    "email,password_reset_sent,plan\na.b@corp.test,confirmed,premium",
    "id,password_sha256\n7,9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    "host,user,password\nsrv01,deploy,<vault>",
    "user,password,role\nops,Heron!Lake27,admin,extra,cells",  # a ragged row is no row of that table
    "Check the password, the user name, and the host\nbefore you call support, then wait a minute.",
    # `pass` / `pw` / `pwd` alone with no user column: a bus pass, a test result, a directory (session 9 review)
    "name,pass,zone\nRiya,Monthly,Zone2\nTom,Annual,Zone1",
    "test;pass;notes\nlogin;Passed;flaky\ncheckout;Failed;timeout",
    "job\tpwd\towner\nbackup\t/srv/backups/nightly\tops",
])
def test_a_masked_other_column_or_ragged_csv_cell_is_not(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_a_header_more_than_forty_rows_above_is_not_read(scanner):
    # The bound that keeps each row's confirmation short (EVASION.md keeps the row open).
    text = "name,password,created\n" + _masked_rows(45) + "late,Wombat-Dune-Fern,ops"
    assert sensitive(scanner, text) == []


def test_the_csv_place_names_the_column_it_checked():
    view = "user,password,role\nops,Heron!Lake27,admin"
    start = view.index("Heron")
    assert place_signals(view, view.index("password"), start, start + 12)[0][1] == 4
    other = view.index("admin")
    assert place_signals(view, view.index("password"), other, other + 5)[0][1] == -8


@pytest.mark.parametrize("text, password", [
    ("220 ready\r\nUSER backup\r\n331 Password required\r\nPASS Heron!Lake27\r\n230 Logged in", "Heron!Lake27"),
    ("+OK ready\nUSER owlet\n+OK\nPASS marshwillow\n+OK", "marshwillow"),
    ("qa account -> USER qa1 PASS Caracal_77_dune", "Caracal_77_dune"),
    ("u: owlet p: Ibis!Marsh6", "Ibis!Marsh6"),
    ("usr: owlet, pw: lemurcanopy", "lemurcanopy"),
    ("u/p: owlet / lemurcanopy", "lemurcanopy"),
    ("radiusd[902]: (41) Login OK: [owlet/Okapi&Reef31] (from client ap01 port 3)", "Okapi&Reef31"),
    ("radiusd[902]: (7) Login incorrect: [owlet/badgerhollow] (from client ap01 port 3)", "badgerhollow"),
])
def test_a_user_password_pair_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "USER anonymous\r\n331 Password required\r\nPASS ****\r\n230 Logged in",
    "USER and PASS commands are sent in clear text",
    "u: admin p: (ask kim)", "u/p: see vault",
    "radiusd[2211]: (41) Login incorrect: [admin/<no User-Password attribute>] (from client ap01)",
    "--- PASS: TestLoginFlow (0.00s)",
])
def test_a_masked_or_described_pair_is_not(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("value, passphrase", [
    ("otter.lagoon.fennel", True), ("otter.lagoon.fennel.quill7", True),
    ("settings.auth.admin_password", False), ("request.user.email", False), ("config.secrets.db", False),
    ("logging.handlers.rotating", False),
])
def test_a_dotted_passphrase_is_told_from_an_attribute_path(value, passphrase):
    assert is_passphrase(value) is passphrase


@pytest.mark.parametrize("text, password", [
    ("the pw is otter.lagoon.fennel", "otter.lagoon.fennel"),
    ("Passwort: otter.lagoon.fennel.quill", "otter.lagoon.fennel.quill"),
])
def test_a_dotted_passphrase_after_a_password_word_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", ["the password is settings.auth.admin_password",
                                  "the password is request.user.email"])
def test_an_attribute_path_after_a_password_word_is_not(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("mdp du serveur : Quokka!Dance4", "Quokka!Dance4"),
    ("la clave del portal es alcachofa", "alcachofa"),
    ("PW fürs NAS ist Gecko42tail", "Gecko42tail"),
    ("Zugangsdaten: owlet / Ibis!Marsh6", "Ibis!Marsh6"),
    ("服务器密码是Heron!Lake27", "Heron!Lake27"),
    ('{"content": "密码是Heron!Lake27"}', "Heron!Lake27"),
    ("管理员口令: Okapi&Reef31", "Okapi&Reef31"),
])
def test_a_password_in_spanish_french_german_or_chinese_chat_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", ["mdp oublié, je le réinitialise", "la clave es incorrecta", "密码错误",
                                  "请输入密码", "口令长度不少于12位", "我们使用Python3开发这个服务"])
def test_chat_about_a_password_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_both_engines_find_the_first_row_and_the_pairs(engine):
    texts = ["username,password,role\nowlet,Heron!Lake27,admin", "u: owlet p: Ibis!Marsh6",
             '{"content": "密码：Quokka!Dance4"}', "radiusd[902]: (41) Login OK: [owlet/Okapi&Reef31] (from ap01)"]
    found = [sorted((f.rule_id, f.start, f.end) for f in Scanner.default(engine).scan(t)) for t in texts]
    assert found == [sorted((f.rule_id, f.start, f.end) for f in Scanner.default("hyperscan").scan(t))
                     for t in texts]
    assert all(found)


def test_a_semicolon_between_quoted_cells_is_a_delimiter_not_a_comment(scanner):
    # leak34 (the JSON property's explore runs): `;` after a quote was an INI comment mark (`key = "v" ; note`), so
    # the quoted header `"login";"mot_de_passe";"actif"` read as a comment naming a password and a JSON key on a later
    # line (`{"role": "user", "content": ...}`) scored as the password: masked once a prose line between stopped
    # being read as the nearest header. The header is read by its columns.
    text = ('"login";"mot_de_passe";"actif"\n"ops";"Ibis-Reed-Sedge";"oui"\n'
            '{"role": "user", "content": "hi"}')
    assert [text[f.start:f.end] for f in scanner.scan(text)] == ["Ibis-Reed-Sedge"]
    start = text.index("Ibis")
    signals = place_signals(text, text.index("mot_de_passe"), start, start + len("Ibis-Reed-Sedge"))
    assert not any("comment" in signal for signal, _points in signals or [])
    assert COMMENT_MARK.search('"login";"mot_de_passe"') is None
    assert COMMENT_MARK.search('password = "x" ; the staging one') is not None  # after a quoted value: a comment
    assert COMMENT_MARK.search('"a"; "b"') is None and COMMENT_MARK.search("; password") is not None
