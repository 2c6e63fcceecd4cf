"""A fleet's Redis and exitguard disagreeing about TLS (newuser51, a platform engineer following deploy/README.md
with Debian's redis-server): each case was said as "cannot reach Redis now ... the proxy starts and links when it
can", status 0, and the replicas ran with every approval failing 503 forever, though waiting never fixes it.

- Redis's TLS port asks every client for a certificate unless told ``tls-auth-clients no`` (Redis's default is
  ``yes``); exitguard presents none, so the handshake ends with ``tlsv13 alert certificate required`` (or an EOF).
  Like a certificate that does not verify (newuser49) that is one line and status 2, naming the Redis setting.
- ``redis://`` at a TLS-only port, and ``rediss://`` at a plain port, look like an outage (a reset, a timeout):
  they still only warn (a Redis restarting looks the same), but the notice now names the likely mix-up.
- The running proxy's log line for a link that never came up said "check exitguard_state_ca_file" for every TLS
  error, the certificate-required alert included: it now names ``tls-auth-clients`` for that one.
"""

from __future__ import annotations

import ssl

import pytest
from redis.exceptions import ConnectionError as RedisConnectionError

from addons.cli import preflight
from addons.core.state.redis_store import _what_to_check
from tests.cli.test_newuser49_redis_tls import state
from tests.cli.test_preflight import refused, up_argv
from tests.live.redis_server import RedisServer, free_port
from tests.state.test_live_tls import PASSWORD, TlsRedis, make_ca, make_server_cert


@pytest.fixture
def redis_password(tmp_path):
    password = tmp_path / "redis-password"
    password.write_text(PASSWORD + "\n")
    password.chmod(0o600)
    return password


@pytest.fixture
def tls_parts(tmp_path):
    ca, ca_key, ca_cert = make_ca(tmp_path, "fleet")
    cert, key = make_server_cert(tmp_path, ca_key, ca_cert)
    return ca, cert, key


@pytest.mark.tool
def test_a_redis_that_asks_for_a_client_certificate_stops_up_naming_tls_auth_clients(tmp_path, tls_parts,
                                                                                     redis_password):
    ca, cert, key = tls_parts
    server = TlsRedis(tmp_path / "redis", free_port()).start(cert, key, ca, client_certificates=True)
    try:
        url = f"rediss://127.0.0.1:{server.port}/0"
        message = refused(tmp_path, *state(url, redis_password, ca))
    finally:
        server.stop()
    assert message.startswith(f"exitguard_state: Redis at {url} ended the TLS handshake ("), message
    assert "tls-auth-clients no" in message and "client certificate" in message, message
    assert "\n" not in message and PASSWORD not in message


@pytest.mark.tool
def test_plain_redis_url_at_a_tls_port_names_rediss(tmp_path, tls_parts, redis_password):
    ca, cert, key = tls_parts
    server = TlsRedis(tmp_path / "redis", free_port()).start(cert, key, ca)
    try:
        startup = preflight.check(up_argv(tmp_path, *state(f"redis://127.0.0.1:{server.port}/0", redis_password)))
    finally:
        server.stop()
    (notice,) = [n for n in startup.notices if "cannot reach Redis" in n]
    assert "a TLS port (Redis's tls-port) drops clients that do not speak TLS: use rediss://" in notice, notice
    assert PASSWORD not in notice


@pytest.mark.tool
def test_rediss_url_at_a_plain_port_names_redis(tmp_path, tls_parts, redis_password):
    ca = tls_parts[0]
    server = RedisServer(tmp_path / "redis", free_port(), password=PASSWORD).start()
    try:
        startup = preflight.check(up_argv(tmp_path, *state(f"rediss://127.0.0.1:{server.port}/0", redis_password,
                                                           ca)))
    finally:
        server.stop()
    (notice,) = [n for n in startup.notices if "cannot reach Redis" in n]
    assert "a plain Redis port never answers a TLS handshake: give its tls-port, or redis://" in notice, notice
    assert PASSWORD not in notice


def test_the_running_proxy_names_tls_auth_clients_for_a_certificate_required_alert():
    alert = RedisConnectionError("Error while reading from 127.0.0.1:6380 : (1, '[SSL: "
                                 "TLSV13_ALERT_CERTIFICATE_REQUIRED] tlsv13 alert certificate required')")
    assert "tls-auth-clients no" in _what_to_check(alert)
    assert "exitguard_state_ca_file" not in _what_to_check(alert)
    eof = RedisConnectionError("Error 8 while writing to socket. EOF occurred in violation of protocol")
    eof.__cause__ = ssl.SSLEOFError(8, "EOF occurred in violation of protocol")
    assert "tls-auth-clients no" in _what_to_check(eof)
    unverified = RedisConnectionError("[SSL: CERTIFICATE_VERIFY_FAILED] certificate verify failed")
    assert "exitguard_state_ca_file" in _what_to_check(unverified)


@pytest.mark.tool
async def test_a_replica_that_never_links_over_a_tls_port_names_rediss_in_its_log(tmp_path, tls_parts, caplog):
    """The pod's log is where a Kubernetes operator looks (up's notice scrolled by before the proxy started)."""
    from addons.core.state.redis_store import Connection, RedisState
    from tests.state.test_state import wait_for

    ca, cert, key = tls_parts
    server = TlsRedis(tmp_path / "redis", free_port()).start(cert, key, ca)
    store = RedisState(Connection(f"redis://127.0.0.1:{server.port}/0", password=PASSWORD), "r1")
    caplog.set_level("WARNING")
    try:
        await store.start()
        await wait_for(lambda: store.problem is not None)
    finally:
        await store.close()
        server.stop()
    said = [r.getMessage() for r in caplog.records if "cannot link to" in r.getMessage()]
    assert len(said) == 1 and "use rediss:// with exitguard_state_ca_file" in said[0], said
    assert PASSWORD not in said[0]
