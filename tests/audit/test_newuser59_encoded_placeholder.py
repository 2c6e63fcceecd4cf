"""newuser59: a value masked in a query leaves percent-encoded (`?token=%5BMASKED%3Ageneric-secret%3Adcb89c%5D`:
mitmproxy encodes what the guard writes into a query), and the record and the audit index must show that same
placeholder. The record's scrub read the encoded placeholder after a secret-naming key as a generic secret and
masked it again, so `exitguard audit show` and the `.mitm` file named another tag than the flow's finding and
than what the upstream got (a requests/httpx `?token=...` call of a new user's first hour)."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from mitmproxy.test import tflow

from addons.audit import scrub
from addons.core import placeholders

PLACEHOLDER = "[MASKED:generic-secret:dcb89c]"
ENCODED = quote(PLACEHOLDER, safe="")  # as mitmproxy writes a query value: %5BMASKED%3Ageneric-secret%3Adcb89c%5D


@pytest.mark.parametrize("key", ["token", "access_token", "api_key", "password", "secret", "key"])
def test_a_placeholder_the_guard_wrote_into_a_query_is_recorded_as_that_placeholder(rt, key):
    flow = tflow.tflow(resp=True)
    flow.request.path = f"/v1/items?{key}={ENCODED}&page=2"
    record = scrub.record_copy(flow, rt)
    assert record.request.path == f"/v1/items?{key}={PLACEHOLDER}&page=2"
    assert [m.tag for m in placeholders.find_masked(record.request.path)] == ["dcb89c"]


def test_a_placeholder_in_a_path_segment_is_recorded_readable_too(rt):
    flow = tflow.tflow(resp=True)
    flow.request.path = f"/v1/keys/{ENCODED}/usage?token={ENCODED}"
    record = scrub.record_copy(flow, rt)
    assert record.request.path == f"/v1/keys/{PLACEHOLDER}/usage?token={PLACEHOLDER}"


@pytest.mark.parametrize("text", [
    "%5BMASKED%3Ageneric-secret%3Adcb89%5D",          # a tag of five hex digits: no placeholder
    "%5BMASKED%3AGeneric-Secret%3Adcb89c%5D",          # a rule id is lower-case
    "%5BMASKED%3Ageneric-secret%3ADCB89C%5D",          # so is a tag
    "%5BMASKED%3Ageneric-secret%3Adcb89c",             # not closed
])
def test_text_that_only_looks_like_an_encoded_placeholder_is_not_decoded(rt, text):
    flow = tflow.tflow(resp=True)
    flow.request.path = f"/v1/items?note={text}"
    assert scrub.record_copy(flow, rt).request.path == f"/v1/items?note={text}"
    assert placeholders.readable(text) == text


def test_only_the_placeholder_is_decoded():
    lower_hex = ENCODED.replace("%5B", "%5b").replace("%3A", "%3a").replace("%5D", "%5d")
    assert placeholders.readable(f"a%20b%2F{ENCODED}%2B{lower_hex}") == f"a%20b%2F{PLACEHOLDER}%2B{PLACEHOLDER}"
    assert placeholders.readable(ENCODED.replace("MASKED", "masked")) == ENCODED.replace("MASKED", "masked")
