import json

from addons.detect.escapes import DecodedView, escape_kinds, needs_decoding, same_length_unescape


def test_same_length_view_keeps_offsets():
    raw = json.dumps({"content": 'a\n"b"\tc/d'})
    view = same_length_unescape(raw)
    assert len(view) == len(raw)
    assert '\n\n""b""\t\tc' in view
    assert same_length_unescape("no escapes here") == "no escapes here"


def test_decoded_view_maps_back_to_raw_offsets():
    inner = json.dumps({"token": "tok\u00e9n-value", "n": 1})
    raw = json.dumps({"arguments": inner})
    kinds = escape_kinds(raw)
    assert needs_decoding(kinds)
    decoded = DecodedView(raw)
    start = decoded.text.index("tok\\u")
    end = start + len("tok\\u00e9n-value")  # one level decoded: the inner \\u00e9 is now \u00e9
    assert decoded.text[start:end] == "tok\\u00e9n-value"
    raw_start, raw_end = decoded.to_raw(start), decoded.to_raw(end)
    assert json.loads('"' + json.loads('"' + raw[raw_start:raw_end] + '"') + '"') == "tok\u00e9n-value"
