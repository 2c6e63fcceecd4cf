"""attack32: printable_runs skips its UTF-16 patterns on a body with no NUL byte. Both patterns read ASCII-range code
units only (a printable byte beside a 0x00), so each match holds at least eight NUL bytes: without a NUL there is
no match to skip. Checked against the patterns run on every body (the old way), on UTF-16 that has no zero byte
(CJK, Cyrillic, fullwidth Latin: `ＡＫＩＡ...`), a key's UTF-16 with each zero byte replaced by another byte, and
random bytes with and without NULs: the same runs, whatever encodings are asked for."""

from __future__ import annotations

from hypothesis import given, seed, settings
from hypothesis import strategies as st

from addons.formats import sniff
from tests import fakes

KEY = fakes.aws_key_id(32)
FULLWIDTH = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in f"aws_access_key_id={KEY}")


def every_pattern(raw: bytes, encodings: frozenset[str]) -> list[sniff.Runs]:
    """printable_runs as before the shortcut: every pattern run on every body."""
    out = []
    for encoding, pattern in sniff._RUNS:
        found = [m.group().decode(encoding) for m in pattern.finditer(raw)]
        if found and encoding in encodings:
            out.append(sniff.Runs(encoding, "\n".join(found)))
    return out


BODIES = [
    FULLWIDTH.encode("utf-16-le"), FULLWIDTH.encode("utf-16-be"),
    "ключ доступа 秘密の鍵 キー".encode("utf-16-le"), "ключ доступа 秘密の鍵 キー".encode("utf-16-be"),
    KEY.encode("utf-16-le").replace(b"\x00", b"\x01"), KEY.encode("utf-16-be").replace(b"\x00", b"\xff"),
    KEY.encode("utf-16-le"), b"\xff\xfe" + KEY.encode("utf-16-le"), KEY.encode("utf-16-le")[1:],
    KEY.encode() + b"\x00" + KEY.encode("utf-16-be"),
]
SUBSETS = [frozenset(), frozenset({"ascii"}), frozenset({"utf-16-le"}), frozenset({"utf-16-be"}), sniff.ENCODINGS]


def test_named_bodies_give_the_runs_every_pattern_gives():
    for raw in BODIES:
        for encodings in SUBSETS:
            assert sniff.printable_runs(raw, encodings) == every_pattern(raw, encodings), (raw[:20], encodings)


@seed(32)
@settings(max_examples=300, deadline=None)
@given(st.lists(st.one_of(st.binary(max_size=40), st.sampled_from(BODIES),
                          st.text(max_size=20).map(lambda t: t.encode("utf-16-le", "surrogatepass"))), max_size=6),
       st.sampled_from(SUBSETS))
def test_random_bodies_give_the_runs_every_pattern_gives(parts, encodings):
    raw = b"".join(parts)
    assert sniff.printable_runs(raw, encodings) == every_pattern(raw, encodings)
