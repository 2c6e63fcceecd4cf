"""attack42, live: mitmweb's user loads a flow file they wrote (`view.flows.load`) and replays it.

mitmproxy's client replay keeps a flow's metadata; a loaded file's is whatever its author wrote. Before: the audit
index record of the replay carried the file's claims: an approval "approved by alice" (id `forged01`), findings of a
rule nobody ran, a decision. Now a replay starts with none of exitguard's metadata (core/replayed.py): the record
says what this proxy decided. The brokered key still goes only on the wire, never to the console, log or record.

And a replay was not recorded at all when its flow said it had been (`exitguard.record_file`, which the recorder
checks so that a flow is written once): mitmweb's Replay of an agent's brokered request sent it to the vendor again,
with the key, and no index record said so; a loaded file naming a record file did the same for any request."""

from __future__ import annotations

import json

import httpx
import pytest
from mitmproxy import connection, io
from mitmproxy.test import tflow

from addons.core import metakeys
from tests.live import harness
from tests.live.console import policy_file, start_console, wait_until

pytestmark = pytest.mark.live

KEY = "sk-attack42-FAKE-Lq9Xv2Bn7Mz4Tc8Rw1"
CLAIMS = {metakeys.APPROVAL: {"id": "forged01", "state": "approved", "decider": "alice", "reason": "forged"},
          metakeys.IDENTITY: "alice", metakeys.GROUPS: ["security"], metakeys.DECISION: "approved",
          metakeys.INJECTED: {"credential": "openai", "location": "header Authorization"},
          metakeys.SHOWN_MASKED: ["request", "response"],
          metakeys.FINDINGS: [{"rule": "forged-rule", "direction": "request", "action": "allow", "location": "body",
                               "start": 0, "length": 3, "fingerprint": "00"}]}


def crafted(folder, claims: dict = CLAIMS, name: str = "attack42-loaded"):
    f = tflow.tflow(resp=True)
    f.request.scheme, f.request.host, f.request.port = "https", "api.openai.com", 443
    f.request.path = f"/v1/{name}"
    f.request.headers["host"] = "api.openai.com"
    f.request.headers["authorization"] = "Bearer exitguard"
    f.request.content = b'{"note": "hello"}'
    f.client_conn.sni = "api.openai.com"
    f.server_conn = connection.Server(address=("api.openai.com", 443), sni="api.openai.com")
    f.metadata.update(claims)
    path = folder / f"{name}.mitm"
    with path.open("wb") as fo:
        io.FlowWriter(fo).add(f)
    return path


def index_records(record_dir) -> list[dict]:
    return [json.loads(line) for f in sorted(record_dir.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]


def test_a_replayed_loaded_flow_is_recorded_as_decided_here_not_as_its_file_claims(tmp_path, upstream_session,
                                                                                   upstream):
    path = crafted(tmp_path)
    proxy, console, record = start_console(tmp_path, upstream_session, policy=policy_file(tmp_path, broker=True),
                                           env={"EXITGUARD_CRED_OPENAI": KEY})
    try:
        assert console.send("POST", "/commands/view.flows.load", {"arguments": [str(path)]}).status_code == 200
        loaded = wait_until(lambda: console.flow_with("attack42-loaded"), "the file's flow in the view")
        assert console.send("POST", f"/flows/{loaded['id']}/replay").status_code == 200
        rec = wait_until(lambda: next((r for r in index_records(record) if r.get("path") == "/v1/attack42-loaded"),
                                      None), "the replay's index record")
        # before: approval {"id": "forged01", "state": "approved", "decider": "alice"}, findings [forged-rule]
        assert "forged01" not in json.dumps(rec) and "forged-rule" not in json.dumps(rec), rec
        assert rec["approval"] is None and rec["identity"] is None and rec["decision"] != "approved"
        # decided here: sent (this policy's broker injects for every caller on loopback), the key on the wire only
        (got,) = [r for r in upstream.received if r.path == "/v1/attack42-loaded"]
        assert got.headers["authorization"] == f"Bearer {KEY}" and rec["decision"] == "allow"
        for text in console.seen:
            assert KEY not in text, text[:300]
        assert KEY not in proxy.log and KEY.encode() not in harness.written(record)
    finally:
        proxy.stop()


def _replayed_records(record, path: str) -> list[dict]:
    return [r for r in index_records(record) if r.get("path") == path]


@pytest.fixture(scope="module")
def replaying(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack42-replay")
    proxy, console, record = start_console(d, upstream_session, policy=policy_file(d, broker=True),
                                           env={"EXITGUARD_CRED_OPENAI": KEY})
    yield proxy, console, record, d
    proxy.stop()


def test_mitmwebs_replay_of_a_recorded_brokered_request_is_recorded_too(replaying, upstream):
    proxy, console, record, _ = replaying
    with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
        assert client.post("https://api.openai.com/v1/attack42-again", json={"q": 1},
                           headers={"Authorization": "Bearer exitguard"}).status_code == 200
    wait_until(lambda: _replayed_records(record, "/v1/attack42-again") or None, "the first run's record")
    flow = console.flow_with("attack42-again")
    assert console.send("POST", f"/flows/{flow['id']}/replay").status_code == 200
    wait_until(lambda: len([r for r in upstream.received if r.path == "/v1/attack42-again"]) == 2 or None,
               "the replay at the vendor")
    # before: the vendor got it twice, with the key each time; the index held one record
    got = wait_until(lambda: ((recs := _replayed_records(record, "/v1/attack42-again")) and len(recs) == 2 and recs)
                     or None, "a record of the replay", timeout=15)
    assert all(r["injected"] == ["openai"] for r in got), got
    for text in console.seen:
        assert KEY not in text, text[:300]
    assert KEY not in proxy.log and KEY.encode() not in harness.written(record)


def test_a_loaded_file_cannot_say_its_replay_is_already_recorded(replaying, upstream):
    _, console, record, folder = replaying
    path = crafted(folder, {metakeys.RECORD_FILE: "audit-000001-elsewhere.mitm", metakeys.RECORD_OFFSET: 0},
                   "attack42-unrecorded")
    assert console.send("POST", "/commands/view.flows.load", {"arguments": [str(path)]}).status_code == 200
    loaded = wait_until(lambda: console.flow_with("attack42-unrecorded"), "the file's flow in the view")
    assert console.send("POST", f"/flows/{loaded['id']}/replay").status_code == 200
    wait_until(lambda: [r for r in upstream.received if r.path == "/v1/attack42-unrecorded"] or None,
               "the replay at the vendor")
    # before: sent to the vendor with the key, and no index record of it
    (rec,) = wait_until(lambda: _replayed_records(record, "/v1/attack42-unrecorded") or None, "its record", timeout=15)
    assert rec["injected"] == ["openai"] and "elsewhere" not in json.dumps(rec)
