"""attack28, live: a zip whose last member, exactly the 1 MiB left of the body's 16 MiB inflation budget, is a gzip
stream of 384 MiB of one letter (a 1.4 MB body), POSTed as application/zip through a real mitmdump with the bundle
and the default policy, httpx to a guarded host. The stream was inflated whole (zlib reads a limit of 0 as none:
tests/formats/test_attack28_spent_budget.py): hundreds of MB of the proxy's memory. Now the proxy answers, the
member is not read, and its peak memory stays far below what the stream inflates to."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.formats.test_attack28_spent_budget import budget_spent_then_a_bomb
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

MiB = 1 << 20

CLIENT = """
import json, os, httpx
body = open(os.environ["BODY"], "rb").read()
r = httpx.post("https://api.openai.com/v1/files", content=body, headers={"content-type": "application/zip"},
               timeout=120)
print(json.dumps({"status": r.status_code, "body": r.text[:500]}))
"""


def peak_rss_mb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) // 1024


def test_a_bomb_met_with_the_budget_spent_is_not_inflated_by_the_proxy(tmp_path, upstream):
    body = tmp_path / "bomb.zip"
    body.write_bytes(budget_spent_then_a_bomb(384 * MiB))
    proxy = harness.start_proxy(tmp_path, upstream)
    try:
        out = run_client(CLIENT, proxy, BODY=str(body))
        assert out["status"] in (200, 403), out
        peak = peak_rss_mb(proxy.proc.pid)
        assert peak < 384, peak  # the stream alone inflates to 384 MiB
        assert proxy.proc.poll() is None
    finally:
        proxy.stop()
