"""attack32: a regex memo entry that lies (another value group: a memo edited by its owner, or one gone stale) makes
every rule fail at its first use, in the middle of a scan. The rule loader's error is a ValueError (`RuleError`),
and readers catch ValueError to mean "not this format": each body format the guard reads must still fail the
request closed (502, nothing sent upstream), not read the body as clean."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.detect import rule_cache, rules, scanner
from addons.detect.regex_memo import RegexMemo
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import OPENAI, POLICY, RULES, TOKEN, Upstream, chat_body, exchange, request_flow

MULTIPART = f'--XX\r\nContent-Disposition: form-data; name="a"\r\n\r\n{TOKEN}\r\n--XX--\r\n'.encode()
BODIES = {
    "json": ("application/json", chat_body(f"key {TOKEN}")),
    "text": ("text/plain", f"key {TOKEN}".encode()),
    "form": ("application/x-www-form-urlencoded", urllib.parse.urlencode({"a": TOKEN}).encode()),
    "base64 in json": ("application/json", chat_body(base64.b64encode(f"key {TOKEN}".encode()).decode())),
    "json in json": ("application/json", chat_body(json.dumps({"k": TOKEN}))),
    "xml": ("application/xml", f"<a><b>{TOKEN}</b></a>".encode()),
    "utf-16": ("text/plain; charset=utf-16", f"key {TOKEN}".encode("utf-16")),
    "binary": ("application/octet-stream", b"\x00\x01" + TOKEN.encode() + b"\xff"),
    "multipart": ("multipart/form-data; boundary=XX", MULTIPART),
    "ndjson": ("application/x-ndjson", (json.dumps({"a": TOKEN}) + "\n").encode()),
    "event stream": ("text/event-stream", f"data: {TOKEN}\n\n".encode()),
    "broken json": ("application/json", b'{"a": "' + TOKEN.encode() + b'"'),
}


@pytest.fixture
def lying_memo(tmp_path, monkeypatch):
    monkeypatch.setattr(rule_cache, "load", lambda key: None)  # parsed through the memo, not read from the rules cache
    honest = RegexMemo(tmp_path / "honest.json")
    monkeypatch.setattr(rules, "_MEMO", honest)
    monkeypatch.setattr(rules, "_PARSED", {})
    rules.load_paths([RULES])
    honest.save()
    lies = {digest: group + 5 if group else group for digest, group in json.loads(honest.path.read_text()).items()}
    (tmp_path / "liar.json").write_text(json.dumps(lies))
    monkeypatch.setattr(rules, "_MEMO", RegexMemo(tmp_path / "liar.json"))
    monkeypatch.setattr(rules, "_PARSED", {})
    monkeypatch.setattr(scanner, "_SCANNERS", {})  # else a scanner another test built from these rules is reused
    policy = tmp_path / "policy.yaml"
    policy.write_text(POLICY)
    built = runtime.build(str(policy), [str(RULES)], tmp_path / "fingerprint.key", mode="enforce")
    assert all(rule.compiled is None for rule in built.scanner.rules)  # every rule compiles at its first use
    runtime.install(built)
    yield built
    runtime.install(None)


@pytest.mark.parametrize("name", list(BODIES))
async def test_a_rule_failing_at_first_use_fails_every_body_format_closed(lying_memo, name):
    content_type, body = BODIES[name]
    with taddons.context(HostPolicy(), Guard()) as tctx:
        upstream = Upstream()
        flow = request_flow(*OPENAI, body, headers=((b"content-type", content_type.encode()),))
        await exchange(tctx, flow, upstream)
    assert upstream.received == []
    assert flow.metadata[metakeys.DECISION] in ("error", "block")
    assert TOKEN not in json.dumps(flow.metadata) + flow.response.get_text()


async def test_the_log_says_which_rule_failed_and_what_to_do_and_no_content(lying_memo, caplog):
    with taddons.context(HostPolicy(), Guard()) as tctx:
        flow = request_flow(*OPENAI, chat_body(f"key {TOKEN}"))
        await exchange(tctx, flow, Upstream())
    said = "\n".join(record.getMessage() for record in caplog.records)
    assert "its value group is not the one remembered" in said and "is stale or was edited: delete it" in said
    assert TOKEN not in said
