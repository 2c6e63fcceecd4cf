"""An attacker's-eye decoder for tests: every way a key could be read back from what the proxy let out.

Independent of `addons.formats.encoded` on purpose (a test that decodes with the code under test checks nothing): each
run of base64/hex characters, percent-decoded first, is decoded as base64 (standard and url-safe alphabet, each of the
four alignments) and as hex (both alignments), and with ``backwards`` also written backwards."""

from __future__ import annotations

import base64
import binascii
import re
import urllib.parse
from collections.abc import Iterator

_RUN = re.compile(r"[A-Za-z0-9+/=_-]{8,}")


def _padded(body: str) -> str:
    """A base64 body a decoder takes: a dangling single character dropped, missing padding added."""
    return body[:len(body) // 4 * 4] if len(body) % 4 == 1 else body + "=" * (-len(body) % 4)


def decodings(text: str, *, backwards: bool = False) -> Iterator[bytes]:
    """Every base64 and hex reading of every run in ``text`` (which need not decode: failures give nothing)."""
    for run in _RUN.findall(urllib.parse.unquote(text)):
        for spelled in (run, run[::-1]) if backwards else (run,):
            body = spelled.strip("=").replace("-", "+").replace("_", "/")
            for skip in range(4):
                try:
                    yield base64.b64decode(_padded(body[skip:]))
                except binascii.Error:  # not base64 at this alignment: no reading, nothing to report
                    continue
            for skip in range(2):
                try:
                    yield bytes.fromhex(spelled[skip:][:(len(spelled) - skip) // 2 * 2])
                except ValueError:  # not hex
                    continue


def exposed(text: str, key: str, *, backwards: bool = False) -> bool:
    """Whether ``key`` can be read back from ``text``: as written, or from any decoding of a run in it."""
    return key in text or any(key.encode() in raw for raw in decodings(text, backwards=backwards))


def readable_prefix(text: str, key: str) -> int:
    """How many of the key's first characters can be read back from ``text`` (as written or decoded)."""
    readings = [text.encode(), *decodings(text)]
    return max((k for k in range(1, len(key) + 1) if any(key[:k].encode() in raw for raw in readings)), default=0)
