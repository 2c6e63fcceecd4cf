"""A key shape matched by chance in the base64 of a large binary blob (found in session 14's CI, also on 54ead79).

The base64 text of a PDF or image a model takes is scanned as text as well as decoded, and in random base64 a
fixed-shape rule whose pattern uses only base64's alphabet after a short literal (`cio...` crates.io, `EAA...`
Facebook) matches by chance: about one random 7 MB file in eight (seed 5 of 0-7 here; at 18 MB seeds 1 and 5 of
0-5). Masking it corrupted the file the provider got (invariant 4). Fixed by judging such a match by its chance in
the run (detect/chance.py): glued inside a long run of base64 of random bytes, with the rule's expected number of
chance matches over the run above a floor, it is no finding. A key written with a boundary of its own (a blank, a
quote, a line break, the run's start) is still one, in or beside the blob: the attacker's tests below. A key glued
into the run stays open (EVASION.md); tests/detect/test_chance.py shows it."""

from __future__ import annotations

import base64
import json
import random
import string

import pytest

from addons.core import runtime
from tests.guard.support import ANTHROPIC, MAX_BODY_BYTES, POLICY, Upstream, exchange, guard_chain, request_flow

LIMIT = 10485760  # the default policy's body limit


def _runtime(tmp_path) -> runtime.Runtime:
    policy = tmp_path / "policy.yaml"  # the test policy with the default body limit and the shipped rules
    policy.write_text(POLICY.split("rules:\n")[0].replace(f"max_body_bytes: {MAX_BODY_BYTES}",
                                                          f"max_body_bytes: {LIMIT}"))
    rt = runtime.build(str(policy), [str(runtime.DEFAULT_RULES_DIR)], tmp_path / "fingerprint.key")
    # What masking does to a 9 MB blob, not how long its scan may take: on a loaded or slower machine the 2 s budget
    # ran out and the body was refused as not scanned (sessions 22-23; hostile/corpus.inspector does the same).
    rt.scanner.time_budget = 60.0
    return rt


def _pdf(seed: int, size: int) -> str:
    return base64.b64encode(b"%PDF-1.7\n" + random.Random(seed).randbytes(size)).decode()


def _document_body(data: str, text: str = "summarise this") -> bytes:
    body = json.dumps({"model": "claude-test", "max_tokens": 64, "messages": [{"role": "user", "content": [
        {"type": "document", "source": {"type": "base64", "media_type": "application/pdf", "data": data}},
        {"type": "text", "text": text}]}]}).encode()
    if len(body) >= LIMIT:
        raise ValueError("the body must be within the default limit")
    return body


async def _sent(tmp_path, body: bytes) -> bytes:
    with guard_chain(_runtime(tmp_path)) as tctx:
        upstream = Upstream()
        await exchange(tctx, request_flow(*ANTHROPIC, body), upstream)
    (sent,) = upstream.received  # a refusal fails the unpacking
    return sent.content


@pytest.mark.slow  # a 9 MB body through the guard, eight times
@pytest.mark.parametrize("seed", range(8))
async def test_a_random_pdf_whose_base64_happens_to_hold_a_key_shape_is_sent_unchanged(tmp_path, seed):
    body = _document_body(_pdf(seed, 7 << 20))
    sent = await _sent(tmp_path, body)
    assert b"[MASKED:" not in sent
    assert sent == body


def _key(rule: str, seed: int) -> str:
    """A key of the rule's shape, made up here (seeded random letters and digits): never a credential."""
    rng = random.Random(seed)
    alnum = string.ascii_letters + string.digits
    if rule == "crates-io-token":
        return "cio" + "".join(rng.choice(alnum) for _ in range(32))
    return "EAAG" + "".join(rng.choice(alnum) for _ in range(120))  # facebook-access-token


# Each keeps a boundary of its own on one side at least: a blank, a line break, the string's quote (the key starts
# or ends the run, glued to it by a base64 `/` or `+` on the other side: the rules' `\b` needs one there), padding.
PLACES = {
    "spaces_in_the_middle": lambda blob, key: blob[:len(blob) // 2] + " " + key + " " + blob[len(blob) // 2:],
    "line_breaks_in_the_middle": lambda blob, key: blob[:len(blob) // 2] + "\n" + key + "\n" + blob[len(blob) // 2:],
    "starting_the_run": lambda blob, key: key + "/" + blob,
    "ending_the_run": lambda blob, key: blob.rstrip("=") + "+" + key,
    "after_the_padding": lambda blob, key: blob + key,
    "after_the_blob_on_a_line": lambda blob, key: blob + "\n" + key,
}


@pytest.mark.slow  # 1.4 MB bodies through the guard
@pytest.mark.parametrize("rule", ["crates-io-token", "facebook-access-token"])
@pytest.mark.parametrize("place", sorted(PLACES))
async def test_a_key_written_with_a_boundary_of_its_own_in_a_large_blob_is_masked(tmp_path, rule, place):
    # 1 MB of random bytes: long enough that both rules' chance matches glued in the run are judged by their chance
    # (what the glued control in tests/detect/test_chance.py shows), so only the boundary keeps these findings.
    key = _key(rule, 7)
    blob = _pdf(11, 1 << 20)
    assert blob.endswith("==")  # padding for "after_the_padding"
    sent = await _sent(tmp_path, _document_body(PLACES[place](blob, key)))
    assert key.encode() not in sent
    assert f"[MASKED:{rule}:".encode() in sent


@pytest.mark.slow
@pytest.mark.parametrize("rule", ["crates-io-token", "facebook-access-token"])
async def test_a_key_in_the_text_beside_a_large_blob_is_masked(tmp_path, rule):
    key = _key(rule, 8)
    data = _pdf(12, 1 << 20)
    sent = await _sent(tmp_path, _document_body(data, f"the token is {key}, keep it safe"))
    assert key.encode() not in sent
    assert f"[MASKED:{rule}:".encode() in sent
    assert json.loads(sent)["messages"][0]["content"][0]["source"]["data"] == data  # the blob itself unchanged
