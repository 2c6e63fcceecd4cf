"""Attacks on the recording's scrub: a value the policy let through must still be masked in the record."""

from __future__ import annotations

import json

from mitmproxy.test import tflow

from addons.audit import scrub
from addons.core import outside


def test_a_password_equal_to_one_of_exitguards_own_words_is_masked_in_the_record(rt):
    # exitguard's own words (`observe`, `confidential`, ...) skip the scan as plain text; under a key that names a
    # credential the guard finds them (and the policy may let them through): the record must mask them too.
    word = "confidential"
    assert word in outside._OwnWords.clean_for(rt.inspector)
    flow = tflow.tflow(resp=True)
    flow.request.headers["X-Db-Password"] = word
    flow.response.headers["content-type"] = "application/json"
    flow.response.content = json.dumps({"user": "ops", "password": word}).encode()
    record = scrub.record_copy(flow, rt)
    assert record.request.headers["X-Db-Password"] != word
    assert word.encode() not in record.response.raw_content and b"[MASKED:" in record.response.raw_content


def test_a_header_field_found_clean_before_is_masked_under_a_name_that_makes_it_a_value(rt):
    # The scrub remembers header fields it found nothing in (name and value together): the same value under a
    # name that makes it a credential (found only by its key) must still be masked.
    word = "Tr0ub4dor-correct-horse-77"
    first = tflow.tflow(resp=True)
    first.request.headers["X-Note"] = word
    assert scrub.record_copy(first, rt).request.headers["X-Note"] == word
    for _ in range(2):
        flow = tflow.tflow(resp=True)
        flow.request.headers["X-Db-Password"] = word
        record = scrub.record_copy(flow, rt)
        assert word not in record.request.headers["X-Db-Password"]
        assert "[MASKED:" in record.request.headers["X-Db-Password"]


def test_a_header_field_clean_to_one_scanner_is_scanned_again_by_another(rt):
    class Flagging:  # a reload whose rules flag this value (same inspector interface)
        def __init__(self, inner, flagged):
            self.inner, self.flagged = inner, flagged
            self.fingerprinter = inner.fingerprinter

        def detect(self, text, cache=True):
            return self.inner.detect(text, cache)

        def detect_in_context(self, text, context="", cache=True):
            if text == self.flagged:
                return [type("F", (), {"start": 0, "end": len(text), "rule_id": "custom-rule"})()], False
            return self.inner.detect_in_context(text, context, cache)

    value = "build-7f3a-rec4"
    flow = tflow.tflow(resp=True)
    flow.request.headers["X-Build"] = value
    assert scrub.record_copy(flow, rt).request.headers["X-Build"] == value
    again = tflow.tflow(resp=True)
    again.request.headers["X-Build"] = value
    record = scrub.record_copy(again, rt, Flagging(rt.inspector, value))
    assert record.request.headers["X-Build"] != value and "[MASKED:custom-rule:" in record.request.headers["X-Build"]


def test_a_path_found_clean_before_does_not_let_a_key_in_another_path_through(rt):
    # rec22: the scrub remembers paths it found nothing in. A path with a key in a segment or a query value is
    # masked every time, also after the same endpoint was recorded clean, and is never remembered.
    key = "sk-proj-" + "Ab3dE5gH7jK9mN2pQ4rS6tU8vW0xY1zA3bC5dE7fG9hJ"
    clean = tflow.tflow(resp=True)
    clean.request.path = "/v1/chat/completions"
    assert scrub.record_copy(clean, rt).request.path == "/v1/chat/completions"
    for path in (f"/v1/chat/completions?key={key}", f"/v1/{key}/completions", "/v1/chat/completions?key=" + key):
        for _ in range(2):
            flow = tflow.tflow(resp=True)
            flow.request.path = path
            recorded = scrub.record_copy(flow, rt).request.path
            assert key not in recorded and "MASKED" in recorded
    assert all(key not in p for p in scrub._CLEAN_PATHS.for_scanner(rt.inspector))
