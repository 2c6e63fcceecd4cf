#!/usr/bin/env python3
"""Streaming latency: exitguard vs bare mitmdump on the same SSE stream, in one run.

A local HTTPS upstream (tests/live/harness.py) streams an OpenAI-style chat completion, one token per
event with a fixed gap, once as plain prose and once with secrets split over several events. The same
client (httpx from .venv, HTTPS through the proxy) measures time to first token (first non-empty
`delta.content`) and total time (to `[DONE]`) through a bare mitmdump and through mitmdump + exitguard.
A second pass sends a long stream with no gaps, so the proxy's own processing time is what is measured.

    .venv/bin/python scripts/bench_stream.py [--runs 7] [--tokens 150] [--gap-ms 10]
    .venv/bin/python scripts/bench_stream.py --masker [TREE ...] [--runs 2]   # per-message masker cost only

Nothing beyond 127.0.0.1 is contacted: api.openai.com is routed to the local upstream.
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests import fakes  # noqa: E402
from tests.live import harness  # noqa: E402
from tests.stream import streams  # noqa: E402

CLIENT = r"""
import json, sys, time, httpx
proxy, ca, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
body = {"model": "gpt-4o", "stream": True, "messages": [{"role": "user", "content": "tell me a story"}]}
results = []
with httpx.Client(proxy=proxy, verify=ca, timeout=60) as client:
    for _ in range(runs):
        t0 = time.perf_counter()
        first = None
        text = []
        buf = b""
        with client.stream("POST", "https://api.openai.com/v1/chat/completions", json=body,
                           headers={"authorization": "Bearer sk-test-placeholder"}) as r:
            for data in r.iter_raw():
                buf += data
                while b"\n\n" in buf:
                    event, buf = buf.split(b"\n\n", 1)
                    payload = event.partition(b"data: ")[2]
                    if payload == b"[DONE]" or not payload:
                        continue
                    for c in json.loads(payload).get("choices", []):
                        piece = (c.get("delta") or {}).get("content") or ""
                        if piece and first is None:
                            first = time.perf_counter() - t0
                        text.append(piece)
        results.append({"ttft": first, "total": time.perf_counter() - t0, "text": "".join(text)})
print(json.dumps(results))
"""


def start_bare(tmp: Path, upstream: harness.Upstream) -> harness.Proxy:
    """mitmdump with only the test routing addon, passing responses through as they stream: the baseline.
    (Without stream_large_bodies a bare mitmdump buffers the whole answer: first token = last token.)"""
    import re
    import threading

    confdir = tmp / "bare-conf"
    cmd = [str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port", "0",
           "--set", f"confdir={confdir}", "--set", "flow_detail=0", "--set", "stream_large_bodies=1",
           "-s", str(harness.ROUTE_ADDON),
           "--set", f"egtest_upstream={upstream.address}",
           "--set", f"ssl_verify_upstream_trusted_ca={harness.upstream_ca_path(upstream)}"]
    proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    lines = []
    for line in proc.stdout:
        lines.append(line)
        if m := re.search(r"listening at .*:(\d+)", line):
            threading.Thread(target=lambda: [lines.append(x) for x in proc.stdout], daemon=True).start()
            return harness.Proxy(proc, int(m.group(1)), confdir, lines)
    raise RuntimeError("bare mitmdump did not start:\n" + "".join(lines))


def token_texts(n: int) -> tuple[list[str], list[str]]:
    words = ["the", "model", "writes", "a", "long", "and", "perfectly", "ordinary", "answer", "about", "streaming",
             "proxies,", "latency", "and", "careful", "engineering,", "one", "token", "at", "a", "time."]
    prose = [(" " if i else "") + words[i % len(words)] for i in range(n)]
    secrets = list(prose)
    for k, value in enumerate([fakes.github_pat(31), fakes.aws_key_id(32), fakes.openai_key(33)]):
        at = (k + 1) * n // 4
        pieces = [" key: " + value[:5], value[5:12], value[12:20], value[20:]]
        secrets[at:at + 1] = pieces  # one secret split over four events
    return prose, secrets


def holdback_report(tokens: list[str]) -> None:
    """What the rule hold-back keeps from the client after each delta of the prose stream, with the shipped rules
    and the default policy (the bench proxy's): the plain hold-back of every rule from its match's start (before
    stream/value_holdback.py) and the stream's split (value rules from their value's start), side by side; and
    which rules still hold a delta back. Deterministic: counts, not times. (The loose views and brokered
    credentials add their own holds, which plain prose does not trigger.)"""
    from addons.core.policy import Policy
    from addons.detect import Scanner
    from addons.detect.holdback import Holdback
    from addons.stream import value_holdback

    scanner = Scanner.default()
    policy = Policy.load()
    wanted = {r.id for r in scanner.rules
              if policy.action_for("response", r.id, r.category, r.classification, r.tier, []) != "allow"}
    plain = Holdback.for_scanner(scanner)
    prefixes = value_holdback.value_rules(scanner)

    def composed(rule_ids: set[str]):
        rest, values = value_holdback.split(plain, rule_ids, prefixes)
        return lambda text, start: min(rest.safe_end(text, start), values.safe_end(text, start))

    def run(safe_end) -> tuple[int, int, int, list[str]]:
        text, emitted, held_deltas, whole_words, held_chars, tails = "", 0, 0, 0, 0, []
        for token in tokens:
            text += token
            word_start = len(text) - len(token.lstrip())
            emitted = max(emitted, safe_end(text, emitted))
            if emitted < len(text):
                held_deltas += 1
                whole_words += emitted <= word_start  # nothing of this delta's word reached the client yet
                held_chars += len(text) - emitted
                tails.append(text)
        return held_deltas, whole_words, held_chars, tails

    before, after = run(plain.only(wanted).safe_end), run(composed(wanted))
    print(f"hold-back over the {len(tokens)} prose deltas ({len(wanted)} rules masked in answers by the default "
          f"policy): deltas ending with text held / of them with their whole word held / characters held, summed")
    print(f"  from the match's start (before): {before[0]} / {before[1]} / {before[2]};  from the value's start "
          f"(now): {after[0]} / {after[1]} / {after[2]}")
    holders: dict[str, int] = {}
    for text in after[3]:
        for rule_id in wanted:
            if composed({rule_id})(text, 0) < len(text):
                holders[rule_id] = holders.get(rule_id, 0) + 1
    ranked = sorted(holders.items(), key=lambda kv: -kv[1])
    print("  still held by: " + (", ".join(f"{r} ({n})" for r, n in ranked) or "nothing"))


def measure(proxy: harness.Proxy, runs: int) -> list[dict]:
    proc = subprocess.run([str(harness.CLIENT_PYTHON), "-c", CLIENT, proxy.url, str(proxy.ca), str(runs)],
                          capture_output=True, text=True, timeout=600, env=harness.client_env(proxy))
    if proc.returncode:
        raise RuntimeError(proc.stderr[-3000:])
    return json.loads(proc.stdout.strip().splitlines()[-1])


def ms(values) -> str:
    return f"{statistics.median(values) * 1000:8.1f}"


# Cost of the stream masker per message, no proxies: the StreamMasker a guarded WebSocket connection gets
# (streaming.Streaming._ws_masker, shipped rules, default policy), fed messages of three kinds and the README
# word by word. Run in a child with one checkout first on sys.path, so an older tree can be measured side by
# side (--masker TREE ...).
MASKER = r"""
import json, re, sys, tempfile, time
from pathlib import Path
sys.path.insert(0, sys.argv[1])
from addons.core import runtime
from addons.stream import streaming
with tempfile.TemporaryDirectory() as tmp:
    rt = runtime.build(None, [], Path(tmp) / "key")
runtime.install(rt)
addon = streaming.Streaming()

class Flow:
    id, metadata = "bench", {}

readme = Path(sys.argv[2]).read_text()
prose = readme[5000:7000]
words = re.findall(r"\s*\S+", readme[:30000])
kinds = {
    "text message, 2 KB of one long token": [f"{i} " + "x" * 2000 for i in range(200)],
    "text message, 2 KB of README prose": [prose] * 60,
    "JSON text delta (response.text.delta)": [json.dumps({"type": "response.text.delta", "delta": w})
                                              for w in words[:600]],
}
out = {}
for direction in ("request", "response"):  # a client's messages are requests: every rule holds there
    for name, messages in kinds.items():
        best = float("inf")
        for _ in range(3):
            masker = addon._ws_masker(Flow(), rt, direction)
            addon._ws.clear()
            t0 = time.perf_counter()
            for m in messages:
                masker.message(m)
            best = min(best, (time.perf_counter() - t0) / len(messages) * 1000)
        out[f"{direction}: {name}"] = f"{best:.2f} ms"
# A streamed answer (OpenAI chat chunks over SSE) of the README's words: the path of every streamed completion.
sys.path.append(sys.argv[3])  # tests.stream.streams from this checkout; addons stay the measured tree's
import functools
from addons.stream.masker import StreamMasker
from tests.stream import streams
# attack54: the same words as a PDF extraction gives them (every blank a NBSP, a U+FFFD every 50th word): non-ASCII
# text, which the undisguised view's hold-backs read too (disguise.disguised_safe_end)
pdf = [w.replace(" ", "\u00a0").replace("\n", "\u00a0") + ("\ufffd" if i % 50 == 49 else "")
       for i, w in enumerate(words[:1000])]
# and with Latin letters written as their Cyrillic lookalikes, which the undisguised view folds back (the view exists)
cyrillic = [w.translate(str.maketrans("aeopcx", "\u0430\u0435\u043e\u0440\u0441\u0445")) for w in words[:1000]]
for label, stream_words in (("README words", words[:1000]), ("README words, NBSP blanks and U+FFFD", pdf),
                            ("README words, Cyrillic lookalikes", cyrillic)):
    events = [e + b"\n\n" for e in streams.openai_chat(stream_words).split(b"\n\n") if e]
    best = float("inf")
    for _ in range(3):
        sse = StreamMasker("openai_chat", functools.partial(rt.inspector.inspect_text, cache=False),
                           addon.max_holdback, *addon._safe_end(rt, None), framing="sse")
        t0 = time.perf_counter()
        for e in events:
            sse.feed(e)
        sse.finish()
        best = min(best, (time.perf_counter() - t0) / len(events) * 1000)
    out[f"SSE chat chunk of {label} (1,000 events)"] = f"{best:.2f} ms" + (" (stopped)" if sse.stopped else "")
masker = addon._ws_masker(Flow(), rt, "response")
addon._ws.clear()
t0 = time.perf_counter()
for i, w in enumerate(words):
    r = masker.message(json.dumps({"type": "response.text.delta", "delta": w}))
    if r is None or masker.stopped:
        break
out["README.md, first 30 KB word by word"] = (f"{i + 1} of {len(words)} deltas in {time.perf_counter() - t0:.1f} s"
                                              + (" (stopped: hold-back cap)" if masker.stopped else ""))
print(json.dumps(out))
"""


def masker_report(trees: list[Path], rounds: int) -> None:
    """Per-message masker cost for each tree, the trees alternated `rounds` times (the machine is noisy)."""
    rows: dict[str, dict[str, list[str]]] = {}
    for _ in range(rounds):
        for tree in trees:
            out = subprocess.run([sys.executable, "-c", MASKER, str(tree), str(ROOT / "README.md"), str(ROOT)],
                                 capture_output=True, text=True, check=True).stdout
            for kind, value in json.loads(out).items():
                rows.setdefault(kind, {}).setdefault(str(tree), []).append(value)
    for kind, by_tree in rows.items():
        print(kind)
        for tree, values in by_tree.items():
            print(f"  {tree:40} {' | '.join(values)}")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--tokens", type=int, default=150)
    ap.add_argument("--gap-ms", type=float, default=10.0)
    ap.add_argument("--burst-tokens", type=int, default=3000)
    ap.add_argument("--holds-only", action="store_true", help="only the hold-back report, no proxies")
    ap.add_argument("--masker", nargs="*", type=Path, metavar="TREE",
                    help="only the masker's cost per WebSocket message, no proxies: this checkout, or each TREE "
                         "given (another checkout, side by side), alternated --runs times")
    args = ap.parse_args()
    if args.masker is not None:
        masker_report(args.masker or [ROOT], args.runs)
        return
    holdback_report(token_texts(args.tokens)[0])
    if args.holds_only:
        return

    with tempfile.TemporaryDirectory() as d:
        tmp = Path(d)
        ca, pem = harness.make_upstream_certs(tmp / "upstream-ca")
        upstream = harness.Upstream(pem)
        harness._upstream_ca[id(upstream)] = ca
        bare = start_bare(tmp, upstream)
        guarded = harness.start_proxy(tmp / "eg", upstream)
        try:
            prose, secrets = token_texts(args.tokens)
            burst, _ = token_texts(args.burst_tokens)
            cases = [("prose", prose, args.gap_ms / 1000), ("with secrets", secrets, args.gap_ms / 1000),
                     (f"burst {args.burst_tokens} tok, no gap", burst, 0.0)]
            print(f"{args.runs} runs each, median; {args.tokens} tokens, {args.gap_ms:g} ms between events "
                  f"(burst: {args.burst_tokens} tokens, no gap)")
            print(f"{'stream':28} {'proxy':10} {'TTFT ms':>8} {'total ms':>9}   added TTFT / total")
            for name, tokens, gap in cases:
                body = streams.openai_chat(tokens)
                events = [e + b"\n\n" for e in body.split(b"\n\n") if e]
                upstream.reset()
                upstream.route("POST", "/v1/chat/completions", lambda req, ev=events, g=gap: harness.Reply(
                    200, {"content-type": "text/event-stream"}, chunks=[(e, g if i > 1 else 0)
                                                                         for i, e in enumerate(ev)]))
                res = {}
                for label, proxy in (("bare", bare), ("exitguard", guarded)):
                    measure(proxy, 1)  # warm up: TLS session, certificate generation, rule caches
                    res[label] = measure(proxy, args.runs)
                for label in ("bare", "exitguard"):
                    r = res[label]
                    extra = ""
                    if label == "exitguard":
                        b = res["bare"]
                        d_ttft = statistics.median(x["ttft"] for x in r) - statistics.median(x["ttft"] for x in b)
                        tb = statistics.median(x["total"] for x in b)
                        d_tot = statistics.median(x["total"] for x in r) - tb
                        extra = f"   {d_ttft * 1000:+.1f} ms / {d_tot * 1000:+.1f} ms ({d_tot / tb * 100:+.1f}%)"
                    print(f"{name:28} {label:10} {ms(x['ttft'] for x in r)} {ms(x['total'] for x in r)} {extra}")
                leaked = any(s in x["text"] for x in res["exitguard"]
                             for s in (fakes.github_pat(31), fakes.aws_key_id(32), fakes.openai_key(33)))
                masked = sum(x["text"].count("[MASKED:") for x in res["exitguard"][:1])
                if name == "with secrets":
                    print(f"{'':28} secrets leaked through exitguard: {leaked}; masked values per answer: {masked}")
        finally:
            bare.stop()
            guarded.stop()
            upstream.close()


if __name__ == "__main__":
    main()
