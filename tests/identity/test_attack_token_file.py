"""`exitguard token add|revoke` against races and a loose umask, and a local user against the token file's folder.
Real files, a real umask, real concurrent writers (threads in-process; processes in the live variant)."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from addons.cli import main as cli
from addons.identity.tokens import TokenStore

ROOT = Path(__file__).resolve().parents[2]
TOKEN = re.compile(r"egt_[0-9a-f]{12}_[A-Za-z0-9_-]{43}")


@pytest.mark.slow  # ~0.8 s: four `token add` runs at once, each save slowed by 0.2 s, taking turns
def test_concurrent_adds_each_keep_their_token(tmp_path, monkeypatch, capsys):
    """Each `add` loaded the file, added one entry and replaced the file: two at once, and the later one dropped
    the other's entry, whose token had been printed as saved (a CI job then failed with 407, or a revoke was
    undone by an add that loaded before it). The save is slowed down so the runs always overlap."""
    path = tmp_path / "tokens.json"
    save = TokenStore.save

    def slow_save(self):
        time.sleep(0.2)
        save(self)

    monkeypatch.setattr(TokenStore, "save", slow_save)
    statuses: list[int] = []
    runs = [threading.Thread(target=lambda i=i: statuses.append(cli.main(["token", "--file", str(path), "add",
                                                                          f"job{i}"]))) for i in range(4)]
    for run in runs:
        run.start()
    for run in runs:
        run.join()
    tokens = TOKEN.findall(capsys.readouterr().out)
    assert statuses == [0] * 4 and len(tokens) == 4
    store = TokenStore.load(path)
    assert sorted(store.verify(t).name for t in tokens) == ["job0", "job1", "job2", "job3"]


def test_a_revoke_racing_an_add_is_not_undone(tmp_path, monkeypatch, capsys):
    path = tmp_path / "tokens.json"
    assert cli.main(["token", "--file", str(path), "add", "leaver"]) == 0
    leaver = TOKEN.findall(capsys.readouterr().out)[0]
    load = TokenStore.load
    loaded = threading.Event()

    def slow_load(cls, *args, **kwargs):
        store = load(*args, **kwargs)
        if threading.current_thread().name == "adder":
            loaded.set()
            time.sleep(0.3)  # the add holds what it read while the revoke runs
        return store

    monkeypatch.setattr(TokenStore, "load", classmethod(slow_load))
    adder = threading.Thread(name="adder", target=cli.main, args=(["token", "--file", str(path), "add", "new"],))
    adder.start()
    loaded.wait(5)
    assert cli.main(["token", "--file", str(path), "revoke", "leaver"]) == 0
    adder.join()
    assert TokenStore.load(path).verify(leaver) is None


def test_under_umask_000_the_token_file_and_its_folders_are_private(tmp_path):
    path = tmp_path / "new" / "conf" / "tokens.json"
    old = os.umask(0)
    try:
        assert cli.main(["token", "--file", str(path), "add", "ci"]) == 0
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert {stat.S_IMODE(p.stat().st_mode) for p in (path.parent, path.parent.parent)} == {0o700}  # before: 0777


def test_a_token_is_not_issued_into_a_folder_others_may_write(tmp_path, capsys):
    """Whoever may write the folder replaces the file with their own (their tokens, their groups) or removes it;
    the proxy refuses such a file anyway, so the printed token would never work."""
    folder = tmp_path / "shared"
    folder.mkdir()
    folder.chmod(0o777)
    assert cli.main(["token", "--file", str(folder / "tokens.json"), "add", "ci"]) == 2
    out, err = capsys.readouterr()
    assert out == "" and not TOKEN.search(err) and "group/others may" in err
    assert not (folder / "tokens.json").exists()


@pytest.mark.live  # starts processes
def test_concurrent_token_add_processes_each_keep_their_token(tmp_path):
    path = tmp_path / "tokens.json"
    procs = [subprocess.Popen([sys.executable, "-m", "addons.cli.main", "token", "--file", str(path), "add",
                               f"job{i}"], cwd=ROOT, env=os.environ | {"PYTHONPATH": str(ROOT)},
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for i in range(8)]
    outs = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), outs
    store = TokenStore.load(path)
    assert all(store.verify(out.strip()) is not None for out, _ in outs)
