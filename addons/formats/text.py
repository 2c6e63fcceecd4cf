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


def hides_ascii(codec: str) -> bool:
    """Whether ``codec``, though it reads printable ASCII as ASCII, can read such a byte as part of another
    character: a lead byte takes the ASCII byte after it (Shift_JIS, GBK, Big5, UHC), an escape switches to
    two-byte text (ISO-2022-JP). A reader that ignores the label sees ASCII the label hides (attack23)."""
    return _hides_ascii(codec)


_PROBE = b"AZaz09{@"


@functools.cache
def _hides_ascii(codec: str) -> bool:
    if codec in ("utf-8", "ascii", "latin-1") or not _ascii_alike(codec):
        return False
    for prefix in [bytes([b]) for b in range(0x80, 0x100)] + [b"\x1b$B", b"\x1b$)C\x0e", b"\x1b(J\x0e", b"~{"]:
        try:
            if not (prefix + _PROBE).decode(codec, "replace").endswith(_PROBE.decode("ascii")):
                return True
        except (UnicodeDecodeError, LookupError):  # a stateful codec that refuses even with "replace"
            return True
    return False


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
