"""Placeholders: written in one place, read back exactly, near-misses refused; the engine skips the same ones."""

import pytest

from addons.core import placeholders
from addons.detect import Scanner


def test_write_then_parse_round_trips():
    text = placeholders.masked("github-pat-classic", "3f9c1a0b22c4d5e6")  # a full fingerprint: 6 chars kept
    assert text == "[MASKED:github-pat-classic:3f9c1a]"
    parsed = placeholders.parse_masked(text)
    assert (parsed.rule, parsed.tag, parsed.start, parsed.end) == ("github-pat-classic", "3f9c1a", 0, len(text))


def test_find_masked_reports_positions():
    a, b = placeholders.masked("email-address", "aaaaaa"), placeholders.masked("aws-access-key-id", "0123ab")
    text = f"to {a} with {b}."
    found = list(placeholders.find_masked(text))
    assert [(m.rule, text[m.start:m.end]) for m in found] == [("email-address", a), ("aws-access-key-id", b)]


@pytest.mark.parametrize("near_miss", [
    "[MASKED:github-pat-classic:3f9c1]",      # tag too short
    "[MASKED:github-pat-classic:3f9c1aa]",    # tag too long
    "[MASKED:github-pat-classic:3F9C1A]",     # tags are lower-case hex
    "[MASKED:GitHub-pat:3f9c1a]",             # rule ids are lower-kebab
    "[MASKED:github_pat:3f9c1a]",
    "[MASKED:-github:3f9c1a]",
    "[MASKED:github-pat-classic]",            # no tag
    "[masked:github-pat-classic:3f9c1a]",
    "[MASKED:github-pat-classic:3f9c1a",      # not closed
    " [MASKED:github-pat-classic:3f9c1a]",    # parse_masked wants exactly one placeholder
])
def test_parse_rejects_near_misses(near_miss):
    assert placeholders.parse_masked(near_miss) is None


def test_writer_refuses_what_the_reader_would_not_read():
    with pytest.raises(ValueError):
        placeholders.masked("Not Kebab", "abcdef")
    with pytest.raises(ValueError):
        placeholders.masked("rule", "abc")


def test_the_engine_skips_exactly_the_placeholders_the_core_writes():
    scanner = Scanner.default()
    token = "ghp_" + "24C6kWb2JDT3mYc4K06EAmBFpGBwmN0njbVF"  # a rule example (valid checksum)
    assert [f.rule_id for f in scanner.scan(f"token: {token}")] == ["github-pat-classic"]
    masked = placeholders.masked("github-pat-classic", "abcdef")
    assert not scanner.scan(f"token: {masked}")
    # A look-alike that is no placeholder does not hide a value from the engine.
    assert [f.rule_id for f in scanner.scan(f"token: [MASKED:{token}]")] == ["github-pat-classic"]
    assert [f.rule_id for f in scanner.scan(f"{masked} {token}")] == ["github-pat-classic"]


def test_record_markers():
    assert placeholders.brokered("openai") == "[BROKERED:openai]"
    assert placeholders.injected("openai") == "[INJECTED:openai]"
    assert placeholders.redacted("Authorization", "abcdef") == "[REDACTED:authorization:abcdef]"
    assert placeholders.is_record_marker("Bearer [BROKERED:openai]")
    assert placeholders.is_record_marker("[REDACTED:x-api-key:abcdef]")
    assert not placeholders.is_record_marker("Bearer sk-live-123 [BROKERED:openai]")
    assert not placeholders.is_record_marker("[MASKED:rule:abcdef]")
