"""attack38: stream36's line-start re-scan, attacked as an agent that wants a value out through a streamed answer.

The oracle is test_stream36_glued_rows.stream: every text the client has after an event is a prefix of the whole
text masked, what went out is valid SSE of valid JSON ending in [DONE], nothing is held after the end.

Found (fixed here, not stream36's: the hold-back's): a key that ends in an upper-case password word
(`SMTP_PASSWORD Tarn_Gannet71`, generic-password-directive's `[A-Za-z][A-Za-z0-9]*_` lookbehind, then `PASSWORD`)
streamed a character at a time went out up to the value's first punctuation (`Tarn_`, `Heron!`): the hold-back
runs a rule without a literal start only when a character of the tail can begin a match, and asked that of each
character alone, where the lookbehind (a letter and `_` before `P`) fails: `P` began nothing, `SMTP_PASS` went
out, and once the key's start was sent nothing held the value's first characters. The characters that can begin a
match are now also asked of the rule without its lookarounds (holdback.Holdback.__init__).
Held (kept as regressions): a glued CSV example after `\\r` alone, after U+2028, in a tool call's arguments
(JSON-escaped `\\n`), and the sweep's Name/Value table after a ~1.3 KB first line, one character per event."""

from __future__ import annotations

import json

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback
from tests.stream.test_holdback_attack import composed, leak, rt  # noqa: F401  (fixtures)
from tests.stream.test_stream34_held_open import fragments
from tests.stream.test_stream36_glued_rows import LONG_FIRST_LINE, PROSE, stream
from tests.sweeps import sampled

UPPER_KEYS = ["SMTP_PASSWORD Tarn_Gannet71", "SMTP_PASSWORD Heron!Lake27", "rcon_PASSWORD Heron!Lake27",
              "APP_Password Tarn_Gannet71", "db.PASSWORD Tarn_Gannet71"]


@pytest.mark.sweep_sample(lambda line: sampled(line))
@pytest.mark.parametrize("line", UPPER_KEYS)
def test_a_key_ending_in_an_upper_case_password_word_streamed_a_character_at_a_time_is_masked(rt, composed, line):  # noqa: F811
    text = f"Here:\n{line}\n{PROSE[:300]}"
    assert rt.inspector.inspect_text(text, "response", "t").findings, "the whole text masks the value"
    assert stream(rt, composed, text, list(text)) is None


@pytest.mark.parametrize("key", ["SMTP_PASSW", "SMTP_Passw", "MqttPASSW", "rcon_passw"])
def test_the_hold_back_holds_a_password_word_after_a_key_from_where_it_begins(key):
    hb = Holdback.for_scanner(Scanner.default()).only(["generic-password-directive"])
    text = f"Here:\n{key}"
    assert hb.safe_end(text) <= text.rindex(key[-5:])


# ---- held: the line-start re-scan with other line breaks and carriers --------------------------------------------
GLUED_CSV = "app,client_secret\nbilling,Quokka!Dune55\n"


@pytest.mark.parametrize("text", [
    pytest.param(f"Sure:\r{GLUED_CSV.replace(chr(10), chr(13))}{PROSE[:500]}", id="CR alone"),
    pytest.param(f"Sure:\u2028{GLUED_CSV.replace(chr(10), chr(0x2028))}{PROSE[:500]}", id="U+2028"),
    pytest.param(f"Sure: {GLUED_CSV}{PROSE[:500]}\n{GLUED_CSV}{PROSE[:300]}", id="glued, then on its own lines"),
])
@pytest.mark.sweep_sample(lambda text: sampled(text))
def test_a_glued_csv_with_other_line_breaks_streams_as_the_whole_text_is(rt, composed, text):  # noqa: F811
    for seed, most in ((1, 24), (2, 3)):
        assert stream(rt, composed, text, fragments(text, seed, most)) is None, (seed, most)


def test_a_glued_csv_in_a_tool_calls_arguments_streams_as_the_whole_text_is(rt, composed):  # noqa: F811
    args = json.dumps({"note": f"Sure: {GLUED_CSV}{PROSE[:500]}\n\n{GLUED_CSV}{PROSE[:300]}"})
    assert rt.inspector.inspect_text(args, "response", "t").findings, "the CSV on its own lines is a value"
    for seed, most in ((1, 24), (2, 3)):
        assert leak(rt, composed, fragments(args, seed, most), tool_call=True) is None, (seed, most)


@pytest.mark.slow  # ~1,400 one-character events
def test_the_sweeps_table_after_a_first_line_longer_than_the_kept_text_one_character_per_event(rt, composed):  # noqa: F811
    text = f"{LONG_FIRST_LINE}Name\tValue\nSMTP_PASSWORD\tTarn_Gannet71\n{PROSE[:500]}"
    assert rt.inspector.inspect_text(text, "response", "t").findings
    assert stream(rt, composed, text, list(text)) is None
