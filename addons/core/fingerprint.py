"""Keyed fingerprints of detected values: the only trace of a secret exitguard ever keeps.

HMAC-SHA256 with a per-installation key: the same value always gets the same tag (so a masked
conversation stays coherent turn after turn, and an auditor can correlate findings), while nobody
without the key can test a guess against the audit index.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from pathlib import Path

KEY_BYTES = 32


class Fingerprinter:
    def __init__(self, key: bytes) -> None:
        if len(key) < 16:
            raise ValueError("fingerprint key must be at least 16 bytes")
        self._key = key

    def __repr__(self) -> str:  # never show the key
        return "Fingerprinter(<key>)"

    def digest(self, value: str) -> str:
        """16 hex chars: recorded in the audit index."""
        return hmac.new(self._key, value.encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()[:16]

    def tag(self, value: str) -> str:
        """6 hex chars: shown in the placeholder that replaces the value."""
        return self.digest(value)[:6]

    def subkey(self, purpose: str) -> bytes:
        """A key of its own for ``purpose`` (e.g. sealing shared state), derived from this one: nothing keyed
        with it can be compared with a digest or tag recorded elsewhere."""
        return hmac.new(self._key, b"exitguard subkey\0" + purpose.encode(), hashlib.sha256).digest()

    @classmethod
    def load_or_create(cls, path: str | Path) -> Fingerprinter:
        path = Path(path)
        try:
            return cls(bytes.fromhex(path.read_text().strip()))
        except FileNotFoundError:
            pass
        path.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_bytes(KEY_BYTES)
        # O_EXCL: if two processes race, one creates and the other reads the winner's key.
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            return cls(bytes.fromhex(path.read_text().strip()))
        with os.fdopen(fd, "w") as f:
            f.write(key.hex() + "\n")
        return cls(key)

