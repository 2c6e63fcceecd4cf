"""The injected key in the vendor's answer (attack11): an API that quotes the key it got in an error message, a
debug endpoint that echoes request headers, a redirect that carries it on. The guard masks brokered values it
detects per the policy (at least `mask`, section.action_floors); this is the broker's own last look at what it
knows exactly: the key it injected, in the spellings an answer may use, in every header and in a buffered body,
whatever the mode (report mode changes nothing else). Pure text work, no mitmproxy import.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

MIN_BASE64_CHARS = 12  # a base64 piece shorter than this is too short to say it holds the key


@dataclass(frozen=True)
class KeyForms:
    """The spellings of one key: as is, percent-encoded (partly or wholly) and JSON-escaped (`\\/`, `\\uXXXX`), in any
    letter case (an upper-cased hex key is the key), as hex, quoted-printable (`=XX`, soft line breaks), and
    base64 / base64url at each of the three alignments, line-wrapped or not (the stable middle of each encoding, so
    base64 of `Bearer <key>`, `user:<key>` or the key alone is found wherever it starts)."""

    pattern: re.Pattern[str]

    @classmethod
    def of(cls, value: str) -> KeyForms:
        raw = value.encode("utf-8")
        text = raw.decode("latin-1")  # byte for byte: the same pattern reads bytes decoded as latin-1
        # Each byte as itself, %XX, or (ASCII) a JSON \\uXXXX escape; `/` also as JSON's `\\/` (PHP's default).
        spelled = "".join(_byte_spellings(c) for c in text)
        pieces = set()
        for shift in range(3):
            encoded = base64.b64encode(b"\0" * shift + raw).decode("ascii")
            # Characters that depend only on key bytes: skip the group holding the shift, drop the last group.
            middle = encoded[4 if shift else 0:(shift + len(raw)) // 3 * 4]
            if len(middle) >= MIN_BASE64_CHARS:
                pieces |= {middle, middle.replace("+", "-").replace("/", "_")}
        # Quoted-printable (a mail or multipart part): each byte as itself or `=XX`, a soft line break `=\r\n`
        # anywhere (a line of at most 76).
        quoted = r"(?:=\r?\n)?".join(f"(?:{re.escape(c)}|={ord(c):02x})" for c in text)
        # Hex of the bytes (any case); base64 as MIME and `base64` write it, a line break every 76 (attack14).
        alternatives = [f"(?i:{spelled})", f"(?i:{raw.hex()})", f"(?i:{quoted})",
                        *(_wrapped(p) for p in sorted(pieces, key=len, reverse=True))]
        return cls(re.compile("|".join(alternatives), re.ASCII))

    def find(self, text: str) -> bool:
        return self.pattern.search(text) is not None

    def mask(self, text: str, marker: str) -> str:
        return self.pattern.sub(marker, text)

    def mask_bytes(self, data: bytes, marker: str) -> bytes:
        text = data.decode("latin-1")
        if not self.find(text):
            return data
        return self.mask(text, marker).encode("latin-1")


def _wrapped(piece: str) -> str:
    """A regex for a base64 piece that may hold line breaks anywhere."""
    return r"(?:\r?\n)?".join(re.escape(c) for c in piece)


def _byte_spellings(c: str) -> str:
    """A regex for one byte of the key (``c``: the byte as a latin-1 character) in the spellings KeyForms reads."""
    options = [re.escape(c), f"%{ord(c):02x}"]
    if c.isascii():
        options.append(re.escape(f"\\u{ord(c):04x}"))
    if c == "/":
        options.append(re.escape("\\/"))
    return "(?:" + "|".join(options) + ")"
