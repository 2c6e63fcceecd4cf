"""Live: SIGKILL in the middle of traffic, and a recorder that cannot write (file size limit = disk full)."""

from __future__ import annotations

import json
import re
import resource
import signal
import time

import pytest

from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from addons.cli.audit import check_flows
from tests.audit import fakes
from tests.audit.test_live_audit import assert_nowhere, assert_recordings_sound
from tests.live.harness import curl, start_client

pytestmark = pytest.mark.live

# Several keep-alive clients at once, so flows share group-commit rounds when the proxy is killed. Each prints
# the marker of every request it got an answer for.
CLIENTS = """
import json, sys, threading, httpx

mail, clients = sys.argv[1], int(sys.argv[2])
answered = []

def loop(n):
    with httpx.Client(timeout=10) as c:
        for i in range(400):
            marker = f"answered-{n}-{i}-"
            try:
                r = c.post("https://api.openai.com/v1/chat/completions", json={
                    "model": "gpt-4o", "messages": [{"role": "user", "content": f"{marker} mail {mail}"}]})
            except httpx.HTTPError:
                return
            if r.status_code == 200:
                answered.append(marker)

threads = [threading.Thread(target=loop, args=(n,)) for n in range(clients)]
for t in threads:
    t.start()
for t in threads:
    t.join()
print(json.dumps(answered))
"""
CONCURRENT_CLIENTS = 8


def recorded_markers(rec_dir, files) -> set[str]:
    """The markers of the requests whose flows the index records (read back from the recordings)."""
    markers = set()
    for _, _, rec in auditlog.read_records(files):
        if rec.get("event") == "flow":
            body = read_flow_at(rec_dir / rec["file"], rec["offset"]).request.get_text() or ""
            markers.update(re.findall(r"answered-\d+-\d+-", body))
    return markers


def index_lines(rec_dir) -> int:
    return sum(p.read_bytes().count(b"\n") for p in rec_dir.glob("*.jsonl"))


def post(proxy, host="api.openai.com", text="hello") -> int:
    done = curl(proxy, "-o", "/dev/null", "-w", "%{http_code}", "-H", "content-type: application/json",
                "-d", json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}),
                f"https://{host}/v1/chat/completions")
    return int(done.stdout or 0)


def test_sigkill_mid_traffic_then_clean_restart(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    mail = fakes.email()
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}")
    # Forked from the client fork server where it is on (suite49): the proxy's crash is tested, not the client's
    # start (its output goes to files: nothing to drain while the test waits).
    client = start_client(CLIENTS, proxy, args=[mail, str(CONCURRENT_CLIENTS)])
    deadline = time.monotonic() + 60
    while index_lines(rec_dir) < 40 and time.monotonic() < deadline:
        time.sleep(0.02)
    proxy.stop(signal.SIGKILL)  # mid-traffic: the clients are still sending
    output = client.communicate(timeout=30)
    answered = json.loads(output[0])
    files = auditlog.index_files(rec_dir)
    problems = auditlog.verify(files)
    assert all(p.kind == "incomplete_tail" for p in problems), problems
    assert check_flows(rec_dir, files) == []  # every complete record points to a readable flow
    before = [r for _, _, r in auditlog.read_records(files)]
    assert len(before) >= 40, f"only {len(before)} records before the kill; proxy log:\n{proxy.log[-3000:]}"
    # No client got an answer before its flow was on record.
    assert len(answered) >= 20, output
    assert set(answered) <= recorded_markers(rec_dir, files), set(answered) - recorded_markers(rec_dir, files)

    # Also leave what a kill in the middle of a write looks like (it may or may not have happened above).
    [mitm] = rec_dir.glob("*.mitm")
    with open(mitm, "ab") as f:
        f.write(mitm.read_bytes()[:900])
    with open(files[-1], "ab") as f:
        f.write(b'{"event":"flow","flow_id":"torn')

    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}")
    assert post(proxy) == 200
    assert post(proxy, text=f"again {mail}") == 200
    assert proxy.stop() == 0
    assert "Traceback" not in proxy.log, proxy.log[-5000:]
    records = assert_recordings_sound(rec_dir)  # chain, offsets, and mitmdump -nr of every file
    assert records[:len(before)] == before
    after = records[len(before):]
    assert [r["event"] for r in after] == ["recovered", "recovered", "flow", "flow"], after
    assert after[0]["prev"] == before[-1]["hash"]
    assert [r["seq"] for r in records] == list(range(1, len(records) + 1))
    assert_nowhere(rec_dir, [mail])


def test_unwritable_record_refuses_guarded_traffic_until_it_works(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "--set", "exitguard_record_retry_ms=300")
    assert post(proxy) == 200
    _, hard = resource.getrlimit(resource.RLIMIT_FSIZE)
    # "Disk full" for this process only: writes past 1 byte fail with EFBIG (Python ignores SIGXFSZ).
    resource.prlimit(proxy.proc.pid, resource.RLIMIT_FSIZE, (1, hard))
    try:
        sent = len(upstream.received)
        assert post(proxy) == 503  # went upstream, but the answer is not handed out unrecorded
        assert len(upstream.received) == sent + 1
        assert post(proxy) == 503  # refused before anything is sent
        assert len(upstream.received) == sent + 1
        assert post(proxy, host="unlisted.example") == 200  # unguarded traffic is not held hostage
        assert "CANNOT WRITE the audit record" in proxy.log
    finally:
        resource.prlimit(proxy.proc.pid, resource.RLIMIT_FSIZE, (hard, hard))
    time.sleep(0.4)  # one exitguard_record_retry_ms: the next request re-opens the recorder
    assert post(proxy) == 200
    assert proxy.stop() == 0
    records = assert_recordings_sound(rec_dir)
    assert [r["event"] for r in records] == ["flow", "recorder_resumed", "flow"]
    assert records[1]["unrecorded_flows"] >= 3
