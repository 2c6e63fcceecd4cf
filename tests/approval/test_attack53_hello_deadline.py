"""attack53: `exitguard approvals` asks a control file's listener to prove it holds the file's token before it sends
any credential (check_listener), with a timeout that bounded each socket read, not the answer. A local user who
took a stale control file's port (the proxy crashed, or was stopped and its file stayed) answers the hello one byte
at a time, each within the timeout: the CLI waited for ever, so the approver could neither approve nor deny, and with
several control files the live proxy was never reached (the 3 s probe of each file never ended). The hello has a
deadline for the whole answer now, and reads at most a few KiB of it; nothing but the challenge is sent."""

from __future__ import annotations

import json
import socket
import threading

import pytest

from addons.cli.approvals import ControlClient, ControlError, choose_proxy

APPROVER = "egt_attack53approver_" + "Zq8Wm3Rt6Yp1Lx4Nc7Vb2Hd"
HANG_GUARD_S = 60  # far beyond the 1 s deadline: before the fix the answer never ended


class DripListener:
    """A listener that answers every connection with a valid start of an HTTP answer, a byte every 0.2 s, for as long
    as the test runs; it keeps what it was sent."""

    def __init__(self) -> None:
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.received = bytearray()
        self.stop = threading.Event()
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self) -> None:
        self.sock.settimeout(0.2)
        while not self.stop.is_set():
            try:
                conn, _ = self.sock.accept()
            except TimeoutError:
                continue
            except OSError:  # closed at the test's end
                return
            threading.Thread(target=self._drip, args=(conn,), daemon=True).start()

    def _drip(self, conn: socket.socket) -> None:
        conn.settimeout(0.2)
        answer = b"HTTP/1.1 200 OK\r\nX-Slow: " + b"a" * 100_000
        try:
            for byte in answer:
                if self.stop.wait(0.2):
                    break
                try:
                    self.received += conn.recv(65536)
                except TimeoutError:
                    pass
                conn.sendall(bytes([byte]))
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.stop.set()
        self.sock.close()


@pytest.fixture
def drip():
    listener = DripListener()
    yield listener
    listener.close()


def control_file(folder, port: int, name: str = "exitguard-control-127.0.0.1_8080.json"):
    path = folder / name
    path.write_text(json.dumps({"url": f"http://127.0.0.1:{port}", "token": "the-crashed-proxys-token"}))
    path.chmod(0o600)
    return path


def run_bounded(target) -> list:
    """``target``'s outcome: its ControlError, or what it returned; fails when it is still running after the guard."""
    outcome: list = []

    def run() -> None:
        try:
            outcome.append(target())
        except ControlError as e:
            outcome.append(e)

    worker = threading.Thread(target=run, daemon=True)
    worker.start()
    worker.join(HANG_GUARD_S)
    assert not worker.is_alive(), "the hello to a listener dripping its answer never ended"
    return outcome


def test_a_listener_that_drips_its_hello_answer_is_given_up_on_and_gets_no_credential(drip, tmp_path):
    path = control_file(tmp_path, drip.port)
    client = ControlClient.from_file(path)
    (outcome,) = run_bounded(lambda: client.check_listener(timeout=1.0))  # failed before: never returned
    assert isinstance(outcome, ControlError) and outcome.code == 2
    assert "did not answer" in str(outcome) and "nothing was sent to it" in str(outcome)
    assert b"x-exitguard-challenge" in bytes(drip.received).lower()
    assert b"authorization" not in bytes(drip.received).lower() and APPROVER.encode() not in bytes(drip.received)


def test_a_dripping_stale_file_does_not_keep_the_approver_from_the_live_one(drip, tmp_path, monkeypatch):
    """Two control files: the dripping one is named stale within the probe's deadline and the other is chosen (here
    another stale one: refused with both named, which before never came)."""
    monkeypatch.setattr("addons.cli.approvals.PROBE_TIMEOUT", 1.0)
    control_file(tmp_path, drip.port)
    with socket.create_server(("127.0.0.1", 0)) as closed:
        free_port = closed.getsockname()[1]
    control_file(tmp_path, free_port, "exitguard-control-127.0.0.1_8081.json")
    (outcome,) = run_bounded(lambda: choose_proxy(None, None, tmp_path))  # failed before: never returned
    assert isinstance(outcome, ControlError) and "no proxy is running" in str(outcome), outcome
    assert "did not answer" in str(outcome)
    assert b"authorization" not in bytes(drip.received).lower()
