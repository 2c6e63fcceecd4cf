"""suite61 (addons/core/compat.py, `close_crashed_connections`): a MemoryError inside mitmproxy's own layers is caught
in ``ConnectionHandler.server_event`` ("mitmproxy has crashed!") and left the client's connection open with no
answer, until the client's own timeout: faults48's memory cap (a MemoryError joining a request body) cost its test
20 s a request, and a real client waits as long as it is willing to. The crash is made here by a test addon whose
request stream callable raises MemoryError (mitmproxy runs it inside the layer); the client must see its connection
closed, the flow must be on record, and the proxy must go on serving. Failed before the change: the read waited out
its 30 s with the connection still open."""

from __future__ import annotations

import ssl

import pytest

from addons.audit import index as auditlog
from tests.hostile import live_support as L

pytestmark = pytest.mark.live

CRASHING_ADDON = '''
def boom(data):
    raise MemoryError("suite61 test: a request stream callable out of memory")


def requestheaders(flow):
    if flow.request.path == "/v1/crash-me":
        flow.request.stream = boom
'''
NO_ANSWER_WITHIN_S = 30  # far beyond a close; mitmproxy's own idle timeout (tcp_timeout) is 600 s


def crash_request() -> bytes:
    body = b'{"model": "gpt-4o", "messages": []}'
    return (b"POST /v1/crash-me HTTP/1.1\r\nHost: api.openai.com\r\ncontent-type: application/json\r\n"
            b"content-length: %d\r\n\r\n" % len(body)) + body


def test_a_crash_inside_mitmproxys_layers_closes_the_clients_connection_and_the_proxy_serves_on(
        tmp_path, proxy_factory, upstream):
    addon = tmp_path / "crashing_addon.py"
    addon.write_text(CRASHING_ADDON)
    records = tmp_path / "records"
    proxy = proxy_factory("-s", str(addon), "--set", f"exitguard_record_dir={records}")
    client = L.tunnel(proxy, timeout=NO_ANSWER_WITHIN_S)
    client.sendall(crash_request())
    received, closed = b"", False
    try:
        while chunk := client.recv(65536):
            received += chunk
        closed = True
    except (ssl.SSLError, ConnectionError):
        closed = True  # reset or a TLS end without close_notify: closed all the same
    except TimeoutError:
        pass
    finally:
        client.close()
    assert closed, f"the connection was still open after {NO_ANSWER_WITHIN_S} s: {received[:300]!r}"
    assert b"HTTP/1.1 200" not in received
    # No byte of its body reached the upstream. Its head may have: mitmproxy sends a streamed request's head once the
    # server connection is up, which can come before the first body chunk crashes the handler (a loaded run with
    # three workers saw the upstream read the head and then the close, with an empty body).
    assert not any(r.path == "/v1/crash-me" and r.body for r in upstream.received)
    after = L.tunnel(proxy)
    after.sendall(L.chat_request("after the crash"))
    assert L.status_of(L.read_all(after, wait=30)) == 200
    after.close()
    proxy.stop()
    assert "mitmproxy has crashed!" in proxy.log and "suite61 test" in proxy.log  # the crash itself: still logged
    assert "its client's connection is closed" in proxy.log, proxy.log[-3000:]
    flows = [r for _, _, r in auditlog.read_records(auditlog.index_files(records)) if r.get("event") == "flow"]
    assert len(flows) == 2, flows  # the crashed flow is on record, as the one after it


def test_the_patch_is_installed_once():
    from mitmproxy.proxy import server

    from addons.core import compat

    compat.install()
    patched = server.ConnectionHandler.server_event
    compat.close_crashed_connections()
    assert server.ConnectionHandler.server_event is patched and patched.exitguard_patched
