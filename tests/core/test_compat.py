"""Each mitmproxy workaround in addons/core/compat.py, and a test that the bug it works around is still there:
when one of the `still_*` tests fails after an upgrade, mitmproxy fixed it and the workaround can go."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy import http
from mitmproxy.proxy import commands
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.http import HttpStream
from mitmproxy.proxy.layers.http._events import ResponseData, ResponseHeaders
from mitmproxy.proxy.layers.http._http1 import Http1Server
from mitmproxy.test import taddons, tflow

from addons.core import compat


@pytest.mark.parametrize("found", ["12.3.0", "12.3.1", "12.3.7.dev0"])
def test_the_verified_minor_version_is_accepted(found):
    compat.check_version(found)


@pytest.mark.parametrize("found", ["11.0.2", "12.2.3", "12.4.0", "13.0.0"])
def test_other_versions_are_refused_with_what_to_do(found):
    with pytest.raises(compat.UnsupportedMitmproxy) as refused:
        compat.check_version(found)
    assert f"this is {found}: install mitmproxy==12.3.*" in str(refused.value)


def test_an_unreadable_version_is_refused():
    with pytest.raises(compat.UnsupportedMitmproxy, match="cannot read the mitmproxy version 'dev'"):
        compat.check_version("dev")


def test_the_installed_mitmproxy_is_the_verified_one():
    compat.check_version()


def test_install_pins_body_buffering_once():
    compat.install()
    first = HttpStream.check_body_size
    compat.install()
    assert HttpStream.check_body_size is first and first.exitguard_pinned


async def test_kill_still_does_not_wake_wait_for_resume():
    """mitmproxy#8045: the reason the approval hold polls `flow.intercepted` every HOLD_POLL_SECONDS."""
    flow = tflow.tflow()
    flow.intercept()
    waiter = asyncio.create_task(flow.wait_for_resume())
    await asyncio.sleep(0)
    flow.kill()
    done, _ = await asyncio.wait({waiter}, timeout=0.2)
    waiter.cancel()
    assert not done, "mitmproxy now wakes killed flows: drop the polling in compat.HOLD_POLL_SECONDS"
    assert compat.HOLD_POLL_SECONDS <= 0.25


def test_empty_chunk_is_still_the_terminator():
    """mitmproxy#8242: an empty piece returned mid-stream ends a chunked HTTP/1.1 body, so stream callables
    return [] to hold data back (stream/masker.py)."""
    with taddons.context() as tctx:
        server = Http1Server(Context(tflow.tclient_conn(), tctx.options))
        server.stream_id = 1
        server.request = tflow.treq()
        response = http.Response.make(200, b"", {"transfer-encoding": "chunked"})
        list(server.send(ResponseHeaders(1, response, False)))
        sent = [c.data for c in server.send(ResponseData(1, b"")) if isinstance(c, commands.SendData)]
    assert sent == [b"0\r\n\r\n"], "mitmproxy no longer frames b'' as the terminator: see compat.py"
