"""open36: a label line more than one blank line, a CRLF blank line or an indent above its value (attack34's shapes,
taken back in bd8c7eb because the first stage's wider gap opened a window under every `pass` of Python code and
halved clean-code speed) are read again, from a label line only: the first stage's own alternative for them starts
at a line (or JSON string) holding at most two words of issuing, the password word and a colon, the shape
context_score's LABEL_ABOVE reads. As the agent: the label written with an NBSP, an HTML <br>, CRLF, JSON escapes;
as the user: code whose `pass` or `password` lines stand above blank lines and indented code, a form's labels and
rules under a label. Values are written here, none drawn from a held-out set."""

import json

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()
PROSE_RULE = next(i for i, rule in enumerate(SCANNER.rules) if rule.id == "generic-password-prose")


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Your new password:\n\n\n  Heron_Marsh42\n", "Heron_Marsh42"),
    ("Wi-Fi password\r\n\r\n\r\n  Skua+Tern81\r\n", "Skua+Tern81"),
    ("Guest password\n\n\tskua-tern-81\n", "skua-tern-81"),
    ("Hello Kaur,\n\nyour account is ready.\n\nTemporary password:\n\n\n  Wren_4318\n\nRegards\n", "Wren_4318"),
    ("New\u00a0password\n\n\nQuoll_4471\n", "Quoll_4471"),                      # an NBSP, two blank lines
    ("New password<br>\r\n\r\nQuoll_4471<br>\r\n", "Quoll_4471"),               # a flattened mail's line breaks
    (json.dumps({"body": "Hi,\n\nNew password:\n\n\n  Quoll_4471\n\nBye"}), "Quoll_4471"),
    ("Passwort:\n\n\n  Birke#Ahorn58\n", "Birke#Ahorn58"),
])
def test_a_label_line_reads_its_value_past_blank_lines_and_an_indent(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "New password<br>\r\n<br />\r\nQuoll_4471<br>\r\n",  # leak46 (strict xfail before): a <br> line as blank
    "New password<br>\n<br>\n<BR/>\nQuoll_4471<br>\n",      # two of them, as two blank lines
    "Temporary password:<br>\n  <br>\nQuoll_4471\n",
    json.dumps({"body": "New password<br>\r\n<br />\r\nQuoll_4471<br>"}),
])
def test_a_line_break_tag_as_the_blank_line(text):
    assert any("Quoll_4471" in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "New password<br>\n<br>\nRe-enter new password<br>\n",
    "Password<br>\n<br/>\n2026-12-05<br>\n",
    "Your order<br>\n<br>\nQuoll_4471<br>\n",
])
def test_a_line_break_tag_line_under_no_label_or_over_no_password(text):
    assert not any("Quoll_4471" in found or "2026" in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "New password\n\n\nRe-enter new password\n",
    "Password:\n\n\n2026-12-05\n",
    "Password\n\n\nv1.2.3\n",
    "New password\n\n\nmin-12-chars\n",
    "New password<br>\n12-characters-min<br>\n",
    "Passcode\n\n\n4821\n",
    "Forgot your password\r\n\r\n  3. Click the_link.\r\n",
])
def test_what_stands_under_a_label_and_is_no_password(text):
    assert _values(text) == []


# Code whose lines end in `pass` (Python) or a password word, then blank lines and indented code with a digit or an
# inner symbol: attack34's first stage opened a window at each (bench_detect's clean code: 102.7 -> 56 MB/s).
CODE = """\
class Retry:
    def reset(self):
        pass


    timeout_s = 30
    max_tries = 3

    def check(self, pw):
        if not pw:
            pass

            self.last_error = None
        return self.password
    \r\n    \r\n    retry_after_s = 2.5

def rotate(creds):
    creds.password
    \treturn_code = rotate_key(creds, n=2)
"""


@pytest.mark.skipif(SCANNER._prefilter.name != "hyperscan", reason="the keyword prefilter opens windows at words")
def test_code_under_a_pass_line_opens_no_window_of_the_prose_rule():
    ends, _windows = SCANNER._prefilter.ends(CODE * 20)
    assert PROSE_RULE not in ends, [CODE[max(0, e - 40):e] for e in ends[PROSE_RULE][:5]]
    assert _values(CODE) == []
