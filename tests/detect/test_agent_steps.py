"""Passwords in an agent's own steps (generic-password-agent-step, addons/detect/agent_steps.py): what the step does
with the value stands for the credential word. Each positive has a look-alike negative: the same step with a
placeholder, a field that names no password, a login method, a tool that does not log in."""

import json
import random

import pytest

from addons.detect import Scanner, agent_steps

SCANNER = Scanner.default()
RULE = "generic-password-agent-step"

STEPS = [
    ("Plan:\n1. open https://billing.example.test\n2. type k.olsen into #email\n3. type {p} into #pw\n4. click Sign in",
     "Plan:\n1. open https://billing.example.test\n2. type k.olsen into #email\n3. type {p} into #search\n4. click Go"),
    ("Then I enter '{p}' in the password field and submit.", "Then I enter '{p}' in the coupon field and submit."),
    ("fill #login-pwd with {p}", "fill #login-pwd with <ask the user>"),
    ("- sign in to stage.example.test as ops-07 with {p}\n- open the dashboard",
     "- sign in to stage.example.test as ops-07 with SSO\n- open the dashboard"),
    ("<thinking>The user pasted their router login (admin, {p}). I'll change the DNS.</thinking>",
     "<thinking>The router login (admin, password) is on the label. I'll ask the user.</thinking>"),
    ("Step 2/5: credentials found in notes.md (deploy / {p}); next: restart the worker.",
     "Step 2/5: credentials found in notes.md (deploy / see vault); next: restart the worker."),
    ("Thought: I must sign in first.\nAction: portal_login\nAction Input: ops-relay, {p}",
     "Thought: I must look it up.\nAction: web_search\nAction Input: ops-relay, {p}"),
]


def _password(rng: random.Random) -> str:
    alphabet = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return rng.choice("BCDFGH") + "".join(rng.choice(alphabet) for _ in range(10)) + rng.choice("!%^~") + "7"


def _found(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.rule_id == RULE]


@pytest.mark.parametrize("positive,negative", STEPS)
def test_a_step_that_uses_a_password_is_found_and_its_look_alike_is_not(positive, negative):
    rng = random.Random(2025)
    for _ in range(5):
        value = _password(rng)
        assert value in _found(positive.format(p=value))
        assert _found(negative.format(p=value)) == []


@pytest.mark.parametrize("positive,_", STEPS)
def test_a_step_inside_a_json_chat_body_is_found(positive, _):
    value = _password(random.Random(7))
    body = json.dumps({"messages": [{"role": "assistant", "content": positive.format(p=value)}]})
    assert value in _found(body)


def test_letters_only_need_a_password_field_or_a_shaped_account():
    assert "Quillmarten" in _found("type Quillmarten into the password box")
    assert "Quillmarten" in _found("sign in to the portal as h.sato with Quillmarten")
    assert _found("sign in to the portal as admin with Chromebook") == []
    assert _found("the DB secret ingredient is patience") == []


def test_the_verdict_says_why():
    verdict = agent_steps.score("typed", "Heron#Marsh42", typed_into_field=True)
    assert verdict.reported and "typed into a password field" in verdict.signals[0]
    assert not agent_steps.score("typed", "Heron#Marsh42", typed_into_field=False).reported
