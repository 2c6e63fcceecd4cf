"""attack20: a key in the bytes a base64 run decodes to, when those bytes are binary (a PDF with the key in its text,
`tar c .env`, an uncompressed zip), sent in a provider's document part or any JSON string.

A binary body's printable strings were read (a key there refuses the request) but a run of base64 that decoded to
binary was skipped whole ("a secret there would need to be read out of an image"), so the same file base64'd into
a JSON field went to the guarded host with the key. Such a run now gives its printable strings, scanned for
fixed-shape keys (random bytes hold short printable stretches) and never rewritten: 403."""

from __future__ import annotations

import base64
import io
import json
import random
import string
import tarfile
import zipfile

import pytest

from addons.core import runtime
from addons.formats import encoded
from addons.formats.model import Field
from tests import decodings
from tests.guard.support import ANTHROPIC, MAX_BODY_BYTES, POLICY, Upstream, exchange, guard_chain, request_flow


def _runtime(tmp_path) -> runtime.Runtime:
    policy = tmp_path / "policy.yaml"  # the test policy with the default body limit (10 MB) and the shipped rules
    policy.write_text(POLICY.split("rules:\n")[0].replace(f"max_body_bytes: {MAX_BODY_BYTES}",
                                                          "max_body_bytes: 10485760"))
    return runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fingerprint.key")


def _document_body(data: str) -> bytes:
    return json.dumps({"model": "claude-test", "max_tokens": 64, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": data}},
        {"type": "text", "text": "summarise this"}]}]}).encode()


def _aws_key(seed: int) -> str:
    """An AWS key id of the rule's shape, made up here (seeded): never a credential."""
    rng = random.Random(seed)
    return "AKIA" + "".join(rng.choice(string.ascii_uppercase + "234567") for _ in range(16))


def _pdf(key: str, size: int) -> bytes:
    return b"%PDF-1.7\n" + random.Random(1).randbytes(size) + b"\nBT (aws key " + key.encode() + b") Tj ET\n" + \
        random.Random(2).randbytes(size)


def _tar(key: str) -> bytes:
    data = f"AWS_ACCESS_KEY_ID={key}\nREGION=eu-west-1\n".encode()
    out = io.BytesIO()
    with tarfile.open(fileobj=out, mode="w") as tar:
        info = tarfile.TarInfo(".env")
        info.size = len(data)
        tar.addfile(info, io.BytesIO(data))
    return out.getvalue()


def _zip_stored(key: str) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_STORED) as z:
        z.writestr("config/.env", f"AWS_ACCESS_KEY_ID={key}\n")
    return out.getvalue()


FILES = {
    "pdf_small": lambda key: _pdf(key, 100),
    "pdf_large": lambda key: _pdf(key, 200_000),
    "tar": _tar,
    "zip_stored": _zip_stored,
}


async def _answer(tmp_path, body: bytes):
    with guard_chain(_runtime(tmp_path)) as tctx:
        upstream = Upstream()
        flow = request_flow(*ANTHROPIC, body)
        await exchange(tctx, flow, upstream)
    return upstream.received, flow


@pytest.mark.parametrize("name", sorted(FILES))
async def test_a_key_in_a_binary_file_sent_as_base64_is_refused(tmp_path, name):
    key = _aws_key(3)
    raw = FILES[name](key)
    assert b"\x00" in raw or name.startswith("pdf")  # binary: no text reading of it
    received, flow = await _answer(tmp_path, _document_body(base64.b64encode(raw).decode()))
    assert received == []
    assert flow.response is not None and flow.response.status_code == 403
    assert key.encode() not in flow.response.content


async def test_a_key_in_a_binary_file_in_any_json_string_is_refused(tmp_path):
    key = _aws_key(4)
    body = json.dumps({"model": "claude-test", "max_tokens": 8, "messages": [{"role": "user", "content":
                       "here: " + base64.b64encode(_tar(key)).decode()}]}).encode()
    received, flow = await _answer(tmp_path, body)
    assert received == []
    assert flow.response is not None and flow.response.status_code == 403


@pytest.mark.parametrize("seed", range(3))
async def test_a_binary_file_without_a_key_is_sent_unchanged(tmp_path, seed):
    # Invariant 4: random bytes hold printable stretches; only fixed-shape keys are read there.
    raw = b"%PDF-1.7\nBT (contact: jane.doe@example.com, +44 20 7946 0958) Tj ET\n" + \
        random.Random(seed).randbytes(300_000)
    body = _document_body(base64.b64encode(raw).decode())
    received, _flow = await _answer(tmp_path, body)
    (sent,) = received
    assert sent.content == body


def _spellings(key: str) -> dict[str, str]:
    note = f"aws_access_key_id={key} for the deploy job".encode()
    return {
        # attack19's backwards reading wanted every byte ASCII: one non-ASCII byte before the note dodged it
        "backwards_after_a_non_ascii_byte": base64.b64encode(b"\xff" + note).decode()[::-1],
        "backwards_after_binary": base64.b64encode(b"\x00\x01\xfe" + note).decode()[::-1],
        # a UTF-16 byte-order mark before binary: the bytes read as UTF-16 text, the key's ASCII as other letters
        "after_a_utf16_mark": base64.b64encode(b"\xff\xfe" + random.Random(5).randbytes(40) + note).decode(),
        "hex_of_binary": (b"\xff\xfe\x00" + note).hex(),
    }


@pytest.mark.parametrize("name", sorted(_spellings("x")))
async def test_a_key_behind_non_ascii_bytes_in_a_chat_message_never_reaches_the_upstream(tmp_path, name):
    key = _aws_key(6)
    spelled = _spellings(key)[name]
    assert decodings.exposed(spelled, key, backwards=True)  # the independent decoder reads the spelling
    body = json.dumps({"model": "claude-test", "max_tokens": 8, "messages": [{"role": "user", "content":
                       f"keep this: {spelled} thanks"}]}).encode()
    received, _flow = await _answer(tmp_path, body)
    sent = b"".join(r.content for r in received)
    assert spelled.encode() not in sent and key.encode() not in sent
    # refused, or masked inside the encoding (a run read backwards is re-encoded backwards): no reading holds the key
    assert not decodings.exposed(sent.decode("latin-1"), key, backwards=True)  # an independent decoder
    readings = encoded.expand([Field("sent", sent.decode("latin-1"), "text")]).fields
    assert received == [] or any("[MASKED:aws-access-key-id:" in f.text for f in readings)
