"""Attacks (attack5) on the stream hold-back (detect/holdback.py) with the shipped rules, composed as the Streaming
addon composes it (plain and value hold-back, loose and disguised views). The oracle: every text the client has
received is a prefix of the whole text masked, so no character of a value the scan of the whole text masks is
ever sent before it is masked (a stop "could not be masked in time" fails it too).

1. `candidates` lower-cased the unreleased text to find rules' literal starts, and `"İ".lower()` is two characters
   (U+0130, the only such letter): every "İ" in it moved the hold of a literal the end cuts off ("-----BEG",
   "$2b$1") one character to the right, so that many characters of it went out (a Turkish answer: "İstanbul").
2. The scanner reads a text holding `\\u` or `\\"` escapes with them decoded (JSON in a string: tool-call
   arguments, a model writing `\\u0032`), level by level; the hold-back read only the raw text, where
   `AKIA\\u0032HLY` is no beginning of a key: all of the key but its last character went out, then the stream
   stopped."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from addons.detect.holdback import Holdback
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream import support

rt, composed = support.shipped_answer_fixtures()


def leak(rt, composed, fragments: list[str], tool_call: bool = False) -> str | None:
    """Feed the fragments as deltas of a chat answer (its text, or a tool call's arguments), one event at a time;
    what went wrong, or None: each text the client has after an event must be a prefix of the whole text masked."""
    whole = "".join(fragments)
    want = rt.inspector.inspect_text(whole, "response", "t").text
    safe_end, value_hold = composed
    m = StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
    body = S.openai_chat([], tool_args=fragments) if tool_call else S.openai_chat(fragments)
    for i, event in enumerate(e + b"\n\n" for e in body.split(b"\n\n") if e):
        m.feed(event)
        if m.stopped:
            return f"stopped after event {i}: {m.stop_reason}"
        for got in m.masked_text.values():
            if not want.startswith(got):
                return f"sent before it was masked, after event {i}: {got[-40:]!r}"
    m.finish()
    got = "".join(m.masked_text.values())
    return None if not m.stopped and got == want else f"at the end: {m.stop_reason or got[-40:]!r}"


# ---- 1. "İ" lower-cases to two characters ----------------------------------------------------------------------
TURKISH = "İİİİİİİİİİİİ İstanbul: "
LITERAL_STARTS = ["private-key", "bcrypt-hash", "sha-crypt-hash", "md5-crypt-hash"]  # those found by a sweep


@pytest.mark.parametrize("rule_id", LITERAL_STARTS)
def test_a_literal_start_cut_by_the_end_is_held_from_its_first_character_after_a_dotted_capital_i(rule_id):
    from addons.detect import Scanner

    scanner = Scanner.default()
    example = scanner.rule(rule_id).examples[0]
    hb = Holdback.for_scanner(scanner).only([rule_id])
    value = scanner.scan(example)[0]
    for k in range(1, 6):
        text = TURKISH + example[:value.start + k]
        assert hb.safe_end(text) <= len(TURKISH) + value.start, (rule_id, k)


@pytest.mark.parametrize("rule_id", LITERAL_STARTS)
def test_a_turkish_answer_with_a_value_split_in_its_literal_start_is_masked(rt, composed, rule_id):
    example = rt.scanner.rule(rule_id).examples[0]
    text = TURKISH + example + " ok.\n"
    for cut in range(len(TURKISH) + 1, len(TURKISH) + 14):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, (rule_id, cut)


# ---- 2. escapes the scanner decodes ----------------------------------------------------------------------------
KEY = "AKIA2HLYOSBOHAGKTYZU"
ESCAPED = ["key AKIA\\u0032HLYOSBOHAGKTYZU ok.\n",           # a \u escape inside the key
           "key \\u0041KIA2HLYOSBOHAGKTYZU ok.\n",           # ... at its first character
           "key AKIA\\\\u0032HLYOSBOHAGKTYZU ok.\n",         # two levels: JSON in a string in a string
           'say \\"it\\" AKIA2HLY\\u004fSBOHAGKTYZU ok.\n']  # escaped quotes and a \u escape


@pytest.mark.parametrize("text", ESCAPED)
def test_a_key_written_with_escapes_the_scanner_decodes_is_masked_at_every_split(rt, composed, text):
    assert rt.inspector.inspect_text(text, "response", "t").findings, "the scan of the whole text finds it"
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut


@pytest.mark.parametrize("text", ['{"cmd": "export AWS_ACCESS_KEY_ID=AKIA\\u0032HLYOSBOHAGKTYZU"}',
                                  '{"note": "{\\"key\\": \\"AKIA2HLY\\\\u004fSBOHAGKTYZU\\"}"}'])
def test_tool_call_arguments_with_an_escaped_key_are_masked_at_every_split(rt, composed, text):
    """Tool-call arguments are JSON: `\\u0032` in a string is "2" to whoever parses them (the second: JSON in a
    string, two levels)."""
    assert rt.inspector.inspect_text(text, "response", "t").findings
    for cut in range(1, len(text)):
        assert leak(rt, composed, [text[:cut], text[cut:]], tool_call=True) is None, cut


@pytest.mark.parametrize("text", ESCAPED[:2])
def test_a_key_written_with_escapes_is_masked_in_single_characters(rt, composed, text):
    assert leak(rt, composed, list(text)) is None


def test_the_hold_back_reads_an_escaped_key_as_the_scanner_does():
    from addons.detect import Scanner

    hb = Holdback.for_scanner(Scanner.default()).only(["aws-access-key-id"])
    for text, held in [("key AKIA\\u0032HL", 4), ("key \\u0041KIA2", 4), ("key AKIA\\\\u0032HLY", 4),
                       ("key AKIA\\u00", 4), ("key AKIA\\\\u0", 4), ('say \\"x\\" AKIA2HLY\\u004fS', 10)]:
        assert hb.safe_end(text) == held, text


WORDS = ["the", "İstanbul", "key:", "\\u0020", '\\"ok\\"', "\\n", "and", "\\u00e9t\\u00e9", KEY,
         "AKIA2HLY\\u004fSBOHAGKTYZU", "-----BEGIN"]


@st.composite
def escaped_prose(draw) -> tuple[list[str], list[int]]:
    words = draw(st.lists(st.sampled_from(WORDS), min_size=1, max_size=8))
    length = len(" ".join(words) + " end.\n")
    return words, sorted(draw(st.sets(st.integers(1, length - 1), max_size=6)))


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(escaped_prose())
@example((["İstanbul", "-----BEGIN"], [11, 13]))
@example((["key:", "AKIA2HLY\\u004fSBOHAGKTYZU"], [14]))
@example((["the", "\\u0020", "AKIA2HLY\\u004fSBOHAGKTYZU"], [12]))
def test_escaped_keys_among_prose_any_split(rt, composed, case):
    words, cuts = case
    text = " ".join(words) + " end.\n"
    fragments = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)], strict=True)]
    assert leak(rt, composed, fragments) is None


# ---- 3. the same for the rules whose masked value follows a prefix (stream/value_holdback.py) -----------------
VALUE_RULES = ["sentry-dsn", "vault-unseal-key", "jira-confluence-pat", "sidekiq-gem-source-url", "asana-pat",
               "splunk-hec-token", "backblaze-application-key", "cloudinary-url"]


def escaped_value(rt, rule_id: str, at_start: bool) -> str:
    """The rule's first example with one character of its value written as a \\u escape, in a sentence."""
    example = rt.scanner.rule(rule_id).examples[0]
    found = next(f for f in rt.scanner.scan(example) if f.rule_id == rule_id)
    at = found.start if at_start else (found.start + found.end) // 2
    return "See: " + example[:at] + f"\\u{ord(example[at]):04x}" + example[at + 1:] + " ok.\n"


# The unit loop escapes each rule's value at one place (first and middle alternate over the rules); the full suite both.
@pytest.mark.sweep_sample(lambda rule_id, at_start: VALUE_RULES.index(rule_id) % 2 == (not at_start))
@pytest.mark.parametrize("at_start", [True, False], ids=["first", "middle"])
@pytest.mark.parametrize("rule_id", VALUE_RULES)
def test_a_value_written_with_an_escape_is_masked_at_every_split(rt, composed, rule_id, at_start):
    text = escaped_value(rt, rule_id, at_start)
    assert any(f.rule_id == rule_id for f in rt.scanner.scan(text)), "the scan of the whole text finds it"
    for cut in range(1, len(text), 1 if len(text) < 100 else 3):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut


# ---- 4. what the rules' lookbehinds read before the re-scanned window (stream/masker.py `_context_start`) --------
def wide_table(width: int) -> str:
    """A markdown table whose password column comes after four columns of `width` characters: the table rule's
    lookbehind reads its header row back to the row's `|`, up to ~650 characters before the word "password"."""
    header = "| " + " | ".join(f"c{i} " + "y" * width for i in range(4)) + " | password |\n"
    return "Here:\n\n" + header + "|---|---|---|---|---|\n| a | b | c | d | Heron!Lake27 |\n\nDone.\n"


@pytest.mark.parametrize("width", [20, 60, 90])
def test_a_table_whose_header_row_is_wider_than_the_context_is_masked(rt, composed, width):
    """The masker re-scans 256 characters before the unreleased text, from just after a blank: a header row wider
    than that was cut, the table not recognised, and the password went out as it was (in single characters too)."""
    text = wide_table(width)
    assert [f.rule_id for f in rt.scanner.scan(text)] == ["generic-password-table"]
    at = text.index("Heron")
    for cut in range(at - 3, at + 5):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut
    assert leak(rt, composed, list(text)) is None


def test_a_table_read_again_from_the_middle_of_its_header_does_not_stop_the_stream(rt, composed):
    """Found by a random draw: the re-scan from the middle of the header row (`| login | password |`) read the table
    with its columns shifted and found "backup" in text already sent: the stream stopped."""
    fragments = ["| hos\\u0074 | login | password |\n|---|---|---|\n| nas01 | backup | Heron!Lake",
                 "27 | Cookie: _gitlab_session=f42260f318011575c9c09cc223ef8651; preferred_language=en export "
                 "SRC_ACCESS_TOKEN=sgp_7c873ddf9dff6c91_0ed2144e16729f87377f3245eab24fec909a5fe7"
                 " : the password: end.\n"]
    assert leak(rt, composed, fragments) is None


@pytest.mark.parametrize("command", ["redis-cli -h cache.internal -a Numbat!62x",
                                     "ldapsearch -x -D cn=admin,dc=example -w Numbat!62x",
                                     "mosquitto_pub -h broker -t t -P Numbat!62x",
                                     "smbclient //srv/share -U admin%Numbat!62x"])
def test_a_command_glued_to_a_long_token_is_read_with_its_password(rt, composed, command):
    """The command rule's lookbehind reads the program name up to ~130 characters before `-a`; the re-scan began
    after the first blank past 256 characters back, which was after the program name when a long token (a path)
    ended in it: the password went out as it was."""
    head, rest = command.split(" ", 1)
    text = "see " + "a/" * 100 + head + " " + "q/" * 20 + " " + rest + " ok.\n"
    assert any(f.rule_id == "generic-password-cli" for f in rt.scanner.scan(text))
    at = text.index("Numbat")
    for cut in (at - 1, at, at + 2):
        assert leak(rt, composed, [text[:cut], text[cut:]]) is None, cut


# ---- 5. later readings of a rule with lazy quantifiers (holdback.Holdback.lazy) ----------------------------------
TABLE = ("Accounts:\n\n| host | login | password |\n|---|---|---|\n| nas01 | backup | Heron!Lake27 |\n"
         "| nas02 | admin | Otter#Pond58 |\n| nas03 | root | Crane$Hill93 |\n\nDone.\n")


def test_every_row_of_a_password_table_is_masked(rt, composed):
    """The scanner reads a rule at every place a match can end (right to left from there): each row of a table is a
    reading from the header's "password" to that row's cell. The hold-back searched left to right, where the first
    row's reading is the only one, and left the rules with lazy quantifiers out of its "can it still grow" search:
    the second row's password went out as it was written."""
    assert [f.rule_id for f in rt.scanner.scan(TABLE)] == ["generic-password-table"] * 3
    for value in ("Otter#Pond58", "Crane$Hill93"):
        at = TABLE.index(value)
        for cut in range(at - 2, at + len(value) + 3):
            assert leak(rt, composed, [TABLE[:cut], TABLE[cut:]]) is None, (value, cut)
    assert leak(rt, composed, list(TABLE)) is None


def test_a_later_reading_after_a_precise_value_is_held(rt, composed):
    """Found by a random draw: "password 7 <cisco value> DATABASE_URL=postgres:/" ends a reading of the prose rule
    whose value is the last word (its first reading's value is the Cisco one, a precise finding); released masked
    as a prose password, while the whole text reads it as a database URL."""
    fragments = ["username ops privilege 15 password 7 07893F57FD1", "4C1604", "D11 DATABASE_URL=postgres", ":/",
                 "/orders:Zx8Kq2Lm9V@db.internal:5432/orders end.\n"]
    assert leak(rt, composed, fragments) is None


# ---- 6. a value rule whose value may begin the match (stream/value_holdback.py `_value_start`) ------------------
VOYAGE = "I rotated it, the new one is pa-Qx3vT_8kLm2Zp9Rw-4Yb7Nc1Hd5Js0Gf6Ka2Ue8Vo3T and it still fails.\n"


def test_a_value_that_begins_the_match_after_lookaheads_is_held_from_its_first_character(rt, composed):
    """Found by a random draw: the Voyage rule's value follows either `VOYAGE_API_KEY=` or nothing but lookaheads
    (`(?=pa-[A-Za-z0-9_-]{43}...)`). Those lookaheads read past the text's end, so its prefix was "unfinished" and
    the value hold-back held nothing: `pa-Qx3vT_8kLm2Zp9Rw` went out (in single characters too)."""
    assert [f.rule_id for f in rt.scanner.scan(VOYAGE)] == ["voyage-api-key"]
    at = VOYAGE.index("pa-")
    for cut in range(at + 1, at + 47):
        assert leak(rt, composed, [VOYAGE[:cut], VOYAGE[cut:]]) is None, cut
    assert leak(rt, composed, list(VOYAGE)) is None


def test_a_line_that_is_no_table_row_is_not_read_as_one_from_its_middle(rt, composed):
    """Found by a random draw: "Lantern#Gale52 | host | password |" is no table row (the whole text has no table),
    but a re-scan that began after its first word read one there, with "Heron!Lake27" sent long before: the stream
    stopped. The re-scan begins at the start of a line that holds a `|` before the unreleased text."""
    for shift in range(6):  # the re-scan's start falls on each character of the row's head in one of them
        text = ("über\nLantern#Gale52 | host | password |\n|---|---|\n| a | Heron!Lake27 |\n| b | Otter#Pond58 |\n"
                + "x" * shift + " The deploy reads these from the vault and rotates them every night." * 5)
        assert not rt.scanner.scan(text)
        assert leak(rt, composed, list(text)) is None, shift


# ---- the re-scan drifts past words its verdicts read (attack5's open row, closed in session 11) -------------------
def test_a_negative_word_far_back_on_the_line_does_not_stop_the_stream_later(rt, composed):
    """"your" at the line's start makes the whole text's verdict on "Das Passwort ist Quartz!Tiger7" no password: the
    value goes out as it is (as the whole text reads it). Once the re-scan's start (256 characters back) passed "your",
    the same value read as a password in text already sent, and the stream stopped. The line is now read again from
    its start before such a stop."""
    text = ("your " + "x y " * 40 + "Das Passwort ist Quartz!Tiger7, bitte nicht weitergeben. "
            + "Und so weiter im Text. " * 14)
    assert not rt.scanner.scan(text)
    assert leak(rt, composed, list(text)) is None


OVERLAP = 'the vendor sent client_secret: "Harbor#Raven28x" is my password, keep it'


def test_a_value_the_allowed_answer_rule_and_a_masking_rule_both_read_is_masked_in_an_answer(rt, composed):
    """Attack5, outside the hold-back: overlap resolution ran before the policy, and `generic-password-before-word`
    (allowed in answers by the default policy: "X is the password" would hold every word) won the span over
    `generic-secret`, so the agent got the value, buffered or streamed. The allowed rule now yields the overlap."""
    answer = rt.inspector.inspect_text(OVERLAP, "response", "$.choices[0].message.content")
    assert "Harbor#Raven28x" not in answer.text and [f.rule for f in answer.findings] == ["generic-secret"]
    request = rt.inspector.inspect_text(OVERLAP, "request", "$.messages[0].content")
    assert "Harbor#Raven28x" not in request.text
    for cut in range(1, len(OVERLAP)):
        assert leak(rt, composed, [OVERLAP[:cut], OVERLAP[cut:]]) is None, cut
    assert leak(rt, composed, list(OVERLAP)) is None


def test_a_value_its_whole_line_still_reads_as_one_stops_the_stream(rt):
    """The other side of the line's second reading: a value found only once it was sent whole (a hold-back that
    let it go too early) that its whole line still reads as one went out raw, and the stream must stop as before.
    The inspector here stands in for such a miss: its first read of the marked value misses it, later ones (the
    re-scan's window and the line read again) find it."""
    from addons.core.findings import FindingRecord
    from addons.core.inspection import TextResult

    value = "ZQXWVALUE"
    reads: list[str] = []

    def inspect(text: str, direction: str, location: str, groups=None) -> TextResult:
        at = text.find(value)
        if at < 0:
            return TextResult(text)
        reads.append(text)
        if len(reads) == 1:  # the first read holding it misses it
            return TextResult(text)
        finding = FindingRecord("stand-in", "secret", "confidential", "precise", direction, location, at, len(value),
                                "0" * 16, "mask")
        return TextResult(text.replace(value, "[MASKED]"), [finding], finding.action)

    # Every event released whole as it comes (no hold-back at all), so the value goes out with the first one.
    m = StreamMasker("openai_chat", inspect, safe_end=lambda text, start: len(text))
    line = "one two three four five six " * 11 + "the value " + value + " went out."  # 256+ characters before
    answer = [line, " " + "more words " * 40, "the end. "]
    for event in (e + b"\n\n" for e in S.openai_chat(answer).split(b"\n\n") if e):
        m.feed(event)
        if m.stopped:
            break
    assert value in "".join(m.masked_text.values())  # it went out: the stand-in's miss
    assert m.stopped and "could not be masked in time" in (m.stop_reason or "")
    # the first read missed it; the re-scan's window (starting past the line's start) found it; the line read again
    # from its start still did, so the stream stopped
    assert len(reads) == 3 and not reads[1].startswith(line[:40]) and reads[2].startswith(line[:40])
