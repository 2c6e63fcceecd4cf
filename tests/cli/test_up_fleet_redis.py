"""`exitguard up` with a fleet's Redis (`exitguard_state`), checked before mitmproxy starts (addons/cli/state_check.py),
against a real redis-server: a password Redis refuses, or none where it asks for one, is one line and status 2
(it was a proxy that ran with every approval failing closed, retrying forever); a password file others may read
is one line too (it was a traceback after the client set-up); a Redis that lets anyone in, or that cannot be
reached now, is said at start. No password is ever shown (walk22)."""

from __future__ import annotations

import pytest

from addons.cli import preflight, state_check
from tests.cli.test_preflight import refused, up_argv
from tests.live.redis_server import RedisServer, free_port

PASSWORD = "walk22-redis-pw-7c1e"


@pytest.fixture
def locked_redis(tmp_path):
    server = RedisServer(tmp_path / "redis", free_port(), password=PASSWORD).start()
    yield server
    server.stop()


@pytest.fixture
def open_redis(tmp_path):
    server = RedisServer(tmp_path / "redis-open", free_port()).start()
    yield server
    server.stop()


def password_file(tmp_path, text: str, mode: int = 0o600):
    path = tmp_path / "redis-password"
    path.write_text(text + "\n")
    path.chmod(mode)
    return path


def state(url: str, password=None) -> list[str]:
    return ["--set", f"exitguard_state={url}"] + \
        (["--set", f"exitguard_state_password_file={password}"] if password else [])


@pytest.mark.tool
def test_the_right_password_starts_with_nothing_to_say(tmp_path, locked_redis):
    url = f"redis://127.0.0.1:{locked_redis.port}/0"
    startup = preflight.check(up_argv(tmp_path, *state(url, password_file(tmp_path, PASSWORD))))
    assert startup.notices == ()


@pytest.mark.tool
def test_a_password_redis_refuses_stops_up_in_one_line(tmp_path, locked_redis):
    url = f"redis://127.0.0.1:{locked_redis.port}/0"
    message = refused(tmp_path, *state(url, password_file(tmp_path, "not-the-password-4411")))
    assert message.startswith(f"exitguard_state: Redis at {url} refused the password from "
                              "exitguard_state_password_file (AuthenticationError:"), message
    assert "not-the-password-4411" not in message and "\n" not in message


@pytest.mark.tool
def test_a_wrong_password_in_the_url_is_refused_without_showing_it(tmp_path, locked_redis):
    message = refused(tmp_path, *state(f"redis://:wrong-in-url-9931@127.0.0.1:{locked_redis.port}/0"))
    assert message.startswith(f"exitguard_state: Redis at redis://***@127.0.0.1:{locked_redis.port}/0 refused the "
                              "password from the URL"), message
    assert "wrong-in-url-9931" not in message


@pytest.mark.tool
def test_no_password_where_redis_asks_for_one_says_how_to_give_it(tmp_path, locked_redis):
    message = refused(tmp_path, *state(f"redis://127.0.0.1:{locked_redis.port}/0"))
    assert message.endswith("asks for a password: put it in a file only the proxy's user may read (chmod 600) and "
                            "add --set exitguard_state_password_file=FILE"), message


@pytest.mark.tool
def test_a_redis_that_lets_anyone_in_is_said_at_start_even_with_a_password_given(tmp_path, open_redis):
    """redis-py accepts any password a Redis without one is given: the operator believes it is locked."""
    url = f"redis://127.0.0.1:{open_redis.port}/0"
    for given in ([], state(url, password_file(tmp_path, "thought-it-was-locked"))[2:]):
        startup = preflight.check(up_argv(tmp_path, *state(url), *given))
        [notice] = startup.notices
        assert notice.startswith(f"WARNING: Redis at {url} answers clients that give no password"), notice
        assert f"exitguard: {notice}\n" in preflight.summary(startup)


def test_a_redis_that_cannot_be_reached_now_is_said_and_does_not_stop_the_start(tmp_path):
    url = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens: a pod may start before its Redis
    [notice] = preflight.check(up_argv(tmp_path, *state(url))).notices
    assert notice.startswith(f"cannot reach Redis at {url} now (ConnectionError:"), notice


def test_a_password_file_others_may_read_is_one_line_before_start(tmp_path):
    """It was mitmproxy's traceback ("error in script ...") after the client set-up had been printed."""
    path = password_file(tmp_path, PASSWORD, 0o644)
    message = refused(tmp_path, *state(f"redis://127.0.0.1:{free_port()}/0", path))
    assert message == f"exitguard_state_password_file: {path} has mode 0644: group/others may read or change it; " \
                      "chmod 600 it"


def test_a_password_in_the_url_and_a_file_is_one_line_before_start(tmp_path):
    message = refused(tmp_path, *state(f"redis://:in-url-5512@127.0.0.1:{free_port()}/0",
                                       password_file(tmp_path, PASSWORD)))
    assert message.startswith("exitguard_state: the URL holds a password and exitguard_state_password_file is set")
    assert "in-url-5512" not in message


@pytest.mark.parametrize(("url", "anonymous"), [
    ("redis://:pw@127.0.0.1:6379/0", "redis://127.0.0.1:6379/0"),
    ("rediss://user:pw@redis.internal:6380/3", "rediss://redis.internal:6380/3"),
    ("redis://127.0.0.1:6379/0?password=pw&username=u&socket_timeout=3", "redis://127.0.0.1:6379/0?socket_timeout=3"),
    ("redis://:a@b@[::1]:6379/0", "redis://[::1]:6379/0"),
])
def test_the_anonymous_probe_drops_every_credential_redis_py_reads(url, anonymous):
    assert state_check.without_credentials(url) == anonymous
