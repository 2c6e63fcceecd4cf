"""Shared types of the body codecs: the errors, `Field`, and the location naming rules."""

from __future__ import annotations

import re
from typing import NamedTuple


class BodyError(ValueError):
    """The body cannot be inspected (malformed, undecodable, unsupported). The proxy fails closed on it.

    Messages describe *where* and *why*, never a piece of the body: they end up in client errors and logs.
    """


class BodyTooLarge(BodyError):
    """Decoding would exceed the scan limit (raised as soon as the output passes `limit`)."""

    def __init__(self, limit: int):
        super().__init__(f"decoded body exceeds the scan limit of {limit} bytes")
        self.limit = limit


class ScanCutShort(BodyError):
    """A reading that could not be made whole (a bound reached inside it): refused as a scan that did not finish,
    whatever the `unparseable` policy says, since passing would pass what was not seen."""


class DecodingTooLarge(ScanCutShort):
    """The encoded runs of a body decode to more than the decoding budget (formats/encoded.py): what came after
    the budget was spent was not read (attack17: one run of `[A-F2-7]`, hex, base32 and base64 at once, spent it
    and a key's base64 after it was sent). Refused as a scan that did not finish."""

    def __init__(self, limit: int):
        super().__init__(f"its encoded text decodes to more than the {limit}-byte decoding budget")
        self.limit = limit


class NestedTooDeep(ScanCutShort):
    """A protobuf nested deeper than its reader goes (formats/wire.py): its deeper values were not read, and the
    bytes as written glue a value to its length (`TAKIA...`)."""

    def __init__(self, limit: int):
        super().__init__(f"a protobuf message nested more than {limit} levels deep cannot be read")
        self.limit = limit


class Unmaskable(BodyError):
    """A field must be rewritten but its bytes cannot be (printable strings of a binary body, a base64 text
    whose carrier is also rewritten): the caller blocks instead of masking."""


class AmbiguousBody(BodyError):
    """Two readers could see two different bodies (a duplicate multipart boundary, a boundary inside a part):
    refused whatever the policy says about unparseable bodies, since "pass" would pass what we did not see."""


class Field(NamedTuple):
    """One text value of a body to scan.

    kind: "text" (a string value / text part), "key" (a JSON object key or form key),
    "number" (a JSON integer of 9+ digits, 6+ under a key, exposed as its digits),
    "data-uri" (a `data:...;base64,` string)
    "base64" (a long string made only of base64 characters: an inline image or file),
    "strings" (the printable runs of a binary body, `sniff.printable_runs`: scanned, never rewritten) or
    "decoded" (the text inside a base64 run or data URI of another field, `encoded.py`: rewritten by
    re-encoding). Every kind is scanned.
    A NamedTuple rather than a dataclass: bodies have hundreds of fields and this is 5x cheaper to create.
    """

    location: str
    text: str
    kind: str = "text"

    def __repr__(self) -> str:  # never show the value (it may be a secret)
        return f"Field({self.location!r}, <{len(self.text)} chars>, kind={self.kind!r})"


# A name (JSON key, form key, multipart name) goes into locations verbatim only if it looks like an
# identifier: locations are logged and shown in mitmweb, and a key can itself be a secret.
_PLAIN_NAME = re.compile(r"[A-Za-z_@$][A-Za-z0-9_@$-]{0,31}")


def safe_name(name: str, index: int) -> str:
    """`name` if it is safe to show, else `{index}` (its position among its siblings)."""
    return name if _name_info(name)[0] else f"{{{index}}}"


# Keys made only of letters, '_' and '-' (up to 24) are names, not values: not worth a field. That halves the
# field count of a typical API body. Anything else (digits, dots, '@', long) is scanned.
_PLAIN_WORD = re.compile(r"[A-Za-z_-]{1,24}")


def is_plain_word(key: str) -> bool:
    return _name_info(key)[1]


_NAME_CACHE: dict[str, tuple[bool, bool]] = {}
# Upper case and digits only, 12+ long: an access key id (AKIA...) rather than a name (constants have "_").
_KEY_LIKE = re.compile(r"[A-Z0-9]{12,}")


def _name_info(name: str) -> tuple[bool, bool]:
    """(safe to show, plain word), cached: the same few keys ("role", "content") recur in every body."""
    info = _NAME_CACHE.get(name)
    if info is None:
        safe = (_PLAIN_NAME.fullmatch(name) is not None and sum(ch.isdigit() for ch in name) <= 3
                and not _KEY_LIKE.fullmatch(name))
        # A plain word is also a safe name: "AKIAOOPRVYJZRMEWZXHF" is letters only, yet an access key id to scan.
        info = (safe, safe and _PLAIN_WORD.fullmatch(name) is not None)
        if safe:  # cache only what can be shown anyway: no secret-looking key stays in the cache
            if len(_NAME_CACHE) >= 4096:
                _NAME_CACHE.clear()
            _NAME_CACHE[name] = info
    return info


_DATA_URI = re.compile(r"data:[\w.+-]+/[\w.+-]+(?:;[\w.+-]+=[\w.+-]+)*;base64,", re.ASCII)
_BASE64_BLOB = re.compile(r"[A-Za-z0-9+/_-]+={0,2}", re.ASCII)
BASE64_BLOB_MIN = 1024


def text_kind(text: str) -> str:
    """Classify a string value: "data-uri", "base64" (long, only base64 characters) or "text"."""
    if len(text) < BASE64_BLOB_MIN and not text.startswith("data:"):  # the common case, fast
        return "text"
    if text.startswith("data:") and _DATA_URI.match(text):
        return "data-uri"
    if len(text) >= BASE64_BLOB_MIN and _BASE64_BLOB.fullmatch(text):
        return "base64"
    return "text"
