"""batch63 (found while making tests/core/test_inspection_cache.py deterministic): a real key whose random part holds
`your` and a letter, in any case, is read as a placeholder (`allowlist.PLACEHOLDER_MARKERS`' `your[_\\- ]?[a-z]`, on
the lower-cased value) and passes unmasked, though its shape and checksum are a key's. Chance per key: ~1 in 34,000
GitHub classic tokens (30 random base62 + a 6-char CRC: `your` + a letter at ~32 places, 1e-6 each), ~1 in 100,000
AWS key ids; the allowlist's comment reckons with whole words (`placeholder`: 1e-9 a place). Closed by the lead:
`your` glued inside a run of letters and digits marks a stand-in only before a word a stand-in names (key, token,
access ...), and a value that passes its format's checksum (GitHub, npm) is read by no marker word at all. Each
case below is a valid key of its provider's shape."""

from __future__ import annotations

import zlib

import pytest

from addons.core import runtime
from addons.detect import allowlist
from addons.detect.validators import base62_encode


def _github(body: str) -> str:
    return f"ghp_{body}{base62_encode(zlib.crc32(body.encode()))}"


@pytest.fixture(scope="module")
def inspector(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("batch63-your") / "key").inspector


@pytest.mark.parametrize("key, rule", [(_github("2NsYOUrmtXwR4sMqRlQp2kWSFuntWt"), "github-pat-classic"),
                                       ("AKIAQYOURXT7ZK3NM4PL", "aws-access-key-id"),
                                       # at the random part's start, after the prefix's `_`: the checksum decides
                                       (_github("yourT7ZK3NM4PLqRlQp2kWSFuntWtA"), "github-pat-classic"),
                                       (_github("2NsdummyXwR4sMqRlQp2kWSFuntWtQ"), "github-pat-classic")])
def test_a_key_holding_your_is_masked_in_a_header(inspector, key, rule):
    result = inspector.inspect_field(key, "request", "header.x-note", context="")
    assert [f.rule for f in result.findings] == [rule] and key not in result.text


@pytest.mark.parametrize("key, rule", [(_github("2NsYOxrmtXwR4sMqRlQp2kWSFuntWt"), "github-pat-classic"),
                                       ("AKIAQYOXRXT7ZK3NM4PL", "aws-access-key-id")])
def test_the_same_keys_without_it_are(inspector, key, rule):
    result = inspector.inspect_field(key, "request", "header.x-note", context="")
    assert [f.rule for f in result.findings] == [rule] and key not in result.text


@pytest.mark.parametrize("value", ["AKIAYOURACCESSKEYID1", "ghp_yourTokenHere", "xoxb-your-bot-token",
                                   "sk-your-openai-api-key-goes-here", "AIzaYourKeyHere", "yourpassword",
                                   "<your api key>", "YOUR_API_KEY"])
def test_a_stand_in_that_names_itself_yours_is_still_one(value):
    assert allowlist.marker_kind(value.lower()) == "placeholder"


def test_a_stand_in_with_a_checksum_failing_is_not_a_key(inspector):
    """The checksum exemption needs the checksum: `ghp_your...` written by hand fails it and finds nothing."""
    result = inspector.inspect_field("ghp_yourTokenHere0123456789abcdefghijk", "request", "header.x-note", context="")
    assert [f.rule for f in result.findings if f.rule == "github-pat-classic"] == []
