"""gate50: ordinary prose, docs and code that prose50's new contexts mask, and the bound of the rule it widened.

Measured side by side (main 1e39162 vs prose50 96cd764): scripts/eval_prose_fp.py and scripts/eval_stdlib.py find the
same password-rule findings (no new one). A hand-written corpus of 126 sentences built on the new triggers (a year or
a count after "set to" / "is now", "opens with" in a manual, "signed in as" in a log, Zulu / Yoruba sentences with
ithi / ni, locked-out talk, dotted build names) gives 3 findings on main and 16 on prose50 (13 new): the open ones were
strict xfails (prose51 fixed the eight, now regressions too); the sentences that stay clean are regressions."""

import pytest

from addons.detect import Scanner
from addons.detect.regex_shape import UNBOUNDED_MATCH_CAP

from .shipped import sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text", [
    "The password cost factor is now 12 for bcrypt.",
    "Password expiry was reset to 90 days.",
    "The password for the demo is now 12345678, change it in production.",
    "The password was set to expire in 2025 and nobody noticed.",
    "The password was issued as 6 digits by the bank.",
    "The tablets unlock with TouchID.",
    "The lockers open with NFC-tags from the front desk.",
    "The tablets unlock with FaceID-2 and a PIN.",
    "INFO 2024-03-01 12:00:01 user logged in as admin; password check passed",
    "logged in as root, password unchanged.",
    "signed in as m.okoro, password manager opened.",
    "jdoe2 is locked out of the portal. Reset to defaults via the admin page.",
    "r.osei is locked out. Reset to v2.1.3 and retry.",
    "Ọ̀rọ̀ aṣínà rẹ ni o kéré tán 12 lẹ́tà.",
    "Ọ̀rọ̀ aṣínà tí ó lágbára ni A-Z, a-z, 0-9.",
    "iphasiwedi entsha ithi 2024-01-01 kusukela manje.",
    "kiln.controller.version=2.4.1.",
    "| Version | Date |\n|---|---|\n| 2.4.1. | 2024 |",
    "password: np.float64",
    # fixed: prose50's NAME_AND_VERSION (device branch, up to 3 digits) was shadowed by an older one of that name
    # (at most 2 digits) later in context_score.py; now DEVICE_PRODUCT
    "The kiosks open with Chrome-120.",
    "The kiosks open with Chrome-120, since the update.",
])
def test_ordinary_text_near_the_new_triggers_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Open at gate50 (found by prose50 and not by main), fixed by prose51 in the context model; the cause and the fix:
@pytest.mark.parametrize("text", [
    # CLAUSE_ENDS_AFTER took any blank; now the clause must end after the token (a sentence's end, a comma, a dash
    # between blanks, the line's end)
    pytest.param("The doors open with 802.1X auth now.", id="clause-does-not-end"),
    pytest.param("The gates open with 2FA-codes only.", id="clause-does-not-end-2"),
    pytest.param("The phones unlock with Pixel-8a firmware.", id="clause-does-not-end-3"),
    # token_shape.generated_part counted lower-case <-> digit changes in hex; a part of hex digits in one case is none
    pytest.param("password: static.a8f3c2d1e9", id="hex-content-hash-dotted"),
    # SET_PIN: a noun between the password word and the verb of setting is what was set (NOUN_THEN_SET)
    pytest.param("The password hashing rounds were set to 310000 in Django 4.2.", id="set-to-a-count"),
    # a policy's count or minimum after Zulu ithi (POLICY_COUNT)
    pytest.param("iphasiwedi yakho ithi Min-12 kuphela.", id="zulu-ithi-policy"),
    pytest.param("iphasiwedi ithi 12-characters okungenani.", id="zulu-ithi-count"),
    # a locked-out account, then "Reset to" a product and its version the sentence goes on after
    pytest.param("u.baker is locked out of the app. Reset to Android-13 fixed nothing.", id="reset-to-a-product"),
])
def test_ordinary_text_prose50_masked_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# gate50 (EVASION.md section 3): prose50's device head was a variable lookbehind and the value group was named twice,
# regex-module-only syntax the stdlib parser (regex_shape.max_match_length) cannot read: the rule got the 16,384-char
# cap as its max length and lookahead, and every candidate searched a 16 KB window (10 KB of `use X to log in, ` hit
# the 2 s budget). One value group, the device words in the match: 188 / 131.
def test_generic_password_access_has_a_bounded_match_length():
    rule = SCANNER.rule("generic-password-access")
    assert rule.max_length < UNBOUNDED_MATCH_CAP and rule.lookahead < UNBOUNDED_MATCH_CAP
