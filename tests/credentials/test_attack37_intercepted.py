"""Attack37, unit: a request intercepted after the broker put its key in (mitmweb's ``intercept`` filter runs after
the bundle) has the key taken out in ``update``, before mitmweb's view shows it or an edit moves it; the live test
is tests/credentials/test_attack37_console_lever_live.py."""

from __future__ import annotations

from tests.identity.test_credentials_addon import REAL, addons, env, flow, through  # noqa: F401 (fixtures)


async def test_an_intercepted_flow_loses_the_key_and_an_ordinary_one_keeps_it(addons):  # noqa: F811
    check, inject, _ = addons
    held, ordinary = flow(path="/v1/held"), flow(path="/v1/ordinary")
    for f in (held, ordinary):
        await through(check, inject, f)
        assert f.request.headers["authorization"] == f"Bearer {REAL}"
    held.intercept()
    inject.update([held, ordinary])
    assert held.request.headers["authorization"] == "Bearer [BROKERED:openai]"
    assert REAL not in held.comment and "intercepted" in held.comment
    assert ordinary.request.headers["authorization"] == f"Bearer {REAL}"  # not intercepted: it leaves as injected
    held.resume()
    inject.update([held])  # resumed: nothing is put back
    assert held.request.headers["authorization"] == "Bearer [BROKERED:openai]"
