"""The approval callback listener: decisions from outside this host, off by default
(``exitguard_approval_callback_listen``). Unlike the control endpoint it may face the network, so it trusts no
address and authenticates every call itself (capability.py):

    POST /v1/links/<id>/<approve|approve-window|deny>/<token>   a decision link from the webhook payload (single
                                                                use; approve-window also opens a window)
    POST /v1/slack/actions                                      a Slack interactivity call (block_actions), signed

A decision goes through ``Approval.decide_anywhere``, the control endpoint's path, so it reaches the replica
holding the request through the shared state store and its decider (and window) lands in the audit index.
After answering a signed Slack click, the listener updates the Slack message through the click's
``response_url`` (an allowed https host only; masked; in the background, bounded; a failure changes nothing):
settled (decided now or before, or gone) it loses its buttons and says so; otherwise only the clicker is told
why nothing was decided. Requests are bounded (one line, few headers, 16 KiB body, 5 s, a few open calls per
address), answers are JSON, a bad call decides nothing, and a client address with too many refused calls is
locked out for a while. Nothing a caller sends (path, token, body) is
logged. The proxy refuses upstream connections to this listener (Approval.server_connect).
"""

from __future__ import annotations

import asyncio
import logging
import re
import time
from collections import deque
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from urllib.parse import unquote, urlsplit

from mitmproxy import exceptions

from addons.approval import capability, notify, outcomes
from addons.approval.control import HttpError, answer, read_request
from addons.approval.rules import DecisionError, format_duration, utc_iso
from addons.approval.seal import Seal
from addons.core import options, placeholders
from addons.core import state as shared_state
from addons.core.secretfile import SecretFileError, read_secret_file

logger = logging.getLogger(__name__)

READ_TIMEOUT = 5.0
MAX_BODY = 16 * 1024
MAX_LINE = 2048
MAX_HEADERS = 40
LOCKOUT_FAILURES = 10  # refused calls from one address ...
LOCKOUT_WINDOW_S = 300.0  # ... within this long lock it out for the rest of the window
UPDATE_TIMEOUT = 5.0  # seconds for one Slack message update (connect, send, status line)
OUTCOME_WAIT_S = 3.0  # how long a Slack message's update waits to hear what became of the request (approval.py's)
_LINK = re.compile(r"^/v1/links/(?P<id>[0-9a-f]{1,32})/(?P<kind>approve|approve-window|deny)/"
                   r"(?P<token>[A-Za-z0-9_-]{1,100})$")
# Calls open at once (each holds a descriptor of the proxy's process for up to READ_TIMEOUT): per client address,
# and in all. Beyond them a call gets 503 at once, unread: a flood of idle connections must not take the proxy's
# descriptors (agents' connections) or keep every reviewer's call from being read.
MAX_OPEN_PER_PEER = 8
MAX_OPEN = 64
SLACK_PATH = "/v1/slack/actions"
SLACK_HOST = "hooks.slack.com"


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
    loader.add_option("exitguard_approval_link_window", int, 900,
                      """
                      Seconds of the window an "approve for" decision link or Slack button opens (identical
                      requests then pass without asking, like `exitguard approvals approve ID --for`); at most
                      exitguard_approval_max_window. 0: no such link or button.
                      """)
    loader.add_option("exitguard_approval_slack_response_hosts", str, SLACK_HOST,
                      "Comma-separated HOST or HOST:PORT (port 443 when omitted) a Slack click's response_url may "
                      "name: the message is updated there over https after a decision, nowhere else.")


@dataclass(frozen=True)
class Settings:
    listen: str | None = None  # HOST:PORT; None: off
    base_url: str | None = None  # exitguard_approval_callback_url
    slack_secret: bytes | None = None
    slack_approvers: frozenset[str] | None = None  # None: any signed Slack user
    link_window_s: int = 900  # exitguard_approval_link_window; 0: no approve-window link or button
    response_hosts: frozenset[tuple[str, int]] = frozenset({(SLACK_HOST, 443)})


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
    if opts.exitguard_approval_link_window < 0:
        raise exceptions.OptionsError("exitguard_approval_link_window must be >= 0 (0: no approve-for link)")
    return Settings(listen, base.rstrip("/") if base else None, secret, approvers,
                    opts.exitguard_approval_link_window, _response_hosts(opts.exitguard_approval_slack_response_hosts))


def _response_hosts(text: str) -> frozenset[tuple[str, int]]:
    hosts = set()
    for entry in (e.strip().lower() for e in text.split(",")):
        if not entry:
            continue
        host, _, port = entry.rpartition(":") if re.fullmatch(r"[^:]+:\d+|\[.+\]:\d+", entry) else (entry, "", "443")
        host = host.strip("[]")
        if not re.fullmatch(r"[a-z0-9.\-:]+", host) or not 0 < int(port) < 65536:
            raise exceptions.OptionsError("exitguard_approval_slack_response_hosts: expected HOST or HOST:PORT, "
                                          f"comma-separated (got {entry!r})")
        hosts.add((host, int(port)))
    if not hosts:
        raise exceptions.OptionsError("exitguard_approval_slack_response_hosts: name at least one host "
                                      f"(default {SLACK_HOST})")
    return frozenset(hosts)


def _read_secret(path: Path) -> bytes:
    try:  # private to the proxy's user (or root's for its group), like every secret file: core/secretfile.py
        return read_secret_file(path).encode()
    except SecretFileError as e:
        raise exceptions.OptionsError(f"exitguard_approval_slack_signing_secret_file: {e}") from None


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


@dataclass
class SlackClick:
    """A signed, not replayed Slack click whose message is to be updated once it is answered."""

    action: capability.SlackAction
    window_s: int | None = None
    decided: dict | None = None  # the approval as decided by this click


class CallbackServer:
    def __init__(self, approvals, settings: Settings, clock=time.time) -> None:
        self.approvals = approvals  # the Approval addon: decide_anywhere(...), lookup_anywhere(...)
        self.settings = settings
        self.clock = clock
        self.lockout = Lockout()
        self.open_calls: dict[str, int] = {}  # client address -> calls being read or answered
        self.server: asyncio.AbstractServer | None = None
        self.address: tuple[str, int] | None = None  # as bound
        self._updates: set[asyncio.Task] = set()  # Slack message updates in flight

    @property
    def base_url(self) -> str:
        if self.settings.base_url:
            return self.settings.base_url
        assert self.address is not None
        host = self.address[0]
        return f"http://{host if ':' not in host else f'[{host}]'}:{self.address[1]}"

    def link(self, approval_id: str, kind: str, token: str) -> str:
        return f"{self.base_url}/v1/links/{approval_id}/{kind}/{token}"

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
        for task in list(self._updates):
            task.cancel()

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
        clicks: list[SlackClick] = []  # set by _slack once the call is proven
        try:
            if self.lockout.locked(peer):
                raise HttpError(429, "too many refused calls from this address; try again later")
            status, doc = await self._serve(reader, clicks)
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
        await answer(writer, status, doc)  # Slack wants its answer within 3 s: the update comes after
        if clicks:
            self._update_slack(clicks[0], status, doc)

    async def _serve(self, reader: asyncio.StreamReader, clicks: list[SlackClick]) -> tuple[int, dict]:
        # Only the reading is bounded: a decision taken must be answered, with what became of the request (a link's
        # answer waits up to 3 s for it; a Slack click's does not: Slack wants its answer within 3 s), never 408.
        method, target, headers, body = await asyncio.wait_for(read_request(reader, MAX_HEADERS, MAX_BODY),
                                                               READ_TIMEOUT)
        if method != "POST":
            raise HttpError(405, "use POST")
        path = target.partition("?")[0]
        if path == SLACK_PATH:
            return await self._slack(headers, body, clicks)
        if m := _LINK.match(path):
            return await self._link(m["id"], m["kind"], m["token"])
        if path.startswith("/v1/links/") and next(placeholders.find_masked(unquote(path)), None) is not None:
            # Not a guess: a filter between the reviewer and us (another exitguard guarding this host) masked the
            # token (rule exitguard-decision-link). Say so, and do not count it: a whole office behind one address
            # would lock itself out of every link.
            raise HttpError(400, "this link's token was masked on its way here (a proxy between you and this "
                                 "listener replaced it); open the link where nothing rewrites it, e.g. let this "
                                 "host pass at that proxy")
        raise capability.Refused(404, "unknown endpoint")  # counts: guessing paths is probing

    async def _link(self, approval_id: str, kind: str, token: str) -> tuple[int, dict]:
        window = await capability.redeem_link(shared_state.current(), approval_id, kind, token,
                                              seal=Seal.of_runtime())
        decided = await self._decide(approval_id, capability.KINDS[kind], capability.LINK_DECIDER, "decision link",
                                     window)
        return 200, _answer(decided, window)

    async def _slack(self, headers: dict[str, str], body: bytes, clicks: list[SlackClick]) -> tuple[int, dict]:
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
        click = SlackClick(action)
        clicks.append(click)  # proven from here on: whatever the outcome, the message may be updated
        allowed = self.settings.slack_approvers
        if action.verdict == "approve" and allowed is not None and action.user_id not in allowed:
            raise HttpError(403, f"Slack user {action.user_id} may not approve (exitguard_approval_slack_approvers)")
        if action.kind == capability.WINDOW_KIND:
            if not self.settings.link_window_s:
                raise HttpError(400, "approving for a window from Slack is off (exitguard_approval_link_window=0)")
            click.window_s = self.settings.link_window_s
        # Slack wants its answer within 3 s: what became of the request is waited for by the message's update
        click.decided = await self._decide(action.approval_id, action.verdict, action.decider, "Slack button",
                                           click.window_s, wait_s=0)
        return 200, _answer(click.decided, click.window_s)

    async def _decide(self, approval_id: str, verdict: str, decider: str, how: str,
                      window_s: int | None = None, **wait: float) -> dict:
        try:
            return await self.approvals.decide_anywhere(approval_id, verdict, decider, f"via {how}", window_s,
                                                        **wait)
        except DecisionError as e:
            raise HttpError(e.status, str(e)) from None

    # ------------------------------------------------------------------ the Slack message afterwards

    def _update_slack(self, click: SlackClick, status: int, doc: dict) -> None:
        """Update the clicked message in the background: the proxy never waits for Slack."""
        url = click.action.response_url
        if url is None:
            return
        if not capability.response_url_allowed(url, self.settings.response_hosts):
            logger.warning("exitguard: Slack click on approval %s named a response_url that is not an allowed https "
                           "host (exitguard_approval_slack_response_hosts); message not updated",
                           click.action.approval_id)
            return
        task = asyncio.get_running_loop().create_task(self._post_update(click, url, status, doc))
        self._updates.add(task)
        task.add_done_callback(self._updates.discard)

    async def _post_update(self, click: SlackClick, url: str, status: int, doc: dict) -> None:
        approval_id = click.action.approval_id
        try:
            update = await self._slack_update(click, status, doc)
            result = await notify.send(url, update, UPDATE_TIMEOUT, what="Slack message update")
        except shared_state.StateUnavailable:
            logger.warning("exitguard: Slack message of approval %s not updated: state store unavailable",
                           approval_id)
            return
        except Exception as e:  # the decision stands whatever happens here; never log the URL or content
            logger.warning("exitguard: Slack message of approval %s not updated: %s", approval_id, type(e).__name__)
            return
        if result["delivered"]:
            logger.info("exitguard: Slack message of approval %s updated", approval_id)

    async def _slack_update(self, click: SlackClick, status: int, doc: dict) -> dict:
        """Decided by this click: the outcome. Already settled (decided elsewhere, expired) or gone: say so, the
        buttons go. Otherwise (not an approver, store unavailable, ...): only the clicker hears why."""
        approval_id, who = click.action.approval_id, click.action.decider
        if status == 200 and click.decided is not None:
            decided = await self.approvals.with_outcomes(click.decided, OUTCOME_WAIT_S)
            return notify.slack_update(approval_id, _outcome(decided, click.window_s), decided, replace=True)
        error = str(doc.get("error") or f"HTTP {status}")
        if status in (404, 409):
            current = await self.approvals.lookup_anywhere(approval_id)
            settled = _outcome(current, current.get("window_s")) if current else \
                "No longer pending (expired and forgotten)."
            return notify.slack_update(approval_id, f"{settled}\nThe click by {who} decided nothing: {error}.",
                                       current, replace=True)
        return notify.slack_update(approval_id, f"Not decided: {error}.", None, replace=False)


def _answer(decided: dict, window_s: int | None) -> dict:
    """The decision, and what became of the requests it found waiting (counts per outcome, and how many their
    holder has not reported yet: outcomes.py), never the request itself."""
    return {"approval": {**{key: decided.get(key) for key in ("id", "state", "decider")}, "window_s": window_s,
                         **{key: decided[key] for key in ("outcomes", "unreported") if key in decided}}}


def _outcome(approval: dict, window_s: int | None) -> str:
    """One line for the Slack message: how the approval ended and who ended it."""
    state, decider = approval.get("state"), approval.get("decider")
    if state == "approved":
        # The requests it held may all have left (SDK timeout), or been refused when it reached them (the policy
        # changed, 409): the reviewer must not think it was sent.
        gone = (" Nothing was sent: its client had left" + (", and its retry passes." if window_s else ".")
                if approval.get("waiting") == 0 else "")
        said = outcomes.phrases(approval.get("outcomes") or {}) if not gone else []
        if approval.get("unreported"):
            said.append(f"{approval['unreported']} not known yet (the proxy holding it has not said; "
                        "`exitguard approvals list --all` shows it)")
        told = (" " + "; ".join(said) + ".") if said else ""
        return f"Approved by {decider}" + (_window_text(approval, window_s) if window_s else "") + "." + gone + told
    if state == "denied":
        return f"Denied by {decider}" + (f": {approval['reason']}" if approval.get("reason") else "") + "."
    if state == "held":
        return "Still waiting for a decision."
    return f"Not approved: {state}" + (f" ({approval['reason']})" if approval.get("reason") else "") + "."


def _window_text(approval: dict, window_s: int) -> str:
    try:  # the window runs from the decision
        start = datetime.fromisoformat(str(approval.get("decided_at"))).timestamp()
    except ValueError:
        start = time.time()
    return f" for {format_duration(window_s)}: identical requests pass without asking until {utc_iso(start + window_s)}"
