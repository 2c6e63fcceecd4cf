"""Checks shared by the policy section parsers. Every error names where in the file it is (``where`` is
"<policy file>: <section>.<key path>") and never echoes a value, which could be a credential.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from addons.core.policy import PolicyError


def fail(where: str, what: str):
    raise PolicyError(f"{where}: {what}")


def no_unknown(data: dict, known: set[str], where: str) -> None:
    unknown = sorted(str(k) for k in data if k not in known)
    if unknown:
        fail(where, f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")


def mapping(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        fail(where, f"expected a mapping, got {type(value).__name__}")
    return value


def choice(value: Any, choices: tuple[str, ...], where: str) -> str:
    if value not in choices:
        fail(where, f"expected one of {', '.join(choices)}")
    return value


def string(value: Any, where: str) -> str:
    if not isinstance(value, str) or not value.strip():
        fail(where, f"expected a non-empty string, got {type(value).__name__}")
    return value


def strings(value: Any, where: str, allow_empty: bool = False) -> tuple[str, ...]:
    """A string or a list of strings (integers, e.g. numeric claim values, are taken as strings)."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) and str(v)
                                              for v in value) or (not value and not allow_empty):
        fail(where, "expected a string or a list of strings")
    return tuple(str(v) for v in value)


def integer(value: Any, low: int, high: int, where: str) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        fail(where, f"expected an integer from {low} to {high}")
    return value


def policy_dir(where: str) -> Path:
    """The folder of the policy file named in ``where``: relative paths in a section are relative to it."""
    source = Path(where.rsplit(": ", 1)[0])
    return source.resolve().parent if source.is_file() else Path.cwd()
