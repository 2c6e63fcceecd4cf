"""attack46 (EVASION.md section 5, "the token file read half-written"): a token file rewritten in place (an editor,
a config tool; `exitguard token` itself replaces it whole) is read while half of it is on disk. Held: half a JSON
document never parses, so the proxy refuses every token (407 naming the file's problem, said in the log), publishes
no revocation (a torn read is not a revoke: the other replicas would refuse the tokens for good), and takes the
tokens back once the whole file is there."""

from __future__ import annotations

import logging
import os

from mitmproxy.addons.proxyauth import mkauth

from addons.core import metakeys
from tests.identity.test_identity_addon import request_flow


def rewrite(path, data: bytes, mtime_ns: int) -> None:
    with open(path, "r+b") as f:  # in place, as an editor without a rename does
        f.truncate(0)
        f.write(data)
    os.utime(path, ns=(mtime_ns, mtime_ns))  # a new mtime even within one clock tick


async def test_a_half_written_token_file_refuses_every_token_until_it_is_whole(ident, tokens, monkeypatch,
                                                                                 caplog):
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    path, token = tokens
    tctx.configure(addon, exitguard_tokens_file=str(path))
    whole = path.read_bytes()
    f = request_flow(mkauth("ci", token))
    await addon.requestheaders(f)
    assert f.response is None and f.metadata[metakeys.IDENTITY] == "ci"
    stat = path.stat()
    rewrite(path, whole[: len(whole) // 2], stat.st_mtime_ns + 1_000_000)
    with caplog.at_level(logging.ERROR):
        torn = request_flow(mkauth("ci", token))
        await addon.requestheaders(torn)
    assert torn.response is not None and torn.response.status_code == 407
    assert "not a valid exitguard token file" in caplog.text and "refusing all tokens" in caplog.text
    assert token not in caplog.text and token not in torn.response.text
    assert addon.revocations.revoked == set()  # no revocation published for a torn read
    rewrite(path, whole, stat.st_mtime_ns + 2_000_000)
    again = request_flow(mkauth("ci", token))
    await addon.requestheaders(again)
    assert again.response is None and again.metadata[metakeys.IDENTITY] == "ci"
