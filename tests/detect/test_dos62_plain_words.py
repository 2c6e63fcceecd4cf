"""dos62: `allowlist.PLAIN_WORDS` (is a generic candidate a plain identifier?) split a run of capitals into pieces of
two or more every way there is before it failed: a header value ending in 40 `A`s joined with the next one's
`TWITTER_BEARER_TOKEN=...` (guard/header_join.py, the rule examples as headers) held the Guard for minutes, with no
deadline between (`re` has no timeout). Any text reaches it: `TWITTER_BEARER_TOKEN=` + 40 `A`s +
`TWITTER_BEARER_TOKEN=...` (~100 bytes) in a body held the scanner as long. The rewritten pattern reads each run
once. The first two tests fail before (they do not end: pytest's timeout stops them); the others hold the new
pattern to the old one's words."""

from __future__ import annotations

import itertools
import random
import re

from addons.detect import Scanner, allowlist

OLD = re.compile(
    r"_*(?:[a-z]+(?:[_-][a-z]+)*|[A-Z]+(?:_[A-Z]+)*|[a-z]+(?:[A-Z][a-z]+)+|[A-Z][a-z]+(?:[A-Z][a-z]+)*"
    r"|[A-Z][a-z]+(?:[_-][A-Z]?[a-z]+)+|(?:[A-Z]{2,}\d*|[A-Z][a-z]{2,})+[A-Z]?)")


def test_a_long_run_of_capitals_before_a_mark_is_read_once():
    for value in ("A" * 64 + "TWITTER_BEARER_TOKEN=AAAA", "A" * 4096 + "=", "AB1" * 2000 + "_", "AAAbc" * 1000 + "_"):
        assert allowlist.PLAIN_WORDS.fullmatch(value) is None
    assert allowlist.PLAIN_WORDS.fullmatch("A" * 4096)
    assert allowlist.PLAIN_WORDS.fullmatch("PKCS7" * 500 + "PrivateKey")


def test_a_text_of_a_hundred_bytes_is_scanned_at_once():
    scanner = Scanner.default()
    text = "TWITTER_BEARER_TOKEN=" + "A" * 40 + "TWITTER_BEARER_TOKEN=" + "A" * 21
    assert scanner.scan_report(text).incomplete is False


def test_every_short_text_is_read_as_before():
    for length in range(1, 8):
        for letters in itertools.product("ABab1_", repeat=length):
            text = "".join(letters)
            assert bool(allowlist.PLAIN_WORDS.fullmatch(text)) == bool(OLD.fullmatch(text)), text


def test_random_texts_are_read_as_before():
    rng = random.Random(62)
    for _ in range(50_000):
        text = "".join(rng.choice("AAAABBaab12_-=x") for _ in range(rng.randrange(1, 16)))
        assert bool(allowlist.PLAIN_WORDS.fullmatch(text)) == bool(OLD.fullmatch(text)), text
    for word in ("PKCS7PrivateKey", "_AzureApiKeyT", "HTTPServer", "getAPIKey", "AWS_SECRET", "my-var", "Foo"):
        assert bool(allowlist.PLAIN_WORDS.fullmatch(word)) == bool(OLD.fullmatch(word)), word
