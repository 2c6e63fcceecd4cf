"""A retry that joined, on another replica, an approval opened elsewhere (newuser51: three replicas with the same
webhook): the joining replica's audit record said ``notified: {"delivered": false, "error": "no webhook
configured"}``, though its webhook was configured and the reviewers had been told by the replica that opened the
approval. The record now says what this replica knows: nothing, and who opened it (as `approvals list` does)."""

from __future__ import annotations

import pytest

from tests.approval.fleet import fleet_on

pytestmark = pytest.mark.tool

SUMMARY = {"reasons": ["approval rule uploads"], "requester": "ci-build", "host": "127.0.0.1"}


async def test_a_retry_joined_on_another_replica_does_not_claim_there_is_no_webhook(redis_server):
    async with fleet_on(redis_server.url, ["r3", "r0"]) as replicas:
        opened, joined = await replicas["r3"].hold("fp-join", "ci-build", SUMMARY, timeout_s=30)
        assert not joined
        retry, joined = await replicas["r0"].hold("fp-join", "ci-build", SUMMARY, timeout_s=30)
        assert joined and retry.id == opened.id
        assert retry.notified == {"delivered": None, "error": "not known here (opened by r3)"}
        opened.notified = {"delivered": True, "error": None}  # what r3's webhook said
        again, joined = await replicas["r3"].hold("fp-join", "ci-build", SUMMARY, timeout_s=30)
        assert joined and again is opened and again.notified == {"delivered": True, "error": None}  # its own
