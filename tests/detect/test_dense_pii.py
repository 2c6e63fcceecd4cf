"""The shortcuts that make dense personal data (an export with an address on every line) cheaper must not
change a single finding: each is compared with the plain path on the same text."""

from __future__ import annotations

import random

import pytest

from addons.detect import Scanner, known_values, validators
from addons.detect import scanner as scanner_module


def _export(lines: int, seed: int = 3) -> str:
    rng = random.Random(seed)
    rows = []
    for n in range(lines):
        ip = ".".join(str(rng.randint(0, 255)) for _ in range(4))
        note = rng.choice(["", "see Section 4.10 of", "RFC 791 for", "paragraph", "§ 3", "version"])
        rows.append(f"{n},user{n}@{rng.choice(['corp.io', 'example.com', 'gmx.de'])},{note} {ip},pro\n")
    rows.insert(len(rows) // 2, "# Author: maintainer@corp.io\n")
    return "".join(rows)


def _plain(scanner: Scanner, text: str, monkeypatch) -> list:
    with monkeypatch.context() as patch:
        patch.setattr(scanner_module, "LOOKBEHIND_GATE_SPACING", 0)  # never gate the lookbehinds
        patch.setattr(scanner_module, "_allowed",
                      lambda rule, value: any(p.search(value) for p in rule.allow_patterns))
        return scanner.scan(text)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_dense_export_findings_match_the_plain_path(monkeypatch, seed):
    scanner = Scanner.default()
    text = _export(3000, seed)
    fast = scanner.scan(text)
    assert fast == _plain(scanner, text, monkeypatch)
    rules = {f.rule_id for f in fast}
    assert {"email-address", "ipv4-address"} <= rules
    assert any(f.classification == "public" for f in fast)  # the header line and example.com addresses


def test_the_ipv4_section_lookbehind_is_gated_and_still_rejects():
    rule = Scanner.default().rule("ipv4-address")
    gate = rule.keyword_lookbehind
    assert gate is not None and "section" not in gate.lean.regex.lower()
    text = "a 81.169.145.45 b\n" * 300 + "see Section 81.169.145.46 here\n"
    found = [text[f.start:f.end] for f in Scanner.default().scan(text)]
    assert found.count("81.169.145.45") == 300 and "81.169.145.46" not in found


def test_combined_allow_patterns_agree_with_each_pattern():
    scanner = Scanner.default()
    values = ["you@example.com", "git@github.com", "icon@2x.png", "logo@corp.io.png", "ana@corp.io",
              "GIT@host.org", "x@3x.y", "Name@Company.COM", "maria%40gmail.com"]
    combined = [rule for rule in scanner.rules if rule.combined_allow is not None]
    assert any(rule.id == "email-address" for rule in combined)
    for rule in combined:
        for value in values:
            assert (rule.combined_allow.search(value) is not None) == any(
                p.search(value) for p in rule.allow_patterns), (rule.id, value)


def _ipv4_reference(value: str) -> bool:
    """The validator as it was before its loop was unrolled (with the special-purpose networks added since)."""
    octets = value.split(".")
    if len(octets) != 4 or not all(o.isdigit() and (o == "0" or o[0] != "0") for o in octets):
        return False
    numbers = [int(o) for o in octets]
    if max(numbers) > 255 or max(numbers) < 10:
        return False
    first, second, last = numbers[0], numbers[1], numbers[-1]
    if first == 169 and second == 254:
        return False
    if tuple(numbers[:3]) in validators.DOCUMENTATION_NETWORKS:
        return False
    if numbers[:3] == [192, 0, 0] or (first == 198 and second in (18, 19)):  # special-purpose, not hosts
        return False
    if first in (1, 2) and second < 10:
        return False
    return 0 < first < 224 and first != 127 and 0 < last < 255


def test_ipv4_validator_unchanged():
    rng = random.Random(5)
    parts = ["0", "00", "01", "1", "2", "9", "10", "18", "127", "169", "192", "198", "203", "224", "254", "255", "256",
             "", "a"]
    for _ in range(20000):
        value = ".".join(rng.choice(parts) for _ in range(rng.choice([3, 4, 4, 4, 5])))
        assert validators.ipv4(value) == _ipv4_reference(value), value


@pytest.mark.parametrize("line", ["# Author: ana@corp.io", "__author__ = 'ana@corp.io'", "(c) 2024 ana@corp.io",
                                  "Signed-off-by: Ana <ana@corp.io>", "© Ana ana@corp.io", "ana@corp.io, 10.1.2.3",
                                  "AUTHORS: ana@corp.io", "Maintainers ana@corp.io"])
def test_public_address_shortcut_agrees_with_the_header_regex(line):
    start = line.index("ana@")
    end = line.index("corp.io") + len("corp.io")
    lookback = max(0, start - known_values.LINE_LOOKBACK)
    expected = known_values.AUTHOR_HEADER.search(line, lookback, start) is not None
    assert known_values._public_address(line, start, end) == expected
