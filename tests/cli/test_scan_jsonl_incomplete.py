"""`exitguard scan --jsonl` answered a line whose scan ran out of its time budget with `"findings": []` and status 0:
a labelled evaluation (or a pipeline that trusts it) read "nothing there" for text that was never read whole. A cut
scan says so on its line and makes the status 1, as the other formats count it."""

from __future__ import annotations

import json

from addons.cli import main as cli
from addons.detect import Scanner
from tests.audit import fakes

REAL_DEFAULT = Scanner.default


def _hurried(*args, **kwargs) -> Scanner:
    shipped = REAL_DEFAULT(*args, **kwargs)
    return Scanner(shipped.rules, shipped.version, shipped.engine, time_budget=0.0)


def _lines(tmp_path, texts: list[str]):
    path = tmp_path / "items.jsonl"
    path.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts)))
    return path


def test_a_line_whose_scan_was_cut_says_so_and_fails(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(Scanner, "default", staticmethod(_hurried))
    path = _lines(tmp_path, [f"GITHUB_TOKEN={fakes.github_token()} and more text " * 40])
    assert cli.main(["scan", "--jsonl", str(path)]) == 1
    [line] = capsys.readouterr().out.splitlines()
    answer = json.loads(line)
    assert answer["id"] == 0 and answer["incomplete"], answer


def test_a_whole_scan_keeps_the_line_as_it_was(tmp_path, capsys):
    token = fakes.github_token()
    path = _lines(tmp_path, [f"GITHUB_TOKEN={token}", "nothing here"])
    assert cli.main(["scan", "--jsonl", str(path)]) == 0
    first, second = (json.loads(line) for line in capsys.readouterr().out.splitlines())
    assert set(first) == {"id", "findings"} and [f["rule"] for f in first["findings"]] == ["github-pat-classic"]
    assert second == {"id": 1, "findings": []}
    assert token not in json.dumps(first)
