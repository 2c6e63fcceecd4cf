"""dos59: a text field of MiBs of escapes (`%41`, `&#65;`, `\\x41`, lookalikes, invisible characters, mixes) cost
~0.35 s of CPU per MiB in ``disguise.view_of``: a Python step per token (a match object, ``_undo``, four list
appends) to build the view and its offset map. The view is now built by C operations (a regex split, one cached
lookup per distinct token, a join; a run of like disguises is one token undone by ``bytes.fromhex`` or
``str.translate``) and its map back to the original is kept per chunk of tokens, found again only where a match is
mapped. The count test fails before (one ``_undo`` call per token); the differential test holds the new builder to
the per-token one it replaced, view text and every offset."""

from __future__ import annotations

import bisect

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from addons.detect import disguise


def _old_view(text: str, css_first: bool = False) -> tuple[str, list[tuple[int, int, int, int]]] | None:
    """The per-token builder ``view_of`` was before dos59: the view text and one entry per token."""
    if len(text) > disguise.MAX_CHARS or not disguise._may_be_disguised(text):
        return None
    pieces, tokens, last, view_len = [], [], 0, 0
    for m in (disguise._TOKEN_CSS_FIRST if css_first else disguise._TOKEN).finditer(text):
        replacement = disguise._css_escaped(m.group()) if m.lastgroup == "css" else disguise._undo(m.group())
        if replacement is None:
            continue
        pieces.append(text[last:m.start()])
        view_len += m.start() - last
        tokens.append((view_len, m.start(), m.end(), len(replacement)))
        pieces.append(replacement)
        view_len += len(replacement)
        last = m.end()
    if not tokens:
        return None
    pieces.append(text[last:])
    return "".join(pieces), tokens


def _old_char(tokens: list[tuple[int, int, int, int]], index: int) -> tuple[int, int]:
    i = bisect.bisect_right([t[0] for t in tokens], index) - 1
    if i < 0:
        return index, index + 1
    view_pos, start, end, length = tokens[i]
    if length and view_pos == index:
        return start, end
    at = end + index - (view_pos + length)
    return at, at + 1


def _old_span(tokens: list[tuple[int, int, int, int]], start: int, end: int) -> tuple[int, int]:
    if end <= start:
        at = _old_char(tokens, start)[0]
        return at, at
    return _old_char(tokens, start)[0], _old_char(tokens, end - 1)[1]


def _assert_same(text: str, css_first: bool) -> None:
    old = _old_view(text, css_first)
    new = disguise.view_of(text, css_first)
    if old is None:
        assert new is None
        return
    assert new is not None and new.text == old[0]
    tokens = old[1]
    # what views_of reads once more: a token that gave `\`, `&` or `%`
    assert new.made_an_escape_start == any(length and old[0][at] in "\\&%" for at, _, _, length in tokens)
    for start in range(len(new.text) + 1):
        for end in (start, start + 1, start + 3, len(new.text)):
            if end <= len(new.text):
                assert new.original_span(start, end) == _old_span(tokens, start, end), (start, end)


FRAGMENTS = st.sampled_from([
    *"aZ09_-. \t\n;#&%\\xu", "%41", "%4a", "%7F", "%7e", "%20", "%00", "%25", "&#65;", "&#99;", "&#31;", "&#100;",
    "&#0065;", "&#x41;", "&#X7e;", "&#92;", "&#37;", "&amp;", "&lt;", "&nbsp;", "&bsol;", "&nosuch;", "\\x41",
    "\\x7f", "\\x5c", "\\41 ", "\\41", "\\67", "\\000041", "\\g", "\\_", "\\u{41}", "\\U00000041", "\\101",
    "\\N{LATIN CAPITAL LETTER A}", "\\u0041", "\u200b", "\u00ad", "\ufeff", "А", "ο", "\uff21", "\u2460", "é",
    "\U0001d400", "\U000e0041", "\ud800", "\u00a0",
])
TEXTS = st.lists(FRAGMENTS, max_size=60).map("".join)
RUN_TEXTS = st.lists(st.tuples(FRAGMENTS, st.integers(1, 12)), max_size=6).map(
    lambda pairs: "".join(fragment * n for fragment, n in pairs))


@pytest.fixture
def small_chunks(monkeypatch):
    monkeypatch.setattr(disguise, "CHUNK_TOKENS", 3)  # many chunks in a short text: their edges are exercised


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(TEXTS, RUN_TEXTS), st.booleans())
@example("%41%42%43KIA", False)
@example("\\67\\67 &#92;41 ", True)
@example("a\u200bb\u200b\u200bc", False)
@example("%25%25%41", False)
def test_the_view_and_its_map_are_the_per_token_builders(small_chunks, text, css_first):
    _assert_same(text, css_first)


@settings(max_examples=100, deadline=None)
@given(st.one_of(TEXTS, RUN_TEXTS), st.booleans())
def test_with_the_shipped_chunk_size_too(text, css_first):
    _assert_same(text * 20, css_first)


@pytest.mark.parametrize("unit", ["%41", "%41 ", "&#65;", "&#x41;", "&lt;", "\\x41", "\\41 ", "%41&#65;\\x41&#x41;",
                                  "a\u200b", "\u0430", "\u200b"])
def test_a_field_of_escapes_costs_no_python_step_per_token(monkeypatch, unit):
    calls = []
    for name in ("_undo", "_css_escaped"):  # what undoes one token
        original = getattr(disguise, name)

        def counted(token, _original=original):
            calls.append(token)
            return _original(token)

        monkeypatch.setattr(disguise, name, counted)
    getattr(disguise, "_UNDONE", {}).clear()
    text = unit * ((64 << 10) // len(unit))
    view = disguise.view_of(text)
    assert view is not None
    assert len(calls) < 50, f"{len(calls)} tokens undone one by one, of {len(text) // len(unit)} tokens"
    old = _old_view(text)
    assert old is not None and view.text == old[0]
    for index in (0, 1, len(view.text) // 2, len(view.text) - 1):  # a match mapped back: only its chunk looked at
        assert view.original_span(index, index + 1) == _old_span(old[1], index, index + 1)


def test_the_run_tables_are_every_bmp_character_the_token_regex_lists():
    listed = [chr(c) for c in range(0x80, 0x10000) if disguise._CHARACTER.fullmatch(chr(c))]
    invisible, folded = disguise._single_characters()
    assert sorted(invisible) == [c for c in listed if disguise._undo(c) == ""]
    assert folded == {ord(c): u for c in listed if (u := disguise._undo(c)) and len(u) == 1}
