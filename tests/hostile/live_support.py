"""Helpers for the live hostile tests: raw sockets through the proxy, an SDK liveness check, RSS sampling."""

from __future__ import annotations

import json
import socket
import ssl
import threading
import time

from tests.live.harness import Proxy, run_client

OPENAI_CHAT = """
import json, openai
client = openai.OpenAI(api_key="sk-test-placeholder", base_url="https://api.openai.com/v1", max_retries=0,
                       timeout=30)
r = client.chat.completions.create(model="gpt-4o", messages=[{"role": "user", "content": "still there?"}])
print(json.dumps({"ok": r.choices[0].message.content}))
"""


def sdk_still_served(proxy: Proxy, within: float = 30.0) -> float:
    """A normal openai SDK request through the proxy succeeds; returns how long it took (SDK start included)."""
    assert proxy.proc.poll() is None, "the proxy died:\n" + proxy.log[-3000:]
    started = time.monotonic()
    assert run_client(OPENAI_CHAT, proxy, timeout=within + 30) == {"ok": "ok"}
    elapsed = time.monotonic() - started
    assert elapsed < within, f"a normal request took {elapsed:.1f} s"
    return elapsed


def connect(proxy: Proxy, target: str, timeout: float = 10.0) -> tuple[socket.socket, bytes]:
    """Open a CONNECT tunnel; returns the socket and the proxy's answer head."""
    s = socket.create_connection(("127.0.0.1", proxy.port), timeout=timeout)
    s.sendall(f"CONNECT {target} HTTP/1.1\r\nHost: {target}\r\n\r\n".encode())
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = s.recv(65536)
        if not chunk:
            break
        head += chunk
    return s, head


def tunnel(proxy: Proxy, host: str = "api.openai.com", alpn: list[str] | None = None,
           timeout: float = 10.0) -> ssl.SSLSocket:
    s, head = connect(proxy, f"{host}:443", timeout)
    assert b" 200 " in head.split(b"\r\n", 1)[0], head
    ctx = ssl.create_default_context(cafile=str(proxy.ca))
    if alpn:
        ctx.set_alpn_protocols(alpn)
    return ctx.wrap_socket(s, server_hostname=host)


def read_all(sock: socket.socket, wait: float = 5.0) -> bytes:
    """Everything until the peer closes, or what arrived within `wait` seconds of silence."""
    sock.settimeout(wait)
    out = b""
    try:
        while chunk := sock.recv(65536):
            out += chunk
            if _complete(out):
                break
    except (TimeoutError, ssl.SSLError, ConnectionError):
        pass
    return out


def _complete(data: bytes) -> bool:
    head, sep, body = data.partition(b"\r\n\r\n")
    if not sep:
        return False
    for line in head.lower().split(b"\r\n"):
        if line.startswith(b"content-length:"):
            return len(body) >= int(line.split(b":")[1])
    return False


def status_of(response: bytes) -> int | None:
    first = response.split(b"\r\n", 1)[0].split()
    return int(first[1]) if len(first) >= 2 and first[0].startswith(b"HTTP/") and first[1].isdigit() else None


def chat_request(content: str, host: str = "api.openai.com", extra_headers: str = "") -> bytes:
    body = json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]}).encode()
    return (f"POST /v1/chat/completions HTTP/1.1\r\nHost: {host}\r\ncontent-type: application/json\r\n"
            f"{extra_headers}content-length: {len(body)}\r\n\r\n").encode() + body


def rss_kib(pid: int) -> int:
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


class RssSampler:
    """Samples a process's VmRSS every `interval` s in a thread: start, peak and end (KiB)."""

    def __init__(self, pid: int, interval: float = 0.05) -> None:
        self.pid, self.interval = pid, interval
        self.start = self.peak = self.end = rss_kib(pid)
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()

    def _run(self) -> None:
        while not self._stop.is_set():
            try:
                self.peak = max(self.peak, rss_kib(self.pid))
            except OSError:
                return
            time.sleep(self.interval)

    def stop(self) -> RssSampler:
        self._stop.set()
        self._thread.join()
        self.end = rss_kib(self.pid)
        self.peak = max(self.peak, self.end)
        return self

    def __enter__(self) -> RssSampler:
        return self

    def __exit__(self, *exc) -> None:
        self.stop()
