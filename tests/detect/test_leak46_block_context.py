"""leak46: the block a credential stands in is no context for the next one (Scanner._second_look).

leak34 blanked the lines that hold a found value (or a placeholder) before judging again a match its context score
rejected; a negative word on another line of the first credential's block still counted: an FTP server's `331
Password required` between USER and PASS, a wiki table's `||Field||Value||` header, a reset mail's first sentence,
john's trailing `1 password hash cracked, 0 left` (which the CSV rule also read as the next export's header). Now the
lines above a found value (back to a rejected match's own lines) and the status lines right after it are blanked
too, a quiet row keeps its cell delimiters (a table's columns are counted as before), and explain() says when the
second look reported a value. Values are written here, none drawn from a held-out set.
"""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.password_carriers import BLOCK_TRAIL
from addons.detect.scanner import SECOND_LOOK_REPORTED, _quiet_lines

SCANNER = Scanner.default()
FTP = "USER backup\r\n331 Password required for backup\r\nPASS Heron!Lake27\r\n230 Logged in\n"
JOHN = ("$ john --show shadow.txt\nk.olsen:Quoll!Fen34:1001:1001:,,,:/home/k.olsen:/bin/bash\n\n"
        "1 password hash cracked, 0 left\n")
WIKI = "||Field||Value||\n|Login|ops|\n|Pass|Tern8-Quay|\n"
MAIL = "An administrator reset your password.\n\nNew password\nQuoll_4471\n\nSign in\n"
NETRC = "machine files.corp.test\nlogin ops\npassword tarnfescue\n"
CSV = '"login";"mot_de_passe";"actif"\n"ops";"Ibis-Reed-Sedge";"oui"\n'


def _found(text: str) -> dict[str, str]:
    return {text[f.start:f.end]: f.rule_id for f in SCANNER.scan(text)}


@pytest.mark.parametrize("head, value", [(FTP, "Heron!Lake27"), (JOHN, "Quoll!Fen34"), (WIKI, "Tern8-Quay"),
                                         (MAIL, "Quoll_4471")], ids=["ftp", "john", "wiki", "mail"])
@pytest.mark.parametrize("tail, second", [(NETRC, "tarnfescue"), (CSV, "Ibis-Reed-Sedge")], ids=["netrc", "csv"])
def test_the_next_credential_after_a_block_with_a_negative_word_is_found(head, value, tail, second):
    found = _found(head + tail)
    assert value in found and second in found, sorted(found.values())


def test_the_next_credential_s_own_documentation_lines_still_count():
    # The negative words of the tail itself (its `machine example.org`, an `Example:` line right above it) are its
    # own context, not the block of the credential before it: still no password.
    for text in (FTP + "Example:\nmachine example.org\nlogin apt\npassword debian\n",
                 JOHN + "Example:\nmachine example.org\nlogin apt\npassword debian\n",
                 MAIL + "machine example.org\nlogin apt\npassword debian\n"):
        assert "debian" not in _found(text), text


def test_lines_below_a_found_value_that_are_no_status_line_still_count():
    # Only a tool's or a server's status lines after a value are its block: a comment under it is the next one's.
    text = "PASS Heron!Lake27\n# example entry, not a real one\npassword tarnfescue\n"
    assert "tarnfescue" not in _found("USER backup\n" + text)


def test_the_status_lines_after_a_value():
    assert BLOCK_TRAIL.match("\n\n1 password hash cracked, 0 left\n", 0).group().strip() == \
        "1 password hash cracked, 0 left"
    assert BLOCK_TRAIL.match("\n230 Logged in\r\n221 Goodbye.", 0).group().strip() == "230 Logged in\r\n221 Goodbye."
    assert BLOCK_TRAIL.match("\n+OK logged in\n", 0) is not None
    for line in ("\nmachine files.corp.test", "\n123 apples", "\n2026 report", "\nlogin,password"):
        assert BLOCK_TRAIL.match(line, 0) is None, line


def test_a_quiet_row_keeps_its_cell_delimiters_and_line_breaks():
    view = "^ Service ^ Login ^ Password ^\n| NAS | backup | Heron!Lake27 |\nnext"
    at = view.index("Heron")
    quiet = _quiet_lines(view, [(at, at + 12)])
    assert len(quiet) == len(view) and quiet.count("\n") == 2
    assert quiet.split("\n")[1] == "|     |        |      !       |"  # MediaWiki's cell mark too


def test_the_lines_of_a_rejected_match_are_never_blanked_above_a_value():
    # A value found in a row under a CSV header a rejected match starts at: the header and the rows between stay.
    view = "user,password\nann,Tern8-Quay\nkim,Heron!Lake27\nbob,x\n"
    at = view.index("Heron")
    kept = _quiet_lines(view, [], [(at, at + 12)], [(0, len(view) - 1)])
    assert kept.startswith("user,password\nann,Tern8-Quay\n   ,     !      \n")
    assert _quiet_lines(view, [], [(at, at + 12)], []).startswith("    ,        \n   ,          \n")


def test_explain_says_the_second_look_reported_it():
    text = FTP + NETRC
    at = text.index("tarnfescue")
    assert _found(text)["tarnfescue"] == "generic-password-directive"
    (line,) = [line for line in SCANNER.explain(text, "generic-password-directive") if f"{at}-" in line]
    assert line.endswith(SECOND_LOOK_REPORTED) and "context score" in line and "tarnfescue" not in line
    (line,) = [line for line in SCANNER.explain(text) if line.startswith(f"generic-password-directive value at {at}-")]
    assert SECOND_LOOK_REPORTED in line and "negative context word 'required'" in line
    # A value nothing reports is still "not reported".
    alone = "Example:\nmachine example.org\nlogin apt\npassword debian\n"
    assert all("second look" not in line for line in SCANNER.explain(alone))
