"""Attack36, live: what mitmweb's operator console is shown of a guarded request before the guard has read it.

mitmweb's view adds a flow at ``requestheaders`` (after the bundle's hooks) and pushes it at once to every open
console over its ``/updates`` WebSocket (``flows/add``: method, path, headers); ``/flows`` lists it from then on.
The guard reads and masks the head at ``request``, once the body is in. So a key in a guarded request's query or
header was pushed to the console as the agent wrote it, though it never left masked (and a request refused at its
headers, with nothing sent, kept the raw head on the live flow for good). A real mitmweb with the bundle, real TLS,
httpx through the proxy, a WebSocket client on ``/updates``; checked: the upstream, the client, every console
message, ``/flows``, every byte the proxy wrote, its log."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

import httpx
import pytest
from wsproto import ConnectionType, WSConnection
from wsproto.events import AcceptConnection, Request, TextMessage

from tests import fakes
from tests.live import harness

pytestmark = pytest.mark.live

AKID = fakes.aws_key_id(3601)
PAT = fakes.github_pat(3602)


class ConsoleUpdates:
    """A console's ``/updates`` WebSocket: every text message mitmweb pushes, kept."""

    def __init__(self, port: int, token: str) -> None:
        self.messages: list[str] = []
        self.accepted = threading.Event()
        self._sock = socket.create_connection(("127.0.0.1", port), timeout=30)
        self._ws = WSConnection(ConnectionType.CLIENT)
        self._sock.sendall(self._ws.send(Request(host=f"127.0.0.1:{port}", target=f"/updates?token={token}")))
        threading.Thread(target=self._read, daemon=True).start()
        assert self.accepted.wait(10), "mitmweb did not accept the console WebSocket"

    def _read(self) -> None:
        try:
            self._read_until_closed()
        except OSError:  # closed by the test
            return

    def _read_until_closed(self) -> None:
        while data := self._sock.recv(65536):
            self._ws.receive_data(data)
            for event in self._ws.events():
                if isinstance(event, AcceptConnection):
                    self.accepted.set()
                elif isinstance(event, TextMessage):
                    self.messages.append(event.data)

    def wait_for(self, count: int, path_part: str, timeout: float = 30) -> None:
        """Until ``count`` finished flows (a response or an error) whose path holds ``path_part`` were pushed."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            done = {json.loads(m)["payload"]["flow"]["id"] for m in list(self.messages)
                    if '"flows/update"' in m and path_part in m and ('"response": {' in m or '"error": {' in m)}
            if len(done) >= count:
                return
            time.sleep(0.1)
        raise AssertionError(f"mitmweb pushed no update for {count} flows: {self.messages[-3:]}")

    def close(self) -> None:
        self._sock.close()


def cut_mid_body(proxy: harness.Proxy) -> None:
    """A guarded upload whose client goes away mid-body: the flow ends in an error, never read by the guard."""
    with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as raw:
        raw.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
        assert b" 200 " in raw.recv(4096)
        tls = ssl.create_default_context(cafile=str(proxy.ca)).wrap_socket(raw, server_hostname="api.openai.com")
        tls.sendall((f"POST /v1/chat/completions?attack36=cut&key={AKID} HTTP/1.1\r\nHost: api.openai.com\r\n"
                     f"X-Debug: {PAT}\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n"
                     '{"model": "gpt-4o", ').encode())
        time.sleep(0.5)  # the head is read and pushed to the console; then the client is gone
        tls.close()


@pytest.fixture(scope="module")
def web(tmp_path_factory, upstream_session):
    tmp = tmp_path_factory.mktemp("console")
    port = harness.free_port()
    record = tmp / "record"
    proxy = harness.start_proxy(tmp, upstream_session, "--set", f"web_port={port}", "--set", "web_open_browser=false",
                                "--set", f"exitguard_record_dir={record}", tool="mitmweb")
    yield proxy, port, proxy.web_token(), record
    proxy.stop()


def test_a_guarded_requests_head_reaches_the_console_masked_from_its_first_push(web, upstream):
    proxy, port, token, record = web
    console = ConsoleUpdates(port, token)
    try:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=30) as client:
            # masked and sent: a guarded vendor, the key in the query and in a header
            sent = client.get(f"https://api.openai.com/v1/models?attack36=sent&key={AKID}",
                              headers={"X-Debug": PAT, "Cookie": f"s={PAT}"})
            # refused at its headers (the names disagree: 421), nothing sent
            refused = client.get(f"https://api.openai.com/v1/models?attack36=refused&key={AKID}",
                                 headers={"Host": "api.anthropic.com", "X-Debug": PAT})
            cut_mid_body(proxy)
        console.wait_for(3, "attack36")
        listed = httpx.get(f"http://127.0.0.1:{port}/flows", headers={"Authorization": f"Bearer {token}"},
                           timeout=10).text
    finally:
        console.close()
    assert sent.status_code == 200, sent.text
    assert refused.status_code == 421, refused.text
    got = [r for r in upstream.received if "attack36" in r.path]
    assert len(got) == 1 and "MASKED" in got[0].path and "MASKED" in got[0].headers["x-debug"]
    for value in (AKID, PAT):
        assert value not in sent.text + refused.text
        assert not any(value in r.path or value in json.dumps(r.headers) for r in got)
        pushed = [m[:300] for m in console.messages if value in m]
        assert pushed == [], pushed  # flows/add carried the raw path and headers before the fix
        assert value not in listed  # the refused flow kept its raw head on the live flow before the fix
    assert "attack36=refused" in listed and "attack36=cut" in listed  # the console still lists both flows
    proxy.stop()
    written = harness.written(record)
    assert b"attack36" in written
    for value in (AKID, PAT):
        assert value.encode() not in written
        assert value not in proxy.log
