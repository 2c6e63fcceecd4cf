"""prose49, live: passwords after a word of the vocabulary table (generic-password-vocabulary, behind its gate)
through a real mitmdump with the real openai SDK: the agent's request to the model (the upstream must not get the
values), the model's answer whole and streamed in pieces of 1 to 5 characters (the client must not get them, and the
prose with no table word around them arrives unmasked); nor may the record or the log hold them."""

from __future__ import annotations

import pytest

from tests.stream.test_attack34_label_split_live import values_stay_out_of_the_three_places
from tests.stream.test_prose49_table_gate import CARRIERS, RULE, UNGATED

pytestmark = pytest.mark.live

PROSE = "Notes: " + " ".join(UNGATED[:3]) + "."
TEXT = "\n\n".join([PROSE, *(f"Sure:\n{carrier}" for carrier in CARRIERS), PROSE])


def test_values_after_a_table_word_are_masked_in_requests_answers_and_streams(tmp_path, upstream):
    from addons.detect import Scanner

    secrets = [TEXT[f.start:f.end] for f in Scanner.default().scan(TEXT) if f.rule_id == RULE]
    assert len(secrets) == len(CARRIERS)
    values_stay_out_of_the_three_places(tmp_path, upstream, TEXT, secrets, prose=PROSE)
