"""sov56, live: passwords before the word that names them (generic-password-value-first, the opt-in pack) through a
real mitmdump with the real openai SDK, in the three places: the agent's request to the model (the upstream must not
get the values), the model's answer whole and streamed in pieces of 1 to 5 characters (the client must not get them;
the prose around them arrives unmasked), and every byte the proxy wrote (the record and the index, and its log)."""

from __future__ import annotations

import pytest

from addons.detect.scanner import default_rules_dir
from tests.detect.test_sov56_value_first import OPTIONAL
from tests.stream.test_attack34_label_split_live import values_stay_out_of_the_three_places
from tests.stream.test_sov56_value_first_stream import CARRIERS, RULE

pytestmark = pytest.mark.live

PROSE = "Notes: build x86_64 runs on the new cluster tonight, call 4829 for the hall."
TEXT = "\n\n".join([PROSE, *(f"Sure:\n{carrier}" for carrier in CARRIERS), PROSE])


def test_values_before_their_word_are_masked_in_requests_answers_streams_and_the_record(tmp_path, upstream):
    from addons.detect import Scanner

    secrets = [TEXT[f.start:f.end] for f in Scanner.from_rules([default_rules_dir(), OPTIONAL]).scan(TEXT)
               if f.rule_id == RULE]
    assert len(secrets) == len(CARRIERS)
    # the opt-in pack beside the shipped rules, as a deployment adds it
    values_stay_out_of_the_three_places(tmp_path, upstream, TEXT, secrets, prose=PROSE, proxy_args=(
        "--set", f"exitguard_rules={default_rules_dir()}", "--set", f"exitguard_rules={OPTIONAL}"))
