#!/usr/bin/env python3
"""Fuzz the body codecs: open_body + render, decode_content, the SSE parser. Not run in CI.

    .venv/bin/python scripts/fuzz_codecs.py [--seconds 120] [--engine auto|atheris|random] [--crash-dir DIR]

With atheris (coverage-guided, libFuzzer) when it is importable; install it into a throwaway venv that shares
.venv's packages (a manylinux wheel, nothing is built):

    .venv/bin/python -m venv /tmp/eg-fuzz
    .venv/bin/python -c "import site; print(site.getsitepackages()[0])" \
        > /tmp/eg-fuzz/lib/python3.11/site-packages/exitguard-venv.pth
    /tmp/eg-fuzz/bin/pip install --only-binary=:all: atheris
    /tmp/eg-fuzz/bin/python scripts/fuzz_codecs.py --engine atheris

Otherwise a bounded mutation loop over seed inputs (random). Either way every input goes to one target chosen
by its first byte, and these are crashes:
- any exception other than BodyError / BodyTooLarge (the documented fail-closed errors);
- render({}) not returning the input bytes unchanged;
- a JSON body that opened, rendered with every field replaced, no longer parsing as JSON;
- decode_content returning more than its limit;
- SSE: the events' raw bytes not adding up to the input (a byte lost or invented), or a re-parse of a
  serialized event disagreeing on its data.
Crashes are printed (type and place, never the input) and saved as files in --crash-dir for replay.
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import random
import sys
import time
import traceback
import zlib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

LIMIT = 1 << 20
CONTENT_TYPES = ["application/json", "application/json; charset=utf-16", "text/plain", "",
                 "application/x-www-form-urlencoded", "multipart/form-data; boundary=XyZ",
                 "application/x-ndjson", "application/octet-stream", "text/plain; charset=latin-1",
                 "application/vnd.api+json", "text/event-stream"]
ENCODINGS = ["gzip", "deflate", "deflateraw", "br", "zstd", "identity", "gzip, br", "x-gzip"]
TARGETS = ("body", "decode", "sse")

SEEDS = [
    json.dumps({"model": "m", "messages": [{"role": "user", "content": "key AKIAIOSFODNN7EXAMPLQ"}]}).encode(),
    json.dumps({"tool_calls": [{"function": {
        "arguments": json.dumps({"token": "ghp_x", "n": 12345678901})}}]}).encode(),
    b'{"a": "\\u0041KIA\\ud83d\\ude00", "b": [1, 2.5e3, null, true, NaN], "c\\n": {"": ""}}',
    b'{"a":1}\n{"b":"two"}\n',
    b"note=hi&token=%41KIA1234&payload=%7B%22x%22%3A1%7D&empty=&novalue",
    b'--XyZ\r\nContent-Disposition: form-data; name="f"\r\n\r\nvalue\r\n--XyZ\r\nContent-Disposition: form-data; '
    b'name="j"; filename="a.json"\r\nContent-Type: application/json\r\n\r\n{"k": "v"}\r\n--XyZ--\r\n',
    b'data: {"choices":[{"delta":{"content":"hi"}}]}\n\nevent: x\r\ndata: a\r\ndata: b\r\n\r\n'
    b': ping\n\ndata: [DONE]\n\n',
    b"\xef\xbb\xbfdata: bom\n\nid: 1\nretry: 10\ndata",
    gzip.compress(b'{"a": "' + b"0" * 5000 + b'"}'),
    zlib.compress(b"hello " * 100),
]


class Fuzzer:
    def __init__(self, crash_dir: Path) -> None:
        from addons.formats import BodyError, decode_content, open_body, sse

        self.BodyError, self.decode_content, self.open_body, self.sse = BodyError, decode_content, open_body, sse
        self.crash_dir = crash_dir
        self.tried: Counter[str] = Counter()
        self.crashes: dict[tuple, int] = {}

    # One input: the first byte picks the target and its parameter, the rest is the data.
    def one(self, data: bytes) -> None:
        if len(data) < 2:
            return
        target = TARGETS[data[0] % len(TARGETS)]
        self.tried[target] += 1
        try:
            getattr(self, f"_{target}")(data[1], data[2:])
        except self.BodyError:
            pass
        except Exception as e:
            self._crash(target, e, data)

    def _body(self, param: int, raw: bytes) -> None:
        content_type = CONTENT_TYPES[param % len(CONTENT_TYPES)]
        doc = self.open_body(content_type, raw)
        if doc.render({}) != raw:
            raise AssertionError(f"render({{}}) changed a {doc.kind} body")
        if not doc.fields:
            return
        out = doc.render({i: "[MASKED:fuzz:000000]" for i in range(len(doc.fields))})
        if doc.kind == "json" and "json" in content_type and "charset" not in content_type \
                and "ndjson" not in content_type:
            json.loads(out)  # a masked JSON body is still JSON
        again = self.open_body(content_type, out)
        if len(again.fields) < 1:
            raise AssertionError(f"a rendered {doc.kind} body lost all its fields")

    def _decode(self, param: int, raw: bytes) -> None:
        encoding = ENCODINGS[param % len(ENCODINGS)]
        if param & 0x80:  # also feed real compressed data of the fuzzed bytes
            raw = {"gzip": gzip.compress, "deflate": zlib.compress}.get(encoding, lambda b: b)(raw)
        out = self.decode_content(raw, encoding, LIMIT)
        if len(out) > LIMIT:
            raise AssertionError(f"decode_content({encoding}) returned {len(out)} bytes > limit")

    def _sse(self, param: int, raw: bytes) -> None:
        parser = self.sse.SSEParser()
        step = param % 17 + 1
        events = []
        for i in range(0, len(raw), step):
            events += parser.feed(raw[i:i + step])
        events += parser.finish()
        expected = raw[3:] if raw.startswith(b"\xef\xbb\xbf") and len(raw) >= 3 else raw
        if b"".join(e.raw for e in events) != expected:
            raise AssertionError("SSE events' raw bytes do not add up to the input")
        for event in events:
            data = event.data
            if data is None or "\r" in data:
                continue
            reparsed = self.sse.SSEParser().feed(self.sse.serialize(event, data))
            if len(reparsed) != 1 or reparsed[0].data != data:
                raise AssertionError("serialize + parse changed an event's data")

    def _crash(self, target: str, e: Exception, data: bytes) -> None:
        frame = traceback.extract_tb(e.__traceback__)[-1]
        key = (target, type(e).__name__, Path(frame.filename).name, frame.lineno)
        first = key not in self.crashes
        self.crashes[key] = self.crashes.get(key, 0) + 1
        if first:
            self.crash_dir.mkdir(parents=True, exist_ok=True)
            name = f"crash-{target}-{hashlib.sha1(data).hexdigest()[:12]}"
            (self.crash_dir / name).write_bytes(data)
            print(f"CRASH {target}: {type(e).__name__} at {key[2]}:{key[3]} -> {self.crash_dir / name}", flush=True)

    def report(self, seconds: float, engine: str) -> int:
        print(f"\nengine {engine}, {seconds:.0f} s")
        print(f"{'target':<8} {'inputs':>10}")
        for target in TARGETS:
            print(f"{target:<8} {self.tried[target]:>10}")
        print(f"{'total':<8} {sum(self.tried.values()):>10}")
        print(f"distinct crashes: {len(self.crashes)}")
        for (target, kind, file, line), count in sorted(self.crashes.items()):
            print(f"  {target:<7} {kind:<24} {file}:{line}  x{count}")
        return 1 if self.crashes else 0


def mutate(rng: random.Random, data: bytes) -> bytes:
    b = bytearray(data)
    for _ in range(rng.randint(1, 8)):
        op = rng.randrange(6)
        pos = rng.randrange(len(b) + 1)
        if op == 0 and b:
            b[pos % len(b)] = rng.randrange(256)
        elif op == 1:
            b[pos:pos] = bytes([rng.randrange(256)]) * rng.randint(1, 4)
        elif op == 2 and b:
            del b[pos:pos + rng.randint(1, 16)]
        elif op == 3:
            b[pos:pos] = rng.choice([b'"', b"\\", b"\\u", b"{", b"[", b"}", b"]", b"\r\n", b"\n\n", b"%", b"&",
                                     b"=", b"--XyZ", b"data:", b"\xef\xbb\xbf", b"\xff", b"\x00", b"\\ud800"])
        elif op == 4:
            other = rng.choice(SEEDS)
            b[pos:pos] = other[rng.randrange(len(other) + 1):][:64]
        else:
            b = b[:pos] + b[pos:pos + 32] * rng.randint(2, 50) + b[pos + 32:]  # repetition
    return bytes(b[:200_000])


def run_random(fuzzer: Fuzzer, seconds: float, seed: int) -> None:
    rng = random.Random(seed)
    corpus = [bytes([t]) + bytes([rng.randrange(256)]) + s for s in SEEDS for t in range(len(TARGETS))]
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for _ in range(200):  # check the clock now and then, not per input
            data = mutate(rng, rng.choice(corpus))
            fuzzer.one(data)
            if len(corpus) < 5000 and rng.random() < 0.01:
                corpus.append(data)


def run_atheris(fuzzer: Fuzzer, seconds: float, crash_dir: Path) -> None:
    import os

    import atheris

    started = time.monotonic()

    def one(data: bytes) -> None:
        fuzzer.one(data)
        if time.monotonic() - started >= seconds:  # libFuzzer would _exit without our table
            code = fuzzer.report(time.monotonic() - started, "atheris")
            sys.stdout.flush()
            os._exit(code)

    corpus_dir = crash_dir / "corpus"
    corpus_dir.mkdir(parents=True, exist_ok=True)
    for i, s in enumerate(SEEDS):
        for t in range(len(TARGETS)):
            (corpus_dir / f"seed-{i}-{t}").write_bytes(bytes([t, 0]) + s)
    atheris.Setup([sys.argv[0], f"-max_total_time={int(seconds) + 30}", "-max_len=200000",
                   "-rss_limit_mb=4096", str(corpus_dir)], one)
    try:
        atheris.Fuzz()
    except SystemExit:
        pass


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--seconds", type=float, default=120)
    parser.add_argument("--engine", choices=["auto", "atheris", "random"], default="auto")
    parser.add_argument("--crash-dir", type=Path, default=Path("/tmp/exitguard-fuzz"))
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    engine = args.engine
    if engine == "auto":
        try:
            import atheris
            engine = "atheris"
        except ImportError:
            engine = "random"
    if engine == "atheris":
        import atheris

        with atheris.instrument_imports():
            import addons.formats
            import addons.formats.sse  # noqa: F401
    fuzzer = Fuzzer(args.crash_dir)
    started = time.monotonic()
    if engine == "atheris":
        run_atheris(fuzzer, args.seconds, args.crash_dir)
        return fuzzer.report(time.monotonic() - started, engine)
    run_random(fuzzer, args.seconds, args.seed)
    return fuzzer.report(time.monotonic() - started, engine)


if __name__ == "__main__":
    sys.exit(main())
