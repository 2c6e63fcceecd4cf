#!/usr/bin/env python3
"""The per-call cost of the product on small texts: a request body, a header value, a stream window, a delta.

Every proxied request pays `Inspector.inspect_text` on each of its fields and headers, and every streamed delta a
hold-back and a scan of its window; the unit loop pays the same thousands of times over. Measured in a child per
checkout (shipped rules and default policy, as `runtime.build` makes them), so two trees can be compared side by
side, alternated:

    .venv/bin/python scripts/bench_small_calls.py [TREE ...] [--rounds 2] [--repeat 300]
    .venv/bin/python scripts/bench_small_calls.py --profile inspect:json   # where one kind's time goes (cProfile)

Per kind: microseconds of CPU per call (`time.process_time`: a loaded machine preempts the child, which wall time
counts), the best of 5 timings of `--repeat` calls (caches off: `cache=False`).
`scan` is `Scanner.scan_report`; `inspect` is `Inspector.inspect_text` (the scan, the undisguised and loose views,
placeholders); `views` and `loose` are `disguise.views_of` / `disguise.loose_views` alone; `stream` is one SSE
chat chunk (a word of the README) through the proxy's own `StreamMasker` and hold-backs, per event.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEXTS = {
    "prose": ("Could you summarise the attached meeting notes and list the action items for the platform team? "
              "Keep it short, and say who owns each item and when it is due next week."),
    "json": ('{"model":"gpt-4o-mini","messages":[{"role":"user","content":"What is the capital of France? Answer '
             'in one word, then explain briefly."}],"temperature":0.2,"stream":true,"max_tokens":256}'),
    "header": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36",
    "short": "application/json",
    "code": ('def connect(host, port):\n    conn = psycopg2.connect(host=host, port=port, user="app")\n'
             '    cur = conn.cursor()\n    cur.execute("select 1")\n    return cur\n'),
    "secret": ("export AWS_ACCESS_KEY_ID=AKIAIOSFODNN7EXAMPLQ and the password is Tr0ub4dor&3xyz for the "
               "staging database; please keep both out of the ticket."),
    "escaped": 'Reply with {\\"answer\\": \\"Paris\\", \\"confidence\\": 0.93} and nothing else, please, in JSON.',
}

CHILD = r"""
import cProfile, functools, json, pstats, re, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
texts, repeat, profile = json.loads(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
from addons.core import runtime
from addons.detect import disguise
from addons.stream import streaming
from addons.stream.masker import StreamMasker
with tempfile.TemporaryDirectory() as tmp:
    rt = runtime.build(None, [], Path(tmp) / "key")
runtime.install(rt)
scanner, inspector = rt.scanner, rt.inspector
prefixes = inspector.key_prefixes()
addon = streaming.Streaming()
readme = (Path(sys.argv[1]) / "README.md").read_text()
words = re.findall(r"\s*\S+", readme[:12000])[:400]

def chunk(word, i):
    body = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-4o",
            "choices": [{"index": 0, "delta": {"content": word}, "finish_reason": None}]}
    return ("data: " + json.dumps(body) + "\n\n").encode()
events = [chunk(w, i) for i, w in enumerate(words)]

def stream_once():
    masker = StreamMasker("openai_chat", functools.partial(inspector.inspect_text, cache=False), addon.max_holdback,
                          *addon._safe_end(rt, None), framing="sse")
    for e in events:
        masker.feed(e)
    masker.finish()
    assert not masker.stopped, masker.stop_reason

calls = {}
for name, text in texts.items():
    calls[f"scan:{name}"] = functools.partial(scanner.scan_report, text)
    calls[f"inspect:{name}"] = functools.partial(inspector.inspect_text, text, "request", "body.content", cache=False)
    calls[f"views:{name}"] = functools.partial(disguise.views_of, text)
    calls[f"loose:{name}"] = functools.partial(disguise.loose_views, text, prefixes)
for call in calls.values():
    call()  # warm: compiles on first use
stream_once()

if profile != "-":
    target = stream_once if profile == "stream" else calls[profile]
    runs = 3 if profile == "stream" else repeat * 5
    prof = cProfile.Profile()
    prof.enable()
    for _ in range(runs):
        target()
    prof.disable()
    stats = pstats.Stats(prof, stream=sys.stderr)
    stats.sort_stats("tottime").print_stats(30)
    stats.sort_stats("cumulative").print_stats(40)
    sys.exit(0)

out = {}
for name, call in calls.items():
    best = float("inf")
    for _ in range(5):
        t0 = time.process_time()
        for _ in range(repeat):
            call()
        best = min(best, (time.process_time() - t0) / repeat)
    out[name] = best * 1e6
best = float("inf")
for _ in range(3):
    t0 = time.process_time()
    stream_once()
    best = min(best, (time.process_time() - t0) / len(events))
out["stream:chat chunk"] = best * 1e6
print(json.dumps(out))
"""


def run(tree: Path, repeat: int, profile: str = "-") -> dict[str, float]:
    done = subprocess.run([sys.executable, "-c", CHILD, str(tree), json.dumps(TEXTS), str(repeat), profile],
                          capture_output=profile == "-", text=True, check=True)
    return json.loads(done.stdout) if profile == "-" else {}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("trees", nargs="*", type=Path, help="checkouts to compare (default: this one)")
    ap.add_argument("--rounds", type=int, default=2, help="times each tree is measured, alternated")
    ap.add_argument("--repeat", type=int, default=300, help="calls per timing")
    ap.add_argument("--profile", metavar="KIND", help="cProfile one kind (e.g. inspect:json, stream) in this tree")
    args = ap.parse_args()
    trees = [t.resolve() for t in args.trees] or [ROOT]
    if args.profile:
        run(trees[0], args.repeat, args.profile)
        return
    rows: dict[str, dict[Path, list[float]]] = {}
    for _ in range(args.rounds):
        for tree in trees:
            for kind, us in run(tree, args.repeat).items():
                rows.setdefault(kind, {}).setdefault(tree, []).append(us)
    width = max(map(len, rows))
    print(f"{'us per call':{width}}  " + "  ".join(f"{str(t)[-24:]:>24}" for t in trees)
          + ("  ratio (last/first, best)" if len(trees) > 1 else ""))
    for kind, by_tree in rows.items():
        cells = ["/".join(f"{v:.1f}" for v in by_tree[t]) for t in trees]
        ratio = f"  {min(by_tree[trees[-1]]) / min(by_tree[trees[0]]):.2f}" if len(trees) > 1 else ""
        print(f"{kind:{width}}  " + "  ".join(f"{c:>24}" for c in cells) + ratio)


if __name__ == "__main__":
    main()
