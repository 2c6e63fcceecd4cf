"""Test issuers: RSA keys made with joserfc, JWKS files, signed tokens and a local JWKS server (127.0.0.1)."""

from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

from joserfc import jwt
from joserfc.jwk import KeySet, RSAKey

ISSUER = "https://issuer.test"
AUDIENCE = "exitguard"


def rsa_key(kid: str) -> RSAKey:
    return RSAKey.generate_key(2048, parameters={"kid": kid, "use": "sig", "alg": "RS256"}, private=True)


def jwks(*keys: RSAKey) -> dict:
    return KeySet(list(keys)).as_dict(private=False)


def write_jwks(path: Path, *keys: RSAKey) -> Path:
    path.write_text(json.dumps(jwks(*keys)))
    return path


def sign(key: RSAKey, issuer: str = ISSUER, audience=AUDIENCE, lifetime: int = 300, now: float | None = None,
         alg: str = "RS256", **claims) -> str:
    now = int(time.time() if now is None else now)
    body = {"iss": issuer, "aud": audience, "sub": "repo:acme/app:ref:refs/heads/main", "iat": now,
            "nbf": now, "exp": now + lifetime, **claims}
    body = {k: v for k, v in body.items() if v is not None}
    return jwt.encode({"alg": alg, "kid": key.kid}, body, key)


class JwksServer:
    """http://127.0.0.1:PORT serving OIDC discovery and the JWKS; counts fetches and can go 'down'."""

    def __init__(self) -> None:
        self.doc: dict = {"keys": []}
        self.fetches = 0
        self.down = False
        server = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if server.down:
                    self.send_response(503)
                    self.end_headers()
                    return
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": server.issuer, "jwks_uri": server.issuer + "/keys"}
                elif self.path == "/keys":
                    server.fetches += 1
                    body = server.doc
                else:
                    self.send_response(404)
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        self.issuer = f"http://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
