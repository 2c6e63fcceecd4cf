"""attack41: placeholder-shaped text an agent writes right after a value (`<key>[MASKED:email-address:a1b2c3]`).

The scanner drops a value that overlaps one of exitguard's placeholders (masking masked text changes nothing). It
took a placeholder that starts where the value ends for an overlapping one, so any key with a placeholder shape
glued after it was reported by nothing: sent upstream under a `mask` or `block` policy, and kept in the record."""

from __future__ import annotations

import json

import pytest

from addons.detect import Scanner
from tests.detect.fakes import Fakes

FAKE = Fakes(seed=41)
GLUED = ["[MASKED:email-address:a1b2c3]", "[MASKED:github-pat-classic:000000]", "[MASKED:aws-access-key-id:abcdef]"]


@pytest.fixture(scope="module", params=["hyperscan", "python"])
def scanner(request):
    return Scanner.default(engine=request.param)


def _values(scanner, text: str) -> list[str]:
    return [text[f.start:f.end] for f in scanner.scan(text)]


@pytest.mark.parametrize("placeholder", GLUED)
def test_a_key_with_a_placeholder_glued_after_it_is_found(scanner, placeholder):
    token, email = FAKE.github_classic(), FAKE.email()
    for text in (token + placeholder, f"use {token}{placeholder} now", json.dumps({"content": token + placeholder}),
                 email + placeholder):
        value = token if token in text else email
        assert value in _values(scanner, text), text


def test_a_value_touching_placeholders_on_both_sides_is_found(scanner):
    token = FAKE.github_classic()
    text = f"[MASKED:email-address:a1b2c3]{token}[MASKED:email-address:a1b2c3]"
    assert _values(scanner, text) == [token]


def test_a_placeholder_is_still_never_reported_again(scanner):
    masked = "key [MASKED:github-pat-classic:a1b2c3][MASKED:email-address:0f0f0f] done"
    assert scanner.scan(masked) == []


@pytest.mark.xfail(strict=True, raises=AssertionError,
                   reason="EVASION.md, attack41: a key split inside one string by a placeholder shape (open, as any "
                          "run of characters the agent puts between two halves)")
def test_a_key_split_by_a_placeholder_shape_is_found(scanner):
    token = FAKE.github_classic()
    text = token[:20] + "[MASKED:email-address:a1b2c3]" + token[20:]
    assert _values(scanner, text), text
