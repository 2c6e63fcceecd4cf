"""Session 28's newcomer pass (newuser48): the one-line errors of a first hour say where the mistake is and what
to do. A policy or rule pack with a missing colon was reported at the line *after* the mistake (PyYAML's scanner
notices it there), and a confdir of another user was refused without saying what to do about it."""

from __future__ import annotations

import socket

import pytest

from addons.cli import ca, preflight
from addons.cli.errors import UserError
from addons.core.policy import Policy, PolicyError
from addons.detect.rules import RuleError, load_paths
from tests.owners import give_to_another_user


def test_a_missing_colon_in_the_policy_names_the_line_it_is_on(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmode enforce\nrules: {}\n")
    with pytest.raises(PolicyError) as e:
        Policy.load(policy)
    message = str(e.value)
    assert "line 2, column 1" in message, message  # `mode enforce` is line 2; the scanner stops at line 3
    assert "\n" not in message


def test_an_unclosed_bracket_in_a_rule_pack_names_the_line_it_opens_on(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: mine\n    examples: ['key hunter2-Zx9 here'\n")
    with pytest.raises(RuleError) as e:
        load_paths([pack])
    message = str(e.value)
    assert "line 3, column 15" in message, message  # where the `[` opens
    assert "hunter2" not in message and "\n" not in message


def test_a_confdir_of_another_user_says_what_to_do(tmp_path, monkeypatch):
    confdir = tmp_path / "conf"
    confdir.mkdir(mode=0o700)
    give_to_another_user(confdir, monkeypatch)
    with pytest.raises(UserError) as e:
        ca.check_confdir(confdir)
    message = str(e.value)
    assert "--confdir" in message and "chown" in message, message


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_two_listeners_of_one_start_on_one_port_are_one_line_before_anything_starts():
    # `up --web --reverse openai=8081`: both README examples at once. Each port was free on its own, so mitmproxy
    # started, opened 8081 for the reverse listener, and mitmweb's UI died on it with a traceback (status 1).
    port = _free_port()
    listeners = [preflight.Listener("127.0.0.1", 8080, "--listen 127.0.0.1:PORT", "--listen HOST:PORT"),
                 preflight.Listener("127.0.0.1", port, "--reverse openai=PORT", "--reverse openai=HOST:PORT"),
                 preflight.Listener("127.0.0.1", port, "--set web_port=PORT", "--set web_host=HOST")]
    with pytest.raises(UserError) as e:
        preflight.check_can_start(listeners[1:], None)
    assert str(e.value) == (f"127.0.0.1:{port} is asked for twice: choose another port with --reverse openai=PORT "
                            "or --set web_port=PORT")
    wildcard = preflight.Listener("0.0.0.0", port, "--listen 0.0.0.0:PORT", "--listen HOST:PORT")
    with pytest.raises(UserError, match="asked for twice"):
        preflight.check_can_start([wildcard, listeners[2]], None)


def test_a_misspelled_rule_key_gets_its_fix(tmp_path):
    pack = tmp_path / "pack.yaml"
    pack.write_text("rules:\n  - id: acme-deploy-token\n    description: ACME deploy token\n"
                    "    references: [https://wiki.acme.example/deploy-tokens]\n    category: secret\n"
                    "    classification: confidential\n    tier: precise\n    keyword: [acmedt_]\n"
                    "    regex: '\\b(acmedt_[A-Za-z0-9]{32})\\b'\n    examples: ['x']\n")
    with pytest.raises(RuleError) as e:
        load_paths([pack])
    assert str(e.value).startswith(f"{pack}: acme-deploy-token: unknown key(s): keyword (did you mean keywords?) "
                                   "(allowed: id, description, "), str(e.value)
