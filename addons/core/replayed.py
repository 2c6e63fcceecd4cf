"""A replayed request is decided afresh (attack42).

mitmproxy's client replay (mitmweb's Replay, ``replay.client``, ``replay.client.file``, the ``client_replay``
option) sends a flow again with the ``flow.metadata`` it already has: that of its first run, or whatever a flow
file loaded into the view (``view.flows.load``) says. exitguard's addons add to it (findings are appended, a
decision is raised only past a stricter one, an approval set by the guard is kept) and the audit index writes it:
a crafted file put an approval "approved by alice", findings of a rule nobody ran and its other claims into the
record of the replay. Worse, the recorder writes a flow once (``exitguard.record_file`` says it was): a replay of a
recorded flow (mitmweb's Replay of an agent's brokered request: the vendor got it again, with the key) or of a file
naming a record file was sent and never recorded. Before the first addon of the bundle reads the replay, every
``exitguard.*`` key goes.

A replay runs on the flow object itself. mitmproxy refuses to replay a live or intercepted flow, but a flow held for
approval and killed in mitmweb is neither, while its hold still runs (it notices a kill at its next poll,
mitmproxy#8045): replayed at once (attack43, live), the replay cleared the kill (``flow.error``), the hold took that
for mitmweb's Resume and recorded an approval "resumed in mitmweb", the replay's ForgetOnReplay took the approval's
metadata from under it (KeyError: 502, and the replay's own record said error while the vendor got it). A flow
exitguard still handles (held, or sealed and not sent: an intercepted brokered request killed in mitmweb) is not
replayed: ``ClientPlayback.check`` says so, as it says it of a live flow; a duplicate can be.

mitmproxy checks a flow when it queues it, never when it starts it, and a flow is ``live`` only from its replay's
first step: two Replays of one flow in one event-loop turn, or the second after the playback loop took the first
from the queue (``client_replay_concurrency=-1`` starts a task and clears ``inflight`` at once), queued the one flow
object twice, and both replays ran on it together (attack44). A queued flow is kept here from its queueing to its
replay's ``requestheaders`` (``live`` from then on) or the queue's clearing (the flow reverted), and not queued again
meanwhile.
"""

from __future__ import annotations

import weakref

from mitmproxy import flow as mitmproxy_flow
from mitmproxy import http
from mitmproxy.addons.clientplayback import ClientPlayback

from addons.core import held, wire
from addons.core.fail_closed import fail_closed

PREFIX = "exitguard."
STILL_HANDLED = ("Can't replay a flow exitguard is still handling (held for approval, or sealed and not sent yet); "
                 "replay it once it has ended, or replay a duplicate.")
AWAITING = "Can't replay a flow already queued for replay; replay it once that replay has started and ended."
# Flows queued for replay whose replay has not started yet (mitmproxy's `live` covers them from then on).
_awaiting: weakref.WeakSet[mitmproxy_flow.Flow] = weakref.WeakSet()


class ForgetOnReplay:
    """First of the bundle at ``requestheaders``: a replay starts with none of exitguard's metadata."""

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.is_replay == "request":
            _awaiting.discard(flow)  # started: live until it ends
            forget(flow)


def forget(flow: http.HTTPFlow) -> None:
    for key in [k for k in flow.metadata if isinstance(k, str) and k.startswith(PREFIX)]:
        del flow.metadata[key]


def still_handled(flow: mitmproxy_flow.Flow) -> bool:
    return isinstance(flow, http.HTTPFlow) and (held.holds(flow) or wire.has_copy(flow))


def refuse_replays_of_flows_in_hand() -> None:
    """mitmproxy's client replay checks each flow before it queues it (``start_replay``: a refused one is logged and
    skipped, the others go): this check comes first. Safe to call more than once."""
    original = ClientPlayback.check
    if getattr(original, "exitguard_checked", False):
        return

    def check(self, f: mitmproxy_flow.Flow) -> str | None:
        if awaiting_start(f):
            return AWAITING
        refused = STILL_HANDLED if still_handled(f) else original(self, f)
        if refused is None:
            _awaiting.add(f)  # start_replay queues what its check passes (its only caller; commands bind it early)
        return refused

    check.exitguard_checked = True  # type: ignore[attr-defined]
    ClientPlayback.check = check  # type: ignore[method-assign]


def awaiting_start(f: mitmproxy_flow.Flow) -> bool:
    """Queued by start_replay (is_replay set, answer and error cleared) and not started: a cleared queue reverts the
    flow (its answer or error back), a started replay leaves the set at its requestheaders."""
    return (f in _awaiting and isinstance(f, http.HTTPFlow) and f.is_replay == "request" and f.response is None
            and f.error is None)
