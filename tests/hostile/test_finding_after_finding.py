"""leak34: a value on the lines right after another finding must still be found, in a text, a JSON body (a message's
content, tool-call arguments: JSON in JSON) and an SSE stream cut anywhere.

Found by leak33's explore runs: `$u->password = Hash::make('4821');` (generic-password-os-account) above a netrc entry
made its `password X` line read as documentation (generic-password-directive reads negative words in the lines
above: `hash`), and X went upstream. The class: words of a line that gives a credential counted as context against
the next credential. Any example holding a negative context word (context_score.NEGATIVE), every rule, is put above
every example of the rules that read the lines around their match (the directive, the CSV header); the slow sweep puts
them above every context-scored rule's examples.
"""

from __future__ import annotations

import functools
import json

import pytest

from addons.detect.context_score import NEGATIVE
from addons.detect.holdback import Holdback
from addons.stream.masker import StreamMasker
from tests.hostile import corpus
from tests.stream import streams as S
from tests.sweeps import split_points

INSPECTOR = corpus.inspector(time_budget=60.0)  # idempotence, not speed: no budget a loaded machine runs past
REQUEST = corpus.examples("request")
RESPONSE = corpus.examples("response")
# Heads whose negative word sits on a line of the head that holds no finding (nor its match): an FTP server's `331
# Password required`, john's trailing `1 password hash cracked`, a wiki table's `||Field||Value||` header, a reset
# mail's first sentence. Open after leak34; leak46: the block a credential stands in (the lines above it, a tool's or
# a server's status lines after it) is no context for the next one either
# (test_negative_words_on_a_finding_s_other_lines_still_count).
UNFIXED_HEADS = frozenset({"generic-password-user-pass", "generic-password-cracked", "generic-password-named-value"})
# Single examples of other rules in that class: prose30's reset mail (`reset your` on the line above its label line).
UNFIXED_EXAMPLES = ("An administrator reset your password.",)


def unfixed(head: corpus.Example) -> bool:
    return head.rule_id in UNFIXED_HEADS or any(part in head.text for part in UNFIXED_EXAMPLES)


HEADS = tuple(e for e in REQUEST if NEGATIVE.search(e.text))
AROUND_READERS = ("generic-password-directive", "generic-password-csv")
TAILS = tuple(e for e in REQUEST if e.rule_id in AROUND_READERS)
CONTEXT_TAILS = tuple(e for e in REQUEST if e.tier != "precise")


def missed_after(head: corpus.Example, tail: corpus.Example, joint: str = "\n") -> list[str]:
    """The tail's values the scanner leaves uncovered when the head's text is on the lines before it."""
    text = head.text + joint + tail.text
    offset = len(head.text) + len(joint)
    spans = [(f.start, f.end) for f in corpus.scanner().scan(text)]
    missed = []
    for value in tail.values:
        at = tail.text.find(value)
        if at >= 0 and not any(a < offset + at + len(value) and offset + at < b for a, b in spans):
            missed.append(tail.rule_id)
    return missed


mask_body = functools.partial(corpus.mask_body, INSPECTOR)


every_text = corpus.every_text


def test_the_sweep_holds_what_it_claims():
    assert len(HEADS) >= 25 and {"generic-password-os-account", "email-address"} <= {e.rule_id for e in HEADS}
    assert {e.rule_id for e in TAILS} == set(AROUND_READERS) and len(TAILS) >= 15


def test_the_found_example_a_netrc_entry_after_an_os_account_line():
    text = "$u->password = Hash::make('4821');\nmachine files.corp.test\nlogin ops\npassword tarnfescue\n"
    found = {text[f.start:f.end]: f.rule_id for f in corpus.scanner().scan(text)}
    assert found == {"4821": "generic-password-os-account", "tarnfescue": "generic-password-directive"}


# Each ~0.5 s of CPU (~1,000 scans): the unit loop joins by a line break and CRLF, the full suite a blank line too.
@pytest.mark.sweep_sample(lambda joint: joint != "\n\n")
@pytest.mark.parametrize("joint", ["\n", "\r\n", "\n\n"])
def test_a_value_after_a_finding_with_a_negative_word_is_found(joint):
    missed = {(head.rule_id, rule) for head in HEADS if not unfixed(head) for tail in TAILS
              for rule in missed_after(head, tail, joint)}
    assert missed == set()


@pytest.mark.slow  # ~15k scans
def test_every_context_scored_example_after_a_finding_with_a_negative_word_is_found():
    missed = {(head.rule_id, rule) for head in HEADS if not unfixed(head) for tail in CONTEXT_TAILS
              for rule in missed_after(head, tail)}
    assert missed == set()


@pytest.mark.parametrize("joint", ["\n", "\r\n", "\n\n"])
def test_negative_words_on_a_finding_s_other_lines_still_count(joint):
    # leak46 (strict xfail before): the lines above a found value and the status lines after it are its block.
    assert sum(unfixed(head) for head in HEADS) >= 4
    missed = {(head.rule_id, rule) for head in HEADS if unfixed(head) for tail in TAILS
              for rule in missed_after(head, tail, joint)}
    assert missed == set()


@pytest.mark.slow  # ~2k scans
def test_every_context_scored_example_after_a_finding_s_block_is_found():
    missed = {(head.rule_id, rule) for head in HEADS if unfixed(head) for tail in CONTEXT_TAILS
              for rule in missed_after(head, tail)}
    assert missed == set()


PLACES = {
    "text body": lambda text: ("text/plain; charset=utf-8", text.encode()),
    "message content": lambda text: ("application/json", json.dumps(
        {"model": "gpt-4o", "messages": [{"role": "user", "content": text}]}).encode()),
    "tool-call arguments": lambda text: ("application/json", json.dumps(
        {"messages": [{"role": "assistant", "tool_calls": [
            {"function": {"name": "save", "arguments": json.dumps({"note": text})}}]}]}).encode()),
    "a string that is JSON": lambda text: ("application/json", json.dumps(json.dumps(text)).encode()),
}


SLOW_PLACES = ("tool-call arguments", "a string that is JSON", "text body")


# Each ~1.5 s of CPU: the unit loop runs one place (a message's content: the JSON codec and its field), the full suite
# all four; the text body's scan is test_a_value_after_a_finding_with_a_negative_word_is_found's "\n" joint.
@pytest.mark.parametrize("place", [pytest.param(place, marks=pytest.mark.slow) if place in SLOW_PLACES else place
                                   for place in PLACES])
def test_in_request_bodies_the_second_value_is_masked_and_masking_is_idempotent(place):
    leaks = set()
    for head in HEADS:  # leak46: the heads whose block holds the negative word too
        for tail in TAILS:
            content_type, raw = PLACES[place](head.text + "\n" + tail.text)
            out = mask_body(content_type, raw)
            if corpus.leaked([tail], every_text(content_type, out)):
                leaks.add((head.rule_id, tail.rule_id))
            assert mask_body(content_type, out) == out, (head.rule_id, tail.rule_id)
    assert leaks == set()


# (head rule, a part of its example's text, tail rule, a part of its example's text): each missed before leak34.
STREAM_PAIRS = [
    ("generic-password-os-account", "Hash::make('4821')", "generic-password-directive", "machine files."),
    ("email-address", "mailto:", "generic-password-directive", "machine files."),
    ("generic-password-prose", "I reset your pw", "generic-password-csv", "mot_de_passe"),
    # leak46: the negative word in the head's block (an FTP reply above its value, john's summary line after it)
    ("generic-password-user-pass", "331 Password required", "generic-password-directive", "machine files."),
    ("generic-password-cracked", "john --show", "generic-password-csv", "mot_de_passe"),
]


def _pair(head_rule: str, head_part: str, tail_rule: str, tail_part: str) -> tuple[corpus.Example, corpus.Example]:
    (head,) = [e for e in HEADS if e.rule_id == head_rule and head_part in e.text]
    (tail,) = [e for e in RESPONSE if e.rule_id == tail_rule and tail_part in e.text]
    return head, tail


def masker() -> StreamMasker:
    scanner = INSPECTOR.scanner
    return StreamMasker("openai_chat", INSPECTOR.inspect_text, safe_end=Holdback.for_scanner(scanner).safe_end)


@pytest.mark.slow  # every cut of the text, then every byte of the body
@pytest.mark.parametrize("pair", STREAM_PAIRS, ids=lambda pair: f"{pair[0]}-{pair[2]}")
def test_in_an_sse_stream_cut_anywhere_the_second_value_is_masked(pair):
    head, tail = _pair(*pair)
    text = head.text + "\n" + tail.text
    # Every cut near a value's ends, every other one elsewhere (tests/sweeps.py; `--every-cut`: all of them).
    cuts = split_points(text, [(f.start, f.end) for f in corpus.scanner().scan(text)], pair)
    bodies = [(S.openai_chat([text[:cut], text[cut:]]), None) for cut in cuts]
    bodies.append((S.openai_chat(list(text)), 1))  # a fragment per char, a network read per byte
    for body, size in bodies:
        first = masker()
        out = S.run(first, body, size=size)
        assert not first.stopped, first.stop_reason
        client = S.client_text("openai_chat", out).get("text", "")
        assert corpus.leaked([tail], client + out.decode("utf-8", "replace")) == []
        # the head's values where the response policy masks them (an e-mail address in an answer is allowed)
        assert corpus.leaked([e for e in RESPONSE if e.text == head.text], client) == []
