"""stream36: a streamed answer whose first line runs into a CSV or config example must not stop (EVASION.md).

`Sure: app,client_secret` then `billing,Quokka!Dune55`, then prose: the scan of the whole text reads no header (its
first cell is `Sure: app`: a colon is no header cell's), so the row's second cell is no password and went out
as it is. Once the answer ran ~256 characters past it, the masker's re-scan window began after the blank in
`Sure: ` (context.context_start), and the scanner read the window's first character as a line's start: the
header became `app,client_secret`, the cell a password, already sent, and the stream stopped with "could not be
masked in time". The same for a `[smtp]` section, an indented YAML list, a Puppet key and a "Temporary password:"
line glued to `Sure: `. The sweep (every shipped example after `Sure: `, ~1.5 KB of prose after it, 1-24
character events) found these ten.

The oracle (test_holdback_attack.leak): every text the client has after each event is a prefix of the whole text
masked (no character of a value it masks goes out before it is masked), the stream is not stopped, and at the end
the client has the whole text masked. Here also: what the client got is valid SSE of valid JSON events ending in
`[DONE]`, and no channel holds anything after the end. Events are split at seeded random sizes."""

from __future__ import annotations

import json

import pytest

from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream.test_holdback_attack import composed, rt  # noqa: F401  (fixtures)
from tests.stream.test_stream34_held_open import fragments
from tests.sweeps import sampled

PROSE = ("The quick tutorial continues here and explains how key formats work, line by line, with no secrets "
         "in it. ") * 15  # ~1.6 KB: the re-scan window moves well past the first line
# The prose after a glued example: 700 characters take the re-scan window (CONTEXT_CHARS, 256) ~440 past the first
# line, as the 1.6 KB did, at ~55% of a stream's CPU (fast46). With the masker's line re-read disabled, the glued
# sweep (every size 1-24) failed the same 71 of 240 streams with either length; with both hold-backs off, the event
# boundary sweep below the same 76 of 97 and the blank-line control the same 9 of 10.
TAIL = PROSE[:700]

# (rule, the beginning of its example): the sweep's stopped streams before stream36.
GLUED = [("generic-password-prose", "Temporary password:\n73318264"),
         ("generic-password-commented", "[smtp]\nhost = mail01\n# relay password"),
         ("generic-password-csv", "username,password,role\nowlet"),
         ("generic-password-csv", "id,db_password\n1,"),
         ("generic-password-csv", "app,client_secret\nbilling"),
         ("generic-password-csv", "SSID\tBand\tPassphrase\n"),
         ("generic-password-csv", "site\tlogin\tKennwort\n"),
         ("generic-password-csv", "url,username,password,totp,"),
         ("generic-password-named-value", "        - name: SMTP_PASS\n"),
         ("generic-password-paired-key", "profile::amqp::client_user:")]


def example(rt, rule_id: str, begins: str) -> str:  # noqa: F811
    found = [e for e in rt.scanner.rule(rule_id).examples if e.startswith(begins)]
    assert len(found) == 1, (rule_id, begins)  # the rule's examples changed: change the cases with them
    return found[0]


def stream(rt, composed, text: str, parts: list[str]) -> str | None:  # noqa: F811
    """What went wrong when `parts` stream as the deltas of a chat answer, or None."""
    want = rt.inspector.inspect_text(text, "response", "t").text
    safe_end, value_hold = composed
    m = StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
    for i, event in enumerate(e + b"\n\n" for e in S.openai_chat(parts).split(b"\n\n") if e):
        m.feed(event)
        if m.stopped:
            return f"stopped after event {i}: {m.stop_reason}"
        got = "".join(m.masked_text.values())
        if not want.startswith(got):
            return f"sent before it was masked, after event {i}: {got[-40:]!r}"
    m.finish()
    if m.stopped:
        return f"stopped at the end: {m.stop_reason}"
    if held := {ch.name: ch.end - ch.emitted for ch in m.channels.values() if ch.end != ch.emitted}:
        return f"held after the end: {held}"
    sent = b"".join(m.sent)
    datas = [d for _, d in S.read_sse(sent)]
    if datas[-1] != "[DONE]":
        return "the stream does not end with [DONE]"
    got = "".join(c["delta"].get("content") or "" for d in datas[:-1] for c in json.loads(d)["choices"])
    return None if got == want else f"the client's text differs at the end: {got[-40:]!r}"


# The lead's sweep split events at sizes 1-24 (seed 1): the unit loop runs that split, the full suite splits at
# largest sizes 1, 2, 4, 8 and 16 (seeded by it). Every size 1-23 was 240 streams, ~63 s of CPU at load ~17 (size 1
# 7.8 s, 24 1.3 s). With the masker's line re-read disabled (context.line_start returning the window's start) the
# same three rules fail at (almost) every size, 71 of 240 (prose, paired-key, and named-value at all but 20), and the
# other seven at none: each size catches what every size does, so one per doubling keeps the range (suite51).
@pytest.mark.sweep_sample(lambda rule_id, begins, most: sampled(rule_id, begins))
@pytest.mark.parametrize("most", [24, *(pytest.param(k, marks=pytest.mark.slow) for k in (1, 2, 4, 8, 16))])
@pytest.mark.parametrize(("rule_id", "begins"), GLUED)
def test_an_example_glued_to_the_first_line_streams_whole(rt, composed, rule_id, begins, most):  # noqa: F811
    text = f"Sure: {example(rt, rule_id, begins)}\n{TAIL}"
    seed = 1 if most == 24 else most
    assert stream(rt, composed, text, fragments(text, seed, most)) is None


@pytest.mark.sweep_sample(lambda rule_id, begins: sampled(rule_id, begins, "blank"))
@pytest.mark.parametrize(("rule_id", "begins"), GLUED)
def test_with_a_blank_line_between_the_example_is_masked_as_the_whole_text_is(rt, composed, rule_id, begins):  # noqa: F811
    """The control: on its own lines the example is found by its rule, and masked in the stream."""
    ex = example(rt, rule_id, begins)
    text = f"Sure:\n\n{ex}\n{TAIL}"
    assert rule_id in {f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings}
    assert stream(rt, composed, text, fragments(text, 1)) is None


# ---- 3. other carriers glued to the first line, the same example on its own lines later, CRLF, a long first line --
# The first line ~1.3 KB long: its start is no longer in the text the masker keeps (KEPT_CHARS) when the window
# moves past the colon; the line is then read again from the first whole word kept (context.line_start).
LONG_FIRST_LINE = "This first paragraph has no line break in it and rambles about formats and tools. " * 16
CARRIERS = {
    "markdown table": "| user | password |\n|---|---|\n| ops | Heron!Lake27 |",
    ".env": "DB_HOST=db01\nDB_PASSWORD=Heron!Lake27",
    "YAML": "database:\n  user: ops\n  password: Heron!Lake27",
    "INI": "[database]\nuser = ops\npassword = Heron!Lake27",
    "JSON lines": '{"user": "ops", "password": "Heron!Lake27"}\n{"user": "ci", "password": "Gannet~Moor48"}',
    "CSV, CRLF": "app,client_secret\r\nbilling,Quokka!Dune55\r\n",
    "CSV, 12 rows": "app,client_secret\n" + "".join(f"svc{i},Quokka!Dune{i:02d}\n" for i in range(12)),
    "TSV": "SSID\tBand\tPassphrase\nAnnex\t5GHz\tskua-fjord-tern",
    "INI, commented, CRLF": "[smtp]\r\nhost = mail01\r\n# relay password\r\nauth = lanternfish",
}
FAST = {("CSV, CRLF", "Sure: "), ("INI, commented, CRLF", "a long first line: ")}


def carrier_cases():
    for name in CARRIERS:
        for lead in ("Sure: ", "a long first line: "):
            marks = () if (name, lead) in FAST else (pytest.mark.slow,)
            yield pytest.param(name, lead, marks=marks, id=f"{name}-{lead.strip(': ')}")


@pytest.mark.parametrize(("name", "lead"), carrier_cases())
def test_a_carrier_glued_to_the_first_line_and_repeated_on_its_own_streams_as_the_whole_text_is(rt, composed, name,  # noqa: F811
                                                                                                lead):
    ex = CARRIERS[name]
    first = LONG_FIRST_LINE + ": " if lead.startswith("a long") else lead
    text = f"{first}{ex}\n{PROSE[:600]}\n{ex}\n{PROSE}"  # the second one on its own lines: the whole text masks it
    assert rt.inspector.inspect_text(text, "response", "t").findings, "the example on its own lines is a value"
    for seed, most in ((1, 24), (2, 5)):
        assert stream(rt, composed, text, fragments(text, seed, most)) is None, (seed, most)


@pytest.mark.slow  # ~80 streams
@pytest.mark.parametrize("begins", ["app,client_secret\nbilling", "[smtp]\nhost = mail01\n# relay password"])
def test_an_event_boundary_anywhere_in_the_glued_example_changes_nothing(rt, composed, begins):  # noqa: F811
    rule_id = "generic-password-csv" if begins.startswith("app") else "generic-password-commented"
    ex = example(rt, rule_id, begins)
    text = f"Sure: {ex}\n{TAIL}"
    for cut in range(len("Sure: "), len("Sure: ") + len(ex) + 1):  # at and around every delimiter and line break
        parts = fragments(text[:cut], cut) + fragments(text[cut:], cut)
        assert stream(rt, composed, text, parts) is None, cut


# stream36 left these two open (strict xfails); stream37 closed them: password_carriers.INI_SECTION reads a section
# line ending in CRLF or after a sentence's colon; _csv_header and generic-password-csv's lookbehind a header after one.
def test_a_commented_password_in_a_crlf_section_is_found_by_the_whole_text_scan(rt):  # noqa: F811
    lf = "[smtp]\nhost = mail01\n# relay password\nauth = lanternfish\n"
    assert [f.rule for f in rt.inspector.inspect_text(lf, "response", "t").findings] == ["generic-password-commented"]
    crlf = lf.replace("\n", "\r\n")
    assert [f.rule for f in rt.inspector.inspect_text(crlf, "response", "t").findings] == ["generic-password-commented"]


@pytest.mark.parametrize("begins", ["app,client_secret\nbilling", "[smtp]\nhost = mail01\n# relay password"])
def test_an_example_glued_to_the_first_line_is_masked_by_the_whole_text_scan(rt, begins):  # noqa: F811
    rule_id = "generic-password-csv" if begins.startswith("app") else "generic-password-commented"
    text = f"Sure: {example(rt, rule_id, begins)}\nThat is all.\n"
    assert rule_id in {f.rule for f in rt.inspector.inspect_text(text, "response", "t").findings}
