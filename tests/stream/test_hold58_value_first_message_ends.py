"""hold58: generic-password-value-first (opt-in: rules/opt-in/value-first.yaml, loaded here beside the shipped rules as
a deployment adds it through exitguard_rules), and its hold (a password-shaped token held while a credential word may
still follow it) neither waits on a token another rule settles nor carries text past a message's end.

sov57 shipped it and the whole suite's live WebSocket tests failed (2c453bf, ten of them): every password-shaped token
near a message's end (an AWS key id, a brokered key's echo, an e-mail) was held into the next message and lost when
the socket closed first. Two causes, two fixes:
- a token a precise finding reads (a fixed-shape key, an e-mail) is that finding's whatever follows (the scanner gives
  it to the precise rule even where the policy allows that rule: `scanner._resolve_cluster`), so the hold spares it
  (`Holdback.settled_elsewhere`);
- the end of a WebSocket message that ends a unit of text (plain text, an `error`, any message but a JSON `.delta`
  whose `.done` ends its text) settles the rule's verdict inside the message (`Holdback.without_spared`); a value
  whose word comes only in a later message has left with its own: found, noted in the coverage, and the record keeps
  no message of that direction (EVASION.md).
Every content test reads three places: what the upstream or the client got (the message that leaves), what mitmweb
shows (the live message) and what the record keeps (`scrub.record_copy`)."""

from __future__ import annotations

import json

import pytest

from addons.audit import scrub
from addons.core import metakeys, runtime
from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.detect.scanner import default_rules_dir
from tests import fakes
from tests.detect.test_sov56_value_first import OPTIONAL
from tests.stream.test_wire42_messages_shown_masked import EMAIL, bundle, delta, relay, shown, websocket_flow

__all__ = ["bundle"]  # the fixture, shared with wire42's tests

RULE = "generic-password-value-first"
SCANNER = Scanner.from_rules([default_rules_dir(), OPTIONAL])
HOLD = Holdback.for_scanner(SCANNER).only([RULE])
AKID = fakes.aws_key_id(5801)
VALUE = "Falcon9!x"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The shipped policy and rules with the opt-in value-first pack beside them (tests/stream/conftest.py's ``rt``
    installs it)."""
    return runtime.build(None, [str(default_rules_dir()), str(OPTIONAL)], tmp_path_factory.mktemp("key") / "key")


def _rules(text: str, yielding: frozenset[str] = frozenset()) -> list[str]:
    return [f.rule_id for f in SCANNER.scan_report(text, yielding).findings]


@pytest.mark.parametrize("token, rule", [(AKID, "aws-access-key-id"), (EMAIL, "email-address")])
def test_a_token_a_precise_finding_reads_is_not_held_for_a_word(token, rule):
    """Fails on 2c453bf: the hold kept `AKIA...` and the e-mail from their start while three words may follow.
    hold61: where the policy acts on that rule (the hold-back holds for it: a request's)."""
    hold = Holdback.for_scanner(SCANNER).only([RULE, rule])
    for text in (f"key {token} now", f"write to {token} today, thanks"):  # (the e-mail rule holds a last word)
        assert hold.safe_end(text) >= text.index(token) + len(token), text
    # the text ends in the token: it may still grow into no key (`AKIA...Q` + `x`), so it is held
    assert hold.safe_end(f"key {token}") == len("key ")
    # the scanner agrees: the token is the precise rule's whatever word follows
    for text in (f"{token} benim şifrem", f"use {token} as the PIN"):
        assert _rules(text) == [rule], text


@pytest.mark.parametrize("token, rule", [(AKID, "aws-access-key-id"), (EMAIL, "email-address")])
def test_a_token_a_precise_finding_the_policy_allows_reads_is_held_for_its_word(token, rule):
    """hold61 (fails on main: the e-mail-shaped password before its word went to the client in an answer, where the
    default policy allows PII): a finding the policy lets through decides nothing, the value before its word takes
    the token once its word comes, so the hold keeps it while the word may still come."""
    for text in (f"key {token} now", f"write to {token} today, thanks"):
        assert HOLD.safe_end(text) == text.index(token), text
    password = token if rule != "email-address" else "Kx7q2mz9@corp.io"  # (a name's address reads as no password)
    for text in (f"{password} benim şifrem", f"use {password} as the PIN"):
        assert _rules(text, frozenset({rule})) == [RULE], text


def test_a_password_shaped_token_no_precise_rule_reads_is_still_held():
    for text in ("deploy Kx7q2mz9 now", f"key {AKID[:-1]}x now", "key ghp_aB3dE5fG7hJ9kL1mN3pQ5rS7tU9vW1xY3z5A now"):
        assert HOLD.safe_end(text) == text.index(" ") + 1, text
    assert _rules(f"use {VALUE} as the PIN") == [RULE]


def _record(f, rt) -> str:
    return "\n".join(m.content.decode("utf-8", "replace") for m in scrub.record_copy(f, rt).websocket.messages)


@pytest.mark.parametrize("json_messages", [False, True], ids=["text", "error-json"])
async def test_the_vendor_s_message_ending_in_a_password_shaped_token_leaves_whole_and_nothing_is_left_held(
        bundle, rt, json_messages):
    """Fails on 2c453bf: the token and the words after it were held into the next message, and lost when the socket
    closed first. (The agent's plain text ending so is held by the English rules, masked in requests, as before; its
    JSON messages but deltas are complete, sent whole.)"""
    f = websocket_flow()
    text = "deploy tag Kx7q2mz9 today."  # (a message ending inside a word holds that word for every rule, as before)
    content = json.dumps({"error": text}) if json_messages else text
    assert await relay(bundle, f, content, False) == content.encode()
    bundle[0].websocket_end(f)
    assert not [c for c in f.metadata.get(metakeys.COVERAGE, []) if "not sent" in c["reason"]]
    assert "Kx7q2mz9" in shown(f) and "Kx7q2mz9" in _record(f, rt)  # no value: shown and kept as sent
    assert content in shown(f)


@pytest.mark.parametrize("from_client", [True, False], ids=["agent", "vendor"])
async def test_a_value_and_its_word_in_one_message_are_masked(bundle, rt, from_client):
    f = websocket_flow()
    left = await relay(bundle, f, f"use {VALUE} as the PIN.", from_client)
    assert left is not None and VALUE not in left.decode() and f"[MASKED:{RULE}:" in left.decode()
    assert VALUE not in shown(f) and VALUE not in _record(f, rt)


async def test_a_value_whose_word_comes_in_the_vendor_s_next_message_leaves_noted_and_unrecorded(bundle, rt):
    """EVASION.md (hold58): the first message's end settled the token (no word yet), so it left; the second message
    completes the construction: found and noted, nothing stopped (the value is out), and the record keeps no message
    of that direction, since no piece alone holds a value it could mask."""
    f = websocket_flow()
    first, second = f"use {VALUE} as the", " PIN.\n"
    assert await relay(bundle, f, first, False) == f"use {VALUE} as ".encode()  # `the`: a word may follow it
    assert await relay(bundle, f, second, False) == ("the" + second).encode()
    assert RULE in f.metadata[metakeys.SPLIT_LEFT]["response"]
    assert RULE in {finding["rule"] for finding in f.metadata[metakeys.FINDINGS]}
    assert [c for c in f.metadata[metakeys.COVERAGE] if RULE in c["reason"] and "later one" in c["reason"]]
    assert VALUE not in _record(f, rt) and scrub.SPLIT_NOT_KEPT in _record(f, rt)
    assert VALUE not in shown(f)  # mitmweb shows the messages as the record keeps them


async def test_the_agent_s_value_split_from_its_word_is_still_held_by_the_english_rule(bundle, rt):
    """The agent's messages: generic-password-before-word (masked in requests) holds `X as the` for a word too."""
    f = websocket_flow()
    sent = [await relay(bundle, f, text, True) for text in (f"use {VALUE} as the", " PIN.\n")]
    assert VALUE not in b"".join(s for s in sent if s).decode() and b"[MASKED:" in sent[-1]
    assert VALUE not in shown(f) and VALUE not in _record(f, rt)


async def test_the_deltas_of_a_json_stream_still_hold_the_token_for_its_word(bundle, rt):
    """A `.delta` message ends no unit of text (its `.done` does): the token waits for the next delta as in a streamed
    answer, and is masked when its word arrives."""
    f = websocket_flow()
    sent = [await relay(bundle, f, delta(text), False) for text in (f"use {VALUE}", " as the PIN", " now, thanks.")]
    said = "".join(json.loads(s)["delta"] for s in sent if s)
    assert VALUE not in said and f"[MASKED:{RULE}:" in said
    assert VALUE not in shown(f) and VALUE not in _record(f, rt)
