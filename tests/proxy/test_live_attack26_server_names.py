"""Live (attack26): a client's TLS server name holding a lower-cased AWS key id (`akia....example`), through a real
mitmdump with the bundle: to a reverse listener over TLS (raw `ssl` socket) and over QUIC (HTTP/3, aioquic: a
`reverse:https` listener takes UDP on its port too), to a tunnel whose CONNECT names another host (refused 421), and
from a client that does not trust the proxy's CA, the name with and without a dot (mitmproxy logs "does not trust
the proxy's certificate for <name>"). Names are read upper-cased too where exitguard writes them (attack10), but
the record's connections, the connection errors and the log read the name as written: the `.mitm` kept
`sni:akia...` and the log the handshake failure raw. Checked: nothing reached the upstream, the client got no key
back, and every byte the proxy wrote (log, index, .mitm) holds neither spelling."""

from __future__ import annotations

import json
import socket
import ssl
import subprocess
import time
from pathlib import Path

import pytest

from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(2626)
NAME = f"{AKID.lower()}.unlisted.example"
H3_CLIENT = Path(harness.__file__).with_name("h3_client.py")


def _over_tls(ctx: ssl.SSLContext, sock: socket.socket, request: bytes, name: str = NAME) -> bytes:
    try:
        tls = ctx.wrap_socket(sock, server_hostname=name)
    except ssl.SSLError:
        return b""
    tls.sendall(request)
    data = b""
    while chunk := tls.recv(65536):
        data += chunk
    return data


def test_a_key_in_the_server_name_is_written_nowhere(tmp_path, upstream):
    port = harness.free_port()
    record = tmp_path / "rec"
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={record}",
                                "--set", "connection_strategy=lazy",
                                "--mode", "regular@127.0.0.1:0",
                                "--mode", f"reverse:https://api.openai.com@127.0.0.1:{port}")
    try:
        trusting = ssl.create_default_context(cafile=str(proxy.ca))
        trusting.check_hostname, trusting.verify_mode = False, ssl.CERT_NONE
        got = [_over_tls(trusting, socket.create_connection(("127.0.0.1", port)),
                         b"GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\nConnection: close\r\n\r\n")]
        tunnel = socket.create_connection(("127.0.0.1", proxy.port))
        tunnel.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
        assert tunnel.recv(4096).startswith(b"HTTP/1.1 200")
        got.append(_over_tls(trusting, tunnel,
                             b"GET /v1/models HTTP/1.1\r\nHost: api.openai.com\r\nConnection: close\r\n\r\n"))
        assert got[1].startswith(b"HTTP/1.1 421"), got[1][:200]  # the names disagree
        for name in (NAME, AKID.lower()):  # a name of one label too
            got.append(_over_tls(ssl.create_default_context(), socket.create_connection(("127.0.0.1", port)), b"",
                                 name))
        h3 = subprocess.run([str(harness.CLIENT_PYTHON), str(H3_CLIENT), json.dumps(
            {"host": "127.0.0.1", "port": port, "authority": NAME, "ca": str(proxy.ca), "method": "GET",
             "path": "/v1/models"})], capture_output=True, text=True, timeout=60)
        answer = json.loads(h3.stdout.strip().splitlines()[-1])
        assert answer["status"] in ("502", "421"), answer  # refused: the name holds a key
        got.append(h3.stdout.encode())
        assert not upstream.received
        for reply in got:
            assert AKID.lower().encode() not in reply and AKID.encode() not in reply
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = b"".join(p.read_bytes() for p in record.rglob("*") if p.is_file())
        assert b"sni" in written  # the connections were recorded
        log = proxy.log
        assert "does not trust the proxy's certificate for" in log  # the untrusting client's handshake was logged
        for spelling in (AKID, AKID.lower()):
            assert spelling.encode() not in written and spelling not in log
    finally:
        proxy.stop()
