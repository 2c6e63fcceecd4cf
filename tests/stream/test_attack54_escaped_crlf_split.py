"""attack54: a key split by an escaped CRLF (`AKIA...\\r\\n6VFU...`: a JSON string's line end pasted as text, or a real
CRLF inside a tool call's JSON arguments, which the stream reads escaped) leaked its first piece when a delta ended
between the escaped CR and the escaped LF's `n` (`...AKIA1234\\r\\`). The stream hold-back reads the break still
arriving at the text's end (`disguise._break_ending_at`) and tried the lone backslash before the longer `\\r\\`, so it
found a break with no key character before it and released `AKIA1234\\r`; the next delta completed the break and the
whole text's scan masked the key joined. The oracle is test_holdback_attack.leak: each text the client has after an
event is a prefix of the whole text masked, and the stream does not stop."""

from __future__ import annotations

import json

import pytest

from addons.detect import disguise
from tests import fakes
from tests.stream import support
from tests.stream.support import make_inspector
from tests.stream.test_holdback_attack import leak

AKID = fakes.aws_key_id(54)
PAT = fakes.github_pat(54)
ESCAPED_CRLF = "\\r\\n"

rt, composed = support.shipped_answer_fixtures()


def _answer(text: str) -> str:
    return f"Sure:\n{text}\nAnything else?"


@pytest.mark.parametrize("secret, at", [(AKID, 8), (AKID, 4), (PAT, 12), (PAT, 3)], ids=["aws8", "aws4", "gh12", "gh3"])
def test_a_delta_ending_inside_an_escaped_crlf_between_two_pieces_of_a_key_holds_the_first(rt, composed, secret, at):
    whole = _answer(f"key {secret[:at]}{ESCAPED_CRLF}{secret[at:]} ok.")
    assert secret not in rt.inspector.inspect_text(whole, "response", "t").text  # the whole text's scan joins it
    brk = whole.index(ESCAPED_CRLF)
    for cut in range(brk - 2, brk + len(ESCAPED_CRLF) + 4):  # before: a cut at brk + 3 (`\\r\\`) sent the piece
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, ascii(whole[brk - 4:cut])


def test_a_key_split_by_an_escaped_crlf_one_char_at_a_time_is_masked(rt, composed):
    assert leak(rt, composed, list(_answer(f"key {AKID[:8]}{ESCAPED_CRLF}{AKID[8:]} ok."))) is None


def test_a_key_split_by_a_real_crlf_in_a_tool_calls_json_arguments_one_char_at_a_time_is_masked(rt, composed):
    """The arguments are JSON text: the CRLF inside a string value reaches the stream as `\\r\\n`."""
    body = json.dumps({"note": f"key {AKID[:8]}\r\n{AKID[8:]} ok."})
    assert ESCAPED_CRLF in body
    assert leak(rt, composed, list(body), tool_call=True) is None


def test_the_longest_break_still_arriving_is_read_at_the_end():
    text = "key AKIA1234\\r\\"
    assert disguise._break_ending_at(text, len(text)) == text.index("\\r\\")


def test_an_escaped_backslash_then_r_is_no_break_between_two_pieces():
    """`\\\\r` is a backslash and the letter r, not a CR: the pieces stay apart (no key joined over it)."""
    found, _ = make_inspector().detect(f"key {AKID[:10]}\\\\r{AKID[10:]} ok")
    assert [f for f in found if f.rule_id == "aws-access-key-id"] == [], found
