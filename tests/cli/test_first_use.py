"""What a first-time user ran into following the README (newuser37, session 23): a dry run that said yes to a
policy that cannot start, a start-up line that said `exitguard audit` reads a folder it does not, `audit open`
ending in mitmweb's traceback beside `up --web`, an `approvals --proxy` error that sent the user after the wrong
flag, a blank status for a flow that got no answer, and a reverse listener to a URL that printed no client set-up.
"""

from __future__ import annotations

import json
import socket
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from addons.audit import index as auditlog
from addons.cli import audit, preflight, up
from addons.cli import main as cli
from addons.cli.paths import DEFAULT_RECORD_DIR
from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env, exitguard
from tests.cli.test_up_as_a_user import refused_in_one_line

# ---- up --dry-run -------------------------------------------------------------------------------------------

@pytest.mark.slow  # the installed script, which loads every rule pack
def test_a_dry_run_refuses_what_a_start_refuses(tmp_path):
    """`up --dry-run` printed the command and exited 0 for a policy that `up` refuses: the check a user runs
    before a real start said yes."""
    policy = tmp_path / "policy.yaml"
    policy.write_text("rules: {private-kye: {request: block}}\n")
    base = ("up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record", "--confdir", tmp_path / "certs")
    assert refused_in_one_line(exitguard(*base, "--policy", policy)) == (
        f"{policy}: rules.private-kye: no rule with this id in the loaded rule packs (did you mean private-key?)")
    assert refused_in_one_line(exitguard(*base, "--set", "exitguard_retain_days=x")) == \
        "--set exitguard_retain_days: expected an integer"
    good = exitguard(*base)
    assert good.status == 0 and good.out.split()[0].endswith("mitmdump"), good
    assert not (tmp_path / "certs").exists()  # a dry run sets nothing up


# ---- where `exitguard audit` reads ----------------------------------------------------------------------------

def test_up_says_how_audit_reads_a_record_folder_other_than_its_own(tmp_path, monkeypatch):
    """`up --record DIR` said "(exitguard audit reads it)"; `exitguard audit` then listed the checkout's
    recordings/ instead, without a word."""
    monkeypatch.delenv("EXITGUARD_RECORD_DIR", raising=False)
    assert preflight.audit_reads(DEFAULT_RECORD_DIR) == "exitguard audit reads it"
    elsewhere = tmp_path / "my rec"
    assert preflight.audit_reads(elsewhere) == f"read it with: exitguard audit --dir '{elsewhere}'"
    monkeypatch.setenv("EXITGUARD_RECORD_DIR", str(elsewhere))
    assert preflight.audit_reads(elsewhere) == "exitguard audit reads it"


# ---- audit open beside `up --web` -------------------------------------------------------------------------------

def _one_flow(rec_dir: Path) -> str:
    from addons.audit.recorder import Recorder, Rotation
    from tests.audit.test_recorder import record

    rec_dir.mkdir(mode=0o700)
    recorder = Recorder(rec_dir, Rotation())
    recorder.open()
    flow, _ = record(recorder)
    recorder.release()
    return flow.id


def _web_port_of(printed: str) -> int:
    [value] = [word.removeprefix("web_port=") for word in printed.split() if word.startswith("web_port=")]
    return int(value)


def test_audit_open_takes_another_port_when_mitmweb_s_is_in_use(tmp_path, capsys, monkeypatch):
    """With `exitguard up --web` running, `exitguard audit open ID` ended in mitmweb's traceback (errno 98,
    address in use on 8081)."""
    flow_id = _one_flow(tmp_path / "rec")
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        taken = busy.getsockname()[1]
        monkeypatch.setattr(audit, "WEB_PORT", taken)
        assert cli.main(["audit", "--dir", str(tmp_path / "rec"), "open", flow_id[:8], "--print"]) == 0
        port = _web_port_of(capsys.readouterr().out)
        assert port != taken and port > 0
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        free = s.getsockname()[1]
    monkeypatch.setattr(audit, "WEB_PORT", free)
    assert cli.main(["audit", "--dir", str(tmp_path / "rec"), "open", flow_id[:8], "--print"]) == 0
    assert _web_port_of(capsys.readouterr().out) == free  # mitmweb's usual port when nothing holds it


# ---- audit list / show -------------------------------------------------------------------------------------------

def test_a_flow_that_got_no_answer_is_listed_as_an_error(tmp_path, capsys):
    """A flow whose upstream was refused (the 502 the client got) was listed with a blank status and decision
    `mask`, as if it had gone through or were still running."""
    chain = auditlog.Chain()
    path = tmp_path / (auditlog.file_stem(1, datetime(2026, 1, 1, tzinfo=UTC)) + ".jsonl")
    with open(path, "wb") as f:
        for n, extra in enumerate([{"status": 200}, {"status": None, "error": "Connection killed: refused"}]):
            line, sealed = chain.seal({"event": "flow", "flow_id": f"flow-{n:04d}", "time": f"2026-01-01T00:00:0{n}Z",
                                       "host": "127.0.0.1", "method": "POST", "path": "/v1/chat", "decision": "mask",
                                       "findings": [], **extra})
            f.write(line)
            chain.advance(sealed)
    assert cli.main(["audit", "--dir", str(tmp_path)]) == 0
    rows = [line for line in capsys.readouterr().out.splitlines() if "flow-000" in line]
    assert [("200" in row, "error" in row) for row in rows] == [(True, False), (False, True)]


def test_a_flow_id_too_short_to_look_up_says_how_long_an_id_is(tmp_path, capsys):
    chain = auditlog.Chain()
    path = tmp_path / (auditlog.file_stem(1, datetime(2026, 1, 1, tzinfo=UTC)) + ".jsonl")
    line, _ = chain.seal({"event": "flow", "flow_id": "15f23083-541d", "time": "2026-01-01T00:00:00Z"})
    path.write_bytes(line)
    assert cli.main(["audit", "--dir", str(tmp_path), "show", "15f2"]) == 2
    err = capsys.readouterr().err
    assert "no recorded flow 15f2" in err and "8 characters or more" in err
    assert cli.main(["audit", "--dir", str(tmp_path), "show", "15f23083", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["flow_id"] == "15f23083-541d"


# ---- approvals --proxy ---------------------------------------------------------------------------------------

@pytest.mark.slow  # a CLI process
def test_approvals_for_a_proxy_with_no_control_file_names_the_proxies_that_have_one(tmp_path):
    """Two replicas on 8180 and 8181 and `--proxy 127.0.0.1:8080` (deploy/README's port): the error asked to add
    `--confdir`, which was given, and did not say which proxies there are."""
    for name in ("exitguard-control-127.0.0.1_8180.json", "exitguard-control-127.0.0.1_8181.json"):
        (tmp_path / name).write_text("{}")
    done = subprocess.run([str(EXITGUARD), "approvals", "list", "--confdir", str(tmp_path), "--proxy",
                           "127.0.0.1:8080"], capture_output=True, text=True, env=env(), cwd=ROOT, timeout=120)
    assert done.returncode == 2 and done.stdout == "", done
    [line] = done.stderr.splitlines()
    assert line == (f"exitguard approvals: no control file at {tmp_path / 'exitguard-control-127.0.0.1_8080.json'}:"
                    f" the proxies with control files in {tmp_path} are --proxy 127.0.0.1:8180, "
                    "--proxy 127.0.0.1:8181"), line


# ---- up --reverse URL=PORT -----------------------------------------------------------------------------------

def test_a_reverse_listener_to_a_url_says_where_its_clients_go(tmp_path):
    """`up --reverse https://llm.internal=9000` (README) printed proxy variables and nothing about the listener."""
    args = cli.parser().parse_args(["up", "--reverse", "https://llm.internal=9000", "--reverse", "openai=8081",
                                    "--confdir", str(tmp_path)])
    assert up.reverse_url_notices(args) == [
        "exitguard: clients of https://llm.internal use http://127.0.0.1:9000 as its base URL (the reverse listener)"]


# ---- audit verify after a crash ----------------------------------------------------------------------------------

def test_verify_after_a_kill_says_that_a_start_cuts_the_torn_tail(tmp_path, capsys):
    """A proxy killed while recording leaves a flow's bytes no index line accounts for, or half a line: verify
    fails (it cannot vouch for them) and said "the index was truncated, or data added" with no next step; the
    recorder cuts such a tail at its next start and records the cut (newuser42)."""
    _one_flow(tmp_path / "rec")
    [mitm] = (tmp_path / "rec").glob("*.mitm")
    [index] = (tmp_path / "rec").glob("*.jsonl")
    with open(mitm, "ab") as f:
        f.write(mitm.read_bytes()[:300])
    with open(index, "ab") as f:
        f.write(b'{"event": "flow", "seq": 2, "tru')
    # `audit verify` in this process (tests/cli/test_commands_as_a_user.py runs it as the installed script)
    status = cli.main(["audit", "verify", "--dir", str(tmp_path / "rec")])
    out, err = capsys.readouterr()
    assert status == 1 and "Traceback" not in err, out + err
    lines = out.splitlines()
    torn = [line for line in lines if "incomplete_tail" in line or "unindexed" in line]
    assert len(torn) == 2 and all("a start of the proxy on this folder cuts it and records the cut" in line
                                  for line in torn), out
    assert "or the proxy was killed while recording a flow" in out
    from addons.audit.recorder import Recorder, Rotation

    recorder = Recorder(tmp_path / "rec", Rotation())  # what a start of the proxy does first
    events = recorder.open()
    recorder.release()
    assert sorted(e["what"] for e in events if e["event"] == "recovered") == ["index", "recording"]
    assert cli.main(["audit", "verify", "--dir", str(tmp_path / "rec")]) == 0, capsys.readouterr()


# ---- up says what the policy holds for approval ------------------------------------------------------------------

@pytest.mark.parametrize(("approvers", "said"), [
    ("  approvers: {groups: [security, leads]}\n",
     "approvers: tokens of group leads, security (`exitguard approvals approve`)"),
    ("", "no approvers listed, so `exitguard approvals approve` is refused: decide in mitmweb or by a webhook link, "
         "or add approvers: {groups: [...]}"),
])
def test_up_says_which_approval_rules_hold_requests_and_who_decides(tmp_path, approvers, said):
    """An operator trying the hold / approve workflow got no word at start that the policy's approval rules were
    read, and learnt only at the first `approvals approve` that no group may approve (newuser42)."""
    policy = tmp_path / "hold.yaml"
    policy.write_text("version: 1\napprovals:\n" + approvers + "  rules:\n"
                      "    - {name: uploads, methods: [POST], paths: ['/v1/files*']}\n"
                      "    - {name: deletes, methods: [DELETE]}\n")
    argv = up.mitmproxy_argv(cli.parser().parse_args(["up", "--confdir", str(tmp_path), "--policy", str(policy),
                                                      "--no-record"]))
    lines = preflight.summary(preflight.check(argv)).splitlines()
    assert f"exitguard: 2 approval rule(s) hold requests (uploads, deletes); {said}" in lines


def test_up_says_nothing_of_approvals_when_the_policy_holds_nothing(tmp_path):
    argv = up.mitmproxy_argv(cli.parser().parse_args(["up", "--confdir", str(tmp_path), "--no-record"]))
    assert "approval" not in preflight.summary(preflight.check(argv))
