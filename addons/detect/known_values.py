"""Findings whose value is real in shape but not sensitive, reclassified rather than dropped so that policy
decides (`test-value` and `public` are policy selectors like any classification):

- `test-value`: numbers the card networks, payment providers and the SSA publish for testing (Stripe /
  Adyen / Braintree test cards, SSN 123-45-6789 and 111-22-3333, which advertising and forms use) and the
  counting-sequence IPv4 addresses 123.45.67.89 and 12.34.56.78;
- `public`: e-mail addresses in reserved example domains (RFC 2606 / RFC 6761: example.com, .test,
  .invalid, ...), no-reply senders, role and mailing-list mailboxes (RFC 2142 `info@`, `postmaster@`,
  `webmaster@` ...; `email-sig@`, `python-dev@`, `x-users@`: they name a function, not a person), and
  authors credited in code: a header word on the address's line (`Author:`, `@author`, `__author__`,
  `Copyright`, `Signed-off-by:`), a credit phrase (`written by`, `contributed by`, `maintained by` ...; in a
  code comment also `added by`, `support by`, `Thanks to` ...), a line opening with `by <Name>`, or
  a header block above it that the address's line continues (`# Author: Fred Drake` / `#   fred@acm.org`,
  a multi-line `__author__ = (...)` tuple); their owners published them with the code.

`reclassify(text, finding)` is called on the raw text with a finding's span; it reads its line and at most
HEADER_LINES lines above it.
"""

from __future__ import annotations

import bisect
import re

from .vocabulary import Classification

TEST_CARD_NUMBERS = frozenset({
    "4111111111111111", "4242424242424242", "4012888888881881", "4000056655665556", "4222222222222",
    "5555555555554444", "5105105105105100", "2223003122003222", "5200828282828210",
    "378282246310005", "371449635398431", "378734493671000",
    "6011111111111117", "6011000990139424", "3056930009020004", "36227206271667", "30569309025904",
    "3566002020360505", "3530111333300000", "6200000000000005",
})
TEST_SSNS = frozenset({"123456789", "111223333", "078051120", "219099999"})
# Counting-sequence addresses that docs and tests use where RFC 5737 ranges belong (socket's docstring, urllib's
# tests): routable, but written as placeholders.
TEST_IPV4 = frozenset({"123.45.67.89", "12.34.56.78"})

EXAMPLE_DOMAIN = re.compile(
    r"(?i)@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))$")
NO_REPLY = re.compile(r"(?i)^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon)(?:[+-][\w.-]*)?@")
# RFC 2142 role mailboxes and mailing lists (`-sig`, `-dev`, `-users`, `-request` ...): a function, not a person.
ROLE_MAILBOX = re.compile(
    r"(?i)^(?:info|marketing|sales|support|abuse|noc|security|postmaster|hostmaster|usenet|news|webmaster|www"
    r"|uucp|ftp|[\w.+-]+-(?:sig|dev|devel|users|announce|bugs|list|request|owner|talk|discuss))@")
# Either of the two above, in one match (both are case-insensitive and anchored at the value's start).
FUNCTION_MAILBOX = re.compile(
    "|".join(f"(?:{pattern.pattern.removeprefix('(?i)')})" for pattern in (NO_REPLY, ROLE_MAILBOX)), re.IGNORECASE)
# A lookbehind, not `^`: a search from the line start cannot see the newline before `__author__`.
AUTHOR_HEADER = re.compile(
    r"(?i)(?<![\w@.])(?:@?authors?|__author__|maintainers?|copyright|\(c\)|©|signed-off-by|co-authored-by"
    r"|reviewed-by|acked-by)\b[^\n]{0,80}$")
# "Written by Marc-Andre Lemburg (mal@...)", "contributed by Donn Cave <...>", "Released to the public domain
# 16-Jan-2001, by Tim Peters (...)": a credit, with the address after the verb on the same or the next line.
CREDIT = re.compile(
    r"(?i)\b(?:written|contributed|maintained|authored|cloned|ported|rewritten|adapted|released)\b"
    r"[^\n]{0,48}?\sby\s[^\n]{0,60}$")
# Verbs that credit an author only in a code comment ("# Long option support added by Lars Wirzenius <...>");
# in prose and records ("ticket created by Maria <...>") the address is someone's contact.
COMMENT_CREDIT = re.compile(
    r"(?i)(?:\b(?:added|created|developed|implemented|improved|extended|support|tweaks|patch(?:es)?|fixes)\b"
    r"[^\n]{0,48}?\sby|\bthanks\s+to|\ban\s+idea\s+of)\s[^\n]{0,60}$")
# Literals one of which every AUTHOR_HEADER, CREDIT or COMMENT_CREDIT match holds (lower case; `by` covers
# signed-off-by, reviewed-by, acked-by).
AUTHOR_WORDS = ("author", "maintainer", "copyright", "(c)", "by", "thanks", "idea")
# A line that only continues a header block: comment markers, quotes, brackets, a label (`email:`, `mailto:`)
# and at most a few name words before the address ("#               fdrake@acm.org",
# '          "Mike Verdone <mike@...>, "'); used with match(text, pos), which anchors at pos (`^` would not).
CONTINUATION = re.compile(
    r"[\s#*/;!\"'(,+-]*(?:(?P<by>by)\s+|and\s+|(?:e-?mail|mailto|contact|updated)\s*:\s*)?"
    r"(?:[^\W\d_][\w.'’-]*,?\s+){0,5}[<(]?\s*$", re.IGNORECASE)
# A whole line that credits someone else in a header block: '    "Mike Verdone <mike.verdone@...>, "'.
CREDIT_LINE = re.compile(r"[\s#*;\"'(,+-]*(?:[^\W\d_][\w.'’-]*\s+){1,5}[<(][^\s<>()@]+@[^\s<>()]+[>)][\s\"',)]*")
# How the lines between a header and an address open: a comment, or a string of a multi-line author tuple.
BLOCK_OPENINGS = frozenset("#*/;-\"'")
COMMENT_LINE = re.compile(r"\s*(?:#|//|/?\*|;|--)")
# How many lines above an address its header block may start.
HEADER_LINES = 6
# How far back on its line an e-mail address may be from its header word.
LINE_LOOKBACK = 120
# Addresses at least this dense (one per so many chars) find the header and credit words of the whole text once
# (TextReclassifier._may_credit); sparser ones look on their own lines only (_credited's first check).
WORD_INDEX_SPACING = 1024


def reclassify(text: str, start: int, end: int, rule_id: str) -> Classification | None:
    """The classification that replaces the rule's for this value, or None to keep it."""
    if rule_id == "payment-card":
        digits = re.sub(r"[ -]", "", text[start:end])
        return Classification.TEST_VALUE if digits in TEST_CARD_NUMBERS else None
    if rule_id in ("us-ssn", "us-ssn-context"):
        digits = re.sub(r"[ -]", "", text[start:end])
        return Classification.TEST_VALUE if digits in TEST_SSNS else None
    if rule_id == "ipv4-address":
        return Classification.TEST_VALUE if text[start:end] in TEST_IPV4 else None
    if rule_id == "email-address":
        return Classification.PUBLIC if _public_address(text, start, end) else None
    return None


def _public_address(text: str, start: int, end: int) -> bool:
    value = text[start:end].replace("%40", "@")
    if EXAMPLE_DOMAIN.search(value) or NO_REPLY.match(value) or ROLE_MAILBOX.match(value):
        return True
    line_start = text.rfind("\n", max(0, start - LINE_LOOKBACK), start) + 1
    lookback = max(line_start, start - LINE_LOOKBACK)
    if _credited(text, lookback, start):
        return True
    # An address that opens its line (a row of an export) continues nothing.
    continuation = CONTINUATION.match(text, line_start, start) if line_start == lookback < start else None
    if continuation is None:
        return False
    # "#   by Timothy O'Malley <timo@...>": a line that opens with `by` and a name is a credit line itself.
    return continuation["by"] is not None or _in_header_block(text, line_start)


def _credited(text: str, start: int, end: int) -> bool:
    """A header word or a credit phrase in text[start:end] (one line's reach), ending near `end`."""
    before = text[start:end]
    # Cheap rejection first (an export has an address on every line): in ASCII text the regexes can only
    # match where one of their words occurs; lower() keeps offsets and ASCII letters there.
    if before.isascii() and not _has_author_word(before):
        return False
    if AUTHOR_HEADER.search(text, start, end) or CREDIT.search(text, start, end):
        return True
    line_start = text.rfind("\n", 0, start) + 1
    return COMMENT_LINE.match(text, line_start) is not None and COMMENT_CREDIT.search(text, start, end) is not None


def _has_author_word(text: str) -> bool:
    lowered = text.lower()  # once: `any(w in text.lower() for w ...)` lowered the text once per word
    return any(word in lowered for word in AUTHOR_WORDS)


def _in_header_block(text: str, line_start: int) -> bool:
    """Whether a header word or credit phrase is on one of the HEADER_LINES lines above, every line between
    being a comment or a quoted credit (a blank, code or prose line ends the block)."""
    end = line_start - 1
    for _ in range(HEADER_LINES):
        if end < 0:
            return False
        start = text.rfind("\n", 0, end) + 1
        if _credited(text, max(start, end - LINE_LOOKBACK), end):
            return True
        line = text[start:end]
        opening = line.lstrip()[:1]
        # A blank line, or one opening like code or prose (an export's previous row), ends the block.
        if not opening or opening not in BLOCK_OPENINGS:
            return False
        if not (COMMENT_LINE.match(line) or CREDIT_LINE.fullmatch(line)):
            return False
        end = start - 1
    return False


class TextReclassifier:
    """reclassify() for every finding of one text, with what repeats cached: a customer export has an address
    on every line and a handful of domains. `(start, end, rule_id) -> Classification | None`, the same answer
    as reclassify(text, start, end, rule_id) (tests/detect/test_dense_pii.py compares them):

    - whether an address's domain is a reserved example one is decided once per domain (EXAMPLE_DOMAIN can
      only match from the last `@`: nothing after it holds another), and what the value alone decides (that, and
      a function mailbox) once per distinct value;
    - an IPv4 address is only looked at when the text holds one of TEST_IPV4 (`rules`);
    - in ASCII text, where the header and credit words (AUTHOR_WORDS) occur is found once for the whole text,
      so an address with none on its line before it skips the per-address lower-casing and word search."""

    def __init__(self, text: str, ipv4_found: bool = True):
        """`ipv4_found` False: no finding to reclassify is an IPv4 address, so the search for TEST_IPV4 is skipped
        (two searches of the whole text: ~1 ms per MB of code, an eighth of scanning it)."""
        self.text = text
        self._example_domains: dict[str, bool] = {}
        self._by_value: dict[str, bool] = {}
        self._word_starts: list[int] | None = None
        self._word_ends: list[int] = []
        self._ascii = text.isascii()
        # The rules whose findings this text can reclassify: an IPv4 value is a test value only when it is one of
        # TEST_IPV4, so a text holding neither never changes one (two C searches instead of a slice and a set
        # lookup per address of an export).
        self.rules = RECLASSIFIED_RULES if ipv4_found and any(ip in text for ip in TEST_IPV4) \
            else RECLASSIFIED_RULES - {"ipv4-address"}

    def __call__(self, start: int, end: int, rule_id: str) -> Classification | None:
        if rule_id == "ipv4-address":
            return Classification.TEST_VALUE if self.text[start:end] in TEST_IPV4 else None
        if rule_id == "email-address":
            return Classification.PUBLIC if self.public_address(start, end) else None
        return reclassify(self.text, start, end, rule_id)

    def public_address(self, start: int, end: int) -> bool:
        """_public_address(text, start, end), step by step, with the two caches."""
        return self.public_addresses([(start, end)])[0]

    def public_addresses(self, spans: list[tuple[int, int]]) -> list[bool]:
        """[_public_address(text, start, end) for each span] with the caches, as passes over all the addresses
        (an export has one on every line): what each distinct value decides first, then each one's line."""
        text = self.text
        values = [text[start:end] for start, end in spans]
        by_value = self._by_value
        self._judge_values(values)
        public = list(map(by_value.__getitem__, values))
        rfind = text.rfind
        # Where the last AUTHOR_WORDS word starts: an address whose line lookback starts after it has no credit
        # before it (what _may_credit answers in ASCII text; -1 when unknown or not ASCII: ask it). speed56: both
        # only where addresses are dense (an export): finding the words in the whole text (~0.2 ms per 100 KB of
        # prose, `by` on every line) cost ~7% of scanning a mixed body with a handful of addresses, whose lines
        # _credited reads itself (both gates answer False only where its own first check does).
        indexed = self._word_starts is not None or len(spans) * WORD_INDEX_SPACING >= len(text)
        last_word = self._last_word_start() if indexed else None
        for i, (start, _end) in enumerate(spans):
            if public[i]:
                continue
            reach = start - LINE_LOOKBACK
            line_start = rfind("\n", reach if reach > 0 else 0, start) + 1
            lookback = line_start if line_start > reach else reach
            if (last_word is None or last_word >= lookback) and (not indexed or self._may_credit(lookback, start)) \
                    and _credited(text, lookback, start):
                public[i] = True
                continue
            # CONTINUATION cannot match a line opening with a decimal digit (an export's id column): none of its
            # first elements matches one (`[^\W\d_]` leaves digits out).
            if line_start != lookback or lookback >= start or text[line_start].isdecimal():
                continue
            continuation = CONTINUATION.match(text, line_start, start)
            if continuation is not None and (continuation["by"] is not None or _in_header_block(text, line_start)):
                public[i] = True
        return public

    def _last_word_start(self) -> int | None:
        """Where the last AUTHOR_WORDS word of the (ASCII) text starts, -1 without any; None in other text."""
        if not self._ascii:
            return None
        self._may_credit(0, 0)  # finds the words once
        return self._word_starts[-1] if self._word_starts else -1

    def _judge_values(self, values: list[str]) -> None:
        """_public_by_value for each value not in the per-value cache yet, as passes over all of them (each distinct
        domain judged once)."""
        by_value = self._by_value
        new = [value for value in dict.fromkeys(values) if value not in by_value]
        if not new:
            return
        # "%40" cannot span two values joined by a line break.
        normalized = [value.replace("%40", "@") for value in new] if "%40" in "\n".join(new) else new
        domains = [value[value.rfind("@"):] if "@" in value else value for value in normalized]
        examples = self._example_domains
        for domain in dict.fromkeys(domains):
            if domain not in examples:
                examples[domain] = EXAMPLE_DOMAIN.search(domain) is not None
        functions = map(FUNCTION_MAILBOX.match, normalized)
        by_value.update(zip(new, [examples[domain] or function is not None
                                  for domain, function in zip(domains, functions)]))

    def _public_by_value(self, value: str) -> bool:
        """A reserved example domain or a function mailbox (no-reply, role, mailing list): the value's own part."""
        value = value.replace("%40", "@")
        domain = value[value.rfind("@"):] if "@" in value else value
        example = self._example_domains.get(domain)
        if example is None:
            example = self._example_domains[domain] = EXAMPLE_DOMAIN.search(domain) is not None
        return example or FUNCTION_MAILBOX.match(value) is not None

    def _may_credit(self, start: int, end: int) -> bool:
        """False when no AUTHOR_WORDS word lies within text[start:end] (ASCII text only: lower-casing keeps its
        offsets), i.e. when _credited's own first check would answer False."""
        if not self._ascii:
            return True
        starts = self._word_starts
        if starts is not None and (not starts or starts[-1] < start):  # no word at or after `start` (an export)
            return False
        if self._word_starts is None:
            spans = sorted(_occurrences(self.text.lower(), AUTHOR_WORDS))
            self._word_starts = [s for s, _e in spans]
            self._word_ends = [e for _s, e in spans]
        starts, ends = self._word_starts, self._word_ends
        i = bisect.bisect_left(starts, start)
        while i < len(starts) and starts[i] < end:
            if ends[i] <= end:
                return True
            i += 1
        return False


def _occurrences(text: str, words: tuple[str, ...]) -> list[tuple[int, int]]:
    """(start, end) of each word's non-overlapping occurrences in `text`, as re.finditer of the escaped word finds
    them: str.find skips a text without the word in one C pass (an export holds none of AUTHOR_WORDS)."""
    spans = []
    for word in words:
        start = text.find(word)
        while start >= 0:
            spans.append((start, start + len(word)))
            start = text.find(word, start + len(word))
    return spans


RECLASSIFIED_RULES = frozenset({"payment-card", "us-ssn", "us-ssn-context", "email-address", "ipv4-address"})
