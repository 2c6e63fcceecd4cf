"""The files deploy/README.md's own recipes write into the checkout stay out of the build context (newuser49).

`docker build .` sends the whole folder to the engine. The recipes are run from the checkout and leave there the
Kubernetes CA key and fingerprint key (`exitguard ca init --confdir ./ca`), token files (`./tokens.json`,
`alice.token`), the copied public CA (`eg-public/`) and the 100+ MB Debian base (`base.tar`): .dockerignore named
none of them, while deploy/README.md says it keeps "the CA, tokens, recordings and venvs" out."""

from __future__ import annotations

import fnmatch
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
GUIDE = (ROOT / "deploy" / "README.md").read_text()

# (a path a recipe writes, the words of deploy/README.md that write it)
WRITTEN = [
    ("ca/mitmproxy-ca.pem", "exitguard ca init --confdir ./ca"),
    ("ca/fingerprint.key", "> ./ca/fingerprint.key"),
    ("tokens.json", "exitguard token --file ./tokens.json add"),
    ("alice.token", "< alice.token"),
    ("ci-build.token", "> ci-build.token"),
    ("eg-public/mitmproxy-ca-cert.pem", "mkdir -m 700 eg-public"),
    ("base.tar", "trixie base.tar"),
    ("eg-tokens/tokens.json", "sudo install -d -m 700 -o 10001 -g 10001 eg-tokens"),  # newuser53
    ("eg-etc/secrets.yaml", "> eg-etc/secrets.yaml"),
]


def ignored(path: str, patterns: list[str]) -> bool:
    """Docker's rule for these plain patterns: a pattern matches the path or one of its leading folders."""
    parts = path.split("/")
    prefixes = ["/".join(parts[:n]) for n in range(1, len(parts) + 1)]
    return any(fnmatch.fnmatchcase(prefix, pattern) for pattern in patterns for prefix in prefixes)


@pytest.mark.parametrize("path, recipe", WRITTEN, ids=[p for p, _ in WRITTEN])
def test_a_file_a_recipe_leaves_in_the_checkout_is_not_in_the_build_context(path, recipe):
    assert recipe in GUIDE, f"deploy/README.md no longer says {recipe!r}: update this list"
    patterns = [line.strip() for line in (ROOT / ".dockerignore").read_text().splitlines()
                if line.strip() and not line.startswith("#")]
    assert ignored(path, patterns), f"{path} would be sent to the engine with the build context"
