"""Plain text bodies and the charset handling shared by all codecs."""

from __future__ import annotations

import codecs

from .model import BodyError


def check_charset(charset: str | None) -> str:
    """The codec name for `charset` (default UTF-8); BodyError for one Python does not know."""
    if not charset:
        return "utf-8"
    try:
        return codecs.lookup(charset).name
    except LookupError:
        raise BodyError(f"unsupported charset {charset[:40]!r}") from None


def decode_text(raw: bytes, charset: str | None) -> str:
    """Strictly decode `raw`; the error names the byte offset, never the bytes."""
    codec = check_charset(charset)
    try:
        return raw.decode(codec)
    except UnicodeDecodeError as e:
        name = "UTF-8" if codec == "utf-8" else codec
        raise BodyError(f"body is not valid {name} at byte {e.start}") from None


def encode_text(text: str, charset: str | None) -> bytes:
    codec = check_charset(charset)
    try:
        return text.encode(codec)
    except UnicodeEncodeError as e:
        raise BodyError(f"replacement text cannot be encoded as {codec} (char {e.start})") from None
