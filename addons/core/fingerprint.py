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

from addons.core import secretfile

KEY_BYTES = 32
MIN_KEY_BYTES = 16
MAX_KEY_FILE_BYTES = 4096  # a hex key is 64 characters


class KeyFileError(ValueError):
    """The fingerprint key file cannot be used (names the file and why, never its content)."""


class Fingerprinter:
    def __init__(self, key: bytes) -> None:
        if len(key) < MIN_KEY_BYTES:
            raise ValueError(f"fingerprint key must be at least {MIN_KEY_BYTES} bytes")
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
        """The key in ``path``, made (0600, its folders 0700) when nothing is at that name. Whoever knows the key
        tests guesses against the recorded fingerprints and seals shared approval records, so it is read only as a
        secret file (``core/secretfile.py``: the proxy's user's and private, or root's for its group). KeyFileError
        names the file and what is wrong, never the content."""
        path = Path(path)
        if not os.path.lexists(path):
            # Written whole, then linked in: replicas starting together read one key, never a part-written one.
            secretfile.create_private_file(path, (secrets.token_bytes(KEY_BYTES).hex() + "\n").encode())
        try:
            text = secretfile.read_secret_file(path, MAX_KEY_FILE_BYTES, folders=not secretfile.folders_unshared())
        except secretfile.SecretFileError as e:
            raise KeyFileError(f"fingerprint key {e}") from None
        try:
            key = bytes.fromhex(text)
        except ValueError:
            raise KeyFileError(f"fingerprint key {path} does not hold a hex key (as exitguard writes it: "
                               f"{KEY_BYTES} random bytes in hex)") from None
        if len(key) < MIN_KEY_BYTES:
            raise KeyFileError(f"fingerprint key {path} holds {len(key)} bytes: at least {MIN_KEY_BYTES} are needed "
                               f"(exitguard makes {KEY_BYTES}; a new key changes every tag)")
        return cls(key)
