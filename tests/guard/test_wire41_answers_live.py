"""wire41, live: with the default policy (``response: pii: allow``) an e-mail address and a phone number in a guarded
host's answer reach the client byte for byte and are never shown in mitmweb (``/flows``, ``/flows/dump``,
``/flows/<id>/response/content.data``, the ``/updates`` WebSocket, ``export.file``, ``save.file``); the record, the
index and the log mask them. A buffered JSON answer over HTTP/1.1 and HTTP/2, and a streamed (SSE) one."""

from __future__ import annotations

import json
import socket
import ssl

import httpx
import pytest

from tests.audit.test_attack36_console_head_live import ConsoleUpdates
from tests.live import harness
from tests.live.console import Console, start_console

pytestmark = pytest.mark.live

EMAIL = "dana.whitfield@northwind-traders.com"
PHONE = "+1 (415) 555-0134"
VALUES = (EMAIL, PHONE)
ANSWER = json.dumps({"id": "chatcmpl-41", "object": "chat.completion", "choices": [
    {"index": 0, "message": {"role": "assistant", "content": f"write to {EMAIL} or call {PHONE}"}}]}).encode()
SSE = [f'data: {{"choices": [{{"delta": {{"content": "write to {EMAIL}"}}}}]}}\n\n'.encode(),
       f'data: {{"choices": [{{"delta": {{"content": " or call {PHONE}"}}}}]}}\n\n'.encode(),
       b"data: [DONE]\n\n"]


@pytest.fixture(scope="module")
def web(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("wire41")
    # lazy: mitmproxy offers a client h2 only when it has not connected upstream yet (the test upstream is HTTP/1.1)
    proxy, console, record = start_console(d, upstream_session, "--set", "connection_strategy=lazy")
    yield proxy, console, record
    proxy.stop()


def read_every_surface(console: Console, updates: ConsoleUpdates, part: str, folder) -> bytes:
    """Every way mitmweb shows the flow whose path holds ``part``: its answers are kept in ``console.seen``; returns
    what export.file and save.file wrote."""
    updates.wait_for(1, part)
    flow = console.flow_with(part)
    assert flow is not None and flow["response"] is not None
    console.get("/flows/dump")
    content = console.get(f"/flows/{flow['id']}/response/content.data")
    assert content.status_code == 200 and b"MASKED" in content.content, content.text[:300]
    for fmt in ("raw", "raw_response", "curl"):
        console.send("POST", "/commands/export.file", {"arguments": [fmt, "@all", str(folder / f"{part}-{fmt}.txt")]})
    console.send("POST", "/commands/save.file", {"arguments": ["@all", str(folder / f"{part}.mitm")]})
    written = harness.written(folder)
    assert part.encode() in written or written == b""  # written as shown, or refused (attack40: the file writers)
    return written


def assert_never_shown(console: Console, updates: ConsoleUpdates, written: bytes, proxy, record) -> None:
    for value in VALUES:
        for text in (*console.seen, *updates.messages):
            assert value not in text, text[:300]
        assert value.encode() not in written
        assert value not in proxy.log
        assert value.encode() not in harness.written(record)


def h2_post(proxy, path: str, body: bytes) -> tuple[int, bytes]:
    """POST over HTTP/2 through the proxy's CONNECT tunnel (h2 asked for and checked): the status and the body."""
    import h2.config
    import h2.connection
    import h2.events

    sock = socket.create_connection(("127.0.0.1", proxy.port), timeout=20)
    sock.sendall(b"CONNECT api.openai.com:443 HTTP/1.1\r\nHost: api.openai.com:443\r\n\r\n")
    assert sock.recv(4096).startswith(b"HTTP/1.1 200")
    context = ssl.create_default_context(cafile=str(proxy.ca))
    context.set_alpn_protocols(["h2"])
    with context.wrap_socket(sock, server_hostname="api.openai.com") as tls:
        assert tls.selected_alpn_protocol() == "h2"
        conn = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
        conn.initiate_connection()
        conn.send_headers(1, [(":method", "POST"), (":path", path), (":scheme", "https"),
                              (":authority", "api.openai.com"), ("content-type", "application/json"),
                              ("content-length", str(len(body)))])
        conn.send_data(1, body, end_stream=True)
        tls.sendall(conn.data_to_send())
        status, answer, ended = 0, b"", False
        while not ended and (data := tls.recv(65536)):
            for event in conn.receive_data(data):
                if isinstance(event, h2.events.ResponseReceived):
                    status = int(dict(event.headers)[b":status"])
                elif isinstance(event, h2.events.DataReceived):
                    answer += event.data
                    conn.acknowledge_received_data(event.flow_controlled_length, event.stream_id)
                elif isinstance(event, h2.events.StreamEnded | h2.events.StreamReset):
                    ended = True
            tls.sendall(conn.data_to_send())
    return status, answer


@pytest.mark.parametrize("http2", [False, True], ids=["http1", "http2"])
def test_an_allowed_email_and_phone_in_an_answer_reach_the_client_and_no_console_surface_shows_them(
        web, upstream, tmp_path, http2):
    proxy, console, record = web
    part = f"wire41-{'h2' if http2 else 'h1'}"
    upstream.route("POST", f"/v1/{part}", lambda req: harness.Reply(body=ANSWER))
    updates = ConsoleUpdates(console.port, console.token)
    console.seen.clear()
    try:
        if http2:
            status, got = h2_post(proxy, f"/v1/{part}", b'{"q": "contact?"}')
        else:
            with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
                r = client.post(f"https://api.openai.com/v1/{part}", json={"q": "contact?"})
            status, got = r.status_code, r.content
        assert status == 200, got
        assert got == ANSWER  # byte for byte: the policy lets them through
        written = read_every_surface(console, updates, part, tmp_path)
    finally:
        updates.close()
    assert_never_shown(console, updates, written, proxy, record)
    assert b"[MASKED:email-address:" in harness.written(record)  # recorded masked: the body kept
    index = b"".join(p.read_bytes() for p in record.rglob("*") if p.is_file() and p.suffix != ".mitm")
    assert b'"allow"' in index  # the index notes that values passed to the client


def delivered_text(sse: str) -> str:
    """What the agent reads of an SSE chat answer: the deltas' text, joined (the stream masker may re-cut events)."""
    events = [line[6:] for line in sse.splitlines() if line.startswith("data: ") and line != "data: [DONE]"]
    return "".join(json.loads(e)["choices"][0]["delta"]["content"] for e in events)


def test_an_allowed_email_and_phone_in_a_streamed_answer_reach_the_client_and_no_console_surface_shows_them(
        web, upstream, tmp_path):
    proxy, console, record = web
    part = "wire41-sse"
    upstream.route("POST", f"/v1/{part}", lambda req: harness.Reply(
        headers={"content-type": "text/event-stream"}, chunks=[(c, 0.05) for c in SSE]))
    updates = ConsoleUpdates(console.port, console.token)
    console.seen.clear()
    try:
        with httpx.Client(proxy=proxy.url, verify=str(proxy.ca), timeout=60) as client:
            r = client.post(f"https://api.openai.com/v1/{part}", json={"stream": True})
        assert r.status_code == 200, r.text
        said = delivered_text(r.text)
        assert EMAIL in said and PHONE in said, r.text  # the stream passed them (the policy allows)
        written = read_every_surface(console, updates, part, tmp_path)
    finally:
        updates.close()
    assert_never_shown(console, updates, written, proxy, record)
