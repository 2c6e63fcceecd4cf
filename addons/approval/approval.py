"""Just-in-time approval: hold a risky request before it leaves until a person says yes.

A request is held when the guard marked it (a finding whose policy action is ``approve``) or when a rule of
the policy's ``approvals:`` section matches (approval_rules.py). While it waits, reviewers are notified
(notify.py) and decide with ``exitguard approvals approve|deny ID`` (control.py) or with mitmweb's Resume /
Abort. Approving from the command line needs an approver: a caller whose exitguard token or OIDC JWT carries a
group of the policy's ``approvals.approvers.groups`` (checked by the Identity addon, handed in by the chain); the
control file's token alone only lists and denies. While it waits, the live flow shows the request masked; the
request to send is kept in memory (core/held.py) and put back when approved. No decision within
``exitguard_approval_timeout`` means deny; denied calls get a provider-shaped 403.
With ``exitguard_approval_callback_listen`` set, reviewers also decide from outside (callback.py): single-use links
in the JSON webhook, or the Slack message's buttons (each also as "approve for ``exitguard_approval_link_window``",
the window ``--for`` opens); both go through ``decide_anywhere`` like the control endpoint.

SDKs retry: an identical request (same caller, methods, URL, body and reasons to hold it) joins the approval
already pending instead of opening another, and ``approve --for 10m`` lets identical requests pass for a while.
"""

from __future__ import annotations

import asyncio
import logging
import re
import socket
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlsplit

from mitmproxy import ctx, exceptions, hooks, http
from mitmproxy.connection import ConnectionState
from mitmproxy.flow import Error
from mitmproxy.proxy import mode_specs

from addons.approval import callback, capability, capacity, control, controlfile, notify, outcomes
from addons.approval.registry import MAX_REASON_CHARS, LocalApprovals, Pending, Registry
from addons.approval.rules import (
    METHOD_OVERRIDE_QUERY,
    DecisionError,
    RequestFacts,
    claimed_methods,
    format_duration,
    normalize_path,
    request_fingerprint,
    significant_headers,
    utc_iso,
)
from addons.approval.seal import Seal
from addons.approval.shared import SWEEP_EVERY_S, SharedApprovals
from addons.core import (
    callers,
    compat,
    control_plane,
    destination,
    held,
    metakeys,
    net,
    options,
    outside,
    responses,
    runtime,
    shutdown,
)
from addons.core import state as shared_state
from addons.core.fail_closed import fail_closed
from addons.core.state import StateUnavailable
from addons.core.state import fleet as state_fleet

__all__ = ["Approval", "DecisionError", "Pending", "Registry"]  # Registry and Pending live in registry.py

logger = logging.getLogger(__name__)

# Checks a proxy credential (exitguard token or OIDC JWT): (identity, groups), or LookupError saying why not.
CredentialCheck = Callable[[str], Awaitable[tuple[str, tuple[str, ...]]]]
# Answers a flow whose caller's credential is no longer valid (revoked, expired) with a 407; True when it did.
CallerRecheck = Callable[[http.HTTPFlow], bool]
# Writes an audit index record with no flow (the Audit addon's record_event; record_event_now at shutdown).
RecordEvent = Callable[[dict], Awaitable[None]]
RecordEventNow = Callable[[dict], None]

# polish58: how long a decider waits to hear what became of the requests it released (in this process: one turn
# of the loop; a replica elsewhere: a message and a write away), and how often it looks.
OUTCOME_WAIT_S = 3.0
OUTCOME_POLL_S = 0.05
RESOLVE_TIMEOUT_S = 3.0  # as HostPolicy's: a lookup that hangs must not hold the connection (TimeoutError: OSError)


async def _resolve(host: str, port: int) -> list[str]:
    infos = await asyncio.wait_for(asyncio.get_running_loop().getaddrinfo(host, port, type=socket.SOCK_STREAM),
                                   RESOLVE_TIMEOUT_S)
    return [str(i[4][0]) for i in infos]


def clean_reason(text: str | None) -> str | None:
    """Reviewer text goes into client errors and the audit index: one short printable line."""
    if text is None:
        return None
    text = re.sub(r"[\x00-\x1f\x7f]+", " ", str(text)).strip()
    return text[:MAX_REASON_CHARS] or None


NO_WEBHOOK = notify.Webhook(None, "json")
NO_ENDPOINT = control.Endpoint(None, Path(controlfile.CONTROL_FILE_NAME))
NO_CALLBACK = callback.Settings()
DEFAULT_LIMITS = capacity.Limits()


@dataclass(frozen=True)
class Settings:
    timeout_s: int = 120  # exitguard_approval_timeout
    max_window_s: int = 3600  # exitguard_approval_max_window
    webhook: notify.Webhook = NO_WEBHOOK
    control: control.Endpoint = NO_ENDPOINT  # off until configured
    callback: callback.Settings = NO_CALLBACK  # off until configured
    limits: capacity.Limits = DEFAULT_LIMITS  # requests waiting for approval, per caller and in all


OPTIONS = {"exitguard_approval_timeout", "exitguard_approval_max_window", "exitguard_approval_webhook",
           "exitguard_approval_webhook_format", "exitguard_control_listen", "exitguard_control_file", "confdir",
           "listen_host", "listen_port", "mode", "exitguard_approval_callback_listen",
           "exitguard_approval_callback_url", "exitguard_approval_slack_signing_secret_file",
           "exitguard_approval_slack_approvers", "exitguard_approval_link_window",
           "exitguard_approval_slack_response_hosts", "exitguard_state", *capacity.OPTIONS}


def read_settings(opts, *, endpoint: bool = True) -> Settings:
    """The approval options, checked; ``endpoint=False`` (`exitguard up` before it starts the proxy) checks the
    control endpoint's address without naming its file, which needs mitmproxy's listen options."""
    if opts.exitguard_approval_timeout <= 0:
        raise exceptions.OptionsError("exitguard_approval_timeout must be a positive number of seconds")
    if opts.exitguard_approval_max_window < 0:
        raise exceptions.OptionsError("exitguard_approval_max_window must be >= 0")
    listener = callback.read_options(opts)
    if listener.listen is not None and listener.link_window_s > opts.exitguard_approval_max_window:
        raise exceptions.OptionsError(f"exitguard_approval_link_window ({listener.link_window_s} s) is longer than "
                                      f"exitguard_approval_max_window ({opts.exitguard_approval_max_window} s): "
                                      "lower it (0: no approve-for link or button)")
    return Settings(opts.exitguard_approval_timeout, opts.exitguard_approval_max_window,
                    notify.read_options(opts), control.read_options(opts) if endpoint else
                    control.Endpoint(control.read_listen(opts), NO_ENDPOINT.file), listener,
                    capacity.read_options(opts))


@dataclass(frozen=True)
class Approver:
    """Someone who proved who they are with a credential of an approver group."""

    identity: str
    groups: tuple[str, ...]


class Approval:
    def __init__(self, check_credential: CredentialCheck | None = None,
                 recheck_caller: CallerRecheck | None = None, record_event: RecordEvent | None = None,
                 record_event_now: RecordEventNow | None = None) -> None:
        self.check_credential = check_credential  # the Identity addon's, wired by the chain
        self.recheck_caller = recheck_caller  # the Identity addon's too: is the held request's caller still valid
        self.record_event = record_event  # the Audit addon's: every decision and expiry made here is recorded
        self.record_event_now = record_event_now  # the same, written at once: at shutdown no task runs any more
        self.registry = Registry()
        self.registry.on_expired = self._expired_here
        self.backend: LocalApprovals | SharedApprovals = LocalApprovals(self.registry)
        self.control: control.ControlServer | None = None
        self.callback: callback.CallbackServer | None = None
        self.own_addresses = net.OwnAddresses()
        self.control_plane = control_plane.ControlPlane(_resolve, self._is_local)
        self._next_proxy_lookups = control_plane.RecentLookups(self._addresses)  # upstream mode: one per name per 30 s
        self.settings = Settings()  # parsed from the options in configure
        self.capacity = capacity.Capacity()  # what the requests waiting here hold
        self._tasks: set[asyncio.Task] = set()
        self._watched: set[str] = set()  # approvals nobody waits for here, watched until their deadline
        self._sweeper: asyncio.Task | None = None  # with a shared store: expires approvals whose holder died
        self._held_flows: dict[str, http.HTTPFlow] = {}  # waiting in _hold now: answered before the proxy stops

    def load(self, loader) -> None:
        loader.add_option("exitguard_approval_timeout", int, 120,
                          """
                          Seconds a request waits for approval before it is denied. Keep it well under the
                          clients' own timeouts (openai/anthropic SDKs: 600 s).
                          """)
        loader.add_option("exitguard_approval_max_window", int, 3600,
                          "Longest window, in seconds, for which `exitguard approvals approve ID --for` lets "
                          "identical requests pass.")
        notify.add_options(loader)
        capacity.add_options(loader)
        control.add_options(loader)
        callback.add_options(loader)

    def configure(self, updated: set[str]) -> None:
        if updated & OPTIONS:
            self.settings = read_settings(ctx.options)
            self.capacity.limits = self.settings.limits  # the counts stay: those requests are still waiting
            store = ctx.options.exitguard_state if "exitguard_state" in ctx.options else None
            self.control_plane.configure(control_plane.endpoints(
                None if store is None or store.strip() == "memory" else store, self.settings.callback.base_url))

    async def running(self) -> None:
        self._bind_state()
        shutdown.before_stop(self._answer_held)
        self._spawn(self.control_plane.look_up())  # before agents' first connections need it (3 s bound each)
        if self._sweeper is None:
            self._sweeper = asyncio.get_running_loop().create_task(self._sweep_forever())
        endpoint = self.settings.control
        if self.control is None and endpoint.listen is not None:
            server = control.ControlServer(self, endpoint.listen, endpoint.file)
            try:
                await server.start()
            except OSError as e:
                # The operator asked for it (`off` exists): without it no held request can be approved from
                # the command line, they would all expire. Say so now rather than at the first held request.
                server.stop()
                options.refuse_to_start(f"the approval control endpoint could not start on {endpoint.listen} "
                                        f"(control file {endpoint.file}): {e.strerror or e}; choose another "
                                        "exitguard_control_listen / exitguard_control_file, or set "
                                        "exitguard_control_listen=off")
            self.control = server
        if self.callback is None and self.settings.callback.listen is not None:
            listener = callback.CallbackServer(self, self.settings.callback)
            try:
                await listener.start()
            except OSError as e:
                options.refuse_to_start(f"the approval callback listener could not start on "
                                        f"{self.settings.callback.listen}: {e.strerror or e}; choose another "
                                        "exitguard_approval_callback_listen or set it to off")
            self.callback = listener

    async def server_connect(self, data) -> None:
        """Never reach exitguard's own control plane *through* the proxy, whatever exitguard_block_loopback,
        exitguard_allow_upstreams or private_upstreams say: this proxy's listeners (the callback listener, the
        control endpoint, mitmweb) on any of this host's addresses, and the fleet's store and the approval callback
        URL wherever they are (core/control_plane.py). The host policy refuses this host's addresses by default; a
        proxy that lets agents reach a local model server or a private network must not let them reach these (and
        try tokens on them, or speak Redis's protocol) as well."""
        if data.server.address is None or data.server.error:
            return
        host, port = str(data.server.address[0]), data.server.address[1]
        listener = self._own_listener(port)
        if listener is None and not self.control_plane.endpoints:
            return  # nothing to look up for (HostPolicy has pinned the address it checked)
        ips = await self._addresses(host, port)
        what = None
        if listener is not None:
            name, bound_host = listener
            if ips is None or any(net.is_local_address(ip) or self.own_addresses.contains(ip) or ip == bound_host
                                  for ip in ips):  # unchecked is refused
                what = f"the {name}"
            elif self._fleet_callback_port(name, bound_host, ips):
                what = "the fleet's approval callback listener port on a private address (another replica's)"
        what = what or await self.control_plane.refusal(host, port, ips)
        if what:
            data.server.error = f"exitguard: {host}:{port} is {what} and is refused"
            logger.warning("exitguard: refused a connection through the proxy to %s", what)

    def _to_webhook(self, flow: http.HTTPFlow) -> bool:
        """A request to the approval webhook's URL: its host by any name the flow goes by (an IP target with the
        name in Host or SNI too), its port, its path as approval rules normalize paths (the query aside)."""
        url = self.settings.webhook.url
        if not url:
            return False
        try:
            hook = urlsplit(url)
            port = hook.port or (443 if hook.scheme == "https" else 80)
        except ValueError:
            return False
        if flow.request.port != port or _webhook_path(flow.request.path) != _webhook_path(hook.path or "/"):
            return False
        names = destination.flow_names(flow)
        wanted = destination.normalize(hook.hostname or "")
        return wanted in {n.host for n in names.names} or wanted == names.target

    def _fleet_callback_port(self, name: str, bound_host: str, ips: list[str]) -> bool:
        """Every replica of a fleet listens for callbacks on the same port, beyond loopback: another replica's
        listener is that port on its pod's private address, which an unlisted name may reach."""
        return (name == "approval callback listener" and self.backend.shared and not net.is_loopback(bound_host)
                and any(net.is_private_address(ip) for ip in ips))

    @staticmethod
    async def _addresses(host: str, port: int) -> list[str] | None:
        """Every address ``host`` may be connected to (HostPolicy has usually pinned one already); None: unknown."""
        if net.is_ip(host):
            return [host]
        try:
            return await _resolve(host, port)
        except (OSError, UnicodeError):
            return None

    def _is_local(self, ip: str) -> bool:
        return net.is_local_address(ip) or self.own_addresses.contains(ip)

    def own_listener_name(self, port: int) -> str | None:
        """What this proxy's own listener on ``port`` is (HostPolicy's log must not offer exitguard_allow_upstreams
        for it: ``server_connect`` refuses it whatever that option says)."""
        listener = self._own_listener(port)
        return listener[0] if listener else None

    def _own_listener(self, port: int) -> tuple[str, str] | None:
        """(what it is, the address it is bound to) of this proxy's own TCP listener on ``port``, if any: the
        callback listener, the control endpoint, and mitmweb's UI (a login there resumes held requests)."""
        for server, name in ((self.callback, "approval callback listener"),
                             (self.control, "approval control endpoint")):
            if server is not None and server.address is not None and server.address[1] == port:
                return name, str(server.address[0])
        if "web_port" in ctx.options and ctx.options.web_port == port:  # mitmweb only: mitmdump has no such option
            return "mitmweb interface", str(ctx.options.web_host)
        return None

    def _bind_state(self) -> None:
        """Approvals go where the State addon put the shared state: this process, or the fleet's store."""
        store = shared_state.current()
        if store.shared and getattr(self.backend, "store", None) is not store:
            self.backend = SharedApprovals(store, self.registry, Seal.of_runtime())
            self.registry.on_expired = None  # the replica whose expiry wins in the store records it:
            self.backend.on_expired = self._record  # its own deadline's, or an overdue one a decision or listing met
            logger.info("exitguard: approvals are shared through %s", store.description)
        elif not store.shared:
            self.backend = LocalApprovals(self.registry)
            self.registry.on_expired = self._expired_here

    def done(self) -> None:
        shutdown.forget(self._answer_held)
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None
        # Held since the stop began (Config's done answered the others): denied and recorded, their connections cut.
        self._close_all()
        if self.control is not None:
            self.control.stop()
            self.control = None
        if self.callback is not None:
            self.callback.stop()
            self.callback = None

    def _close_all(self) -> None:
        # Before the Audit addon's done (chain order): what it still has open is recorded after these.
        for pending in self.registry.close_all(SHUTTING_DOWN):
            if self.record_event_now is not None:
                self.record_event_now(decision_record(pending.public(self.registry.clock())))

    def _answer_held(self) -> Awaitable[None] | None:
        """attack46: at a stop (SIGTERM, SIGINT) the held clients' connections were cut when the loop ended (the
        SDK: "Connection error."). Run first in the stop (core/shutdown.py), while every addon works: each held
        request is denied as the proxy shutting down and answered 503, its decision and flow recorded."""
        held_here = list(self._held_flows.values())
        if not held_here:
            return None
        self._close_all()
        return _answered(held_here, SHUTDOWN_ANSWER_S)

    # ------------------------------------------------------------------ decisions (control endpoint)

    async def authenticate_approver(self, credential: str | None) -> Approver:
        """The approver a credential proves, or DecisionError: the control file alone never approves."""
        rules = runtime.get().policy.sections.get("approvals")
        approvers = rules.approvers if rules else None
        if approvers is None:
            raise DecisionError(403, "no approvers are configured (approvals: approvers: {groups: [...]} in the "
                                     "policy), so nobody can approve from the command line")
        if not credential:
            raise DecisionError(401, "approving needs an approver token: --token-file FILE or "
                                     "EXITGUARD_APPROVER_TOKEN (an exitguard token or OIDC JWT of an approver group)")
        if self.check_credential is None:
            raise DecisionError(403, "this proxy cannot check approver tokens (no identity addon)")
        try:
            identity, groups = await self.check_credential(credential)
        except LookupError as e:
            raise DecisionError(401, f"approver token refused: {e}") from None
        if not approvers.admits(groups):
            raise DecisionError(403, f"{identity} is not an approver (needs a group of "
                                     f"{', '.join(sorted(approvers.groups))})")
        return Approver(identity, tuple(groups))

    def decide(self, approval_id: str, verdict: str, decider: str, reason: str | None = None,
               window: int | None = None) -> dict:
        """In-process decision (one replica); the control endpoint calls ``decide_anywhere``."""
        self._check_window(window)
        pending = self.registry.decide(approval_id, verdict, decider, clean_reason(reason), window)
        _log_decision(pending.id, pending.state, decider, window)
        decided = pending.public(self.registry.clock())
        self._record(decided)
        return decided

    async def decide_anywhere(self, approval_id: str, verdict: str, decider: str, reason: str | None = None,
                              window: int | None = None, wait_s: float = OUTCOME_WAIT_S) -> dict:
        """A decision for an approval held by any replica (the shared store), or by this one, with what became of
        the requests it found waiting (``with_outcomes``, up to ``wait_s``)."""
        if not self.backend.shared:
            return await self.with_outcomes(self.decide(approval_id, verdict, decider, reason, window), wait_s)
        self._check_window(window)
        try:
            decided = await self.backend.decide(approval_id, verdict, decider, clean_reason(reason), window)
        except StateUnavailable as e:
            raise DecisionError(503, str(e)) from None
        _log_decision(decided["id"], decided["state"], decider, window)
        self._record(decided)
        return await self.with_outcomes(decided, wait_s)

    async def with_outcomes(self, decided: dict, wait_s: float) -> dict:
        """``decided`` with ``outcomes`` ({sent: 1} or {policy_changed: 1}, ...: outcomes.py) of the requests that
        waited when it was taken, and ``unreported``: how many of them their holder has not reported within
        ``wait_s`` (a replica elsewhere in the fleet, stalled or slow). Counts only: nothing of the request."""
        flows = list(decided.get("flows") or [])
        # a decision whose delivery is pending (faults48) has not reached its holder: nothing to wait for
        deadline = time.monotonic() + (0 if decided.get("delivery") else wait_s)
        while True:
            try:
                reported = await self.backend.reported(str(decided["id"]))
            except StateUnavailable:  # each read would wait out its timeout: what is known here, at once
                reported, deadline = self._reported_here(str(decided["id"])), 0
            counts, unreported = outcomes.of_flows(flows, reported)
            if not unreported or time.monotonic() >= deadline:
                return {**decided, "outcomes": counts, "unreported": unreported}
            await asyncio.sleep(OUTCOME_POLL_S)

    def _reported_here(self, approval_id: str) -> dict[str, str]:
        pending = self.registry.approvals.get(approval_id)
        return dict(pending.outcomes) if pending is not None else {}

    def _check_window(self, window: int | None) -> None:
        if window is not None and window > self.settings.max_window_s:
            raise DecisionError(400, f"--for is longer than the allowed "
                                     f"{format_duration(self.settings.max_window_s)} "
                                     "(exitguard_approval_max_window)")

    def listing(self, include_decided: bool = False) -> list[dict]:
        return self.registry.listing(include_decided)

    async def listing_anywhere(self, include_decided: bool = False) -> list[dict]:
        """The fleet's approvals with a shared store; this process's otherwise."""
        try:
            return await self.backend.listing(include_decided)
        except StateUnavailable as e:
            raise DecisionError(503, str(e)) from None

    async def lookup_anywhere(self, approval_id: str) -> dict | None:
        """One approval of the fleet (shared store) or of this process, whatever its state; None when unknown."""
        return await self.backend.lookup(approval_id)

    async def fleet(self) -> dict:
        """The replicas sharing this one's state, the policy each runs, and whether they differ."""
        store = shared_state.current()
        try:
            replicas = await state_fleet.replicas(store)
        except StateUnavailable as e:
            return {"replica": store.replica, "state": store.description, "error": str(e), "replicas": []}
        return {"replica": store.replica, "state": store.description, "replicas": replicas,
                "policy_diverges": state_fleet.diverging(replicas)}

    # ------------------------------------------------------------------ the hold

    @fail_closed
    async def http_connect(self, flow: http.HTTPFlow) -> None:
        """A CONNECT that a next proxy would carry (see ``_via_next_proxy``)."""
        if flow.live and not flow.response:
            await self._refuse_via_next_proxy(flow)

    async def _refuse_via_next_proxy(self, flow: http.HTTPFlow) -> bool:
        """Upstream mode (``--mode upstream:``): every server connection goes to the next proxy, so
        ``server_connect`` never sees the agent's target. The flow's own host is checked instead, by its name and
        the addresses this host resolves it to (attack25: the next proxy carried RESP to the fleet's Redis). The
        next proxy may resolve a name otherwise: that stays its own trust boundary."""
        if not self.control_plane.endpoints or not _via_next_proxy(flow):
            return False
        host, port = flow.request.host, flow.request.port
        what = await self.control_plane.refusal(host, port, await self._next_proxy_lookups.addresses(host, port))
        if what:
            responses.refuse(flow, 502, "exitguard_control_plane", f"this destination is {what}, which no agent "
                             "reaches through the proxy", decision="deny")
            logger.warning("exitguard: refused a request through the next proxy to %s", what)
        return what is not None

    @fail_closed
    async def requestheaders(self, flow: http.HTTPFlow) -> None:
        """A request that may need approval must be buffered: a streamed body would be gone before ``request``."""
        if not flow.live or flow.response or await self._refuse_via_next_proxy(flow):
            return
        if self._to_webhook(flow):
            # Where reviewers read notifications and decide: only the proxy posts there. Neither the URL (its path
            # is the secret of a Slack incoming webhook) nor its host is named.
            responses.refuse(flow, 403, "exitguard_control_plane", "this URL is the approval webhook's: only the "
                             "proxy itself posts reviewers' notifications there", decision="deny")
            logger.warning("exitguard: refused a request through the proxy to the approval webhook's URL")
            return
        if not flow.request.stream:
            return
        rules = runtime.get().policy.sections.get("approvals")
        if rules and rules.may_match(_facts(flow, flow.metadata.get(metakeys.IDENTITY))):
            flow.request.stream = False

    @fail_closed
    async def request(self, flow: http.HTTPFlow) -> None:
        if not flow.live or flow.response or flow.metadata.get(metakeys.HOST_CLASS) == "deny":
            return
        rt = runtime.get()
        marked = flow.metadata.get(metakeys.APPROVAL)
        required = isinstance(marked, dict) and marked.get("state") == "required"  # set by the guard
        finding_rules = list(marked.get("rules", [])) if required and isinstance(marked, dict) else []
        identity = flow.metadata.get(metakeys.IDENTITY)
        rules = rt.policy.sections.get("approvals")
        policy_rules = rules.matching(_facts(flow, identity)) if rules else []
        if not finding_rules and not policy_rules:
            return
        if flow.request.stream:  # streamed by another addon after all: the body already left, too late to hold
            held.discard(flow)
            responses.refuse(flow, 403, "exitguard_approval_required", "this request needs approval but its body was "
                          "streamed, so it could not be held; it was stopped.", decision="denied")
            return
        reasons = [f"approval rule {name}" for name in policy_rules]
        if finding_rules:
            reasons.append(f"finding(s) of rule(s) {', '.join(finding_rules)} need approval")
        record = {"rules": policy_rules, "finding_rules": finding_rules, "reasons": reasons}
        if rt.policy.report_only:  # observe only: say what would have happened, hold nothing
            held.restore(flow)
            flow.metadata[metakeys.APPROVAL] = {**record, "state": "would_hold"}
            metakeys.raise_decision(flow.metadata, "report", f"would hold for approval: {'; '.join(reasons)}")
            responses.annotate(flow, f"report-only: would hold for approval ({'; '.join(reasons)})", ":eyes:")
            return
        original = held.forwardable(flow)
        # The caller as capacity counts it: with no identity (authentication off or optional), its client address.
        fingerprint = request_fingerprint(_caller(flow), flow.request.method, flow.request.pretty_host,
                                          original.path, original.raw_content or b"", rt.fingerprinter.digest,
                                          scheme=flow.request.scheme, port=flow.request.port,
                                          claimed_methods=_claimed(flow), reasons=tuple(reasons),
                                          headers=significant_headers((original.headers or flow.request.headers)
                                                                      .items(multi=True)))
        try:
            if window := await self.backend.window_for(fingerprint):
                self._pass_by_window(flow, record, window)
                return
        except StateUnavailable as e:
            held.discard(flow)
            _refuse_unavailable(flow, record, str(e))
            return
        # Checked before an approval is opened or joined: a refused request notifies nobody and holds nothing.
        ticket = self.capacity.admit(_caller(flow), _held_size(flow, original))
        if isinstance(ticket, capacity.Refusal):
            held.discard(flow)
            self._refuse_capacity(flow, record, ticket)
            return
        try:
            await self._open_and_hold(flow, fingerprint, identity, reasons, record, rt)
        finally:
            self.capacity.release(ticket)

    async def _open_and_hold(self, flow: http.HTTPFlow, fingerprint: str, identity: str | None, reasons: list[str],
                             record: dict, rt: runtime.Runtime) -> None:
        try:
            summary = _summary(flow, identity, reasons, rt)
            pending, joined = await self.backend.hold(fingerprint, identity, summary, self.settings.timeout_s)
        except StateUnavailable as e:
            held.discard(flow)
            _refuse_unavailable(flow, record, str(e))
            return
        if not joined:
            # No path: it can carry personal data; reviewers see the masked URL in `exitguard approvals list`.
            # Method and host as masked for reviewers: a client chooses both (any token is a method; a wildcard
            # guarded host lets it name the subdomain).
            logger.warning("exitguard: holding a %s to %s for approval %s (%s)", pending.summary["method"],
                           pending.summary["host"], pending.id, "; ".join(reasons))
            self._notify(pending)
        await self._hold(flow, pending, joined, record, rt)

    async def _hold(self, flow: http.HTTPFlow, pending: Pending, joined: bool, record: dict,
                    rt: runtime.Runtime) -> None:
        started, started_wall = time.monotonic(), time.time()
        # mitmweb shows the waiting flow: no key in its headers (nor under a broker's own names, attack52)
        held.hide_credentials(flow, rt.fingerprinter.tag, rt.policy.credential_names)
        flow.intercept()  # shown paused in mitmweb, with Resume / Abort
        flow.metadata[metakeys.APPROVAL] = {**record, "id": pending.id, "state": "held", "joined": joined,
                                            "requested_at": utc_iso(started_wall), "timeout_s": pending.timeout_s}
        metakeys.raise_decision(flow.metadata, "held", f"waiting for approval {pending.id}")
        responses.annotate(flow, f"held for approval {pending.id} (exitguard approvals approve {pending.id})",
                        ":hourglass_flowing_sand:")
        _refresh_ui(flow)
        pending.flow_ids.append(flow.id)
        self._held_flows[flow.id] = flow
        await self.backend.waiting_changed(pending)
        try:
            outcome = await self._wait(flow, pending)
        except StateUnavailable as e:
            outcome = "lost"  # the decision cannot be read or written: fail closed, say why
            pending.reason = str(e)
        except BaseException:
            pending.outcomes[flow.id] = "error"  # what its decider is told (fail_closed answers 502)
            flow.resume()  # fail_closed answers 502; an intercepted flow would never get it
            raise
        finally:
            pending.flow_ids.remove(flow.id)
            self._held_flows.pop(flow.id, None)
        await self.backend.waiting_changed(pending)
        if outcome == "abandoned":
            self._watch(pending)  # open for a retry until its deadline; its end is recorded even if none comes
        if outcome == "approved" and _client_gone(flow):
            outcome = "abandoned"  # never send a request nobody waits for: its retry is (or was) the live one
        # A person approved what was checked when it arrived; it leaves only if that check still holds.
        if outcome == "approved" and not runtime.treats_alike(rt, runtime.get()):
            outcome = "policy_changed"
        elif outcome == "approved" and held.moved(flow):
            outcome = "edited"  # approved as held; moved since in mitmweb: the approval does not cover it (attack41)
        elif outcome == "approved" and self.recheck_caller is not None and self.recheck_caller(flow):
            outcome = "caller_refused"  # answered 407 by the Identity addon
        md = flow.metadata[metakeys.APPROVAL]
        md.update(state=outcome if outcome != "aborted" else "denied", decider=pending.decider,
                  reason=pending.reason, decided_at=utc_iso(pending.decided_at or time.time()),
                  waited_ms=round((time.monotonic() - started) * 1000, 1), notified=dict(pending.notified))
        if pending.window_s:
            md["window_s"] = pending.window_s
        self._finish(flow, pending, outcome)
        _refresh_ui(flow)
        self._report(pending, flow.id, outcome)  # once released or answered: what its decider is told

    def _report(self, pending: Pending, flow_id: str, outcome: str) -> None:
        """What became of this request, for whoever decided (polish58): at once in this process, and with a shared
        store written in the background (the request must not wait for the store to leave). Best effort:
        unreported, a decider elsewhere is told it is not known yet."""
        word = outcomes.SENT if outcome == "approved" else outcome
        pending.outcomes[flow_id] = word  # all a process of its own needs
        if not self.backend.shared:
            return

        async def share() -> None:
            try:
                await self.backend.report(pending, flow_id, word)
            except StateUnavailable as e:
                logger.warning("exitguard: approval %s: what became of a request it held could not be shared (%s)",
                               pending.id, e)
        self._spawn(share())

    async def _wait(self, flow: http.HTTPFlow, pending: Pending) -> str:
        """Until a decision: the control endpoint's, mitmweb's (Resume / Abort), the deadline, or the client leaves."""
        while pending.state == "held":
            if flow.error is not None and flow.error.msg == Error.KILLED_MESSAGE:
                await self._web_decision(pending, "deny", "aborted in mitmweb")
                # A killed flow just closes the client connection, and SDKs retry that (mitmproxy 12.3 too).
                # Take the kill back so the client gets a clear 403 instead.
                flow.error, flow.live = None, True
                return "aborted"
            if not flow.intercepted:
                if held.moved(flow):  # attack42: a Resume of a flow the console moved approves nothing sent
                    await self._web_decision(pending, "deny", MOVED_IN_MITMWEB)
                    return "edited"
                await self._web_decision(pending, "approve", "resumed in mitmweb")
                break
            if _client_gone(flow):
                return "abandoned"
            if self.registry.clock() >= pending.deadline:
                await self._expire(pending)
                break
            try:
                await asyncio.wait_for(pending.done.wait(), compat.HOLD_POLL_SECONDS)
            except TimeoutError:
                pass
        return pending.state

    async def _web_decision(self, pending: Pending, verdict: str, reason: str) -> None:
        # mitmweb has no users: the decider is "mitmweb", so self-approval cannot be checked there.
        try:
            decided = await self.backend.decide(pending.id, verdict, "mitmweb", reason, check_self=False)
        except DecisionError:
            return  # decided a moment ago by someone else; that decision stands
        _log_decision(decided["id"], decided["state"], "mitmweb", None)  # as the CLI's decisions are logged
        self._record(decided)

    async def _expire(self, pending: Pending) -> None:
        """Its deadline passed here. Recorded by Registry.on_expired without a shared store; with one, by
        SharedApprovals.on_expired when this replica's expiry is the one the store kept."""
        await self.backend.expire(pending)

    def _expired_here(self, pending: Pending) -> None:
        self._record(pending.public(self.registry.clock()))

    def _watch(self, pending: Pending) -> None:
        """An approval whose requests all left stays open for their retry; nobody may come, so it is expired (and
        recorded) at its deadline, not whenever someone next lists the approvals."""
        if pending.state != "held" or pending.flow_ids or pending.id in self._watched:
            return
        self._watched.add(pending.id)

        async def watch() -> None:
            try:
                while pending.state == "held" and (left := pending.deadline - self.registry.clock()) > 0:
                    try:
                        await asyncio.wait_for(pending.done.wait(), left)
                    except TimeoutError:
                        pass
                if pending.state == "held":
                    await self._expire(pending)
            except StateUnavailable:
                pass  # the store is gone: a retry is answered 503, and the record there expires with its TTL
            finally:
                self._watched.discard(pending.id)

        self._spawn(watch())

    async def _sweep_forever(self) -> None:
        """attack19: with a shared store, an approval whose holder died and that nobody lists or decides on would run
        out with its Redis time to live, in no index (issue 16): every replica expires and records such approvals."""
        while True:
            await asyncio.sleep(SWEEP_EVERY_S)
            backend = self.backend
            if not isinstance(backend, SharedApprovals):
                continue
            try:
                await backend.sweep_overdue()
            except StateUnavailable as e:  # the store is away: the sweep after the link is back finds them
                logger.debug("exitguard: approval sweep: %s", e)
            except Exception:  # never let one bad record end the sweeping for the process's life
                logger.exception("exitguard: approval sweep failed")

    def _record(self, decided: dict) -> None:
        """An approval decided or expired by this process: an audit index record of its own, since the requests
        it held may all have left (their flow records say "abandoned") and a decision must be on record."""
        if self.record_event is not None:
            self._spawn(self.record_event(decision_record(decided)))

    def _spawn(self, work) -> None:
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # outside mitmproxy's loop (a test driving the Registry): nothing to run it on
            work.close()
            logger.error("exitguard: an approval task could not run (no event loop)")
            return
        task = loop.create_task(work)
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    def _finish(self, flow: http.HTTPFlow, pending: Pending, outcome: str) -> None:
        flow.resume()  # whatever happens next, the core must not wait for a resume that never comes
        if outcome == "approved":
            held.restore(flow)  # the request as it is to be sent, not as it was shown while held
        else:
            held.discard(flow)
        if outcome == "approved":
            note = f"approved by {pending.decider}" + (f" ({pending.reason})" if pending.reason else "")
            metakeys.raise_decision(flow.metadata, "approved", f"approval {pending.id}: {note}")
            responses.annotate(flow, f"approval {pending.id}: {note}", ":white_check_mark:")
        elif outcome == "abandoned":
            metakeys.raise_decision(flow.metadata, "denied",
                                    f"approval {pending.id}: the client disconnected while held; not sent")
            responses.annotate(flow, f"approval {pending.id}: client gone, not sent", ":no_entry:")
            if flow.killable:
                flow.kill()
        elif outcome == "policy_changed":
            responses.refuse(flow, 409, "exitguard_policy_changed",
                             f"this request was approved (approval {pending.id}), but the policy or rules changed "
                             "while it was held, so it was not sent. Send it again: it is checked under the new "
                             "ones.", decision="denied")
        elif outcome == "edited":
            # Its record says "edited", never "approved": nothing it was held for was sent (attack42).
            responses.refuse(flow, 409, "exitguard_edited_while_held", held.EDITED_WHILE_HELD, decision="denied")
        elif outcome == "caller_refused":
            metakeys.raise_decision(flow.metadata, "denied", f"approval {pending.id}: the caller's proxy credential "
                                                             "is no longer valid; not sent")
        elif outcome == "lost":  # pending.reason (which store, why) is in the record: the agent gets none of it
            responses.refuse(flow, 503, "exitguard_state_unavailable",
                             f"this request was held for approval {pending.id}, and {STORE_UNREACHABLE}, so its "
                             "decision cannot arrive. It was not sent; retry when the state store is back.",
                             decision="denied")
        elif outcome == "denied" and pending.decider == SHUTDOWN_DECIDER and pending.reason == SHUTTING_DOWN:
            # Nobody decided: the proxy stops. 503, as for a lost store: sent again, it is held anew.
            responses.refuse(flow, 503, "exitguard_shutting_down",
                             f"this request was held for approval {pending.id}, and the proxy is shutting down, so "
                             "no decision can arrive. It was not sent; send it again.", decision="denied")
        elif outcome == "expired":
            responses.refuse(flow, 403, "exitguard_approval_expired",
                          f"this request needed approval ({'; '.join(pending.summary['reasons'])}) and nobody "
                          f"approved it within {pending.timeout_s} s (approval {pending.id}), so it was not sent.",
                          decision="denied")
        else:
            by = "in mitmweb" if outcome == "aborted" else f"by {pending.decider}"
            responses.refuse(flow, 403, "exitguard_approval_denied",
                          f"this request was denied {by} (approval {pending.id}): {pending.reason}. It was not sent.",
                          decision="denied")

    def _refuse_capacity(self, flow: http.HTTPFlow, record: dict, refusal: capacity.Refusal) -> None:
        """429 naming the cap; Retry-After the approval timeout, by which every request waiting now is decided."""
        flow.metadata[metakeys.APPROVAL] = {**record, "state": "refused", "cap": refusal.option,
                                            "limit": refusal.limit}
        responses.refuse(flow, 429, "exitguard_approval_capacity",
                         f"this request needs approval ({'; '.join(record['reasons'])}), but {refusal.message}. It "
                         "was not held and not sent; send it again later.", decision="denied")
        assert flow.response is not None
        flow.response.headers["retry-after"] = str(self.settings.timeout_s)
        logger.warning("exitguard: refused to hold a request for approval: %s reached", refusal.option)

    def _pass_by_window(self, flow: http.HTTPFlow, record: dict, window: tuple[float, str, str | None]) -> None:
        until, approval_id, decider = window
        held.restore(flow)
        left = round(until - self.registry.clock())
        flow.metadata[metakeys.APPROVAL] = {**record, "id": approval_id, "state": "approved", "via": "window",
                                            "decider": decider, "window_left_s": left,
                                            "decided_at": utc_iso(time.time()), "waited_ms": 0.0}
        metakeys.raise_decision(flow.metadata, "approved",
                                f"identical to approval {approval_id} (approved by {decider}, {left} s left)")
        responses.annotate(flow, f"approved by window of approval {approval_id} ({decider})", ":white_check_mark:")

    def _notify(self, pending: Pending) -> None:
        url, fmt = self.settings.webhook.url, self.settings.webhook.format
        if url is None:
            return
        pending.notified = {"delivered": False, "error": None, "state": "sending"}
        expires_at = utc_iso(pending.requested_at + pending.timeout_s)
        window_s = self.settings.callback.link_window_s if self.callback is not None else 0
        document = notify.payload(fmt,
                                  {**pending.summary, "id": pending.id, "timeout_s": pending.timeout_s,
                                   "requested_at": utc_iso(pending.requested_at), "expires_at": expires_at},
                                  buttons=self.callback is not None and self.settings.callback.slack_secret is not None,
                                  window_s=window_s)

        async def deliver() -> None:
            links_error = None
            if self.callback is not None and fmt == "json":
                try:
                    document["callbacks"] = await self._links(pending, expires_at, window_s)
                except StateUnavailable as e:  # no links; the CLI and mitmweb still decide
                    links_error = str(e)
            pending.notified = await notify.send(url, document)
            if links_error:
                pending.notified["links_error"] = links_error

        self._spawn(deliver())


    async def _links(self, pending: Pending, expires_at: str, window_s: int) -> dict:
        """Single-use decision links for the webhook payload (added after the summary was masked: a token must
        reach the receiver intact). Only their hashes are kept, in the shared state store. With ``window_s`` also
        ``approve_window``: approve and let identical requests pass for ``window_s`` (like ``approve --for``)."""
        assert self.callback is not None
        left = pending.deadline - self.registry.clock()
        tokens = await capability.issue_links(shared_state.current(), pending.id, left, window_s,
                                              seal=Seal.of_runtime())
        links = {kind.replace("-", "_"): self.callback.link(pending.id, kind, token) for kind, token in tokens.items()}
        return {"method": "POST", "expires_at": expires_at, **links,
                **({"window_s": window_s} if capability.WINDOW_KIND in tokens else {})}


MOVED_IN_MITMWEB = "resumed in mitmweb after its destination was changed there; not sent"
SHUTTING_DOWN = "the proxy is shutting down"
SHUTDOWN_DECIDER = "exitguard"  # Registry.close_all's
SHUTDOWN_ANSWER_S = 3.0  # the longest a stop waits for its held clients' answers (each written once its record is)


async def _answered(flows: list[http.HTTPFlow], within_s: float) -> None:
    """Until every flow's answer was handed to its client (mitmproxy marks a flow not live once its response is
    sent) or gone, at most ``within_s``: then the stop goes on, whatever is left is cut."""
    deadline = time.monotonic() + within_s
    while any(flow.live for flow in flows) and time.monotonic() < deadline:
        await asyncio.sleep(0.02)


def decision_record(decided: dict) -> dict:
    """The audit index record of a decision (``Pending.public`` / the shared listing's shape; already masked for
    reviewers, and the Audit addon passes every string through core/outside.py again)."""
    state = decided["state"]
    return {"event": "approval", "identity": decided.get("requester"), "groups": decided.get("groups") or [],
            "method": decided.get("method"), "host": decided.get("host"),
            "decision": "approved" if state == "approved" else "denied", "reason": decided.get("reason"),
            "approval": {key: decided.get(key) for key in ("id", "state", "decider", "reason", "window_s",
                                                           "requested_at", "decided_at", "reasons", "requests",
                                                           "waiting")}}


def _log_decision(approval_id: str, state: str, decider: str, window: int | None) -> None:
    logger.warning("exitguard: approval %s %s by %s%s", approval_id, state, decider,
                   f" for {format_duration(window)}" if window else "")


def _refuse_unavailable(flow: http.HTTPFlow, record: dict, problem: str) -> None:
    """Fail closed when the shared state store is gone: 503 and retry later. Which store and why (its URL masked)
    go to the audit record, not to the client: an agent learns nothing of the fleet's insides (newuser51)."""
    flow.metadata[metakeys.APPROVAL] = {**flow.metadata.get(metakeys.APPROVAL, {}), **record,
                                        "state": "unavailable", "reason": problem}
    responses.refuse(flow, 503, "exitguard_state_unavailable",
                     f"this request needs approval, and approvals are unavailable: {STORE_UNREACHABLE}. It was not "
                     "sent; retry when the state store is back.", decision="denied")


STORE_UNREACHABLE = ("the proxy cannot reach its shared state store (the proxy's log and this request's audit record "
                     "say which and why)")


def _via_next_proxy(flow: http.HTTPFlow) -> bool:
    return flow.server_conn.via is not None or isinstance(flow.client_conn.proxy_mode, mode_specs.UpstreamMode)


def _webhook_path(path: str) -> str:
    """A path as the webhook's receiver may route it, for refusing requests to its URL: rules' normalization, then
    what some servers also do (attack25): ``%2F`` decoded to ``/`` (WSGI's PATH_INFO: Flask, Django), ``\\`` and
    ``%5C`` taken for ``/`` (IIS), ``;parameters`` of a segment dropped (Tomcat, Spring). Broader than any one
    server on purpose: it only refuses more requests to the webhook's own host and port."""
    path = normalize_path(path)
    path = re.sub(r"%2f|%5c|\\", "/", path)
    path = "/".join(segment.split(";", 1)[0] for segment in path.split("/"))
    return normalize_path(path).rstrip("/")


def _caller(flow: http.HTTPFlow) -> str:
    """Whose share a held request takes: its identity with its source (core/callers.py), or without one its
    client's address."""
    if caller := callers.key(flow.metadata):
        return f"identity {caller}"
    peer = flow.client_conn.peername
    return f"client {peer[0] if peer else 'unknown'}"


def _held_size(flow: http.HTTPFlow, original: held.HeldRequest) -> int:
    """Bytes a held request keeps: the body to send, and the masked one shown when it is another object."""
    shown = flow.request.raw_content
    size = len(original.raw_content or b"")
    return size + (len(shown or b"") if shown is not original.raw_content else 0)


def _facts(flow: http.HTTPFlow, identity: str | None) -> RequestFacts:
    """Decided once per request: the normalized path and every method it claims (rules.py)."""
    request = flow.request
    return RequestFacts(method=request.method, host=request.pretty_host, path=normalize_path(request.path),
                        identity=identity, groups=tuple(flow.metadata.get(metakeys.GROUPS) or ()),
                        findings=tuple(flow.metadata.get(metakeys.FINDINGS) or ()), now=datetime.now(UTC),
                        claimed_methods=_claimed(flow))


def _claimed(flow: http.HTTPFlow) -> tuple[str, ...]:
    """Methods the request claims besides its own (X-HTTP-Method-Override, ?_method=): rules and the retry
    fingerprint both count them."""
    return claimed_methods(flow.request.headers, flow.request.query.get_all(METHOD_OVERRIDE_QUERY))


def _summary(flow: http.HTTPFlow, identity: str | None, reasons: list[str], rt) -> dict:
    """What reviewers see (list, webhook): plain data, masked, no raw value."""
    preview = notify.request_preview(flow, rt.inspector, rt.policy.max_body_bytes)
    findings = [{"rule": f.get("rule"), "classification": f.get("classification"), "category": f.get("category"),
                 "location": f.get("location"), "action": f.get("action")}
                for f in flow.metadata.get(metakeys.FINDINGS) or [] if f.get("direction", "request") == "request"]
    summary = {"requester": identity, "groups": list(flow.metadata.get(metakeys.GROUPS) or []),
               "method": flow.request.method, "host": flow.request.pretty_host, "url": preview["url"],
               "reasons": reasons, "findings": _sample(findings), "findings_total": len(findings),
               "preview": preview, "model": flow.metadata.get(metakeys.MODEL)}
    # The list, the control endpoint and the webhook show this: it passes the one gate for what leaves a flow.
    return outside.safe_record(summary, rt.inspector)


SUMMARY_FINDINGS = 100


def _sample(findings: list[dict]) -> list[dict]:
    """At most ``SUMMARY_FINDINGS`` findings for reviewers, in order: the first of each kind (rule, classification,
    action) wherever it sits, then the earliest others. The summary is stored per approval (Redis for a fleet),
    sent in every webhook and listing: thousands of occurrences in one body must not make it megabytes."""
    if len(findings) <= SUMMARY_FINDINGS:
        return findings
    firsts: dict[tuple, int] = {}
    for i, f in enumerate(findings):
        firsts.setdefault((f["rule"], f["classification"], f["action"]), i)
    keep = set(sorted(firsts.values())[:SUMMARY_FINDINGS])
    for i in range(len(findings)):
        if len(keep) >= SUMMARY_FINDINGS:
            break
        keep.add(i)
    return [findings[i] for i in sorted(keep)]


def _client_gone(flow: http.HTTPFlow) -> bool:
    """The client closed its side (e.g. an SDK timeout before it retries), or reset the request's HTTP/2 stream
    and kept the connection (core/compat.py)."""
    return not (flow.client_conn.state & ConnectionState.CAN_READ) or compat.stream_reset(flow)


def _refresh_ui(flow: http.HTTPFlow) -> None:
    ctx.master.addons.trigger(hooks.UpdateHook([flow]))
