#!/usr/bin/env python3
"""What wire42's console cover costs per WebSocket message: the stream addon alone vs the stream addon and
``CoverMessage`` (audit/console_head.py), side by side in one run, on a realtime-like vendor session (text deltas and
base64 audio deltas, a `.done` per response). ``--passed``: the first delta carries an e-mail the default policy
lets through, so every later message of the vendor's direction is read again as the record reads it (the cover's
cost); without it no message is marked and the cover only looks.

    .venv/bin/python scripts/bench_ws_cover.py [--messages 600] [--runs 3] [--passed]
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from mitmproxy import websocket  # noqa: E402
from mitmproxy.test import taddons, tflow  # noqa: E402

from addons.audit.console_head import CoverMessage  # noqa: E402
from addons.core import compat, metakeys, runtime, wire  # noqa: E402
from addons.stream.streaming import Streaming  # noqa: E402

EMAIL = "dana.whitfield@northwind-traders.com"


def session(count: int, passed: bool) -> list[str]:
    rng = random.Random(42)
    words = ["the", "quick", "answer", "to", "your", "question", "is", "that", "the", "order", "ships", "on",
             "monday", "from", "the", "north", "depot"]
    out: list[str] = []
    while len(out) < count:
        text = []
        for i in range(20):
            piece = " " + " ".join(rng.choice(words) for _ in range(3))
            if passed and not out and i == 0:
                piece = f" write to {EMAIL}"
            text.append(piece)
            out.append(json.dumps({"type": "response.text.delta", "delta": piece}))
            audio = base64.b64encode(rng.randbytes(3200)).decode()
            out.append(json.dumps({"type": "response.audio.delta", "delta": audio}))
        out.append(json.dumps({"type": "response.text.done", "text": "".join(text)}))
    return out[:count]


async def run(messages: list[str], cover: bool) -> float:
    addons = [Streaming(), *([CoverMessage()] if cover else [])]
    with taddons.context(*addons):
        f = tflow.twebsocketflow()
        f.websocket.messages.clear()
        f.metadata[metakeys.HOST_CLASS] = "guarded"
        t0 = time.process_time()
        for text in messages:
            m = websocket.WebSocketMessage(websocket.Opcode.TEXT, False, text.encode())
            f.websocket.messages.append(m)
            for a in addons:
                await a.websocket_message(f)
            wire.take_message(m)
        return time.process_time() - t0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--messages", type=int, default=600)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--passed", action="store_true")
    args = ap.parse_args()
    compat.install()
    with tempfile.TemporaryDirectory() as d:
        runtime.install(runtime.build(None, [], Path(d) / "fingerprint.key"))
    messages = session(args.messages, args.passed)
    alone, covered = [], []
    asyncio.run(run(messages[:50], True))  # warm the caches both runs share
    for _ in range(args.runs):
        alone.append(asyncio.run(run(messages, False)))
        covered.append(asyncio.run(run(messages, True)))
    a, c = statistics.median(alone), statistics.median(covered)
    print(f"{len(messages)} messages, passed={args.passed}: stream alone {a * 1000 / len(messages):.3f} ms/message, "
          f"with the cover {c * 1000 / len(messages):.3f} ms/message, ratio {c / a:.2f} "
          f"(CPU seconds, median of {args.runs}: {a:.2f} / {c:.2f})")


if __name__ == "__main__":
    main()
