"""Property tests over the real engine, the default policy and the body/stream codecs, fed with every rule
example embedded at random places: masking never raises, keeps JSON / SSE valid, is idempotent, and no
example's detected value survives.

The fixture-pack stream properties live in tests/stream/test_property.py; these run the shipped rules.
"""

from __future__ import annotations

import functools
import json

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from addons.detect.holdback import Holdback
from addons.formats import sse
from addons.stream.masker import StreamMasker
from tests.hostile import corpus
from tests.stream import streams as S

INSPECTOR = corpus.inspector()
REQUEST_EXAMPLES = corpus.examples("request")
RESPONSE_EXAMPLES = corpus.examples("response")
PRECISE = tuple(e for e in REQUEST_EXAMPLES if e.tier == "precise")

FAST = settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow,
                                                                          HealthCheck.data_too_large])

# Filler: any text (hypothesis' default alphabet: all of Unicode but surrogates), plus tricky fragments.
filler = st.text(max_size=30) | st.sampled_from(["", "[MASKED:", "]", "\\", '"', "\\u0041", "AKIA", "ghp_",
                                                  "password: ", "-----BEGIN", "{", "[", "\r\n"])


@st.composite
def texts_with_examples(draw, pool=REQUEST_EXAMPLES):
    """(text, examples embedded). Examples sit on their own lines, so a filler cannot glue onto a value
    and legitimately change what it is (a word boundary is part of most rules)."""
    pieces = draw(st.lists(filler | st.sampled_from(pool), min_size=1, max_size=6))
    used = [p for p in pieces if isinstance(p, corpus.Example)]
    return "\n".join(p.text if isinstance(p, corpus.Example) else p for p in pieces), used


mask_body = functools.partial(corpus.mask_body, INSPECTOR)


@functools.cache
def key_context_misses() -> frozenset:
    """Examples missed when they arrive as JSON objects (keys name the secret, the codec scans each value after its
    own key). That defect has its own failing test (test_evasion.py::test_key_named_secrets_in_json_objects_are_
    masked, in every place corpus.JSON_PLACES lists); the body properties leave these out so they keep checking
    everything else. Empty once fixed. leak33: only tool-call arguments were tried here, so a paired-key example
    that leaked in a message's content was neither excluded nor an explicit test: the property failed when its
    draws put it there. Computed on first use (two tests), not at import on every worker: ~2,500 bodies, ~1.4 s."""
    missed = set()
    for example in REQUEST_EXAMPLES:
        if not example.text.lstrip().startswith("{"):
            continue
        for place in corpus.JSON_PLACES.values():
            try:
                raw = json.dumps(place(example.text)).encode()
            except ValueError:
                continue
            if corpus.leaked([example], every_text("application/json", mask_body("application/json", raw))):
                missed.add(example)
    return frozenset(missed)


every_text = corpus.every_text


@functools.cache
def string_in_string_misses() -> frozenset:
    """prose54: examples missed when the JSON-in-JSON kind wraps a plain string (a JSON string literal inside a JSON
    string: its quotes and line breaks escaped twice, so a CSV example's `\\"login\\";\\"mot_de_passe\\"` reads as no
    CSV). Missed on main 0cb3f5b too; the draws reached it once prose54's rule examples changed them. Its own strict
    xfail is test_a_csv_example_json_encoded_inside_a_json_string_is_masked; the property leaves these out so it
    keeps checking everything else. Empty once fixed."""
    missed = set()
    for example in REQUEST_EXAMPLES:
        raw = json.dumps({"": json.dumps(example.text)}).encode()
        if corpus.leaked([example], every_text("application/json", mask_body("application/json", raw))):
            missed.add(example)
    return frozenset(missed)


# ------------------------------------------------------------------------------------------ engine


@FAST
@given(texts_with_examples())
def test_inspect_text_masks_every_example_and_is_idempotent(case):
    text, used = case
    first = INSPECTOR.inspect_text(text, "request", "t")
    assert not first.incomplete
    assert corpus.leaked(used, first.text) == []
    again = INSPECTOR.inspect_text(first.text, "request", "t")
    assert again.text == first.text and not again.changed


@pytest.mark.parametrize("text, value", [
    # Hypothesis found both: a prose password hidden by the next line's match of the same rule, and the
    # rule id inside a placeholder read as a credential word when the masked text was masked again.
    ("La contraseña es Ember&Lotus88, cámbiala pronto.\nREDIS_PASSWORD=aB3dE6gH9jK2mN5p", "Ember&Lotus88"),
    ("DATABASE_URL=postgres://app:q7@db.internal:5432/app", "q7@"),
])
def test_found_by_hypothesis_masked_and_idempotent(text, value):
    first = INSPECTOR.inspect_text(text, "request", "t")
    assert value not in first.text
    again = INSPECTOR.inspect_text(first.text, "request", "t")
    assert again.text == first.text and not again.changed


def test_every_precise_example_is_masked_on_its_own():
    # Not random: the floor under the properties. All precise-tier examples, one text each.
    assert len(PRECISE) > 300
    leaks = [e.rule_id for e in PRECISE if corpus.leaked([e], INSPECTOR.inspect_text(e.text, "request", "t").text)]
    assert leaks == []


# ------------------------------------------------------------------------------------------ JSON bodies

keys = st.text(max_size=8) | st.sampled_from(["content", "text", "arguments", "api_key", "x.y", "0"])


@st.composite
def json_documents(draw):
    """A JSON value with examples in string values, keys and JSON-in-JSON strings; returns (obj, examples)."""
    used: list = []

    def leaf_text():
        text, found = draw(texts_with_examples())
        used.extend(found)
        return text

    def build(depth: int):
        kind = draw(st.sampled_from(["str", "str", "scalar", "list", "dict", "embedded"] if depth < 4
                                    else ["str", "scalar"]))
        if kind == "str":
            return leaf_text()
        if kind == "scalar":
            return draw(st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False))
        if kind == "list":
            return [build(depth + 1) for _ in range(draw(st.integers(0, 4)))]
        if kind == "embedded":  # tool-call arguments: a JSON document inside a string
            return json.dumps(build(depth + 1), ensure_ascii=draw(st.booleans()))
        obj = {}
        for _ in range(draw(st.integers(0, 4))):
            key = leaf_text() if draw(st.integers(0, 5)) == 0 else draw(keys)
            obj[key] = build(depth + 1)
        return obj

    return build(0), used


styles = st.sampled_from([{}, {"indent": 2}, {"separators": (",", ":")}, {"ensure_ascii": False}])


@FAST
@given(json_documents(), styles)
def test_json_masking_keeps_json_valid_idempotent_and_leaves_no_example(case, style):
    obj, used = case
    raw = json.dumps(obj, **style).encode()
    out = mask_body("application/json", raw)
    json.loads(out)  # still valid JSON
    known = key_context_misses() | string_in_string_misses()
    assert corpus.leaked([e for e in used if e not in known], every_text("application/json", out)) == []
    assert mask_body("application/json", out) == out


@pytest.mark.xfail(strict=True, reason="prose54 found it (pre-existing on main 0cb3f5b): a JSON string literal inside "
                                       "a JSON string is not opened, so a CSV's quotes are read escaped twice")
def test_a_csv_example_json_encoded_inside_a_json_string_is_masked():
    text = '"login";"mot_de_passe";"actif"\n"ops";"Ibis-Reed-Sedge";"oui"'
    out = mask_body("application/json", json.dumps({"": json.dumps(text)}).encode())
    assert b"Ibis-Reed-Sedge" not in out


PAIRED = tuple(e for e in REQUEST_EXAMPLES if e.rule_id == "generic-password-paired-key")


@pytest.mark.parametrize("style", [{}, {"indent": 2}, {"separators": (",", ":")}, {"ensure_ascii": False}])
@pytest.mark.parametrize("shape", ["value", "key", "embedded ascii", "embedded unicode", "embedded list ascii",
                                   "embedded list unicode"])
def test_paired_key_examples_in_the_shapes_the_json_property_draws(shape, style):
    # leak33 (found by the property at f23b68a and 58501de): the JSON example `{"smtp_user": ..., "smtp_phrase":
    # X}` as a string value ("value", "embedded list ...") was opened as JSON and its password scanned after
    # `"smtp_phrase": "` alone; inspection.context_of now shows the account's sibling line (core/paired_context.py).
    assert len(PAIRED) >= 7
    for example in PAIRED:
        text = example.text
        obj = {"value": {"content": text}, "key": {text: 1},
               "embedded ascii": {"arguments": json.dumps({"a": text})},
               "embedded unicode": {"arguments": json.dumps({"a": text}, ensure_ascii=False)},
               "embedded list ascii": {"arguments": json.dumps([text])},
               "embedded list unicode": {"arguments": json.dumps([text], ensure_ascii=False)}}[shape]
        out = mask_body("application/json", json.dumps(obj, **style).encode())
        json.loads(out)
        assert corpus.leaked([example], every_text("application/json", out)) == []
        assert mask_body("application/json", out) == out


# Found by leak33's explore runs (10,000 examples a run, not derandomized) at 5b34aad and the same before it.
# leak34: the netrc entry was rejected by its context score, `hash` of the line above (Hash::make) read as a negative
# word; the scanner's second look (Scanner._second_look) judges it with the lines that give a credential blanked.
# tests/hostile/test_finding_after_finding.py sweeps the class.
def test_found_by_explore_netrc_directive_after_an_os_account_line_is_masked():
    text = "$u->password = Hash::make('4821');\nmachine files.corp.test\nlogin ops\npassword tarnfescue\n"
    out = mask_body("application/json", json.dumps(text).encode())
    assert "tarnfescue" not in every_text("application/json", out)
    assert mask_body("application/json", out) == out


# leak34: never masked. `content` is a JSON key, not a cell: the `;` between the quoted cells of the header
# (`"login";"mot_de_passe"`) was read as an INI comment mark naming a password, so any later line's token after a
# quote could score as the password; the first pass read the prose line as the nearest header instead, the second
# (that line no longer a header: its placeholder's brackets) read the quoted one. COMMENT_MARK no longer takes `;`
# before a quote, and the header is read by its columns.
def test_found_by_explore_csv_then_json_line_masks_idempotently():
    text = ('"login";"mot_de_passe";"actif"\n"ops";"Ibis-Reed-Sedge";"oui"\nmy password is sunshine\n'
            '{"role": "user", "content": "try Copper2024! as the admin password"}')
    out = mask_body("application/json", json.dumps(text).encode())
    assert mask_body("application/json", out) == out
    assert '\\"content\\"' in out.decode() and "Ibis-Reed-Sedge" not in out.decode()


# leak34: never masked, as the first pass did. A [name, value] pair (attack22) reads the number after its first
# element; the masked sentence was longer than a name (64 chars), so the second pass read the number under `APIKEY`.
# A placeholder now counts as one char in a name's length (inspection._short_name).
def test_found_by_explore_integer_beside_a_masked_value_masks_idempotently():
    raw = json.dumps({"APIKEY": ["use Tarn#Fescue61 to log in, it expires friday", 109010203]}).encode()
    out = mask_body("application/json", raw)
    assert mask_body("application/json", out) == out
    assert json.loads(out)["APIKEY"][1] == 109010203 and "Tarn#Fescue61" not in out.decode()


# Session 26: drawn by the body properties while Hypothesis still mixed in literals from whichever modules a worker
# had imported (tests/conftest.py, _no_local_constants). A masked AsciiDoc table followed by a DokuWiki one: the
# second pass, with the first table's value now a placeholder, reads the next table's header cell `Service` as the
# value (a mask of a word, not a leak; EVASION.md, "masking not idempotent" row).
def test_found_in_session_26_two_wiki_tables_mask_idempotently():
    text = ('[cols="1,1"]\n|===\n|User |Password\n\n|backup\n|pass:[Heron!Lake27]\n|===\n'
            '^ Service ^ Login ^ Password ^\n| Backup NAS | backup | %%Heron!Lake27%% |')
    out = mask_body("application/json", json.dumps(text).encode())
    assert "Heron!Lake27" not in out.decode()
    assert mask_body("application/json", out) == out


# Session 26, the same draws: john's `1 password hash cracked, 0 left` line right above a CSV header is read as the
# header (its cells split by the comma), so the real header's column is never judged (EVASION.md, leak34's open
# row: a negative word on a line of the first credential).
def test_found_in_session_26_a_csv_after_john_s_summary_line_is_masked():
    text = ('$ john --show shadow.txt\nk.olsen:Quoll!Fen34:1001:1001:,,,:/home/k.olsen:/bin/bash\n\n'
            '1 password hash cracked, 0 left\n"login";"mot_de_passe";"actif"\n"ops";"Ibis-Reed-Sedge";"oui"')
    out = mask_body("application/json", json.dumps(text).encode()).decode()
    assert "Quoll!Fen34" not in out
    assert "Ibis-Reed-Sedge" not in out


@FAST
@given(texts_with_examples())
def test_text_body_masking(case):
    text, used = case
    raw = text.encode()
    out = mask_body("text/plain; charset=utf-8", raw)
    out.decode("utf-8")
    kept = [e for e in used if e not in key_context_misses()]  # a text body that is JSON is opened as JSON
    assert corpus.leaked(kept, every_text("text/plain; charset=utf-8", out)) == []
    assert mask_body("text/plain; charset=utf-8", out) == out


# ------------------------------------------------------------------------------------------ SSE streams


def masker() -> StreamMasker:
    scanner = INSPECTOR.scanner
    return StreamMasker("openai_chat", INSPECTOR.inspect_text, safe_end=Holdback.for_scanner(scanner).safe_end)


@st.composite
def sse_streams(draw):
    text, used = draw(texts_with_examples(RESPONSE_EXAMPLES))
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(text) - 1)), max_size=12)))
    fragments = [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)]) if b > a]
    body = S.openai_chat(fragments)
    net = sorted(draw(st.sets(st.integers(1, len(body) - 1), max_size=20)))
    return text, used, body, net


def assert_valid_sse(body: bytes) -> None:
    parser = sse.SSEParser()
    events = parser.feed(body) + parser.finish()
    assert body.endswith(b"\n\n") and events
    for event in events:
        if event.data is not None and event.data != "[DONE]":
            json.loads(event.data)


@pytest.mark.slow  # generated SSE streams through the masker
@FAST
@given(sse_streams())
def test_sse_masking_keeps_the_stream_valid_idempotent_and_leaves_no_example(case):
    _text, used, body, net = case
    first = masker()
    out = S.run(first, body, chunks=net)
    assert not first.stopped, first.stop_reason
    assert_valid_sse(out)
    client = S.client_text("openai_chat", out).get("text", "")
    assert corpus.leaked(used, client + out.decode("utf-8", "replace")) == []
    second = masker()
    again = S.run(second, out, chunks=net)
    assert not second.stopped, second.stop_reason
    assert S.client_text("openai_chat", again).get("text", "") == client
