"""``exitguard audit``: list, show, open, export and verify the audit records of a ``--record`` folder, or of
several (``--dir A --dir B``: the folders of a fleet's replicas; each keeps its own chain, verified on its own).

`list` shows the records in the order a reader follows them: by time (a flow's time is when its request started),
each approval record right under the first flow it decided. `list --json` (for programs), `export` and `verify`
keep each folder's chain order (the index order: a flow record is written when its flow ends, after its approval
record); `export` of several folders sorts them by time.

    exitguard audit [list] [--dir DIR] [--since ISO] [--until ISO] [--identity X] [--host GLOB] [--rule R]
                    [--action A] [--json] [--limit N]
    exitguard audit show FLOW_ID          one flow: its index record, findings and (scrubbed) request/response
    exitguard audit open FLOW_ID [--print] [--port P]   extract it to a one-flow .mitm, open it in mitmweb
    exitguard audit export --format jsonl|csv [-o FILE] [filters]   ends with the chain head (anchor it)
    exitguard audit verify [--key-file K] [--anchor SEQ:HASH]
                                           the chain (keyed: with K), every recorded flow's bytes against the
                                           hash its record commits to, and that the recordings hold nothing else

Everything printed is masked once more on its way out (a record written before masking covered it).
"""

from __future__ import annotations

import argparse
import errno
import itertools
import json
import os
import shutil
import socket
import stat
import subprocess
import sys
import tempfile
import textwrap
from functools import cache
from pathlib import Path

from addons.audit import index as auditlog
from addons.cli.errors import UserError, console
from addons.cli.paths import DEFAULT_CONFDIR, DEFAULT_RECORD_DIR
from addons.cli.terminal import shown, shown_lines
from addons.core import outside
from addons.core.validation import did_you_mean

DEFAULT_DIR = os.environ.get("EXITGUARD_RECORD_DIR") or str(DEFAULT_RECORD_DIR)  # where `exitguard up` records
WEB_LOGIN_SCRIPT = Path(__file__).with_name("mitmweb_login.py")  # loaded by `audit open`'s mitmweb
WEB_PORT = 8081  # mitmweb's own default, which `audit open` takes when nothing else listens there


def register(sub) -> None:
    p = sub.add_parser("audit", help="list, show, open, export and verify audit records",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    _common(p, [DEFAULT_DIR])
    _filters(p, None)
    _list_options(p, None)
    p.set_defaults(func=run, audit_command="list")
    actions = p.add_subparsers(dest="audit_command", metavar="SUBCOMMAND")

    listing = actions.add_parser("list", help="the matching records as a table (the same as bare `audit`), by "
                                 "time, each approval under the flow it decided")
    _list_options(listing, argparse.SUPPRESS)
    _common(listing, argparse.SUPPRESS)
    _filters(listing, argparse.SUPPRESS)

    show = actions.add_parser("show", help="one flow with its findings")
    show.add_argument("flow_id")
    show.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                      help="print the flow's index record as JSON")
    _common(show, argparse.SUPPRESS)

    op = actions.add_parser("open", help="open one flow in mitmweb (extracted to a single-flow .mitm)")
    op.add_argument("flow_id")
    op.add_argument("--print", dest="print_only", action="store_true",
                    help="write the file and print the mitmweb command instead of running it")
    op.add_argument("-o", "--output", metavar="FILE", help="where to write the single-flow .mitm")
    op.add_argument("--port", type=int, metavar="PORT",
                    help=f"mitmweb's port on 127.0.0.1 (default {WEB_PORT}, or a free one when that is taken)")
    _common(op, argparse.SUPPRESS)

    ex = actions.add_parser("export", help="write records as JSON Lines or CSV (for a SIEM)")
    ex.add_argument("--format", choices=("jsonl", "csv"), default="jsonl")
    ex.add_argument("-o", "--output", metavar="FILE", help="output file (default: stdout)")
    _common(ex, argparse.SUPPRESS)
    _filters(ex, argparse.SUPPRESS)

    ver = actions.add_parser("verify", help="check the hash chain and that every record points to its flow")
    ver.add_argument("--no-flows", action="store_true", help="check the chain only, not the recordings")
    ver.add_argument("--key-file", metavar="FILE",
                     help="the exitguard_record_key_file the proxy sealed the index with (keyed chain)")
    ver.add_argument("--anchor", metavar="SEQ:HASH",
                     help="a chain head exported earlier: that record must still be in the chain, unchanged")
    ver.add_argument("--json", action="store_true", default=argparse.SUPPRESS,
                     help="print the result and every problem as JSON")
    _common(ver, argparse.SUPPRESS)


def _list_options(p, default) -> None:
    """Options of the listing, on `audit` and on `audit list`; `default` SUPPRESS keeps the parent's values."""
    p.add_argument("--json", action="store_true", default=False if default is None else default,
                   help="print the matching records as JSON Lines")
    p.add_argument("--limit", type=int, default=0 if default is None else default,
                   help="show only the last N matching records")


def _common(p, default) -> None:
    p.add_argument("--dir", action=_Folders, default=default, metavar="DIR",
                   help="the record folder (default: $EXITGUARD_RECORD_DIR, else where `exitguard up` records: "
                        f"{DEFAULT_DIR})")


class _Folders(argparse.Action):
    """Repeatable ``--dir``: the first one given replaces the default folder, the next ones add to it."""

    def __call__(self, parser, namespace, values, option_string=None) -> None:
        given = getattr(namespace, self.dest, None)
        folders = [] if given is None or given is self.default or not getattr(namespace, "_dir_given", False) \
            else list(given)
        namespace._dir_given = True
        setattr(namespace, self.dest, [*folders, values])


def _filters(p, default) -> None:
    p.add_argument("--since", metavar="ISO", default=default, help="records at or after this time (UTC if no zone)")
    p.add_argument("--until", metavar="ISO", default=default, help="records before this time")
    p.add_argument("--identity", default=default, help="caller identity")
    p.add_argument("--host", default=default, metavar="GLOB", help="destination host (glob)")
    p.add_argument("--rule", default=default, help="records with a finding of this rule id")
    p.add_argument("--action", default=default,
                   help="decision or finding action: allow, mask, block, report, held, approved, denied, deny, ...")


Folder = tuple[Path, list[Path]]  # a record folder and its index files, in chain order


def run(args: argparse.Namespace) -> int:
    folders: list[Folder] = []
    for name in args.dir:
        directory = Path(name)
        if not directory.is_dir():
            raise UserError(f"no record folder {directory} (use --dir)")
        folders.append((directory, auditlog.index_files(directory)))
    handler = {"list": _list, "show": _show, "open": _open, "export": _export, "verify": _verify_all}
    try:
        return handler[args.audit_command or "list"](args, folders)
    except auditlog.NotRegularFile as e:  # a FIFO or device under an audit file's name: refused, not read
        raise UserError(str(e.strerror)) from None


def _records(folders: list[Folder]):
    """Every record of every folder; one folder in chain order, several sorted by time (stable: records of one
    time keep their chain order). Not a merge of the chains: a chain's times do not only grow (a flow record
    carries its request's start and is written when it ends, after the records of shorter flows and after the
    approval record of its own decision)."""
    if len(folders) == 1:
        return (r for _, _, r in auditlog.read_records(folders[0][1]))
    return iter(sorted((r for _, files in folders for _, _, r in auditlog.read_records(files)),
                       key=lambda r: str(r.get("time", ""))))


def reading_order(records: list[dict]) -> list[dict]:
    """Records as a reader follows them (newuser53: the chain's order put an approval before the flow it released,
    since a flow record is written when its flow ends): by time, stable, and each approval record right after the
    first listed flow that carries its approval id. An approval whose flow is not listed (filtered out, still
    open) stays at its own time."""
    ordered = sorted(records, key=lambda r: str(r.get("time", "")))
    decided_flow: dict[str, int] = {}  # approval id -> id() of the first flow record carrying it
    for r in ordered:
        if r.get("event") == "flow" and (approval_id := _approval_id(r)):
            decided_flow.setdefault(approval_id, id(r))
    decisions: dict[str, list[dict]] = {}
    for r in ordered:
        if r.get("event") == "approval" and (approval_id := _approval_id(r)) in decided_flow:
            decisions.setdefault(approval_id, []).append(r)
    placed: list[dict] = []
    for r in ordered:
        approval_id = _approval_id(r)
        if r.get("event") == "approval" and approval_id in decided_flow:
            continue  # listed under its flow
        placed.append(r)
        if approval_id and decided_flow.get(approval_id) == id(r):
            placed.extend(decisions.get(approval_id, []))
    return placed


def _approval_id(record: dict) -> str:
    approval = record.get("approval")
    return str(approval.get("id") or "") if isinstance(approval, dict) else ""


def _title(folders: list[Folder]) -> str:
    return ", ".join(str(d) for d, _ in folders)


def _filter(args) -> auditlog.Filter:
    times = {}
    for flag, value in (("--since", args.since), ("--until", args.until)):
        try:
            times[flag] = auditlog.parse_time(value) if value else None
        except ValueError:
            raise UserError(f"{flag}: {value!r} is not a time: give an ISO date or time such as 2026-12-04 or "
                            "2026-12-04T09:30 (UTC unless it names a zone, e.g. 09:30+01:00)") from None
    since, until = times["--since"], times["--until"]
    return auditlog.Filter(since, until, args.identity, args.host, args.rule, args.action)


def _list(args, folders: list[Folder]) -> int:
    wanted = _filter(args)  # before reading: a bad --since is an error even when there is nothing to read
    present: dict[str, set[str]] = {"--action": set(), "--rule": set()}  # what the records have, read once
    records = []
    for r in _records(folders):
        if wanted(r):
            records.append(r)
        if args.action is not None:
            present["--action"] |= auditlog.record_actions(r)
        if args.rule is not None:
            present["--rule"] |= {auditlog.text_of(f, "rule") for f in auditlog.findings_of(r)}
    if not records:
        _say_why_none({"--action": args.action, "--rule": args.rule}, present)
    if not args.json:  # JSON lines are for programs: the index's own order, as export gives it
        records = reading_order(records)
    if args.limit:
        records = records[-args.limit:]
    records = [_safe(r) for r in records]
    if args.json:
        auditlog.export(records, "jsonl", sys.stdout)
        return 0
    from rich.table import Table
    from rich.text import Text

    fleet = len(folders) > 1
    table = Table(title=f"exitguard audit: {_title(folders)} ({len(records)} record(s))")
    for col in ("time", "flow", *(("replica",) if fleet else ()), "identity", "host", "request", "status",
                "decision", "findings"):
        table.add_column(col, overflow="fold")
    for r in records:
        replica = (str(r.get("replica") or ""),) if fleet else ()
        if r.get("event") != "flow":
            table.add_row(*(Text(shown(cell)) for cell in (
                _short_time(r), str(r.get("flow_id") or "")[:8], *replica, _who(r),
                r.get("host") or "", r.get("event", ""), "", r.get("decision") or "", _event_summary(r))))
            continue
        decision = r.get("decision") or ""
        if r.get("report_only"):
            decision = f"report (would {r.get('would')})"
        table.add_row(*(Text(shown(cell)) for cell in (  # Text: a recorded path is not rich markup
            _short_time(r), str(r.get("flow_id", ""))[:8], *replica, _who(r), r.get("host") or "",
            f"{r.get('method', '')} {r.get('path', '')}", _status(r), decision,
            _findings_summary(auditlog.findings_of(r)))))
    _console().print(table)
    return 0


def _who(rec: dict) -> str:
    """The identity cell: the caller, or for a refused proxy authentication who it claimed to be (a known token
    entry's name; the record never holds the user name as sent)."""
    if rec.get("identity"):
        return str(rec["identity"])
    return f"claimed: {rec['claimed_identity']}" if rec.get("claimed_identity") else ""


def _status(rec: dict) -> str:
    """The answer's status, or `error` for a flow that got none from upstream (refused, unreachable): a blank
    cell read as "still running" (`audit show` names the error)."""
    return str(rec.get("status") or ("error" if rec.get("error") else ""))


def _say_why_none(given: dict[str, str | None], present: dict[str, set[str]]) -> None:
    """Nothing matched: a --action or --rule no record has (a typo) is said on stderr with what the records do
    have, so an empty table is not read as "nothing happened"."""
    for flag, value in given.items():
        have = sorted(v for v in present[flag] if v)
        if value is not None and value not in have:
            listed = ", ".join(have[:20]) + (", ..." if len(have) > 20 else "")
            print(shown(_safe(f"exitguard audit: no record has {flag} {value}{did_you_mean(value, have)}"
                              f" (the records have: {listed or 'none'})")), file=sys.stderr)


@cache
def _output_runtime():
    """The default rules and policy, with the proxy's fingerprint key when it can be read (placeholders then
    carry the same tags as in the records), else a throwaway key."""
    import addons.chain  # noqa: F401  (the policy sections a policy may hold)
    from addons.core import runtime
    from addons.core.config import DEFAULT_KEY_FILE_NAME

    key_file = DEFAULT_CONFDIR / DEFAULT_KEY_FILE_NAME
    if os.access(key_file, os.R_OK):
        return runtime.build(None, [], key_file)
    with tempfile.TemporaryDirectory(prefix="exitguard-audit-") as scratch:  # the key is read once, at build
        return runtime.build(None, [], Path(scratch) / "throwaway.key")


def _safe(value):
    """What may be printed: through core/outside.py, like everything exitguard writes outside a flow."""
    return outside.safe_record(value, _output_runtime().inspector)


def _console():
    return console()  # piped output: errors.PIPED_WIDTH wide, not folded at 80 columns


def _short_time(r: dict) -> str:
    return str(r.get("time", ""))[:19].replace("T", " ")


def _event_summary(r: dict) -> str:
    if r.get("event") == "approval" and isinstance(approval := r.get("approval"), dict):
        return _approval_summary(approval)
    keys = [k for k in ("what", "truncated_bytes", "lines", "removed", "unrecorded_flows", "reason")
            if r.get(k) is not None]
    return ", ".join(f"{k}={r[k]}" for k in keys)


def _approval_summary(a: dict) -> str:
    """An approval record's row: which approval, how it ended and who said so (and for how long identical
    requests pass), how many requests still waited."""
    by = f" by {a['decider']}" if a.get("decider") else ""
    window = f", identical requests pass for {a['window_s']} s" if a.get("window_s") else ""
    waiting = f", {a['waiting']} waiting" if isinstance(a.get("waiting"), int) else ""
    return f"approval {a.get('id')} {a.get('state')}{by}{window}{waiting}"


def _findings_summary(findings: list[dict]) -> str:
    counts: dict[str, int] = {}
    for f in findings:  # auditlog.findings_of: objects only
        key = f"{f.get('rule')}:{f.get('action')}"
        counts[key] = counts.get(key, 0) + 1
    return ", ".join(f"{k}×{n}" if n > 1 else k for k, n in counts.items())


def _lookup(folders: list[Folder], flow_id: str):
    """(folder, index file, line, record) of a flow, in whichever folder holds it."""
    for directory, files in folders:
        try:
            hit = auditlog.find_flow(files, flow_id)
        except LookupError as e:
            raise UserError(str(e)) from None
        if hit is not None:
            return (directory, *hit)
    hint = " (a flow id as `exitguard audit list` shows it: 8 characters or more)" if len(flow_id) < 8 else ""
    raise UserError(f"no recorded flow {flow_id}{hint}")


def _read_flow(directory: Path, rec: dict):
    """The recorded flow, scrubbed again (recordings written before every value was masked may hold some)."""
    from addons.audit import scrub
    from addons.audit.recorder import read_flow_at

    return scrub.record_copy(read_flow_at(directory / Path(rec["file"]).name, int(rec["offset"])),
                             _output_runtime(), recorded=True)


def _show(args, folders: list[Folder]) -> int:
    directory, path, lineno, rec = _lookup(folders, args.flow_id)
    rec = _safe(rec)
    if getattr(args, "json", False):
        print(json.dumps(rec, indent=2, sort_keys=True))
        return 0
    from rich.markup import escape
    from rich.table import Table
    from rich.text import Text

    console = _console()
    console.print(f"[bold]flow {escape(shown(rec['flow_id']))}[/bold]  ({escape(shown(path.name))}:{lineno}, "
                  f"recording {escape(shown(rec.get('file')))} @ {escape(shown(rec.get('offset')))})")
    for key in ("time", "identity", "claimed_identity", "groups", "client", "host", "method", "path", "model",
                "status", "decision", "reason", "report_only", "would", "approval", "coverage", "latency_ms",
                "policy_version", "replica", "error"):
        if rec.get(key) not in (None, [], ""):
            console.print(f"  {key:15} {shown(_field(key, rec[key]))}", markup=False, highlight=False)
    table = Table(title="findings")
    columns = ("rule", "category", "classification", "tier", "direction", "location", "start", "fingerprint",
               "action")
    for col in columns:
        table.add_column(col)
    for f in auditlog.findings_of(rec):  # older records have no start (their location ends in "@<start>")
        table.add_row(*(Text(shown(f.get(c, ""))) for c in columns))
    console.print(table)
    try:
        flow = _read_flow(directory, rec)
    except Exception as e:  # the record exists but its flow does not read back: say so, do not crash
        console.print(f"[red]the recorded flow cannot be read: {type(e).__name__}[/red]")
        return 1
    for name, msg in (("request", flow.request), ("response", flow.response)):
        if msg is None:
            continue
        console.print(f"[bold]{name}[/bold] (as recorded, masked)", highlight=False)
        for k, v in msg.headers.items():
            console.print(f"  {shown(k)}: {shown(v)}", markup=False, highlight=False)
        body = msg.get_text(strict=False) if msg.raw_content else ""
        if body:  # recorded traffic: an answer may carry escape sequences meant for whoever reads it
            text = shown_lines(body[:4000]) + (" ..." if len(body) > 4000 else "")
            console.print(textwrap.indent(text, "  ", lambda line: True), markup=False, highlight=False)
    return 0


def _field(key: str, value) -> str:
    """A record's value as a person reads it: yes/no, a list joined, coverage as "request: scanned (3 field(s))",
    anything else nested as JSON (not Python's repr of it)."""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if key == "coverage" and isinstance(value, list) and all(isinstance(c, dict) for c in value):
        return "; ".join(f"{c.get('direction')}: {c.get('status')}" + (f" ({c['reason']})" if c.get("reason") else "")
                         for c in value)
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value)
    if isinstance(value, dict | list):
        return json.dumps(value, sort_keys=True)
    return str(value)


def _private_output(path: Path, mode: str, **kwargs):
    """A file for a copy of records or flows: created 0600 like the records themselves (the umask's 0644 let every
    local user read them). An existing file keeps its mode (it may be a terminal or a pipe).

    In a folder others may write (a shared /tmp job folder) the name may be someone else's (review62): a link they
    planted is not followed (its far end, a file of the user's, was truncated and overwritten) and a file they made
    first is not written (they would read what it receives); both are refused before anything is truncated. A link
    of the user's own or root's (``/dev/stdout``) is followed."""
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_NOFOLLOW, 0o600)
    except OSError as e:  # ELOOP for a link; EACCES for another user's link in a sticky folder (O_CREAT)
        if e.errno not in (errno.ELOOP, errno.EACCES) or not path.is_symlink():
            raise
        link_owner = os.lstat(path).st_uid
        if link_owner not in (os.geteuid(), 0):
            raise UserError(f"{path}: not written: it is a link another user (uid {link_owner}) made; "
                            "give a path of your own") from None
        fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        found = os.fstat(fd)
        if stat.S_ISREG(found.st_mode):
            if found.st_uid != os.geteuid():
                raise UserError(f"{path}: not written: the file belongs to another user (uid {found.st_uid}), "
                                "who could read what it receives; give a path of your own")
            os.ftruncate(fd, 0)
        return os.fdopen(fd, mode, **kwargs)
    except BaseException:
        os.close(fd)
        raise


def _open(args, folders: list[Folder]) -> int:
    from mitmproxy import io

    directory, _, _, rec = _lookup(folders, args.flow_id)
    try:
        flow = _read_flow(directory, rec)
    except OSError:
        raise  # the recording is gone or unreadable: cli/main names the file (status 2)
    except Exception as e:  # the flow does not read back (a hostile or damaged recording): `show` says it the same
        print(f"exitguard audit: the recorded flow {shown(args.flow_id)} cannot be read: {type(e).__name__}",
              file=sys.stderr)
        return 1
    rec = _safe(rec)
    out = Path(args.output) if args.output else Path(tempfile.mkdtemp(prefix="exitguard-audit-")) / \
        f"flow-{rec['flow_id'][:8]}.mitm"
    scratch = None if args.output or args.print_only else out.parent  # only mitmweb reads it: removed after
    with _private_output(out, "wb") as f:
        io.FlowWriter(f).add(flow)
    exe = Path(sys.executable).parent / "mitmweb"
    binary = str(exe) if exe.exists() else (shutil.which("mitmweb") or "mitmweb")
    # -n: no proxy server. The UI stays on 127.0.0.1 (and mitmweb asks for its token); the login script keeps
    # the token off the browser's command line (review62).
    cmd = [binary, "-n", "-r", str(out), "-s", str(WEB_LOGIN_SCRIPT), "--set", "web_host=127.0.0.1",
           "--set", f"web_port={_web_port(args.port)}"]
    if args.print_only:
        print(" ".join(cmd))
        return 0
    try:
        return subprocess.call(cmd)
    finally:  # the copy was only for mitmweb: -o or --print keep theirs
        if scratch is not None:
            shutil.rmtree(scratch, ignore_errors=True)


def _web_port(chosen: int | None = None) -> int:
    """mitmweb's port for `audit open`: ``--port`` (newuser56: a host where only some ports are one's own), else
    8081 unless something listens there (`exitguard up --web` does), else one the system hands out; mitmweb on a
    port in use ends in a traceback (errno 98), so a chosen port that is taken is refused here."""
    if chosen is not None:
        if not 0 < chosen < 65536:
            raise UserError(f"--port {chosen}: a port from 1 to 65535")
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as mitmweb binds: TIME_WAIT is no conflict
            try:
                s.bind(("127.0.0.1", chosen))
            except OSError:
                raise UserError(f"--port {chosen}: 127.0.0.1:{chosen} is in use; choose another") from None
        return chosen
    for port in (WEB_PORT, 0):
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return s.getsockname()[1]
    raise UserError("no free port on 127.0.0.1 for mitmweb")


def _export(args, folders: list[Folder]) -> int:
    """The matching records, then the head of each folder's chain: ship them off the box and `verify --anchor`."""
    wanted = _filter(args)
    # The head quotes the last record (time, mac, key_id): masked like the records.
    heads = [_safe(head) for _, files in folders if (head := auditlog.chain_head(files)) is not None]
    records = itertools.chain((_safe(r) for r in _records(folders) if wanted(r)), heads)
    if args.output:
        with _private_output(Path(args.output), "w", encoding="utf-8", newline="") as out:
            n = auditlog.export(records, args.format, out)
        print(f"exitguard audit: wrote {n} record(s) to {args.output}", file=sys.stderr)
    else:
        auditlog.export(records, args.format, sys.stdout)
    return 0


def check_flows(directory: Path, files: list[Path]) -> list[auditlog.Problem]:
    """Every flow record's file + offset must read back a flow with that id (the byte-level check of the
    recordings is auditlog.check_recordings)."""
    from addons.audit.recorder import read_flow_at

    problems = []
    for path, lineno, rec in auditlog.read_records(files):
        if rec.get("event") != "flow":
            continue
        try:
            flow = read_flow_at(directory / Path(rec["file"]).name, int(rec["offset"]))
            ok = flow.id == rec.get("flow_id")
            what = "the flow at that offset has another id"
        except Exception as e:  # missing file, torn data, bad offset
            ok, what = False, f"cannot read it ({type(e).__name__})"
        if not ok:
            problems.append(auditlog.Problem(path.name, lineno, "missing_flow",
                                             f"{rec.get('file')} @ {rec.get('offset')}: {what}"))
    return problems


def _verify_all(args, folders: list[Folder]) -> int:
    """Each folder's chain on its own (a replica's chain never continues another's); fails if any fails."""
    if len(folders) == 1:
        return _verify(args, *folders[0])
    if getattr(args, "anchor", None):
        raise UserError("--anchor names one chain: verify its folder alone")
    folders = list({d.resolve(): (d, files) for d, files in folders}.values())  # one folder named twice: once
    copied = _copied_chains(folders)
    worst = 0
    for directory, files in folders:
        if not getattr(args, "json", False):
            print(f"== {directory}")
        worst = max(worst, _verify(args, directory, files, tuple(copied.get(directory, []))))
    if not getattr(args, "json", False):
        print(f"exitguard audit verify: {len(folders)} folder(s): " + ("OK" if worst == 0 else "FAILED"))
    return worst


def _copied_chains(folders: list[Folder]) -> dict[Path, list[auditlog.Problem]]:
    """Each replica writes its own chain, so no record (its hash covers its time, flow id and replica) is in two
    folders. One is when a replica's folder was replaced by a copy of another's: each still verifies on its own
    (a fleet shares the chain key), and the records it held are gone."""
    owner: dict[str, Path] = {}
    problems: dict[Path, list[auditlog.Problem]] = {}
    for directory, files in folders:
        shared: dict[Path, int] = {}
        for _, _, rec in auditlog.read_records(files):
            digest = rec.get("hash")
            if not isinstance(digest, str):
                continue
            first = owner.setdefault(digest, directory)
            if first != directory:
                shared[first] = shared.get(first, 0) + 1
        problems[directory] = [auditlog.Problem(directory.name, 0, "copied_chain", f"{n} record(s) here are also in "
                                                f"{other}: one replica's records were copied over another's")
                               for other, n in shared.items()]
    return problems


def _verify(args, directory: Path, files: list[Path], extra: tuple[auditlog.Problem, ...] = ()) -> int:
    try:
        key = auditlog.read_key(args.key_file) if args.key_file else None
    except (OSError, ValueError) as e:
        why = e.strerror if isinstance(e, OSError) else e
        print(f"exitguard audit verify: --key-file {args.key_file}: {why}", file=sys.stderr)
        return 2
    try:
        problems = auditlog.verify(files, key)
        if args.anchor:
            problems += auditlog.check_anchor(files, args.anchor)
    except (OSError, ValueError) as e:
        print(f"exitguard audit verify: {e.strerror if isinstance(e, OSError) else e}", file=sys.stderr)
        return 2
    problems += list(extra)
    if not args.no_flows:
        problems += auditlog.check_recordings(directory, files)
        reported = {(p.file, p.line) for p in problems if p.kind != "uncommitted"}
        problems += [p for p in check_flows(directory, files) if (p.file, p.line) not in reported]
    records = sum(1 for _ in auditlog.read_records(files))
    bad = [p for p in problems if p.tampering]
    # A problem quotes what the index says (file, offset, seal): whoever wrote the index chose it.
    if getattr(args, "json", False):
        print(json.dumps({"ok": not bad, "dir": str(directory), "files": len(files), "records": records,
                          "problems": [_safe(p.__dict__) for p in problems]}, indent=2))
    else:
        for p in problems:
            print(("WARNING " if not p.tampering else "PROBLEM ") + shown(_safe(str(p))))
        print(f"exitguard audit verify: {len(files)} file(s), {records} record(s): "
              + ("OK" if not bad else f"{len(bad)} problem(s)"))
    return 1 if bad else 0
