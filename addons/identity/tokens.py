"""Static proxy tokens: a JSON file of salted hashes, never the tokens themselves. Pure, no mitmproxy import.

A token is ``egt_<id>_<secret>``: ``id`` (12 hex chars, public) finds the entry in O(1), ``secret`` is 256 bits
from ``secrets.token_urlsafe``. The file keeps ``sha256(salt || secret)`` per entry. A fast hash is enough here:
slow KDFs (scrypt, argon2) exist to make guessing *low-entropy passwords* expensive, but guessing a 256-bit
random secret is infeasible at any hash speed, and a fast hash keeps per-request verification cheap.
All characters are URL-safe, so the token fits in ``HTTPS_PROXY=http://NAME:TOKEN@host:port`` unescaped.
"""

from __future__ import annotations

import fcntl
import hashlib
import hmac
import json
import os
import re
import secrets
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from addons.core import secretfile
from addons.core.secretfile import SecretFileError, read_secret_file

PREFIX = "egt_"
MAX_FILE_BYTES = 16 << 20  # tens of thousands of tokens
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._@-]{0,127}$")
GROUP_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
_TOKEN_RE = re.compile(r"^egt_([0-9a-f]{12})_([A-Za-z0-9_-]{43})$")


class TokenFileError(ValueError):
    """The token file cannot be used as it is (names the file and what is wrong, never a token)."""


@dataclass(frozen=True)
class TokenEntry:
    id: str
    name: str
    groups: tuple[str, ...]
    salt: str  # hex
    hash: str  # hex sha256(salt || secret)
    created: int


def looks_like_token(value: str) -> bool:
    return value.startswith(PREFIX)


def _digest(salt_hex: str, secret: str) -> str:
    return hashlib.sha256(bytes.fromhex(salt_hex) + secret.encode()).hexdigest()


class TokenStore:
    def __init__(self, path: str | Path, entries: list[TokenEntry] | None = None) -> None:
        self.path = Path(path)
        self.entries: dict[str, TokenEntry] = {e.id: e for e in entries or []}

    # ----------------------------------------------------------------- file

    @classmethod
    def load(cls, path: str | Path, missing_ok: bool = False) -> TokenStore:
        path = Path(path)
        if not path.exists():
            if missing_ok:
                return cls(path)
            raise TokenFileError(f"{path}: token file not found (create one with `exitguard token add`)")
        try:  # private to the proxy's user (or root's for its group), like every secret file: core/secretfile.py
            text = read_secret_file(path, MAX_FILE_BYTES)
        except SecretFileError as e:
            raise TokenFileError(f"token file {e}") from None
        try:
            data = json.loads(text)
            if data.get("version") != 1 or not isinstance(data.get("tokens"), list):
                raise ValueError("expected {version: 1, tokens: [...]}")
            entries = [TokenEntry(id=t["id"], name=t["name"], groups=tuple(t.get("groups", [])), salt=t["salt"],
                                  hash=t["hash"], created=int(t.get("created", 0))) for t in data["tokens"]]
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise TokenFileError(f"{path}: not a valid exitguard token file ({type(e).__name__}: {e})") from None
        return cls(path, entries)

    @classmethod
    @contextmanager
    def editing(cls, path: str | Path, missing_ok: bool = False) -> Iterator[TokenStore]:
        """The store to change and ``save``, loaded under an exclusive lock on the file's folder, held until the
        block ends: writers one at a time, each on the file the last one saved (two ``exitguard token add`` at
        once each keep their token; an add never brings back what a revoke removed). The proxy only reads: each
        save replaces the file whole."""
        path = Path(path)
        secretfile.make_private_folder(path.parent)
        folder = os.open(path.parent, os.O_RDONLY | os.O_DIRECTORY | os.O_CLOEXEC)
        try:
            fcntl.flock(folder, fcntl.LOCK_EX)
            yield cls.load(path, missing_ok)
        finally:
            os.close(folder)  # releases the lock

    def save(self) -> None:
        """Atomic replace with a file created 0600 (never briefly world-readable), in a folder nobody else may
        write (its writers could replace the file: the proxy refuses such a file, see ``load``)."""
        secretfile.make_private_folder(self.path.parent)
        if not secretfile.folders_unshared() and (why := secretfile.private_folder_problem(self.path.parent)):
            raise TokenFileError(f"not writing the token file {self.path}: {why}")
        data = {"version": 1, "tokens": [
            {"id": e.id, "name": e.name, "groups": list(e.groups), "salt": e.salt, "hash": e.hash,
             "created": e.created} for e in sorted(self.entries.values(), key=lambda e: (e.name, e.created))]}
        fd, tmp = tempfile.mkstemp(prefix=".tokens-", dir=self.path.parent)  # mkstemp creates 0600
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, indent=1)
                f.write("\n")
            os.replace(tmp, self.path)
        except BaseException:
            os.unlink(tmp)
            raise

    # ----------------------------------------------------------------- management

    def add(self, name: str, groups: list[str] | tuple[str, ...] = ()) -> str:
        """Create a token for ``name``; returns it. Only its salted hash is kept, so show it to the user once."""
        if not NAME_RE.match(name):
            raise ValueError(f"token name {name!r}: use letters, digits and . _ @ - (max 128)")
        for g in groups:
            if not GROUP_RE.match(g):
                raise ValueError(f"group {g!r}: use letters, digits and . _ - (max 64)")
        token_id = secrets.token_hex(6)
        while token_id in self.entries:
            token_id = secrets.token_hex(6)
        secret = secrets.token_urlsafe(32)  # 32 bytes -> 43 chars
        salt = secrets.token_hex(16)
        self.entries[token_id] = TokenEntry(token_id, name, tuple(groups), salt, _digest(salt, secret),
                                            int(time.time()))
        return f"{PREFIX}{token_id}_{secret}"

    def revoke(self, name: str) -> int:
        """Remove every token of ``name``; returns how many."""
        doomed = [i for i, e in self.entries.items() if e.name == name]
        for i in doomed:
            del self.entries[i]
        return len(doomed)

    def list(self) -> list[TokenEntry]:
        return sorted(self.entries.values(), key=lambda e: (e.name, e.created))

    # ----------------------------------------------------------------- verification

    def verify(self, token: str) -> TokenEntry | None:
        """The entry for ``token``, or None. The hash comparison is constant-time."""
        m = _TOKEN_RE.match(token)
        if not m:
            return None
        entry = self.entries.get(m.group(1))
        # Hash even when the id is unknown, so timing does not tell valid ids from invalid ones.
        salt = entry.salt if entry else "00" * 16
        ok = hmac.compare_digest(_digest(salt, m.group(2)), entry.hash if entry else "0" * 64)
        return entry if ok and entry else None

    def entry_named_by(self, token: str) -> TokenEntry | None:
        """The entry whose id ``token`` carries, its secret unchecked: who a refused (revoked, mistyped) token
        claims to be. Never a reason to let it in (``verify`` is)."""
        m = _TOKEN_RE.match(token)
        return self.entries.get(m.group(1)) if m else None

    def has_name(self, name: str) -> bool:
        return any(e.name == name for e in self.entries.values())

    def has(self, token_id: str) -> bool:
        return token_id in self.entries
