#!/usr/bin/env python3
"""What each rule's first stage costs Hyperscan: scan time per MB of bench_detect's clean code, dense credentials and
mixed corpora (1 MB each, 100 KB bodies, CPU time, best of --passes), for

- the secrets database as shipped, and that database without each rule (or group of rules) asked for: the
  difference is what the rule adds (Hyperscan shares work between patterns, so alone costs do not add up);
- each rule's first stage alone in a database of its own (its cost with nothing shared).

    .venv/bin/python scripts/bench_first_stage.py [--rules generic-password,generic-secret] [--prefix generic-]
                                                   [--group generic-password-letters+generic-password-spaced]
                                                   [--passes 5]

No findings are confirmed and Python callbacks only count: the figures are the first stage's own cost. Prints
figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_detect  # noqa: E402
import hyperscan  # noqa: E402

from addons.detect import Scanner, prefilter  # noqa: E402


def corpora() -> dict[str, bytes]:
    texts = {"clean": bench_detect.clean_code(1), "dense": bench_detect.dense_credentials(1),
             "mixed": bench_detect.corpus(1)}
    return {name: prefilter.ascii_bytes(text) for name, text in texts.items()}


def ms_per_mb(database, data: bytes, passes: int) -> float:
    scratch, best = hyperscan.Scratch(database), float("inf")

    def on_match(*_args) -> None:
        return None

    for _ in range(passes):
        start = time.process_time()
        for at in range(0, len(data), 100_000):
            database.scan(data[at:at + 100_000], match_event_handler=on_match, scratch=scratch)
        best = min(best, time.process_time() - start)
    return best * 1000 / (len(data) / 1e6)


class SecretsFirstStage:
    """The shipped scanner's secrets database, rebuildable from any subset of its rules (by rule index)."""

    def __init__(self, first_stage: prefilter.HyperscanPrefilter, rules) -> None:
        self.first_stage, self.rules = first_stage, rules
        usable = {i for i, rule in enumerate(rules) if first_stage.modes.get(rule.id) in ("exact", "prefilter")}
        self.secrets = [i for i in prefilter.database_groups(rules)["secrets"] if i in usable]

    @classmethod
    def shipped(cls) -> SecretsFirstStage | None:
        """None when the hyperscan package is not installed."""
        scanner = Scanner.default()
        first_stage = scanner._prefilter
        return cls(first_stage, scanner.rules) if isinstance(first_stage, prefilter.HyperscanPrefilter) else None

    def database(self, indices: list[int]):
        rules, approximate = self.rules, self.first_stage.approximate
        built = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        built.compile(expressions=[prefilter.hyperscan_source(rules[i].first_stage or rules[i].regex).encode()
                                   for i in indices], ids=indices, elements=len(indices),
                      flags=[hyperscan.HS_FLAG_PREFILTER if i in approximate else 0 for i in indices])
        return built


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rules", default="", help="comma-separated rule ids")
    parser.add_argument("--prefix", default="generic-", help="every secrets rule whose id starts with this")
    parser.add_argument("--group", action="append", default=[], help="rule ids joined by + removed together")
    parser.add_argument("--passes", type=int, default=5)
    args = parser.parse_args()

    stage = SecretsFirstStage.shipped()
    if stage is None:
        print("the hyperscan package is not installed")
        return 1
    rules, secrets, database = stage.rules, stage.secrets, stage.database
    index = {rules[i].id: i for i in secrets}

    asked = [r for r in args.rules.split(",") if r] or [rules[i].id for i in secrets
                                                         if rules[i].id.startswith(args.prefix)]
    groups = [[r] for r in asked] + [g.split("+") for g in args.group]
    data = corpora()
    full = database(secrets)
    base = {name: ms_per_mb(full, text, args.passes) for name, text in data.items()}
    print(f"secrets database ({len(secrets)} rules), ms per MB: "
          + ", ".join(f"{name} {value:.2f}" for name, value in base.items()))
    print(f"{'removed / alone':<44} " + " ".join(f"{name:>14}" for name in data))
    rows = []
    for group in groups:
        missing = [r for r in group if r not in index]
        if missing:
            print(f"not a secrets rule with a Hyperscan first stage: {', '.join(missing)}")
            continue
        without = database([i for i in secrets if rules[i].id not in group])
        saved = {name: base[name] - ms_per_mb(without, text, args.passes) for name, text in data.items()}
        alone = {}
        if len(group) == 1:
            own = database([index[group[0]]])
            alone = {name: ms_per_mb(own, text, args.passes) for name, text in data.items()}
        rows.append((saved["clean"] + saved["dense"], "+".join(group), saved, alone))
    for _key, label, saved, alone in sorted(rows, reverse=True):
        cells = " ".join(f"{saved[n]:>6.2f} / {alone[n]:>5.2f}" if alone else f"{saved[n]:>6.2f} /   -  "
                         for n in data)
        print(f"{label:<44} {cells}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
