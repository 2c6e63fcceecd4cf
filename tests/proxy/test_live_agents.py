"""An AutoGen agent (autogen-agentchat + autogen-ext OpenAI client) through the live proxy."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.live.harness import run_client

pytestmark = pytest.mark.live

PAT = fakes.github_pat(21)

AGENT = """
import asyncio, json
from autogen_agentchat.agents import AssistantAgent
from autogen_ext.models.openai import OpenAIChatCompletionClient


async def main():
    client = OpenAIChatCompletionClient(model="gpt-4o", api_key="sk-test", base_url="https://api.openai.com/v1",
                                        max_retries=0)
    agent = AssistantAgent("assistant", model_client=client, system_message="You are helpful.")
    result = await agent.run(task=TASK)
    await client.close()
    print(json.dumps({"reply": result.messages[-1].content}))

asyncio.run(main())
"""


@pytest.fixture
def agent_proxy(proxy_factory, upstream):
    return proxy_factory()


def test_autogen_assistant_prompt_is_masked(agent_proxy, upstream):
    out = run_client(f"TASK = {'Push with ' + PAT + ' to ' + fakes.EMAIL!r}\n" + AGENT, agent_proxy, timeout=120)
    assert out == {"reply": "ok"}
    (req,) = upstream.received
    sent = req.json()["messages"]
    assert sent[0]["role"] == "system"
    user = sent[-1]["content"]
    assert PAT not in req.body.decode() and fakes.EMAIL not in req.body.decode()
    assert "[MASKED:github-" in user and "[MASKED:email" in user
