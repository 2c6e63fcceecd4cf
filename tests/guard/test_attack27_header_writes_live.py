"""attack27, live: many headers and one holding a key (the write-back of the masked headers, now one assignment, was
quadratic in their number), through a real mitmdump with the bundle and a real client (httpx): the key masked
upstream, every other header there as sent, in order, the key in no byte the proxy wrote. 90 headers: the local
upstream (Python's http.server) takes at most 100; the cost of thousands is counted in test_attack27_header_writes."""

from __future__ import annotations

import pytest

from tests import fakes
from tests.guard.test_live_content import assert_nowhere, client
from tests.guard.test_live_content import recorded as recorded

pytestmark = pytest.mark.live

PAT = fakes.github_pat(72)


def test_one_key_among_thousands_of_headers_is_masked_and_the_rest_kept(recorded, upstream):
    proxy, rec_dir = recorded
    out = client(f"""
import httpx
headers = [(f"x-h{{i}}", "b") for i in range(90)] + [("x-note", {PAT!r}), ("content-type", "application/json")]
r = httpx.post("https://api.openai.com/v1/chat/completions", headers=headers,
               content=json.dumps({{"model": "m", "messages": [{{"role": "user", "content": "hi"}}]}}))
print(json.dumps({{"status": r.status_code}}))
""", proxy)
    assert out["status"] == 200, out
    (req,) = upstream.received
    assert PAT not in req.headers.get("x-note", "") and req.headers["x-note"].startswith("[MASKED:")
    assert [name for name, _ in req.header_list if name.lower().startswith("x-h")] == [f"x-h{i}" for i in range(90)]
    assert_nowhere(rec_dir, [PAT], 1)
    assert PAT not in proxy.log
