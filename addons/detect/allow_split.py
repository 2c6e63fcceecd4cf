"""A rule's allow patterns as at most two regex calls per value, for the personal-data path (an export has an
e-mail address every ~50 bytes, and each is checked against every allow pattern).

Patterns anchored at the value's start (`^git@`, `(?i)^you@example\\.com$`) can only match there: one `match`
of their union tries position 0 alone, where `search` of the union of all patterns tried every position with
every alternative (~2.5x the cost on an address). The rest are searched as one union. Same answer as
`any(pattern.search(value) for pattern in rule.allow_patterns)`: tests/detect/test_pii_path.py compares them.
"""

from __future__ import annotations

import functools
import re._constants as sre_constants
import re._parser as sre_parser
from collections.abc import Callable

import regex

from .rules import Rule, _scoped_allow

Check = Callable[[str], bool]
Finder = Callable[..., object]  # find(value, None, None, False) -> a match or None


@functools.lru_cache(maxsize=1024)
def allow_check(rule: Rule) -> Check | None:
    """value -> whether one of the rule's allow patterns matches it; None when the rule has none. Built once per
    rule (a scan builds its post-validation per rule that fired, and parsing the patterns costs ~20 us each)."""
    finders = allow_finders(rule)
    if not finders:
        return None
    return lambda value: any(find(value, None, None, False) is not None for find in finders)


@functools.lru_cache(maxsize=1024)
def allow_finders(rule: Rule) -> tuple[Finder, ...]:
    """The rule's allow patterns as at most a few bound `match` / `search` methods, called as `find(value, None,
    None, False)` (`concurrent` False, positionally: `regex` otherwise releases and retakes the GIL around every
    call): a value is allowed when one of them finds something. The anchored union first, then the floating one
    (or the patterns one by one when they cannot be joined)."""
    anchored = [pattern for pattern in rule.allow_patterns if anchored_at_start(pattern)]
    floating = [pattern for pattern in rule.allow_patterns if not anchored_at_start(pattern)]
    return _finders(anchored, at_start=True) + _finders(floating, at_start=False)


def anchored_at_start(pattern: regex.Pattern) -> bool:
    """Every match of `pattern` starts at the start of the string: it opens with `^` (after leading inline
    flags), outside any alternation, and `^` means the start of the string only (no MULTILINE). Patterns the
    standard parser cannot read (regex-module syntax) are not."""
    if pattern.flags & regex.MULTILINE:
        return False
    try:
        parsed = sre_parser.parse(pattern.pattern)
    except (re_error, ValueError, TypeError, OverflowError, RecursionError):
        return False
    return len(parsed) > 0 and parsed[0] == (sre_constants.AT, sre_constants.AT_BEGINNING)


re_error = sre_constants.error


def _finders(patterns: list, at_start: bool) -> tuple[Finder, ...]:
    if not patterns:
        return ()
    scoped = [_scoped_allow(pattern.pattern) for pattern in patterns]
    if len(patterns) == 1 or any(part is None for part in scoped):
        # Each pattern on its own; an anchored one can only match at position 0, where `match` tries alone.
        return tuple(pattern.match if at_start else pattern.search for pattern in patterns)
    union = regex.compile("|".join(f"(?:{part})" for part in scoped))
    return (union.match if at_start else union.search,)
