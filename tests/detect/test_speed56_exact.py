"""speed56's faster forms answer exactly what they replace: a decoded view of text without `\\u` (one split instead
of a Python call per escape), and the e-mail reclassifier's credit search without the whole
text's word index where addresses are sparse. Each is checked against the old form on generated text full of the
characters that matter."""

from __future__ import annotations

import itertools
import re

from hypothesis import example, given, settings
from hypothesis import strategies as st

from addons.detect import escapes, known_values

ESCAPE_TEXTS = st.lists(st.sampled_from(["\\", '"', "/", "u", "00e9", "n", "t", "x", "é", "\\\\", '\\"', "\\/",
                                         "\\u00e9", "\\u12", "a", " ", "\n"]), max_size=40).map("".join)


class OldDecodedView(escapes.DecodedView):
    """escapes.DecodedView as it was before speed56: one Python call per escape."""

    def __init__(self, raw: str):
        spans = [m.span() for m in escapes._JSON_ESCAPE.finditer(raw)]
        self._shrink_after = list(itertools.accumulate(end - start - 1 for start, end in spans))
        self._escape_at = [start - saved for (start, _), saved in zip(spans, [0, *self._shrink_after])]
        self.text = escapes._JSON_ESCAPE.sub(escapes._decode, raw)


@settings(max_examples=600, deadline=None)
@given(ESCAPE_TEXTS)
@example('{"content": "say \\"hi\\" at a\\/b \\\\u00e9"}')
@example('\\\\"\\/\\\\')
def test_decoded_view_is_the_old_decoding(raw):
    old = OldDecodedView(raw)
    # Given the text's escape kinds (as the scanner does) or not (the stream hold-backs).
    for new in (escapes.DecodedView(raw), escapes.DecodedView(raw, escapes.escape_kinds(raw))):
        assert new.text == old.text
        assert new._escape_at == old._escape_at and new._shrink_after == old._shrink_after
        assert [new.to_raw(i) for i in range(len(new.text) + 1)] == [old.to_raw(i) for i in range(len(old.text) + 1)]


LINE_PARTS = ["Author: ", "by ", "Thanks to ", "# ", "    ", "copyright (c) ", "x = 1", "idea of ", "\n",
              "jane@corp.io", "ops@mailbox.org", "Written by Ann ", "see ", "é ", "bob@example.com", ","]
MAIL_TEXTS = st.lists(st.sampled_from(LINE_PARTS), max_size=30).map("".join)
ADDRESS = re.compile(r"[a-z]+@[a-z.]+")


@settings(max_examples=600, deadline=None)
@given(MAIL_TEXTS, st.integers(min_value=0, max_value=4000))
@example("# Author: Fred\n#   jane@corp.io\nby Ann ops@mailbox.org\n", 0)
def test_sparse_addresses_read_as_before(text, padding):
    # Padding makes the addresses sparse (no word index) or leaves them dense (the index), both against the
    # one-at-a-time reading, which never used the index.
    text = "x" * padding + "\n" + text
    spans = [m.span() for m in ADDRESS.finditer(text)]
    public = known_values.TextReclassifier(text).public_addresses(spans)
    assert public == [known_values._public_address(text, start, end) for start, end in spans]
