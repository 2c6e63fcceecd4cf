"""Static facts about a rule regex, read from the stdlib parser (`re._parser`, Python 3.11): how long a
match can be, whether it may backtrack badly, how far its lookaheads read. The rules use the `regex`
module, whose syntax is a superset: a pattern the stdlib cannot parse gets the safe answer.
"""

from __future__ import annotations

import functools
import re._constants as sre_constants
import re._parser as sre_parse

# Upper bound assumed for a match whose regex has an unbounded quantifier (and the most any rule may
# claim). Windows around first-stage hits and the streaming hold-back rely on it; rules should use
# bounded quantifiers instead.
UNBOUNDED_MATCH_CAP = 16384


# Each rule's regex is read by five of the functions below at load (every mitmdump start, ~0.1 s of it); the trees
# are only walked, never changed (getwidth fills in its own cache), so one parse serves all five.
@functools.lru_cache(maxsize=4096)
def _parse(source: str):
    try:
        return sre_parse.parse(source)
    except Exception:
        return None


def backtracking_risk(source: str) -> bool:
    """True when the regex may backtrack badly: a long repeat around another repeat or an alternation
    (`(x+)+`, `(?:a|ab){0,50}`), or two long repeats (`.{0,200}x.{0,200}`). Such rules always run with a
    timeout; the others only on long windows (a timeout costs ~7 microseconds per regex call).
    Patterns the stdlib parser cannot read count as risky."""
    parsed = _parse(source)
    if parsed is None:
        return True
    repeats = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
    long_repeats = 0

    def walk(items, inside_long_repeat: bool) -> bool:
        nonlocal long_repeats
        for op, arg in items:
            if op in repeats:
                _low, high, body = arg
                if inside_long_repeat and high > 1:
                    return True
                is_long = high > 16
                long_repeats += high > 64
                if walk(body, inside_long_repeat or is_long):
                    return True
            elif op == sre_constants.BRANCH:
                if inside_long_repeat:
                    return True
                if any(walk(alternative, inside_long_repeat) for alternative in arg[1]):
                    return True
            elif op == sre_constants.SUBPATTERN:
                if walk(arg[-1], inside_long_repeat):
                    return True
            elif op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT, sre_constants.ATOMIC_GROUP) and walk(
                    arg if op == sre_constants.ATOMIC_GROUP else arg[1], inside_long_repeat):
                return True  # an atomic group's argument is its body (its last item was walked as a body: no rule
                # had one before stream34's private key)
        return False

    return walk(parsed, False) or long_repeats >= 2


def lookahead_width(source: str) -> int:
    """How many chars past a match its lookaheads may read (0 without lookaheads; the cap if unknown)."""
    parsed = _parse(source)
    if parsed is None:
        return UNBOUNDED_MATCH_CAP
    widest = 0

    def walk(items):
        nonlocal widest
        for op, arg in items:
            if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT) and arg[0] == 1:
                widest = max(widest, min(int(arg[1].getwidth()[1]), UNBOUNDED_MATCH_CAP))
            for child in arg if isinstance(arg, (list, tuple)) else ():
                if isinstance(child, sre_parse.SubPattern):
                    walk(child)
                elif isinstance(child, list):
                    for alternative in child:
                        if isinstance(alternative, sre_parse.SubPattern):
                            walk(alternative)

    walk(parsed)
    return widest


def max_match_length(source: str) -> int:
    """Longest possible match of a regex, capped at UNBOUNDED_MATCH_CAP.

    Uses the stdlib parser's width computation; patterns it cannot parse (regex-module-only syntax)
    get the cap.
    """
    parsed = _parse(source)
    if parsed is None:
        return UNBOUNDED_MATCH_CAP
    return min(int(parsed.getwidth()[1]), UNBOUNDED_MATCH_CAP)



def value_bounds(source: str, group: int) -> tuple[int, int] | None:
    """(the shortest value, the most chars after it) of a match: the narrowest match of group `group` and the
    widest of what follows it, when the group stands at the regex's top level (not inside an alternation, a repeat
    or another group), else None (also for patterns the stdlib cannot parse, and unbounded tails)."""
    parsed = _parse(source)
    if parsed is None:
        return None
    for index, (op, arg) in enumerate(parsed.data):
        if op is sre_constants.SUBPATTERN and arg[0] == group:
            shortest = int(arg[-1].getwidth()[0])
            tail = sre_parse.SubPattern(parsed.state, parsed.data[index + 1:]).getwidth()[1]
            return (shortest, int(tail)) if tail < UNBOUNDED_MATCH_CAP else None
    return None

def value_is_whole_match(source: str, group: int) -> bool:
    """True when group `group` spans the whole match: it stands at the regex's top level and only zero-width
    assertions (lookarounds, `\\b`) stand before and after it, so the group's span is the match's span (one
    method call per match fewer). False when unsure (unparsable pattern, group elsewhere)."""
    parsed = _parse(source)
    if parsed is None:
        return False
    for index, (op, arg) in enumerate(parsed.data):
        if op is sre_constants.SUBPATTERN and arg[0] == group:
            before = sre_parse.SubPattern(parsed.state, parsed.data[:index]).getwidth()[1]
            after = sre_parse.SubPattern(parsed.state, parsed.data[index + 1:]).getwidth()[1]
            return before == 0 and after == 0
    return False
