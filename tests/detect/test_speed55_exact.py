"""speed55's faster forms answer exactly what they replace: the second look's line blanking (`scanner._blanked`, once
one `re.sub` replacement per char) and context_score.NEGATIVE with its lookaheads (once ~40 lookbehinds at every
word boundary), each checked against the old form on generated text full of the characters that matter."""

from __future__ import annotations

import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from addons.detect import context_score, scanner

OLD_BLANK = re.compile(r"[^\n|^!,;\t\"]")
BLANK_TEXTS = st.lists(st.sampled_from([*"aZ09 \n|^!,;\t\"'.-_\r", "é", "\u00a0", "密", "\U0001f600", "\ud800"]),
                       max_size=80).map("".join)

# NEGATIVE as it was before speed55: no lookahead for `manager` before the roles' lookbehinds, none for a word char.
OLD_MANAGER_TALK = ("(?:" + "".join(f"(?<!{role} )" for role in context_score._ROLES.split())
                    + r"(?-i:manager|MANAGER)s?"
                    r"|(?-i:Managers?)(?<![A-Za-z] Manager)(?<![A-Za-z] Managers)"
                    r"|(?:(?<=password )|(?<=passwort )|(?<=credential )|(?<=keychain )|(?<=secrets ))(?-i:Managers?))")
WORDS = ["manager", "Manager", "MANAGER", "managers", "Managers", "duty ", "office ", "password ", "secrets ",
         "Field", "field", "FIELD", "field-", "Field Maps", "reset", "your", "hash", "hashed", "expire", "forgot",
         "forgotten", "zurücksetzen", "oublié", "olvidé", "too short", "change it", "policy", "İ", "ſ", "K"]
NEGATIVE_TEXTS = st.lists(st.sampled_from([*WORDS, " ", "-", "_", "x", "\n", "é", "."]), max_size=24).map("".join)


def _old_negative() -> re.Pattern[str]:
    source = context_score.NEGATIVE.pattern
    current = ("(?:(?=(?-i:manager|MANAGER))" + "".join(f"(?<!{role} )" for role in context_score._ROLES.split())
               + r"(?-i:manager|MANAGER)s?"
               r"|(?-i:Managers?)(?<![A-Za-z] Manager)(?<![A-Za-z] Managers)"
               r"|(?=(?-i:Manager))(?:(?<=password )|(?<=passwort )|(?<=credential )|(?<=keychain )|(?<=secrets ))"
               r"(?-i:Managers?))")
    assert current in source and source.startswith(r"(?i)\b(?=\w)(?:")
    return re.compile(source.replace(current, OLD_MANAGER_TALK).replace(r"(?i)\b(?=\w)(?:", r"(?i)\b(?:", 1))


OLD_NEGATIVE = _old_negative()


@settings(max_examples=400, deadline=None)
@given(BLANK_TEXTS)
@example("password: X | user, \"y\";\tz\n\n")
@example("mot de passe: é密\U0001f600\n|")
def test_blanked_is_the_old_substitution(text):
    assert scanner._blanked(text) == OLD_BLANK.sub(" ", text)


def test_every_negative_alternative_starts_with_a_letter():
    # The `(?=\w)` after `\b` is exact only while this holds: a word of NEGATIVE starting otherwise needs it gone.
    words = re.sub(r"\(\?[-<=!:a-z]*|[()?|\\\[\]{}*+.^$]", " ", context_score.NEGATIVE.pattern[len(r"(?i)\b(?=\w)"):])
    assert all(word[0].isalpha() for word in words.split())
    for word in ("forgot", "Field", "manager", "password Manager", "policy", "too short", "change it", "your", "hints"):
        assert context_score.NEGATIVE.search(f"x {word} y") is not None


@settings(max_examples=600, deadline=None)
@given(NEGATIVE_TEXTS)
@example("the duty manager and the office Manager")
@example("the password Manager, the Config Manager, secrets Managers")
@example("Field Maps field-crew FIELD Field")
def test_negative_finds_what_it_found_before(text):
    assert [m.span() for m in context_score.NEGATIVE.finditer(text)] == \
        [m.span() for m in OLD_NEGATIVE.finditer(text)]
