"""attack23: a key written the way YAML, TOML, Python, JavaScript and C strings let it be written, which their
parsers put back: `\\x65\\x67tok_...` (hex escapes of ASCII, as `%65` and `&#x65;` already were read; `\\U00000065`,
`\\u{65}`, `\\N{LATIN SMALL LETTER E}`, octal `\\145`), and a line
continued by a backslash (`"egtok_Q7w9\\` then `    E2r4..."` on the next line: YAML and TOML double-quoted and
multi-line strings drop the break and the indentation, Python and C string literals the break, a shell the break).
The scanner read the text as written and found nothing; the body went out, marked clean, and was recorded."""

from __future__ import annotations

import json

import pytest
import yaml

from tests.guard.support import (
    TOKEN,
    chat_body,
    posted_as,
    recorded_request_body,
    relayed_body,
)

HEAD, TAIL = TOKEN[:10], TOKEN[10:]
HEX_HEAD = "".join(f"\\x{ord(c):02x}" for c in TOKEN[:4])

MASKED = {
    "YAML, hex escapes": ("application/yaml", f'note: "{HEX_HEAD}{TOKEN[4:]}"\nother: 1\n'),
    "YAML, continued line": ("application/yaml", f'note: "{HEAD}\\\n  {TAIL}"\nother: 1\n'),
    "TOML, continued line": ("application/toml", f'note = """{HEAD}\\\n    {TAIL}"""\n'),
    "Python in a chat message": ("application/json",
                                 chat_body(f'run this:\nkey = "{HEAD}\\\n{TAIL}"\nprint(key)').decode()),
    "shell, CRLF": ("text/x-sh", f"export KEY={HEAD}\\\r\n{TAIL}\r\n"),
    "JavaScript, hex escapes in a chat message": ("application/json",
                                                  chat_body(f'const k = "{HEX_HEAD}{TOKEN[4:]}";').decode()),
    "TOML, \\U escape": ("application/toml", f'note = "\\U{ord(TOKEN[0]):08X}{TOKEN[1:]}"\n'),
    "JavaScript, \\u{} escape": ("text/javascript", f'const k = "\\u{{{ord(TOKEN[0]):x}}}{TOKEN[1:]}";\n'),
    "Python, \\N{} escape": ("text/x-python", f'k = "\\N{{LATIN SMALL LETTER E}}{TOKEN[1:]}"\n'),
    "C, octal escape": ("text/x-c", f'char *k = "\\{ord(TOKEN[0]):o}{TOKEN[1:]}";\n'),
}


@pytest.mark.parametrize("label", sorted(MASKED))
async def test_an_escaped_or_continued_key_is_masked_and_the_body_stays_valid(chain, label):
    content_type, text = MASKED[label]
    flow, upstream = await posted_as(chain, content_type, text.encode())
    (sent,) = upstream.received
    out = sent.raw_content.decode()
    assert TAIL not in out and "[MASKED:test-api-token:" in out
    if content_type == "application/yaml":
        assert set(yaml.safe_load(out)) == {"note", "other"}
    if content_type == "application/json":
        json.loads(out)
    assert TAIL.encode() not in recorded_request_body(flow)


UNCHANGED = {
    "YAML with escapes of words": ("application/yaml", 'title: "\\x48\\x69 there"\nbell: "\\x07"\n'),
    "a shell script with continued lines": ("text/x-sh", "docker run --rm \\\n  --name web \\\n  nginx:latest\n"),
    "TOML": ("application/toml", 'text = """one two \\\n    three"""\n'),
    "C with octal and unicode escapes": ("text/x-c", 'puts("\\101\\102 \\u{1F600} \\N{BULLET} \\U0001F600");\n'),
    "a Windows path": ("text/plain", 'copy C:\\100\\files\\x41 D:\\backup\n'),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_escapes_and_continued_lines_without_a_key_go_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()
