"""attack17: a password whose name is its sibling's value, sent as JSON. The shipped rules read
`{"name": "DB_PASSWORD", "value": "..."}` and a browser tool's `{"selector": "#password", "text": "..."}` in text
(generic-password-form-field, -named-value), but the guard scans a JSON body field by field, each value after its
own key only (`"value": "`): a Kubernetes or ECS env entry, an SSM parameter or a browser tool call's arguments
(JSON in the chat body's JSON) went upstream with the password, and the body was marked clean."""

from __future__ import annotations

import json

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, relayed_json, shipped_rules_runtime

PW = "Kestrel#Dune40"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("attack17-siblings"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


def tool_call(arguments: dict) -> dict:
    return {"model": "gpt-test", "messages": [
        {"role": "user", "content": "log in for me"},
        {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
            "name": "browser_type", "arguments": json.dumps(arguments)}}]},
        {"role": "tool", "tool_call_id": "call_1", "content": "typed"}]}


BODIES = {
    "k8s-env": {"spec": {"containers": [{"name": "api", "env": [{"name": "DB_PASSWORD", "value": PW}]}]}},
    "ecs-env": {"containerDefinitions": [{"environment": [{"name": "GRAFANA_ADMIN_PASSWORD", "value": PW}]}]},
    "form-label": {"fields": [{"label": "Password", "value": PW}]},
    "tool-selector": tool_call({"selector": "input[name=password]", "text": PW}),
    "tool-field": tool_call({"field": "password", "text": PW}),
}


@pytest.mark.parametrize("label", sorted(BODIES))
async def test_a_password_named_by_its_sibling_in_a_json_body_is_masked(chain, label):
    sent = await relayed_json(chain, BODIES[label])
    assert PW not in sent and "[MASKED:" in sent
    json.loads(sent)


@pytest.mark.parametrize("body", [
    {"env": [{"name": "DB_PASSWORD_FILE", "value": "/run/secrets/db"}]},
    {"env": [{"name": "LOG_LEVEL", "value": "Kestrel#Dune40"}]},
    {"fields": [{"label": "Password", "value": "<your-password>"}]},
    {"messages": [{"role": "user", "name": "password-helper", "content": "how do I reset it?"}]},
])
async def test_siblings_that_name_no_password_change_nothing(chain, body):
    assert json.loads(await relayed_json(chain, body)) == body
