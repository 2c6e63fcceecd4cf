"""attack50, live: attack49's reload window for a body the proxy streams. An unlisted host is observed by the default
policy: a body larger than ``max_body_bytes`` is recorded as too large and streamed on unscanned as it arrives. The
operator sees the upload and adds the host to ``deny_hosts``; the policy reloads while the body is still coming.
attack49 judged a buffered body again at ``request``, which for a streamed body runs after the last byte left: the
rest of the body went on to the denied host, the key at its end included."""

from __future__ import annotations

import json
import shutil
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.live.harness import ROOT

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(50)
VENDOR = "unlisted.example"  # in the test upstream's certificate
RELOAD_WAIT = 90.0  # a policy edit rebuilds the runtime (the rules from the cache); generous for a loaded machine
LIMIT = 4096  # max_body_bytes: the body below is streamed on unscanned (observed, too large)


def _wait_for_log(proxy, needle: str, after: int) -> None:
    deadline = time.monotonic() + RELOAD_WAIT
    while needle not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"no {needle!r} in the log:\n{proxy.log[after:][-2000:]}"
        time.sleep(0.2)


def _index(record_dir) -> list[dict]:
    return [json.loads(line) for f in sorted(record_dir.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]


def test_the_rest_of_a_streamed_body_does_not_reach_a_host_denied_meanwhile(tmp_path, proxy_factory, upstream):
    policy = tmp_path / "policy.yaml"
    shutil.copy(ROOT / "addons" / "core" / "default_policy.yaml", policy)
    policy.write_text(policy.read_text().replace("max_body_bytes: 10485760", f"max_body_bytes: {LIMIT}"))
    record = tmp_path / "record"
    proxy = proxy_factory("--set", f"exitguard_policy={policy}", "--set", f"exitguard_record_dir={record}")
    request = L.chat_request("lorem ipsum " * 2000 + f" the key is {AKID}", host=VENDOR)
    first = request[:len(request) // 2]
    sock = L.tunnel(proxy, VENDOR)
    try:
        sock.sendall(first)  # the headers and half the body: streamed on to the observed host
        time.sleep(1.0)
        mark = len(proxy.log)
        policy.write_text(policy.read_text().replace("deny_hosts: []", f"deny_hosts: [{VENDOR}]"))
        _wait_for_log(proxy, "reloaded policy", mark)
        try:
            sock.sendall(request[len(first):])
        except OSError:
            pass  # the proxy ended the request: what matters is what the upstream got
        answer = L.read_all(sock, wait=10)
    finally:
        sock.close()
    time.sleep(1.0)
    assert not [r for r in upstream.received if AKID.encode() in r.body], "the key reached the denied host"
    assert L.status_of(answer) != 200, answer[:300]
    deadline = time.monotonic() + 30
    while not (flows := [r for r in _index(record) if r.get("event") == "flow" and r.get("host") == VENDOR]):
        assert time.monotonic() < deadline, _index(record)
        time.sleep(0.2)
    (flow,) = flows
    assert flow["decision"] == "deny", flow
    assert AKID not in json.dumps(_index(record))


def test_a_reload_that_leaves_the_host_observed_lets_the_streamed_body_finish(tmp_path, proxy_factory, upstream):
    """The watch classes the flow again through the running HostPolicy: an unrelated edit ends nothing."""
    policy = tmp_path / "policy.yaml"
    shutil.copy(ROOT / "addons" / "core" / "default_policy.yaml", policy)
    policy.write_text(policy.read_text().replace("max_body_bytes: 10485760", f"max_body_bytes: {LIMIT}"))
    proxy = proxy_factory("--set", f"exitguard_policy={policy}", "--set", f"exitguard_record_dir={tmp_path / 'r'}")
    request = L.chat_request("lorem ipsum " * 2000 + " the end", host=VENDOR)
    first = request[:len(request) // 2]
    sock = L.tunnel(proxy, VENDOR)
    try:
        sock.sendall(first)
        time.sleep(1.0)
        mark = len(proxy.log)
        policy.write_text(policy.read_text().replace("deny_hosts: []", "deny_hosts: [other.example]"))
        _wait_for_log(proxy, "reloaded policy", mark)
        sock.sendall(request[len(first):])
        answer = L.read_all(sock, wait=10)
    finally:
        sock.close()
    assert L.status_of(answer) == 200, answer[:300]
    assert [r for r in upstream.received if r.body.endswith(b' the end"}]}')], upstream.received
