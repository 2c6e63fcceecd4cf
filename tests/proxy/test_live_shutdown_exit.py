"""A normal shutdown (Ctrl-C, SIGTERM) ends mitmdump with status 0 every time, also with a listener mitmproxy_rs
serves, and loses no record.

``--mode reverse:https://...`` listens on UDP too (HTTP/3), on mitmproxy_rs's tokio threads, which mitmproxy 12.3
never closes. A signal while the servers start (the bundle loaded, no "listening at" yet) ends ``Master.run`` before
any done hook, and a tokio thread can then still wait for the GIL while the interpreter finalizes: CPython 3.12 ends
it by unwinding through Rust frames, a segfault, status 139. A process asked to shut down with a UDP listener
configured now ends at exit without finalizing (core/rust_listeners.py), after every addon's done hook when they
ran: a served flow's record is written and verifies.
"""

from __future__ import annotations

import collections
import os
import signal
import subprocess

import pytest

from tests.approval.test_live_abandoned import index_records, verify
from tests.live import harness

pytestmark = [pytest.mark.live, pytest.mark.slow]

RUNS = 12
LOADED = "exitguard: policy "  # the bundle's first line: its rules are loaded, the servers are starting


def stopped_while_starting(tmp_path, sig: int) -> int:
    """A reverse:https mitmdump sent ``sig`` as soon as the bundle says it loaded: its status."""
    cmd = [str(harness.ROOT / ".venv" / "bin" / "mitmdump"), "--set", f"confdir={tmp_path / 'conf'}",
           "--mode", f"reverse:https://api.openai.com@127.0.0.1:{harness.free_port()}", "-s", str(harness.BUNDLE)]
    proc = subprocess.Popen(cmd, cwd=harness.ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            env={**os.environ, "PYTHONUNBUFFERED": "1"})
    assert proc.stdout is not None
    for line in proc.stdout:
        if LOADED in line:
            proc.send_signal(sig)
            break
    proc.stdout.read()
    return proc.wait(timeout=60)


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_shutdown_while_a_udp_listener_starts_always_exits_0(tmp_path, sig):
    statuses = collections.Counter(stopped_while_starting(tmp_path, sig) for _ in range(RUNS))
    assert statuses == {0: RUNS}, statuses


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_a_shutdown_after_serving_exits_0_and_its_record_verifies(tmp_path, upstream, sig):
    port, records = harness.free_port(), tmp_path / "records"
    proxy = harness.start_proxy(tmp_path, upstream, "--mode", f"reverse:https://{upstream.address}@127.0.0.1:{port}",
                                "--set", f"exitguard_record_dir={records}")
    try:
        r = subprocess.run(["curl", "-sS", "-m", "30", "--cacert", str(proxy.ca), "-o", "/dev/null", "-w",
                            "%{http_code}", f"https://127.0.0.1:{port}/v1/models"],
                           capture_output=True, text=True, timeout=60)
        assert r.stdout == "200", (r.stdout, r.stderr, proxy.log[-2000:])
    finally:
        status = proxy.stop(sig)
    assert status == 0, proxy.log[-2000:]
    verify(records)
    assert [r for r in index_records(records) if r.get("path") == "/v1/models"], index_records(records)
