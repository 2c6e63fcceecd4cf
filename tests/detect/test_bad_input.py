"""Bad input must not hang the scanner; what could not be scanned is reported (incomplete = finding)."""

import pytest

from addons.detect import Scanner
from addons.detect.rules import load_paths
from tests.detect.fakes import Fakes

FAKE = Fakes(seed=5)
ENGINES = ["hyperscan", "python"]

# Exponential backtracking once an assertion fails at the far end of a long run of x: at the end for
# the pure-Python engine (windows are matched left to right), at the start for the Hyperscan engine
# (matches are confirmed right to left from the end offset Hyperscan reports).
BAIT = """
rules:
  - id: forward-bait
    description: backtracks when matched left to right
    category: secret
    classification: internal
    tier: generic
    regex: '(?P<secret>(?:x+x+)+y)(?!z)'
    examples: ['xxxy']
    references: ['https://www.regular-expressions.info/catastrophic.html']
  - id: reverse-bait
    description: backtracks when matched right to left
    category: secret
    classification: internal
    tier: generic
    regex: '(?<=y)(?P<secret>(?:x+x+)+)z'
    examples: ['yxxz']
    references: ['https://www.regular-expressions.info/catastrophic.html']
"""


@pytest.mark.parametrize("engine", ENGINES)
def test_binary_and_invalid_utf8(engine):
    scanner = Scanner.default(engine=engine)
    token = FAKE.github_classic()
    data = bytes(range(256)) * 40 + f" {token} ".encode() + b"\xff\xfe\xc3\x28" * 100
    text = data.decode("utf-8", "surrogateescape")
    assert [text[f.start:f.end] for f in scanner.scan(text)] == [token]


@pytest.mark.timeout(120)
def test_fifty_megabyte_single_line_is_scanned_with_hyperscan(monkeypatch):
    scanner = Scanner.default(engine="hyperscan")
    # What is tested is that Hyperscan reads one 50 MB line to its end, not the proxy's 2 s wall-clock budget: a
    # loaded machine (CI beside other jobs) ran past that budget and reported the scan incomplete.
    monkeypatch.setattr(scanner, "time_budget", 60.0)
    token = FAKE.github_classic()
    text = "lorem ipsum dolor sit amet " * (50_000_000 // 27) + token
    report = scanner.scan_report(text)
    assert not report.incomplete
    assert [text[f.start:f.end] for f in report.findings] == [token]


@pytest.mark.timeout(120)
@pytest.mark.parametrize("engine, rule_id, bait", [
    ("python", "forward-bait", "x" * 5000 + "yz"),
    ("hyperscan", "reverse-bait", "a" + "x" * 15000 + "z"),
])
def test_catastrophic_backtracking_is_cut_off_and_reported(engine, rule_id, bait, rule_file):
    rules, version = load_paths([rule_file(BAIT)])
    scanner = Scanner(rules, version, engine=engine)
    report = scanner.scan_report(bait)
    assert report.incomplete and report.findings == []
    assert any(reason.startswith(f"{rule_id}: regex timed out") for reason in report.skipped)


@pytest.mark.parametrize("engine", ENGINES)
def test_exhausted_time_budget_is_reported(engine):
    rules, version = load_paths([Scanner.default(engine=engine).rules[0].source])
    scanner = Scanner(rules, version, engine=engine, time_budget=0)
    report = scanner.scan_report("DB_PASSWORD=aB3dE6gH9jK2mN5p " * 10)
    assert report.incomplete and report.findings == []
    assert all("time budget" in reason for reason in report.skipped)


def test_code_in_json_in_json_in_json_is_read_at_its_depth():
    """Found by hypothesis: a tool result holding a JSON string that holds a JSON string of code; one decoded
    level left `\\"` around the password and the positional rule missed it."""
    import json

    code = 'connect("db.internal", "Falcon^Nine9")'
    text = json.dumps(json.dumps(json.dumps(code)))
    found = [(f.rule_id, text[f.start:f.end]) for f in Scanner.default().scan(text)]
    assert found == [("generic-password-positional", "Falcon^Nine9")]


def test_a_scan_cut_by_the_budget_gives_one_reason_per_rule_not_one_per_candidate():
    """A dense text holds 100k candidates: `exitguard scan` printed one `incomplete` line for each."""
    shipped = Scanner.default()
    hurried = Scanner(shipped.rules, shipped.version, shipped.engine, time_budget=0.0)
    report = hurried.scan_report("a@b.co 10.0.0.1 " * 5_000)
    assert report.incomplete
    rules = [reason.split(":", 1)[0] for reason in report.skipped]
    assert len(rules) == len(set(rules)), report.skipped[:5]
