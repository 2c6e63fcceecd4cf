"""The import rules of DESIGN.md ("Layout"), checked on the source: detect and formats are pure (no mitmproxy,
nothing else of exitguard), the core knows no concern, and a concern imports only the core, detect, formats and
itself. The chain, the bundle and the CLI put the parts together and may import any of them."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ADDONS = Path(__file__).resolve().parents[1] / "addons"
PURE = {"detect", "formats"}
CONCERNS = {"guard", "stream", "identity", "credentials", "approval", "audit"}
ASSEMBLY = {"cli", "chain", "bundle"}


def part_of(path: Path) -> str:
    rel = path.relative_to(ADDONS)
    return rel.parts[0].removesuffix(".py") if len(rel.parts) > 1 or rel.stem != "__init__" else "__init__"


def imports(path: Path, text: str | None = None) -> list[str]:
    """Every module name `path` imports, relative imports resolved."""
    tree = ast.parse(path.read_text() if text is None else text, str(path))
    package = ".".join(("addons", *path.relative_to(ADDONS).parent.parts))
    names = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                parent = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*parent, base]) if base else ".".join(parent)
            names.append(base)
            names += [f"{base}.{alias.name}" for alias in node.names]
    return names


def allowed(part: str) -> set[str]:
    if part in PURE:
        return {part}
    if part == "core":
        return {"core", *PURE}
    if part in CONCERNS:
        return {"core", *PURE, part}
    return {"core", *PURE, *CONCERNS, *ASSEMBLY}


SOURCES = sorted(p for p in ADDONS.rglob("*.py") if "__pycache__" not in p.parts)


def test_every_folder_is_a_known_part():
    folders = {p.name for p in ADDONS.iterdir() if p.is_dir() and p.name != "__pycache__"}
    assert folders == {"core", *PURE, *CONCERNS, "cli"}


def violations(path: Path, text: str | None = None) -> list[str]:
    part = part_of(path)
    names = imports(path, text)
    used = {name.split(".")[1] for name in names if name.startswith("addons.")}
    found = [f"{part} imports addons.{name}" for name in sorted(used - allowed(part) - {"__init__"})]
    if part in PURE:
        found += [f"{part} imports {n} (must stay pure)" for n in names if n.split(".")[0] == "mitmproxy"]
    return found


@pytest.mark.parametrize("path", [p for p in SOURCES if part_of(p) != "__init__"],
                         ids=lambda p: str(p.relative_to(ADDONS)))
def test_import_rules(path):
    assert violations(path) == []


@pytest.mark.parametrize(("where", "text", "expected"), [
    ("guard/guard.py", "from addons.audit import index\n", ["guard imports addons.audit"]),
    ("core/policy.py", "from addons.approval.rules import parse\n", ["core imports addons.approval"]),
    ("detect/scanner.py", "import mitmproxy.http\n", ["detect imports mitmproxy.http (must stay pure)"]),
    ("formats/sse.py", "from ..core import metakeys\n", ["formats imports addons.core"]),
    ("stream/masker.py", "from addons.core import metakeys\nfrom addons.detect import Scanner\n", []),
])
def test_the_checker_catches_violations(where, text, expected):
    assert violations(ADDONS / where, text) == expected
