"""attack19: base64 (or hex, or base32) of a key written backwards (`b64encode(note)[::-1]`) in a chat message. The
loose views read a key written backwards, and the encoded runs are decoded, but not both: the run decoded forwards to
noise and the key inside was sent. A run of up to ``GLUE_RUN`` characters that decodes to nothing is now read
backwards too; a reading that gives printable text is a guess (fixed-shape keys only, as every guessed view) and a
mask re-encodes it backwards. Percent-encoded base64 (`%2B`, `%2F`, `%3D`, what a URL query carries) was caught
already: each piece between escapes is read (pinned here too)."""

from __future__ import annotations

import base64
import json
import urllib.parse

import pytest

from addons.core import runtime
from addons.formats import encoded
from addons.formats.model import Field
from tests import decodings
from tests.guard.support import OPENAI, Upstream, chat_body, exchange, guard_chain, request_flow, shipped_rules_runtime

# Made up for this test: an AWS key id's shape (never a credential).
AWS = "AKIA" + "QYLPMN5HHHFPMJ7Q"
NOTE = f"aws_access_key_id={AWS} for the deploy job, region eu-west-1"
B64 = base64.b64encode(NOTE.encode()).decode()

SPELLED = {
    "reversed base64": B64[::-1],
    "reversed base64url": base64.urlsafe_b64encode(NOTE.encode()).decode().rstrip("=")[::-1],
    "reversed hex": NOTE.encode().hex()[::-1],
    "reversed base64 of the key alone": base64.b64encode(AWS.encode()).decode()[::-1],
    "percent-encoded base64": urllib.parse.quote(B64, safe=""),
}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack19-reversed"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


def _exposed(text: str) -> bool:
    return decodings.exposed(text, AWS, backwards=True)


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_key_encoded_backwards_never_reaches_the_upstream(chain, label):
    spelled = SPELLED[label]
    flow = request_flow(*OPENAI, chat_body(f"keep this for later: {spelled} thanks"))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    text = sent.get_text()
    assert json.loads(text)["messages"][1]["content"].startswith("keep this for later: ")
    assert _exposed(json.dumps(chat_body(f"x {spelled} y").decode()))  # the check reads the spelling
    for where in (text, flow.request.get_text()):  # what went upstream, and what the live flow (the record) holds
        assert not _exposed(where), where


def test_a_mask_is_written_backwards_as_the_run_was():
    spelled = SPELLED["reversed base64"]
    expansion = encoded.expand([Field("m", f"x {spelled} y", "text")])
    (field,) = [f for f in expansion.fields if AWS in f.text]
    assert field.kind == "decoded-short"  # a guess: fixed-shape keys only
    index = 1 + expansion.fields.index(field)
    masked = field.text.replace(AWS, "[MASKED:aws-access-key-id:abcdef]")
    out = encoded.apply([Field("m", f"x {spelled} y", "text"), *expansion.fields], expansion.splices, 1,
                        {index: masked})
    run = out[0][2:-2]
    assert base64.b64decode(run[::-1] + "=" * (-len(run) % 4)).decode() == masked


@pytest.mark.parametrize("text", ["550e8400e29b41d4a716446655440000", "sha256-" + "a" * 40,
                                  "model-gpt-4o-mini-2024-07-18-preview", base64.b64encode(bytes(range(30))).decode()])
def test_ids_and_binary_runs_give_nothing_backwards(text):
    assert [f.text for f in encoded.expand([Field("x", text, "text")]).fields] == []
