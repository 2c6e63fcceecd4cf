"""attack43: mitmproxy's client replay refuses a flow exitguard still handles (core/replayed.py): held for approval
(killed in mitmweb, its hold not yet aware), or sealed and not sent (an intercepted brokered request killed)."""

from __future__ import annotations

from mitmproxy.addons.clientplayback import ClientPlayback
from mitmproxy.test import taddons, tflow

from addons.core import held, replayed, wire


def _killed_while_held():
    f = tflow.tflow()
    f.live, f.intercepted = False, False
    f.error = None
    return f


def test_a_held_flow_is_not_replayed_and_an_ended_one_is():
    replayed.refuse_replays_of_flows_in_hand()
    playback = ClientPlayback()
    f = _killed_while_held()
    held.hide(f, lambda: None)
    with taddons.context(playback):
        playback.start_replay([f])
        assert f.is_replay is None and playback.queue.empty()  # before: queued, is_replay "request"
        held.discard(f)
        playback.start_replay([f])
        assert f.is_replay == "request" and not playback.queue.empty()


def test_a_flow_with_a_sealed_copy_is_not_replayed():
    replayed.refuse_replays_of_flows_in_hand()
    f = _killed_while_held()
    wire.request_for(f)  # the copy made, as the broker makes it
    wire.seal(f)
    try:
        assert ClientPlayback().check(f) == replayed.STILL_HANDLED
    finally:
        wire.drop(f)
    assert ClientPlayback().check(f) is None


def test_the_check_is_installed_once():
    replayed.refuse_replays_of_flows_in_hand()
    first = ClientPlayback.check
    replayed.refuse_replays_of_flows_in_hand()
    assert ClientPlayback.check is first
