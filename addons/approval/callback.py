"""The approval callback listener: decisions from outside this host, off by default
(``exitguard_approval_callback_listen``). Unlike the control endpoint it may face the network, so it trusts no
address and authenticates every call itself (capability.py):

    POST /v1/links/<id>/<approve|deny>/<token>   a decision link from the webhook payload (single use)
    POST /v1/slack/actions                       a Slack interactivity call (block_actions), signed

A decision goes through ``Approval.decide_anywhere``, the control endpoint's path, so it reaches the replica
holding the request through the shared state store and its decider lands in the audit index. Requests are
bounded (one line, few headers, 16 KiB body, 5 s, a few open calls per address), answers are JSON, a bad call
decides nothing, and a client address with too many refused calls is locked out for a while. Nothing a caller
sends (path, token, body) is logged. The proxy refuses upstream connections to this listener
(Approval.server_connect).
"""

from __future__ import annotations

import asyncio
import logging
import re
import stat
import time
from collections import deque
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from mitmproxy import exceptions

from addons.approval import capability
from addons.approval.control import HttpError, answer, read_request
from addons.approval.rules import DecisionError
from addons.core import options
from addons.core import state as shared_state

logger = logging.getLogger(__name__)

READ_TIMEOUT = 5.0
MAX_BODY = 16 * 1024
MAX_LINE = 2048
MAX_HEADERS = 40
LOCKOUT_FAILURES = 10  # refused calls from one address ...
LOCKOUT_WINDOW_S = 300.0  # ... within this long lock it out for the rest of the window
# Calls open at once (each holds a descriptor of the proxy's process for up to READ_TIMEOUT): per client address,
# and in all. Beyond them a call gets 503 at once, unread: a flood of idle connections must not take the proxy's
# descriptors (agents' connections) or keep every reviewer's call from being read.
MAX_OPEN_PER_PEER = 8
MAX_OPEN = 64
_LINK = re.compile(r"^/v1/links/(?P<id>[0-9a-f]{1,32})/(?P<verdict>approve|deny)/(?P<token>[A-Za-z0-9_-]{1,100})$")
SLACK_PATH = "/v1/slack/actions"


def add_options(loader) -> None:
    loader.add_option("exitguard_approval_callback_listen", str, "off",
                      """
                      HOST:PORT of the approval callback listener (decision links in the webhook payload, Slack
                      buttons), or "off". It may face the network: every call carries its own proof.
                      """)
    loader.add_option("exitguard_approval_callback_url", str | None, None,
                      "Base URL reviewers' systems reach the callback listener at (e.g. behind a TLS-terminating "
                      "load balancer: https://exitguard.example.com). Unset: http://HOST:PORT of the listener.")
    loader.add_option("exitguard_approval_slack_signing_secret_file", str | None, None,
                      "File (0600) holding the Slack app's signing secret: enables Approve/Deny buttons in the "
                      "slack webhook format and POST /v1/slack/actions on the callback listener.")
    loader.add_option("exitguard_approval_slack_approvers", str | None, None,
                      "Comma-separated Slack user ids allowed to press Approve (e.g. U012AB3CD,U045EF6GH). Unset: "
                      "anyone who can see the message. Deny is open to every signed Slack user.")


@dataclass(frozen=True)
class Settings:
    listen: str | None = None  # HOST:PORT; None: off
    base_url: str | None = None  # exitguard_approval_callback_url
    slack_secret: bytes | None = None
    slack_approvers: frozenset[str] | None = None  # None: any signed Slack user


def read_options(opts) -> Settings:
    listen = (opts.exitguard_approval_callback_listen or "").strip()
    if listen.lower() in ("", "off"):
        listen = None
    else:
        port = listen.rpartition(":")[2]
        if not port.isdigit() or int(port) > 65535:
            raise exceptions.OptionsError("exitguard_approval_callback_listen must be HOST:PORT or off")
    base = options.optional_text(opts, "exitguard_approval_callback_url")
    if base is not None:
        parts = urlsplit(base)
        if parts.scheme not in ("http", "https") or not parts.hostname or parts.query or parts.fragment:
            raise exceptions.OptionsError("exitguard_approval_callback_url must be an http(s):// base URL")
    secret_file = options.optional_path(opts, "exitguard_approval_slack_signing_secret_file")
    secret = _read_secret(secret_file) if secret_file else None
    approvers_text = options.optional_text(opts, "exitguard_approval_slack_approvers")
    approvers = frozenset(a.strip() for a in approvers_text.split(",") if a.strip()) if approvers_text else None
    if (base or secret or approvers) and listen is None:
        raise exceptions.OptionsError("exitguard_approval_callback_url / _slack_*: set "
                                      "exitguard_approval_callback_listen too (nothing would receive the calls)")
    return Settings(listen, base.rstrip("/") if base else None, secret, approvers)


def _read_secret(path: Path) -> bytes:
    try:
        mode = path.stat().st_mode
        secret = path.read_bytes().strip()
    except OSError as e:
        raise exceptions.OptionsError(f"exitguard_approval_slack_signing_secret_file: {path}: "
                                      f"{e.strerror or e}") from None
    if mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise exceptions.OptionsError(f"exitguard_approval_slack_signing_secret_file: {path} is readable by "
                                      "others: chmod 600 it")
    if not secret:
        raise exceptions.OptionsError(f"exitguard_approval_slack_signing_secret_file: {path} is empty")
    return secret


class Lockout:
    """Addresses with too many refused calls in the window are refused without a look at what they send."""

    def __init__(self, clock=time.monotonic) -> None:
        self.clock = clock
        self.failures: dict[str, deque[float]] = {}

    def locked(self, peer: str) -> bool:
        now = self.clock()
        times = self.failures.get(peer)
        while times and now - times[0] > LOCKOUT_WINDOW_S:
            times.popleft()
        if times is not None and not times:
            del self.failures[peer]
        return times is not None and len(times) >= LOCKOUT_FAILURES

    def failed(self, peer: str) -> None:
        if len(self.failures) > 10_000:  # a flood of addresses must not grow memory without bound
            self.failures.clear()
        self.failures.setdefault(peer, deque(maxlen=LOCKOUT_FAILURES)).append(self.clock())


class CallbackServer:
    def __init__(self, approvals, settings: Settings, clock=time.time) -> None:
        self.approvals = approvals  # the Approval addon: decide_anywhere(...)
        self.settings = settings
        self.clock = clock
        self.lockout = Lockout()
        self.open_calls: dict[str, int] = {}  # client address -> calls being read or answered
        self.server: asyncio.AbstractServer | None = None
        self.address: tuple[str, int] | None = None  # as bound

    @property
    def base_url(self) -> str:
        if self.settings.base_url:
            return self.settings.base_url
        assert self.address is not None
        host = self.address[0]
        return f"http://{host if ':' not in host else f'[{host}]'}:{self.address[1]}"

    def link(self, approval_id: str, verdict: str, token: str) -> str:
        return f"{self.base_url}/v1/links/{approval_id}/{verdict}/{token}"

    async def start(self) -> None:
        assert self.settings.listen is not None
        host, _, port = self.settings.listen.rpartition(":")
        self.server = await asyncio.start_server(self._handle, host.strip("[]") or None, int(port),
                                                 limit=MAX_LINE)
        self.address = self.server.sockets[0].getsockname()[:2]
        logger.info("exitguard: approval callback listener on %s:%s", *self.address)

    def stop(self) -> None:
        if self.server is not None:
            self.server.close()
            self.server = None

    @property
    def port(self) -> int | None:
        return self.address[1] if self.address else None

    # ------------------------------------------------------------------ HTTP

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        peer = str((writer.get_extra_info("peername") or ("?",))[0])
        if self.open_calls.get(peer, 0) >= MAX_OPEN_PER_PEER or sum(self.open_calls.values()) >= MAX_OPEN:
            logger.warning("exitguard: approval callback from %s refused (503, too many open calls)", peer)
            await answer(writer, 503, {"error": "too many open calls; try again shortly"})
            return
        self.open_calls[peer] = self.open_calls.get(peer, 0) + 1
        try:
            await self._serve_one(peer, reader, writer)
        finally:
            self.open_calls[peer] -= 1
            if not self.open_calls[peer]:
                del self.open_calls[peer]

    async def _serve_one(self, peer: str, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        try:
            if self.lockout.locked(peer):
                raise HttpError(429, "too many refused calls from this address; try again later")
            status, doc = await asyncio.wait_for(self._serve(reader), READ_TIMEOUT)
        except capability.Refused as e:
            self.lockout.failed(peer)
            status, doc = e.status, {"error": str(e)}
        except HttpError as e:
            status, doc = e.status, {"error": str(e)}
        except shared_state.StateUnavailable as e:  # the store is named masked: safe to show; nothing decided
            status, doc = 503, {"error": str(e)}
        except TimeoutError:
            status, doc = 408, {"error": "request not received in time"}
        except (ValueError, UnicodeDecodeError, asyncio.IncompleteReadError, asyncio.LimitOverrunError):
            status, doc = 400, {"error": "malformed request"}
        except Exception as e:  # never let a bad call take the proxy down; never echo its content
            logger.error("exitguard: approval callback error %s", type(e).__name__)
            status, doc = 500, {"error": "internal error"}
        if status >= 400:
            logger.warning("exitguard: approval callback from %s refused (%s)", peer, status)
        await answer(writer, status, doc)

    async def _serve(self, reader: asyncio.StreamReader) -> tuple[int, dict]:
        method, target, headers, body = await read_request(reader, MAX_HEADERS, MAX_BODY)
        if method != "POST":
            raise HttpError(405, "use POST")
        path = target.partition("?")[0]
        if path == SLACK_PATH:
            return await self._slack(headers, body)
        if m := _LINK.match(path):
            return await self._link(m["id"], m["verdict"], m["token"])
        raise capability.Refused(404, "unknown endpoint")  # counts: guessing paths is probing

    async def _link(self, approval_id: str, verdict: str, token: str) -> tuple[int, dict]:
        await capability.redeem_link(shared_state.current(), approval_id, verdict, token)
        return await self._decide(approval_id, verdict, capability.LINK_DECIDER, "decision link")

    async def _slack(self, headers: dict[str, str], body: bytes) -> tuple[int, dict]:
        secret = self.settings.slack_secret
        if secret is None:
            raise capability.Refused(404, "Slack interactivity is not enabled")
        signature = headers.get("x-slack-signature")
        capability.verify_slack(secret, headers.get("x-slack-request-timestamp"), signature, body, self.clock())
        try:
            action = capability.parse_slack_action(body)
        except capability.Refused as e:  # Slack signed it (another interaction of the app): not a failed proof,
            raise HttpError(e.status, str(e)) from None  # so it must not count toward locking the address out
        assert signature is not None
        await capability.remember_slack_call(shared_state.current(), signature)
        allowed = self.settings.slack_approvers
        if action.verdict == "approve" and allowed is not None and action.user_id not in allowed:
            raise HttpError(403, f"Slack user {action.user_id} may not approve (exitguard_approval_slack_approvers)")
        return await self._decide(action.approval_id, action.verdict, action.decider, "Slack button")

    async def _decide(self, approval_id: str, verdict: str, decider: str, how: str) -> tuple[int, dict]:
        try:
            decided = await self.approvals.decide_anywhere(approval_id, verdict, decider, f"via {how}")
        except DecisionError as e:
            raise HttpError(e.status, str(e)) from None
        return 200, {"approval": {key: decided.get(key) for key in ("id", "state", "decider")}}
