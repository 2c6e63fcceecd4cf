import json

import pytest

from addons.formats import BodyError, open_body

BOUNDARY = "----exitguard7MA4YWxkTrZu0gW"
CT = f"multipart/form-data; boundary={BOUNDARY}"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256))


def multipart(*parts, boundary=BOUNDARY, newline=b"\r\n", preamble=b"", epilogue=b""):
    out = [preamble]
    for headers, content in parts:
        out.append(b"--" + boundary.encode() + newline)
        out += [h.encode() + newline for h in headers]
        out += [newline, content, newline]
    out.append(b"--" + boundary.encode() + b"--" + newline + epilogue)
    return b"".join(out)


UPLOAD = multipart(
    (['Content-Disposition: form-data; name="purpose"'], b"assistants"),
    (['Content-Disposition: form-data; name="metadata"', "Content-Type: application/json"],
     json.dumps({"owner": "a@b.co", "note": "key sk-abc"}).encode()),
    (['Content-Disposition: form-data; name="file"; filename="scan.png"', "Content-Type: image/png"], PNG),
    (['Content-Disposition: form-data; name="notes"; filename="notes.txt"', "Content-Type: text/plain"],
     b"line one\r\npassword: hunter2\r\n"),
    (['Content-Disposition: form-data; name="data"; filename="train.jsonl"',
      "Content-Type: application/octet-stream"], b'{"prompt": "p1"}\n{"prompt": "p2"}\n'),
    preamble=b"ignored preamble\r\n", epilogue=b"epilogue\r\n",
)


def test_text_json_and_binary_parts():
    doc = open_body(CT, UPLOAD)
    assert doc.kind == "multipart"
    assert [(f.location, f.text) for f in doc.fields] == [
        ("multipart.purpose", "assistants"),
        ("multipart.metadata#$.owner", "a@b.co"),
        ("multipart.metadata#$.note", "key sk-abc"),
        ("multipart.notes", "line one\r\npassword: hunter2\r\n"),
        ("multipart.data#line[0]$.prompt", "p1"),
        ("multipart.data#line[1]$.prompt", "p2"),
    ]
    assert doc.skipped == ["multipart part 'file' (image/png): binary"]


def test_round_trip_is_byte_exact():
    doc = open_body(CT, UPLOAD)
    assert doc.render({}) == UPLOAD


def test_masking_changes_only_that_part():
    doc = open_body(CT, UPLOAD)
    out = doc.render({2: "[MASKED:k:1]", 3: "line one\r\npassword: [MASKED:p:2]\r\n"})
    expected = UPLOAD.replace(b"key sk-abc", b"[MASKED:k:1]").replace(b"hunter2", b"[MASKED:p:2]")
    assert out == expected
    again = open_body(CT, out)
    assert PNG in out and again.fields[2].text == "[MASKED:k:1]"


def test_lf_only_and_quoted_boundary():
    raw = multipart((['Content-Disposition: form-data; name="a"'], b"v"), boundary="b:1", newline=b"\n")
    doc = open_body('multipart/form-data; boundary="b:1"', raw)
    assert [(f.location, f.text) for f in doc.fields] == [("multipart.a", "v")]
    assert doc.render({0: "w"}) == raw.replace(b"\n\nv\n", b"\n\nw\n")


def test_boundary_text_inside_content_is_not_a_delimiter():
    content = f"see --{BOUNDARY}x in here".encode()
    raw = multipart((['Content-Disposition: form-data; name="a"'], content))
    assert open_body(CT, raw).fields[0].text == content.decode()


def test_binary_file_without_type_is_skipped_text_file_without_type_is_scanned():
    raw = multipart(
        (['Content-Disposition: form-data; name="bin"; filename="x"'], b"\x00\x01\x02"),
        (['Content-Disposition: form-data; name="txt"; filename="y"'], b"plain words"),
        (['Content-Disposition: form-data; name="bad"; filename="z"'], b"\xff\xfe not utf8"),
    )
    doc = open_body(CT, raw)
    assert [(f.location, f.text) for f in doc.fields] == [("multipart.txt", "plain words")]
    assert doc.skipped == ["multipart part 'bin' (no content type): binary",
                           "multipart part 'bad' (no content type): binary"]


def test_transfer_encoded_part_is_skipped():
    raw = multipart((['Content-Disposition: form-data; name="a"', "Content-Transfer-Encoding: base64"], b"aGk="))
    assert open_body(CT, raw).skipped == ["multipart part 'a' (content-transfer-encoding base64): not decoded"]


def test_part_name_that_looks_secret_is_not_shown():
    raw = multipart((['Content-Disposition: form-data; name="sk-ant-api03-abcdefgh1234"'], b"v"))
    doc = open_body(CT, raw)
    assert doc.fields[0].location == "multipart.{0}"


def test_nested_multipart():
    inner = multipart((['Content-Disposition: form-data; name="x"'], b"inner text"), boundary="inner")
    raw = multipart((['Content-Disposition: form-data; name="outer"', "Content-Type: multipart/mixed; boundary=inner"],
                     inner))
    doc = open_body(CT, raw)
    assert [(f.location, f.text) for f in doc.fields] == [("multipart.outer#multipart.x", "inner text")]
    assert doc.render({0: "M"}) == raw.replace(b"inner text", b"M")


@pytest.mark.parametrize("raw, content_type, message", [
    (UPLOAD[:-40], CT, "no closing boundary"),
    (b"no delimiters at all secret", CT, "does not contain its boundary"),
    (UPLOAD, "multipart/form-data", "no valid boundary"),
    (multipart((['Content-Disposition: form-data; name="j"', "Content-Type: application/json"], b'{"a": secret}')),
     CT, "multipart part 1: body is not valid JSON"),
])
def test_malformed_multipart(raw, content_type, message):
    with pytest.raises(BodyError) as e:
        open_body(content_type, raw)
    assert message in str(e.value) and "secret" not in str(e.value)
