"""What exitguard does with a flow, by its host class (``metakeys.HOST_CLASS``, set by guard/hostpolicy.py).

One answer for every part that asks "do I inspect this?", so a new class cannot be guarded in one place and
forgotten in another:

| class    | requests                        | responses             | a body that cannot be scanned  |
|----------|---------------------------------|-----------------------|--------------------------------|
| guarded  | scanned, policy actions         | scanned               | refused (fail closed)          |
| observe  | scanned, unlisted_hosts.actions | passed unscanned      | recorded as not inspected, sent|
| pass     | passed unscanned                | passed unscanned      | -                              |
| deny     | refused                         | -                     | -                              |
"""

from __future__ import annotations

from mitmproxy import http

from addons.core import metakeys
from addons.core.vocabulary import Direction, HostClass


def host_class(flow: http.HTTPFlow) -> HostClass | None:
    """The flow's class; None before HostPolicy classified it (or for a value no version of exitguard wrote)."""
    value = flow.metadata.get(metakeys.HOST_CLASS)
    return HostClass(value) if value in HostClass.values() else None


def inspects(flow: http.HTTPFlow, direction: Direction | str) -> bool:
    """Whether the Guard scans this direction of a live flow."""
    cls = host_class(flow)
    if not flow.live or cls is None:
        return False
    return cls == HostClass.GUARDED or (cls == HostClass.OBSERVE and direction == Direction.REQUEST)


def fails_closed(flow: http.HTTPFlow) -> bool:
    """Whether a body that cannot be scanned (too large, undecodable, cut short) is refused rather than recorded
    and sent: on guarded hosts only. Observing an unlisted host must not break downloads, uploads or odd APIs."""
    return host_class(flow) == HostClass.GUARDED


def forwards_unscanned(flow: http.HTTPFlow, direction: Direction | str) -> bool:
    """A direction let through without inspection (pass hosts; responses of observed hosts): stream it rather
    than buffer it."""
    cls = host_class(flow)
    return cls == HostClass.PASS or (cls == HostClass.OBSERVE and direction == Direction.RESPONSE)
