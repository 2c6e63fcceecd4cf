"""Findings whose value is real in shape but not sensitive, reclassified rather than dropped so that policy
decides (`test-value` and `public` are policy selectors like any classification):

- `test-value`: numbers the card networks, payment providers and the SSA publish for testing (Stripe /
  Adyen / Braintree test cards, SSN 123-45-6789 and 111-22-3333, which advertising and forms use);
- `public`: e-mail addresses in reserved example domains (RFC 2606 / RFC 6761: example.com, .test,
  .invalid, ...), no-reply senders, and authors named in a code header (`Author:`, `@author`,
  `__author__`, `Copyright`, `Signed-off-by:`), which their owners published with the code.

`reclassify(text, finding)` is called on the raw text with a finding's span; it reads at most one line.
"""

from __future__ import annotations

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

EXAMPLE_DOMAIN = re.compile(
    r"(?i)@(?:[\w-]+\.)*(?:example\.(?:com|org|net)|[\w-]+\.(?:example|test|invalid|localhost))$")
NO_REPLY = re.compile(r"(?i)^(?:no[-_.]?reply|do[-_.]?not[-_.]?reply|mailer-daemon)(?:[+-][\w.-]*)?@")
AUTHOR_HEADER = re.compile(
    r"(?i)(?:^|[\s#*/;-])(?:@?authors?|__author__|maintainers?|copyright|\(c\)|©|signed-off-by|co-authored-by"
    r"|reviewed-by|acked-by)\b[^\n]{0,80}$")
# How every ASCII value EXAMPLE_DOMAIN / NO_REPLY match ends / starts (lower case).
EXAMPLE_DOMAIN_ENDINGS = ("example.com", "example.org", "example.net", ".example", ".test", ".invalid", ".localhost")
NO_REPLY_STARTS = ("no", "do", "mailer-daemon")
# A literal every AUTHOR_HEADER match holds (lower case).
AUTHOR_WORDS = ("author", "maintainer", "copyright", "(c)", "signed-off-by", "reviewed-by", "acked-by")
# How far back on its line an e-mail address may be from its header word.
LINE_LOOKBACK = 120


def reclassify(text: str, start: int, end: int, rule_id: str) -> Classification | None:
    """The classification that replaces the rule's for this value, or None to keep it."""
    if rule_id == "payment-card":
        digits = re.sub(r"[ -]", "", text[start:end])
        return Classification.TEST_VALUE if digits in TEST_CARD_NUMBERS else None
    if rule_id in ("us-ssn", "us-ssn-context"):
        digits = re.sub(r"[ -]", "", text[start:end])
        return Classification.TEST_VALUE if digits in TEST_SSNS else None
    if rule_id == "email-address":
        return Classification.PUBLIC if _public_address(text, start, end) else None
    return None


def _public_address(text: str, start: int, end: int) -> bool:
    value = text[start:end].replace("%40", "@")
    if value.isascii():
        # Cheap necessary conditions first (an export has an address on every line, and a regex search costs
        # more than both): in ASCII, lower() is what the patterns' IGNORECASE matches against.
        lowered = value.lower()
        tail = lowered[:-1] if lowered.endswith("\n") else lowered  # `$` also matches before a final newline
        if (tail.endswith(EXAMPLE_DOMAIN_ENDINGS) and EXAMPLE_DOMAIN.search(value)) \
                or (lowered.startswith(NO_REPLY_STARTS) and NO_REPLY.match(value)):
            return True
    elif EXAMPLE_DOMAIN.search(value) or NO_REPLY.match(value):
        return True
    line_start = text.rfind("\n", max(0, start - LINE_LOOKBACK), start) + 1
    lookback = max(line_start, start - LINE_LOOKBACK)
    before = text[lookback:start]
    # Cheap rejection first (an export has an address on every line): in ASCII text the header regex can
    # only match where one of its words occurs; lower() keeps offsets and ASCII letters there.
    if before.isascii():
        lowered_before = before.lower()
        for word in AUTHOR_WORDS:  # a loop: `any` over a generator costs more than the searches here
            if word in lowered_before:
                break
        else:
            return False
    return AUTHOR_HEADER.search(text, lookback, start) is not None


RECLASSIFIED_RULES = frozenset({"payment-card", "us-ssn", "us-ssn-context", "email-address"})
