"""First stage: one cheap pass over the text that says which rules may match, and where.

- `HyperscanPrefilter`: a few Hyperscan block databases (`database_groups`) holding, for every rule, a
  superset of its regex that Hyperscan matches exactly (lookarounds removed, large bounded repeats
  unbounded; see `hyperscan_source`; or the rule's own `first_stage`, a cheaper pattern ending wherever
  the rule's matches end). Every real match of a rule therefore ends at an offset Hyperscan reports:
  `ends()` returns those offsets and the scanner confirms each by matching the rule's regex right to
  left from it. Rules Hyperscan only approximates (prefilter mode) or rejects come back as windows.
  The compiled database is cached on disk (~/.cache/exitguard when private: cache_dir.py), keyed by the patterns.
  Each text is scanned followed by TAIL, in databases without Hyperscan's small-write engine: the bundled library
  loses matches that end where the scanned bytes end (batch63, at TAIL).
- `KeywordPrefilter`: the pure-Python fallback when the hyperscan package is missing. A case-insensitive
  alternation of all keywords; a hit opens [hit - max_length - margin, hit + max_length + margin] for
  the rules listing that keyword. Rules without keywords are confirmed over the whole text.

Either way gating is local: a rule is only confirmed where it fired, never over a whole body because a
keyword appears somewhere in it. Hyperscan scans bytes: the text is turned into ASCII with one `?` per
non-ASCII char so byte offsets are str offsets; the rules' regexes run with ASCII classes, so both stages
see non-ASCII chars alike.
"""

from __future__ import annotations

import bisect
import hashlib
import itertools
import json
import re
import threading
from collections import defaultdict
from pathlib import Path

import regex

from .cache_dir import cache_dir, write_replacing
from .rules import Rule
from .verbose import class_end

# Context kept around a hit for lookarounds and boundaries just outside the match.
MARGIN = 64
# Windows closer than this are confirmed as one (a regex call costs about as much as scanning ~50 chars).
MERGE_GAP = 32

try:
    import hyperscan
except ImportError:  # pragma: no cover - exercised by forcing engine="python" in tests
    hyperscan = None  # type: ignore[assignment]  # mypy's documented idiom for an optional import


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    spans.sort()
    merged = [spans[0]]
    for start, end in spans[1:]:
        last_start, last_end = merged[-1]
        if start <= last_end + MERGE_GAP:
            if end > last_end:
                merged[-1] = (last_start, end)
        else:
            merged.append((start, end))
    return merged


def _runs(ends: list[int]) -> list[tuple[int, int]]:
    """(first, last) of each run of consecutive offsets, in the order given. A long token reports an end per
    char (sk-... of 60 chars: 30 ends): one window per run is what their windows merge into anyway, built
    without a tuple and a sort entry per end."""
    runs: list[tuple[int, int]] = []
    if not ends:
        return runs
    first = last = ends[0]
    for end in itertools.islice(ends, 1, None):
        if end == last + 1:
            last = end
        else:
            runs.append((first, last))
            first = last = end
    runs.append((first, last))
    return runs


def _in_text(offsets: list[int], size: int, final_break: bool) -> list[int]:
    """Ends in a text's bytes + TAIL as ends in the text. A match ending at TAIL's line break read it for the text's
    end (`(?:[^a-z]|$)`, `scan_source`'s `(?:$|\n)`): it ends at the text's end, and, when the text itself ends in a
    line break, also before that one (where `$` meets it in the text alone). None ends in TAIL's last byte. (A
    superset: an end no anchor made costs one regex call to refute.)"""
    out = [end if end <= size else size for end in offsets if end <= size + 1]
    if final_break and size in out:
        out.append(size - 1)
    return out


class KeywordPrefilter:
    name = "python"

    def __init__(self, rules: list[Rule], indices: list[int] | None = None):
        self.rules = rules
        indices = list(range(len(rules))) if indices is None else indices
        self.always: list[int] = []
        self.by_keyword: dict[str, list[int]] = defaultdict(list)
        for index in indices:
            if rules[index].keywords:
                for keyword in rules[index].keywords:
                    self.by_keyword[keyword].append(index)
            else:
                self.always.append(index)
        keywords = sorted(self.by_keyword, key=len, reverse=True)
        # A hit reports the longest keyword starting at a position; every shorter keyword inside it
        # (`key` inside `api-key`) must open its rules' windows too.
        self.rules_for = {k: sorted({i for other in keywords if other in k for i in self.by_keyword[other]})
                          for k in keywords}
        self.pattern = (regex.compile("|".join(map(regex.escape, keywords)), regex.IGNORECASE)
                        if keywords else None)

    def windows(self, text: str) -> dict[int, list[tuple[int, int]]]:
        size = len(text)
        found: dict[int, list[tuple[int, int]]] = {index: [(0, size)] for index in self.always}
        if self.pattern is None:
            return found
        spans: dict[int, list[tuple[int, int]]] = defaultdict(list)
        for hit in self.pattern.finditer(text, overlapped=True):
            for index in self.rules_for[hit.group().lower()]:
                reach = self.rules[index].max_length + MARGIN
                spans[index].append((max(0, hit.start() - reach), min(size, hit.end() + reach)))
        found.update((index, _merge(s)) for index, s in spans.items())
        return found


# The Chinese credential words 密码 and 口令 reach Hyperscan as these two bytes instead of `??`: every two-character
# word of Chinese, Japanese or Russian text is `??` too, and a first stage that started at any `??` scanned such
# text a third slower. The other credential words of scripts Hyperscan sees as `?` get the mark on their first two
# chars (the rest stay `?`): the Korean, Japanese, Russian, Serbian, Vietnamese, Arabic, Persian, Hebrew, Hindi,
# Thai and other non-Latin scripts' words for a password, so a first stage can start at them and read a value in
# the same script after them (a run of `?` alone is every word of such text). No other first stage stands `?` for
# one of these chars (rules/generic.yaml's prose rule is the one that reads the mark).
CJK_CREDENTIAL_WORDS = ("密码", "密碼", "口令", "비밀번호", "패스워드", "パスワード", "парол", "Парол", "ПАРОЛ",
                        "лозинк", "Лозинк", "mật khẩu", "Mật khẩu", "MẬT KHẨU", "Mật Khẩu",
                        "كلمة المرور", "كلمة السر", "رمز عبور", "رمز ورود",
                        "گذرواژه", "کلمه عبور", "סיסמ", "पासवर्ड", "รหัสผ่าน", "পাসওয়ার্ড", "پاس ورڈ", "پاسورڈ",
                        "கடவுச்சொல்", "პაროლი", "գաղտնաբառ", "የይለፍ ቃ", "құпия сөз", "Құпия сөз", "нууц үг", "Нууц үг",
                        "ລະຫັດຜ່ານ", "ពាក្យសម្ងាត់", "စကားဝှက်", "මුරපදය", "પાસવર્ડ", "ਪਾਸਵਰਡ", "сырсөз", "Сырсөз",
                        "серсүз", "Серсүз",
                        # attack62: the Cyrillic words in capitals too, as headings and signs write them (СЕРСҮЗЕ
                        # БЕЛӘН КЕРЕГЕЗ); ПАРОЛ was the only one
                        "ЛОЗИНК", "ҚҰПИЯ СӨЗ", "НУУЦ ҮГ", "СЫРСӨЗ", "СЕРСҮЗ",
                        # prose56: Malayalam, Kannada, Telugu (with and without the zero-width non-joiner)
                        "\u0d2a\u0d3e\u0d38\u0d4d\u200c\u0d35\u0d47\u0d21\u0d4d",
                        "\u0d2a\u0d3e\u0d38\u0d4d\u0d35\u0d47\u0d21\u0d4d",
                        "\u0caa\u0cbe\u0cb8\u0ccd\u200c\u0cb5\u0cb0\u0ccd\u0ca1\u0ccd",
                        "\u0caa\u0cbe\u0cb8\u0ccd\u0cb5\u0cb0\u0ccd\u0ca1\u0ccd",
                        "\u0c2a\u0c3e\u0c38\u0c4d\u200c\u0c35\u0c30\u0c4d\u0c21\u0c4d",
                        "\u0c2a\u0c3e\u0c38\u0c4d\u0c35\u0c30\u0c4d\u0c21\u0c4d",
                        # lang63: Amharic's with its article or possessive (የይለፍ ቃሉ, ቃሌ, ቃልዎን: `የይለፍ ቃ` holds
                        # them) and with the instrumental prefix (በይለፍ ቃል), Tigrinya's, Korean's 암호,
                        # Japanese 暗証番号 (a PIN), Yoruba's aṣínà and ìgbaniwọlé (composed, as chat writes
                        # them; in capitals too): their languages had no first stage but a colon after three `?`,
                        # and scored 5 to 18 of 36
                        "በይለፍ ቃ", "መሕለፊ ቃ", "암호", "暗証番号",
                        "a\u1e63\u00edn\u00e0", "a\u1e63ina", "A\u1e62\u00cdN\u00c0", "\u00ecgbaniw\u1ecdl\u00e9",
                        "\u00ccgbaniw\u1ecdl\u00e9")
# (prose55: Gujarati, Punjabi and Kyrgyz too: a PIN after their word, or after a dash, reaches the rule's window;
# prose61: Tatar's серсүз, the value before it with the postposition белән, `with`, reaches the value-first rule)
# prose56: and the Dravidian scripts' (Malayalam പാസ്‌വേഡ്, Kannada ಪಾಸ್‌ವರ್ಡ್, Telugu పాస్‌వర్డ్, with or without the
# zero-width non-joiner): a PIN after Malayalam's never reached the rule, as prose55 found for Gujarati's. Deriving
# every other-script word of the table instead (46 more) cost ~0.5 ms per word per 255,000 chars of non-Latin text
# (one `in` each; one regex of them all ~10 ms): a Russian text's mark-up 58 -> 83 ms.
CJK_CREDENTIAL_MARK = b"\x01\x02"
# prose54: a word for a code in a script Hyperscan sees as `?` (код, कोड): the code of a lock said with no colon
# (गोदामको अलार्मको कोड X हो) starts generic-password-vocabulary's window at these two bytes instead; the rule's
# gate then wants a lock named in the clause (vocabulary.lock_code_term). Never over a credential word's mark.
LOCK_CODE_WORDS = ("код", "Код", "КОД", "шифр", "Шифр", "कोड", "কোড", "كود", "કોડ", "ਕੋਡ",
                   "കോഡ", "குறியீ", "கோட", "ಕೋಡ", "కోడ", "කේත", "කෝඩ",  # prose56: Dravidian, Sinhala
                   "کوڈ", "କୋଡ")  # prose57: Urdu, Odia
LOCK_CODE_MARK = b"\x03\x04"


def ascii_bytes(text: str) -> bytes:
    """What Hyperscan scans for a text that is not ASCII: one `?` per non-ASCII char (so byte offsets are str
    offsets), 密码 / 口令 as CJK_CREDENTIAL_MARK, код / कोड as LOCK_CODE_MARK."""
    data = text.encode("ascii", "replace")
    credential = any(word in text for word in CJK_CREDENTIAL_WORDS)
    if not credential and not any(word in text for word in LOCK_CODE_WORDS):
        return data
    marked = bytearray(data)
    for words, mark in ((CJK_CREDENTIAL_WORDS, CJK_CREDENTIAL_MARK), (LOCK_CODE_WORDS, LOCK_CODE_MARK)):
        for word in words:
            start = text.find(word)
            while start >= 0:
                if mark == CJK_CREDENTIAL_MARK or marked[start:start + 2] == b"??":  # never over a credential's
                    marked[start:start + 2] = mark
                start = text.find(word, start + len(word))
    return bytes(marked)


# What every scan appends to the text (batch63). The library the hyperscan package bundles (vectorscan 5.4.12 in
# hyperscan 0.9) loses matches that end where the scanned bytes end, in a text alone as much as in a head's join:
# - the small-write engine a block database carries for buffers under 70 bytes (35 for some patterns) misses one
#   ending on the last byte of a buffer of 17 to 69 bytes (`ab$` and `kq`: `kq` ending 17 bytes of `=` is not
#   reported, ending 8 it is);
# - the main engine misses a `$` match before a final line break in some texts (block, streaming, vectored alike).
# So no real match ends there: the scanned bytes are the text, a line break that stands in for its end (every anchor
# of the data's end also reads one: `scan_source`), and a byte no scanned text holds (the first stage scans ASCII,
# the marks below 0x05); an anchor of the data's end is only ever met past the text. Nothing else reads differently:
# a match ending in the text still ends there; `\b` and `\B` read a line break as they read the data's end. And the
# small-write engine is kept out of every database (`_NO_SMALL_WRITE`).
TAIL = b"\n\xfe"
# One pattern with start-of-match tracking keeps Hyperscan from building the small-write engine into a database
# (its compiler gives that engine up for such a pattern); this one never matches: no scanned byte is 0xff.
_NO_SMALL_WRITE = rb"\xff[\xfc\xfd]+\xff"
_NO_SMALL_WRITE_ID = 2**31 - 1


class HyperscanPrefilter:
    name = "hyperscan"

    def __init__(self, rules: list[Rule]):
        self.rules = rules
        sources = {i: scan_source(hyperscan_source(rule.first_stage or rule.regex)) for i, rule in enumerate(rules)}
        self.databases = []
        flags: dict[int, int] = {}
        for group in database_groups(rules).values():
            database, group_flags = _load_or_build({i: sources[i] for i in group})
            if database is not None:
                self.databases.append(database)
            flags.update(group_flags)
        self.approximate = {i for i, flag in flags.items() if flag & hyperscan.HS_FLAG_PREFILTER}
        self.modes = {rule.id: _mode_name(flags.get(i)) for i, rule in enumerate(rules)}
        leftovers = [i for i in range(len(rules)) if i not in flags]
        self.fallback = KeywordPrefilter(rules, leftovers) if leftovers else None
        self._local = threading.local()  # Hyperscan scratch space is per thread and per database

    def windows(self, text: str) -> dict[int, list[tuple[int, int]]]:
        """Windows for every rule that fired (see `ends` for the finer answer)."""
        ends, found = self.ends(text)
        for index, offsets in ends.items():
            found[index] = self.windows_around(index, offsets, len(text))
        return found

    def windows_around(self, index: int, ends: list[int], size: int) -> list[tuple[int, int]]:
        """Merged windows holding every match of rule `index` that ends at one of `ends`."""
        reach = self.rules[index].max_length + MARGIN
        return _merge([(max(0, first - reach), min(size, last + MARGIN)) for first, last in _runs(ends)])

    def ends(self, text: str) -> tuple[dict[int, list[int]], dict[int, list[tuple[int, int]]]]:
        """({rule: end offsets}, {rule: windows}). Every real match of a rule in the first dict
        ends at one of its offsets (Hyperscan matched a superset of the rule exactly); rules Hyperscan
        only approximates (prefilter mode) or rejects come with windows instead."""
        found = self.fallback.windows(text) if self.fallback else {}
        if not self.databases or not text:
            return {}, found
        data = (text.encode("ascii") if text.isascii() else ascii_bytes(text)) + TAIL
        ends: dict[int, list[int]] = defaultdict(list)

        # The one Python call per reported end: kept to a dict lookup and an append.
        def on_match(rule_index, _start, end, _flags, _context):
            ends[rule_index].append(end)

        for database, scratch in zip(self.databases, self._scratches()):
            database.scan(data, match_event_handler=on_match, scratch=scratch)
        size = len(text)
        final_break = text.endswith("\n")
        for index in [i for i, offsets in ends.items() if max(offsets) >= size]:  # max in C: most end in the text
            offsets = _in_text(ends.pop(index), size, final_break)
            if offsets:
                ends[index] = offsets
        for index in [i for i in ends if i in self.approximate]:
            found[index] = _merge(self.windows_around(index, ends.pop(index), size) + found.get(index, []))
        return ends, found

    def fired_in(self, texts: list[str]) -> list[bool]:
        """For each text, whether ``ends`` of it alone might report anything (an end or a window); False only where
        it reports nothing for sure. One scan of the texts joined by line breaks (dos62: a head of 4,000 headers was
        12,000 scans, each ~10 us of Python around ~1 us of Hyperscan). Each text is read as ``ends`` reads it, its
        bytes and a line break after them (the next text's separator, or TAIL's) that its anchors of the data's end
        read (`scan_source`); its anchors of the data's start read the line break before it too. So whatever a
        pattern matches in a text alone it matches here, ending inside the text or at the line break after it. An
        end that a match across two texts puts in a text only makes that text scanned on its own."""
        fired = [False] * len(texts)
        if self.fallback is not None:
            for i, text in enumerate(texts):
                fired[i] = bool(self.fallback.windows(text))
        if not self.databases or not texts:
            return fired
        data = b"\n".join(text.encode("ascii") if text.isascii() else ascii_bytes(text) for text in texts) + TAIL
        # Where each text's region ends: its last character's offset + 1, and the line break after it.
        limits = list(itertools.accumulate(len(text) + 1 for text in texts))
        hit: set[int] = set()

        def on_match(_rule_index, _start, end, _flags, _context):
            hit.add(end)

        for database, scratch in zip(self.databases, self._scratches()):
            database.scan(data, match_event_handler=on_match, scratch=scratch)
        for end in hit:
            if end <= limits[-1]:  # past it: TAIL's last byte
                fired[bisect.bisect_left(limits, end)] = True
        return fired

    def _scratches(self) -> list:
        scratches = getattr(self._local, "scratches", None)
        if scratches is None:
            scratches = self._local.scratches = [hyperscan.Scratch(database) for database in self.databases]
        return scratches


# Which Hyperscan database a kind of personal data (the first word of a PII rule id) shares. Patterns that
# start with a digit or letter class (phone numbers, card numbers, addresses) cannot use Hyperscan's literal
# prefilters, and all of them in the secrets database slowed it ~6x on clean code; one database per kind
# (eight scans) cost more than these three. Measured with min-of-15 scan times per MB of each bench_detect
# corpus (clean code / dense credentials / dense PII): eight databases 5.95 / 9.08 / 17.2 ms, these three
# 4.62 / 7.76 / 15.3 ms. Since the password first stages grew (issue 15), e-mail and phone numbers cost less beside
# the secret rules than in a database of their own: best-of-12 ms per MB (clean / dense / PII export / mixed), two
# runs, three databases 7.05 / 11.53 / 14.01 / 9.19 and 7.12 / 12.14 / 14.45 / 8.78, these two 6.71 / 10.80 / 13.61 /
# 8.69 and 7.05 / 11.16 / 14.08 / 8.84. A kind not listed (another rule pack's) gets a database of its own.
PII_DATABASES = {
    # SSNs, card numbers, e-mail and phone numbers: cheap beside the secret rules
    "us": "secrets", "payment": "secrets", "email": "secrets", "phone": "secrets",
    "iban": "pii:numbers", "ipv4": "pii:numbers", "ipv6": "pii:numbers",
}


def database_groups(rules: list[Rule]) -> dict[str, list[int]]:
    """Rule indices per Hyperscan database: the secret rules (with the PII kinds that cost little beside
    them) and a few databases of personal data (see PII_DATABASES). Which database a rule is in changes
    only the speed: each pattern reports the same ends in any database."""
    groups: dict[str, list[int]] = defaultdict(list)
    for index, rule in enumerate(rules):
        kind = rule.id.split("-")[0]
        key = PII_DATABASES.get(kind, f"pii:{kind}") if rule.category == "pii" else "secrets"
        groups[key].append(index)
    return dict(groups)


# Large bounded repeats make Hyperscan slow to compile ({40,16000} costs seconds) and to scan (a leading
# `[a-z0-9._%+-]{0,63}` costs 30 MB/s). An unbounded repeat matches a superset, which is all a first
# stage needs: every real match still ends at a reported offset.
_LARGE_REPEAT = re.compile(r"(?<!\\)\{(\d+),(\d+)\}")
_LOOKAROUND_OPENERS = ("(?=", "(?!", "(?<=", "(?<!")


def hyperscan_source(source: str) -> str:
    """A superset of the rule regex that Hyperscan compiles exactly: lookarounds (assertions only ever
    reject) removed, large bounded repeats unbounded. The regex module confirms the real pattern."""
    widened = _LARGE_REPEAT.sub(lambda m: f"{{{m.group(1)},}}" if int(m.group(2)) > 16 else m.group(0), source)
    return strip_lookarounds(widened)


def strip_lookarounds(source: str) -> str:
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\":
            out.append(source[i:i + 2])
            i += 2
        elif source[i] == "[":
            end = class_end(source, i)
            out.append(source[i:end])
            i = end
        elif source.startswith(_LOOKAROUND_OPENERS, i):
            i = _group_end(source, i)
        else:
            out.append(source[i])
            i += 1
    return "".join(out)


_ANCHOR = re.compile(r"\^|\$|\\[AZz]")


def newline_tolerant(source: str) -> bool:
    """Whether every anchor of the data's start or end (`^`, `$`, `\\A`, `\\Z`, `\\z`, outside classes) in the
    pattern is an alternative of its own in a group where another alternative matches a line break: a match that
    reads a text's start (or end) alone then reads the line break before (after) it among others instead."""
    groups: list[int] = []  # where each open group starts
    i = 0
    while i < len(source):
        char = source[i]
        if char == "[":
            i = class_end(source, i)
            continue
        if char == "(":
            groups.append(i)
        elif char == ")" and groups:
            groups.pop()
        anchor = _ANCHOR.match(source, i)
        if anchor is None:
            i += 2 if char == "\\" else 1
            continue
        alternatives = _alternatives(source, groups[-1]) if groups else None
        if alternatives is None or anchor.group() not in alternatives:
            return False
        if not any(_reads_a_line_break(alternative) for alternative in alternatives if alternative != anchor.group()):
            return False
        i = anchor.end()
    return True


_WIDENED = {"^": r"(?:^|\n)", "\\A": r"(?:^|\n)", "$": r"(?:$|\n)", "\\Z": r"(?:$|\n)", "\\z": r"(?:$|\n)"}


def batch_source(source: str) -> str:
    """``source`` with each anchor of the data's start or end (outside classes) also matching a line break: a match
    that reads a text's start alone starts at the line break before it among others (its end the same), one that
    reads its end ends at the line break after it."""
    out, i = [], 0
    while i < len(source):
        if source[i] == "\\":
            out.append(_WIDENED.get(source[i:i + 2], source[i:i + 2]))
            i += 2
        elif source[i] == "[":
            end = class_end(source, i)
            out.append(source[i:end])
            i = end
        else:
            out.append(_WIDENED.get(source[i], source[i]))
            i += 1
    return "".join(out)


def scan_source(source: str) -> str:
    """What the first stage's database holds for a pattern (``hyperscan_source``'s): itself when each of its anchors
    of the data's start or end has a sibling that reads a line break, else `batch_source` of it. Either way a match
    that reads a text's end alone reads the line break after it (TAIL's, or a head's next text's) instead, and one
    that reads its start reads the line break before it in a head."""
    return source if newline_tolerant(source) else batch_source(source)


def _alternatives(source: str, start: int) -> list[str] | None:
    """The top-level alternatives of the group opening at ``start`` (None for a group with flags or a name)."""
    inner = source[start + 1:_group_end(source, start) - 1]
    if inner.startswith("?:"):
        inner = inner[2:]
    elif inner.startswith("?"):
        return None
    alternatives, depth, begin, j = [], 0, 0, 0
    while j < len(inner):
        char = inner[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            j = class_end(inner, j)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
        elif char == "|" and depth == 0:
            alternatives.append(inner[begin:j])
            begin = j + 1
        j += 1
    alternatives.append(inner[begin:])
    return alternatives


def _reads_a_line_break(alternative: str) -> bool:
    try:
        return re.fullmatch(alternative, "\n") is not None
    except re.error:
        return False


def _group_end(source: str, i: int) -> int:
    """Index just past the group opening at i."""
    depth, j = 0, i
    while j < len(source):
        char = source[j]
        if char == "\\":
            j += 2
            continue
        if char == "[":
            j = class_end(source, j)
            continue
        if char == "(":
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0:
                return j + 1
        j += 1
    return j


def _mode_name(flag: int | None) -> str:
    if flag is None:
        return "keywords"
    return "prefilter" if flag & hyperscan.HS_FLAG_PREFILTER else "exact"


def _plan(sources: dict[int, str]) -> dict[int, int]:
    """Hyperscan flags per pattern index: exact where Hyperscan compiles the pattern, else prefilter
    mode (atomic groups, backreferences); patterns it rejects in both are left to keyword windows.
    (Start-of-match tracking would shrink windows but costs ~10x in compile and scan time.)"""
    flags = {}
    for index, source in sources.items():
        for flag in (0, hyperscan.HS_FLAG_PREFILTER):
            try:
                hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK).compile(
                    expressions=[source.encode()], ids=[0], elements=1, flags=[flag])
            except (hyperscan.error, UnicodeEncodeError):
                continue
            flags[index] = flag
            break
    return flags


def _load_or_build(sources: dict[int, str]):
    """(database, flags per usable pattern) for the patterns `sources` (rule index -> pattern), from the
    on-disk cache when built before: planning and compiling a few hundred patterns takes seconds, loading
    the serialized database milliseconds. Without a private cache folder (cache_dir.py) it is built each time."""
    version = hyperscan.__version__  # type: ignore[attr-defined]  # defined in __init__.py, missing in its .pyi
    key = hashlib.sha256(json.dumps([_CACHE_FORMAT, version, sorted(sources.items())]).encode()).hexdigest()[:24]
    folder = cache_dir()
    cache = folder / f"hs-{key}" if folder is not None else None
    if cache is not None and (cached := _load_cached(cache)) is not None:
        return cached
    flags = _plan(sources)
    if not flags:
        return None, {}
    database = hyperscan.Database(mode=hyperscan.HS_MODE_BLOCK)
    indices = sorted(flags)
    database.compile(expressions=[sources[i].encode() for i in indices] + [_NO_SMALL_WRITE],
                     ids=[*indices, _NO_SMALL_WRITE_ID], elements=len(indices) + 1,
                     flags=[flags[i] for i in indices] + [hyperscan.HS_FLAG_SOM_LEFTMOST])
    if cache is not None:
        _save_cached(cache, database, flags)
    return database, flags


def _load_cached(cache: Path):
    try:
        meta = json.loads(cache.with_suffix(".json").read_text())
        blob = cache.with_suffix(".db").read_bytes()
        # A database that is not byte for byte the one we wrote could match less: never use it.
        if meta["sha256"] == hashlib.sha256(blob).hexdigest():
            flags = {int(i): f for i, f in meta["flags"].items()}
            return hyperscan.loadb(blob, mode=hyperscan.HS_MODE_BLOCK), flags
    except Exception:
        pass
    return None


def _save_cached(cache: Path, database, flags: dict[int, int]) -> None:
    try:
        blob = hyperscan.dumpb(database)
        meta = {"sha256": hashlib.sha256(blob).hexdigest(), "flags": flags}
        for suffix, data in ((".db", blob), (".json", json.dumps(meta).encode())):
            write_replacing(cache.with_suffix(suffix), data)
    except OSError:
        pass  # a full or read-only disk only costs start-up time


_CACHE_FORMAT = 5  # bump when _plan or what a database holds changes (5: _NO_SMALL_WRITE, batch63)


def build(rules: list[Rule], engine: str = "auto"):
    """The fastest available prefilter ('auto'), or the one asked for ('hyperscan' / 'python')."""
    if engine == "python" or (engine == "auto" and hyperscan is None):
        return KeywordPrefilter(rules)
    if hyperscan is None:
        raise RuntimeError("the hyperscan package is not installed")
    return HyperscanPrefilter(rules)
