"""Attack24, live: an agent that can talk only to the proxy reaches the fleet's Redis *through* it and speaks RESP.

A proxy that lets agents reach a local model server (``exitguard_block_loopback=false``, or Redis's own address in
``exitguard_allow_upstreams``) shares its approvals through a real redis-server on loopback. mitmproxy relays an
HTTP request to whatever the agent names; Redis reads an HTTP request as inline commands and runs what follows
until a ``Host:`` line, so a ``PUT`` without a Host header carries any RESP commands in its body (SET, DEL, SADD
to ``identity:revoked``, PUBLISH, SUBSCRIBE...). Before the fix every spelling below wrote the attacker's key.
Now ``Approval.server_connect`` refuses the store's address whatever the host policy says (502), the store sees
nothing, and a local model server on another loopback port is still reached.
"""

from __future__ import annotations

import json
import socket
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
import redis

from tests.live import harness
from tests.live.redis_server import RedisServer

pytestmark = [pytest.mark.live, pytest.mark.tool]

MARK = "attacker:was:here"


def resp(*args: str) -> bytes:
    out = b"*%d\r\n" % len(args)
    for arg in args:
        out += b"$%d\r\n%s\r\n" % (len(arg.encode()), arg.encode())
    return out


# What an agent would send the store: its own mark (proof the commands ran) and a write to one of exitguard's keys.
BODY = resp("SET", MARK, "1") + resp("SADD", "exitguard:identity:revoked", "attacker")


def attack(proxy_port: int, target: str, how: str) -> bytes:
    """A PUT with no Host header (Redis closes a connection at a ``Host:`` line) and RESP in the body, through a
    CONNECT tunnel or as an absolute-form request; what the proxy answered."""
    with socket.create_connection(("127.0.0.1", proxy_port), timeout=10) as s:
        if how == "tunnel":
            s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
            head = s.recv(4096)
            if b" 200 " not in head.split(b"\r\n", 1)[0]:
                return head
            s.sendall(b"PUT / HTTP/1.1\r\nContent-Length: %d\r\n\r\n" % len(BODY) + BODY)
        else:
            s.sendall(f"PUT http://{target}/ HTTP/1.1\r\n".encode() + b"Content-Length: %d\r\n\r\n" % len(BODY) + BODY)
        s.settimeout(4)
        data = b""
        try:
            while chunk := s.recv(65536):
                data += chunk
        except TimeoutError:
            pass
        return data


@contextmanager
def store_behind_a_proxy(tmp: Path, proxy_options: Callable[[RedisServer], list[str]]
                         ) -> Iterator[tuple[harness.Proxy, RedisServer, redis.Redis]]:
    """A real redis-server on loopback (the fleet's store), a proxy with the bundle started with the options
    ``proxy_options`` names for that store, and a client of the store: stopped again on the way out."""
    server = RedisServer(tmp / "redis", harness.free_port()).start()
    proxy = harness.start_proxy(tmp, None, *proxy_options(server), route=False)
    client = redis.Redis(port=server.port, decode_responses=True)
    try:
        yield proxy, server, client
    finally:
        proxy.stop()
        client.close()
        server.stop()


class ModelServer(BaseHTTPRequestHandler):
    def do_GET(self):
        body = json.dumps({"model": "local"}).encode()
        self.send_response(200)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def fleet(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("attack24")
    server = RedisServer(tmp / "redis", harness.free_port()).start()
    model = ThreadingHTTPServer(("127.0.0.1", 0), ModelServer)
    threading.Thread(target=model.serve_forever, daemon=True).start()
    proxy = harness.start_proxy(tmp, None, "--set", f"exitguard_state={server.url}",
                                "--set", "exitguard_block_loopback=false",
                                "--set", f"exitguard_allow_upstreams=127.0.0.1:{server.port}",
                                "--set", f"exitguard_record_dir={tmp / 'rec'}", route=False)
    client = redis.Redis(port=server.port, decode_responses=True)
    try:
        yield proxy, server, client, model.server_address[1], tmp / "rec"
    finally:
        proxy.stop()
        model.shutdown()
        client.close()
        server.stop()


def spellings(port: int) -> list[str]:
    return [f"127.0.0.1:{port}", f"localhost:{port}", f"[::ffff:127.0.0.1]:{port}", f"2130706433:{port}",
            f"127.1:{port}", f"LOCALHOST.:{port}"]


@pytest.mark.parametrize("how", ["tunnel", "absolute"])
@pytest.mark.parametrize("which", range(6))
def test_the_fleets_redis_is_never_reached_through_the_proxy(fleet, how, which):
    proxy, server, client, _, _ = fleet
    client.delete(MARK)
    target = spellings(server.port)[which]
    answer = attack(proxy.port, target, how)
    assert client.get(MARK) is None, (target, how, answer[:300])
    assert "attacker" not in client.smembers("exitguard:identity:revoked")
    assert b"502" in answer.split(b"\r\n", 1)[0], (target, how, answer[:300])


def test_the_refusal_is_said_and_recorded_without_the_stores_url(fleet):
    proxy, server, _, _, records = fleet
    answer = attack(proxy.port, f"127.0.0.1:{server.port}", "absolute")
    assert b"shared state store" in answer, answer[:400]
    lines = [json.loads(line) for f in sorted(records.glob("audit-*.jsonl")) for line in f.read_text().splitlines()]
    refused = [r for r in lines if "shared state store" in json.dumps(r)]
    assert refused, lines[-3:]
    assert "shared state store" in proxy.log


def test_a_local_model_server_on_another_port_is_still_reached(fleet):
    proxy, _, _, model_port, _ = fleet
    r = harness.curl(proxy, "-o", "-", "-w", "\n%{http_code}", "--max-time", "10",
                     f"http://127.0.0.1:{model_port}/v1/models")
    assert r.stdout.decode().rstrip().endswith("200"), r.stdout[-300:] + r.stderr[-300:]


def test_the_proxys_own_link_to_the_store_still_works(fleet):
    proxy, _, client, _, _ = fleet
    # The replica announces itself in the fleet hash: the refusal concerns agents' connections only.
    assert client.hgetall("exitguard:fleet:replicas"), proxy.log[-2000:]


def test_a_passthrough_tunnel_to_the_store_is_refused_too(tmp_path):
    """mitmproxy relays a tunnel whose address matches ``ignore_hosts`` as raw TCP (an operator's pattern for
    internal names, say): with ``connection_strategy=lazy`` the CONNECT is answered at once and the upstream
    connection opens for the passthrough, which carries RESP as it is (fails before)."""
    server = RedisServer(tmp_path / "redis", harness.free_port()).start()
    proxy = harness.start_proxy(tmp_path, None, "--set", f"exitguard_state={server.url}",
                                "--set", "exitguard_block_loopback=false", "--set", "connection_strategy=lazy",
                                "--set", r"ignore_hosts=^127\.0\.0\.1", route=False)
    client = redis.Redis(port=server.port, decode_responses=True)
    try:
        with socket.create_connection(("127.0.0.1", proxy.port), timeout=10) as s:
            target = f"127.0.0.1:{server.port}"
            s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
            assert b" 200 " in s.recv(4096)
            s.sendall(BODY)
            s.settimeout(4)
            try:
                while s.recv(65536):
                    pass
            except OSError:
                pass
        assert client.get(MARK) is None
        assert "shared state store" in proxy.log
    finally:
        proxy.stop()
        client.close()
        server.stop()
