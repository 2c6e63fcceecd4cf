"""newuser53: a token file the proxy could not read is taken back once its owner or mode is fixed, not only once its
content changes.

deploy/README's per-job tokens for a container: the host's `exitguard token` (run by the host user) edits the file in
the mounted folder, then `chown 10001` gives it back to the container's user. Between the save and the chown the
file is the host user's, which the proxy refuses, and it then refuses every token until the file is fixed (fail
closed). The proxy noticed a change by the file's mtime alone, and chown or chmod leaves the mtime as it is: a reload
that fell in that moment left the proxy refusing every token until the next edit. Failed before: the fixed file was
never read again (407 for every token)."""

from __future__ import annotations

import os

from mitmproxy.addons.proxyauth import mkauth

from addons.core import metakeys
from addons.identity.tokens import TokenStore
from tests.identity.test_identity_addon import request_flow


async def test_a_token_file_whose_mode_is_fixed_is_read_again(ident, tokens, monkeypatch):
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    path, _ = tokens
    tctx.configure(addon, exitguard_tokens_file=str(path))
    store = TokenStore.load(path)
    job_token = store.add("ci-job-7", ["ci"])
    store.save()
    os.chmod(path, 0o644)  # the moment before the fix: a file the proxy may not use
    later = path.stat().st_mtime_ns + 1_000_000  # a new mtime even within one clock tick
    os.utime(path, ns=(later, later))
    refused = request_flow(mkauth("ci-job-7", job_token))
    await addon.requestheaders(refused)
    assert refused.response is not None and refused.response.status_code == 407

    os.chmod(path, 0o600)  # the fix (chown or chmod): same content, same mtime
    assert path.stat().st_mtime_ns == later
    again = request_flow(mkauth("ci-job-7", job_token))
    await addon.requestheaders(again)
    assert again.response is None, again.response.text
    assert again.metadata[metakeys.IDENTITY] == "ci-job-7"
