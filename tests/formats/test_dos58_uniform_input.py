"""dos58: hostile uniform input (one unit repeated for MiB) in the proxy's body readers. Every stage runs on the
event loop every other flow waits for, so a reader must cost a few C passes over the body, not a Python step per
escape: `%41` repeated (a form body's percent-decoding) and base32 letters (`QUJD` repeated: the decoded-run
reading) took one per escape / per 8 characters (~0.1 s of CPU per MiB in process, ~0.4 s in a proxy at load 15).

Costs are counted, not timed: the Python calls (sys.setprofile's call and c_call events) a reading makes must not
grow with the number of escapes."""

from __future__ import annotations

import base64
import random
import sys
from collections.abc import Callable
from urllib.parse import unquote_to_bytes

import pytest

from addons.formats import encoded, form

UNITS = 1 << 16


def python_calls(work: Callable[[], object]) -> int:
    """How many Python and builtin calls ``work`` makes (sys.setprofile's events), not how long it takes."""
    count = 0

    def on_event(frame, event, arg) -> None:
        nonlocal count
        count += 1

    sys.setprofile(on_event)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


@pytest.mark.parametrize("unit", [b"%41", b"a%20", b"%3D", b"%5Cu0041"])
def test_percent_decoding_takes_no_python_step_per_escape(unit):
    body = b"note=" + unit * UNITS
    assert form.unquoted(body) == unquote_to_bytes(body)
    assert python_calls(lambda: form.unquoted(body)) < 100  # urllib's loop: two list appends per escape


def test_base32_letters_take_no_python_step_per_block():
    run = "QUJD" * UNITS  # base32 letters (and base64: `ABC` repeated)
    readings = dict(encoded._candidates(run))
    assert readings["base32"] == base64.b32decode(run)
    assert python_calls(lambda: list(encoded._candidates(run))) < 100  # b32decode: an int.to_bytes per 8 letters


def test_percent_decoding_reads_as_urllib_does():
    """Lone and short `%`, backslashes (the C decoder's own escape), `+`, non-ASCII and NUL bytes."""
    rng = random.Random(58)
    alphabet = b"%%%%4aAfFzZ0\\\\x+ \xff\x00g12"
    for _ in range(20000):
        raw = bytes(rng.choice(alphabet) for _ in range(rng.randrange(12)))
        assert form.unquoted(raw) == unquote_to_bytes(raw.replace(b"+", b" ")), raw


def test_base32_reads_as_b32decode_does():
    """Every unpadded length padding completes, either case, trailing bits that are not zero."""
    rng = random.Random(58)
    letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567abcdefghijklmnopqrstuvwxyz"
    for _ in range(20000):
        size = rng.choice([n for n in range(1, 48) if n % 8 in (0, 2, 4, 5, 7)])
        body = "".join(rng.choice(letters) for _ in range(size))
        assert encoded._base32_decoded(body) == base64.b32decode(body + "=" * (-size % 8), casefold=True), body
