"""How the held-out sets are scored (one function, so the sets are scored alike), and their common parts.

A password counts as found only when findings that are not `public`/`test-value` cover every character of it; a
hard negative counts as hit when any such finding is made in it. Prints recall per carrier and per style, hits per
kind of negative, and the summary line `<name>: password recall F/T = R; hard negatives hit H/N`.
Sets 21 on take `--extra-rules PATH` (repeatable): rule files or folders loaded beside the shipped `rules/`, such as an
opt-in file a load of `rules/` skips (`rules/opt-in/value-first.yaml`); the summary line then names them.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

NOT_SENSITIVE = {"public", "test-value"}


@dataclass
class Item:
    """One password in its carrier: `text` holds `password` at `start`, or (when `start` is None) first there."""

    carrier: str
    style: str
    text: str
    password: str
    start: int | None = None


def covered(start: int, end: int, findings: list) -> bool:
    for f in sorted(findings, key=lambda f: f.start):
        if f.start <= start < f.end:
            start = f.end
    return start >= end


def score(scanner, name: str, items: Iterable[Item], negatives: dict[str, list[str]], show_misses: bool) -> int:
    by_carrier: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_style: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    misses = []
    for item in items:
        findings = [f for f in scanner.scan(item.text) if f.classification not in NOT_SENSITIVE]
        start = item.text.index(item.password) if item.start is None else item.start
        hit = covered(start, start + len(item.password), findings)
        for tally in (by_carrier[item.carrier], by_style[item.style]):
            tally[0] += hit
            tally[1] += 1
        if not hit:
            misses.append(f"{item.carrier}/{item.style}")
    negatives_hit: dict[str, list[int]] = {}
    negatives_missed = []
    for kind, texts in negatives.items():
        hits = 0
        for number, text in enumerate(texts):
            if any(f.classification not in NOT_SENSITIVE for f in scanner.scan(text)):
                hits += 1
                negatives_missed.append(f"{kind}#{number}")
        negatives_hit[kind] = [hits, len(texts)]
    found = sum(f for f, _ in by_carrier.values())
    total = sum(t for _, t in by_carrier.values())
    for label, table in (("carrier", by_carrier), ("style", by_style)):
        for key, (f, t) in table.items():
            print(f"  recall {label} {key:12s} {f:3d}/{t:<3d} {f / t:.2f}")
    for kind, (h, n) in negatives_hit.items():
        print(f"  false positives {kind:12s} {h}/{n}")
    print(f"{name}: password recall {found}/{total} = {found / total:.3f}; hard negatives hit "
          f"{sum(h for h, _ in negatives_hit.values())}/{sum(n for _, n in negatives_hit.values())}")
    if show_misses:
        print("missed:", ", ".join(misses))
        print("negatives hit:", ", ".join(negatives_missed))
    return 0


def generate(seed: int, carriers: dict[str, list[str]], styles: tuple[str, ...],
             password: Callable[[random.Random, str], str], users: tuple[str, ...]) -> list[Item]:
    """Every carrier template once in every style, a password drawn for each (in this order: a set's items are
    the same on every run only while its draws come in the same order)."""
    rng = random.Random(seed)
    out = []
    for carrier, templates in carriers.items():
        for template in templates:
            for style in styles:
                value = password(rng, style)
                out.append(Item(carrier, style, template.format(p=value, u=rng.choice(users)), value))
    return out


def main(description: str, name: str, items: Callable[[], Iterable[Item]],
         negatives: Callable[[], dict[str, list[str]]]) -> int:
    """A set's command line: score the shipped rules on it (`--show-misses` lists the misses by kind)."""
    from addons.detect import Scanner

    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    return score(Scanner.default(), name, items(), negatives(), args.show_misses)


# Sets 20 on keep counts only (``Tally``): which values were missed is never kept, so it cannot be printed, and a set
# cannot be tuned on by accident.


@dataclass
class Tally:
    """Counts only: which values were missed is never kept, so it cannot be printed."""

    by_carrier: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    by_style: dict[str, list[int]] = field(default_factory=lambda: defaultdict(lambda: [0, 0]))
    negatives_hit: dict[str, list[int]] = field(default_factory=dict)

    @property
    def found(self) -> int:
        return sum(f for f, _ in self.by_carrier.values())

    @property
    def total(self) -> int:
        return sum(t for _, t in self.by_carrier.values())

    @property
    def negatives(self) -> tuple[int, int]:
        return (sum(h for h, _ in self.negatives_hit.values()), sum(n for _, n in self.negatives_hit.values()))


def tally(scanner, positives: Iterable[Item], negatives: dict[str, list[str]]) -> Tally:
    """``covered``'s rule: a value counts when findings that are not public/test-value cover all of it; a hard
    negative counts as hit when any such finding is made in it."""
    out = Tally()
    for item in positives:
        findings = [f for f in scanner.scan(item.text) if f.classification not in NOT_SENSITIVE]
        start = item.text.index(item.password) if item.start is None else item.start
        hit = covered(start, start + len(item.password), findings)
        for counts in (out.by_carrier[item.carrier], out.by_style[item.style]):
            counts[0] += hit
            counts[1] += 1
    for kind, texts in negatives.items():
        hits = sum(any(f.classification not in NOT_SENSITIVE for f in scanner.scan(text)) for text in texts)
        out.negatives_hit[kind] = [hits, len(texts)]
    return out


def report(result: Tally, name: str) -> str:
    """Recall per carrier and per style, hits per carrier of negatives, then the summary line."""
    width = max(len(key) for table in (result.by_carrier, result.by_style, result.negatives_hit) for key in table)
    lines = []
    for label, table in (("carrier", result.by_carrier), ("style", result.by_style)):
        for key, (f, t) in table.items():
            lines.append(f"  recall {label} {key:{width}s} {f:3d}/{t:<3d} {f / t:.2f}")
    for kind, (h, n) in result.negatives_hit.items():
        lines.append(f"  false positives {kind:{width}s} {h}/{n}")
    hit, of = result.negatives
    lines.append(f"{name}: password recall {result.found}/{result.total} = {result.found / result.total:.3f}; "
                 f"hard negatives hit {hit}/{of}")
    return "\n".join(lines)


def as_json(result: Tally, name: str) -> str:
    hit, of = result.negatives
    return json.dumps({"set": name, "found": result.found, "total": result.total,
                       "recall": round(result.found / result.total, 3), "negatives_hit": hit, "negatives": of,
                       "by_carrier": dict(result.by_carrier), "by_style": dict(result.by_style),
                       "negatives_by_carrier": result.negatives_hit}, indent=1)


SHIPPED_RULES = Path(__file__).resolve().parents[1] / "rules"


def scanner_with(extra_rules: Sequence[str | Path] = ()):
    """The shipped rules, plus rule files or folders a load of `rules/` leaves out (an opt-in file such as
    `rules/opt-in/value-first.yaml`), loaded beside them as `exitguard_rules` would."""
    from addons.detect import Scanner

    if not extra_rules:
        return Scanner.default()
    return Scanner.from_rules([SHIPPED_RULES, *(Path(path) for path in extra_rules)])


def counts_main(description: str, name: str, items: Callable[[], Iterable[Item]],
                negatives: dict[str, list[str]], argv: Sequence[str] | None = None) -> int:
    """A counts-only set's command line: score the shipped rules on it (with ``--extra-rules``, those files too),
    as a report or (``--json``) as JSON."""
    ap = argparse.ArgumentParser(description=description, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true", help="print the counts as JSON")
    ap.add_argument("--extra-rules", action="append", default=[], metavar="PATH",
                    help="a rule file or folder to load beside the shipped rules/ (repeatable), e.g. "
                         "rules/opt-in/value-first.yaml; the summary line names it")
    args = ap.parse_args(argv)
    result = tally(scanner_with(args.extra_rules), items(), negatives)
    if args.extra_rules:
        name = f"{name} (+ {', '.join(Path(path).name for path in args.extra_rules)})"
    print(as_json(result, name) if args.json else report(result, name))
    return 0


# Sets 21 on draw their passwords alike, each from words of its own (no set's values repeat another's): six styles,
# five values a template, the styles rotating through a carrier's items.
SIX_STYLES = ("human", "leet", "passphrase", "generated", "letters", "pin")
VALUES_PER_TEMPLATE = 5
LOWER, UPPER, DIGITS = "abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
MARK = "\x00password\x00"  # stands for the value while a template is filled, so its span is known exactly


@dataclass(frozen=True)
class Words:
    """What one set's passwords are made of."""

    human: tuple[str, ...]  # a word with a year, a symbol, digits or a second such word
    leet: tuple[str, ...]  # a word with some letters swapped (`leet_swaps`), digits and a symbol (`leet_ends`)
    leet_swaps: dict[str, str]
    leet_ends: str
    passphrase: tuple[str, ...]  # 3-5 of them joined by a blank, dash or dot, or capitalised together
    letters: tuple[tuple[str, ...], tuple[str, ...]]  # one word of each, joined
    human_symbols: str
    generated_symbols: str
    users: tuple[str, ...]

    def leetspeak(self, rng: random.Random, word: str) -> str:
        chars = list(word)
        spots = [i for i, c in enumerate(chars) if c in self.leet_swaps and i > 0]  # never the first: a letter leads
        for i in rng.sample(spots, rng.randint(1, max(1, len(spots) - 1))):
            chars[i] = rng.choice(self.leet_swaps[chars[i]])
        if rng.random() < 0.5:
            chars[0] = chars[0].upper()
        return "".join(chars) + str(rng.randint(1, 999)) + rng.choice(self.leet_ends)

    def generated(self, rng: random.Random) -> str:
        size = rng.randint(12, 24)
        with_symbols = rng.random() < 0.7
        pool = LOWER + UPPER + DIGITS + (self.generated_symbols if with_symbols else "")
        chars = [rng.choice(LOWER), rng.choice(UPPER), rng.choice(DIGITS)]
        chars += [rng.choice(self.generated_symbols)] if with_symbols else []
        chars += [rng.choice(pool) for _ in range(size - len(chars) - 1)]
        rng.shuffle(chars)
        return rng.choice(LOWER + UPPER) + "".join(chars)  # a letter first: no carrier reads it as a flag

    def password(self, rng: random.Random, style: str) -> str:
        if style == "human":
            kind = rng.randrange(4)
            name = rng.choice(self.human)
            if kind == 0:
                return name.capitalize() + str(rng.randint(2015, 2026)) + rng.choice(self.human_symbols)
            if kind == 1:
                return name + rng.choice(self.human_symbols) + f"{rng.randint(0, 99):02d}"
            if kind == 2:
                return name.capitalize() + rng.choice(self.human_symbols) + f"{rng.randint(0, 9999):04d}"
            other = rng.choice([n for n in self.human if n != name])
            return name.capitalize() + other.capitalize() + str(rng.randint(1, 99))
        if style == "leet":
            return self.leetspeak(rng, rng.choice(self.leet))
        if style == "passphrase":
            words = rng.sample(self.passphrase, rng.randint(3, 5))
            kind = rng.randrange(4)
            if kind == 3:
                return "".join(w.capitalize() for w in words) + str(rng.randint(1, 9))
            return {0: " ", 1: "-", 2: "."}[kind].join(words)
        if style == "generated":
            return self.generated(rng)
        if style == "pin":
            while True:
                pin = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 8)))
                if len(set(pin)) > 1:
                    return pin
        first, second = rng.choice(self.letters[0]), rng.choice(self.letters[1])
        return rng.choice((first + second, first.capitalize() + second.capitalize(), second + first,
                           second.capitalize() + first))

    def items(self, seed: int, carriers: dict[str, list[str]]) -> list[Item]:
        """Each template takes five values; styles rotate through a carrier's items, so a carrier of six templates
        holds five of each style (the draws in this order: a set is the same only while they are)."""
        rng = random.Random(seed)
        out = []
        for carrier, templates in carriers.items():
            for number in range(len(templates) * VALUES_PER_TEMPLATE):
                template = templates[number // VALUES_PER_TEMPLATE]
                value = self.password(rng, SIX_STYLES[number % len(SIX_STYLES)])
                marked = template.replace("{p}", MARK).replace("{u}", rng.choice(self.users))
                out.append(Item(carrier, SIX_STYLES[number % len(SIX_STYLES)], marked.replace(MARK, value), value,
                                marked.index(MARK)))
        return out


@dataclass(frozen=True)
class CountsSet:
    """A counts-only set as its script declares it (sets 21 on): ``items`` and ``main`` are what the script
    exports, so each script ends with its words, carriers and negatives rather than the same twenty lines."""

    name: str
    seed: int
    words: Words
    carriers: dict[str, list[str]]
    negatives: dict[str, list[str]]
    description: str

    def items(self, seed: int | None = None) -> list[Item]:
        """Five values a template, the six styles rotating through a carrier's 30 items (``Words.items``)."""
        return self.words.items(self.seed if seed is None else seed, self.carriers)

    def main(self, argv: Sequence[str] | None = None) -> int:
        """Counts per carrier and per style (``counts_main``), never which values were missed."""
        return counts_main(self.description, self.name, self.items, self.negatives, argv)
