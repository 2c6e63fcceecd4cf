"""Attack25: the approval webhook's URL (attack24 refuses requests to it) spelled as a server may route it.

attack24 compared the path normalized as approval rules see it, where reserved escapes stay escaped. A receiver
behind WSGI (Flask, Django: PATH_INFO is percent-decoded, ``%2F`` too), IIS (``\\`` for ``/``) or Tomcat/Spring
(``;parameters`` of a segment dropped) routes these spellings to the webhook's own path: the agent's forged
notification reached the reviewers' channel. The wsgiref check below shows the decoding on a real WSGI server."""

from __future__ import annotations

import threading
import urllib.request
from wsgiref.simple_server import WSGIRequestHandler, make_server

import pytest

from tests.approval.test_attack24_webhook_address import approval, post  # noqa: F401 (fixture)

SPELLINGS = [
    "/services%2FT0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", "/services/T0AAAA%2fB0BBBB%2Fc3VwZXJzZWNyZXRwYXRo",
    "/x%2F..%2Fservices/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo;v=1",
    "/services;a=b/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo", "/services%5CT0AAAA%5CB0BBBB/c3VwZXJzZWNyZXRwYXRo",
]


@pytest.mark.parametrize("path", SPELLINGS)
async def test_the_webhooks_path_as_a_server_routes_it_is_refused(approval, path):  # noqa: F811
    f = post("hooks.slack.com", path)
    await approval.requestheaders(f)
    assert f.response is not None and f.response.status_code == 403, path


@pytest.mark.parametrize("path", ["/services/T0AAAA/B0BBBB/other%2Fc3VwZXJzZWNyZXRwYXRo",
                                  "/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo%3F"])
async def test_other_paths_still_pass(approval, path):  # noqa: F811
    f = post("hooks.slack.com", path)
    await approval.requestheaders(f)
    assert f.response is None, path


def test_a_real_wsgi_server_routes_an_escaped_slash_as_a_slash():
    seen: list[str] = []

    def app(environ, start_response):
        seen.append(environ["PATH_INFO"])
        start_response("200 OK", [("Content-Length", "0")])
        return [b""]

    class Quiet(WSGIRequestHandler):
        def log_message(self, *args):
            pass

    server = make_server("127.0.0.1", 0, app, handler_class=Quiet)
    threading.Thread(target=server.handle_request, daemon=True).start()
    with urllib.request.urlopen(f"http://127.0.0.1:{server.server_port}{SPELLINGS[0]}", timeout=10):
        pass
    server.server_close()
    assert seen == ["/services/T0AAAA/B0BBBB/c3VwZXJzZWNyZXRwYXRo"]
