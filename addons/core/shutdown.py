"""Work to finish when the proxy stops, while every addon still works.

mitmproxy calls each addon's ``done`` in chain order, and Config, first in the chain, retires the runtime every
later hook needs. A request answered in a later addon's ``done`` (Approval answering the requests it holds) went
through the response hooks of addons already done (attack46: the held client got a 502, "internal error in
CredentialInjection.response"). Config's ``done`` runs what is registered here first, and awaits it; mitmproxy's
listeners still serve meanwhile, so the answers reach their clients.
"""

from __future__ import annotations

import inspect
import logging
import weakref
from collections.abc import Awaitable, Callable

logger = logging.getLogger(__name__)

# Each returns what to await before the proxy stops, or None when it has nothing to finish.
BeforeStop = Callable[[], Awaitable[None] | None]

# Held weakly (an addon's bound method): an addon gone (a test's, a reloaded script's) leaves nothing behind.
_before_stop: list[weakref.WeakMethod] = []


def before_stop(work: BeforeStop) -> None:
    """Register ``work``, an addon's method, once (an addon's ``running`` may run again)."""
    if not any(ref() == work for ref in _before_stop):
        _before_stop.append(weakref.WeakMethod(work))


def forget(work: BeforeStop) -> None:
    _before_stop[:] = [ref for ref in _before_stop if ref() is not None and ref() != work]


def pending() -> Awaitable[None] | None:
    """Every registered work's awaitable, as one; None when none has anything to finish (the stop stays sync)."""
    waits = []
    for ref in list(_before_stop):
        work = ref()
        if work is None:
            continue
        try:
            started = work()
        except Exception:  # one addon's failure must not keep the others from finishing, or the proxy from stopping
            logger.exception("exitguard: work before the stop failed")
            continue
        if started is not None and inspect.isawaitable(started):
            waits.append(started)
    return _all(waits) if waits else None


async def _all(waits: list[Awaitable[None]]) -> None:
    for wait in waits:
        try:
            await wait
        except Exception:
            logger.exception("exitguard: work before the stop failed")
