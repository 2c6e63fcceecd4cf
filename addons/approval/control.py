"""The approval control endpoint: a tiny authenticated HTTP API on loopback (or a unix socket) that
``exitguard approvals`` talks to. Started by the Approval addon in ``running()``, stopped in ``done()``.

    GET  /v1/approvals[?all=1]             pending approvals (all=1: also those decided in the last minutes);
                                           with a shared state store, the whole fleet's
    GET  /v1/fleet                         the replicas sharing the state and the policy version each runs
    POST /v1/approvals/<id>/approve        {"for": "10m"}   + X-Exitguard-Approver: <approver token>
    POST /v1/approvals/<id>/deny           {"decider": "alice", "reason": "not today"}
                                           both answer {"approval": {..., "outcomes": {"sent": 1}, "unreported": 0}}:
                                           what became of the requests that waited (outcomes.py)
    GET  /v1/hello                         X-Exitguard-Challenge: <64 hex> -> {"proof": control_proof(token, it)}

Every request but the hello needs ``Authorization: Bearer <token>``; the CLI sends one only to a listener whose
proof is right (after a crash the control file stays, and whoever takes its port must not get the tokens), and
sends it on the connection that carried the proof: a hello answered 200 keeps its connection open for one more
request (a second connection could reach whoever bound the address in between). The
token is random per start and written with the address to a 0600 control file that only the proxy's user can
read, one per proxy instance:
``<confdir>/exitguard-control-<listen host>_<listen port>.json`` (control_file_name). The endpoint only binds
loopback, and the proxy refuses upstream connections to its port on this host (Approval.server_connect, also with
``exitguard_block_loopback=false``), so it is never reachable *through* the proxy.

The control file is not an approver's identity: anything running as the proxy's OS user can read it. An approval
also needs ``X-Exitguard-Approver``, a proxy credential (exitguard token, OIDC JWT) of a group the policy names in
``approvals.approvers``; the decider is who that credential names, so self-approval is checked against a proven
identity. A deny needs only the control token (it can only stop a request); without an approver credential its
decider is recorded as the name given, marked unverified.
"""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
import os
import re
import secrets
import time
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import exceptions
from mitmproxy.proxy import mode_specs

from addons.approval.controlfile import APPROVER_HEADER, CHALLENGE_HEADER, HELLO_PATH, control_file_name, control_proof
from addons.approval.rules import DecisionError, parse_duration
from addons.core import net, options, secretfile

logger = logging.getLogger(__name__)

READ_TIMEOUT = 5.0
MAX_BODY = 16 * 1024
MAX_HEADERS = 50
_CHALLENGE = re.compile(r"[0-9a-f]{64}")
_ROUTE = re.compile(r"^/v1/approvals/(?P<id>[0-9a-f]{1,32})/(?P<verdict>approve|deny)$")


def add_options(loader) -> None:
    loader.add_option("exitguard_control_listen", str, "127.0.0.1:0",
                      """
                      Where the approval control endpoint listens: a loopback HOST:PORT (port 0 = any free port),
                      unix:/path/to/socket, or "off". Its address and token go to exitguard_control_file.
                      """)
    loader.add_option("exitguard_control_file", str | None, None,
                      "Control file (0600) for `exitguard approvals`. Unset: exitguard-control-HOST_PORT.json in "
                      "the confdir, named by the main listener, so several proxies can share a confdir.")


def main_listener(opts) -> tuple[str, int]:
    """(host, port) of the first proxy mode, as mitmproxy binds it."""
    mode = mode_specs.ProxyMode.parse((opts.mode or ["regular"])[0])
    return mode.listen_host(opts.listen_host), mode.listen_port(opts.listen_port) or 0


@dataclass(frozen=True)
class Endpoint:
    listen: str | None  # loopback HOST:PORT or unix:/path; None: off
    file: Path  # where the address and token go


def read_listen(opts) -> str | None:
    """exitguard_control_listen, checked: None when off."""
    listen = opts.exitguard_control_listen.strip()
    if listen.lower() in ("", "off"):
        return None
    if not listen.startswith("unix:"):
        check_loopback(listen)
    return listen


def read_options(opts) -> Endpoint:
    listen = read_listen(opts)
    file = options.optional_path(opts, "exitguard_control_file")
    return Endpoint(listen, file or Path(opts.confdir).expanduser() / control_file_name(*main_listener(opts)))


def check_loopback(listen: str) -> None:
    host, _, port = listen.rpartition(":")
    host = host.strip("[]")
    if not port.isdigit() or not net.is_loopback(host):
        raise exceptions.OptionsError("exitguard_control_listen must be a loopback HOST:PORT (e.g. 127.0.0.1:0), "
                                      "unix:/path or off: the control endpoint is never exposed to the network")




class HttpError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status


class ControlServer:
    def __init__(self, approvals, listen: str, path: Path) -> None:
        self.approvals = approvals  # the Approval addon: listing() and decide(...)
        self.listen = listen
        self.path = path
        self.token = secrets.token_urlsafe(32)
        self.server: asyncio.AbstractServer | None = None
        self.url: str | None = None
        self.unix_path: str | None = None
        self.address: tuple[str, int] | None = None  # as bound (TCP only): the proxy refuses to connect there

    async def start(self) -> None:
        if self.listen.startswith("unix:"):
            self.unix_path = self.listen[len("unix:"):]
            if os.path.exists(self.unix_path):
                os.unlink(self.unix_path)  # a stale socket from a crashed run
            old_umask = os.umask(0o177)  # the socket is created 0600
            try:
                self.server = await asyncio.start_unix_server(self._handle, self.unix_path)
            finally:
                os.umask(old_umask)
            where = {"unix": self.unix_path}
        else:
            host, _, port = self.listen.rpartition(":")
            self.server = await asyncio.start_server(self._handle, host.strip("[]"), int(port))
            sock_host, sock_port = self.address = self.server.sockets[0].getsockname()[:2]
            self.url = f"http://{sock_host if ':' not in sock_host else f'[{sock_host}]'}:{sock_port}"
            where = {"url": self.url}
        self._write_control_file({**where, "token": self.token, "pid": os.getpid(), "started_at": time.time()})
        logger.info("exitguard: approval control endpoint at %s (control file %s)",
                    self.url or self.unix_path, self.path)

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None
        try:  # only remove the file if it is still ours (another proxy may share the confdir)
            if json.loads(self.path.read_text()).get("token") == self.token:
                self.path.unlink()
        except (OSError, ValueError):
            pass
        if self.unix_path:
            try:
                os.unlink(self.unix_path)
            except OSError:
                pass

    def _write_control_file(self, data: dict) -> None:
        secretfile.make_private_folder(self.path.parent)  # 0700 whatever the umask: its writers could swap the file
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        # A new file, never one that is there (the name is predictable: in a shared folder someone may have put a
        # link or their own file there to receive the token). One left by a crashed run of ours is removed first;
        # one we may not remove stops the start with the reason.
        tmp.unlink(missing_ok=True)
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
        with os.fdopen(fd, "w") as f:
            json.dump(data, f)
        os.replace(tmp, self.path)

    # ------------------------------------------------------------------ HTTP

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        # The CLI proves who listens and then calls on the same connection (a second connection could reach whoever
        # took the address in between): a hello answered 200 keeps the connection open for one more request.
        for turn in range(2):
            hello = False
            try:
                status, doc, hello = await self._serve(reader)
            except ConnectionEnded:
                if turn:  # the caller only asked who we are (the CLI choosing among control files)
                    writer.close()
                    return
                status, doc = 400, {"error": "malformed request"}
            except HttpError as e:
                status, doc = e.status, {"error": str(e)}
            except TimeoutError:
                status, doc = 408, {"error": "request not received in time"}
            except (ValueError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
                status, doc = 400, {"error": "malformed request"}
            except Exception as e:  # never let a bad request take the proxy down; never echo its content
                logger.error("exitguard: control endpoint error %s", type(e).__name__)
                status, doc = 500, {"error": "internal error"}
            keep_open = hello and status == 200 and turn == 0
            await answer(writer, status, doc, keep_open=keep_open)
            if not keep_open:
                return

    async def _serve(self, reader: asyncio.StreamReader) -> tuple[int, dict, bool]:
        """(status, answer, whether it was the hello)."""
        # Only the reading is bounded here: a decision, once read, is taken and answered with what became of the
        # requests (Approval.with_outcomes waits for that): a 408 after it was taken would tell the decider nothing
        # was done (polish58). The CLI waits 10 s for the answer.
        method, target, headers, body = await asyncio.wait_for(read_request(reader, MAX_HEADERS, MAX_BODY),
                                                               READ_TIMEOUT)
        if target == HELLO_PATH:  # before the token: the caller checks who we are before it sends one
            challenge = headers.get(CHALLENGE_HEADER, "")
            if method != "GET" or not _CHALLENGE.fullmatch(challenge):
                raise HttpError(400, f"GET {HELLO_PATH} with a {CHALLENGE_HEADER} of 64 hex characters")
            return 200, {"proof": control_proof(self.token, challenge)}, True
        if not hmac.compare_digest(headers.get("authorization", "").encode(), f"Bearer {self.token}".encode()):
            raise HttpError(401, "missing or wrong token (read it from the control file)")
        return *(await self._route(method, target, body, headers.get(APPROVER_HEADER) or None)), False

    async def _route(self, method: str, target: str, body: bytes, credential: str | None) -> tuple[int, dict]:
        path, _, query = target.partition("?")
        if path == "/v1/approvals":
            if method != "GET":
                raise HttpError(405, "use GET")
            try:
                return 200, {"approvals": await self.approvals.listing_anywhere(include_decided=query == "all=1")}
            except DecisionError as e:
                raise HttpError(e.status, str(e)) from None
        if path == "/v1/fleet":
            if method != "GET":
                raise HttpError(405, "use GET")
            return 200, await self.approvals.fleet()
        m = _ROUTE.match(path)
        if not m:
            raise HttpError(404, "unknown endpoint")
        if method != "POST":
            raise HttpError(405, "use POST")
        try:
            args = json.loads(body or b"{}")
        except ValueError:
            raise HttpError(400, "body is not JSON") from None
        if not isinstance(args, dict):
            raise HttpError(400, "body must be a JSON object")
        try:
            decider = await self._decider(m["verdict"], args.get("decider"), credential)
        except DecisionError as e:
            raise HttpError(e.status, str(e)) from None
        window = None
        if args.get("for") not in (None, "", 0):
            if m["verdict"] != "approve":
                raise HttpError(400, "for: only an approval can have a window")
            try:
                window = parse_duration(args["for"])
            except ValueError as e:
                raise HttpError(400, f"for: {e}") from None
        reason = args.get("reason")
        if reason is not None and not isinstance(reason, str):
            raise HttpError(400, "reason must be text")
        try:
            decided = await self.approvals.decide_anywhere(m["id"], m["verdict"], decider, reason, window)
        except DecisionError as e:
            raise HttpError(e.status, str(e)) from None
        return 200, {"approval": decided}


    async def _decider(self, verdict: str, declared, credential: str | None) -> str:
        """Who decides: the identity an approver credential proves (always, to approve), else the declared name."""
        if verdict == "approve" or credential:
            return (await self.approvals.authenticate_approver(credential)).identity
        if not isinstance(declared, str) or not re.fullmatch(r"[^\x00-\x1f\x7f]{1,100}", declared.strip() or "\x00"):
            raise HttpError(400, "decider: required, a name of 1 to 100 printable characters")
        return f"{declared.strip()} (unverified)"


_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 408: "Request Timeout", 409: "Conflict", 413: "Payload Too Large",
            429: "Too Many Requests", 431: "Request Header Fields Too Large", 500: "Internal Server Error",
            503: "Service Unavailable"}


class ConnectionEnded(ValueError):
    """The caller closed the connection before a request line: malformed as a request, expected after a hello."""


async def read_request(reader: asyncio.StreamReader, max_headers: int,
                       max_body: int) -> tuple[str, str, dict[str, str], bytes]:
    """Method, target, headers (names lower-cased) and body of one small request. A chunked body is refused
    rather than left unread (it would be taken for the next request); ValueError on a malformed line or length,
    ConnectionEnded when the connection ends before a request line."""
    request_line = await reader.readline()
    if not request_line:
        raise ConnectionEnded("the connection ended before a request")
    method, target, _ = request_line.decode("latin-1").split(" ", 2)
    headers: dict[str, str] = {}
    while (line := (await reader.readline()).decode("latin-1").strip()):
        if len(headers) >= max_headers:
            raise HttpError(431, "too many headers")
        name, _, value = line.partition(":")
        headers[name.strip().lower()] = value.strip()
    if "transfer-encoding" in headers:
        raise HttpError(400, "send a Content-Length body")
    length = int(headers.get("content-length") or 0)
    if length > max_body or length < 0:
        raise HttpError(413, "body too large")
    body = await reader.readexactly(length) if length else b""
    return method, target, headers, body


async def answer(writer: asyncio.StreamWriter, status: int, doc: dict, keep_open: bool = False) -> None:
    """Send ``doc`` as the JSON answer, never cached (decisions and pending lists change), and close, unless
    ``keep_open`` (a hello: the call that follows comes on this connection)."""
    body = json.dumps(doc).encode()
    connection = "keep-alive" if keep_open else "close"
    head = (f"HTTP/1.1 {status} {_REASONS.get(status, 'Error')}\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nCache-Control: no-store\r\nConnection: {connection}\r\n\r\n")
    try:
        writer.write(head.encode() + body)
        await writer.drain()
    except OSError:  # the caller hung up: what it asked was already done or refused; nobody is left to tell
        writer.close()
        return
    if not keep_open:
        writer.close()
