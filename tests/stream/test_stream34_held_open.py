"""stream34: a match held open must not stop a long streamed answer (attack32 saw it, EVASION.md).

1. `echo X | docker login ... --password-stdin` (and every pipe into a command reading stdin) held the rest of the
   answer to the hold-back's cap (8,192 characters), then the stream stopped: a `regex` bug (2026.11.19) makes a lazy
   repeat before a literal of 2+ characters report a partial match running to the end of the text, over line breaks
   the repeat cannot take (`[^|\\n]{0,120}?--password-stdin`); the check meant to drop false partial matches used
   the same lazy repeat. It now reads the rule with its lazy quantifiers made greedy (`holdback.greedy`).
2. A private key's BEGIN line with no END held everything after it (the body was any 40 to 16,000 characters): the
   body is now key lines only, so the hold ends at the first line that is no key line.

The oracle (test_holdback_attack.leak): every text the client has after each event is a prefix of the whole text
masked, and the stream ends complete. Inputs are fixed or seeded."""

from __future__ import annotations

import random

import pytest
import regex

from addons.detect.holdback import greedy
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.test_holdback_attack import composed, leak, rt  # noqa: F401  (fixtures)

PROSE = ("A PEM file is base64 between two armour lines; the body wraps at 64 characters, and tools differ in which "
         "header they write. Nothing here is a secret, it only explains the format.\n")
LONG = PROSE * 60  # ~9.6 KB: past the hold-back's cap of 8,192 characters
MAX_HELD = 1024  # what a channel may hold at any event while prose streams (the rules' reach, far under the cap)
BEGIN, END = "-----BEGIN RSA PRIVATE KEY-----", "-----END RSA PRIVATE KEY-----"


def key_lines(seed: int, count: int) -> list[str]:
    rng = random.Random(seed)
    alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/"
    return ["".join(rng.choice(alphabet) for _ in range(64)) for _ in range(count)]


def fragments(text: str, seed: int, most: int = 24) -> list[str]:
    rng = random.Random(seed)
    out, at = [], 0
    while at < len(text):
        size = rng.randint(1, most)
        out.append(text[at:at + size])
        at += size
    return out


def most_held(rt, composed, parts: list[str]) -> tuple[int, StreamMasker]:  # noqa: F811
    """The most characters any channel held after an event, and the masker after the stream."""
    safe_end, value_hold = composed
    m = StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
    held = 0
    for event in (e + b"\n\n" for e in S.openai_chat(parts).split(b"\n\n") if e):
        m.feed(event)
        held = max([held, *(ch.end - ch.emitted for ch in m.channels.values())])
    m.finish()
    return held, m


# ---- 1. the lazy repeat's false partial match ------------------------------------------------------------------
def test_greedy_drops_only_lazy_markers():
    assert greedy(r"a[^|\n]{0,120}?bcd") == r"a[^|\n]{0,120}bcd"
    assert greedy(r"(?:x)*?y??z+?w{3}?v*+u{2,}?(?P<s>a)??") == r"(?:x)*y?z+w{3}v*+u{2,}(?P<s>a)?"
    assert greedy(r"[*?+]\??\{1,2}?\p{L}+?") == r"[*?+]\??\{1,2}?\p{L}+"  # classes, escapes, `\{`: no quantifiers


def test_every_shipped_rule_made_greedy_compiles_and_matches_its_examples_alike(rt):  # noqa: F811
    for rule in rt.scanner.rules:
        pattern = regex.compile(greedy(rule.regex), rule.pattern.flags)
        for example in rule.examples:
            assert (pattern.search(example) is None) == (rule.pattern.search(example) is None), rule.id


# The unit loop runs the first, the full suite all seventeen (prose32 added three: a secret store reading a credential
# NAME's value from stdin; prose33 six: a value written into a file named for a password). Each example is followed
# by ~2.9 KB of prose, not LONG's ~10.8 KB (each param was ~0.8 s of CPU, the stream's cost is per character): a
# match held open holds it all, past MAX_HELD, which fails the test as the stop at the cap did. The cap itself is
# crossed for this rule by the registry-login test below (LONG).
PAST_MAX_HELD = PROSE * 16


@pytest.mark.parametrize("index", [0, *(pytest.param(i, marks=pytest.mark.slow) for i in range(1, 17))])
def test_a_password_piped_into_a_command_lets_a_long_answer_flow(rt, composed, index):  # noqa: F811
    examples = rt.scanner.rule("generic-password-stdin-pipe").examples
    assert len(examples) == 17, "the rule's examples changed: change the parameters with them"
    assert len(PAST_MAX_HELD) > 2 * MAX_HELD
    text = f"Run this once:\n{examples[index]}\n{PAST_MAX_HELD}"
    held, m = most_held(rt, composed, fragments(text, index))
    assert not m.stopped, m.stop_reason
    assert held < MAX_HELD
    assert leak(rt, composed, fragments(text, index + 100)) is None


def test_a_registry_login_reading_stdin_lets_a_long_answer_flow(rt, composed):  # noqa: F811
    text = ("echo dckr_pat_MmzwxEqrqIl9QTQhFx8-VgSzt-f | docker login -u acme --password-stdin\n"
            "echo 'Gannet~Moor48' | docker login registry.corp.test -u ci --password-stdin\n" + LONG)
    held, m = most_held(rt, composed, fragments(text, 7))
    assert not m.stopped, m.stop_reason
    assert held < MAX_HELD
    assert "dckr_pat_" not in "".join(m.masked_text.values()) and "Gannet~Moor48" not in "".join(
        m.masked_text.values())


# ---- 2. a private key's BEGIN line -----------------------------------------------------------------------------
def test_a_begin_line_followed_by_prose_flows(rt, composed):  # noqa: F811
    text = f"An RSA key starts with\n{BEGIN}\nand then base64 lines follow. {LONG}"
    held, m = most_held(rt, composed, fragments(text, 1))
    assert not m.stopped, m.stop_reason
    assert held < MAX_HELD
    assert "".join(m.masked_text.values()) == text  # no key: nothing masked


def test_many_begin_lines_followed_by_prose_flow(rt, composed):  # noqa: F811
    text = "".join(f"{BEGIN}\n{PROSE}" for _ in range(60))
    held, m = most_held(rt, composed, fragments(text, 2))
    assert not m.stopped, m.stop_reason
    assert held < MAX_HELD
    assert "".join(m.masked_text.values()) == text


def test_a_key_whose_end_never_comes_is_masked_and_the_prose_after_it_flows(rt, composed):  # noqa: F811
    lines = key_lines(3, 6)
    text = f"The first lines:\n{BEGIN}\n" + "\n".join(lines) + f"\n\n{LONG}"
    held, m = most_held(rt, composed, fragments(text, 3))
    assert not m.stopped, m.stop_reason
    assert held < MAX_HELD
    got = "".join(m.masked_text.values())
    assert not any(line in got for line in lines) and "[MASKED:private-key" in got
    assert leak(rt, composed, fragments(text, 4)) is None


@pytest.mark.slow  # ~450 streams of a short answer
def test_a_key_split_at_every_position_across_two_events_is_masked(rt, composed):  # noqa: F811
    key = f"{BEGIN}\n" + "\n".join(key_lines(5, 3)) + f"\n{END}"
    text = f"Here:\n{key}\nThat is all.\n"
    assert rt.inspector.inspect_text(text, "response", "t").findings[0].rule == "private-key"
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut


def test_a_key_with_prose_lines_between_its_base64_lines_is_masked_as_the_whole_text_is(rt, composed):  # noqa: F811
    lines = key_lines(6, 6)
    text = (f"{BEGIN}\n{lines[0]}\n{lines[1]}\nthis line is prose, and the key goes on:\n{lines[2]}\n{lines[3]}\n"
            f"{END}\n{LONG}")
    want = rt.inspector.inspect_text(text, "response", "t").text
    assert lines[0] not in want and lines[1] not in want  # BEGIN and the lines before the prose: a truncated key
    assert leak(rt, composed, fragments(text, 6)) is None


def test_a_key_in_a_json_string_with_escaped_line_breaks_is_masked(rt, composed):  # noqa: F811
    body = "\\n".join(key_lines(8, 4))
    text = f'{{"private_key": "{BEGIN}\\n{body}\\n{END}\\n", "note": "ok"}}\n{PROSE}'
    assert rt.inspector.inspect_text(text, "response", "t").findings[0].rule == "private-key"
    assert leak(rt, composed, fragments(text, 8)) is None


@pytest.mark.parametrize("shape", ["indented", "quoted", "one line"])
def test_keys_in_code_and_config_still_read_as_keys(rt, shape):  # noqa: F811
    lines = key_lines(9, 3)
    text = {"indented": "tls:\n  key: |\n    " + f"{BEGIN}\n    " + "\n    ".join(lines) + f"\n    {END}\n",
            "quoted": f'KEY = ("{BEGIN}\\n"\n' + "".join(f'  "{line}\\n"\n' for line in lines) + f'  "{END}")\n',
            "one line": f"key: {BEGIN} {' '.join(lines)} {END}\n"}[shape]
    assert [f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings] == ["private-key"], shape


def test_a_key_pasted_on_one_line_still_reads_as_a_key(rt):  # noqa: F811
    text = f"PRIVATE_KEY='{BEGIN}{''.join(key_lines(10, 25))}{END}'\n"  # 1,600 base64 characters, no line break
    assert [f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings] == ["private-key"]
