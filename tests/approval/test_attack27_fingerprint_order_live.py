"""attack27, live: a window approved for a request carrying two `OpenAI-Project` values (`proj_A` first) does not
pass the same request with the values swapped (a server that reads the first then acts for `proj_B`), through a
real mitmdump with the bundle, the real `exitguard approvals` CLI deciding, and httpx sending both headers; the
approved order sent again still rides the window."""

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
headers = [("Authorization", "Bearer sk-exitguard-test-not-a-key"), ("x-stainless-retry-count", {retry!r})]
headers += [("OpenAI-Project", p) for p in {projects!r}]
with httpx.Client(proxy="http://127.0.0.1:{port}", verify={ca!r}, timeout=30) as c:
    r = c.post("https://api.openai.com/v1/chat/completions", json=body, headers=headers)
print(json.dumps({{"status": r.status_code, "body": r.text}}))
"""


def chat(proxy: harness.Proxy, projects: list[str], retry: str = "0") -> subprocess.Popen | forkserver.RunningCode:
    script = CHAT.format(codename=CODENAME, projects=projects, retry=retry, port=proxy.port, ca=str(proxy.ca))
    return harness.start_client(script, proxy)  # forked with the SDKs imported (tests/live/forkserver.py)


def answer(proc: subprocess.Popen | forkserver.RunningCode) -> dict:
    out, err = proc.communicate(timeout=60)
    assert out.strip(), err[-2000:]
    return json.loads(out.strip().splitlines()[-1])


def test_a_window_does_not_pass_the_same_request_with_two_values_swapped(start, upstream, approvers):  # noqa: F811
    proxy, control = start(timeout=4)
    first = chat(proxy, ["proj_A", "proj_B"])
    pending = wait_for_pending(control)
    r = exitguard("approve", pending["id"], "--for", "10m", "--control", str(control), approver=approvers["alice"])
    assert r.returncode == 0, r.stderr
    assert answer(first)["status"] == 200
    swapped = answer(chat(proxy, ["proj_B", "proj_A"]))  # nobody decides: the hold times out
    assert swapped["status"] == 403 and "exitguard_approval_expired" in swapped["body"], swapped
    again = answer(chat(proxy, ["proj_A", "proj_B"], retry="1"))
    assert again["status"] == 200, again
    sent = [[v for k, v in req.header_list if k.lower() == "openai-project"] for req in upstream.received]
    assert sent == [["proj_A", "proj_B"], ["proj_A", "proj_B"]], sent
