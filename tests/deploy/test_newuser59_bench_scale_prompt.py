"""newuser59: deploy/README.md sizes replicas from `bench_scale.py`'s ~300 requests per CPU-second, measured with
~1 KB bodies, and says "measure with your traffic (`bench_scale.py --procs N`)" for long prompts; but the bench had
no way to send anything but its ~1 KB body. `--prompt-kb KB [KB ...]` measures prompt sizes side by side."""

from __future__ import annotations

import importlib.util
import json
import subprocess
import sys

import pytest

from addons.detect import Scanner
from tests.live.harness import ROOT

SCRIPT = ROOT / "scripts" / "bench_scale.py"


def bench_scale():
    spec = importlib.util.spec_from_file_location("bench_scale_under_test", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.mark.parametrize("kb", [1, 16, 64])
def test_a_prompt_of_the_size_asked_for_in_a_chat_body_that_holds_nothing_to_mask(kb):
    body = bench_scale().chat_body(kb)
    [message] = json.loads(body)["messages"]
    assert message["role"] == "user" and kb * 1024 <= len(message["content"]) < kb * 1024 + 300
    assert Scanner.default().scan(message["content"]) == []  # scanned whole and passed, as a clean prompt is


def test_without_the_option_the_body_is_the_one_the_readme_figures_were_measured_with():
    module = bench_scale()
    assert module.chat_body(None) == module.BODY and len(module.BODY) < 1024


def test_a_streamed_answer_is_asked_for_and_answered_in_that_many_events():
    module = bench_scale()
    body = json.loads(module.chat_body(None, 300))
    assert body["stream"] is True and body["max_tokens"] == 300
    head, _, sse = module.answer(module.chat_body(None, 300)).partition(b"\r\n\r\n")
    assert b"content-type: text/event-stream" in head
    events = [e for e in sse.decode().split("\n\n") if e]
    assert len(events) == 301 and events[-1] == "data: [DONE]"
    assert json.loads(events[0].removeprefix("data: "))["object"] == "chat.completion.chunk"
    assert b"application/json" in module.answer(module.chat_body(16)).split(b"\r\n\r\n")[0]


@pytest.mark.live
def test_each_prompt_size_and_answer_is_measured_in_the_same_run():
    # Half a second a configuration and no warm-up (suite61: 2 + 0.5 s each was 20 of the test's ~23 s): the rows,
    # their names and errors are what is checked, not a rate; without a warm-up each connection's first request is
    # counted, so every row has one.
    done = subprocess.run([sys.executable, str(SCRIPT), "--procs", "1", "--seconds", "0.5", "--rounds", "1",
                           "--warmup", "0", "--conns", "2", "--state", "memory", "--no-record",
                           "--prompt-kb", "1", "8", "--stream-tokens", "0", "20", "--json"],
                          capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stderr[-3000:] + done.stdout[-3000:]
    rows = json.loads(done.stdout.strip().splitlines()[-1])
    kinds = ["1 KB, JSON", "1 KB, 20 events", "8 KB, JSON", "8 KB, 20 events"]
    assert [(r["config"], r["errors"]) for r in rows] == [
        *((f"1 replica, direct, {k}", 0) for k in kinds), *((f"1 replica via balancer, {k}", 0) for k in kinds)]
    assert all(r["requests"] > 0 for r in rows)
