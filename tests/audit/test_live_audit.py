"""Live: the real openai / anthropic SDKs through a real mitmdump with recording on.

Checks what an auditor relies on: ``mitmdump -nr`` reads every file, every index record's file + offset holds
its flow, the chain verifies, and no secret the test sent is anywhere in the recordings or the index.
"""

from __future__ import annotations

import base64
import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.cli.audit import check_flows
from tests.audit import fakes
from tests.live import harness
from tests.live.harness import ROOT, Reply, curl, run_client

pytestmark = pytest.mark.live


BLOCK_AWS_POLICY = """
version: 1
guarded_hosts: [api.openai.com, api.anthropic.com]
deny_hosts: [denied.example]
actions:
  request: {secret: mask, pii: mask}
  response: {secret: mask, pii: allow}
rules:
  aws-access-key-id: {request: block}
"""

OPENAI_CALLS = """
import json, os, openai
token, key, mail, api_key = json.loads(os.environ["EG_ARGS"])
c = openai.OpenAI(api_key=api_key, max_retries=0)
out = {}
r = c.chat.completions.create(model="gpt-4o",
                              messages=[{"role": "user", "content": f"deploy with {token}, mail {mail}"}])
out["masked"] = r.choices[0].message.content
try:
    c.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": f"my key is {key}"}])
    out["blocked"] = None
except openai.PermissionDeniedError as e:
    out["blocked"] = e.status_code
chunks = c.chat.completions.create(model="gpt-4o", stream=True, messages=[{"role": "user", "content": "stream please"}])
out["streamed"] = "".join(ch.choices[0].delta.content or "" for ch in chunks if ch.choices)
print(json.dumps(out))
"""

ANTHROPIC_CALL = """
import json, os, anthropic

token, key, mail, api_key = json.loads(os.environ["EG_ARGS"])
c = anthropic.Anthropic(api_key=api_key, max_retries=0)
m = c.messages.create(model="claude-test", max_tokens=10, messages=[{"role": "user", "content": f"{mail} {token}"}])
print(json.dumps(m.content[0].text))
"""


def sse_reply_with_secret(secret: str) -> Reply:
    events = [{"id": "c1", "object": "chat.completion.chunk", "created": 1, "model": "gpt-test",
               "choices": [{"index": 0, "delta": {"content": piece}, "finish_reason": None}]}
              for piece in ("here is ", f"the token {secret}", " done")]
    body = b"".join(b"data: " + json.dumps(e).encode() + b"\n\n" for e in events) + b"data: [DONE]\n\n"
    return Reply(200, {"content-type": "text/event-stream"}, chunks=[(body[:len(body) // 2], 0),
                                                                      (body[len(body) // 2:], 0.05)])


def mitmdump_reads(path: Path) -> subprocess.CompletedProcess:
    return harness.run_tool("mitmdump", "-n", "-r", str(path), "--set", "flow_detail=0", timeout=60)  # forked


def cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    proc = harness.exitguard(*args, timeout=120, cwd=ROOT)  # forked from the cli fork server: a process of its own
    if check and proc.returncode != 0:
        raise AssertionError(f"exitguard {' '.join(args)} exited {proc.returncode}:\n{proc.stdout}\n{proc.stderr}")
    return proc


def assert_recordings_sound(rec_dir: Path) -> list[dict]:
    files = auditlog.index_files(rec_dir)
    assert files, "no index written"
    assert auditlog.verify(files) == []
    assert auditlog.check_recordings(rec_dir, files) == []  # every flow's bytes as committed, nothing else
    assert check_flows(rec_dir, files) == []
    for mitm in rec_dir.glob("*.mitm"):
        done = mitmdump_reads(mitm)
        assert done.returncode == 0, done.stdout[-2000:] + done.stderr[-2000:]
    return [r for _, _, r in auditlog.read_records(files)]


def assert_nowhere(rec_dir: Path, secrets: list[str]) -> None:
    blob = b"".join(p.read_bytes() for p in rec_dir.iterdir() if p.is_file())
    for s in secrets:
        for form in {s.encode(), json.dumps(s).encode()[1:-1]}:
            assert form not in blob, f"a secret the test sent ({s[:4]}...) is in the recordings"


def test_sdk_traffic_is_recorded_sound_and_without_secrets(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    policy = tmp_path / "policy.yaml"
    policy.write_text(BLOCK_AWS_POLICY)
    token, key, mail = fakes.github_token(), fakes.aws_key_id(), fakes.email()
    api_key, proxy_password, upstream_token = "sk-proj-" + fakes.password(), fakes.password(), fakes.github_token()
    upstream.route("POST", "/v1/chat/completions",
                   lambda req: sse_reply_with_secret(upstream_token) if req.json().get("stream")
                   else Reply.json({"id": "x", "object": "chat.completion", "created": 1, "model": "gpt-test",
                                    "choices": [{"index": 0, "finish_reason": "stop",
                                                 "message": {"role": "assistant", "content": "ok"}}]}))
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "--set", f"exitguard_policy={policy}",
                          "--set", "exitguard_auth=off", "--set", f"proxyauth=alice:{proxy_password}")
    proxy_url = f"http://alice:{proxy_password}@127.0.0.1:{proxy.port}"
    env = {"EG_ARGS": json.dumps([token, key, mail, api_key]), "HTTPS_PROXY": proxy_url, "HTTP_PROXY": proxy_url}
    out = run_client(OPENAI_CALLS, proxy, **env)
    assert out["blocked"] == 403
    assert upstream_token not in out["streamed"] and "[MASKED:github-pat-classic:" in out["streamed"]
    run_client(ANTHROPIC_CALL, proxy, **env)
    denied = curl(proxy, "--proxy-user", f"alice:{proxy_password}", "-o", "/dev/null", "-w", "%{http_code}",
                  "https://denied.example/")
    assert denied.returncode != 0  # refused at CONNECT
    sent = " ".join(r.body.decode() for r in upstream.received)
    assert token not in sent and mail not in sent and key not in sent  # the guard masked / blocked them
    assert proxy.stop() == 0

    records = assert_recordings_sound(rec_dir)
    flows = [r for r in records if r["event"] == "flow"]
    assert len(flows) == 4
    [connect] = [r for r in records if r["event"] == "connect"]
    assert (connect["host"], connect["status"], connect["decision"], connect["identity"]) == \
        ("denied.example", 403, "deny", "alice")
    by_path = [(r["host"], r["decision"]) for r in flows]
    assert by_path == [("api.openai.com", "mask"), ("api.openai.com", "block"), ("api.openai.com", "mask"),
                       ("api.anthropic.com", "mask")]
    assert all(r["identity"] == "alice" and r["model"] for r in flows)
    blocked = flows[1]
    assert blocked["status"] == 403 and blocked["findings"][0]["rule"] == "aws-access-key-id"
    assert blocked["findings"][0]["action"] == "block" and len(blocked["findings"][0]["fingerprint"]) == 16
    from addons.audit.recorder import read_flow_at
    streamed = read_flow_at(rec_dir / flows[2]["file"], flows[2]["offset"])
    assert b"[MASKED:github-pat-classic:" in streamed.response.get_content()  # the streamed body is in the record
    basic = base64.b64encode(f"alice:{proxy_password}".encode()).decode()
    assert_nowhere(rec_dir, [token, key, mail, api_key, proxy_password, basic, upstream_token])

    # The CLI reads the same records.
    listed = [json.loads(line) for line in cli("audit", "--dir", str(rec_dir), "--json", "--action", "block")
              .stdout.splitlines()]
    assert [r["flow_id"] for r in listed] == [blocked["flow_id"]]
    shown = cli("audit", "--dir", str(rec_dir), "show", blocked["flow_id"][:8]).stdout
    assert "aws-access-key-id" in shown and "[MASKED:aws-access-key-id:" in shown and key not in shown
    opened = cli("audit", "--dir", str(rec_dir), "open", blocked["flow_id"], "--print").stdout.split()
    assert opened[1:3] == ["-n", "-r"] and mitmdump_reads(Path(opened[3])).returncode == 0
    assert "OK" in cli("audit", "--dir", str(rec_dir), "verify").stdout
    csv_out = cli("audit", "--dir", str(rec_dir), "export", "--format", "csv", "--rule", "email-address").stdout
    # header + the openai and anthropic flows with an email + the chain head (to anchor off the box)
    assert len(csv_out.strip().splitlines()) == 1 + 2 + 1 and ",chain_head," in csv_out.strip().splitlines()[-1]

    # Dry-run a stricter policy over the recordings: email now blocks.
    stricter = tmp_path / "stricter.yaml"
    stricter.write_text(BLOCK_AWS_POLICY + "  email-address: {request: block}\n")
    report = json.loads(cli("replay", "--policy", str(stricter), "--json", str(rec_dir)).stdout)
    changed = {r["flow_id"]: (r["old"], r["new"]) for r in report["flows_listed"] if r["change"] != "same"}
    assert changed == {flows[0]["flow_id"]: ("mask", "block"), flows[3]["flow_id"]: ("mask", "block")}
    assert report["looser"] == 0 and report["flows"] == 4


def test_report_mode_and_retention(proxy_factory, upstream, tmp_path):
    rec_dir = tmp_path / "rec"
    rec_dir.mkdir()
    expired = [rec_dir / "audit-000001-20200101T000000Z.jsonl", rec_dir / "audit-000001-20200101T000000Z.mitm"]
    for p in expired:
        p.write_bytes(b"")
        os.utime(p, (time.time() - 9 * 86400,) * 2)
    policy = tmp_path / "policy.yaml"
    policy.write_text(BLOCK_AWS_POLICY)
    token, key, mail = fakes.github_token(), fakes.aws_key_id(), fakes.email()
    proxy = proxy_factory("--set", f"exitguard_record_dir={rec_dir}", "--set", f"exitguard_policy={policy}",
                          "--set", "exitguard_mode=report", "--set", "exitguard_retain_days=7")
    out = run_client(OPENAI_CALLS, proxy, EG_ARGS=json.dumps([token, key, mail, "sk-test"]))
    assert out["blocked"] is None  # report mode changes nothing ...
    sent = " ".join(r.body.decode() for r in upstream.received)
    assert token in sent and key in sent  # ... not even the body
    assert proxy.stop() == 0
    assert not any(p.exists() for p in expired)
    records = assert_recordings_sound(rec_dir)
    assert records[0]["event"] == "retention" and sorted(records[0]["removed"]) == sorted(p.name for p in expired)
    flows = [r for r in records if r["event"] == "flow"]
    assert [(r["decision"], r["report_only"], r["would"]) for r in flows[:2]] == \
        [("report", True, "mask"), ("report", True, "block")]
    assert_nowhere(rec_dir, [token, key, mail])  # the record is masked even though the traffic was not
