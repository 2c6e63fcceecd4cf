#!/usr/bin/env python3
"""Cost of joining header parts (guard/header_join.py) in `request_parts.scan`, side by side in one process: this
checkout's join, another checkout's (--baseline DIR: `git archive <commit> addons rules | tar -x -C DIR`) and no
join, alternating, on 200 seeded SDK header sets (tests/guard/test_attack21_header_splits.sdk_headers), optionally
with N headers of the agent's own added (--own N). Prints microseconds of CPU a request (min of the rounds).

    PYTHONPATH=. .venv/bin/python scripts/bench_header_join.py --baseline /tmp/base [--own 2] [--rounds 5]
"""

from __future__ import annotations

import argparse
import importlib.util
import pathlib
import random
import sys
import tempfile
import time

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1]))

from addons.guard import header_join, joined, request_parts
from tests.guard.support import OPENAI, chat_body, request_flow, shipped_rules_runtime
from tests.guard.test_attack21_header_splits import sdk_headers


def _load(name: str, path: pathlib.Path):
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--baseline", type=pathlib.Path, required=True)
    parser.add_argument("--own", type=int, default=0, help="headers of the agent's own added to each set")
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    rt = shipped_rules_runtime(pathlib.Path(tempfile.mkdtemp()))
    # the baseline's join: its joined.py, and its header_join.py reading that joined.py
    old_joined = _load("baseline_joined", args.baseline / "addons/guard/joined.py")
    real_joined = sys.modules["addons.guard.joined"]
    sys.modules["addons.guard.joined"] = old_joined
    import addons.guard as guard_package
    guard_package.joined = old_joined  # type: ignore[attr-defined]
    old_header_join = _load("baseline_header_join", args.baseline / "addons/guard/header_join.py")
    sys.modules["addons.guard.joined"] = real_joined
    guard_package.joined = real_joined  # type: ignore[attr-defined]
    assert old_header_join.joined is old_joined and header_join.joined is joined
    flows = []
    for seed in range(200):
        rng = random.Random(seed)
        headers = sdk_headers(rng)
        for n in range(args.own):
            headers.append((f"x-agent-{n}".encode(), f"run-{rng.randrange(10**8)}".encode()))
        flows.append(request_flow(*OPENAI, chat_body("hi"),
                                  headers=((b"content-type", b"application/json"), *headers)).request)
    variants = {"none": lambda *a, **k: {}, "baseline": old_header_join.scan, "this": header_join.scan}
    best = {name: float("inf") for name in variants}
    for _ in range(args.rounds):
        for name, scan in variants.items():
            request_parts.header_join.scan = scan  # type: ignore[assignment]
            for f in flows[:20]:
                request_parts.scan(f, rt.inspector, None)
            start = time.process_time()
            for f in flows:
                request_parts.scan(f, rt.inspector, None)
            best[name] = min(best[name], (time.process_time() - start) / len(flows) * 1e6)
    print(f"own headers {args.own}: " + ", ".join(f"{k} {v:.0f} us" for k, v in best.items())
          + f"; join: baseline +{best['baseline'] - best['none']:.0f} us, this +{best['this'] - best['none']:.0f} us")


if __name__ == "__main__":
    main()
