"""`Scanner.explain()` without a rule id (the context-scored rules' candidates) must agree with `scan()`: a candidate
it calls reported is found, and one dropped after scoring (allowlist, allow patterns, entropy) says why. A dotted
generated password scored enough but the allowlist dropped it as a code reference, and explain said "reported".
explain runs each rule's regex without the first stage, so it is compared with the regex engine, which has none
(Hyperscan's first stage can be narrower: `USER and PASS commands are sent` is a login pair to the regex engine
only)."""

import re

import pytest

from addons.detect import Scanner, validators

COST_S = 3.0  # tests/conftest.py heaviest_files_first: four shards of ~0.8 s (~3 s), handed out early, not last

SCANNER = Scanner.default()
REGEX_ENGINE = Scanner(SCANNER.rules, SCANNER.version, engine="python")
SPAN = re.compile(r" value at (\d+)-(\d+) \(\d+ chars\): score -?\d+, (reported|not reported)")


def test_a_candidate_dropped_after_its_score_says_by_what():
    # prose50: a dotted generator output (`Ct9jyQ2Lm.uZC`, this test's value before) is now reported
    # (token_shape.generated_part); a dotted reference of words still scores 4 and is dropped after.
    text = "bitcoin-cli walletpassphrase 'Wallet.cfg.Pass9x' 60"
    assert SCANNER.scan(text) == []
    lines = [line for line in SCANNER.explain(text) if line.startswith("generic-password-os-account ")]
    assert len(lines) == 1 and "score 4, not reported (allowlist: code reference)" in lines[0]
    assert "Pass9x" not in lines[0]


def test_a_dotted_generated_passphrase_is_reported_and_explain_agrees():
    text = "bitcoin-cli walletpassphrase 'Ct9jyQ2Lm.uZC' 60"
    assert [text[f.start:f.end] for f in SCANNER.scan(text)] == ["Ct9jyQ2Lm.uZC"]
    lines = [line for line in SCANNER.explain(text) if line.startswith("generic-password-os-account ")]
    assert len(lines) == 1 and ", reported:" in lines[0]


EXAMPLES = [text for rule in SCANNER.rules if rule.validator in validators.CONTEXT_VALIDATORS
            for text in (*rule.examples, *rule.negative_examples)]


# ~3 s of CPU in all (~7 s under load): four shards of every fourth text, each of them every rule's examples nearly;
# the unit loop runs the first, the full suite all four (the same texts as one test before).
SHARDS = 4


@pytest.mark.sweep_sample(lambda shard: shard == 0)
@pytest.mark.parametrize("shard", range(SHARDS))
def test_every_candidate_explain_calls_reported_is_covered_by_a_finding(shard):
    disagreements = []
    for text in EXAMPLES[shard::SHARDS]:
        findings = REGEX_ENGINE.scan(text)
        for line in REGEX_ENGINE.explain(text):
            if (m := SPAN.search(line)) and m.group(3) == "reported":
                start, end = int(m.group(1)), int(m.group(2))
                # Overlap resolution may keep another rule's finding over the same value: any overlap agrees.
                if not any(f.start < end and start < f.end for f in findings):
                    disagreements.append(line.split(" value at ")[0])
    assert disagreements == []
