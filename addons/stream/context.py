"""Where the stream masker's re-scan of a channel begins: enough already-sent text before the new text for the
rules' key names and lookbehinds, never the middle of a word."""

from __future__ import annotations

import re

CONTEXT_CHARS = 256  # already-sent text re-scanned with new text: key names and keywords before a value
# Sent text kept beyond that: the re-scan may begin earlier, at the blank before a long token or at the start of a
# table row (`context_start`): what the rules' lookbehinds read before a match (a table's header row: ~650 chars).
KEPT_CHARS = 1024


def context_start(text: str, start: int, whole: bool = False) -> int:
    """Where the re-scanned context begins: CONTEXT_CHARS back, moved to a place where the window does not begin
    inside a word (a cut word can look like a token that starts there), and that keeps what the rules' lookbehinds
    read before a match there. `whole`: `text` begins where the channel does.
    - Inside a line that may be a table row (a `|` between its start and the unreleased text): from its start, when
      it is kept. The table rule's lookbehind reads the header row back to its first `|` (~650 chars): cut, the
      table was read with its columns shifted or not at all, and the password in it went out; and a line that is no
      row (`Lantern#Gale52 | host | password |`) begun at its first `|` was read as one.
    - Else back to just after the blank before the word there. Moving forward to the next blank instead skipped a
      long token and what ends it: `.../bin/redis-cli`, whose name the command rule's lookbehind reads ~130 chars
      before `-a`. Only when no blank is kept before it, forward as before."""
    ctx = max(0, start - CONTEXT_CHARS)
    if ctx == 0:
        return 0
    row = text.rfind("\n", 0, ctx) + 1
    if (row or whole) and "|" in text[row:start]:
        return row
    blank = max(text.rfind(c, 0, ctx) for c in _BLANKS)
    if blank >= 0:
        return blank + 1
    if whole:
        return 0
    # gate49: moving forward to the next blank only (or the new text, with none) lost the word rule
    # generic-password-vocabulary's gate reads BEFORE the separator its match begins at, after a 1 KB run with no
    # blank (dashes, a path, one long word): `aaa…,kupuhipa mō te pūrere: X`, `---,wachtwurd X`. The hold-back,
    # reading the kept text, held the value; the scan of the window, which had no word, let it go in clear. A word
    # beginning after a symbol is a word's start as the whole text reads it: the first blank or such start.
    m = _FORWARD_START.search(text, ctx, start)
    return m.end() if m else start


def line_start(text: str, at: int, whole: bool = False) -> int:
    """The start of the line `at` is in, when the text kept holds it. Else (the kept text begins inside that line:
    what came before it is gone) as far back on it as the kept text goes, from its first whole word: a line's start
    read there is still not the line's, but the words between keep what follows from reading as the start of a
    header or a section, as they do in the whole text. `whole`: `text` begins where the channel does."""
    row = text.rfind("\n", 0, at) + 1
    if row or whole:
        return row
    m = _SPACE.search(text, 0, at)
    return m.end() if m else at


_BLANKS = " \n\t\r\f\v"
_SPACE = re.compile(r"\s")
_FORWARD_START = re.compile(r"\s|(?<=[^\w\s])(?=[^\W\d_])")
