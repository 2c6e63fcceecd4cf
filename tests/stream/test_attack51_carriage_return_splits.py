"""attack51: a key split in two by a lone carriage return (`AKIA7RXP\\r6VFU...`: the classic Mac line end, what a JSON
string's `\\r` decodes to). attack50 joined a key over `\\n`, `\\r\\n` and one control character or visible blank, but
its class of controls leaves CR out (and `_breaks` took CR only before LF), so a lone CR went upstream whole in a
request (shipped rules, default policy: both keys, ASCII and non-ASCII text) and to the client in a streamed answer.
A lone CR is now a line break of the loose views as LF is (and of the stream hold-back's pieces at the end).

Open (strict xfails, EVASION.md section 2): a key split by two or more line breaks in a row (a blank line, `\\r\\r`,
LF then NUL) and by more splitters than attack52's run of three (attack52 closed a literal backslash-r)."""

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

AKID = fakes.aws_key_id(51)
PAT = fakes.github_pat(51)


def _chat(content: str) -> bytes:
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]},
                      ensure_ascii=False).encode()


@pytest.mark.parametrize("lead", ["key ", "clé "], ids=["ascii", "non-ascii"])
@pytest.mark.parametrize("at", [4, 10, 16])
@pytest.mark.parametrize("secret", [AKID, PAT], ids=["aws", "github"])
async def test_a_key_split_by_a_lone_carriage_return_is_masked_in_a_request(rt, secret, at, lead):  # noqa: F811
    upstream = Upstream()
    body = _chat(f"{lead}{secret[:at]}\r{secret[at:]} ok")
    with taddons.context(HostPolicy(), Guard()) as tctx:
        await exchange(tctx, request_flow(*OPENAI, body), upstream)
    (sent,) = upstream.received
    text = json.loads(sent.raw_content)["messages"][0]["content"]
    assert secret[at:] not in text and secret[:at] not in text, ascii(text)
    assert text.startswith(f"{lead}[MASKED:") and text.endswith("] ok"), ascii(text)


@pytest.mark.parametrize("cut", [0, 1, 3])
async def test_a_streamed_key_split_by_a_lone_carriage_return_is_masked_whole(rt, addon, cut):  # noqa: F811
    """The CR at a delta's end, or a few chars before it: held until what follows shows it was a split key."""
    pieces = ["key " + AKID[:8] + "\r" + AKID[8:8 + cut], AKID[8 + cut:14], AKID[14:] + " ok. ", "and the rest. "]
    f, sent = await streamed_answer(addon, pieces)
    text = S.client_text("openai_chat", sent)["text"]
    assert AKID[:4] not in text and AKID[14:] not in text and "[MASKED:aws-access-key-id:" in text, ascii(text)
    assert text.endswith("] ok. and the rest. ") and f.error is None


def test_what_a_lone_carriage_return_splits_is_not_joined_into_a_key():
    inspector = make_inspector()
    texts = ["first line\rsecond line\rthird", f"{AKID}\rsuffixwords", "ghp_\rtokens start like this",
             "Total\r12345678901234567890 items", "line one\r\nline two\r\n"]
    for text in texts:
        found, _ = inspector.detect(text)
        assert not [f for f in found if f.rule_id != "aws-access-key-id" or AKID not in text], (ascii(text), found)
    assert disguise._broken_tokens("abcdefgh\rijklmnop\rqrstuvwx") != []  # a lone CR is a break between tokens


# attack52 closed two NBSPs, two NULs and three U+FFFDs (a run of up to disguise.MAX_SPLITTERS splitters is one
# split) and an escaped CR (a literal backslash-r): tests/stream/test_attack52_splitter_runs.py; attack55 runs of line
# breaks (a blank line, two CRs, LF then NUL): tests/stream/test_attack55_break_runs.py. Four splitters stay open.
OPEN = {"four NBSPs": "\u00a0" * 4}


@pytest.mark.xfail(strict=True, reason="EVASION.md section 2 (attack51): the loose views join over a run of up to "
                                       "three splitters without a line break; four are open")
@pytest.mark.parametrize("name", sorted(OPEN))
def test_a_key_split_by_a_run_of_breaks_is_found(name):
    inspector = make_inspector()
    found, _ = inspector.detect(f"key {AKID[:10]}{OPEN[name]}{AKID[10:]} ok")
    assert [f.rule_id for f in found] == ["aws-access-key-id"]


SHOWN = {"a combining acute": "\u0301", "a combining enclosing circle": "\u20dd", "a private-use char": "\ue000",
         "the object replacement char U+FFFC": "\ufffc", "a middle dot": "\u00b7"}


@pytest.mark.xfail(strict=True, reason="EVASION.md section 2 (attack51): a character a text shows (an accent on the "
                                       "char before, a box, a dot) splits a key as a typed separator does: open")
@pytest.mark.parametrize("name", sorted(SHOWN))
def test_a_key_split_by_a_character_a_text_shows_is_found(name):
    found, _ = make_inspector().detect(f"key {AKID[:10]}{SHOWN[name]}{AKID[10:]} ok")
    assert [f.rule_id for f in found] == ["aws-access-key-id"]
