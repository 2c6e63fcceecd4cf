"""attack50: a key split in two by one control character or visible blank: NUL, NBSP, the braille blank U+2800,
U+FFFD, another Unicode space, a C0 / C1 control, a line or paragraph separator. attack49's row left them open ("split
it as a space does"): the undisguised view drops only what a text does not show, and the loose views joined line
breaks only, so `AKIA1234<NUL>5678...` went upstream (and to the agent in an answer) whole, shipped rules, default
policy. The loose views (fixed-shape keys only) now join over one such character between two token characters, as
over a line break; the stream hold-back holds a run that ends at one. The ASCII space and the tab stay open
(EVASION.md, the split rows: prose joins words with them)."""

from __future__ import annotations

import hashlib
import json

import pytest
from mitmproxy.test import taddons

from addons.detect import disguise
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests import fakes
from tests.guard.support import OPENAI, Upstream, exchange, request_flow
from tests.stream import streams as S
from tests.stream.support import SECRETS, make_inspector
from tests.stream.test_attack_password_words import (  # noqa: F401  (fixtures)
    addon,
    rt,
    streamed_answer,
)
from tests.stream.test_loose_holdback import masker

AKID = fakes.aws_key_id(50)
PAT = fakes.github_pat(50)
SPLITTERS = {"NUL": "\x00", "NBSP U+00A0": "\u00a0", "braille blank U+2800": "\u2800", "U+FFFD": "\ufffd",
             "narrow NBSP U+202F": "\u202f", "ideographic space U+3000": "\u3000", "em space U+2003": "\u2003",
             "ESC": "\x1b", "DEL": "\x7f", "NEL U+0085": "\x85", "VT": "\x0b", "FF": "\x0c",
             "line separator U+2028": "\u2028", "paragraph separator U+2029": "\u2029"}


def _chat(content: str) -> bytes:
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]},
                      ensure_ascii=False).encode()


@pytest.mark.parametrize("name", sorted(SPLITTERS))
@pytest.mark.parametrize("secret", [AKID, PAT], ids=["aws", "github"])
async def test_a_key_split_by_one_control_or_blank_is_masked_in_a_request(rt, name, secret):  # noqa: F811
    upstream = Upstream()
    body = _chat(f"key {secret[:10]}{SPLITTERS[name]}{secret[10:]} ok")
    with taddons.context(HostPolicy(), Guard()) as tctx:  # the module's runtime stays installed
        await exchange(tctx, request_flow(*OPENAI, body), upstream)
    (sent,) = upstream.received
    text = json.loads(sent.raw_content)["messages"][0]["content"]
    assert secret[10:] not in text and secret[:10] not in text and "[MASKED:" in text, ascii(text)
    assert text.startswith("key [MASKED:") and text.endswith("] ok"), ascii(text)


@pytest.mark.parametrize("name", ["NUL", "NBSP U+00A0", "braille blank U+2800", "U+FFFD"])
async def test_a_streamed_key_split_by_one_control_or_blank_is_masked_whole(rt, addon, name):  # noqa: F811
    pieces = ["key " + AKID[:8], SPLITTERS[name] + AKID[8:14], AKID[14:] + " ok. ", "and the rest. "]
    f, sent = await streamed_answer(addon, pieces)
    text = S.client_text("openai_chat", sent)["text"]
    assert AKID[:4] not in text and AKID[14:] not in text and "[MASKED:aws-access-key-id:" in text, ascii(text)
    assert text.endswith("] ok. and the rest. ") and f.error is None


@pytest.fixture(scope="module")
def inspector():
    return make_inspector()


@pytest.mark.parametrize("size", [1, 3, 7])
@pytest.mark.parametrize("name", ["NUL", "NBSP U+00A0", "U+FFFD", "line separator U+2028"])
def test_split_keys_in_small_deltas_are_held_and_masked_not_stopped(inspector, name, size):
    for secret in (SECRETS["aws-access-key-id"], SECRETS["github-pat-classic"]):
        text = f"key: {secret[:9]}{SPLITTERS[name]}{secret[9:]} done."
        m = masker(inspector)
        out = S.run(m, S.openai_chat([text[i:i + size] for i in range(0, len(text), size)]))
        assert not m.stopped, m.stop_reason
        got = S.client_text("openai_chat", out)["text"]
        assert got.startswith("key: [MASKED:") and got.endswith("] done.") and got.count("[MASKED:") == 1, ascii(got)


def test_what_is_not_a_key_is_not_joined_into_one():
    """Two halves that are no key together stay unmasked: a hash, words, a UTF-16 text read as characters, a
    key-shaped half beside a word (the joined token is too long or too short for the rule)."""
    inspector = make_inspector()
    digest = hashlib.sha1(b"attack50").hexdigest()
    texts = [f"{digest[:20]}\x00{digest[20:]}", "session\u00a0identifier\u00a0rotation", "version\ufffd1.2.3-beta",
             "\x00".join("the password field is empty"), f"{AKID}\x00suffixwords", "AKIA\u2800is a prefix",
             "ghp_\u00a0tokens start like this", "naïve\u00a0café\u2003résumé"]
    for text in texts:
        found, _ = inspector.detect(text)
        assert not [f for f in found if f.rule_id != "aws-access-key-id" or AKID not in text], (ascii(text), found)


def test_a_key_followed_by_a_splitter_and_a_word_is_masked_alone():
    """A key with NUL and a word glued after it reads as one too-long token in the loose view; the key itself is
    still the plain scan's (a NUL is no token character): masked exactly, the word kept."""
    found, _ = make_inspector().detect(f"x {AKID}\x00suffixwords y")
    assert [(f.start, f.end) for f in found] == [(2, 2 + len(AKID))]


def test_utf16_read_as_characters_costs_no_listing_of_breaks():
    """A NUL after every character and no 16 token characters once they are dropped: no excerpt is built."""
    assert disguise._broken_tokens("\x00".join("short words only here " * 2000)) == []


def test_the_cheap_check_sees_every_splitter_in_ascii_and_other_text():
    every = [chr(c) for c in range(0x110000) if disguise._SPLITTER.match(chr(c))]
    assert len(every) == 82 and "\u2800" in every and "\ufffd" in every
    for char in every:
        assert disguise._may_split(f"key{char}rest") and disguise._may_split(f"clé{char}reste"), hex(ord(char))
    assert not disguise._may_split("plain words\n\tand lines") and not disguise._may_split("naïve café 東京 — “quoted”")
