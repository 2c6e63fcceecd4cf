#!/usr/bin/env python3
"""What reading a brokered key's spellings (attack16: hex, base64 wrapped or not, quoted-printable, escapes; see
credentials/answer.SpelledKey) costs the brokered-credential detector, with and without them, in one run:

- how many ends of 4-character deltas of ordinary text its stream hold-back holds, and its time per delta;
- its time per MB of a whole text (every body field is read by it when brokers are configured).

The text is this checkout's README.md, DESIGN.md and EVASION.md (prose, code, URLs, `=` and `%`); three made-up
opaque keys. Times are the minimum of ``--runs`` (the machine is shared).

    .venv/bin/python scripts/bench_brokered_spellings.py [--runs 5]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from addons.credentials.section import BrokeredCredentialDetector  # noqa: E402

KEYS = ["Vq7Lm2Xt+9Rk4Wz8/Np3Hs6Jd1Fb5Gc0Ty=", "Hp4Nw8Qz2Lx6Rc0Vt3Jm7Bs5Yd9Kf1Ga", "mZ3kR8pT1wQ6yL0vN4xB7cH2fJ5gD9sA"]
DELTA = 4  # characters per streamed delta (about a token)
WINDOW = 1500  # characters of the channel the hold-back is asked about (sent context + new text)


def holds(detector: BrokeredCredentialDetector, text: str) -> tuple[int, int, float]:
    held = chars = 0
    ends = range(DELTA, len(text), DELTA)
    t = time.perf_counter()
    for end in ends:
        window = text[max(0, end - WINDOW):end]
        start = len(window) - DELTA
        n = len(window) - detector.safe_end(window, start)
        held += n > 0
        chars += n
    return held, chars, (time.perf_counter() - t) / len(ends) * 1e6


def best_ms(detector: BrokeredCredentialDetector, text: str, runs: int) -> float:
    best = float("inf")
    for _ in range(runs):
        t = time.perf_counter()
        detector(text)
        best = min(best, time.perf_counter() - t)
    return best * 1000


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    docs = "".join((ROOT / name).read_text() for name in ("README.md", "DESIGN.md", "EVASION.md"))
    stream_text = docs[:200_000]
    whole = (docs * 4)[:1_000_000]
    detector = BrokeredCredentialDetector(KEYS)
    spelled = detector._spelled
    print(f"{len(range(DELTA, len(stream_text), DELTA))} deltas of {DELTA} characters; 1 MB whole text; "
          f"{len(KEYS)} keys")
    for label, readers in (("any case only", []), ("with spellings", spelled)):
        detector._spelled = readers
        held, chars, us = holds(detector, stream_text)
        print(f"{label:15}: hold-back held {held} delta ends ({chars} characters), {us:.1f} us/delta; "
              f"whole text {best_ms(detector, whole, args.runs):.1f} ms/MB")


if __name__ == "__main__":
    main()
