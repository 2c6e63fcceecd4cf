"""`exitguard scan PATH... | -`: find secrets and PII in files or stdin with the detection engine.

Output never contains a found value: the table shows a masked preview (a public token prefix at most),
JSON and SARIF give positions and rule ids only. `--jsonl` evaluates the rules on labelled data: each input
line {"id", "text"} gives one output line {"id", "findings": [{"start", "end", "rule", "category"}]}.

Exit status: 0 nothing found, 1 findings (or a scan that could not finish: that counts as a finding),
2 usage or rule errors. With --jsonl the status is 0 unless an input line is invalid.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from addons.detect import RuleError, Scanner

SARIF_SCHEMA = "https://json.schemastore.org/sarif-2.1.0.json"


def register(sub) -> None:
    parser = sub.add_parser("scan", help="find secrets and PII in files or stdin",
                            description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files or directories; - reads stdin")
    parser.add_argument("--rules", action="append", metavar="DIR_OR_FILE",
                        help="rule file or directory (repeatable); default: the built-in rules/")
    parser.add_argument("--format", choices=["table", "json", "sarif"], default="table")
    parser.add_argument("--jsonl", action="store_true",
                        help='read lines {"id", "text"}, write {"id", "findings": [...]} per line')
    parser.set_defaults(func=run)


def run(args) -> int:
    try:
        scanner = Scanner.from_rules(args.rules) if args.rules else Scanner.default()
    except RuleError as exc:
        print(f"exitguard scan: {exc}", file=sys.stderr)
        return 2
    if args.jsonl:
        return _run_jsonl(scanner, args.paths)
    results = []  # (name, text, report)
    for name, text in _inputs(args.paths):
        results.append((name, text, scanner.scan_report(text)))
    {"table": _print_table, "json": _print_json, "sarif": _print_sarif}[args.format](scanner, results)
    return 1 if any(report.findings or report.incomplete for _, _, report in results) else 0


def _inputs(paths):
    """(display name, text) for every input; bytes that are not UTF-8 are kept as surrogate escapes."""
    for raw in paths:
        if raw == "-":
            yield "<stdin>", sys.stdin.buffer.read().decode("utf-8", "surrogateescape")
            continue
        path = Path(raw)
        files = sorted(p for p in path.rglob("*") if p.is_file()) if path.is_dir() else [path]
        for file in files:
            yield str(file), file.read_bytes().decode("utf-8", "surrogateescape")


def _run_jsonl(scanner: Scanner, paths) -> int:
    status = 0
    for name, text in _inputs(paths):
        for number, line in enumerate(text.splitlines(), 1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                item_id, item_text = item["id"], item["text"]
            except (ValueError, KeyError, TypeError):
                print(f"exitguard scan: {name}:{number}: expected a JSON object with id and text", file=sys.stderr)
                status = 2
                continue
            findings = [{"start": f.start, "end": f.end, "rule": f.rule_id, "category": f.category}
                        for f in scanner.scan(item_text)]
            sys.stdout.write(json.dumps({"id": item_id, "findings": findings}) + "\n")
    return status


def masked_preview(value: str, tier: str, category: str) -> str:
    """A provider prefix is public (`ghp_`, `sk-ant-`): show up to 4 chars of precise secrets only."""
    shown = value[:4] if tier == "precise" and category == "secret" and len(value) >= 16 else ""
    return f"{shown}{'*' * 6} ({len(value)} chars)"


def _line_column(text: str, offset: int) -> tuple[int, int]:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _records(results):
    for name, text, report in results:
        for finding in report.findings:
            line, column = _line_column(text, finding.start)
            end_line, end_column = _line_column(text, finding.end)
            yield name, text, finding, (line, column, end_line, end_column)


def _print_table(scanner: Scanner, results) -> None:
    from rich.console import Console
    from rich.table import Table

    console = Console()
    table = Table(title=f"exitguard scan (rules {scanner.version}, engine {scanner.engine})")
    for column in ("location", "rule", "category", "tier", "preview"):
        table.add_column(column)
    for name, text, finding, (line, column, _, _) in _records(results):
        table.add_row(f"{name}:{line}:{column}", finding.rule_id, finding.category, finding.tier,
                      masked_preview(text[finding.start:finding.end], finding.tier, finding.category))
    console.print(table)
    for name, _, report in results:
        for reason in report.skipped:
            console.print(f"[yellow]incomplete[/yellow] {name}: {reason}")
    total = sum(len(report.findings) for _, _, report in results)
    console.print(f"{total} finding(s) in {len(results)} input(s)")


def _print_json(scanner: Scanner, results) -> None:
    findings = [{
        "path": name, "start": f.start, "end": f.end, "line": pos[0], "column": pos[1],
        "rule": f.rule_id, "category": f.category, "classification": f.classification, "tier": f.tier,
    } for name, _, f, pos in _records(results)]
    incomplete = [{"path": name, "reason": reason} for name, _, report in results for reason in report.skipped]
    json.dump({"rules_version": scanner.version, "findings": findings, "incomplete": incomplete},
              sys.stdout, indent=2)
    sys.stdout.write("\n")


def _print_sarif(scanner: Scanner, results) -> None:
    records = list(_records(results))
    used = sorted({f.rule_id for _, _, f, _ in records})
    index = {rule_id: i for i, rule_id in enumerate(used)}
    rules = [{"id": r, "shortDescription": {"text": scanner.rule(r).description},
              "properties": {"category": scanner.rule(r).category, "tier": scanner.rule(r).tier}} for r in used]
    sarif_results = [{
        "ruleId": f.rule_id, "ruleIndex": index[f.rule_id],
        "level": "error" if f.tier == "precise" else "warning",
        "message": {"text": f"{scanner.rule(f.rule_id).description} ({f.category}, {f.classification})"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": name},
            "region": {"startLine": line, "startColumn": column, "endLine": end_line, "endColumn": end_column,
                       "charOffset": f.start, "charLength": f.end - f.start},
        }}],
    } for name, _, f, (line, column, end_line, end_column) in records]
    notifications = [{"level": "warning", "message": {"text": f"{name}: {reason}"}}
                     for name, _, report in results for reason in report.skipped]
    run = {"tool": {"driver": {"name": "exitguard", "semanticVersion": "0.1.0", "rules": rules,
                               "properties": {"rulesVersion": scanner.version}}},
           "results": sarif_results,
           "invocations": [{"executionSuccessful": not notifications, "toolExecutionNotifications": notifications}]}
    json.dump({"$schema": SARIF_SCHEMA, "version": "2.1.0", "runs": [run]}, sys.stdout, indent=2)
    sys.stdout.write("\n")
