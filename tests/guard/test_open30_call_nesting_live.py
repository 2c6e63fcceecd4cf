"""open30 and attack31, live: a tool call's password under a key of entry (`"combo"`) nested inside the arguments,
in arguments stringified twice (the call's name then lay beyond where `call_context` looked: the password was sent),
and (attack31) four and six objects deep and in an array of arrays (open30 read three: sent), through a real
mitmdump with the bundle and the real openai SDK: masked upstream, and in no byte the proxy wrote."""

from __future__ import annotations

import pytest

from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PASSWORD = "Wq8!zLr3pX"
SHAPES = {
    "nested": 'json.dumps({"creds": {"locker": "B-7", "combo": PASSWORD}})',
    "stringified twice": 'json.dumps({"args": json.dumps({"locker": "B-7", "combo": PASSWORD})})',
    "four deep": 'json.dumps({"a": {"b": {"c": {"creds": {"locker": "B-7", "combo": PASSWORD}}}}})',
    "six deep": 'json.dumps({"a": {"b": {"c": {"d": {"e": {"creds": {"locker": "B-7", "combo": PASSWORD}}}}}}})',
    "arrays of arrays": 'json.dumps({"items": [[{"x": [{"locker": "B-7", "combo": PASSWORD}]}]]})',
}


@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_a_password_nested_in_an_unlock_call_is_masked(recorded, upstream, shape):
    proxy, rec_dir = recorded
    out = client(f"""
import openai
PASSWORD = {PASSWORD!r}
function = {{"name": "locker_unlock", "arguments": {SHAPES[shape]}}}
call = {{"id": "call_1", "type": "function", "function": function}}
messages = [{{"role": "user", "content": "open locker B-7"}},
            {{"role": "assistant", "content": None, "tool_calls": [call]}},
            {{"role": "tool", "tool_call_id": "call_1", "content": "opened"}}]
r = openai.OpenAI(api_key="sk-test", max_retries=0).chat.completions.with_raw_response.create(
    model="gpt-4o-mini", messages=messages)
print(json.dumps({{"status": r.http_response.status_code}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    assert PASSWORD.encode() not in req.body and b"[MASKED:" in req.body
    assert_nowhere(rec_dir, [PASSWORD], 1)
    assert PASSWORD not in proxy.log
