"""What an upstream connection carries out before any request is inspected.

mitmproxy opens the upstream connection as soon as a client's TLS ClientHello arrives, before the first request
(its eager connection strategy: the upstream certificate is needed to forge the client's). By then three things the
client chose have left, or are about to leave, the proxy:
- the host name the proxy resolves (a DNS query through the host's resolver) and connects to (the CONNECT target);
- the TLS server name (SNI), which mitmproxy copies from the client's ClientHello into its own;
- the ALPN protocol ids, which mitmproxy copies the same way: any bytes, up to 255 per id.

A request's scan never sees them, so each would be a channel out past a policy that blocks a value in a body (for
example ``unlisted_hosts: {actions: {request: {secret/precise: block}}}``). Here the names are scanned like request
fields, with the connection's host class, and a value the policy would mask, hold or block refuses the connection:
a name cannot be masked and a connection cannot wait for a person. Only HTTP's own ALPN ids are offered upstream.
"""

from __future__ import annotations

from collections.abc import Sequence

from addons.core import encoded_keys
from addons.core.inspection import Inspector
from addons.core.vocabulary import Action, Direction

HTTP_PROTOCOLS = (b"h2", b"http/1.1", b"http/1.0")


def upstream_offers(client_offers: Sequence[bytes], http2: bool) -> list[bytes] | None:
    """The ALPN ids to offer upstream for ``client_offers``: its HTTP ones in the client's order (without h2 when
    HTTP/2 is off, as mitmproxy does). None: the client offered ids, but none is HTTP's (nothing can be offered
    for it without carrying its bytes out)."""
    allowed = HTTP_PROTOCOLS if http2 else HTTP_PROTOCOLS[1:]
    offers = [offer for offer in client_offers if offer in allowed]
    return offers if offers or not client_offers else None


def refused_rule(names: Sequence[str], inspector: Inspector, groups: list[str] | None, host_class: str) -> str | None:
    """The rule of the first value in ``names`` that the policy would mask, hold or block for this host class (the
    connection is then refused), else None. A scan that could not finish refuses too ("scan-incomplete"). Names
    are case-insensitive, so each is also read upper-cased: a key of capitals and digits (an AWS key id) written
    in lower case is the same name, and the same key to whoever reads it."""
    for spelling in dict.fromkeys(variant for name in names for variant in (name, name.upper())):
        result = inspector.inspect_text(spelling, Direction.REQUEST, "connection:name", groups, host_class=host_class)
        # attack16: a label holds the hex (40) or base32 (32) of an AWS key id; the lookup carried it out.
        result = encoded_keys.with_encoded_keys(result, spelling, inspector, Direction.REQUEST, "connection:name",
                                                groups, host_class)
        if result.incomplete:
            return "scan-incomplete"
        for finding in result.findings:
            if finding.action != Action.ALLOW:
                return finding.rule
    return None
