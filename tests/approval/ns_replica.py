"""A replica (a real mitmdump with the bundle) in the proxy namespace of a tests/deploy/nslab.py lab, linked to the
fleet's shared state store: for the live tests of what an agent reaches through it as root."""

from __future__ import annotations

import time
from pathlib import Path

from tests.deploy import nslab
from tests.live.harness import BUNDLE, ROOT


def start_linked_replica(lab: nslab.Lab, tmp_path: Path, *options: str) -> tuple[int, list[str]]:
    """mitmdump with ``options`` (``--set exitguard_state=...`` among them) in ``lab.proxy``, once it said it linked
    to the store (so it can reach it): its port and its output (read on)."""
    _, log, listening = nslab.start(
        lab, lab.proxy, [str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port", "0",
                         "--set", f"confdir={tmp_path / 'conf'}", *options, "-s", str(BUNDLE)],
        r"listening at .*:(\d+)", timeout=120, cwd=ROOT)
    deadline = time.monotonic() + 30
    while "linked to the shared state store" not in "".join(log):
        assert time.monotonic() < deadline, "".join(log)[-2000:]
        time.sleep(0.2)
    return int(listening.group(1)), log
