import base64
import binascii
import json

import pytest

from addons.formats import AmbiguousBody, BodyError, Unmaskable, open_body

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


FRAMES = ("#preamble", "#epilogue", "#headers")


def contents(doc):
    """The fields of the parts' contents (not the preamble, epilogue or part headers)."""
    return [f for f in doc.fields if not f.location.endswith(FRAMES)]


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
    assert [(f.location, f.text) for f in contents(doc)] == [
        ("multipart.purpose", "assistants"),
        ("multipart.metadata#$.owner", "a@b.co"),
        ("multipart.metadata#$.note", "key sk-abc"),
        ("multipart.file#strings.ascii", bytes(range(32, 127)).decode()),
        ("multipart.notes", "line one\r\npassword: hunter2\r\n"),
        ("multipart.data#line[0]$.prompt", "p1"),
        ("multipart.data#line[1]$.prompt", "p2"),
    ]
    assert doc.skipped == []
    assert doc.fields[3].kind == "strings"


def test_round_trip_is_byte_exact():
    doc = open_body(CT, UPLOAD)
    assert doc.render({}) == UPLOAD


def test_masking_changes_only_that_part():
    doc = open_body(CT, UPLOAD)
    out = doc.render({2: "[MASKED:k:1]", 4: "line one\r\npassword: [MASKED:p:2]\r\n"})
    expected = UPLOAD.replace(b"key sk-abc", b"[MASKED:k:1]").replace(b"hunter2", b"[MASKED:p:2]")
    assert out == expected
    again = open_body(CT, out)
    assert PNG in out and again.fields[2].text == "[MASKED:k:1]"


def test_lf_only_and_quoted_boundary():
    raw = multipart((['Content-Disposition: form-data; name="a"'], b"v"), boundary="b:1", newline=b"\n")
    doc = open_body('multipart/form-data; boundary="b:1"', raw)
    assert [(f.location, f.text) for f in contents(doc)] == [("multipart.a", "v")]
    assert doc.render({0: "w"}) == raw.replace(b"\n\nv\n", b"\n\nw\n")


def test_boundary_inside_a_part_is_ambiguous_and_refused():
    content = f"see --{BOUNDARY}x in here".encode()
    raw = multipart((['Content-Disposition: form-data; name="a"'], content))
    with pytest.raises(AmbiguousBody, match="part 1 contains its own boundary"):
        open_body(CT, raw)


def test_duplicate_boundary_parameter_is_ambiguous_and_refused():
    raw = multipart((['Content-Disposition: form-data; name="a"'], b"v"))
    with pytest.raises(AmbiguousBody, match="more than one boundary"):
        open_body(f"{CT}; boundary=other", raw)


def test_every_part_is_inspected_whatever_it_declares():
    raw = multipart(
        (['Content-Disposition: form-data; name="bin"; filename="x"'], b"\x00\x01\x02"),
        (['Content-Disposition: form-data; name="txt"; filename="y"'], b"plain words"),
        (['Content-Disposition: form-data; name="latin"; filename="l.env"'], b"PASS=caf\xe9 secret"),
        (['Content-Disposition: form-data; name="wide"; filename="w.env"'], "KEY=wide value".encode("utf-16")),
        (['Content-Disposition: form-data; name="nul"; filename="n.env"'], b"KEY=value with\x00a nul"),
        (['Content-Disposition: form-data; name="octet"', "Content-Type: application/octet-stream"], b"octet words"),
        (['Content-Disposition: form-data; name="img"; filename="i.png"', "Content-Type: image/png"], b"image text"),
        (['Content-Disposition: form-data; name="csv"; filename="c.csv"', "Content-Type: application/vnd.ms-excel"],
         b"a,b\n1,secret"),
    )
    doc = open_body(CT, raw)
    assert [(f.location, f.text, f.kind) for f in contents(doc)] == [
        ("multipart.txt", "plain words", "text"),
        ("multipart.latin", "PASS=caf\u00e9 secret", "text"),
        ("multipart.wide", "\ufeffKEY=wide value", "text"),
        ("multipart.nul#strings.ascii", "KEY=value with", "strings"),
        ("multipart.octet", "octet words", "text"),
        ("multipart.img", "image text", "text"),
        ("multipart.img", "mage", "decoded-short"),  # read as CBOR too: `i` heads 9 bytes (its glued run)
        ("multipart.csv", "a,b\n1,secret", "text"),
    ]
    assert doc.skipped == []
    assert doc.render({1: "PASS=caf\u00e9 [M]", 2: "\ufeffKEY=[M]"}) == raw.replace(
        b"caf\xe9 secret", b"caf\xe9 [M]").replace("KEY=wide value".encode("utf-16"), "KEY=[M]".encode("utf-16"))
    with pytest.raises(Unmaskable):
        doc.render({3: "[M]"})


def test_base64_part_is_decoded_and_masked_by_re_encoding():
    secret = b"OPENAI_API_KEY=sk-very-secret\n" * 5
    encoded = base64.encodebytes(secret).replace(b"\n", b"\r\n").rstrip()
    raw = multipart((['Content-Disposition: form-data; name="f"; filename="a.env"',
                      "Content-Transfer-Encoding: base64"], encoded))
    doc = open_body(CT, raw)
    assert [f.text for f in contents(doc)] == [secret.decode()]
    out = doc.render({0: secret.decode().replace("sk-very-secret", "[M]")})
    part = out.split(b"base64\r\n\r\n")[1].split(b"\r\n--")[0]
    assert base64.b64decode(part) == secret.replace(b"sk-very-secret", b"[M]")
    assert all(len(line) <= 76 for line in part.split(b"\r\n"))


def test_quoted_printable_part_is_decoded_and_masked():
    text = b"token = ghp_secret_value and caf\xc3\xa9"
    raw = multipart((['Content-Disposition: form-data; name="q"', "Content-Transfer-Encoding: quoted-printable"],
                     binascii.b2a_qp(text)))
    doc = open_body(CT, raw)
    assert [f.text for f in contents(doc)] == [text.decode()]
    out = doc.render({0: "token = [M] and caf\u00e9"})
    assert binascii.a2b_qp(out.split(b"printable\r\n\r\n")[1].split(b"\r\n--")[0]) == b"token = [M] and caf\xc3\xa9"


def test_unknown_transfer_encoding_is_refused():
    raw = multipart((['Content-Disposition: form-data; name="a"', "Content-Transfer-Encoding: x-uuencode"], b"x"))
    with pytest.raises(BodyError, match="unsupported content-transfer-encoding"):
        open_body(CT, raw)


def test_part_name_that_looks_secret_is_not_shown():
    raw = multipart((['Content-Disposition: form-data; name="sk-ant-api03-abcdefgh1234"'], b"v"))
    doc = open_body(CT, raw)
    assert doc.fields[0].location == "multipart.{0}"


def test_nested_multipart():
    inner = multipart((['Content-Disposition: form-data; name="x"'], b"inner text"), boundary="inner")
    raw = multipart((['Content-Disposition: form-data; name="outer"', "Content-Type: multipart/mixed; boundary=inner"],
                     inner))
    doc = open_body(CT, raw)
    assert [(f.location, f.text) for f in contents(doc)] == [("multipart.outer#multipart.x", "inner text")]
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


def test_the_preamble_epilogue_and_part_headers_are_fields_and_masked_in_place():
    # They leave with the body (a filename is kept by the server): a value in them is scanned and masked like
    # any other, every other byte kept.
    raw = multipart((['Content-Disposition: form-data; name="f"; filename="sk-live-1.txt"'], b"hello"),
                    preamble=b"pre sk-live-2\r\n", epilogue=b"post sk-live-3\r\n")
    doc = open_body(CT, raw)
    frames = {f.location: i for i, f in enumerate(doc.fields) if f.location.endswith(FRAMES)}
    assert sorted(frames) == ["multipart#epilogue", "multipart#preamble", "multipart.f#headers"]
    texts = {loc: doc.fields[i].text for loc, i in frames.items()}
    new = doc.render({i: texts[loc].replace("sk-live-", "[M]") for loc, i in frames.items()})
    assert new == raw.replace(b"sk-live-", b"[M]")
    assert [(f.location, f.text) for f in contents(open_body(CT, new))] == [("multipart.f", "hello")]


def test_a_mask_over_a_line_break_of_the_part_headers_is_refused():
    raw = multipart((['Content-Disposition: form-data; name="f"', "X-Note: abc"], b"hello"))
    doc = open_body(CT, raw)
    index = next(i for i, f in enumerate(doc.fields) if f.location == "multipart.f#headers")
    merged = doc.fields[index].text.replace('"\r\nX-Note', '"[M]X-Note')
    with pytest.raises(Unmaskable):
        doc.render({index: merged})
    with pytest.raises(Unmaskable):
        doc.render({index: doc.fields[index].text.replace("abc", f"--{BOUNDARY}")})
