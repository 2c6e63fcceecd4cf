"""newuser53: a 407 did not say who tried. The refused flow's metadata (and so its audit record) names the claimed
identity only when that is no secret: a known token entry's name; never the Basic user name as sent."""

from __future__ import annotations

import os
import time

import pytest
from mitmproxy.addons.proxyauth import mkauth

from addons.core import metakeys
from addons.identity.tokens import TokenStore
from tests import fakes
from tests.identity.test_identity_addon import connect_flow, request_flow


def wrong_secret(token: str) -> str:
    return token[:-2] + ("xx" if not token.endswith("xx") else "yy")


@pytest.mark.parametrize("user, password, claimed", [
    ("ci", "WRONG", "ci"),  # ci's token id with a wrong secret
    ("someone", "WRONG", "ci"),  # the token's id names the entry, whatever the user name says
    ("ci", "egt_000000000000_" + "A" * 43, "ci"),  # an unknown token, a known entry's name as the user
    ("ci", "", "ci"),  # no password at all
    ("TOKEN", "", "ci"),  # ci's own valid token pasted as the user name
    ("TOKEN", "hunter2", "ci"),
    ("mallory", "egt_000000000000_" + "A" * 43, None),
    (fakes.aws_key_id(53), fakes.aws_secret(53), None),  # an AWS key pair: nothing of it
    ("platform", "hunter2", None),  # a group's name is no entry's name
])
async def test_a_407_names_the_known_entry_it_claimed_and_nothing_else(ident, tokens, user, password, claimed):
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    user = tokens[1] if user == "TOKEN" else user
    password = wrong_secret(tokens[1]) if password == "WRONG" else password
    for f in (request_flow(mkauth(user, password)), connect_flow(mkauth(user, password))):
        await (addon.requestheaders(f) if f.request.method != "CONNECT" else addon.http_connect(f))
        assert f.response.status_code == 407
        assert f.metadata[metakeys.CLAIMED_IDENTITY] == claimed
        assert not f.metadata.get(metakeys.IDENTITY)


async def test_no_credentials_claim_nobody_and_a_granted_flow_has_no_claim(ident, tokens):
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    none = request_flow()
    await addon.requestheaders(none)
    assert none.response.status_code == 407 and none.metadata[metakeys.CLAIMED_IDENTITY] is None
    granted = request_flow(mkauth("ci", tokens[1]))
    await addon.requestheaders(granted)
    assert granted.response is None and metakeys.CLAIMED_IDENTITY not in granted.metadata


async def test_a_token_revoked_on_another_replica_names_its_entry(ident, tokens):
    """Revoked in the shared set (another replica's `token revoke`), still in this replica's file: its entry."""
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    addon.revocations.revoked.add(tokens[1].split("_")[1])
    f = request_flow(mkauth("ci", tokens[1]))
    await addon.requestheaders(f)
    assert f.response.status_code == 407 and f.metadata[metakeys.CLAIMED_IDENTITY] == "ci"


async def test_a_stale_credential_names_whom_it_authenticated(ident, tokens, monkeypatch):
    """A tunnel's or a held request's token revoked meanwhile: the 407 names the caller it was."""
    monkeypatch.setattr("addons.identity.identity.TOKEN_FILE_CHECK_INTERVAL", 0.0)
    addon, tctx = ident
    tctx.configure(addon, exitguard_auth="required", exitguard_tokens_file=str(tokens[0]))
    c = connect_flow(mkauth("ci", tokens[1]))
    await addon.http_connect(c)
    held = request_flow(mkauth("ci", tokens[1]))
    await addon.requestheaders(held)
    store = TokenStore.load(tokens[0])
    store.revoke("ci")
    store.save()
    os.utime(tokens[0], (time.time() + 5, time.time() + 5))
    inner = request_flow(client_conn=c.client_conn)
    await addon.requestheaders(inner)
    assert inner.response.status_code == 407 and inner.metadata[metakeys.CLAIMED_IDENTITY] == "ci"
    assert addon.refuse_stale_caller(held) is True and held.metadata[metakeys.CLAIMED_IDENTITY] == "ci"
