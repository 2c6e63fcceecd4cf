"""codec61 on attack59's open row: a hostile body was read whole by its codec before the message budget's first check
(10 MiB of NDJSON lines: ~8 s of the event loop, 10 MiB of form pairs ~10 s, attack59), so every other flow waited
that long for a 403 that was decided by then. The codecs now charge the message's deadline as they read
(formats/deadline.py): a body whose budget is spent is not opened to its end, for every codec that loops over a
body, and is refused as incomplete (403, `exitguard_scan_incomplete`, saying the time budget ran out) with its record
keeping no body (attack59's rule: a key's pieces in it were never looked for). Three places: the upstream (nothing),
the client (the refusal, no value), every byte the record writes of the flow. Not timed: the message budget is set
to none (MESSAGE_BUDGET_SCANS = 0: the deadline has passed when the body is opened)."""

from __future__ import annotations

import json
from urllib.parse import quote

import pytest

from addons.formats import body as formats_body
from addons.guard import guard as guard_module
from tests import fakes
from tests.guard.support import OPENAI, Upstream, chat_body, exchange, guard_chain, posted_as, request_flow
from tests.hostile.test_attack59_message_budget import shipped, written_for  # noqa: F401  (a fixture)

PAT = fakes.github_pat(61)
MANY = 20_000
BOUNDARY = "codec61"
HOSTILE = {  # content type, body: many tiny pieces, a key among the first
    "form pairs": ("application/x-www-form-urlencoded", f"k={PAT}&".encode() + b"&".join([b"a=b"] * MANY)),
    "NDJSON lines": ("application/x-ndjson", json.dumps({"k": PAT}).encode() + b"\n" + b'{"a":"b"}\n' * MANY),
    "JSON strings": ("application/json", json.dumps([PAT, *["a"] * MANY]).encode()),
    "JSON keys": ("application/json", json.dumps({"k": PAT, **{f"k{i}": 1 for i in range(MANY)}}).encode()),
    "JSON in a form value": ("application/x-www-form-urlencoded",
                             b"payload=" + quote(json.dumps([PAT, *["a"] * MANY])).encode()),
    "multipart parts": (f"multipart/form-data; boundary={BOUNDARY}", b"".join(
        [f'--{BOUNDARY}\r\ncontent-disposition: form-data; name="a"\r\n\r\n{v}\r\n'.encode()
         for v in [PAT, *["b"] * (MANY // 10)]]) + f"--{BOUNDARY}--\r\n".encode()),
    "base64 runs": ("application/json", json.dumps([PAT, *["QUJDREVGR0hJSktMTU5PUA"] * MANY]).encode()),
    "XML marks": ("application/xml", f"<a>{PAT} ".encode() + b"x<!---->" * MANY + b"</a>"),
    "protobuf fields": ("application/octet-stream", b"\x0a" + bytes([len(PAT)]) + PAT.encode() + b"\x08\x01" * MANY),
}


def _opened(monkeypatch) -> list:
    """The bodies `open_body` returned (the guard's reference to it), the function still called."""
    returned: list = []
    real = guard_module.open_body

    def spied(*args, **kwargs):
        returned.append(doc := real(*args, **kwargs))
        return doc
    monkeypatch.setattr(guard_module, "open_body", spied)
    return returned


@pytest.mark.parametrize("name", HOSTILE)
async def test_a_body_whose_budget_is_spent_is_not_read_to_its_end_and_keeps_nothing(shipped, monkeypatch, name):  # noqa: F811
    content_type, body = HOSTILE[name]
    opened = _opened(monkeypatch)
    monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, content_type, body)
        assert upstream.received == []  # the upstream: nothing
        assert opened == [], "the codec read the body to its end after the budget was spent"
        assert flow.response is not None and flow.response.status_code == 403  # the client: refused, as incomplete
        assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
        assert b"time budget" in flow.response.raw_content and PAT.encode() not in flow.response.raw_content
        assert PAT.encode() not in (flow.request.raw_content or b"")  # the live flow (mitmweb) keeps no value
        written = written_for(flow, shipped)  # the record: no body
    assert PAT.encode() not in written
    assert b"body not kept" in written


async def test_an_answer_whose_budget_is_spent_is_not_read_to_its_end(shipped, monkeypatch):  # noqa: F811
    content_type, body = HOSTILE["NDJSON lines"]
    opened = _opened(monkeypatch)

    class SpendingUpstream(Upstream):
        def __call__(self, request):  # between the request's hooks and the answer's
            monkeypatch.setattr(guard_module, "MESSAGE_BUDGET_SCANS", 0)  # the answer's budget: spent
            return super().__call__(request)

    upstream = SpendingUpstream()
    upstream.reply.headers["content-type"] = content_type
    upstream.reply.content = body
    flow = request_flow(*OPENAI, chat_body("hello"))
    with guard_chain(shipped) as tctx:
        await exchange(tctx, flow, upstream)
    assert len(upstream.received) == 1  # the request went out; its answer is what was refused
    assert len(opened) == 1, "the answer's codec read it to its end after the budget was spent"
    assert flow.response is not None and flow.response.status_code == 502  # the client: an error, no value
    assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
    assert PAT.encode() not in flow.response.raw_content
    assert PAT.encode() not in written_for(flow, shipped)  # the record


async def test_an_honest_body_of_many_fields_is_not_refused_by_the_codecs_checks(shipped):  # noqa: F811
    """The default budget: 2,000 NDJSON lines and a key are opened, scanned, the key masked (a deadline that
    refused honest bodies would turn them into 403s)."""
    body = json.dumps({"k": PAT}).encode() + b"\n" + b'{"a":"b"}\n' * 2000
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, "application/x-ndjson", body)
        assert flow.response is not None and flow.response.status_code == 200
        (sent,) = upstream.received
        assert PAT.encode() not in sent.raw_content and b"[MASKED:" in sent.raw_content
        assert sent.raw_content.count(b"\n") == 2001  # every line went on
        written = written_for(flow, shipped)
    assert PAT.encode() not in written


def test_the_codec_module_the_guard_calls_is_the_bounded_one():
    assert guard_module.open_body is formats_body.open_body


async def test_the_views_between_values_stop_where_the_budget_runs_out(shipped, monkeypatch):  # noqa: F811
    """The split views (guard/adjacent.py: one scan a pair of neighbouring values) were charged only once done: a
    JSON array of 200,000 one-letter values went ~1.5 s past the message's budget there (in process, load ~12).
    Here the budget runs out as they begin: they stop at once, and the message is refused as incomplete."""
    from addons.formats import Deadline
    from addons.guard import adjacent
    began: list[bool] = []
    scans_after: list[str] = []
    real_pairs, real_text = adjacent.scan_pairs, shipped.inspector.inspect_text

    def pairs(*args, **kwargs):
        began.append(True)
        return real_pairs(*args, **kwargs)

    def inspect_text(text, *args, **kwargs):
        if began:
            scans_after.append(text)
        return real_text(text, *args, **kwargs)

    class RunsOutInTheViews(Deadline):
        def passed(self) -> bool:
            return bool(began)

    monkeypatch.setattr(adjacent, "scan_pairs", pairs)
    monkeypatch.setattr(shipped.inspector, "inspect_text", inspect_text)
    monkeypatch.setattr(guard_module, "Deadline", RunsOutInTheViews)
    body = json.dumps({"model": "m", "x": [PAT, *["a"] * 5000]}).encode()
    with guard_chain(shipped) as tctx:
        flow, upstream = await posted_as(tctx, "application/json", body)
        assert upstream.received == []
        assert flow.response is not None and flow.response.status_code == 403
        assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
        assert b"values split between them" in flow.response.raw_content
        written = written_for(flow, shipped)
    assert began and len(scans_after) < 64, f"{len(scans_after)} pairs scanned after the budget ran out"
    assert PAT.encode() not in written and b"body not kept" in written
