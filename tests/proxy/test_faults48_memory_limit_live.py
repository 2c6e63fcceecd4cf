"""faults48 (EVASION.md section 5, "a memory limit"): a real mitmdump whose address space is capped (``prlimit --as``,
set on the running process a little above what it uses) is sent bodies near the policy's 10 MiB inspection limit,
each with an AWS key at its end, both ways. The proxy must answer such a flow closed (MemoryError is an exception:
fail closed, logged, recorded) and go on serving others, or die loudly; it must never send anything unscanned: the
upstream never receives the key, the client never does, no byte the proxy wrote holds it."""

from __future__ import annotations

import json
import shutil
import subprocess
import threading
import time

import pytest

from addons.audit import index as auditlog
from tests import fakes
from tests.hostile import live_support as L
from tests.live import harness

pytestmark = pytest.mark.live

MIB = 1024 * 1024
AKID = fakes.aws_key_id(48)


def vm_size_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmSize:"):
                return int(line.split()[1])
    raise AssertionError("no VmSize")


def big_request(size: int) -> bytes:
    filler = "lorem ipsum dolor sit amet " * (size // 27)
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": f"{filler} key {AKID}"}]}).encode()
    return (b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n" % len(body)) + body


def post(proxy: harness.Proxy, request: bytes, wait: float = 20) -> bytes:
    try:
        t = L.tunnel(proxy, timeout=30)
        t.sendall(request)
        answer = L.read_all(t, wait=wait)
        t.close()
        return answer
    except OSError as e:  # refused, reset: closed
        return f"connection error {type(e).__name__}".encode()


@pytest.mark.skipif(shutil.which("prlimit") is None, reason="needs prlimit (util-linux)")
# Above the address space in use when the cap is set: less than one body and its copies; about two.
@pytest.mark.parametrize("headroom_mib", [24, 64])
def test_near_the_memory_cap_big_bodies_fail_closed_and_others_are_served(tmp_path, proxy_factory, upstream,
                                                                           headroom_mib):
    records = tmp_path / "records"
    proxy = proxy_factory("--set", f"exitguard_record_dir={records}")
    assert L.status_of(post(proxy, L.chat_request("before the cap"))) == 200
    big_answer = json.dumps({"id": "chatcmpl-big", "object": "chat.completion", "choices": [{"index": 0, "message": {
        "role": "assistant", "content": "ipsum " * (9 * MIB // 6) + f" key {AKID}"}}]}).encode()
    upstream.route("POST", "/v1/chat/completions", lambda req: harness.Reply(
        200, {"content-type": "application/json"}, big_answer) if b"answer big" in req.body
        else harness.default_handler(req))
    pid = proxy.proc.pid
    cap = (vm_size_kib(pid) + headroom_mib * 1024) * 1024
    subprocess.run(["prlimit", "--pid", str(pid), f"--as={cap}:{cap}"], check=True)
    outcomes: list[bytes] = []
    for request in [big_request(9 * MIB), big_request(9 * MIB), L.chat_request("answer big"),
                    L.chat_request("answer big")]:
        outcomes.append(post(proxy, request))
        if proxy.proc.poll() is not None:
            break
    statuses = [L.status_of(o) for o in outcomes]
    print(f"faults48 memory cap {cap // MIB} MiB (+{headroom_mib}): statuses {statuses}; exit {proxy.proc.poll()}; "
          f"MemoryError in log: {'MemoryError' in proxy.log}")
    # Never unscanned: the key reached neither side.
    assert not any(AKID.encode() in r.body for r in upstream.received)
    assert not any(AKID.encode() in o for o in outcomes)
    for outcome in outcomes:
        assert L.status_of(outcome) != 200 or b"[MASKED" in outcome or b"exitguard" in outcome, outcome[:300]
    if proxy.proc.poll() is None:  # alive: it goes on serving others once the big bodies are gone
        served = threading.Event()
        deadline = time.monotonic() + 60
        while not served.is_set() and time.monotonic() < deadline:
            if L.status_of(post(proxy, L.chat_request("after the cap"), wait=20)) == 200:
                served.set()
        assert served.is_set(), proxy.log[-3000:]
        proxy.stop()
    else:  # dead: loudly (a non-zero exit and a reason in its log)
        assert proxy.proc.returncode != 0 and "MemoryError" in proxy.log, proxy.log[-3000:]
    # Every byte the proxy wrote: no key; and what it recorded verifies.
    assert AKID.encode() not in harness.written(records)
    assert AKID not in proxy.log
    found = [r for _, _, r in auditlog.read_records(auditlog.index_files(records)) if r.get("event") == "flow"]
    logged = [line for line in proxy.log.splitlines() if "/v1/chat/completions ->" in line]
    print("faults48 recorded:", [(r.get("status"), r.get("decision")) for r in found], "logged:", len(logged))
    # Every flow the proxy saw is on record (before: the ones whose record copy ran out of memory were not).
    assert "Audit.response failed" not in proxy.log and "Audit.error failed" not in proxy.log, proxy.log[-3000:]
    assert len(found) >= len(logged), (found, logged)
