#!/usr/bin/env python3
"""What the stream masker's hold-back of a trailing encoded run (attack19: `formats/encoded.tail_safe_end`) costs
on ordinary text, in one run: how many ends of 4-character deltas the whole hold-back of a stream (shipped rules,
default policy, `Streaming._safe_end`) holds without it and with it, the characters held, and the time per delta.

The text is this checkout's README.md, DESIGN.md and EVASION.md (prose, code, URLs, ids, hashes). Times are the
minimum of ``--runs`` (the machine is shared).

    .venv/bin/python scripts/bench_encoded_tail_hold.py [--runs 3]
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addons.core import runtime  # noqa: E402
from addons.formats import encoded  # noqa: E402
from addons.stream.streaming import Streaming  # noqa: E402

DELTA = 4  # characters per streamed delta (about a token)
WINDOW = 1500  # characters of the channel the hold-back is asked about (sent context + new text)


def holds(safe_end, text: str) -> tuple[int, int, float]:
    held = chars = 0
    ends = range(DELTA, len(text), DELTA)
    t = time.perf_counter()
    for end in ends:
        window = text[max(0, end - WINDOW):end]
        start = len(window) - DELTA
        n = len(window) - safe_end(window, start)
        held += n > 0
        chars += n
    return held, chars, (time.perf_counter() - t) / len(ends)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    text = "".join((ROOT / name).read_text() for name in ("README.md", "DESIGN.md", "EVASION.md"))
    rt = runtime.build(None, [], Path(tempfile.mkdtemp()) / "fingerprint.key")
    with_tail = Streaming()._safe_end(rt, None)[0]
    real = encoded.tail_safe_end
    encoded.tail_safe_end = lambda text, start: len(text)  # the hold-back as it was before attack19
    try:
        without_tail = Streaming()._safe_end(rt, None)[0]
        before = [holds(without_tail, text) for _ in range(args.runs)]
    finally:
        encoded.tail_safe_end = real
    after = [holds(with_tail, text) for _ in range(args.runs)]
    deltas = len(range(DELTA, len(text), DELTA))
    for label, runs in (("without the encoded tail", before), ("with it", after)):
        held, chars, _ = runs[0]
        print(f"{label:26} {held:6} of {deltas} delta ends held, {chars} characters, "
              f"{min(r[2] for r in runs) * 1e6:.0f} us per delta")


if __name__ == "__main__":
    main()
