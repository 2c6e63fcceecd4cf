#!/usr/bin/env python3
"""Would keyword windows make the password first stages cheaper (issue 15 §4, speed32)? The secrets database as
shipped against a split of it, scanned over 100 KB bodies of bench_detect's clean code, dense credentials and mixed
text, the stdlib's .py files, Russian prose and every rule's examples and negative examples, one body each (CPU
time, best of --rounds, every variant interleaved):

- `shipped`: the secrets database over the whole text;
- `windowed`: that database without the moved password stages over the whole text, a database of the moved stages'
  keywords (literals, caseless) over the whole text, and the moved stages' database over the keyword hits' line
  windows, joined into one buffer (one scan call; ends mapped back to the text).

Exact by construction: each moved stage's keywords are literals every match of its Hyperscan source contains (read
from the stdlib parser's tree: a run of fixed strings, or a group/alternation/repeat whose parts all hold one), with
at most `before` newlines between a match's start and the keyword and `after` between the keyword and its end. A
window runs from the (before+1)-th newline back from a hit to the (after+1)-th newline forward, so every match
around a hit lies inside it with one char of context either side (`\\b`). Only stages whose reach is a few lines are
moved (every stage has an unbounded repeat, so windows are in lines, not chars). The script checks on every corpus
that no end the shipped database reports is missing from the windowed one, and exits 1 if one is.

Also printed, without callbacks: the whole database, the one without the moved stages (`main`), the keyword
database (`keywords`), the moved stages over the whole text and over the windows only. `main + windows only` is
what the design would cost with a free keyword pass and free Python.

    .venv/bin/python scripts/bench_keyword_windows.py [--rounds 9] [--stages all | id,id] [--max-lines 3]
"""

from __future__ import annotations

import argparse
import bisect
import itertools
import re._constants as sre_constants
import re._parser as sre_parse
import sys
import sysconfig
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_detect  # noqa: E402
import bench_first_stage  # noqa: E402
import hyperscan  # noqa: E402

from addons.detect import prefilter  # noqa: E402

# The keyword-led stages whose reach is at most two lines each side of the keyword and whose keywords are not
# common words (what is left of the 22 when the multi-line, word-led and `?`-led ones stay in the main database).
DEFAULT_STAGES = ("generic-password", "generic-password-spaced", "generic-password-directive", "generic-password-sql",
                  "generic-password-key-name", "generic-password-question", "generic-password-before-word",
                  "generic-password-letters-before", "generic-password-secret-noun")
NEWLINE = 10
UNBOUNDED = float("inf")
EXACT_SET_CAP = 256  # most strings an alternation or run may expand to before it counts as not fixed
REPEATS = (sre_constants.MAX_REPEAT, sre_constants.MIN_REPEAT, sre_constants.POSSESSIVE_REPEAT)
# Common words a stage's keywords should not rest on when its pattern offers others (speed only, never exactness).
COMMON_WORDS = frozenset({"is", "was", "as", "it", "that", "this", "use", "try", "set", "said", "says", "with", "using",
                          "now", "still", "currently", "als", "come", "como", "comme", "user", "type", "input", "text",
                          "value", "data"})


@dataclass(frozen=True)
class Reach:
    """Literals one of which every match holds; at most `before` newlines precede it in a match, `after` follow."""
    literals: frozenset[str]
    before: float
    after: float

    def score(self) -> tuple[float, int, float]:
        shortest = min(1.5 if word.strip() in COMMON_WORDS else len(word.strip()) for word in self.literals)
        return shortest, -len(self.literals), -(self.before + self.after)


def _class_holds_newline(items) -> bool:
    negated, holds = False, False
    for op, arg in items:
        if op is sre_constants.NEGATE:
            negated = True
        elif op is sre_constants.LITERAL:
            holds |= arg == NEWLINE
        elif op is sre_constants.RANGE:
            holds |= arg[0] <= NEWLINE <= arg[1]
        elif op is sre_constants.CATEGORY:
            holds |= arg in (sre_constants.CATEGORY_SPACE, sre_constants.CATEGORY_NOT_DIGIT,
                             sre_constants.CATEGORY_NOT_WORD, sre_constants.CATEGORY_LINEBREAK)
        else:
            holds = True
    return holds != negated


def newlines(items) -> float:
    """Most newlines a match of `items` may hold (`.` without DOTALL, as Hyperscan reads it, holds none)."""
    count: float = 0
    for op, arg in items:
        if op is sre_constants.LITERAL:
            count += arg == NEWLINE
        elif op is sre_constants.NOT_LITERAL:
            count += arg != NEWLINE
        elif op is sre_constants.IN:
            count += _class_holds_newline(arg)
        elif op is sre_constants.SUBPATTERN:
            count += newlines(arg[-1])
        elif op is sre_constants.BRANCH:
            count += max(newlines(alternative) for alternative in arg[1])
        elif op in REPEATS:
            _low, high, body = arg
            inner = newlines(body)
            count += (UNBOUNDED if inner else 0) if high == sre_constants.MAXREPEAT else inner * high
        elif op not in (sre_constants.ANY, sre_constants.AT, sre_constants.ASSERT, sre_constants.ASSERT_NOT):
            raise ValueError(f"not read: {op}")
    return count


def fixed_strings(op, arg) -> set[str] | None:
    """The (lowercased) strings a node matches when they are few, else None."""
    if op is sre_constants.LITERAL:
        return {chr(arg).lower()}
    if op is sre_constants.AT:
        return {""}
    if op is sre_constants.IN:
        chars: set[str] = set()
        for inner_op, inner_arg in arg:
            if inner_op is sre_constants.LITERAL:
                chars.add(chr(inner_arg).lower())
            elif inner_op is sre_constants.RANGE and inner_arg[1] - inner_arg[0] < 8:
                chars.update(chr(code).lower() for code in range(inner_arg[0], inner_arg[1] + 1))
            else:
                return None
        return chars if len(chars) <= 8 else None
    if op is sre_constants.SUBPATTERN:
        return fixed_sequence(arg[-1])
    if op is sre_constants.BRANCH:
        union: set[str] = set()
        for alternative in arg[1]:
            strings = fixed_sequence(alternative)
            if strings is None:
                return None
            union |= strings
        return union if len(union) <= EXACT_SET_CAP else None
    if op in REPEATS:
        low, high, body = arg
        strings = fixed_sequence(body) if high <= 3 else None
        if strings is None:
            return None
        repeated: set[str] = set()
        for count in range(low, high + 1):
            repeated.update("".join(parts) for parts in itertools.product(strings, repeat=count))
            if len(repeated) > EXACT_SET_CAP:
                return None
        return repeated
    return None


def fixed_sequence(items) -> set[str] | None:
    strings = {""}
    for op, arg in items:
        part = fixed_strings(op, arg)
        if part is None:
            return None
        strings = {head + tail for head in strings for tail in part}
        if len(strings) > EXACT_SET_CAP:
            return None
    return strings


def _minimal(strings) -> frozenset[str]:
    """The strings no shorter one of the set is inside of (a hit of the longer is a hit of the shorter)."""
    return frozenset(s for s in strings if not any(other != s and other in s for other in strings))


def reach(items) -> Reach | None:
    """The best Reach of a sequence: a run of fixed nodes, or one node whose inside has a Reach."""
    items = list(items)
    found: list[Reach] = []
    index = 0
    while index < len(items):
        run, end = {""}, index
        while end < len(items):
            part = fixed_strings(*items[end])
            joined = None if part is None else {head + tail for head in run for tail in part}
            if joined is None or len(joined) > EXACT_SET_CAP:
                break
            run, end = joined, end + 1
        if end > index:
            if "" not in run:
                found.append(Reach(_minimal(run), newlines(items[:index]), newlines(items[end:])))
            index = end
            continue
        inner = _inner_reach(items, index)
        if inner is not None:
            found.append(inner)
        index += 1
    return max(found, key=Reach.score) if found else None


def _inner_reach(items, index: int) -> Reach | None:
    op, arg = items[index]
    inner: Reach | None
    if op is sre_constants.SUBPATTERN:
        inner = reach(arg[-1])
    elif op is sre_constants.BRANCH:
        alternatives = [reach(alternative) for alternative in arg[1]]
        if any(a is None for a in alternatives):
            return None
        known = [a for a in alternatives if a is not None]
        inner = Reach(_minimal(frozenset().union(*(a.literals for a in known))), max(a.before for a in known),
                      max(a.after for a in known))
    elif op in REPEATS and arg[0] >= 1:
        low, high, body = arg
        if len(body) == 1 and body[0][0] is sre_constants.LITERAL:
            inner = Reach(frozenset({chr(body[0][1]).lower() * low}), 0, 0)
        else:
            inner = reach(body)
        if inner is not None:  # the other repeats may stand before or after the one holding the literal
            others = newlines([(op, (0, high if high == sre_constants.MAXREPEAT else high - 1, body))])
            inner = Reach(inner.literals, inner.before + others, inner.after + others)
    else:
        return None
    if inner is None:
        return None
    return Reach(inner.literals, inner.before + newlines(items[:index]), inner.after + newlines(items[index + 1:]))


def pattern_reach(source: str) -> Reach | None:
    return reach(sre_parse.parse(source))


@dataclass
class WindowStats:
    hits: int = 0
    windows: int = 0
    window_bytes: int = 0
    scanned: int = 0
    window_ends: int = 0


def line_windows(data: bytes, hits: list[int], back: int, forward: int) -> tuple[list[int], list[int]]:
    """Merged windows from the `back`-th newline before each hit to the `forward`-th newline after it."""
    size, starts, stops, line_end = len(data), [], [], -1
    for hit in sorted(hits):
        if hit <= line_end:
            continue  # on the line of the hit before: the same window
        line_end = data.find(b"\n", hit)
        line_end = size if line_end < 0 else line_end
        start = hit
        for _ in range(back):
            start = data.rfind(b"\n", 0, start)
            if start < 0:
                break
        stop = line_end
        for _ in range(forward - 1):
            if stop >= size:
                break
            stop = data.find(b"\n", stop + 1)
            stop = size if stop < 0 else stop
        start, stop = max(start, 0), min(size, stop + 1)
        if stops and start <= stops[-1]:
            stops[-1] = max(stops[-1], stop)
        else:
            starts.append(start)
            stops.append(stop)
    return starts, stops


def stdlib_bodies(megabytes: float) -> list[str]:
    bodies, size = [], 0
    for path in sorted(Path(sysconfig.get_paths()["stdlib"]).rglob("*.py")):
        if "site-packages" in path.parts:
            continue
        text = path.read_text(errors="replace")
        bodies.append(text)
        size += len(text)
        if size > megabytes * 1e6:
            break
    return bodies


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    parser.add_argument("--stages", default=",".join(DEFAULT_STAGES),
                        help="rule ids to move, or `all`: every password stage within --max-lines")
    parser.add_argument("--max-lines", type=int, default=3, help="with `all`: most newlines before + after")
    parser.add_argument("--stdlib-mb", type=float, default=4)
    args = parser.parse_args()

    stage = bench_first_stage.SecretsFirstStage.shipped()
    if stage is None:
        print("the hyperscan package is not installed")
        return 1
    rules, secrets = stage.rules, stage.secrets
    password = [i for i in secrets if rules[i].id.startswith("generic-password") or rules[i].id == "generic-login-pair"]
    asked = None if args.stages == "all" else set(args.stages.split(","))
    moved, literals, back, forward = [], set(), 0.0, 0.0
    for index in password:
        shape = pattern_reach(prefilter.hyperscan_source(rules[index].first_stage or rules[index].regex))
        if shape is None or index in stage.first_stage.approximate or any("\n" in w for w in shape.literals):
            continue
        if asked is None and (shape.before + shape.after > args.max_lines or min(map(len, shape.literals)) < 2
                              or rules[index].id == "generic-password-prose"):  # `????`: every non-Latin word
            continue
        if asked is not None and rules[index].id not in asked:
            continue
        moved.append(index)
        literals |= shape.literals
        back, forward = max(back, shape.before + 1), max(forward, shape.after + 1)
    keywords = sorted(_minimal(literals))
    print(f"moved {len(moved)} of {len(password)} password stages: "
          + ", ".join(rules[i].id.removeprefix("generic-password-") for i in moved))
    print(f"{len(keywords)} keywords; windows from {back:.0f} newline(s) back to {forward:.0f} forward")

    whole, main_database, moved_database = (stage.database(secrets), stage.database([i for i in secrets
                                                                                      if i not in moved]),
                                            stage.database(moved))
    keyword_database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    keyword_database.compile(expressions=["".join(f"\\x{ord(c):02x}" for c in word).encode() for word in keywords],
                             ids=list(range(len(keywords))), elements=len(keywords),
                             flags=[hyperscan.HS_FLAG_CASELESS] * len(keywords))
    scratch = {id(db): hyperscan.Scratch(db) for db in (whole, main_database, moved_database, keyword_database)}

    def scan(database, data: bytes, handler) -> None:
        database.scan(data, match_event_handler=handler, scratch=scratch[id(database)])

    def shipped(data: bytes) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        scan(whole, data, lambda rule, _start, end, _flags, _context: ends.append((rule, end)))
        return ends

    stats: dict[str, WindowStats] = {}
    window_buffers: dict[int, bytes] = {}

    def windowed(data: bytes, corpus: str | None = None) -> list[tuple[int, int]]:
        ends: list[tuple[int, int]] = []
        scan(main_database, data, lambda rule, _start, end, _flags, _context: ends.append((rule, end)))
        hits: list[int] = []
        scan(keyword_database, data, lambda _word, _start, end, _flags, _context: hits.append(end))
        if not hits:
            return ends
        starts, stops = line_windows(data, hits, int(back), int(forward))
        joined = b"".join([data[start:stop] for start, stop in zip(starts, stops)])
        offsets = list(itertools.accumulate((stop - start for start, stop in zip(starts, stops)), initial=0))[:-1]
        found: list[tuple[int, int]] = []
        scan(moved_database, joined, lambda rule, _start, end, _flags, _context: found.append((rule, end)))
        for rule, end in found:
            window = bisect.bisect_right(offsets, end - 1) - 1
            ends.append((rule, starts[window] + end - offsets[window]))
        if corpus is not None:
            window_buffers[id(data)] = joined
            tally = stats.setdefault(corpus, WindowStats())
            tally.hits += len(hits)
            tally.windows += len(starts)
            tally.window_bytes += len(joined)
            tally.window_ends += len(found)
        return ends

    def chunks(text: str) -> list[str]:
        return [text[at:at + 100_000] for at in range(0, len(text), 100_000)]

    texts = {"clean": chunks(bench_detect.clean_code(1)), "dense": chunks(bench_detect.dense_credentials(1)),
             "mixed": chunks(bench_detect.corpus(1)), "stdlib": stdlib_bodies(args.stdlib_mb),
             "russian": chunks(bench_detect.russian_prose(0.5)),
             "examples": [text for rule in rules for text in rule.examples + rule.negative_examples]}
    corpora = {name: [prefilter.ascii_bytes(body) for body in bodies] for name, bodies in texts.items()}

    lost = 0
    for name, bodies in corpora.items():
        missing = extra = 0
        for body in bodies:
            reference, candidate = set(shipped(body)), set(windowed(body, name))
            missing += len(reference - candidate)
            extra += len(candidate - reference)
        lost += missing
        tally, size = stats.get(name, WindowStats()), sum(map(len, bodies))
        print(f"{name:<8} {size / 1e6:.2f} MB: keyword hits {tally.hits * 1e6 / size:.0f}/MB, windows "
              f"{tally.windows * 1e6 / size:.0f}/MB holding {tally.window_bytes / size:.1%} of the bytes, "
              f"{tally.window_ends} ends found in them; shipped ends missing {missing}, extra {extra}")

    def bare(database) -> Callable[[bytes], None]:
        return lambda data: scan(database, data, lambda *_args: None)

    variants: dict[str, Callable[[bytes], object]] = {
        "shipped": shipped, "windowed": windowed, "whole": bare(whole), "main": bare(main_database),
        "keywords": bare(keyword_database), "moved over text": bare(moved_database),
        "moved over windows": lambda data: scan(moved_database, window_buffers.get(id(data), b""), lambda *_a: None)}
    best = {(variant, name): float("inf") for variant in variants for name in corpora}
    for _ in range(args.rounds):
        for name, bodies in corpora.items():
            for variant, run in variants.items():
                started = time.process_time()
                for body in bodies:
                    run(body)
                best[variant, name] = min(best[variant, name], time.process_time() - started)
    print(f"ms per MB, best of {args.rounds} interleaved rounds (shipped and windowed collect the ends; the others "
          "only count calls)")
    print(f"{'':<8}" + "".join(f"{variant:>19}" for variant in variants))
    for name, bodies in corpora.items():
        megabytes = sum(map(len, bodies)) / 1e6
        print(f"{name:<8}" + "".join(f"{best[variant, name] * 1e3 / megabytes:>19.2f}" for variant in variants))
    if lost:
        print(f"windows lost {lost} ends the shipped database reports")
    return 1 if lost else 0


if __name__ == "__main__":
    raise SystemExit(main())
