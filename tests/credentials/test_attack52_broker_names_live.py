"""attack52, live: a broker of the policy's own header (`X-Service-Key`) or query parameter (`sig`) with
`client_keys: allow`, and a caller bringing its own key there (no rule's shape): while the request waits for
approval, nothing mitmweb serves holds the key, nor the proxy's log, nor the record; Resume sends it as written.
Before the change the console's /flows and the record held it raw (unit: test_attack52_broker_names.py)."""

from __future__ import annotations

import threading
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest
import yaml
from mitmproxy import io as mio

from tests import fakes
from tests.live import harness
from tests.live.console import DEFAULT_POLICY_FILE, start_console, wait_until

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(5201)  # what holds the request for approval
OWN = "4b1e9c7d2a3f5e6071b2c3d4e5f6a7b8"  # the caller's own vendor key: 32 hex digits
BROKERED = "brokered-FAKE-" + "Lm2Qx7Vt9Rk4Wz8Np3Hs6Jd2"


# The policy's own credential names: a header broker on one vendor, a query broker on another.
HEADER_BROKER = {"hosts": ["api.openai.com"], "credential": "svc", "header": "X-Service-Key"}
QUERY_BROKER = {"hosts": ["api.anthropic.com"], "credential": "svc", "query": "sig"}


@contextmanager
def own_key_console(folder: Path, upstream_session, brokered: str, brokers=(HEADER_BROKER, QUERY_BROKER)):
    """A console proxy whose default policy holds precise secrets for approval and brokers ``brokers`` (credential
    ``svc`` = ``brokered``) with the caller's own keys allowed: ``(proxy, console, record)``."""
    policy = yaml.safe_load(DEFAULT_POLICY_FILE.read_text())
    policy["actions"]["request"]["secret/precise"] = "approve"
    policy["credentials"] = {"client_keys": "allow", "brokers": list(brokers)}
    path = folder / "policy.yaml"
    path.write_text(yaml.safe_dump(policy))
    proxy, console, record = start_console(folder, upstream_session, policy=path, env={"EXITGUARD_CRED_SVC": brokered})
    try:
        yield proxy, console, record
    finally:
        proxy.stop()


@pytest.fixture(scope="module")
def approving(tmp_path_factory, upstream_session):
    with own_key_console(tmp_path_factory.mktemp("attack52-broker-names"), upstream_session, BROKERED) as started:
        yield started


@pytest.mark.parametrize("where", ["header", "query"])
def test_the_callers_own_key_under_a_brokers_name_is_shown_nowhere_and_resume_sends_it(approving, upstream, where):
    proxy, console, record = approving
    marker = f"attack52-{where}"
    host, params, headers = (("api.openai.com", {}, {"X-Service-Key": OWN}) if where == "header"
                             else ("api.anthropic.com", {"sig": OWN}, {}))
    response = post_held_then_resumed(proxy, console, marker, f"https://{host}/v1/{marker}", params=params,
                                      headers=headers, json={"note": f"use {AKID}"})
    assert response.status_code == 200, response.text
    (got,) = [r for r in upstream.received if marker in r.path]
    assert (got.headers["x-service-key"] == OWN) if where == "header" else (f"sig={OWN}" in got.path)
    assert BROKERED not in got.path and BROKERED not in str(got.headers) and AKID in got.body.decode()
    for text in console.seen:  # before: /flows held the caller's key while the flow was held
        assert OWN not in text and AKID not in text, text[:300]
    assert OWN not in proxy.log and OWN.encode() not in written_but_answer_bodies(record)  # before: the record had it


def test_an_answer_echoing_the_callers_own_key_is_not_recorded(approving):
    """Was a strict xfail (attack52's open part): the echo upstream quotes the request line, `?sig=` and all, and
    the record kept it. Closed by attack55 (credentials/echo.py; test_attack55_caller_echo_live.py)."""
    _, _, record = approving
    assert OWN.encode() not in harness.written(record)


def post_held_then_resumed(proxy, console, marker: str, url: str, **request) -> httpx.Response:
    """POST ``url`` through the proxy; once the console shows the flow (its path holds ``marker``) held for
    approval, read every flow as mitmweb serves them (``/flows/dump``: the console keeps what it saw) and Resume."""
    out: dict = {}

    def send() -> None:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            out["response"] = client.post(url, **request)

    thread = threading.Thread(target=send, daemon=True)
    thread.start()
    flow = wait_until(lambda: ((f := console.flow_with(marker)) and f["intercepted"] and f) or None,
                      "the flow is held for approval")
    console.get("/flows/dump")
    assert console.send("POST", f"/flows/{flow['id']}/resume").status_code == 200
    thread.join(60)
    return out["response"]


def written_but_answer_bodies(folder: Path) -> bytes:
    """Every byte the proxy wrote under ``folder``, the recorded answers' bodies left out (the echo upstream quotes
    the request line there: the test above reads them)."""
    out = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and path.suffix == ".mitm":
            with path.open("rb") as f:
                for flow in mio.FlowReader(f).stream():
                    state = flow.get_state()
                    if state.get("response"):
                        state["response"]["content"] = b""
                    out.append(repr(state).encode())
        elif path.is_file():
            out.append(path.read_bytes())
    return b"".join(out)
