import pytest

from addons.detect.disguise import MAX_CHARS, Prefixes, loose_views, view_of

KEY = "AKIAIOSFODNN7EXAMPLE"


@pytest.mark.parametrize("hidden", [
    KEY[:4] + "\u200b" + KEY[4:],                       # zero-width space
    KEY[:4] + "\u00ad\u200d" + KEY[4:],                 # soft hyphen + joiner
    KEY.replace("A", "\u0410").replace("E", "\u0395"),  # Cyrillic A, Greek E
    "".join(chr(ord(c) + 0xFEE0) for c in KEY),         # fullwidth
    "&#65;" + KEY[1:], "&#x41;&#x4b;" + KEY[2:],        # HTML references
    "%41%4B" + KEY[2:],                                 # percent-encoding
])
def test_view_reads_the_key_and_maps_back_exactly(hidden):
    text = f"before {hidden} after"
    view = view_of(text)
    assert view is not None
    start = view.text.index(KEY)
    assert view.original_span(start, start + len(KEY)) == (7, 7 + len(hidden))


def test_no_disguise_no_view_and_large_texts_are_left_alone():
    assert view_of("plain ascii text with no tricks at all") is None
    assert view_of("x" * (MAX_CHARS + 1) + "\u200b") is None


def test_unprintable_references_are_left_as_they_are():
    assert view_of("a %00 b &#0; c") is None


@pytest.mark.parametrize("hidden", [
    "".join(chr(0x1D400 + ord(c) - 65) if c.isupper() else chr(0x1D7CE + ord(c) - 48) for c in KEY),  # math bold
    "".join(chr(0x24B6 + ord(c) - 65) if c.isupper() else c for c in KEY),  # circled letters
    KEY.translate(str.maketrans("AKE", "\u13aa\u13e6\u13ac")),  # Cherokee
    KEY.replace("O", "\u0555"),  # Armenian
    KEY.replace("A", "\ua4ee").replace("I", "\u2c92"),  # Lisu, Coptic
])
def test_nfkc_and_tr39_lookalikes_are_folded(hidden):
    test_view_reads_the_key_and_maps_back_exactly(hidden)


def _loose_span(text: str, value: str) -> tuple[int, int]:
    (view,) = [v for v in loose_views(text, Prefixes({"AKIA"})) if value in v.text]
    start = view.text.index(value)
    return view.original_span(start, start + len(value))


@pytest.mark.parametrize("hidden", [
    " ".join(KEY), "-".join(KEY), ".".join(KEY),  # spaced out
    KEY[:7] + "\n" + KEY[7:], KEY[:7] + "\r\n" + KEY[7:], KEY[:7] + "\\n" + KEY[7:],  # broken by a line
    KEY[:3] + "\n" + KEY[3:9] + "\n" + KEY[9:],  # three pieces
    KEY[::-1],  # backwards
    KEY.translate(str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "NOPQRSTUVWXYZABCDEFGHIJKLM")),  # rot13
])
def test_loose_views_read_the_key_and_map_back_exactly(hidden):
    text = f"before {hidden}\nafter"
    assert _loose_span(text, KEY) == (7, 7 + len(hidden))


def test_a_key_ending_at_a_line_break_is_not_glued_to_the_next_line():
    text = f"x {KEY[:5]}\n{KEY[5:]}\nNEXTLINEWORD"
    (view,) = loose_views(text)
    assert f" {KEY} " in f" {view.text} "  # one excerpt holds exactly the key


def test_ordinary_text_has_no_loose_view_and_short_wraps_are_not_joined():
    assert loose_views("plain prose, with a line\nbreak and words", Prefixes({"AKIA"})) == []
    assert loose_views("word\nwrap", Prefixes({"AKIA"})) == []
    assert loose_views("a long word backwards: noitazilanoitanretni", Prefixes({"AKIA"})) == []
    assert loose_views("x" * (MAX_CHARS + 1) + " a b c d e f g h i") == []


def test_the_tr39_table_reads_capital_i_lookalikes_as_i_and_leaves_ascii_alone():
    from addons.detect.confusables import LATIN

    assert LATIN["\u2c92"] == "I" and LATIN["\ua4ee"] == "A"  # Coptic IAUDA, Lisu A
    assert all(not c.isascii() and len(t) == 1 and t.isascii() and t.isalnum() for c, t in LATIN.items())
    assert "\uff21" not in LATIN  # fullwidth: NFKC's, which keeps the case


def test_prefix_lookups_agree_with_comparing_every_prefix():
    """Prefixes groups the prefixes by their last (reversed) or first (rot13) three characters in one pass; what it
    answers for a word must be what comparing the word with every prefix answers, including prefixes that share
    those three characters and the short ones any word may hold."""
    rot13 = str.maketrans("abcdefghijklmnopqrstuvwxyz", "nopqrstuvwxyzabcdefghijklm")
    # three characters or more, as Inspector.key_prefixes gives them
    prefixes = {"AKIA", "ASIA", "ghp_", "gho_", "xoxb-", "xoxp-", "sk-", "sk-ant-", "glpat-", "ya29.", "tia"}
    lookups = Prefixes(prefixes)
    reversed_ = {p[::-1].lower() for p in prefixes}
    rotated = {p.lower().translate(rot13) for p in prefixes} - {p.lower() for p in prefixes}
    heads = [p for p in reversed_ | rotated] + [p[:-1] for p in reversed_ | rotated] + [p[1:] for p in reversed_]
    words = [f"{head}{tail}" for head in heads for tail in ("", "Q7x", "0")]
    words += [f"{tail}{end}" for end in reversed_ | {p[1:] for p in reversed_} for tail in ("", "Lm9k", "_")]
    for word in words:
        assert lookups.ends_a_reversed_key(word) == any(word.lower().endswith(p) for p in reversed_), word
        assert lookups.starts_a_rot13_key(word) == any(word.lower().startswith(p) for p in rotated), word
