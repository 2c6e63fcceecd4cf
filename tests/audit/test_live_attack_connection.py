"""Live: an agent puts keys in its TLS ClientHello (server name, ALPN offers) through a real mitmdump with
recording on; no byte written to the record folder holds them (unit: test_attack_connection_record.py)."""

from __future__ import annotations

import json

import pytest

from tests.audit import fakes
from tests.audit.test_live_audit import assert_nowhere, assert_recordings_sound
from tests.live.harness import Reply, run_client

pytestmark = pytest.mark.live

HELLO = """
import json, os, socket, ssl
sni_key, alpn_token, proxy_port = json.loads(os.environ["EG_ARGS"])
out = {}
for name, sni, alpn in (("sni", f"{sni_key}.unlisted.example", ["http/1.1"]),
                        ("alpn", "unlisted.example", [alpn_token, "http/1.1"])):
    s = socket.create_connection(("127.0.0.1", proxy_port), timeout=20)
    s.sendall(b"CONNECT unlisted.example:443 HTTP/1.1\\r\\nHost: unlisted.example:443\\r\\n\\r\\n")
    head = b""
    while b"\\r\\n\\r\\n" not in head:
        head += s.recv(1)
    ctx = ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    ctx.check_hostname = False
    ctx.set_alpn_protocols(alpn)
    try:
        t = ctx.wrap_socket(s, server_hostname=sni)
        t.sendall(b"GET /hello HTTP/1.1\\r\\nHost: unlisted.example\\r\\nConnection: close\\r\\n\\r\\n")
        answer = b""
        while chunk := t.recv(65536):
            answer += chunk
        out[name] = answer.split(b"\\r\\n", 1)[0].decode()
    except (ssl.SSLError, OSError) as e:
        out[name] = type(e).__name__
print(json.dumps(out))
"""


def test_keys_in_the_client_hello_never_reach_the_record(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    sni_key, alpn_token = fakes.aws_key_id(), fakes.github_token()
    upstream.route("GET", "/hello", lambda req: Reply(200, {"content-type": "text/plain"}, b"hi"))
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "--set", "exitguard_auth=off")
    out = run_client(HELLO, proxy, EG_ARGS=json.dumps([sni_key, alpn_token, proxy.port]))
    assert proxy.stop() == 0
    records = assert_recordings_sound(rec_dir)
    assert len([r for r in records if r["event"] == "flow"]) == 2, (out, records)
    assert_nowhere(rec_dir, [sni_key, alpn_token])
