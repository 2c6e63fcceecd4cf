"""mitmweb with the bundle, driven through its API as an operator's console would: the live tests that read what
the console shows (attack36/37/39/40/41, wire40/41) start it here."""

from __future__ import annotations

import time
from collections.abc import Mapping
from pathlib import Path

import httpx
import pytest
import yaml

from addons.core.policy import DEFAULT_POLICY_FILE
from tests.live import harness

XSRF = "0123456789abcdef0123456789abcdef"  # mitmweb's POST/PUT need the cookie and header to agree
OPENAI_BROKER = {"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization",
                 "format": "Bearer {value}"}


class Console:
    """mitmweb's HTTP API with its token and XSRF pair."""

    def __init__(self, port: int, token: str) -> None:
        self.base = f"http://127.0.0.1:{port}"
        self.port, self.token = port, token
        self.http = httpx.Client(base_url=self.base, timeout=15, headers={
            "Authorization": f"Bearer {token}", "X-XSRFToken": XSRF, "Cookie": f"_mitmproxy_xsrf={XSRF}"})
        self.seen: list[str] = []  # every answer's text: nothing of the key may be in any

    def get(self, path: str) -> httpx.Response:
        r = self.http.get(path)
        self.seen.append(r.text)
        return r

    def send(self, method: str, path: str, body=None) -> httpx.Response:
        r = self.http.request(method, path, json=body)
        self.seen.append(r.text)
        return r

    def flows(self) -> list[dict]:
        return self.get("/flows").json()

    def flow_with(self, part: str) -> dict | None:
        return next((f for f in self.flows() if part in f["request"]["path"]), None)


def wait_until(check, what: str, timeout: float = 30):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if (value := check()) is not None:
            return value
        time.sleep(0.1)
    raise AssertionError(f"never: {what}")


def policy_file(folder: Path, *, actions: Mapping[str, str] = {}, broker: bool = False) -> Path:
    """The default policy with these request actions (`secret/precise: allow`), and the openai broker if asked."""
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["actions"]["request"].update(actions)
    if broker:
        policy["credentials"] = {"brokers": [OPENAI_BROKER]}
    path = folder / "policy.yaml"
    path.write_text(yaml.safe_dump(policy))
    return path


def start_console(folder: Path, upstream, *options: str, policy: Path | None = None,
                  env: Mapping[str, str] = {}) -> tuple[harness.Proxy, Console, Path]:
    """mitmweb with the bundle recording into `folder`/rec, its console logged in: (proxy, console, record folder).
    The caller stops the proxy."""
    port = harness.free_port()
    args = [*(("--set", f"exitguard_policy={policy}") if policy else ()),
            "--set", f"exitguard_record_dir={folder / 'rec'}", "--set", f"web_port={port}",
            "--set", "web_open_browser=false", *options]
    with pytest.MonkeyPatch.context() as mp:
        for name, value in env.items():
            mp.setenv(name, value)
        proxy = harness.start_proxy(folder, upstream, *args, tool="mitmweb")
    return proxy, Console(port, proxy.web_token()), folder / "rec"
