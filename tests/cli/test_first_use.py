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
from addons.cli import audit
from addons.cli import main as cli
from tests.cli.test_commands_as_a_user import EXITGUARD, ROOT, env

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

