"""attack29, CPU: the scorers of generic-pin-code, the prose rule and the letters / carrier rules read the whole
line before each value (own_clause's split, NEGATIVE, PATH_BEFORE) and the whole rest of it after, so one long line
holding many values cost the square of its length: 128 KB of `my PIN is 48213, ` on one line ran the rule's regex
call out of time (a cut scan: the request refused), `nmcli dev wifi connect A password X ` or `security
find-generic-password -w ` repeated on one line spent the whole 2 s budget at 32-64 KB. A JSON body is one line.
The scorers now read at most `context_score.LINE_READS` characters either side of the match. Checked by what they
are given (no timing): the longest text handed to own_clause, NEGATIVE or a carrier's mark; the line bounds."""

import pytest

from addons.detect import Scanner, context_score, password_carriers

SCANNER = Scanner.default()
# One line, each unit again and again: values the rules' scorers judge, and words that open their matches.
UNITS = {
    "pin": "my PIN is 48213, ",
    "door code": "the door code changed, it's 4821 and ",
    "nmcli": "nmcli dev wifi connect A password Gannet!Shoal44 ",
    "keychain": "security find-generic-password -w ",
    "storepass": "keytool -storepass Heron_Quay83 ",
    "typed": "type Heron#Marsh42 into #pw ",
    "letters": "the password is quillmarten and ",
}
SIZE = 64_000


class _Reading:
    """A compiled pattern whose searches record the length of text they were given."""

    def __init__(self, pattern, lengths: list[int]):
        self.pattern, self.lengths = pattern, lengths

    def search(self, text, pos=0, endpos=None):
        self.lengths.append((len(text) if endpos is None else min(endpos, len(text))) - pos)
        return self.pattern.search(text, pos, *(() if endpos is None else (endpos,)))

    def __getattr__(self, name):
        return getattr(self.pattern, name)


@pytest.fixture
def read_lengths(monkeypatch):
    """The length of every text own_clause, NEGATIVE and the carriers' marks (what is read before a value) got."""
    lengths: list[int] = []
    own_clause = context_score.own_clause

    def recorded(line_before: str) -> str:
        lengths.append(len(line_before))
        return own_clause(line_before)

    for module in ("context_score", "pin_codes", "letters_password"):
        monkeypatch.setattr(f"addons.detect.{module}.own_clause", recorded, raising=False)
        monkeypatch.setattr(f"addons.detect.{module}.NEGATIVE", _Reading(context_score.NEGATIVE, lengths))
    for name in ("COMMENT_MARK", "TABLE_MARK"):  # the carriers' marks, looked for on the match's line
        monkeypatch.setattr(f"addons.detect.password_carriers.{name}",
                            _Reading(getattr(password_carriers, name), lengths))
    return lengths


# The unit loop leaves out two of the four command lines (storepass and typed stay: the same command-line reads), the
# full suite runs every unit.
@pytest.mark.parametrize("unit", [pytest.param(unit, marks=pytest.mark.slow) if unit in ("keychain", "nmcli") else unit
                                  for unit in sorted(UNITS)])
def test_a_scorer_reads_a_bounded_part_of_a_long_line(read_lengths, unit):
    text = (UNITS[unit] * (SIZE // len(UNITS[unit]) + 1))[:SIZE]
    SCANNER.scan_report(text)
    assert read_lengths and max(read_lengths) <= 3 * context_score.LINE_READS


def test_the_line_bounds_stop_at_the_line_or_the_reach():
    reach = context_score.LINE_READS
    text = "a" * 3000 + "\n" + "b" * 3000
    assert context_score.line_bounds(text, 3010, 3020) == (3001, min(len(text), 3020 + reach))
    assert context_score.line_bounds(text, 2000, 2010) == (2000 - reach, 2010 + reach)
    assert context_score.line_bounds(text, 2990, 2995) == (2990 - reach, 3000)
    assert context_score.line_bounds("short line", 6, 10) == (0, 10)
