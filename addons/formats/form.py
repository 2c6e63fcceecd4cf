"""application/x-www-form-urlencoded: every key and value is a field, location `form.<key>[i]`
(i = occurrence of that key, so repeated keys stay apart). Rendering re-quotes only the replaced pieces
(`+` or `%20` for spaces, as the original does) and keeps everything else byte for byte. A value holding
a JSON object/array (Slack's `payload=`) is walked like JSON: `form.payload[0]#$.text`."""

from __future__ import annotations

import codecs
import re
from urllib.parse import quote, quote_plus

from . import deadline
from .jsonspans import JsonText, text_node
from .model import BodyError, Field, is_plain_word, safe_name
from .text import check_charset


def open_form(raw: bytes, charset: str | None, *, max_depth: int, make_doc):
    codec = check_charset(charset)
    fields: list[Field] = []
    pairs: list[tuple[int | None, int | JsonText | None] | None] = []  # per `&` piece: key field, value node
    seen: dict[str, int] = {}
    check = deadline.current().check
    for number, piece in enumerate(raw.split(b"&")):
        if not number % deadline.EVERY:
            check()
        if not piece:
            pairs.append(None)
            continue
        key_raw, has_value, value_raw = piece.partition(b"=")
        key = _unquote(key_raw, codec, number)
        occurrence = seen[key] = seen.get(key, -1) + 1
        location = f"form.{safe_name(key, number)}[{occurrence}]"
        key_index = None
        if not is_plain_word(key):
            fields.append(Field(location + "#key", key, "key"))
            key_index = len(fields) - 1
        value_node = None
        if has_value:
            value_node = text_node(_unquote(value_raw, codec, number), location, fields, max_depth=max_depth)
        pairs.append((key_index, value_node))

    # Keep the client's way of writing spaces in what we re-quote.
    plus_style = b"+" in raw or b"%20" not in raw

    def requote(text: str) -> bytes:
        quoted = quote_plus(text, safe="", encoding=codec) if plus_style else quote(text, safe="", encoding=codec)
        return quoted.encode("ascii")

    def render(replacements: dict[int, str]) -> bytes:
        pieces = raw.split(b"&")
        for number, pair in enumerate(pairs):
            if pair is None:
                continue
            key_index, value_node = pair
            new_key = None if key_index is None else replacements.get(key_index)
            if value_node is None:
                new_value = None
            elif isinstance(value_node, int):
                new_value = replacements.get(value_node)
            else:
                new_value = value_node.render(replacements)
            if new_key is None and new_value is None:
                continue
            key_raw, has_value, value_raw = pieces[number].partition(b"=")
            pieces[number] = (requote(new_key) if new_key is not None else key_raw) + has_value + (
                requote(new_value) if new_value is not None else value_raw)
        return b"&".join(pieces)

    return make_doc("form", fields, [], raw, render)


def unquoted(raw: bytes) -> bytes:
    """The whole body's bytes with `+` and `%XX` undone (the pairs' text before decoding)."""
    return percent_decoded(raw.replace(b"+", b" "))


# A `%` that starts no escape stands for itself, as urllib's unquote_to_bytes keeps it.
_LONE_PERCENT = re.compile(rb"%(?![0-9A-Fa-f]{2})")


def percent_decoded(raw: bytes) -> bytes:
    """``urllib.parse.unquote_to_bytes(raw)`` in C: every `%XX` becomes `\\xXX` (backslashes doubled first) for
    ``codecs.escape_decode``, which refuses a `\\x` without two hex digits: a `%` that starts no escape is written
    `%25` then, and the whole read again. dos58: urllib's loop took a Python step per escape (~0.1 s of CPU per MiB
    of `%41`, ~0.4 s in a proxy at load ~15), on the event loop every other flow waits for."""
    if b"%" not in raw:
        return raw
    doubled = raw.replace(b"\\", b"\\\\")
    try:
        return _escape_decode(doubled.replace(b"%", b"\\x"))
    except ValueError:  # a lone `%`: rare, one more pass in C
        return _escape_decode(_LONE_PERCENT.sub(b"%25", doubled).replace(b"%", b"\\x"))


def _escape_decode(escaped: bytes) -> bytes:
    return codecs.escape_decode(escaped)[0]


def _unquote(raw: bytes, codec: str, number: int) -> str:
    try:
        return percent_decoded(raw.replace(b"+", b" ")).decode(codec)
    except UnicodeDecodeError:
        raise BodyError(f"form body is not valid {codec} in pair {number + 1}") from None
