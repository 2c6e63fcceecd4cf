"""A local user takes the control endpoint's port after the proxy died (kill -9, OOM: its control file stays; the
port was visible to everyone in /proc/net/tcp while it ran). `exitguard approvals approve` then sent the control
token and the reviewer's approver token (a proxy credential of an approvers group) to the impostor, and believed
what it answered. Real sockets, the real CLI; the impostor is a plain HTTP server that records what it receives."""

from __future__ import annotations

import json
import os
import socket
import stat
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer
from typing import ClassVar

import pytest

from addons.cli import main as cli
from tests.owners import give_to_another_user

APPROVER = "egt_0123456789ab_" + "A" * 43
CONTROL_TOKEN = "control-token-of-the-dead-proxy"


class Impostor(BaseHTTPRequestHandler):
    seen: ClassVar[list[str]] = []

    def _answer(self) -> None:
        length = int(self.headers.get("content-length") or 0)
        body = self.rfile.read(length) if length else b""
        Impostor.seen.append(str(self.headers) + body.decode("latin-1"))
        doc = {"approvals": [], "approval": {"id": "abc123", "decider": "alice", "method": "GET", "url": "/",
                                             "waiting": 1}, "proof": "00" * 32}
        data = json.dumps(doc).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    do_GET = do_POST = _answer

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def impostor():
    Impostor.seen = []
    server = HTTPServer(("127.0.0.1", 0), Impostor)
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def stale_control_file(tmp_path, impostor):
    path = tmp_path / "exitguard-control-127.0.0.1_8080.json"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, json.dumps({"url": f"http://127.0.0.1:{impostor}", "token": CONTROL_TOKEN, "pid": 1}).encode())
    os.close(fd)
    return path


@pytest.mark.parametrize("argv", [
    ["approve", "abc123", "--for", "60m"],
    ["deny", "abc123", "--reason", "no"],
    ["list"],
])
def test_an_impostor_on_the_endpoints_port_gets_no_credential_and_is_not_believed(stale_control_file, capsys,
                                                                                   monkeypatch, argv):
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", APPROVER)
    code = cli.main(["approvals", *argv, "--control", str(stale_control_file)])
    out, err = capsys.readouterr()
    assert code == 2 and out == ""
    assert "is not the proxy that wrote" in err and APPROVER not in err and CONTROL_TOKEN not in err
    received = "".join(Impostor.seen)
    assert APPROVER not in received and CONTROL_TOKEN not in received  # before: both, in every call


def test_a_unix_socket_someone_else_bound_at_the_stale_path_is_not_believed(tmp_path, capsys, monkeypatch):
    """The same with `exitguard_control_listen=unix:PATH` in a folder the impostor may write."""
    sock_path = tmp_path / "ctl.sock"
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(str(sock_path))
    listener.listen(4)
    received: list[bytes] = []

    def serve():
        for _ in range(2):
            try:
                conn, _ = listener.accept()
            except OSError:
                return
            with conn:
                received.append(conn.recv(65536))
                conn.sendall(b'HTTP/1.1 200 OK\r\nContent-Length: 17\r\n\r\n{"approvals": []}')

    threading.Thread(target=serve, daemon=True).start()
    control = tmp_path / "ctl.json"
    fd = os.open(control, os.O_WRONLY | os.O_CREAT, 0o600)
    os.write(fd, json.dumps({"unix": str(sock_path), "token": CONTROL_TOKEN}).encode())
    os.close(fd)
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", APPROVER)
    try:
        code = cli.main(["approvals", "approve", "abc123", "--control", str(control)])
    finally:
        listener.close()
    assert code == 2 and "is not the proxy that wrote" in capsys.readouterr().err
    assert not any(CONTROL_TOKEN.encode() in r or APPROVER.encode() in r for r in received)


def test_a_control_file_someone_else_wrote_is_not_used(stale_control_file, capsys, monkeypatch):
    """The proof only shows the listener knows the token in the file: a file written by the impostor (in a folder
    they may write, or theirs outright) names their listener and their token. Such a file is refused unread."""
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", APPROVER)
    give_to_another_user(stale_control_file, monkeypatch)
    code = cli.main(["approvals", "approve", "abc123", "--control", str(stale_control_file)])
    err = capsys.readouterr().err
    assert code == 2 and "owned by uid" in err and not Impostor.seen


def test_a_control_file_in_a_folder_others_may_write_is_not_used(stale_control_file, capsys, monkeypatch):
    monkeypatch.setenv("EXITGUARD_APPROVER_TOKEN", APPROVER)
    stale_control_file.parent.chmod(0o777)
    try:
        code = cli.main(["approvals", "approve", "abc123", "--control", str(stale_control_file)])
    finally:
        stale_control_file.parent.chmod(0o700)
    assert code == 2 and "group/others may replace" in capsys.readouterr().err and not Impostor.seen


async def test_the_proxy_makes_the_control_files_folder_private_under_umask_000(installed, tmp_path):
    from mitmproxy.test import taddons

    from addons.approval.approval import Approval

    approval = Approval()
    control_file = tmp_path / "made" / "ctl.json"
    old = os.umask(0)
    try:
        with taddons.context(approval) as tctx:
            tctx.configure(approval, exitguard_control_file=str(control_file))
            await approval.running()
            assert stat.S_IMODE(control_file.parent.stat().st_mode) == 0o700  # before: 0777
            assert stat.S_IMODE(control_file.stat().st_mode) == 0o600
            approval.done()
    finally:
        os.umask(old)
