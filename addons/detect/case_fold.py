"""lang63: a rule's non-ASCII letters in both cases where the rule ignores case.

Rules compile with `regex.ASCII` (rules.REGEX_FLAGS: `\\w`, `\\b`, `\\d` read as the Hyperscan first stage reads an
ASCII view), and under that flag `(?i)` folds ASCII letters only: `[şs]ifre` never matched the Turkish label `Şifre:`
that opens a line, `has[lł]o` never `HASŁO`, `l[öo]senord` never `LÖSENORD` (the first stage, which sees `?` for
each of them, opened the window and the regex found nothing). `fold_cased` spells every cased non-ASCII letter of a
case-insensitive part of a rule's regex with its other case beside it (`ş` -> `[şŞ]`, `[lł]` -> `[lłŁ]`), once, when
the rule is loaded; `(?-i:...)` scopes, range ends (`À-Þ`) and escapes stay as written. Only non-ASCII partners are
added (Turkish `ı` does not gain `I`: ASCII already folds as the flag says).
"""

from __future__ import annotations

import re

from addons.detect import verbose

_FLAG_GROUP = re.compile(r"\(\?([a-zA-Z]*)(?:-([a-zA-Z]*))?([:)])")


def _partners(char: str) -> str:
    """The other single-character cases of a non-ASCII cased letter that are not ASCII ('' if none)."""
    if char.isascii() or char.lower() == char.upper():
        return ""
    out = ""
    for other in (char.lower(), char.upper(), char.title()):
        if len(other) == 1 and other != char and not other.isascii() and other not in out:
            out += other
    return out


def fold_cased(source: str) -> str:
    """`source` (a compact regex: no verbose comments) with each cased non-ASCII letter that `(?i)` applies to also
    matching its other case. A regex with no such letter comes back as it was."""
    if source.isascii():
        return source
    out: list[str] = []
    stack: list[bool] = []
    insensitive = False
    i, size = 0, len(source)
    while i < size:
        char = source[i]
        if char == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif char == "[":
            end = _class_end(source, i)
            out.append(_fold_class(source[i:end]) if insensitive else source[i:end])
            i = end
        elif char == "(":
            flags = _FLAG_GROUP.match(source, i)
            if flags is not None and flags.group(3) == ")":  # (?i) turns it on for the rest of the group
                insensitive = _applied(flags, insensitive)
            else:
                stack.append(insensitive)
                if flags is not None:
                    insensitive = _applied(flags, insensitive)
            end = flags.end() if flags is not None else i + 1
            out.append(source[i:end])
            i = end
        elif char == ")":
            insensitive = stack.pop() if stack else insensitive
            out.append(char)
            i += 1
        else:
            partners = _partners(char) if insensitive else ""
            out.append(f"[{char}{partners}]" if partners else char)
            i += 1
    return "".join(out)


def _applied(flags: re.Match[str], insensitive: bool) -> bool:
    if "i" in (flags.group(2) or ""):
        return False
    return True if "i" in flags.group(1) else insensitive


def _class_end(source: str, i: int) -> int:
    """Index just past the class opening at i; the end of the text if it is never closed (the compiler then says
    so, with the rule's id)."""
    try:
        return verbose.class_end(source, i)
    except verbose.VerboseError:
        return len(source)


def _fold_class(text: str) -> str:
    """A class with each cased non-ASCII member's partners added after it; a range's ends stay as they are."""
    out: list[str] = []
    j = 0
    while j < len(text):
        char = text[j]
        if char == "\\":
            out.append(text[j:j + 2])
            j += 2
            continue
        out.append(char)
        in_range = (j + 1 < len(text) and text[j + 1] == "-" and j + 2 < len(text) - 1) or (
            j > 1 and text[j - 1] == "-" and text[j - 2] not in "[\\")
        if 0 < j < len(text) - 1 and not in_range:
            out.append("".join(p for p in _partners(char) if p not in text))
        j += 1
    return "".join(out)
