"""attack18: attack17 scans a JSON value under value/text/... after its name/label/selector sibling, but only the
field just before it, and only under those keys. An env entry with a description or a type between its name and its
value, GitLab's CI variables API (`{"key": "DB_PASSWORD", "value": ...}`, also Postman's header lists),
CloudFormation parameters (`ParameterKey` / `ParameterValue`) and secret stores (`secretName` / `secretValue`) sent
the password, marked clean. The name is now the nearest of the four fields before the value in the same object,
those keys name it too, and any key ending in "value" is a value key."""

from __future__ import annotations

import json

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, relayed_json, shipped_rules_runtime

PW = "Kestrel#Dune40"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack18-siblings"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx

BODIES = {
    "description-between": {"env": [{"name": "DB_PASSWORD", "description": "the orders database", "value": PW}]},
    "type-and-flag-between": {"env": [{"name": "DB_PASSWORD", "type": "secret", "readonly": True, "value": PW}]},
    "gitlab-variable": {"variables": [{"key": "DB_PASSWORD", "value": PW, "masked": False}]},
    "cloudformation": {"Parameters": [{"ParameterKey": "DbPassword", "ParameterValue": PW}]},
    "secret-store": {"secrets": [{"secretName": "db-password", "secretValue": PW}]},
}


@pytest.mark.parametrize("label", sorted(BODIES))
async def test_a_password_named_by_a_farther_or_other_sibling_is_masked(chain, label):
    sent = await relayed_json(chain, BODIES[label])
    assert PW not in sent and "[MASKED:" in sent
    json.loads(sent)


@pytest.mark.parametrize("body", [
    {"header": [{"key": "Content-Type", "value": "application/json"}, {"key": "password_min_length", "value": "12"},
                {"key": "X-Request-Id", "value": "3f2a9c1e-7b4d-4e8a-9c2f-1a2b3c4d5e6f"}]},
    {"variables": [{"key": "DEPLOY_ENV", "value": "production-eu-west-1"},
                   {"key": "PASSWORD_HASHER", "value": "Argon2id"},
                   {"key": "DOCKER_IMAGE", "value": "registry.gitlab.com/acme/api:v2.3.1"}]},
    {"Parameters": [{"ParameterKey": "InstanceType", "ParameterValue": "t3.micro"},
                    {"ParameterKey": "KeyName", "ParameterValue": "prod-ssh-Key2024"}]},
    {"options": [{"setting": "theme", "value": "Solarized-Dark2"},
                 {"attribute": "data-testid", "value": "login-Button-01"}]},
    {"items": [{"name": "api", "image": "nginx:1.25", "description": "front", "value": "Edge-Proxy-01"}]},
])
async def test_other_siblings_that_name_no_password_change_nothing(chain, body):
    assert json.loads(await relayed_json(chain, body)) == body
