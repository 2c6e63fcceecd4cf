"""``exitguard approvals``: list the requests waiting for approval, and approve or deny one.

    exitguard approvals list
    exitguard approvals approve ID [--for 10m] [--as NAME]
    exitguard approvals deny ID [--reason TEXT] [--as NAME]

Talks to the running proxy's control endpoint; its address and token are in the control file that the
proxy writes at start-up (default certs/exitguard-control.json, or --control FILE / $EXITGUARD_CONTROL).
"""

from __future__ import annotations

import argparse
import getpass
import http.client
import json
import os
import socket
import sys
from pathlib import Path
from urllib.parse import urlsplit

from addons.approval.rules import parse_duration
from addons.cli.errors import console as console_for_output
from addons.cli.up import DEFAULT_CONFDIR

DEFAULT_CONTROL_FILE = DEFAULT_CONFDIR / "exitguard-control.json"
TIMEOUT = 10.0
PREVIEW_LINES = 12


class ControlError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def register(sub) -> None:
    p = sub.add_parser("approvals", help="list, approve or deny requests held for approval", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", required=True, metavar="ACTION")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--control", metavar="FILE",
                        help=f"the proxy's control file (default: $EXITGUARD_CONTROL or {DEFAULT_CONTROL_FILE})")
    ls = actions.add_parser("list", parents=[common], help="requests waiting for a decision")
    ls.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ls.add_argument("--all", action="store_true", help="also show approvals decided in the last minutes")
    ok = actions.add_parser("approve", parents=[common], help="let a held request (and its retries) through")
    ok.add_argument("id")
    ok.add_argument("--for", dest="window", metavar="DURATION",
                    help="also let identical requests pass for this long (e.g. 10m)")
    ok.add_argument("--as", dest="decider", metavar="NAME", help="who decides (default: your OS user name)")
    no = actions.add_parser("deny", parents=[common], help="refuse a held request (the client gets a 403)")
    no.add_argument("id")
    no.add_argument("--reason", metavar="TEXT", help="shown to the caller and recorded in the audit index")
    no.add_argument("--as", dest="decider", metavar="NAME", help="who decides (default: your OS user name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        client = ControlClient.from_file(control_path(args.control))
        if args.action == "list":
            approvals = client.call("GET", "/v1/approvals" + ("?all=1" if args.all else ""))["approvals"]
            if args.json:
                print(json.dumps(approvals, indent=2))
            else:
                print_table(approvals)
            return 0
        decider = args.decider or _os_user()
        if args.action == "approve":
            body = {"decider": decider}
            if args.window:
                try:
                    body["for"] = parse_duration(args.window)
                except ValueError as e:
                    raise ControlError(f"--for: {e}", 2) from None
            done = client.call("POST", f"/v1/approvals/{args.id}/approve", body)["approval"]
            extra = f"; identical requests pass for {args.window}" if args.window else ""
            print(f"approved {done['id']} as {decider}: {done['method']} {done['url']} "
                  f"({done['waiting']} waiting request(s) released){extra}")
        else:
            body = {"decider": decider, "reason": args.reason}
            done = client.call("POST", f"/v1/approvals/{args.id}/deny", body)["approval"]
            print(f"denied {done['id']} as {decider}: {done['method']} {done['url']} ({done['reason']})")
        return 0
    except ControlError as e:
        print(f"exitguard approvals: {e}", file=sys.stderr)
        return e.code


def control_path(option: str | None) -> Path:
    return Path(option or os.environ.get("EXITGUARD_CONTROL") or DEFAULT_CONTROL_FILE)


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return f"uid-{os.getuid()}"


class _UnixConnection(http.client.HTTPConnection):
    def __init__(self, path: str, timeout: float) -> None:
        super().__init__("localhost", timeout=timeout)
        self.unix_path = path

    def connect(self) -> None:
        self.sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        self.sock.settimeout(self.timeout)
        self.sock.connect(self.unix_path)


class ControlClient:
    def __init__(self, where: dict, token: str, source: Path) -> None:
        self.where, self.token, self.source = where, token, source

    @classmethod
    def from_file(cls, path: Path) -> ControlClient:
        try:
            data = json.loads(path.read_text())
        except FileNotFoundError:
            raise ControlError(f"no control file at {path}: is the proxy running (exitguard up)? "
                               "Point at another one with --control FILE.", 2) from None
        except PermissionError:
            raise ControlError(f"cannot read {path}: run as the user that runs the proxy", 2) from None
        except (OSError, ValueError) as e:
            raise ControlError(f"cannot read the control file {path}: {e}", 2) from None
        if not isinstance(data, dict) or "token" not in data or not ("url" in data or "unix" in data):
            raise ControlError(f"{path} is not an exitguard control file", 2)
        return cls(data, data["token"], path)

    def _connection(self) -> http.client.HTTPConnection:
        if "unix" in self.where:
            return _UnixConnection(self.where["unix"], TIMEOUT)
        url = urlsplit(self.where["url"])
        return http.client.HTTPConnection(url.hostname, url.port, timeout=TIMEOUT)

    def call(self, method: str, path: str, body: dict | None = None) -> dict:
        conn = self._connection()
        where = self.where.get("url") or self.where.get("unix")
        try:
            conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                         headers={"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"})
            response = conn.getresponse()
            raw = response.read()
        except (ConnectionRefusedError, FileNotFoundError):
            raise ControlError(f"the proxy is not running at {where} (stale control file {self.source}?)", 2) from None
        except OSError as e:
            raise ControlError(f"cannot reach the proxy at {where}: {e}", 2) from None
        finally:
            conn.close()
        try:
            doc = json.loads(raw)
        except ValueError:
            raise ControlError(f"unexpected answer from {where} (HTTP {response.status})") from None
        if response.status != 200:
            raise ControlError(doc.get("error") or f"HTTP {response.status}")
        return doc


def print_table(approvals: list[dict]) -> None:
    from rich.table import Table
    from rich.text import Text

    console = console_for_output()
    if not approvals:
        console.print("no requests are waiting for approval")
        return
    table = Table(title="approvals")
    table.add_column("id", no_wrap=True)
    for column in ("state", "requester", "request", "why", "findings", "waiting", "expires in", "notified"):
        table.add_column(column, overflow="fold")
    for a in approvals:
        findings = ", ".join(sorted({f"{f['rule']} ({f['classification']})" for f in a.get("findings", [])}))
        notified = a.get("notified") or {}
        state = a["state"] + (f" by {a['decider']}" if a.get("decider") else "")
        row = (a["id"], state, a.get("requester") or "-", f"{a['method']} {a['url']}", "; ".join(a["reasons"]),
               findings or "-", f"{a['waiting']} of {a['requests']}",
               f"{a['expires_in_s']} s" if a["state"] == "held" else "-",
               "yes" if notified.get("delivered") else (notified.get("error") or "no"))
        table.add_row(*(Text(str(cell)) for cell in row))  # Text: "[MASKED:...]" is not rich markup
    console.print(table)
    # What exactly would be sent, masked: reviewers decide on content, not just a URL.
    for a in (a for a in approvals if a["state"] == "held"):
        preview = a.get("preview") or {}
        lines = (preview.get("body") or "").splitlines()
        console.print(Text(f"{a['id']}: {a['method']} {a['url']} ({preview.get('note', 'no body')})", style="bold"))
        for line in lines[:PREVIEW_LINES]:
            console.print(Text(f"    {line}"))
        if len(lines) > PREVIEW_LINES:
            console.print(Text(f"    ... {len(lines) - PREVIEW_LINES} more line(s)"))
    console.print("decide with: exitguard approvals approve ID [--for 10m] | deny ID --reason TEXT")
