"""Which rule regexes compiled before: remembered on disk, so loading the rules need not compile them all.

Compiling the shipped rules' ~430 regexes is most of building a scanner (~0.4 s of CPU at every start of a proxy
or a CLI call), and a process that lives a few seconds uses a few of them. A regex that compiled once with this
version of `regex` and these flags compiles again, with the same value group: the loader takes that from the
memo and leaves the compile to the rule's first use (`Rule.pattern`). A regex the memo does not hold is compiled
and checked at load as before, so a bad rule still fails its pack with a clear error.

The memo lives beside the Hyperscan database cache (~/.cache/exitguard, 0700, used only when no other user can write
there: cache_dir.py), keyed by a digest of the flags and
the source: it holds no rule text. Trust is the same as that cache's. An entry that lies (a regex that does not
compile, or another value group) is caught at the rule's first use, which raises `RuleError` there; the guard
fails closed on it. A cache that cannot be read or written only costs start-up time.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import regex

from .cache_dir import cache_dir, read_bounded, write_replacing

# Entries kept (each ~40 bytes on disk): the shipped rules and many test packs' rules; the oldest go first.
MAX_ENTRIES = 20_000
# A memo larger than its entries can make (~0.8 MB) is not read at all: no start reads and parses a huge file.
MAX_BYTES = 4 * 1024 * 1024


def _memo_path() -> Path | None:
    folder = cache_dir()
    return folder / f"regex-memo-{regex.__version__}.json" if folder is not None else None


def _digest(source: str, flags: int) -> str:
    return hashlib.sha256(f"{flags}\0{source}".encode()).hexdigest()[:32]


class RegexMemo:
    """Digest of (flags, source) -> the regex's value group (0: compiles, no group asked for)."""

    def __init__(self, path: Path | None = None) -> None:
        # None: no private cache folder (cache_dir.py), so nothing is read or written; it still serves this process.
        self.path = path if path is not None else _memo_path()
        self._known: dict[str, int] = {}
        self._added: dict[str, int] = {}
        if self.path is None:
            return
        loaded = _read(self.path)
        if isinstance(loaded, dict):
            self._known = {k: v for k, v in loaded.items() if isinstance(k, str) and type(v) is int and v >= 0}

    def value_group(self, source: str, flags: int) -> int | None:
        """The value group the regex compiled with, or None when it was never compiled (or not remembered)."""
        digest = _digest(source, flags)
        found = self._known.get(digest)
        return found if found is not None else self._added.get(digest)

    def remember(self, source: str, flags: int, value_group: int) -> None:
        digest = _digest(source, flags)
        if self._known.get(digest) != value_group:
            self._added[digest] = value_group

    def save(self) -> None:
        """Write what was added (merged with what another process wrote meanwhile; atomic replace)."""
        if not self._added:
            return
        if self.path is None:
            self._known.update(self._added)
            self._added = {}
            return
        current = _read(self.path)
        if not isinstance(current, dict):
            current = {}
        current.update(self._added)
        if len(current) > MAX_ENTRIES:
            current = dict(list(current.items())[-MAX_ENTRIES:])
        try:
            self.path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
            write_replacing(self.path, json.dumps(current, separators=(",", ":")).encode())
        except OSError:
            return  # a read-only home only costs start-up time
        self._known.update(self._added)
        self._added = {}


def _read(path: Path):
    """The memo's JSON, or None when it is missing, unreadable, too large or not JSON."""
    try:
        data = read_bounded(path, MAX_BYTES)
        return json.loads(data) if data is not None else None
    except (OSError, ValueError):
        return None
