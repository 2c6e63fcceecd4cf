"""Where the commands keep their files by default. From a checkout, the CA and the recordings stay in it
(`certs/`, `recordings/`: both git-ignored); an installed package keeps them in `~/.exitguard/` rather than
inside site-packages."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "addons" / "bundle.py"
_HOME = ROOT if (ROOT / "pyproject.toml").is_file() else Path.home() / ".exitguard"
DEFAULT_CONFDIR = _HOME / "certs"
DEFAULT_RECORD_DIR = _HOME / "recordings"
DEFAULT_TOKENS_FILE = DEFAULT_CONFDIR / "exitguard-tokens.json"  # <confdir>/exitguard-tokens.json of `up`
