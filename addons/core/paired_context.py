"""leak33: the account key beside a value, for rule generic-password-paired-key. Configuration written as JSON pairs an
account with its password as two sibling keys of one stem (`{"smtp_user": "mailer", "smtp_phrase": X}`); the rule
reads the pair as two lines, but the JSON codec hands each value over alone, after its own key (`"smtp_phrase": "`),
so the password went upstream unless the object was a tool call's arguments (call_context). `account_context`
puts the account's key and value back before the value's key context, a line above it, as the rule reads them:

    "smtp_user": "mailer",
    "smtp_phrase": "

Only a sibling whose key ends in an account word (paired_keys.USER_WORDS) and shares the value key's stem is shown;
the detector still judges the pair and the value. Context is never reported.
"""

from __future__ import annotations

import json
from collections.abc import Sequence

from addons.core.call_context import FieldLike
from addons.detect import paired_keys

_SIBLINGS_BACK = 4  # the rule allows up to three key lines between the account's and the value's
_ACCOUNT_CHARS = 64  # the rule's account value is at most 64 characters, without blanks
_ENDINGS = tuple(paired_keys.USER_WORDS)  # a cheap test of a key's last word before splitting it into words


def account_context(fields: Sequence[FieldLike], i: int, location: str, context: str) -> str:
    """``context`` of the value ``fields[i]`` at ``location`` (``parent.key``), preceded by the line of the nearest
    of the ``_SIBLINGS_BACK`` fields before it in the same object whose key names the account of a sibling of the
    same stem; ``context`` unchanged when there is none."""
    words: list[str] | None = None
    parent = ""
    for before in reversed(fields[max(0, i - _SIBLINGS_BACK):i]):
        # Most fields end in no account word: that test first. A field of another object is no sibling (objects
        # are contiguous in document order, so none of this one's lies beyond it within the 4 looked at).
        if before.kind != "text" or not before.location.lower().endswith(_ENDINGS):
            continue
        if not parent:
            parent, _, key = location.rpartition(".")
            if not parent:
                return context
        sibling_parent, _, name = before.location.rpartition(".")
        if sibling_parent != parent or not _account_value(before.text):
            continue
        stem = paired_keys.key_words(name)
        if len(stem) < 2 or stem[-1] not in paired_keys.USER_WORDS:
            continue
        stem = stem[:-1]
        words = paired_keys.key_words(key) if words is None else words
        if len(words) > len(stem) and words[:len(stem)] == stem:
            return f"{json.dumps(name)}: {json.dumps(before.text, ensure_ascii=False)},\n{context}"
    return context


def _account_value(text: str) -> bool:
    """An account name as the rule reads one: short, one word, no quote or backslash."""
    return 0 < len(text) <= _ACCOUNT_CHARS and not any(c.isspace() or c in "\"'\\," for c in text)
