"""attack44: one flow queued for replay twice (core/replayed.py). mitmproxy's client replay checks a flow when it
queues it (`live`, or its queue's `inflight`), never when it starts it: two Replays of the same flow landing in one
event-loop turn (two console connections at once), or the second after the playback loop took the first from the
queue but before its replay's first step (with `client_replay_concurrency=-1` the loop starts a task and clears
`inflight` at once), queue the one flow object twice, and both replays run on it together: one flow's metadata,
wire copy, hold and record for two sends (the recorder writes a flow once)."""

from __future__ import annotations

from mitmproxy.addons.clientplayback import ClientPlayback
from mitmproxy.test import taddons, tflow

from addons.core import replayed


def ended_flow():
    f = tflow.tflow(resp=True)
    f.live, f.intercepted = False, False
    return f


def test_the_same_flow_replayed_twice_at_once_is_queued_once():
    replayed.refuse_replays_of_flows_in_hand()
    playback = ClientPlayback()
    f = ended_flow()
    with taddons.context(playback):
        playback.start_replay([f])
        playback.start_replay([f])  # a second Replay in the same turn
        playback.start_replay([f, f])
        assert playback.queue.qsize() == 1  # before: 4


async def test_a_flow_taken_from_the_queue_but_not_started_is_not_queued_again():
    replayed.refuse_replays_of_flows_in_hand()
    playback = ClientPlayback()
    f = ended_flow()
    with taddons.context(playback):
        playback.start_replay([f])
        assert playback.queue.get_nowait() is f  # the playback loop took it (concurrency -1: inflight cleared)
        playback.queue.task_done()
        playback.start_replay([f])
        assert playback.queue.empty()  # before: queued again, two replays on one flow object
        f.live = True  # its replay started: mitmproxy's own check covers it from here
        await replayed.ForgetOnReplay().requestheaders(f)
        f.live = False  # and it ended
        f.response = tflow.tresp()
        playback.start_replay([f])
        assert playback.queue.qsize() == 1  # replayed again once the first replay ran


def test_a_cleared_queue_lets_the_flow_be_replayed_again():
    replayed.refuse_replays_of_flows_in_hand()
    playback = ClientPlayback()
    f = ended_flow()
    with taddons.context(playback):
        playback.start_replay([f])
        playback.stop_replay()
        playback.start_replay([f])
        assert playback.queue.qsize() == 1
