"""ends14: how long a fetched JWKS is believed. An issuer rotates a leaked signing key out of its set; whoever holds
that key keeps signing tokens, and may keep the proxy from reaching the issuer (block it, or wait for an outage).
Keys fetched once must not stay good for ever. The issuer here is a real HTTPS server on 127.0.0.1 (a throwaway CA
the fetch trusts through SSL_CERT_FILE) that can rotate its keys, announce a Cache-Control max-age, go down, or hold
a fetch until the test lets it go. Time passing is the key set's fetch time moved back: no test waits on a clock."""

from __future__ import annotations

import asyncio
import json
import os
import ssl
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from addons.identity import oidc
from addons.identity.oidc import KeySource, OidcError, OidcVerifier, cache_lifetime
from addons.identity.section import IssuerConfig
from tests.identity.jwtkit import AUDIENCE, jwks, rsa_key, sign
from tests.live import harness


@pytest.fixture(scope="module")
def keys():
    return rsa_key("k1"), rsa_key("k2")


class HttpsIssuer:
    """https://127.0.0.1:PORT: discovery and /keys (``doc``, with ``cache_control`` when set). ``down``: 503.
    ``gate``: a /keys request waits until it is set (``held`` counts the requests waiting there)."""

    def __init__(self, ca: Path, pem: Path) -> None:
        self.ca = ca
        self.doc: dict = {"keys": []}
        self.cache_control: str | None = None
        self.down = False
        self.fetches = 0
        self.held = 0
        self.gate = threading.Event()
        self.gate.set()
        issuer = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args):
                pass

            def do_GET(self):
                if issuer.down:
                    self.send_response(503)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                headers = {}
                if self.path == "/.well-known/openid-configuration":
                    body = {"issuer": issuer.url, "jwks_uri": issuer.url + "/keys"}
                elif self.path == "/keys":
                    issuer.fetches += 1
                    if not issuer.gate.is_set():
                        issuer.held += 1
                        issuer.gate.wait(20)
                    body = issuer.doc
                    if issuer.cache_control is not None:
                        headers["cache-control"] = issuer.cache_control
                else:
                    self.send_response(404)
                    self.send_header("content-length", "0")
                    self.end_headers()
                    return
                data = json.dumps(body).encode()
                self.send_response(200)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for name, value in headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(data)

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.httpd.daemon_threads = True
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(pem)
        self.httpd.socket = ctx.wrap_socket(self.httpd.socket, server_side=True)
        self.url = f"https://127.0.0.1:{self.httpd.server_address[1]}"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.gate.set()
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture(scope="module")
def certs(tmp_path_factory) -> tuple[Path, Path]:
    return harness.make_upstream_certs(tmp_path_factory.mktemp("issuer-ca"))


@pytest.fixture
def issuer(certs, monkeypatch):
    server = HttpsIssuer(*certs)
    monkeypatch.setenv("SSL_CERT_FILE", str(server.ca))  # urllib's default context: this CA only
    yield server
    server.close()


def verifier(issuer: HttpsIssuer, cache_dir=None, **settings) -> tuple[OidcVerifier, KeySource]:
    cfg = IssuerConfig(issuer=issuer.url, audiences=(AUDIENCE,), **settings)
    v = OidcVerifier((cfg,), cache_dir=cache_dir)
    return v, v.sources[issuer.url]


def older(source: KeySource, seconds: float) -> None:
    """``seconds`` pass: the key set in use and the last fetch attempt are that much older."""
    source.fetched_at -= seconds
    source.last_attempt -= seconds


async def test_a_key_rotated_out_is_refused_once_the_max_age_the_issuer_announced_is_past(issuer, keys):
    issuer.doc, issuer.cache_control = jwks(keys[0]), "public, max-age=120"
    v, source = verifier(issuer)  # refresh: the default hour
    assert (await v.verify(sign(keys[0], issuer=issuer.url))).identity
    issuer.doc = jwks(keys[1])  # k1 leaked: the issuer publishes k2 only
    older(source, 121)
    # Before: fresh for the operator's hour whatever the issuer said, so the leaked key signed for 59 more minutes.
    with pytest.raises(OidcError, match="does not publish"):
        await v.verify(sign(keys[0], issuer=issuer.url))
    assert (await v.verify(sign(keys[1], issuer=issuer.url))).identity
    assert issuer.fetches == 2


async def test_a_set_older_than_max_key_age_is_refused_while_the_issuer_cannot_be_reached(issuer, keys, tmp_path):
    issuer.doc = jwks(keys[0])
    v, source = verifier(issuer, cache_dir=tmp_path / "cache", refresh=600, max_key_age=3600)
    token = sign(keys[0], issuer=issuer.url)
    assert (await v.verify(token)).identity
    issuer.down = True
    older(source, 601)  # stale, the issuer down: the cached keys keep CI working (a blip locks nobody out)
    assert (await v.verify(token)).identity
    older(source, 3000)  # now 3601 s old
    # Before: believed for as long as the issuer stayed out of reach.
    with pytest.raises(OidcError, match=r"more than its max_key_age \(3600 s\)"):
        await v.verify(token)
    # A restart reads the disk cache, as old as the fetch it holds: refused too.
    (cache,) = (tmp_path / "cache").glob("exitguard-jwks-*.json")
    os.utime(cache, (time.time() - 3601, time.time() - 3601))
    restarted, _ = verifier(issuer, cache_dir=tmp_path / "cache", refresh=600, max_key_age=3600)
    with pytest.raises(OidcError, match="max_key_age"):
        await restarted.verify(token)
    issuer.down = False  # reachable again: the next token is checked against a fresh set
    older(source, oidc.MIN_REFETCH_INTERVAL)
    assert (await v.verify(token)).identity


async def test_a_set_near_its_end_is_refreshed_in_the_background_nobody_waiting(issuer, keys):
    issuer.doc = jwks(keys[0])
    v, source = verifier(issuer)
    assert (await v.verify(sign(keys[0], issuer=issuer.url))).identity
    older(source, 0.8 * source.fresh_for)
    issuer.doc, issuer.gate = jwks(keys[1]), threading.Event()  # the rotation, and a fetch held at the issuer
    # Served from the fresh set while the issuer still holds the refresh it started.
    assert (await v.verify(sign(keys[0], issuer=issuer.url))).identity
    assert source.inflight is not None and not source.inflight.done()
    issuer.gate.set()
    await source.inflight
    with pytest.raises(OidcError, match="does not publish"):
        await v.verify(sign(keys[0], issuer=issuer.url))


async def test_a_stale_set_is_not_used_by_anyone_while_its_refresh_is_in_flight(issuer, keys):
    issuer.doc = jwks(keys[0])
    v, source = verifier(issuer)
    assert (await v.verify(sign(keys[0], issuer=issuer.url))).identity
    older(source, source.fresh_for + 1)
    issuer.doc, issuer.gate = jwks(keys[1]), threading.Event()
    leaked = sign(keys[0], issuer=issuer.url)
    first = asyncio.create_task(v.verify(leaked))  # starts the refresh, waits for it
    while issuer.held == 0:
        await asyncio.sleep(0.01)
    # Before: a second caller whose kid was cached did not wait, and the stale set let the rotated-out key in.
    second = asyncio.create_task(v.verify(leaked))
    await asyncio.sleep(0.05)
    assert not second.done()
    issuer.gate.set()
    for caller in (first, second):
        with pytest.raises(OidcError, match="does not publish"):
            await caller


@pytest.mark.parametrize("cache_control, age, lifetime", [
    (["max-age=300"], None, 300.0),
    (["public, max-age=300"], "100", 200.0),
    (['max-age="120"'], None, 120.0),
    (["no-store"], None, 0.0),
    (["max-age=300, no-cache"], None, 0.0),
    (["max-age=-5"], None, 0.0),
    (["max-age=soon"], None, 0.0),
    (["max-age=" + "9" * 40], None, float("9" * 12)),  # a number too long to matter: read in part
    (["public"], None, None),
    ([], None, None),
])
def test_cache_lifetime(cache_control, age, lifetime):
    assert cache_lifetime(cache_control, age) == lifetime


@pytest.mark.parametrize("announced, fresh_for", [("max-age=5", 60.0), ("max-age=86400000", 3600.0),
                                                   ("no-store", 60.0), (None, 3600.0)])
async def test_the_issuers_max_age_only_shortens_the_refresh_and_never_below_a_minute(issuer, keys, announced,
                                                                                     fresh_for):
    issuer.doc, issuer.cache_control = jwks(keys[0]), announced
    v, source = verifier(issuer)
    await v.verify(sign(keys[0], issuer=issuer.url))
    assert source.fresh_for == fresh_for


async def test_a_set_fetched_ahead_of_the_clock_is_refreshed_first_and_not_used_past_a_failed_refresh(
        issuer, keys, tmp_path):
    """attack15: a disk cache whose mtime is ahead of the clock (a restored copy; a clock set back after it was
    written) had a negative age: fresh, so never refreshed, and never past max_key_age, until that time came. The
    key the issuer rotated out kept signing while the issuer was up and publishing the new set."""
    issuer.doc = jwks(keys[0])
    v, _ = verifier(issuer, cache_dir=tmp_path / "cache", refresh=600, max_key_age=3600)
    leaked = sign(keys[0], issuer=issuer.url)
    assert (await v.verify(leaked)).identity
    (cache,) = (tmp_path / "cache").glob("exitguard-jwks-*.json")
    ahead = time.time() + 365 * 86400
    os.utime(cache, (ahead, ahead))
    issuer.doc = jwks(keys[1])  # k1 leaked: the issuer publishes k2 only
    restarted, _ = verifier(issuer, cache_dir=tmp_path / "cache", refresh=600, max_key_age=3600)
    with pytest.raises(OidcError, match="does not publish"):
        await restarted.verify(leaked)
    # The issuer out of reach: a set of no known age is not believed.
    os.utime(cache, (ahead, ahead))
    issuer.down = True
    again, source = verifier(issuer, cache_dir=tmp_path / "cache", refresh=600, max_key_age=3600)
    with pytest.raises(OidcError, match="ahead of the clock"):
        await again.verify(sign(keys[1], issuer=issuer.url))
    # The clock went back a little after a fetch: still the set just fetched.
    issuer.down = False
    source.last_attempt -= oidc.MIN_REFETCH_INTERVAL
    assert (await again.verify(sign(keys[1], issuer=issuer.url))).identity
    source.fetched_at += oidc.CLOCK_SLACK_SECONDS / 2
    issuer.down = True
    assert (await again.verify(sign(keys[1], issuer=issuer.url))).identity


async def test_a_restart_does_not_forget_how_long_the_issuer_said_its_set_was_fresh(issuer, keys, tmp_path):
    """attack16: the issuer's max-age (120 s) shortened the hour only in memory; a restart read the disk cache and
    believed it for the operator's hour from its fetch: the key rotated out kept signing after the restart. A set
    read from disk is now fresh for the minimum (MIN_FRESH_SECONDS) at most: the first caller after a restart
    waits for a refresh, and the disk copy is what is used only while the issuer cannot be reached."""
    issuer.doc, issuer.cache_control = jwks(keys[0]), "public, max-age=120"
    v, _ = verifier(issuer, cache_dir=tmp_path / "cache")  # refresh: the default hour
    assert (await v.verify(sign(keys[0], issuer=issuer.url))).identity
    issuer.doc = jwks(keys[1])  # k1 leaked: the issuer publishes k2 only
    (cache,) = (tmp_path / "cache").glob("exitguard-jwks-*.json")
    os.utime(cache, (time.time() - 300, time.time() - 300))  # fetched 5 minutes ago, then the proxy restarts
    restarted, _ = verifier(issuer, cache_dir=tmp_path / "cache")
    with pytest.raises(OidcError, match="does not publish"):
        await restarted.verify(sign(keys[0], issuer=issuer.url))
    assert (await restarted.verify(sign(keys[1], issuer=issuer.url))).identity
    issuer.down = True  # out of reach: a restart still uses the disk copy (up to max_key_age)
    os.utime(cache, (time.time() - 300, time.time() - 300))
    offline, _ = verifier(issuer, cache_dir=tmp_path / "cache")
    assert (await offline.verify(sign(keys[1], issuer=issuer.url))).identity
