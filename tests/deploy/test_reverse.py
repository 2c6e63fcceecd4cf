"""Reverse mode per provider (`exitguard up --reverse openai=PORT`): an SDK that is given only a base URL (no proxy
variables, no CA) reaches api.openai.com through exitguard, with the same inspection as the regular listener."""

from __future__ import annotations

import os
import re
import subprocess
import time

import pytest

from addons.cli import main as cli
from addons.cli import up
from tests.deploy.helpers import RULES
from tests.live.harness import CLIENT_PYTHON, ROOT, free_port

pytestmark = pytest.mark.live

SECRET = "egdeploy_" + "R3v3rs3M0d3S4m3Insp3ct10"


def up_modes(*up_args: str) -> list[str]:
    """The --mode arguments `exitguard up` passes to mitmproxy."""
    argv = up.mitmproxy_argv(cli.parser().parse_args(["up", *up_args]))
    return [a for i, a in enumerate(argv) if (i and argv[i - 1] == "--mode") or a == "--mode"]


def test_up_builds_one_listener_per_provider():
    assert up_modes("--listen", "127.0.0.1:8080", "--reverse", "openai=8081", "--reverse",
                    "https://llm.internal.example=9000") == [
        "--mode", "regular@127.0.0.1:8080",
        "--mode", "reverse:https://api.openai.com@127.0.0.1:8081",
        "--mode", "reverse:https://llm.internal.example@127.0.0.1:9000"]


def test_openai_sdk_with_only_a_base_url_is_inspected(proxy_factory, upstream, tmp_path):
    port = free_port()
    modes = up_modes("--listen", "127.0.0.1:0", "--reverse", f"openai={port}")
    # lazy: the test route addon rewrites the upstream address at connect time, and mitmproxy derives the reverse
    # mode Host header from the address already connected to; connecting after the request keeps api.openai.com.
    proxy = proxy_factory("--set", f"exitguard_rules={RULES}", "--set", "connection_strategy=lazy", *modes)
    assert f"listening at 127.0.0.1:{port}" in proxy.log or _wait_for(proxy, port)

    recipe = subprocess.run([str(ROOT / ".venv" / "bin" / "exitguard"), "env", "--confdir", str(proxy.confdir),
                             "--reverse", f"openai=http://127.0.0.1:{port}"], capture_output=True, text=True).stdout
    base_url = re.search(r"^export OPENAI_BASE_URL='(.+)'$", recipe, re.M).group(1)
    assert base_url == f"http://127.0.0.1:{port}/v1"

    env = {k: v for k, v in os.environ.items()
           if "proxy" not in k.lower() and k not in ("SSL_CERT_FILE", "REQUESTS_CA_BUNDLE")}
    env.update({"OPENAI_BASE_URL": base_url, "OPENAI_API_KEY": "sk-test"})
    code = ("from openai import OpenAI\n"
            "r = OpenAI().chat.completions.create(model='gpt-test', messages=[{'role': 'user', "
            f"'content': 'reverse: {SECRET}'}}])\nprint(r.choices[0].message.content)")
    out = subprocess.run([str(CLIENT_PYTHON), "-c", code], capture_output=True, text=True, timeout=90, env=env)
    assert out.returncode == 0, out.stderr[-3000:] + proxy.log[-3000:]
    assert out.stdout.strip() == "ok"

    got = [r for r in upstream.received if r.path == "/v1/chat/completions"]
    assert len(got) == 1 and got[0].host == "api.openai.com"
    body = got[0].body.decode()
    assert SECRET not in body
    assert re.search(r"reverse: \[MASKED:egtest-deploy-token:[0-9a-f]{6}\]", body)


def _wait_for(proxy, port: int) -> bool:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if f"listening at 127.0.0.1:{port}" in proxy.log:
            return True
        time.sleep(0.1)
    return False
