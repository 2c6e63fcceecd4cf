"""Seal what the fleet's approvals keep in the shared store, so whoever reaches Redis without the proxy's
fingerprint key (``exitguard_key_file``, which every replica shares) cannot write a decision.

Every approval record, window, decision message and decision-link record carries ``seal``: HMAC-SHA256, with a
key derived from the fingerprint key, of where it sits (its key or channel name) and its canonical JSON. A value
whose seal is missing or wrong is treated as absent (logged by where it sat, never by content): a forged
``approved`` record, message or window releases nothing, and a genuine value copied under another key (a window
moved to another request's fingerprint) no longer matches. What a seal cannot stop: deleting values (approvals
then fail closed or are opened again), and replaying a genuine message for the same approval while its sealed
deadline has not passed (EVASION.md, "Shared state").
"""

from __future__ import annotations

import hashlib
import hmac
import json
import logging
from collections.abc import Callable

from addons.core import runtime
from addons.core.fingerprint import Fingerprinter

logger = logging.getLogger(__name__)

FIELD = "seal"
PURPOSE = "shared-state seal v1"


class Seal:
    def __init__(self, key: Callable[[], bytes]) -> None:
        self._key = key  # asked each time: a policy reload may bring another key file

    @classmethod
    def of_runtime(cls) -> Seal:
        return cls(lambda: runtime.get().fingerprinter.subkey(PURPOSE))

    @classmethod
    def of_key(cls, fingerprint_key: bytes) -> Seal:
        subkey = Fingerprinter(fingerprint_key).subkey(PURPOSE)
        return cls(lambda: subkey)

    def __repr__(self) -> str:  # never show the key
        return "Seal(<key>)"

    def _mac(self, where: str, doc: dict) -> str:
        body = json.dumps({k: v for k, v in doc.items() if k != FIELD}, sort_keys=True, separators=(",", ":"))
        return hmac.new(self._key(), where.encode() + b"\0" + body.encode(), hashlib.sha256).hexdigest()

    def sealed(self, where: str, doc: dict) -> dict:
        """``doc`` with its seal for ``where`` (a key or channel name, without the store's prefix)."""
        return {**doc, FIELD: self._mac(where, doc)}

    def dumps(self, where: str, doc: dict) -> str:
        return json.dumps(self.sealed(where, doc))

    def opened(self, where: str, doc: object) -> dict | None:
        """``doc`` without its seal if it was sealed for ``where`` with this key; None otherwise."""
        if not isinstance(doc, dict) or not isinstance(doc.get(FIELD), str):
            logger.warning("exitguard: ignored an unsealed value at %s in the state store", where)
            return None
        if not hmac.compare_digest(doc[FIELD], self._mac(where, doc)):
            logger.warning("exitguard: ignored a value at %s in the state store: its seal does not match "
                           "(written without this fleet's fingerprint key)", where)
            return None
        return {k: v for k, v in doc.items() if k != FIELD}

    def loads(self, where: str, raw: str | None) -> dict | None:
        """The sealed JSON ``raw`` read at ``where``, opened; None when absent, not JSON or not sealed right."""
        if raw is None:
            return None
        try:
            doc = json.loads(raw)
        except ValueError:
            logger.warning("exitguard: ignored a value at %s in the state store: not JSON", where)
            return None
        return self.opened(where, doc)
