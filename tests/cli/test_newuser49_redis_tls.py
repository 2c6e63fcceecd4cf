"""`exitguard up` with a ``rediss://`` fleet state whose server certificate does not verify (newuser49): a
missing or wrong ``exitguard_state_ca_file`` was said as "cannot reach Redis now ... the proxy starts and links
when it can", status 0, and the proxy ran with every approval failing 503 forever: a certificate does not start
verifying by waiting. It is a start-up mistake like a password Redis refuses: one line, status 2, naming the
option that fixes it. A Redis that is down now still only says so (a pod may start before Redis)."""

from __future__ import annotations

import pytest

from addons.cli import preflight
from tests.cli.test_preflight import refused, up_argv
from tests.live.redis_server import free_port
from tests.state.test_live_tls import PASSWORD, TlsRedis, make_ca, make_server_cert


@pytest.fixture
def tls_redis(tmp_path):
    ca, ca_key, ca_cert = make_ca(tmp_path, "good")
    other_ca = make_ca(tmp_path, "other")[0]
    cert, key = make_server_cert(tmp_path, ca_key, ca_cert)
    server = TlsRedis(tmp_path / "redis", free_port()).start(cert, key, ca)
    password = tmp_path / "redis-password"
    password.write_text(PASSWORD + "\n")
    password.chmod(0o600)
    yield server, ca, other_ca, password
    server.stop()


def state(url: str, password, ca=None) -> list[str]:
    return ["--set", f"exitguard_state={url}", "--set", f"exitguard_state_password_file={password}"] + \
        (["--set", f"exitguard_state_ca_file={ca}"] if ca else [])


@pytest.mark.tool
@pytest.mark.parametrize("which_ca", ["none", "other"])
def test_a_rediss_certificate_that_does_not_verify_stops_up_in_one_line(tmp_path, tls_redis, which_ca):
    server, _, other_ca, password = tls_redis
    url = f"rediss://127.0.0.1:{server.port}/0"
    message = refused(tmp_path, *state(url, password, other_ca if which_ca == "other" else None))
    assert message.startswith(f"exitguard_state: Redis at {url} presents a certificate that does not verify ("), \
        message
    assert message.endswith("give the CA that signed it with --set exitguard_state_ca_file=FILE"), message
    assert "\n" not in message and PASSWORD not in message


@pytest.mark.tool
def test_the_right_ca_starts_with_nothing_to_say(tmp_path, tls_redis):
    server, ca, _, password = tls_redis
    startup = preflight.check(up_argv(tmp_path, *state(f"rediss://127.0.0.1:{server.port}/0", password, ca)))
    assert startup.notices == ()
