"""core/outside.py: the one gate for every string written outside a flow."""

from __future__ import annotations

import pytest

from addons.core import outside, placeholders, runtime
from tests.audit import fakes


@pytest.fixture(scope="module")
def scanner(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("outside-key") / "key").inspector


def test_a_secret_used_as_a_key_is_masked_in_a_location(scanner):
    key, token = fakes.aws_key_id(), fakes.github_token()
    assert outside.safe_text(f"$.{key}", scanner).startswith("$.[MASKED:aws-access-key-id:")
    path = outside.safe_text(f"/v1/{token}/files?{key}=1", scanner)
    assert token not in path and key not in path and path.startswith("/v1/[MASKED:github-pat-classic:")


def test_records_are_masked_keys_and_values_and_bytes_never_leave(scanner):
    key, mail = fakes.aws_key_id(), fakes.email()
    safe = outside.safe_record({"model": f"gpt-4o {mail}", key: [1, None, True, f"x {key}"], "raw": b"abc",
                                "n": 3}, scanner)
    assert mail not in repr(safe) and key not in repr(safe)
    assert safe["raw"] == outside.WITHHELD and safe["n"] == 3
    [masked_key] = [k for k in safe if k.startswith("[MASKED:")]
    assert safe[masked_key][:3] == [1, None, True]


def test_observed_fields_are_kept_as_measured(scanner):
    rec = outside.safe_record({"client": "93.184.215.9:5555", "host": "93.184.215.9"}, scanner,
                              frozenset({"client"}))
    assert rec["client"] == "93.184.215.9:5555"
    assert placeholders.parse_masked(rec["host"]) is not None  # an address a request named is data


def test_nothing_leaves_unscanned(scanner):
    assert outside.safe_text("anything", None) == outside.WITHHELD
    assert outside.safe_record({"a": ["b"]}, None) == {outside.WITHHELD: [outside.WITHHELD]}

    class Bounded:
        fingerprinter = scanner.fingerprinter

        def detect(self, text, cache=True):
            return [], True  # the scan was cut short

    assert outside.safe_text("anything", Bounded()) == outside.WITHHELD
    assert outside.safe_text("", None) == ""


def test_exitguard_markers_stay_but_a_secret_dressed_as_one_does_not(scanner):
    assert outside.safe_text("/x?api_token=%5BINJECTED%3Avendor%5D", scanner) == \
        "/x?api_token=%5BINJECTED%3Avendor%5D"
    token = fakes.github_token()
    dressed = outside.safe_text(f"/x?api_token=[INJECTED:{token}]", scanner)
    assert token not in dressed


def test_placeholders_are_not_masked_again(scanner):
    once = outside.safe_text(f"key {fakes.github_token()}", scanner)
    assert outside.safe_text(once, scanner) == once


class _Counting:
    """A scanner that counts its scans and flags the words it is told to (as a custom rule could)."""

    def __init__(self, inner, flagged: frozenset[str] = frozenset()) -> None:
        self.inner, self.flagged, self.scans = inner, flagged, 0
        self.fingerprinter = inner.fingerprinter

    def detect(self, text, cache=True):
        self.scans += 1
        if text in self.flagged:
            [finding] = self.inner.detect(f"key {fakes.github_token()}")[0]
            return [type("F", (), {"start": 0, "end": len(text), "rule_id": finding.rule_id})()], False
        return self.inner.detect(text, cache)


def test_exitguard_own_words_are_scanned_once_per_scanner(scanner):
    counting = _Counting(scanner)
    assert outside.safe_text("guarded", counting) == "guarded"  # a HostClass value
    after_first = counting.scans
    assert outside.safe_record({"host_class": "guarded", "decision": "allow"}, counting) == \
        {"host_class": "guarded", "decision": "allow"}
    assert counting.scans == after_first  # no scan, no cache lookup: the words were scanned with this scanner
    outside.safe_text("api.example.com", counting)
    assert counting.scans == after_first + 1  # anything else is scanned as before


def test_an_own_word_the_scanner_flags_is_masked_every_time(scanner):
    flagging = _Counting(scanner, frozenset({"guarded"}))
    for _ in range(2):
        assert placeholders.parse_masked(outside.safe_text("guarded", flagging)) is not None


def test_a_clean_host_is_scanned_once_per_scanner_and_never_passes_another(scanner):
    counting = _Counting(scanner)
    host = "api.rec4-clean.example"
    assert outside.safe_host(host, counting) == host
    scanned = counting.scans
    assert outside.safe_host(host, outside.Remembering(counting)) == host  # the same scanner's results
    assert counting.scans == scanned
    # A scanner that flags it (a reload with a custom rule) reads it again: a name clean to one scanner is not
    # clean to every scanner.
    flagging = _Counting(scanner, frozenset({host}))
    assert placeholders.parse_masked(outside.safe_host(host, flagging)) is not None
    assert flagging.scans >= 1


def test_a_host_with_a_value_is_masked_every_time(scanner):
    host = f"{fakes.aws_key_id().lower()}.unlisted.example"  # found only upper-cased (attack10)
    for _ in range(2):
        masked = outside.safe_host(host, scanner)
        assert host not in masked and "[MASKED:aws-access-key-id:" in masked
    assert host not in outside._CLEAN_HOSTS.for_scanner(scanner)


def test_a_clean_text_is_scanned_once_per_scanner_and_never_passes_another(scanner):
    counting = _Counting(scanner)
    text = "agent-rec4 asked about the deployment notes"
    assert outside.safe_text(text, counting) == text
    scanned = counting.scans
    assert outside.safe_record({"reason": text}, outside.Remembering(counting)) == {"reason": text}
    assert counting.scans == scanned  # remembered for this scanner
    flagging = _Counting(scanner, frozenset({text}))  # a reload whose rules flag it
    assert placeholders.parse_masked(outside.safe_text(text, flagging)) is not None


def test_a_text_with_a_value_is_masked_every_time_and_never_remembered(scanner):
    text = f"key {fakes.github_token()}"
    for _ in range(2):
        masked = outside.safe_text(text, scanner)
        assert masked != text and "[MASKED:" in masked
    assert text not in outside._CLEAN_TEXTS.for_scanner(scanner)
