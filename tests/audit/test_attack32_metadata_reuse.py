"""attack32: rec24 reuses a metadata value's last encoding while marshal.dumps(value, 2) gives the same bytes. Values
whose marshal bytes agree but whose encoding (or mitmproxy's refusal) differs: the record of flow B must be what
mitmproxy writes for B. NaN payloads, -0.0, ints past str()'s digit limit, str/bytes subclasses, key order, nested
changes in place: held. A buffer that is not bytes (bytearray, memoryview) marshals exactly as bytes do, so after a
bytes value the serializer wrote it where mitmproxy refuses it; only scrub.plain's copy is ever serialized by the
proxy, and it turns those into their type name first."""

from __future__ import annotations

import math
import struct

import pytest
from mitmproxy.io import tnetstring
from mitmproxy.test import tflow

from addons.audit import scrub
from addons.audit.recorder import Recorder

OTHER_NAN = struct.unpack("<d", struct.pack("<Q", 0x7FF8_0000_0000_0001))[0]


class Name(str):
    pass


class Blob(bytes):
    pass


PAIRS = [  # (flow A's value, flow B's value): B's record must be B's encoding, never A's
    (float("nan"), OTHER_NAN), (OTHER_NAN, -float("nan")), (0.0, -0.0), (-0.0, 0.0), (math.inf, -math.inf),
    ("abc", Name("abc")), (b"abc", Blob(b"abc")), ({"a": 1, "b": 2}, {"b": 2, "a": 1}),
    ([1, [2, [3]]], [1, [2, [3.0]]]), (10**4000, 10**4000 + 1), (10**5000, 10**5000), ({"k": "v"}, {"k": Name("v")}),
]


def record_or_refusal(flow) -> bytes | type:
    try:
        return Recorder.serialize(flow)
    except ValueError:
        return ValueError


def mitmproxys(flow) -> bytes | type:
    try:
        return tnetstring.dumps(flow.get_state())
    except ValueError:
        return ValueError


@pytest.mark.parametrize("first, second", PAIRS, ids=[f"pair{i}" for i in range(len(PAIRS))])
def test_the_second_flows_record_is_its_own(first, second):
    flow = tflow.tflow(resp=True)
    for value in (first, second, first):
        flow.metadata = {"exitguard.x": value}
        assert record_or_refusal(flow) == mitmproxys(flow), type(value)


@pytest.mark.parametrize("buffer", [bytearray(b"abc"), memoryview(b"abc")])
def test_a_buffer_after_equal_bytes_goes_through_scrub_plain_as_its_type_name(buffer):
    flow = tflow.tflow(resp=True)
    flow.metadata = {"exitguard.x": b"abc"}
    Recorder.serialize(flow)
    flow.metadata = {"exitguard.x": buffer}
    copy = scrub.detached(flow)  # what the recorder serializes
    assert copy.metadata["exitguard.x"] == f"<{type(buffer).__name__}>"
    assert Recorder.serialize(copy) == tnetstring.dumps(copy.get_state())


@pytest.mark.xfail(strict=True, reason="flowstate._metadata: a buffer marshals as bytes; only plain data reaches it")
def test_a_buffer_after_equal_bytes_is_refused_as_mitmproxy_refuses_it():
    flow = tflow.tflow(resp=True)
    flow.metadata = {"exitguard.x": b"abc"}
    Recorder.serialize(flow)
    flow.metadata = {"exitguard.x": bytearray(b"abc")}
    assert mitmproxys(flow) is ValueError
    assert record_or_refusal(flow) is ValueError
