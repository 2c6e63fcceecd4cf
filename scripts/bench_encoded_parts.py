#!/usr/bin/env python3
"""What reading the encoded runs of a request's headers, path and query (attack16, core/encoded_keys.py) costs the
guard per request, with and without it, in one run: 300 requests to a guarded host, each with a JWT bearer token,
a JWT session cookie, a base64 CSRF token and a base64 cursor in the query (the runs ordinary traffic carries).
Shipped rules, default policy; times are the minimum of 3 passes after one that fills the detection cache.

    .venv/bin/python scripts/bench_encoded_parts.py
"""

from __future__ import annotations

import base64
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from mitmproxy.test import tutils

from addons.core import encoded_keys, runtime
from addons.guard import request_parts


def jwt(i: int) -> str:
    def part(data: bytes) -> str:
        return base64.urlsafe_b64encode(data).decode().rstrip("=")
    claims = {"sub": f"user-{i}", "email": f"u{i}@example.com", "iat": 1700000000 + i}
    return ".".join((part(b'{"alg":"RS256","typ":"JWT"}'), part(json.dumps(claims).encode()),
                     part(bytes(range(i % 190, i % 190 + 64)))))


def main() -> None:
    rt = runtime.build(None, [], Path(tempfile.mkdtemp()) / "key")
    requests = []
    for i in range(300):
        cursor = base64.b64encode(f"offset={i * 50}".encode()).decode()
        r = tutils.treq(host="api.example.com", path=f"/v1/items/{i}?page={i}&cursor={cursor}".encode())
        r.headers["authorization"] = "Bearer " + jwt(i)
        r.headers["cookie"] = (f"session={jwt(i + 1)}; theme=dark; "
                               f"csrftoken={base64.b64encode(bytes(range(i % 50, i % 50 + 24))).decode()}")
        r.headers["x-request-id"] = f"req-{i:08d}-abcdef"
        requests.append(r)
    decoded = encoded_keys.with_encoded_keys

    def as_written(result, *args, **kwargs):
        return result

    def per_request() -> float:
        t = time.perf_counter()
        for r in requests:
            request_parts.scan(r, rt.inspector, None)
        return (time.perf_counter() - t) / len(requests) * 1e6

    for label, reader in (("as written", as_written), ("runs decoded", decoded)):
        encoded_keys.with_encoded_keys = reader  # type: ignore[assignment]
        first = per_request()
        print(f"{label:12}: first pass {first:.0f} us/request, then {min(per_request() for _ in range(3)):.0f}")


if __name__ == "__main__":
    main()
