"""Parsed rule packs remembered on disk, so a start need not parse the YAML and analyse every regex again.

Parsing the shipped rules (libyaml, compacting verbose regexes, the regex-shape walks) costs a fresh process ~0.3 s
of CPU: every proxy start and every CLI call. The parse is a pure function of the files' bytes, their paths (a
Rule keeps its file's path) and the code that parses them, so its result is stored as JSON under a digest of all
three (`key`): the exact bytes of every rule file, their paths, this package's own source files, the Python and
`regex` versions and FORMAT. A file edited, renamed or added, or a parser changed, is another key: never a stale
hit. The stored entry repeats the full key and is read back field by field with its types checked; anything
else (truncated, corrupt, another key, a field missing or of another type) is no entry, and the caller parses the
files as before and writes a fresh one.

Trust is the Hyperscan cache's and the regex memo's (cache_dir.py): the folder is used only when nobody else can
write there, and the file itself is read only when it is a regular file of this user that no one else may write
(no symlink followed). JSON, never pickle: a cache file decides which rules run, not what code runs. The entry
holds what the rule files hold (ids, regexes, examples), nothing from traffic. Without a private folder nothing
is read or written: the rules are parsed, which costs only start-up time.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
import stat
import sys
from pathlib import Path

import regex

from .cache_dir import cache_dir, write_replacing

FORMAT = 1  # bump when the stored fields change
MAX_BYTES = 32 * 1024 * 1024  # the shipped rules take ~2 MB: a larger file is not read at all
KEPT = 16  # entries kept (the shipped rules, a policy's packs, a few test packs): the least recently used go first
_PREFIX = "rules-"
_CODE_DIGEST: str | None = None


def key(contents: list[tuple[str, bytes]]) -> str:
    """The digest of every input of a parse: (path as the Rule records it, bytes) per file, in load order, and
    the code that parses them."""
    digest = hashlib.sha256(f"{FORMAT}\0{sys.version}\0{regex.__version__}\0{_code_digest()}\0".encode())
    for path, data in contents:
        digest.update(hashlib.sha256(path.encode("utf-8", "surrogateescape")).digest())
        digest.update(hashlib.sha256(data).digest())
    return digest.hexdigest()


def load(full_key: str) -> list | None:
    """The stored records for `full_key`, or None (no private folder, no entry, or one that cannot be trusted)."""
    path = _path(full_key)
    if path is None:
        return None
    try:
        data = _read_own(path)
        document = json.loads(data) if data is not None else None
    except (OSError, ValueError, RecursionError):  # deep nesting raises RecursionError: parse, never crash (attack44)
        return None
    if not isinstance(document, dict) or document.get("key") != full_key or not isinstance(document.get("rules"),
                                                                                            list):
        return None
    with contextlib.suppress(OSError):
        os.utime(path)  # in use: the newest, so that test packs and reloads do not push it out first
    return document["rules"]


def save(full_key: str, records: list) -> None:
    """Store the records (atomic replace through an unguessable name), keeping the newest KEPT entries."""
    path = _path(full_key)
    if path is None:
        return
    data = json.dumps({"key": full_key, "rules": records}, separators=(",", ":")).encode()
    if len(data) > MAX_BYTES:
        return
    try:
        write_replacing(path, data)
        entries = sorted(path.parent.glob(f"{_PREFIX}*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in entries[KEPT:]:
            with contextlib.suppress(OSError):
                old.unlink()
    except OSError:
        return  # a read-only or full disk only costs start-up time


def _path(full_key: str) -> Path | None:
    if not _code_digest():
        return None  # no source files to key the parser by (a bytecode-only install): no cache
    folder = cache_dir()
    return folder / f"{_PREFIX}{full_key[:32]}.json" if folder is not None else None


def _read_own(path: Path) -> bytes | None:
    """The file's bytes when it is a regular file of this user, writable by nobody else and not too large; else
    None. Opened without following a symlink, checked on the open descriptor."""
    try:
        descriptor = os.open(path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)  # a FIFO planted there: no hang
    except FileNotFoundError:
        return None
    with os.fdopen(descriptor, "rb") as file:
        info = os.fstat(descriptor)
        if (not stat.S_ISREG(info.st_mode) or info.st_uid != os.geteuid() or info.st_mode & 0o022
                or info.st_size > MAX_BYTES):
            return None
        data = file.read(MAX_BYTES + 1)
    return data if len(data) <= MAX_BYTES else None


def _code_digest() -> str:
    """This package's source files (the parser and everything it calls), read once per process."""
    global _CODE_DIGEST
    if _CODE_DIGEST is None:
        digest, sources = hashlib.sha256(), sorted(Path(__file__).parent.glob("*.py"))
        for source in sources:
            digest.update(source.name.encode() + b"\0" + source.read_bytes() + b"\0")
        _CODE_DIGEST = digest.hexdigest() if sources else ""
    return _CODE_DIGEST
