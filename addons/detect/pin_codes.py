"""A PIN or an entry code given in prose: the scorer of rule generic-pin-code.

"my PIN is 48213", "the door code is 4821", "the alarm panel code changed, it's 0917", "gate combo: 27-14-33":
a word that names what is keyed in to get in (PIN, passcode, a code or combination of an alarm, door, gate,
keypad, safe, lockbox ...) gives a value by a copula, a separator or a clause of its own (`it's X`); the value is a
PIN's shape (4 to 12 digits, or groups of 2 to 4) or a password's (context_score.shape_signals). The password
rules want 6 characters and a credential word, so a PIN was read nowhere. Talk about PINs without one (length,
policy, reset, "must be", "digits") is rejected by its negative words. Deterministic; `score_match` returns the
signals that fired.
"""

from __future__ import annotations

import re

from .context_score import (
    NEGATIVE,
    SEPARATOR,
    SETTING_NEGATIVES,
    WORD,
    Score,
    giving_clause,
    line_bounds,
    own_clause,
    shape_signals,
)
from .vocabulary import PASSWORD_WORDS as LANGUAGE_PASSWORD_WORDS

# The password words a bare PIN may follow (password 4821): prose37 adds Luxembourgish Passwuert and Irish pasfhocal
# (lenited: mo phasfhocal). One list for PIN_WORD and PASSWORD_WORD.
PASSWORD_WORDS = (r"password|passwort|pw|adgangskode(?:n)?|passord(?:et)?|l[öo]senord(?:et)?|passwuert|p(?:h)?asfhocal|"
                  + LANGUAGE_PASSWORD_WORDS)  # prose38: Faroese, Romansh (vocabulary.py)
# The word the rule's regex starts at (it is the match's start): PIN in capitals, pin code, passcode, a code of a lock.
PIN_WORD = re.compile(r"(?i)(?-i:PIN)(?:[ -](?:code|number))?|pin[ -](?:code|number)|passcode|(?:alarm|door|gate"
                      r"|keypad|entry|access|unlock|lock|locker|safe|garage|building|panel|lockbox|key[ ]?safe"
                      r"|security)"  # prose27: a remote-support tool's security code
                      r"(?:[ ](?:panel|box))?[ -](?:code|pin|combination|combo)"
                      # prose34: Danish / Norwegian compounds; a password word (PASSWORD_WORD); the bare code of a lock
                      r"|pin-?kode(?:n)?|(?:alarm|d[øo]r|port|n[øo]glebo[ks]s|l[åa]s)kode(?:n)?"
                      r"|" + PASSWORD_WORDS + r"|code|combination|combo")
# prose34: "PJLink on the hall projector is on, password 08732, class 1 only": digits right after a password word that
# end its clause are a PIN typed where the password goes (the rule's regex wants nothing else after the word); the
# password rules want six characters. Digits anywhere else after the word are left to them.
PASSWORD_WORD = re.compile(r"(?i)" + PASSWORD_WORDS)
# prose37: "the console password has been changed to 3103", "password reset to 48120": a verb of setting between the
# password word and the digits gives them as the new PIN (reset is then the setting's own word, not talk).
PASSWORD_SET = re.compile(r"(?i)^\s+(?:(?:has|have|had|was|were|is|got|been|just)\s+){0,2}(?:changed|set|reset|updated)"
                          r"\s+to\s*$")
# ... but not a count the password was reset after (password reset to 4821 attempts, changed to 3000 days).
COUNT_AFTER = re.compile(r"(?i)[ \t]+(?:attempts?|tries|times|days?|hours?|minutes?|seconds?|characters?|chars"
                         r"|digits?)\b")
# The bare code or combination: the rule's regex looked behind for a lock in its sentence (lockbox on the side door,
# code X), or (prose38) for a panel's user and name (level 2 user U code X); only the value right after it, or given
# by a copula or separator, is its code.
BARE_CODE = re.compile(r"(?i)code|combination|combo")
# The PINs docs and lists of weak passwords quote (password 123456, PIN 0000): a run up or down, or one digit repeated.
EXAMPLE_PIN = re.compile(r"0?1234(?:5(?:6(?:7(?:89?)?)?)?)?|(?:9876|8765|7654|6543|5432|4321)\d{0,4}|(\d)\1{3,11}")
PIN_SHAPE = re.compile(r"\d{4,12}|\d{2,4}(?:[ -]\d{2,4}){1,3}")
# Words about a PIN that is not given: how long it is, that it must be set, what it is not; and (prose27) words of
# source code's review ("security code scanning alerts: 1532"), where the code is a program.
PIN_TALK = re.compile(r"(?i)\b(?:digits?|must|should|length|minimum|maximum|at least|default|never|don'?t|do not"
                      r"|new one|attempts?|wrong|locked|expires?|changes? every"
                      r"|scan(?:ning|ner)?|review|analysis|alerts?|findings?|issues?|vulnerabilit(?:y|ies))\b")
# The copulas that give a PIN (not context_score.COPULA's `to`, a preposition in English: "PIN support to X").
# prose30: stays / remains / bleibt give it as a copula does ("the door code stays X until the new year").
PIN_COPULA = re.compile(r"(?i)\b(?:is|was|are|ist|war|lautet|est|es|era|é|è|är|er|je|jest|este|stays|remains|bleibt)"
                        r"(?:\s+(?:now|still))?"
                        r"\s*[:\"'`]?\s*$")
# "Leader PIN (for you only, don't forward): X": an aside in brackets between the word and its value speaks to the
# reader; its words are no distance, and only words about the PIN's shape in it (digits, length, default) are talk.
ASIDE = re.compile(r"\([^()\n]{1,60}\)")
ASIDE_TALK = re.compile(r"(?i)\b(?:digits?|length|minimum|maximum|at least|default)\b")
SETTING = re.compile(r"(?i)\b(?:changed|set|reset|updated)\s+(?:it\s+)?to\s*[:\"'`]?\s*$|\bnow\s*[:\"'`]?\s*$")


def score(line_before: str, between: str, value: str, word: str = "PIN") -> Score:
    signals: list[tuple[str, int]] = [("a word naming a PIN or an entry code", 2)]
    password_set = PASSWORD_WORD.fullmatch(word) is not None and PASSWORD_SET.fullmatch(between) is not None
    if PASSWORD_WORD.fullmatch(word) and ((between.strip() and not password_set) or not PIN_SHAPE.fullmatch(value)):
        signals.append(("after a password word only digits right after it are read here", -6))
    if BARE_CODE.fullmatch(word) and len(WORD.findall(between)) > 1:
        signals.append(("after the bare code of a lock only a value right after it or given is read", -6))
    asides = ASIDE.findall(between)
    between = ASIDE.sub(" ", between)
    words_between = len(WORD.findall(between))
    given = SEPARATOR.search(between) or PIN_COPULA.search(between) or SETTING.search(between)
    if given:
        signals.append(("a separator, copula or setting gives the value", 2))
    elif giving_clause(between):
        signals.append(("a clause of its own gives the value (it's X)", 2))
    elif words_between == 0:
        signals.append(("the value right after the word", 1))
    # "the keypad code for the server room is now X": what the code is for, then its copula, is no distance.
    reach = 8 if given or giving_clause(between) else 2
    if words_between > reach:
        signals.append((f"{words_between} words between word and value", -(words_between - reach)))
    if PIN_SHAPE.fullmatch(value):
        signals.append(("digits, 4 to 12 or grouped: a PIN's shape", 1))
        if EXAMPLE_PIN.fullmatch(value):
            signals.append(("a run or a repeated digit: the PIN docs quote (123456, 0000)", -4))
        if re.fullmatch(r"(?:19|20)\d\d", value):
            signals.append(("four digits that read as a year", -2))
    else:
        signals.extend(shape_signals(value, given=True))
    clause = own_clause(line_before) + " " + between
    # "Your PIN is 4821" gives one (a bank's, an IT desk's message), as "Your new password is ..." does.
    talk = PIN_TALK.search(clause) or next((word for word in NEGATIVE.finditer(clause)
                                            if word.group().lower() != "your"
                                            and not (password_set and word.group().lower() in SETTING_NEGATIVES)),
                                           None) \
        or ASIDE_TALK.search(" ".join(asides))
    if talk:
        signals.append((f"talk about a PIN, not one ({talk.group().lower()!r})", -6))
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """The verdict for a match of generic-pin-code: it starts at the PIN word."""
    word = PIN_WORD.match(view, match_start)
    if word is None:
        return Score(-6, ("no PIN word at the match's start (-6)",))
    line_start, _ = line_bounds(view, match_start, match_start)
    verdict = score(view[line_start:match_start], view[word.end():value_start], view[value_start:value_end],
                    word.group())
    if PASSWORD_WORD.fullmatch(word.group()) and COUNT_AFTER.match(view, value_end):
        return Score(verdict.total - 6, (*verdict.signals, "a count follows the digits (4821 attempts) (-6)"))
    return verdict
