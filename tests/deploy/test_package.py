"""A plain (non-editable) install carries the rule packs and the default policy as package data: build the wheel,
install it into an empty folder and use it from outside the checkout."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from tests.live.harness import ROOT

pytestmark = pytest.mark.live


def test_the_wheel_carries_rules_and_policy(tmp_path):
    wheels, target, source = tmp_path / "wheels", tmp_path / "site", tmp_path / "source"
    # Build from a copy of what git tracks, so a stale build/ folder in the checkout cannot leak into the wheel.
    source.mkdir()
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    for folder in ("addons", "rules"):
        shutil.copytree(ROOT / folder, source / folder, ignore=shutil.ignore_patterns("__pycache__"))
    subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w",
                    str(wheels), str(source)], check=True, capture_output=True, timeout=300)
    (wheel,) = wheels.glob("exitguard-*.whl")
    subprocess.run([sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
                   check=True, capture_output=True, timeout=300)
    probe = """
import json
import shutil
from addons.core import policy, runtime
from addons.detect import Scanner
scanner = Scanner.default()
print(json.dumps({"rules_dir": str(runtime.DEFAULT_RULES_DIR), "policy": str(policy.DEFAULT_POLICY_FILE),
                  "mode": policy.Policy.load().mode, "rules": len(scanner.rules),
                  "found": [f.rule_id for f in scanner.scan("aws AKIAIOSFODNN7EXAMPL3 key")]}))
"""
    out = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env={"PYTHONPATH": str(target)},
                         capture_output=True, text=True, timeout=120)
    assert out.returncode == 0, out.stderr
    got = json.loads(out.stdout)
    assert got["rules_dir"].startswith(str(target)) and got["policy"].startswith(str(target))
    assert got["mode"] == "enforce" and got["rules"] >= 300 and got["found"] == ["aws-access-key-id"]
