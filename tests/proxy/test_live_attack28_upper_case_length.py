"""Live (attack28): a Host header holding a lower-cased AWS key id beside an `ß` (`akia....straße.example`: `ß`
upper-cases to `SS`, and the upper-cased reading of the name was skipped whole for it), through a real mitmdump with
the bundle: the request is refused (the names disagree) and the name is written where exitguard writes names (the
refusal, the index's destination, the log, the .mitm). Checked: nothing reached the upstream, and neither the
client's answer nor any byte the proxy wrote holds the key id in either case."""

from __future__ import annotations

import socket
import time

import pytest

from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(2831)
HOST = f"{AKID.lower()}.straße.example"


def test_a_lower_cased_key_beside_a_sharp_s_is_written_nowhere(tmp_path, upstream):
    record = tmp_path / "rec"
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={record}")
    try:
        sock = socket.create_connection(("127.0.0.1", proxy.port))
        sock.sendall(b"GET http://api.openai.com/v1/models HTTP/1.1\r\nHost: " + HOST.encode()
                     + b"\r\nConnection: close\r\n\r\n")
        reply = b""
        while chunk := sock.recv(65536):
            reply += chunk
        sock.close()
        assert reply.startswith(b"HTTP/1.1 4"), reply[:300]
        assert not upstream.received
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = b"".join(p.read_bytes() for p in record.rglob("*") if p.is_file())
        assert written
        for where, text in (("reply", reply.decode("utf-8", "replace")), ("log", proxy.log),
                            ("record", written.decode("utf-8", "replace"))):
            at = text.lower().find(AKID.lower()[4:])
            assert at < 0, (where, text[max(0, at - 300):at + 100])
    finally:
        proxy.stop()
