"""attack42, live: the local user with mitmweb's token, through its command and options API.

`options.load <path>` reads a file of the console's choosing with the proxy's rights: a file that is not valid YAML
is answered with mitmproxy's parse error, which quotes the offending line (`Config error at line 2: <the line>`), so
the console read lines of files only the proxy's user may read (a secret in a config file next to a syntax error).
Everything it could set is settable one option at a time. Refused now, like `options.reset`. The TLS that carries a
brokered key (versions, ciphers, curves) and `stickycookie` are fixed once running (before: 200)."""

from __future__ import annotations

import pytest

from tests.live.console import policy_file, start_console

pytestmark = pytest.mark.live

SECRET = "sk-attack42-FAKE-Ye5Rt2Hn8Kp4Wd7Qz3"
TAIL = SECRET[-16:]  # YAML's error cuts a long line's start ("... attack42-FAKE-Ye5R...")


@pytest.fixture(scope="module")
def console_of(tmp_path_factory, upstream_session):
    d = tmp_path_factory.mktemp("attack42-console")
    proxy, console, _ = start_console(d, upstream_session, policy=policy_file(d))
    yield proxy, console, d
    proxy.stop()


def test_the_console_cannot_read_a_file_through_options_load(console_of):
    proxy, console, folder = console_of
    private = folder / "private.yaml"  # the proxy's user's file: a secret beside a YAML syntax error
    private.write_text(f"settings: [\n  {SECRET}")  # the error quotes the line it stopped at
    private.chmod(0o600)
    answer = console.send("POST", "/commands/options.load", {"arguments": [str(private)]})
    # before: 200 {"error": "Error reading ...: Config error at line 2:\n  sk-attack42-...\n ..."}
    assert TAIL not in answer.text, answer.text
    assert "options.load is refused" in answer.text, answer.text
    assert TAIL not in proxy.log


@pytest.mark.parametrize("name, value", [("tls_version_server_min", "UNBOUNDED"), ("ciphers_server", "AES128-SHA"),
                                         ("tls_version_client_max", "TLS1"), ("stickycookie", "~q")])
def test_the_console_cannot_weaken_tls_or_turn_on_stickycookie(console_of, name, value):
    _, console, _ = console_of
    before = console.get("/options").json()[name]["value"]
    answer = console.send("PUT", "/options", {name: value})
    assert answer.status_code == 400 and f"{name} cannot change" in answer.text, answer.text  # before: 200
    assert console.get("/options").json()[name]["value"] == before
