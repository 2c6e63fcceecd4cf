"""codec61: every codec's loop over a body charges the message's deadline as it reads (formats/deadline.py).

attack59 left it open: the codecs read a body whole before the guard's first budget check (10 MiB of NDJSON lines:
~8 s of the event loop, of form pairs ~10 s), so a hostile body held every other flow that long before its 403.
Not timed: the deadlines here count their checks. One that never runs out shows each codec checks as it goes (at
least one check for every EVERY pieces, or CHECK_BYTES bytes of a wire format) and reads exactly what it read
without one; one that runs out at its fifth check shows the reading stops there, as OutOfTime (a ScanCutShort),
whatever the codec catches on its way out (a tar member's ValueError, a markup value's BodyError)."""

from __future__ import annotations

import io
import json
import zipfile
from urllib.parse import quote

import pytest

from addons.formats import Deadline, OutOfTime, ScanCutShort, deadline, open_body, open_strings_decoded, wire
from addons.formats.deadline import EVERY

N = 200 * EVERY  # pieces of each body: a codec that checks only before or after its loop makes a few checks


def _zip(members: int) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        for i in range(members):
            archive.writestr(f"m{i}.txt", b"\x00\x01")  # binary members: a layer each, no text
    return out.getvalue()


BOUNDARY = "codec61"
SHAPES: dict[str, tuple[str, bytes, int]] = {  # content type, body, checks it makes at least
    "form pairs": ("application/x-www-form-urlencoded", b"&".join([b"a=b"] * N), N // EVERY),
    "NDJSON lines": ("application/x-ndjson", b'{"a":"b"}\n' * N, N),
    "JSON strings": ("application/json", json.dumps(["a"] * N).encode(), N // EVERY),
    "JSON keys": ("application/json", json.dumps({f"k{i % 999}x{i}": 1 for i in range(N)}).encode(), N // EVERY),
    "JSON in a string": ("application/json", json.dumps({"arguments": json.dumps(["a"] * N)}).encode(), N // EVERY),
    "JSON in a form value": ("application/x-www-form-urlencoded",
                             b"payload=" + quote(json.dumps(["a"] * N)).encode(), N // EVERY),
    "multipart parts": (f"multipart/form-data; boundary={BOUNDARY}", b"".join(
        [f'--{BOUNDARY}\r\ncontent-disposition: form-data; name="a"\r\n\r\nb\r\n'.encode()] * (N // 8))
        + f"--{BOUNDARY}--\r\n".encode(), N // 8),
    "base64 runs": ("application/json", json.dumps(["QUJDREVGR0hJSktMTU5PUA"] * N).encode(), N // EVERY),
    "markup in values": ("application/json", json.dumps(["a<!-- -->b"] * (N // 4)).encode(), N // 4),
    "XML marks": ("application/xml", b"<a>" + b"x<!---->" * N + b"</a>", N // EVERY),
    "protobuf fields": ("application/octet-stream", b"\x08\x01" * N, 2 * N // wire.CHECK_BYTES),
    "msgpack nils": ("application/octet-stream", b"\xdc" + N.to_bytes(2, "big") + b"\xc0" * N,
                     N // wire.CHECK_BYTES),
    "CBOR items": ("application/octet-stream", b"\x9f" + b"\x18\x20" * N + b"\xff", 2 * N // wire.CHECK_BYTES),
    "zip members": ("application/zip", _zip(300), 256),
    "PDF streams": ("text/plain", b"%PDF-1.4\n" + b"<< >>\nstream\nBT (a) Tj ET\nendstream\n" * (N // 4), N // 4),
    "Shift_JIS runs": ("text/plain; charset=shift_jis", b"abcdefgh \x82\xa0 " * N, N // EVERY),
}


class Counting(Deadline):
    """A deadline that counts its checks and runs out at check ``runs_out_at`` (never, by default)."""

    def __init__(self, runs_out_at: int | None = None) -> None:
        super().__init__(float("inf"))
        self.checks = 0
        self.runs_out_at = runs_out_at

    def passed(self) -> bool:
        self.checks += 1
        return self.checks == self.runs_out_at

    def check(self) -> None:
        if self.passed():
            raise OutOfTime()


def _reading(doc) -> list[tuple[str, str, str]]:
    return [tuple(f) for f in doc.fields]


@pytest.mark.parametrize("name", SHAPES)
def test_each_codec_checks_the_deadline_as_it_reads_and_reads_the_same(name):
    content_type, body, at_least = SHAPES[name]
    counting = Counting()
    bounded = open_body(content_type, body, time_limit=counting)
    assert counting.checks >= at_least, f"{counting.checks} checks for {at_least} pieces' worth"
    unbounded = open_body(content_type, body)  # read once for both comparisons (unit62: the loop read it twice)
    assert _reading(bounded) == _reading(unbounded)  # an honest body is read as before
    assert bounded.skipped == unbounded.skipped


@pytest.mark.parametrize("name", SHAPES)
def test_a_deadline_that_runs_out_stops_the_reading_there(name):
    content_type, body, _ = SHAPES[name]
    counting = Counting(runs_out_at=5)
    with pytest.raises(OutOfTime) as cut:
        open_body(content_type, body, time_limit=counting)
    assert counting.checks == 5  # nothing caught it on the way out and read on
    assert isinstance(cut.value, ScanCutShort)  # refused as a scan that did not finish, whatever `unparseable` says
    assert "time budget" in str(cut.value) and "a=b" not in str(cut.value)


def test_the_fallback_reading_of_a_body_that_does_not_parse_is_bounded_too():
    counting = Counting(runs_out_at=3)
    with pytest.raises(OutOfTime):
        open_strings_decoded(b"\x08\x01" * N, "unparseable body", time_limit=counting)
    assert counting.checks == 3


def test_a_part_shares_its_body_s_deadline_and_none_is_left_behind():
    content_type, body, _ = SHAPES["multipart parts"]
    counting = Counting(runs_out_at=N // 8 + 3)  # past the parts' own checks: inside a part's or a frame's
    with pytest.raises(OutOfTime, match=r"multipart part|time budget"):
        open_body(content_type, body, time_limit=counting)
    assert deadline.current() is deadline.UNBOUNDED  # the reading's deadline ends with it
    assert len(open_body(content_type, body).fields) == 2 * (N // 8)  # a reading without one has none (a part
    # gives its value and its header block)


def test_a_real_deadline_already_past_refuses_and_a_generous_one_reads():
    content_type, body, _ = SHAPES["NDJSON lines"]
    with pytest.raises(OutOfTime):
        open_body(content_type, body, time_limit=Deadline.after(-1.0))
    assert len(open_body(content_type, body, time_limit=Deadline.after(3600.0)).fields) == N
