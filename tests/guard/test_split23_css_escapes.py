"""split23: a key written with CSS escapes (`\\65 gtok_...`: up to six hex digits and one blank after, which a CSS
parser drops; `\\000065gtok_...`: six digits, no blank needed; `\\65gtok_`... where the next character is no hex
digit) in a CSS body, an HTML page's `style` attribute or inline `<style>`, or CSS pasted into a chat message. A
stylesheet's string (`content: "..."`, a custom property) is text a page shows or a script reads. The view undid
`\\x65` and `&#x65;` but read `\\65 ` as the octal escape of `5` and `\\000065` as nothing: the key went out.

CSS escapes are now undone in the undisguised view (detect/disguise.py): masked in place, the stylesheet stays
valid (the escape and its blank are replaced by the placeholder inside the string). Unchanged: unicode-range,
`content: "\\201C"`, icon fonts (`content: "\\f101"`), C's octal escapes of digits."""

from __future__ import annotations

import pytest

from tests.guard.support import TOKEN, assert_masked_in_place, relayed_body

SPACED = f"\\{ord(TOKEN[0]):x} {TOKEN[1:]}"  # \65 gtok_...
SIX = f"\\{ord(TOKEN[0]):06x}{TOKEN[1:]}"  # \000065gtok_...
BARE = f"\\{ord(TOKEN[0]):x}{TOKEN[1:]}"  # \65gtok_... (g is no hex digit)
EVERY = "".join(f"\\{ord(c):x} " for c in TOKEN[:6]) + TOKEN[6:]  # each character of the prefix escaped
UPPER = f"\\{ord(TOKEN[0]):X}\t{TOKEN[1:]}"  # \65<tab>gtok_...

MASKED = {  # label: (content type, body with K for the key, how the key is written)
    "a CSS body, spaced": ("text/css", '.note::before { content: "K"; color: red; }\n', SPACED),
    "a CSS body, six digits": ("text/css", ':root { --token: "K"; }\n', SIX),
    "a CSS body, bare": ("text/css", '.a::after { content: "K" }\n', BARE),
    "a CSS body, every prefix character": ("text/css", '.a::after { content: "K" }\n', EVERY),
    "a CSS body, tab": ("text/css", '.a::after { content: "K" }\n', UPPER),
    "an HTML style attribute": ("text/html", '<p style="--k: \'K\'">hi</p>\n', SPACED),
    "inline style in HTML": ("text/html", '<html><head><style>.x::before { content: "K" }</style></head>'
                                          '<body>x</body></html>\n', SIX),
    "CSS in a chat message": ("application/json", 'fix my css:\n.a { content: "K"; }', SPACED),
}


@pytest.mark.parametrize("label", sorted(MASKED))
async def test_a_css_escaped_key_is_masked_in_place(chain, label):
    await assert_masked_in_place(chain, *MASKED[label])


UNCHANGED = {
    "unicode-range": ("text/css", "@font-face { font-family: X; src: url(x.woff2); unicode-range: U+0000-00FF, "
                                  "U+0131, U+2000-206F; }\n"),
    "quotes and dashes": ("text/css", 'q::before { content: "\\201C"; } q::after { content: "\\201D"; } '
                                      'a::after { content: "\\2014 \\00a0"; }\n'),
    "icon fonts": ("text/css", '.icon-home:before { content: "\\f101"; } .icon-user:before { content: "\\e900"; } '
                               '.fa-x:before { content: "\\f00d"; }\n'),
    "escaped selectors": ("text/css", ".\\31 0 { width: 10%; } .sm\\:flex { display: flex; } .\\@container {}\n"),
    "C octal digits": ("text/x-c", 'puts("\\61\\62\\63 \\067 abc");\n'),
    "a regex": ("text/plain", "match \\d{4}-\\w+ and \\5 then \\42 \\x2F\n"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_ordinary_css_and_escapes_go_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()
