import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from addons.formats import sniff
from addons.formats.sniff import printable_runs, sniff_text

TEXT = 'TOKEN="caf\u00e9 AKIAIOSFODNN7EXAMPLE"\n'


@pytest.mark.parametrize("codec, expected", [
    ("utf-8", "utf-8"), ("utf-8-sig", "utf-8"), ("utf-16", "utf-16-le"), ("utf-16-le", "utf-16-le"),
    ("utf-16-be", "utf-16-be"), ("utf-32", "utf-32-le"), ("utf-32-le", "utf-32-le"), ("utf-32-be", "utf-32-be"),
    ("latin-1", "latin-1"),
])
def test_text_in_any_charset_round_trips(codec, expected):
    raw = TEXT.encode(codec)
    sniffed = sniff_text(raw)
    assert sniffed is not None and sniffed.codec == expected
    assert sniffed.text.lstrip("\ufeff") == TEXT and sniffed.text.encode(sniffed.codec) == raw


@pytest.mark.parametrize("raw", [b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", b"text with a \x00 nul", bytes(range(256)),
                                 b"\x00\x01\x02\x03" * 10])
def test_binary_is_not_text(raw):
    assert sniff_text(raw) is None


def test_printable_runs_in_ascii_and_utf16():
    raw = b"\x00\x01short\x00" + b"long enough run" + b"\x00\xff" + "wide string here".encode("utf-16-be") + b"\x01"
    runs = {r.encoding: r.text for r in printable_runs(raw)}
    assert runs["ascii"] == "long enough run"
    assert "wide string here" in runs["utf-16-be"]


@settings(max_examples=400, deadline=None)
@given(st.binary(max_size=64) | st.lists(st.sampled_from([b"a", b"\t", b"\n", b"\x0c", b"\r", b"\x1b", b"\x7f", b"\xff",
                                                          b"\x00", b"\x08", b"\x0b", b"\x0e", b"\x1a", b"\x1c",
                                                          b"\x1f", b" "]), max_size=40).map(b"".join))
def test_control_bytes_are_those_the_regex_finds(raw):
    """sniff.has_control_bytes (a translation table) against the character class it replaced."""
    assert sniff.has_control_bytes(raw) == bool(sniff._CONTROL_BYTES.search(raw))


_PATTERNS = (("ascii", sniff._ASCII_RUN), ("utf-16-le", sniff._UTF16LE_RUN), ("utf-16-be", sniff._UTF16BE_RUN))
_RUN_BYTES = st.lists(st.sampled_from([b"\x00", b"a", b"Z", b"~", b"\t", b"\n", b"\x01", b"\xff", b"\x7f", b" "]),
                      max_size=80).map(b"".join)


@settings(max_examples=400, deadline=None)
@given(_RUN_BYTES | st.binary(max_size=80), st.sets(st.sampled_from(["ascii", "utf-16-le", "utf-16-be"])))
def test_printable_runs_of_some_encodings_are_those_of_all_filtered(raw, encodings):
    """Each encoding's runs are every match of its pattern, whether or not the others are asked for (a body with no
    NUL byte holds no UTF-16 run, and those patterns are not run on it)."""
    reference = []
    for encoding, pattern in _PATTERNS:
        found = [m.group().decode(encoding) for m in pattern.finditer(raw)]
        if found:
            reference.append(sniff.Runs(encoding, "\n".join(found)))
    assert printable_runs(raw) == reference
    assert printable_runs(raw, frozenset(encodings)) == [r for r in reference if r.encoding in encodings]
