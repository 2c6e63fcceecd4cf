"""Passwords whose evidence is the place they stand in, not a word beside them: the password argument of a
command-line tool (`sshpass -p ...`, `mysql -p...`, `smbclient -U user%...`, `curl -u user:...`), a config value
whose comment on the line before names a password, a cell in the password column of a Markdown table, and a form
field named password that a tool call or a browser script fills (`"label": "Password", "value": ...`,
`page.fill("#password", ...)`).

The rules (generic-password-cli, generic-password-commented, generic-password-table,
generic-password-form-field) find the place; `place_signals` names it and what counts against it, for
letters_password.score_match, which then judges the token itself (a letters-only token by the closed class of
words that describe a password, any other by its shape: context_score.shape_signals). Fixed weights, printed by
`Scanner.explain` like every other context signal. No rule starts at any `key:` (a value followed by a comment
naming a password is not looked for): the stream masker would hold back every `word:` for it.
"""

from __future__ import annotations

import re

from .context_score import NEGATIVE

# The tools whose password argument the CLI rule knows (the regex part before the value starts with the tool).
# A flag the CLI rule starts at when it looks behind for its tool (curl ... -u, mysql ... -p).
CLI_FLAG = re.compile(r"^[\s\"',]-")
CLI_TOOL = re.compile(r"[\"']?(?P<tool>mysql\w*|mariadb[\w-]*|sshpass|htpasswd|smbclient|curl|redis-cli"
                      r"|mosquitto_\w+|rabbitmqctl|ldap\w+)\b")
# The words the comment and table rules look for (rules/generic.yaml repeats them).
PASSWORD_WORD = re.compile(r"(?i)passw|passphrase|kennwort|\bpwd?\b|mot de passe|contrase.a|senha|wachtwoord"
                           r"|has[lł]o|heslo|l[öo]senord")
# The comment mark the commented rule looks behind for: a line's (or a string's) first non-blank.
COMMENT_MARK = re.compile(r"(?:^|[\"'])[ \t]*(?:#|;|//)")
# The start of a Markdown table row the table rule looks behind for.
TABLE_MARK = re.compile(r"(?:^|[\"'])[ \t]*\|")
FORM_FIELD = re.compile(r"(?i)\"(?:label|name|field|selector|id|placeholder|aria-label|element|target|locator)\""
                        r"|\.(?:fill|type|send_?keys|setValue|press_?sequentially)\(|\)\.(?:send_?keys|fill|type)\(")
# The key's last part names something that is not the password: `relay_user:`, `min_length =`, `item_id =`.
OTHER_KEY = re.compile(r"(?i)(?:^|[_.-])(?:user(?:name)?|login|host(?:name)?|port|name|id|uuid|url|uri|path|file"
                       r"|dir|timeout|length|len|min|max|count|mode|method|type|enabled|at|date|time|hash|salt|algo"
                       r"|algorithm|policy|hint|email|mail|version|expiry|expires|rotated)\W*$")
KEY = re.compile(r"(?P<key>[\w.-]+)[\"']?[ \t]*[:=][ \t]*[\"'`]?$")
# `[mail]`, `[client "smtp"]`: an INI section header on a line of its own (or a string's first, as in a JSON body).
INI_SECTION = re.compile(r"(?m)(?:^|[\"'])[ \t]*\[[\w .\"-]{1,64}\][ \t]*$")
INI_READS = 2000
NEGATION = re.compile(r"(?i)\b(?:no|not|without|kein|keine|sans|sin|sem|geen|brak)\b")


def place_signals(view: str, match_start: int, value_start: int, value_end: int) -> list[tuple[str, int]] | None:
    """The signals of the place a carrier rule matched, or None when the match is not one of those places."""
    head = view[match_start:value_start]
    # The CLI, comment and table rules look behind for the tool, the comment mark and the header's first cells
    # (the stream masker then holds from the flag or the password word): read them from the match's line.
    line_start = view.rfind("\n", 0, match_start) + 1
    line_end = view.find("\n", match_start)
    first_line = view[line_start:line_end if line_end >= 0 else len(view)]
    tool = CLI_TOOL.match(head) or (CLI_FLAG.match(head) and _last(CLI_TOOL, view[line_start:match_start]))
    if tool:
        return [(f"the password argument of {tool.group('tool')}", 4)]
    mark = COMMENT_MARK.search(view[line_start:match_start])
    if mark and ("\n" in head or "\\n" in head):
        return [("a comment on the line before names a password", 3),
                *_key_signals(head, first_line[mark.end():], _ini(view, line_start, mark.group()))]
    table = TABLE_MARK.search(view[line_start:match_start])
    if table and "\n" in head:
        return _table_signals(view[line_start + table.end() - 1:value_start])
    if FORM_FIELD.search(head):
        return [("a form field named password is filled with it", 4)]
    return None


def _key_signals(head: str, comment: str, ini: bool) -> list[tuple[str, int]]:
    signals = [("a key, then : or =, then the value", 1)]
    key = KEY.search(head)
    if key and OTHER_KEY.search(key.group("key")):
        signals.append((f"the key names something else ({key.group('key')!r})", -6))
    if head.rstrip(" \t").endswith("="):
        signals.append(("unquoted after = in an INI file: its values are unquoted", 0) if ini
                       else ("unquoted after =: may be a name in code", -2))
    negative = NEGATIVE.search(comment)
    if negative:
        signals.append((f"negative context word {negative.group().lower()!r} in the comment", -3))
    negation = NEGATION.search(comment)
    if negation:
        signals.append((f"the comment says there is none ({negation.group().lower()!r})", -4))
    return signals


def _ini(view: str, line_start: int, mark: str) -> bool:
    """An INI file: a `;` comment, or a `[section]` line among the lines before (read up to INI_READS back)."""
    return mark.lstrip(" \t\"'").startswith(";") or \
        INI_SECTION.search(view, max(0, line_start - INI_READS), line_start) is not None


def _table_signals(head: str) -> list[tuple[str, int]]:
    """A Markdown table: is the value's cell in the column the header row names a password?"""
    header, _, rest = head.partition("\n")
    cells = [cell.strip(" \t*`").lower() for cell in header.strip(" \t").strip("|").split("|")]
    named = [i for i, cell in enumerate(cells) if PASSWORD_WORD.search(cell) or cell in ("pass", "pw")]
    row = rest.rsplit("\n", 1)[-1]
    column = row.strip(" \t").count("|") - 1
    if column in named:
        return [("a table cell in the column its header names a password", 4)]
    return [("a table cell, but not in the password column", -8)]


def _last(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    found = None
    for found in pattern.finditer(text):  # noqa: B007 (the last one is wanted)
        pass
    return found
