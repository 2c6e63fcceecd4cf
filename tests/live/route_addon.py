"""Test-only mitmproxy script: sends every upstream connection to the local test upstream.

Loaded with -s *before* the exitguard bundle, so real host names (api.openai.com, ...) can be used by
the clients while nothing ever leaves 127.0.0.1. The TLS server name stays the original host, so the
upstream's certificate is checked for that name.
"""

from mitmproxy import ctx


class RouteToTestUpstream:
    def load(self, loader):
        loader.add_option("egtest_upstream", str, "", "host:port of the local test upstream")

    def server_connect(self, data):
        if not ctx.options.egtest_upstream or data.server.address is None:
            return
        host, port = ctx.options.egtest_upstream.rsplit(":", 1)
        original = data.server.address[0]
        if data.server.sni is None and original not in ("127.0.0.1", "localhost"):
            data.server.sni = original
        data.server.address = (host, int(port))


addons = [RouteToTestUpstream()]
