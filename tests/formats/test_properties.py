"""Property tests: rendering keeps JSON valid and puts replacements exactly where the walk said."""

import json
from urllib.parse import parse_qsl, quote, quote_plus, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addons.formats import open_body
from addons.formats.jsonwalk import collect_fields, parse_document

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
documents = st.recursive(
    scalars,
    lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=8), children, max_size=5),
    max_leaves=30,
)
# Strings that themselves hold JSON (tool call arguments): exercises the embedded walk.
documents_with_embedded = st.recursive(
    scalars | documents.map(json.dumps),
    lambda children: st.lists(children, max_size=4) | st.dictionaries(st.text(max_size=6), children, max_size=4),
    max_leaves=20,
)
styles = st.sampled_from([{}, {"indent": 2}, {"separators": (",", ":")}, {"ensure_ascii": False}])


@pytest.mark.slow  # 150 generated documents in every style
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with_embedded, styles)
def test_render_without_replacements_parses_to_the_same_object(obj, style):
    raw = json.dumps(obj, **style).encode()
    doc = open_body("application/json", raw)
    assert json.loads(doc.render({})) == obj


replacements = st.text().filter(lambda t: t.lstrip(" \t\r\n")[:1] not in ("{", "["))  # else walked as JSON


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with_embedded, styles, replacements, st.data())
def test_any_replacement_stays_valid_and_lands_at_its_location(obj, style, replacement, data):
    doc = open_body("application/json", json.dumps(obj, **style).encode())
    if not doc.fields:
        return
    index = data.draw(st.integers(0, len(doc.fields) - 1))
    field = doc.fields[index]
    out = doc.render({index: replacement})
    new_obj = json.loads(out)  # still valid JSON
    if field.kind == "key":  # its location now names the new key: look for the key itself
        assert replacement in all_keys(new_obj)
    else:
        location = field.location.removesuffix("#number")  # a replaced number comes back as a string
        again = open_body("application/json", out)
        assert (location, replacement) in [(f.location, f.text) for f in again.fields]


def all_keys(value):
    if isinstance(value, str) and value.lstrip(" \t\r\n")[:1] in ("{", "["):
        try:
            value = json.loads(value)
        except ValueError:
            return set()
    if isinstance(value, dict):
        return set(value).union(*(all_keys(v) for v in value.values()))
    if isinstance(value, list):
        return set().union(*(all_keys(v) for v in value))
    return set()


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.text(min_size=1, max_size=8), st.text(max_size=12)), max_size=6),
       st.sampled_from([quote_plus, quote]), st.text())
def test_form_round_trip_byte_exact_and_replacement(pairs, quote_via, replacement):
    raw = urlencode(pairs, quote_via=quote_via).encode()
    doc = open_body("application/x-www-form-urlencoded", raw)
    assert doc.render({}) == raw
    values = [i for i, f in enumerate(doc.fields) if f.kind != "key" and "#" not in f.location]
    if values:
        out = doc.render({values[0]: replacement})
        before = parse_qsl(raw.decode(), keep_blank_values=True)
        after = parse_qsl(out.decode(), keep_blank_values=True)
        changed = [(b, a) for b, a in zip(before, after) if b != a]
        assert len(after) == len(before) and len(changed) <= 1
        assert replacement in [value for _, value in after]


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents_with_embedded, styles, st.integers(0, 4))
def test_fast_walker_and_render_walker_find_the_same_fields(obj, style, max_depth):
    text = json.dumps(obj, **style)
    fast, spans = [], []
    collect_fields(text, "$", fast, max_depth=max_depth)
    parse_document(text, "$", spans, max_depth=max_depth)
    assert fast == spans


@pytest.mark.parametrize("text", [
    '{"a": NaN, "b": -Infinity, "c": Infinity, "n": 12345678901234567890123}',
    '{"a": "x", "a": "y", "9x": {"ghp_0123456789": 1}}',
    '"top"', "123456789", '["[1, 2", "{\\"k\\": [\\"v\\"]} ", " [] ", "[MASKED:r:1]"]',
    '{"s": "' + '[' * 199 + ']' * 199 + '"}',
    '{"s": "' + '[' * 200 + ']' * 200 + '"}',
    '{"big": ' + '1' * 5000 + '}',
])
def test_walkers_agree_on_edge_cases(text):
    fast, spans = [], []
    collect_fields(text, "$", fast, max_depth=4)
    parse_document(text, "$", spans, max_depth=4)
    assert fast == spans
