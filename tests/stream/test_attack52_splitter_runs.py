"""attack52: a key split by a run of splitters (attack50's class: controls, NBSP and the other Unicode blanks,
U+FFFD) rather than one: two NBSPs, NUL NUL, and the three U+FFFDs a body's invalid UTF-8 between two pieces reads as
(a CESU-8 surrogate `ED A0 80`). The loose views joined over one splitter, so these went upstream whole in a request
and to the client in a streamed answer (attack51's strict xfails). A run of up to `disguise.MAX_SPLITTERS` is one
split now, in the views and in the stream's hold-back of a run at the end.

Still open (attack51's strict xfails stay): runs of splitters longer than MAX_SPLITTERS; a character a text shows (a
middle dot, U+FFFC, a private-use char, a combining mark). A blank line, two CRs and LF then NUL: closed by attack55
(test_attack55_break_runs.py); a literal backslash-r below."""

from __future__ import annotations

import json

import pytest
from mitmproxy.test import taddons

from addons.detect import disguise
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests import fakes
from tests.guard.support import OPENAI, Upstream, exchange, request_flow
from tests.stream import streams as S
from tests.stream.support import make_inspector
from tests.stream.test_attack_password_words import (  # noqa: F401  (fixtures)
    addon,
    rt,
    streamed_answer,
)
from tests.sweeps import sampled

AKID = fakes.aws_key_id(52)
PAT = fakes.github_pat(52)
RUNS = {"two NBSPs": "\u00a0\u00a0", "two NULs": "\x00\x00", "three U+FFFD": "\ufffd\ufffd\ufffd",
        "NBSP then a thin space": "\u00a0\u2009", "ESC NUL DEL": "\x1b\x00\x7f"}


def _chat(content: str) -> bytes:
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]},
                      ensure_ascii=False).encode()


@pytest.mark.parametrize("name", sorted(RUNS))
@pytest.mark.parametrize("at", [4, 10, 16])
@pytest.mark.parametrize("secret", [AKID, PAT], ids=["aws", "github"])
async def test_a_key_split_by_a_run_of_splitters_is_masked_in_a_request(rt, secret, at, name):  # noqa: F811
    await assert_a_split_key_is_masked_in_a_request(secret, at, RUNS[name])


async def assert_a_split_key_is_masked_in_a_request(secret: str, at: int, between: str) -> None:
    """``secret`` cut at ``at`` with ``between`` in the cut, in a chat request: what the upstream got holds neither
    piece, one placeholder in their place (before attack52 / attack55: sent whole)."""
    upstream = Upstream()
    body = _chat(f"key {secret[:at]}{between}{secret[at:]} ok")
    with taddons.context(HostPolicy(), Guard()) as tctx:
        await exchange(tctx, request_flow(*OPENAI, body), upstream)
    (sent,) = upstream.received
    text = json.loads(sent.raw_content)["messages"][0]["content"]
    assert secret[at:] not in text and secret[:at] not in text, ascii(text)
    assert text.startswith("key [MASKED:") and text.endswith("] ok"), ascii(text)


@pytest.mark.xfail(strict=True, raises=AssertionError, reason="open (attack52, EVASION section 2): a text body that "
                   "is no UTF-8 is read as Latin-1, so ED A0 80 is `í`, NBSP and a C1 control: a letter in the run")
async def test_invalid_utf8_between_two_pieces_of_a_key_in_a_text_upload_is_masked(rt):  # noqa: F811
    """attack51's shape: a CESU-8 surrogate (ED A0 80) between the pieces of a text/plain body."""
    upstream = Upstream()
    body = b"key " + AKID[:10].encode() + b"\xed\xa0\x80" + AKID[10:].encode() + b" ok"
    flow = request_flow(*OPENAI, body)
    flow.request.headers["content-type"] = "text/plain"
    with taddons.context(HostPolicy(), Guard()) as tctx:
        await exchange(tctx, flow, upstream)
    sent = b"".join(r.raw_content or b"" for r in upstream.received)
    assert AKID[:10].encode() not in sent and AKID[10:].encode() not in sent, sent


@pytest.mark.sweep_sample(lambda name, cut: sampled(name, cut))
@pytest.mark.parametrize("name", sorted(RUNS))
@pytest.mark.parametrize("cut", [0, 1, 2, 5])
async def test_a_streamed_key_split_by_a_run_of_splitters_is_masked_whole(rt, addon, name, cut):  # noqa: F811
    """The run at a delta's end (cut 0), inside it (cut 1, 2: the rest of the run comes next), or a few key
    characters before the delta's end: held until what follows shows a split key."""
    await assert_a_streamed_split_key_is_masked(addon, RUNS[name], cut)


async def assert_a_streamed_split_key_is_masked(streaming, between: str, cut: int) -> None:
    """``AKID`` split by ``between`` in an answer whose first delta ends ``cut`` characters after the key's first
    piece (inside ``between`` or past it) reaches the client masked whole, and the stream goes on."""
    whole = "key " + AKID[:8] + between + AKID[8:] + " ok. "
    end = len("key " + AKID[:8]) + cut
    pieces = [whole[:end], whole[end:end + 6], whole[end + 6:], "and the rest. "]
    f, sent = await streamed_answer(streaming, pieces)
    text = S.client_text("openai_chat", sent)["text"]
    assert AKID[:4] not in text and AKID[14:] not in text and "[MASKED:aws-access-key-id:" in text, ascii(text)
    assert text.endswith("] ok. and the rest. ") and f.error is None


def test_what_a_run_of_splitters_splits_is_not_joined_into_a_key():
    """Prose and tables with NBSP pairs (French typography, aligned columns) and a longer run keep their findings."""
    inspector = make_inspector()
    texts = ["prix\u00a0\u00a012345678901234567890 euros", "Total\u00a0\u00a0\u00a0SUMMARYOFTHEQUARTERLYREPORT",
             f"{AKID}\u00a0\u00a0suffixwordsfollowing", "ghp_\x00\x00tokens start like this", "a\x00b\x00c\x00d\x00e",
             f"{AKID[:10]}\u00a0\u00a0\u00a0\u00a0{AKID[10:]}"]  # four: longer than MAX_SPLITTERS, left apart
    for text in texts:
        found, _ = inspector.detect(text)
        assert not [f for f in found if f.rule_id != "aws-access-key-id" or AKID not in text], (ascii(text), found)
    assert disguise.MAX_SPLITTERS == 3


# attack52: a literal backslash-r between two pieces (`AKIA...\\r6VFU...`: a JSON string's CR pasted as text, what a
# log line or a chat quoting a JSON value shows). The escaped `\\n` and `\\r\\n` were breaks, a lone `\\r` was not.
ESCAPED_CR = "\\r"


@pytest.mark.parametrize("at", [4, 10, 16])
@pytest.mark.parametrize("secret", [AKID, PAT], ids=["aws", "github"])
async def test_a_key_split_by_a_literal_backslash_r_is_masked_in_a_request(rt, secret, at):  # noqa: F811
    await assert_a_split_key_is_masked_in_a_request(secret, at, ESCAPED_CR)


@pytest.mark.parametrize("cut", [0, 1, 2, 5])
async def test_a_streamed_key_split_by_a_literal_backslash_r_is_masked_whole(rt, addon, cut):  # noqa: F811
    """Cut before the backslash, between it and the r, after the r, and a few key chars on."""
    await assert_a_streamed_split_key_is_masked(addon, ESCAPED_CR, cut)


def test_what_a_literal_backslash_r_splits_is_not_joined_into_a_key():
    """Windows paths and escaped text keep their findings: `\\r` joins only what makes a fixed-shape key."""
    inspector = make_inspector()
    texts = ["C:\\Users\\rob\\repos\\readme.txt", "dir\\rules\\ABCDEFGHIJKLMNOPQRSTUV", "line one\\rline two\\r\\n",
             f"{AKID}\\rsuffixwordsfollowing", "ghp_\\rtokens start like this", "Total\\r12345678901234567890 items"]
    for text in texts:
        found, _ = inspector.detect(text)
        assert not [f for f in found if f.rule_id != "aws-access-key-id" or AKID not in text], (ascii(text), found)
    assert disguise._broken_tokens("abcdefgh\\rijklmnop") != []  # a literal \r is a break between tokens
