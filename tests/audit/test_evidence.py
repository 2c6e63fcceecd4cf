"""The record is evidence, not a copy of the traffic: every value the engine detects is masked in the recording
and the index, wherever it sat and whatever the policy let through; the index says which values passed."""

from __future__ import annotations

import json

from mitmproxy import http
from mitmproxy.test import tflow

from addons.approval import notify
from addons.audit import index as auditlog
from addons.audit.recorder import read_flow_at
from addons.cli import main as cli
from addons.core import metakeys, outside, responses
from tests.audit import fakes


def planted() -> dict[str, str]:
    return {"key_as_json_key": fakes.aws_key_id(), "body_value": fakes.github_token(), "model": fakes.github_token(),
            "header_name": fakes.aws_key_id(), "header_value": fakes.github_token(),
            "response_header": fakes.github_token(), "path_segment": fakes.github_token(),
            "query_key": fakes.aws_key_id(), "allowed_pii": fakes.email(), "trailer": fakes.github_token(),
            "error": fakes.github_token(), "ws_binary": fakes.github_token(), "ws_text": fakes.email(),
            # known only by the key or header it sits under: a scan of the value alone finds nothing
            "password_by_key": fakes.password(), "password_by_header": fakes.password()}


def leaky_flow(values: dict[str, str]) -> http.HTTPFlow:
    """A guarded flow whose traffic still holds every planted value (as when the guard let it through)."""
    f = tflow.twebsocketflow()
    f.request.host = "api.openai.com"
    f.request.path = f"/v1/{values['path_segment']}/chat?{values['query_key']}=1&stream=true"
    f.request.method = "POST"
    f.request.headers["content-type"] = "application/json"
    f.request.headers[f"x-{values['header_name']}"] = "1"
    f.request.headers["x-custom"] = values["header_value"]
    f.request.headers["x-db-password"] = values["password_by_header"]
    f.request.content = json.dumps({"model": values["model"], values["key_as_json_key"]: "v",
                                    "password": values["password_by_key"],
                                    "messages": [{"role": "user", "content": values["body_value"]}]}).encode()
    f.response.headers["x-request-echo"] = values["response_header"]
    f.response.headers["content-type"] = "text/plain"
    f.response.content = f"Contact {values['allowed_pii']}".encode()
    f.response.trailers = http.Headers(x_checksum=values["trailer"])
    f.websocket.messages[0].content = f"frame {values['ws_binary']}".encode()
    f.websocket.messages[0].type = 2  # binary
    f.websocket.messages[1].content = f"hello {values['ws_text']}".encode()
    f.comment = f"note about {values['body_value']}"
    f.metadata.update({
        metakeys.HOST_CLASS: "guarded", metakeys.DECISION: "mask", metakeys.MODEL: values["model"],
        metakeys.COVERAGE: [{"direction": d, "status": "scanned", "reason": ""} for d in ("request", "response")],
        metakeys.FINDINGS: [
            {"rule": "aws-access-key-id", "category": "secret", "classification": "confidential",
             "tier": "precise", "direction": "request", "location": f"$.{values['key_as_json_key']}#key",
             "start": 0, "length": 20, "fingerprint": "0123456789abcdef", "action": "mask"},
            {"rule": "email-address", "category": "pii", "classification": "confidential", "tier": "precise",
             "direction": "response", "location": "body", "start": 8, "length": 26,
             "fingerprint": "fedcba9876543210", "action": "allow"}]})
    return f


async def test_no_planted_value_reaches_the_record_folder(addon, tmp_path, capsys):
    values = planted()
    f = leaky_flow(values)
    f.error = None
    await addon.websocket_end(f)
    rec_dir = tmp_path / "rec"
    blobs = b"".join(p.read_bytes() for p in rec_dir.iterdir() if p.is_file())
    leaked = [name for name, v in values.items() if v.encode() in blobs]
    assert leaked == []
    [rec] = [r for _, _, r in auditlog.read_records(auditlog.index_files(rec_dir))]
    assert rec["model"].startswith("[MASKED:github-pat-classic:")
    assert rec["findings"][0]["location"].startswith("$.[MASKED:aws-access-key-id:")
    assert rec["path"].startswith("/v1/[MASKED:github-pat-classic:")
    allowed = rec["findings"][1]
    assert (allowed["rule"], allowed["action"], allowed["fingerprint"]) == ("email-address", "allow",
                                                                           "fedcba9876543210")
    flow = read_flow_at(rec_dir / rec["file"], rec["offset"])
    assert "[MASKED:email-address:" in flow.response.get_text()  # allowed in traffic, masked in the record
    assert flow.response.trailers["x-checksum"].startswith("[MASKED:github-pat-classic:")
    assert flow.websocket.messages[0].content.startswith(b"frame [MASKED:github-pat-classic:")
    # What the CLI prints is useful and clean.
    assert cli.main(["audit", "--dir", str(rec_dir), "show", f.id]) == 0
    shown = capsys.readouterr().out
    assert "[MASKED:" in shown and "email-address" in shown and "fedcba9876543210" in shown
    assert not [name for name, v in values.items() if v in shown]


async def test_an_error_text_is_masked_in_both(addon, tmp_path):
    token = fakes.github_token()
    f = tflow.tflow(err=True)
    f.error.msg = f"upstream said {token}"
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    await addon.error(f)
    blobs = b"".join(p.read_bytes() for p in (tmp_path / "rec").iterdir() if p.is_file())
    assert token.encode() not in blobs and b"upstream said [MASKED:github-pat-classic:" in blobs


def test_webhook_payload_masks_model_and_locations(rt):
    key, token = fakes.aws_key_id(), fakes.github_token()
    summary = {"id": "a1", "requester": "agent", "method": "POST", "url": "https://api.openai.com/v1/x",
               "reasons": ["policy"], "model": token, "timeout_s": 5, "preview": {"body": "", "note": ""},
               "findings": [{"rule": "aws-access-key-id", "classification": "confidential",
                             "location": f"$.{key}#key", "action": "approve"}]}
    for fmt in notify.FORMATS:
        document = json.dumps(notify.payload(fmt, summary))
        assert key not in document and token not in document


def test_mitmweb_comment_is_masked(rt):
    token = fakes.github_token()
    f = tflow.tflow()
    responses.annotate(f, f"held: {token}", ":x:")
    assert token not in f.comment and "[MASKED:github-pat-classic:" in f.comment
    assert outside.safe_text(f.comment, rt.inspector) == f.comment


async def test_terminal_controls_in_recorded_traffic_never_reach_the_operators_terminal(addon, tmp_path, capsys):
    """A model's answer (or an agent's request) with escape sequences: `audit show` and `audit list` print them
    escaped, or they would erase lines, retitle the window or write the operator's clipboard (OSC 52)."""
    f = tflow.tflow(resp=True)
    f.request.host = "api.openai.com"
    f.request.path = "/v1/chat\x1b[2K"
    f.request.headers["x-note"] = "a\x1b]0;owned\x07"
    f.request.content = b'{"messages": [{"role": "user", "content": "hi\\u001b[1A"}]}'
    f.response.content = "answer\x1b[1A\x1b[2K\r ok\x1b]52;c;Y3VybCBldmlsIHwgc2g=\x1b\\\x9b2J\u202e".encode()
    f.metadata.update({metakeys.HOST_CLASS: "guarded", metakeys.DECISION: "allow", metakeys.IDENTITY: "agent\x1b[8m"})
    await addon.response(f)
    rec_dir = str(tmp_path / "rec")
    assert cli.main(["audit", "--dir", rec_dir, "show", f.id]) == 0
    assert cli.main(["audit", "--dir", rec_dir, "list"]) == 0
    out = capsys.readouterr().out
    assert not any(c in out for c in "\x1b\x9b\x07\r\u202e"), repr(out)
    assert "\\x1b[1A\\x1b[2K" in out
