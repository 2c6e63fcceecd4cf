import json
from urllib.parse import parse_qsl

import pytest

from addons.formats import BodyError, open_body

FORM = "application/x-www-form-urlencoded"


def test_values_and_repeated_keys():
    raw = b"token=xoxb-1&channel=C1&text=hello+world&text=again"
    doc = open_body(FORM, raw)
    assert doc.kind == "form"
    assert [(f.location, f.text) for f in doc.fields] == [
        ("form.token[0]", "xoxb-1"), ("form.channel[0]", "C1"),
        ("form.text[0]", "hello world"), ("form.text[1]", "again")]
    assert doc.render({}) is raw
    assert doc.render({3: "[MASKED:x:1]"}) == b"token=xoxb-1&channel=C1&text=hello+world&text=%5BMASKED%3Ax%3A1%5D"


@pytest.mark.parametrize("raw, expected", [
    (b"a=x&b=one+two", b"a=new+value&b=one+two"),    # '+' style kept
    (b"a=x&b=one%20two", b"a=new%20value&b=one%20two"),  # '%20' style kept
])
def test_quoting_style_is_kept(raw, expected):
    assert open_body(FORM, raw).render({0: "new value"}) == expected


def test_keys_that_are_not_plain_words_are_fields():
    raw = b"user%40example.com=1&ghp_0123456789=2&name=3"
    doc = open_body(FORM, raw)
    keys = [(f.location, f.text) for f in doc.fields if f.kind == "key"]
    assert keys == [("form.{0}[0]#key", "user@example.com"), ("form.{1}[0]#key", "ghp_0123456789")]
    out = doc.render({0: "[M]"})
    assert out == b"%5BM%5D=1&ghp_0123456789=2&name=3"


def test_odd_pieces_survive_byte_exact():
    raw = b"a=1&&flag&b=&=v&c=%7e"
    doc = open_body(FORM, raw)
    assert doc.render({}) == raw
    b_value = next(i for i, f in enumerate(doc.fields) if f.location == "form.b[0]")
    assert doc.render({b_value: "x"}) == b"a=1&&flag&b=x&=v&c=%7e"


def test_json_value_is_walked():
    payload = json.dumps({"text": "secret here", "user": "U1"})
    raw = b"payload=" + payload.replace(" ", "+").encode().replace(b'"', b"%22").replace(b"{", b"%7B").replace(
        b"}", b"%7D").replace(b":", b"%3A").replace(b",", b"%2C")
    doc = open_body(FORM, raw)
    assert ("form.payload[0]#$.text", "secret here") in [(f.location, f.text) for f in doc.fields]
    index = next(i for i, f in enumerate(doc.fields) if f.location == "form.payload[0]#$.text")
    out = doc.render({index: "[MASKED]"})
    assert json.loads(dict(parse_qsl(out.decode()))["payload"]) == {"text": "[MASKED]", "user": "U1"}


def test_charset_parameter():
    doc = open_body(FORM + "; charset=iso-8859-1", b"name=caf%E9")
    assert doc.fields[0].text == "caf\u00e9"
    assert doc.render({0: "\u00e9t\u00e9"}) == b"name=%E9t%E9"


def test_invalid_utf8_after_unquoting():
    with pytest.raises(BodyError) as e:
        open_body(FORM, b"a=1&secret=%ff%fe")
    assert str(e.value) == "form body is not valid utf-8 in pair 2"


def test_json_sent_with_curls_default_form_type_is_walked_as_json():
    raw = b'{"messages": [{"content": "a=b&c ghp_x"}]}'
    doc = open_body(FORM, raw)
    assert doc.kind == "json"
    assert [(f.location, f.text) for f in doc.fields] == [("$.messages[0].content", "a=b&c ghp_x")]
    assert json.loads(doc.render({0: "[M]"})) == {"messages": [{"content": "[M]"}]}


def test_form_that_only_starts_like_json_is_a_form():
    doc = open_body(FORM, b"[x]=1&y=2")
    assert doc.kind == "form"
