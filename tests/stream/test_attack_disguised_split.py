"""Attack (attack4): a key disguised with a character the scanner's undisguised view undoes (an invisible one, a
lookalike, an HTML or percent escape), split over two deltas or messages right after it. The plain hold-back reads
the text as it is: `AKIA2HLY` + a zero-width space is no beginning of a key, so it went out; the next piece
completed the key in the view, and the stream stopped with the first characters already at the client (or the
upstream): the guarantee is that none go. The hold-back now also reads the end of the text as the view reads it
(`disguise.disguised_safe_end`). Shipped rules, default policy, through the Streaming addon."""

from __future__ import annotations

import pytest

from addons.core import metakeys
from tests import fakes
from tests.stream import streams as S
from tests.stream.test_attack_password_words import (  # noqa: F401  (fixtures)
    addon,
    forwarded,
    rt,
    streamed_answer,
    websocket_messages,
)

AKID = fakes.aws_key_id(71)
FULLWIDTH = "".join(chr(ord(c) + 0xFEE0) for c in AKID)
SPLITS = {
    "zero-width space after the head": ("key " + AKID[:8] + "\u200b", AKID[8:] + " ok. "),
    "zero-width space before the tail": ("key " + AKID[:8], "\u200b" + AKID[8:] + " ok. "),
    "soft hyphen": ("key " + AKID[:8] + "\u00ad", AKID[8:] + " ok. "),
    "joiner after every character": ("key " + "\u200d".join(AKID[:8]) + "\u200d", "\u200d".join(AKID[8:]) + " ok. "),
    "fullwidth head": ("key " + FULLWIDTH[:8], AKID[8:] + " ok. "),
    "HTML escape": ("key &#65;" + AKID[1:8], AKID[8:] + " ok. "),
    "CSS escape (split23)": ('content: "\\41 ' + AKID[1:8], AKID[8:] + '"; ok. '),
    "CSS escape cut before its blank (split23)": ('content: "\\41', " " + AKID[1:] + '"; ok. '),
    "CSS escape, six digits (split23)": ('content: "\\000041' + AKID[1:8], AKID[8:] + '"; ok. '),
}


@pytest.mark.parametrize("name", sorted(SPLITS))
async def test_a_disguised_key_split_after_its_disguise_is_masked_whole(rt, addon, name):  # noqa: F811
    first, second = SPLITS[name]
    f, sent = await streamed_answer(addon, [first, second, "and the rest. "])
    text = S.client_text("openai_chat", sent)["text"]
    assert AKID[:4] not in text and FULLWIDTH[:4] not in text and "&#65;" not in text and "\\41" not in text, text
    assert f.metadata[metakeys.COVERAGE][-1]["status"] == "scanned" and "[MASKED:aws-access-key-id:" in text
    ws = await websocket_messages(addon, [first, second, "and the rest. "])
    got = forwarded(ws).decode()
    assert AKID[:4] not in got and FULLWIDTH[:4] not in got and not ws.error, got
