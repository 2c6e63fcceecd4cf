"""rec56: a recorded flow is written from its parts (flowstate.encoded: no state dicts for the flow, its request
and response; header fields' encodings kept): the bytes must be mitmproxy's own ``io.FlowWriter`` output for every
flow shape, and a mitmproxy whose state shape differs must fail here, not write other bytes."""

from __future__ import annotations

import random
import re
from io import BytesIO

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from mitmproxy import http, io, version, websocket
from mitmproxy.test import tflow, tutils
from wsproto.frame_protocol import Opcode

from addons.audit import flowstate
from addons.audit.recorder import Recorder


def writer_bytes(flow) -> bytes:
    buf = BytesIO()
    io.FlowWriter(buf).add(flow)
    return buf.getvalue()


def assert_mitmproxys(flow, loads: bool = True) -> None:
    """The bytes are FlowWriter's (and, for a flow of mitmproxy's own shape, a .mitm it reads back)."""
    expected = writer_bytes(flow)
    assert Recorder.serialize(flow) == expected
    assert Recorder.serialize(flow) == expected  # again: the connections', metadata's and fields' kept encodings
    if loads:
        (loaded,) = io.FlowReader(BytesIO(expected)).stream()
        assert loaded.id == flow.id


def http2_flow():
    f = tflow.tflow(resp=True)
    f.request.http_version = f.response.http_version = "HTTP/2.0"
    f.request.authority = "api.example.com"
    f.request.trailers = http.Headers(grpc_timeout=b"1S")
    f.response.trailers = http.Headers([(b"grpc-status", b"0"), (b"grpc-message", b"")])
    return f


def odd_headers_flow():
    f = tflow.tflow(resp=True)
    f.request.headers = http.Headers([(b"X-Dup", b"1"), (b"x-dup", b"2"), (b"", b""), (b"\xff\x00;:,]}", b"\x80\n"),
                                      (b"k" * 300, b"v" * 5000), (b"empty", b"")])
    f.response.headers = http.Headers([(b"Set-Cookie", b"a=1"), (b"Set-Cookie", b"b=2")])
    return f


def no_response_flow():
    f = tflow.tflow()
    f.request.timestamp_end = None
    f.request.content = None  # streamed, not kept
    return f


def int_timestamps_flow():
    f = tflow.tflow(resp=True)
    f.request.timestamp_start, f.response.timestamp_end = 946681200, 0
    f.timestamp_created = 7
    return f


def huge_body_flow():
    f = tflow.tflow(resp=True)
    f.request.content = bytes(range(256)) * 20_000  # 5 MB, every byte value
    f.response.content = b""
    f.response.reason = b""
    f.response.status_code = 599
    return f


def websocket_flow():
    f = tflow.twebsocketflow()
    f.websocket.messages += [websocket.WebSocketMessage(Opcode.BINARY, False, b"\x00\xff;]", 1.5, dropped=True),
                             websocket.WebSocketMessage(Opcode.TEXT, True, b"", 2, injected=True)]
    f.websocket.close_reason = "going away ; 3:x,"
    return f


def marked_flow():
    f = tflow.tflow(resp=True, err=True)
    f.marked, f.comment, f.is_replay, f.intercepted = ":star:", "a comment é", "request", True
    f.metadata = {"k": [1, 2.5, None, b"x", ("t", True)], "": {"nested": {}}}
    return f


def backup_flow():
    f = tflow.tflow(resp=True)
    f.backup()
    f.request.path = "/changed"
    return f


FLOWS = {
    "HTTP/1": lambda: tflow.tflow(resp=True),
    "HTTP/2 with trailers": http2_flow,
    "odd headers": odd_headers_flow,
    "no response, no body": no_response_flow,
    "int timestamps": int_timestamps_flow,
    "huge and empty bodies": huge_body_flow,
    "error": lambda: tflow.tflow(err=True),
    "response and error": lambda: tflow.tflow(resp=True, err=True),
    "websocket messages": websocket_flow,
    "marked, commented, replayed": marked_flow,
    "a backup": backup_flow,
}


@pytest.mark.parametrize("make", FLOWS.values(), ids=FLOWS.keys())
def test_the_bytes_are_flow_writers(make):
    assert_mitmproxys(make())


def keys(template: bytes) -> tuple[str, ...]:
    return tuple(name.decode() for name in re.findall(rb"\d+:([a-z_]+);", template))


def test_the_state_shape_is_the_one_written_from_parts():
    """A mitmproxy upgrade that changes a state's keys, their order or the format version fails here: the
    templates name them. (Data of another shape goes the ordinary way, so the bytes would still be right.)"""
    f = tflow.tflow(resp=True, err=True)
    assert tuple(vars(f.request.data)) == flowstate._REQUEST_FIELDS
    assert tuple(vars(f.response.data)) == flowstate._RESPONSE_FIELDS
    assert keys(flowstate._FLOW)[::-1] == tuple(f.get_state())
    assert keys(flowstate._REQUEST)[::-1] == flowstate._REQUEST_FIELDS
    assert keys(flowstate._RESPONSE)[::-1] == flowstate._RESPONSE_FIELDS
    assert version.FLOW_FORMAT_VERSION == 21
    # the fast path is the one taken: mitmproxy's get_state of the messages is never asked
    state = f.get_state()
    original = http.Message.get_state
    try:
        http.Message.get_state = lambda self: pytest.fail("the ordinary way was taken")  # type: ignore[method-assign]
        data = Recorder.serialize(f)
    finally:
        http.Message.get_state = original  # type: ignore[method-assign]
    assert data == writer_bytes(f) and f.get_state() == state


def test_data_of_another_shape_goes_the_ordinary_way():
    f = tflow.tflow(resp=True)
    f.request.data.extra = b"an attribute of an addon's own"  # vars() holds it: mitmproxy writes it
    f.response.data.reason = "a str reason"  # not bytes: mitmproxy's encoder decides
    assert_mitmproxys(f, loads=False)  # mitmproxy writes what it cannot read back


def test_headers_that_are_none_fail_as_mitmproxys_get_state_fails():
    f = tflow.tflow(resp=True)
    f.response.data.headers = None
    with pytest.raises(AttributeError):
        f.get_state()
    with pytest.raises(AttributeError):
        Recorder.serialize(f)


def test_a_message_subclass_goes_the_ordinary_way():
    class Shown(http.Request):
        def get_state(self):
            return {**super().get_state(), "shown": True}

    f = tflow.tflow(resp=True)
    request = Shown.from_state(f.request.get_state())
    f.request = request
    assert_mitmproxys(f, loads=False)


class Blob(bytes):
    pass


def test_header_fields_of_other_types_after_a_kept_equal_pair_are_written_as_mitmproxy_writes_them():
    f = tflow.tflow(resp=True)
    f.request.headers = http.Headers([(b"x-a", b"1")])
    assert_mitmproxys(f)  # the exact pair is kept now
    for fields in ([(Blob(b"x-a"), b"1")], [[b"x-a", b"1"]], [(b"x-a", b"1", b"2")]):
        f.request.headers.fields = tuple(fields) if isinstance(fields[0], tuple) else fields  # type: ignore
        assert_mitmproxys(f, loads=False)


def test_kept_header_fields_are_bounded_and_short_only(monkeypatch):
    monkeypatch.setattr(flowstate, "FIELDS_REMEMBERED", 3)
    flowstate._fields.clear()
    f = tflow.tflow(resp=True)
    f.request.headers = http.Headers([(b"n%d" % i, b"v") for i in range(5)] + [(b"long", b"x" * 1000)])
    assert_mitmproxys(f)
    assert len(flowstate._fields) <= 3
    assert all(len(n) + len(v) <= flowstate.FIELD_BYTES_REMEMBERED for n, v in flowstate._fields)


_BYTES = st.binary(max_size=40) | st.sampled_from([b"", b"HTTP/1.1", b"HTTP/2.0", b"x" * 300])
_FIELDS = st.lists(st.tuples(_BYTES, _BYTES), max_size=6)
_STAMP = st.none() | st.floats(allow_nan=False) | st.integers(min_value=0, max_value=2**40)


@st.composite
def _flows(draw):
    f = tflow.tflow(resp=draw(st.booleans()), err=draw(st.booleans()))
    r = f.request
    r.data.http_version, r.data.method, r.data.scheme = draw(_BYTES), draw(_BYTES), draw(_BYTES)
    r.data.authority, r.data.path = draw(_BYTES), draw(_BYTES)
    r.data.host, r.data.port = draw(st.text(max_size=20)), draw(st.integers(0, 65535))
    r.headers = http.Headers(draw(_FIELDS))
    r.data.trailers = draw(st.none() | _FIELDS.map(http.Headers))
    r.data.content = draw(st.none() | st.binary(max_size=200))
    r.data.timestamp_start = draw(st.floats(allow_nan=False) | st.integers(0, 2**40))
    r.data.timestamp_end = draw(_STAMP)
    if f.response is not None:
        s = f.response
        s.data.http_version, s.data.reason = draw(_BYTES), draw(_BYTES)
        s.data.status_code = draw(st.integers(0, 999))
        s.headers = http.Headers(draw(_FIELDS))
        s.data.trailers = draw(st.none() | _FIELDS.map(http.Headers))
        s.data.content = draw(st.none() | st.binary(max_size=200))
        s.data.timestamp_start, s.data.timestamp_end = draw(st.floats(allow_nan=False)), draw(_STAMP)
    f.comment = draw(st.text(max_size=10))
    f.marked = draw(st.sampled_from(["", ":default:", "é"]))
    return f


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(_flows(), min_size=1, max_size=3))
def test_any_flows_in_turn_are_written_as_mitmproxy_writes_them(flows):
    for f in flows:
        assert Recorder.serialize(f) == writer_bytes(f)


def test_seeded_flows_with_shared_header_fields_in_turn():
    """Fields repeat from flow to flow (as a keep-alive connection's do), values change now and then."""
    rng = random.Random(56)
    names = [b"content-type", b"content-length", b"date", b"server", b"x-request-id", b"user-agent"]
    for i in range(300):
        f = tflow.tflow(resp=rng.random() < 0.9, err=rng.random() < 0.1)
        f.request.headers = http.Headers([(rng.choice(names), b"%d" % rng.randrange(4))
                                          for _ in range(rng.randrange(8))])
        if f.response is not None:
            f.response.headers = http.Headers([(n, rng.choice([b"a", b"b", b""])) for n in rng.sample(names, 3)])
            f.response.content = rng.randbytes(rng.randrange(64))
        f.request.timestamp_start = rng.random() * 2e9
        assert Recorder.serialize(f) == writer_bytes(f), i


def test_trailers_and_headers_get_state_are_fields(monkeypatch):
    """``Headers.get_state`` is its field tuple; a list (an addon set ``fields`` to one) is written as mitmproxy
    writes it."""
    f = tflow.tflow(resp=True)
    f.response.trailers = http.Headers()
    f.response.trailers.fields = [(b"a", b"b")]  # type: ignore[assignment]
    assert_mitmproxys(f)
    assert tutils.treq().headers.get_state() == tutils.treq().headers.fields
