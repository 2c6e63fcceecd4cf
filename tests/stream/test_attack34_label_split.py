"""attack34: the carriers attack34 widened (a label line blank lines, CRLF or an indent above its value; CDATA and
single-quoted attributes in generic-xml-credential; Übergangspasswort) cut at every position into two SSE deltas of
a streamed answer: the value a scan of the whole text finds never reaches the client, the stream is never stopped;
and an answer full of lines ending in a password word and blank lines (what the widened reach holds) goes out
whole and unmasked."""

from __future__ import annotations

import pytest

from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.test_property import DEFAULT_HOLDBACK, DEFAULT_INSPECTOR

CARRIERS = [
    # a label line more than one blank line, a CRLF blank line or an indent above its value: read by attack34, taken
    # back (the first stage's wider gap halved clean-code speed), read again from a label line only (open36)
    "New password\n\n\nQuoll_4471\n",
    "New password\r\n\r\nQuoll_4471\r\n",
    "  New password:\n  Quoll_4471\n",
    "Temporary password:\n \n\n73318264\n",
    "New password\n\nQuoll_4471\n",
    "<Server><User>uploads</User><Pass><![CDATA[gannet.04]]></Pass></Server>",
    "<String><Key>Password</Key><Value ProtectInMemory='True'>heronmarsh</Value></String>",
    "Ihr Übergangspasswort: Quoll!Fen34\n",
]


def _stream(pieces: list[str]) -> tuple[StreamMasker, str]:
    m = StreamMasker("anthropic", DEFAULT_INSPECTOR.inspect_text, safe_end=DEFAULT_HOLDBACK.safe_end)
    out = S.run(m, S.anthropic(pieces), size=61)
    return m, S.client_text("anthropic", out)["text"]


def _values(text: str) -> list[str]:
    found, _ = DEFAULT_INSPECTOR.detect(text)
    return [text[f.start:f.end] for f in found if f.rule_id.startswith("generic-")]


@pytest.mark.slow  # ~700 streams
@pytest.mark.parametrize("carrier", CARRIERS)
def test_a_carrier_cut_anywhere_never_shows_its_value(carrier):
    text = f"Sure, here it is:\n{carrier}\nAnything else?"
    secrets = _values(text)
    assert secrets
    for cut in range(1, len(text)):
        m, got = _stream([text[:cut], text[cut:]])
        assert not m.stopped, (cut, m.stop_reason)
        assert not [s for s in secrets if s in got], (cut, got)
    m, got = _stream(list(text))  # one character per event
    assert not m.stopped and not [s for s in secrets if s in got], got


def test_lines_ending_in_a_password_word_go_out_whole():
    text = ("To change your password\n\n1. Open Settings.\n\nNew password\n\n\n2. Type it twice.\n\n"
            "Forgot your password\r\n\r\n  3. Click the link.\n\nPassword:\n\n    (see the vault)\n\n") * 10
    m, got = _stream([text[i:i + 5] for i in range(0, len(text), 5)])
    assert not m.stopped
    assert got == text
