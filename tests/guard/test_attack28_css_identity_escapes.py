"""attack28: CSS's other escape, a backslash before a character that is no hex digit and no line break, which
stands for that character itself (`\\g\\t\\o\\k_...` is `gtok_...` to a CSS parser, as `\\_` is `_` to Markdown).
split23 read `\\65 ` (hex) in the undisguised view, not this one: `e\\gtok_...` or `egtok\\_Q7...` in a stylesheet's
string, a style attribute or a chat message went out whole. Now one more escape of the view (detect/disguise.py):
letters C, Python and JavaScript give no meaning of their own and key punctuation are read in the view (`\\n`,
`\\r`, `\\t`, `\\v` are open). Masked in place, the stylesheet stays valid."""

from __future__ import annotations

import pytest

from tests.guard.support import TOKEN, assert_masked_in_place, relayed_body

WRITTEN = {
    "a letter": "e\\g" + TOKEN[2:],  # e\gtok_...
    "the prefix's letters": "e\\gt\\o\\k" + TOKEN[5:],
    "the underscore (Markdown too)": TOKEN[:5] + "\\_" + TOKEN[6:],
    "a letter of the body": TOKEN[:6] + "\\Q" + TOKEN[7:],
    "w and s, regex classes": TOKEN[:8] + "\\w" + TOKEN[9:-2] + "\\s" + TOKEN[-1:],
    "with a hex escape": "\\65 \\g" + TOKEN[2:],
}
CARRIERS = {
    "a CSS body": ("text/css", '.note::before { content: "K"; color: red; }\n'),
    "CSS in a chat message": ("application/json", 'fix my css:\n.a { content: "K"; }'),
}


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("how", sorted(WRITTEN))
async def test_a_key_written_with_css_identity_escapes_is_masked_in_place(chain, carrier, how):
    await assert_masked_in_place(chain, *CARRIERS[carrier], WRITTEN[how])


UNCHANGED = {
    "a Windows path": ("text/plain", "copy C:\\Users\\Kim\\Documents\\report_final_v2.docx to D:\\Backup\\2026\n"),
    "a regex": ("text/plain", "re.compile(r'\\s*\\w+\\S\\W\\d{4}\\b\\Z') and \\. \\- \\+ \\/\n"),
    "LaTeX": ("text/plain", "\\begin{document}\\section{Intro}\\textbf{x}\\quad\\alpha_{i}\\end{document}\n"),
    "C escapes": ("text/x-c", 'printf("a\\tb\\nc\\rd\\ve\\\\f %s\\n", name);\n'),
    "escaped selectors": ("text/css", ".sm\\:flex { } .w-1\\/2 { } .hover\\:bg-red-500:hover { }\n"),
    "Markdown": ("text/markdown", "snake\\_case\\_name and \\*not bold\\* and my\\_var\\_name\\_here\n"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_ordinary_backslashes_go_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()
