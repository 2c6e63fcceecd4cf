"""pytest fixtures for live tests (registered from tests/conftest.py)."""

from __future__ import annotations

import pytest

from tests.live import forkserver, harness


def pytest_unconfigure(config):
    """Stop this process's fork servers and wait for them (a pytest-xdist worker may leave without running atexit):
    their children's CPU time is then counted where a fresh process's would be, in the run's own."""
    forkserver.ForkServer.stop_all()


@pytest.fixture(scope="session")
def upstream_certs(tmp_path_factory):
    return harness.make_upstream_certs(tmp_path_factory.mktemp("upstream-ca"))


@pytest.fixture(scope="session")
def upstream_session(upstream_certs):
    ca, pem = upstream_certs
    up = harness.Upstream(pem)
    harness._upstream_ca[id(up)] = ca
    yield up
    up.close()


@pytest.fixture
def upstream(upstream_session):
    """The shared local HTTPS upstream, with routes and the request log reset for each test."""
    upstream_session.reset()
    yield upstream_session
    upstream_session.reset()


@pytest.fixture
def proxy_factory(tmp_path, upstream_session):
    started = []

    def start(*extra: str, **kw) -> harness.Proxy:
        p = harness.start_proxy(tmp_path, upstream_session, *extra, **kw)
        started.append(p)
        return p

    yield start
    for p in started:
        p.stop()


@pytest.fixture
def proxy(proxy_factory, upstream):
    """A real mitmdump with the bundle and the default policy, routed to the local upstream."""
    return proxy_factory()


@pytest.fixture(scope="module")
def module_proxy(tmp_path_factory, upstream_session):
    """One default-policy proxy for every test of a module (start-up costs a second or two)."""
    p = harness.start_proxy(tmp_path_factory.mktemp("proxy"), upstream_session)
    yield p
    p.stop()


@pytest.fixture
def gw(module_proxy, upstream):
    """The module's shared proxy, still running, with a fresh upstream log."""
    assert module_proxy.proc.poll() is None, module_proxy.log
    return module_proxy
