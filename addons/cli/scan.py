"""`exitguard scan PATH... | -`: find secrets and PII in files or stdin with the detection engine.

Output never contains a found value: the table shows a masked preview (a public token prefix at most),
JSON and SARIF give positions and rule ids only. `--jsonl` evaluates the rules on labelled data: each input
line {"id", "text"} gives one output line {"id", "findings": [{"start", "end", "rule", "category"}]}.

Folders are scanned as a repository scanner would: inside a git work tree the files git lists (tracked and
untracked, .gitignore honoured), elsewhere every file except .git. Binary files (a NUL byte in the first 8 KiB,
or a known binary suffix) are skipped unless --binary-strings asks for their printable runs.

Exit status: 0 nothing found, 1 findings (or a scan that could not finish: that counts as a finding),
2 usage, input or rule errors. With --jsonl the status is 0 unless an input line is invalid (2) or a line's scan
could not finish (1: that line says why under "incomplete").
"""

from __future__ import annotations

import bisect
import fnmatch
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from addons.cli.errors import UserError
from addons.cli.terminal import shown
from addons.core.validation import did_you_mean
from addons.detect import RuleError, Scanner

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"
SNIFF_BYTES = 8192  # a NUL byte in this much of a file makes it binary (what git and grep look at)
BINARY_SUFFIXES = frozenset({
    ".pyc", ".pyo", ".pyd", ".so", ".a", ".o", ".obj", ".lib", ".dll", ".dylib", ".exe", ".bin", ".class", ".jar",
    ".war", ".whl", ".egg", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".png", ".jpg", ".jpeg",
    ".gif", ".bmp", ".webp", ".ico", ".tif", ".tiff", ".pdf", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".mp3",
    ".mp4", ".mov", ".avi", ".wav", ".flac", ".ogg", ".webm", ".db", ".sqlite", ".sqlite3", ".wasm", ".pkl",
    ".npy", ".npz", ".pt", ".onnx", ".safetensors"})
PRINTABLE = frozenset(range(0x20, 0x7F)) | {0x09}
# Binary strings: every byte that is not printable ASCII becomes a line break, so offsets stay byte offsets
# and no match runs across two printable runs.
_STRINGS_TABLE = bytes(b if b in PRINTABLE else 0x0A for b in range(256))


def register(sub) -> None:
    parser = sub.add_parser("scan", help="find secrets and PII in files or stdin",
                            description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; - reads stdin")
    parser.add_argument("--rules", action="append", metavar="DIR_OR_FILE",
                        help="rule file or directory (repeatable); default: the built-in rules/")
    parser.add_argument("--format", choices=["table", "json", "sarif"], default="table")
    parser.add_argument("--jsonl", action="store_true",
                        help='read lines {"id", "text"}, write {"id", "findings": [...]} per line')
    parser.add_argument("--include", action="append", default=[], metavar="GLOB",
                        help="scan only files whose path (relative to the folder given) or name matches (repeatable)")
    parser.add_argument("--exclude", action="append", default=[], metavar="GLOB",
                        help="skip files whose path (relative to the folder given) or name matches (repeatable), "
                             "e.g. 'tests/*' or '*.min.js'")
    parser.add_argument("--no-gitignore", dest="gitignore", action="store_false",
                        help="in a git work tree, scan every file, not only those git does not ignore")
    parser.add_argument("--binary-strings", action="store_true",
                        help="scan the printable runs of binary files instead of skipping them")
    parser.add_argument("--category", action="append", choices=["secret", "pii"],
                        help="report only findings of this category (repeatable)")
    parser.add_argument("--rule", action="append", metavar="ID", help="report only findings of this rule (repeatable)")
    parser.set_defaults(func=run)


# ------------------------------------------------------------------------------------------------ inputs


@dataclass(frozen=True)
class Source:
    """One input: a file (path) or stdin (path None). `name` is what the output calls it."""
    name: str
    path: Path | None = None


@dataclass(frozen=True)
class Selection:
    include: tuple[str, ...] = ()
    exclude: tuple[str, ...] = ()
    gitignore: bool = True

    def wants(self, relative: str) -> bool:
        def hit(patterns: tuple[str, ...]) -> bool:
            name = relative.rsplit("/", 1)[-1]
            return any(fnmatch.fnmatchcase(relative, p) or fnmatch.fnmatchcase(name, p) for p in patterns)
        return (not self.include or hit(self.include)) and not hit(self.exclude)


def sources(paths: list[str], selection: Selection) -> list[Source]:
    """Every input in order; a path that does not exist is an input error, before anything is scanned."""
    out: list[Source] = []
    for raw in paths:
        if raw == "-":
            out.append(Source("<stdin>"))
            continue
        path = Path(raw)
        if path.is_dir():
            listed = git_files(path) if selection.gitignore else None
            relative = listed if listed is not None else walk(path)
            out += [Source(str(path / rel), path / rel) for rel in relative if selection.wants(rel)]
        elif path.exists():
            if selection.wants(path.as_posix()):
                out.append(Source(raw, path))
        else:
            raise UserError(f"{raw}: no such file or directory")
    return out


def git_files(folder: Path) -> list[str] | None:
    """Files under `folder` that git tracks or would track (.gitignore honoured), relative to it; None when
    `folder` is not in a git work tree or git is not installed."""
    try:
        done = subprocess.run(["git", "-C", str(folder), "ls-files", "-co", "--exclude-standard", "-z"],
                              capture_output=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    if done.returncode != 0:
        return None
    names = [os.fsdecode(n) for n in done.stdout.split(b"\0") if n]
    return sorted(n for n in names if (folder / n).is_file())  # deleted but tracked files, submodules: not files


def walk(folder: Path) -> list[str]:
    found = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d != ".git")
        rel_root = Path(root).relative_to(folder)
        found += [(rel_root / f).as_posix() for f in sorted(files) if os.path.isfile(os.path.join(root, f))]
    return found


@dataclass
class Text:
    """What is scanned of one source: text, or None when it was skipped as binary."""
    text: str | None
    binary: bool = False


def read(source: Source, binary_strings: bool) -> Text:
    if source.path is None:
        return Text(sys.stdin.buffer.read().decode("utf-8", "surrogateescape"))
    if source.path.suffix.lower() in BINARY_SUFFIXES and not binary_strings:
        return Text(None, binary=True)  # not even read
    data = source.path.read_bytes()
    if b"\0" not in data[:SNIFF_BYTES] and source.path.suffix.lower() not in BINARY_SUFFIXES:
        return Text(data.decode("utf-8", "surrogateescape"))  # bytes that are not UTF-8 stay surrogate escapes
    if not binary_strings:
        return Text(None, binary=True)
    return Text(data.translate(_STRINGS_TABLE).decode("ascii"), binary=True)


# ------------------------------------------------------------------------------------------------ findings


class LineIndex:
    """Line and column of any offset in one text: the line starts are found once (linear), each lookup is a
    binary search. Counting newlines from the start for every finding made a file with many findings
    quadratic (a 1 MB file with a finding on every line took 19 s)."""

    def __init__(self, text: str) -> None:
        starts = [0]
        at = text.find("\n")
        while at != -1:
            starts.append(at + 1)
            at = text.find("\n", at + 1)
        self._starts = starts

    def position(self, offset: int) -> tuple[int, int]:
        """(line, column), both from 1."""
        line = bisect.bisect_right(self._starts, offset)
        return line, offset - self._starts[line - 1] + 1


@dataclass(frozen=True)
class Located:
    """A finding as the outputs print it. Holds the masked preview, never the value."""
    path: str
    start: int
    end: int
    line: int | None  # None in binary strings: the position is a byte offset
    column: int | None
    end_line: int | None
    end_column: int | None
    rule: str
    category: str
    classification: str
    tier: str
    preview: str


@dataclass
class Result:
    """What one source gave: its findings (already filtered), why its scan is incomplete, whether it was binary."""
    name: str
    findings: list[Located] = field(default_factory=list)
    incomplete: list[str] = field(default_factory=list)
    skipped_binary: bool = False


@dataclass(frozen=True)
class FindingFilter:
    categories: frozenset[str] = frozenset()
    rules: frozenset[str] = frozenset()

    def __call__(self, finding) -> bool:
        return ((not self.categories or finding.category in self.categories)
                and (not self.rules or finding.rule_id in self.rules))


def scan_source(scanner: Scanner, source: Source, binary_strings: bool, wanted: FindingFilter) -> Result:
    """Scan one source and keep only what the outputs need: the text is dropped when this returns."""
    content = read(source, binary_strings)
    if content.text is None:
        return Result(source.name, skipped_binary=True)
    text = content.text
    report = scanner.scan_report(text)
    lines = None if content.binary else LineIndex(text)
    findings = [locate(source.name, text, f, lines) for f in report.findings if wanted(f)]
    return Result(source.name, findings, list(report.skipped))


def locate(name: str, text: str, finding, lines: LineIndex | None) -> Located:
    line = column = end_line = end_column = None
    if lines is not None:
        line, column = lines.position(finding.start)
        end_line, end_column = lines.position(finding.end)
    return Located(name, finding.start, finding.end, line, column, end_line, end_column, finding.rule_id,
                   finding.category, finding.classification, finding.tier,
                   masked_preview(text[finding.start:finding.end], finding.tier, finding.category))


def masked_preview(value: str, tier: str, category: str) -> str:
    """A provider prefix is public (`ghp_`, `sk-ant-`): show up to 4 chars of precise secrets only."""
    prefix = value[:4] if tier == "precise" and category == "secret" and len(value) >= 16 else ""
    return f"{prefix}{'*' * 6} ({len(value)} chars)"


def location(f: Located) -> str:
    """Where a finding is, for the terminal: a file's name is its writer's to choose (escape sequences, OSC 52, a
    line feed that forges a row), so its controls are written out (review62); JSON and SARIF escape them anyway."""
    path = shown(f.path)
    return f"{path}:{f.line}:{f.column}" if f.line is not None else f"{path}@byte {f.start}"


# ------------------------------------------------------------------------------------------------ run


def run(args) -> int:
    try:
        scanner = Scanner.from_rules(args.rules) if args.rules else Scanner.default()
    except RuleError as exc:
        raise UserError(str(exc)) from None
    unknown = sorted(set(args.rule or ()) - {r.id for r in scanner.rules})
    if unknown:
        hint = did_you_mean(unknown[0], (r.id for r in scanner.rules)) if len(unknown) == 1 else ""
        raise UserError(f"--rule: no rule {', '.join(unknown)}{hint} (see `exitguard rules list`)")
    selection = Selection(tuple(args.include), tuple(args.exclude), args.gitignore)
    inputs = sources(args.paths, selection)
    if args.jsonl:
        return _run_jsonl(scanner, inputs)
    wanted = FindingFilter(frozenset(args.category or ()), frozenset(args.rule or ()))
    results = [scan_source(scanner, s, args.binary_strings, wanted) for s in _with_progress(inputs)]
    {"table": _print_table, "json": _print_json, "sarif": _print_sarif}[args.format](scanner, results)
    return 1 if any(r.findings or r.incomplete for r in results) else 0


def _with_progress(inputs: list[Source]) -> Iterable[Source]:
    """A progress bar on stderr when a person watches it; nothing extra in a pipe or a log."""
    if not sys.stderr.isatty() or len(inputs) < 2:
        return inputs
    from rich.console import Console
    from rich.progress import track

    return track(inputs, description="scanning", console=Console(stderr=True), transient=True)


def _run_jsonl(scanner: Scanner, inputs: list[Source]) -> int:
    status = 0
    for source in inputs:
        text = read(source, binary_strings=False).text or ""
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                item_id, item_text = item["id"], item["text"]
            except (ValueError, KeyError, TypeError):
                print(f"exitguard scan: {shown(source.name)}:{number}: expected a JSON object with id and text",
                      file=sys.stderr)
                status = 2
                continue
            report = scanner.scan_report(item_text)
            answer: dict[str, object] = {"id": item_id, "findings": [
                {"start": f.start, "end": f.end, "rule": f.rule_id, "category": f.category} for f in report.findings]}
            if report.incomplete:  # not read whole: "nothing found" would be a guess
                answer["incomplete"] = report.skipped
                status = max(status, 1)
            sys.stdout.write(json.dumps(answer) + "\n")
    return status


# ------------------------------------------------------------------------------------------------ outputs


def _all(results: list[Result]) -> Iterator[Located]:
    for r in results:
        yield from r.findings


TABLE_COLUMNS = ("location", "rule", "category", "tier", "preview")
MIN_PREVIEW, MIN_LOCATION = 10, 20


def column_widths(rows: Sequence[tuple[str, ...]], width: int | None) -> list[int]:
    """Content widths for the table. Location and rule stay whole; in a narrow terminal the preview gives way
    first, then the location folds onto more lines (never cut). `width` None (a pipe): every column whole."""
    natural = [max([len(h), *(len(r[i]) for r in rows)]) for i, h in enumerate(TABLE_COLUMNS)]
    if width is None:
        return natural
    room = width - (3 * len(TABLE_COLUMNS) + 1)  # borders and one space of padding each side
    location, rule, category, tier, preview = natural
    preview = max(MIN_PREVIEW, min(preview, room - location - rule - category - tier))
    location = max(MIN_LOCATION, min(location, room - rule - category - tier - preview))
    return [location, rule, category, tier, preview]


def _print_table(scanner: Scanner, results: list[Result]) -> None:
    rows = [(location(f), f.rule, f.category, f.tier, f.preview) for f in _all(results)]
    tty = sys.stdout.isatty()
    width = shutil.get_terminal_size().columns if tty else None
    title = f"exitguard scan (rules {scanner.version}, engine {scanner.engine})"
    out = sys.stdout
    if rows:  # nothing found: the summary line alone, not an empty table
        for line in render_table(title, rows, column_widths(rows, width)):
            out.write(line + "\n")
    for r in results:
        for reason in r.incomplete:
            out.write(f"incomplete {shown(r.name)}: {shown(reason)}\n")
    skipped = sum(r.skipped_binary for r in results)
    total = sum(len(r.findings) for r in results)
    out.write(("" if rows else f"{title}: ") + f"{total} finding(s) in {len(results) - skipped} input(s)"
              + (f"; {skipped} binary file(s) skipped (--binary-strings scans them)" if skipped else "") + "\n")


def render_table(title: str, rows: Sequence[tuple[str, ...]], widths: list[int]) -> Iterator[str]:
    """The table, line by line, in rich's heavy-head box style. Drawn here rather than by rich.Table: rich
    measures and wraps every cell (about 0.3 ms a row, 10 s for 30,000 findings); this is one format per line.
    The location folds onto more lines when it does not fit; the preview is cut with an ellipsis."""
    def line(left: str, fill: str, mid: str, right: str) -> str:
        return left + mid.join(fill * (w + 2) for w in widths) + right

    def cells(values: tuple[str, ...], bar: str) -> Iterator[str]:
        parts = [_fold(v, w) if i == 0 else [_cut(v, w)] for i, (v, w) in enumerate(zip(values, widths, strict=True))]
        for k in range(max(len(p) for p in parts)):
            yield bar + bar.join(f" {(p[k] if k < len(p) else ''):<{w}} " for p, w in zip(parts, widths,
                                                                                               strict=True)) + bar

    total = sum(widths) + 3 * len(widths) + 1
    yield f"{title:^{total}}".rstrip()
    yield line("┏", "━", "┳", "┓")
    yield from cells(TABLE_COLUMNS, "┃")
    yield line("┡", "━", "╇", "┩")
    for row in rows:
        yield from cells(row, "│")
    yield line("└", "─", "┴", "┘")


def _fold(value: str, width: int) -> list[str]:
    return [value[i:i + width] for i in range(0, len(value), width)] or [""]


def _cut(value: str, width: int) -> str:
    return value if len(value) <= width else value[:max(width - 1, 0)] + "…"


def _print_json(scanner: Scanner, results: list[Result]) -> None:
    findings = [{
        "path": f.path, "start": f.start, "end": f.end, "line": f.line, "column": f.column,
        "rule": f.rule, "category": f.category, "classification": f.classification, "tier": f.tier,
    } for f in _all(results)]
    incomplete = [{"path": r.name, "reason": reason} for r in results for reason in r.incomplete]
    skipped = [r.name for r in results if r.skipped_binary]
    json.dump({"rules_version": scanner.version, "findings": findings, "incomplete": incomplete,
               "skipped_binary": skipped}, sys.stdout, indent=2)
    sys.stdout.write("\n")


def _sarif_region(f: Located) -> dict:
    if f.line is None:
        return {"byteOffset": f.start, "byteLength": f.end - f.start}
    return {"startLine": f.line, "startColumn": f.column, "endLine": f.end_line, "endColumn": f.end_column,
            "charOffset": f.start, "charLength": f.end - f.start}


def _print_sarif(scanner: Scanner, results: list[Result]) -> None:
    records = list(_all(results))
    used = sorted({f.rule for f in records})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    rules = [{"id": r, "shortDescription": {"text": scanner.rule(r).description},
              "properties": {"category": scanner.rule(r).category, "tier": scanner.rule(r).tier}} for r in used]
    sarif_results = [{
        "ruleId": f.rule, "ruleIndex": index[f.rule],
        "level": "error" if f.tier == "precise" else "warning",
        "message": {"text": f"{scanner.rule(f.rule).description} ({f.category}, {f.classification})"},
        "locations": [{"physicalLocation": {"artifactLocation": {"uri": f.path}, "region": _sarif_region(f)}}],
    } for f in records]
    notifications = [{"level": "warning", "message": {"text": f"{r.name}: {reason}"}}
                     for r in results for reason in r.incomplete]
    run = {"tool": {"driver": {"name": "exitguard", "semanticVersion": "0.1.0", "rules": rules,
                               "properties": {"rulesVersion": scanner.version}}},
           "results": sarif_results,
           "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}]}
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, sys.stdout, indent=2)
    sys.stdout.write("\n")
