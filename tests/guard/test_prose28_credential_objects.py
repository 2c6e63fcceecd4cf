"""prose28: a password in a JSON credential object, sent as a JSON body: Okta's create-user body
(`"credentials": {"password": {"value": X}}`) and Keycloak's CredentialRepresentation (`{"type": "password",
"value": X}`). The guard scans each value after its own key (`"value": "`), which names nothing; the text rule
generic-password-named-value reads both shapes, so the value is now scanned after its parent key / its type sibling."""

from __future__ import annotations

import json

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, relayed_json, shipped_rules_runtime


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("prose28-credential-objects"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


PASSWORDS = ["Kestrel#Dune40", "quillmarten", "48213"]
BODIES = {
    "okta": lambda pw: {"profile": {"login": "kolsen@corp.test", "firstName": "Kari"},
                        "credentials": {"password": {"value": pw}}},
    "keycloak": lambda pw: {"username": "kolsen", "enabled": True,
                            "credentials": [{"type": "password", "value": pw, "temporary": False}]},
}


@pytest.mark.parametrize("pw", PASSWORDS)
@pytest.mark.parametrize("label", sorted(BODIES))
async def test_a_password_in_a_credential_object_is_masked(chain, label, pw):
    sent = await relayed_json(chain, BODIES[label](pw))
    assert pw not in sent and "[MASKED:" in sent
    json.loads(sent)


@pytest.mark.parametrize("body", [
    {"credentials": {"password": {"hash": {"algorithm": "BCRYPT", "salt": "x7JzwtXVpNSSdZYEdYpqwO",
                                           "value": "LDJsrLz7YdEBWQbxHGsTQb8PMOtNrYQ"}}}},
    {"credentials": [{"type": "otp", "value": "Edge-Proxy-01"}]},
    {"fields": [{"type": "text", "value": "quillmarten"}]},
    {"setting": {"value": "Solarized-Dark2"}},
    {"password_policy": {"value": "minimum 12 characters"}},
    {"credentials": [{"type": "password", "value": "${KC_PASSWORD}"}]},
])
async def test_other_objects_change_nothing(chain, body):
    assert json.loads(await relayed_json(chain, body)) == body
