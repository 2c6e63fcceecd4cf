"""Which regexes the `regex` module's partial search can be blind for at the end of a text. Pure.

`finditer(text, partial=True)` reports a match that runs into the end of the text (more text may complete it),
but not one whose path stops at the end on a zero-width test whose truth more text may change (hold44, probe45):
- `\\b` after a character that may be no word character (false at the end, true once a letter follows: `=\\b`),
  `\\B` after one that may be a word character (false at the end, true once one more follows);
- inside a negative lookaround, a `\\b` / `\\B` that may be true at the end, and `$`, `\\Z` (true at the end):
  the lookaround fails there and may hold once text follows (`(?!(?:password|values)\\b)` after "values");
- a lazy repeat followed by a lookbehind: at the end the repeat stops before a lookbehind failing there and is not
  tried one character longer (`a\\w{0,5}?(?<!ab)c` on "ab").
`blind_at_end` says whether a regex holds one of these where the end of a text can be, from its parsed form (the
stdlib parser, as holdback.literal_starts; group names dropped, as a rule may name two groups alike). A `\\b` after
word characters only (`[A-Za-z0-9]{32}\\b`: true at the end, the complete match touching the end is held) or before
anything is read (a leading `\\b`) is none. Where it cannot tell (syntax only `regex` knows, a conditional), the
answer is yes: the caller then searches the rule's `end_flagged` form too, which costs time, never a value."""

from __future__ import annotations

import functools
import re
import re._constants as sre_c
import re._parser as sre_parse

import regex

from .verbose import class_end

WORD, NON_WORD, START, LAZY = 1, 2, 4, 8  # what the character before a position may be; a lazy repeat passed
EITHER = WORD | NON_WORD
_ENDS = (sre_c.AT_END, sre_c.AT_END_LINE, sre_c.AT_END_STRING)
_CATEGORY = {sre_c.CATEGORY_DIGIT: WORD, sre_c.CATEGORY_WORD: WORD, sre_c.CATEGORY_SPACE: NON_WORD,
             sre_c.CATEGORY_NOT_WORD: NON_WORD, sre_c.CATEGORY_LINEBREAK: NON_WORD}
_REPEATS = (sre_c.MAX_REPEAT, sre_c.MIN_REPEAT, sre_c.POSSESSIVE_REPEAT)
_NAMED_GROUP = re.compile(r"\(\?P?<(?![=!])\w+>")
_WIDEST_RANGE = 4096  # a class range wider than this is taken to hold both kinds without looking


class _Blind(Exception):
    """Raised with the construct found."""


@functools.lru_cache(maxsize=1024)  # pure: each Holdback of a (re)loaded scanner asks for the same sources
def blind_at_end(source: str) -> str | None:
    """The first construct of `source` at which a partial search may miss a match at the end of a text (a name for
    tests and the reader), or None: its partial search reports every match that more text may complete."""
    try:
        parsed = sre_parse.parse(_unnamed(source))
    except Exception:
        return "unparsed"
    try:
        _Walk(bool(parsed.state.flags & re.ASCII)).items(list(parsed), START, negated=False, behind_end=None)
    except _Blind as found:
        return str(found.args[0])
    except Exception:  # a parse tree this walk does not know: cannot tell
        return "unknown"
    return None


def _unnamed(source: str) -> str:
    """`source` with its named groups made non-capturing: the stdlib parser refuses a name given twice, which `regex`
    allows (a rule's `(?P<secret>...)` in each branch). A backreference to one then fails to parse: unknown."""
    out, i = [], 0
    while i < len(source):
        char = source[i]
        if char == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif char == "[":
            end = class_end(source, i)  # an unclosed class raises: unknown
            out.append(source[i:end])
            i = end
        elif char == "(" and (named := _NAMED_GROUP.match(source, i)):
            out.append("(?:")
            i = named.end()
        else:
            out.append(char)
            i += 1
    return "".join(out)


class _Walk:
    def __init__(self, ascii_only: bool) -> None:
        # Word characters as the rules' engine reads them: `regex`, not the stdlib `re` that parses the pattern here
        # (probe47: the two disagree on combining marks and on numerics that are no decimal digit).
        self.word = regex.compile(r"\w", regex.ASCII if ascii_only else 0)
        self.non_word = regex.compile(r"\W", regex.ASCII if ascii_only else 0)

    def items(self, items: list, state: int, negated: bool, behind_end: bool | None) -> int:
        """The states after `items` (bits: what the character before may be, and LAZY), from `state` before them.
        `negated`: inside an odd number of negative lookarounds. `behind_end`: None outside lookbehinds; inside one,
        whether what follows `items` in it may be empty (a test there may be at the lookbehind's right end, which
        is the end of the text when the lookbehind is tried there; elsewhere in it, it is not)."""
        for k, (op, av) in enumerate(items):
            at_end = True if behind_end is None else behind_end and _min_width(items[k + 1:]) == 0
            inner_end = None if behind_end is None else at_end
            lazy = state & LAZY
            if op is sre_c.LITERAL:
                state = self._char(av) | lazy
            elif op in (sre_c.NOT_LITERAL, sre_c.ANY):
                state = EITHER | lazy
            elif op is sre_c.IN:
                state = self._class(av) | lazy
            elif op is sre_c.AT:
                if at_end:
                    self._test(av, state, negated)
            elif op in _REPEATS:
                low, high, body = av
                if high == 0:
                    continue
                if op is sre_c.MIN_REPEAT and behind_end is None:
                    state |= LAZY
                once = self.items(list(body), state, negated, inner_end)
                again = self.items(list(body), state | once, negated, inner_end) if high > 1 else 0
                state = once | again | (state if low == 0 else 0)
            elif op is sre_c.SUBPATTERN:
                state = self.items(list(av[3]), state, negated, inner_end)
            elif op is sre_c.ATOMIC_GROUP:
                state = self.items(list(av), state, negated, inner_end)
            elif op is sre_c.BRANCH:
                after = 0
                for branch in av[1]:
                    after |= self.items(list(branch), state, negated, inner_end)
                state = after
            elif op in (sre_c.ASSERT, sre_c.ASSERT_NOT):
                direction, body = av
                inner_negated = negated != (op is sre_c.ASSERT_NOT)
                if direction < 0:
                    if state & LAZY and behind_end is None:
                        raise _Blind("lazy repeat before a lookbehind")
                    # What precedes a lookbehind's text is not known here: either kind.
                    self.items(list(body), EITHER, inner_negated, at_end)
                else:
                    self.items(list(body), state, inner_negated, None)
            elif op is sre_c.GROUPREF:
                state |= EITHER
            else:  # a conditional, or anything else: cannot tell
                raise _Blind(str(op))
        return state

    @staticmethod
    def _test(at, state: int, negated: bool) -> None:
        if at in (sre_c.AT_BOUNDARY, sre_c.AT_NON_BOUNDARY):
            # At the end, `\b` is true after a word character and `\B` after any other; either may change.
            # Blind where the test fails at the end and the path with it counts: false where it must hold, true
            # inside a negative lookaround.
            false_after = NON_WORD if at is sre_c.AT_BOUNDARY else WORD
            if state & (EITHER ^ false_after if negated else false_after):
                name = r"\b" if at is sre_c.AT_BOUNDARY else r"\B"
                raise _Blind(f"negated {name}" if negated else name)
        elif at in _ENDS and negated and state & EITHER:
            raise _Blind("negated end of text")

    def _char(self, code: int) -> int:
        return WORD if self.word.match(chr(code)) else NON_WORD

    def _class(self, members) -> int:
        kinds = 0
        for op, av in members:
            if op is sre_c.LITERAL:
                kinds |= self._char(av)
            elif op is sre_c.RANGE:
                low, high = av
                if high - low > _WIDEST_RANGE:
                    return EITHER
                chars = "".join(map(chr, range(low, high + 1)))
                kinds |= (WORD if self.word.search(chars) else 0) | (NON_WORD if self.non_word.search(chars) else 0)
            elif op is sre_c.CATEGORY:
                kinds |= _CATEGORY.get(av, EITHER)
            else:  # a negated class, or anything else
                return EITHER
        return kinds or EITHER


def _min_width(items: list) -> int:
    """The fewest characters `items` match (0 when unknown: as if it could be empty)."""
    try:
        return int(sre_parse.SubPattern(sre_parse.State(), items).getwidth()[0])
    except Exception:
        return 0
