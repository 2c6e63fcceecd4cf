"""How often a rule's shape turns up by chance in random base64, and whether a match in a long run of base64 that
decodes to random bytes is such a chance match.

The base64 text of a large binary blob (a PDF or image a model takes) is random text over 64 characters, and a
rule whose pattern uses only those characters after a short literal matches there by chance: `cio` + 32 letters
or digits between two of `+` `/` (crates.io) once in ~740 million positions, `EAA` + 91-404 (Facebook) once in
~150 million; one random 7 MB file in eight held one, and masking it corrupted the file (invariant 4).

`shape_chance(regex, alphabet)` estimates the probability that the regex matches at one position of uniformly
random text over ``alphabet`` (read from the stdlib parser, like regex_shape.py). It is a union bound over the
ways to match: literals and classes by the share of the alphabet they take, a repeat of a variable count as the
sum over its counts, `\\b` and one-character lookarounds at the pattern's edges by the share of neighbours that
satisfy them, a keyword the match need not contain by the chance it is near. Validators and entropy are not
counted (random tokens pass most of them), so the estimate is high rather than low.

`ChanceJudge(view).reason(start, end, chances)` says whether a value of a rule with those per-position chances
(`rule_chances`: standard and url-safe base64) is a chance match: it lies strictly inside a run of at least
`MIN_RUN` base64 characters (one of the run's alphabet on each side: it has no boundary of its own), the run decodes
to bytes of at least `MIN_ENTROPY` bits a byte (random, compressed or encrypted data: the model of uniform
characters holds), so does each slice of `SAMPLE_SLICE_CHARS` the match lies in (attack20: the run is measured at 16
samples, and a key between them in base64 of text was judged by chance), and the expected number of chance matches
of the rule over the run, ``chance * len(run)``, is at least `EXPECTED_MIN`. What stays open by design: a real key
glued into such a run (no blank, quote or line break next to it) is dropped just like a chance match; the run's text
gives nothing to tell them apart (EVASION.md).
"""

from __future__ import annotations

import base64
import binascii
import bisect
import math
import re
import re._constants as sre_constants
import re._parser as sre_parse
import zlib
from collections import Counter
from dataclasses import dataclass

from .rules import Rule

STANDARD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
URLSAFE = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_")
_WORD = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_")
_ASCII = frozenset(chr(i) for i in range(128))

MIN_RUN = 4096  # characters: shorter runs are tokens, ids and small files (and hold a chance match rarely)
MIN_ENTROPY = 7.5  # bits per decoded byte: random, compressed or encrypted (text is ~4.5, base64 of it ~6)
MIN_INCOMPRESSIBLE = 0.85  # share of the bytes zlib (level 1) keeps: random ~1.0, a repeated pattern far less
# The expected number of chance matches over the run at which a match is judged by its chance. Below it, a match
# is a finding: a run gets a rule's chance match masked at most this often (the default policy's largest body,
# 10 MB, holds runs of ~14 million characters).
EXPECTED_MIN = 1e-4
# Decoded bytes sampled for the entropy: evenly spaced slices of the run, so a 7 MB run costs what 48 KB does.
SAMPLE_SLICES = 16
SAMPLE_SLICE_CHARS = 4096  # a multiple of 4: each slice decodes on its own
KEYWORD_RADIUS = 128  # as scanner.KEYWORD_RADIUS: how far from the match a rule's keyword may be

CHANCE_MATCH = "chance match in binary run"


# How often a random token of the rule's shape passes its validator, where that is far below 1: a check digit or
# checksum. Other validators count as 1 (they check a structure random tokens mostly have, or nothing of it).
VALIDATOR_PASS = {
    "iban_mod97": 1 / 97,
    "luhn": 1 / 10,
    "payment_card": 1 / 10,
    "github_crc32": 62.0 ** -6,
    "npm_crc32": 62.0 ** -6,
}


def rule_chances(rule: Rule) -> tuple[float, float]:
    """``shape_chance`` of a rule in standard and in url-safe base64, its keywords and validator counted."""
    factor = VALIDATOR_PASS.get(rule.validator or "", 1.0)
    parsed = _parsed(rule.regex)
    return (_chance(parsed, STANDARD, rule.keywords) * factor, _chance(parsed, URLSAFE, rule.keywords) * factor)


def shape_chance(source: str, alphabet: frozenset[str], keywords: tuple[str, ...] = ()) -> float:
    """The probability (an upper estimate) that ``source`` matches at one position inside uniformly random text
    over ``alphabet``, with one of ``keywords`` (lower case) within KEYWORD_RADIUS of the match. 0.0 for a
    pattern the stdlib parser cannot read: such a rule is never judged by its chance."""
    return _chance(_parsed(source), alphabet, keywords)


def _parsed(source: str):
    try:
        return sre_parse.parse(source, re.ASCII)
    except Exception:
        return None


def _chance(parsed, alphabet: frozenset[str], keywords: tuple[str, ...]) -> float:
    if parsed is None:
        return 0.0
    shape = _Shape(alphabet, bool(parsed.state.flags & re.IGNORECASE))
    try:
        chance = shape.sequence(list(parsed), at_start=True, at_end=True)
    except _Unknown:
        return 0.0
    if chance and keywords and not any(k in _literal_prefix(list(parsed)).lower() for k in keywords):
        width = min(int(parsed.getwidth()[1]), 1 << 14) + 2 * KEYWORD_RADIUS
        chance *= min(1.0, sum(width * _keyword_chance(k, alphabet) for k in keywords))
    return min(1.0, chance)


class _Unknown(Exception):
    """An item the estimate cannot read (a backreference, a conditional)."""


@dataclass
class _Shape:
    alphabet: frozenset[str]
    ignorecase: bool

    def share(self, chars: frozenset[str]) -> float:
        return len(chars & self.alphabet) / len(self.alphabet)

    def sequence(self, items: list, at_start: bool, at_end: bool, flags: bool | None = None) -> float:
        """The chance of ``items`` in a row; ``at_start`` / ``at_end``: the text before / after them is outside
        the pattern (a boundary or lookaround there is decided by a random neighbour)."""
        saved = self.ignorecase
        if flags is not None:
            self.ignorecase = flags
        try:
            chance = 1.0
            last = len(items) - 1
            for i, (op, arg) in enumerate(items):
                before = items[i - 1] if i > 0 else None
                after = items[i + 1] if i < last else None
                chance *= self.item(op, arg, at_start and i == 0, at_end and i == last, before, after)
                if chance == 0.0:
                    return 0.0
            return chance
        finally:
            self.ignorecase = saved

    def item(self, op, arg, at_start: bool, at_end: bool, before, after) -> float:
        chars = self.chars(op, arg)
        if chars is not None:
            return self.share(chars)
        if op is sre_constants.SUBPATTERN:
            _group, add, remove, body = arg
            flags = self.ignorecase
            if add & re.IGNORECASE:
                flags = True
            if remove & re.IGNORECASE:
                flags = False
            return self.sequence(list(body), at_start, at_end, flags)
        if op is sre_constants.ATOMIC_GROUP:
            return self.sequence(list(arg), at_start, at_end)
        if op is sre_constants.BRANCH:
            return min(1.0, sum(self.sequence(list(alternative), at_start, at_end) for alternative in arg[1]))
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, high, body = arg
            one = self.sequence(list(body), False, False)
            if at_end or one >= 1.0:
                return one ** low  # nothing after it: at least `low` repeats is the whole condition
            # Followed by more of the pattern: each count is its own way to match (a union bound; exact when what
            # follows cannot be one more repeat, as in `[A-Za-z0-9]{90,400}\b`).
            extra = min(high, 1 << 14) - low
            return one ** low * (extra + 1 if one >= 1.0 else (1 - one ** (extra + 1)) / (1 - one))
        if op is sre_constants.AT:
            return self.at(arg, at_start, at_end, before, after)
        if op in (sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            direction, body = arg
            edge = at_start if direction < 0 else at_end
            single = self.single(list(body))
            if not edge or single is None:
                return 1.0  # it reads the pattern's own characters, or more than one: not counted
            share = self.share(single)
            return share if op is sre_constants.ASSERT else 1.0 - share
        if op in (sre_constants.GROUPREF, sre_constants.GROUPREF_EXISTS):
            raise _Unknown
        return 1.0

    def at(self, where, at_start: bool, at_end: bool, before, after) -> float:
        if where in (sre_constants.AT_BEGINNING, sre_constants.AT_BEGINNING_STRING, sre_constants.AT_END,
                     sre_constants.AT_END_STRING, sre_constants.AT_BEGINNING_LINE, sre_constants.AT_END_LINE):
            return 0.0  # inside a run there is no text edge and no line break
        if where is not sre_constants.AT_BOUNDARY:
            return 1.0
        if at_start and after is not None:
            inner = self.first(*after)
        elif at_end and before is not None:
            inner = self.last(*before)
        else:
            return 1.0
        if inner is None:
            return 1.0
        if inner <= _WORD:
            return self.share(_ASCII - _WORD)
        if not inner & _WORD:
            return self.share(_WORD)
        return 1.0

    def chars(self, op, arg) -> frozenset[str] | None:
        """The characters a one-character item matches (None: not one character)."""
        if op is sre_constants.LITERAL:
            return self.cased(frozenset(chr(arg)))
        if op is sre_constants.NOT_LITERAL:
            return _ASCII - self.cased(frozenset(chr(arg)))
        if op is sre_constants.ANY:
            return _ASCII - {"\n"}
        if op is sre_constants.IN:
            return self.in_set(arg)
        if op is sre_constants.CATEGORY:
            return _CATEGORIES.get(arg, _ASCII)
        return None

    def in_set(self, items) -> frozenset[str]:
        chars: set[str] = set()
        negate = False
        for op, arg in items:
            if op is sre_constants.NEGATE:
                negate = True
            elif op is sre_constants.LITERAL:
                chars.add(chr(arg))
            elif op is sre_constants.RANGE:
                chars.update(chr(c) for c in range(arg[0], min(arg[1], 127) + 1))
            elif op is sre_constants.CATEGORY:
                chars.update(_CATEGORIES.get(arg, _ASCII))
        cased = self.cased(frozenset(chars))
        return _ASCII - cased if negate else cased

    def cased(self, chars: frozenset[str]) -> frozenset[str]:
        return chars | {c.swapcase() for c in chars} if self.ignorecase else chars

    def single(self, items: list) -> frozenset[str] | None:
        """The characters a one-character sequence (a class, a literal, or a branch of them) matches."""
        if len(items) != 1:
            return None
        op, arg = items[0]
        chars = self.chars(op, arg)
        if chars is not None:
            return chars
        if op is sre_constants.BRANCH:
            sets = [self.single(list(alternative)) for alternative in arg[1]]
            return None if any(s is None for s in sets) else frozenset().union(*sets)  # type: ignore[arg-type]
        if op is sre_constants.SUBPATTERN:
            return self.single(list(arg[-1]))
        return None

    def first(self, op, arg) -> frozenset[str] | None:
        """The characters the item's first character is one of (None: unknown or possibly empty)."""
        return self._end_chars(op, arg, first=True)

    def last(self, op, arg) -> frozenset[str] | None:
        return self._end_chars(op, arg, first=False)

    def _end_chars(self, op, arg, first: bool) -> frozenset[str] | None:
        chars = self.chars(op, arg)
        if chars is not None:
            return chars
        if op is sre_constants.SUBPATTERN or op is sre_constants.ATOMIC_GROUP:
            body = list(arg[-1] if op is sre_constants.SUBPATTERN else arg)
            if not body:
                return None
            inner_op, inner_arg = body[0] if first else body[-1]
            return self._end_chars(inner_op, inner_arg, first)
        if op in (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT):
            low, _high, body = arg
            body = list(body)
            if low < 1 or not body:
                return None
            inner_op, inner_arg = body[0] if first else body[-1]
            return self._end_chars(inner_op, inner_arg, first)
        if op is sre_constants.BRANCH:
            sets = []
            for alternative in arg[1]:
                alternative = list(alternative)
                if not alternative:
                    return None
                inner_op, inner_arg = alternative[0] if first else alternative[-1]
                sets.append(self._end_chars(inner_op, inner_arg, first))
            return None if any(s is None for s in sets) else frozenset().union(*sets)  # type: ignore[arg-type]
        return None


_DIGITS = frozenset("0123456789")
_SPACE = frozenset(" \t\n\r\f\v")
_CATEGORIES = {
    sre_constants.CATEGORY_DIGIT: _DIGITS,
    sre_constants.CATEGORY_NOT_DIGIT: _ASCII - _DIGITS,
    sre_constants.CATEGORY_WORD: _WORD,
    sre_constants.CATEGORY_NOT_WORD: _ASCII - _WORD,
    sre_constants.CATEGORY_SPACE: _SPACE,
    sre_constants.CATEGORY_NOT_SPACE: _ASCII - _SPACE,
}


def _literal_prefix(items: list) -> str:
    """The literal characters every match starts with (after any zero-width items), descending into groups."""
    out = []
    for op, arg in items:
        if op is sre_constants.LITERAL:
            out.append(chr(arg))
        elif op is sre_constants.SUBPATTERN:
            inner = list(arg[-1])
            prefix = _literal_prefix(inner)
            out.append(prefix)
            if len(prefix) < sum(1 for o, _ in inner if o is not sre_constants.AT):
                break
        elif op in (sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            continue
        else:
            break
    return "".join(out)


def _keyword_chance(keyword: str, alphabet: frozenset[str]) -> float:
    """The chance that ``keyword`` (matched without case) starts at one position of random text."""
    chance = 1.0
    for c in keyword:
        chance *= len({c.lower(), c.upper()} & alphabet) / len(alphabet)
    return chance


_RUN_CHARS = STANDARD | URLSAFE


@dataclass(frozen=True)
class _Run:
    start: int
    end: int
    alphabet: frozenset[str] | None  # None: too short, or not one run of base64 (both alphabets in it)
    random: bool  # decodes to bytes of at least MIN_ENTROPY bits a byte


class ChanceJudge:
    """Judges matches in one text (a scan's view): the run around them is found and measured once per run."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._starts: list[int] = []  # of the runs seen so far, sorted (runs do not overlap)
        self._runs: list[_Run] = []
        self._blocks: dict[int, bool] = {}  # a slice's start -> whether it decodes to random bytes on its own

    def reason(self, start: int, end: int, chances: tuple[float, float]) -> str | None:
        """CHANCE_MATCH when the value at ``start``-``end`` of a rule with per-position ``chances`` (standard,
        url-safe base64) is a chance match in a long run of base64 of random bytes; else None (a finding)."""
        if not glued(self.text, start, end) or max(chances) <= 0.0:
            return None
        run = self._run_around(start, end)
        if run.alphabet is None or not run.random:
            return None
        chance = chances[0] if run.alphabet is STANDARD else chances[1]
        if chance * (run.end - run.start) < EXPECTED_MIN:
            return None
        if not all(self._random_block(run, at) for at in {self._block(run, start), self._block(run, end - 1)}):
            return None
        return CHANCE_MATCH

    @staticmethod
    def _block(run: _Run, at: int) -> int:
        """Where the slice of SAMPLE_SLICE_CHARS characters holding ``text[at]`` begins: the run cut into slices from
        its start (a multiple of 4 from it, so each decodes as the run does), the last one ending at the run's end."""
        start = run.start + (at - run.start) // SAMPLE_SLICE_CHARS * SAMPLE_SLICE_CHARS
        return min(start, run.start + (run.end - run.start - SAMPLE_SLICE_CHARS) // 4 * 4)

    def _random_block(self, run: _Run, start: int) -> bool:
        """Whether the slice at ``start`` decodes to random bytes on its own. attack20: the run's random-ness was read
        from 16 evenly spaced slices only, so a key glued into base64 of text, or into `AAAA...`, between two of them
        was judged by chance (an agent writes random bytes at the sampled places and anything between). A match is
        now judged only where the slices it lies in are random too: what stays open is a key glued into random bytes
        (EVASION.md). Each slice is measured once: a run with a match in every slice costs one decoding of it."""
        random_block = self._blocks.get(start)
        if random_block is None:
            random_block = self._blocks[start] = _random_bytes(self.text[start:start + SAMPLE_SLICE_CHARS],
                                                               run.alphabet is URLSAFE)
        return random_block

    def kept(self, values: list[tuple[int, int, Rule]], chances: tuple[float, float]) -> list[tuple[int, int, Rule]]:
        """``values`` (start, end, rule) of one rule without its chance matches. The glued test inlined: a dense
        export's phone numbers (a rule with a chance) pay two character lookups each, not a call."""
        text, size, run = self.text, len(self.text), _RUN_CHARS
        return [v for v in values if not (v[0] > 0 and v[1] < size and text[v[0] - 1] in run and text[v[1]] in run)
                or self.reason(v[0], v[1], chances) is None]

    def _run_around(self, start: int, end: int) -> _Run:
        i = bisect.bisect_right(self._starts, start) - 1
        if i >= 0 and end <= self._runs[i].end:
            return self._runs[i]
        run_start, run_end = _run_start(self.text, start), _run_end(self.text, end)
        run = _measure(self.text, run_start, run_end) if run_end - run_start >= MIN_RUN else \
            _Run(run_start, run_end, None, False)
        at = bisect.bisect_left(self._starts, run_start)
        self._starts.insert(at, run_start)
        self._runs.insert(at, run)
        return run


def glued(text: str, start: int, end: int) -> bool:
    """The value at ``start``-``end`` has a base64 character on each side: no boundary of its own."""
    return start > 0 and end < len(text) and text[start - 1] in _RUN_CHARS and text[end] in _RUN_CHARS


_RUN_END = re.compile(r"[A-Za-z0-9+/_-]*")
_NOT_RUN = re.compile(r"[^A-Za-z0-9+/_-]")


def _run_start(text: str, at: int) -> int:
    """Where the run of base64 characters holding ``text[at - 1]`` begins: chunks leftwards from ``at``, each twice
    the last, matched forwards as run characters (~2 ns a character; a search for what ends the run took ~6,
    `regex`'s right-to-left search ~16), and the chunk where that match stops short searched backwards."""
    high, step = at, 4096
    while high > 0:
        low = max(0, high - step)
        if _RUN_END.match(text, low, high).end() < high:  # type: ignore[union-attr]  # `*` always matches
            last = _NOT_RUN.search(text[low:high][::-1])
            return high - last.start() if last is not None else low
        high, step = low, step * 2
    return 0


def _run_end(text: str, at: int) -> int:
    m = _RUN_END.match(text, at)
    return m.end() if m else at


def _measure(text: str, start: int, end: int) -> _Run:
    body = text[start:end]
    standard = "+" in body or "/" in body
    urlsafe = "-" in body or "_" in body
    if standard and urlsafe:
        return _Run(start, end, None, False)
    alphabet = URLSAFE if urlsafe else STANDARD
    return _Run(start, end, alphabet, _random_bytes(body, alphabet is URLSAFE))


def _random_bytes(body: str, urlsafe: bool) -> bool:
    """Whether evenly spaced slices of the run decode to bytes of at least MIN_ENTROPY bits a byte."""
    usable = len(body) - len(body) % 4
    slices = min(SAMPLE_SLICES, usable // SAMPLE_SLICE_CHARS) or 1
    size = min(SAMPLE_SLICE_CHARS, usable)
    stride = (usable - size) // max(1, slices - 1) // 4 * 4
    counts: Counter[int] = Counter()
    decoded: list[bytes] = []
    for i in range(slices):
        piece = body[i * stride:i * stride + size]
        try:
            raw = base64.urlsafe_b64decode(piece) if urlsafe else base64.b64decode(piece, validate=True)
        except (binascii.Error, ValueError):
            return False
        counts.update(raw)
        decoded.append(raw)
    total = sum(map(len, decoded))
    if not total:
        return False
    entropy = -sum(c / total * math.log2(c / total) for c in counts.values())
    # attack21: the byte counts of `bytes(range(256))` repeated are those of random bytes (8 bits a byte), and a key
    # glued into its base64 was judged by chance: a filler that compresses to ~1 KB in 16 KB on the wire. Random,
    # compressed and encrypted bytes do not compress again.
    return entropy >= MIN_ENTROPY and len(zlib.compress(b"".join(decoded), 1)) >= MIN_INCOMPRESSIBLE * total
