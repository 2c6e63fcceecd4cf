"""`exitguard up` says why it is quiet when loading the rules takes long (newuser44).

The first start on a machine (an empty ~/.cache/exitguard) compiles the rules' Hyperscan databases and parses every
pack: 26 s of CPU here, 70 s of wall time at load 6, and `up` printed nothing at all until it was done, so a
newcomer saw a command that hung. Now a line says what it is doing once loading has taken a few seconds (on a
terminal: what a log or a test reads stays the same however loaded the machine is).
"""

from __future__ import annotations

import sys
import time

from addons.cli import main as cli
from addons.cli import preflight, up


def test_a_slow_rule_load_is_said_while_it_runs(tmp_path, capsys, monkeypatch):
    real_check = preflight.check

    def slow_check(argv):  # loading the rules on a cold cache: waits until the notice is out (or 20 s)
        deadline = time.monotonic() + 20
        while "loading the detection rules" not in sys.stderr.getvalue() and time.monotonic() < deadline:
            time.sleep(0.05)
        return real_check(argv)

    monkeypatch.setattr(up, "SLOW_LOAD_NOTICE_S", 0.0)
    monkeypatch.setattr(up, "_stderr_is_terminal", lambda: True)  # on a terminal only
    monkeypatch.setattr(preflight, "check", slow_check)
    assert cli.main(["up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record",
                     "--confdir", str(tmp_path / "c")]) == 0
    err = capsys.readouterr().err
    assert "exitguard up: loading the detection rules" in err and "first start" in err, err


def test_nothing_is_said_where_stderr_is_no_terminal(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(up, "SLOW_LOAD_NOTICE_S", 0.0)  # a log, CI, a test reading stderr: the same lines always
    monkeypatch.setattr(preflight, "check", lambda argv, real=preflight.check: (time.sleep(0.5), real(argv))[1])
    assert cli.main(["up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record",
                     "--confdir", str(tmp_path / "c")]) == 0
    assert "loading the detection rules" not in capsys.readouterr().err


def test_a_load_done_before_the_delay_says_nothing_and_leaves_no_timer(tmp_path, capsys, monkeypatch):
    import threading

    monkeypatch.setattr(up, "SLOW_LOAD_NOTICE_S", 600.0)
    monkeypatch.setattr(up, "_stderr_is_terminal", lambda: True)
    assert cli.main(["up", "--dry-run", "--listen", "127.0.0.1:1", "--no-record",
                     "--confdir", str(tmp_path / "c")]) == 0
    assert "loading the detection rules" not in capsys.readouterr().err
    assert not [t for t in threading.enumerate() if t.name == "exitguard-slow-load"]
