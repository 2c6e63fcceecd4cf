"""Test flows shaped the way mitmproxy 12 hands them to addons, per proxy mode (see addons/core/destination.py).

``tunnel_flow`` is a request inside a regular-mode CONNECT tunnel: ``request.host`` is the CONNECT target
(copied from ``server_conn.address``), the TLS server name is the client's SNI, the Host header is whatever the
client wrote. Each name can be set apart to build a flow whose names disagree.
"""

from __future__ import annotations

from mitmproxy import http
from mitmproxy.proxy.mode_specs import ProxyMode
from mitmproxy.test import tflow

from addons.core import wire

UNSET = object()


def tunnel_flow(host: str = "api.openai.com", path: str = "/v1/chat", *, connect: str | None = None,
                sni: object = UNSET, host_header: object = UNSET,
                port: int = 443) -> tflow.http.HTTPFlow:
    """A request in a CONNECT tunnel to ``connect`` (default ``host``), SNI and Host header ``host``."""
    target = connect or host
    f = tflow.tflow(resp=False)
    f.client_conn.proxy_mode = ProxyMode.parse("regular")
    f.client_conn.sni = host if sni is UNSET else sni
    f.client_conn.tls = True
    f.server_conn.address = (target, port)
    f.server_conn.sni = None  # lazy connection strategy: set when the upstream connection opens
    f.request.scheme, f.request.port, f.request.path = "https", port, path
    f.request.data.host = target
    f.request.authority = ""
    f.request.headers.clear()
    header = host if host_header is UNSET else host_header
    if header is not None:
        f.request.headers["host"] = header
    return f


def plain_http_flow(url_host: str, path: str = "/v1/chat", *, host_header: str | None = None,
                    port: int = 80) -> tflow.http.HTTPFlow:
    """A regular-mode absolute-form request (``GET http://url_host/...``): no tunnel, no TLS."""
    f = tflow.tflow(resp=False)
    f.client_conn.proxy_mode = ProxyMode.parse("regular")
    f.client_conn.sni = None
    f.client_conn.tls = False
    f.server_conn.address = None
    f.server_conn.sni = None
    f.request.scheme, f.request.port, f.request.path = "http", port, path
    f.request.data.host = url_host
    f.request.authority = ""  # mitmproxy blanks it for HTTP/1 before any hook; request.host keeps the URL host
    f.request.headers.clear()
    f.request.headers["host"] = host_header or url_host
    return f


def reverse_flow(target: str, path: str = "/v1/chat", *, client_sni: str | None = "proxy.internal",
                 host_header: str | None = None) -> tflow.http.HTTPFlow:
    """A reverse-mode request to ``target``; the client's SNI names the proxy, the Host header was rewritten."""
    f = tunnel_flow(target, path, sni=client_sni, host_header=host_header or target)
    f.client_conn.proxy_mode = ProxyMode.parse(f"reverse:https://{target}")
    f.server_conn.sni = target
    return f


def transparent_flow(ip: str, name: str | None, path: str = "/v1/chat", *,
                     host_header: object = UNSET, scheme: str = "https") -> tflow.http.HTTPFlow:
    """A transparent-mode request to ``ip``; ``name`` is the client's SNI (and Host header by default)."""
    f = tunnel_flow(ip, path, sni=name, host_header=name if host_header is UNSET else host_header,
                    port=443 if scheme == "https" else 80)
    f.client_conn.proxy_mode = ProxyMode.parse("transparent")
    f.request.scheme = scheme
    if scheme != "https":
        f.client_conn.sni = None
    return f


def on_the_wire(f: http.HTTPFlow) -> http.Request:
    """The request as it leaves (as compat.send_wire_copies sends it): the wire copy the broker or the guard
    registered (core/wire.py) while the live request is as they sealed it, else the live request."""
    copy = wire.registered(f)
    if copy is None or wire.changed_parts(copy, f.request):
        return f.request
    if not (f.request.raw_content or f.request.trailers) and (copy.request.raw_content or copy.request.trailers):
        # mitmproxy sends the head with end_stream when the live request has no body: the seam then drops the
        # copy (fail closed) and the live request leaves as it is (compat._on_the_wire)
        return f.request
    return copy.request


def to_the_client(f: http.HTTPFlow) -> http.Response | None:
    """The answer as it leaves (as compat's ``_to_the_client`` sends it): the response copy the guard or the stream
    masker registered (core/wire.py, wire41) while the live response is as they sealed it, else the live one."""
    copy = wire.registered_response(f)
    if copy is None or f.response is None or wire.changed_response_parts(copy, f.response):
        return f.response
    return copy.response
