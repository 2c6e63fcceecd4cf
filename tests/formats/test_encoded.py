import base64
import gzip
import json
import zlib

import pytest

from addons.formats import Field, Unmaskable, open_body
from addons.formats.encoded import MAX_INFLATED, RUN_MIN, SHORT_RUN, apply, expand

ENV = "OPENAI_API_KEY=sk-secret-value\nNOTE=caf\u00e9\n"
B64 = base64.b64encode(ENV.encode()).decode()


def test_data_uri_payload_is_a_decoded_field_and_re_encodes():
    doc = open_body("application/json", json.dumps({"file_data": f"data:text/plain;base64,{B64}"}).encode())
    assert doc.fields[1] == Field("$.file_data#base64@23", ENV, "decoded")
    out = json.loads(doc.render({1: ENV.replace("sk-secret-value", "[M]")}))
    header, _, payload = out["file_data"].partition(",")
    assert header == "data:text/plain;base64" and base64.b64decode(payload).decode() == ENV.replace(
        "sk-secret-value", "[M]")


@pytest.mark.parametrize("shape", [
    lambda d: {"type": "document", "source": {"type": "base64", "media_type": "text/plain", "data": d}},
    lambda d: {"inlineData": {"mimeType": "text/csv", "data": d}},
    lambda d: {"type": "input_file", "filename": "a.env", "file_data": d},
    lambda d: {"text": f"the file is {d} (base64)"},
])
def test_provider_file_shapes_and_runs_in_free_text(shape):
    doc = open_body("application/json", json.dumps(shape(B64)).encode())
    decoded = [f for f in doc.fields if f.kind == "decoded"]
    assert [f.text for f in decoded] == [ENV]
    out = doc.render({doc.fields.index(decoded[0]): "[M]"})
    assert B64.encode() not in out and base64.b64encode(b"[M]") in out


def test_urlsafe_and_unpadded_runs_keep_their_alphabet_and_padding():
    raw = ("x" * 40 + "?>" * 20).encode()  # bytes whose base64 holds + and /
    urlsafe = base64.urlsafe_b64encode(raw).decode().rstrip("=")
    fields = [Field("$.t", f"v={urlsafe}")]
    expansion = expand(fields)
    assert [f.text for f in expansion.fields] == [raw.decode()]
    new = apply(fields, expansion.splices, 1, {1: "y" * 10})[0]
    assert new == "v=" + base64.urlsafe_b64encode(b"y" * 10).decode().rstrip("=")


def test_binary_payloads_give_their_printable_strings_only_and_short_noise_nothing():
    # attack20: a binary's printable strings are read (fixed-shape keys only) and cannot be put back
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256))).decode()
    ident = "A" * (RUN_MIN - 1) + "z"  # decodes to bytes that are not printable UTF-8
    fields = [Field("$.a", png), Field("$.b", ident)]
    expansion = expand(fields)
    # forwards: the printable stretch; a run of up to 1,024 characters is also read backwards (a guess, attack20)
    assert (expansion.fields[0].location, expansion.fields[0].text) == ("$.a#base64@0", bytes(range(32, 127)).decode())
    assert {(f.location, f.kind) for f in expansion.fields} == {("$.a#base64@0", "decoded-short")}
    with pytest.raises(Unmaskable):
        apply(fields, expansion.splices, 2, {2: "[M]"})
    assert SHORT_RUN > RUN_MIN


def test_carrier_masked_too_re_encodes_the_run_where_it_still_is():
    fields = [Field("$.a", f"key AKIA... then {B64}")]
    expansion = expand(fields)
    out = apply(fields, expansion.splices, 1, {0: f"key [MASKED:x:1] then {B64}", 1: "[M]"})
    assert out == {0: f"key [MASKED:x:1] then {base64.b64encode(b'[M]').decode()}"}


def test_carrier_with_the_run_twice_is_unmaskable():
    fields = [Field("$.a", f"{B64} {B64}")]
    expansion = expand(fields)
    with pytest.raises(Unmaskable):
        apply(fields, expansion.splices, 1, {0: f"x {B64} {B64}", 1: "[M]"})


SECRET_LINE = "token=egtok_Q7w9E2r4T6y8U1i3O5p7A9s2"


def _b64(data: bytes | str) -> str:
    return base64.b64encode(data.encode() if isinstance(data, str) else data).decode()


@pytest.mark.parametrize("encode, location", [
    (lambda t: _b64(_b64(_b64(t))), "$.t#base64@2#base64@0#base64@0"),
    (lambda t: t.encode().hex(), "$.t#hex@2"),
    (lambda t: t.encode().hex().upper(), "$.t#hex@2"),
    (lambda t: base64.b32encode(t.encode()).decode(), "$.t#base32@2"),
    (lambda t: _b64(t.encode().hex()), "$.t#base64@2#hex@0"),
])
def test_layers_are_decoded_and_rebuilt_in_the_same_form(encode, location):
    run = encode(SECRET_LINE)
    fields = [Field("$.t", f"x {run} y")]
    expansion = expand(fields)
    every = fields + expansion.fields
    (inner,) = [i for i, f in enumerate(every) if f.text == SECRET_LINE]
    assert every[inner].location == location
    out = apply(every, expansion.splices, 1, {inner: "token=[M]"})[0]
    assert out == f"x {encode('token=[M]')} y"


def test_no_more_than_three_layers_are_undone():
    fields = [Field("$.t", _b64(_b64(_b64(_b64(SECRET_LINE)))))]
    assert SECRET_LINE not in [f.text for f in expand(fields).fields]


@pytest.mark.parametrize("compress", [gzip.compress, zlib.compress])
def test_compressed_layers_are_read_but_cannot_be_rebuilt(compress):
    fields = [Field("$.t", _b64(compress(SECRET_LINE.encode())))]
    expansion = expand(fields)
    assert [f.text for f in expansion.fields] == [SECRET_LINE]
    with pytest.raises(Unmaskable, match="cannot be rebuilt"):
        apply(fields + expansion.fields, expansion.splices, 1, {1: "[M]"})


def test_a_compression_bomb_is_skipped_and_said_so():
    fields = [Field("$.t", _b64(gzip.compress(b"a" * (MAX_INFLATED + 1))))]
    expansion = expand(fields)
    assert expansion.fields == [] and "inflate" in expansion.skipped[0]


def test_short_runs_are_decoded_only_to_printable_text_and_marked_short():
    short = _b64("egs_Kq3Vt8Wz2N").rstrip("=")  # 19 characters
    ident = "0123456789abcdef0"  # base64 characters, decodes to noise
    fields = [Field("$.t", f"a {short} b"), Field("$.u", "QUJDREVGR0hJSktMTU5PUA"), Field("$.v", ident)]
    kinds = {f.location: f.kind for f in expand(fields).fields}
    assert kinds == {"$.t#base64@2": "decoded-short", "$.u#base64@0": "decoded-short"}


def test_hashes_and_ids_are_not_decoded():
    fields = [Field("$.h", "sha256 " + "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08"),
              Field("$.i", "id " + "JBSWY3DPEHPK3PXP" * 2)]  # base32 of "Hello!" and four binary bytes
    assert [f.location for f in expand(fields).fields] == []
