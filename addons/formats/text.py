"""Plain text bodies and the charset handling shared by all codecs."""

from __future__ import annotations

import codecs
import functools

from .model import BodyError


def check_charset(charset: str | None) -> str:
    """The codec name for `charset` (default UTF-8); BodyError for one Python does not know."""
    if not charset:
        return "utf-8"
    try:
        info = codecs.lookup(charset)
    except LookupError:
        raise BodyError(f"unsupported charset {charset[:40]!r}") from None
    if not getattr(info, "_is_text_encoding", True):  # base64, rot13, zlib: codecs.lookup knows them, decode refuses
        raise BodyError(f"unsupported charset {charset[:40]!r}")
    return info.name


def reads_ascii_as_ascii(codec: str) -> bool:
    """Whether ``codec`` reads printable ASCII bytes as those characters (UTF-8, Latin-1, Windows code pages do;
    UTF-16/32, EBCDIC and UTF-7 do not): a reader that ignores the declared charset then sees the same text."""
    return _ascii_alike(codec)


@functools.cache
def _ascii_alike(codec: str) -> bool:
    try:
        return _PRINTABLE.decode(codec) == _PRINTABLE.decode("ascii")
    except (UnicodeDecodeError, LookupError):
        return False


_PRINTABLE = bytes(range(0x20, 0x7F))


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
