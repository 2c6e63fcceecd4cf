import pytest

from addons.formats import BodyError, Field, open_body


def test_plain_text_is_one_field_and_renders_in_its_charset():
    doc = open_body("text/plain; charset=iso-8859-1", "caf\u00e9 secret".encode("latin-1"))
    assert doc.kind == "text" and doc.fields == [Field("body", "caf\u00e9 secret")]
    assert doc.render({0: "caf\u00e9 [MASKED]"}) == "caf\u00e9 [MASKED]".encode("latin-1")


def test_text_default_charset_is_utf8():
    doc = open_body("text/markdown", "\u00e9t\u00e9".encode())
    assert doc.fields[0].text == "\u00e9t\u00e9"


@pytest.mark.parametrize("content_type", ["text/plain", "application/json", "application/xml",
                                          "application/x-ndjson"])
def test_invalid_utf8_in_declared_text_names_the_byte(content_type):
    with pytest.raises(BodyError) as e:
        open_body(content_type, b'{"a": "secret \xff"}')
    assert str(e.value) == "body is not valid UTF-8 at byte 14"


def test_unknown_type_not_utf8_is_binary():
    doc = open_body(None, b"\x89PNG\r\n\x1a\n\xff\xfe")
    assert doc.kind == "binary" and doc.fields == []
    assert doc.skipped == ["binary body (no content type, not text)"]


def test_unknown_type_utf8_is_text():
    doc = open_body("application/x-custom", b"key=value ghp_x")
    assert doc.kind == "text" and doc.fields[0].text == "key=value ghp_x"


@pytest.mark.parametrize("content_type", ["image/png", "audio/wav", "video/mp4", "application/octet-stream",
                                          "application/pdf", "application/zip", "application/x-protobuf",
                                          "application/grpc", "application/grpc+proto", "font/woff2"])
def test_binary_types_have_no_fields(content_type):
    doc = open_body(content_type + "; foo=bar", b"ghp_this_would_be_found_if_scanned")
    assert doc.kind == "binary" and doc.fields == []
    assert doc.skipped == [f"binary body ({content_type})"]
    assert doc.render({}) == b"ghp_this_would_be_found_if_scanned"


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
