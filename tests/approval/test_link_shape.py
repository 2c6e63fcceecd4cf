"""Decision links have a shape every exitguard knows (``egl_`` + 30 base62 + a base62 CRC32 of them, the shipped
rule ``exitguard-decision-link``): a second exitguard that a link passes through (a reviewer's machine, a
forwarding receiver whose egress is guarded) masks it in what it forwards to guarded hosts and in its records,
and the callback still takes the links it issued, old unprefixed ones included until they expire."""

from __future__ import annotations

import base64
import hashlib
import json
import secrets
from urllib.parse import quote

import pytest
from mitmproxy.test import taddons

from addons.approval import capability
from addons.approval.seal import Seal
from addons.audit import audit
from addons.audit import index as auditlog
from addons.core import runtime
from addons.core.state.memory import MemoryState
from addons.detect import Scanner
from addons.detect.validators import crc32_base62_tail
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import Upstream, exchange, json_response, request_flow

RULE = "exitguard-decision-link"
SEAL = Seal.of_key(bytes(range(32)))


@pytest.fixture
def default_rt(tmp_path):
    """The default policy and the shipped rules: what a second exitguard runs."""
    installed = runtime.build(None, [], tmp_path / "fp.key")
    runtime.install(installed)
    yield installed
    runtime.install(None)


@pytest.fixture
def second_exitguard(default_rt, tmp_path):
    """HostPolicy, Guard and Audit as the chain orders them, recording into tmp_path/rec."""
    recorder = audit.Audit()
    with taddons.context(HostPolicy(), Guard(), recorder) as tctx:
        tctx.configure(recorder, exitguard_record_dir=str(tmp_path / "rec"))
        yield tctx
    recorder.done()


async def issued(window_s: int = 900) -> dict[str, str]:
    return await capability.issue_links(MemoryState("r1"), "abcd0123", ttl_s=30, window_s=window_s, seal=SEAL)


def recorded_bytes(tmp_path) -> bytes:
    return b"".join(p.read_bytes() for p in (tmp_path / "rec").iterdir() if p.is_file())


async def test_issued_link_tokens_have_the_egl_shape_and_the_shipped_rule_finds_exactly_them():
    tokens = await issued()
    scanner = Scanner.default()
    for token in tokens.values():
        assert token.startswith("egl_") and len(token) == 40 and crc32_base62_tail(token)
        url = f"https://approvals.example.com/v1/links/abcd0123/approve/{token}"
        [found] = scanner.scan(url)
        assert (found.rule_id, url[found.start:found.end], found.tier) == (RULE, token, "precise")
    assert len(set(tokens.values())) == len(tokens)


async def test_the_webhook_body_forwarded_through_a_second_exitguard_is_masked_and_never_recorded(
        second_exitguard, tmp_path):
    tokens = await issued()
    webhook = {"event": "exitguard.approval.requested", "id": "abcd0123", "callbacks": {
        kind.replace("-", "_"): f"https://approvals.example.com/v1/links/abcd0123/{kind}/{token}"
        for kind, token in tokens.items()}}
    body = json.dumps({"model": "gpt-test", "messages": [
        {"role": "user", "content": f"summarize this webhook: {json.dumps(webhook)}"}]}).encode()
    flow = request_flow("api.openai.com", "/v1/chat/completions", body)
    upstream = Upstream(json_response({"choices": []}))
    await exchange(second_exitguard, flow, upstream)
    (sent,) = upstream.received
    assert sent.content.count(f"[MASKED:{RULE}:".encode()) == len(tokens)
    recorded = recorded_bytes(tmp_path)
    assert recorded and not [kind for kind, token in tokens.items() if token.encode() in recorded]
    [record] = [r for _, _, r in auditlog.read_records(auditlog.index_files(tmp_path / "rec"))]
    assert {f["rule"] for f in record["findings"]} == {RULE}


async def test_a_reviewers_call_observed_by_a_second_exitguard_passes_but_is_recorded_masked(
        second_exitguard, tmp_path):
    token = (await issued())["approve"]
    flow = request_flow("approvals.example.com", f"/v1/links/abcd0123/approve/{token}")
    upstream = Upstream(json_response({"approval": {"state": "approved"}}))
    await exchange(second_exitguard, flow, upstream)
    (sent,) = upstream.received
    assert sent.path.endswith(token)  # an unlisted host is observed: the link still works
    recorded = recorded_bytes(tmp_path)
    assert b"/v1/links/abcd0123/approve/" in recorded and token.encode() not in recorded
    [record] = [r for _, _, r in auditlog.read_records(auditlog.index_files(tmp_path / "rec"))]
    assert record["path"] == f"/v1/links/abcd0123/approve/[MASKED:{RULE}:{record['path'][-7:-1]}]"


async def test_a_link_issued_before_the_prefix_is_refused_without_asking_the_store():
    """Older replicas issued ``token_urlsafe`` links and stored their records unsealed: whoever could write the
    store could make one up, so they are refused on their shape (the CLI still decides those approvals)."""
    store = MemoryState("t")
    old = secrets.token_urlsafe(32)
    await store.put(f"approval:link:{hashlib.sha256(old.encode()).hexdigest()}", json.dumps(
        {"id": "abcd0123", "verdict": "approve", "siblings": [], "window_s": None}), 30)
    with pytest.raises(capability.Refused):
        await capability.redeem_link(store, "abcd0123", "approve", old, seal=SEAL)


# ---------------------------------------------------------------------------------------- what an attacker tries


async def test_a_prefixed_token_with_a_wrong_checksum_is_refused_without_asking_the_store():
    class CountingStore(MemoryState):
        gets = 0

        async def get(self, key):
            CountingStore.gets += 1
            return await super().get(key)

    store = CountingStore("t")
    token = (await capability.issue_links(store, "abcd0123", ttl_s=30, seal=SEAL))["approve"]
    wrong_checksum = token[:-1] + ("A" if token[-1] != "A" else "B")
    for forged in (wrong_checksum, token[:-1], token + "A", "egl_" + "A" * 36):
        with pytest.raises(capability.Refused):
            await capability.redeem_link(store, "abcd0123", "approve", forged, seal=SEAL)
    assert CountingStore.gets == 0  # refused on its shape: a guess costs the store nothing
    assert await capability.redeem_link(store, "abcd0123", "approve", token, seal=SEAL) is None  # the real one works


def _percent_every_byte(text: str) -> str:
    return "".join(f"%{b:02X}" for b in text.encode())


@pytest.mark.parametrize("disguise", [
    lambda webhook: webhook,
    lambda webhook: quote(webhook, safe=""),  # URL-encoded: the token's characters stay as they are
    lambda webhook: _percent_every_byte(webhook),  # every byte percent-encoded, token included
    lambda webhook: base64.b64encode(webhook.encode()).decode(),
    lambda webhook: base64.b64encode(base64.b64encode(webhook.encode())).decode(),
], ids=["plain", "url-encoded", "percent-every-byte", "base64", "base64-twice"])
async def test_a_link_in_an_encoded_body_is_masked_too(second_exitguard, tmp_path, disguise):
    token = (await issued())["approve"]
    webhook = json.dumps({"callbacks": {"approve": f"https://approvals.example.com/v1/links/abcd0123/approve/{token}"}})
    carried = disguise(webhook)
    body = json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": f"what is this? {carried}"}]})
    flow = request_flow("api.openai.com", "/v1/chat/completions", body.encode())
    upstream = Upstream(json_response({"choices": []}))
    await exchange(second_exitguard, flow, upstream)
    (sent,) = upstream.received
    assert carried.encode() not in sent.content and token.encode() not in sent.content
    assert sent.content != body.encode() and json.loads(sent.content)["model"] == "gpt-test"
    recorded = recorded_bytes(tmp_path)
    assert token.encode() not in recorded and carried.encode() not in recorded
