"""attack55: a key split by a run of line breaks rather than one: a blank line (`\\n\\n`, `\\r\\n\\r\\n`), two CRs, LF
then NUL, a break and a splitter (attack51's strict xfails, attack52's open part). The loose views joined over one
break, or a run of up to three splitters without a break, so these went upstream whole in a request and to the
client in a streamed answer. A run of up to `disguise.MAX_BREAK_RUN` (4) breaks and splitters holding a break is one
split now, in the views and in the stream's hold-back of a run at the end. Measured first (scripts/MEASUREMENTS.md,
attack55): joining across a paragraph break changed no finding on eval_prose_fp's 42 MB nor on the stdlib.

Still open: longer runs (five line breaks, a whitespace-only line between: `\\n  \\n`), and four or more splitters
without a break (attack52's bound)."""

from __future__ import annotations

import pytest

from addons.detect import disguise
from tests import fakes
from tests.stream.support import make_inspector
from tests.stream.test_attack52_splitter_runs import (
    assert_a_split_key_is_masked_in_a_request,
    assert_a_streamed_split_key_is_masked,
)
from tests.stream.test_attack_password_words import (  # noqa: F401  (fixtures)
    addon,
    rt,
    streamed_answer,
)
from tests.sweeps import sampled

AKID = fakes.aws_key_id(55)
PAT = fakes.github_pat(55)
RUNS = {"a blank line": "\n\n", "a CRLF blank line": "\r\n\r\n", "two CRs": "\r\r", "LF then NUL": "\n\x00",
        "three LFs": "\n\n\n", "NBSP then LF": "\u00a0\n", "CRLF then NUL NUL": "\r\n\x00\x00"}


@pytest.mark.parametrize("name", sorted(RUNS))
def test_a_key_split_by_a_run_of_breaks_is_found(name):
    found, _ = make_inspector().detect(f"key {AKID[:10]}{RUNS[name]}{AKID[10:]} ok")
    assert [f.rule_id for f in found] == ["aws-access-key-id"]  # before: nothing found


@pytest.mark.parametrize("name", sorted(RUNS))
@pytest.mark.parametrize("at", [4, 10, 16])
@pytest.mark.parametrize("secret", [AKID, PAT], ids=["aws", "github"])
async def test_a_key_split_by_a_run_of_breaks_is_masked_in_a_request(rt, secret, at, name):  # noqa: F811
    await assert_a_split_key_is_masked_in_a_request(secret, at, RUNS[name])


@pytest.mark.sweep_sample(lambda name, cut: sampled(name, cut))
@pytest.mark.parametrize("name", sorted(RUNS))
@pytest.mark.parametrize("cut", [0, 1, 2, 3, 5])
async def test_a_streamed_key_split_by_a_run_of_breaks_is_masked_whole(rt, addon, name, cut):  # noqa: F811
    """The run at a delta's end (cut 0), inside it (the rest of the run comes next), or a few key characters
    after it: held until what follows shows a split key."""
    await assert_a_streamed_split_key_is_masked(addon, RUNS[name], cut)


def test_what_a_run_of_breaks_splits_is_not_joined_into_a_key():
    """Paragraphs, a longer run and a key followed by a paragraph keep their findings: nothing new is joined."""
    inspector = make_inspector()
    texts = ["Section ABCDEFGHIJ\n\nKLMNOPQRSTUVWXYZ follows", f"{AKID}\n\nnext paragraph follows here",
             "ghp_\n\ntokens start like this", f"{AKID[:10]}\n\n\n\n\n{AKID[10:]}",  # five: longer than the bound
             f"{AKID[:10]}\n  \n{AKID[10:]}",  # a whitespace-only line between: spaces are no splitters
             "a\n\nb\n\nc\n\nd\n\ne\n\nf\n\ng\n\nh"]
    for text in texts:
        found, _ = inspector.detect(text)
        assert not [f for f in found if f.rule_id != "aws-access-key-id" or AKID not in text], (ascii(text), found)
    assert disguise.MAX_BREAK_RUN == 4
