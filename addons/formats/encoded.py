"""Text hidden in base64: data URIs, provider file parts (OpenAI `file_data`, Anthropic `document` sources,
Gemini `inlineData`) and base64 runs of at least `RUN_MIN` characters in any string.

`expand(fields)` appends one "decoded" field per run whose bytes are text (`sniff.sniff_text`), at
`<carrier location>#base64@<offset>` (runs shorter than `SHORT_RUN` only when they decode to printable UTF-8),
and returns how to put a rewritten decoded text back: re-encoded with
the same alphabet and padding and spliced into the carrier. Runs whose bytes are binary (images, PDFs) are not
scanned: a secret there would need to be read out of an image, and they are most of the bytes of a vision
request. Bounded: at most `MAX_DECODED` decoded bytes per body (beyond that the runs are listed as skipped,
and the caller's coverage says so), one level deep (base64 inside decoded base64 is not decoded again).
"""

from __future__ import annotations

import base64
import binascii
import re
from typing import NamedTuple

from .model import Field, Unmaskable
from .sniff import sniff_text

RUN_MIN = 24  # base64 of a 16-character key; shorter runs are ids and hashes
SHORT_RUN = 64  # below this a run is decoded only if it is printable UTF-8 (most ids decode to noise)
MAX_DECODED = 16 << 20  # decoded bytes per body; a body is at most max_body_bytes anyway
_RUN = re.compile(rf"(?<![A-Za-z0-9+/_-])[A-Za-z0-9+/_-]{{{RUN_MIN},}}={{0,2}}", re.ASCII)
_ANY_RUN = re.compile(rf"[A-Za-z0-9+/_-]{{{RUN_MIN}}}", re.ASCII)  # fast check before the exact search


class Splice(NamedTuple):
    carrier: int  # index of the field the run sits in
    start: int
    end: int
    urlsafe: bool
    padded: bool  # the run was written with padding (or needed none): keep "=" in the re-encoded run
    codec: str  # of the decoded text (sniff.Sniffed.codec)


class Expansion(NamedTuple):
    fields: list[Field]  # the decoded fields, to append after the body's own
    splices: list[Splice]  # one per decoded field, same order
    skipped: list[str]


def expand(fields: list[Field]) -> Expansion:
    out: list[Field] = []
    splices: list[Splice] = []
    skipped: list[str] = []
    budget = MAX_DECODED
    for index, field in enumerate(fields):
        if field.kind in ("strings", "decoded") or len(field.text) < RUN_MIN or not _ANY_RUN.search(field.text):
            continue
        for m in _RUN.finditer(field.text):
            run = m.group()
            if len(run) * 3 // 4 > budget:
                skipped.append(f"{field.location}: base64 beyond the {MAX_DECODED}-byte decoding budget")
                return Expansion(out, splices, skipped)
            raw = _decode(run)
            if raw is None:
                continue
            budget -= len(raw)
            sniffed = sniff_text(raw)
            if sniffed is None or (len(run) < SHORT_RUN and not _plain(sniffed.text, sniffed.codec)):
                continue  # binary (an image), or an identifier that happens to be base64: see the docstring
            out.append(Field(f"{field.location}#base64@{m.start()}", sniffed.text, "decoded"))
            splices.append(Splice(index, m.start(), m.end(), "-" in run or "_" in run, len(run) % 4 == 0,
                                  sniffed.codec))
    return Expansion(out, splices, skipped)


def _plain(text: str, codec: str) -> bool:
    return codec == "utf-8" and text.replace("\n", " ").replace("\t", " ").isprintable()


def _decode(run: str) -> bytes | None:
    body = run.rstrip("=")
    if len(body) % 4 == 1:
        return None  # not base64 of anything
    padded = body + "=" * (-len(body) % 4)
    try:
        if "-" in body or "_" in body:
            if "+" in body or "/" in body:
                return None
            return base64.urlsafe_b64decode(padded)
        return base64.b64decode(padded, validate=True)
    except (binascii.Error, ValueError):
        return None


def apply(fields: list[Field], splices: list[Splice], first: int, replacements: dict[int, str]) -> dict[int, str]:
    """Turn replacements of decoded fields (indices >= `first`) into replacements of their carriers.

    A carrier that is also rewritten directly: a run its own mask replaced whole needs nothing more; a run
    still in it once is re-encoded there; a run found more than once is Unmaskable (we would guess)."""
    own = {i: t for i, t in replacements.items() if i < first}
    by_carrier: dict[int, list[tuple[Splice, str]]] = {}
    for index, text in replacements.items():
        if index >= first + len(splices):
            raise IndexError(f"no field {index}")
        if index >= first:
            splice = splices[index - first]
            by_carrier.setdefault(splice.carrier, []).append((splice, text))
    for carrier, edits in by_carrier.items():
        original = fields[carrier].text
        text = own.get(carrier, original)
        for splice, decoded in sorted(edits, key=lambda e: -e[0].start):
            run = original[splice.start:splice.end]
            if carrier not in own:
                at = splice.start
            elif text.count(run) == 0:
                continue  # the carrier's own mask already replaced the whole run
            elif text.count(run) == 1:
                at = text.index(run)
            else:
                raise Unmaskable(f"{fields[carrier].location}: a base64 run to re-encode is not unique")
            text = text[:at] + _encode(decoded, splice) + text[at + len(run):]
        own[carrier] = text
    return own


def _encode(text: str, splice: Splice) -> str:
    try:
        raw = text.encode(splice.codec)
    except UnicodeEncodeError:
        raise Unmaskable(f"masked text cannot be encoded as {splice.codec}") from None
    encoded = (base64.urlsafe_b64encode(raw) if splice.urlsafe else base64.b64encode(raw)).decode("ascii")
    return encoded if splice.padded else encoded.rstrip("=")
