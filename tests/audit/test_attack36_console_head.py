"""Attack36, in-process: the cover a guarded request's live flow wears from ``requestheaders`` to ``request``
(audit/console_head.py), which mitmweb's console reads in between. Live: test_attack36_console_head_live.py."""

from __future__ import annotations

import asyncio
import gc

from mitmproxy.test import tflow

from addons.audit import console_head
from addons.audit.console_head import CoverHead, Head, UncoverHead
from addons.core import metakeys
from tests.audit import fakes

KEY = fakes.aws_key_id()
TOKEN = fakes.github_token()


def flow(host_class: str = "guarded"):
    f = tflow.tflow()
    f.request.host = "api.openai.com"
    f.request.path = f"/v1/models?key={KEY}&n=1"
    f.request.headers["x-debug"] = TOKEN
    f.request.headers["accept-encoding"] = "gzip"
    f.request.data.content = None  # at requestheaders: the body has not arrived
    f.metadata[metakeys.HOST_CLASS] = host_class
    return f


def shows(f, value: str) -> bool:
    return value in f.request.path or any(value in v for v in f.request.headers.values())


def run(hook, f) -> None:
    asyncio.run(hook(f))


def test_a_guarded_head_is_masked_until_request_and_comes_back_as_written(rt):
    f = flow()
    written = Head.of(f.request)
    run(CoverHead().requestheaders, f)
    assert not shows(f, KEY) and not shows(f, TOKEN)  # what mitmweb's flows/add carries
    assert "[MASKED:" in f.request.path and "[MASKED:" in f.request.headers["x-debug"]
    assert f.request.host == "api.openai.com"  # mitmproxy's destination is never changed
    run(UncoverHead().request, f)
    assert Head.of(f.request) == written


def test_what_changed_the_cover_before_request_is_kept(rt):
    """mitmproxy's anticomp runs at `request` before the bundle: its header stays, the rest comes back."""
    f = flow()
    run(CoverHead().requestheaders, f)
    f.request.headers["accept-encoding"] = "identity"
    run(UncoverHead().request, f)
    assert f.request.headers["accept-encoding"] == "identity"
    assert f.request.headers["x-debug"] == TOKEN and KEY in f.request.path


def test_a_request_answered_at_its_headers_keeps_the_cover(rt):
    f = flow()
    run(CoverHead().requestheaders, f)
    f.response = tflow.tresp()  # refused (421, 407, 413): nothing of it is sent
    run(UncoverHead().request, f)
    assert not shows(f, KEY) and not shows(f, TOKEN)


def test_streamed_observed_and_clean_heads_are_left_alone(rt):
    for f in (flow("observe"), flow("pass")):
        before = Head.of(f.request)
        run(CoverHead().requestheaders, f)
        assert Head.of(f.request) == before  # shown as sent
    streamed = flow()
    streamed.request.stream = True  # its head goes upstream right after requestheaders
    run(CoverHead().requestheaders, streamed)
    assert shows(streamed, KEY)
    clean = flow()
    clean.request.path = "/v1/models"
    del clean.request.headers["x-debug"]
    run(CoverHead().requestheaders, clean)
    assert clean not in console_head._COVERED


def test_a_cover_is_forgotten_with_its_flow(rt):
    gc.collect()
    before = len(console_head._COVERED)
    f = flow()
    run(CoverHead().requestheaders, f)
    assert f in console_head._COVERED
    del f
    gc.collect()  # a flow holds reference cycles
    assert len(console_head._COVERED) == before
