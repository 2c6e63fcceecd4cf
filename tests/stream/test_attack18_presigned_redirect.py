"""attack18 (invariant 4): api.github.com (guarded by default) answers a release asset or archive download with a
302 to an S3 presigned URL. Its X-Amz-Credential holds the signer's access key id, which the answer's header scan
masked: the URL no longer verified against its signature and `gh release download` failed through the proxy. The
key id is kept there, in a Location whose query is AWS Signature V4's; anywhere else it is still masked."""

from __future__ import annotations

import pytest
from mitmproxy import http
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.stream.streaming import Streaming
from tests import fakes
from tests.guard.support import request_flow

AKID = fakes.aws_key_id(1801)
SIGNATURE = "5f6e7d8c9b0a1f2e3d4c5b6a7f8e9d0c1b2a3f4e5d6c7b8a9f0e1d2c3b4a5f6e"


def presigned(credential: str = f"{AKID}%2F20261204%2Fus-east-1%2Fs3%2Faws4_request", extra: str = "",
              signature: str = f"&X-Amz-Signature={SIGNATURE}") -> str:
    return ("https://objects.githubusercontent.com/github-production-release-asset-2e65be/123456/abc-def"
            f"?X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential={credential}&X-Amz-Date=20261204T160000Z"
            f"&X-Amz-Expires=300{signature}&X-Amz-SignedHeaders=host&actor_id=0&repo_id=123456{extra}"
            "&response-content-disposition=attachment%3B%20filename%3Dtool-linux-amd64.tar.gz")


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], tmp_path_factory.mktemp("a18") / "fingerprint.key")


async def _redirect(shipped, location: str) -> str:
    runtime.install(shipped)
    try:
        with taddons.context(Streaming()) as tctx:
            flow = request_flow("api.github.com", "/repos/o/r/releases/assets/1", b"", method="GET")
            flow.metadata[metakeys.HOST_CLASS] = "guarded"
            flow.response = http.Response.make(302, b"", {"Location": location})
            for hook in (http_layer.HttpResponseHeadersHook, http_layer.HttpResponseHook):
                await tctx.master.addons.handle_lifecycle(hook(flow))
            return flow.response.headers["Location"]
    finally:
        runtime.install(None)


async def test_a_redirect_to_a_presigned_url_reaches_the_client_as_signed(shipped):
    location = presigned()
    assert await _redirect(shipped, location) == location


@pytest.mark.parametrize("location", [
    presigned(extra=f"&note={AKID}"),  # the same id elsewhere in the URL
    presigned(signature=""),  # no signature: not a presigned URL
    f"https://example.org/next?X-Amz-Credential={AKID}%2F20261204%2Fus-east-1%2Fs3%2Faws4_request",
    f"https://example.org/next?k={AKID}",
])
async def test_a_key_id_anywhere_else_is_still_masked(shipped, location):
    shown = await _redirect(shipped, location)
    assert "[MASKED:aws-access-key-id:" in shown
    if "note=" in location:
        assert f"X-Amz-Credential={AKID}%2F" in shown and f"note={AKID}" not in shown
