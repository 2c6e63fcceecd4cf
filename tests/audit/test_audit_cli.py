"""exitguard audit: the table, filters and verify's exit status (records written by the chain helpers)."""

from __future__ import annotations

import json

from addons.cli import main as cli
from tests.audit.test_auditlog import lines, write_chain


def test_list_table_and_json(tmp_path, capsys):
    write_chain(tmp_path, [3, 3])
    assert cli.main(["audit", "--dir", str(tmp_path), "--identity", "bob"]) == 0
    out = capsys.readouterr().out
    assert "flow-000" in out and "3 record(s)" in out
    assert cli.main(["audit", "--dir", str(tmp_path), "--json", "--rule", "github-pat-classic"]) == 0
    assert [json.loads(x)["flow_id"] for x in capsys.readouterr().out.splitlines()] == ["flow-0003", "flow-0006"]


def test_verify_exit_status(tmp_path, capsys):
    files = write_chain(tmp_path, [3, 3])
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows"]) == 0
    assert "6 record(s): OK" in capsys.readouterr().out
    data = lines(files[1])
    del data[0]
    files[1].write_bytes(b"".join(data))
    assert cli.main(["audit", "--dir", str(tmp_path), "verify", "--no-flows"]) == 1
    out = capsys.readouterr().out
    assert f"PROBLEM {files[1].name}:1: removed" in out


def test_verify_checks_that_records_point_to_flows(tmp_path, capsys):
    write_chain(tmp_path, [2])  # flow records whose recordings do not exist
    assert cli.main(["audit", "--dir", str(tmp_path), "verify"]) == 1
    assert capsys.readouterr().out.count("missing_flow") == 2
    assert cli.main(["audit", "--dir", str(tmp_path / "missing")]) == 2
