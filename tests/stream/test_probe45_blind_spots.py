"""Probe45: does the plain stream hold-back (detect/holdback.py) release a value's first characters where the `regex`
module's partial matching is blind? hold44 found that `finditer(..., partial=True)` reports no possible match that
would stop at the end of the text at a `\\b` / `\\B` there, at `\\b` or `$` inside a negative lookahead, or at a lazy
repeat stopping before a lookbehind that fails there. The plain hold-back and `open_matches` / `growth_start` still use
the rules' own patterns. Each shipped rule with such a construct where the text can end was cut right there, fed to
the masker as the Streaming addon composes it, and the client's text checked (the oracle of test_holdback_attack.py:
every text the client has is a prefix of the whole text masked; a stop "could not be masked in time" fails it too).

LEAK (closed by hold46): generic-password-sql, `(?!(?:password|values)\\b)` after IDENTIFIED BY (Oracle's unquoted
value). Cut right after "values" or "password", the rule's own partial search misses the match from IDENTIFIED (the
lookahead's `\\b` is true at the end), so the plain hold-back releases "IDENTIFIED BY " (other rules hold "values" /
"password" from the value's start: maxmind-license-key `\\b[A-Za-z0-9]{6}_` and two more hold any trailing run of 6+
letters and digits; "password" also by the rule's second branch, `(?=')` reading past the end). The match's literal
start is now in released text, so the plain hold-back never runs the rule again (`candidates` reads the unreleased
text only). The value grows past "values": the letters-and-digits holders let go at its first symbol ("valuesQ!"), the
masker's scan finds the value so far complete (`(?:[\\s;]|$)`) and masks it, and the rest of the value
("Lm9k-Tarn-Fescue") is read as the same, handled finding grown (`Channel.handled_overlaps`) and sent in clear: 15
of the password's 17 characters, no stop. Two deltas do not leak (the whole value arrives at once); three do.
Session 26 made the masker stop the stream there instead (`Channel.handled_end`); hold46 made the plain hold-back
search the rule's `end_flagged` form too (`Holdback.blind_gate`, tests/stream/test_hold46_blind_gates.py), so the
value is held from IDENTIFIED and masked whole. The masker's stop stays as the last line of defence: its tests below
run the composed hold-back as it was before hold46 (`composed_before_hold46`), which still reaches it.

Held:
- bitbucket-app-password, `[A-Za-z0-9_=.-]{32})\\b` ending in `=`: the plain hold-back released the whole key (the
  `\\b` is false at the end and true once a letter follows), but the loose fixed-shape hold-back
  (disguise.loose_safe_end) held it, and the scanner reported no such match anyway. Since hold46 the rule ends in
  `\\b` written as lookarounds (the same test): the scanner reads the character after the key and reports it, and
  the rule's own partial search holds it (the lookahead reads past the end).
- generic-password-table: its `\\bpass\\b`, `\\bpw\\b` end in a word character, so the `\\b` is true at the end and the
  match reads on; its lazy repeat is inside the lookbehind.
- generic-password-entered (a value rule), `[^\\n]{0,96}?(?<![\\w])(?:log...)` after the token: cut inside a word,
  its growth search is blind, but the context verdict is still open there (`verdict_open`: the line is open, the text
  ends in a word, within AFTER_REACH = 128 > 96 characters), so the value stays held.
- every other plain rule's `\\b` is a leading one (nothing read yet) or a trailing one after word characters only (true
  at the end: a complete match touching the end is held).
"""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.stream.streaming import Streaming
from tests.stream import support
from tests.stream.test_holdback_attack import leak

rt, composed = support.shipped_answer_fixtures()


@pytest.fixture(scope="module")
def composed_before_hold46(rt):
    """The composed hold-back with the plain part as it was before hold46 (no `blind_gate`): the one that released
    "IDENTIFIED BY " and so reached the masker's stop on the grown value. Without generic-password-value-first's
    hold (sov57: it came after hold46 and holds a password-shaped token such as `valuesQ!` whole while a word may
    follow, so the masker's stop is no longer reached with it: test_the_same_in_single_characters_never_sends_the_rest
    and the SQL tests above keep the shipped hold-back masking these values whole)."""
    from addons.detect.holdback import Holdback
    from addons.stream import value_holdback
    from tests.stream.test_hold46_blind_gates import HoldbackBeforeHold46

    split = value_holdback.split
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(Holdback, "for_scanner", classmethod(lambda cls, scanner: HoldbackBeforeHold46(scanner)))
        patch.setattr(value_holdback, "split", lambda holdback, wanted, prefixes: split(
            holdback, wanted - {"generic-password-value-first-lite"}, prefixes))
        return Streaming()._safe_end(rt, None)


# (rule that masks the whole text, fragments: the first one ends where the rule's own partial search is blind)
CUTS = {
    "sql-values": ("generic-password-sql", ["GRANT CONNECT TO app IDENTIFIED BY values", "Q7x!Lm9k;\n"]),
    "sql-values-one-more": ("generic-password-sql", ["GRANT CONNECT TO app IDENTIFIED BY values", "Q", "7x!Lm9k;\n"]),
    "sql-VALUES-underscore": ("generic-password-sql", ["create user report identified by VALUES", "_Heron27;\n"]),
    "sql-password": ("generic-password-sql", ["GRANT CONNECT TO app IDENTIFIED BY password", "Q7x!Lm9k;\n"]),
    "sql-pass-in-word": ("generic-password-sql", ["GRANT CONNECT TO app IDENTIFIED BY pass", "wordQ7x!Lm;\n"]),
    "table-pass": ("generic-password-table",
                   ["| host | login | pass", "word |\n|---|---|---|\n| nas01 | backup | Heron!Lake27 |\n"]),
    "table-pw": ("generic-password-table", ["| host | pw", " |\n|---|---|\n| nas01 | Heron!Lake27 |\n"]),
    "entered-lazy-lookbehind": ("generic-password-entered",
                                ["I typed Tarn#Fescue61 twice and then the pagex", "x said the login failed\n"]),
    "entered-lazy-lookbehind-comma": ("generic-password-entered",
                                      ["I typed Tarn#Fescue61 twice, the pagex", "x reloads and the login fails\n"]),
    "bitbucket-alnum": ("bitbucket-app-password", ["Use ATBB1AKD5DnxdtAuJvMtdpcOV2yK41525721", " done\n"]),
}


@pytest.mark.parametrize("name", list(CUTS))
def test_a_value_cut_where_partial_matching_is_blind_reaches_the_client_masked(rt, composed, name):
    rule_id, fragments = CUTS[name]
    whole = "".join(fragments)
    assert rule_id in [f.rule for f in rt.inspector.inspect_text(whole, "response", "t").findings]
    assert leak(rt, composed, fragments) is None


@pytest.mark.parametrize("name", ["table-pass", "entered-lazy-lookbehind"])
def test_the_same_value_in_single_characters_reaches_the_client_masked(rt, composed, name):
    assert leak(rt, composed, list("".join(CUTS[name][1]))) is None


# An Oracle password given unquoted after IDENTIFIED BY, its first word "values" or "password", cut right after that
# word and again after its first symbol: all of it after that symbol reached the client in clear (probe45); the stream
# stopped (session 26); masked whole since hold46 (each failed before: strict xfails naming EVASION.md's probe45 row).
SQL_LEAKS = {
    "values": ["GRANT CONNECT TO app IDENTIFIED BY values", "Q!", "Lm9k-Tarn-Fescue;\n"],
    "VALUES-create-user": ["create user report identified by VALUES", "_7!", "Heron#Lake27;\n"],
    "password": ["GRANT CONNECT TO app IDENTIFIED BY password", "Q!", "Lm9k-Tarn-Fescue;\n"],
    "password-alter-user": ["ALTER USER app IDENTIFIED BY password", "7!", "Lm9k-Tarn-Fescue;\n"],
    "pass-word": ["GRANT CONNECT TO app IDENTIFIED BY pass", "word", "Q!", "Lm9k-Tarn-Fescue;\n"],
}


@pytest.mark.parametrize("name", list(SQL_LEAKS))
def test_an_unquoted_sql_password_beginning_with_values_or_password_is_masked_whole(rt, composed, name):
    fragments = SQL_LEAKS[name]
    whole = "".join(fragments)
    assert [f.rule for f in rt.inspector.inspect_text(whole, "response", "t").findings] == ["generic-password-sql"]
    assert leak(rt, composed, fragments) is None


def client_text_and_stop(composed, rt, fragments: list[str]) -> tuple[str, str | None]:
    """Everything the client got from the fragments as chat deltas, and the stop's reason (None: not stopped)."""
    from addons.stream.masker import StreamMasker
    from tests.stream import streams as S

    safe_end, value_hold = composed
    m = StreamMasker("openai_chat", rt.inspector.inspect_text, safe_end=safe_end, value_hold=value_hold)
    for event in (e + b"\n\n" for e in S.openai_chat(fragments).split(b"\n\n") if e):
        m.feed(event)
        if m.stopped:
            break
    if not m.stopped:
        m.finish()
    return "".join(m.masked_text.values()), m.stop_reason


# The masker's side (session 26, after probe45): a value masked at its first symbol that then grows into text not yet
# sent is a finding the masker handled at a shorter length. Its new part is no longer sent in clear after the mask:
# the stream stops (fail closed). Failed before (the client got the rest of the password after the mask, no stop).
# Since hold46 the composed hold-back keeps such a value whole; the stop is proven with the one before hold46.
@pytest.mark.parametrize("name", list(SQL_LEAKS))
def test_a_masked_value_that_grows_into_unsent_text_stops_the_stream_and_its_rest_is_never_sent(
        rt, composed_before_hold46, name):
    fragments = SQL_LEAKS[name]
    got, stopped = client_text_and_stop(composed_before_hold46, rt, fragments)
    rest = fragments[-1].rstrip(";\n")
    assert stopped and "grew past the part already masked" in stopped
    assert rest not in got and rest[:4] not in got


@pytest.mark.parametrize("text", ["GRANT CONNECT TO app IDENTIFIED BY valuesQ7x!Lm9k;\n",
                                  "ALTER USER app IDENTIFIED BY passwordQ!Lm9k-Tarn-Fescue;\n"])
def test_the_same_in_single_characters_never_sends_the_rest(rt, composed, text):
    got, _ = client_text_and_stop(composed, rt, list(text))
    assert "Lm9k" not in got


@pytest.mark.parametrize("text", ["GRANT CONNECT TO app IDENTIFIED BY valuesQ7x!Lm9k;\n",
                                  "ALTER USER app IDENTIFIED BY passwordQ!Lm9k-Tarn-Fescue;\n"])
def test_the_same_in_single_characters_never_sends_the_rest_with_the_hold_back_before_hold46(
        rt, composed_before_hold46, text):
    """hold46: the masker's stop as the last line of defence, on the hold-back that still reaches it."""
    got, stopped = client_text_and_stop(composed_before_hold46, rt, list(text))
    assert "Lm9k" not in got
    assert stopped and "grew past the part already masked" in stopped


def test_an_unquoted_sql_password_beginning_with_values_is_masked_whole_in_single_characters(rt, composed):
    assert leak(rt, composed, list("GRANT CONNECT TO app IDENTIFIED BY valuesQ7x!Lm9k;\n")) is None

@pytest.mark.parametrize("fragments", [["GRANT CONNECT TO app IDENTIFIED BY values", "Q7x!Lm9k;\n"],
                                       ["create user report identified by VALUES", "_Heron27;\n"]])
def test_the_composed_hold_back_keeps_the_unquoted_sql_value_from_its_first_character(rt, composed, fragments):
    """The cut the sql rule's own partial search misses: the composed hold keeps all of "values" (not its prefix)."""
    safe_end, value_hold = composed
    text = fragments[0]
    value_start = text.rindex(" ") + 1
    assert min(safe_end(text, 0), value_hold(text, 0, 0)[0]) <= value_start


def test_a_bitbucket_key_cut_after_a_trailing_symbol_is_held(rt, composed):
    """`\\b` after `=` is false at the end of the text and true once a letter follows: the plain hold-back released the
    key there (before hold46); the loose fixed-shape hold-back keeps it."""
    safe_end, value_hold = composed
    text = "Use ATBB1AKD5DnxdtAuJvMtdpcOV2yK4152572="
    assert min(safe_end(text, 0), value_hold(text, 0, 0)[0]) <= 4
    assert leak(rt, composed, [text, "9 done\n"]) is None


def test_a_bitbucket_app_password_ending_in_a_symbol_before_a_letter_is_found():
    """The rule's regex matches (`\\b` between `=` and `9`), but the scanner confirmed a match right to left from its
    end with the text cut there (`reverse_pattern` searched up to the end offset), where that `\\b` is false. hold46
    wrote the rule's trailing `\\b` as lookarounds, which the scanner gives the character after the match
    (`reverse_pattern_reaching`). Failed before (a strict xfail)."""
    text = "Use ATBB1AKD5DnxdtAuJvMtdpcOV2yK4152572=9 done"
    scanner = Scanner.default()
    assert scanner.rule("bitbucket-app-password").pattern.search(text) is not None
    assert "bitbucket-app-password" in [f.rule_id for f in scanner.scan(text)]
