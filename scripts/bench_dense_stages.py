#!/usr/bin/env python3
"""Where the scan of bench_detect's dense credentials spends its time, by stage and by rule, and what the structural
alternatives issue 15 §4 names would cost on the same corpus (1 MB in 100 KB bodies, best of --rounds):

- stages: the whole scan; Hyperscan (`prefilter.ends`); per rule, its ends, its right-to-left `regex` calls replayed
  alone with the arguments the scanner gives them (timeout included: rules with backtracking risk always pass one),
  its post-validations (`_rejection`) and the rest of its per-end loop; what is left (views, overlaps, reclassifying);
- `--som`: Hyperscan's start-of-match flag (HS_FLAG_SOM_LEFTMOST), which would give each end its start without a
  regex call: which of the secrets database's patterns it rejects, and the database's scan time with it on the
  precise rules that fire on this corpus, on every precise rule, and on every pattern that takes it;
- `--batch`: confirming a rule's ends with one forward `finditer` per merged window instead of one right-to-left
  call per end.

    .venv/bin/python scripts/bench_dense_stages.py [--rounds 5] [--mb 1] [--som] [--batch]

Per-rule columns are wall-clock, each the least over the rounds, and the timing wrappers cost ~0.3 us a call: read
them as shares, not exact sums. Prints
figures; asserts nothing (timings depend on the machine and its load).
"""

from __future__ import annotations

import argparse
import collections
import contextlib
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import bench_detect  # noqa: E402

from addons.detect import Scanner, prefilter  # noqa: E402
from addons.detect import scanner as scanner_module  # noqa: E402

BODY = 100_000


def best_ms(work: Callable[[], object], rounds: int) -> float:
    """CPU time (waiting for a core on a shared machine is not the scan's cost)."""
    best = float("inf")
    for _ in range(rounds):
        start = time.process_time()
        work()
        best = min(best, time.process_time() - start)
    return best * 1000


@contextlib.contextmanager
def timed_stages(totals: collections.Counter, calls: collections.Counter) -> Iterator[None]:
    """Time each rule's confirmation loops and post-validations, keyed (stage, rule id)."""
    patched = []

    def timing(owner, name: str, stage: str, rule_position: int) -> None:
        original = getattr(owner, name)

        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            try:
                return original(*args, **kwargs)
            finally:
                key = (stage, args[rule_position].id)
                totals[key] += time.perf_counter() - start
                calls[key] += 1
        patched.append((owner, name, original))
        setattr(owner, name, wrapper)

    for method in ("_confirm_ends", "_confirm_pii_ends", "_confirm"):
        timing(scanner_module.Scanner, method, "confirm", 2)  # (self, view, rule, ...)
    timing(scanner_module, "_rejection", "validate", 1)  # (view, rule, ...)
    try:
        yield
    finally:
        for owner, name, original in reversed(patched):
            setattr(owner, name, original)


def replayed_regex_ms(scanner: Scanner, bodies: list[str], rounds: int) -> dict[str, tuple[int, float]]:
    """Per rule: (calls, ms per pass) of its anchored right-to-left attempts from each end, made alone as the scanner
    makes them (ends of a match already found and ends left pending under a provider key are made too: an upper
    bound)."""
    attempts: dict[str, list[tuple[str, int, int]]] = collections.defaultdict(list)
    for body in bodies:
        ends, _windows = scanner._prefilter.ends(body)
        for index, offsets in ends.items():
            rule = scanner.rules[index]
            reach = rule.max_length + prefilter.MARGIN
            for end in sorted(set(offsets), reverse=True):
                if end + rule.lookahead <= len(body):
                    attempts[rule.id].append((body, max(0, end - reach), end + rule.lookahead))
    out = {}
    for rule_id, made in attempts.items():
        rule = scanner.rule(rule_id)
        search = (rule.reverse_pattern_reaching if rule.lookahead else rule.reverse_pattern).search
        if rule.backtracking_risk or rule.max_length + prefilter.MARGIN > scanner_module.SAFE_WINDOW:
            def work(search=search, made=made):
                for view, low, high in made:
                    search(view, low, high, timeout=scanner_module.REGEX_CALL_TIMEOUT_SECONDS)
        else:
            def work(search=search, made=made):
                for view, low, high in made:
                    search(view, low, high, False)
        out[rule_id] = (len(made), best_ms(work, rounds))
    return out


def stages(scanner: Scanner, bodies: list[str], megabytes: float, rounds: int) -> None:
    whole = best_ms(lambda: [scanner.scan(body) for body in bodies], rounds) / megabytes
    first_stage = best_ms(lambda: [scanner._prefilter.ends(body) for body in bodies], rounds) / megabytes
    ends: collections.Counter = collections.Counter()
    for body in bodies:
        for index, offsets in scanner._prefilter.ends(body)[0].items():
            ends[scanner.rules[index].id] += len(set(offsets))
    # Each (stage, rule)'s least time over the rounds: a round that lost the core to another process inflates the
    # rules it was in, not all of them.
    totals: dict[tuple[str, str], float] = {}
    calls: collections.Counter = collections.Counter()
    for _ in range(rounds):
        round_totals: collections.Counter = collections.Counter()
        calls = collections.Counter()
        with timed_stages(round_totals, calls):
            for body in bodies:
                scanner.scan(body)
        for key, spent in round_totals.items():
            totals[key] = min(totals.get(key, spent), spent)
    regex = replayed_regex_ms(scanner, bodies, rounds)
    print(f"whole scan {whole:.1f} ms per MB; Hyperscan (prefilter.ends) {first_stage:.1f}")
    print(f"{'rule':34} {'ends':>5} {'confirm ms':>10} {'regex ms':>9} {'us/call':>8} {'checks':>6} {'check ms':>9}"
          f" {'us/check':>8} {'loop ms':>8}")
    confirm_sum = regex_sum = validate_sum = 0.0
    for rule_id in sorted({rule for _stage, rule in totals}, key=lambda r: -totals.get(("confirm", r), 0.0)):
        confirm = totals.get(("confirm", rule_id), 0.0) * 1000 / megabytes
        validate = totals.get(("validate", rule_id), 0.0) * 1000 / megabytes
        checks = calls["validate", rule_id] / megabytes
        made, replay = regex.get(rule_id, (0, 0.0))
        replay /= megabytes
        confirm_sum, regex_sum, validate_sum = confirm_sum + confirm, regex_sum + replay, validate_sum + validate
        print(f"{rule_id:34} {ends[rule_id] / megabytes:5.0f} {confirm:10.2f} {replay:9.2f} "
              f"{replay * 1000 / max(made / megabytes, 1):8.2f} {checks:6.0f} {validate:9.2f} "
              f"{validate * 1000 / max(checks, 1):8.2f} {max(confirm - replay - validate, 0.0):8.2f}")
    print(f"{'all rules':34} {sum(ends.values()) / megabytes:5.0f} {confirm_sum:10.2f} {regex_sum:9.2f} {'':8} "
          f"{sum(v for (s, _r), v in calls.items() if s == 'validate') / megabytes:6.0f} {validate_sum:9.2f}")
    print(f"outside the rules' loops (views, overlaps, reclassifying): ~{whole - first_stage - confirm_sum:.1f} ms "
          f"per MB (the wrappers' own cost makes this low)")


def som(scanner: Scanner, bodies: list[str], megabytes: float, rounds: int) -> None:
    import hyperscan
    rules = scanner.rules
    secrets = prefilter.database_groups(rules)["secrets"]
    sources = {i: prefilter.hyperscan_source(rules[i].first_stage or rules[i].regex) for i in secrets}
    plan = prefilter._plan(sources)
    som_flag = hyperscan.HS_FLAG_SOM_LEFTMOST
    accepting, rejected = [], collections.Counter()
    for index, flag in plan.items():
        if flag & hyperscan.HS_FLAG_PREFILTER:
            continue  # prefilter mode does not take SOM: those rules get windows anyway
        try:
            hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                expressions=[sources[index].encode()], ids=[0], elements=1, flags=[flag | som_flag])
            accepting.append(index)
        except hyperscan.error as error:
            rejected[str(error)] += 1
            print(f"  SOM rejected: {rules[index].id} ({rules[index].tier}): {error}")
    print(f"SOM: {len(accepting)} of {len(plan)} patterns take it alone; rejected: {dict(rejected)}")
    fired = {i for body in bodies for i in scanner._prefilter.ends(body)[0]}
    data = [prefilter.ascii_bytes(body) for body in bodies]
    variants = {
        "no SOM (as shipped)": set(),
        "SOM on precise rules that fire here": {i for i in accepting if i in fired and rules[i].tier == "precise"},
        "SOM on every precise rule": {i for i in accepting if rules[i].tier == "precise"},
        "SOM on every pattern taking it": set(accepting),
    }
    for label, chosen in variants.items():
        indices = sorted(plan)
        database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
        started = time.perf_counter()
        database.compile(expressions=[sources[i].encode() for i in indices], ids=indices, elements=len(indices),
                         flags=[plan[i] | (som_flag if i in chosen else 0) for i in indices])
        compiled = time.perf_counter() - started
        scratch = hyperscan.Scratch(database)

        def scan(database=database, scratch=scratch):
            for chunk in data:
                database.scan(chunk, match_event_handler=lambda *_args: None, scratch=scratch)
        print(f"  {label:40} ({len(chosen):3} patterns): compile {compiled:5.1f} s, "
              f"scan {best_ms(scan, rounds) / megabytes:6.2f} ms per MB")


def batch(scanner: Scanner, bodies: list[str], megabytes: float, rounds: int) -> None:
    per_rule: dict[int, list[tuple[str, list[int]]]] = collections.defaultdict(list)
    for body in bodies:
        for index, offsets in scanner._prefilter.ends(body)[0].items():
            per_rule[index].append((body, sorted(set(offsets))))
    busiest = sorted(per_rule, key=lambda i: -sum(len(o) for _b, o in per_rule[i]))[:8]
    for index in busiest:
        rule = scanner.rules[index]
        reverse = (rule.reverse_pattern_reaching if rule.lookahead else rule.reverse_pattern).search
        reach, room = rule.max_length + prefilter.MARGIN, rule.lookahead

        def one_per_end(reverse=reverse, index=index, reach=reach, room=room):
            for body, offsets in per_rule[index]:
                for end in reversed(offsets):
                    if end + room <= len(body):
                        reverse(body, max(0, end - reach), end + room, False)

        def one_per_window(rule=rule, index=index, room=room):
            for body, offsets in per_rule[index]:
                for low, high in scanner._prefilter.windows_around(index, offsets, len(body)):
                    for _match in rule.pattern.finditer(body, low, min(len(body), high + room), concurrent=False):
                        pass
        backward = best_ms(one_per_end, rounds) / megabytes
        forward = best_ms(one_per_window, rounds) / megabytes
        print(f"  {rule.id:34} right to left per end {backward:6.2f} ms per MB, forward per window {forward:6.2f}"
              f" ({forward / max(backward, 1e-9):.1f}x)")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mb", type=float, default=1.0)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--som", action="store_true", help="measure Hyperscan's start-of-match flag")
    parser.add_argument("--batch", action="store_true", help="measure forward confirmation per merged window")
    args = parser.parse_args()
    scanner = Scanner.default()
    if not isinstance(scanner._prefilter, prefilter.HyperscanPrefilter):
        print("needs the hyperscan package (the stages measured are the Hyperscan engine's)")
        return 1
    text = bench_detect.dense_credentials(args.mb)
    bodies = [text[i:i + BODY] for i in range(0, len(text), BODY)]
    megabytes = len(text) / 1e6
    for body in bodies:
        scanner.scan(body)  # warm: scratch space, lazily compiled reverse patterns
    stages(scanner, bodies, megabytes, args.rounds)
    if args.som:
        som(scanner, bodies, megabytes, args.rounds)
    if args.batch:
        batch(scanner, bodies, megabytes, args.rounds)
    return 0


if __name__ == "__main__":
    sys.exit(main())
