"""Shannon entropy of a captured value, and a threshold scaled by the value's length and alphabet.

A fixed limit (4.5 bits/char) rejects most random tokens under 32 chars and every hex string: a string of
length n over an alphabet of k symbols can never exceed log2(min(n, k)). The "auto" threshold instead
compares the value with the *expected* entropy of a uniformly random string of the same length and
alphabet, minus a margin, so random tokens pass and words, identifiers and repeated patterns do not.
"""

from __future__ import annotations

import math
import re
from collections import Counter, _count_elements  # type: ignore[attr-defined]  # C helper behind Counter
from functools import lru_cache

_HEX = frozenset("0123456789abcdefABCDEF")
_DIGITS = frozenset("0123456789")
_LOWER_ALNUM = frozenset("0123456789abcdefghijklmnopqrstuvwxyz")
_UPPER_ALNUM = frozenset("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ")
_ALNUM = _LOWER_ALNUM | _UPPER_ALNUM
_BASE64 = _ALNUM | frozenset("+/=-_")

# Length of the longest value the expectation is computed for; longer values use this length
# (the expectation is nearly flat by then).
_MAX_EXACT_LENGTH = 256


# c * log2(c) for the char counts of short values: H = log2(n) - sum(c log2 c) / n needs one table lookup
# per distinct char instead of a division and a logarithm (this runs once per candidate on dense traffic).
_C_LOG2_C = tuple(c * math.log2(c) if c else 0.0 for c in range(513))


def shannon(value: str) -> float:
    if not value:
        return 0.0
    n = len(value)
    if n < len(_C_LOG2_C):
        # Counted in one C-level pass into a plain dict (first-occurrence order, so the float sum is always the
        # same): ~1.5x faster than one str.count per distinct char on 40-char tokens, the common candidate, and
        # without Counter's constructor (about a third of this function's time).
        counts: dict[str, int] = {}
        _count_elements(counts, value)
        return max(0.0, math.log2(n) - sum(map(_C_LOG2_C.__getitem__, counts.values())) / n)
    return -sum(c / n * math.log2(c / n) for c in Counter(value).values())


_NOT_HEX = str.maketrans("", "", "0123456789abcdefABCDEF")
_LOWER_HEX = frozenset("0123456789abcdef")
_UPPER_HEX = frozenset("0123456789ABCDEF")


def alphabet_size(value: str) -> int:
    """Size of the smallest common token alphabet that contains every char of the value."""
    if value.isascii() and value.isalnum():
        # The common candidate, letters and digits, decided by C string methods (the set tests below cost ~2x):
        # in ASCII, isalnum is [0-9A-Za-z] and a value with a letter is lower (upper) when it has no upper (lower).
        if value.isdigit():
            return 10
        one_case = value.islower() or value.isupper()
        if one_case and not value.translate(_NOT_HEX):
            return 16
        return 36 if one_case else 62
    chars = set(value)
    if chars <= _DIGITS:
        return 10
    if "-" in chars and chars - {"-"} <= _HEX and len(chars) > 2:  # UUID-style hex groups
        return 16
    if chars <= _HEX and (chars <= _LOWER_HEX or chars <= _UPPER_HEX):
        return 16
    if chars <= _LOWER_ALNUM or chars <= _UPPER_ALNUM:
        return 36
    if chars <= _ALNUM:
        return 62
    if chars <= _BASE64:
        return 64
    return 94  # printable ASCII and beyond


@lru_cache(maxsize=4096)
def expected_random_entropy(length: int, alphabet: int) -> float:
    """E[H] of a uniformly random string: each symbol's count is Binomial(n, 1/k); sum the expected
    -p log2 p over the k symbols (exact, no simulation)."""
    n, k = min(length, _MAX_EXACT_LENGTH), alphabet
    if n <= 1:
        return 0.0
    p = 1.0 / k
    expected = 0.0
    log_p, log_q = math.log(p), math.log1p(-p)
    for count in range(1, n + 1):
        log_prob = math.lgamma(n + 1) - math.lgamma(count + 1) - math.lgamma(n - count + 1)
        log_prob += count * log_p + (n - count) * log_q
        share = count / n
        expected -= math.exp(log_prob) * share * math.log2(share)
    return k * expected


def auto_threshold(length: int, alphabet: int) -> float:
    """Expected random entropy minus a margin of 15% of the maximum reachable entropy: random tokens
    sit well above it (their spread is about 0.1-0.2 bits), ordinary words and identifiers below."""
    ceiling = math.log2(min(max(length, 2), alphabet))
    return expected_random_entropy(length, alphabet) - 0.15 * ceiling


# A word-like vendor prefix (`sk_`, `sk-proj-`, `ghp_`, `django-insecure-`) is not random: measure after it.
_PREFIX = re.compile(r"[A-Za-z]{1,12}(?:[_-][A-Za-z]{1,12}){0,2}[_-]")


def random_part(value: str) -> str:
    prefix = _PREFIX.match(value)
    if prefix and len(value) - prefix.end() >= 12:
        return value[prefix.end():]
    return value


def passes(value: str, minimum: float | str | None) -> bool:
    """True when the value is random enough for a rule's `entropy:` setting (None means no check)."""
    if minimum is None:
        return True
    body = random_part(value)
    if minimum == "auto":
        return shannon(body) >= auto_threshold(len(body), alphabet_size(body))
    return shannon(body) >= float(minimum)
