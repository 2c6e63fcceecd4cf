"""Every `exitguard` command driven the way a person drives it: the installed script as a subprocess, at a
terminal's width, piped into `head`, given a wrong file. What is checked is what a person sees: the exit status
(0 ok, 1 found, 2 usage or input error, 141 closed pipe), stdout, stderr, and never a traceback."""

from __future__ import annotations

import json
import os
import re
import shlex
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest

from tests.audit.test_auditlog import lines, write_chain
from tests.fakes import github_pat
from tests.live import harness

pytestmark = pytest.mark.live

ROOT = Path(__file__).resolve().parents[2]
EXITGUARD = ROOT / ".venv" / "bin" / "exitguard"
TOKEN = github_pat(seed=41)


@dataclass(frozen=True)
class Ran:
    status: int
    out: str
    err: str


def env() -> dict[str, str]:
    e = {k: v for k, v in os.environ.items() if not k.startswith("EXITGUARD_")}
    return e | {"COLUMNS": "80", "TERM": "dumb", "PYTHONWARNINGS": "ignore"}


def exitguard(*argv: str, cwd: Path | None = None) -> Ran:
    """The installed script as a process of its own (forked from a server that imported the command's entry point:
    tests/live/forkserver.py; a fresh interpreter with EXITGUARD_TEST_FORKSERVER=0): its status, stdout, stderr."""
    done = harness.exitguard(*map(str, argv), env=env(), cwd=cwd, timeout=300)
    assert "Traceback" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def piped(command: str, cwd: Path | None = None) -> Ran:
    """`exitguard ... | head -1` in bash, pipefail off (the default): the status is head's; what matters is
    that exitguard says nothing on stderr when head goes away."""
    done = subprocess.run(["bash", "-c", f"set +o pipefail; {EXITGUARD} {command}"], capture_output=True,
                          text=True, env=env(), cwd=cwd, timeout=300)
    assert "Traceback" not in done.stderr and "BrokenPipe" not in done.stderr, done.stderr
    return Ran(done.returncode, done.stdout, done.stderr)


def one_line_error(ran: Ran, command: str) -> str:
    assert ran.status == 2, ran
    [line] = ran.err.splitlines()
    assert line.startswith(f"exitguard {command}: ")
    return line


@pytest.fixture(scope="module")
def files(tmp_path_factory) -> Path:
    d = tmp_path_factory.mktemp("user")
    deep = d / "services" / "payments-gateway" / "config" / "environments"
    deep.mkdir(parents=True)
    (deep / "production-settings.env").write_text(f"# prod\nGITHUB_TOKEN={TOKEN}\n")
    (d / "clean.txt").write_text("nothing to see here\n")
    (d / "native.so").write_bytes(b"\x7fELF\x00\x00" + f"key={TOKEN}".encode() + b"\x00")
    (d / "many.txt").write_text("".join(f"contact user{i}@example-corp.com\n" for i in range(4000)))
    records = d / "records"
    records.mkdir()
    write_chain(records, [1500])  # enough for more than a pipe buffer of output
    return d


# ---- exitguard --help ---------------------------------------------------------------------------------------

def test_help_documents_the_exit_codes():
    ran = exitguard("--help")
    assert ran.status == 0
    assert "exit status:" in ran.out and re.search(r"^  2 +usage or input error", ran.out, re.M)
    usage = exitguard("scan")  # a missing argument: argparse's usage message, status 2
    assert usage.status == 2 and "the following arguments are required: PATH" in usage.err


# ---- exitguard scan -----------------------------------------------------------------------------------------

def test_scan_of_a_missing_file_is_one_line_and_status_2(files):
    line = one_line_error(exitguard("scan", files / "nope.txt"), "scan")
    assert line == f"exitguard scan: {files / 'nope.txt'}: no such file or directory"
    one_line_error(exitguard("scan", "--rule", "no-such-rule", files / "clean.txt"), "scan")


def test_scan_status_is_0_for_clean_and_1_for_findings(files):
    assert exitguard("scan", files / "clean.txt").status == 0
    found = exitguard("scan", files / "services")
    assert found.status == 1 and TOKEN not in found.out and TOKEN[4:12] not in found.out


def test_scan_keeps_the_location_whole_in_a_pipe_at_80_columns(files):
    ran = exitguard("scan", "services", cwd=files)
    location = "services/payments-gateway/config/environments/production-settings.env:2:14"
    assert location in ran.out  # whole, on one line: grep and editors can use it
    assert "ghp_****** (40 chars)" in ran.out and "…" not in ran.out


def test_scan_skips_binaries_unless_asked(files):
    skipped = exitguard("scan", files / "native.so")
    assert skipped.status == 0 and "1 binary file(s) skipped" in skipped.out
    strings = exitguard("scan", "--binary-strings", "--format", "json", files / "native.so")
    assert strings.status == 1 and json.loads(strings.out)["findings"][0]["rule"] == "github-pat-classic"


def test_scan_filters(files):
    ran = exitguard("scan", "--format", "json", "--category", "pii", "--exclude", "services/*", files)
    report = json.loads(ran.out)
    assert ran.status == 1 and {f["rule"] for f in report["findings"]} == {"email-address"}
    assert exitguard("scan", "--include", "*.env", "--category", "pii", files).status == 0


def test_scan_json_into_head_is_quiet(files):
    ran = piped(f"scan --format json {shlex.quote(str(files / 'many.txt'))} | head -1")
    assert ran.out == "{\n" and ran.err == ""


# ---- exitguard audit ----------------------------------------------------------------------------------------

def test_audit_list_is_bare_audit(files):
    bare = exitguard("audit", "--dir", files / "records", "--identity", "bob", "--limit", "3")
    listed = exitguard("audit", "list", "--dir", files / "records", "--identity", "bob", "--limit", "3")
    assert bare.status == listed.status == 0 and bare.out == listed.out and "3 record(s)" in bare.out
    as_json = exitguard("audit", "list", "--json", "--limit", "2", "--dir", files / "records")
    assert [json.loads(x)["flow_id"] for x in as_json.out.splitlines()] == ["flow-1499", "flow-1500"]


def test_audit_reads_where_up_records_by_default():
    up_help = " ".join(exitguard("up", "--help").out.split())
    up_default = re.search(r"audit index under DIR \(default: (\S+)\)", up_help)
    audit_help = " ".join(exitguard("audit", "--help").out.split())
    assert up_default and f"where `exitguard up` records: {up_default.group(1)}" in audit_help


def test_audit_user_errors(files):
    assert "no record folder" in one_line_error(exitguard("audit", "--dir", files / "missing"), "audit")
    assert "--since: 'soon' is not a time" in one_line_error(
        exitguard("audit", "--dir", files / "records", "--since", "soon"), "audit")
    assert "no recorded flow" in one_line_error(exitguard("audit", "show", "zzzz", "--dir", files / "records"),
                                                "audit")


def test_audit_verify_problems_are_status_1(files, tmp_path):
    [index] = write_chain(tmp_path, [3])
    assert exitguard("audit", "verify", "--no-flows", "--dir", tmp_path).status == 0
    data = lines(index)
    index.write_bytes(data[0] + data[2])  # the middle record removed
    ran = exitguard("audit", "verify", "--no-flows", "--dir", tmp_path)
    assert ran.status == 1 and "PROBLEM" in ran.out


@pytest.mark.parametrize("command", ["audit export --dir {d}", "audit --json --dir {d}",
                                     "audit export --format csv --dir {d}"])
def test_audit_into_head_is_quiet(files, command):
    ran = piped(command.format(d=shlex.quote(str(files / "records"))) + " | head -1")
    assert ran.status == 0 and ran.err == "" and len(ran.out.splitlines()) == 1


# ---- exitguard replay ---------------------------------------------------------------------------------------

def test_replay_of_a_file_that_is_not_a_recording(files, tmp_path):
    policy = tmp_path / "p.yaml"
    policy.write_text("version: 1\nguarded_hosts: [api.openai.com]\n")
    line = one_line_error(exitguard("replay", "--policy", policy, ROOT / "README.md"), "replay")
    assert line == f"exitguard replay: {ROOT / 'README.md'}: not a mitmproxy recording (.mitm)"
    assert "no recordings" in one_line_error(exitguard("replay", "--policy", policy, tmp_path), "replay")
    assert "no such file" in one_line_error(exitguard("replay", "--policy", policy, tmp_path / "x.mitm"), "replay")


# ---- exitguard env, rules, token ----------------------------------------------------------------------------

@pytest.mark.parametrize(("shell", "line"), [("zsh", "export HTTPS_PROXY='http://127.0.0.1:8080'"),
                                             ("fish", "set -gx HTTPS_PROXY 'http://127.0.0.1:8080'"),
                                             ("powershell", "$env:HTTPS_PROXY = 'http://127.0.0.1:8080'")])
def test_env_for_each_shell_the_readme_names(shell, line, tmp_path):
    ran = exitguard("env", "--shell", shell, "--confdir", tmp_path)
    assert ran.status == 0 and line in ran.out.splitlines()


def test_env_bad_proxy_is_an_input_error(tmp_path):
    one_line_error(exitguard("env", "--proxy", "localhost", "--confdir", tmp_path), "env")


def test_rules_and_token_input_errors(tmp_path):
    bad = tmp_path / "broken.yaml"
    bad.write_text("rules:\n  - id: x\n    surprise: 1\n")
    assert exitguard("rules", "test", bad).status == 2
    tokens = tmp_path / "tokens.json"
    assert exitguard("token", "--file", tokens, "add", "ci").status == 0
    assert "no token named" in one_line_error(exitguard("token", "--file", tokens, "revoke", "ghost"), "token")


def test_approvals_with_several_control_files_says_why_none_is_used_in_one_readable_line(tmp_path):
    # The list of proxies was joined with newlines, which the output gate shows as `\x0a`: one unreadable line.
    # Files no running proxy answers for are not offered as proxies (newuser52; live: several live proxies,
    # tests/approval/test_control.py::test_each_proxy_has_its_own_control_file, and a killed one,
    # tests/approval/test_newuser52_stale_control_live.py).
    for name in ("exitguard-control-127.0.0.1_8080.json", "exitguard-control-0.0.0.0_8091.json"):
        (tmp_path / name).write_text("{}")
        (tmp_path / name).chmod(0o600)
    ran = exitguard("approvals", "list", "--confdir", tmp_path)
    assert ran.status == 2 and ran.out == "", ran
    [line] = ran.err.splitlines()
    assert "\\x0a" not in line and "\\n" not in line, line
    assert line.startswith(f"exitguard approvals: no proxy is running for the control file(s) in {tmp_path} "), line
    assert "exitguard-control-0.0.0.0_8091.json is not an exitguard control file" in line, line
    assert "exitguard-control-127.0.0.1_8080.json is not an exitguard control file" in line, line
