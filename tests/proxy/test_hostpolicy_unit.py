"""HostPolicy.server_connect: the last check before an upstream connection opens."""

from __future__ import annotations

import pytest
from mitmproxy.proxy import server_hooks
from mitmproxy.test import taddons, tflow

from addons.guard.hostpolicy import HostPolicy


def hook_data(host: str, port: int = 443) -> server_hooks.ServerConnectionHookData:
    flow = tflow.tflow()
    flow.server_conn.address = (host, port)
    return server_hooks.ServerConnectionHookData(server=flow.server_conn, client=flow.client_conn)


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "::1", "::ffff:127.0.0.1", "169.254.169.254", "0.0.0.0"])
async def test_local_destinations_are_refused(host):
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data(host)
        await hp.server_connect(data)
        assert "local address" in data.server.error


async def test_a_name_that_cannot_be_resolved_is_refused_not_passed():
    hp = HostPolicy()
    with taddons.context(hp):
        data = hook_data("no-such-host.invalid")  # RFC 6761: never resolves
        await hp.server_connect(data)
        assert "could not be resolved and checked" in data.server.error


async def test_allowed_upstreams_and_disabled_guard_connect():
    hp = HostPolicy()
    with taddons.context(hp) as tctx:
        tctx.configure(hp, exitguard_allow_upstreams=["127.0.0.1:8443"])
        data = hook_data("127.0.0.1", 8443)
        await hp.server_connect(data)
        assert data.server.error is None
        tctx.configure(hp, exitguard_block_loopback=False)
        data = hook_data("127.0.0.1", 9)
        await hp.server_connect(data)
        assert data.server.error is None
