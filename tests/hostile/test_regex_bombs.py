"""Inputs built to make the engine or the codecs slow: each 1-5 MB text is scanned within a bound, and a
scan that was cut reports `incomplete` (the Guard then blocks) instead of hanging.

The Guard scans in mitmproxy's event loop, so a slow scan stalls every client of the proxy, not only the
attacker: the bound is a service-wide latency bound. It is measured in this process's CPU time, not wall time: a
runaway pattern or decoder burns CPU either way, while other work on a shared 2-core machine (which stretched wall
time past the bound in unit loops at load average 8) does not count against the engine.
"""

from __future__ import annotations

import base64
import json
import random
import time
from functools import lru_cache

import pytest

from addons.detect import scanner as scanner_module
from addons.formats import BodyError, open_body
from tests.hostile import corpus

# The inputs run against the shipped rules with a smaller scan budget than the proxy's: the bound is the same
# mechanism (a deadline checked between regex calls, one call that may overrun it), and a unit loop need not
# spend the full budget on each of twenty inputs.
TEST_BUDGET_SECONDS = 0.3
# The scan budget, plus one regex call that may overrun it, plus slack for a busy 2-core machine and for the
# post-validation of what was found before the deadline (not under the budget: ~1.5 s for 250k findings).
SLACK_SECONDS = scanner_module.REGEX_CALL_TIMEOUT_SECONDS + 2.5
BOUND_SECONDS = TEST_BUDGET_SECONDS + SLACK_SECONDS
# The same for the proxy's own budget: the Inspector, the decoders and the joined view run with it.
PROXY_BOUND_SECONDS = scanner_module.TIME_BUDGET_SECONDS + SLACK_SECONDS


@lru_cache(maxsize=1)
def budgeted_scanner() -> scanner_module.Scanner:
    shipped = corpus.scanner()
    return scanner_module.Scanner(shipped.rules, shipped.version, shipped.engine, time_budget=TEST_BUDGET_SECONDS)


def _base64_line(size: int) -> str:
    return base64.b64encode(random.Random(7).randbytes(size * 3 // 4)).decode()


ADVERSARIAL = {
    "a x 1e6": lambda: "a" * 1_000_000,
    "AKIA near-misses": lambda: ("AKIA" + "A" * 15 + " ") * 100_000,
    "ghp_ one char short": lambda: ("ghp_" + "a" * 35 + " ") * 50_000,
    "nested quotes": lambda: "\"'" * 1_000_000,
    "escaped quotes": lambda: '\\"' * 1_000_000,
    "\\u escapes": lambda: "\\u0041" * 500_000,
    "base64 line 3 MB": lambda: _base64_line(3_000_000),
    "password= runs": lambda: "password=" * 200_000,
    "key then 2 MB spaces": lambda: "api_key: " + " " * 2_000_000,
    "a@ runs": lambda: "a@" * 1_000_000,
    "deep brackets": lambda: "[" * 500_000 + "]" * 500_000,
    "PEM header then 2 MB": lambda: "-----BEGIN RSA PRIVATE KEY-----\n" + "A" * 2_000_000,
    "keyword soup": lambda: "secret token password api_key AKIA ghp_ sk- xoxb- " * 40_000,
    "eyJ runs": lambda: "eyJ" * 1_000_000,
    # Digit and address shapes make the first stage report a hit per character (see the report).
    "digits 5 MB": lambda: "4" * 5_000_000,
    "card-like groups 4 MB": lambda: "4111 1111 1111 1112 " * 200_000,
    "phone-like 5 MB": lambda: "+1 555 0100 " * 420_000,
    "emails 5 MB": lambda: "a@b.co " * 710_000,
    "ipv4 5 MB": lambda: "10.0.0.1 " * 550_000,
}


@pytest.mark.slow  # megabytes each
@pytest.mark.parametrize("name", list(ADVERSARIAL))
def test_scan_is_bounded_and_says_when_it_was_cut(name):
    text = ADVERSARIAL[name]()
    started = time.process_time()
    report = budgeted_scanner().scan_report(text)
    elapsed = time.process_time() - started
    # A cut scan says so (report.incomplete: the Guard blocks); a complete one may still run past the budget
    # while it validates many findings, which the bound allows for.
    assert elapsed < BOUND_SECONDS, f"{name}: {len(text) / 1e6:.1f} MB took {elapsed:.1f} s " \
                                    f"(incomplete={report.incomplete})"


DISGUISED = {  # what the disguise views (detect/disguise.py) and the decoders (formats/encoded.py) must bound
    "short lines of key characters": lambda: "abcdefgh\n" * 300_000,
    "escaped line breaks": lambda: "abcdefgh\\n" * 300_000,
    "lines of 18 and 17 characters": lambda: "abcdefghijklmnopqr\nabcdefghijklmnopq z\n" * 60_000,
    "spaced out 2 MB": lambda: "a " * 1_000_000,
    "dotted out 2 MB": lambda: "a." * 1_000_000,
    "words ending with a reversed key prefix": lambda: ("_phg"[::-1] + "x" * 20 + " ") * 100_000,
    "words starting with a rot13 key prefix": lambda: ("tuc_" + "x" * 20 + " ") * 100_000,
    "lookalikes 1 MB": lambda: "\u13aa\u0585\U0001d400 " * 250_000,
}


@pytest.mark.slow  # megabytes each
@pytest.mark.parametrize("name", list(DISGUISED))
def test_disguise_views_are_bounded(name):
    # The Inspector scans the text, its undisguised view and its loose views: up to three scans, each bounded.
    text = DISGUISED[name]()
    started = time.process_time()
    corpus.inspector().detect(text, cache=False)
    elapsed = time.process_time() - started
    assert elapsed < 2 * PROXY_BOUND_SECONDS, f"{name}: {len(text) / 1e6:.1f} MB took {elapsed:.1f} s"


@pytest.mark.slow  # megabytes each
@pytest.mark.parametrize("raw", [
    json.dumps([base64.b64encode(base64.b64encode(b"token=" + bytes(range(32, 127)) * 50)).decode()] * 200),
    json.dumps({"a": "41" * 1_500_000}),
    json.dumps(["abcd"] * 200_000),  # 200k values made of key characters: the joined view
], ids=["nested base64", "hex 3 MB", "short values"])
def test_decoders_and_the_joined_view_are_bounded(raw):
    from addons.guard import joined

    insp = corpus.inspector()
    started = time.process_time()
    doc = open_body("application/json", raw.encode())
    results = [insp.inspect_text(f.text, "request", f.location) for f in doc.fields]
    joined.scan(doc.fields, results, insp, "request", None)
    assert time.process_time() - started < 2 * PROXY_BOUND_SECONDS


def test_a_cut_scan_makes_the_inspector_result_incomplete():
    # The Guard refuses on `incomplete` (exitguard_scan_incomplete); the flag must survive the Inspector.
    insp = corpus.inspector()
    insp.scanner = type(insp.scanner)(insp.scanner.rules, "tiny-budget", time_budget=0.0)
    result = insp.inspect_text("AKIA" + "A" * 16 + " ghp_" + "a" * 36, "request", "t")
    assert result.incomplete


@pytest.mark.parametrize("raw", [
    b"[" * 100_000 + b"]" * 100_000,
    b'{"a":' * 50_000 + b"1" + b"}" * 50_000,
    json.dumps({"args": "[" * 50_000 + "]" * 50_000}).encode(),  # deep JSON inside a JSON string
], ids=["deep array", "deep object", "deep embedded"])
def test_deep_json_is_refused_or_flattened_quickly(raw):
    started = time.process_time()
    try:
        doc = open_body("application/json", raw)
    except BodyError as e:
        assert "nested deeper" in str(e)
    else:  # the embedded document is too deep to walk: it stays one text field
        assert [f.location for f in doc.fields] == ["$.args"]
    assert time.process_time() - started < 2.0


@pytest.mark.slow  # megabytes
def test_many_small_fields_are_bounded():
    # 200k tiny strings: per-field overhead, not regex cost. A 10 MB body of them must not take minutes.
    raw = json.dumps(["x y"] * 200_000).encode()
    insp = corpus.inspector()
    started = time.process_time()
    doc = open_body("application/json", raw)
    for field in doc.fields:
        insp.inspect_text(field.text, "request", field.location)
    assert len(doc.fields) == 200_000 and time.process_time() - started < 10.0
