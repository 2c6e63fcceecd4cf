"""Attack25, live: the real openai SDK uploads the same file twice through a real mitmdump with the bundle (its
content needs approval); the reviewer approves the first ``--for 10m`` with the real CLI. The SDK draws a new
multipart boundary for every upload and every retry: before attack25 the second upload was another request, held
again until it expired (403)."""

from __future__ import annotations

import pytest

from tests.approval.support import CODENAME
from tests.approval.test_live import approvers, start, statuses_with_the_first_hold_approved  # noqa: F401 (fixtures)
from tests.live import harness

pytestmark = pytest.mark.live

AGENT = """
import json, openai
client = openai.OpenAI(api_key="sk-exitguard-test-not-a-key", timeout=30, max_retries=0)
out = []
for _ in range(2):
    try:
        client.files.create(file=("notes.txt", {content!r}), purpose="assistants")
        out.append(200)
    except openai.APIStatusError as e:
        out.append(e.status_code)
print(json.dumps(out))
"""


def file_object(req: harness.Received) -> harness.Reply:
    return harness.Reply.json({"id": "file-test", "object": "file", "bytes": 20, "created_at": 1,
                               "filename": "notes.txt", "purpose": "assistants"})


def test_a_window_covers_the_same_upload_with_the_sdks_next_boundary(start, upstream, approvers):  # noqa: F811
    upstream.route("POST", "/v1/files", file_object)
    proxy, control = start(timeout=4)
    content = f"plan for {CODENAME}\n".encode()
    statuses = statuses_with_the_first_hold_approved(proxy, control, approvers["alice"], AGENT.format(content=content))
    assert statuses == [200, 200], proxy.log[-3000:]
    types = [sent.headers.get("content-type") for sent in upstream.received]
    assert len(types) == 2 and types[0] != types[1], types  # two boundaries: the SDK drew a new one
