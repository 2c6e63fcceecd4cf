"""Does the installed Hyperscan lose matches that end where the scanned bytes end (batch63)? For each reduced case:
the buffer lengths at which a match ending the buffer is not reported, scanning as main did before batch63 (block
mode, the text alone), with the start-of-match sentinel that keeps the small-write engine out, in streaming mode, and
through `HyperscanPrefilter.ends` (text + TAIL, widened anchors, sentinel). Run again after a hyperscan upgrade: the
first columns say whether the library still needs the workaround, the last must stay empty.

    .venv/bin/python scripts/probe_hyperscan_ends.py
"""

from __future__ import annotations

import sys
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import hyperscan

from addons.detect import prefilter
from addons.detect.rules import Rule
from addons.detect.vocabulary import Category, Classification, Tier

# (patterns, the index of the one whose match ends the buffer, the buffer of n bytes)
CASES = [
    (["ab$", "kq"], 1, lambda n: b"=" * (n - 2) + b"kq"),
    ([r"\nq{2,}", "ab"], 1, lambda n: b"x" * (n - 2) + b"ab"),
    (["a[ab]$"], 0, lambda n: b"x" * (n - 2) + b"aa"),
    ([r"[ab]k+$"], 0, lambda n: b"x" * (n - 2) + b"ak"),
]
# The main engine's miss of a `$` before a final line break, at one length only (37 bytes).
BEFORE_A_FINAL_BREAK = ([r"[^a]k+$"], 0, b"\n=xbakk\naqxqx\naqqxqx=xbq\nbbab=bx\n=qk\n", 36)
LENGTHS = range(3, 200)


def _database(patterns: list[str], mode: int, sentinel: bool = False):
    expressions = [p.encode() for p in patterns] + ([prefilter._NO_SMALL_WRITE] if sentinel else [])
    flags = [0] * len(patterns) + ([hyperscan.HS_FLAG_SOM_LEFTMOST] if sentinel else [])
    database = hyperscan.Database(mode=mode)
    database.compile(expressions=expressions, ids=list(range(len(expressions))), elements=len(expressions),
                     flags=flags)
    return database


def _ends(database, data: bytes, stream: bool = False) -> set[tuple[int, int]]:
    found: set[tuple[int, int]] = set()

    def on_match(index, _start, end, _flags, _context):
        found.add((index, end))

    if stream:
        with database.stream(match_event_handler=on_match) as scanning:
            scanning.scan(data)
    else:
        database.scan(data, match_event_handler=on_match)
    return found


def _prefilter_ends(patterns: list[str], index: int, data: bytes) -> set[tuple[int, int]]:
    rules = [Rule(f"probe-{i}", "probe", Category.SECRET, Classification.CONFIDENTIAL, Tier.PRECISE, p)
             for i, p in enumerate(patterns)]
    with mock.patch.object(prefilter, "cache_dir", lambda: None):
        ends, windows = _PREFILTERS.setdefault(tuple(patterns), prefilter.HyperscanPrefilter(rules)).ends(data.decode())
    return {(index, e) for e in ends.get(index, ())} | {(index, w) for s, w in windows.get(index, ())}


_PREFILTERS: dict[tuple[str, ...], prefilter.HyperscanPrefilter] = {}


def _runs(lengths: list[int]) -> str:
    runs: list[list[int]] = []
    for n in lengths:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in runs) or "none"


def main() -> None:
    print(f"hyperscan {hyperscan.__version__}; {_database(['a'], hyperscan.HS_MODE_BLOCK).info().decode()}")
    print(f"lengths {LENGTHS.start}-{LENGTHS.stop - 1} at which the match ending the buffer is not reported:")
    for patterns, index, make in CASES:
        block = _database(patterns, hyperscan.HS_MODE_BLOCK)
        sentinel = _database(patterns, hyperscan.HS_MODE_BLOCK, sentinel=True)
        stream = _database(patterns, hyperscan.HS_MODE_STREAM)
        misses: dict[str, list[int]] = {"block": [], "block+sentinel": [], "stream": [], "prefilter": []}
        for n in LENGTHS:
            want = (index, n)
            misses["block"] += [n] if want not in _ends(block, make(n)) else []
            misses["block+sentinel"] += [n] if want not in _ends(sentinel, make(n)) else []
            misses["stream"] += [n] if want not in _ends(stream, make(n), stream=True) else []
            misses["prefilter"] += [n] if want not in _prefilter_ends(patterns, index, make(n)) else []
        print(f"  {' + '.join(patterns):16s} " + "  ".join(f"{k}: {_runs(v)}" for k, v in misses.items()))
    patterns, index, data, end = BEFORE_A_FINAL_BREAK
    got = {k: (index, end) in _ends(_database(patterns, m, k.endswith("sentinel")), data, k == "stream")
           for k, m in (("block", hyperscan.HS_MODE_BLOCK), ("block+sentinel", hyperscan.HS_MODE_BLOCK),
                        ("stream", hyperscan.HS_MODE_STREAM))}
    got["prefilter"] = (index, end) in _prefilter_ends(patterns, index, data)
    print(f"  {patterns[0]} in {data!r} ({len(data)} bytes), the match ending at {end}: "
          + ", ".join(f"{k}: {'reported' if v else 'MISSED'}" for k, v in got.items()))


if __name__ == "__main__":
    main()
