"""attack17: a guarded host's answer with a key base64-, base32- or hex-encoded in a header value or name. The
request's headers have their runs decoded (core/encoded_keys.py, attack16); the answer's were read as written, so
the key reached the agent (a plain key in the same header is masked)."""

from __future__ import annotations

import base64
import json

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.stream.streaming import Streaming
from tests import fakes
from tests.guard.support import OPENAI, json_response, request_flow

AKID = fakes.aws_key_id(1711)
SPELLED = {"base64": base64.b64encode(AKID.encode()).decode(), "hex": AKID.encode().hex(),
           "base32": base64.b32encode(AKID.encode()).decode(),
           "glued-hex": "req-" + AKID.encode().hex()}


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    folder = tmp_path_factory.mktemp("attack17-headers")
    return runtime.build(None, [str(runtime.DEFAULT_RULES_DIR)], folder / "fingerprint.key")


@pytest.mark.parametrize("label", sorted(SPELLED))
async def test_an_encoded_key_in_an_answers_header_never_reaches_the_client(shipped, label):
    spelled = SPELLED[label]
    runtime.install(shipped)
    try:
        with taddons.context(Streaming()) as tctx:
            flow = request_flow(*OPENAI, json.dumps({"a": 1}).encode())
            flow.metadata[metakeys.HOST_CLASS] = "guarded"
            flow.response = json_response({"ok": True})
            flow.response.headers["x-upstream-note"] = f"see {spelled} end"
            flow.response.headers["location"] = f"https://example.org/next?k={spelled}"
            for hook in (http_layer.HttpResponseHeadersHook, http_layer.HttpResponseHook):
                await tctx.master.addons.handle_lifecycle(hook(flow))
            shown = bytes(flow.response.headers).decode()
            assert spelled not in shown and spelled[4:-4] not in shown, shown
            assert flow.response.headers["x-upstream-note"].startswith("see ") and "[MASKED:" in shown
    finally:
        runtime.install(None)
