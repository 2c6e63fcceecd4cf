"""`exitguard scan` as a repository scanner: which files it reads, how it filters, where findings are, and that
the work per finding is constant (line numbers used to be counted from the start of the file for each one)."""

from __future__ import annotations

import json
import shutil
import subprocess

import pytest

from addons.cli import main as cli
from addons.cli import scan
from addons.cli.errors import UserError
from addons.detect import Scanner
from tests.fakes import github_pat

TOKEN = github_pat(seed=31)
MAIL = "bob.smith@acmecorp.io"


def scan_json(capsys, *argv: str) -> tuple[int, dict]:
    status = cli.main(["scan", "--format", "json", *argv])
    return status, json.loads(capsys.readouterr().out)


@pytest.fixture
def tree(tmp_path):
    """A text file with a token and an email, a binary with a token, a .pyc with a token, a vendored file."""
    (tmp_path / "app").mkdir()
    (tmp_path / "app" / "settings.env").write_text(f"GITHUB_TOKEN={TOKEN}\ncontact {MAIL}\n")
    (tmp_path / "vendor").mkdir()
    (tmp_path / "vendor" / "lib.js").write_text(f"const t = '{TOKEN}'\n")
    (tmp_path / "native.so").write_bytes(b"\x7fELF\x00\x01\x02" + f"token={TOKEN}".encode() + b"\x00" * 4)
    (tmp_path / "mod.pyc").write_bytes(f"x={TOKEN}".encode())  # no NUL, but a binary suffix
    return tmp_path


def test_binary_files_are_skipped_unless_their_strings_are_asked_for(tree, capsys):
    status, report = scan_json(capsys, "--no-gitignore", str(tree))
    assert status == 1
    assert {f["path"].removeprefix(str(tree) + "/") for f in report["findings"]} == {"app/settings.env",
                                                                                     "vendor/lib.js"}
    assert sorted(p.removeprefix(str(tree) + "/") for p in report["skipped_binary"]) == ["mod.pyc", "native.so"]
    _, report = scan_json(capsys, "--binary-strings", str(tree / "native.so"))
    [found] = report["findings"]
    assert found["rule"] == "github-pat-classic" and found["line"] is None  # a byte offset, not a line
    assert found["start"] == len(b"\x7fELF\x00\x01\x02token=")


def test_include_exclude_category_and_rule_filters(tree, capsys):
    _, report = scan_json(capsys, "--exclude", "vendor/*", str(tree))
    assert {f["path"].rsplit("/", 1)[-1] for f in report["findings"]} == {"settings.env"}
    _, report = scan_json(capsys, "--include", "*.js", str(tree))
    assert {f["path"].rsplit("/", 1)[-1] for f in report["findings"]} == {"lib.js"}
    _, report = scan_json(capsys, "--category", "pii", str(tree))
    assert [f["rule"] for f in report["findings"]] == ["email-address"]
    status, report = scan_json(capsys, "--rule", "email-address", "--exclude", "*.env", str(tree))
    assert (status, report["findings"]) == (0, [])  # what is filtered out is not a finding


def test_unknown_rule_and_missing_path_are_input_errors(tree, capsys):
    assert cli.main(["scan", "--rule", "no-such-rule", str(tree)]) == 2
    assert capsys.readouterr().err == "exitguard scan: --rule: no rule no-such-rule (see `exitguard rules list`)\n"
    with pytest.raises(UserError, match=r"missing\.txt: no such file or directory"):
        scan.sources([str(tree / "missing.txt")], scan.Selection())


@pytest.mark.tool
@pytest.mark.skipif(shutil.which("git") is None, reason="needs git")
def test_a_git_work_tree_is_scanned_as_git_sees_it(tree, capsys):
    subprocess.run(["git", "init", "-q", str(tree)], check=True)
    (tree / ".gitignore").write_text("vendor/\n")
    (tree / ".git" / "leak.txt").write_text(f"t={TOKEN}\n")  # inside .git: never scanned
    _, report = scan_json(capsys, str(tree))
    assert {f["path"].rsplit("/", 1)[-1] for f in report["findings"]} == {"settings.env"}
    _, report = scan_json(capsys, "--no-gitignore", str(tree))
    assert {f["path"].rsplit("/", 1)[-1] for f in report["findings"]} == {"settings.env", "lib.js"}


def test_walking_a_folder_skips_dot_git(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config").write_text("x")
    (tmp_path / "a.txt").write_text("x")
    assert scan.walk(tmp_path) == ["a.txt"]


class CountingStr(str):
    """Counts the characters str.find/count/rfind look at, to measure work without a clock."""
    looked = 0

    def find(self, sub, start=0, end=None):
        at = super().find(sub, start, end)
        CountingStr.looked += (at + len(sub) if at != -1 else len(self) if end is None else end) - start
        return at

    def count(self, sub, start=0, end=None):
        CountingStr.looked += (len(self) if end is None else end) - start
        return super().count(sub, start, end)

    def rfind(self, sub, start=0, end=None):
        at = super().rfind(sub, start, end)
        CountingStr.looked += (len(self) if end is None else end) - (at if at != -1 else start)
        return at


def test_line_numbers_take_linear_work():
    """~1 MB with a finding on every line: the old per-finding count looked at ~15 billion characters."""
    line = f"user=someone@example-corp.com token={TOKEN}\n"
    text = CountingStr(line * (1_000_000 // len(line)))
    CountingStr.looked = 0
    index = scan.LineIndex(text)
    positions = [index.position(offset) for offset in range(5, len(text), len(line))]
    assert positions[0] == (1, 6) and positions[-1] == (len(positions), 6)
    assert CountingStr.looked <= 2 * len(text)


def test_one_line_index_per_file_whatever_the_number_of_findings(tmp_path, monkeypatch):
    built = []
    monkeypatch.setattr(scan.LineIndex, "__init__", lambda self, text, _old=scan.LineIndex.__init__: (
        built.append(len(text)), _old(self, text))[1])
    path = tmp_path / "many.txt"
    path.write_text(f"email {MAIL}\n" * 2000)
    result = scan.scan_source(Scanner.default(), scan.Source(str(path), path), False, scan.FindingFilter())
    assert len(result.findings) == 2000 and len(built) == 1
    assert (result.findings[-1].line, result.findings[-1].column) == (2000, 7)


def test_the_table_keeps_the_location_whole_and_cuts_the_preview():
    deep = "some/deeply/nested/folder/with/a/long/configuration_settings.env:120:14"
    rows = [(deep, "github-pat-classic", "secret", "precise", "ghp_****** (40 chars)")]
    lines = list(scan.render_table("t", rows, scan.column_widths(rows, 80)))
    assert all(len(line) <= 80 for line in lines)
    body = [line for line in lines if line.startswith("│")]
    assert "".join(line.split("│")[1].strip() for line in body) == deep  # folded, every character kept
    assert "github-pat-classic" in body[0] and "…" in body[0]
    piped = list(scan.render_table("t", rows, scan.column_widths(rows, None)))
    assert deep in piped[4] and "ghp_****** (40 chars)" in piped[4]  # a pipe gets one whole line per finding
