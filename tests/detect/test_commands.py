"""`exitguard scan` and `exitguard rules`, driven through their argparse registration."""

import argparse
import io
import json
import sys

import pytest

from addons.cli import rules as rules_command
from addons.cli import scan as scan_command
from tests.detect.fakes import Fakes

FAKE = Fakes(seed=21)


def run(argv, stdin=""):
    parser = argparse.ArgumentParser(prog="exitguard")
    sub = parser.add_subparsers(dest="command", required=True)
    scan_command.register(sub)
    rules_command.register(sub)
    args = parser.parse_args(argv)
    out, old_out, old_in = io.StringIO(), sys.stdout, sys.stdin
    sys.stdout = out
    sys.stdin = io.TextIOWrapper(io.BytesIO(stdin.encode()))
    try:
        status = args.func(args)
    finally:
        sys.stdout, sys.stdin = old_out, old_in
    return status, out.getvalue()


@pytest.fixture
def secret_file(tmp_path):
    token, email = FAKE.crc32_token("ghp"), FAKE.email()
    path = tmp_path / "notes.txt"
    path.write_text(f"first line\nGITHUB_TOKEN={token}\ncontact {email}\n")
    return path, token, email


def test_scan_table_shows_masked_previews_only(secret_file):
    path, token, email = secret_file
    status, shown = run(["scan", str(path)])
    assert status == 1
    assert "github-" in shown and "email-address" in shown
    assert token not in shown and token[4:12] not in shown and email not in shown


def test_scan_json_gives_positions_not_values(secret_file):
    path, token, _ = secret_file
    status, out = run(["scan", "--format", "json", str(path)])
    report = json.loads(out)
    text = path.read_text()
    first = report["findings"][0]
    assert status == 1 and token not in out
    assert text[first["start"]:first["end"]] == token and (first["line"], first["column"]) == (2, 14)


def test_scan_sarif(secret_file):
    path, token, _ = secret_file
    _, out = run(["scan", "--format", "sarif", str(path)])
    sarif = json.loads(out)
    results = sarif["runs"][0]["results"]
    assert sarif["version"] == "2.1.0" and token not in out
    assert sorted(r["ruleId"].split("-")[0] for r in results) == ["email", "github"]
    assert results[0]["locations"][0]["physicalLocation"]["region"]["startLine"] == 2


def test_scan_clean_input_exits_zero(tmp_path):
    path = tmp_path / "clean.txt"
    path.write_text("nothing to see here\n")
    assert run(["scan", "--format", "json", str(path)])[0] == 0


def test_scan_jsonl_from_stdin():
    token = FAKE.npm()
    lines = [json.dumps({"id": "a", "text": f"NPM_TOKEN={token}"}), json.dumps({"id": 7, "text": "hello"})]
    status, out = run(["scan", "--jsonl", "-"], stdin="\n".join(lines) + "\n")
    results = [json.loads(line) for line in out.splitlines()]
    assert status == 0
    assert results == [{"id": "a", "findings": [{"start": 10, "end": 10 + len(token), "rule": "npm-access-token",
                                                 "category": "secret"}]},
                       {"id": 7, "findings": []}]


def test_scan_with_custom_rules_only(tmp_path, secret_file):
    path, _, _ = secret_file
    (tmp_path / "only.yaml").write_text(
        "rules:\n  - id: first-line\n    description: the words first line\n    category: pii\n"
        "    classification: internal\n    tier: generic\n    regex: '(first) line'\n    examples: ['first line']\n"
        "    references: ['https://example.org/first-line']\n")
    _, out = run(["scan", "--format", "json", "--rules", str(tmp_path / "only.yaml"), str(path)])
    assert [f["rule"] for f in json.loads(out)["findings"]] == ["first-line"]


@pytest.mark.slow  # every example of every shipped rule through the CLI, ~1.1 s (test_rule_examples checks each)
def test_rules_test_passes_on_builtin_rules():
    status, out = run(["rules", "test"])
    assert status == 0 and " 0 failure(s)" in out


def test_rules_test_reports_failing_examples(tmp_path):
    bad = tmp_path / "bad.yaml"
    bad.write_text(
        "rules:\n  - id: digits\n    description: six digits\n    category: pii\n    classification: internal\n"
        "    tier: generic\n    regex: '\\b(\\d{6})\\b'\n    examples: ['abc']\n    negative_examples: ['123456']\n"
        "    references: ['https://example.org/digits']\n")
    status, out = run(["rules", "test", str(bad)])
    assert status == 1
    assert f"{bad}: digits: example #0 is not found" in out
    assert f"{bad}: digits: negative example #0 is found" in out


def test_rules_test_reports_invalid_rule_files(tmp_path, capsys):
    bad = tmp_path / "broken.yaml"
    bad.write_text("rules:\n  - id: x\n    surprise: 1\n")
    assert run(["rules", "test", str(bad)])[0] == 2  # a rule file that does not load is an input error
    assert f"{bad}: x: unknown key(s): surprise" in capsys.readouterr().err


def test_rules_list():
    status, out = run(["rules", "list"])
    assert status == 0 and "generic-password" in out
