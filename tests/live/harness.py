"""Real parts for live tests: a local HTTPS upstream, a real mitmdump with the exitguard bundle, and
clients running in the separate client venv (.venv-clients: openai, anthropic, httpx, requests, autogen).

Nothing here contacts anything beyond 127.0.0.1: real host names used by clients are routed to the
local upstream by tests/live/route_addon.py.
"""

from __future__ import annotations

import ipaddress
import json
import os
import random
import re
import signal
import socket
import ssl
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from tests.live import forkserver

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "addons" / "bundle.py"
ROUTE_ADDON = Path(__file__).with_name("route_addon.py")
WEB_LOGIN_LINE = re.compile(r"Web server listening at http://\S+/\?token=([0-9a-f]+)")
PROXY_PYTHON = ROOT / ".venv" / "bin" / "python"
CLIENT_PYTHON = PROXY_PYTHON  # one environment: the SDKs live beside mitmproxy

UPSTREAM_NAMES = ["localhost", "api.openai.com", "api.anthropic.com", "api.github.com", "uploads.github.com",
                  "api.stripe.com",
                  "generativelanguage.googleapis.com", "test.openai.azure.com", "api.mistral.ai",
                  "openrouter.ai", "hooks.slack.com", "slack.com", "unlisted.example", "denied.example",
                  "api.cohere.com", "api.perplexity.ai", "bedrock-runtime.us-east-1.amazonaws.com"]


def free_port() -> int:
    """A free loopback port below the kernel's ephemeral range, for a second listener of a proxy started here: the
    proxy's own listener asks for port 0 and is given one from that range, once the very port a port-0 probe had
    just freed, so both listeners asked for it."""
    low = int(Path("/proc/sys/net/ipv4/ip_local_port_range").read_text().split()[0])
    for _ in range(100):
        port = random.randrange(max(1024, low - 12000), low)
        with socket.socket() as s:
            try:
                s.bind(("127.0.0.1", port))
            except OSError:
                continue
            return port
    raise RuntimeError("no free port below the ephemeral range")


# --------------------------------------------------------------------------- test CA + upstream


def make_upstream_certs(directory: Path) -> tuple[Path, Path]:
    """A throwaway CA and one server certificate for every name in UPSTREAM_NAMES. Returns (ca, cert+key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from mitmproxy import certs

    store = certs.CertStore.from_store(directory, "upstream", 2048)
    names = [x509.DNSName(n) for n in UPSTREAM_NAMES] + [x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
    entry = store.get_cert("localhost", names)
    pem = directory / "upstream-server.pem"
    pem.write_bytes(entry.cert.to_pem() + entry.privatekey.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()))
    return directory / "upstream-ca-cert.pem", pem


class _QuietOnHangUp(ThreadingHTTPServer):
    """A stand-in upstream that says nothing when the proxy hangs up on an answer it is writing (tests that block or
    cut a flow do so on purpose: socketserver printed a traceback per such write, noise in the suite's output);
    any other error in a handler is printed as before."""

    def handle_error(self, request, client_address) -> None:
        if isinstance(sys.exc_info()[1], (ConnectionError, ssl.SSLEOFError, ssl.SSLZeroReturnError)):
            return
        super().handle_error(request, client_address)


@dataclass
class Received:
    method: str
    host: str
    path: str
    headers: dict[str, str]
    body: bytes
    sni: str | None = None  # the TLS server name the proxy asked for: the name it meant to reach
    header_list: list[tuple[str, str]] = field(default_factory=list)  # every header as sent, repeats and order kept

    def json(self):
        return json.loads(self.body)


@dataclass
class Reply:
    status: int = 200
    headers: dict[str, str] = field(default_factory=lambda: {"content-type": "application/json"})
    body: bytes = b"{}"
    # Streamed reply: (bytes, delay_before_seconds) pieces sent as HTTP/1.1 chunks. cut=True drops the
    # connection before the terminating chunk (a stream cut off midway).
    chunks: Iterable[tuple[bytes, float]] | None = None
    cut: bool = False

    @classmethod
    def json(cls, obj, status: int = 200) -> Reply:
        return cls(status, {"content-type": "application/json"}, json.dumps(obj).encode())


Handler = Callable[[Received], Reply]


def default_handler(req: Received) -> Reply:
    """Echo what arrived, in the shape the calling SDK expects, so tests can see what the upstream got."""
    text = req.body.decode("utf-8", "replace")
    if req.path.endswith("/chat/completions"):
        return Reply.json({"id": "chatcmpl-test", "object": "chat.completion", "created": 1, "model": "gpt-test",
                           "choices": [{"index": 0, "finish_reason": "stop",
                                        "message": {"role": "assistant", "content": "ok"}}],
                           "usage": {"prompt_tokens": 1, "completion_tokens": 1, "total_tokens": 2}})
    if req.path.endswith("/v1/messages"):
        return Reply.json({"id": "msg_test", "type": "message", "role": "assistant", "model": "claude-test",
                           "content": [{"type": "text", "text": "ok"}], "stop_reason": "end_turn",
                           "stop_sequence": None, "usage": {"input_tokens": 1, "output_tokens": 1}})
    return Reply.json({"echo": text, "path": req.path, "method": req.method})


class Upstream:
    """HTTPS server on 127.0.0.1 with scripted routes and a log of every request it received."""

    def __init__(self, cert_pem: Path) -> None:
        self.routes: list[tuple[str, str, Handler]] = []
        self.received: list[Received] = []
        upstream = self

        class RequestHandler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *args):
                pass

            def setup(self):
                super().setup()
                # Headers and body go out in separate writes: without this, Nagle + delayed ACK add ~40 ms.
                self.connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)

            def handle_one(self):
                length = int(self.headers.get("content-length") or 0)
                if self.headers.get("transfer-encoding", "").lower() == "chunked":
                    body = self._read_chunked()
                else:
                    body = self.rfile.read(length) if length else b""
                req = Received(self.command, self.headers.get("host", ""), self.path,
                               {k.lower(): v for k, v in self.headers.items()}, body,
                               getattr(self.connection, "egtest_sni", None), list(self.headers.items()))
                upstream.received.append(req)
                self._send(upstream.handler_for(req)(req))

            def _read_chunked(self) -> bytes:
                out = b""
                while True:
                    size = int(self.rfile.readline().split(b";")[0], 16)
                    if size == 0:
                        self.rfile.readline()
                        return out
                    out += self.rfile.read(size)
                    self.rfile.readline()

            def _send(self, reply: Reply) -> None:
                self.send_response(reply.status)
                for k, v in reply.headers.items():
                    self.send_header(k, v)
                if reply.chunks is None:
                    self.send_header("content-length", str(len(reply.body)))
                    self.end_headers()
                    self.wfile.write(reply.body)
                    return
                self.send_header("transfer-encoding", "chunked")
                self.end_headers()
                for piece, delay in reply.chunks:
                    if delay:
                        time.sleep(delay)
                    if piece:
                        self.wfile.write(b"%x\r\n%s\r\n" % (len(piece), piece))
                        self.wfile.flush()
                if reply.cut:
                    self.close_connection = True
                    self.wfile.flush()
                    self.connection.shutdown(2)
                    return
                self.wfile.write(b"0\r\n\r\n")

            do_GET = do_POST = do_PUT = do_DELETE = do_PATCH = handle_one

        self.server = _QuietOnHangUp(("127.0.0.1", 0), RequestHandler)
        self.server.daemon_threads = True
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(cert_pem)
        ctx.sni_callback = lambda sock, name, _ctx: setattr(sock, "egtest_sni", name)
        self.server.socket = ctx.wrap_socket(self.server.socket, server_side=True, do_handshake_on_connect=False)
        self.port = self.server.server_address[1]
        self.address = f"127.0.0.1:{self.port}"
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def route(self, method: str, path_prefix: str, handler: Handler) -> None:
        """Later routes win over earlier ones."""
        self.routes.insert(0, (method.upper(), path_prefix, handler))

    def handler_for(self, req: Received) -> Handler:
        for method, prefix, handler in self.routes:
            if method in (req.method, "*") and req.path.startswith(prefix):
                return handler
        return default_handler

    def reset(self) -> None:
        self.routes.clear()
        self.received.clear()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


# --------------------------------------------------------------------------- the proxy


@dataclass
class Proxy:
    proc: subprocess.Popen | forkserver.Child
    port: int
    confdir: Path
    log_lines: list[str]
    drainer: threading.Thread | None = None  # reads the proxy's output into log_lines until it closes

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def ca(self) -> Path:
        return self.confdir / "mitmproxy-ca-cert.pem"

    @property
    def log(self) -> str:
        return "".join(self.log_lines)

    def web_token(self, timeout: float = 30) -> str:
        """mitmweb's login token, from the line it prints once its web server listens. That line can come after
        the proxy's own "listening" line that start_proxy waits for, so poll (a plain search failed the CI once)."""
        deadline = time.monotonic() + timeout
        while not (found := WEB_LOGIN_LINE.search(self.log)):
            assert time.monotonic() < deadline, f"mitmweb never said where its console listens: {self.log[-2000:]}"
            time.sleep(0.1)
        return found.group(1)

    def stop(self, sig: int = signal.SIGTERM) -> int:
        if self.proc.poll() is None:
            self.proc.send_signal(sig)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.drainer is not None:  # what the proxy said last (a refusal before it exits) is in log after stop()
            self.drainer.join(timeout=10)
        return self.proc.returncode


def start_proxy(tmp_path: Path, upstream: Upstream | None, *extra: str, tool: str = "mitmdump",
                route: bool = True, startup_timeout: float = 120, flow_detail: int = 0,
                bundle: Path = BUNDLE) -> Proxy:
    """Start a real mitmdump (or mitmweb) with the exitguard bundle on 127.0.0.1, any free port (``bundle``: another
    checkout's, for a benchmark's side-by-side baseline)."""
    confdir = tmp_path / "proxy-conf"
    cmd = [str(ROOT / ".venv" / "bin" / tool), "--listen-host", "127.0.0.1", "--listen-port", "0",
           "--set", f"confdir={confdir}", "--set", "termlog_verbosity=info", "--set", f"flow_detail={flow_detail}"]
    if upstream is not None:
        if route:
            cmd += ["-s", str(ROUTE_ADDON), "--set", f"egtest_upstream={upstream.address}"]
        cmd += ["--set", f"ssl_verify_upstream_trusted_ca={upstream_ca_path(upstream)}",
                "--set", f"exitguard_allow_upstreams={upstream.address}"]
    cmd += ["-s", str(bundle), *extra]
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    proc: subprocess.Popen | forkserver.Child
    if forkserver.enabled() and tool in forkserver.TOOLS and bundle == BUNDLE:
        proc = forkserver.popen_tool(tool, cmd[1:], env, ROOT)  # the same command, its imports already done
    else:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=env)
    lines: list[str] = []
    deadline = time.monotonic() + startup_timeout
    port = None
    while time.monotonic() < deadline:
        line = proc.stdout.readline()
        if not line:
            break
        lines.append(line)
        if m := re.search(r"listening at .*:(\d+)", line):
            port = int(m.group(1))
            break
    if port is None:
        proc.kill()
        rest = proc.stdout.read() if proc.stdout else ""
        raise RuntimeError("mitmdump did not start:\n" + "".join(lines) + rest)

    def drain():
        for line in proc.stdout:
            lines.append(line)

    drainer = threading.Thread(target=drain, daemon=True)
    drainer.start()
    return Proxy(proc, port, confdir, lines, drainer)


_upstream_ca: dict[int, Path] = {}


def written(folder: Path | str) -> bytes:
    """Every byte the proxy wrote under ``folder`` (records, index, keys): what a content test checks last."""
    return b"".join(p.read_bytes() for p in sorted(Path(folder).rglob("*")) if p.is_file())


def upstream_ca_path(upstream: Upstream) -> Path:
    return _upstream_ca[id(upstream)]


# --------------------------------------------------------------------------- clients


class ClientError(RuntimeError):
    pass


def client_env(proxy: Proxy, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.endswith("_PROXY") and not k.endswith("_proxy")}
    env.update({"HTTPS_PROXY": proxy.url, "HTTP_PROXY": proxy.url, "NO_PROXY": "", "no_proxy": "",
                "SSL_CERT_FILE": str(proxy.ca), "REQUESTS_CA_BUNDLE": str(proxy.ca),
                "CURL_CA_BUNDLE": str(proxy.ca), "PYTHONUNBUFFERED": "1"})
    for k in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_BASE_URL"):
        env.pop(k, None)
    env.update(extra)
    return env


def run_client(code: str, proxy: Proxy, timeout: float = 90, **env: str):
    """Run ``code`` in the client venv through the proxy; it must print one JSON document last."""
    if not CLIENT_PYTHON.exists():
        raise ClientError(f"{CLIENT_PYTHON} missing: run scripts/bootstrap.sh --dev")
    if forkserver.enabled():  # a fresh process forked with the SDKs imported (tests/live/forkserver.py)
        returncode, stdout, stderr = forkserver.run_code(code, [], client_env(proxy, **env), ROOT, timeout)
    else:
        done = subprocess.run([str(CLIENT_PYTHON), "-c", code], capture_output=True, text=True, timeout=timeout,
                              env=client_env(proxy, **env), cwd=ROOT)
        returncode, stdout, stderr = done.returncode, done.stdout, done.stderr
    if returncode != 0:
        raise ClientError(f"client exited {returncode}:\n{stderr[-4000:]}\n{stdout[-2000:]}")
    last = stdout.strip().splitlines()[-1] if stdout.strip() else "null"
    return json.loads(last)


# --------------------------------------------------------------------------- the exitguard command

EXITGUARD = ROOT / ".venv" / "bin" / "exitguard"


def exitguard(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None, timeout: float | None = None,
              input: str | None = None) -> subprocess.CompletedProcess[str]:
    """``subprocess.run([EXITGUARD, *args], capture_output=True, text=True, ...)``: a forked child of the fork
    server that imported the command's entry point and the addon chain (tests/live/forkserver.py), a fresh
    interpreter with EXITGUARD_TEST_FORKSERVER=0. Its own process either way: status, stdout, stderr."""
    env = dict(os.environ if env is None else env)
    where = Path.cwd() if cwd is None else Path(cwd)
    if forkserver.enabled():
        return forkserver.run_cli([str(a) for a in args], env, where, timeout, input)
    return subprocess.run([str(EXITGUARD), *map(str, args)], capture_output=True, text=True, env=env, cwd=where,
                          timeout=timeout, input=input)


def run_tool(tool: str, *args: str, timeout: float | None = None) -> subprocess.CompletedProcess[str]:
    """``subprocess.run([.venv/bin/TOOL, *args], capture_output=True, text=True, cwd=ROOT)`` for mitmdump (e.g.
    `-n -r FILE`, reading a recording back), forked from the proxy fork server where it is on."""
    if forkserver.enabled():
        return forkserver.run_tool(tool, [str(a) for a in args], dict(os.environ), ROOT, timeout)
    return subprocess.run([str(ROOT / ".venv" / "bin" / tool), *map(str, args)], capture_output=True, text=True,
                          timeout=timeout, cwd=ROOT)


def popen_exitguard(*args: str, env: dict[str, str] | None = None, cwd: Path | None = None,
                    merge_stderr: bool = True) -> subprocess.Popen | forkserver.Child:
    """``Popen([EXITGUARD, *args], stdout=PIPE, stderr=STDOUT (or PIPE), text=True)``, forked as exitguard() is."""
    env = dict(os.environ if env is None else env)
    where = Path.cwd() if cwd is None else Path(cwd)
    if forkserver.enabled():
        return forkserver.popen_cli([str(a) for a in args], env, where, merge_stderr)
    return subprocess.Popen([str(EXITGUARD), *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.STDOUT if merge_stderr else subprocess.PIPE, text=True, env=env,
                            cwd=where)


def start_client(code: str, proxy: Proxy, args: Sequence[str] = (), **env: str
                 ) -> subprocess.Popen | forkserver.RunningCode:
    """``code`` started in the client venv through the proxy (``python -c code *args``) and left running
    (run_client's, not waited for): poll(), kill() and communicate(timeout) give its text output."""
    if forkserver.enabled():
        return forkserver.RunningCode(code, [str(a) for a in args], client_env(proxy, **env), ROOT)
    return subprocess.Popen([str(CLIENT_PYTHON), "-c", code, *map(str, args)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=client_env(proxy, **env), cwd=ROOT)


def curl(proxy: Proxy, *args: str, timeout: float = 30) -> subprocess.CompletedProcess:
    return subprocess.run(["curl", "-sS", "--proxy", proxy.url, "--cacert", str(proxy.ca), *args],
                          capture_output=True, timeout=timeout)


__all__ = [
    "CLIENT_PYTHON",
    "EXITGUARD",
    "PROXY_PYTHON",
    "ROOT",
    "ClientError",
    "Proxy",
    "Received",
    "Reply",
    "Upstream",
    "client_env",
    "curl",
    "exitguard",
    "make_upstream_certs",
    "popen_exitguard",
    "run_client",
    "run_tool",
    "start_client",
    "start_proxy",
]
