"""Values that look like secrets but are not: placeholders, templates, references, masked values and
documented example keys. Prompts are full of pasted docs and config templates, so these filters matter
more for an LLM proxy than for a git scanner.

`reason(value, tier)` returns why a captured value is not a secret, or None when it may be one. The checks
for every tier only drop values that are placeholders whatever the rule; the generic tier (key-name context
rules) also drops code references, paths and plain words, which a provider-format regex cannot capture.
"""

from __future__ import annotations

import re

from .token_shape import generated_part
from .vocabulary import MASKED_PREFIX

# Documented example credentials (AWS docs and SDK READMEs) and well-known demo tokens.
DOCUMENTED_EXAMPLES = frozenset({
    "AKIAIOSFODNN7EXAMPLE",
    "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    "AKIAI44QH8DHBEXAMPLE",
    "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY",
    "ASIAIOSFODNN7EXAMPLE",
    "AKIAIOSFODNN7EXAMPLEKEY",
    # jwt.io's sample token, and Stripe's documented test keys.
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ"
    ".SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    "sk_test_4eC39HqLyjWDarjtT1zdp7dc",
    "pk_test_TYooMQauvdEDq54NiTphI7jx",
})

# Exact values (lower-cased) that only ever stand in for a secret.
PLACEHOLDER_VALUES = frozenset({
    "true", "false", "null", "none", "nil", "undefined", "empty", "n/a", "na", "tbd", "todo", "fixme",
    "password", "passwd", "secret", "token", "apikey", "api_key", "api-key", "key", "value", "string", "str",
    "changeme", "change_me", "change-me", "changeit", "replaceme", "replace_me", "placeholder", "example",
    "redacted", "removed", "hidden", "masked", "required", "optional", "default", "dummy", "sample",
    "mypassword", "yourpassword", "your_password", "your-password", "secretpassword", "password123",
    "notasecret", "not-a-secret", "xxx", "foo", "bar", "foobar", "test", "testing",
})

# Substrings that mark a stand-in (`placeholder`) or a secret read from elsewhere (`reference`), matched
# on the lower-cased value. Random tokens contain such words with negligible probability (a given 7-letter
# word: ~1e-9 per position in base62). Every alternative starts with a literal char.
# A stand-in's `your` (your_key, <your token>, sk-your-key-here) opens a word: at the value's start or after a
# separator it may take any word; glued inside a run of letters and digits (AKIAYOURACCESSKEY) only a word a stand-in
# names. A key's random part holds `your` + a letter at ~1 in 34,000 GitHub tokens, `your` + one of these words at
# under 1 in 10^8 (batch63 found the first: a real key read as a placeholder passed unmasked).
_STAND_IN_WORDS = ("key", "token", "secret", "api", "access", "app", "auth", "client", "account", "acct", "org",
                   "project", "pass", "pw", "own", "real", "actual", "new", "personal", "private", "value", "id",
                   "user", "name", "company", "domain", "bot", "workspace", "team", "tenant", "site", "server", "host",
                   "db", "database", "webhook", "hook", "here", "license", "code", "cred", "service", "session",
                   "bearer", "consumer", "signing", "master", "admin", "root", "email", "mail")
PLACEHOLDER_MARKERS = (
    "example", "placeholder", r"your(?<![a-z0-9]your)[_\- ]?[a-z]",
    r"your[_\- ]?(?:" + "|".join(_STAND_IN_WORDS) + ")", r"<[a-z_ -]{2,40}>", "redacted", "dummy", "changeme",
    "change_me", r"replace[_-]?me", r"insert[_-]?(?:your|key|token)", "xxxxx", r"\*\*\*", "•••", r"\.\.\.", "…",
    re.escape(MASKED_PREFIX.lower()), r"\{\{", r"\$\{", r"\$\(", r"%\(", "<%", r"#\{",
    r"\*sensitive\*data\*deleted\*",  # Windows setup's redaction of a password in the unattend it keeps (attack31)
)
REFERENCE_MARKERS = (
    r"os\.environ", r"os\.getenv", r"getenv\(", r"process\.env", r"import\.meta\.env", r"system\.getenv",
    r"environment\.get", r"env\[", r"env\(", r"secrets\.", r"vars\.", r"!ref\b", "!vault", r"!sub\b", "vault:",
    "arn:aws:", "ssm:", "keyvault:", "secretmanager", r"\benv:",
    # prose30: a KeePass field reference ({REF:P@I:<uuid>}: the password of the entry with that uuid), whole or as
    # the part after `{REF:` a prose rule reads
    r"\{ref:[tupnaio]@[tupnaio]:", r"@i:[0-9a-f]{32}",
    "/data/",  # prose30: a Vault KV v2 path (secret=kv/data/db01:become in a hashi_vault lookup)
)


def _grouped_by_first_char(alternatives) -> str:
    """One alternation with the alternatives sharing a first char behind it (`e(?:xample|nv\\[)`): the `re`
    engine then skips positions by a first-char set and tries one branch there, ~3x faster than a flat
    alternation on random tokens (this search runs once per candidate on dense traffic)."""
    groups: dict[str, list[str]] = {}
    for alternative in alternatives:
        cut = 2 if alternative.startswith("\\") else 1
        groups.setdefault(alternative[:cut], []).append(alternative[cut:])
    return "|".join(first + (f"(?:{'|'.join(rests)})" if any(rests) else "") for first, rests in groups.items())


MARKERS = re.compile(_grouped_by_first_char(PLACEHOLDER_MARKERS + REFERENCE_MARKERS))
# No placeholder and reference marker can match at the same position, so this says which one did.
_PLACEHOLDER_AT = re.compile("|".join(PLACEHOLDER_MARKERS))
MARKER_REASONS = {"placeholder": "placeholder or template marker",
                  "reference": "reference to a secret stored elsewhere"}


_REGEX_SYNTAX = frozenset(".^$*+?{}[]\\|()")
_TOKEN_PUNCTUATION = "-_"


def literal_prefix(alternative: str) -> str:
    """The literal chars every match of the pattern `alternative` starts with (after a leading `\\b`): plain chars
    and escaped punctuation up to the first other syntax; a char a quantifier makes optional is not counted."""
    at = 2 if alternative.startswith(r"\b") else 0
    chars: list[str] = []
    while at < len(alternative):
        char = alternative[at]
        if char == "\\" and at + 1 < len(alternative) and not alternative[at + 1].isalnum():
            chars.append(alternative[at + 1])
            at += 2
        elif char not in _REGEX_SYNTAX:
            chars.append(char)
            at += 1
        else:
            if char in "?*{" and chars:  # `your[_- ]?` keeps `your`; `ab?` only `a`
                chars.pop()
            break
    return "".join(chars)


def _token_marker_words(alternatives) -> tuple[str, ...] | None:
    """The literal prefixes of the markers that can match a token of letters, digits, `-` and `_` alone (`example`,
    `your`, `replace`); the others start with other punctuation (`<`, `${`, `os.environ`, `•••`) no such token holds.
    None when a marker starts with no literal at all (the gate below then never applies)."""
    words = []
    for alternative in alternatives:
        prefix = literal_prefix(alternative)
        if not prefix:
            return None
        if prefix.replace("-", "").replace("_", "").isalnum() or set(prefix) <= set(_TOKEN_PUNCTUATION):
            words.append(prefix)
    return tuple(words)


# Most candidates on dense traffic are tokens of letters, digits, `-` and `_` (a provider key, a random password):
# for those only these words can start a marker, and looking for each with `in` (C, ~40 ns) replaces the marker
# search (~5-8 us on a 60-char token: the alternation's first chars are common letters, so `re` tries branches at
# most positions). Exact: every match of a marker holds its literal prefix (test_entropy_allowlist checks both).
TOKEN_MARKER_WORDS = _token_marker_words(PLACEHOLDER_MARKERS + REFERENCE_MARKERS)


def marker_kind(lowered: str) -> str | None:
    """`placeholder`, `reference` or None: the first stand-in or reference marker in the lower-cased value."""
    if TOKEN_MARKER_WORDS is not None and lowered.replace("-", "").replace("_", "").isalnum() \
            and not any(map(lowered.__contains__, TOKEN_MARKER_WORDS)):
        return None
    marker = MARKERS.search(lowered)
    if marker is None:
        return None
    return "placeholder" if _PLACEHOLDER_AT.match(lowered, marker.start()) else "reference"

SHELL_VARIABLE = re.compile(r"\$[A-Za-z_][A-Za-z0-9_]*|\$env:[A-Za-z_]\w*|%[A-Za-z_][A-Za-z0-9_]*%|@[A-Z_]+@")
FORMAT_VERB = re.compile(r"%[-+ #0-9.]*[sdvqxf]|\{\d*\}|\{[a-z_]\w*\}")

# Generic tier only.
CODE_REFERENCE = re.compile(r"[A-Za-z_$][\w$]*(?:(?:\.|::|->)[A-Za-z_$][\w$]*)+(?:\(|\[)?|.*[()].*|\w+\[.*\]")
# snake_case, CONSTANT_CASE, camelCase, PascalCase (with acronyms and version digits: PKCS7PrivateKey,
# type variables: _AzureApiKeyT), optionally _private; random tokens essentially never split like that.
# dos62: the last alternative was `(?:[A-Z]{2,}\d*|[A-Z][a-z]{2,})+[A-Z]?`, which splits a run of capitals into
# pieces of two or more every way there is before it fails: exponential in the run (24 capitals before
# `TWITTER_BEARER_TOKEN=`: 0.16 s, 40: minutes, unbounded by any deadline). The same words written so that each
# run of capitals is read once: a run of one or of three or more before lower-case letters, of two or more before
# digits, any at the end (every text of up to 8 of `ABab1_` and 200,000 random ones match alike:
# tests/detect/test_dos62_plain_words.py).
PLAIN_WORDS = re.compile(
    r"_*(?:[a-z]+(?:[_-][a-z]+)*|[A-Z]+(?:_[A-Z]+)*|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)*"
    r"|[A-Z][a-z]+(?:[_-][A-Z]?[a-z]+)+|(?:[A-Z](?:[A-Z]{2,})?[a-z]{2,}|[A-Z]{2,}\d+)+[A-Z]*|[A-Z]{2,})"
)
# Every match of CODE_REFERENCE or CODE_EXPRESSION holds one of these chars: a token without any (`ghp_...`,
# `a8Kx-29fQ`) skips both, whose backtracking costs ~2.5 us per candidate on dense traffic.
CODE_SIGN = re.compile(r"[.:>?=&|()\[\]{}]")
# Calls, subscripts and blocks: `config.get(`, `token_data[`, `before{content:`.
CODE_CHARS = re.compile(r"[()\[\]{}]")
# Expressions rather than values: ternaries, calls, CSS blocks, arrows, boolean operators.
CODE_EXPRESSION = re.compile(r"[{}]|\w\?[\w.]+:|=>|&&|\|\||==(?=[^=])|^[A-Za-z_][\w.]*[\[(]")
# A password generator's brackets (`cP(_mV7t8r@N`, `LuCg]=$!=7X~FZVx[^=`): code closes every bracket it opens, in
# order, inside one token; a password's are unpaired. A call, subscript or list cut off by a separator
# (`get_pw(self,`, `[listener.fileno(),`, `version=(2,`) or with a closer left over from the call around it
# (`KEY.encode())`) is unpaired too: it starts with its opener, or has no symbol a generated password has besides
# its brackets (names, dots, `=`, `:`, `-` only). A generator's password with letters, digits and brackets alone
# reads as such code and is not taken.
PASSWORD_SYMBOL = re.compile(r"[!#%&*+/;?@^|~]")
# Markup whose brackets are unpaired too: roff escapes (`l\*(Aqutilisateur`, `d\('ee`, `\[em]`) and a markdown
# link's text meeting its address (`Competition](https://...)`).
MARKUP_BRACKET = re.compile(r"\\\*?[(\[]|\]\(")
CLOSER = {")": "(", "]": "[", "}": "{"}


def unpaired_brackets(value: str) -> bool:
    """The value's brackets do not pair up as code's do: a closer with no opener, an opener never closed, or
    crossed pairs (`[(])`)."""
    stack: list[str] = []
    for char in value:
        if char in "([{":
            stack.append(char)
        elif char in CLOSER and (not stack or stack.pop() != CLOSER[char]):
            return True
    return bool(stack)


def bracketed_password(value: str) -> bool:
    """The value's brackets are a password's characters, not a call, subscript, block, template or markup: they
    are unpaired, the value neither starts nor ends with an opener (`System.fetch_env!(` is a call), nor ends with a
    closer it did not open (`X)` of `(password: X)`, read by a key rule that keeps the closer: the prose rule's `X`
    is the value), and it has a password's symbol (see above)."""
    return value[:1] not in "([{" and value[-1:] not in "([{" and unpaired_brackets(value) \
        and not _stray_last_closer(value) \
        and PASSWORD_SYMBOL.search(value) is not None and not MARKUP_BRACKET.search(value)


def _stray_last_closer(value: str) -> bool:
    closer = value[-1:]
    return closer in CLOSER and value.count(CLOSER[closer]) < value.count(closer)


# attack62: or a UI's asset (an icon, image, style sheet, sound or font file: ICON_PASSWORD, "lock-icon.svg")
FILE_PATH = re.compile(r"(?:~|\.{1,2})?/[\w.\-/]+|[A-Za-z]:\\[\w.\-\\ ]+"
                       r"|[\w.\-]+\.(?:pem|key|crt|cer|p12|pfx|json|txt|ya?ml|env|cfg|conf|ini|properties|jks"
                       r"|svg|png|jpe?g|gif|ico|webp|bmp|css|html?|xml|ttf|otf|woff2?|wav|mp3|ogg|mp4)")
URL = re.compile(r"(?:https?|file)://[^@]*", re.IGNORECASE)
RANDOM_SEGMENT = re.compile(r"(?=[\w]*\d)(?=[\w]*[a-z])(?=[\w]*[A-Z])\w{12,}")
# A provider prefix with its body cut off (`sk-ant-api03-...` loses its `...` as trailing punctuation).
BARE_PREFIX = re.compile(r"[a-z][a-z0-9]*(?:[-_.][a-z0-9]+)*[-_]")
SEQUENCES = ("0123456789abcdefghijklmnopqrstuvwxyz", "1234567890", "abcdefghijklmnopqrstuvwxyz", "9876543210",
             "qwertyuiop")
_LONGEST_SEQUENCE = max(map(len, SEQUENCES))  # a longer value is in none of them


ROUND_NUMBER = re.compile(r"[1-9]0+")  # prose52: 1000, 50000
# attack61: a form's or a UI string's label (Password:, Passwort:, Passphrase*): the word that names the field, with
# the colon or asterisk a label ends in, is the text shown beside the box, not what is typed into it.
FORM_LABEL = re.compile(r"(?i)(?:new|current|confirm)?[_ -]?(?:password|passwort|passphrase|passwd|passcode|kennwort"
                        r"|contraseña|senha|wachtwoord|пароль|hasło|heslo|lösenord|salasana|adgangskode|passord)[:*：]")

PLAIN_WORD = "plain word or identifier"
CODE_REFERENCE_REASON = "code reference"


def reason(value: str, tier: str, category: str = "secret", password: bool = False,
           checksummed: bool = False) -> str | None:
    """Why this captured value is not a secret, or None. PII values (card numbers, phone numbers,
    addresses) are judged by their validators and rule allow patterns instead: the checks here are
    about token-like strings. `password`: the value was given as a password (a password rule's match), so
    unpaired brackets are its characters (bracketed_password), not code. `checksummed`: the value passed its
    format's checksum, so no word inside it marks a stand-in (a documented example is still one)."""
    if category == "pii":
        return None
    password_brackets = False
    if tier == "generic" and CODE_CHARS.search(value):  # cheap, and the most common rejection in code
        if not (password and bracketed_password(value)):
            return CODE_REFERENCE_REASON
        password_brackets = True
    if value in DOCUMENTED_EXAMPLES:
        return "documented example key"
    lowered = value.lower()
    if lowered in PLACEHOLDER_VALUES:
        return "placeholder value"
    if FORM_LABEL.fullmatch(value):
        return "a form's label (Password:), not a value"
    kind = None if checksummed else marker_kind(lowered)
    if kind:
        return MARKER_REASONS[kind]
    if value[:1] in "$%@{" and (SHELL_VARIABLE.fullmatch(value) or FORMAT_VERB.fullmatch(value)):
        return "variable or format placeholder"
    if _repeated(value) and not (password and value.isdigit() and len(value) <= 6 and len(set(value)) > 1
                                 and not ROUND_NUMBER.fullmatch(value)):
        # prose52: a PIN given as a password is two digits often (4333, 1333, 7707); one digit alone (0000) or a
        # round number (1000, 1000000: a default or a count) is no PIN, and the places that read a PIN judge runs
        # and repeats themselves (EXAMPLE_PIN)
        return "repeated characters"
    if 6 <= len(value) <= _LONGEST_SEQUENCE and any(lowered in seq for seq in SEQUENCES):
        return "sequential characters"
    if tier == "generic":
        return _generic_reason(value, password_brackets, password)
    return None


def _generic_reason(value: str, password_brackets: bool = False, password: bool = False) -> str | None:
    if value.isalnum():  # most candidates: every other check below needs punctuation to match
        return PLAIN_WORD if PLAIN_WORDS.fullmatch(value) else None
    if URL.fullmatch(value):
        return "URL"
    if FILE_PATH.fullmatch(value) and not RANDOM_SEGMENT.search(value):
        return "file path"
    if not password_brackets and CODE_SIGN.search(value) and \
            (CODE_REFERENCE.fullmatch(value) or CODE_EXPRESSION.search(value)) and \
            not (password and "." in value and CODE_EXPRESSION.search(value) is None and generated_part(value)) and \
            not (password and _generated_equals(value)):
        return CODE_REFERENCE_REASON  # prose50: a password's dotted generator output (Ae9vC9Uh.Lov4n8) is none
    if PLAIN_WORDS.fullmatch(value):
        return PLAIN_WORD
    if BARE_PREFIX.fullmatch(value):
        return "token prefix without a value"
    if value[:1] in "<[{" and value[-1:] in ">]}":
        return "bracketed placeholder"
    return None


def _generated_equals(value: str) -> bool:
    """prose56: a password's `==` is a generator's pair of `=` (K9==!QT2E!=h, F3n==E6ptG.p!F!VDx9yBr) when the value
    mixes upper, lower and digits, has a password's symbol and changes character class as generated output does (or
    has two such symbols), and reads as no code with the pair as one `=` (code compares names: `a==b&&c`,
    `self.x==y.z`, `k==v?1:2`, `i==0`)."""
    if "==" not in value or not (any(c.isupper() for c in value) and any(c.islower() for c in value)
                                 and any(c.isdigit() for c in value)):
        return False
    symbols = len(PASSWORD_SYMBOL.findall(value))
    if not (symbols >= 2 or (symbols and generated_part(value))):
        return False
    single = value.replace("==", "=")
    return CODE_REFERENCE.fullmatch(single) is None and CODE_EXPRESSION.search(single) is None


SEPARATORS = re.compile(r"[-_.:/ ]+")


def _repeated(value: str) -> bool:
    """`xxxxxxxx`, `sk-xxxxxxxxxxxx`, `0000-0000`: the longest run between separators has <= 2 distinct chars."""
    # The common case, decided without splitting; the first 16 chars usually settle it (a set of them is
    # cheaper than one of a 60-char token, and more than 8 there means more than 8 in all).
    if len(set(value[:16])) > 8 or len(set(value)) > 8:
        return False
    longest = max(SEPARATORS.split(value), key=len)
    return not longest or (len(longest) >= 4 and len(set(longest.lower())) <= 2)
