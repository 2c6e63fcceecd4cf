"""Attack24: which connections reach exitguard's own control plane outside this process (core/control_plane.py).

The fleet's Redis at a private address an unlisted name resolves to (``private_upstreams: {observe: allow}``, the
default) or on loopback where agents may reach a local model server, and the approval callback URL's balancer:
every spelling and name an agent can write for them is refused, and nothing else is."""

from __future__ import annotations

import asyncio

import pytest
from mitmproxy.test import taddons, tflow

from addons.approval.approval import Approval
from addons.core import net
from addons.core.control_plane import ControlPlane, endpoints

DNS = {"redis.platform.svc": ["10.20.0.7"], "redis-0.redis-headless.platform.svc": ["10.20.0.7"],
       "mirror.corp.example": ["10.20.0.8"], "approvals.example.com": ["203.0.113.9"],
       "other.example.com": ["203.0.113.9"], "localhost": ["127.0.0.1", "::1"]}
OWN = {"192.168.5.5"}


async def fake_resolve(host: str, port: int) -> list[str]:
    if host not in DNS:
        raise OSError("no such name")
    return DNS[host]


def is_local(ip: str) -> bool:
    return net.is_local_address(ip) or ip in OWN


def plane(state: str | None, callback: str | None = None) -> ControlPlane:
    p = ControlPlane(fake_resolve, is_local)
    p.configure(endpoints(state, callback))
    return p


def refusal(p: ControlPlane, host: str, port: int) -> str | None:
    ips = [net.ip_address(host) and str(net.ip_address(host))] if net.is_ip(host) else DNS.get(host)
    return asyncio.run(p.refusal(host, port, ips))


REMOTE = "rediss://:pw@redis.platform.svc:6380/3"


@pytest.mark.parametrize(("host", "port"), [
    ("redis.platform.svc", 6380), ("REDIS.platform.svc.", 6380), ("10.20.0.7", 6380), ("::ffff:10.20.0.7", 6380),
    ("::ffff:a14:7", 6380), ("redis-0.redis-headless.platform.svc", 6380),
    ("10.20.0.7", 6379), ("10.20.0.7", 26379), ("redis.platform.svc", 16379),  # the plain port, Sentinel, the bus
])
def test_every_name_and_port_of_a_remote_store_is_refused(host, port):
    assert refusal(plane(REMOTE), host, port) == "the shared state store (Redis)"


@pytest.mark.parametrize(("host", "port"), [("mirror.corp.example", 6380), ("10.20.0.8", 6380),
                                            ("127.0.0.1", 6380), ("approvals.example.com", 443)])
def test_other_private_hosts_and_this_host_are_not_the_remote_store(host, port):
    assert refusal(plane(REMOTE), host, port) is None


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "::1", "0.0.0.0", "localhost", "192.168.5.5"])
def test_a_store_on_this_host_is_refused_on_every_local_address_but_only_on_its_port(host):
    p = plane("redis://127.0.0.1:16379/0")
    assert refusal(p, host, 16379) == "the shared state store (Redis)"
    assert refusal(p, host, 11434) is None  # a local model server stays reachable


def test_a_store_named_by_this_hosts_own_address_is_this_host():
    p = plane("redis://192.168.5.5/0")
    assert refusal(p, "127.0.0.1", 6379) == "the shared state store (Redis)"
    assert refusal(p, "127.0.0.1", 8000) is None


def test_the_callback_url_is_refused_on_its_port_by_every_name_for_its_address():
    p = plane(None, "https://approvals.example.com")
    for host in ("approvals.example.com", "203.0.113.9", "other.example.com", "::ffff:203.0.113.9"):
        assert refusal(p, host, 443) == "the approval callback URL", host
    assert refusal(p, "203.0.113.9", 80) is None


def test_a_store_name_that_cannot_be_looked_up_is_still_refused_by_name():
    p = plane("redis://redis.gone.svc:6379/0")
    assert refusal(p, "redis.gone.svc", 6379) == "the shared state store (Redis)"
    # Any address may be its address then: unchecked is refused (attack25; this passed before).
    assert "could not be looked up" in refusal(p, "10.20.0.7", 6379)


def test_an_address_the_proxy_could_not_resolve_is_refused_on_an_endpoints_port():
    p = plane(REMOTE)
    assert asyncio.run(p.refusal("unknown.example", 6380, None)) == "the shared state store (Redis)"
    assert asyncio.run(p.refusal("unknown.example", 443, None)) is None


def test_in_process_state_and_no_callback_url_name_nothing():
    assert endpoints(None, None) == ()
    assert refusal(plane(None), "10.20.0.7", 6379) is None


def test_a_moved_store_keeps_its_old_address_refused():
    clock = [0.0]
    p = ControlPlane(fake_resolve, is_local, clock=lambda: clock[0])
    p.configure(endpoints("redis://redis.platform.svc/0", None))
    assert asyncio.run(p.refusal("10.20.0.7", 6379, ["10.20.0.7"]))
    DNS["redis.platform.svc"] = ["10.20.0.9"]
    try:
        clock[0] = 31.0
        assert asyncio.run(p.refusal("10.20.0.9", 6379, ["10.20.0.9"]))
        assert asyncio.run(p.refusal("10.20.0.7", 6379, ["10.20.0.7"]))
    finally:
        DNS["redis.platform.svc"] = ["10.20.0.7"]


# ------------------------------------------------------------------ another replica's callback listener

class _Fleet:
    shared = True  # the approvals backend of a replica linked to a shared store


async def _connect(approval, host: str, port: int) -> str | None:
    f = tflow.tflow()
    f.server_conn.address = (host, port)
    await approval.server_connect(type("Data", (), {"server": f.server_conn})())
    return f.server_conn.error


async def test_another_replicas_callback_listener_on_its_pod_address_is_refused(installed, monkeypatch):
    """Every replica of a fleet listens for callbacks on the same port, beyond loopback (0.0.0.0:8444 behind the
    Ingress). An agent at replica A names replica B's pod (``exitguard-1.exitguard-pods``, a private address an
    unlisted name resolves to): A's own-listener check knew only A's addresses, so B's listener was reached, where
    ten bad calls from A's address lock out whatever else comes from there, and link tokens may be tried. Now the
    fleet's callback port is refused on private addresses too; a service on that port of a public address is not."""
    approval = Approval()
    with taddons.context(approval) as tctx:
        tctx.configure(approval, exitguard_control_listen="off", exitguard_approval_callback_listen="0.0.0.0:0")
        await approval.running()
        try:
            port = approval.callback.port
            monkeypatch.setattr(approval, "backend", _Fleet())
            assert "approval callback listener" in (await _connect(approval, "10.20.0.12", port) or "")
            assert "approval callback listener" in (await _connect(approval, "::ffff:10.20.0.12", port) or "")
            assert await _connect(approval, "10.20.0.12", port + 1 if port < 65535 else 1) is None
            assert await _connect(approval, "203.0.113.5", port) is None
        finally:
            approval.done()


async def test_a_single_proxys_callback_port_on_a_private_address_is_someone_elses(installed):
    approval = Approval()
    with taddons.context(approval) as tctx:
        tctx.configure(approval, exitguard_control_listen="off", exitguard_approval_callback_listen="0.0.0.0:0")
        await approval.running()
        try:
            assert await _connect(approval, "10.20.0.12", approval.callback.port) is None
        finally:
            approval.done()
