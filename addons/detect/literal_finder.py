"""Which of many lower-case literals occur in an ASCII text, in one pass in C. Pure.

The stream hold-back (`holdback.Holdback.candidates`) asks this on every delta for the ~470 literal starts of
the shipped rules (`ghp_`, `akia`, `-----begin`). Its per-character dict lookup cost ~0.3 us a character: 0.6 ms
for a 2 KB WebSocket message, paid twice per message (the hold-back and the value hold-back). Hyperscan's
literal matcher answers at memory speed. Without the hyperscan package, `present` returns None and the caller
keeps its own loop.
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

try:
    import hyperscan
except ImportError:  # pragma: no cover - the caller's loop is tested by passing no finder
    hyperscan = None  # type: ignore[assignment]  # mypy's documented idiom for an optional import


class LiteralFinder:
    def __init__(self, literals: Sequence[str]) -> None:
        # A literal that is not ASCII cannot occur in an ASCII text: left out (the caller only asks for those).
        self._ids = [i for i, literal in enumerate(literals) if literal.isascii() and literal]
        self._database = None
        if hyperscan is not None and self._ids:
            database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
            database.compile(expressions=[literals[i].encode("ascii") for i in self._ids],
                             ids=list(range(len(self._ids))), elements=len(self._ids),
                             flags=hyperscan.HS_FLAG_CASELESS | hyperscan.HS_FLAG_SINGLEMATCH, literal=True)
            self._database = database
        self._local = threading.local()  # Hyperscan scratch space is per thread

    def present(self, text: str) -> list[int] | None:
        """Indices (into the literals given) of those occurring in `text`, ASCII case ignored, each once; None
        when this finder cannot answer (no hyperscan, or a text that is not ASCII)."""
        if self._database is None or not text.isascii():
            return None
        scratch = getattr(self._local, "scratch", None)
        if scratch is None:
            scratch = self._local.scratch = hyperscan.Scratch(self._database)
        ids, found = self._ids, []

        def on_match(index, _start, _end, _flags, _context):
            found.append(ids[index])

        self._database.scan(text.encode("ascii"), match_event_handler=on_match, scratch=scratch)
        return found
