"""attack27, live: a tool call's password under a key of entry (`"combo"`), the call with 20 other arguments (the name
was looked for among the 16 fields either side, so it was not found and the password was sent), through a real
mitmdump with the bundle and the real openai SDK: masked upstream, and in no byte the proxy wrote."""

from __future__ import annotations

import pytest

from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PASSWORD = "Wq8!zLr3pX"


def test_a_password_in_an_unlock_call_with_many_arguments_is_masked(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(f"""
import openai
arguments = {{f"a{{i}}": "x" for i in range(20)}}
arguments["combo"] = {PASSWORD!r}
function = {{"name": "locker_unlock", "arguments": json.dumps(arguments)}}
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
