"""attack31 (open30's twice-read view): an escape whose own start character is escaped. open30 read a view once
more only when undoing made a backslash (`&#92;41 KIA...`). An escape written with an escaped `&` or `%` was read
once and stopped: HTML escaped twice (`&amp;#65;`), a URL encoded twice (`%2541`), the two mixed (`%26%2365%3B`,
`&#37;41`), and three levels (`&amp;#92;41 `: HTML, HTML, CSS; `%26%2392%3B41 `; `%25252541`) went out whole. Now a
view whose undoing made any escape's start character (`\\`, `&`, `%`) is read once more, up to three times; the
mask sits on the original characters (a chat message stays valid JSON, an HTML page's bytes around it as they
were)."""

from __future__ import annotations

import pytest

from addons.detect import disguise
from tests.guard.support import TOKEN, assert_masked_in_place, relayed_body

WRITTEN = {
    "HTML escaped twice": "&amp;#101;" + TOKEN[1:],
    "a hex entity escaped twice": TOKEN[:5] + "&amp;#x5f;" + TOKEN[6:],
    "a URL encoded twice": "%2565" + TOKEN[1:],
    "a percent escape of an entity": "%26%23101%3B" + TOKEN[1:],
    "an entity of a percent escape": "&#37;65" + TOKEN[1:],
    "an entity of an entity": "&#38;#101;" + TOKEN[1:],
    "three levels: HTML, HTML, CSS": "&amp;#92;65 " + TOKEN[1:],
    "three levels: percent, HTML, CSS": "%26%2392%3B65 " + TOKEN[1:],
    "three levels: percent, percent, CSS": "%255C65 " + TOKEN[1:],
    "three levels of percent": "%252565" + TOKEN[1:],
    "HTML5's named ampersand escaped": "&amp;amp;#101;" + TOKEN[1:],
}
CARRIERS = {
    "an HTML page": ("text/html", "<p title=\"K\">hello</p>\n"),
    "a chat message": ("application/json", "see this: K, then stop"),
    "a plain text upload": ("text/plain", "note=K\n"),
}


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("how", sorted(WRITTEN))
async def test_a_key_behind_an_escape_of_an_escape_is_masked_in_place(chain, carrier, how):
    await assert_masked_in_place(chain, *CARRIERS[carrier], WRITTEN[how])


UNCHANGED = {
    "links with &amp; in HTML": ("text/html", '<a href="/search?q=report&amp;page=2&amp;sort=desc">next</a>\n'),
    "an HTML code sample escaped twice": ("text/html", "<pre>&amp;lt;div class=&amp;quot;note&amp;quot;&amp;gt;"
                                                       "</pre>\n"),
    "a URL encoded twice": ("text/plain", "next=https%253A%252F%252Fexample.com%252Fdocs%253Fq%253Dreport%2520v2\n"),
    "a percent sign written as an entity": ("text/html", "<td>growth 40&#37; year on year, 12&#37;4 quarters</td>\n"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_ordinary_escapes_of_escapes_go_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()


def test_the_third_reading_maps_back_to_the_original():
    text = "x &amp;#92;65 gtok_abc y"
    views = disguise.views_of(text)
    deepest = views[-1]
    assert deepest.text == "x egtok_abc y"
    start = deepest.text.index("e")
    assert deepest.original_span(start, start + 5) == (2, text.index("tok_") + 3)


def test_the_readings_stop_at_three():
    text = "%25252525" + "65" + TOKEN[1:]  # four levels of percent
    assert all("egtok_" not in view.text for view in disguise.views_of(text))
