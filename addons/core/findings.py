"""What exitguard records about one finding: a frozen record, turned into a plain dict for flow metadata.

Records never hold the value: only where it was (``location`` + ``start``, ``length``), which rule found it,
its keyed fingerprint and the action the policy chose. ``location`` names the text (a JSON path such as
``body.messages[0].content``, ``url``, ``query.key``, ``header.authorization``, ``stream:<channel>``) and
``start`` is the offset of the value in that text (for a literal found in a body of unknown format: the byte
offset in the body). Records written before 2026-12 had no ``start`` and a ``location`` of ``"<text>@<start>"``;
readers treat ``start`` as optional.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

from addons.core.vocabulary import Action, Category, Classification, Direction, Tier


@dataclass(frozen=True, slots=True)
class FindingRecord:
    rule: str
    category: Category
    classification: Classification
    tier: Tier
    direction: Direction
    location: str
    start: int
    length: int
    fingerprint: str  # keyed HMAC, 16 hex chars (fingerprint.py)
    action: Action

    def __post_init__(self) -> None:
        # Coerce plain strings (rule files, detectors) to the vocabulary: an unknown word fails here, not later.
        for name, kind in (("category", Category), ("classification", Classification), ("tier", Tier),
                           ("direction", Direction), ("action", Action)):
            object.__setattr__(self, name, kind(getattr(self, name)))
        if isinstance(self.start, bool) or not isinstance(self.start, int) or self.start < 0 or self.length < 0:
            raise ValueError(f"finding of rule {self.rule}: start and length must be non-negative integers")

    @property
    def end(self) -> int:
        return self.start + self.length

    def at(self, location: str, start: int) -> FindingRecord:
        """The same finding, placed in another text (a stream channel's absolute offsets)."""
        return replace(self, location=location, start=start)

    def to_metadata(self) -> dict[str, Any]:
        """Plain data for flow metadata and the audit index (tnetstring and JSON encode it as is)."""
        return {"rule": self.rule, "category": self.category.value,
                "classification": self.classification.value, "tier": self.tier.value,
                "direction": self.direction.value, "location": self.location, "start": self.start,
                "length": self.length, "fingerprint": self.fingerprint, "action": self.action.value}
