"""What `exitguard up` checks before it starts mitmproxy (addons/cli/preflight.py), on the command line it builds."""

from __future__ import annotations

import argparse
import fcntl
import functools
import os
import socket
from pathlib import Path

import pytest

from addons.audit.recorder import LOCK_NAME
from addons.cli import preflight, up
from addons.cli.errors import UserError
from addons.cli.main import parser
from addons.identity.tokens import TokenStore
from tests.fakes import github_pat

RULES = Path(__file__).resolve().parents[1] / "guard" / "rules.yaml"  # test-api-token, test-root-key, email-address


@functools.cache
def _parser() -> argparse.ArgumentParser:
    """The CLI's parser, built once for the file: ~20 ms a build, 58 tests (parse_args leaves it as it was)."""
    return parser()


def up_argv(tmp_path: Path, *args: str) -> list[str]:
    parsed: argparse.Namespace = _parser().parse_args(["up", "--confdir", str(tmp_path / "certs"), *args])
    return up.mitmproxy_argv(parsed)


def refused(tmp_path: Path, *args: str) -> str:
    with pytest.raises(UserError) as e:
        preflight.check(up_argv(tmp_path, *args))
    return str(e.value)


def policy_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yaml"
    path.write_text(text)
    return path


def test_the_built_in_policy_starts_and_says_what_it_guards(tmp_path):
    startup = preflight.check(up_argv(tmp_path, "--record", str(tmp_path / "rec")))
    lines = preflight.summary(startup).splitlines()
    listed = len(startup.policy.listed_guarded_hosts())
    known = len(set(startup.policy.guarded_hosts)) - listed
    assert lines == [
        f"exitguard: guarding {known + listed} host patterns: {known} known LLM providers and gateways, "
        f"{listed} from the built-in policy; unlisted hosts: observe",
        f"exitguard: mode enforce; {startup.rule_count} detection rules",
        f"exitguard: recording to {tmp_path / 'rec'} (read it with: exitguard audit --dir {tmp_path / 'rec'})",
    ]
    assert known > 10 and listed > 10 and startup.rule_count > 100


def test_a_policy_of_its_own_is_named_with_its_hosts(tmp_path):
    policy = policy_file(tmp_path, "version: 1\nmode: report\nguard_known_providers: false\n"
                                   "guarded_hosts: [api.github.com, '*.slack.com']\nunlisted_hosts: deny\n"
                                   "deny_hosts: [paste.example]\n")
    text = preflight.summary(preflight.check(up_argv(tmp_path, "--policy", str(policy), "--no-record")))
    assert text.splitlines()[:1] == [f"exitguard: guarding 2 host patterns: 2 from {policy}; "
                                     "unlisted hosts: deny; 1 denied"]
    assert "mode report (detect and record only: nothing is masked or blocked)" in text
    assert "not recording (--no-record)" in text


def test_a_policy_without_guarded_hosts_says_it_keeps_the_built_in_ones(tmp_path):
    policy = policy_file(tmp_path, "rules: {aws-access-key-id: {request: block}}\n")
    startup = preflight.check(up_argv(tmp_path, "--policy", str(policy), "--no-record"))
    builtin = len(startup.policy.builtin_guarded())
    known = len(set(startup.policy.guarded_hosts)) - builtin
    assert builtin > 30 and preflight.summary(startup).splitlines()[0] == (
        f"exitguard: guarding {known + builtin} host patterns: {known} known LLM providers and gateways, {builtin} "
        f"vendor APIs of the built-in policy ({policy} lists no guarded_hosts); unlisted hosts: observe")


@pytest.mark.parametrize(("policy", "message"), [
    ("mode: enforcee\n", "{p}: mode: 'enforcee' is not one of enforce, report"),
    ("mdoe: enforce\n", "{p}: top level: unknown key(s) mdoe (did you mean mode?) (known: "),
    ("mode: [enforce\n", "{p}: line 2, column 1: not valid YAML: expected ',' or ']', but got '<stream end>'"),
    ("rules: {private-kye: {request: block}}\n",
     "{p}: rules.private-kye: no rule with this id in the loaded rule packs (did you mean private-key?)"),
])
def test_a_bad_policy_is_one_line_naming_file_and_key(tmp_path, policy, message):
    path = policy_file(tmp_path, policy)
    assert refused(tmp_path, "--policy", str(path)).startswith(message.format(p=path))


def test_rule_ids_come_from_the_rule_packs_that_are_loaded(tmp_path):
    policy = policy_file(tmp_path, "rules: {private-key: {request: block}}\n")
    assert preflight.check(up_argv(tmp_path, "--policy", str(policy)))  # private-key is a built-in rule
    message = refused(tmp_path, "--policy", str(policy), "--rules", str(RULES))  # a pack without it
    assert message == f"{policy}: rules.private-key: no rule with this id in the loaded rule packs"


def test_a_broken_rule_pack_is_refused(tmp_path):
    rules = tmp_path / "broken.yaml"
    rules.write_text("rules:\n  - id: x\n    surprise: 1\n")
    assert "x: unknown key(s): surprise" in refused(tmp_path, "--rules", str(rules))


@pytest.mark.parametrize(("option", "message"), [
    ("exitguard_retain_days=x", "--set exitguard_retain_days: expected an integer"),
    ("exitguard_block_loopback=maybe", "--set exitguard_block_loopback: expected true or false"),
    ("exitguard_retian_days=3", "--set exitguard_retian_days: no such option (did you mean exitguard_retain_days?)"),
    ("exitguard_mode=sometimes", "exitguard_mode: 'sometimes' is not one of enforce, report"),
    ("exitguard_auth=never", "exitguard_auth: 'never' is not one of auto, required, off"),
    ("exitguard_tokens_file=", "exitguard_tokens_file is empty"),
    ("exitguard_record_dir=/elsewhere",
     "exitguard_record_dir is given 2 times (--record, default recordings/, sets it too)"),
])
def test_bad_option_values_are_refused_before_mitmproxy_would_drop_the_bundle(tmp_path, option, message):
    assert refused(tmp_path, "--set", option).startswith(message)


def test_an_option_value_is_never_echoed(tmp_path):
    webhook = f"https://hooks.example/{github_pat(seed=7)}"
    message = refused(tmp_path, "--set", f"exitguard_approval_webhook={webhook}",
                      "--set", f"exitguard_approval_webhook={webhook}")
    assert "given 2 times" in message and webhook not in message


def test_the_options_up_passes_are_the_ones_checked(tmp_path):
    argv = up_argv(tmp_path, "--retain", "3", "--set", "exitguard_auth=off", "--set", "web_port=1")
    assert preflight.given_values(argv) == {
        "confdir": [str(tmp_path / "certs")],
        "exitguard_record_dir": [str(up.DEFAULT_RECORD_DIR.resolve())],
        "exitguard_retain_days": ["3"],
        "exitguard_auth": ["off"],
    }


@pytest.mark.parametrize(("option", "message"), [
    ("listen_prot=9", "--set listen_prot: no such mitmproxy option (did you mean listen_port?) "
                      "(the list: mitmdump --options)"),
    ("web_password=x", "--set web_password: an option of the web UI; add --web"),
])
def test_a_mitmproxy_option_mitmproxy_would_ignore_is_refused(tmp_path, option, message):
    # mitmproxy keeps an unknown --set aside for a script that never comes, without a word
    assert refused(tmp_path, "--set", option) == message


def test_the_web_ui_options_are_known_with_web(tmp_path):
    assert preflight.check(up_argv(tmp_path, "--web", "--set", "web_password=x", "--set", "ssl_insecure=false"))
    assert refused(tmp_path, "--web", "--set", "web_passwrod=x").startswith(
        "--set web_passwrod: no such mitmproxy option (did you mean web_password?)")


def test_with_scripts_of_ones_own_an_unknown_option_may_be_theirs(tmp_path):
    script = tmp_path / "mine.py"
    script.write_text("def load(loader):\n    loader.add_option('my_option', str, '', 'mine')\n")
    assert preflight.check(up_argv(tmp_path, "-s", str(script), "--set", "my_option=1"))


def test_asking_mitmproxy_for_its_options_leaves_its_context_as_it_was():
    from mitmproxy import ctx

    before = {name: getattr(ctx, name, None) for name in ("master", "options", "log")}
    assert {"listen_port", "ssl_insecure", "termlog_verbosity"} <= preflight.mitmproxy_option_names("mitmdump")
    assert "web_password" in preflight.mitmproxy_option_names("mitmweb")
    assert {name: getattr(ctx, name, None) for name in ("master", "options", "log")} == before


def listener(port: int, host: str = "127.0.0.1") -> preflight.Listener:
    return preflight.Listener(host, port, "--listen 127.0.0.1:PORT", "--listen HOST:PORT")


def test_a_port_in_use_is_one_line_naming_the_flag_to_change():
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        with pytest.raises(UserError) as e:
            preflight.check_can_start([listener(port)], None)
    assert str(e.value) == (f"127.0.0.1:{port} is already in use: is exitguard running already? Stop it, or use "
                            "--listen 127.0.0.1:PORT")
    preflight.check_can_start([listener(port)], None)  # free again


def test_an_address_of_another_machine_is_refused_before_start():
    with pytest.raises(UserError) as e:
        preflight.check_port(listener(8080, host="192.0.2.1"))  # TEST-NET-1: never on this machine
    assert str(e.value) == "192.0.2.1:8080: 192.0.2.1 is not an address of this machine: use --listen HOST:PORT"


def test_a_record_folder_another_exitguard_holds_is_refused(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir()
    with open(folder / LOCK_NAME, "w") as held:
        fcntl.flock(held, fcntl.LOCK_EX)  # what a running recorder holds
        with pytest.raises(UserError) as e:
            preflight.check_record_folder(folder)
    assert str(e.value) == (f"another exitguard is recording to {folder} (one running already? Stop it, or give "
                            "this one its own folder: --record DIR, or --no-record)")
    preflight.check_record_folder(folder)  # released: free again
    preflight.check_record_folder(tmp_path / "new" / "rec")  # made when the proxy starts


def test_a_record_folder_under_a_file_is_refused(tmp_path):
    (tmp_path / "file").write_text("")
    with pytest.raises(UserError) as e:
        preflight.check_record_folder(tmp_path / "file" / "rec")
    assert str(e.value) == (f"cannot record to {tmp_path / 'file' / 'rec'}: {tmp_path / 'file'} is not a folder "
                            "(choose another with --record DIR, or --no-record)")


def test_up_checks_every_address_it_will_listen_on(tmp_path):
    args = parser().parse_args(["up", "--listen", "[::1]:8090", "--reverse", "openai=8091", "--web",
                                "--set", "web_port=8092"])
    assert [(x.host, x.port, x.other_port) for x in up.listeners(args)] == [
        ("::1", 8090, "--listen [::1]:PORT"), ("127.0.0.1", 8091, "--reverse openai=PORT"),
        ("127.0.0.1", 8092, "--set web_port=PORT")]


def test_a_port_alone_listens_on_loopback_and_an_empty_host_is_refused(tmp_path, capsys):
    assert "regular@127.0.0.1:8090" in up_argv(tmp_path, "--listen", "8090")  # not every interface
    for given in (":8090", "127.0.0.1:99999", "localhost"):
        with pytest.raises(SystemExit):
            up_argv(tmp_path, "--listen", given)
        assert capsys.readouterr().err.splitlines()[-1] == (
            "exitguard up: error: argument --listen: wants HOST:PORT or a PORT (e.g. 127.0.0.1:8080, or 0.0.0.0:8080 "
            f"for every interface), got '{given}'")


def test_a_record_folder_others_can_write_is_refused_before_start(tmp_path):
    """The recorder refuses such a folder (recorder.check_folder) once mitmproxy runs: a traceback after the client
    set-up and status 1. `up` says it first, in the recorder's own words, as one line."""
    folder = tmp_path / "rec"
    folder.mkdir()
    folder.chmod(0o777)
    with pytest.raises(UserError) as e:
        preflight.check_record_folder(folder)
    assert str(e.value) == (f"cannot record to {folder}: others can write the record folder (mode 777); make it the "
                            "proxy's alone (chmod go-w) (choose another with --record DIR, or --no-record)")


@pytest.mark.root
@pytest.mark.skipif(os.geteuid() != 0, reason="giving a folder to another user needs root")
def test_a_record_folder_of_another_user_is_refused_before_start(tmp_path):
    folder = tmp_path / "rec"
    folder.mkdir(mode=0o700)
    os.chown(folder, 65534, -1)
    with pytest.raises(UserError) as e:
        preflight.check_record_folder(folder)
    assert str(e.value).startswith(f"cannot record to {folder}: the record folder is owned by uid 65534, not by "
                                   "the proxy's user")


def test_listening_beyond_loopback_without_credentials_is_refused_before_start(tmp_path):
    """mitmproxy would start, print the client set-up, then stop with the identity addon's traceback (status 1):
    `up` says it first, one line."""
    message = refused(tmp_path, "--listen", "0.0.0.0:8080")
    assert message.startswith("proxy authentication is required (listening on 0.0.0.0, exitguard_auth=auto) but no "
                              "token file or OIDC issuer is configured.")
    assert "\n" not in message


def test_a_token_file_lets_a_listener_beyond_loopback_start_beside_a_loopback_reverse_one(tmp_path):
    store = TokenStore(tmp_path / "certs" / "exitguard-tokens.json")  # where `exitguard token add` writes
    store.path.parent.mkdir(mode=0o700)
    store.add("ci", ["platform"])
    store.save()
    preflight.check(up_argv(tmp_path, "--listen", "0.0.0.0:8080", "--reverse", "openai=8081"))
    assert "not reverse" in refused(tmp_path, "--listen", "0.0.0.0:8080", "--reverse", "openai=0.0.0.0:8081")
    store.path.chmod(0o644)
    assert "chmod 600" in refused(tmp_path, "--listen", "0.0.0.0:8080")  # the identity addon would refuse it too


def test_loopback_needs_no_credentials_and_auth_off_none_anywhere(tmp_path):
    preflight.check(up_argv(tmp_path, "--listen", "127.0.0.1:8080"))
    preflight.check(up_argv(tmp_path, "--listen", "0.0.0.0:8080", "--set", "exitguard_auth=off"))
    assert "no token file or OIDC issuer" in refused(tmp_path, "--set", "exitguard_auth=required")
