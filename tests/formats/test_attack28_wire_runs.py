"""attack28: the wire reader took one Python step per byte of a run of zero bytes (each 5 of them an empty gRPC
frame, each one a CBOR integer): ~0.36 s of CPU a MiB, and attack26's nested layers multiplied it (a 532-byte body of
gzip and zip layers, each inflated member 1 MiB of zeros: 46 members read, 9.8 s of CPU). Empty gRPC frames and runs
of one-byte CBOR items (small integers, simple values) are now passed over in C, as msgpack's fixints were; what
follows them is read as before. The work is counted in reader steps, not timed."""

from __future__ import annotations

import pytest

from addons.formats import wire
from tests import fakes

MiB = 1 << 20
PAT = fakes.github_pat(2829)


@pytest.fixture
def steps(monkeypatch):
    counted = {"cbor": 0, "values": 0}
    item, values = wire._cbor_item, wire._Values

    def counting_item(*args, **kwargs):
        counted["cbor"] += 1
        return item(*args, **kwargs)

    class CountingValues(values):  # type: ignore[misc, valid-type]
        def __init__(self, *args, **kwargs):
            counted["values"] += 1
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(wire, "_cbor_item", counting_item)
    monkeypatch.setattr(wire, "_Values", CountingValues)
    return counted


@pytest.mark.parametrize("data", [b"\0" * MiB, bytes(range(0x18)) * (MiB // 24), b"\x9a\x00\x10\x00\x00" + b"\0" * MiB],
                         ids=["zeros", "small_integers", "an_array_of_zeros"])
def test_a_run_of_one_byte_items_costs_no_step_per_byte(steps, data):
    wire.strings(data)
    assert steps["cbor"] < 1000 and steps["values"] < 1000, steps


def test_what_follows_empty_frames_or_integers_is_read():
    message = b"\x0a" + bytes([len(PAT)]) + PAT.encode()
    grpc = b"\0" * 5 * 1000 + b"\0" + len(message).to_bytes(4, "big") + message
    assert PAT in wire.strings(grpc)
    cbor = b"\x00" * 1000 + bytes([0x78, len(PAT)]) + PAT.encode()  # integers, then a text string
    assert PAT in "\n".join(wire.strings(cbor))
    array = b"\x9a" + (1001).to_bytes(4, "big") + b"\x00" * 1000 + bytes([0x78, len(PAT)]) + PAT.encode()
    assert PAT in "\n".join(wire.strings(array))
