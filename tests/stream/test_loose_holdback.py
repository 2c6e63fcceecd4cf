"""A key that arrives spaced out, broken over lines or in rot13 is read only by the loose views
(detect/disguise.py); its plain text matches no rule prefix, so the plain hold-back would release its head before
the key is complete and the stream would have to stop. `disguise.loose_safe_end` holds such a run back while the
fixed-shape key rules could still complete its reading: the key is masked whole, the stream goes on."""

from __future__ import annotations

import codecs

import pytest

from addons.detect import disguise
from addons.detect.holdback import Holdback
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.support import SECRETS, make_inspector

AKID = SECRETS["aws-access-key-id"]
PAT = SECRETS["github-pat-classic"]


@pytest.fixture(scope="module")
def inspector():
    return make_inspector()


def masker(inspector) -> StreamMasker:
    """As stream/streaming.py composes it."""
    plain = Holdback.for_scanner(inspector.scanner)
    keys = plain.only([r.id for r in inspector.scanner.rules if r.tier == "precise" and r.category == "secret"])
    prefixes = inspector.key_prefixes()
    return StreamMasker("openai_chat", inspector.inspect_text, safe_end=lambda text, start: min(
        plain.safe_end(text, start), disguise.loose_safe_end(text, start, keys.safe_end, prefixes)))


SHAPES = {
    "spaced": lambda v: " ".join(v),
    "dotted": lambda v: ".".join(v),
    "line break": lambda v: v[:8] + "\n" + v[8:],
    "escaped line break": lambda v: v[:8] + "\\n" + v[8:],
    "three lines": lambda v: v[:5] + "\n" + v[5:12] + "\n" + v[12:],
    "rot13": lambda v: codecs.encode(v, "rot13"),
    "reversed": lambda v: v[::-1],
}


@pytest.mark.parametrize("size", [1, 3, 7])
@pytest.mark.parametrize("shape", SHAPES)
def test_a_disguised_key_streamed_in_small_deltas_is_masked_not_stopped(inspector, shape, size):
    for secret in (AKID, PAT):
        text = f"key: {SHAPES[shape](secret)} done."
        m = masker(inspector)
        out = S.run(m, S.openai_chat([text[i:i + size] for i in range(0, len(text), size)]))
        assert not m.stopped, m.stop_reason
        got = S.client_text("openai_chat", out)["text"]
        assert got.startswith("key: [MASKED:") and got.endswith("] done.") and got.count("[MASKED:") == 1


def test_prose_and_code_flow_with_at_most_a_word_held(inspector):
    plain = Holdback.for_scanner(inspector.scanner).only(["aws-access-key-id", "github-pat-classic"])
    for text in ("hello world\nthe next line", "def f(x):\n    return x\n", "a b c and so on", "v1.2.3"):
        for end in range(1, len(text) + 1):
            held = end - disguise.loose_safe_end(text[:end], 0, plain.safe_end, inspector.key_prefixes())
            assert held <= 8, (text[:end], held)


@pytest.mark.parametrize("size", [1, 4])
def test_a_key_over_lines_between_other_lines_is_masked(inspector, size):
    text = f"the key is\n{AKID[:8]}\n{AKID[8:]}\nnext line"
    m = masker(inspector)
    out = S.run(m, S.openai_chat([text[i:i + size] for i in range(0, len(text), size)]))
    assert not m.stopped, m.stop_reason
    got = S.client_text("openai_chat", out)["text"]
    assert got.startswith("the key is\n[MASKED:aws-access-key-id:") and got.endswith("]\nnext line")
