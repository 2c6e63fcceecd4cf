"""attack19 (invariant 1, issue 16: every decision lands in the audit index): an approval whose holder died, that
nobody lists and nobody decides on. attack18 made whichever replica expires an overdue approval in Redis record it,
but only a listing or a late decision met one: left alone, the record ran out with its Redis time to live
(timeout + 10 minutes) and no replica's index ever said how the approval ended. Every replica linked to the store now
sweeps the open approvals every ``SWEEP_EVERY_S`` and expires (and records) the overdue ones.

Real mitmdump x 2, the real openai SDK giving up, a real redis-server, replica a killed with SIGKILL; nobody runs
``exitguard approvals list`` after the deadline."""

from __future__ import annotations

import pytest

from tests.approval.test_live_abandoned import (
    chat_sent,
    index_records,
    nothing_leaked,
    orphan_on_a,
    two_replicas,
    verify,
    wait_for_record,
)

pytestmark = pytest.mark.live


def test_an_orphaned_approval_nobody_lists_is_expired_on_record_by_a_living_replica(tmp_path, upstream):
    with two_replicas(tmp_path, upstream, "--set", "exitguard_approval_timeout=4") as fleet:
        pending = orphan_on_a(fleet)
        # No listing, no decision from here on: only b's own sweep can record it (within the deadline, 4 s, plus
        # a sweep interval and its grace).
        expired = wait_for_record(fleet.records["b"], lambda r: r.get("event") == "approval"
                                  and r["approval"]["id"] == pending["id"] and r["approval"]["state"] == "expired",
                                  timeout=40)
        assert expired["replica"] == "b" and expired["host"] == "api.openai.com"
        assert len([r for r in index_records(fleet.records["b"]) if r.get("event") == "approval"
                    and r["approval"]["id"] == pending["id"]]) == 1
        assert chat_sent(upstream) == []
    verify(fleet.records["b"])
    nothing_leaked(fleet.records["b"])
