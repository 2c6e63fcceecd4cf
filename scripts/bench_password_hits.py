#!/usr/bin/env python3
"""Where the password first stages' Hyperscan time goes on clean code: the secrets database, and that database
without groups of password rules, scanned over bench_detect's clean code (1 MB, 100 KB bodies, CPU time, best of
--rounds, all variants interleaved) and over copies of it whose `password = config.get('db_password')` line is
rewritten, so the cost of each kind of keyword hit reads off as a difference:

- `orig`: as bench_detect generates it;
- `no-db`: the quoted `db_password` hit removed (`config.get('db_xxxxxxxx')`);
- `short`: the value after `password = ` one letter long (`password = c`);
- `none`: no credential word on the line (`xxxxxxxx = c`).

    .venv/bin/python scripts/bench_password_hits.py [--rounds 9]

Groups: `value` = the first stages that start at the word and read the value after it (letters, spaced, prose,
generic-password, directive); `context` = the ones that need a comment, table, CSV, form, expect, SQL or is / as
/ was context before the word (Hyperscan checks that context from the line's start at every hit). Prints figures;
asserts nothing.
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
import bench_first_stage  # noqa: E402
import hyperscan  # noqa: E402

from addons.detect import prefilter  # noqa: E402

LINE = "password = config.get('db_password')"
VARIANTS = {"orig": LINE, "no-db": "password = config.get('db_xxxxxxxx')", "short": "password = c",
            "none": "xxxxxxxx = c"}
VALUE = ["generic-password-letters", "generic-password-spaced", "generic-password-prose", "generic-password",
         "generic-password-directive"]
CONTEXT = ["generic-password-commented", "generic-password-table", "generic-password-expect",
           "generic-password-form-field", "generic-password-named-value", "generic-password-csv",
           "generic-password-sql", "generic-password-before-word", "generic-password-letters-before",
           "generic-password-question"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=9)
    args = parser.parse_args()

    stage = bench_first_stage.SecretsFirstStage.shipped()
    if stage is None:
        print("the hyperscan package is not installed")
        return 1
    rules, secrets = stage.rules, stage.secrets
    password = [rules[i].id for i in secrets
                if rules[i].id.startswith("generic-password") or rules[i].id == "generic-login-pair"]

    def database(removed: list[str]):
        built = stage.database([i for i in secrets if rules[i].id not in removed])
        return built, hyperscan.Scratch(built)

    builds = {"secrets database": database([]), "without value": database(VALUE),
              "without context": database(CONTEXT), "without all password": database(password)}
    clean = bench_detect.clean_code(1)
    corpora = {name: [prefilter.ascii_bytes(text[at:at + 100_000]) for at in range(0, len(text), 100_000)]
               for name, text in ((n, clean.replace(LINE, line)) for n, line in VARIANTS.items())}

    def on_match(*_args) -> None:
        return None

    best = {(label, name): float("inf") for label in builds for name in corpora}
    for _ in range(args.rounds):
        for label, (built, scratch) in builds.items():
            for name, bodies in corpora.items():
                started = time.process_time()
                for body in bodies:
                    built.scan(body, match_event_handler=on_match, scratch=scratch)
                best[label, name] = min(best[label, name], time.process_time() - started)
    print(f"ms per MB of clean code, best of {args.rounds}; columns: the password line rewritten as "
          + "; ".join(f"{name} = {line!r}" for name, line in VARIANTS.items()))
    print(f"{'':<24}" + "".join(f"{name:>9}" for name in corpora))
    megabytes = len(clean) / 1e6
    for label in builds:
        print(f"{label:<24}" + "".join(f"{best[label, name] * 1000 / megabytes:>9.2f}" for name in corpora))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
