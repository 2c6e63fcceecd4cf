"""Attack37/39, unit: the live flow never holds the broker's key (it goes on the wire copy, core/wire.py), so a request
intercepted after injection (mitmweb's ``intercept`` filter runs after the bundle) shows none and is noted; the
copy goes only if the live request is resumed unchanged (tests/core/test_compat_wire.py). Without the seam the
broker refuses instead of putting the key on the live flow.
Live: tests/credentials/test_attack37_console_lever_live.py."""

from __future__ import annotations

from addons.core import wire
from tests.flows import on_the_wire
from tests.identity.test_credentials_addon import REAL, addons, env, flow, through  # noqa: F401 (fixtures)


async def test_an_intercepted_flow_shows_no_key_and_is_noted(addons):  # noqa: F811
    check, inject, _ = addons
    held, ordinary = flow(path="/v1/held"), flow(path="/v1/ordinary")
    for f in (held, ordinary):
        await through(check, inject, f)
        assert f.request.headers["authorization"] == "Bearer [BROKERED:openai]"  # the live flow: the marker
        assert on_the_wire(f).headers["authorization"] == f"Bearer {REAL}"
    held.intercept()
    inject.update([held, ordinary])
    assert REAL not in held.comment and "intercepted" in held.comment
    assert REAL not in str(held.get_state()) and REAL not in str(ordinary.get_state())


async def test_without_the_seam_a_brokered_request_is_refused_not_shown_the_key(addons, monkeypatch):  # noqa: F811
    check, inject, _ = addons
    monkeypatch.setattr(wire, "_seam", [])
    f = flow(path="/v1/no-seam")
    await through(check, inject, f)
    assert f.response is not None and f.response.status_code == 502
    assert b"exitguard_broker_unavailable" in f.response.content
    assert REAL not in str(f.get_state()) and wire.registered(f) is None
