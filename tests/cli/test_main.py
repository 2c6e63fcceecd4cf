"""How `exitguard` ends, decided once in addons/cli/main.py for every command."""

from __future__ import annotations

import io
import os
import re
import subprocess
import sys

import pytest

from addons.cli import env, errors, main, scan
from addons.cli.errors import UserError
from addons.cli.paths import ROOT


def failing(exc: BaseException):
    def run(args):
        raise exc
    return run


@pytest.mark.parametrize(("exc", "status", "err"), [
    (UserError("no such thing"), 2, "exitguard scan: no such thing\n"),
    (FileNotFoundError(2, "No such file or directory", "x.txt"), 2,
     "exitguard scan: x.txt: no such file or directory\n"),
    (PermissionError(13, "Permission denied", "/etc/shadow"), 2, "exitguard scan: /etc/shadow: permission denied\n"),
    (SystemExit("exitguard scan: said by older code"), 2, "exitguard scan: said by older code\n"),
    (BrokenPipeError(32, "Broken pipe"), 141, ""),
    (KeyboardInterrupt(), 130, ""),
])
def test_how_a_command_ends(monkeypatch, capsys, exc, status, err):
    monkeypatch.setattr(scan, "run", failing(exc))
    assert main.main(["scan", "x.txt"]) == status
    assert capsys.readouterr().err == err


def test_a_bug_is_not_disguised_as_a_user_error(monkeypatch):
    monkeypatch.setattr(scan, "run", failing(KeyError("internal")))
    with pytest.raises(KeyError):
        main.main(["scan", "x.txt"])


def test_zsh_gets_posix_exports(tmp_path, capsys):
    assert main.main(["env", "--shell", "zsh", "--confdir", str(tmp_path)]) == 0
    assert "export HTTPS_PROXY='http://127.0.0.1:8080'" in capsys.readouterr().out.splitlines()
    assert "zsh" in env.SHELLS


def test_audit_list_takes_the_same_options_as_bare_audit():
    parser = main.parser()
    bare = parser.parse_args(["audit", "--dir", "d", "--json", "--limit", "3", "--identity", "bob"])
    listed = parser.parse_args(["audit", "list", "--dir", "d", "--json", "--limit", "3", "--identity", "bob"])
    assert (bare.dir, bare.json, bare.limit, bare.identity) == (listed.dir, listed.json, listed.limit, listed.identity)
    assert listed.audit_command == "list" and bare.audit_command is None  # audit.run reads None as list


def test_the_progress_bar_is_for_a_terminal_only(monkeypatch):
    inputs = [scan.Source("a"), scan.Source("b")]
    monkeypatch.setattr("sys.stderr.isatty", lambda: False, raising=False)
    assert scan._with_progress(inputs) is inputs


class ClosedPipe:
    """A stdout whose reader has gone away."""

    def write(self, text):
        raise BrokenPipeError(32, "Broken pipe")

    def flush(self):
        pass

    def isatty(self):
        return False

    def fileno(self):
        raise io.UnsupportedOperation("fileno")


def test_a_closed_pipe_under_a_rich_table_is_a_closed_pipe_too(monkeypatch, capsys):
    """rich would exit 1 on its own (read as "found something"); the command's console hands it to main."""
    from addons.cli import rules

    monkeypatch.setattr("sys.stdout", ClosedPipe())
    assert main.main(["rules", "list"]) == 141
    assert capsys.readouterr().err == ""
    assert rules.console is errors.console


def test_audit_reads_where_up_records(monkeypatch):
    import importlib

    from addons.cli import audit, paths

    monkeypatch.delenv("EXITGUARD_RECORD_DIR", raising=False)
    try:
        importlib.reload(audit)  # the default is read from the environment at import
        parser = main.parser()
        # --dir is repeatable (a fleet's folders, issue 16): a list whose default is where `up` records
        assert parser.parse_args(["audit"]).dir == [parser.parse_args(["up"]).record] == [str(paths.DEFAULT_RECORD_DIR)]
        monkeypatch.setenv("EXITGUARD_RECORD_DIR", "/srv/records")
        importlib.reload(audit)
        assert main.parser().parse_args(["audit", "list"]).dir == ["/srv/records"]
        assert main.parser().parse_args(["audit", "verify", "--dir", "a", "--dir", "b"]).dir == ["a", "b"]
    finally:
        monkeypatch.undo()
        importlib.reload(audit)


@pytest.mark.parametrize("command", ["token", "approvals", "audit", "env", "ca"])
def test_a_command_loads_without_the_proxy(command):
    """A named command loads only itself: `exitguard approvals list` took ~1.2 s to start because every command,
    and with them the whole addon chain and mitmproxy's proxy layers, was imported first."""
    # One interpreter for both checks (two cost a second start-up each): what the parser loaded, printed before
    # `--help` prints the usage and exits.
    probe = (f"import sys; from addons.cli import main; parser = main.parser([{command!r}]); "
             "print('addons.chain' in sys.modules, 'mitmproxy.proxy.layers' in sys.modules, flush=True); "
             f"parser.parse_args([{command!r}, '--help'])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, cwd=ROOT, timeout=60,
                         env={**os.environ, "PYTHONPATH": str(ROOT)})
    loaded, _, usage = out.stdout.partition("\n")
    assert out.returncode == 0 and usage.startswith("usage: exitguard " + command), out.stderr
    assert loaded.split() == ["False", "False"], out.stderr


def test_a_bare_exitguard_shows_what_it_can_do(capsys):
    assert main.main([]) == errors.USAGE_ERROR
    err = capsys.readouterr().err
    assert err.startswith("usage: exitguard ") and "Start the proxy with `exitguard up`" in err
    assert all(f"\n    {name}" in err for name in main.COMMANDS)  # every command, not only "COMMAND is required"


def test_version_names_exitguard_and_the_mitmproxy_it_runs_on(capsys):
    from mitmproxy.version import VERSION

    with pytest.raises(SystemExit) as e:
        main.main(["--version"])
    assert e.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("exitguard ") and f"(mitmproxy {VERSION}, Python " in out


def test_a_table_in_a_pipe_is_not_folded_at_80_columns(capsys, monkeypatch):
    from addons.cli import approvals

    monkeypatch.setenv("COLUMNS", "80")  # a narrower $COLUMNS does not fold a pipe; a wider one widens it

    held = {"id": "01bea725", "state": "held", "requester": "agent-7", "method": "POST",
            "url": "https://api.openai.com/v1/chat/completions", "reasons": ["approval rule secrets-need-review"],
            "findings": [{"rule": "aws-secret-access-key", "classification": "regulated"}], "waiting": 1,
            "requests": 1, "expires_in_s": 117, "notified": {}, "preview": {"body": "$.model: gpt-4o", "note": "1"}}
    approvals.print_table([held])  # capsys: stdout is no terminal, as in `exitguard approvals list | less`
    row = next(line for line in capsys.readouterr().out.splitlines() if "01bea725" in line and "│" in line)
    assert "POST https://api.openai.com/v1/chat/completions" in row and "aws-secret-access-key (regulated)" in row


def test_token_list_before_any_token_says_how_to_make_one(monkeypatch, tmp_path, capsys):
    from addons.cli import token

    monkeypatch.setattr(token, "DEFAULT_FILE", tmp_path / "certs" / "exitguard-tokens.json")
    assert main.main(["token", "list"]) == 0  # nothing made yet is no error
    assert capsys.readouterr().err == (
        f"exitguard token: no tokens yet (none in {tmp_path / 'certs' / 'exitguard-tokens.json'}); "
        "create one with `exitguard token add NAME --groups a,b`\n")
    assert main.main(["token", "--file", str(tmp_path / "typo.json"), "list"]) == 2  # a file named is one to read
    assert "token file not found" in capsys.readouterr().err


def test_a_second_token_for_a_name_says_both_are_valid(tmp_path, capsys):
    tokens = str(tmp_path / "tokens.json")
    assert main.main(["token", "--file", tokens, "add", "ci"]) == 0
    first = capsys.readouterr()
    assert "now has" not in first.err and "exitguard_auth=required" in first.err
    assert main.main(["token", "--file", tokens, "add", "ci"]) == 0
    second = capsys.readouterr()
    assert "ci now has 2 tokens, all valid: `exitguard token revoke ci` revokes every one" in second.err
    assert first.out.strip() not in second.err + second.out  # a token is printed once, on stdout only


def every_help() -> dict[str, str]:
    import argparse

    out = {}

    def walk(name: str, p: argparse.ArgumentParser) -> None:
        out[name] = p.format_help()
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child_name, child in action.choices.items():
                    walk(f"{name} {child_name}", child)

    walk("exitguard", main.parser())
    return out


def test_help_is_written_for_users():
    helps = every_help()
    assert len(helps) > 20
    for name, text in helps.items():
        assert "``" not in text, name  # a docstring's markup
        assert not re.search(r"\b[\w/]+\.py\b", text), (name, re.search(r"\b[\w/]+\.py\b", text))  # module names
    assert "SUBCOMMAND" in helps["exitguard audit"] and "ACTION ..." not in helps["exitguard audit"]  # not --action


def test_audit_show_writes_record_fields_for_people_not_as_python_reprs():
    from addons.cli.audit import _field

    coverage = [{"direction": "request", "reason": "3 field(s)", "status": "scanned"},
                {"direction": "response", "reason": "", "status": "scanned"}]
    assert _field("coverage", coverage) == "request: scanned (3 field(s)); response: scanned"
    assert (_field("report_only", False), _field("report_only", True)) == ("no", "yes")
    assert _field("groups", ["platform", "ci"]) == "platform, ci"
    assert _field("would", {"decision": "block"}) == '{"decision": "block"}'
    assert (_field("status", 403), _field("reason", "masked 1 finding(s)")) == ("403", "masked 1 finding(s)")


@pytest.mark.parametrize("given", ["nope", "01bea725-x", "$(id)"])
def test_an_approval_id_that_cannot_be_one_is_said_so_before_the_proxy_is_asked(tmp_path, capsys, given):
    control = tmp_path / "no-such-control.json"  # not read: the id is refused first
    assert main.main(["approvals", "deny", given, "--control", str(control)]) == 2
    assert capsys.readouterr().err == (f"exitguard approvals: no approval {given!r}: an approval id is hex, as "
                                       "`exitguard approvals list` shows it\n")  # the endpoint: "unknown endpoint"


def test_a_default_path_in_help_is_never_broken_at_a_hyphen(monkeypatch):
    from pathlib import Path

    from addons.cli import up

    where = Path("/srv/exitguard-proxies/team-platform/my-long-checkout-name/recordings")  # wider than a line
    monkeypatch.setattr(up, "DEFAULT_RECORD_DIR", where)
    monkeypatch.setenv("COLUMNS", "80")
    help_text = every_help()["exitguard up"]
    assert str(where) in help_text  # a copied path must work: "/home/some- one/..." would not


def test_a_misspelled_ecosystem_is_named_with_its_fix_even_beside_good_ones(tmp_path, capsys):
    confdir = str(tmp_path / "certs")
    assert main.main(["ca", "trust", "--only", "python", "--only", "nod", "--confdir", confdir]) == 2
    err = capsys.readouterr().err
    assert err.startswith("exitguard ca: --only nod: no such ecosystem (did you mean node?) (known: debian, ")


def test_a_time_that_is_no_time_says_what_one_looks_like(tmp_path, capsys):
    (tmp_path / "rec").mkdir()
    assert main.main(["audit", "--dir", str(tmp_path / "rec"), "--since", "yesterday"]) == 2
    assert capsys.readouterr().err == ("exitguard audit: --since: 'yesterday' is not a time: give an ISO date or time "
                                       "such as 2026-12-04 or 2026-12-04T09:30 (UTC unless it names a zone, e.g. "
                                       "09:30+01:00)\n")


def test_an_action_or_rule_no_record_has_is_said_with_what_they_have(tmp_path, capsys):
    from tests.audit.test_auditlog import write_chain

    write_chain(tmp_path, [3])
    assert main.main(["audit", "--dir", str(tmp_path), "--action", "blokc"]) == 0  # an empty listing, no error
    assert capsys.readouterr().err == ("exitguard audit: no record has --action blokc (the records have: mask)\n")
    assert main.main(["audit", "--dir", str(tmp_path), "--rule", "github-pat-clasic"]) == 0
    assert capsys.readouterr().err == ("exitguard audit: no record has --rule github-pat-clasic (did you mean "
                                       "github-pat-classic?) (the records have: github-pat-classic)\n")
    assert main.main(["audit", "--dir", str(tmp_path), "--rule", "github-pat-classic", "--identity", "carol"]) == 0
    assert capsys.readouterr().err == ""  # the rule is there, only not for carol: nothing to correct


def test_token_add_says_how_an_approver_uses_the_token(tmp_path, capsys):
    """walk22: an approver's token was only ever said to be a proxy password; `approvals approve` needs it as a file."""
    assert main.main(["token", "--file", str(tmp_path / "tokens.json"), "add", "alice", "--groups", "reviewers"]) == 0
    err = capsys.readouterr().err
    assert "HTTPS_PROXY=http://alice:<token>@HOST:PORT" in err
    assert "exitguard approvals approve ID --token-file FILE" in err
