"""scripts/bootstrap.sh finds a Python >= 3.12 where a new user has one: here, pyenv's versions when neither
$PYENV_ROOT nor ~/.pyenv points at them (pyenv installed under another home, a shell with a fresh HOME)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from tests.live.harness import ROOT

BOOTSTRAP = ROOT / "scripts" / "bootstrap.sh"
TOOLS = ("bash", "readlink", "dirname", "awk", "env")


def sandbox(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """A pyenv root with one 3.12 version (this interpreter) and pyenv on PATH, under no HOME of its own; PATH
    holds only the tools the script needs, so no other Python is found."""
    root = tmp_path / "elsewhere" / ".pyenv"
    version = root / "versions" / "3.12.99" / "bin"
    version.mkdir(parents=True)
    (version / "python3").symlink_to(sys.executable)
    (root / "libexec").mkdir()
    (root / "libexec" / "pyenv").write_text("#!/bin/sh\necho \"$HOME/.pyenv\"\n")  # pyenv root answers from HOME
    (root / "libexec" / "pyenv").chmod(0o755)
    (root / "bin").mkdir()
    (root / "bin" / "pyenv").symlink_to(root / "libexec" / "pyenv")
    tools = tmp_path / "tools"
    tools.mkdir()
    for name in TOOLS:
        (tools / name).symlink_to(shutil.which(name) or pytest.fail(f"{name} not found"))
    home = tmp_path / "home"
    home.mkdir()
    environ = {k: v for k, v in os.environ.items() if k not in ("PYENV_ROOT", "PYTHON", "PATH", "HOME")}
    return version / "python3", environ | {"HOME": str(home), "PATH": f"{root / 'bin'}:{tools}"}


def test_pyenv_versions_are_found_from_the_pyenv_on_path(tmp_path):
    python, environ = sandbox(tmp_path)
    done = subprocess.run(["bash", str(BOOTSTRAP), "--which-python"], capture_output=True, text=True, env=environ,
                          timeout=60)
    assert (done.returncode, done.stdout.strip()) == (0, str(python)), done.stderr


def test_no_python_says_where_it_looked(tmp_path):
    python, environ = sandbox(tmp_path)
    python.unlink()
    done = subprocess.run(["bash", str(BOOTSTRAP), "--which-python"], capture_output=True, text=True, env=environ,
                          timeout=60)
    assert done.returncode == 1 and done.stdout == ""
    first = done.stderr.splitlines()[0]
    assert first.startswith("exitguard needs Python 3.12 or newer (mitmproxy 12). None was found on PATH or in pyenv (")
    assert f"{tmp_path / 'elsewhere' / '.pyenv' / 'versions'}" in first and f"{tmp_path / 'home'}" in first
