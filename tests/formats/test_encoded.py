import base64
import json

import pytest

from addons.formats import Field, Unmaskable, open_body
from addons.formats.encoded import RUN_MIN, SHORT_RUN, apply, expand

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


def test_binary_payloads_and_short_noise_are_not_decoded():
    png = base64.b64encode(b"\x89PNG\r\n\x1a\n" + bytes(range(256))).decode()
    ident = "A" * (RUN_MIN - 1) + "z"  # decodes to bytes that are not printable UTF-8
    assert expand([Field("$.a", png), Field("$.b", ident)]).fields == []
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
