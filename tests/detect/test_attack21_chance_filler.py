"""attack21: detect/chance.py judges a key glued inside a long base64 run by chance when the run decodes to bytes of
at least 7.5 bits a byte, counted as a histogram. `bytes(range(256))` repeated has exactly the histogram of random
bytes: a Facebook-shaped token glued between two runs of its base64 (16,186 characters in all, 1 KB gzip'd on the
wire, and a pattern a model can write out without a tool) was judged a chance match and sent. Random bytes do not
compress; such a filler does: the run must now also be incompressible (zlib keeps >= 85 %). A key glued into bytes
that are random to zlib (a seeded generator's, random's) stays open by design (EVASION.md)."""

from __future__ import annotations

import base64
import random
import string

import pytest

from addons.detect import chance
from addons.detect.scanner import Scanner

ALNUM = string.ascii_letters + string.digits
_RNG = random.Random(3)
TOKEN = "EAAG" + "".join(_RNG.choice(ALNUM) for _ in range(180))  # Facebook's shape, made up here


@pytest.fixture(scope="module")
def scanner() -> Scanner:
    return Scanner.default()


def _lcg(size: int) -> bytes:
    x, out = 1, bytearray()
    for _ in range(size):
        x = (x * 1103515245 + 12345) & 0x7FFFFFFF
        out.append(x >> 16 & 255)
    return bytes(out)


FILLERS = {
    "counter": lambda n: bytes(i % 256 for i in range(n)),
    "counter_backwards": lambda n: bytes(255 - i % 256 for i in range(n)),
    "pairs": lambda n: bytes((i // 2) % 256 for i in range(n)),
}


def glued(raw: bytes) -> str:
    run = base64.b64encode(raw).decode().rstrip("=")
    return f"{run}+{TOKEN}/{run}"


@pytest.mark.parametrize("name", sorted(FILLERS))
def test_a_key_glued_into_a_pattern_with_randoms_byte_counts_is_found(scanner, name):
    text = glued(FILLERS[name](9000))
    assert len(text) > 1e-4 / max(chance.rule_chances(scanner.rule("facebook-access-token")))  # long enough to judge
    assert TOKEN in [text[f.start:f.end] for f in scanner.scan(text)]


def test_a_key_glued_into_bytes_random_to_zlib_is_still_judged_by_chance(scanner):
    """The open row, pinned: the judge cannot tell a key glued into random bytes from a chance match."""
    for raw in (_lcg(9000), random.Random(9).randbytes(9000)):
        text = glued(raw)
        assert TOKEN not in [text[f.start:f.end] for f in scanner.scan(text)]
