"""Live (issue 18): a brokered key goes only where the proxy really connects. A real mitmdump with the bundle
brokers an OpenAI key (header) and a Gemini key (?key=); clients send the placeholder under names that
disagree (a Host header naming the brokered host on a tunnel to another host), or over plain http. Every test
checks what the upstream received, what the client received, and at the end every byte written to the record
folder: the real keys appear nowhere."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import yaml

from addons.audit import index as auditlog
from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness
from tests.live.harness import run_client

pytestmark = pytest.mark.live

OPENAI_KEY = "sk-brokered-FAKE-Dz4Lq8Wn2Rt6Yv1Xm5Kp9Hs3"
GEMINI_KEY = "AIzaSyFAKE-brokered-Tq2Wm8Zr4Nx6Lp0Vb3Ks7"
KEYS = (OPENAI_KEY, GEMINI_KEY)

# Sends each request of $REQUESTS (JSON list of {method, url, headers}) through the proxy with httpx, which
# tunnels https URLs with CONNECT to the URL's host (TLS server name too) and sends our Host header inside.
CLIENT = """
import json, os, httpx
out = []
with httpx.Client(timeout=20) as client:
    for r in json.loads(os.environ["REQUESTS"]):
        headers = {k: v for k, v in r["headers"].items() if v is not None}
        resp = client.request(r["method"], r["url"], headers=headers, content=b'{"model": "m"}')
        out.append({"status": resp.status_code, "body": resp.text, "headers": dict(resp.headers)})
print(json.dumps(out))
"""


@dataclass
class Live:
    proxy: harness.Proxy
    dir: Path

    @property
    def records(self) -> list[dict]:
        return [r for _, _, r in auditlog.read_records(auditlog.index_files(self.dir / "rec"))
                if r.get("event") == "flow"]


@pytest.fixture(scope="module")
def live(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("destination-live")
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["credentials"] = {"brokers": [
        {"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization", "format": "Bearer {value}"},
        {"hosts": ["generativelanguage.googleapis.com"], "credential": "gemini", "query": "key"}]}
    (d / "policy.yaml").write_text(yaml.safe_dump(policy))
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("EXITGUARD_CRED_OPENAI", OPENAI_KEY)  # only the proxy process gets them
        mp.setenv("EXITGUARD_CRED_GEMINI", GEMINI_KEY)
        # Lazy connections: the test router (tests/live/route_addon.py) moves a connection to 127.0.0.1 when it
        # opens. Eagerly, that is at CONNECT, and the tunnel's requests would then carry 127.0.0.1 as their
        # target; lazily, they carry the name the proxy would really connect to, as in production.
        proxy = harness.start_proxy(d, upstream_session, "--set", f"exitguard_policy={d / 'policy.yaml'}",
                                    "--set", f"exitguard_record_dir={d / 'rec'}",
                                    "--set", "connection_strategy=lazy")
    yield Live(proxy, d)
    proxy.stop()


def send(live: Live, *requests: tuple[str, str, dict]) -> list[dict]:
    """(method, url, headers) each; the placeholder Authorization header unless headers set it (None: none)."""
    assert live.proxy.proc.poll() is None, live.proxy.log
    payload = [{"method": m, "url": u, "headers": {"authorization": "Bearer exitguard", **h}} for m, u, h in requests]
    out = run_client(CLIENT, live.proxy, REQUESTS=json.dumps(payload))
    for reply in out:  # the client never sees a real key, whatever happened
        assert not any(k in reply["body"] or k in json.dumps(reply["headers"]) for k in KEYS), reply
    return out


def assert_upstream_got_no_key(upstream: harness.Upstream) -> None:
    for req in upstream.received:
        seen = req.path + json.dumps(req.headers) + req.body.decode("utf-8", "replace")
        assert not any(k in seen for k in KEYS), f"the upstream ({req.sni}) received a brokered key"


@pytest.mark.parametrize("elsewhere", ["unlisted.example", "api.anthropic.com"])
def test_host_header_naming_openai_on_a_tunnel_to_another_host_gets_421(live, upstream, elsewhere):
    (reply,) = send(live, ("POST", f"https://{elsewhere}/v1/chat/completions", {"host": "api.openai.com"}))
    assert reply["status"] == 421, reply
    assert reply["headers"]["x-exitguard-decision"] == "exitguard_misdirected_request"
    assert f"CONNECT target {elsewhere}" in reply["body"] and "Host header api.openai.com" in reply["body"]
    assert upstream.received == []  # refused before any request went out
    assert_upstream_got_no_key(upstream)


def test_gemini_query_key_is_not_sent_to_the_host_the_tunnel_goes_to(live, upstream):
    (reply,) = send(live, ("GET", "https://unlisted.example/v1beta/models?key=exitguard",
                           {"host": "generativelanguage.googleapis.com", "authorization": None}))
    assert reply["status"] == 421 and "generativelanguage.googleapis.com" in reply["body"], reply
    assert upstream.received == []
    assert_upstream_got_no_key(upstream)


@pytest.mark.parametrize("url", ["http://api.openai.com/v1/chat/completions",
                                 "http://generativelanguage.googleapis.com/v1beta/models?key=exitguard",
                                 "http://unlisted.example/v1/chat/completions"])
def test_plain_http_to_a_brokered_host_is_refused(live, upstream, url):
    headers = {"host": "api.openai.com"} if "unlisted" in url else {}
    (reply,) = send(live, ("POST", url, headers))
    assert reply["status"] in (403, 421), reply
    assert ("over https only" in reply["body"]) == (reply["status"] == 403), reply
    assert upstream.received == []
    assert_upstream_got_no_key(upstream)
    # The upstream here only speaks TLS and would not log cleartext bytes: the index shows no connection opened.
    record = live.records[-1]
    assert (record["scheme"], record["status"], record["upstream"]) == ("http", reply["status"], None), record


def test_the_honest_brokered_calls_still_work(live, upstream):
    openai, gemini = send(live, ("POST", "https://api.openai.com/v1/chat/completions", {}),
                          ("GET", "https://generativelanguage.googleapis.com/v1beta/models?key=exitguard",
                           {"authorization": None}))
    assert openai["status"] == 200 and gemini["status"] == 200, (openai, gemini)
    first, second = upstream.received
    assert (first.sni, first.headers["authorization"]) == ("api.openai.com", f"Bearer {OPENAI_KEY}")
    assert (second.sni, second.path) == ("generativelanguage.googleapis.com", f"/v1beta/models?key={GEMINI_KEY}")


def test_the_index_names_the_real_destination_and_the_claimed_host(live, upstream):
    send(live, ("POST", "https://unlisted.example/v1/chat/completions", {"host": "api.openai.com"}),
         ("POST", "https://api.openai.com/v1/chat/completions", {}))
    refused, honest = live.records[-2:]
    assert (refused["host"], refused["port"], refused["claimed_hosts"]) == ("unlisted.example", 443,
                                                                            ["api.openai.com"])
    assert (refused["status"], refused["decision"], refused["injected"]) == (421, "block", [])
    assert "unlisted.example" in refused["reason"] and "api.openai.com" in refused["reason"]
    assert (honest["host"], honest["claimed_hosts"], honest["injected"]) == ("api.openai.com", None, ["openai"])
    assert honest["upstream"] == upstream.address


@pytest.mark.tool
@pytest.mark.parametrize("version", ["--http1.1", "--http2"])  # HTTP/2: the Host header becomes :authority
def test_the_curl_reproduction_from_the_issue(live, upstream, version):
    res = harness.curl(live.proxy, version, "-o", "/dev/null", "-w", "%{http_code}", "-H", "Host: api.openai.com",
                       "-H", "Authorization: Bearer exitguard", "-d", "{}",
                       "https://unlisted.example/v1/chat/completions")
    assert res.stdout == b"421", res
    assert upstream.received == []


def test_no_record_holds_a_brokered_key(live, upstream):
    """Last in the module: stop the proxy so every file is complete, then read every byte it wrote."""
    send(live, ("POST", "https://api.openai.com/v1/chat/completions", {}),
         ("POST", "https://unlisted.example/v1/chat/completions", {"host": "api.openai.com"}),
         ("POST", "http://api.openai.com/v1/chat/completions", {}),
         ("GET", "https://generativelanguage.googleapis.com/v1beta/models?key=exitguard", {"authorization": None}))
    assert live.proxy.stop() == 0
    files = [p for p in (live.dir / "rec").rglob("*") if p.is_file()]
    assert any(p.suffix == ".mitm" for p in files) and any(p.suffix == ".jsonl" for p in files), files
    blob = b"".join(p.read_bytes() for p in files)
    assert b"[BROKERED:openai]" in blob and b"[BROKERED:gemini]" in blob
    for key in KEYS:
        assert key.encode() not in blob, "a record holds a brokered key"
        assert key not in live.proxy.log, "the proxy log holds a brokered key"
