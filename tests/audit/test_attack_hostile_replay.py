"""A crafted recording fed to `exitguard replay` (a local user drops a `.mitm` into a folder an auditor replays, or
a recording made by another tool): a clear status, never a traceback or a hang, no detected value and no terminal
control printed from it."""

from __future__ import annotations

import io
import os
import threading
from pathlib import Path

import pytest
from mitmproxy import io as mitmio
from mitmproxy.io import tnetstring
from mitmproxy.test import tflow

from addons.cli import main as cli
from addons.core import metakeys
from tests.audit import fakes

NAME = "audit-000001-20261203T000000Z.mitm"
POLICY = "version: 1\nguarded_hosts: [api.openai.com]\n"
CONTROLS = "\x1b\x9b\x07\u202e"


def encoded(*flows) -> bytes:
    out = io.BytesIO()
    for f in flows:
        mitmio.FlowWriter(out).add(f)
    return out.getvalue()


def guarded(**metadata):
    f = tflow.tflow(resp=True)
    f.request.host = "api.openai.com"
    f.metadata.update(metadata)
    return f


def replay(tmp_path: Path, capsys, data: bytes, *extra: str) -> tuple[int, str, str]:
    folder = tmp_path / "rec"
    folder.mkdir(exist_ok=True)
    (folder / NAME).write_bytes(data)
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY)
    code = cli.main(["replay", "--policy", str(policy), str(folder), "--all", *extra])
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.mark.parametrize("json_output", [False, True], ids=["table", "json"])
def test_replay_prints_no_recorded_value_and_no_terminal_control(tmp_path, capsys, monkeypatch, json_output):
    """A recording made before every value was masked, or written by hand: replay printed its host, path,
    method and recorded rule names as they were (a token split over the table's folded lines is still on
    screen; with --json whole), and the table passed OSC/CSI sequences and rich markup to the terminal."""
    token = fakes.github_token()
    f = guarded(**{metakeys.FINDINGS: [{"rule": f"x {token} y", "action": "mask", "direction": "request"}],
                   metakeys.IDENTITY: f"agent {token}"})
    f.request.path = f"/v1/{token}/\x1b]52;c;aGk=\x07chat[link=https://evil.example]x[/link]?q=1"
    f.request.method = "P\x1b[2JOST"
    monkeypatch.setenv("COLUMNS", "1000")  # rows on one line each: nothing folded away from the checks
    code, out, err = replay(tmp_path, capsys, encoded(f), *(["--json"] if json_output else []))
    assert code == 0
    assert token not in out + err
    if not json_output:
        assert not any(c in out + err for c in CONTROLS), repr(out)
        assert "P\\x1b[2JOST" in out and "[link=https://evil.example]x[/link]" in out  # escaped, not markup


def test_replay_still_reports_the_visible_finding_masked(tmp_path, capsys):
    token = fakes.github_token()
    f = guarded()
    f.request.path = f"/v1/{token}"
    code, out, _ = replay(tmp_path, capsys, encoded(f), "--json")
    assert code == 0 and token not in out
    assert '"rule": "github-pat-classic"' in out and "[MASKED:github-pat-classic:" in out


def nested_list(depth: int) -> bytes:
    data = b"0:~"
    for _ in range(depth):
        data = str(len(data)).encode() + b":" + data + b"]"
    return data


@pytest.mark.parametrize("tail", [nested_list(3000), b"999999999999:", tnetstring.dumps({"type": "http"})],
                         ids=["nested_past_the_recursion_limit", "terabyte_length", "state_missing_keys"])
def test_an_unreadable_flow_after_good_ones_is_a_warning(tmp_path, capsys, tail):
    code, out, err = replay(tmp_path, capsys, encoded(guarded()) + tail)
    assert code == 0 and "1 flow(s)" in out
    assert "stopped at an incomplete or unreadable flow" in out + err


@pytest.mark.parametrize("metadata", [
    {metakeys.GROUPS: 5},
    {metakeys.GROUPS: [["nested"]]},
    {metakeys.FINDINGS: [{"rule": ["a list"], "action": "mask"}]},
    {metakeys.FINDINGS: [{"rule": "github-pat-classic", "action": "mask", "direction": {"a": 1}}]},
    {metakeys.FINDINGS: "not a list"},
    {metakeys.HOST_CLASS: ["guarded"]},
], ids=["groups_int", "groups_nested", "rule_list", "direction_dict", "findings_str", "host_class_list"])
def test_metadata_not_as_exitguard_writes_it_is_a_warning_not_a_traceback(tmp_path, capsys, metadata):
    code, out, err = replay(tmp_path, capsys, encoded(guarded(), guarded(**metadata)))
    assert code == 0 and "1 flow(s)" in out
    assert "not as exitguard records it" in " ".join((out + err).split())  # the terminal may fold the warning


def test_a_finding_whose_action_is_a_secret_never_prints_it(tmp_path, capsys):
    """The action went into Action(...) and its ValueError ('<value> is not a valid Action') to stderr."""
    token = fakes.github_token()
    f = guarded(**{metakeys.FINDINGS: [{"rule": "github-pat-classic", "action": f"x {token}"}]})
    code, out, err = replay(tmp_path, capsys, encoded(f))
    assert code == 0 and token not in out + err and "not as exitguard records it" in out + err


def test_a_fifo_named_like_a_recording_does_not_hang_replay(tmp_path, capsys):
    folder = tmp_path / "rec"
    folder.mkdir()
    os.mkfifo(folder / NAME)
    policy = tmp_path / "p.yaml"
    policy.write_text(POLICY)
    done: list[int] = []
    runner = threading.Thread(target=lambda: done.append(cli.main(["replay", "--policy", str(policy),
                                                                    str(folder)])), daemon=True)
    runner.start()
    runner.join(30)
    if runner.is_alive():
        with open(folder / NAME, "wb"):
            pass
        pytest.fail("replay hangs on a FIFO named like a recording")
    assert done == [2] and "not a regular file" in capsys.readouterr().err
