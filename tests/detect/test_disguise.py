import pytest

from addons.detect.disguise import MAX_CHARS, view_of

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
