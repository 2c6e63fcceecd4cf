"""attack17: a key hex-, base32- or base64-encoded and glued to a word by `-` or `_` (`X-<hex>`, `file-<hex>`,
`id_<base32>`). `-` and `_` are base64url characters, so the run was read from the word's first letter: as
base64url it decodes to noise, and the key inside was never decoded, around the body and in it."""

from __future__ import annotations

import base64
import json

import pytest

from addons.formats import encoded
from addons.formats.model import Field
from tests.guard.support import OPENAI, TOKEN, Upstream, chat_body, exchange, request_flow

SPELLED = {"hex": TOKEN.encode().hex(), "base32": base64.b32encode(TOKEN.encode()).decode(),
           "base64": base64.b64encode(TOKEN.encode()).decode()}


def _forms() -> list[str]:
    return [TOKEN, *(s[4:-4] for s in SPELLED.values())]


@pytest.mark.parametrize("glue", ["file-", "id_", "x-note-", "v1_2-"])
@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_glued_encoded_key_around_the_body_never_reaches_the_upstream(chain, glue, label):
    spelled = glue + SPELLED[label]
    flow = request_flow(OPENAI[0], f"/v1/files/{spelled}/content?note={spelled}", chat_body("hello"))
    flow.request.headers["X-Note"] = f"see {spelled} end"
    flow.request.headers["Cookie"] = f"a=1; b={spelled}"
    if label != "base64":  # a header name is a token: no "+", "/", "="
        flow.request.headers[f"X-{spelled}"] = "1"
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    sent = json.dumps([r.path + str(r.headers) for r in upstream.received]) + flow.request.path + str(
        flow.request.headers)
    assert [f[:8] for f in _forms() if f in sent] == [], sent


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_a_glued_encoded_key_in_a_json_body_is_masked(chain, label):
    spelled = "file-" + SPELLED[label]
    flow = request_flow(*OPENAI, chat_body(f"attach {spelled} please"))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    assert [f[:8] for f in _forms() if f in sent.get_text()] == []
    assert "attach file-" in sent.get_text()  # masked by re-encoding the piece, as any run of a body


def test_ids_with_dashes_and_underscores_are_not_read_as_pieces():
    """UUIDs, slugs and model names: no piece of 16 run characters, nothing decoded."""
    texts = ["550e8400-e29b-41d4-a716-446655440000", "gpt-4o-mini-2024-07-18", "my-project_name-for-the-demo",
             "chatcmpl-AbCdEfGhIjKlMnOpQrStUvWx", "sk_live_" + "0" * 10]
    assert encoded.expand([Field("x", t, "text") for t in texts]).fields == []


@pytest.mark.parametrize("name", [base64.b32encode(TOKEN.encode()).decode().rstrip("=").lower(), TOKEN.lower()])
async def test_a_header_name_is_read_upper_cased_too(chain, name):
    """HTTP/2 sends header names lower-cased: base32 of a key (an upper-case alphabet) or a key whose rule reads
    capitals arrives so, and the upstream reads it back upper-cased. Read as host names are (attack17)."""
    flow = request_flow(*OPENAI, chat_body("hello"))
    flow.request.headers[f"x-{name}"] = "1"
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received == [] and flow.response is not None and flow.response.status_code == 403
    assert name not in str(flow.request.headers)


def _with_slash_and_plus() -> str:
    """A text holding the token whose base64 holds "/" and "+" (base64 of letters and digits never does: it comes
    from `?`, `>`, `~` or beyond ASCII), so its run has separators of its own inside the URL's."""
    for i in range(64):
        text = f"k?~>{'?' * (i % 3)}{i} {TOKEN}"
        b64 = base64.b64encode(text.encode()).decode()
        if "/" in b64 and "+" in b64:
            return text
    raise AssertionError("no such text")


@pytest.mark.parametrize("label", ["base64", "hex", "base32"])
async def test_an_encoded_key_in_a_url_path_inside_a_json_string_is_masked(chain, label):
    raw = _with_slash_and_plus().encode()
    spelled = {"base64": base64.b64encode(raw).decode(), "hex": raw.hex(), "base32": base64.b32encode(raw).decode()}
    url = f"https://paste.example.com/v1/files/{spelled[label]}/content"
    flow = request_flow(*OPENAI, chat_body(f"fetch {url} now"))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    (sent,) = upstream.received
    text = sent.get_text()
    assert TOKEN not in text and spelled[label][4:-4] not in text, text
    assert "https://paste.example.com/v1/files/" in text and "/content now" in text


def test_a_stretch_of_a_run_is_read_for_fixed_shape_keys_only():
    """Stretches are a guess (base64 of binary has printable ones): decoded-short, as short runs are."""
    fields = encoded.expand([Field("$.a", "com/v1/files/" + SPELLED["base64"] + "/content")]).fields
    assert [f.kind for f in fields] == ["decoded-short"] and TOKEN in fields[0].text
