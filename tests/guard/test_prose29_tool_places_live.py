"""Live (prose29): passwords in places only their tool's syntax names, sent by httpx as an agent's tool call through
a real mitmdump with the bundle and the shipped rules to a guarded host (routed to a local HTTPS upstream): 7-Zip's
attached -pX, racadm -p, rasdial's positional password, a value echoed into openconnect --passwd-on-stdin, Oracle's
userid=user/X@db, and a PIN in a login call, one request each. Before, all six went out as written (at 58501de).
Checked: the upstream got none of them (the body still JSON), and none is in what the client got or any byte the
proxy wrote (log, audit index, .mitm)."""

from __future__ import annotations

import json
import time

import pytest

from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

VALUES = {"SEVENZIP": "Gannet#Shoal4", "RACADM": "Quoll!Fen34", "RASDIAL": "Tarn_Gannet7",
          "OPENCONNECT": "heron-marsh-quoll", "USERID": "quollfen48", "LOGIN_PIN": "73314826"}

CLIENT = """
import json, os, httpx
e = os.environ
commands = [
    f"7z a -mhe=on '-p{e['SEVENZIP']}' minutes.7z ./minutes/",
    f"racadm -r idrac4.corp.test -u ops -p '{e['RACADM']}' getsysinfo",
    f'rasdial "Depot VPN" kolsen {e["RASDIAL"]}',
    f"echo '{e['OPENCONNECT']}' | sudo openconnect --user=kolsen --passwd-on-stdin vpn.corp.test",
    f"sqlldr userid=etl/{e['USERID']}@XEPDB1 control=load.ctl",
    f'auth := smtp.PlainAuth("", "kolsen@corp.test", "{e["LOGIN_PIN"]}", relay)',
]
out = []
with httpx.Client(timeout=20) as client:
    for i, c in enumerate(commands):
        function = {"name": "run", "arguments": json.dumps({"command": c})}
        call = {"id": f"call_{i}", "type": "function", "function": function}
        body = {"model": "gpt-4o", "messages": [{"role": "assistant", "content": None, "tool_calls": [call]}]}
        r = client.post("https://api.openai.com/v1/chat/completions", json=body)
        out.append([r.status_code, r.text])
print(json.dumps(out))
"""


def test_tool_syntax_passwords_are_masked_and_never_recorded(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, **VALUES)
        sent = [r for r in upstream.received if r.path.startswith("/v1/chat/completions")]
        assert [status for status, _ in out] == [200] * len(VALUES) and len(sent) == len(VALUES), out
        for request in sent:
            json.loads(request.body)  # still JSON
        seen = json.dumps([[r.path, r.header_list, r.body.decode("latin-1")] for r in upstream.received])
        for value in VALUES.values():
            assert value not in seen and value not in json.dumps(out)
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
        for value in VALUES.values():
            assert value not in written
    finally:
        proxy.stop()
