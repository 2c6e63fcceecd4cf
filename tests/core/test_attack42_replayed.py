"""attack42: a replay starts with none of exitguard's metadata (core/replayed.py); a first run keeps what it has."""

from __future__ import annotations

from mitmproxy.test import tflow

from addons.core import metakeys
from addons.core.replayed import ForgetOnReplay


async def test_a_replay_forgets_exitguards_metadata_and_keeps_the_rest():
    f = tflow.tflow()
    f.metadata.update({metakeys.APPROVAL: {"state": "approved", "decider": "alice"}, metakeys.FINDINGS: [{}],
                       metakeys.SHOWN_MASKED: ["request"], "other_addon": 1})
    f.is_replay = "request"
    await ForgetOnReplay().requestheaders(f)
    assert f.metadata == {"other_addon": 1}


async def test_a_first_run_is_left_alone():
    f = tflow.tflow()
    f.metadata[metakeys.IDENTITY] = "agent-7"  # as an addon before the bundle's requestheaders could have set it
    await ForgetOnReplay().requestheaders(f)
    assert f.metadata[metakeys.IDENTITY] == "agent-7"
