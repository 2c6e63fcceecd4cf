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
