"""Whether a value found in the printable strings of binary data lies in noise: characters as random as a byte's.

Binary data read as text (`formats.sniff.printable_runs`) holds long runs of printable characters by chance: quiet
16-bit audio whose samples fall in 32-126 reads as UTF-16 text drawn evenly from all 95 printable characters, and
the e-mail address, phone, IP address and password rules find values there that nobody wrote (attack21: 3 of 12
one-second clips of an upload to a transcription endpoint refused). Text that someone wrote, and the structure
around it (JSON, a config line, a signature), draws from few characters: a window of `WINDOW` characters of
CPython's standard library holds fewer than `NOISE_DISTINCT` different ones in all but 258 of 780,097 windows (the
exceptions are base64 and random test data), a window of evenly random printable characters fewer in 3 of 20,000.
So a value with `WINDOW // 2` characters of noise on each side is judged a chance match. What this gives up, by
design (EVASION.md): a value hidden inside random bytes, which is as unreadable as encrypted data.

Only where chance makes such text (attack22: ordinary data made written values lie "in noise"): the noise must be
of the value's own run (runs are joined by line breaks and hold none: a string of a PNG between its compressed
chunks' runs, a line of a tarred .env between lines of generated secrets), and the run must be of UTF-16, which the
guard asks of the field (`formats.sniff.is_wide_strings`): random bytes hold no printable ASCII run of a hundred
characters, 16-bit numbers read as UTF-16 do; an ASCII run, or the whole text of a compressed part, is text someone
wrote, where generated secrets, base64 and tokens are as varied.
"""

from __future__ import annotations

WINDOW = 96
NOISE_DISTINCT = 50


def lies_in_noise(text: str, start: int, end: int) -> bool:
    """Whether the `WINDOW // 2` characters before ``text[start:end]`` and after it, together, hold at least
    `NOISE_DISTINCT` different characters, all in the value's own run or line (too few characters on either side,
    or a line break among them: no)."""
    reach = WINDOW // 2
    before, after = text[max(0, start - reach):start], text[end:end + reach]
    if len(before) < reach or len(after) < reach or "\n" in before or "\n" in after:
        return False
    return len(set(before + after)) >= NOISE_DISTINCT
