"""attack17: a key base64-, hex- or base32-encoded in a WebSocket ping's or pong's payload or a close frame's
reason. stream/control_frames.py read them as written (attack4), so the encoded key reached the other side, while
the same key in a message is read decoded (attack16)."""

from __future__ import annotations

import base64

import pytest
import wsproto.events as ws_events

from addons.stream import control_frames
from tests import fakes
from tests.stream.test_attack_split_records import websocket_flow

AKID = fakes.aws_key_id(1741)
SPELLED = {"base64": base64.b64encode(AKID.encode()).decode(), "hex": AKID.encode().hex(),
           "base32": base64.b32encode(AKID.encode()).decode()}


@pytest.mark.parametrize("label", sorted(SPELLED))
@pytest.mark.parametrize("kind", [ws_events.Ping, ws_events.Pong])
def test_an_encoded_key_in_a_ping_or_pong_never_reaches_the_other_side(rt, label, kind):
    spelled = SPELLED[label]
    sent = control_frames.filtered(websocket_flow(), kind(payload=f"hb {spelled}".encode()), True)
    assert spelled.encode() not in bytes(sent.payload) and spelled[4:-4].encode() not in bytes(sent.payload)


@pytest.mark.parametrize("label", sorted(SPELLED))
def test_an_encoded_key_in_a_close_reason_never_reaches_the_other_side(rt, label):
    spelled = SPELLED[label]
    f = websocket_flow()
    f.websocket.closed_by_client = True
    f.websocket.close_reason = f"bye {spelled}"
    sent = control_frames.filtered(f, ws_events.CloseConnection(code=1000, reason=f"bye {spelled}"), True)
    assert spelled[4:-4] not in sent.reason and sent.code == 1000
