"""attack58 on rec56 (flowstate.encoded written from a flow's parts, header fields' encodings kept): the contract
is "what ``tnet.dumps(flow.get_state())`` gives, and raises where that raises" -- never bytes that mitmproxy would
not have written, which a reader (mitmproxy 12.3, ``exitguard audit``) may then refuse.

The first test passes on main (the state dicts raise) and failed on rec56 at b8f8065: a message whose ``headers``
is None (``flow.response.headers = None``: mitmproxy's setter takes it) was written as a tnet null, a ``.mitm``
record FlowReader refuses ("Invalid data format"), where FlowWriter raises AttributeError. Only the trailers may be
None. The fix (rec56's ``_message``): take the template only while ``type(state["headers"]) is http.Headers``.
The scrubbed copy the audit addon records never has None headers today (the scrub reads them first), so this is the
encoder's own contract, not a reachable hole in the proxy; it stops the next caller from writing an unreadable
record silently.

The second test runs mixed flows in turn (WebSocket messages, errors with int/bool timestamps, odd metadata, int
status codes and ports that are bools, a field cache of five entries so it is cleared mid-flow) against
FlowWriter's bytes (or its exception type)."""

from __future__ import annotations

import random
from io import BytesIO

import pytest
from mitmproxy import flow as mflow
from mitmproxy import http, io, websocket
from mitmproxy.test import tflow
from wsproto.frame_protocol import Opcode

from addons.audit import flowstate
from addons.audit.recorder import Recorder


def writer_result(flow) -> bytes | type:
    try:
        buf = BytesIO()
        io.FlowWriter(buf).add(flow)
        return buf.getvalue()
    except Exception as e:  # the exception's type is what is compared
        return type(e)


def encoder_result(flow) -> bytes | type:
    try:
        return Recorder.serialize(flow)
    except Exception as e:
        return type(e)


@pytest.mark.parametrize("which", ["request", "response"])
def test_a_message_without_headers_is_refused_as_flowwriter_refuses_it_not_written_unreadable(which):
    f = tflow.tflow(resp=True)
    getattr(f, which).data.headers = None
    expected = writer_result(f)
    assert expected is AttributeError  # mitmproxy cannot serialize it
    got = encoder_result(f)
    if isinstance(got, bytes):  # what rec56 wrote: show that a reader refuses it
        with pytest.raises(Exception, match="Invalid data format"):
            list(io.FlowReader(BytesIO(got)).stream())
    assert got is expected


def _mixed_flow(rng: random.Random):
    def some_bytes(n: int = 20) -> bytes:
        return rng.randbytes(rng.randrange(n))

    if rng.random() < 0.3:
        f = tflow.twebsocketflow()
        assert f.websocket is not None
        f.websocket.messages += [
            websocket.WebSocketMessage(rng.choice([Opcode.TEXT, Opcode.BINARY]), rng.random() < 0.5, some_bytes(),
                                       rng.random() * 1e9, dropped=rng.random() < 0.2)
            for _ in range(rng.randrange(4))]
    else:
        f = tflow.tflow(resp=rng.random() < 0.8, err=rng.random() < 0.3)
    if rng.random() < 0.3:
        f.error = mflow.Error(rng.choice(["", "x;", "\u00e9" * 3]), rng.choice([0, 1, 1.5, 1e20, True]))
    r = f.request
    r.headers = http.Headers([(rng.choice([b"a", b"b", some_bytes(5)]), rng.choice([b"1", b"", some_bytes(300)]))
                              for _ in range(rng.randrange(6))])
    if rng.random() < 0.3:
        r.trailers = http.Headers([(b"t", some_bytes())])
    r.data.timestamp_end = rng.choice([None, 0, 1.0, 3, -0.0, float("inf")])
    r.data.port = rng.choice([0, 65535, True])
    if f.response is not None:
        f.response.data.status_code = rng.choice([0, 200, True, 10**20])
        f.response.data.reason = some_bytes()
        f.response.data.content = rng.choice([None, b"", some_bytes(100)])
    f.metadata = {rng.choice(["a", "b", "c"]): rng.choice(
        [None, 0, 2**70, 1.5, True, "\u00e9\u200b", b"\x00", [1, "a"], (b"x",), {"k": {"n": 1}}, -0.0])
        for _ in range(rng.randrange(4))}
    f.comment, f.marked = rng.choice(["", "c", "\u00e9"]), rng.choice(["", ":x:"])
    f.timestamp_created = rng.choice([0, 1.5, 10**12])
    return f


def test_mixed_flows_in_turn_with_a_small_field_cache_are_flowwriters_bytes(monkeypatch):
    if hasattr(flowstate, "FIELDS_REMEMBERED"):  # rec56's cache of header fields: cleared every few fields
        monkeypatch.setattr(flowstate, "FIELDS_REMEMBERED", 5)
    rng = random.Random(58)
    for i in range(600):
        f = _mixed_flow(rng)
        assert encoder_result(f) == writer_result(f), i
