"""attack31: a key behind an escape of an escape (`&amp;#65;KIA...`, `%2541KIA...`, three levels: `&amp;#92;41 `,
`%26%2392%3B41 `, `%252541`) in a streamed answer, cut at every position into two deltas and sent a character a
delta: the stream hold-back reads the same views the inspector does (`disguise.views_of`), so the key never reaches
the client and no stream is stopped."""

from __future__ import annotations

import pytest

from addons.stream.masker import StreamMasker
from tests import fakes
from tests.stream import streams as S
from tests.stream.test_property import DEFAULT_HOLDBACK, DEFAULT_INSPECTOR

AK = fakes.aws_key_id(3135)
SPELLINGS = {"HTML twice": "&amp;#65;", "URL twice": "%2541", "HTML, HTML, CSS": "&amp;#92;41 ",
             "percent, HTML, CSS": "%26%2392%3B41 ", "URL three times": "%252541"}


def _answer(spelling: str) -> str:
    return f"Sure:\n<p title=\"{SPELLINGS[spelling]}{AK[1:]}\">x</p>\nDone."


def _client_text(fragments: list[str]) -> str:
    m = StreamMasker("anthropic", DEFAULT_INSPECTOR.inspect_text, safe_end=DEFAULT_HOLDBACK.safe_end)
    out = S.run(m, S.anthropic(fragments), size=61)
    assert not m.stopped, m.stop_reason
    return S.client_text("anthropic", out)["text"]


@pytest.mark.slow  # ~280 streams
@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_an_answer_cut_anywhere_never_shows_the_key(spelling):
    text = _answer(spelling)
    for cut in range(1, len(text)):
        assert AK[4:] not in _client_text([text[:cut], text[cut:]]), cut


@pytest.mark.parametrize("spelling", sorted(SPELLINGS))
def test_an_answer_a_character_a_delta_never_shows_the_key(spelling):
    got = _client_text(list(_answer(spelling)))
    assert AK[4:] not in got and "[MASKED:aws-access-key-id:" in got
