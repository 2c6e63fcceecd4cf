"""Live: a run's worth of traffic through a real mitmdump (every body type, headers, path and query keys, an SSE
stream, blocked, held and allowed flows), then every byte of the record folder, the proxy's output and the
approval webhook's input is searched for every planted value: zero hits, allowed PII included.

Where the traffic itself may still carry a value (a custom header: request content work, not the record's), the
record must be clean anyway: it is masked independently of what the policy let through.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from urllib.parse import quote, quote_plus

import pytest

from addons.audit import index as auditlog
from tests.approval.webhook import Receiver
from tests.audit import fakes
from tests.audit.test_live_audit import cli
from tests.live.harness import Reply, run_client

pytestmark = pytest.mark.live

POLICY = """
version: 1
guarded_hosts: [api.openai.com]
actions:
  request: {secret: mask, pii: mask}
  response: {secret: mask, pii: allow}
rules:
  aws-access-key-id: {request: block}
approvals:
  - name: held-uploads
    paths: ["/v1/held*"]
"""

# Every request of the run, as (name, method, path, headers, body-kind, body). Sent with httpx in the client venv.
CLIENT = """
import json, os, httpx
calls = json.loads(os.environ["EG_CALLS"])
out = {}
with httpx.Client(timeout=30) as c:
    for name, method, url, headers, kind, body in calls:
        kw = {"headers": headers}
        if kind == "json":
            kw["content"] = json.dumps(body).encode()
        elif kind == "form":
            kw["data"] = body
        elif kind == "multipart":
            kw["files"] = {k: (None, v) for k, v in body.items()}
        elif kind == "text":
            kw["content"] = body.encode()
        r = c.request(method, url, **kw)
        out[name] = [r.status_code, r.text]
print(json.dumps(out))
"""


def planted() -> dict[str, str]:
    g, a, e = fakes.github_token, fakes.aws_key_id, fakes.email
    return {"json_value": g(), "json_key": g(), "model": g(), "form_value": g(), "form_key": e(),
            "multipart_value": g(), "text_value": g(), "header_value": g(), "header_name": a(),
            "path_segment": g(), "query_key": a(), "query_value": g(), "blocked_key": a(), "held_value": g(),
            "held_model": g(), "stream_secret": g(), "stream_pii": e(), "response_pii": e(), "upstream_header": g()}


def forms(value: str) -> set[bytes]:
    """The ways a value can sit in a file: as sent, JSON-escaped, percent-encoded."""
    return {value.encode(), json.dumps(value).encode()[1:-1], quote(value, safe="").encode(),
            quote_plus(value).encode()}


def sse(values: dict[str, str]) -> Reply:
    events = [{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
               "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
              for piece in ("here ", f"is {values['stream_secret']} for ", f"{values['stream_pii']} ok")]
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"
    return Reply(200, {"content-type": "text/event-stream"}, chunks=[(body[:60], 0), (body[60:], 0.05)])


def calls(values: dict[str, str]) -> list:
    base = "https://api.openai.com"
    chat = {"model": values["model"], values["json_key"]: "x",
            "messages": [{"role": "user", "content": f"use {values['json_value']}"}]}
    return [
        ["json", "POST", f"{base}/v1/chat/completions", {}, "json", chat],
        ["stream", "POST", f"{base}/v1/chat/completions", {}, "json", {**chat, "stream": True}],
        ["form", "POST", f"{base}/v1/forms", {}, "form", {"note": values["form_value"], values["form_key"]: "1"}],
        ["multipart", "POST", f"{base}/v1/files", {}, "multipart", {"file": values["multipart_value"]}],
        ["text", "POST", f"{base}/v1/text", {"content-type": "text/plain"}, "text", f"x {values['text_value']}"],
        ["headers_path", "GET", f"{base}/v1/{values['path_segment']}/models?{values['query_key']}=1"
                                f"&q={values['query_value']}",
         {"x-custom": values["header_value"], f"x-{values['header_name']}": "1"}, "none", None],
        ["blocked", "POST", f"{base}/v1/chat/completions", {}, "json",
         {"model": "gpt-4o", "messages": [{"role": "user", "content": f"key {values['blocked_key']}"}]}],
        ["held", "POST", f"{base}/v1/held/upload", {}, "json",
         {"model": values["held_model"], "messages": [{"role": "user", "content": values["held_value"]}]}],
    ]


def upstream_replies(upstream, values: dict[str, str]) -> None:
    def chat(req):
        if req.json().get("stream"):
            return sse(values)
        return Reply(200, {"content-type": "application/json", "x-upstream-echo": values["upstream_header"]},
                     json.dumps({"id": "x", "object": "chat.completion", "created": 1, "model": "gpt-test",
                                 "choices": [{"index": 0, "finish_reason": "stop", "message": {
                                     "role": "assistant", "content": f"write to {values['response_pii']}"}}]}
                                ).encode())
    upstream.route("POST", "/v1/chat/completions", chat)


def test_a_run_leaves_no_planted_value_in_the_trail(proxy_factory, upstream, tmp_path):
    values = planted()
    upstream_replies(upstream, values)
    receiver = Receiver()
    rec_dir, key_file = tmp_path / "rec", tmp_path / "keys" / "record.key"
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY)
    try:
        proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "--set", f"exitguard_policy={policy}",
                              "--set", f"exitguard_record_key_file={key_file}",
                              "--set", "exitguard_approval_timeout=1",
                              "--set", f"exitguard_approval_webhook={receiver.url}")
        out = run_client(CLIENT, proxy, EG_CALLS=json.dumps(calls(values)))
        statuses = {name: status for name, (status, _) in out.items()}
        # Blocked; held and nobody approved in time; the response's PII is allowed through.
        assert statuses["blocked"] == 403 and statuses["held"] == 403, statuses
        assert statuses["json"] == 200 and values["response_pii"] in out["json"][1], statuses
        deadline = time.monotonic() + 5
        while not receiver.raw and time.monotonic() < deadline:
            time.sleep(0.05)
        assert proxy.stop() == 0
    finally:
        receiver.close()
    assert receiver.raw, "the held request was not notified"

    trail = b"".join(p.read_bytes() for p in rec_dir.iterdir() if p.is_file())
    places = {"record folder": trail, "proxy output": proxy.log.encode(), "webhook": b"".join(receiver.raw)}
    leaks = [(where, name) for where, blob in places.items() for name, value in values.items()
             if any(form in blob for form in forms(value))]
    assert leaks == []

    # Still useful: the allowed value is named by rule, fingerprint and action; the chain is keyed and verifies.
    records = [r for _, _, r in auditlog.read_records(auditlog.index_files(rec_dir))]
    json_flow = next(r for r in records if r.get("event") == "flow" and r.get("path") == "/v1/chat/completions"
                     and r.get("status") == 200 and not r.get("streamed"))
    # The body's e-mail went to the client (allow); the token in the upstream's own response header is masked in
    # traffic too since response headers are scanned.
    assert {(f["rule"], f["action"]) for f in json_flow["findings"] if f["direction"] == "response"} == \
        {("email-address", "allow"), ("github-pat-classic", "mask")}
    assert all(r.get("mac") == auditlog.MAC_ALGORITHM for r in records)
    verified = cli("audit", "--dir", str(rec_dir), "verify", "--key-file", str(key_file))
    assert "OK" in verified.stdout
    for args in (["--json"], ["export", "--format", "csv"], ["show", json_flow["flow_id"]]):
        printed = cli("audit", "--dir", str(rec_dir), *args).stdout.encode()
        assert [n for n, v in values.items() if any(form in printed for form in forms(v))] == []
    assert "[MASKED:email-address:" in cli("audit", "--dir", str(rec_dir), "show", json_flow["flow_id"]).stdout
    assert Path(key_file).stat().st_mode & 0o077 == 0
