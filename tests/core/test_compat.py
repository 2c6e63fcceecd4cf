"""Each mitmproxy workaround in addons/core/compat.py, and a test that the bug it works around is still there:
when one of the `still_*` tests fails after an upgrade, mitmproxy fixed it and the workaround can go."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy import http
from mitmproxy.proxy import commands, events
from mitmproxy.proxy.context import Context
from mitmproxy.proxy.layers.http import HttpStream, _http1
from mitmproxy.proxy.layers.http._events import (
    RequestEndOfMessage,
    RequestHeaders,
    RequestProtocolError,
    ResponseData,
    ResponseHeaders,
    ResponseProtocolError,
)
from mitmproxy.proxy.layers.http._http1 import Http1Client, Http1Server
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


def test_install_wraps_the_websocket_relay_once_with_both_patches():
    from mitmproxy.proxy.layers.websocket import WebsocketLayer

    compat.install()
    first = WebsocketLayer.relay_messages
    compat.install()
    assert WebsocketLayer.relay_messages is first
    assert first.exitguard_ends_killed and first.exitguard_patched


def test_a_close_reason_fits_a_close_frame_and_is_printable():
    assert compat.close_reason(None) == compat.DEFAULT_CLOSE_REASON
    reason = compat.close_reason("é" * 300 + "\x1b[2J")
    assert len(reason.encode()) <= 123 and reason.isprintable() and reason.startswith("exitguard: ")


async def test_kill_still_does_not_wake_wait_for_resume():
    """mitmproxy#8045: the reason the approval hold polls `flow.intercepted` every HOLD_POLL_SECONDS."""
    flow = tflow.tflow()
    flow.intercept()
    waiter = asyncio.create_task(flow.wait_for_resume())
    await asyncio.sleep(0)
    compat.MITMPROXY_KILL(flow)
    done, _ = await asyncio.wait({waiter}, timeout=0.2)
    waiter.cancel()
    assert not done, "mitmproxy now wakes killed flows: drop compat.wake_killed_flows"
    assert compat.HOLD_POLL_SECONDS <= 0.25


async def test_a_killed_flow_is_woken_from_its_wait_for_resume():
    """compat.wake_killed_flows: a flow held by mitmweb's intercept and killed there completes its hook."""
    compat.wake_killed_flows()  # as compat.install() does at start-up; a second call changes nothing
    compat.wake_killed_flows()
    flow = tflow.tflow()
    flow.intercept()
    waiter = asyncio.create_task(flow.wait_for_resume())
    await asyncio.sleep(0)
    flow.kill()
    await asyncio.wait_for(waiter, 1)
    assert not flow.intercepted and flow.error and flow.error.msg == "Connection killed."
    resumed = tflow.tflow()  # a kill of a flow nobody waits on, or never intercepted, changes nothing else
    resumed.kill()
    assert resumed._resume_event is None and not resumed.live


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


CHUNKED_WITH_TRAILERS = (b"5\r\nhello\r\n0\r\nX-Secret: egtok_Q7w9E2r4T6y8U1i3O5p7A9s2\r\n\r\n")


def _http1_server_reading(tctx, read_body) -> list:
    """What an Http1Server does with a chunked request that ends with trailers, using ``read_body``."""
    client = tflow.tclient_conn()
    server = Http1Server(Context(client, tctx.options))
    list(server.handle_event(events.Start()))
    server.read_body = read_body.__get__(server)  # the state machine binds self.read_body
    head = b"POST /v1/chat/completions HTTP/1.1\r\nHost: api.openai.com\r\nTransfer-Encoding: chunked\r\n\r\n"
    return list(server.handle_event(events.DataReceived(client, head + CHUNKED_WITH_TRAILERS)))


def test_http1_trailers_still_raise_not_implemented():
    """The crash behind refuse_http1_trailers: when this fails, mitmproxy handles trailers itself."""
    compat.install()
    original = _http1.Http1Connection.read_body.exitguard_original
    with taddons.context() as tctx, pytest.raises(NotImplementedError, match="trailers"):
        _http1_server_reading(tctx, original)


def test_http1_request_trailers_get_a_400_and_an_error_not_a_hang(rt):
    compat.install()
    with taddons.context() as tctx:
        done = _http1_server_reading(tctx, _http1.Http1Connection.read_body)
    sent = b"".join(c.data for c in done if isinstance(c, commands.SendData))
    assert sent.startswith(b"HTTP/1.1 400 ") and b"trailers are not supported" in sent
    assert b"egtok_" not in sent  # the trailer's value is never echoed
    assert any(isinstance(c, commands.CloseConnection) for c in done)
    (error,) = [c.event for c in done if isinstance(getattr(c, "event", None), RequestProtocolError)]
    assert "trailers" in error.message


def test_http1_response_trailers_become_a_protocol_error_mitmproxy_answers_502():
    compat.install()
    with taddons.context() as tctx:
        server_conn = tflow.tserver_conn()
        client = Http1Client(Context(tflow.tclient_conn(), tctx.options))
        client.conn = server_conn
        list(client.handle_event(events.Start()))
        client.stream_id, client.request = 1, tflow.treq()
        list(client.send(RequestHeaders(1, client.request, False)))
        list(client.send(RequestEndOfMessage(1)))
        head = b"HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
        done = list(client.handle_event(events.DataReceived(server_conn, head + CHUNKED_WITH_TRAILERS)))
    (error,) = [c.event for c in done if isinstance(getattr(c, "event", None), ResponseProtocolError)]
    assert "trailers" in error.message and error.code.http_status_code() == 502
