"""The one set of checks for policy files: the core keys (policy.py) and every registered section.

`At` is a place in a policy file (the file and the key path inside it); each check is a method of it, so every
error names the file, the key path, what is wrong and, for a choice, the allowed values. Values are echoed
only where they are words from a closed set or structure (a mistyped action, a host pattern); never a value
that could be a credential. Errors are `PolicyError`.
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, NoReturn


class PolicyError(ValueError):
    """A policy file that cannot be enforced exactly as written."""


def did_you_mean(word: str, known: Iterable[str]) -> str:
    """`` (did you mean X?)`` for the closest known word, or nothing when none is close: a typo gets its fix."""
    close = difflib.get_close_matches(word, [str(k) for k in known], n=1, cutoff=0.6)
    return f" (did you mean {close[0]}?)" if close else ""


@dataclass(frozen=True)
class At:
    source: str  # the policy file
    path: str = ""  # the key path inside it, e.g. "identity.oidc[0].leeway"

    def __str__(self) -> str:
        return f"{self.source}: {self.path or 'top level'}"

    def key(self, name: object) -> At:
        return At(self.source, f"{self.path}.{name}" if self.path else str(name))

    def item(self, index: object) -> At:
        """A list entry: ``[0]``, or a named one such as ``[my-rule]``."""
        return At(self.source, f"{self.path}[{index}]")

    def fail(self, what: str) -> NoReturn:
        raise PolicyError(f"{self}: {what}")

    @property
    def folder(self) -> Path:
        """The policy file's folder: relative paths in a policy are relative to it."""
        source = Path(self.source)
        return source.resolve().parent if source.is_file() else Path.cwd()

    # ---- checks: each returns the value (normalised) or fails naming this place -----------------------

    def mapping(self, value: Any, expected: str = "a mapping") -> dict:
        """A mapping; absent (None) is an empty one."""
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(f"expected {expected}, got {type(value).__name__}")
        return value

    def listing(self, value: Any, expected: str = "a list") -> list:
        if not isinstance(value, list):
            self.fail(f"expected {expected}, got {type(value).__name__}")
        return value

    def no_unknown(self, data: dict, known: Iterable[str]) -> None:
        known = {str(k) for k in known}
        unknown = sorted(str(k) for k in data if str(k) not in known)
        if unknown:
            hint = did_you_mean(unknown[0], known) if len(unknown) == 1 else ""
            self.fail(f"unknown key(s) {', '.join(unknown)}{hint} (known: {', '.join(sorted(known))})")

    def required(self, data: dict, *keys: str) -> None:
        for key in keys:
            if key not in data:
                self.fail(f"missing {key}")

    def choice(self, value: Any, choices: Iterable[str], why: str = "") -> str:
        """One word of a closed set (a StrEnum or a tuple of strings). The value is shown: it is a mistyped
        word, and showing it is what makes the error useful."""
        choices = tuple(str(c) for c in choices)
        if not isinstance(value, str) or value not in choices:
            shown = repr(value) if isinstance(value, (str, int, float, bool)) and len(str(value)) <= 40 else \
                f"a {type(value).__name__}"
            self.fail(f"{shown} is not one of {', '.join(choices)}{f' ({why})' if why else ''}")
        return value

    def string(self, value: Any) -> str:
        if not isinstance(value, str) or not value.strip():
            self.fail(f"expected a non-empty string, got {type(value).__name__}")
        return value

    def strings(self, value: Any, allow_empty: bool = False) -> tuple[str, ...]:
        """A string or a list of strings (integers, e.g. numeric claim values, are taken as strings)."""
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, (str, int)) and not isinstance(v, bool) and str(v)
                                                  for v in value) or (not value and not allow_empty):
            self.fail("expected a string or a list of strings")
        return tuple(str(v) for v in value)

    def integer(self, value: Any, low: int, high: int) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
            self.fail(f"expected an integer from {low} to {high}")
        return value

    def positive_int(self, value: Any) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(f"expected a positive integer, got {value!r}" if isinstance(value, int) else
                      f"expected a positive integer, got {type(value).__name__}")
        return value

    def hosts(self, value: Any) -> tuple[str, ...]:
        """Host names or globs, lower-cased, without a trailing dot."""
        if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
            self.fail("expected a list of host names or globs")
        for h in value:
            if "/" in h or ":" in h or " " in h:
                self.fail(f"{h!r}: host names only (no scheme, port or path)")
        return tuple(h.lower().rstrip(".") for h in value)

    def file_path(self, value: Any) -> Path:
        """A file path; relative to the policy file's folder."""
        p = Path(self.string(value)).expanduser()
        return p if p.is_absolute() else self.folder / p
