"""attack60: dos59's C-level view builder (disguise.view_of) against the per-token builder it replaced, on input
dos59's differential did not write: lone surrogates (bytes read with surrogateescape, half a JSON `\\ud83d` pair),
a `%`, `&#`, `\\x` or `\\` cut at the text's end, escapes of every kind glued together; and a key written in
escapes across the edge of a chunk of ``CHUNK_TOKENS`` tokens: found in the view, and its span in the original
exactly the escaped key's characters (the mask lands on them). These pass on main d7d4e25: what held."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from addons.detect import Scanner, disguise

from .test_dos59_disguise_runs import _assert_same

HOSTILE = st.sampled_from([
    *"aK9 ;\\%&#xu{}", "%", "%4", "%41", "%7e", "%25", "&#", "&#6", "&#65", "&#65;", "&#x", "&#x4", "&#x41;",
    "&amp", "&amp;", "\\", "\\x", "\\x4", "\\x41", "\\u004", "\\u0041", "\\U0000004", "\\u{", "\\u{41", "\\u{41}",
    "\\41", "\\41 ", "\\0041\r\n", "\\67", "\\1", "\\101", "\\N{", "\udc80", "\udcff", "\ud83d", "\ude00",
    "\ud83d\ude00", "\U0001f600", "\u200b", "\u2060", "\ufeff", "А", "\uff21", "é", "\U000e0041",
])
TEXTS = st.lists(HOSTILE, max_size=80).map("".join)


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(disguise, "CHUNK_TOKENS", 2)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(TEXTS, st.booleans())
@example("%41%42%4", False)
@example("&#65;&#66;&#6", False)
@example("\\x41\\x42\\x4", False)
@example("\ud83d\\x41\ude00%41\udc80", False)
@example("\\67\\67 \\", True)
def test_hostile_text_gives_the_per_token_builders_view_and_map(small_chunks, text, css_first):
    _assert_same(text, css_first)


SCANNER = Scanner.default()
KEY = "AKIA" + "4HKQ2NWQ7XR2M4KD"  # an AWS access key id's shape, not a real key


def _escaped(key: str) -> str:
    return "".join(f"&#x{ord(c):x};" for c in key)  # one token each: hex references are never a run


@pytest.mark.parametrize("filler", ["x\u200b", "x&#65;", "y%41"])  # one token each, never a run (x, y between)
@pytest.mark.parametrize("before", [disguise.CHUNK_TOKENS - 1 - k for k in range(0, 21, 4)]
                         + [disguise.CHUNK_TOKENS, disguise.CHUNK_TOKENS + 1])
def test_a_key_in_escapes_across_a_chunk_edge_maps_to_its_own_characters(before, filler):
    escaped = _escaped(KEY)
    text = "note: " + filler * before + " id " + escaped + " end"  # `before` tokens, then the key's 20
    start = text.index(escaped)
    view = disguise.views_of(text)[0]  # what core.inspection scans and maps back (_Undisguised.of)
    found = [f for f in SCANNER.scan(view.text) if f.rule_id == "aws-access-key-id"]
    assert [view.text[f.start:f.end] for f in found] == [KEY]
    assert view.original_span(found[0].start, found[0].end) == (start, start + len(escaped))
