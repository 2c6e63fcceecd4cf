"""prose48: a password given after a credential word of the vocabulary table, or in a login form's shape with no word.

Rule generic-password-vocabulary (rules/generic.yaml, `validator: table_word_password`: the prose scorer behind
the gate `table_word_before`, below) reports a token after a
separator, a blank, a user's slash or a speaker's colon wherever its first stage saw a word of the table
(vocabulary.CREDENTIAL_VOCABULARY, in Latin script) or a run of another script; context_score.score_match hands
it here when the regexes' own credential words are nowhere on the line, so a language the regexes never learnt
is read the first time:

- a word of the table, looked up word by word (vocabulary.find_terms), then the token right after it, after a
  separator, after the words of one clause and a colon ("wachtwurd foar de kompjûter op it kantoar: X": what they
  name is in any language, so the colon gives it), or after a copula the scorer knows; a user word of the table
  and the user's name right before the password word make a user / password pair (brûkersnamme U, wachtwurd X);
- with no word at all, a login form's shape: a clause opening the line, a colon, an account's name (a dot, dash,
  underscore or digit in it), a slash, the token, then the line's or the clause's end ("Compassmax back office at
  the plant: s.dijkstra / X - only for ..."). The words a form names (a product, a room) are in any language too.

The token is then judged by its shape as the prose scorer judges it (context_score.shape_signals); digits only (a
PIN: 4 to 12, not a year, not a run or repeat docs quote) and letters only (a run of 10 or more, or two or three
capitalised words run together, none of the words that describe a password) only where the construction is the
strongest: right after the word or its colon, or after a pair.
"""

from __future__ import annotations

import contextvars
import functools
import re
import unicodedata
from collections.abc import Callable

from . import grammar, vocabulary
from .context_score import (
    CLAUSE_BREAK,
    COPULA,
    COPULA_AFTER,
    CREDENTIAL_WORDS,
    FORM_ENDS,
    LOGIN_WORD,
    NEGATIVE,
    NUMBERED_NAME,
    OTHER_FORMATS,
    REFERENCE_ID,
    TEMPLATE,
    WORD,
    Score,
    _classes,
    account_before_word,
    is_passphrase,
    own_clause,
    pair_letters_signals,
    score_match,
    shape_signals,
)
from .pin_codes import PIN_TALK
from .validators import LOCK_CODE_VALIDATOR, TABLE_WORD_VALIDATOR

HEAD_READS = 160  # characters before the token read for the word (the prose rule's head)
# Between the word and the token: nothing, a separator, or one clause's words (no clause break, quote or bracket)
# and a colon or a copula.
ADJACENT = re.compile(r"[ \t]{1,4}")
# prose55: or a dash between blanks, the copula of Russian-school writing (Kyrgyz `сырсөзү — X`, Kazakh, Tatar)
SEPARATED = re.compile(r"[ \t]*[:=：][ \t]*|[ \t]{1,2}[–—][ \t]{1,2}")
# (an elision is a word's: a' choimpiutair, de l'ordenador)
CLAUSE_THEN_COLON = re.compile(r"(?:[^,;.!?()\[\]{}\"'’`<>\n:=]|(?<=\w)['’])+[:：][ \t]*")
CLAUSE_WORDS = 8
COPULA_PHRASE_WORDS = 6  # prose50: the noun phrase and the copula a PIN or letters only may follow
# A user word of the table, the user's name, then a comma or blank right before the password word.
USER_NAME_AFTER = re.compile(r"[ \t]*[:=]?[ \t]*[\w.@+-]{2,64}[ \t]*[,;]?[ \t]*")
# A PIN: 4 to 12 digits, not a year; not a run or a repeated digit (1234, 0000), which docs quote.
PIN = re.compile(r"(?!(?:19|20)\d\d$)\d{4,12}")
EXAMPLE_PIN = re.compile(r"0?1234(?:5(?:6(?:7(?:89?)?)?)?)?|(?:9876|8765|7654|6543|5432|4321)\d{0,4}|(\d)\1{3,11}")
# prose52: the sentence ends right after the token (not a comma: a list or the clause goes on)
# prose56: the token ends its sentence and the next one tells the reader not to tell, share or write it down, in the
# table's languages (Sinhala කාටවත් කියන්න එපා, Malayalam ആരോടും പറയരുത്, Hindi किसी को मत बताना): what a secret is,
# where a letters-only token at a clause's end could otherwise be a verb-final language's verb (prose54).
_KEEP_IT_SECRET = (
    r"don['’]?t[ \t]+(?:share|tell|give|write)|do[ \t]+not[ \t]+(?:share|tell|give|write)|never[ \t]+share"
    r"|keep[ \t]+it[ \t]+(?:secret|private|to[ \t]+yourself)"
    r"|කියන්න[ \t]+එපා|ලියන්න[ \t]+එපා|බෙදාගන්න[ \t]+එපා"                       # Sinhala
    r"|പറയരുത്|എഴുതിവെക്കരുത്|എഴുതരുത്|പങ്കിടരുത്|പങ്കുവെക്കരുത്"                 # Malayalam
    r"|சொல்லாதீர்கள்|சொல்ல[ \t]+வேண்டாம்|பகிர[ \t]+வேண்டாம்|எழுத[ \t]+வேண்டாம்"  # Tamil
    r"|ಹೇಳಬೇಡಿ|ಹಂಚಿಕೊಳ್ಳಬೇಡಿ|ಬರೆಯಬೇಡಿ"                                          # Kannada
    r"|చెప్పకండి|పంచుకోవద్దు|రాయవద్దు|చెప్పవద్దు"                                  # Telugu
    r"|मत[ \t]+बता|न[ \t]+बताएं|शेयर[ \t]+न[ \t]+कर|मत[ \t]+लिख"                        # Hindi, Marathi, Nepali
    r"|বলবেন[ \t]+না|শেয়ার[ \t]+করবেন[ \t]+না|লিখবেন[ \t]+না"                       # Bengali
    r"|никому[ \t]+не|не[ \t]+(?:сообщай|говори|передавай|пиши)|нікому[ \t]+не"      # Russian, Ukrainian
    r"|no[ \t]+(?:lo|la|se[ \t]+lo)[ \t]+(?:compartas|compartan|digas|escribas)"    # Spanish
    r"|ne[ \t]+(?:le|la)[ \t]+(?:partagez|donnez|dites|communiquez)"               # French
    r"|nicht[ \t]+(?:weitergeben|weitersagen|teilen|aufschreiben)"                # German
    r"|jangan[ \t]+(?:dibagikan|disebarkan|kasih[ \t]+tahu|beritahu|ditulis)"       # Indonesian, Malay
    r"|kimseyle[ \t]+paylaşma|kimseye[ \t]+söyleme")                            # Turkish
KEEP_IT_SECRET_AFTER = re.compile(r"(?i)[\"'`]?[.!।][ \t]{1,4}[^.!?।\n]{0,48}?(?:" + _KEEP_IT_SECRET + ")")
SENTENCE_ENDS = re.compile(r"[\"'`]?(?:[.;!?](?:\s|$)|[ \t]*(?:\r?\n|$)|[ \t]+[-–—][ \t])")
# prose54: the token ends its clause: a comma, a stop (a danda too), the line's end, a dash between blanks, a
# JSON string's end (7391." or 7391"})
VALUE_ENDS_CLAUSE = re.compile(r"[\"'`]?(?:[.,;!?।](?=[\s\"'`\\]|$)|[ \t]*(?:\r?\n|$|\\[nr])|[ \t]+[-–—][ \t]"
                               r"|[ \t]*[,}\]])")
HUMPS = re.compile(r"(?:[A-Z][a-z]{3,12}){2,3}|[a-z]{4,12}(?:[A-Z][a-z]{3,12}){1,2}")  # prose50: after a copula
LETTERS = re.compile(r"[a-z]{10,24}|(?:[A-Z][a-z]{3,12}){2,3}|[A-Z][a-z]{11,24}|[a-z]{4,12}(?:[A-Z][a-z]{3,12}){1,2}")
# The login form's shape with no word: a clause opening the line (no colon, quote or sentence end in it), a colon,
# an account's name (a letter and one of . _ - or a digit), a slash.
FORM = re.compile(r"(?m)(?:^|(?<=\"))[ \t\-*•>]*(?P<clause>[^:=\n.!?\"'`]{2,80}):[ \t]{1,3}"
                  r"(?P<user>[\w.@+-]{1,64})[ \t]/[ \t]$")  # a blank either side of the slash: a path has none
ACCOUNT_NAME = re.compile(r"(?=[\w.@+-]*[A-Za-z])(?=[\w.@+-]*[._\d@-])[\w.@+-]{3,64}")
FORM_WORDS = 12


def verdict(view: str, line_start: int, line_end: int, value_start: int, value_end: int) -> Score | None:
    """The verdict on a token with no regex credential word on its line, or None (no table word, no form)."""
    low = max(line_start, value_start - HEAD_READS)
    # A JSON string's opening quote starts the text the token stands in ({"role": "user", "content": "...: X"})
    quoted = value_start
    while quoted > low and view[quoted - 1] in grammar.QUOTE_MARKS:
        quoted -= 1
    opening = view.rfind('"', low, quoted)
    if opening >= 0:
        low = line_start = opening + 1
    head = view[low:value_start]
    value = view[value_start:value_end]
    if quoted == value_start and value_start > 0 and grammar.RUN_ON_LETTER.match(view, value_start - 1):
        return _glued(view, line_start, low, head, value)
    known = _last_known(head)  # the regexes' own words are judged by the prose scorer ...
    term = None if known is not None and (known.group().isascii() or not (value.isdigit() or value.isalpha())) \
        else _last_term(head)
    if known is not None and not _table_reads_it(known, term, value):
        term = None
    # prose54: or a code word with a lock named in its clause (Код ад сейфа: X), when it is the nearer word
    code = _lock_code_term(head)
    if code is not None and (term is None or code.start > term.start) \
            and (known is None or code.start > known.start()):
        return _after_word(view, line_start, low, code, head, value)
    if term is not None:
        return _after_word(view, line_start, low, term, head, value)
    form = FORM.search(view, line_start, value_start)
    if form is not None and (known is None or LOGIN_WORD.fullmatch(known.group())):
        return _form(view, form, value, value_end, line_end)  # a login word in the clause is no password's
    if known is not None and not known.group().isascii() and not LOGIN_WORD.fullmatch(known.group()) \
            and vocabulary.last_term(head) is not None:
        # lang54: a word both the regexes and the table know, written in another script (κωδικός πρόσβασης,
        # паролата), where only this rule's first stage fired (a word of another script, a blank or a quote, the
        # token): the prose scorer's verdict, read from the word on, as the prose rule's would be had its first stage
        # seen the line. Not an ASCII word (PASSWORD): the other rules' first stages spell those.
        return _as_prose(view, low + known.start(), value_start, value_end)
    return None


def _glued(view: str, line_start: int, low: int, head: str, value: str) -> Score:
    """lang63: a token glued on a word of a script with no blanks (密码改成X了): given only by the password word's own
    run, the word then nothing or its language's link (grammar.glued_link); another run before it is another word's."""
    term = _last_term(head)
    if term is None or term.kind != "password" or term.end != len(head) \
            or not grammar.glued_link(head[term.start:term.end], term.language):
        return Score(-6, ("a token glued on a word of a script with no blanks that is not the password word and its "
                          "link (-6)",))
    if value.isdigit() and grammar.NUMBER_UNIT.match(view, low + len(head) + len(value)):
        return Score(-6, ("digits glued on a word of a script with no blanks, a counter after them: a quantity, a date "
                          "or a room (-6)",))
    score = _after_word(view, line_start, low, term, head, value)
    if (value.isdigit() or value.isalpha()) and score.signals[-1].endswith("(+0)") \
            and grammar.RUN_ON_LETTER.match(view, low + len(head) + len(value)):
        # digits or letters the script's next word closes with no blank (密码改成23403了): nothing but the token
        # stands between the link and that word, as a copula after the token gives it (prose54)
        return Score(score.total + 1, (*score.signals, "the script's next word glued right after the token (+1)"))
    return score


_IN_PROSE = contextvars.ContextVar("word_table_in_prose", default=False)


def _as_prose(view: str, word_start: int, value_start: int, value_end: int) -> Score | None:
    """context_score.score_match from the word on; None if that hands the token back here (its head is bounded by
    its own line, which may leave the word out)."""
    if _IN_PROSE.get():
        return None
    entered = _IN_PROSE.set(True)
    try:
        return score_match(view, word_start, value_start, value_end)
    finally:
        _IN_PROSE.reset(entered)


def _last_known(head: str) -> re.Match[str] | None:
    """The last of the regexes' own credential words in the head, or None."""
    words = list(CREDENTIAL_WORDS.finditer(head))
    return words[-1] if words else None


def _table_reads_it(known: re.Match[str], term: vocabulary.Term | None, value: str) -> bool:
    """prose54: the regexes' word is another script's (पासवर्ड, пароль) and also the table's last word, and the
    token is digits only or letters only: the prose rule's regex reads neither there (it wants a digit and a letter or
    a symbol after such a word), so the table judges them as after its own words (पासवर्ड douroturnstone हो)."""
    return term is not None and not known.group().isascii() and term.start <= known.start() < term.end \
        and (value.isdigit() or value.isalpha())


def table_word_before(view: str, at: int) -> bool:
    """prose49: whether a password word of the table stands before `at` on its line, within HEAD_READS characters.
    The gate of rule generic-password-vocabulary (`validator: table_word_password`): the scanner asks it at the
    token's start, the stream hold-backs at a match's start, which is at or before it with no letter between (a
    separator, blanks, a quote), so the hold-back's reading holds every word the scanner's does: a word the window's
    start cuts is left out whole (never a cut-off piece that happens to be another word), and a longer window only
    adds words. It reads nothing after `at`: text still to come cannot open it, and prose with no such word before
    it is never held for this rule."""
    if at < len(view) and grammar.RUN_ON_LETTER.match(view, at):
        at += 1  # lang63: a match of a token glued on a run-on script begins at that word's last letter (和密码X)
    return _head_names(view, at, _names_a_password)


def lock_code_before(view: str, at: int) -> bool:
    """prose54's rule generic-password-lock-code (`validator: lock_code_password`): a lock's code word of the table
    before `at` on its line, read as table_word_before reads a password word. A password word alone does not open
    it: the rule's regex is the vocabulary rule's, so where Hyperscan is missing (its first stage, which wants the
    code word, never runs) it was confirmed wherever that rule's gate opened (`密码：X` reported as a lock's code)."""
    return _head_names(view, at, _names_a_lock_code)


def _head_names(view: str, at: int, names: Callable[[str], bool]) -> bool:
    """``names`` of the head of `at`'s line within HEAD_READS characters (a word the window's start cuts left out)."""
    low = max(0, at - HEAD_READS)
    start = view.rfind("\n", low, at) + 1 or low
    if start == low and low > 0 and _LETTER.match(view, low - 1) and (cut := vocabulary.LETTER_RUN.match(view, low)):
        start = cut.end()
    return start < at and names(view[start:at])


_LETTER = vocabulary.LETTER_RUN  # one character of a word: a letter or its mark
# prose54: the verdict's look-ups of the same heads (a stream asks again at every delta, a long line of one unit
# repeated gives the same head to each of its tokens), as _names_a_password's
_last_term = functools.lru_cache(maxsize=4096)(vocabulary.last_term)
_lock_code_term = functools.lru_cache(maxsize=4096)(vocabulary.lock_code_term)


@functools.lru_cache(maxsize=4096)
def _names_a_password(head: str) -> bool:
    """A stream asks again for the same heads at every delta: looked up once."""
    return _last_term(head) is not None or _lock_code_term(head) is not None


@functools.lru_cache(maxsize=4096)
def _names_a_lock_code(head: str) -> bool:
    return _lock_code_term(head) is not None


# Each gated validator's gate (validators.GATED_VALIDATORS), read by the scanner and both stream hold-backs alike.
GATES: dict[str, Callable[[str, int], bool]] = {TABLE_WORD_VALIDATOR: table_word_before,
                                                 LOCK_CODE_VALIDATOR: lock_code_before}


def _after_word(view: str, line_start: int, low: int, term: vocabulary.Term, head: str, value: str) -> Score:
    between = grammar.without_quotes(head[term.end:])  # lang54: and each script's quotes: «X», „X“, ”X”
    line_before = view[line_start:low + term.start]
    signals: list[tuple[str, int]] = [
        (f"a {term.language} word for the code of a lock named in its clause (the vocabulary table)", 2)
        if term.kind == "code" else (f"a {term.language} word for a password (the vocabulary table)", 2)]
    user_word = term.kind != "code" and _user_before(line_before)  # a lock's code has no user
    account = term.kind != "code" and not user_word and account_before_word(line_before)
    pair = user_word or account
    strongest = False
    if SEPARATED.fullmatch(between):
        signals.append(("separator before the token", 2))
        strongest = True
    elif not between or ADJACENT.fullmatch(between):
        signals.append(("token right after the word", 1))
        strongest = True
    elif len(between) <= 80 and CLAUSE_THEN_COLON.fullmatch(between) and len(WORD.findall(between)) <= CLAUSE_WORDS:
        signals.append((f"{len(WORD.findall(between))} words of one clause naming what it is for, then a colon", 2))
        strongest = True
    elif len(WORD.findall(between)) <= CLAUSE_WORDS \
            and (COPULA.search(between) or grammar.copula_ends(between, term.language)) \
            and not CLAUSE_BREAK.search(between) and CLAUSE_THEN_COLON.fullmatch(between + ":"):
        # prose50: the word, the words of one noun phrase, the copula, the token: the copula gives it as a colon
        # does (ọ̀rọ̀ aṣínà tuntun fún kọ̀ǹpútà ni X, iphasiwedi entsha ithi X), so a PIN or letters only count too
        # does (ọ̀rọ̀ aṣínà tuntun fún kọ̀ǹpútà ni X, iphasiwedi entsha ithi X), so a PIN counts too, and letters
        # only in humps (a lower-case run or one capitalised word after a copula is as often the sentence's next word
        # in a language that glues its words: okungenani, at least)
        short = len(WORD.findall(between)) <= COPULA_PHRASE_WORDS
        # prose52: or a lower-case run that ends the sentence (a full stop, the line's end, a dash between blanks):
        # the next word of a sentence goes on after it (ijambo ry'ibanga ... ni gazelleoolong - ntukaribwire abandi).
        # One capitalised word there is a name as often (iphasiwedi entsha ithi Johannesburg).
        ends = value.islower() and SENTENCE_ENDS.match(view, low + len(head) + len(value)) is not None
        strongest = short and (not value.isalpha() or HUMPS.fullmatch(value) is not None or ends)
        signals.append(("a copula after one noun phrase before the token", 2) if short
                       else ("a copula before the token", 1))
    else:
        return Score(-6, (f"a {term.language} word for a password, but no separator, copula or clause of its own "
                          "gives the token (-6)",))
    if term.kind == "code" and (value.isdigit() or value.isalpha()) and not (
            COPULA_AFTER.match(view, low + len(head) + len(value))
            or VALUE_ENDS_CLAUSE.match(view, low + len(head) + len(value))):
        # prose54: after a lock's code word, digits or letters the sentence goes on after are a price, a count, a
        # room, a name (Сейф з кодам: 4500 руб., the gate code: 4821 visitors a day)
        signals.append(("a lock's code word, but the sentence goes on after the digits or letters", -6))
    if term.kind == "code" and (talk := PIN_TALK.search(own_clause(line_before) + " " + between)):
        signals.append((f"talk about a lock's code, not one ({talk.group().lower()!r})", -6))  # has 4 digits: X
    if user_word:
        signals.append(("a user word and name right before the password word: a user / password pair", 1))
    elif account:
        signals.append(("an account's name and a conjunction right before the password word (U and password X): a "
                        "user / password pair", 1))
    signals += value_signals(grammar.judged_value(value), strong=strongest or pair, paired=pair)
    value_end = low + len(head) + len(value)
    keep_it = KEEP_IT_SECRET_AFTER.match(view, value_end) is not None
    if strongest and (value.isdigit() or value.isalpha()) and signals[-1][1] >= 0 and (
            COPULA_AFTER.match(view, value_end) or (value.isdigit() and VALUE_ENDS_CLAUSE.match(view, value_end))
            or keep_it):
        # prose54: a PIN or letters only right after the word (or its colon) that a copula after it gives (SOV:
        # पासवर्ड X हो), or digits that end their clause (паролем 65232, а потым ...): nothing else of the sentence
        # follows. Not letters at a clause's end: in a language that puts its verb last that is the verb (két
        # jelszó megegyezik.)
        signals.append(("the next sentence says not to tell or write it: a secret" if keep_it else
                        "a copula after the token, or digits ending their clause: nothing else follows it", 1))
    negative = NEGATIVE.search(own_clause(line_before) + " " + between)
    if negative:
        signals.append((f"negative context word {negative.group().lower()!r}", -3))
    if TEMPLATE.search(between):
        signals.append(("template or URL syntax before the token", -4))
    return _total(signals)


def _user_before(line_before: str) -> bool:
    """A user word of the table and the user's name end the text before the password word (brûkersnamme U,)."""
    term = vocabulary.last_term(line_before, "user")
    return term is not None and USER_NAME_AFTER.fullmatch(line_before, term.end) is not None


def _form(view: str, form: re.Match[str], value: str, value_end: int, line_end: int) -> Score | None:
    """CLAUSE: account / token, the clause naming what the login is for (no word)."""
    user = form.group("user")
    if len(WORD.findall(form.group("clause"))) > FORM_WORDS or not ACCOUNT_NAME.fullmatch(user) or "/" in value:
        return None  # a path's next segments are no password
    if FORM_ENDS.match(view, value_end, line_end) is None:
        return Score(-6, ("a form's pair, but the sentence goes on after it: two names, not a login (-6)",))
    if NUMBERED_NAME.fullmatch(user) and NUMBERED_NAME.search(value):
        return Score(-6, ("a pair of numbered names (zone-1 / zone-2) (-6)",))
    if user[:3].lower() == value[:3].lower() or (user[-3:].isalpha() and user[-3:].lower() == value[-3:].lower()):
        # Wi-Fi6 / Wi-Fi6E, WPA2 / WPA3-Personal, 802.11ac / 802.11ax, 300Mbps / 867Mbps: two of one kind
        return Score(-6, ("the two sides begin or end alike: two names of one kind, not a login (-6)",))
    signals: list[tuple[str, int]] = [
        ("a login form's shape: a clause, a colon, an account's name, a slash (no word needed)", 2),
        ("the pair gives the token", 2)]
    if not (PIN.fullmatch(value) or LETTERS.fullmatch(value) or is_passphrase(value)) and _classes(value) < 3:
        signals.append(("with no word, only a password's shape is one: fewer than 3 character classes", -4))
    signals += value_signals(value, strong=True, paired=True)
    return _total(signals)


def value_signals(value: str, strong: bool, paired: bool) -> list[tuple[str, int]]:
    """The token's shape; a PIN or letters only where the construction is the strongest."""
    if value.isdigit():
        if strong and PIN.fullmatch(value) and not EXAMPLE_PIN.fullmatch(value):
            return [("digits right after the word, its colon or a pair: a PIN or numeric password", 0)]
        return [("digits, not given as a PIN is", -6)]
    if value.isalpha():
        if strong and LETTERS.fullmatch(value):
            return pair_letters_signals(value)
        return [("letters only, not given as a password of letters is", -6)]
    # a passphrase given is no identifier; after a pair or right after the word, name=value is a password's
    signals = shape_signals(value, identifier=not is_passphrase(value), given=True, paired=paired or strong)
    if REFERENCE_ID.fullmatch(value) or OTHER_FORMATS.fullmatch(value):
        signals.append(("an id's or a known format's shape", -2))
    return signals


def _total(signals: list[tuple[str, int]]) -> Score:
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


CORE = 8  # letters of a word the first stage spells: the window after them reads the rest, the table decides
# Cores that are common English (code d'accès, secret word, mots de passe: passed): a window at each would cost clean
# code and prose its speed for phrases the other rules' words mostly read.
COMMON_CORES = frozenset({"code", "secret", "passe"})


def first_stage_words() -> str:
    """The table's password words as rule generic-password-vocabulary's first stage spells them (a test keeps the
    rule's equal to this): those the regexes' credential words do not read (nor the German and Luxembourgish plurals
    of their stems: passworte, kennwörter), in Latin script. Of each, its longest run of ASCII letters that begins a
    word, 4 letters or more, cut to CORE: plain literals (a hundred whole words, with `?` for the letters outside
    ASCII and the gaps of phrases, and the window after them were too large for Hyperscan to compile). Other scripts
    reach Hyperscan as runs of `?`: the first stage reads those by shape."""
    spelled: set[str] = set()
    for entry in vocabulary.CREDENTIAL_VOCABULARY:
        for form in (*entry.password, *entry.stems):
            if CREDENTIAL_WORDS.search(form) or re.match(r"passw|kennw", form.casefold()):
                continue
            runs = re.findall(r"(?<![^\W\d_])[a-z]{4,}", form.casefold())
            core = max(runs, key=len)[:CORE] if runs else None
            if core and core not in COMMON_CORES:
                spelled.add(core)
    # A word another one begins (wachtwoo, wachtwurden) is read by the window after that one: only the shortest.
    shortest = {form for form in spelled if not any(other != form and form.startswith(other) for other in spelled)}
    return "|".join(sorted(shortest))


def first_stage_marked_words() -> str:
    """prose53: the table's Latin-script password words with no run of 4 ASCII letters that begins them (Azerbaijani
    şifrə, Turkmen açarsöz, Upper Sorbian hesło, Polish hasłem), as Hyperscan sees them: `?` for each letter outside
    ASCII. first_stage_words has no core for them and the `???:` shape wants three such letters before a colon, so
    the scan never ran the rule on them (explain, which runs every rule, said they were found). Not those of more
    than one word, nor those with a combining mark (the text may be composed otherwise)."""
    marked: set[str] = set()
    for entry in vocabulary.CREDENTIAL_VOCABULARY:
        for form in (*entry.password, *entry.stems):
            if (form.isascii() or CREDENTIAL_WORDS.search(form) or " " in form
                    or re.search(r"(?<![^\W\d_])[a-z]{4,}", form.casefold())
                    or any(unicodedata.combining(c) or not (c.isascii() or "LATIN" in unicodedata.name(c, ""))
                           for c in form)):
                continue
            ascii_form = form.lower().encode("ascii", "replace").decode()
            if len(ascii_form) == len(form) and sum(c.isalpha() for c in ascii_form) >= 3:
                marked.add(ascii_form)
    shortest = {form for form in marked if not any(other != form and form.startswith(other) for other in marked)}
    return "|".join(re.escape(form) for form in sorted(shortest))
