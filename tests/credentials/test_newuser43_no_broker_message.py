"""What a caller with the placeholder key reads when no broker serves it (newuser43).

Trying brokering as the README says, an agent that sent the placeholder without its proxy token got "no 127.0.0.1
credential is brokered for anonymous callers (groups: none), so the placeholder key cannot be replaced. Ask your
exitguard administrator. Run `exitguard audit show ...` or ask your exitguard administrator.": the advice twice,
and nothing on what would work. Now it says once, and says why: the host's brokers serve named callers (send the
proxy token), or name other identities or groups.
"""

from __future__ import annotations

from addons.core import metakeys
from tests.identity.test_credentials_addon import addons, env, flow, through  # noqa: F401

ASK = "ask your exitguard administrator"


async def test_an_anonymous_caller_is_told_to_send_its_proxy_token(addons):  # noqa: F811
    check, inject, _ = addons
    f = flow("api.anthropic.com", auth=None)
    f.request.headers["x-api-key"] = "exitguard"
    f.metadata[metakeys.IDENTITY] = None
    await through(check, inject, f)
    assert f.response is not None and f.response.status_code == 403
    text = f.response.text
    assert text.lower().count(ASK) == 1, text
    assert "brokered for anonymous callers" in text and "NAME:TOKEN@" in text, text


async def test_a_named_caller_is_told_the_brokers_name_others(addons):  # noqa: F811
    check, inject, _ = addons
    f = flow("api.anthropic.com", auth=None, groups=["ci"])
    f.request.headers["x-api-key"] = "exitguard"
    await through(check, inject, f)
    assert f.response is not None and f.response.status_code == 403
    text = f.response.text
    assert text.lower().count(ASK) == 1, text
    assert "for identity 'ci' (groups: ci)" in text and "other identities or groups" in text, text
