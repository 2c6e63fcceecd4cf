"""How many bytes of request bodies the proxy buffers for callers at once, per caller and in all.

An inspected request body is buffered whole (up to the policy's max_body_bytes) before it is scanned, and
mitmproxy 12.3 has no read timeout: a client that sends most of a large body and stalls keeps that buffer as long
as it likes. Without a bound, one caller opening many such uploads could take the memory every other caller
needs. Each buffered request takes a share as its body arrives (compat.py's body-size check calls ``grow`` on
every chunk, declared length or not), and gives it back when the flow ends. A declared length that could not fit
now is refused at the headers, but takes nothing: an announced body never sent costs nothing. Past a cap: 429
before (or while) the body is read. The counts are this process's.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

from mitmproxy import ctx, exceptions, http

from addons.core import callers, metakeys, responses
from addons.core.fail_closed import fail_closed

logger = logging.getLogger(__name__)

PER_IDENTITY_OPTION = "exitguard_max_buffered_bytes_per_identity"
IN_ALL_OPTION = "exitguard_max_buffered_bytes"
REFUSAL_CODE = "exitguard_body_budget"
RETRY_AFTER_S = 5  # a buffered body is scanned and sent within seconds; the share comes back then


@dataclass(frozen=True)
class Limits:
    per_identity: int = 256 * 1024 * 1024
    in_all: int = 1024 * 1024 * 1024


def read_limits(opts) -> Limits:
    """The two budget options, checked (also by `exitguard up` before it starts the proxy)."""
    for name in (PER_IDENTITY_OPTION, IN_ALL_OPTION):
        if getattr(opts, name) <= 0:
            raise exceptions.OptionsError(f"{name} must be a positive number of bytes")
    return Limits(getattr(opts, PER_IDENTITY_OPTION), getattr(opts, IN_ALL_OPTION))


def caller(flow: http.HTTPFlow) -> str:
    """Whose share a request takes: its identity with its source (core/callers.py), or without one its client's
    address."""
    if caller_key := callers.key(flow.metadata):
        return f"identity {caller_key}"
    peer = flow.client_conn.peername
    return f"client {peer[0] if peer else 'unknown'}"


@dataclass
class Budget:
    limits: Limits = field(default_factory=Limits)
    by_caller: dict[str, int] = field(default_factory=dict)
    by_flow: dict[str, tuple[str, int]] = field(default_factory=dict)  # flow id -> (caller, bytes counted)
    buffered: int = 0
    # WebSocket flow id -> its request's share and the messages kept so far; the frames of a message still
    # arriving come on top (``websocket_bytes``)
    websocket_kept: dict[str, int] = field(default_factory=dict)
    # flow id -> bytes of its buffered answer counted in its share (on top of its request's)
    answers: dict[str, int] = field(default_factory=dict)

    def fits(self, flow: http.HTTPFlow, size: int) -> str | None:
        """Whether ``flow``'s share could grow to ``size`` bytes now (nothing is counted): None, or the option of
        the cap it would pass."""
        return self._cap_passed(*self._growth(flow, size))

    def grow(self, flow: http.HTTPFlow, size: int) -> str | None:
        """Count ``size`` bytes for ``flow`` (its share only grows); None, or the option of the cap it passes."""
        who, extra = self._growth(flow, size)
        if (option := self._cap_passed(who, extra)) is not None or extra <= 0:
            return option
        self.by_flow[flow.id] = (who, size)
        self.by_caller[who] = self.by_caller.get(who, 0) + extra
        self.buffered += extra
        return None

    def _growth(self, flow: http.HTTPFlow, size: int) -> tuple[str, int]:
        """Whose share ``flow`` takes, and by how much it grows to reach ``size`` bytes (<= 0: it does not)."""
        who, counted = self.by_flow.get(flow.id, (caller(flow), 0))
        return who, size - counted

    def _cap_passed(self, who: str, extra: int) -> str | None:
        if extra <= 0:
            return None
        if self.by_caller.get(who, 0) + extra > self.limits.per_identity:
            return PER_IDENTITY_OPTION
        if self.buffered + extra > self.limits.in_all:
            return IN_ALL_OPTION
        return None

    def websocket_bytes(self, flow: http.HTTPFlow, added: int, pending: int = 0) -> str | None:
        """A WebSocket's share: its request's, every message kept (``added`` more now) and the frames of messages
        not yet finished (``pending``, which mitmproxy gathers before any hook sees them). Like ``grow``."""
        kept = self.websocket_kept.get(flow.id)
        if kept is None:
            kept = self.by_flow.get(flow.id, ("", 0))[1]
        self.websocket_kept[flow.id] = kept = kept + added
        return self.grow(flow, kept + pending)

    def answer_bytes(self, flow: http.HTTPFlow, size: int) -> str | None:
        """A buffered answer of ``size`` bytes so far counts on top of its request's share (attack16). Like
        ``grow``."""
        before = self.answers.get(flow.id, 0)
        counted = self.by_flow.get(flow.id, ("", 0))[1]
        option = self.grow(flow, counted - before + size)
        if option is None:
            self.answers[flow.id] = size
        return option

    def release(self, flow: http.HTTPFlow) -> None:
        self.websocket_kept.pop(flow.id, None)
        self.answers.pop(flow.id, None)
        entry = self.by_flow.pop(flow.id, None)
        if entry is None:
            return
        who, counted = entry
        left = self.by_caller.get(who, 0) - counted
        if left > 0:
            self.by_caller[who] = left
        else:
            self.by_caller.pop(who, None)  # no entry kept per caller ever seen
        self.buffered -= counted


def opens_websocket(flow: http.HTTPFlow) -> bool:
    """Whether a WebSocket follows this answer (``websocket_end`` will run). mitmproxy sets ``flow.websocket`` on a
    101 before the response hooks, and keeps it when a hook replaces the answer (a 403 for a key in a header name)
    or kills the flow: then no WebSocket starts and no ``websocket_end`` comes (attack14)."""
    return (flow.websocket is not None and flow.live and flow.response is not None
            and flow.response.status_code == 101)


_current: list[Budget] = []  # the BodyBudget addon's, for compat.py's per-chunk check


def install(budget: Budget | None) -> None:
    _current[:] = [] if budget is None else [budget]


def grow(flow: http.HTTPFlow, size: int) -> bool:
    """Called as a body of unknown length is buffered: False (and the flow answered 429) past a cap."""
    if not _current or flow.response is not None or flow.request.stream:
        return True
    budget = _current[0]
    if flow.id not in budget.by_flow:
        return True  # never admitted by the addon (not buffered for inspection, or the addon is not loaded)
    option = budget.grow(flow, size)
    if option is None:
        return True
    budget.release(flow)  # the caller of this refusal drops what was buffered
    _refuse(flow, budget, option)
    return False


def answer_fits(flow: http.HTTPFlow, size: int) -> bool:
    """Called (compat.py) as a guarded answer is buffered for inspection: False past a cap (the answer is then
    refused as too large, 502). An agent's own server can be guarded (an IP literal without a checked server
    name is, by default) and hold many answers under max_body_bytes open at once (attack16)."""
    if not _current or not flow.live:
        return True
    option = _current[0].answer_bytes(flow, size)
    if option is not None:
        logger.warning("exitguard: an answer was refused: %s reached while buffering it", option)
    return option is None


def keep(flow: http.HTTPFlow, added: int) -> bool:
    """Whether ``added`` more bytes of an uninspected answer may be kept for the record (stream/streaming.py's
    PassThrough): they count against the caller's share like a buffered body until the flow ends (attack16)."""
    if not _current:
        return True
    budget = _current[0]
    counted = budget.by_flow.get(flow.id, ("", 0))[1]
    return budget.grow(flow, counted + added) is None


def websocket_pending(flow: http.HTTPFlow, pending: int) -> bool:
    """Called (compat.py) as frames of unfinished WebSocket messages gather: True, and the flow's decision and
    reason set, when with them the caller's share would pass a cap (the connection is then ended)."""
    if not _current or not flow.live:  # admitted or not (an upgrade whose body was streamed): a WebSocket counts
        return False
    option = _current[0].websocket_bytes(flow, 0, pending)
    if option is None:
        return False
    _ended_websocket(flow, _current[0], option)
    return True


def _ended_websocket(flow: http.HTTPFlow, budget: Budget, option: str) -> None:
    limit = budget.limits.per_identity if option == PER_IDENTITY_OPTION else budget.limits.in_all
    # Option first: a close frame's reason is cut at 123 bytes.
    reason = f"{option} ({limit} bytes) reached: the WebSocket's messages are kept by the proxy; ended"
    metakeys.raise_decision(flow.metadata, "block", reason)
    flow.metadata[metakeys.REASON] = reason
    logger.warning("exitguard: ended a WebSocket: %s reached", option)


def _refuse(flow: http.HTTPFlow, budget: Budget, option: str) -> None:
    limit = budget.limits.per_identity if option == PER_IDENTITY_OPTION else budget.limits.in_all
    whose = "your requests" if option == PER_IDENTITY_OPTION else "all requests"
    responses.refuse(flow, 429, REFUSAL_CODE,
                     f"the proxy is buffering as many request bodies for {whose} as it may: with this one it "
                     f"would pass {limit} bytes ({option}). It was not sent; send it again when your other "
                     "requests are done.")
    assert flow.response is not None
    flow.response.headers["retry-after"] = str(RETRY_AFTER_S)


class BodyBudget:
    """Runs after the Guard, which decides whether a request body is buffered for inspection."""

    def __init__(self) -> None:
        self.budget = Budget()
        install(self.budget)

    def load(self, loader) -> None:
        loader.add_option(PER_IDENTITY_OPTION, int, Limits.per_identity,
                          "Most bytes of request bodies buffered for inspection at once for one caller (its "
                          "identity; without one, its client address); a request past it gets a 429.")
        loader.add_option(IN_ALL_OPTION, int, Limits.in_all,
                          "Most bytes of request bodies buffered for inspection at once, all callers together; a "
                          "request past it gets a 429.")

    def configure(self, updated: set[str]) -> None:
        if updated & {PER_IDENTITY_OPTION, IN_ALL_OPTION}:
            self.budget.limits = read_limits(ctx.options)
        install(self.budget)

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.response is not None or flow.request.stream:
            return  # answered already, or streamed: nothing is buffered on the caller's behalf
        # A declared length takes nothing yet: only bytes that arrive count (compat.py's body-size check calls
        # ``grow``), so a request that announces a body and sends none of it costs nothing (budget15: idle
        # announcements from many client addresses filled the cap in all). One that could not fit now is still
        # refused before its body is read.
        declared = flow.request.headers.get("content-length", "")
        option = self.budget.fits(flow, int(declared) if declared.isdigit() else 0)
        if option is not None:
            _refuse(flow, self.budget, option)
        elif flow.id not in self.budget.by_flow:
            self.budget.by_flow[flow.id] = (caller(flow), 0)

    @fail_closed
    async def response(self, flow: http.HTTPFlow) -> None:
        if not opens_websocket(flow):  # a WebSocket's messages are still to come: its share goes at its end
            self.budget.release(flow)

    @fail_closed
    async def websocket_message(self, flow: http.HTTPFlow) -> None:
        """mitmproxy keeps every message of a live WebSocket flow: they count against the caller's share like a
        buffered body. Past a cap the message is dropped and the connection ended (compat.py: close 1008)."""
        if flow.websocket is None or not flow.live:
            return
        message = flow.websocket.messages[-1]
        option = self.budget.websocket_bytes(flow, len(message.content))
        if option is None:
            return
        message.drop()
        _ended_websocket(flow, self.budget, option)
        flow.kill()

    def websocket_end(self, flow: http.HTTPFlow) -> None:
        self.budget.release(flow)

    def error(self, flow: http.HTTPFlow) -> None:
        self.budget.release(flow)
