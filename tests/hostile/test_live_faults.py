"""Faults while serving: the upstream resets mid-stream, the recordings disk fills up, the rules are edited
into an invalid state. Builds on tests/stream (FIN cut) and tests/audit (RLIMIT_FSIZE "disk full").
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest

from addons.core import config
from tests import fakes
from tests.hostile import live_support as L
from tests.hostile.rawupstream import RawUpstream, sse_then_reset, start_proxy_to
from tests.live import harness
from tests.live.harness import ROOT, run_client
from tests.stream import streams as S

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(41)
RELOAD_WAIT = 60.0  # config.RELOAD_INTERVAL is 2 s, then a rebuild that compiles a new pattern: > 20 s with a
# loaded CI machine (session 15: a helper's tests beside the suite)

OPENAI_STREAM = """
import json, openai

client = openai.OpenAI(api_key="sk-test", base_url="https://api.openai.com/v1", max_retries=0, timeout=20)
text, error = "", None
try:
    for chunk in client.chat.completions.create(model="gpt-4o", stream=True,
                                                messages=[{"role": "user", "content": "hi"}]):
        if chunk.choices and chunk.choices[0].delta.content:
            text += chunk.choices[0].delta.content
except Exception as e:
    error = type(e).__name__
print(json.dumps({"text": text, "error": error}))
"""


# --------------------------------------------------------------------------- upstream reset mid-stream


CUTS = ("between events", "inside a data line", "inside a secret")


def cut_stream(prompt: bytes) -> bytes:
    """The SSE body the upstream sends before resetting: the cut point is named in the prompt."""
    body = S.openai_chat(["Start here. ", "The key is ", AKID, " and more text."])
    cut = next((c for c in CUTS if c.encode() in prompt), CUTS[0])
    at = {"between events": body.index(b"data:", body.index(b"Start here")),
          "inside a data line": body.index(b"The key") + 3,
          "inside a secret": body.index(AKID.encode()) + 8}[cut]
    return body[:at]


def test_upstream_reset_mid_stream_is_an_error_not_a_clean_end(tmp_path, upstream_certs):
    server = RawUpstream(upstream_certs[1], sse_then_reset(cut_stream))
    proxy = start_proxy_to(tmp_path, server, upstream_certs[0])
    try:
        for cut in CUTS:
            out = run_client(OPENAI_STREAM.replace('"content": "hi"', f'"content": "{cut}"'), proxy)
            assert out["error"] is not None, f"{cut}: the client saw a clean end: {out}"
            assert out["text"].startswith("Start here") and AKID[:8] not in out["text"], (cut, out)
        L.sdk_still_served(proxy)
    finally:
        proxy.stop()
        server.close()


# --------------------------------------------------------------------------- recordings disk full


@pytest.fixture
def small_disk(tmp_path):
    """A 1 MiB tmpfs for the recordings (real ENOSPC); skipped where mounting is not allowed."""
    mount = tmp_path / "rec"
    mount.mkdir()
    # mode=0700: a tmpfs root is 1777 by default, and the recorder refuses a folder others can write
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=1m,mode=0700", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode()[:200]}")
    yield mount
    subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def fill(directory: Path) -> Path:
    filler = directory / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT)  # unbuffered: no flush left to fail on close
    try:
        while os.write(fd, b"\0" * 4096):
            pass
    except OSError:
        pass
    finally:
        os.close(fd)
    return filler


def post(proxy, text: str, stream: bool = False) -> tuple[int | None, bytes]:
    t = L.tunnel(proxy)
    request = L.chat_request(text)
    if stream:
        request = request.replace(b'"gpt-4o"', b'"gpt-4o", "stream": true')
    t.sendall(request)
    answer = L.read_all(t, wait=10)
    t.close()
    return L.status_of(answer), answer


def test_full_recordings_disk_blocks_guarded_traffic_with_a_clear_error(small_disk, proxy_factory, upstream):
    proxy = proxy_factory("--set", f"exitguard_record_dir={small_disk}", "--set", "exitguard_record_retry_ms=300")
    assert post(proxy, "first")[0] == 200
    filler = fill(small_disk)
    try:
        sent = len(upstream.received)
        status, answer = post(proxy, f"key {AKID}")
        assert status == 503 and b"exitguard_audit_unavailable" in answer, answer[:300]
        status, answer = post(proxy, "again")  # now refused before anything leaves
        assert status == 503 and len(upstream.received) <= sent + 1
        upstream.route("POST", "/v1/chat/completions", lambda req: harness.Reply(
            200, {"content-type": "text/event-stream"}, S.openai_chat(["streamed"])))
        status, _ = post(proxy, "a stream", stream=True)
        assert status == 503 and len(upstream.received) <= sent + 1
        assert "CANNOT WRITE the audit record" in proxy.log and "No space left on device" in proxy.log
        assert AKID not in proxy.log
    finally:
        filler.unlink()
        upstream.reset()
    deadline = time.monotonic() + 15  # exitguard_record_retry_ms is 300
    while post(proxy, "after")[0] != 200:
        assert time.monotonic() < deadline, proxy.log[-2000:]
        time.sleep(0.3)
    assert "recording works again" in proxy.log


# --------------------------------------------------------------------------- rules edited while running

CANARY_RULE = """
  - id: egtest-canary
    description: test-only canary token
    references: ['https://example.org/egcanary-format']
    category: secret
    classification: confidential
    tier: precise
    keywords: [egcanary]
    regex: '\\b(EGCANARY-[0-9]{8})\\b'
    examples: ['token EGCANARY-12345678']
"""


def masked_upstream(proxy, upstream, text: str) -> str:
    upstream.received.clear()
    status, answer = post(proxy, text)
    assert status == 200, answer[:300]
    return upstream.received[-1].json()["messages"][0]["content"]


def wait_for_log(proxy, needle: str, after: int) -> None:
    deadline = time.monotonic() + RELOAD_WAIT
    while needle not in proxy.log[after:]:
        assert time.monotonic() < deadline, f"no {needle!r} in the log:\n{proxy.log[after:][-2000:]}"
        time.sleep(0.2)


@pytest.fixture
def editable(tmp_path, proxy_factory, upstream):
    # A small pack (the shipped AWS file only: what the tests mask, and what they break and mend) so that each
    # reload's rebuild compiles 7 rules, not every shipped one (~1 minute under load; suite49); the reload path, its
    # validation and the keeping of the last good rules are the same for any pack. The default policy without its
    # overrides of two password rules, which this pack does not hold.
    import yaml

    rules = tmp_path / "rules"
    (rules / "secrets").mkdir(parents=True)
    shutil.copy(ROOT / "rules" / "secrets" / "cloud-aws.yaml", rules / "secrets")
    policy = tmp_path / "policy.yaml"
    default = yaml.safe_load((ROOT / "addons" / "core" / "default_policy.yaml").read_text())
    del default["rules"]
    policy.write_text(yaml.safe_dump(default))
    proxy = proxy_factory("--set", f"exitguard_rules={rules}", "--set", f"exitguard_policy={policy}")
    return proxy, rules, policy


def test_invalid_rules_edits_keep_the_last_good_rules_and_say_so(editable, upstream):
    proxy, rules, _ = editable
    target = rules / "secrets" / "cloud-aws.yaml"  # holds aws-access-key-id
    good = target.read_text()
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")
    for breakage, text in {"invalid YAML": "rules: [ {id: broken",
                           "regex does not compile": good.replace("regex: '", "regex: '(((", 1),
                           "failing schema": good.replace("  tier: precise", "  tier: exact", 1),
                           "empty file": ""}.items():
        mark = len(proxy.log)
        target.write_text(text)
        wait_for_log(proxy, "INVALID, keeping the previous version in force", mark)
        assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}"), breakage
    assert AKID not in proxy.log
    # Fixed, with one more rule: the reload is picked up and the new rule applies.
    mark = len(proxy.log)
    target.write_text(good + CANARY_RULE)
    wait_for_log(proxy, "reloaded policy", mark)
    sent = masked_upstream(proxy, upstream, f"key {AKID} and EGCANARY-87654321")
    assert "[MASKED:aws-access-key-id:" in sent and "[MASKED:egtest-canary:" in sent


def test_invalid_policy_edit_keeps_enforcing_and_is_said_once(editable, upstream):
    proxy, _, policy = editable
    good = policy.read_text()
    mark = len(proxy.log)
    policy.write_text(good.replace("mode: enforce", "mode: enforcing"))
    wait_for_log(proxy, "INVALID, keeping the previous version in force", mark)
    assert "[MASKED:aws-access-key-id:" in masked_upstream(proxy, upstream, f"key {AKID}")
    time.sleep(2.5 * config.RELOAD_INTERVAL)  # two more looks at the unchanged file: nothing more to say
    assert proxy.log[mark:].count("'enforcing' is not one of") == 1, proxy.log[mark:]


def test_a_policy_mistake_at_start_up_is_said_once_and_stops_mitmdump(tmp_path):
    """walk17: mitmdump printed the mistake twice, a PolicyError and then the OptionsError it "directly caused"."""
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmode: enforcing\n")
    run = subprocess.run([str(ROOT / ".venv" / "bin" / "mitmdump"), "--listen-host", "127.0.0.1", "--listen-port",
                          "0", "--set", f"confdir={tmp_path / 'conf'}", "-s", str(harness.BUNDLE),
                          "--set", f"exitguard_policy={policy}"], capture_output=True, text=True, timeout=120,
                         cwd=ROOT)
    out = run.stdout + run.stderr
    assert run.returncode != 0 and out.count("mode: 'enforcing' is not one of enforce, report") == 1, out
    assert "direct cause" not in out


def test_a_new_rule_file_dropped_into_the_rules_folder_is_loaded(editable, upstream):
    proxy, rules, _ = editable
    mark = len(proxy.log)
    (rules / "zz-canary.yaml").write_text("rules:" + CANARY_RULE)
    wait_for_log(proxy, "reloaded policy", mark)
    assert "[MASKED:egtest-canary:" in masked_upstream(proxy, upstream, "EGCANARY-87654321")
