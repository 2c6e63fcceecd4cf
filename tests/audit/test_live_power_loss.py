"""Live, attacker's view of group commit: SIGKILL the proxy at random points under load, then play the power loss
that could follow (each file cut to what its last fdatasync made durable). Every answered flow must still be on
record, the chain must verify, and the recording and index must stay in step: an answer sent before the fdatasync
that covers its record (a round released early, a pipelined round released by an earlier round's sync) shows up
as an answered flow missing here."""

from __future__ import annotations

import json
import random
import signal
import time
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.audit.recorder import Recorder, Rotation
from addons.cli.audit import check_flows
from tests.audit import fakes
from tests.audit.test_live_crash import CLIENTS, index_lines, recorded_markers
from tests.live.harness import start_client

pytestmark = [pytest.mark.live, pytest.mark.slow]

WITNESS = Path(__file__).with_name("sync_witness.py")
KILLS = 4


def durable_sizes(log: Path) -> dict[Path, int]:
    """Per file, the largest size an fdatasync made durable (sync_witness.py's log)."""
    sizes: dict[Path, int] = {}
    for line in log.read_text().splitlines():
        path, size = line.split("\t")
        sizes[Path(path)] = max(sizes.get(Path(path), 0), int(size))
    return sizes


def power_loss(rec_dir: Path, log: Path) -> None:
    """Cut every recording and index to what was durable: the least a power loss now could leave."""
    sizes = durable_sizes(log) if log.exists() else {}
    for f in [*rec_dir.glob("*.mitm"), *rec_dir.glob("*.jsonl")]:
        with open(f, "r+b") as fh:
            fh.truncate(min(sizes.get(f, 0), f.stat().st_size))


@pytest.mark.parametrize("seed", range(KILLS))
def test_sigkill_then_power_loss_keeps_every_answered_flow(proxy_factory, upstream, tmp_path, seed):
    rng = random.Random(seed)
    rec_dir = tmp_path / "rec"
    mail = fakes.email()
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "-s", str(WITNESS))
    # Forked from the client fork server where it is on (suite49): the proxy's crash is tested, not the client's
    # start (its output goes to files: nothing to drain while the test waits).
    client = start_client(CLIENTS, proxy, args=[mail, "8"])
    kill_after = rng.randrange(15, 80)  # index lines: a random point of the traffic
    deadline = time.monotonic() + 60
    while index_lines(rec_dir) < kill_after and time.monotonic() < deadline:
        time.sleep(0.001)
    time.sleep(rng.random() * 0.05)
    proxy.stop(signal.SIGKILL)
    output = client.communicate(timeout=30)
    answered = set(json.loads(output[0]))
    assert len(answered) >= 10, output

    power_loss(rec_dir, tmp_path / "synced.log")
    recorder = Recorder(rec_dir, Rotation.parse("hourly"))
    recorder.open()  # the start-up repair: cuts index lines whose flows the power loss took
    recorder.release()
    files = auditlog.index_files(rec_dir)
    assert auditlog.verify(files) == []
    assert check_flows(rec_dir, files) == []
    assert auditlog.check_recordings(rec_dir, files) == []
    missing = answered - recorded_markers(rec_dir, files)
    assert not missing, f"{len(missing)} answered flow(s) not durable: {sorted(missing)[:5]}"
