"""attack58 on dos58's class of input (hostile uniform bodies in the proxy path), another shape: not MiBs of one
character in one field, but MiBs of tiny fields, each a few bytes (`a=b&` pairs of a form, `"a",` strings of a JSON
array, `{"a":"b"}` lines of NDJSON, tiny multipart parts). Each field costs the guard its own inspection, its
contexts, its adjacent and joined views: 4-6 s of CPU a MiB in-process at load ~12 (text of the same size: 0.2 s;
MEASUREMENTS session 35, attack58), so a 10 MiB body (the default max_body_bytes) holds the event loop, and every
other flow, for about a minute. Each field's scan has the scanner's time budget; the message's fields have none in
all, so such a body is never refused as a scan that ran out of time (invariant 1) -- it is read to its end.

Not timed: the scanner's budget is set far below what the body costs (0.05 s against ~1-5 s for 20,000 fields),
and a body whose fields share it must be refused as incomplete, as one long field is: the guard gives a message's
whole scan two of the scanner's budgets (guard.MESSAGE_BUDGET_SCANS; a strict xfail before it). A key in the last
of many tiny fields is masked (three places)."""

from __future__ import annotations

import json
from urllib.parse import unquote_to_bytes

import pytest

from addons.core import runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests import fakes
from tests.guard.support import posted_as, recorded_request_body

PAT = fakes.github_pat(58)
BODIES = {  # (content type, the body of n tiny fields and a last one holding `tail`)
    "form pairs": ("application/x-www-form-urlencoded", lambda n, tail: b"&".join([b"a=b"] * n)
                   + b"&note=" + tail.encode()),
    "JSON strings": ("application/json", lambda n, tail: json.dumps({"model": "m", "x": ["a"] * n,
                                                                      "note": tail}).encode()),
    "NDJSON lines": ("application/x-ndjson", lambda n, tail: b'{"a":"b"}\n' * n
                     + json.dumps({"note": tail}).encode() + b"\n"),
}


def _decoded(body: bytes, content_type: str) -> bytes:
    return unquote_to_bytes(body.replace(b"+", b" ")) if "form" in content_type else body


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [], tmp_path_factory.mktemp("attack58-fields") / "key")


@pytest.fixture
def chain(shipped):
    from mitmproxy.test import taddons

    runtime.install(shipped)
    with taddons.context(HostPolicy(), Guard()) as tctx:
        yield tctx
    runtime.install(None)


@pytest.mark.parametrize("name", BODIES)
async def test_a_key_after_many_tiny_fields_is_masked_in_the_three_places(chain, name):
    content_type, make = BODIES[name]
    flow, upstream = await posted_as(chain, content_type, make(5_000, f"deploy with {PAT}"))
    (sent,) = upstream.received
    got = _decoded(sent.raw_content, content_type)
    assert PAT.encode() not in got and b"[MASKED:github-pat" in got
    assert flow.response is not None and PAT.encode() not in flow.response.raw_content  # the client
    assert PAT.encode() not in _decoded(recorded_request_body(flow), content_type)  # what the record keeps


@pytest.mark.slow  # 20,000 fields each: seconds
@pytest.mark.parametrize("name", BODIES)
async def test_a_body_of_tiny_fields_whose_scan_spends_the_budget_is_refused_as_incomplete(chain, shipped, name,
                                                                                         monkeypatch):
    monkeypatch.setattr(shipped.scanner, "time_budget", 0.05)  # ~1-3 s of work against 0.05 s: not a timing
    content_type, make = BODIES[name]
    flow, upstream = await posted_as(chain, content_type, make(20_000, "nothing to find here"))
    assert upstream.received == [], "the body was read to its end and sent"
    assert flow.response is not None and flow.response.status_code == 403
    assert flow.response.headers.get("x-exitguard-decision") == "exitguard_scan_incomplete"
