"""core/inspection.py: the detection caches (short and long texts) give what a fresh scan gives and hold no text."""

from __future__ import annotations

import pytest

from addons.core import inspection, runtime
from tests.audit import fakes


@pytest.fixture
def inspector(tmp_path):
    return runtime.build(None, [], tmp_path / "key").inspector


def counting(inspector, monkeypatch) -> list[str]:
    scanned: list[str] = []
    real = inspector._detect_plain

    def detect_plain(text, *yielding):
        scanned.append(text)
        return real(text, *yielding)

    monkeypatch.setattr(inspector, "_detect_plain", detect_plain)
    return scanned


def test_a_repeated_short_text_is_scanned_once_with_the_same_findings(inspector, monkeypatch):
    scanned = counting(inspector, monkeypatch)
    token = fakes.github_token()  # 40 chars: a short text
    assert len(token) < inspection.CACHE_MIN_CHARS
    first = inspector.detect(token)
    assert [f.rule_id for f in first[0]] == ["github-pat-classic"]
    assert inspector.detect(token) == first and inspector.detect("content-type") == inspector.detect("content-type")
    assert scanned == [token, "content-type"]
    assert inspector.detect(token, cache=False) == first and scanned[-1] == token  # uncached: scanned again


def test_the_caches_hold_digests_not_texts(inspector):
    token, long_text = fakes.github_token(), "notes: " + fakes.email() + " " * 80
    inspector.detect(token)
    inspector.detect(long_text)
    assert len(inspector._short) == 1 and len(inspector._cache) == 1
    for key in [*inspector._short, *inspector._cache]:
        assert isinstance(key, bytes) and len(key) == 16
        assert token.encode() not in key and key not in long_text.encode()


def test_unique_short_texts_do_not_evict_long_ones(inspector, monkeypatch):
    monkeypatch.setattr(inspection, "SHORT_CACHE_ENTRIES", 3)
    long_text = "the whole conversation so far " * 4
    inspector.detect(long_text)
    for i in range(10):  # ids, times: each seen once
        inspector.detect(f"id-{i}")
    assert len(inspector._short) == 3 and len(inspector._cache) == 1
    scanned = counting(inspector, monkeypatch)
    inspector.detect(long_text)
    inspector.detect("id-9")
    inspector.detect("id-0")  # evicted: scanned again
    assert scanned == ["id-0"]
