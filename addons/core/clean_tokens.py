"""Names and tokens a scan found clean, remembered per inspector (attack10).

Methods, header names and host names come again and again, and a scan costs ~8 us even from the detection cache:
~150 us for the 18 header names of an SDK request, as much for an answer's. Those found clean are kept per
inspector (a reload makes a new one), direction, host class and groups (an allowlist or action may differ), up to
a bound in number and length: a client sending ever new (or long) names costs a scan each. Only text whose scan
found nothing is kept.
"""

from __future__ import annotations

import weakref

from addons.core.inspection import Inspector

KEPT = 4096  # per scope
MAX_TEXT = 256  # longer texts are scanned each time: 4096 names of 60 KB were ~250 MB per scope, never freed

_by_inspector: weakref.WeakKeyDictionary[Inspector, dict[tuple, set[str]]] = weakref.WeakKeyDictionary()


def clean_set(inspector: Inspector, direction: str, host_class: str, groups: list[str] | None) -> set[str]:
    """The texts found clean in this scope so far; add to it with ``remember``."""
    by_scope = _by_inspector.setdefault(inspector, {})
    return by_scope.setdefault((str(direction), str(host_class), tuple(groups or ())), set())


def remember(clean: set[str], text: str) -> None:
    if len(clean) < KEPT and len(text) <= MAX_TEXT:
        clean.add(text)
