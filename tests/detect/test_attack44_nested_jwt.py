"""attack44: a JWT-shaped token whose payload is JSON nested past the parser's depth (the rule takes 8,000
base64url characters: ~2,900 levels). json.loads raised RecursionError in the jwt validator: the scan of any text
holding it raised (a request refused 502 by fail_closed, a streamed answer stopped) instead of a finding."""

from __future__ import annotations

import base64

from addons.detect import Scanner, validators


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def nested_token(depth: int = 2900, where: str = "payload") -> str:
    deep = b'{"a":' + b"[" * depth + b"]" * depth + b"}"
    header = b'{"alg":"HS256","a":' + b"[" * depth + b"]" * depth + b"}" if where == "header" else b'{"alg":"HS256"}'
    payload = deep if where == "payload" else b'{"sub":"x"}'
    return f"{b64url(header)}.{b64url(payload)}.abcdefghijklmnopqrstuvwxyz012345"


def test_a_payload_nested_past_the_parsers_depth_is_taken_as_a_jwt():
    assert validators.jwt(nested_token()) is True


def test_a_header_nested_past_the_parsers_depth_is_taken_as_a_jwt():
    assert validators.jwt(nested_token(5000, "header")) is True


def test_the_scan_finds_the_nested_token_and_masks_it():
    token = nested_token()
    text = f"Authorization: Bearer {token}\n"
    found = [(f.rule_id, text[f.start:f.end]) for f in Scanner.default().scan(text)]
    assert ("jwt", token) in found
