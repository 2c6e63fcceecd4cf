"""A password under a key that names no password, read from the key beside it that names the account: the scorer of
rule generic-password-paired-key.

Configuration written by hand pairs an account with its secret as two sibling keys of one stem (Salt pillars, Helm
values, Terraform module arguments, Puppet Hiera, Pulumi stack files, Chef data bags, INI sections):

    bind_user: svc_ldap            login_user = "ops"            "relay_user": "mailer",
    bind_word: "<the password>"    login_phrase = "<password>"   "relay_phrase": "<password>"

The second key's name is whatever its author chose (`_word`, `_phrase`, `Entry`, `_key_plain`, `LoginValue`), so
it is read with its sibling: the first key's last word names the account (user, login, account ...), the second
key starts with the same words (the stem: `bind`, `admin`, `profile::mqtt::broker`), and its other words name what
is held or typed to get in (word, phrase, value, key, plain, entry, pin, code; or a password word) and nothing
else (`bind_host`, `adminEmail`, `relay_port`, `login_shell` name another field: key_names.OTHER_THING). The value
is judged by its shape as key_names judges a quoted value: letters only, words one blank apart that make no
sentence, or character classes and entropy. Deterministic; `score_match` returns the signals that fired.
"""

from __future__ import annotations

import re

from . import key_names, tool_call
from .context_score import Score

# The last word of a key that names the account the next key's secret belongs to.
USER_WORDS = frozenset({"user", "username", "usr", "uname", "login", "logon", "account", "acct", "principal"})
# Words of the second key (after the stem) for what is held or typed: the secret itself.
HELD_WORDS = key_names.HELD_WORDS | tool_call.ENTRY_WORDS | key_names.PASSWORD_WORDS | frozenset(
    {"cred", "creds", "credential", "credentials", "auth", "token", "passwd", "password"})
# A key at the start of a line: indentation, a YAML list dash, quotes (JSON-escaped too), the name, the separator.
LINE_KEY = re.compile(r"[ \t]*(?:-[ \t]{1,4})?[\"'\\]{0,3}(?P<key>[\w.:-]{1,96})[\"'\\]{0,3}[ \t]{0,4}(?::|=>|=)")


def key_words(key: str) -> list[str]:
    """The words of a key, its namespaces included (`profile::mqtt::broker_user`, `infra:adminUser`)."""
    return key_names.key_words(key)


def pair_signals(user_key: str, key: str) -> list[tuple[str, int]]:
    """What the two keys' names say: the second is the first's sibling and names a secret."""
    user_words, words = key_words(user_key), key_words(key)
    if not user_words or user_words[-1] not in USER_WORDS:
        return [("the key above names no account", -6)]
    stem = user_words[:-1]
    if not stem or words[:len(stem)] != stem or len(words) == len(stem):
        return [("the key is no sibling of the account's key (no shared stem)", -6)]
    rest = words[len(stem):]
    signals: list[tuple[str, int]] = []
    held = next((word for word in rest if word in HELD_WORDS), None)
    run_together = next((word for word in rest if word not in key_names.ENDS_LIKE_PASSWORD
                         and key_names.RUN_TOGETHER.fullmatch(word)), None)
    if held or run_together:
        signals.append((f"a sibling of the account's key {'_'.join(stem)!r} names what is held "
                        f"({held or run_together!r})", 3))
    else:
        signals.append(("the sibling's own words name nothing held", -6))
    other = next((word for word in rest if word in key_names.OTHER_THING or word in key_names.NOT_ITSELF), None)
    if other:
        signals.append((f"a word of the key names something else ({other!r})", -6))
    return signals


def score(user_key: str, key: str, value: str) -> Score:
    signals = pair_signals(user_key, key) + key_names.value_signals(value)
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """The verdict for a match of generic-password-paired-key: it starts at the account's key's line and ends with
    the sibling key before the value."""
    lines = view[match_start:value_start].replace("\r", "").split("\n")
    first = LINE_KEY.match(lines[0])
    last = LINE_KEY.match(lines[-1])
    if first is None or last is None:
        return Score(-6, ("no key on the account's line or the value's (-6)",))
    return score(first.group("key"), last.group("key"), view[value_start:value_end])
