"""attack46 (EVASION.md section 5, "the webhook receiver hangs"): a real mitmdump whose approval webhook accepts the
connection and never answers, or trickles an endless status line a byte at a time. Held: the notification gives up
after its 5 s (``notified`` says so), the proxy serves other requests meanwhile, and the held request is still
decided from the CLI at once."""

from __future__ import annotations

import socket
import threading
import time

import pytest

from addons.cli.approvals import ControlClient
from tests.approval.support import CODENAME
from tests.approval.test_live import (  # noqa: F401  (approvers: a fixture)
    Background,
    approval_options,
    approvers,
    exitguard,
    wait_for_control,
    wait_for_pending,
)
from tests.hostile.test_live_faults import post

pytestmark = pytest.mark.live


class SilentReceiver:
    """Accepts every connection and keeps it open; ``trickle``: answers one byte of a status line that never ends
    every 50 ms."""

    def __init__(self, trickle: bool) -> None:
        self.trickle, self.accepted = trickle, 0
        self.server = socket.create_server(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{self.server.getsockname()[1]}/hooks/T000/B000/not-a-real-secret"
        self._open: list[socket.socket] = []
        self._stop = threading.Event()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            self.accepted += 1
            self._open.append(conn)
            if self.trickle:
                threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        try:
            conn.sendall(b"HTTP/1.1 200 ")
            while not self._stop.wait(0.05):
                conn.sendall(b"A")
        except OSError:
            pass

    def close(self) -> None:
        self._stop.set()
        self.server.close()
        for conn in self._open:
            conn.close()


@pytest.mark.parametrize("trickle", [False, True], ids=["silent", "trickling"])
def test_a_hanging_webhook_receiver_stalls_nothing_and_decides_nothing(tmp_path, proxy_factory, upstream, approvers,  # noqa: F811
                                                                        trickle):
    receiver = SilentReceiver(trickle)
    try:
        control = tmp_path / "exitguard-control.json"
        proxy = proxy_factory(*approval_options(tmp_path, approvers, 60), "--set",
                              f"exitguard_approval_webhook={receiver.url}")
        wait_for_control(control)
        held = Background(proxy, f"plan for {CODENAME}", timeout=60)
        pending = wait_for_pending(control, timeout=30)
        until = time.monotonic() + 30  # the notification is sent after the approval is listed: under load, later
        while receiver.accepted == 0 and time.monotonic() < until:
            time.sleep(0.05)
        assert receiver.accepted == 1
        assert post(proxy, "needs no approval")[0] == 200  # while the notification hangs
        deadline = time.monotonic() + 30
        while (notified := ControlClient.from_file(control).call("GET", "/v1/approvals")["approvals"][0]["notified"]
               ).get("error") is None:
            assert time.monotonic() < deadline, notified
            time.sleep(0.2)
        assert notified["delivered"] is False and notified["error"] == "no answer within 5 s"
        assert pending["state"] == "held"  # a receiver's silence decides nothing
        denied = exitguard("deny", pending["id"], "--as", "bob", "--control", str(control))
        assert denied.returncode == 0, denied.stderr
        assert held.result(timeout=30)["status"] == 403
        assert "not-a-real-secret" not in proxy.log  # the URL's path (Slack's secret) is never logged
    finally:
        receiver.close()
