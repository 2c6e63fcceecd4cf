"""A refused start-up ends the process without finalizing the interpreter when mitmproxy_rs serves a listener.

A UDP listener (``--mode reverse:https://...`` listens on UDP too, for HTTP/3; the ``wireguard``, ``udp``, ``dns``
modes) runs on mitmproxy_rs's tokio threads, which complete Python futures with ``loop.call_soon_threadsafe``. That
call releases the GIL in ``_write_to_self``'s ``send`` and takes it back after, but the event loop may already have
run the callback (woken by something else), so the main thread goes on, exits and finalizes the interpreter while the
tokio thread still waits for the GIL. CPython 3.12 ends such a thread with ``pthread_exit``, which unwinds through
Rust frames: a segfault (status 139 instead of 1; gdb: a tokio-rt-worker in ``take_gil`` from ``sock_send``, the main
thread in ``Py_FinalizeEx``'s collection). Closing the servers and awaiting ``wait_closed`` first does not help (that
future is completed the same way). On a refused start nothing was served and nothing is recorded, so the process
flushes its output and ends with ``os._exit``: no finalization, no thread left to unwind.
tests/proxy/test_live_startup_exit.py.

A shutdown asked for (SIGINT, SIGTERM, mitmproxy's shutdown command) meets the same race: a signal while the
servers start ends ``Master.run`` before any done hook, and 17 of 24 such runs of a ``reverse:https`` listener ended
139. ``end_requested_shutdown_without_finalizing`` (``Master.shutdown``, patched by ``exit_on_requested_shutdown``)
and the done hook arm an exit handler, registered at import so it runs after every one registered later and before
the finalization that crashes: with a listener on UDP configured, it ends the process there. Every addon's done hook
has run by then when the proxy ran (the recorder has written and synced its last record).
tests/proxy/test_live_shutdown_exit.py.
"""

from __future__ import annotations

import atexit
import logging
import os
import sys
from typing import NoReturn

import mitmproxy_rs
from mitmproxy import ctx, master
from mitmproxy.addons import errorcheck

RUST_SERVERS = (mitmproxy_rs.udp.UdpServer, mitmproxy_rs.wireguard.WireGuardServer)


def _server_instances() -> list:
    master_ = getattr(ctx, "master", None)
    proxyserver = master_.addons.get("proxyserver") if master_ is not None else None
    return list(proxyserver.servers) if proxyserver is not None else []


def rust_listener_open() -> bool:
    """Whether mitmproxy serves a listener on mitmproxy_rs's threads (mitmproxy 12.3.1 never closes them)."""
    return any(isinstance(server, RUST_SERVERS) for instance in _server_instances()
               for server in getattr(instance, "_servers", ()))


def exit_without_finalizing(status: int) -> NoReturn:
    logging.shutdown()  # flushes every handler (mitmproxy's termlog among them)
    for stream in (sys.stdout, sys.stderr):
        try:
            stream.flush()
        except (OSError, ValueError):  # a closed or broken pipe: nothing more can be said there
            pass
    os._exit(status)


def stop(exc: SystemExit) -> NoReturn:
    """Raise ``exc``, or, with a mitmproxy_rs listener open, say its message and end the process now."""
    if not rust_listener_open():
        raise exc
    if isinstance(exc.code, str):
        print(exc.code, file=sys.stderr)
    exit_without_finalizing(exc.code if isinstance(exc.code, int) else 1)


def exit_from_errorcheck() -> None:
    """Patch mitmproxy's errorcheck: its ``sys.exit(1)`` after an error logged during start-up goes through ``stop``."""
    original = errorcheck.ErrorCheck.shutdown_if_errored
    if getattr(original, "ends_without_finalizing", False):
        return

    async def shutdown_if_errored(self: errorcheck.ErrorCheck) -> None:
        try:
            await original(self)
        except SystemExit as e:
            stop(e)

    shutdown_if_errored.ends_without_finalizing = True  # type: ignore[attr-defined]
    errorcheck.ErrorCheck.shutdown_if_errored = shutdown_if_errored  # type: ignore[method-assign]


_end_at_exit = False


def udp_listener_configured() -> bool:
    """Whether the proxy server has a listener on UDP (reverse:https's HTTP/3, dns, wireguard, local, tun), started
    or still starting: mitmproxy_rs serves it. (An addon test's master has no proxy server: never.)"""
    return any(instance.mode.transport_protocol != "tcp" for instance in _server_instances())


def end_requested_shutdown_without_finalizing() -> None:
    """A shutdown was asked for (a signal, the done hook): end the process at exit without finalizing if a listener
    on UDP is configured. mitmdump's status after a requested shutdown is 0."""
    global _end_at_exit
    _end_at_exit = _end_at_exit or udp_listener_configured()


def exit_on_requested_shutdown() -> None:
    """Patch ``Master.shutdown`` (what SIGINT and SIGTERM call, on the event loop or from another thread)."""
    original = master.Master.shutdown
    if getattr(original, "ends_without_finalizing", False):
        return

    def shutdown(self: master.Master) -> None:
        end_requested_shutdown_without_finalizing()
        original(self)

    shutdown.ends_without_finalizing = True  # type: ignore[attr-defined]
    master.Master.shutdown = shutdown  # type: ignore[method-assign]


def _at_exit() -> None:
    if _end_at_exit:
        # mitmdump's status after a requested shutdown, unless an exception reached the top and was printed.
        exit_without_finalizing(1 if getattr(sys, "last_exc", None) is not None else 0)


atexit.register(_at_exit)
