"""A stand-in provider API for the network-namespace test, run *inside* the upstream namespace:

    python ns_upstream.py --addr 10.x.y.2 --cert upstream-server.pem --log received.jsonl

- HTTPS on ADDR:443 with the harness's upstream certificate (valid for api.openai.com, ...): appends every
  request (method, host, path, body) to --log as one JSON line and answers like the harness upstream.
- Plain TCP on ADDR:8443 answering "direct-ok\\n": a service the job must NOT be able to reach directly.
Prints "ready" once both listen.
"""

from __future__ import annotations

import argparse
import json
import socketserver
import ssl
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from tests.live.harness import Received, default_handler


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--addr", required=True)
    ap.add_argument("--cert", required=True)
    ap.add_argument("--log", required=True)
    args = ap.parse_args()
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *a):
            pass

        def handle_one(self):
            body = self.rfile.read(int(self.headers.get("content-length") or 0))
            req = Received(self.command, self.headers.get("host", ""), self.path,
                           {k.lower(): v for k, v in self.headers.items()}, body)
            with lock, open(args.log, "a") as f:
                f.write(json.dumps({"method": req.method, "host": req.host, "path": req.path,
                                    "body": body.decode("utf-8", "replace")}) + "\n")
            reply = default_handler(req)
            self.send_response(reply.status)
            for k, v in reply.headers.items():
                self.send_header(k, v)
            self.send_header("content-length", str(len(reply.body)))
            self.end_headers()
            self.wfile.write(reply.body)

        do_GET = do_POST = handle_one

    https = ThreadingHTTPServer((args.addr, 443), Handler)
    ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    ctx.load_cert_chain(args.cert)
    https.socket = ctx.wrap_socket(https.socket, server_side=True, do_handshake_on_connect=False)

    class Direct(socketserver.BaseRequestHandler):
        def handle(self):
            self.request.sendall(b"direct-ok\n")

    direct = socketserver.ThreadingTCPServer((args.addr, 8443), Direct)
    for server in (https, direct):
        server.daemon_threads = True
        threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()
    print("ready", flush=True)
    threading.Event().wait()


if __name__ == "__main__":
    main()
