#!/usr/bin/env python3
"""Findings per MB on real prose that is not Python source: how often the password rules fire on docs.

    .venv/bin/python scripts/eval_prose_fp.py [--cap-mb 40] [--engine DIR] [--json FILE]

Builds a corpus from what exists on this machine, in this order, until --cap-mb: /usr/share/common-licenses,
the dist-info METADATA of the .venv's packages, /usr/share/doc (text, markdown, changelogs; .gz unpacked),
/usr/share/man (roff source, .gz unpacked). Sources that are missing are skipped; the ones used are printed.
Files are taken in sorted order and decoded as UTF-8 with replacement, so the corpus and the figures are
the same on the same machine. These texts hold no real credentials: a password-rule finding here is a false
positive unless it reads a documented example password.

--engine DIR scans with the detection engine and rules of another checkout (put first on sys.path), to
compare a build against an older one. A text the scanner's time budget cut short is listed: its counts are a
lower bound (on a loaded machine, re-run). --json FILE writes every finding as {rule, file, start, end} (no text).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

TEXT_SUFFIXES = frozenset({"", ".txt", ".md", ".rst", ".gz", ".changes", ".news"})
SKIP_SUFFIXES = frozenset({".html", ".htm", ".js", ".css", ".png", ".svg", ".jpg", ".py", ".json", ".xml"})
# Test-suite logs (gdb's check.log: 56,000 "PASS:" lines) are tool output, not prose; archives are not text.
SKIP_NAMES = ("check.log", "test-summary", ".tar.", ".ps.", ".pdf")
# Share of the cap each source may take, so the manual pages are in the corpus too.
SHARE = {"/usr/share/doc": 0.7, "/usr/share/man": 0.3}
FILE_CAP = 2_000_000


def sources() -> list[tuple[str, list[Path]]]:
    venv_meta = sorted((ROOT / ".venv").glob("lib/python3*/site-packages/*.dist-info/METADATA"))
    found = [
        ("common-licenses", _files(Path("/usr/share/common-licenses"))),
        ("venv METADATA", venv_meta),
        ("/usr/share/doc", _files(Path("/usr/share/doc"))),
        ("/usr/share/man", _files(Path("/usr/share/man"))),
    ]
    return [(name, files) for name, files in found if files]


def _files(tree: Path) -> list[Path]:
    if not tree.is_dir():
        return []
    return sorted(p for p in tree.rglob("*") if p.is_file() and not p.is_symlink()
                  and p.suffix.lower() not in SKIP_SUFFIXES and not any(n in p.name for n in SKIP_NAMES)
                  and (p.suffix.lower() in TEXT_SUFFIXES or "/man/" in p.as_posix()))


def read(path: Path) -> str | None:
    try:
        data = path.read_bytes()
        if path.suffix == ".gz":
            data = gzip.decompress(data)
    except (OSError, EOFError, gzip.BadGzipFile):
        return None
    if b"\0" in data[:4096]:
        return None
    return data.decode("utf-8", "replace")


def corpus(cap: int) -> tuple[list[tuple[str, str]], list[str]]:
    """Each distinct text once (Debian ships one changelog under several package names), within the cap."""
    texts, used, seen = [], [], set()
    for name, files in sources():
        taken, limit = 0, int(cap * SHARE.get(name, 1.0))
        for path in files:
            if taken >= limit:
                break
            text = read(path)
            if text is None or len(text) > FILE_CAP or hash(text) in seen:
                continue
            seen.add(hash(text))
            texts.append((path.as_posix(), text))
            taken += len(text.encode())
        if taken:
            used.append(f"{name}: {taken / 1e6:.2f} MB")
    return texts, used


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cap-mb", type=float, default=40.0)
    parser.add_argument("--engine", type=Path, default=ROOT, help="checkout whose addons.detect scans")
    parser.add_argument("--json", type=Path, help="write every finding's rule, file and span here")
    args = parser.parse_args()
    sys.path.insert(0, str(args.engine.resolve()))
    import addons.detect as detect
    from addons.detect import Scanner
    scanner = Scanner.default()
    print(f"engine: {Path(detect.__file__).parents[2]}")
    texts, used = corpus(int(args.cap_mb * 1e6))
    mb = sum(len(t.encode()) for _, t in texts) / 1e6
    by_rule: Counter[str] = Counter()
    rows = []
    incomplete = []
    for name, text in texts:
        report = scanner.scan_report(text)
        incomplete += [f"{name}: {reason}" for reason in report.skipped]
        for f in report.findings:
            by_rule[f.rule_id] += 1
            rows.append({"rule": f.rule_id, "file": name, "start": f.start, "end": f.end})
    print("corpus: " + "; ".join(used))
    print(f"scanned {len(texts)} files, {mb:.2f} MB, findings {len(rows)} ({len(rows) / mb:.2f}/MB)")
    for rule, count in sorted(by_rule.items(), key=lambda kv: (-kv[1], kv[0])):
        mark = "" if rule.startswith("generic-") else "  (not generic)"
        print(f"  {rule:<34} {count:>6}  {count / mb:6.3f}/MB{mark}")
    # The scanner's time budget skips candidates under load: such a run's counts are low, so say so.
    for line in incomplete:
        print(f"incomplete (time budget; the counts are a lower bound): {line}")
    if args.json:
        args.json.write_text(json.dumps(rows))
    return 0


if __name__ == "__main__":
    sys.exit(main())
