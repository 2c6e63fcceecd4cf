"""core/clean_bodies.py, scans handed over: while recording, a body the guard scanned with findings is masked in the
record from the guard's own opening and scan of those very bytes, without a second one. A value the policy let
through must still be masked in the record, and everything the guard did not scan as it is now (bytes changed by a
later addon, another content type, another inspector, headers, a streamed answer) is scanned by the record's scrub
as before. The reused scan must give the record byte for byte what a second scan gives."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy import http

from addons.audit import scrub
from addons.core import clean_bodies, metakeys, runtime
from tests.guard.support import EMAIL, OPENAI, TOKEN, Upstream, chat_body, exchange, json_response, request_flow


@pytest.fixture
def kept_scans():
    """As while a recorder is configured (audit.py turns it on)."""
    clean_bodies.keep_scans(True)
    yield
    clean_bodies.keep_scans(False)


@pytest.fixture
def opened(monkeypatch) -> list[str]:
    """The content types of the bodies the recording's scrub opened itself (with a guard scan it opens none)."""
    seen: list[str] = []
    real = scrub.open_body

    def open_body(content_type, body):
        seen.append(content_type)
        return real(content_type, body)

    monkeypatch.setattr(scrub, "open_body", open_body)
    return seen


async def guarded(chain, body: bytes, reply: dict | None = None, streamed: bool = False, **request):
    flow = request_flow(*OPENAI, body, **request)
    if streamed:
        flow.metadata[metakeys.STREAMED] = True  # as the stream masker leaves it: the guard does not read it
    await exchange(chain, flow, Upstream(json_response(reply)) if reply is not None else Upstream())
    return flow


def index_text(record) -> str:
    """The index record of a record copy, as written (audit.flow_record)."""
    from addons.audit import audit
    return json.dumps(audit.flow_record(record, runtime.get(), (0, 0)))


def record_twice(flow, opened: list[str] | None = None) -> tuple[scrub.http.HTTPFlow, scrub.http.HTTPFlow]:
    """The record from the guard's scans, and the record made with none handed over (a full second scan).
    ``opened``: checked to hold no body the first record opened itself."""
    rt = runtime.get()
    reused = scrub.record_copy(flow, rt)
    assert opened is None or opened == []
    clean_bodies.keep_scans(False)
    marks = dict(clean_bodies._marks)
    clean_bodies._marks.clear()
    try:
        rescanned = scrub.record_copy(flow, rt)
    finally:
        clean_bodies._marks.update(marks)
        clean_bodies.keep_scans(True)
    return reused, rescanned


async def test_an_allowed_value_is_masked_in_the_record_from_the_guards_scan(chain, kept_scans, opened,
                                                                            answers_shown_as_sent):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    assert EMAIL.encode() in flow.response.raw_content  # allowed in responses: the client gets it
    assert clean_bodies.scanned(flow.response, runtime.get().inspector) is not None
    reused, rescanned = record_twice(flow, opened)
    assert EMAIL.encode() not in reused.response.raw_content and b"[MASKED:" in reused.response.raw_content
    assert reused.response.raw_content == rescanned.response.raw_content


async def test_without_a_recorder_no_scan_is_kept(chain):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    assert clean_bodies.scanned(flow.response, runtime.get().inspector) is None


async def test_report_only_values_sent_as_they_are_are_masked_in_the_record(chain, installed, kept_scans, opened):
    installed("report")
    upstream = Upstream()
    flow = request_flow(*OPENAI, chat_body(f"use {TOKEN} and mail {EMAIL}"))
    await exchange(chain, flow, upstream)
    assert TOKEN.encode() in upstream.received[0].raw_content  # report-only: sent as it is, from the wire copy
    assert TOKEN.encode() not in flow.request.raw_content  # the live flow (mitmweb) shows it masked (wire40)
    reused, rescanned = record_twice(flow)
    assert TOKEN.encode() not in reused.request.raw_content and EMAIL.encode() not in reused.request.raw_content
    assert reused.request.raw_content == rescanned.request.raw_content


async def test_a_short_base64_value_the_guard_let_through_is_masked(chain, kept_scans):
    # A "decoded-short" field: the guard acts on fixed-shape keys only there, so the e-mail inside passes.
    encoded = base64.b64encode(b"anna@acmeco.org").decode()
    flow = await guarded(chain, json.dumps({"model": "gpt-test", "user": encoded}).encode())
    assert encoded.encode() in flow.request.raw_content
    assert clean_bodies.scanned(flow.request, runtime.get().inspector) is not None
    reused, rescanned = record_twice(flow)
    assert encoded.encode() not in reused.request.raw_content
    assert reused.request.raw_content == rescanned.request.raw_content


async def test_a_body_changed_by_a_later_addon_is_scanned_again(chain, kept_scans, opened):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    flow.response.content = json.dumps({"choices": [{"text": f"now {TOKEN} and {EMAIL}"}]}).encode()
    record = scrub.record_copy(flow, runtime.get())
    assert opened == ["application/json"]
    assert TOKEN.encode() not in record.response.raw_content and EMAIL.encode() not in record.response.raw_content


async def test_the_same_bytes_under_another_content_type_are_scanned_again(chain, kept_scans, opened,
                                                                           answers_shown_as_sent):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    assert clean_bodies.scanned(flow.response, runtime.get().inspector) is not None
    flow.response.headers["content-type"] = "text/plain"  # the same bytes, read another way
    record = scrub.record_copy(flow, runtime.get())
    assert opened == ["text/plain"]
    assert EMAIL.encode() not in record.response.raw_content


async def test_another_inspector_scans_again(chain, kept_scans, opened, runtimes):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    record = scrub.record_copy(flow, runtimes["report"])  # a rules or policy reload: other rules, other limits
    assert opened == ["application/json", "application/json"]
    assert EMAIL.encode() not in record.response.raw_content


async def test_an_allowed_value_in_a_header_is_masked(chain, kept_scans):
    flow = request_flow(*OPENAI, chat_body("hello"))
    reply = json_response({"choices": [{"text": f"write to {EMAIL}"}]})
    reply.headers["x-contact"] = EMAIL  # a response header: allowed to the client, never in the record
    await exchange(chain, flow, Upstream(reply))
    assert flow.response.headers["x-contact"] == EMAIL
    record = scrub.record_copy(flow, runtime.get())
    assert EMAIL not in record.response.headers["x-contact"]
    assert EMAIL.encode() not in record.response.raw_content


async def test_a_streamed_answer_is_scanned_by_the_record(chain, kept_scans, opened):
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]},
                         streamed=True)
    assert clean_bodies.scanned(flow.response, runtime.get().inspector) is None
    assert not clean_bodies.is_clean(flow.response, runtime.get().inspector)
    record = scrub.record_copy(flow, runtime.get())
    assert opened == ["application/json"]
    assert EMAIL.encode() not in record.response.raw_content


async def test_a_masked_body_is_scanned_again(chain, kept_scans, opened):
    flow = await guarded(chain, chat_body(f"use {TOKEN} and mail {EMAIL}"))
    assert TOKEN.encode() not in flow.request.raw_content  # masked: the live body is new bytes
    scrub.record_copy(flow, runtime.get())
    assert opened == ["application/json"]


@pytest.mark.parametrize("reply", [
    {"choices": [{"text": f"mail {EMAIL} or {EMAIL.upper()}"}]},
    {"choices": [{"text": f"key {TOKEN}"}], "note": EMAIL},
    {"user": base64.b64encode(EMAIL.encode()).decode(), "also": EMAIL},
    {"parts": [EMAIL[:10], EMAIL[10:]], "whole": EMAIL},
])
async def test_the_record_is_the_same_as_from_a_second_scan(chain, kept_scans, reply):
    flow = await guarded(chain, chat_body("hello"), reply=reply)
    reused, rescanned = record_twice(flow)
    assert reused.response.raw_content == rescanned.response.raw_content
    assert reused.metadata == rescanned.metadata
    assert EMAIL.encode() not in reused.response.raw_content


# ----------------------------------------------------------------------------- attacks on the handed-over scans
# An agent that wants a value into the record (or upstream) looks for bytes the scrub writes that the guard's scan
# did not read as the scrub would. Each test checks the upstream's copy, the client's answer and the record.


def _brotli_with_metadata(meta: bytes) -> bytes:
    """A brotli stream that decodes to nothing and carries ``meta`` in a metadata meta-block (RFC 7932 9.2),
    which decoders skip: WBITS 16, a metadata block of len(meta) bytes, then an empty last block."""
    bits: list[int] = []

    def put(value: int, n: int) -> None:
        bits.extend((value >> i) & 1 for i in range(n))

    def flushed() -> bytes:
        bits.extend([0] * (-len(bits) % 8))
        out = bytes(sum(b << j for j, b in enumerate(bits[i:i + 8])) for i in range(0, len(bits), 8))
        bits.clear()
        return out

    put(0, 1), put(0, 1), put(3, 2), put(0, 1), put(1, 2), put(len(meta) - 1, 8)  # ISLAST 0, MNIBBLES 0: metadata
    head = flushed()
    put(1, 1), put(1, 1)  # ISLAST, ISLASTEMPTY
    return head + meta + flushed()


def _gzip_members_in_mtimes(data: bytes) -> bytes:
    """Empty gzip members whose mtime, XFL and OS bytes (which no decoder gives back) spell ``data``."""
    import gzip as gz
    empty = gz.compress(b"", mtime=0)
    chunks = [data[i:i + 6].ljust(6, b" ") for i in range(0, len(data), 6)]
    return b"".join(empty[:4] + c + empty[10:] for c in chunks)


@pytest.mark.parametrize("encoding, raw", [
    ("br", _brotli_with_metadata(TOKEN.encode())),
    ("gzip", _gzip_members_in_mtimes(TOKEN.encode())),
], ids=["brotli-metadata", "gzip-mtimes"])
@pytest.mark.parametrize("content_type", ["text/plain", "application/json"])
@pytest.mark.parametrize("mode", ["enforce", "report"])
async def test_a_compressed_body_of_nothing_leaves_and_is_recorded_re_encoded(chain, installed, kept_scans, encoding,
                                                                               raw, content_type, mode):
    # It decodes to no bytes, so there was nothing to re-encode: its own bytes (a metadata block, mtimes) left
    # upstream as sent and, marked clean, into the record. Canonical: the encoder's own empty stream.
    from mitmproxy.net import encoding as mitm_encoding

    from addons.formats import decode_content
    assert decode_content(raw, encoding, 4096) == b"" and TOKEN.encode()[:6] in raw
    installed(mode)
    upstream = Upstream()
    flow = request_flow(*OPENAI, b"", headers=((b"content-type", content_type.encode()),
                                               (b"content-encoding", encoding.encode())))
    flow.request.raw_content = raw
    await exchange(chain, flow, upstream)
    canonical = mitm_encoding.encode(b"", encoding)
    assert [r.raw_content for r in upstream.received] == [canonical if mode == "enforce" else raw]  # report: as is
    record = scrub.record_copy(flow, runtime.get())
    assert record.request.raw_content in (canonical, b"")
    for piece in (TOKEN[:6], TOKEN[6:12], TOKEN[-6:]):
        assert piece.encode() not in record.request.raw_content and piece not in index_text(record)


async def test_bytes_changed_in_place_after_the_scan_are_scanned_again(chain, kept_scans, opened):
    # A mark holds the very object scanned; an object whose bytes can change in place (a bytearray an addon put
    # through the data, past the setter's type check) would pass the identity check with other bytes. Only
    # immutable bytes are marked.
    flow = request_flow(*OPENAI, b"")
    reply = json_response({"choices": [{"text": "hello there, nothing to see"}]})
    reply.data.content = bytearray(reply.raw_content)  # type: ignore[assignment]
    await exchange(chain, flow, lambda request: reply)  # type: ignore[arg-type]  # Upstream's copy checks types
    body = flow.response.raw_content
    assert isinstance(body, bytearray)
    secret = json.dumps({"choices": [{"text": TOKEN}]}).encode()
    body[:] = secret  # same object, other bytes
    record = scrub.record_copy(flow, runtime.get())
    assert "application/json" in opened and TOKEN.encode() not in record.response.raw_content


async def test_the_requests_bytes_echoed_as_the_response_are_scanned_as_the_response(chain, kept_scans, opened):
    # The very object the guard scanned as the request, put as the body of a response a later addon made (an
    # echo): a mark is the message's, not the bytes', so the response is scanned by the record as a response.
    flow = await guarded(chain, chat_body("hello"))
    assert clean_bodies.is_clean(flow.request, runtime.get().inspector)
    flow.response = json_response({})
    flow.response.raw_content = flow.request.raw_content
    assert not clean_bodies.is_clean(flow.response, runtime.get().inspector)
    scrub.record_copy(flow, runtime.get())
    assert opened == ["application/json"]


async def test_a_replayed_copy_is_scanned_again(chain, kept_scans, opened):
    # mitmproxy's replay sends flow.copy(): new messages, no marks; what the replay changes is scanned.
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    replayed = flow.copy()
    record = scrub.record_copy(replayed, runtime.get())
    assert opened == ["application/json", "application/json"]
    assert EMAIL.encode() not in record.response.raw_content


async def test_a_held_request_put_back_is_recorded_from_its_own_scan(chain, installed, kept_scans):
    # The approval hold shows other bytes on the live flow and puts the kept ones back when approved: a scan still
    # marked is of those very bytes again, and masks the record as a second scan does. (The guard's own held view
    # drops the mark: the record then scans the approved body itself.)
    from addons.core import held
    installed("report")
    flow = await guarded(chain, chat_body(f"use {TOKEN} and mail {EMAIL}"))
    held.hide(flow, lambda: setattr(flow.request, "content", chat_body("[held]")))
    assert clean_bodies.scanned(flow.request, runtime.get().inspector) is None  # the shown bytes: not scanned
    held.restore(flow)  # approved: the kept bytes go on the wire copy, the live flow keeps what it showed (wire40)
    assert clean_bodies.scanned(flow.request, runtime.get().inspector) is None
    reused, rescanned = record_twice(flow)
    assert TOKEN.encode() not in reused.request.raw_content and EMAIL.encode() not in reused.request.raw_content
    assert reused.request.raw_content == rescanned.request.raw_content


async def test_a_guard_that_failed_after_its_scan_still_has_the_record_masked(chain, kept_scans, monkeypatch):
    # The body is scanned (and marked) before the headers and path; a failure there blocks the flow (fail_closed)
    # with the body unmasked on the live flow. The record masks it from the scan, as a second scan does.
    from addons.guard import guard as guard_module

    def broken(*args, **kwargs):
        raise RuntimeError("boom")

    monkeypatch.setattr(guard_module.request_parts, "scan", broken)
    flow = await guarded(chain, chat_body(f"use {TOKEN} and mail {EMAIL}"))
    assert flow.response.status_code == 502 and TOKEN.encode() in flow.request.raw_content
    reused, rescanned = record_twice(flow)
    assert TOKEN.encode() not in reused.request.raw_content and EMAIL.encode() not in reused.request.raw_content
    assert reused.request.raw_content == rescanned.request.raw_content


async def test_a_scan_cut_short_hands_nothing_over(chain, kept_scans, monkeypatch):
    # A field whose scan hit a bound (time, size): the guard refuses, and the record's scrub gets no scan of the
    # body, clean or not; its own scan of that field is cut short too and the body is not kept.
    from addons.core.inspection import Inspector
    real = Inspector._detect_plain

    def bounded(self, text, yielding=frozenset()):
        found, incomplete = real(self, text, yielding)
        return found, incomplete or "cut-me-short" in text

    monkeypatch.setattr(Inspector, "_detect_plain", bounded)
    flow = await guarded(chain, json.dumps({"model": "gpt-test", "a": f"{TOKEN} cut-me-short"}).encode())
    assert flow.response.status_code == 403
    inspector = runtime.get().inspector
    assert not clean_bodies.is_clean(flow.request, inspector) and clean_bodies.scanned(flow.request, inspector) is None
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN.encode() not in record.request.raw_content


async def test_a_multipart_part_read_decoded_is_masked_as_a_second_scan_does(chain, installed, kept_scans):
    # Report-only: the body leaves as it is, with the key in a part and base64-encoded in another; the record
    # masks both from the guard's scan (the decoded field's finding re-renders its encoded run).
    installed("report")
    encoded = base64.b64encode(f"key={TOKEN}".encode()).decode()
    body = (f"--XB\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nuse {TOKEN}\r\n"
            f"--XB\r\nContent-Disposition: form-data; name=\"b\"\r\n\r\n{encoded}\r\n--XB--\r\n").encode()
    flow = request_flow(*OPENAI, body, headers=((b"content-type", b"multipart/form-data; boundary=XB"),))
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    assert upstream.received[0].raw_content == body  # sent as it is, from the wire copy
    assert TOKEN.encode() not in flow.request.raw_content  # the live flow shows it masked (wire40)
    reused, rescanned = record_twice(flow)
    assert TOKEN.encode() not in reused.request.raw_content and encoded.encode() not in reused.request.raw_content
    assert reused.request.raw_content == rescanned.request.raw_content


async def test_a_scan_handed_over_twice_gives_the_same_record(chain, kept_scans):
    # The shutdown path records a flow still open; its scan may serve two records. Rendering leaves it as it was.
    flow = await guarded(chain, chat_body("hello"), reply={"choices": [{"text": f"write to {EMAIL}"}]})
    first = scrub.record_copy(flow, runtime.get())
    second = scrub.record_copy(flow, runtime.get())
    assert first.response.raw_content == second.response.raw_content
    assert EMAIL.encode() not in second.response.raw_content


def _multipart_keyed(text: str) -> tuple[bytes, tuple[tuple[bytes, bytes], ...]]:
    body = f"--{TOKEN}\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n{text}\r\n--{TOKEN}--\r\n".encode()
    return body, ((b"content-type", f"multipart/form-data; boundary={TOKEN}".encode()),)


@pytest.mark.parametrize("mode", ["report", "enforce"])
@pytest.mark.parametrize("text", ["hello", f"hello {EMAIL}"], ids=["clean", "with-findings"])
async def test_a_multipart_boundary_that_is_a_key_is_not_recorded(chain, installed, kept_scans, mode, text):
    # The record masks the key in the Content-Type header, then (with no scan handed over) opens the body by the
    # masked header: it no longer parses and is not kept. Opened by the guard's scan (or kept as marked clean),
    # the body was written with the original boundary, the key, on every delimiter line.
    installed(mode)
    body, headers = _multipart_keyed(text)
    flow = request_flow(*OPENAI, body, headers=headers)
    upstream = Upstream()
    await exchange(chain, flow, upstream)
    sent = b"".join(r.raw_content or b"" for r in upstream.received)
    assert mode == "report" or TOKEN.encode() not in sent
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN not in record.request.headers.get("content-type", "")
    assert TOKEN.encode() not in (record.request.raw_content or b"") and TOKEN not in index_text(record)


@pytest.mark.parametrize("text", ["hello", f"hello {EMAIL}"], ids=["clean", "with-findings"])
async def test_an_answers_multipart_boundary_that_is_a_key_is_not_recorded(chain, kept_scans, text):
    body, headers = _multipart_keyed(text)
    flow = request_flow(*OPENAI, chat_body("hello"))
    await exchange(chain, flow, Upstream(http.Response.make(200, body, dict(headers))))
    record = scrub.record_copy(flow, runtime.get())
    assert TOKEN not in record.response.headers.get("content-type", "")
    assert TOKEN.encode() not in (record.response.raw_content or b"") and TOKEN not in index_text(record)


async def test_a_masked_body_keeps_no_scan_for_the_rest_of_the_flow(chain, kept_scans):
    # The mark of a body the guard then masked no longer holds; its scan (the opened body, about twice its size)
    # is not kept while the answer streams for minutes.
    flow = await guarded(chain, chat_body(f"use {TOKEN} and mail {EMAIL}"))
    assert TOKEN.encode() not in flow.request.raw_content
    assert flow.request not in clean_bodies._marks
