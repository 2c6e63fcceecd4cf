"""Shared by the approval tests: a detection rule file, a policy with approvals, and request builders."""

from __future__ import annotations

import asyncio
import json
import textwrap
from pathlib import Path

from mitmproxy.test import tflow, tutils

from addons.core import metakeys

RULES = textwrap.dedent("""\
    rules:
      - id: project-codename
        description: Confidential project code name
        references: ['https://example.org/project-codenames']
        category: pii
        classification: confidential
        tier: precise
        keywords: [bluefalcon]
        regex: '(?i)\\b(bluefalcon-[0-9]{4})\\b'
        examples: ['plan for bluefalcon-2024 launch']
      - id: test-api-token
        description: A secret token of a test vendor
        references: ['https://example.org/egtok-format']
        category: secret
        classification: confidential
        tier: precise
        keywords: [egtok_]
        regex: '\\b(egtok_[A-Za-z0-9]{24})\\b'
        examples: ['key egtok_abcdefghijklmnopqrstuvwx']
    """)

# Confidential code names going to an external model wait for a person; the test token is masked as usual.
POLICY = textwrap.dedent("""\
    version: 1
    mode: {mode}
    guarded_hosts: [api.openai.com, api.github.com]
    actions:
      request: {{secret: mask, pii: mask}}
      response: {{secret: mask, pii: allow}}
    rules:
      project-codename: {{request: approve}}
    approvals:
      approvers: {{groups: [security]}}
      rules:
        - name: github-deletes
          hosts: [api.github.com]
          methods: [DELETE]
          paths: ["/repos/*"]
    """)

CODENAME = "bluefalcon-2024"
TOKEN = "egtok_" + "Q7w9E2r4T6y8U1i3O5p7A9s2"  # matches test-api-token, never a real credential


# Approver credentials as the Identity addon would check them: credential -> (identity, groups).
CREDENTIALS = {"tok-alice": ("alice", ("security",)), "tok-bob": ("bob", ("security", "staff")),
               "tok-agent": ("agent-7", ("agents",))}


async def check_credential(credential: str) -> tuple[str, tuple[str, ...]]:
    if credential not in CREDENTIALS:
        raise LookupError("unknown or revoked exitguard token")
    return CREDENTIALS[credential]


def write_config(directory: Path, mode: str = "enforce") -> tuple[Path, Path]:
    rules = directory / "approval-rules.yaml"
    rules.write_text(RULES)
    policy = directory / "approval-policy.yaml"
    policy.write_text(POLICY.format(mode=mode))
    return policy, rules


def chat_body(text: str) -> bytes:
    return json.dumps({"model": "gpt-test", "messages": [{"role": "user", "content": text}]}).encode()


def chat_flow(text=f"plan for {CODENAME}", identity=None, method="POST", host="api.openai.com",
              path="/v1/chat/completions"):
    f = tflow.tflow(req=tutils.treq(host=host, port=443, scheme=b"https", method=method.encode(),
                                    path=path.encode(), headers=[(b"content-type", b"application/json")]))
    f.request.content = chat_body(text) if method == "POST" else b""
    f.metadata[metakeys.HOST_CLASS] = "guarded"
    if identity:
        f.metadata[metakeys.IDENTITY] = identity
    return f


async def start_hold(guard, approval, flow, polls: int = 50) -> asyncio.Task:
    """The approval hook running on ``flow`` after the guard's, once it holds the flow (or has ended)."""
    await guard.request(flow)
    task = asyncio.create_task(approval.request(flow))
    for _ in range(polls):
        if flow.intercepted or task.done():
            break
        await asyncio.sleep(0.01)
    return task


async def approve_for_a_window(guard, approval, flow) -> None:
    """``flow`` held, its approval (the only one pending) granted by alice for a 600 s window, and the flow gone on."""
    task = await start_hold(guard, approval, flow)
    (pending,) = approval.listing()
    approval.decide(pending["id"], "approve", "alice", window=600)
    await asyncio.wait_for(task, 2)


async def deny_the_pending(approval, *tasks: asyncio.Task) -> None:
    """The only pending approval denied by alice, and the holds of ``tasks`` ended."""
    (pending,) = approval.listing()
    approval.decide(pending["id"], "deny", "alice")
    await asyncio.wait_for(asyncio.gather(*tasks), 2)


async def assert_rides_the_window(guard, approval, flow, why: str = "the window did not cover the request") -> None:
    """``flow`` passes unheld, by the window an earlier approval granted."""
    task = await start_hold(guard, approval, flow)
    assert task.done() or not flow.intercepted, why
    await asyncio.wait_for(task, 2)
    assert flow.response is None and flow.metadata[metakeys.APPROVAL].get("via") == "window"
