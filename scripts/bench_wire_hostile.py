#!/usr/bin/env python3
"""CPU of `formats.wire.strings` on hostile and ordinary 1 MiB bodies (the gRPC one 64 KiB; attack27), for this
checkout and, with `--baseline DIR` (e.g. `git archive b890519 addons | tar -x -C DIR`), another one, side by side
in one run (each in a child process, one after the other). Seeded inputs; prints figures, asserts nothing.

    .venv/bin/python scripts/bench_wire_hostile.py [--baseline DIR]
"""

from __future__ import annotations

import argparse
import gzip
import json
import random
import subprocess
import sys
import time
from pathlib import Path

MIB = 1 << 20


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        out.append(n & 0x7F | (0x80 if n > 0x7F else 0))
        n >>= 7
        if not n:
            return bytes(out)


def _printable_nest() -> bytes:
    block = b"x" * 32
    while len(block) + 2 <= 127:
        block = b"\n" + bytes([len(block)]) + block
    return block * (MIB // len(block))


def bodies() -> dict[str, bytes]:
    text = " ".join(random.Random(2).choice(["hello", "world", "agent", "tool"]) for _ in range(MIB // 6))
    frame_payload = gzip.compress(b"\x0a" + _varint(MIB - 8) + b"a" * (MIB - 8), 9, mtime=0)
    frame = b"\x01" + len(frame_payload).to_bytes(4, "big") + frame_payload
    return {
        "random bytes": random.Random(1).randbytes(MIB),
        "chat JSON": json.dumps({"messages": [{"role": "user", "content": text}]}).encode()[:MIB],
        "CBOR zeros": b"\0" * MIB,
        "msgpack nils": b"\xc0" * MIB,
        "protobuf 3-byte fields": b"\x0a\x01a" * (MIB // 3),
        "protobuf 4-byte nested fields": b"\x0a\x02\x08\x00" * (MIB // 4),
        "protobuf printable self-nesting": _printable_nest(),
        "gRPC: 64 KiB of gzip frames": frame * ((64 << 10) // len(frame)),
    }


def child(root: str) -> None:
    sys.path.insert(0, root)
    from addons.formats import wire
    from addons.formats.model import BodyError

    out = {}
    for name, body in bodies().items():
        start = time.process_time()
        try:
            wire.strings(body)
            outcome = "read"
        except BodyError:
            outcome = "refused"
        out[name] = (time.process_time() - start, outcome)
    print(json.dumps(out))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline")
    parser.add_argument("--child")
    args = parser.parse_args()
    if args.child:
        child(args.child)
        return
    roots = {"this": str(Path(__file__).resolve().parents[1])}
    if args.baseline:
        roots = {"baseline": args.baseline, **roots}
    results = {}
    for label, root in roots.items():
        run = subprocess.run([sys.executable, __file__, "--child", root], capture_output=True, text=True, timeout=1800)
        results[label] = json.loads(run.stdout.strip().splitlines()[-1])
    print(f"{'1 MiB body':36s}" + "".join(f"{label:>22s}" for label in results))
    for name in bodies():
        cells = "".join(f"{results[label][name][0]:>12.3f} s {results[label][name][1]:>7s}" for label in results)
        print(f"{name:36s}{cells}")


if __name__ == "__main__":
    main()
