"""attack29, live: passwords that the detection of sessions 17-18 dropped because of words an agent put beside them,
through a real mitmdump with the bundle and the shipped rules and the real openai SDK: a letters-only -storepass and
an sshpass password after a negative word on their line ("In your shell run ..."). Checked: the upstream got a
placeholder and not the value, the client got its answer, and no byte the proxy wrote (log, audit index, .mitm)
holds the value. And a browser tool's form field whose `"label"` member stands before the `"name"` that names
the password (generic-password-json-named read the first name-like member only)."""

from __future__ import annotations

import json

import pytest

from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded
from tests.live import harness

pytestmark = pytest.mark.live

# Made up for this test: letters only, which the place alone vouches for.
STOREPASS = "quillmartenbirch"
SSHPASS = "marramtussock"
FORM_SECRET = "Quince7#Heath"
PASSWORDS = [STOREPASS, SSHPASS, FORM_SECRET]
FIELDS = json.dumps({"fields": [{"label": "Site", "name": "Login", "value": "ops"},
                                {"label": "Site", "name": "Secret", "type": "textbox", "value": FORM_SECRET}]})
MESSAGES = [
    {"role": "user", "content": "what is your policy on keystores? an example helps"},
    {"role": "assistant", "content": f"In your shell run keytool -list -keystore a.jks -storepass {STOREPASS}"},
    {"role": "user", "content": f"Required: sshpass -p {SSHPASS} ssh ops@web02"},
    {"role": "user", "content": "the form: " + FIELDS},
]


def test_negative_words_before_a_command_do_not_let_its_password_out(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(f"""
import json
import openai
r = openai.OpenAI(api_key="sk-test", max_retries=0).chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages={MESSAGES!r})
print(json.dumps({{"status": r.http_response.status_code, "text": r.http_response.text}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    sent = json.loads(req.body)
    assert [m["content"].count("[MASKED:generic-password-cli:") for m in sent["messages"]] == [0, 1, 1, 0]
    form = json.loads(sent["messages"][3]["content"].removeprefix("the form: "))  # still JSON, masked in place
    assert form["fields"][1]["value"].startswith("[MASKED:generic-password-json-named:")
    for password in PASSWORDS:
        assert password.encode() not in req.body
        assert password not in json.dumps(out)
        assert password not in proxy.log
    assert_nowhere(rec_dir, PASSWORDS, 1)
    written = harness.written(rec_dir)
    assert written and not [p for p in PASSWORDS if p.encode() in written]


NOTEBOOK_PASSWORD = "Quoll!Fen34"
NOTEBOOK_TEXT = (f"ldap:\n  bind_user: svc_ldap\n  bind_word: \"Birch&Quay71\"\n"
                 f"$ security find-generic-password -wa 'Annex Guest'\n{NOTEBOOK_PASSWORD}\n$ \n")


def test_a_notebook_cell_written_as_lines_has_its_passwords_masked(recorded, upstream):
    """A value whose evidence is the line above, in an array of lines (guard/adjacent.py): httpx posts a notebook."""
    proxy, rec_dir = recorded
    cell = {"cell_type": "markdown", "metadata": {}, "source": NOTEBOOK_TEXT.splitlines(keepends=True)}
    out = client(f"""
import httpx
r = httpx.Client(timeout=20).post("https://api.openai.com/v1/files", json={{"cells": [{cell!r}]}})
print(json.dumps({{"status": r.status_code, "text": r.text}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    source = json.loads(req.body)["cells"][0]["source"]
    assert len(source) == len(cell["source"]) and "".join(source).count("[MASKED:") == 2, source
    secrets = [NOTEBOOK_PASSWORD, "Birch&Quay71"]
    for secret in secrets:
        assert secret.encode() not in req.body and secret not in json.dumps(out) and secret not in proxy.log
    assert_nowhere(rec_dir, secrets, 1)
    written = harness.written(rec_dir)
    assert not [s for s in secrets if s.encode() in written]
