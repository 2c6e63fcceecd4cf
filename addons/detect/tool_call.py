"""What a tool call says about one of its arguments: an agent's call whose key names no password (`"pin"`,
`"entry_code"`, `"magic_words"`, `"typed"`) still gives one when the call is a login or an unlock.

The argument is read as a password's only with evidence from the call around it, of one of three kinds:
- the tool's name holds a verb of access (vpn_connect, unlock_safe, login_portal, rdp_open, mount_share);
- another argument of the call names the account (user, username, account, acct, as_user, who, mailbox, login);
- another argument names a password field (a selector `input[type=password]`, `"field": "password"`).
The arguments are found by their key (`"arguments":`, `args=`, `"input":`, `"parameters":`, an `Arguments:` line) at
most LOOK_BACK characters before the key, the tool's name by its key before them. Pure and deterministic.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

LOOK_BACK = 600  # characters before the argument's key searched for the call's arguments and name
LOOK_AHEAD = 300  # characters after the value searched for sibling arguments (same object, same line)

# The key that opens a call's arguments, in the shapes of the tool-call APIs and SDK reprs.
ARGUMENTS = re.compile(r"(?i)(?:[\"'\\]{1,3}(?:arguments|args|input|parameters|params|kwargs|tool_input)[\"'\\]{1,3}"
                       r"[ \t]{0,4}:|\b(?:arguments|args|kwargs|parameters|input)[ \t]{0,2}=|^arguments:)",
                       re.MULTILINE)
# The tool's name: `"name": "vpn_connect"`, `function_name="connect_imap"`, `toolName: 'smb_mount'`.
TOOL_NAME = re.compile(r"(?i)\b(?:function_name|tool_name|toolname|name)[\"'\\]{0,3}[ \t]{0,4}[:=][ \t]{0,4}"
                       r"[\"'\\]{1,3}(?P<name>[\w.-]{1,64})[\"'\\]")
# An autogen-style line naming the suggested call: "Suggested tool call (call_q3): browser_fill".
TOOL_LINE = re.compile(r"(?i)\btool call[^:\n]{0,40}:[ \t]*(?P<name>[\w.-]{1,64})[ \t]*$", re.MULTILINE)
ACCESS_VERBS = frozenset({"unlock", "login", "logon", "signin", "connect", "auth", "authenticate", "open", "mount",
                          "decrypt", "unseal", "admin", "sudo", "su", "ssh", "rdp", "vpn", "attach", "bind"})
KEY = re.compile(r"[\"'\\]{1,3}(?P<key>[A-Za-z_][\w.-]{0,40})[\"'\\]{1,3}[ \t]{0,4}(?::|=>|=)")
ACCOUNT_WORDS = frozenset({"user", "username", "account", "acct", "who", "mailbox", "login", "principal", "uid",
                           "userid", "owner", "identity"})
PASSWORD_FIELD = re.compile(r"(?i)type[ \t]*=[ \t]*[\"'\\]{0,3}password\b|[\"'\\]field[\"'\\]{1,3}[ \t]*:[ \t]*"
                            r"[\"'\\]{1,3}password")
WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
# Words of a key for what is typed or said to get in, weaker than a password word: a password's name only in a tool
# call that logs in or unlocks: `"pin"`, `"unlock"`, `"magic_words"`, `"entry_code"`, `"typed"` (key_names).
ENTRY_WORDS = frozenset({"pin", "pins", "sesame", "unlock", "phrase", "word", "words", "code", "magic", "entry",
                         "typed", "keys", "keystrokes", "combination", "combo"})
# Words of a key for what a tool types into a field (`"text_to_type"`, `"value"`): a password's only beside an argument
# naming a password field (`input[type=password]`).
TYPING_WORDS = frozenset({"type", "text", "input", "value", "fill"})


@dataclass(frozen=True)
class ToolCall:
    """The evidence the call gives for its argument: each a short reason, or None."""

    tool: str | None
    access: str | None  # why the call is a login or unlock, for explain()
    password_field: bool = False  # another argument names a password field


def words(name: str) -> list[str]:
    return [word.lower() for word in WORDS.findall(name)]


def is_evidence(key: str, value: str) -> bool:
    """Whether another argument ``key: value`` is evidence `context` reads: it names the account or a password
    field. One such argument is all `context` needs, so a call's others need not be shown to it."""
    return any(word in ACCOUNT_WORDS for word in words(key)) or PASSWORD_FIELD.search(f'"{key}": "{value}"') is not None


def reads_key(key: str) -> bool:
    """Whether a value under `key` is judged with its call: a word of the key is a word of entry or typing."""
    return any(word in ENTRY_WORDS or word in TYPING_WORDS for word in words(key))


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:  # noqa: B007 (the last one is wanted)
        pass
    return last


def context(view: str, key_start: int, value_end: int) -> ToolCall | None:
    """The call around an argument whose key starts at `key_start`; None when no call's arguments open before it."""
    low = max(0, key_start - LOOK_BACK)
    opened = _last(ARGUMENTS.finditer(view, low, key_start))
    if opened is None:
        return None
    name = _last(TOOL_NAME.finditer(view, low, opened.start()))
    line = TOOL_LINE.search(view, low, opened.start()) if name is None else None
    tool = name.group("name") if name is not None else line.group("name") if line is not None else None
    verb = next((word for word in words(tool) if word in ACCESS_VERBS), None) if tool else None
    line_end = view.find("\n", value_end)
    high = min(len(view), value_end + LOOK_AHEAD) if line_end < 0 else min(line_end, value_end + LOOK_AHEAD)
    field = PASSWORD_FIELD.search(view, opened.end(), high) is not None
    if verb:
        return ToolCall(tool, f"the tool's name says it logs in or unlocks ({verb!r})", field)
    for sibling in KEY.finditer(view, opened.end(), high):
        if sibling.start() <= key_start < sibling.end():
            continue
        account = next((word for word in words(sibling.group("key")) if word in ACCOUNT_WORDS), None)
        if account:
            return ToolCall(tool, f"another argument names the account ({sibling.group('key')!r})", field)
    if field:
        return ToolCall(tool, "another argument names a password field (type=password)", field)
    return ToolCall(tool, None)
