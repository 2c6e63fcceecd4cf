"""WebSocket control frames (attack4): what stream/control_frames.py sends instead of a ping's or pong's payload and a
close frame's reason, and that mitmproxy's relay goes through it (core/compat.py). Shipped rules, default policy;
the live proof is tests/stream/test_live_attack_ws_control.py."""

from __future__ import annotations

import dataclasses

import pytest
import wsproto
import wsproto.events as ws_events
from mitmproxy.proxy.layers.websocket import WebsocketConnection
from mitmproxy.test import tflow

from addons.audit import scrub
from addons.core import compat, metakeys, runtime
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.stream import control_frames
from tests import fakes
from tests.stream.test_attack_split_records import websocket_flow

AKID = fakes.aws_key_id(45)
PAT = fakes.github_pat(46)


def closing_flow(by_client: bool, reason: str):
    f = websocket_flow()
    f.websocket.closed_by_client = by_client
    f.websocket.close_reason = reason  # as mitmproxy sets it before relaying the frame
    return f


@pytest.mark.parametrize("kind", [ws_events.Ping, ws_events.Pong])
@pytest.mark.parametrize("to_server", [True, False])
def test_a_key_in_a_ping_or_pong_payload_is_masked_both_ways(rt, kind, to_server):
    f = websocket_flow()
    sent = control_frames.filtered(f, kind(payload=f"hb {AKID}".encode()), to_server)
    assert type(sent) is kind and AKID.encode() not in sent.payload
    assert bytes(sent.payload).startswith(b"hb [MASKED:aws-access-key-id:")
    assert f.metadata[metakeys.DECISION] == "mask"
    [finding] = f.metadata[metakeys.FINDINGS]
    assert finding["direction"] == ("request" if to_server else "response") and finding["location"] == "websocket:" \
        + kind.__name__.lower()


def test_a_payload_whose_mask_does_not_fit_the_frame_is_dropped(rt):
    f = websocket_flow()
    payload = " ".join([AKID] * 6).encode()  # 125 bytes; six placeholders are longer
    assert len(payload) <= control_frames.MAX_PAYLOAD
    sent = control_frames.filtered(f, ws_events.Ping(payload=payload), True)
    assert sent.payload == b""


def test_a_close_reason_is_masked_for_the_other_side_and_the_record(rt):
    f = closing_flow(True, f"done {PAT}")
    relayed = control_frames.filtered(f, ws_events.CloseConnection(code=1000, reason=f"done {PAT}"), True)
    echoed = control_frames.filtered(f, ws_events.CloseConnection(code=1000, reason=f"done {PAT}"), False)
    for sent in (relayed, echoed):
        assert sent.code == 1000 and PAT not in sent.reason and "[MASKED:github-pat-classic:" in sent.reason
    assert f.websocket.close_reason == relayed.reason
    assert len(f.metadata[metakeys.FINDINGS]) == 1  # the echo to its sender is not a second finding
    assert f.metadata[metakeys.FINDINGS][0]["direction"] == "request"


def test_a_blocked_value_drops_the_payload_but_the_frame_goes_on(rt):
    policy = Policy.parse({"version": 1, "rules": {"aws-access-key-id": {"request": "block"}}})
    runtime.install(dataclasses.replace(rt, policy=policy, inspector=Inspector(rt.scanner, policy, rt.fingerprinter)))
    f = closing_flow(True, f"bye {AKID}")
    sent = control_frames.filtered(f, ws_events.CloseConnection(code=1001, reason=f"bye {AKID}"), True)
    assert sent.code == 1001 and not sent.reason and f.websocket.close_reason == ""
    assert f.metadata[metakeys.DECISION] == "block"


def test_report_only_sends_the_frame_as_it_came_and_records(rt):
    policy = dataclasses.replace(rt.policy, mode="report")
    runtime.install(dataclasses.replace(rt, policy=policy, inspector=Inspector(rt.scanner, policy, rt.fingerprinter)))
    f = websocket_flow()
    event = ws_events.Ping(payload=f"hb {AKID}".encode())
    assert control_frames.filtered(f, event, True) is event
    assert f.metadata[metakeys.REPORT_ONLY] and f.metadata[metakeys.FINDINGS]


def test_without_a_configuration_the_payload_is_dropped():
    runtime.install(None)
    f = websocket_flow()
    assert control_frames.filtered(f, ws_events.Ping(payload=b"hb hello"), True).payload == b""


def test_clean_payloads_pass_unchanged(rt):
    f = websocket_flow()
    event = ws_events.Ping(payload=b"\x00\x01heartbeat 42")
    assert control_frames.filtered(f, event, True) is event and metakeys.FINDINGS not in f.metadata


def relayed_payload(flow, event, to_server: bool = True):
    """Through mitmproxy's own WebsocketConnection.send2, tagged as the layer tags it: the frame as read back."""
    compat.install()
    ws = WebsocketConnection(wsproto.ConnectionType.CLIENT, conn=None)
    ws.exitguard_side = (flow, to_server)
    data = ws.send2(event).data
    reader = wsproto.Connection(wsproto.ConnectionType.SERVER)
    reader.receive_data(data)
    return next(reader.events())


def test_mitmproxys_relay_goes_through_the_registered_filter(rt):
    compat.set_websocket_control_filter(control_frames.filtered)
    try:
        got = relayed_payload(websocket_flow(), ws_events.Ping(payload=f"hb {AKID}".encode()))
        assert AKID.encode() not in got.payload and b"[MASKED:aws-access-key-id:" in got.payload
        compat.set_websocket_control_filter(None)  # nothing registered on a guarded flow: dropped
        assert relayed_payload(websocket_flow(), ws_events.Ping(payload=f"hb {AKID}".encode())).payload == b""
        unguarded = tflow.twebsocketflow()
        unguarded.metadata[metakeys.HOST_CLASS] = "observe"
        assert relayed_payload(unguarded, ws_events.Ping(payload=b"hb x")).payload == b"hb x"
    finally:
        compat.set_websocket_control_filter(control_frames.filtered)


def test_the_record_masks_a_close_reason_of_any_host(rt):
    f = tflow.twebsocketflow()
    f.metadata[metakeys.HOST_CLASS] = "observe"  # not guarded: relayed as it came, recorded masked
    f.websocket.close_reason = f"bye {AKID}"
    record = scrub.record_copy(f, rt)
    assert AKID not in record.websocket.close_reason and "[MASKED:aws-access-key-id:" in record.websocket.close_reason
    assert f.websocket.close_reason == f"bye {AKID}"  # the live flow is not changed
