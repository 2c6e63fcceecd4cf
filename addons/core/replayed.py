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
"""

from __future__ import annotations

from mitmproxy import http

from addons.core.fail_closed import fail_closed

PREFIX = "exitguard."


class ForgetOnReplay:
    """First of the bundle at ``requestheaders``: a replay starts with none of exitguard's metadata."""

    @fail_closed
    def requestheaders(self, flow: http.HTTPFlow) -> None:
        if flow.is_replay == "request":
            forget(flow)


def forget(flow: http.HTTPFlow) -> None:
    for key in [k for k in flow.metadata if isinstance(k, str) and k.startswith(PREFIX)]:
        del flow.metadata[key]
