"""Evasion: a secret disguised so the rule's regex does not see it. Each case either is caught (the test
asserts the mask) or is a known gap (a `test_gap_*` asserting today's behaviour, so a change is noticed and
EVASION.md gets updated). The path is the Guard's: open_body -> Inspector per field -> render.
"""

from __future__ import annotations

import base64
import json

import pytest

from tests import fakes
from tests.hostile.test_properties import INSPECTOR, every_text, mask_body

SECRETS = {"aws-access-key-id": fakes.aws_key_id(21), "github-pat-classic": fakes.github_pat(22),
           "openai-project-key": fakes.openai_key(23)}
SECRET_IDS = list(SECRETS)


def chat(content) -> bytes:
    return json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": content}]}).encode()


def rules_found(text: str) -> list[str]:
    return [f.rule_id for f in INSPECTOR.scanner.scan(text)]


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_plain_secret_is_the_baseline(rule):
    out = mask_body("application/json", chat(f"use {SECRETS[rule]} now"))
    assert SECRETS[rule] not in every_text("application/json", out) and f"[MASKED:{rule}:".encode() in out


# ------------------------------------------------------------------------------------------ caught


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_json_unicode_escapes_are_decoded_by_the_codec(rule):
    secret = SECRETS[rule]
    escaped = "".join(f"\\u{ord(c):04x}" for c in secret[:4]) + secret[4:]  # \u0041\u004b\u0049\u0041...
    raw = ('{"model": "m", "messages": [{"role": "user", "content": "key ' + escaped + '"}]}').encode()
    out = mask_body("application/json", raw)
    assert secret not in every_text("application/json", out) and f"[MASKED:{rule}:".encode() in out


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_json_escapes_in_a_text_body_are_read_by_the_scanner(rule):
    # Not a JSON body (text/plain), but a pasted JSON fragment: the scanner's decoded view reads \u0041.
    secret = SECRETS[rule]
    text = f'config: {{"token": "\\u{ord(secret[0]):04x}{secret[1:]}"}}'
    assert rule in rules_found(text)


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_double_escaped_in_tool_arguments_json_in_json(rule):
    secret = SECRETS[rule]
    inner = f'{{"token": "\\u{ord(secret[0]):04x}{secret[1:]}"}}'  # JSON text holding a \u escape
    raw = json.dumps({"messages": [{"role": "assistant", "tool_calls": [
        {"function": {"name": "f", "arguments": inner}}]}]}).encode()  # ... inside another JSON string
    out = mask_body("application/json", raw)
    assert secret not in every_text("application/json", out)
    assert json.loads(json.loads(out)["messages"][0]["tool_calls"][0]["function"]["arguments"])["token"] \
        .startswith(f"[MASKED:{rule}:")


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_url_encoding_in_a_form_body_is_decoded(rule):
    secret = SECRETS[rule]
    encoded = "".join(f"%{ord(c):02X}" for c in secret)  # every character percent-encoded
    out = mask_body("application/x-www-form-urlencoded", f"note=hi&token={encoded}".encode())
    assert secret not in every_text("application/x-www-form-urlencoded", out) and b"MASKED" in out


# ------------------------------------------------------------------------------------------ disguises


def disguises(secret: str) -> dict[str, str]:
    first = secret[0]
    return {
        "base64": base64.b64encode(secret.encode()).decode(),
        "base64 of key=value": base64.b64encode(f"token={secret}".encode()).decode(),
        "url-encoded first char in JSON": f"%{ord(first):02X}{secret[1:]}",
        "url-encoded whole value in JSON": "".join(f"%{ord(c):02X}" for c in secret),
        "cyrillic lookalike": secret.replace("A", "\u0410").replace("p", "\u0440").replace("o", "\u043e"),
        "fullwidth letters": "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in secret),
        "zero-width space inside": secret[:5] + "\u200b" + secret[5:],
        "zero-width joiner inside": secret[:5] + "\u200d" + secret[5:],
        "soft hyphen inside": secret[:5] + "\u00ad" + secret[5:],
        "html decimal entity": f"&#{ord(first)};{secret[1:]}",
        "html hex entities": "".join(f"&#x{ord(c):x};" for c in secret),
        "spaced out": " ".join(secret),
        "reversed": secret[::-1],
        "hex of bytes": secret.encode().hex(),
    }


GAPS = ("spaced out", "reversed", "hex of bytes")  # see EVASION.md: no rule-independent way to undo them
CAUGHT_CASES = [(rule, name) for rule in SECRET_IDS for name in disguises("AKIAx") if name not in GAPS]
GAP_CASES = [(rule, name) for rule in SECRET_IDS for name in GAPS]


@pytest.mark.parametrize("rule, name", CAUGHT_CASES)
def test_disguised_value_is_masked_exactly(rule, name):
    # Base64 is decoded (encoded.py) and re-encoded; the other disguises are undone in a view
    # (detect/disguise.py) whose offsets map back, so the placeholder replaces exactly the disguised text.
    secret = SECRETS[rule]
    hidden = disguises(secret)[name]
    raw = chat(f"here it is: {hidden} (decode it)")
    out = mask_body("application/json", raw)
    content = json.loads(out)["messages"][0]["content"]
    assert content.startswith("here it is: ") and content.endswith(" (decode it)")
    middle = content[len("here it is: "):-len(" (decode it)")]
    if name.startswith("base64"):
        middle = base64.b64decode(middle).decode()
    assert f"[MASKED:{rule}:" in middle and secret not in middle and hidden not in middle
    assert middle.startswith("token=[MASKED:") if name == "base64 of key=value" else middle.startswith("[MASKED:")


@pytest.mark.parametrize("rule, name", GAP_CASES)
def test_gap_disguised_value_passes_unmasked(rule, name):
    secret = SECRETS[rule]
    hidden = disguises(secret)[name]
    raw = chat(f"here it is: {hidden} (decode it)")
    out = mask_body("application/json", raw)
    assert out == raw, f"{name} is caught now: move it to the caught cases and update EVASION.md"
    assert rules_found(hidden) == []


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_secret_split_across_json_strings_is_masked_by_the_guard(rule):
    # Each half alone is no secret (a long head may still match on its own: openai-project-key masks an 82-char
    # head). The Guard also scans adjacent values of one container together (guard/adjacent.py).
    from addons.formats import open_body
    from addons.guard import adjacent

    secret = SECRETS[rule]
    half = 10
    for raw in (chat([{"type": "text", "text": secret[:half]}, {"type": "text", "text": secret[half:]}]),
                json.dumps({"parts": [secret[:half], secret[half:]]}).encode(),
                json.dumps({"a": secret[:half], "b": secret[half:]}).encode()):
        assert mask_body("application/json", raw) == raw  # field by field: nothing
        doc = open_body("application/json", raw)
        results = [INSPECTOR.inspect_field(f.text, "request", f.location) for f in doc.fields]
        updated = adjacent.scan_pairs(doc.fields, results, INSPECTOR, "request", None)
        pairs = [(a, b) for a, b in zip(doc.fields, doc.fields[1:], strict=False)
                 if a.text == secret[:half] and b.text == secret[half:]]
        if not pairs or raw.startswith(b'{"model"'):
            # chat parts are two objects ({"type", "text"} each): not one container, see EVASION.md
            assert raw.startswith(b'{"model"')
            continue
        out = doc.render({i: r.text for i, r in updated.items()})
        assert secret[:half].encode() not in out and secret[half:].encode() not in out
        assert out.count(f"[MASKED:{rule}:".encode()) == 2


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_split_inside_one_string_by_a_json_escaped_newline_is_a_gap_too(rule):
    secret = SECRETS[rule]
    raw = chat(secret[:6] + "\n" + secret[6:])
    assert mask_body("application/json", raw) == raw


def test_long_base64_blob_field_is_decoded_and_re_encoded():
    # A >= 1 KiB base64 string (an inline file) is decoded; text inside is scanned and masked by re-encoding,
    # and a plain secret next to it in the same string is still found.
    secret = SECRETS["aws-access-key-id"]
    blob = base64.b64encode(("padding " * 200 + f"aws key {secret}").encode()).decode()
    out = json.loads(mask_body("application/json", chat([{"type": "image_url", "image_url": {"url": blob}}])))
    decoded = base64.b64decode(out["messages"][0]["content"][0]["image_url"]["url"]).decode()
    assert secret not in decoded and "aws key [MASKED:aws-access-key-id:" in decoded
    with_plain = chat(blob + " " + secret)
    assert secret not in every_text("application/json", mask_body("application/json", with_plain))


def test_encoded_secret_in_the_url_query_is_decoded_before_scanning():
    # The Guard scans `request.query` values, which mitmproxy has already percent-decoded; the live proof is
    # tests/hostile/test_live_abuse.py::test_url_encoded_secret_in_query_is_masked. Here: the same decode.
    from mitmproxy.net.http.url import decode

    secret = SECRETS["aws-access-key-id"]
    [(_key, value)] = decode(f"k=%{ord(secret[0]):02X}{secret[1:]}")
    assert value == secret and "aws-access-key-id" in rules_found(value)


# ------------------------------------------------------------------------------------------ JSON key context


def test_key_named_secrets_in_json_objects_are_masked():
    # Rules that recognise a value by its key (`"aws_secret_access_key": "..."`, `"codecov_token": "..."`) must
    # still fire when that text is a JSON body or tool-call arguments, where the codec splits key and value
    # into separate fields. Every rule example shaped like a JSON object, sent as tool-call arguments.
    from tests.hostile import corpus

    shaped = [e for e in corpus.examples("request") if e.text.lstrip().startswith("{")]
    assert len(shaped) > 20
    missed = []
    for example in shaped:
        raw = json.dumps({"messages": [{"role": "assistant", "tool_calls": [
            {"function": {"name": "configure", "arguments": example.text}}]}]}).encode()
        if corpus.leaked([example], every_text("application/json", mask_body("application/json", raw))):
            missed.append(example.rule_id)
    assert missed == [], f"{len(missed)} of {len(shaped)} key-named secrets pass unmasked in JSON: {missed}"
