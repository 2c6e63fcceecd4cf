"""leak33: a password under a key that names no password (`smtp_phrase`), paired with its sibling account key
(`smtp_user`), as a JSON object: the shape of rule generic-password-paired-key's JSON example. The rule reads the
pair as text (two lines); the JSON codec scans each value after its own key alone, so the pair was never seen
unless the object was a tool call's arguments (call_context reads the other arguments)."""

from __future__ import annotations

import json

import pytest

from addons.core import runtime
from tests.guard.support import guard_chain, posted_as, recorded_request_body, shipped_rules_runtime

SECRET = "Birch&Quay71"


@pytest.fixture(scope="module")
def shipped(tmp_path_factory) -> runtime.Runtime:
    return shipped_rules_runtime(tmp_path_factory.mktemp("leak33-paired-keys"))


@pytest.fixture
def chain(shipped):
    with guard_chain(shipped) as tctx:
        yield tctx


CONFIG = {"id": "mail", "smtp_user": "mailer", "smtp_phrase": SECRET}

SHAPES = {
    "the body itself": CONFIG,
    "an object in a message": {"messages": [{"role": "user", "content": "x"}], "config": CONFIG},
    "a JSON document in a message's content": {"messages": [{"role": "user", "content": json.dumps(CONFIG, indent=2)}]},
    "a JSON document in a list, in a string": {"messages": [{"role": "user",
                                                              "content": json.dumps([json.dumps(CONFIG)])}]},
}


@pytest.mark.parametrize("label", sorted(SHAPES))
async def test_a_paired_key_password_in_json_is_masked_upstream_and_in_the_recording(chain, label):
    flow, upstream = await posted_as(chain, "application/json", json.dumps(SHAPES[label]).encode())
    (sent,) = upstream.received
    assert SECRET not in sent.get_text() and SECRET not in json.dumps(json.loads(sent.get_text()))
    assert "[MASKED:generic-password-paired-key:" in sent.get_text()
    assert SECRET.encode() not in recorded_request_body(flow)


# The rule's negative examples as JSON objects: a sibling naming another field, no shared stem, a placeholder.
UNCHANGED = [
    {"relay_user": "mailer", "relay_host": "mail.corp.test"},
    {"db_user": "app", "db_name": "orders_reporting"},
    {"login_user": "deploy", "login_shell": "/bin/bash"},
    {"bind_user": "svc_ldap", "bind_word": "${LDAP_BIND_WORD}"},
    {"user": "ops", "phrase": "Quince7#Heath"},
    {"model_user": "alice", "model_name": "gpt-4o-mini", "messages": [{"role": "user", "content": "hi"}]},
]


@pytest.mark.parametrize("body", UNCHANGED, ids=range(len(UNCHANGED)))
async def test_json_objects_that_pair_no_password_go_unchanged(chain, body):
    raw = json.dumps(body).encode()
    _, upstream = await posted_as(chain, "application/json", raw)
    (sent,) = upstream.received
    assert sent.raw_content == raw
