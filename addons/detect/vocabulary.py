"""The words a rule and a finding are described with, and the syntax of exitguard's placeholders.

They live here, in the pure engine, because the engine needs them and may import nothing else of exitguard;
`addons/core/vocabulary.py` and `addons/core/placeholders.py` re-export them for everyone else.

The enums are `StrEnum`s: a member equals its string (`Category.SECRET == "secret"`), so YAML, JSON and flow
metadata keep plain strings. Where an order of strictness applies, it is the order the members are declared in,
and `rank` / `strictest` are the only way to compare them (`<` on members is still plain string order).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from enum import StrEnum
from typing import Self


class Ordered(StrEnum):
    """A StrEnum whose members are declared from the least to the most strict."""

    @property
    def rank(self) -> int:
        return type(self)._member_names_.index(self.name)

    def is_stricter_than(self, other: str) -> bool:
        return self.rank > type(self)(other).rank

    @classmethod
    def strictest(cls, values: Iterable[str], default: str | None = None) -> Self:
        """The strictest of ``values`` (members or their strings); ``default``, else the least strict member,
        when there are none. A string that is not a member raises ValueError."""
        members = [cls(v) for v in values]
        if not members:
            return cls(default) if default is not None else next(iter(cls))
        return max(members, key=lambda m: m.rank)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The plain strings, in order (for messages and YAML checks)."""
        return tuple(m.value for m in cls)


class Category(StrEnum):
    SECRET = "secret"
    PII = "pii"


class Classification(Ordered):
    """Ordered by sensitivity. `test-value` is the least sensitive: a value documented for testing
    (4111 1111 1111 1111, SSN 123-45-6789) identifies nobody and opens nothing; `public` is still a
    real identifier, only one its owner published (an author address in a code header)."""

    TEST_VALUE = "test-value"
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    REGULATED = "regulated"


class Tier(StrEnum):
    PRECISE = "precise"  # a provider format, or a validated value
    GENERIC = "generic"  # context words + entropy


# ---- placeholders --------------------------------------------------------------------------------------
# `[MASKED:<rule-id>:<tag>]` replaces a masked value: rule ids are lower-kebab (rules.RULE_ID), the tag is the
# first 6 hex chars of the value's keyed fingerprint. One definition, used by the engine (it never reports text
# inside a placeholder, so masking is idempotent) and, through addons/core/placeholders.py, by every reader.
MASKED_PREFIX = "[MASKED:"
MASKED_TAG_CHARS = 6
MASKED = re.compile(r"\[MASKED:(?P<rule>[a-z0-9]+(?:-[a-z0-9]+){0,31}):(?P<tag>[0-9a-f]{6})\]")
# The engine skips a placeholder only if it names one of its rules or one of these (detectors outside the rule
# packs: credentials/section.py's RULE_ID); any other `[MASKED:x:y]` is scanned as text.
EXTRA_PLACEHOLDER_RULES = frozenset({"brokered-credential"})


# ---- credential words by language ------------------------------------------------------------------------
# prose38: a language's word for a password and for a user name, once, as regex alternatives (matched without case),
# for the scorers that read prose: context_score (the prose and login-pair rules), letters_password (letters-only
# values) and pin_codes (a PIN after a password word). rules/generic.yaml cannot import: its prose, letters and PIN
# patterns spell the same words (ASCII first stages read a non-ASCII letter as `?`), each marked prose38.
# Older languages still live in context_score.OTHER_LANGUAGE_WORDS and USER_BEFORE_WORD.
PASSWORD_WORDS_BY_LANGUAGE: dict[str, str] = {
    # loyniorð, definite loyniorðið (the password), plural loyniorðini; written loyniord without its eth
    "faroese": r"loynior[ðd](?:ið|id|ini|in|s)?",
    # pled-clav (password), plural pleds-clav
    "romansh": r"pleds?-clav",
}
USER_WORDS_BY_LANGUAGE: dict[str, str] = {
    "faroese": r"brúkaranavn(?:ið)?|brúkari",  # user name, user
    "romansh": r"num d['’]utilisad(?:er|ra)|utilisad(?:er|ra)",  # num d'utilisader (user name), utilisader
}


def alternatives(words: dict[str, str]) -> str:
    """The languages' words as one group of regex alternatives."""
    return "(?:" + "|".join(words.values()) + ")"


PASSWORD_WORDS = alternatives(PASSWORD_WORDS_BY_LANGUAGE)
USER_WORDS = alternatives(USER_WORDS_BY_LANGUAGE)
