"""attack31: every example of the rules and branches session 19 added (generic-password-cracked with its preseed,
unattend and --cipassword branches' rules, generic-password-secret-noun, generic-password-directive, the table's
Secret header) cut at every position into two pieces, as two SSE deltas of a streamed answer and as two WebSocket
messages from the agent: the value a scan of the whole text finds never reaches the client or the upstream, and
the stream is never stopped."""

from __future__ import annotations

import json

import pytest

from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream import support
from tests.stream.support import masked
from tests.stream.test_attack_password_words import addon, rt, websocket_messages  # noqa: F401
from tests.stream.test_property import DEFAULT_HOLDBACK, DEFAULT_INSPECTOR
from tests.sweeps import split_points

NEW_RULES = ["generic-password-cracked", "generic-password-secret-noun", "generic-password-directive",
             "generic-password-table"]
BRANCHES = [  # prose27's branches in the rules they widened
    "qm set 9000 --ciuser ops --cipassword 'Kettle!Basalt7' --ipconfig0 ip=dhcp",
    "<AdministratorPassword>\n  <Value>Acacia4662+</Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>",
    "d-i passwd/username string ops\nd-i passwd/user-password password mauvemazurka\n",
    "| Group | VM | Account | Starter secret |\n|---|---|---|---|\n| 3 | win10-g3.lab.test | ops-07 | Heron!Lake27 |",
]
EXAMPLES = sorted({e for rule in DEFAULT_INSPECTOR.scanner.rules if rule.id in NEW_RULES for e in rule.examples}
                  | set(BRANCHES))


def values(text: str) -> list[str]:
    found, _ = DEFAULT_INSPECTOR.detect(text)
    return [text[f.start:f.end] for f in found if f.rule_id.startswith("generic-")]


def framed(example: str) -> str:
    return f"Sure, here it is:\n{example}\nAnything else?"


def cuts(text: str, other_half: bool = False) -> list[int]:
    """Every cut within a few characters of a value's ends, every other one elsewhere, the other ones for WebSocket
    messages (tests/sweeps.py, split_points; `--every-cut`: all): the two sweeps below were ~6,000 streams, ~100 s
    of the full suite's CPU."""
    found, _ = DEFAULT_INSPECTOR.detect(text)
    return split_points(text, [(f.start, f.end) for f in found], text, other_half)


def test_every_example_gives_its_value():
    assert all(values(framed(example)) for example in EXAMPLES)


@pytest.mark.slow  # ~3,000 streams
@pytest.mark.parametrize("example", EXAMPLES)
def test_an_answer_cut_anywhere_in_two_deltas_never_shows_the_value(example):
    text = framed(example)
    secrets = values(text)
    for cut in cuts(text):
        m = StreamMasker("anthropic", DEFAULT_INSPECTOR.inspect_text, safe_end=DEFAULT_HOLDBACK.safe_end)
        out = S.run(m, S.anthropic([text[:cut], text[cut:]]), size=61)
        assert not m.stopped, (cut, m.stop_reason)
        got = S.client_text("anthropic", out)["text"]
        assert not [s for s in secrets if s in got], (cut, got)
        if got != masked(DEFAULT_INSPECTOR, text):  # a prefix may be read otherwise: more masks, never fewer
            assert got.count("[MASKED:") > masked(DEFAULT_INSPECTOR, text).count("[MASKED:"), (cut, got)


@pytest.mark.slow  # ~3,000 message pairs
@pytest.mark.parametrize("example", EXAMPLES)
async def test_a_message_cut_anywhere_in_two_websocket_messages_never_sends_the_value(rt, addon, example):  # noqa: F811
    text = framed(example)
    secrets = values(text)
    for cut in cuts(text, other_half=True):
        f = await websocket_messages(addon, [text[:cut], text[cut:]], json_messages=True)
        # what the upstream puts together: the deltas it got, in order
        sent = "".join(json.loads(m.content)["delta"] for m in f.websocket.messages if not m.dropped)
        assert not [s for s in secrets if s in sent], (cut, sent)


@pytest.mark.parametrize("rule_id", NEW_RULES)
@pytest.mark.parametrize("text", ["Here is the answer", "line one\nmodel", "the DB",
                                  "| Name | Description |\n|---|---|\n| api | x |\n| db",
                                  "[+] Found 3 hosts\n[*] john", "x\n  ServerAdmin", "its own"])
def test_no_new_rule_holds_a_line_start_or_a_word(rule_id, text):
    """(A word that may begin a rule's keyword, `pa` of password, is held as any keyword rule holds it.)"""
    from addons.detect.holdback import Holdback
    from addons.stream import value_holdback

    prefixes = support.value_rules(DEFAULT_INSPECTOR.scanner)
    plain, only_values = value_holdback.split(Holdback.for_scanner(DEFAULT_INSPECTOR.scanner), {rule_id}, prefixes)
    assert plain.safe_end(text, 0) == only_values.safe_end(text, 0) == len(text)
