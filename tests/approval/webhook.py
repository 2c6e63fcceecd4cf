"""A local webhook receiver on 127.0.0.1 that records what it was sent."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class Receiver:
    def __init__(self, status: int = 200, delay: float = 0.0) -> None:
        self.received: list[dict] = []
        self.raw: list[bytes] = []
        self.paths: list[str] = []
        self.arrived = threading.Event()
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_POST(self):
                body = self.rfile.read(int(self.headers.get("content-length") or 0))
                receiver.raw.append(body)
                receiver.paths.append(self.path)
                receiver.received.append(json.loads(body))
                if delay:
                    threading.Event().wait(delay)
                self.send_response(status)
                self.send_header("content-length", "0")
                self.end_headers()
                receiver.arrived.set()

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hooks/T000/B000/not-a-real-secret"
        # A short poll: shutdown() waits for the loop to notice, 0.5 s by default, on every test that stops one.
        threading.Thread(target=self.server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()
