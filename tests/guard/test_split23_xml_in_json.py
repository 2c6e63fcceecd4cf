"""split23: XML or HTML inside a JSON string or a form value holding a key in pieces its parser joins (an agent
sends `{"doc": "<a>egtok_Q7w9<!-- -->E2r4...</a>"}`, or a chat message quoting a page with a comment in the key). The
body was JSON: each string was scanned as written, and the XML joins reading (attack23) was made for XML bodies
only; the key went out. Each JSON string (or form value) that holds a comment, PI, CDATA marker or entity
declaration now also gets that reading (formats/body.py `_with_markup_joins`), fixed-shape keys, never rewritten
(403)."""

from __future__ import annotations

import json
from urllib.parse import urlencode

import pytest

from tests.guard.support import TOKEN, chat_body, posted_as, recorded_request_body, relayed_body

HEAD, TAIL = TOKEN[:10], TOKEN[10:]
BOMB = '<!DOCTYPE l [<!ENTITY l0 "lol">' + "".join(
    f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10)) + "]><l>&l9;</l>"

ATTACKS = {
    "a document in a JSON string": ("application/json", json.dumps({"doc": f"<a>{HEAD}<!-- -->{TAIL}</a>"})),
    "a chat message quoting HTML": ("application/json",
                                    chat_body(f"why is this page blank?\n<p>{HEAD}<!-- kerning -->{TAIL}</p>")
                                    .decode()),
    "CDATA in a tool argument": ("application/json", json.dumps(
        {"tool": "save", "arguments": json.dumps({"xml": f"<x><![CDATA[{HEAD}]]>{TAIL}</x>"})})),
    "an entity in a JSON string": ("application/json", json.dumps(
        {"doc": f'<!DOCTYPE n [<!ENTITY p "{HEAD}">]><n>&p;{TAIL}</n>'})),
    "a processing instruction, JSON Lines": ("application/jsonl",
                                             json.dumps({"x": f"<n>{HEAD}<?pi?>{TAIL}</n>"}) + "\n"
                                             + json.dumps({"y": 1}) + "\n"),
    "a form value": ("application/x-www-form-urlencoded", urlencode({"doc": f"<a>{HEAD}<!---->{TAIL}</a>"})),
    "a bomb beside the key": ("application/json", json.dumps({"doc": f"<a>{HEAD}<!-- -->{TAIL}</a>", "b": BOMB})),
}


@pytest.mark.parametrize("label", sorted(ATTACKS))
async def test_a_key_a_markup_parser_joins_inside_a_string_is_neither_sent_nor_recorded(chain, label):
    content_type, text = ATTACKS[label]
    flow, upstream = await posted_as(chain, content_type, text.encode())
    assert not upstream.received and flow.response.status_code == 403, flow.response.get_text()
    assert TAIL.encode() not in recorded_request_body(flow)


UNCHANGED = {
    "HTML with comments in a chat message": ("application/json", chat_body(
        "<!-- header --><div class=\"x\">Hello<!-- name -->World</div><![CDATA[ok]]><?php echo 1 ?>").decode()),
    "a billion-laughs payload quoted in a chat": ("application/json",
                                                  chat_body(f"explain this payload:\n{BOMB}").decode()),
    "SOAP in a JSON string": ("application/json", json.dumps({"soap": (
        '<?xml version="1.0"?><!DOCTYPE e [<!ENTITY co "Northwind &amp; Co">]><e:Envelope xmlns:e="urn:e">'
        "<e:Body><!-- order --><order id=\"42\">&co; <![CDATA[<b>rush</b>]]>priority<?audit x?>handling</order>"
        "</e:Body></e:Envelope>")})),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_markup_in_strings_without_a_key_goes_unchanged(chain, label):
    content_type, text = UNCHANGED[label]
    assert await relayed_body(chain, content_type, text.encode()) == text.encode()


async def test_a_key_written_whole_beside_a_comment_in_a_string_is_masked_in_place(chain):
    body = json.dumps({"doc": f"<a>{TOKEN}<!-- note --></a>"})
    _, upstream = await posted_as(chain, "application/json", body.encode())
    (sent,) = upstream.received
    out = json.loads(sent.raw_content)["doc"]
    assert TAIL not in out and out.startswith("<a>[MASKED:test-api-token:") and out.endswith("<!-- note --></a>")
