"""What a WebSocket message says beyond the text the stream masker reads (attack21).

The masker reads a JSON message's string values as channels of text, without the key each sits under, and a binary
message that is no UTF-8 JSON as its bytes one for a character (Latin-1). The guard reads a request body more ways:
each value under its key (`Inspector.inspect_field` after `inspection.contexts_of`: `"db_password": "..."`, a
`{"name": "DB_PASSWORD", "value": ...}` pair), its long integers (a card number as a JSON number), and a binary
body's printable strings in UTF-16 too, the text inside its gzip / zlib / zip / PDF parts and the encoded runs in
them (`formats.open_strings_decoded`). An agent's message to a guarded host is now read those ways as well:

- ``keyed_values``: the agent's JSON message read as the guard reads a JSON body; what it finds is masked in place
  (a number becomes its placeholder as a JSON string, as in a body) before the masker reads the message.
  gate50: a value at the very end of a field of a delta (only marks after it, `U / X. ` then `- only ...` in the
  next message) is left to the masker when its own reading finds it there too: the masker holds such an end, as it
  does a plain message's, until the next message says whether the marks are the value's (`X.`); masked here, the
  value went on as its placeholder and its own period after it in clear.
- ``binary_readings``: a binary message's other readings (either direction); a value found there cannot be
  rewritten in the bytes, so the caller ends the connection (as the guard answers 403 for a binary body).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from addons.core.findings import FindingRecord
from addons.core.inspection import Inspector, contexts_of
from addons.core.vocabulary import Action, Category
from addons.detect.holdback import only_marks_between
from addons.formats import open_strings_decoded
from addons.formats.jsonwalk import JsonBody, JsonSyntaxError, JsonTooDeep
from addons.formats.model import Field, ScanCutShort
from addons.formats.sniff import sniff_text
from addons.stream import event_json, ws_messages

# Fields the masker reads whole already and no key names: base64 blobs (audio chunks: a key is no 256 characters
# of base64), and what this module does not decode (the caller reads the encoded runs of the message).
_NOT_KEYED = frozenset({"base64", "data-uri"})


@dataclass
class Reading:
    text: str | None  # the message with what was found masked (keyed_values); None: unchanged or not rewritable
    findings: list[FindingRecord] = field(default_factory=list)
    incomplete: bool = False

    @property
    def action(self) -> Action:
        return Action.strictest(f.action for f in self.findings) if self.findings else Action.ALLOW


def keyed_values(text: str, inspector: Inspector, direction: str, location: str,
                 groups: list[str] | None, deltas_held: bool = False) -> Reading:
    """The fields of a JSON message (its strings, keys and long integers) each read under the key it sat under, as
    the guard reads a JSON body's; ``text`` with the values to mask replaced (``Reading.text``, None if none). A
    message that is no JSON object or array is the masker's text only. ``deltas_held``: the masker holds the end of
    a delta's fields (the agent's messages): a value ending one, which the masker's reading finds too, is its."""
    if text.lstrip(" \t\r\n\ufeff")[:1] not in ("{", "["):
        return Reading(None)
    fields: list[Field] = []
    try:
        doc = JsonBody(text, "$", fields, max_depth=4)
    except JsonTooDeep:  # the guard refuses such a body: not read, not sent
        return Reading(None, incomplete=True)
    except JsonSyntaxError:  # no JSON: the masker reads it as text
        return Reading(None)
    reading = Reading(None)
    replacements: dict[int, str] = {}
    held: frozenset[str] | None = None  # the delta's held string values, read only when a value ends a field
    for i, (f, context) in enumerate(zip(fields, contexts_of(fields), strict=True)):
        if f.kind in _NOT_KEYED:
            continue
        result = inspector.inspect_field(f.text, direction, f"{location}:{f.location}", groups, context=context)
        if result.incomplete:
            return Reading(None, reading.findings, incomplete=True)
        if not result.findings:
            continue
        if deltas_held and f.kind == "text" and _ends_the_field(f.text, result.findings):
            held = _held_values(text) if held is None else held
            if f.text in held and _masker_finds_them(f.text, result.findings, inspector, direction,
                                                      f"{location}:{f.location}", groups):
                continue  # the masker records and masks it, with the marks after it that turn out to be its own
        # An allowed value is left to the masker's own reading, which records it (recorded here too, it would count
        # twice); one to mask or stop is recorded here and reaches the masker as its placeholder.
        acted = [r for r in result.findings if r.action != Action.ALLOW]
        reading.findings.extend(acted)
        if result.changed:
            replacements[i] = result.text
    if replacements:
        reading.text = doc.render(replacements)
    return reading


def _ends_the_field(text: str, findings: list[FindingRecord]) -> bool:
    """Whether a value found ends the field but for marks a scorer may yet read as its own (holdback.MARKS_AFTER)."""
    return any(f.action != Action.ALLOW and only_marks_between(text, f.end, len(text)) for f in findings)


def _held_values(text: str) -> frozenset[str]:
    """The string values of a delta message whose end the masker holds (as masker._json_event reads them: not the
    whole-read keys nor blobs); none for a message complete in itself, or one the masker does not read as JSON."""
    try:
        obj: Any = json.loads(text)
    except ValueError:  # read by the masker as text, in a channel of its own: keyed here as before
        return frozenset()
    if not isinstance(obj, (dict, list)) or not ws_messages.is_delta(obj):
        return frozenset()
    leaves = [(key, parent[key]) for parent, key, _path, _name in event_json.string_leaves(obj)]
    whole = {value for key, value in leaves if key in event_json.WHOLE_KEYS}
    return frozenset(value for key, value in leaves if key not in event_json.WHOLE_KEYS
                     and not event_json.is_blob(value) and value not in whole)


def _masker_finds_them(text: str, findings: list[FindingRecord], inspector: Inspector, direction: str,
                       location: str, groups: list[str] | None) -> bool:
    """Whether the masker's own reading of the field (no key before it) masks each value found here, over at least
    its span: else what the key alone shows (`"db_password": ...`) is masked here as before. A value to block is
    kept here too (this message is dropped at once, not the next)."""
    acted = [f for f in findings if f.action != Action.ALLOW]
    if any(f.action != Action.MASK for f in acted):
        return False
    own = [f for f in inspector.inspect_text(text, direction, location, groups).findings if f.action == Action.MASK]
    return all(any(o.start <= f.start and f.end <= o.end for o in own) for f in acted)


def binary_readings(content: bytes, inspector: Inspector, direction: str, location: str,
                    groups: list[str] | None) -> Reading:
    """What a binary message's other readings hold: its text when the whole message is UTF-16 or UTF-32 text (every
    rule; an agent's JSON also each value under its key, as `keyed_values` reads a text message: attack22), the
    text of its gzip / zlib / zip / PDF parts (every rule), its UTF-16 strings and those parts' printable strings
    (secrets only), the encoded runs of any of them (fixed-shape keys, as `formats.encoded` reads a binary's).
    Its ASCII strings are the Latin-1 reading the caller masks in place. Never rewritten.
    Secrets only in printable strings: quiet 16-bit PCM audio (samples of 32-126) reads as UTF-16 strings of digits,
    colons and letters, where the IP address and phone rules find values by chance (measured: 4 of 54 two-second
    clips); a password rule needs its word, a key its prefix."""
    sniffed = sniff_text(content)
    try:
        doc = open_strings_decoded(content, "a binary WebSocket message")
    except ScanCutShort:
        return Reading(None, incomplete=True)
    fields = doc.fields
    reading = Reading(None)
    if sniffed is not None and sniffed.codec.startswith("utf-") and sniffed.codec != "utf-8":
        fields = [Field(f"text.{sniffed.codec}", sniffed.text, "text"), *fields]
        if direction == "request":  # attack22: UTF-16 / UTF-32 JSON, each value under its key as a text message's
            keyed = keyed_values(sniffed.text, inspector, direction, f"{location}:text.{sniffed.codec}", groups)
            if keyed.incomplete:
                return Reading(None, keyed.findings, incomplete=True)
            reading.findings.extend(keyed.findings)
    for f in fields:
        if f.location == "strings.ascii":
            continue
        result = inspector.inspect_field(f.text, direction, f"{location}:{f.location}", groups,
                                         fixed_shape_only=f.kind == "decoded-short", context="")
        if result.incomplete:
            return Reading(None, reading.findings, incomplete=True)
        chance_text = f.kind == "strings" and ".strings." in f".{f.location}"  # printable runs of bytes
        reading.findings.extend(r for r in result.findings if not chance_text or r.category == Category.SECRET)
    return reading
