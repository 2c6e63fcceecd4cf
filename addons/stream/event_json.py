"""The JSON of a stream event as the masker reads it: its strings with their paths and channel names, which keys
hold names rather than text, base64 blobs, and the string state of tool-call arguments while they stream."""

from __future__ import annotations

import re

# Keys whose values are names, ids or opaque signatures, never model text: scanned whole per value.
WHOLE_KEYS = frozenset({"p", "type", "object", "id", "model", "role", "finish_reason", "stop_reason", "status",
                        "system_fingerprint", "item_id", "call_id", "name", "event", "signature",
                        "thoughtSignature", "encrypted_content", "modelVersion", "responseId",
                        "finishReason", "done_reason", "created_at"})
RANKED_LISTS = frozenset({"top_logprobs"})  # alternatives by rank: each rank is its own text


def string_leaves(obj, path: tuple = (), name: str = ""):
    """(parent, key, path, channel name) of every string in obj, in document order (fragments of one channel
    in one event must be joined in order). In the name a list index is the item's own "index" field if it
    has one, the rank in a ranked list, else "[]" (the items are a sequence)."""
    if isinstance(obj, dict):
        items = [(key, value, f"{name}.{key}" if name else str(key)) for key, value in obj.items()]
    elif isinstance(obj, list):
        ranked = bool(path) and path[-1] in RANKED_LISTS
        items = []
        for k, value in enumerate(obj):
            own = value.get("index") if isinstance(value, dict) else None
            items.append((k, value, f"{name}[{own if type(own) is int else k if ranked else ''}]"))
    else:
        return
    for key, value, sub in items:
        if isinstance(value, str):
            yield obj, key, (*path, key), sub
        elif isinstance(value, (dict, list)):
            yield from string_leaves(value, (*path, key), sub)


def sync_token_bytes(obj) -> None:
    """Logprobs entries carry their token's UTF-8 `bytes`: they must say what the token now says."""
    for parent, key, _path, _name in list(string_leaves(obj)):
        if key == "token" and isinstance(parent, dict) and isinstance(parent.get("bytes"), list):
            parent["bytes"] = list(parent["token"].encode("utf-8"))


def json_lex(text: str, inside: bool, escaped: bool) -> tuple[bool, bool]:
    """Follow JSON string state over text: (inside a string, the previous char was a backslash)."""
    if not inside and '"' not in text:
        return inside, escaped
    for c in text:
        if escaped:
            escaped = False
        elif inside and c == "\\":
            escaped = True
        elif c == '"':
            inside = not inside
    return inside, escaped


def stays_in_string(value: str) -> bool:
    """True if a value inside a JSON string neither closes it nor ends on a lone backslash."""
    escaped = False
    for c in value:
        if escaped:
            escaped = False
        elif c == "\\":
            escaped = True
        elif c == '"':
            return False
    return not escaped


_BLOB = re.compile(r"[A-Za-z0-9+/=_-]{256,}")


def is_blob(value: str) -> bool:
    """Base64 data (audio chunks, images): bytes to a client, not text. Scanned whole, never held back
    (holding back the tail of an audio chunk would corrupt it)."""
    return len(value) >= 256 and _BLOB.fullmatch(value) is not None
