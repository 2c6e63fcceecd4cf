"""Attacks on the first stage as the stream masker meets it (shipped rules): a generic `sk-` key that ends where
the text ends (its regex now consumes the char after it), keys glued to each other or to a real placeholder,
and a key written as the rule id of a made-up `[MASKED:<key>:abcdef]`, each split over two events at every
char."""

from __future__ import annotations

import pytest

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.support import make_policy

SK = "sk-Hq7Kx2Lm9Zv4Rt7Wp3Ns6Dy1Xc5Tq7Yp2Kx9Lm4Rv8Zw3Nb6"  # generic-sk-key (the rule's example)
LANGFUSE = "sk-lf-0570a44b-9574-490a-a7d7-adfbdd20b8e3"  # lower-kebab: the shape of a rule id

TEXTS = [SK, f"key {SK}", f"{SK} {SK}", f"{SK},{SK}", f"{SK}\n", f"x [MASKED:github-pat:0a0a0a]{SK}",
         f"[MASKED:{LANGFUSE}:abcdef]", f"note [MASKED:{LANGFUSE}:abcdef] end"]


@pytest.fixture(scope="module")
def inspector() -> Inspector:
    inspector = Inspector(Scanner.default(), make_policy(), Fingerprinter(b"k" * 32))
    assert inspector.scanner.scan(SK) and inspector.scanner.scan(LANGFUSE)
    return inspector


SURFACES = ["openai_chat", "anthropic"]


# The unit loop streams each text on one surface (they alternate); the full suite each on both.
@pytest.mark.sweep_sample(lambda surface, text: SURFACES[TEXTS.index(text) % 2] == surface)
@pytest.mark.parametrize("surface", SURFACES)
@pytest.mark.parametrize("text", TEXTS)
def test_no_key_reaches_the_client_wherever_the_events_split_it(inspector, surface, text):
    for cut in range(1, len(text)):
        masker = StreamMasker(surface, inspector.inspect_text,
                              safe_end=Holdback.for_scanner(inspector.scanner).safe_end)
        out = S.run(masker, getattr(S, surface)([text[:cut], text[cut:]]), size=7)
        got = S.client_text(surface, out)["text"]
        assert SK not in got and LANGFUSE not in got, cut
        assert "[MASKED:" in got
