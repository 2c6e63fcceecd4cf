"""The CLI proves the control listener and then calls it on the same connection (EVASION, attack53's open part).

`exitguard approvals` asks the listener at a control file's address to prove it holds the file's token before it
sends a credential. The proof and the call were two connections: a local user who binds the address in the instant
between them (the proxy stopping just then, the user retrying `bind` in a loop) got the control token and the
approver's token on the second. Here a listener at the control file's address hands the first connection to the
real proxy and keeps every later one for itself: the rebinding, without its race."""

from __future__ import annotations

import asyncio
import json
import socket
import threading

import pytest

from addons.approval.control import answer, read_request
from addons.cli import main as cli
from addons.cli.approvals import ControlClient, ControlError
from tests.approval.support import chat_flow, start_hold
from tests.live.relay import relay_to

APPROVER_TOKEN = "tok-alice"  # tests/approval/support.check_credential: alice, of the approvers' group


class Rebinder:
    """At the control file's address: the first connection after `relay_one()` is relayed to the proxy (the proxy
    is there when the command connects), every later one is taken by the local user (who bound the address just
    after), who keeps what it was sent and answers nothing useful."""

    def __init__(self, proxy_port: int) -> None:
        self.proxy_port = proxy_port
        self.sock = socket.create_server(("127.0.0.1", 0))
        self.port = self.sock.getsockname()[1]
        self.connections = 0
        self.relay = False
        self.stolen = bytearray()
        threading.Thread(target=self._accept, daemon=True).start()

    def _accept(self) -> None:
        while True:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                return
            self.connections += 1
            target = self._relay if self.relay else self._steal
            self.relay = False
            threading.Thread(target=target, args=(conn,), daemon=True).start()

    def relay_one(self) -> None:
        self.relay = True

    def _relay(self, client: socket.socket) -> None:
        relay_to(client, self.proxy_port)

    def _steal(self, conn: socket.socket) -> None:
        conn.settimeout(2)
        try:
            while b"\r\n\r\n" not in self.stolen:
                data = conn.recv(65536)
                if not data:
                    break
                self.stolen += data
            conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: 17\r\n"
                         b"Connection: close\r\n\r\n{\"approvals\": []}")
        except OSError:
            pass
        finally:
            conn.close()

    def close(self) -> None:
        self.sock.close()


@pytest.fixture
def proxy_behind_a_rebinder(served, tmp_path):
    """A real control endpoint, and a control file whose address is the rebinder's, with the endpoint's token."""
    guard, approval, real_file = served
    written = json.loads(real_file.read_text())
    rebinder = Rebinder(int(written["url"].rsplit(":", 1)[1]))
    seen_file = tmp_path / "seen" / "exitguard-control.json"
    seen_file.parent.mkdir(mode=0o700)
    seen_file.write_text(json.dumps({**written, "url": f"http://127.0.0.1:{rebinder.port}"}))
    seen_file.chmod(0o600)
    yield guard, approval, seen_file, rebinder, written["token"]
    rebinder.close()


async def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    code = await asyncio.to_thread(cli.main, list(argv))
    out = capsys.readouterr()
    return code, out.out, out.err


async def test_a_listener_that_takes_the_address_after_the_proof_gets_no_token(proxy_behind_a_rebinder, capsys,
                                                                              tmp_path):
    guard, approval, control_file, rebinder, control_token = proxy_behind_a_rebinder
    task = await start_hold(guard, approval, chat_flow(identity="agent-7"))
    approval_id = approval.listing()[0]["id"]
    rebinder.relay_one()
    code, out, err = await run_cli(capsys, "approvals", "list", "--control", str(control_file))
    assert code == 0 and approval_id in out, err  # the real proxy's list: hello and call on its connection
    token_file = tmp_path / "alice.token"
    token_file.write_text(APPROVER_TOKEN + "\n")
    token_file.chmod(0o600)
    rebinder.relay_one()
    code, out, err = await run_cli(capsys, "approvals", "approve", approval_id, "--token-file", str(token_file),
                                   "--control", str(control_file))
    assert code == 0 and f"approved {approval_id} as alice" in out, err
    await asyncio.wait_for(task, 2)
    # Before: each call's second connection reached the rebinder with both tokens.
    assert control_token.encode() not in rebinder.stolen and APPROVER_TOKEN.encode() not in rebinder.stolen
    assert b"authorization" not in bytes(rebinder.stolen).lower()
    assert rebinder.connections == 2  # one connection a command: each proved and called on its own


async def test_a_command_whose_address_was_taken_since_is_refused_and_sends_nothing(proxy_behind_a_rebinder,
                                                                                   capsys):
    """The same local user, there before the command connects: the hello is all it gets."""
    _, _, control_file, rebinder, control_token = proxy_behind_a_rebinder
    code, _, err = await run_cli(capsys, "approvals", "list", "--control", str(control_file))
    assert code == 2 and "is not the proxy that wrote it" in err and "nothing was sent to it" in err
    assert control_token.encode() not in rebinder.stolen and b"authorization" not in bytes(rebinder.stolen).lower()
    assert b"x-exitguard-challenge" in bytes(rebinder.stolen).lower()


async def test_a_proxy_that_ends_the_connection_after_its_hello_gets_no_call(installed, tmp_path):
    """An endpoint that answers the hello with `Connection: close` (an older proxy, or one that changed its mind):
    the CLI must not open a second connection for the call, which is the gap this closes."""
    from addons.approval.controlfile import CHALLENGE_HEADER, control_proof

    token = "the-proxys-token"
    calls: list[str] = []

    async def handle(reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        _, target, headers, _ = await read_request(reader, 50, 16 * 1024)
        calls.append(target)
        await answer(writer, 200, {"proof": control_proof(token, headers.get(CHALLENGE_HEADER.lower(), ""))})

    server = await asyncio.start_server(handle, "127.0.0.1", 0)
    port = server.sockets[0].getsockname()[1]
    path = tmp_path / "exitguard-control.json"
    path.write_text(json.dumps({"url": f"http://127.0.0.1:{port}", "token": token}))
    path.chmod(0o600)
    client = ControlClient.from_file(path)
    try:
        with pytest.raises(ControlError) as refused:
            await asyncio.to_thread(client.call, "GET", "/v1/approvals")
    finally:
        server.close()
    assert "ended the connection after its hello" in str(refused.value) and "nothing was sent" in str(refused.value)
    assert calls == ["/v1/hello"]
