"""Live (attack16): a key base64-, base32- or hex-encoded in the parts of a request around its body.

The guard decodes these runs in a body (formats/encoded.py) but read a header value, a cookie, a URL path segment
or a query value as written: an agent that wanted a key out put it there encoded. A real mitmdump with the bundle
and the shipped rules, httpx through it to a guarded host (api.openai.com, routed to a local HTTPS upstream).
Checked: what the upstream received, what the client got, and every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(1601)
KEY = fakes.openai_key(1602)


def spellings(value: str) -> dict[str, str]:
    raw = value.encode()
    return {"base64": base64.b64encode(raw).decode(), "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
            "base32": base64.b32encode(raw).decode(), "hex": raw.hex()}


# name -> (where, spelled value): every spelling of both keys in each part the guard reads around the body.
CASES = {f"{where}-{name}-{label}": (where, spelled)
         for label, value in (("aws", AKID), ("openai", KEY))
         for name, spelled in spellings(value).items()
         for where in ("header", "cookie", "path", "query", "binary-body")}

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20) as client:
    for name, (where, spelled) in json.loads(os.environ["CASES"]).items():
        headers, path, params = {"x-case": name}, "/v1/models", {}
        if where == "header":
            headers["x-note"] = "see " + spelled
        elif where == "cookie":
            headers["cookie"] = "session=" + spelled
        elif where == "path":
            path = "/v1/files/" + spelled
        elif where == "query":
            params["note"] = spelled
        if where == "binary-body":  # an octet-stream upload: its printable strings are read, runs decoded
            headers["content-type"] = "application/octet-stream"
            r = client.post("https://api.openai.com/v1/files", headers=headers,
                            content=bytes([137, 80, 78, 71, 0]) + spelled.encode() + bytes([0, 255]))
        else:
            r = client.get("https://api.openai.com" + path, headers=headers, params=params)
        out[name] = {"status": r.status_code, "body": r.text}
print(json.dumps(out))
"""


def forms(value: str) -> list[str]:
    """The value and pieces of each spelling long enough to carry it: none may appear anywhere."""
    return [value, value[4:-4], *(s[4:-4] for s in spellings(value).values())]


def test_an_encoded_key_around_the_body_never_reaches_the_upstream_nor_the_record(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, CASES=json.dumps(CASES))
        # a binary body cannot be rewritten: refused, nothing sent
        assert {name: r["status"] for name, r in out.items()} == {
            name: 403 if where == "binary-body" else 200 for name, (where, _) in CASES.items()}
        received = {r.headers.get("x-case"): r for r in upstream.received}
        assert set(received) == {name for name, (where, _) in CASES.items() if where != "binary-body"}
        secret = forms(AKID) + forms(KEY)
        for name, req in received.items():
            sent = json.dumps({"path": req.path, "headers": req.headers, "body": req.body.decode("latin-1")})
            assert [f[:10] for f in secret if f in sent] == [], (name, sent)
            assert "MASKED" in sent, (name, sent)
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        written_text = written.decode("utf-8", "replace") + proxy.log
        assert [f[:10] for f in secret if f in written_text] == []
    finally:
        proxy.stop()
