"""attack42: mitmproxy's addons that change a request after the bundle let it go, set at start-up.

The bundle seals a request at ``request`` and a brokered key or a value the policy lets through leaves from its wire
copy only while the live request stays as sealed (core/wire.py). mitmproxy's ``modify_body``, ``map_remote`` and
``stickycookie`` change the live request at ``request``, after the bundle (mitmproxy's default addons that follow
its script loader): live, such a request left without the key (``Authorization: Bearer [BROKERED:openai]``) and with
masks in place of the allowed values, with a warning in the log only; ``stickycookie`` did so from the vendor's first
cookie on. A silent broken request: start-up is refused naming the option instead. ``modify_headers`` (at
``requestheaders``, before the seal), ``anticache`` / ``anticomp`` (before the script loader), ``stickyauth`` (it adds
an Authorization only where there is none) and ``map_local`` (answers locally, nothing leaves) work: they start."""

from __future__ import annotations

import pytest
from mitmproxy import exceptions
from mitmproxy.addons import (
    anticache,
    anticomp,
    maplocal,
    mapremote,
    modifybody,
    modifyheaders,
    stickyauth,
    stickycookie,
    tlsconfig,
)
from mitmproxy.test import taddons

from addons.core.config import Config

MITMPROXY_ADDONS = (anticache.AntiCache, anticomp.AntiComp, maplocal.MapLocal, mapremote.MapRemote,
                    modifybody.ModifyBody, modifyheaders.ModifyHeaders, stickyauth.StickyAuth,
                    stickycookie.StickyCookie)


def started(tmp_path, **values) -> Config:
    config = Config()
    with taddons.context(config, *(addon() for addon in MITMPROXY_ADDONS)) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1", **values)
        tctx.configure(config, exitguard_reload=False)
        try:
            config.running()
        finally:
            config.done()
    return config


@pytest.mark.parametrize("name, value", [("modify_body", ["/~q/hello/bye"]),
                                         ("map_remote", ["|~u attack42|attack42|moved|"]),
                                         ("stickycookie", "~d api.openai.com")])
def test_an_option_that_changes_requests_after_the_bundle_refuses_start_up(tmp_path, name, value):
    with pytest.raises(SystemExit) as refused:
        started(tmp_path, **{name: value})
    assert f"exitguard: {name} " in str(refused.value) and "Refusing to start" in str(refused.value)


@pytest.mark.parametrize("name, value", [("modify_headers", ["/~q/X-Team/blue"]), ("anticache", True),
                                         ("anticomp", True), ("stickyauth", "~d api.openai.com"),
                                         ("map_local", ["|~u attack42|/tmp"])])
def test_an_option_that_acts_before_the_seal_or_sends_nothing_starts(tmp_path, name, value):
    started(tmp_path, **{name: value})


def test_the_console_cannot_turn_stickycookie_on(tmp_path):
    """From the console (PUT /options) it broke every brokered request to a vendor that sets a cookie, silently."""
    config = Config()
    with taddons.context(config, stickycookie.StickyCookie()) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        tctx.configure(config, exitguard_reload=False)
        config.running()
        try:
            with pytest.raises(exceptions.OptionsError, match="stickycookie cannot change"):
                tctx.options.update(stickycookie="~d api.openai.com")
            assert tctx.options.stickycookie is None
        finally:
            config.done()


# The console's `set` / PUT /options of every mitmproxy option (a live sweep of 45): the TLS that carries a brokered
# key and the agent's values was weakened with 200 (a minimum version UNBOUNDED, a maximum TLS1, a cipher list of
# the console's choosing, for the upstream and the agent's side alike).
TLS_OPTIONS = [("tls_version_server_min", "UNBOUNDED"), ("tls_version_server_max", "TLS1"),
               ("ciphers_server", "AES128-SHA"), ("tls_version_client_min", "UNBOUNDED"),
               ("tls_version_client_max", "TLS1"), ("ciphers_client", "AES128-SHA"),
               ("tls_ecdh_curve_server", "prime256v1"), ("tls_ecdh_curve_client", "prime256v1")]


@pytest.mark.parametrize("name, value", TLS_OPTIONS)
def test_the_console_cannot_weaken_tls(tmp_path, name, value):
    config = Config()
    with taddons.context(config, tlsconfig.TlsConfig()) as tctx:
        tctx.options.update(confdir=str(tmp_path), listen_host="127.0.0.1")
        tctx.configure(config, exitguard_reload=False)
        before = getattr(tctx.options, name)
        config.running()
        try:
            with pytest.raises(exceptions.OptionsError, match=f"{name} cannot change"):
                tctx.options.update(**{name: value})
            assert getattr(tctx.options, name) == before
        finally:
            config.done()
