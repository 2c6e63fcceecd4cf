"""``exitguard approvals``: list the requests waiting for approval, and approve or deny one.

    exitguard approvals list [--proxy HOST:PORT]
    exitguard approvals approve ID [--for 10m] [--token-file FILE]     (or $EXITGUARD_APPROVER_TOKEN)
    exitguard approvals deny ID [--reason TEXT] [--token-file FILE | --as NAME]
    exitguard approvals fleet                                          the replicas and the policy each runs

Talks to the running proxy's control endpoint; its address and token are in the control file that each proxy
writes at start-up (certs/exitguard-control-HOST_PORT.json, named by its listen address). With one proxy running
it is found; with several, choose with --proxy HOST:PORT, --control FILE or $EXITGUARD_CONTROL.

Approving needs an approver token: an exitguard token (exitguard token add NAME --groups security) or OIDC JWT
of a group the policy lists in approvals.approvers.groups. The decider is who the token names; agents must
never hold one. Deny works with the control file alone (recorded as the --as name, marked unverified).
"""

from __future__ import annotations

import argparse
import contextlib
import getpass
import hmac
import http.client
import json
import os
import re
import secrets
import shlex
import socket
import sys
import threading
import time
from datetime import datetime
from pathlib import Path
from urllib.parse import urlsplit

from addons.approval import outcomes
from addons.approval.controlfile import (
    APPROVER_HEADER,
    CHALLENGE_HEADER,
    CONTROL_FILE_GLOB,
    HELLO_PATH,
    control_file_name,
    control_proof,
)
from addons.approval.rules import format_duration, parse_duration
from addons.cli.errors import console as console_for_output
from addons.cli.paths import DEFAULT_CONFDIR
from addons.cli.terminal import shown
from addons.cli.token_file import TokenFileError, one_line, read_token_file
from addons.core import secretfile

APPROVER_TOKEN_ENV = "EXITGUARD_APPROVER_TOKEN"
APPROVAL_ID = re.compile(r"[0-9a-f]{1,32}")  # as the control endpoint's routes take it
TIMEOUT = 10.0
PROBE_TIMEOUT = 3.0  # each control file's listener, when looking for the live proxy among several (a busy proxy
# answers its hello in milliseconds; a listener that holds the connection open must not stall the choice)
HELLO_MAX_BYTES = 4096  # the hello's answer read: a proof is ~80 bytes of JSON
PREVIEW_LINES = 40  # headers (up to ~20 from an SDK) and body fields


class ControlError(Exception):
    def __init__(self, message: str, code: int = 1) -> None:
        super().__init__(message)
        self.code = code


def register(sub) -> None:
    p = sub.add_parser("approvals", help="list, approve or deny requests held for approval", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    actions = p.add_subparsers(dest="action", required=True, metavar="SUBCOMMAND")
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--control", metavar="FILE",
                        help="the proxy's control file (default: $EXITGUARD_CONTROL, else the one proxy running)")
    common.add_argument("--proxy", metavar="HOST:PORT", help="the proxy listening there (its control file)")
    common.add_argument("--confdir", metavar="DIR", default=str(DEFAULT_CONFDIR),
                        help=f"where the proxies' control files are (default {DEFAULT_CONFDIR})")
    approver = argparse.ArgumentParser(add_help=False)
    approver.add_argument("--token-file", metavar="FILE",
                          help=f"file holding your approver token (default: ${APPROVER_TOKEN_ENV})")
    ls = actions.add_parser("list", parents=[common], help="requests waiting for a decision")
    ls.add_argument("--json", action="store_true", help="print JSON instead of a table")
    ls.add_argument("--all", action="store_true", help="also show approvals decided in the last minutes")
    fleet = actions.add_parser("fleet", parents=[common],
                               help="the replicas sharing the proxy's state and the policy version each runs")
    fleet.add_argument("--json", action="store_true", help="print JSON instead of lines")
    ok = actions.add_parser("approve", parents=[common, approver],
                            help="let a held request (and its retries) through")
    ok.add_argument("id")
    ok.add_argument("--for", dest="window", metavar="DURATION",
                    help="also let identical requests pass for this long (e.g. 10m)")
    no = actions.add_parser("deny", parents=[common, approver],
                            help="refuse a held request (the client gets a 403)")
    no.add_argument("id")
    no.add_argument("--reason", metavar="TEXT", help="shown to the caller and recorded in the audit index")
    no.add_argument("--as", dest="decider", metavar="NAME",
                    help="who decides, without an approver token (default: your OS user name)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    try:
        if args.action in ("approve", "deny"):
            if not APPROVAL_ID.fullmatch(args.id.lower()):  # the endpoint would only say "unknown endpoint"
                raise ControlError(f"no approval {args.id!r}: an approval id is hex, as `exitguard approvals list` "
                                   "shows it", 2)
            args.id = args.id.lower()
        client = choose_proxy(args.control, args.proxy, Path(args.confdir))
        if args.action == "list":
            approvals = client.call("GET", "/v1/approvals" + ("?all=1" if args.all else ""))["approvals"]
            if args.json:
                print(json.dumps(approvals, indent=2))
            else:
                print_table(approvals, _chosen_proxy(args))
            return 0
        if args.action == "fleet":
            return print_fleet(client.call("GET", "/v1/fleet"), args.json)
        token = approver_token(args.token_file, required=args.action == "approve")
        if args.action == "approve":
            body: dict = {}
            if args.window:
                try:
                    body["for"] = parse_duration(args.window)
                except ValueError as e:
                    raise ControlError(f"--for: {e}", 2) from None
            done = client.call("POST", f"/v1/approvals/{args.id}/approve", body, token)["approval"]
            extra = f"; identical requests pass for {args.window}" if args.window else ""
            said, code = what_became(done, args.window, _chosen_proxy(args))
            print(shown(f"approved {done['id']} as {done['decider']}: {done['method']} {done['url']} "
                        f"({said}){extra}"))
            return code
        else:
            body = {"decider": args.decider or _os_user(), "reason": args.reason}
            done = client.call("POST", f"/v1/approvals/{args.id}/deny", body, token)["approval"]
            pending = f"; delivery {done['delivery']}, retried in the background" if done.get("delivery") else ""
            print(shown(f"denied {done['id']} as {done['decider']}: {done['method']} {done['url']} "
                        f"({done['reason']}{what_denial_did(done)}){pending}"))
        return 0
    except ControlError as e:
        print(shown(f"exitguard approvals: {e}"), file=sys.stderr)
        return e.code


# Exit codes of `approvals approve` beyond 0 (every request it found waiting was sent on) and 1/2 (refused, usage):
NOT_SENT = 3  # approved, and nothing (or not everything) it held was sent: the line says why
NOT_KNOWN_YET = 4  # approved in the fleet's store; the replica holding the request has not said what it did yet


def what_became(done: dict, window: str | None, chosen: str = "") -> tuple[str, int]:
    """What an approval did, as the proxy's answer says (polish58: "1 waiting request(s) released" was printed of a
    request then answered 409), and the exit code that says the same to a script."""
    answered = done.get("outcomes")
    counts = {str(k): v for k, v in answered.items() if isinstance(v, int)} if isinstance(answered, dict) else {}
    # a proxy older than this command said only how many waited: none of them is known to have been sent
    unreported = done.get("unreported") or 0 if isinstance(answered, dict) else done.get("waiting") or 0
    said = outcomes.phrases(counts)
    if unreported:
        holder = f" (opened on replica {done['replica']})" if done.get("replica") else ""
        pick = f" {chosen}" if chosen else ""
        said.append(f"{unreported} not known yet: the proxy holding it{holder} has not said whether it sent it; "
                    f"`exitguard approvals list --all{pick}` shows it once it has")
    if done.get("delivery"):  # faults48: decided in the store, but the replica holding it may not know yet
        said.append(f"delivery {done['delivery']}; retried in the background")
    if not said:
        said = ["nothing sent: no request waits for it any more" + ("; its retry passes" if window else
                                                                    "; --for would let its retry pass")]
    if unreported or done.get("delivery"):
        return "; ".join(said), NOT_KNOWN_YET
    return "; ".join(said), 0 if outcomes.all_sent(counts, 0) else NOT_SENT


def what_denial_did(done: dict) -> str:
    """A deny sends nothing whatever happens; whom it answered 403, as the proxy reports it (polish58)."""
    answered = done.get("outcomes")
    if not isinstance(answered, dict):
        return ""  # a proxy older than this command
    refused = sum(v for k, v in answered.items() if isinstance(v, int) and k in ("denied", "aborted"))
    said = [f"{refused} waiting request(s) answered 403"] if refused else []
    said += [f"{v} {outcomes.NOT_SENT.get(k, k)}" for k, v in answered.items()
             if isinstance(v, int) and k not in ("denied", "aborted") and k in outcomes.NOT_SENT]
    if done.get("unreported"):
        said.append(f"{done['unreported']} not answered yet by the proxy holding it (nothing is sent after a deny)")
    return "; " + "; ".join(said) if said else "; no request waits for it any more"


def choose_proxy(option: str | None, proxy: str | None = None, confdir: Path = DEFAULT_CONFDIR) -> ControlClient:
    """The proxy named by --control, --proxy or $EXITGUARD_CONTROL (a dead one is an error, check_listener), else
    the one live proxy among the confdir's control files. A file a stopped or killed proxy left behind is never
    offered nor used: each is named on stderr with why it is stale (newuser52: `list` offered them as proxies)."""
    if option or proxy or os.environ.get("EXITGUARD_CONTROL"):  # named: used as named, or refused
        return ControlClient.from_file(control_path(option, proxy, confdir))
    found = sorted(confdir.glob(CONTROL_FILE_GLOB))
    if not found:
        # none: the one a proxy on the default listener would write, which from_file says is missing, and where to look
        return ControlClient.from_file(confdir / control_file_name("127.0.0.1", 8080))
    if len(found) == 1:  # its first call proves the listener, with the full timeout (a stale one: that error)
        return ControlClient.from_file(found[0])
    live: list[ControlClient] = []
    stale: list[str] = []
    for path in found:
        try:
            client = ControlClient.from_file(path)
            client.check_listener(timeout=PROBE_TIMEOUT)
            live.append(client)
        except ControlError as e:
            stale.append(str(e))  # names the file and why
    if len(live) == 1:
        for why in stale:  # one line each: the output gate shows a newline as \x0a
            print(shown(f"exitguard approvals: ignoring {why}"), file=sys.stderr)
        return live[0]
    if not live:
        raise ControlError(f"no proxy is running for the control file(s) in {confdir} (delete the stale ones, "
                           f"or start the proxy: exitguard up): {'; '.join(stale)}", 2)
    listed = ", ".join(_listens_at(c.source) for c in live)
    ignored = f" (ignored, stale: {'; '.join(stale)})" if stale else ""
    raise ControlError(f"{len(live)} proxies are running with control files in {confdir}; choose one with "
                       f"--proxy HOST:PORT or --control FILE: {listed}{ignored}", 2)


def control_path(option: str | None, proxy: str | None, confdir: Path) -> Path:
    """--control, else --proxy's file in the confdir, else $EXITGUARD_CONTROL."""
    if option:
        return Path(option)
    if proxy:
        host, _, port = proxy.rpartition(":")
        if not host or not port.isdigit():
            raise ControlError(f"--proxy wants HOST:PORT (as given to exitguard up --listen), got {proxy!r}", 2)
        return confdir / control_file_name(host, int(port))
    return Path(os.environ["EXITGUARD_CONTROL"])


def _listens_at(path: Path) -> str:
    name = path.name.removeprefix("exitguard-control").removesuffix(".json").lstrip("-")
    host, _, port = name.rpartition("_")
    return f"--proxy {host}:{port}" if host else f"--control {path}"


def approver_token(token_file: str | None, required: bool) -> str | None:
    """The approver's own token (never the control file's): --token-file, else $EXITGUARD_APPROVER_TOKEN."""
    token = _read_token_file(Path(token_file)) if token_file else os.environ.get(APPROVER_TOKEN_ENV, "").strip()
    if not token_file and not one_line(token):  # attack56: http.client's refusal quoted it in a traceback
        raise ControlError(f"${APPROVER_TOKEN_ENV} is not one line: a token has no line break or control character "
                           "inside", 2)
    if required and not token:
        raise ControlError(f"approving needs your approver token: --token-file FILE or ${APPROVER_TOKEN_ENV} "
                           "(exitguard token add NAME --groups <an approvals.approvers group>)", 2)
    return token or None


def _read_token_file(path: Path) -> str:
    try:
        return read_token_file(path, "an approver token decides for you")
    except TokenFileError as e:
        raise ControlError(str(e), 2) from None


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


class _Deadline:
    """Shuts ``conn``'s socket down when ``seconds`` have passed: a read blocked on it then ends at once."""

    def __init__(self, conn: http.client.HTTPConnection, seconds: float) -> None:
        self.conn, self.passed = conn, False
        self._timer = threading.Timer(seconds, self._shut)
        self._timer.daemon = True
        self._timer.start()

    def _shut(self) -> None:
        self.passed = True
        sock = self.conn.sock
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)

    def cancel(self) -> None:
        self._timer.cancel()


class ControlClient:
    def __init__(self, where: dict, token: str, source: Path) -> None:
        self.where, self.token, self.source = where, token, source
        self.checked = False  # the listener proved it holds the token (check_listener)

    @classmethod
    def from_file(cls, path: Path) -> ControlClient:
        # Read as a secret file (core/secretfile.py): one another user wrote, or could have replaced, names their
        # listener and their token, which the listener's proof (check_listener) would then match.
        if not os.path.lexists(path):
            others = sorted(p for p in path.parent.glob(CONTROL_FILE_GLOB) if p != path)
            if others:  # the confdir is right and a proxy runs there: the --proxy (or --control) named another
                listed = ", ".join(_listens_at(p) for p in others)
                raise ControlError(f"no control file at {path}: the proxies with control files in {path.parent} "
                                   f"are {listed}", 2)
            raise ControlError(f"no control file at {path}: is the proxy running (exitguard up)? A proxy started "
                               "with --confdir DIR keeps it there: add the same --confdir DIR, or point at it with "
                               "--control FILE.", 2)
        try:
            data = json.loads(secretfile.read_secret_file(path, folders=not secretfile.folders_unshared()))
        except secretfile.SecretFileError as e:
            raise ControlError(f"not using the control file: {e} (run as the user that runs the proxy)", 2) from None
        except ValueError:
            raise ControlError(f"{path} is not an exitguard control file", 2) from None
        if not isinstance(data, dict) or "token" not in data or not ("url" in data or "unix" in data):
            raise ControlError(f"{path} is not an exitguard control file", 2)
        return cls(data, data["token"], path)

    def _connection(self, timeout: float = TIMEOUT) -> http.client.HTTPConnection:
        if "unix" in self.where:
            return _UnixConnection(self.where["unix"], timeout)
        url = urlsplit(self.where["url"])
        return http.client.HTTPConnection(url.hostname, url.port, timeout=timeout)

    def check_listener(self, timeout: float = TIMEOUT) -> None:
        """ControlError unless the listener proves it holds the control file's token (``control_proof``), asked
        before any credential is sent: after a crash the file stays, and another program may hold its port."""
        if self.checked:
            return
        conn = self._connection(timeout)
        try:
            self._prove(conn, timeout)
        finally:
            conn.close()
        self.checked = True

    def _prove(self, conn: http.client.HTTPConnection, timeout: float) -> bool:
        """The hello on ``conn``: ControlError unless the listener proves it holds the token; whether the listener kept
        the connection open for the call (``call``). It never opens again by itself."""
        where = self.where.get("url") or self.where.get("unix")
        challenge = secrets.token_hex(32)
        # The timeout bounds each read; the deadline bounds the whole answer (attack53: whoever took a stale file's
        # port can drip a byte a second and the CLI waited for ever, the live proxy among several never reached).
        deadline = _Deadline(conn, timeout)
        closes = True
        try:
            conn.connect()
            conn.auto_open = 0  # http.client would open a closed connection again at the next request: never here
            conn.request("GET", HELLO_PATH, headers={CHALLENGE_HEADER: challenge})
            response = conn.getresponse()
            proof = json.loads(response.read(HELLO_MAX_BYTES)).get("proof") if response.status == 200 else None
            closes = response.will_close or not response.isclosed()  # isclosed: the answer was read whole
        except (ConnectionRefusedError, FileNotFoundError):
            raise ControlError(f"stale control file {self.source}: no proxy listens at {where}"
                               f"{self._writer_gone()}", 2) from None
        except OSError as e:
            if deadline.passed:
                raise ControlError(self._no_answer(where, timeout), 2) from None
            raise ControlError(f"cannot reach the proxy at {where} (control file {self.source}): "
                               f"{e}{self._writer_gone()}", 2) from None
        except (ValueError, AttributeError, http.client.HTTPException):
            proof = None
        finally:
            deadline.cancel()
        if not isinstance(proof, str) or not hmac.compare_digest(proof, control_proof(self.token, challenge)):
            if deadline.passed:  # cut off: the answer, whatever it was, did not come whole in time
                raise ControlError(self._no_answer(where, timeout), 2)
            raise ControlError(f"stale control file {self.source}: the listener at {where} is not the proxy that "
                               f"wrote it (another program, or another proxy, took its address){self._writer_gone()}"
                               "; nothing was sent to it", 2)
        return not closes

    def _no_answer(self, where: object, timeout: float) -> str:
        return (f"stale control file {self.source}: the listener at {where} did not answer within {timeout:g} s "
                f"(a proxy answers in milliseconds; another program may hold its address){self._writer_gone()}; "
                "nothing was sent to it")

    def _writer_gone(self) -> str:
        """Whether the process that wrote the file is gone, when this host can tell (a proxy in a container has
        another pid namespace: only the listener's answer decides)."""
        pid = self.where.get("pid")
        if not isinstance(pid, int) or isinstance(pid, bool) or pid <= 0:
            return ""
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return f"; its proxy (pid {pid}) is gone"
        except OSError:  # EPERM: a process of another user has that pid (alive, whoever it is)
            pass
        return ""

    def call(self, method: str, path: str, body: dict | None = None, approver: str | None = None) -> dict:
        """``method path`` with the control token, on the connection whose listener has just proved it holds the
        token: two connections would leave an instant between the proof and the call in which a local user who
        binds the address gets both tokens (the proxy stopping then, the user retrying bind in a loop)."""
        where = self.where.get("url") or self.where.get("unix")
        conn = self._connection()
        try:
            kept_open = self._prove(conn, TIMEOUT)
        except ControlError:
            conn.close()
            raise
        if not kept_open:
            conn.close()
            raise ControlError(f"the proxy at {where} ended the connection after its hello (an exitguard older than "
                               "this command, which proved and called on two connections): nothing was sent to it; "
                               "run the exitguard of the proxy's own install", 2)
        headers = {"Authorization": f"Bearer {self.token}", "Content-Type": "application/json"}
        if approver:
            headers[APPROVER_HEADER] = approver
        try:
            conn.request(method, path, body=json.dumps(body).encode() if body is not None else None,
                         headers=headers)
            response = conn.getresponse()
            raw = response.read()
        except (ConnectionRefusedError, FileNotFoundError):
            raise ControlError(f"stale control file {self.source}: no proxy listens at {where} any more"
                               f"{self._writer_gone()}", 2) from None
        except OSError as e:
            raise ControlError(f"cannot reach the proxy at {where}: {e}", 2) from None
        except http.client.HTTPException as e:  # e.g. NotConnected: it closed after the hello, and we never reopen
            raise ControlError(f"the proxy at {where} ended the connection before answering "
                               f"({type(e).__name__})", 2) from None
        finally:
            conn.close()
        try:
            doc = json.loads(raw)
        except ValueError:
            raise ControlError(f"unexpected answer from {where} (HTTP {response.status})") from None
        if response.status != 200:
            raise ControlError(doc.get("error") or f"HTTP {response.status}")
        return doc


# An approval whose requests all left (SDK timeout, reset): open until its deadline for the client's retry.
NOBODY_WAITS = ("    nobody waits for it now (the client left): approving sends nothing; approve --for lets its "
                "retry pass")


def _chosen_proxy(args: argparse.Namespace) -> str:
    """The options that picked the proxy, as typed: the decide hint repeats them (with several proxies running, a
    decision without them is refused)."""
    words: list[str] = []
    if args.control:
        words += ["--control", args.control]
    elif args.proxy:
        words += ["--proxy", args.proxy]
        if Path(args.confdir) != DEFAULT_CONFDIR:
            words += ["--confdir", args.confdir]
    return shlex.join(words)


def print_table(approvals: list[dict], chosen: str = "") -> None:
    from rich.table import Table
    from rich.text import Text

    console = console_for_output()
    if not approvals:
        console.print("no requests are waiting for approval")
        return
    table = Table(title="approvals")
    table.add_column("id", no_wrap=True)
    fleet = any("replica" in a for a in approvals)  # a shared state store: the fleet's approvals
    replica_column = ("replica",) if fleet else ()
    for column in ("state", *replica_column, "requester", "request", "why", "findings", "waiting", "expires in",
                   "notified"):
        table.add_column(column, overflow="fold")
    for a in approvals:
        findings = ", ".join(sorted({f"{f['rule']} ({f['classification']})" for f in a.get("findings", [])}))
        notified = a.get("notified") or {}
        state = a["state"] + (f" by {a['decider']}" if a.get("decider") else "")
        window_left = _window_left(a)
        if window_left is not None:  # `approve --for`: identical requests pass until it runs out
            state += f" for {format_duration(a['window_s'])}"
        if a["state"] != "held" and isinstance(a.get("outcomes"), dict) and a["outcomes"]:  # what it did (polish58)
            state += " (" + ", ".join(f"{n} {word.replace('_', ' ')}" for word, n in a["outcomes"].items()) + ")"
        replica = (a.get("replica") or "-",) if fleet else ()
        row = (a["id"], state, *replica, a.get("requester") or "-", f"{a['method']} {a['url']}",
               "; ".join(a["reasons"]),
               findings or "-", f"{a['waiting']} of {a['requests']}",
               f"{a['expires_in_s']} s" if a["state"] == "held" else
               "-" if window_left is None else f"window {window_left} s" if window_left > 0 else "window over",
               "yes" if notified.get("delivered") else (notified.get("error") or "no"))
        table.add_row(*(Text(shown(cell)) for cell in row))  # Text: "[MASKED:...]" is not rich markup
    console.print(table)
    # What exactly would be sent, masked: reviewers decide on content, not just a URL.
    for a in (a for a in approvals if a["state"] == "held"):
        preview = a.get("preview") or {}
        # the headers (split23: a window or a join covers them too), then one field a line; a CRLF line end is a
        # line end (a proxy before notify.as_lines sent them as they came), any other break is shown escaped
        body = (preview.get("body") or "").replace("\r\n", "\n")
        lines = [f"header {h}" for h in preview.get("headers") or []] + body.split("\n")
        console.print(Text(shown(f"{a['id']}: {a['method']} {a['url']} ({preview.get('note', 'no body')})"),
                           style="bold"))
        if a["waiting"] == 0:
            console.print(Text(NOBODY_WAITS))
        for line in lines[:PREVIEW_LINES]:
            console.print(Text(f"    {shown(line)}"))
        if len(lines) > PREVIEW_LINES:
            console.print(Text(f"    ... {len(lines) - PREVIEW_LINES} more line(s)"))
    if not any(a["state"] == "held" for a in approvals):  # `list --all` of decided ones only: nothing to decide
        return
    pick = f" {chosen}" if chosen else ""
    # approving needs the approver's own token: a hint without it is refused as typed (walk22)
    console.print(Text(shown(f"decide with: exitguard approvals approve ID{pick} --token-file FILE [--for 10m] "
                             f"| deny ID{pick} --reason TEXT")))


def _window_left(approval: dict) -> int | None:
    """Seconds left of an approved window (0: over), None for an approval without one."""
    window_s, decided_at = approval.get("window_s"), approval.get("decided_at")
    if approval.get("state") != "approved" or not isinstance(window_s, int) or not isinstance(decided_at, str):
        return None
    try:
        until = datetime.fromisoformat(decided_at).timestamp() + window_s
    except ValueError:
        return None
    return max(0, round(until - time.time()))


def print_fleet(fleet: dict, as_json: bool) -> int:
    """One line per replica seen lately; exit 1 when they run different policies (a half-rolled-out change)."""
    if as_json:
        print(json.dumps(fleet, indent=2))
    else:
        print(shown(f"replica {fleet['replica']}, state in {fleet['state']}"))
        if fleet.get("error"):
            print(f"  {shown(fleet['error'])}")
        for r in fleet["replicas"]:  # replica names and versions are read from the shared store
            print(f"  {shown(r['replica'])}\tpolicy {shown(r['policy'])}\tseen {shown(r['seen_s_ago'])} s ago")
        if fleet.get("policy_diverges"):
            print("the replicas run different policy versions", file=sys.stderr)
    return 1 if fleet.get("policy_diverges") or fleet.get("error") else 0
