"""The personal-data path's shortcuts (issue 15 §4, dense PII) against the plain code they replace: the per-end
confirmation loop, post-validation, the IPv4 validator, the lookbehind word index, the per-text reclassifier and
overlap resolution's ordering. Each comparison runs on generated edge cases: exports, addresses at text edges,
adjacent addresses, URL-encoded `@`, unicode, leading zeros, reserved and documentation ranges."""

from __future__ import annotations

import dataclasses
import functools
import gc
import random
import time

import pytest
import regex

from addons.detect import Scanner, allow_split, known_values, regex_shape, validators
from addons.detect import scanner as scanner_module
from addons.detect.scanner import ScanReport

LOCALS = ["ana", "b.o", "x_y", "a+b", "a%40b", "q-r", "Zed9", ".dot", "a..b", "jörg", "A" * 70, "mailto:k", "u:p",
          "no-reply", "info", "python-dev", "noreply+x", "do.not.reply", "1.2.3", "git", "you", "a)b", "p!q"]
DOMAINS = ["gmx.de", "corp.io", "example.com", "a.b.c.d.e.f.com", "a.b.c.d.e.f.g.com", "b.c%40d.com", "host.test",
           "x.co.uk", "img.png", "ü.de", "a.b", "mail.example.org", "x-.com"]
IPS = ["81.169.145.45", "10.20.30.40", "127.0.0.1", "0.0.0.0", "255.255.255.0", "1.2.3.4", "010.1.2.3",
       "10.01.2.3", "256.1.2.3", "10.1.2.256", "10.1.2.255", "10.1.2.0", "224.1.2.3", "192.0.2.1", "198.51.100.7",
       "203.0.113.45", "192.0.0.170", "198.18.0.1", "169.254.169.254", "2.5.29.28", "123.45.67.89", "11.22.33.44.55"]
BEFORE = ["", "", "", "version ", "v", "Section 4 ", "RFC 791 ", "§ ", "Author: ", "# Copyright ", "written by Jo ",
          "by ", "email: ", "From: Jo <", "# ", "__author__ = '", "9,", "é "]
SEPARATORS = [",", ";", " ", "\n", "<", ">", "(", ")", '"', "/", ":", "@", ".", "-", "_", "é", "", "\u00a0"]


def _pii_text(rng: random.Random, items: int) -> str:
    parts = []
    for _ in range(items):
        if rng.random() < 0.5:
            value = rng.choice(LOCALS) + rng.choice(["@", "@", "%40"]) + rng.choice(DOMAINS)
        else:
            value = rng.choice(IPS)
        parts.append(rng.choice(BEFORE) + value + rng.choice(SEPARATORS))
    return "".join(parts)


def _texts() -> list[str]:
    return list(_generated_texts())


@functools.cache
def _generated_texts() -> tuple[str, ...]:
    """Generated once per process (seeded): read ~160 times (once per rule in some tests), ~7 ms each."""
    rng = random.Random(15)
    texts = [_pii_text(rng, rng.randint(1, 12)) for _ in range(300)]
    # Dense exports (the gated lookbehind and the near-end path), one with no lookbehind word at all.
    texts += ["".join(f"{n},u{n}@corp.io,10.{n % 250}.1.{n % 200 + 1},pro\n" for n in range(400)),
              _pii_text(rng, 600), _pii_text(rng, 600)]
    # Values at the very start and end of the text, and addresses with nothing between them.
    texts += ["ana@corp.io", "81.169.145.45", "ana@corp.io,ben@gmx.de", "ana@corp.iob@gmx.de",
              "81.169.145.45,81.169.145.46", "a%40b.c%40d.com", "mailto:ana@corp.io"]
    return tuple(texts)


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def _pii_rules(scanner: Scanner):
    return [rule for rule in scanner.rules if rule.category == "pii" and rule.tier == "precise"]


def test_the_pii_loop_confirms_what_the_generic_loop_confirms(scanner):
    ends_seen = 0
    for text in _texts():
        ends, _windows = scanner._prefilter.ends(text)
        for index, offsets in ends.items():
            rule = scanner.rules[index]
            if rule.category != "pii":
                continue
            deadline = time.perf_counter() + 60
            plain, fast = ScanReport([]), ScanReport([])
            expected = scanner._confirm_ends(text, rule, offsets, deadline, plain)
            assert scanner._confirm_pii_ends(text, rule, offsets, deadline, fast) == expected, (rule.id, text)
            assert fast.skipped == plain.skipped == []
            ends_seen += len(offsets)
    assert ends_seen > 2000


def test_the_pii_loop_reports_an_exhausted_budget_like_the_generic_loop(scanner):
    text = "".join(f"{n},u{n}@corp.io,10.{n % 250}.1.{n % 200 + 1},pro\n" for n in range(200))
    ends, _windows = scanner._prefilter.ends(text)
    for index, offsets in ends.items():
        rule = scanner.rules[index]
        plain, fast = ScanReport([]), ScanReport([])
        spent = time.perf_counter() - 1
        assert scanner._confirm_ends(text, rule, offsets, spent, plain) == []
        assert scanner._confirm_pii_ends(text, rule, offsets, spent, fast) == []
        assert fast.skipped == plain.skipped and len(fast.skipped) == 1


def test_pii_post_validation_agrees_with_rejection(scanner):
    compared = rejected = 0
    for rule in _pii_rules(scanner):
        accepted = scanner_module._pii_check(rule)
        for text in _texts()[:200]:
            matched, expected = [], []
            for match in rule.pattern.finditer(text, overlapped=True):
                start, end = match.span(rule.value_group)
                if start >= end:
                    continue
                matched.append((match.start(), match.end(), start, end))
                if scanner_module._rejection(text, rule, match.span(), start, end) is None:
                    expected.append((start, end, rule))
            # One at a time and all together (the checks run as passes over the batch: order and gaps kept).
            for one in matched:
                assert accepted(text, [one]) == [e for e in expected if e[:2] == one[2:]], (rule.id, text)
            assert accepted(text, matched) == expected, (rule.id, text)
            compared += len(matched)
            rejected += len(matched) - len(expected)
    assert compared > 500 and rejected > 50


def test_pii_post_validation_is_only_built_for_precise_personal_data(scanner):
    secret = next(rule for rule in scanner.rules if rule.category != "pii")
    with pytest.raises(ValueError):
        scanner_module._pii_check(secret)


@pytest.mark.parametrize(("value", "expected"), [
    ("81.169.145.45", True), ("10.20.30.40", True), ("223.255.255.254", True), ("11.0.0.1", True),
    ("010.1.2.3", False), ("10.01.2.3", False), ("10.1.2.00", False),  # leading zeros
    ("255.1.2.3", False), ("10.1.2.255", False), ("256.1.2.3", False), ("10.1.2.256", False),  # 255 / 256
    ("10.1.2.0", False), ("0.1.2.3", False), ("127.0.0.1", False), ("224.0.0.1", False),  # network, 0/8, loopback
    ("169.254.169.254", False), ("169.253.1.1", True),  # link-local
    ("192.0.2.1", False), ("198.51.100.7", False), ("203.0.113.45", False), ("203.0.114.1", True),  # RFC 5737
    ("192.0.0.170", False), ("192.0.1.1", True), ("198.18.0.1", False), ("198.19.9.9", False), ("198.20.1.1", True),
    ("1.2.3.4", False), ("3.5.1.1", False), ("2.5.29.28", False), ("1.10.6.1", True),  # versions, OID arcs
    ("3.50.1.1", True),
    ("١٠.1.2.3", False), ("10.².3.4", False), ("10.1.2.3 ", False), ("+10.1.2.3", False), ("10.1.2", False),
    ("10.1.2.3.4", False), ("", False), ("10..2.3", False),  # ASCII digits only, four octets
])
def test_ipv4_validator_edges(value, expected):
    assert validators.ipv4(value) is expected


def test_lookbehind_words_found_by_find_match_the_overlapped_regex(scanner):
    gate = scanner.rule("ipv4-address").keyword_lookbehind
    assert gate is not None and gate.plain_words
    rng = random.Random(4)
    alphabet = "SsEeCcTtIiOoNnRrFfDdPpAaLlUuHhGgx .\n"
    for i in range(4000):
        text = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 60)))
        if i % 3 == 0:  # non-ASCII text takes the regex path, and § is one of the words
            text += rng.choice(["§", "é", "ſection", "K"])
        expected = [m.start() for m in gate.words.finditer(text, overlapped=True)]
        assert gate.word_starts(text) == expected, text
    assert gate.word_starts("rfclause sectoid paragraph") == [0, 2, 9, 13, 17]


def _email_spans(text: str):
    scanner = Scanner.default()
    return [(m.start(), m.end()) for m in scanner.rule("email-address").pattern.finditer(text)]


@pytest.mark.parametrize("text", [
    "ana@corp.io", "x ana@corp.io", "ana@corp.io,ben@gmx.de", "# Author: ana@corp.io\n#   ben@gmx.de\n",
    "__author__ = (\n    'Ana <ana@corp.io>',\n    'Ben <ben@gmx.de>')\n", "written by Ana (ana@corp.io)",
    "9,Ana,ana@corp.io,10.1.2.3\n", "no-reply@corp.io", "python-dev@corp.io", "info@x.de", "a%40b.example.com",
    "Jörg <jörg.weber@web.de> © 2024 joerg@web.de", "ana@mail.example.org; ben@test.example", "by Ana ana@corp.io",
    "# thanks to Ana\n# ana@corp.io", "ideauthor ana@corp.io", "copyrighthanks ana@corp.io", "© ana@corp.io",
])
def test_the_text_reclassifier_agrees_with_reclassify(text):
    classify = known_values.TextReclassifier(text)
    spans = _email_spans(text)
    assert spans
    for start, end in spans:
        assert classify(start, end, "email-address") == known_values.reclassify(text, start, end, "email-address")


def test_the_text_reclassifier_agrees_on_generated_text(scanner):
    rules = known_values.RECLASSIFIED_RULES
    compared = 0
    for text in _texts():
        classify = known_values.TextReclassifier(text)
        for finding in scanner.candidates(text):
            if finding.rule_id in rules:
                assert classify(finding.start, finding.end, finding.rule_id) == \
                    known_values.reclassify(text, finding.start, finding.end, finding.rule_id), text
                compared += 1
    assert compared > 500


def test_function_mailbox_is_either_pattern():
    values = ["no-reply@x", "NoReply@x", "do_not_reply@x", "mailer-daemon@x", "noreply+abc@x", "info@x", "INFO@x",
              "www@x", "python-dev@x", "a.b-users@x", "x-sig@", "ana@x", "infos@x", "no-reply", "-dev@x", "ſupport@x"]
    for value in values:
        expected = bool(known_values.NO_REPLY.match(value) or known_values.ROLE_MAILBOX.match(value))
        assert bool(known_values.FUNCTION_MAILBOX.match(value)) == expected, value


def test_overlap_resolution_does_not_depend_on_candidate_order(scanner):
    rng = random.Random(9)
    for text in [*_texts()[:150], "my password is Xk9#mP2vL7qRw4 for ana@corp.io at 81.169.145.45"]:
        candidates = scanner._candidates(text, ScanReport([]))
        expected = scanner_module._resolve_overlaps(candidates)
        for _ in range(3):
            shuffled = candidates + candidates[: len(candidates) // 2]
            rng.shuffle(shuffled)
            assert scanner_module._resolve_overlaps(shuffled) == expected


def _allow_values(rule) -> list[str]:
    """Values near each allow pattern: the rule's own examples, and pieces of the patterns' literals glued to
    address-like text at the start, the end and in the middle."""
    rng = random.Random(rule.id)
    pieces = ["git@", "you@example.com", "@2x.", ".png", ".JSON", "1.2.3@", "12.34.56@", "02110-1301", "+2147483647",
              "abcdef.0123456789abcdef", "CRAM-MD5", "plain", "ana", "@", ".", "x", "\n", "Git@", "you@EXAMPLE.org"]
    values = [*rule.examples, *rule.negative_examples, *pieces]
    for _ in range(300):
        values.append("".join(rng.choice(pieces) for _ in range(rng.randint(1, 4))))
    return values


def test_the_split_allow_check_agrees_with_searching_every_pattern(scanner):
    compared = 0
    for rule in scanner.rules:
        check = allow_split.allow_check(rule)
        if not rule.allow_patterns:
            assert check is None
            continue
        for value in _allow_values(rule):
            expected = any(pattern.search(value) for pattern in rule.allow_patterns)
            assert check(value) == expected, (rule.id, value)
            compared += expected
    assert compared > 100  # allowed values were among them, not only rejected ones


@pytest.mark.parametrize(("source", "flags", "anchored"), [
    ("^git@", 0, True), ("(?i)^git@", 0, True), ("^a|b", 0, False), ("b|^a", 0, False), ("(?m)^a", 0, False),
    ("^a", regex.MULTILINE, False), ("a^", 0, False), (r"\^a", 0, False), ("(^a)", 0, False), ("[^a]b", 0, False),
    (r"^\p{L}", 0, False), (r"\Aa", 0, False), ("^", 0, True),
])
def test_anchored_at_start(source, flags, anchored):
    assert allow_split.anchored_at_start(regex.compile(source, flags)) is anchored


def _plain_reclassified(text: str, findings):
    out = []
    for finding in findings:
        classification = known_values.reclassify(text, finding.start, finding.end, finding.rule_id)
        out.append(dataclasses.replace(finding, classification=classification) if classification else finding)
    return out


def test_reclassification_with_its_caches_agrees_with_reclassify(scanner):
    rng = random.Random(8)
    texts = _texts()
    # Repeated values (the per-value cache) in varying lines, and texts with and without a test IPv4 address.
    rows = [f"{n},{rng.choice(['ana', 'info', 'no-reply', 'x-dev'])}@{rng.choice(['corp.io', 'example.com'])},"
            f"{rng.choice(['81.169.145.45', '123.45.67.89', '12.34.56.78', '10.1.2.3'])}\n" for n in range(300)]
    texts += ["".join(rows), "".join(row for row in rows if "123.45" not in row and "12.34" not in row),
              "# Author: ana@corp.io\nana@corp.io\n" * 3, "ana%40corp.io ana@corp.io info%40corp.io"]
    for text in texts:
        everything = scanner_module._resolve_overlaps(scanner._candidates(text, ScanReport([])))
        assert scanner_module._reclassified(text, everything) == _plain_reclassified(text, everything), text


def test_an_ipv4_address_is_only_reclassified_where_a_test_address_occurs():
    assert "ipv4-address" not in known_values.TextReclassifier("10.1.2.3 ana@corp.io").rules
    assert "ipv4-address" in known_values.TextReclassifier("x 12.34.56.78 y").rules
    assert known_values.TextReclassifier("").rules == known_values.RECLASSIFIED_RULES - {"ipv4-address"}
    # The scanner says whether any finding is an IPv4 address; when none is, the text is not searched.
    assert "ipv4-address" not in known_values.TextReclassifier("x 12.34.56.78 y", ipv4_found=False).rules


def test_a_test_ipv4_address_is_reclassified_beside_other_findings_and_alone():
    scanner = Scanner.default()
    for text in ("connect to 12.34.56.78 now", "mail ana@corp.io from 12.34.56.78 and 81.169.145.45"):
        by_value = {text[f.start:f.end]: f.classification for f in scanner.scan(text)}
        assert by_value["12.34.56.78"] == "test-value", text
        assert by_value.get("81.169.145.45", "internal") != "test-value", text
    assert scanner.scan("def f():\n    return 1\n") == []


def test_the_collector_is_paused_during_a_long_scan_only(scanner, monkeypatch):
    seen = []
    resolve = scanner_module._resolve_overlaps

    def resolve_and_note(found, *yielding):
        seen.append(gc.isenabled())
        return resolve(found, *yielding)

    monkeypatch.setattr(scanner_module, "_resolve_overlaps", resolve_and_note)
    text = "".join(f"{n},u{n}@corp.io,10.{n % 250}.1.{n % 200 + 1},pro\n" for n in range(40))
    monkeypatch.setattr(scanner_module, "GC_PAUSE_CHARS", len(text) + 1)
    unpaused = scanner.scan(text)
    monkeypatch.setattr(scanner_module, "GC_PAUSE_CHARS", len(text))
    assert scanner.scan(text) == unpaused and len(unpaused) == 80
    assert seen == [True, False] and gc.isenabled()
    gc.disable()  # paused by someone else: left so
    try:
        scanner.scan(text)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_the_collector_runs_again_after_a_failed_scan(scanner, monkeypatch):
    monkeypatch.setattr(scanner_module, "GC_PAUSE_CHARS", 10)

    def fail(text, findings):
        assert not gc.isenabled()
        raise RuntimeError("reclassification failed")

    monkeypatch.setattr(scanner_module, "_reclassified", fail)
    with pytest.raises(RuntimeError):
        scanner.scan("ana@corp.io at 81.169.145.45")
    assert gc.isenabled()


def test_the_ipv4_version_lookbehind_needs_a_separator_as_the_zero_separator_form_did(scanner):
    """`[ /:=]{1,3}` in the version lookbehind finds what `{0,3}` found: with no separator the word would end right
    before the address, which the `(?<![\\w.-])` beside it already refuses (under the ASCII flag every word's last
    letter is a `\\w` char, and `(?i)` folds no non-ASCII letter onto one)."""
    rule = scanner.rule("ipv4-address")
    assert "[ /:=]{1,3})" in rule.regex
    flags = rule.pattern.flags
    before = regex.compile(rule.regex.replace("[ /:=]{1,3})", "[ /:=]{0,3})"), flags)
    rng = random.Random(13)
    words = ["version", "VER", "v", "Release", "build", "rev", "chrome", "FireFox", "safari", "edge", "android", "iOS",
             "os", "oſ", "versioN", "x", "section", "", "é", "K"]
    joints = ["", " ", "/", ":", "=", "  ", " /:", "/ : ", ",", "-", ".", "_", "\u00a0", "ſ", "1"]
    ips = ["81.169.145.45", "10.20.30.40", "1.2.3.4", "255.1.2.3", "81.169.145.45.7", "8.8.8.8"]
    compared = 0
    for _ in range(3000):
        text = "".join(rng.choice(words) + rng.choice(joints) + rng.choice(ips) + rng.choice([" ", "", ",", "\n"])
                       for _ in range(rng.randint(1, 4)))
        expected = [m.span() for m in before.finditer(text, overlapped=True)]
        assert [m.span() for m in rule.pattern.finditer(text, overlapped=True)] == expected, text
        compared += len(expected)
    assert compared > 1000


@pytest.mark.parametrize(("source", "whole"), [
    (r"(?<![\w.-])\b(?P<secret>\d+\.\d+)\b(?!\.\d)", True), (r"(?:(?<=mailto:)|(?<![a-z]))(?P<secret>[a-z]+@x)", True),
    (r"key=(?P<secret>\w+)", False), (r"(?P<secret>\w+);", False), (r"(?:a|(?P<secret>b))", False),
    (r"(?P<secret>\w+)", True), (r"(?P<other>x)?(?P<secret>\w+)", False), (r"(?P<secret>a)(?=b)c?", False),
])
def test_value_is_whole_match(source, whole):
    group = regex.compile(source).groupindex["secret"]
    assert regex_shape.value_is_whole_match(source, group) is whole


def test_whole_match_values_are_their_match_spans(scanner):
    whole = [rule for rule in scanner.rules if rule.value_is_match]
    assert {"email-address", "ipv4-address"} <= {rule.id for rule in whole}
    for rule in whole:
        for text in (*rule.examples, *rule.negative_examples, *_texts()[:40]):
            for match in rule.pattern.finditer(text, overlapped=True):
                assert match.span(rule.value_group) == match.span(), (rule.id, text)


@pytest.mark.parametrize("ends", [[], [5], [1, 2, 3], [3, 2, 1], [1, 1, 2], [4, 9, 9, 12], [7, 3, 3, 10]])
def test_descending_ends(ends):
    assert scanner_module._descending(ends) == sorted(set(ends), reverse=True)


@pytest.mark.parametrize("text", ["", "by the way, bylaws byby", "Author: (c) copyright idea thanks", "nothing here",
                                  "maintainermaintainer authors"])
def test_author_word_occurrences_are_finditer_spans(text):
    expected = sorted((m.start(), m.end()) for word in known_values.AUTHOR_WORDS
                      for m in regex.finditer(regex.escape(word), text))
    assert sorted(known_values._occurrences(text, known_values.AUTHOR_WORDS)) == expected


def test_public_addresses_in_one_batch_agree_with_reclassify():
    rows = ["# Author: ana@corp.io", "#   ben@gmx.de", "9,ana@corp.io,10.1.2.3", "info@corp.io", "x-dev@corp.io",
            "by Jo jo@corp.io", "ana%40example.com", "written by Ana (ana@corp.io)", "ana@corp.io", "é ana@corp.io"]
    rng = random.Random(4)
    for _ in range(20):
        text = "\n".join(rng.choice(rows) for _ in range(30))
        spans = _email_spans(text)
        expected = [known_values.reclassify(text, start, end, "email-address") is not None for start, end in spans]
        assert known_values.TextReclassifier(text).public_addresses(spans) == expected
