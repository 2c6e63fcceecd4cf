"""attack32, live: a fresh mitmdump whose regex memo is warm (a proxy started once before on the same cache folder)
loads every rule without compiling its regex, so its first streamed answer compiles them mid-stream. That first
answer, every shipped rule's longest example each cut into pieces of 1 to 5 characters, read by the real openai
SDK, must be masked as an in-process scanner with every regex compiled at load masks each piece; no masked value
reaches the client, the record, the index or the log."""

from __future__ import annotations

import json
import re

import pytest
import yaml

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import DEFAULT_POLICY_FILE, Policy
from tests.live import harness
from tests.live.harness import Reply, run_client
from tests.stream import streams as S
from tests.stream.test_attack32_first_use import eager_and_lazy
from tests.stream.test_live_stream import OPENAI_STREAM, norm

pytestmark = pytest.mark.live

SEPARATOR = "\nAnything else?\n\n"
HELD_OPEN = ["generic-password-stdin-pipe", "dockerhub-pat", "private-key-truncated"]
# The sizes of the answer's pieces, in turn (mean ~7.6 characters; the 62,500-character answer in ~8,300 events).
# They were 1 to 5 (mean 3): ~20,900 events, ~40 s of the proxy's CPU and most of this file's time (the masker pays
# per event). Pieces of 1-3 characters still cut most examples somewhere. Streams of single characters are the
# in-process tests' (test_attack32_first_use.py lazily compiled, test_value_holdback.py the value rules as the proxy
# composes them); this test's own claim is a warm-memo proxy's first answer masked exactly, every rule.
PIECES = (1, 2, 3, 5, 8, 13, 21)


@pytest.mark.slow  # ~410 examples in ~8,300 streamed events
def test_the_first_stream_of_a_proxy_with_a_warm_memo_masks_every_rule_example(tmp_path, monkeypatch,
                                                                                upstream):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    # Fresh interpreters, not the fork server's children: the server has compiled the shipped rules' regexes already
    # (tests/live/forkserver.py warms them once), so its child would neither write the memo nor read it, and this test
    # is about a process that starts from the memo alone (it failed one CI run in two once the server warmed).
    monkeypatch.setenv("EXITGUARD_TEST_FORKSERVER", "0")
    # A cache folder of its own: this first start parses the rules and compiles every regex into the memo; at load
    # ~20 it took ~160 s, past start_proxy's default 120 s (suite54a, twice).
    warm = harness.start_proxy(tmp_path / "first", upstream, startup_timeout=600)
    assert warm.stop() == 0
    (memo,) = (tmp_path / "cache" / "exitguard").glob("regex-memo-*.json")  # the memo the next start reads
    remembered = memo.read_bytes()

    eager, _ = eager_and_lazy(tmp_path / "memo.json")
    eager = Inspector(eager.scanner, Policy.load(None), Fingerprinter(b"k" * 32))  # the proxy's default policy
    # Last: a private key with no END line, and a password piped into a command (`echo X | docker login
    # --password-stdin`), held the text after them to the hold-back's cap (8,192 characters) and a stopped stream
    # until stream34 (test_stream34_held_open*.py); kept last so this test reads the lazy compile alone.
    ordered = sorted(eager.scanner.rules, key=lambda rule: (HELD_OPEN.index(rule.id) if rule.id in HELD_OPEN else -1,
                                                            rule.id))
    pieces = [f"Sure, here it is: {max(rule.examples, key=len)}" for rule in ordered]
    text = SEPARATOR.join(pieces)
    fragments, at = [], 0
    while at < len(text):
        size = PIECES[len(fragments) % len(PIECES)]
        fragments.append(text[at:at + size])
        at += size
    body = S.openai_chat(fragments)
    upstream.route("POST", "/v1/chat/completions", lambda req: Reply(
        200, {"content-type": "text/event-stream; charset=utf-8"}, chunks=[(body[i:i + 4096], 0.0)
                                                                            for i in range(0, len(body), 4096)]))
    # The upstream sends the whole answer at once, and masking ~410 different secrets in small pieces is many
    # seconds of the proxy's CPU (~40 s in 1-5 character pieces): past the default stream_cpu_budget (10 s, then half
    # a core), which cut it (faults49, by design: a flood). The budget has its own tests; this one is about the rules
    # compiled at first use.
    unbudgeted = tmp_path / "policy.yaml"
    unbudgeted.write_text(yaml.safe_dump({**yaml.safe_load(DEFAULT_POLICY_FILE.read_text()),
                                          "stream_cpu_budget": {"share": 1, "burst_seconds": 10}}))
    proxy = harness.start_proxy(tmp_path / "second", upstream, "--set", f"exitguard_record_dir={tmp_path / 'rec'}",
                                "--set", f"exitguard_policy={unbudgeted}", startup_timeout=600)
    try:
        out = run_client(OPENAI_STREAM, proxy, timeout=300)
        assert out.get("ended") and "error" not in out, (out.get("message"), out["text"][-300:],
                                                         [line for line in proxy.log_lines if "rror" in line][-5:])
        got = norm(out["text"]).split(SEPARATOR)
        want = norm(eager.inspect_text(text, "response", "t").text).split(SEPARATOR)  # the whole text, scanned once
        assert len(got) == len(want)
        assert [(got[i], want[i]) for i in range(len(want)) if got[i] != want[i]] == []  # exactly, piece by piece
        masked_values = {value for f in eager.scanner.scan(text)
                         if len(value := text[f.start:f.end]) >= 8 and value not in SEPARATOR.join(want)}
        assert len(masked_values) > 100
        assert proxy.stop() == 0
        assert memo.read_bytes() == remembered  # nothing new: the proxy compiled no rule regex at load
        written = harness.written(tmp_path / "rec").decode("latin-1") + proxy.log
        assert sorted(value for value in masked_values if value in out["text"] or value in written) == []
        assert re.search(r"MASKED", json.dumps(out))
    finally:
        proxy.stop()
