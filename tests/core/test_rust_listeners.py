"""core/rust_listeners.py in process: an addon test's master (no proxy server) never arms the exit that skips
finalization, so a test run keeps its own exit status; the real proxies are tests/proxy/test_live_*_exit.py."""

from __future__ import annotations

from mitmproxy.test import taddons

from addons.core import compat, rust_listeners


def test_a_master_without_a_proxy_server_never_ends_the_process_at_exit(monkeypatch):
    monkeypatch.setattr(rust_listeners, "_end_at_exit", False)
    compat.install()
    with taddons.context() as tctx:
        tctx.options.mode = ["reverse:https://example.com"]  # a UDP listener, in options only
        tctx.master.shutdown()
        assert not rust_listeners.udp_listener_configured()
    assert rust_listeners._end_at_exit is False


def test_patching_shutdown_twice_wraps_it_once():
    compat.install()
    patched = rust_listeners.master.Master.shutdown
    rust_listeners.exit_on_requested_shutdown()
    assert rust_listeners.master.Master.shutdown is patched
