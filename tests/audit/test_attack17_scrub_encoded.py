"""attack17: a key base64-, base32- or hex-encoded in the parts of a flow around its body, let through by the
policy (an observed, unlisted host; report-only mode; an answer's header), must not reach the record as it was.
The guard decodes these runs (core/encoded_keys.py) but the record's scrub read them as written."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy import websocket
from mitmproxy.test import tflow
from wsproto.frame_protocol import Opcode

from addons.audit import scrub
from tests import fakes

AKID = fakes.aws_key_id(1701)
KEY = fakes.openai_key(1702)


def spellings(value: str) -> dict[str, str]:
    raw = value.encode()
    return {"base64": base64.b64encode(raw).decode(), "base64url": base64.urlsafe_b64encode(raw).decode().rstrip("="),
            "base32": base64.b32encode(raw).decode(), "hex": raw.hex(),
            "base64-of-token": base64.b64encode(b"token=" + raw).decode()}


def forms(value: str) -> list[str]:
    return [value, *(s[4:-4] for s in spellings(value).values())]


SECRETS = forms(AKID) + forms(KEY)
CASES = [(label, spelled) for value in (AKID, KEY) for label, spelled in spellings(value).items()]


def _left(text: str) -> list[str]:
    return [s[:10] for s in SECRETS if s in text]


@pytest.mark.parametrize(("label", "spelled"), CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_an_encoded_key_in_a_header_path_or_query_is_not_recorded(rt, label, spelled):
    flow = tflow.tflow(resp=True)
    flow.request.headers["X-Note"] = "see " + spelled
    flow.request.headers["Cookie"] = "session=" + spelled  # redacted whole (a credential header)
    flow.request.trailers = None
    flow.request.path = f"/v1/files/{spelled}?note={spelled}&{spelled}=1"
    flow.response.headers["X-Upstream-Note"] = spelled
    record = scrub.record_copy(flow, rt)
    written = json.dumps({"path": record.request.path, "req": list(record.request.headers.items(multi=True)),
                          "resp": list(record.response.headers.items(multi=True))})
    assert _left(written) == [], written
    assert "[MASKED:" in record.request.headers["X-Note"] and record.request.headers["X-Note"].startswith("see ")
    assert record.request.path.count("MASKED") >= 3


@pytest.mark.parametrize(("label", "spelled"), CASES, ids=[f"{i}-{c[0]}" for i, c in enumerate(CASES)])
def test_an_encoded_key_in_a_websocket_message_or_close_reason_is_not_recorded(rt, label, spelled):
    flow = tflow.twebsocketflow()
    flow.websocket.messages = [websocket.WebSocketMessage(Opcode.TEXT, True, f"note {spelled} end".encode()),
                               websocket.WebSocketMessage(Opcode.BINARY, False, json.dumps({"a": spelled}).encode())]
    flow.websocket.close_reason = spelled
    record = scrub.record_copy(flow, rt)
    assert record.websocket is not None
    written = json.dumps([m.content.decode() for m in record.websocket.messages] + [record.websocket.close_reason])
    assert _left(written) == [], written
    assert record.websocket.messages[0].text.startswith("note [MASKED:")


def test_encoded_data_that_is_no_key_is_recorded_as_it_was(rt):
    plain = base64.b64encode(b"just a cursor for page two of the list").decode()
    noise = base64.b64encode(bytes(range(40))).decode()
    flow = tflow.tflow(resp=True)
    flow.request.headers["X-Cursor"] = plain
    flow.request.headers["X-Nonce"] = noise
    flow.request.path = f"/v1/items?cursor={plain}"
    record = scrub.record_copy(flow, rt)
    assert record.request.headers["X-Cursor"] == plain and record.request.headers["X-Nonce"] == noise
    assert record.request.path == flow.request.path


@pytest.mark.parametrize("spelled", [AKID.encode().hex(), base64.b32encode(AKID.encode()).decode().rstrip("=").lower(),
                                     base64.urlsafe_b64encode(AKID.encode()).decode().rstrip("=")])
def test_an_encoded_key_in_a_host_name_header_name_or_method_is_not_recorded(rt, spelled):
    # a DNS label holds hex or base32 of a key (lower-cased: names are case-insensitive); a header name or a
    # method is any token
    flow = tflow.tflow(resp=True)
    flow.request.host = f"{spelled}.unlisted.example"
    flow.request.headers["Host"] = f"{spelled}.unlisted.example"
    flow.request.headers[f"X-{spelled}"] = "1"
    flow.request.data.method = base64.b32encode(AKID.encode()).decode().encode()  # case-sensitive: as written
    record = scrub.record_copy(flow, rt)
    written = json.dumps({"host": record.request.host, "method": record.request.method,
                          "headers": list(record.request.headers.items(multi=True))})
    assert spelled not in written.lower() and spelled.upper() not in written, written
    assert base64.b32encode(AKID.encode()).decode() not in written
