#!/usr/bin/env python3
"""Benchmark the stream hold-back's CPU per delta: streamed answers fed in process to the SSE StreamMasker as the proxy
composes it (the shipped rules, the default policy), CPU split by part.

Corpora (deterministic, generated here, no test module needed, so a bare `git archive` tree runs them too):
- examples: every rule's longest example after "Sure, here it is: ", joined by "\\nAnything else?\\n\\n", cut into
  pieces of 1, 2, 3, 5, 8, 13, 21 characters in turn (attack32_first_use_live's answer; `--events` of them);
- prose: README's first `--words` words, one word a delta;
- lookalike: the same with Cyrillic lookalike letters (`aeopcx`);
- nbsp: the same with no-break spaces for blanks.

    .venv/bin/python scripts/bench_holdback.py [--only examples,prose,lookalike,nbsp] [--events 3000] [--words 800]
                                               [--baseline DIR] [--repeat N] [--profile N]
                                               [--no-deadline]

`--baseline DIR` runs another tree's addons/ and rules/ (e.g. `git archive main addons rules | tar -x -C DIR`) in a
child process on the same input first; `--repeat N` alternates the two N times (baseline, this tree, ...). The
machine is shared: read each pair side by side, with the load printed. `--profile N` prints cProfile's N costliest
functions by own time for each corpus (slower; its figures are not the timed ones). Each event is fed under a CPU
deadline as the proxy feeds it (detect/deadline.py, a budget it never reaches; a tree without one runs without);
`--no-deadline` leaves it out, to see what its checks cost.
Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import cProfile
import functools
import io
import json
import os
import pstats
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if "--baseline-child" in sys.argv:  # another tree's addons and rules (see --baseline)
    ROOT = Path(sys.argv[sys.argv.index("--baseline-child") + 1])
sys.path.insert(0, str(ROOT))

SEPARATOR = "\nAnything else?\n\n"
HELD_OPEN = ["generic-password-stdin-pipe", "dockerhub-pat", "private-key-truncated"]  # kept last, as attack32 does
PIECES = (1, 2, 3, 5, 8, 13, 21)
LOOKALIKES = str.maketrans("aeopcx", "\u0430\u0435\u043e\u0440\u0441\u0445")
README = Path(__file__).resolve().parents[1] / "README.md"  # this tree's, for both: the same input


def openai_events(fragments: list[str]) -> list[bytes]:
    """One OpenAI chat completion chunk event per fragment, with the role event before and the stop after."""
    base = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o-mini"}

    def event(delta: dict, reason: str | None = None) -> bytes:
        body = dict(base, choices=[{"index": 0, "delta": delta, "logprobs": None, "finish_reason": reason}])
        return f"data: {json.dumps(body, separators=(',', ':'))}\n\n".encode()

    return [event({"role": "assistant", "content": ""}), *(event({"content": f}) for f in fragments),
            event({}, "stop"), b"data: [DONE]\n\n"]


def examples_answer(rules) -> str:
    ordered = sorted(rules, key=lambda r: (HELD_OPEN.index(r.id) if r.id in HELD_OPEN else -1, r.id))
    return SEPARATOR.join(f"Sure, here it is: {max(r.examples, key=len)}" for r in ordered if r.examples)


def pieces(text: str) -> list[str]:
    out, at = [], 0
    while at < len(text):
        size = PIECES[len(out) % len(PIECES)]
        out.append(text[at:at + size])
        at += size
    return out


def prose_words(count: int) -> list[str]:
    return re.findall(r"\s*\S+", README.read_text()[:40_000])[:count]


def corpus_fragments(name: str, rules, events: int, words: int) -> list[str]:
    if name == "examples":
        return pieces(examples_answer(rules))[:events]
    prose = prose_words(words)
    if name == "lookalike":
        return [w.translate(LOOKALIKES) for w in prose]
    if name == "nbsp":
        return [w.replace(" ", "\u00a0") for w in prose]
    return prose


class Parts:
    """CPU (time.process_time) of each named part of a delta, outermost call only (a part calling another is its)."""

    def __init__(self) -> None:
        self.seconds: collections.Counter[str] = collections.Counter()
        self._depth = 0

    def wrap(self, name: str, function: Callable) -> Callable:
        @functools.wraps(function)
        def timed(*args, **kwargs):
            if self._depth:
                return function(*args, **kwargs)
            self._depth += 1
            began = time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.seconds[name] += time.process_time() - began
                self._depth -= 1
        return timed


def run_tree(label: str, only: list[str], events: int, words: int, profile: int, with_deadline: bool) -> None:
    from addons.core import runtime
    from addons.detect import disguise, holdback
    from addons.formats import encoded
    from addons.stream import streaming, value_holdback
    from addons.stream.masker import StreamMasker

    with tempfile.TemporaryDirectory() as tmp:
        rt = runtime.build(None, [], Path(tmp) / "key")
    runtime.install(rt)
    addon = streaming.Streaming()
    parts = Parts()
    holdback.Holdback.safe_end = parts.wrap("plain Holdback.safe_end", holdback.Holdback.safe_end)
    value_holdback.ValueHoldback.hold = parts.wrap("ValueHoldback.hold", value_holdback.ValueHoldback.hold)
    disguise.loose_safe_end = parts.wrap("loose_safe_end", disguise.loose_safe_end)
    disguise.disguised_safe_end = parts.wrap("disguised_safe_end", disguise.disguised_safe_end)
    encoded.tail_safe_end = parts.wrap("encoded.tail_safe_end", encoded.tail_safe_end)
    StreamMasker._scan = parts.wrap("masker re-scan (inspector)", StreamMasker._scan)

    def masker():
        return StreamMasker("openai_chat", functools.partial(rt.inspector.inspect_text, cache=False),
                            addon.max_holdback, *addon._safe_end(rt, None), framing="sse")

    limit: Callable = lambda: contextlib.nullcontext()
    if with_deadline:
        try:
            from addons.detect import deadline
        except ImportError:  # a tree before wsloop59
            with_deadline = False
        else:
            limit = functools.partial(deadline.limit, 3600.0, "bench")  # as StreamCallable, never reached

    def fed(stream, feed: list[bytes]) -> None:
        for event in feed:
            with limit():
                stream.feed(event)
        with limit():
            stream.finish()

    rules = rt.inspector.scanner.rules
    # Warm-up: each rule's regex compiles on its first use (attack32's subject, not this bench's).
    warm = masker()
    for event in openai_events([text[:60] for text in examples_answer(rules).split(SEPARATOR)]):
        warm.feed(event)
    warm.finish()
    print(f"== {label} ({len(rules)} rules, {'a' if with_deadline else 'no'} deadline), "
          f"load {os.getloadavg()[0]:.1f}")
    for name in only:
        fragments = corpus_fragments(name, rules, events, words)
        feed = openai_events(fragments)
        parts.seconds.clear()
        stream = masker()
        began = time.process_time()
        fed(stream, feed)
        total = time.process_time() - began
        per = 1e6 / len(fragments)
        print(f"  {name}: {len(fragments)} deltas, {total:.2f} s CPU, {total * per:,.0f} us a delta"
              f" (stopped: {stream.stopped})")
        for part, seconds in parts.seconds.most_common():
            print(f"    {part:30} {seconds * per:8,.0f} us a delta")
        if profile:
            profiler, stream = cProfile.Profile(), masker()
            profiler.enable()
            fed(stream, feed)
            profiler.disable()
            out = io.StringIO()
            pstats.Stats(profiler, stream=out).sort_stats("tottime").print_stats(profile)
            print("\n".join("    " + line for line in out.getvalue().splitlines() if line.strip()[:1].isdigit()
                            or "ncalls" in line))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", default="examples,prose,lookalike,nbsp")
    parser.add_argument("--events", type=int, default=3000, help="deltas of the rule examples' answer")
    parser.add_argument("--words", type=int, default=800, help="deltas (words) of the prose corpora")
    parser.add_argument("--baseline", type=Path, help="another tree (addons/, rules/) run first in a child process")
    parser.add_argument("--baseline-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--repeat", type=int, default=1, help="with --baseline: alternate the two this many times")
    parser.add_argument("--profile", type=int, default=0, help="print cProfile's N costliest functions per corpus")
    parser.add_argument("--no-deadline", action="store_true", help="feed without the proxy's per-piece CPU deadline")
    args = parser.parse_args()
    only = args.only.split(",")
    if args.baseline_child:
        run_tree(f"tree {args.baseline_child}", only, args.events, args.words, args.profile, not args.no_deadline)
        return 0
    child = [sys.executable, __file__, "--only", args.only, "--events", str(args.events), "--words", str(args.words),
             "--profile", str(args.profile), *["--no-deadline"] * args.no_deadline, "--baseline-child"]
    for _ in range(max(1, args.repeat)):
        if args.baseline:
            subprocess.run([*child, str(args.baseline)], check=True)
        # This tree in a child too: both pay the same start-up and the same warm-up, and neither inherits the other's.
        subprocess.run([*child, str(ROOT)], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
