"""Attack24, live: a window approved for one request does not pass the same request for another project (a header
the OpenAI API bills and scopes by), through a real mitmdump with the bundle, the real `exitguard approvals` CLI
deciding; the approved request sent again with another retry count still rides it (tests/approval/
test_attack24_window_headers.py has the unit cases and the join)."""

from __future__ import annotations

import json
import subprocess

import pytest

from tests.approval.support import CODENAME
from tests.approval.test_live import approvers, exitguard, start, wait_for_pending  # noqa: F401 (fixtures)
from tests.live import forkserver, harness

pytestmark = pytest.mark.live

CHAT = """
import json, httpx
body = {{"model": "gpt-test", "messages": [{{"role": "user", "content": "plan for {codename}"}}]}}
headers = {{"Authorization": "Bearer sk-exitguard-test-not-a-key", "OpenAI-Project": {project!r},
           "x-stainless-retry-count": {retry!r}}}
with httpx.Client(proxy="http://127.0.0.1:{port}", verify={ca!r}, timeout=30) as c:
    r = c.post("https://api.openai.com/v1/chat/completions", json=body, headers=headers)
print(json.dumps({{"status": r.status_code, "body": r.text}}))
"""


def chat(proxy: harness.Proxy, project: str, retry: str = "0") -> subprocess.Popen | forkserver.RunningCode:
    script = CHAT.format(codename=CODENAME, project=project, retry=retry, port=proxy.port, ca=str(proxy.ca))
    return harness.start_client(script, proxy)  # forked with the SDKs imported (tests/live/forkserver.py)


def answer(proc: subprocess.Popen | forkserver.RunningCode) -> dict:
    out, err = proc.communicate(timeout=60)
    assert out.strip(), err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def test_a_window_for_one_project_does_not_pass_the_same_request_for_another(start, upstream, approvers):  # noqa: F811
    proxy, control = start(timeout=4)
    first = chat(proxy, "proj_agents_own")
    pending = wait_for_pending(control)
    r = exitguard("approve", pending["id"], "--for", "10m", "--control", str(control), approver=approvers["alice"])
    assert r.returncode == 0, r.stderr
    assert answer(first)["status"] == 200
    other = answer(chat(proxy, "proj_someone_else"))  # nobody decides: the hold times out
    assert other["status"] == 403 and "exitguard_approval_expired" in other["body"], other
    again = answer(chat(proxy, "proj_agents_own", retry="1"))
    assert again["status"] == 200, again
    projects = [sent.headers.get("openai-project") for sent in upstream.received]
    assert projects == ["proj_agents_own", "proj_agents_own"], projects
