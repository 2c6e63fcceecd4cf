"""Evasion: a secret disguised so the rule's regex does not see it. Every case here is caught (the test
asserts the mask); what stays open is listed in EVASION.md. The path is the Guard's: open_body -> Inspector per
field -> render.
"""

from __future__ import annotations

import base64
import codecs
import gzip
import json
import re

import pytest

from addons.credentials.section import RULE_ID as CREDENTIAL_RULE_ID
from addons.detect.vocabulary import EXTRA_PLACEHOLDER_RULES
from tests import fakes
from tests.hostile.corpus import JSON_PLACES
from tests.hostile.test_properties import INSPECTOR, REQUEST_EXAMPLES, every_text, mask_body

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



@pytest.mark.parametrize("rule", SECRET_IDS)
@pytest.mark.parametrize("around", [
    "token%3D{}",  # key=value URL-encoded: the `D` of `%3D` touches the key, so a rule's `\\b` fails on the text
    "https%3A%2F%2Fcallback.example%2Fv1%2F{}%2Fdone",  # a URL percent-encoded whole (quote(url, safe=""))
])
def test_a_plain_value_whose_context_is_percent_encoded_is_masked(rule, around):
    # Found in the decoded view only; the value itself is written plainly. Before, a view finding whose characters
    # equalled the original was dropped ("the plain scan has it"), and the plain scan did not.
    secret = SECRETS[rule]
    raw = chat("see " + around.format(secret))
    content = json.loads(mask_body("application/json", raw))["messages"][0]["content"]
    assert secret not in content and content.count(f"[MASKED:{rule}:") == 1
    assert content.startswith("see " + around.split("{}")[0]) and content.endswith(around.split("{}")[1])


# A placeholder's rule id is any lower-kebab text: a key, card or SSN of that shape written as the "rule id" of a
# made-up `[MASKED:<value>:abcdef]` was dropped as already masked, and sent (and recorded) as it was. (Values found
# alone: one known only by the key before it is cut from its key by any text between, this prefix or another.)
_RULE_ID_SHAPE = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+){0,31}")
KEBAB_VALUES = sorted({v for e in REQUEST_EXAMPLES for v in e.values if _RULE_ID_SHAPE.fullmatch(v) and rules_found(v)})


def test_a_value_written_as_the_rule_id_of_a_fake_placeholder_is_masked():
    assert len(KEBAB_VALUES) >= 20  # provider keys (sk-lf-..., fc-...), cards, SSNs, phone numbers
    for value in KEBAB_VALUES:
        for text in (f"[MASKED:{value}:abcdef]", f"see [MASKED:github-pat:0a0a0a][MASKED:{value}:abcdef]."):
            out = mask_body("application/json", chat(text))
            assert value not in every_text("application/json", out), value


def test_real_placeholders_are_still_left_alone():
    assert CREDENTIAL_RULE_ID in EXTRA_PLACEHOLDER_RULES  # the broker's placeholders are exitguard's own
    text = "[MASKED:github-pat-classic:0a1b2c] and [MASKED:brokered-credential:3d4e5f]"
    assert mask_body("application/json", chat(text)) == chat(text)


# ------------------------------------------------------------------------------------------ disguises


def b64(text: str) -> str:
    return base64.b64encode(text.encode()).decode()


def disguises(secret: str) -> dict[str, str]:
    first = secret[0]
    math_bold = {c: chr(0x1D400 + ord(c) - 65) if c.isupper() else chr(0x1D41A + ord(c) - 97) for c in
                 "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"}
    return {
        "base64": b64(secret),
        "base64 of key=value": b64(f"token={secret}"),
        "base64 of base64": b64(b64(secret)),
        "base64 three times": b64(b64(b64(secret))),
        "hex of bytes": secret.encode().hex(),
        "base32": base64.b32encode(secret.encode()).decode(),
        "url-encoded first char in JSON": f"%{ord(first):02X}{secret[1:]}",
        "url-encoded whole value in JSON": "".join(f"%{ord(c):02X}" for c in secret),
        "cyrillic lookalike": secret.replace("A", "\u0410").replace("p", "\u0440").replace("o", "\u043e"),
        "cherokee and armenian lookalikes": secret.translate(str.maketrans("AKho", "\u13aa\u13e6\u0570\u0585")),
        "mathematical bold": "".join(math_bold.get(c, c) for c in secret),
        "fullwidth letters": "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in secret),
        "zero-width space inside": secret[:5] + "\u200b" + secret[5:],
        "zero-width joiner inside": secret[:5] + "\u200d" + secret[5:],
        "soft hyphen inside": secret[:5] + "\u00ad" + secret[5:],
        "html decimal entity": f"&#{ord(first)};{secret[1:]}",
        "html hex entities": "".join(f"&#x{ord(c):x};" for c in secret),
        "spaced out": " ".join(secret),
        "dotted out": ".".join(secret),
        "reversed": secret[::-1],
        "rot13": codecs.encode(secret, "rot13"),
        "line break inside": secret[:6] + "\n" + secret[6:],
        "escaped line break inside": secret[:6] + "\\n" + secret[6:],
        "three lines": secret[:4] + "\n" + secret[4:11] + "\r\n" + secret[11:],
    }


DECODE = {  # how to read the masked value back out of an encoded disguise
    "base64": lambda s: base64.b64decode(s).decode(),
    "base64 of key=value": lambda s: base64.b64decode(s).decode(),
    "base64 of base64": lambda s: base64.b64decode(base64.b64decode(s)).decode(),
    "base64 three times": lambda s: base64.b64decode(base64.b64decode(base64.b64decode(s))).decode(),
    "hex of bytes": lambda s: bytes.fromhex(s).decode(),
    "base32": lambda s: base64.b32decode(s).decode(),
}
CASES = [(rule, name) for rule in SECRET_IDS for name in disguises("AKIAx")]


@pytest.mark.parametrize("rule, name", CASES)
def test_disguised_value_is_masked_exactly(rule, name):
    # Encodings are decoded (encoded.py) and re-encoded; the other disguises are undone in a view
    # (detect/disguise.py) whose offsets map back, so the placeholder replaces exactly the disguised text.
    secret = SECRETS[rule]
    hidden = disguises(secret)[name]
    raw = chat(f"here it is: {hidden} (decode it)")
    out = mask_body("application/json", raw)
    content = json.loads(out)["messages"][0]["content"]
    assert content.startswith("here it is: ") and content.endswith(" (decode it)")
    middle = content[len("here it is: "):-len(" (decode it)")]
    if name in DECODE:
        middle = DECODE[name](middle)
    assert f"[MASKED:{rule}:" in middle and secret not in middle and hidden not in middle
    if name == "base64 of key=value":
        assert middle.startswith("token=[MASKED:") and middle.endswith("]")
    elif rule == "openai-project-key" and "line" in name:
        # a key of variable length takes the next word too when that word is made of key characters
        assert middle.startswith("[MASKED:") and middle.count("[MASKED:") == 1
    else:
        assert middle.startswith("[MASKED:") and middle.endswith("]") and middle.count("[MASKED:") == 1


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_gzip_inside_base64_is_read_and_blocks(rule):
    from addons.formats import Unmaskable
    secret = SECRETS[rule]
    hidden = base64.b64encode(gzip.compress(f"token={secret}".encode())).decode()
    with pytest.raises(Unmaskable, match="gzip"):
        mask_body("application/json", chat(f"here it is: {hidden}"))


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
            # chat parts are two objects ({"type", "text"} each): not one container; guard/joined.py has them
            assert raw.startswith(b'{"model"')
            continue
        out = doc.render({i: r.text for i, r in updated.items()})
        assert secret[:half].encode() not in out and secret[half:].encode() not in out
        assert out.count(f"[MASKED:{rule}:".encode()) == 2


@pytest.mark.parametrize("rule", SECRET_IDS)
def test_split_over_two_chat_content_parts_is_masked_by_the_joined_view(rule):
    # Two objects ({"type", "text"} each): not one container for adjacent.py; guard/joined.py joins them.
    from addons.formats import open_body
    from addons.guard import joined

    secret = SECRETS[rule]
    raw = chat([{"type": "text", "text": "a " + secret[:10]}, {"type": "text", "text": secret[10:] + " b"}])
    doc = open_body("application/json", raw)
    results = [INSPECTOR.inspect_field(f.text, "request", f.location) for f in doc.fields]
    updated = joined.scan(doc.fields, results, INSPECTOR, "request", None)
    out = doc.render({i: r.text for i, r in updated.items()})
    assert secret[:10].encode() not in out and secret[10:].encode() not in out
    assert out.count(f"[MASKED:{rule}:".encode()) == 2


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


@pytest.mark.parametrize("place", sorted(JSON_PLACES))
def test_key_named_secrets_in_json_objects_are_masked(place):
    # Rules that recognise a value by its key (`"aws_secret_access_key": "..."`, `"codecov_token": "..."`,
    # `"smtp_user"` then `"smtp_phrase"`) must still fire when that text is a JSON body, tool-call arguments or a
    # JSON document in a string, where the codec splits keys and values into separate fields.
    from tests.hostile import corpus

    shaped = [e for e in corpus.examples("request") if e.text.lstrip().startswith("{")]
    assert len(shaped) > 20
    missed = []
    tried = 0
    for example in shaped:
        try:
            raw = json.dumps(JSON_PLACES[place](example.text)).encode()
        except ValueError:
            continue  # "the body itself" only for examples that are JSON (some are JavaScript or HCL objects)
        tried += 1
        if corpus.leaked([example], every_text("application/json", mask_body("application/json", raw))):
            missed.append(example.rule_id)
    assert tried > 20
    assert missed == [], f"{len(missed)} of {tried} key-named secrets pass unmasked in JSON: {missed}"


@pytest.mark.parametrize("spelled", ["-4539148803436467", "4539148803436467.0", "4.539148803436467e15",
                                     "45391488034364.67E+2", "45391488034364670e-1"])
@pytest.mark.parametrize("where", ["keyed", "array item"])
def test_a_card_spelled_as_another_json_number_is_masked(spelled, where):
    # attack3: the same integer signed, with a fraction or an exponent was no field (only plain unsigned integer
    # tokens were; a sign kept the card rule from reading the digits): sent, the body marked clean, and recorded.
    body = (f'{{"card_number": {spelled}, "max_tokens": 128000}}' if where == "keyed"
            else f'{{"numbers": [{spelled}], "max_tokens": 128000}}').encode()
    out = mask_body("application/json", body)
    assert "4539148803436467" not in out.decode() and spelled not in out.decode()
    assert json.loads(out)["max_tokens"] == 128000


def test_numbers_that_are_no_integers_stay_numbers():
    body = b'{"temperature": 0.7, "embedding": [0.0123456789, -0.987654321, 1234567.891], "seed": 1e3}'
    assert mask_body("application/json", body) == body


@pytest.mark.parametrize("value", [483920, 4839201, 48392017, -48392017])
def test_a_numeric_password_sent_as_a_json_number_is_masked(value):
    # `"password": "48392017"` is found under its key; the same digits as a JSON number were no field at all
    # (integers were fields from 9 digits), so they were sent, the body marked clean, and recorded.
    assert rules_found(f'"password": "{value}"')
    out = mask_body("application/json", json.dumps({"user": "ops", "password": value, "max_tokens": 128000}).encode())
    assert str(abs(value)) not in out.decode() and json.loads(out)["max_tokens"] == 128000
