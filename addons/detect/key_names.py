"""What a key's name says about its quoted value: the scorer of rule generic-password-key-name, for the key names
agents and tools invent (`"rolepass"`, `"auth_material"`, `"imap_secret_phrase"`, `'otp_or_pw'`,
`"keystore_pw_clear"`, `"pass_phrase"=>`), which the key-anchored rules, written for keys that end in the password
word, do not read.

The key is split into its words (snake_case, kebab-case, dotted, camelCase); the key is a password's name when
- one word is a password word (pass, pw, pwd, passwd, password, passphrase, passcode, secret), or ends in one
  run together (rolepass, storepass, dbpw; not bypass, compass: English words that end in pass), or
- a word of access (auth, cred, login, unlock, master) stands beside a word for what is held (material, phrase,
  value, data, code, word, string): auth_material, unlock_code;
and not when another word says the value is something else: where the password is (ref, file, path, env, url,
arn, vault), what describes it (policy, length, min, hint, prompt, type, mode, required, expiry), a digest of it
(hash, salt, digest, encrypted), or another field (user, name, id, host, email).

The value must be quoted and is judged by its shape: character classes and entropy (context_score.shape_signals),
three to five words one blank apart that make no sentence (letters_password.describing_phrase), or letters only,
8 to 32 of them, that no word describing a password is. Deterministic; `score` returns the signals that fired.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from . import tool_call
from .context_score import Score, is_passphrase, shape_signals

# The words of a key: camelCase humps, runs of capitals, runs of lower case, digits.
KEY_WORDS = re.compile(r"[A-Z]?[a-z]+|[A-Z]+(?![a-z])|\d+")
PASSWORD_WORDS = frozenset({"pass", "pw", "pwd", "passwd", "password", "passwort", "passphrase", "passcode", "pword",
                            "secret", "passw", "pswd", "psw"})
# English words that end in a password word: the key names something else.
ENDS_LIKE_PASSWORD = frozenset({"bypass", "compass", "encompass", "trespass", "surpass", "overpass", "underpass",
                                "impass", "repass", "subpass", "multipass", "firstpass", "onepass"})
RUN_TOGETHER = re.compile(r"[a-z]{2,12}(?:pass|pw|pwd|passwd|password|passphrase|passcode|secret)")
ACCESS_WORDS = frozenset({"auth", "cred", "creds", "credential", "credentials", "login", "logon", "unlock", "master",
                          "access", "signin", "admin", "root", "sudo", "vault", "keystore", "otp"})
HELD_WORDS = frozenset({"material", "phrase", "value", "data", "code", "word", "string", "text", "blob", "clear",
                        "plain", "plaintext", "cleartext", "raw", "pin", "key"})
# A word of the key that makes the value something other than the password itself.
_OTHER_THING = """
    ref reference refs file files path dir env var vars variable name names id ids arn url uri uris link href vault
    policy policies length len min max minimum maximum hint hints prompt prompts label placeholder type types mode kind
    required require enabled enable disabled disable allowed allow optional strength rule rules pattern regex
    expiry expires expire expired expiration ttl lifetime age rotation rotate rotated reset changed change updated
    date time at count attempts retries timeout
    hash hashed digest salt salted encrypted enc cipher crypt bcrypt sha md5 algorithm algo scheme method format
    user username users userid uid email mail host hostname port domain realm server endpoint address addr
    header provider source store manager mount backend plugin field fields column version status flag"""
OTHER_THING = frozenset(_OTHER_THING.split())
_NOT_ITSELF = ("hash hashed digest salt salted encrypted enc crypt bcrypt sha md5 min max minimum maximum "
                       "placeholder example sample dummy fake")
NOT_ITSELF = frozenset(_NOT_ITSELF.split())
NOT_A_PASSWORD = frozenset({"none", "null", "nil", "true", "false", "undefined", "redacted", "filtered", "hidden",
                            "masked", "omitted", "removed", "secret", "password", "changeme"})
LETTERS = re.compile(r"[A-Za-z]{8,32}")
ENTRY_WORDS = tool_call.ENTRY_WORDS
TYPING_WORDS = tool_call.TYPING_WORDS
# Words with letters outside ASCII joined by a symbol or digits: βουνό.κύμα, гроза_ёжик, 山茶ёжик#, ørn.ağaç7.
LETTER_RUN = re.compile(r"[^\W\d_]+")
# A PIN's shape: 4 to 12 digits, or groups of 3 to 6 digits joined by a blank, dash or dot.
PIN = re.compile(r"\d{4,12}|\d{3,6}(?:[ .-]\d{3,6}){1,2}")


def key_words(key: str) -> list[str]:
    return [word.lower() for word in KEY_WORDS.findall(key)]


def key_signals(key: str, call_of: Callable[[], tool_call.ToolCall | None] | None = None) -> list[tuple[str, int]]:
    """What the key's words say: whether it names a password, and whether a word names something else; `call`, the
    tool call the key is an argument of (read only when needed), makes a word of entry (pin, unlock, typed) one."""
    words = key_words(key)
    entry = next((word for word in words if word in ENTRY_WORDS), None)
    typing = next((word for word in words if word in TYPING_WORDS), None)
    signals: list[tuple[str, int]] = []
    password = next((word for word in words if word in PASSWORD_WORDS), None)
    run_together = next((word for word in words if word not in ENDS_LIKE_PASSWORD and RUN_TOGETHER.fullmatch(word)),
                        None)
    access = next((word for word in words if word in ACCESS_WORDS), None)
    held = next((word for word in words if word in HELD_WORDS), None)
    if password:
        signals.append((f"a word of the key is a password word ({password!r})", 3))
    elif run_together:
        signals.append((f"a word of the key ends in a password word run together ({run_together!r})", 3))
    elif access and held:
        signals.append((f"words of access and of what is held ({access!r}, {held!r})", 3))
    elif (entry or typing) and call_of is not None and (call := call_of()) is not None and call.access \
            and (entry or call.password_field):
        signals.append((f"a word of the key names what is typed to get in ({entry or typing!r})", 1))
        signals.append((f"an argument of a tool call: {call.access}", 2))
    else:
        signals.append(("no word of the key names a password", -6))
    # An English compound's last word is its head: `rolepass_ref` is a reference, `host_auth_material` material. So a
    # word naming something else counts after the credential word; before it, only a word saying the value is a
    # digest or a bound (hashed_password, min_password) does.
    first = next((i for i, word in enumerate(words) if word in (password, run_together, access, entry, typing)),
                 len(words))
    # "text_to_type", "value_to_fill": a key made of words of typing alone names what is typed, not its type.
    typing_only = all(word in TYPING_WORDS or word in ("to", "into", "in") for word in words)
    other = next((word for i, word in enumerate(words)
                  if word in NOT_ITSELF or (i > first and word in OTHER_THING
                                            and not (typing_only and word in TYPING_WORDS))), None)
    if other:
        signals.append((f"a word of the key names something else ({other!r})", -6))
    return signals


def other_script_words(value: str) -> bool:
    """Letters outside ASCII in one to four runs joined by a digit or symbol, 5 to 64 chars, no blank."""
    if not 5 <= len(value) <= 64 or value.isascii() or any(c.isspace() for c in value):
        return False
    runs = LETTER_RUN.findall(value)
    return 1 <= len(runs) <= 4 and any(not run.isascii() for run in runs) and len(LETTER_RUN.sub("", value)) > 0


def value_signals(value: str, pin: bool = False) -> list[tuple[str, int]]:
    """The quoted value's own shape; `pin`: the key may hold a PIN (a tool call's entry word)."""
    from .letters_password import describing, describing_phrase  # letters_password imports context_score

    if value.lower() in NOT_A_PASSWORD:
        return [("a word that stands for no value (none, redacted)", -6)]
    if " " in value:
        reason = describing_phrase(value)
        if reason:
            return [(f"words, not a passphrase: {reason}", -6)]
        return [("words one blank apart, none of a sentence: a passphrase", 2)]
    if LETTERS.fullmatch(value):
        reason = describing(value)
        if reason:
            return [(f"a word that describes a password: {reason}", -6)]
        return [("letters only, 8 or more, quoted under the key", 1)]
    if pin and PIN.fullmatch(value):
        return [("digits only, 4 to 12 or grouped: a PIN's shape", 1)]
    if other_script_words(value):
        return [("words of a script other than Latin joined by a symbol or digit", 1)]
    # A quoted passphrase under the key ('azimuth.zenith.corona') is no dotted code reference: is_passphrase already
    # refused dotted paths holding a word of code (settings.auth.admin_password).
    return shape_signals(value, identifier=not is_passphrase(value), given=True)


def score(key: str, value: str, call_of: Callable[[], tool_call.ToolCall | None] | None = None) -> Score:
    keyed = key_signals(key, call_of)
    entry = any(name.startswith("a word of the key names what is typed") for name, _ in keyed)
    signals = keyed + value_signals(value, pin=entry)
    words = key_words(key)
    if words and words[-1] in PASSWORD_WORDS and (" " not in value and not LETTERS.fullmatch(value)):
        # DB_PASS, client_secret: generic-password and generic-secret read a random value under such a key; this
        # rule adds only the shapes they do not read, letters only and words one blank apart.
        signals.append(("a key ending in the password word: a value of this shape is the key rules' to read", -6))
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


# The key before the value: its name, its closing quote (JSON-escaped too) and the separator.
KEY_BEFORE = re.compile(r"(?P<key>[\w.-]{1,64})[\"'\\]{0,3}[ \t]{0,4}(?::|=>|=)[ \t]{0,4}[\"'\\]{1,3}$")


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """The verdict for a match of generic-password-key-name: the key's name ends right before the value."""
    head = view[max(0, match_start - 64):value_start]
    key = KEY_BEFORE.search(head)
    if key is None:
        return Score(-6, ("no key before the value (-6)",))
    key_start = max(0, match_start - 64) + key.start("key")
    return score(key.group("key"), view[value_start:value_end], lambda: tool_call.context(view, key_start, value_end))


# generic-password-json-named: a JSON object whose "name" / "key" member names the field its "value" member holds
# ({"name": "Secret", "type": "textbox", "value": "X"}, {"ParameterKey": "DBPassword", "ParameterValue": "X"}).
NAME_MEMBER = re.compile(r"(?i)[\"\\]{1,3}(?:name|key|label|field|parameter_?key)[\"\\]{1,3}[ \t]*:[ \t]*[\"\\]{1,3}"
                         r"(?P<name>[\w .:-]{1,64}?)[\"\\]{1,3}")


def score_named(name: str, value: str) -> Score:
    """The verdict for a value whose key is `value`: the object's name member is the key that names it. Unlike
    `score`, a value of any shape counts: no key rule reads a value under the key `value`."""
    signals = key_signals(name.replace(" ", "_")) + value_signals(value)
    return Score(sum(weight for _, weight in signals), tuple(f"{n} ({weight:+d})" for n, weight in signals))


def score_named_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """The verdict for a match of generic-password-json-named: it starts at the object's name member. The members
    between may hold another name-like one (`"label": "Site", "name": "Secret"`): the match starts at the first,
    which would hide the second from the scorer, so every one is read and the best verdict counts."""
    if NAME_MEMBER.match(view, match_start) is None:
        return Score(-6, ("no name member at the match's start (-6)",))
    value = view[value_start:value_end]
    names = NAME_MEMBER.finditer(view, match_start, value_start)
    return max((score_named(name.group("name"), value) for name in names), key=lambda verdict: verdict.total)
