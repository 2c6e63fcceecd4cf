"""open30 (attack28's open end): an escape written with an escaped backslash, which one decoder turns into the
escape another then reads: `&#92;41 KIA...` in a style attribute (HTML gives `\\41 KIA...`, then CSS `AKIA...`),
`e&#x5c;g` or `%5C65 ` the same. The undisguised view undid the entity to a backslash and stopped there: the key
went out whole. Now a view whose undoing made a backslash is read once more (`disguise.views_of`), and the key is
masked in place (every byte around it as it was). HTML5's named entities (`&bsol;`, `&lowbar;`) were not read at
all (only HTML 4's names): now they are."""

from __future__ import annotations

import pytest

from addons.detect import disguise
from tests.guard.support import TOKEN, assert_masked_in_place, relayed_body

WRITTEN = {
    "an HTML entity, then a CSS hex escape": "&#92;65 " + TOKEN[1:],
    "a hex HTML entity, then a CSS identity escape": "e&#x5c;g" + TOKEN[2:],
    "a decimal entity with zeros, then CSS": TOKEN[:5] + "&#0092;_" + TOKEN[6:],
    "a percent escape, then CSS": "%5C65 " + TOKEN[1:],
    "HTML5's named backslash, then CSS": TOKEN[:5] + "&bsol;_" + TOKEN[6:],
    "HTML5's named underscore": TOKEN[:5] + "&lowbar;" + TOKEN[6:],
    "two letters so": "&#92;65 &#92;g" + TOKEN[2:],
}
CARRIERS = {
    "a style attribute in HTML": ("text/html", '<p style="--note: \'K\'">hello</p>\n'),
    "an HTML style attribute in a chat message": ("application/json", 'fix this: <p style="--n: \'K\'">x</p>'),
}


@pytest.mark.parametrize("carrier", sorted(CARRIERS))
@pytest.mark.parametrize("how", sorted(WRITTEN))
async def test_a_key_behind_an_escaped_escape_is_masked_in_place(chain, carrier, how):
    await assert_masked_in_place(chain, *CARRIERS[carrier], WRITTEN[how])


UNCHANGED = {
    "an escaped backslash in HTML": ("text/html", "<code>C:&#92;Users&#92;Kim&#92;report_final_v2.docx</code>\n"),
    "a percent-encoded Windows path": ("text/plain", "file=C%3A%5CUsers%5CKim%5Creport_final_v2.docx&x=1\n"),
    "an escaped regex": ("text/html", "<pre>re.compile(r'&#92;s*&#92;w+&#92;d{4}')</pre>\n"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_ordinary_escaped_backslashes_go_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()


def test_the_second_reading_maps_back_to_the_original():
    text = "x &#92;65 gtok_abc y"
    views = disguise.views_of(text)
    twice = views[-1]
    assert twice.text == "x egtok_abc y"
    start = twice.text.index("e")
    assert twice.original_span(start, start + 5) == (2, text.index("tok_") + 3)
    assert disguise.views_of("no escape here") == []
