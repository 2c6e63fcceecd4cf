"""A password in an agent's own step: the scorer of rule generic-password-agent-step.

An agent's scratchpad (a plan, a thought, a ReAct step) says what it will do with a credential rather than naming it:
"type X into #pw", "fill the password field with X", "sign in to stage.corp.test as ops-07 with X", "the router login
(admin, X)", "Action: browser_login / Action Input: ops, X". What the step does with the value is the evidence, in
place of a credential word: typing it into a password field, logging in to a place as an account with it, pairing it
with an account in brackets after a login word, handing it to a login tool. The value then needs a password's shape
(context_score.shape_signals), or, letters only, a run of 8+ letters or a passphrase that no describing word makes a
phrase (context_score.pair_letters_signals). Deterministic; `score_match` returns the signals that fired.
"""

from __future__ import annotations

import re

from .context_score import PAIR_LETTERS, Score, is_passphrase, pair_letters_signals, shape_signals

# The steps the rule's regex starts at (the match's start), each with what it says about the value.
TYPED_INTO = re.compile(r"(?i)(?:typ|enter|input|paste|send_?keys)")  # ... X into the password field
FILLED_WITH = re.compile(r"(?i)fill")  # fill the password field with X
SIGNED_IN_AS = re.compile(r"(?i)(?:log|sign)")  # sign in to <place> as <account> with X
REACT_INPUT = re.compile(r"(?i)action:")  # Action: browser_login / Action Input: ops, X
LOGIN_WORD = re.compile(r"(?i)log[ \t-]?in|sign[ \t-]?in|cred")  # then `(account, X)` or `(account / X)`
# prose27: an admin's account then `(name / X)`, a blank each side of the slash (the local admin (ops / X)); a
# password's shape only, never letters alone ("admin (primary / secondary)").
ADMIN_WORD = re.compile(r"(?i)admin")

# After a typed value: into a field that names a password (#pw, input#pw, the Password box, input[type=password],
# [name=password]).
PASSWORD_TARGET = re.compile(r"(?i)[\"'`]?[ \t]{1,3}(?:into|in|to|at)[ \t]{1,3}(?:the[ \t]{1,3})?[\"'`]?"
                             r"(?:(?:[\w-]{0,16}[#.])?[\w-]{0,24}(?:password|passwd|passphrase|passcode|pass|pwd|pw)(?![a-z])"
                             r"|input\[(?:type|name|id)=|\[(?:type|name|id)=[\"']?[\w-]{0,24}(?:password|passwd|pass|pwd|pw))")
# A value that stands for one: a placeholder, a variable, a template, a mask.
STAND_IN = re.compile(r"^\$\{?[A-Za-z_]\w*\}?$|^\*{3,}|^%\w+%$|\.\.\.|^(?:x+|redacted|hidden|secret|password"
                      r"|passwort|it|them|that|this)$", re.I)
# An account's name with a dot, dash, underscore or digit (h.sato, ops-07): not "as admin with Chromebook".
ACCOUNT_SHAPED = re.compile(r"(?i)\s+as\s+[\w.@+-]*[._\d-][\w.@+-]*\s+(?:with|using)\b")
LOOSE_LETTERS = re.compile(r"[A-Z]?[a-z]{8,24}")


def score(step: str, value: str, typed_into_field: bool, account_shaped: bool = False) -> Score:
    signals: list[tuple[str, int]] = []
    if step == "unknown":  # a step the regex did not start at: it is the scorer's to refuse, not to guess
        return Score(-6, ("no step this scorer knows at the match's start (-6)",))
    if step == "typed" and not typed_into_field:
        return Score(-6, ("a typed value, but not into a password field (-6)",))
    signals.append(({"typed": "typed into a password field", "filled": "a password field filled with it",
                     "signed-in": "logging in to a place as an account with it",
                     "react": "the input of a login tool after its account",
                     "bracket": "paired with an account in brackets after a login word",
                     "admin-bracket": "paired with an account in brackets after an admin's word"}[step], 4))
    if STAND_IN.search(value):
        signals.append(("a placeholder, variable or mask, not a value", -6))
    elif value.isalpha() or (" " in value and value.replace(" ", "").isalpha()):
        # Letters only: a field for a password (typed, filled) vouches for one word of 8+ letters; the other steps
        # want a login pair's letters (two humps, or a lower-case run) or a passphrase.
        loose = step in ("typed", "filled", "bracket", "react") or (step == "signed-in" and account_shaped)
        letters = LOOSE_LETTERS if loose else PAIR_LETTERS
        if step == "admin-bracket":  # "admin (primary / secondary)": a pair of words, not an account's login
            signals.append(("letters only after an admin's word: a pair of words", -6))
        elif " " in value or is_passphrase(value) or letters.fullmatch(value):
            signals.extend(pair_letters_signals(value))
        else:
            signals.append(("letters only, shaped like a word or a name", -6))
    elif is_passphrase(value):
        signals.append(("passphrase: three or more words joined", 0))
    else:
        # The step stands for the credential word; the shape must still be a password's (a digit or symbol).
        signals.extend((name, weight) for name, weight in shape_signals(value, given=True) if weight < 0)
        if not any(c.isdigit() for c in value) and value.isalnum():
            signals.append(("letters only in two cases, no digit or symbol", -2))
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


def step_of(view: str, match_start: int) -> str:
    if REACT_INPUT.match(view, match_start):
        return "react"
    if FILLED_WITH.match(view, match_start):
        return "filled"
    if TYPED_INTO.match(view, match_start):
        return "typed"
    if SIGNED_IN_AS.match(view, match_start) and view.find("(", match_start, match_start + 120) < 0:
        return "signed-in"
    if LOGIN_WORD.match(view, match_start):
        return "bracket"
    if ADMIN_WORD.match(view, match_start):
        return "admin-bracket"
    return "unknown"


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """The verdict for a match of generic-password-agent-step: it starts at the step's verb or login word."""
    step = step_of(view, match_start)
    typed_into_field = PASSWORD_TARGET.match(view, value_end) is not None
    account_shaped = ACCOUNT_SHAPED.search(view, match_start, value_start) is not None
    return score(step, view[value_start:value_end], typed_into_field, account_shaped)
