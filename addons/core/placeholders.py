"""The one place that writes and reads exitguard's placeholders and record markers.

- `[MASKED:<rule-id>:<tag>]` replaces a masked value in traffic and records (tag: 6 hex chars of the value's
  keyed fingerprint, see fingerprint.py). Its syntax is defined in addons/detect/vocabulary.py, because the
  pure engine must skip placeholders and may not import the core; this module is how everyone else uses it.
- In recorded flows only (audit/scrub.py, credentials.py): `[BROKERED:<name>]` for a brokered credential,
  `[INJECTED:<name>]` for a value the broker injected, `[REDACTED:<header>:<tag>]` for a credential header.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from addons.detect.vocabulary import MASKED, MASKED_PREFIX, MASKED_TAG_CHARS

__all__ = ["MASKED", "MASKED_PREFIX", "Masked", "brokered", "find_masked", "injected", "interleaved_like",
           "is_record_marker", "masked", "parse_masked", "readable", "redacted"]

_RECORD_MARKER = re.compile(r"(?:[A-Za-z]+ )?\[(?:BROKERED|INJECTED|REDACTED):[^\]\s]*\]")
# A placeholder percent-encoded, as mitmproxy writes one the guard put into a query value or a path segment.
_ENCODED_MASKED = re.compile(r"%5[Bb]MASKED%3[Aa]([a-z0-9-]{1,300})%3[Aa]([0-9a-f]{6})%5[Dd]")


@dataclass(frozen=True, slots=True)
class Masked:
    """A `[MASKED:rule:tag]` placeholder found in a text, at ``start``..``end``."""

    rule: str
    tag: str
    start: int
    end: int


def interleaved_like(placeholder: str, value: str) -> str:
    """``placeholder`` written as ``value`` is: a value whose characters have a NUL between them (UTF-16 bytes read as
    characters, attack21: found by the NUL-spaced loose view) gets a placeholder with a NUL between its characters,
    so a UTF-16 reader reads the placeholder and what follows it stays aligned (both spans are of odd length)."""
    if len(value) >= 3 and value[1::2].count("\x00") == len(value) // 2 and "\x00" not in value[0::2]:
        return "\x00".join(placeholder)
    return placeholder


def masked(rule_id: str, fingerprint: str) -> str:
    """The placeholder for a value of ``rule_id`` whose fingerprint (or tag) is ``fingerprint``."""
    placeholder = f"{MASKED_PREFIX}{rule_id}:{fingerprint[:MASKED_TAG_CHARS]}]"
    if not MASKED.fullmatch(placeholder):  # a writer bug would make the engine re-detect the masked text
        raise ValueError(f"cannot build a placeholder from rule id {rule_id!r} and a {len(fingerprint)}-char tag")
    return placeholder


def find_masked(text: str) -> Iterator[Masked]:
    """Every placeholder in ``text``, in order."""
    if MASKED_PREFIX not in text:
        return
    for m in MASKED.finditer(text):
        yield Masked(m["rule"], m["tag"], m.start(), m.end())


def parse_masked(text: str) -> Masked | None:
    """``text`` read as exactly one placeholder, or None."""
    m = MASKED.fullmatch(text)
    return Masked(m["rule"], m["tag"], 0, len(text)) if m else None


def readable(text: str) -> str:
    """``text`` with every percent-encoded placeholder written as the placeholder itself (nothing else decoded):
    the engine skips a placeholder, but read encoded after a secret's name (`?token=%5BMASKED%3A...%5D`) it is a
    generic secret, which a record would mask again under another tag."""
    if "%" not in text:
        return text

    def one(m: re.Match[str]) -> str:
        placeholder = f"{MASKED_PREFIX}{m[1]}:{m[2]}]"
        return placeholder if MASKED.fullmatch(placeholder) else m[0]

    return _ENCODED_MASKED.sub(one, text)


def brokered(name: str) -> str:
    return f"[BROKERED:{name}]"


def injected(name: str) -> str:
    return f"[INJECTED:{name}]"


def redacted(header: str, tag: str) -> str:
    return f"[REDACTED:{header.lower()}:{tag}]"


def is_record_marker(value: str) -> bool:
    """A header or query value that already is a record marker (optionally after an auth scheme word)."""
    return _RECORD_MARKER.fullmatch(value) is not None
