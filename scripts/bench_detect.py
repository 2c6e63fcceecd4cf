#!/usr/bin/env python3
"""Benchmark the detection engine on deterministic corpora, and detect-secrets on the same input when it can
be installed into a throwaway venv under /tmp:

- mixed: ~10 MB of prose, code, logs and JSON chat bodies, plus p50/p99 for a 16 KB and a 256 KB prompt;
- dense credentials: one credential per ~800 bytes (a support chat, a pasted .env), target >= 50 MB/s,
  and a 256 KB dense prompt (target p99 < 5 ms);
- clean code: no findings at all, target >= 200 MB/s;
- nonlatin (only with --only): Russian and Japanese words with numbers, which the first stage reads as runs of `?`;
- dense PII: a customer export with an e-mail and an IP address on every line, at 1, 3 and 10 MB: the
  MB/s must not fall as the input grows (every stage linear);
- blob: a 7 MiB PDF as base64 in a JSON document body, read as the guard reads it (its fields, and the printable text
  its base64 decodes to: long lines of random bytes): a look-ahead or backtracking that grows with a line's length
  shows here first (session 23: a 700-character look-ahead made this body cost 10x);
- inspection: the proxy's own path (``Inspector.detect``: the engine plus the undisguised and loose views) on the
  mixed corpus, clean code and streamed answers (chat chunks in SSE), beside the engine alone on the same bodies,
  and the dense PII export at the --pii-mb sizes as one body each (within the time budget?).

    .venv/bin/python scripts/bench_detect.py [--mb 10] [--engine hyperscan|python] [--no-detect-secrets]
                                             [--baseline DIR] [--only mixed,dense,clean,pii,inspection,blob]
                                             [--pii-mb 1,3,10] [--cli] [--no-time-budget] [--repeat N]

`--baseline DIR` also runs the engine of another checkout (e.g. `git archive <commit> addons rules | tar -x
-C DIR`) in a child process on the same corpora, for a side-by-side before/after in one run. `--repeat N`
alternates the two N times (baseline, this checkout, baseline, ...): on a shared machine one pair can be off by
more than the change measured, the median of N pairs much less.
Prints figures; asserts nothing (timings depend on the machine).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

if "--baseline-child" in sys.argv:  # run another checkout's engine (see --baseline)
    ROOT = Path(sys.argv[sys.argv.index("--baseline-child") + 1])
sys.path.insert(0, str(ROOT))

from addons.detect import Scanner  # noqa: E402

WORDS = ["the", "a", "to", "of", "and", "in", "that", "is", "for", "it", "with", "as", "on", "be", "this", "by", "are",
         "from", "at", "or", "an", "which", "have", "not", "can", "will", "request", "response", "model", "token",
         "user", "system", "function", "return", "value", "config", "server", "client", "error", "data", "file",
         "deploy", "build", "test", "cache", "query", "table", "index", "session", "account", "service", "key",
         "password", "secret", "policy", "proxy", "agent", "tool", "message", "stream", "chunk", "retry", "timeout",
         "header", "body", "json", "yaml", "log", "trace", "debug", "warning", "info", "please", "could", "you", "help",
         "me", "fix", "explain", "why", "does", "my", "code", "fail", "when", "I", "run", "it", "locally", "but",
         "works", "in", "CI"]
IDENTS = ["user_id", "items", "result", "config", "session", "handler", "payload", "client", "logger",
          "max_tokens", "temperature", "api_version", "timeout", "retries", "page_token", "cache_key"]


def _prose(rng: random.Random) -> str:
    sentences = []
    for _ in range(rng.randint(3, 8)):
        words = [rng.choice(WORDS) for _ in range(rng.randint(6, 20))]
        sentences.append(" ".join(words).capitalize() + rng.choice([".", "?", "!", "."]))
    return " ".join(sentences) + "\n\n"


def _code(rng: random.Random) -> str:
    name = rng.choice(IDENTS)
    lines = [f"def process_{name}({rng.choice(IDENTS)}, {rng.choice(IDENTS)}=None):"]
    for _ in range(rng.randint(4, 14)):
        lines.append(rng.choice([
            f"    {rng.choice(IDENTS)} = {rng.choice(IDENTS)}.get('{rng.choice(IDENTS)}', {rng.randint(0, 999)})",
            f"    if not {rng.choice(IDENTS)}:\n        raise ValueError('missing {rng.choice(IDENTS)}')",
            f"    logger.info('processed %s items in %.2fs', len({rng.choice(IDENTS)}), elapsed)",
            f"    token = os.environ['{rng.choice(IDENTS).upper()}_TOKEN']",
            f"    return {{'status': 'ok', 'id': '{rng.getrandbits(128):032x}'}}",
            "    password = config.get('db_password')",
            f"    for index, item in enumerate({rng.choice(IDENTS)}):",
        ]))
    return "\n".join(lines) + "\n\n"


def _log(rng: random.Random) -> str:
    lines = []
    for _ in range(rng.randint(5, 20)):
        # One line in five names the client address (application logs, not pure access logs).
        peer = " peer=" + ".".join(str(rng.randint(1, 254)) for _ in range(4)) if rng.random() < 0.2 else ""
        lines.append(
            f"2026-11-{rng.randint(1, 28):02d}T{rng.randint(0, 23):02d}:{rng.randint(0, 59):02d}:"
            f"{rng.randint(0, 59):02d}.{rng.randint(0, 999):03d}Z {rng.choice(['INFO', 'WARN', 'ERROR', 'DEBUG'])} "
            f"req={rng.getrandbits(64):016x} {rng.choice(['GET', 'POST'])} /v1/{rng.choice(IDENTS)} "
            f"status={rng.choice([200, 201, 400, 404, 500])} dur={rng.random() * 900:.1f}ms{peer} "
            f"trace={rng.getrandbits(128):032x} sha={rng.getrandbits(160):040x}"
        )
    return "\n".join(lines) + "\n"


def _json_body(rng: random.Random) -> str:
    messages = [{"role": "system", "content": _prose(rng)}]
    for _ in range(rng.randint(1, 4)):
        messages.append({"role": "user", "content": _prose(rng) + _code(rng)})
        messages.append({"role": "assistant", "content": _prose(rng), "tool_calls": [{
            "id": f"call_{rng.getrandbits(96):024x}", "type": "function",
            "function": {"name": "run_query", "arguments": json.dumps({"query": _prose(rng)[:120], "limit": 10})},
        }]})
    return json.dumps({"model": "gpt-4o", "messages": messages, "max_tokens": 1024, "temperature": 0.2}) + "\n"


def _secret_line(rng: random.Random) -> str:
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    rand = "".join(rng.choice(alphabet) for _ in range(40))
    return rng.choice([
        f"OPENAI_API_KEY=sk-proj-{rand}{rand[:20]}\n",
        f"export AWS_ACCESS_KEY_ID=AKIA{rand[:16].upper()}\n",
        f"DB_PASSWORD={rand[:14]}\n",
        f"Contact: jane.roe{rng.randint(1, 99)}@mailbox.org\n",
    ])


def corpus(megabytes: float, seed: int = 7) -> str:
    rng = random.Random(seed)
    parts, size = [], 0
    makers = [_prose, _code, _log, _json_body]
    while size < megabytes * 1_000_000:
        part = rng.choice(makers)(rng)
        if rng.random() < 0.05:
            part += _secret_line(rng)
        parts.append(part)
        size += len(part)
    return "".join(parts)


def _dense_credential_line(rng: random.Random) -> str:
    """One credential in ~800 bytes of chat: what a support conversation or a pasted .env looks like."""
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789"
    rand = "".join(rng.choice(alphabet) for _ in range(48))
    secret = rng.choice([
        f"OPENAI_API_KEY=sk-proj-{rand}{rand[:20]}",
        f"aws_access_key_id = AKIA{rand[:16].upper()}",
        f"DB_PASSWORD={rand[:14]}",
        f"GITHUB_TOKEN=ghp_{rand[:36]}",
        f"my password is {rand[:6]}#{rand[6:12]}",
        f"Authorization: Bearer {rand}",
        f"slack: xoxb-{rng.randint(10**11, 10**12)}-{rng.randint(10**12, 10**13)}-{rand[:24]}",
    ])
    filler = _prose(rng)
    while len(filler) < 760:
        filler += _prose(rng)
    return filler[:760] + "\n" + secret + "\n"


def _sized(megabytes: float, seed: int, part) -> str:
    """Parts from `part(rng)` until the text reaches `megabytes`."""
    rng = random.Random(seed)
    parts, size = [], 0
    while size < megabytes * 1_000_000:
        parts.append(part(rng))
        size += len(parts[-1])
    return "".join(parts)


def dense_credentials(megabytes: float, seed: int = 11) -> str:
    return _sized(megabytes, seed, _dense_credential_line)


def clean_code(megabytes: float, seed: int = 13) -> str:
    return _sized(megabytes, seed, _code)


RUSSIAN_WORDS = ("сервер", "почта", "работает", "быстро", "нормально", "отвечает", "данные", "база", "система",
                 "пользователь", "настройка", "файл", "ключ", "доступ", "вход", "заказ", "номер", "счёт", "итого")
JAPANESE_WORDS = ("サーバー", "管理者", "連絡", "正常", "動作", "設定", "ファイル", "接続", "ユーザー", "確認", "変更",
                  "データ", "システム", "注文", "番号", "合計")


def _non_latin_line(words: tuple[str, ...]):
    """Twelve words, one in five a number (an order, an amount): the first stage reads each non-ASCII char as `?`, so
    a rule looking for пароль or パスワード there sees every word followed by a number."""
    def line(rng: random.Random) -> str:
        return " ".join(rng.choice(words) if rng.random() > 0.2 else str(rng.randint(10, 10**8))
                        for _ in range(12)) + "\n"
    return line


def russian_prose(megabytes: float, seed: int = 23) -> str:
    return _sized(megabytes, seed, _non_latin_line(RUSSIAN_WORDS))


def japanese_prose(megabytes: float, seed: int = 29) -> str:
    return _sized(megabytes, seed, _non_latin_line(JAPANESE_WORDS))


def dense_pii(megabytes: float, seed: int = 17) -> str:
    """A customer export: an e-mail address and an IP address on every line."""
    rng = random.Random(seed)
    lines, size = ["id,name,email,last_ip,plan\n"], 0
    while size < megabytes * 1_000_000:
        name = rng.choice(["ana", "ben", "chloe", "dev", "emil", "fatima", "gus", "hana"]) + str(rng.randint(1, 9999))
        ip = f"{rng.randint(11, 223)}.{rng.randint(0, 255)}.{rng.randint(0, 255)}.{rng.randint(1, 254)}"
        domain = rng.choice(["mailbox.org", "gmx.de", "corp.io"])
        line = f"{rng.randint(1, 10**7)},{name.title()},{name}@{domain},{ip},{rng.choice(['free', 'pro', 'team'])}\n"
        lines.append(line)
        size += len(line)
    return "".join(lines)


def chat_prompt(size: int, seed: int) -> str:
    """An OpenAI chat request body of about `size` chars."""
    rng = random.Random(seed)
    messages, total = [], 0
    while total < size:
        content = rng.choice([_prose, _code, _log])(rng)
        messages.append({"role": rng.choice(["user", "assistant"]), "content": content})
        total += len(content) + 40
    return json.dumps({"model": "gpt-4o", "messages": messages})


def time_scan(scanner: Scanner, text: str) -> tuple[float, float]:
    """(wall-clock, CPU) seconds of one scan. CPU time is what the scan itself costs; wall-clock also
    counts waiting for a core, which other processes on this shared machine cause."""
    wall, cpu = time.perf_counter(), time.process_time()
    scanner.scan(text)
    return time.perf_counter() - wall, time.process_time() - cpu


def bench_engine(scanner: Scanner, text: str, bodies: list[str]) -> None:
    scanner.scan(bodies[0])  # warm up (scratch allocation, lazy caches)
    runs = []
    for _ in range(3):
        times = [time_scan(scanner, body) for body in bodies]
        runs.append((sum(w for w, _ in times), sum(c for _, c in times)))
    wall = statistics.median(w for w, _ in runs)
    cpu = statistics.median(c for _, c in runs)
    findings = sum(len(scanner.scan(body)) for body in bodies)
    megabytes = len(text) / 1e6
    print(f"  corpus: {megabytes:.1f} MB in {len(bodies)} bodies of ~100 KB, {findings} findings: "
          f"{megabytes / wall:.1f} MB/s wall-clock ({wall:.3f} s), {megabytes / cpu:.1f} MB/s CPU ({cpu:.3f} s)")
    for size in (16 * 1024, 256 * 1024):
        prompts = [chat_prompt(size, seed) for seed in range(5)]
        samples = [time_scan(scanner, prompts[i % 5]) for i in range(200)]
        found = sum(len(scanner.scan(prompt)) for prompt in prompts) / len(prompts)
        for label, values in (("wall", [w for w, _ in samples]), ("CPU", [c for _, c in samples])):
            ordered = sorted(v * 1000 for v in values)
            print(f"  {size // 1024:>3} KB chat prompt ({found:.0f} findings) {label:>4}: p50 "
                  f"{ordered[len(ordered) // 2]:.2f} ms, p99 {ordered[int(len(ordered) * 0.99) - 1]:.2f} ms")


def throughput(scanner: Scanner, label: str, text: str, body_size: int = 100_000, runs: int = 3) -> None:
    """Median MB/s over `runs` passes of `text` cut into bodies of `body_size` chars (0: one body)."""
    bodies = [text[i:i + body_size] for i in range(0, len(text), body_size)] if body_size else [text]
    scanner.scan(bodies[0][:10_000])
    walls, cpus = [], []
    for _ in range(runs):
        times = [time_scan(scanner, body) for body in bodies]
        walls.append(sum(w for w, _ in times))
        cpus.append(sum(c for _, c in times))
    reports = [scanner.scan_report(body) for body in bodies]
    findings = sum(len(report.findings) for report in reports)
    # An incomplete scan hit the time budget: its MB/s is not a throughput, only a bound.
    cut = sum(report.incomplete for report in reports)
    megabytes = len(text) / 1e6
    wall, cpu = statistics.median(walls), statistics.median(cpus)
    print(f"  {label}: {megabytes:.1f} MB, {findings} findings: {megabytes / wall:.1f} MB/s wall-clock, "
          f"{megabytes / max(cpu, 1e-9):.1f} MB/s CPU"
          + (f" (INCOMPLETE: {cut} bodies hit the time budget)" if cut else ""))


def latency(scanner: Scanner, label: str, prompts: list[str], samples: int = 200) -> None:
    times = sorted(time_scan(scanner, prompts[i % len(prompts)])[0] * 1000 for i in range(samples))
    found = sum(len(scanner.scan(p)) for p in prompts) / len(prompts)
    print(f"  {label} ({found:.0f} findings): p50 {times[len(times) // 2]:.2f} ms, "
          f"p99 {times[int(len(times) * 0.99) - 1]:.2f} ms wall-clock")


def bench_dense(scanner: Scanner, megabytes: float) -> None:
    throughput(scanner, "dense credentials (1 per ~800 B), 100 KB bodies", dense_credentials(min(megabytes, 5)))
    prompts = [json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": dense_credentials(0.25, seed)}]})
               for seed in range(5)]
    latency(scanner, "256 KB dense-credential chat prompt", prompts)


def bench_clean(scanner: Scanner, megabytes: float) -> None:
    throughput(scanner, "clean code, 100 KB bodies", clean_code(megabytes))


def bench_non_latin(scanner: Scanner, megabytes: float) -> None:
    throughput(scanner, "Russian prose with numbers, 100 KB bodies", russian_prose(megabytes))
    throughput(scanner, "Japanese prose with numbers, 100 KB bodies", japanese_prose(megabytes))


def document_body(megabytes: float, seed: int = 7) -> bytes:
    """An Anthropic message with a PDF of `megabytes` MiB (random bytes after its header) as base64: one JSON line.
    Seed 7 at 7 MiB is the body whose decoded reading cost 10x in session 23 (tests/guard/test_chance_keys_in_blobs)."""
    pdf = b"%PDF-1.7\n" + random.Random(seed).randbytes(int(megabytes * (1 << 20)))
    return json.dumps({"model": "claude-test", "max_tokens": 64, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf",
                                        "data": base64.b64encode(pdf).decode()}},
        {"type": "text", "text": "summarise this"}]}]}).encode()


def bench_blob(megabytes: float, no_time_budget: bool) -> None:
    """The document body as the guard reads it: `formats.open_body` (its JSON fields, and the text the base64 run
    decodes to), then `Inspector.inspect_field` on every field. CPU seconds of one pass, and the slowest field."""
    from addons.core import runtime
    from addons.formats import open_body

    body = document_body(megabytes)
    with tempfile.TemporaryDirectory() as tmp:
        inspector = runtime.build(None, [], Path(tmp) / "fingerprint.key").inspector
    if no_time_budget:
        inspector.scanner.time_budget = float("inf")
    started = time.process_time()
    doc = open_body("application/json", body)
    opened = time.process_time() - started
    per_field = []
    for field in doc.fields:
        cpu = time.process_time()
        inspector.inspect_field(field.text, "request", field.location)
        per_field.append((time.process_time() - cpu, field))
    slowest, field = max(per_field, key=lambda pair: pair[0])
    total = opened + sum(cpu for cpu, _ in per_field)
    print(f"  base64 PDF of {megabytes:g} MiB in a JSON body ({len(body) / 1e6:.1f} MB), the guard's reading: "
          f"{total:.2f} s CPU ({len(body) / 1e6 / max(total, 1e-9):.1f} MB/s; opening {opened:.2f} s, "
          f"{len(doc.fields)} fields, the slowest {slowest:.2f} s: {field.kind} of {len(field.text):,} characters)")


def bench_inspection(megabytes: float, no_time_budget: bool, pii_sizes: tuple[float, ...] = ()) -> None:
    """The proxy's path: ``Inspector.detect`` uncached (the scanner, plus the undisguised and loose views and their
    pre-checks), beside the scanner alone on the same bodies, CPU time, median of 3 passes; then the dense PII
    export at each of `pii_sizes` (see bench_inspection_pii)."""
    from addons.core import runtime

    with tempfile.TemporaryDirectory() as tmp:
        inspector = runtime.build(None, [], Path(tmp) / "fingerprint.key").inspector
    if no_time_budget:
        inspector.scanner.time_budget = float("inf")
    for label, text in (("mixed corpus", corpus(megabytes)), ("clean code", clean_code(megabytes)),
                        ("streamed answer, 60 KB bodies", streamed_answers(megabytes))):
        size = 60_000 if "streamed" in label else 100_000
        bodies = [text[i:i + size] for i in range(0, len(text), size)]
        rates = {}
        for name, scan in (("inspection", lambda body: inspector.detect(body, cache=False)),
                           ("scanner alone", inspector.scanner.scan)):
            cpus = []
            for _ in range(3):
                started = time.process_time()
                for body in bodies:
                    scan(body)
                cpus.append(time.process_time() - started)
            rates[name] = len(text) / 1e6 / max(statistics.median(cpus), 1e-9)
        print(f"  inspection path, {label}: {rates['inspection']:.1f} MB/s CPU "
              f"(scanner alone {rates['scanner alone']:.1f} MB/s)")
    for size in pii_sizes:
        bench_inspection_pii(inspector, size)


def bench_inspection_pii(inspector, megabytes: float) -> None:
    """The dense PII export as one body through ``Inspector.detect``, as an upload reaches the proxy: one pass
    (the scanner keeps its time budget unless --no-time-budget), CPU and wall-clock seconds, and whether any part
    was left unscanned."""
    text = dense_pii(megabytes)
    inspector.detect(text[:10_000], cache=False)
    wall, cpu = time.perf_counter(), time.process_time()
    found, incomplete = inspector.detect(text, cache=False)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    print(f"  inspection path, dense PII export as one {megabytes:g} MB body: {len(found)} findings in {cpu:.2f} s "
          f"CPU ({len(text) / 1e6 / cpu:.1f} MB/s), {wall:.2f} s wall-clock"
          + (" (INCOMPLETE: part of it was not scanned)" if incomplete else ""))


def streamed_answers(megabytes: float, seed: int = 19) -> str:
    """OpenAI chat chunks, one word each, as a streamed answer's record holds them (text/event-stream)."""
    rng = random.Random(seed)
    events = []
    size = 0
    while size < megabytes * 1e6:
        word = rng.choice(WORDS)
        event = ("data: " + json.dumps({"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 1767225600,
                                        "model": "gpt-4o", "choices": [{"index": 0, "delta": {"content": " " + word},
                                                                        "finish_reason": None}]}) + "\n\n")
        events.append(event)
        size += len(event)
    return "".join(events)


def bench_pii(scanner: Scanner, sizes: tuple[float, ...], cli: bool) -> None:
    for size in sizes:
        text = dense_pii(size)
        throughput(scanner, f"dense PII export as one {size:g} MB body", text, body_size=0, runs=1)
        if cli:
            bench_cli_scan(text, f"{size:g} MB")


def bench_cli_scan(text: str, label: str) -> None:
    """`exitguard scan FILE` of this checkout as a user runs it (a child process, start-up included)."""
    code = f"import sys; sys.path.insert(0, {str(ROOT)!r}); from addons.cli.main import main; sys.exit(main())"
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "export.csv"
        path.write_text(text)
        wall = time.perf_counter()
        done = subprocess.run([sys.executable, "-c", code, "scan", str(path)], capture_output=True, text=True)
        wall = time.perf_counter() - wall
    summary = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr.strip()[-200:]
    incomplete = sum(line.startswith("incomplete ") for line in done.stdout.splitlines())
    print(f"  exitguard scan, {label} file: {wall:.2f} s wall-clock, {len(text) / 1e6 / wall:.2f} MB/s "
          f"({summary}" + (f"; INCOMPLETE: {incomplete} reasons" if incomplete else "") + ")")


def bench_detect_secrets(text: str, label: str = "mixed corpus") -> None:
    venv = Path("/tmp/exitguard-bench-detect-secrets")
    python = venv / "bin" / "python"
    if not python.exists():
        try:
            subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True, capture_output=True)
            subprocess.run([str(python), "-m", "pip", "install", "-q", "detect-secrets"], check=True,
                           capture_output=True, timeout=300)
        except (subprocess.SubprocessError, OSError) as exc:
            print(f"  detect-secrets: not measured (could not install it into {venv}: {exc})")
            return
    with tempfile.TemporaryDirectory() as tmp:
        sample = Path(tmp) / "corpus.txt"
        # detect-secrets runs at well under 1 MB/s: measure it on the first 2 MB of the same corpus.
        sample.write_text(text[:2_000_000])
        code = (
            "import sys, time\n"
            "from detect_secrets import SecretsCollection\n"
            "from detect_secrets.settings import default_settings\n"
            "with default_settings():\n"
            "    c = SecretsCollection(); t = time.perf_counter(); c.scan_file(sys.argv[1])\n"
            "    print(time.perf_counter() - t, sum(len(v) for v in c.data.values()))\n"
        )
        out = subprocess.run([str(python), "-c", code, str(sample)], capture_output=True, text=True, cwd=tmp)
        if out.returncode != 0:
            print(f"  detect-secrets: failed: {out.stderr.strip()[-300:]}")
            return
        seconds, found = out.stdout.split()
        print(f"  detect-secrets {_version(python)} on {label} (in-process, 1 process): 2.0 MB in "
              f"{float(seconds):.2f} s "
              f"-> {2.0 / float(seconds):.2f} MB/s ({found} findings)")


def _version(python: Path) -> str:
    out = subprocess.run([str(python), "-c", "import importlib.metadata as m; print(m.version('detect-secrets'))"],
                         capture_output=True, text=True)
    return out.stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=10.0)
    parser.add_argument("--engine", choices=["hyperscan", "python"], action="append")
    parser.add_argument("--no-detect-secrets", action="store_true")
    parser.add_argument("--baseline", type=Path, help="another checkout whose engine runs the same corpora first")
    parser.add_argument("--baseline-child", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--only", default="mixed,dense,clean,pii,inspection,blob",
                        help="comma-separated corpora to run (also: nonlatin, Russian and Japanese prose)")
    parser.add_argument("--pii-mb", default="1,3,10", help="sizes of the dense PII export (comma-separated MB)")
    parser.add_argument("--blob-mb", type=float, default=7.0, help="size of the PDF in the blob corpus (MiB)")
    parser.add_argument("--cli", action="store_true", help="also time `exitguard scan` on each PII export")
    parser.add_argument("--no-time-budget", action="store_true",
                        help="lift the scan time budget so every scan completes and MB/s is a real throughput")
    parser.add_argument("--repeat", type=int, default=1,
                        help="with --baseline: alternate the two builds this many times (take the median per figure)")
    args = parser.parse_args()
    for round_number in range(max(args.repeat, 1)):
        if args.repeat > 1:
            print(f"##### round {round_number + 1} of {args.repeat}")
        run(args)
    return 0


def run(args) -> None:
    only = set(args.only.split(","))
    if args.baseline:
        print(f"=== baseline: {args.baseline}")
        command = [sys.executable, __file__, "--baseline-child", str(args.baseline), "--only", args.only,
                   "--mb", str(args.mb), "--pii-mb", args.pii_mb, "--blob-mb", str(args.blob_mb), "--no-detect-secrets"]
        command += ["--cli"] * args.cli + ["--no-time-budget"] * args.no_time_budget
        for engine in args.engine or []:
            command += ["--engine", engine]
        subprocess.run(command, check=True)
        print(f"=== this checkout: {Path(__file__).resolve().parents[1]}")
    for engine in args.engine or ["hyperscan"]:
        start = time.perf_counter()
        scanner = Scanner.default(engine=engine)
        if args.no_time_budget:
            scanner.time_budget = float("inf")  # this process only: the CLI child keeps the default
        print(f"exitguard engine={engine}: {len(scanner.rules)} rules, loaded in {time.perf_counter() - start:.2f} s")
        if "mixed" in only:
            text = corpus(args.mb)
            bench_engine(scanner, text, [text[i:i + 100_000] for i in range(0, len(text), 100_000)])
        if "dense" in only:
            bench_dense(scanner, args.mb)
        if "clean" in only:
            bench_clean(scanner, args.mb)
        if "nonlatin" in only:
            bench_non_latin(scanner, args.mb)
        if "pii" in only:
            bench_pii(scanner, tuple(float(mb) for mb in args.pii_mb.split(",")), args.cli)
        if "blob" in only:
            bench_blob(args.blob_mb, args.no_time_budget)
        if "inspection" in only:
            bench_inspection(args.mb, args.no_time_budget, tuple(float(mb) for mb in args.pii_mb.split(",")))
    if not args.no_detect_secrets:
        if "mixed" in only:
            bench_detect_secrets(corpus(args.mb))
        if "dense" in only:
            bench_detect_secrets(dense_credentials(2.0), "dense credentials")


if __name__ == "__main__":
    raise SystemExit(main())
