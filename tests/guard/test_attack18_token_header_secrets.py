"""attack18: attack17 reads an encoded run in a header for every rule unless the header's name is a credential,
cookie, session or token one (`_TOKEN_HEADER`): there, only fixed-shape keys, so that a session's e-mail is not masked.
But the agent names its own headers: a password or a generic secret base64'd in `X-Session-Note`, `X-Auth-Context`
or a cookie of its own went to the guarded host. In those headers the run's text is now read for secrets (every
secret rule), never for personal data; Authorization and the host's own credential headers carry the client's
credential and stay as they were."""

from __future__ import annotations

import base64
import json

import pytest

from addons.core import runtime
from tests.guard.support import (
    EMAIL,
    guard_chain,
    relayed_with_header,
    shipped_rules_runtime,
)

PASSWORD = "Kestrel#Dune40"
NOTE = f"the prod database password is {PASSWORD}, rotate it friday"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack18-token-headers"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


SPELLED = {"base64": base64.b64encode(NOTE.encode()).decode(), "hex": NOTE.encode().hex(),
           "base64url": base64.urlsafe_b64encode(NOTE.encode()).decode().rstrip("=")}


@pytest.mark.parametrize("label", sorted(SPELLED))
@pytest.mark.parametrize(("header", "shape"), [("X-Session-Note", "{}"), ("X-Auth-Context", "{}"),
                                               ("Cookie", "agent_state={}"), ("X-CSRF-Token", "{}")])
async def test_a_password_encoded_in_a_token_named_header_is_masked(chain, label, header, shape):
    spelled = SPELLED[label]
    sent = await relayed_with_header(chain, header, shape.format(spelled))
    assert spelled[4:-4] not in sent.headers[header] and "MASKED" in sent.headers[header]


@pytest.mark.parametrize(("header", "value"), [
    ("Cookie", "session=" + base64.b64encode(f"user={EMAIL}; role=admin".encode()).decode()),
    ("X-Session", base64.b64encode(f"user={EMAIL}; team=platform; since=2024-01-01".encode()).decode()),
    ("X-Session-Trace", base64.b64encode(f"req-2024-05-01T12:00:00Z/{EMAIL}/retry-3".encode()).decode()),
    ("X-Cursor-Token", base64.b64encode(json.dumps({"after": EMAIL, "n": 50}).encode()).decode()),
])
async def test_a_sessions_e_mail_is_left_alone(chain, header, value):
    sent = await relayed_with_header(chain, header, value)
    assert sent.headers[header] == value
