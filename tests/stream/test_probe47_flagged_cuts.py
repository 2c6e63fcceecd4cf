"""probe47: each of the 14 rules hold46 gates (detect/end_blind.py), its first example streamed as chat deltas cut in
two at every position: the client's text is always a prefix of the whole text masked, no stop. The full sweep (every
example of the 14, 16,998 streams, and one character a delta, 316) found no leak either; see
tests/detect/test_probe47_attack.py for the oracles and the open rows."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.end_blind import blind_at_end
from tests.stream.test_holdback_attack import composed, leak, rt  # noqa: F401 (fixtures)

FLAGGED = [rule for rule in Scanner.default().rules if blind_at_end(rule.pattern.pattern)]


@pytest.mark.slow
@pytest.mark.parametrize("rule", FLAGGED, ids=[rule.id for rule in FLAGGED])
def test_a_flagged_rule_s_example_cut_anywhere_reaches_the_client_masked(rt, composed, rule):  # noqa: F811
    text = rule.examples[0] + "\nok\n"
    assert rt.inspector.inspect_text(text, "response", "t").findings  # this rule's, or one that wins its overlap
    leaks = [(cut, why) for cut in range(1, len(rule.examples[0]))
             if (why := leak(rt, composed, [text[:cut], text[cut:]]))]
    assert not leaks
