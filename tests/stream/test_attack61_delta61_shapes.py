"""attack61 (written on delta61 merged with prose61, hold61 and attack61; brought over by the lead once delta61
landed): delta61's bounded value hold against the unbounded one on shapes its own sweep did not draw: the value
before its word (prose61's and hold61's shapes, where the match begins at the value and its word comes later),
JSON-escaped text (the decoded view the hold reads too), and the IPsec secrets entry, each cut at random and one
character at a time."""

from __future__ import annotations

import json
import random

import pytest

from tests.stream.test_attack58_hold58_spared import GLUED, WHOLE_TOKENS
from tests.stream.test_delta61_bounded_value_hold import composed, reference, rt, run_both  # noqa: F401
from tests.stream.test_prose61_shapes import SHAPES as PROSE61

pytestmark = pytest.mark.slow  # ~30 s of random cuts: the full suite runs it

TEXTS = [s for s, _ in PROSE61] + [s for s, _ in GLUED + WHOLE_TOKENS] + [
    "Boathouse: Fjord!2291 \u2015 that\u2019s the password for the router.",
    '@east @west : PSK "Bob\'s#Kettle77"',
]


def cuts(text: str, rng: random.Random) -> list[list[str]]:
    out = [list(text)]
    for _ in range(6):
        points = sorted(rng.sample(range(1, len(text)), min(len(text) - 1, rng.randint(1, 8))))
        out.append([text[a:b] for a, b in zip([0, *points], [*points, len(text)])])
    return out


@pytest.mark.parametrize("escaped", [False, True])
def test_value_first_shapes_send_the_same(rt, composed, reference, escaped):  # noqa: F811
    rng = random.Random(61)
    for text in TEXTS:
        text = f"Sure:\n{text}\nAnything else?"
        if escaped:
            text = json.dumps(text)[1:-1]  # as a tool call's string writes it: \n, \u00a0, \"
        for deltas in cuts(text, rng):
            run_both(rt, composed, reference, deltas, "openai_chat")
