"""attack50: an observed host's body past ``max_body_bytes`` streams on unscanned (guard.py); attack49's second look
at ``request`` comes after its last byte left. ``hostpolicy.WatchedBody`` looks at each chunk after a reload: a host
denied (or guarded) now ends the request there. Live: test_attack50_streamed_body_reload_live.py."""

from __future__ import annotations

import pytest
from mitmproxy.proxy.layers import http as http_layer
from mitmproxy.test import taddons

from addons.core import metakeys, runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy, WatchedBody
from tests.guard.support import POLICY, RULES, TOKEN, request_flow

VENDOR = "upload.newvendor.example"


def _report(policy: str) -> str:
    """The policy in report mode: its one `mode:` line changed (a key given twice is refused, newuser50)."""
    assert policy.count("\nmode: enforce\n") == 1
    return policy.replace("\nmode: enforce\n", "\nmode: report\n")


@pytest.fixture(scope="module")
def runtimes(tmp_path_factory) -> dict[str, runtime.Runtime]:
    folder = tmp_path_factory.mktemp("attack50")
    observe = POLICY.replace("unlisted_hosts: pass", "unlisted_hosts: observe")
    built = {}
    guarded = observe.replace("guarded_hosts: [", f"guarded_hosts: [{VENDOR}, ")
    denied = observe.replace("deny_hosts: [", f"deny_hosts: [{VENDOR}, ")
    for name, text in (("before", observe),
                       ("other change", observe.replace("deny_hosts: [", "deny_hosts: [other.example, ")),
                       ("guarded", guarded), ("guarded, report mode", _report(guarded)),
                       ("denied", denied), ("denied, report mode", _report(denied))):
        (folder / f"{name}.yaml").write_text(text)
        built[name] = runtime.build(str(folder / f"{name}.yaml"), [str(RULES)], folder / "key")
    return built


async def _stream_across(before: runtime.Runtime, after: runtime.Runtime) -> tuple:
    flow = request_flow(VENDOR, "/upload", b"")
    flow.request.headers["content-length"] = str(10**9)
    runtime.install(before)
    try:
        with taddons.context(HostPolicy(), Guard()) as tctx:
            await tctx.master.addons.handle_lifecycle(http_layer.HttpRequestHeadersHook(flow))
            stream = flow.request.stream
            assert isinstance(stream, WatchedBody)
            sent = stream(b"first part ")
            runtime.install(after)  # the rebuild's new version lands while the body is still coming
            sent += stream(f"token {TOKEN} ".encode()) + stream(b"the rest")
            assert b"" not in sent  # an empty chunk of a chunked body is its end (0\r\n\r\n) to the upstream
    finally:
        runtime.install(None)
    return flow, b"".join(sent)


async def test_the_body_goes_on_while_nothing_changed_for_its_host(runtimes):
    for after in ("before", "other change"):
        flow, sent = await _stream_across(runtimes["before"], runtimes[after])
        assert sent == f"first part token {TOKEN} the rest".encode() and flow.error is None


@pytest.mark.parametrize("after", ["denied", "guarded", "denied, report mode"])
async def test_the_rest_of_the_body_is_not_sent_once_the_host_is_denied_or_guarded(runtimes, after):
    flow, sent = await _stream_across(runtimes["before"], runtimes[after])
    assert sent == b"first part " and flow.error is not None  # killed: core/compat.py ends the request stream
    assert flow.metadata[metakeys.DECISION] == ("block" if after == "guarded" else "deny")
    assert "policy changed" in flow.metadata[metakeys.REASON]
    assert flow.metadata[metakeys.POLICY_VERSION] == runtimes[after].version


async def test_report_mode_records_what_it_would_have_done_for_a_host_now_guarded(runtimes):
    flow, sent = await _stream_across(runtimes["before"], runtimes["guarded, report mode"])
    assert sent == f"first part token {TOKEN} the rest".encode() and flow.error is None
    assert flow.metadata[metakeys.DECISION] == "report" and flow.metadata[metakeys.REPORT_ONLY]
