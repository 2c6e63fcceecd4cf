"""attack59: dos58's C decoders (percent escapes, base32 runs) and speed56's decoded JSON view against what they
replaced, on inputs their own tests did not draw: every byte value beside `%`, hex digits of both cases and
backslashes; base32 runs past CPython's 4,300-digit limit on int() from text (base 32 is exempt: checked); JSON
escapes of surrogates (paired, lone, either case), `\\u` cut short or at the end, `\\U`, `\\x` and NUL. Held: no
difference in 200,000 percent, 100,000 view draws (attack59's run); the tests draw fewer, seeded."""

from __future__ import annotations

import base64
import random
from urllib.parse import unquote_to_bytes

import pytest

from addons.detect import escapes
from addons.formats import encoded, form
from tests.detect.test_speed56_exact import OldDecodedView

PERCENT_HEAVY = [*range(256), *[ord("%")] * 40, *b"0123456789abcdefABCDEF" * 6, *[ord("\\")] * 10, *b"x" * 5]
VIEW_PARTS = ["\\", '"', "/", "u", "00E9", "00e9", "D83D", "DE00", "d800", "dc00", "\\uD83D", "\\uDE00", "\\ud800",
              "\\udc00", "\\u00E9", "\\u12", "\\u", "\\U00e9", "\\x41", "a", " ", "\\n", "\\\\", "é", "\U0001f600",
              "\\uFFFF", "\\u0000"]


def test_percent_decoding_of_any_byte_reads_as_urllib_does():
    rng = random.Random(59)
    for _ in range(30000):
        raw = bytes(rng.choice(PERCENT_HEAVY) for _ in range(rng.randrange(16)))
        assert form.unquoted(raw) == unquote_to_bytes(raw.replace(b"+", b" ")), raw


@pytest.mark.parametrize("size", [4300, 4301, 4303, 8000, 100005])  # lengths padding completes
def test_a_base32_run_longer_than_the_int_digit_limit_reads_as_b32decode_does(size):
    rng = random.Random(size)
    body = "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(size))
    assert encoded._base32_decoded(body) == base64.b32decode(body + "=" * (-size % 8))


def test_the_decoded_view_of_surrogates_and_cut_escapes_is_the_old_one():
    rng = random.Random(59)
    for _ in range(20000):
        raw = "".join(rng.choice(VIEW_PARTS) for _ in range(rng.randrange(14)))
        old = OldDecodedView(raw)
        for new in (escapes.DecodedView(raw), escapes.DecodedView(raw, escapes.escape_kinds(raw))):
            assert (new.text, new._escape_at, new._shrink_after) == (old.text, old._escape_at, old._shrink_after), raw
