import pytest

from addons.formats import BodyError, Field, Unmaskable, open_body


def test_plain_text_is_one_field_and_renders_in_its_charset():
    doc = open_body("text/plain; charset=iso-8859-1", "caf\u00e9 secret".encode("latin-1"))
    assert doc.kind == "text" and doc.fields == [Field("body", "caf\u00e9 secret")]
    assert doc.render({0: "caf\u00e9 [MASKED]"}) == "caf\u00e9 [MASKED]".encode("latin-1")


def test_text_default_charset_is_utf8():
    doc = open_body("text/markdown", "\u00e9t\u00e9".encode())
    assert doc.fields[0].text == "\u00e9t\u00e9"


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/xml",
                                          "application/x-ndjson"])
def test_invalid_bytes_in_a_declared_charset_name_the_byte(content_type):
    with pytest.raises(BodyError) as e:
        open_body(content_type + "; charset=utf-8", b'{"a": "secret \xff"}')
    assert str(e.value) == "body is not valid UTF-8 at byte 14"


@pytest.mark.parametrize("content_type", ["text/plain", "application/xml", "application/octet-stream"])
def test_no_charset_and_not_utf8_is_read_as_latin1_text(content_type):
    doc = open_body(content_type, b"TOKEN=secret \xe9")
    assert doc.kind == "text" and doc.fields == [Field("body", "TOKEN=secret \u00e9")]
    assert doc.render({0: "TOKEN=[MASKED:x:1] \u00e9"}) == b"TOKEN=[MASKED:x:1] \xe9"


def test_no_charset_json_not_utf8_is_read_as_latin1_json():
    doc = open_body("application/json", b'{"a": "secret \xe9"}')
    assert doc.kind == "json" and doc.fields == [Field("$.a", "secret \u00e9")]
    assert doc.render({0: "[MASKED:x:1]"}) == b'{"a": "[MASKED:x:1]"}'


def test_unknown_type_binary_has_only_its_printable_strings():
    doc = open_body(None, b"\x89PNG\r\n\x1a\n\xff\xfe\x00\x01 token=ghp_in_the_binary \x00\x02")
    assert doc.kind == "binary" and doc.skipped == []
    assert doc.fields == [Field("strings.ascii", " token=ghp_in_the_binary ", "strings")]
    with pytest.raises(Unmaskable):
        doc.render({0: "[MASKED:x:1]"})
    assert doc.render({}) == doc._raw


def test_unknown_type_utf8_is_text():
    doc = open_body("application/x-custom", b"key=value ghp_x")
    assert doc.kind == "text" and doc.fields[0].text == "key=value ghp_x"


@pytest.mark.parametrize("content_type", ["image/png", "audio/wav", "video/mp4", "application/octet-stream",
                                          "application/pdf", "application/zip", "application/x-protobuf",
                                          "application/grpc", "application/grpc+proto", "font/woff2",
                                          "application/msgpack", "application/vnd.ms-excel",
                                          "image/png, application/json"])
def test_declared_binary_types_that_hold_text_are_scanned_as_text(content_type):
    doc = open_body(content_type + "; foo=bar", b"ghp_this_would_be_found_if_scanned")
    assert doc.kind == "text" and doc.fields == [Field("body", "ghp_this_would_be_found_if_scanned")]
    assert doc.render({0: "[MASKED:x:1]"}) == b"[MASKED:x:1]"


def test_declared_binary_type_holding_json_is_walked_as_json():
    doc = open_body("image/png, application/json", b'{"k": "v"}')
    assert doc.kind == "json" and doc.fields == [Field("$.k", "v")]


@pytest.mark.parametrize("codec", ["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le", "utf-32-be",
                                   "utf-8-sig"])
@pytest.mark.parametrize("content_type", [None, "text/plain", "application/octet-stream"])
def test_utf16_and_utf32_with_or_without_bom_are_text(codec, content_type):
    raw = 'AWS=AKIAIOSFODNN7EXAMPLE\nnote="caf\u00e9"\n'.encode(codec)
    doc = open_body(content_type, raw)
    assert doc.kind == "text" and doc.fields[0].text.lstrip("\ufeff").startswith("AWS=AKIA")
    rendered = doc.render({0: doc.fields[0].text.replace("AKIAIOSFODNN7EXAMPLE", "[MASKED:x:1]")})
    assert rendered == raw.decode(codec).replace("AKIAIOSFODNN7EXAMPLE", "[MASKED:x:1]").encode(codec)


def test_utf16le_json_without_type_is_walked_as_json():
    doc = open_body("text/plain", b'{"a": "AKIAIOSFODNN7EXAMPLE"}'.decode().encode("utf-16-le"))
    assert doc.kind == "json" and doc.fields == [Field("$.a", "AKIAIOSFODNN7EXAMPLE")]
    assert doc.render({0: "[M]"}) == '{"a": "[M]"}'.encode("utf-16-le")


def test_binary_strings_in_utf16():
    raw = b"\x00\x01\x02\x03" + "secret=ghp_wide_value".encode("utf-16-le") + b"\x00\x00\xff\x03"
    doc = open_body("application/octet-stream", raw)
    assert doc.kind == "binary"
    assert Field("strings.utf-16-le", "secret=ghp_wide_value", "strings") in doc.fields


@pytest.mark.parametrize("content_type", ["application/json", "text/plain", "multipart/form-data; boundary=x",
                                          "image/png", None])
def test_empty_body(content_type):
    doc = open_body(content_type, b"")
    assert (doc.kind, doc.fields, doc.skipped, doc.render({})) == ("empty", [], [], b"")


def test_unknown_charset_is_an_error():
    with pytest.raises(BodyError, match="unsupported charset 'x-klingon'"):
        open_body("text/plain; charset=x-klingon", b"abc")


def test_replacement_not_encodable_in_charset():
    doc = open_body("text/plain; charset=ascii", b"abc")
    with pytest.raises(BodyError, match="cannot be encoded as ascii"):
        doc.render({0: "\u00e9"})


def test_quoted_charset_parameter():
    doc = open_body('text/plain; charset="utf-16"', "hi".encode("utf-16"))
    assert doc.fields[0].text == "hi"
