"""Where the commands keep their files by default. From a checkout, the CA and the recordings stay in it
(`certs/`, `recordings/`: both git-ignored); an installed package keeps them in `~/.exitguard/` rather than
inside site-packages."""

from __future__ import annotations

import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "addons" / "bundle.py"
_HOME = ROOT if (ROOT / "pyproject.toml").is_file() else Path.home() / ".exitguard"
DEFAULT_CONFDIR = _HOME / "certs"
DEFAULT_RECORD_DIR = _HOME / "recordings"
DEFAULT_TOKENS_FILE = DEFAULT_CONFDIR / "exitguard-tokens.json"  # <confdir>/exitguard-tokens.json of `up`


def command() -> str:
    """How to type this exitguard command: ``exitguard`` where PATH finds this one, else the checkout's
    ``scripts/exitguard`` (from a checkout, only ``.venv/bin`` holds it), else its full path."""
    installed = Path(sys.executable).parent / "exitguard"
    found = shutil.which("exitguard")
    if found and Path(found).resolve() == installed.resolve():
        return "exitguard"
    script = ROOT / "scripts" / "exitguard"
    if script.is_file():
        return str(script)
    return str(installed) if installed.exists() else "exitguard"
