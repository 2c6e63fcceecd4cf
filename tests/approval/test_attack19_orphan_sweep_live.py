"""attack19 (invariant 1, issue 16: every decision lands in the audit index): an approval whose holder died, that
nobody lists and nobody decides on. attack18 made whichever replica expires an overdue approval in Redis record it,
but only a listing or a late decision met one: left alone, the record ran out with its Redis time to live
(timeout + 10 minutes) and no replica's index ever said how the approval ended. Every replica linked to the store now
sweeps the open approvals every ``SWEEP_EVERY_S`` and expires (and records) the overdue ones.

Real mitmdump x 2, the real openai SDK giving up, a real redis-server, replica a killed with SIGKILL; nobody runs
``exitguard approvals list`` after the deadline."""

from __future__ import annotations

import signal
import time

import pytest

from tests.approval.support import CODENAME, write_config
from tests.approval.test_live import Background, add_token, wait_for_pending
from tests.approval.test_live_abandoned import (
    chat_sent,
    index_records,
    nothing_leaked,
    verify,
    wait_for_record,
    wait_until_nobody_waits,
)
from tests.live import harness
from tests.live.redis_server import RedisServer, free_port

pytestmark = pytest.mark.live


def test_an_orphaned_approval_nobody_lists_is_expired_on_record_by_a_living_replica(tmp_path, upstream):
    redis = RedisServer(tmp_path / "redis", free_port()).start()
    policy, rules = write_config(tmp_path)
    tokens = tmp_path / "tokens.json"
    add_token(tokens, "alice", "security")
    replicas, controls, records = {}, {}, {}
    try:
        for name in ("a", "b"):
            controls[name], records[name] = tmp_path / f"control-{name}.json", tmp_path / f"records-{name}"
            replicas[name] = harness.start_proxy(
                tmp_path, upstream, "--set", f"exitguard_policy={policy}", "--set", f"exitguard_rules={rules}",
                "--set", "exitguard_approval_timeout=4", "--set", f"exitguard_tokens_file={tokens}",
                "--set", f"exitguard_control_file={controls[name]}", "--set", f"exitguard_record_dir={records[name]}",
                "--set", f"exitguard_state={redis.url}", "--set", f"exitguard_replica={name}")
        for name in ("a", "b"):
            deadline = time.monotonic() + 10
            while not controls[name].exists() and time.monotonic() < deadline:
                time.sleep(0.05)
        gone = Background(replicas["a"], f"orphan plan for {CODENAME}", timeout=1)
        pending = wait_for_pending(controls["b"])
        assert gone.result()["error"] == "APITimeoutError"
        wait_until_nobody_waits(controls["b"], pending["id"])  # a listing before the deadline: nothing expires
        replicas["a"].stop(signal.SIGKILL)
        # No listing, no decision from here on: only b's own sweep can record it (within the deadline, 4 s, plus
        # a sweep interval and its grace).
        expired = wait_for_record(records["b"], lambda r: r.get("event") == "approval"
                                  and r["approval"]["id"] == pending["id"] and r["approval"]["state"] == "expired",
                                  timeout=40)
        assert expired["replica"] == "b" and expired["host"] == "api.openai.com"
        assert len([r for r in index_records(records["b"]) if r.get("event") == "approval"
                    and r["approval"]["id"] == pending["id"]]) == 1
        assert chat_sent(upstream) == []
    finally:
        for proxy in replicas.values():
            proxy.stop()
        redis.stop()
    verify(records["b"])
    nothing_leaked(records["b"])
