"""attack23: XML (a SOAP envelope, an `application/xml` upload, an XML part) holding a key in pieces that an XML
parser joins: across a comment (`egtok_Q7w9<!-- -->E2r4...`), a processing instruction, a CDATA section's markers, or
through entities the document declares itself (`<!ENTITY p "egtok_Q7w9">` ... `&p;E2r4...`). The guard scanned the
text as written, found nothing, marked it clean and sent it; the record kept it."""

from __future__ import annotations

import pytest

from addons.formats import BodyError, open_body
from tests.guard.support import TOKEN, posted_as, recorded_request_body, relayed_body

HEAD, TAIL = TOKEN[:10], TOKEN[10:]


def xml(inner: str, dtd: str = "") -> bytes:
    doctype = f"<!DOCTYPE note [{dtd}]>" if dtd else ""
    return f'<?xml version="1.0"?>{doctype}<note><body>{inner}</body></note>'.encode()


ATTACKS = {
    "comment": ("application/xml", xml(f"{HEAD}<!-- kerning -->{TAIL}")),
    "processing instruction": ("text/xml", xml(f"{HEAD}<?pi x?>{TAIL}")),
    "CDATA": ("application/xml", xml(f"{HEAD}<![CDATA[{TAIL}]]>")),
    "two CDATA sections": ("application/soap+xml",
                           f"<e:Envelope xmlns:e='urn:e'><e:Body><![CDATA[{HEAD}]]><![CDATA[{TAIL}]]></e:Body>"
                           "</e:Envelope>".encode()),
    "own entity": ("application/xml", xml(f"&p;{TAIL}", f'<!ENTITY p "{HEAD}">')),
    "two entities, one through the other": ("application/xml",
                                            xml("&whole;", f'<!ENTITY a "{HEAD}"><!ENTITY whole "&a;{TAIL}">')),
    "XML sent as text/plain": ("text/plain", xml(f"{HEAD}<!---->{TAIL}")),
    "XML in a multipart part": ("multipart/form-data; boundary=b23",
                                b'--b23\r\nContent-Disposition: form-data; name="doc"; filename="n.xml"\r\n'
                                b"Content-Type: application/xml\r\n\r\n" + xml(f"{HEAD}<![CDATA[{TAIL}]]>")
                                + b"\r\n--b23--\r\n"),
}


@pytest.mark.parametrize("label", sorted(ATTACKS))
async def test_a_key_an_xml_parser_joins_is_neither_sent_nor_recorded(chain, label):
    flow, upstream = await posted_as(chain, *ATTACKS[label])
    assert not upstream.received and flow.response.status_code == 403
    record = recorded_request_body(flow)
    assert TAIL.encode() not in record and TAIL.encode() not in (flow.request.raw_content or b"")


async def test_an_entity_bomb_is_refused_not_expanded(chain):
    dtd = '<!ENTITY l0 "lol">' + "".join(f'<!ENTITY l{i} "{f"&l{i - 1};" * 10}">' for i in range(1, 10))
    with pytest.raises(BodyError):
        open_body("application/xml", xml("&l9;", dtd))
    flow, upstream = await posted_as(chain, "application/xml", xml("&l9;", dtd))
    assert not upstream.received and flow.response.status_code == 400


UNCHANGED = {
    "SOAP with comments, CDATA and entities": (
        "application/soap+xml",
        b'<?xml version="1.0"?><!DOCTYPE e [<!ENTITY co "Northwind &amp; Co">]>'
        b"<e:Envelope xmlns:e='urn:e'><e:Body><!-- order --><order id=\"42\">&co; <![CDATA[<b>rush</b>]]>"
        b"priority<?audit x?>handling</order></e:Body></e:Envelope>"),
    "XHTML-ish text": ("text/html", b"<p>Build 2024-11<!-- v2 -->-03 passed &amp; shipped</p>"),
}


@pytest.mark.parametrize("label", sorted(UNCHANGED))
async def test_xml_without_a_key_goes_unchanged(chain, label):
    content_type, body = UNCHANGED[label]
    assert await relayed_body(chain, content_type, body) == body


async def test_a_key_written_whole_beside_a_comment_is_masked_in_place(chain):
    body = xml(f"<!-- note --> use {TOKEN} today <![CDATA[ok]]>")
    text = (await relayed_body(chain, "application/xml", body)).decode()
    assert TOKEN not in text and "[MASKED:test-api-token:" in text and text.endswith("<![CDATA[ok]]></body></note>")
