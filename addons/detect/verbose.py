"""Verbose rule regexes: `(?x)` at the start of a rule's regex lets it span lines with `#` comments.

The loader compacts such a regex into the one-line form the engine runs (`compact`): the rule's `regex` is
then exactly what it would be had it been written on one line, so the Hyperscan first stage (which broadens
the source text, see prefilter.hyperscan_source), the right-to-left confirmation (which appends `\\G`) and
the static analysis in regex_shape all see an ordinary pattern, never a comment.

Compaction follows the `regex` module's verbose mode:
- outside a character class, whitespace is dropped and `#` starts a comment that runs to the end of the line;
- inside `[...]` everything is literal (`[ #]` is a space or a `#`);
- an escaped space or hash (`\\ `, `\\#`) is a literal space or hash, written bare in the compact form;
- a `(?#...)` comment group is dropped;
- every other escape is kept as written.
`(?x)` is only allowed as (part of) the leading flag group: `(?x)`, `(?xi)`, `(?ix)`. A scoped `(?x:...)` or
a later `(?x)` is refused, because the first stage reads the pattern text and cannot tell comments apart there.
"""

from __future__ import annotations

import re

WHITESPACE = " \t\n\r\f\v"
_LEADING_FLAGS = re.compile(r"\(\?([a-zA-Z]+)\)")
_INLINE_FLAGS = re.compile(r"\(\?[a-zA-Z]*(?:-[a-zA-Z]+)?[:)]")


class VerboseError(ValueError):
    pass


def is_verbose(source: str) -> bool:
    """True when the regex starts with a global flag group that holds `x`."""
    match = _LEADING_FLAGS.match(source)
    return match is not None and "x" in match.group(1)


def compact(source: str) -> str:
    """The one-line equivalent of a verbose regex (a non-verbose regex is returned unchanged).

    Raises VerboseError for a `(?x)` anywhere but in the leading flag group, or for a class that is
    never closed."""
    if not is_verbose(source):
        _refuse_inline_x(source, 0)
        return source
    flags = _LEADING_FLAGS.match(source)
    assert flags is not None  # is_verbose found it
    out: list[str] = []
    remaining = flags.group(1).replace("x", "")
    if remaining:
        out.append(f"(?{remaining})")
    i, size = flags.end(), len(source)
    while i < size:
        char = source[i]
        if char == "\\":
            if i + 1 >= size:
                raise VerboseError("the regex ends with a lone backslash")
            escaped = source[i + 1]
            out.append(escaped if escaped in " #" else source[i:i + 2])
            i += 2
        elif char == "[":
            end = class_end(source, i)
            out.append(source[i:end])
            i = end
        elif char in WHITESPACE:
            i += 1
        elif source.startswith("(?#", i):
            close = source.find(")", i)
            if close < 0:
                raise VerboseError(f"comment group opened at offset {i} is never closed")
            i = close + 1
        elif char == "#":
            newline = source.find("\n", i)
            i = size if newline < 0 else newline + 1
        else:
            out.append(char)
            i += 1
    result = "".join(out)
    _refuse_inline_x(result, len(out[0]) if remaining else 0)
    return result


def class_end(source: str, i: int) -> int:
    """Index just past the character class opening at i (`]` right after `[` or `[^` is a literal)."""
    j = i + 1
    if j < len(source) and source[j] == "^":
        j += 1
    if j < len(source) and source[j] == "]":
        j += 1
    while j < len(source) and source[j] != "]":
        j += 2 if source[j] == "\\" else 1
    if j >= len(source):
        raise VerboseError(f"character class opened at offset {i} is never closed")
    return j + 1


def _refuse_inline_x(source: str, start: int) -> None:
    """A verbose flag after the start would turn the rest of the pattern into verbose text that the first
    stage reads literally."""
    i = start
    while i < len(source):
        char = source[i]
        if char == "\\":
            i += 2
        elif char == "[":
            try:
                i = class_end(source, i)
            except VerboseError:
                return  # the regex compiler reports the unclosed class
        elif char == "(":
            match = _INLINE_FLAGS.match(source, i)
            if match and "x" in match.group(0).split("-")[0]:
                raise VerboseError("(?x) is only allowed as the regex's leading flag group, e.g. (?x) or (?xi)")
            i += 1
        else:
            i += 1
