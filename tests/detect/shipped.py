"""Reading the shipped rules' findings in detection tests: which values a text yields, and whether one is covered."""

from __future__ import annotations

NOT_SENSITIVE = ("public", "test-value")


def sensitive(scanner, text: str) -> list[str]:
    """The values of the findings in `text` that are not classified public or test-value."""
    return [text[f.start:f.end] for f in scanner.scan(text) if f.classification.value not in NOT_SENSITIVE]


def covered(scanner, text: str, value: str) -> bool:
    """Whether one finding not classified public covers all of `value` (its first occurrence in `text`)."""
    start = text.index(value)
    return any(f.start <= start and f.end >= start + len(value) and f.classification.value != "public"
               for f in scanner.scan(text))
