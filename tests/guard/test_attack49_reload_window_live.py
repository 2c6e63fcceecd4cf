"""attack49, live: a request whose headers reach a running mitmdump while a host is unlisted (observe: sent as it is,
by the default policy) and whose body comes after the policy was edited to deny that host. Session 28 rebuilds the
runtime beside the event loop; the host class was taken at the headers, so the body went out under the old one,
however long after the reload it came (mitmproxy has no read timeout)."""

from __future__ import annotations

import json
import re
import shutil
import time

import pytest

from tests import fakes
from tests.hostile import live_support as L
from tests.live.harness import ROOT

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(49)
VENDOR = "unlisted.example"  # in the test upstream's certificate
RELOAD_WAIT = 90.0  # a policy edit rebuilds the runtime (the rules from the cache); generous for a loaded machine


def _wait_for_log(proxy, needle: str, after: int) -> None:
    deadline = time.monotonic() + RELOAD_WAIT
    while needle not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"no {needle!r} in the log:\n{proxy.log[after:][-2000:]}"
        time.sleep(0.2)


def _index(record_dir) -> list[dict]:
    return [json.loads(line) for f in sorted(record_dir.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]


def test_a_body_finished_after_the_host_was_denied_is_refused_and_recorded_under_the_new_policy(
        tmp_path, proxy_factory, upstream):
    policy = tmp_path / "policy.yaml"
    shutil.copy(ROOT / "addons" / "core" / "default_policy.yaml", policy)
    record = tmp_path / "record"
    proxy = proxy_factory("--set", f"exitguard_policy={policy}", "--set", f"exitguard_record_dir={record}")
    request = L.chat_request(f"the key is {AKID}", host=VENDOR)
    head_and_half = request[:len(request) - 40]
    sock = L.tunnel(proxy, VENDOR)
    try:
        sock.sendall(head_and_half)  # the headers and most of the body, under the policy as started
        time.sleep(1.0)  # the proxy has read the headers (requestheaders ran)
        mark = len(proxy.log)
        policy.write_text(policy.read_text().replace("deny_hosts: []", f"deny_hosts: [{VENDOR}]"))
        _wait_for_log(proxy, "reloaded policy", mark)
        sock.sendall(request[len(head_and_half):])
        answer = L.read_all(sock, wait=20)
    finally:
        sock.close()
    assert not [r for r in upstream.received if AKID.encode() in r.body], "the key reached the denied host"
    assert L.status_of(answer) == 403, answer[:300]
    deadline = time.monotonic() + 30
    while not (flows := [r for r in _index(record) if r.get("event") == "flow" and r.get("host") == VENDOR]):
        assert time.monotonic() < deadline, _index(record)
        time.sleep(0.2)
    (flow,) = flows
    assert flow["decision"] == "deny", flow
    reloaded = re.search(r"reloaded policy .* \(version (\S+)\)", proxy.log[mark:])
    assert reloaded and flow["policy_version"] == reloaded.group(1), flow  # the version that judged the body
