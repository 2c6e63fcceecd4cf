"""prose56: a letters-only or spaced password under a password key of a JSON object is judged by its own member: a
talk word (length, reset, policy) in ANOTHER member's value (`"size": "full length"`) is the record's data, not talk
about the password (letters_password.own_member), as a CSV row's other cells are. A word saying the whole record is
a sample (example, placeholder) still counts wherever it stands. Other keys, languages and records than set 40's."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ('{"kiosk": "K-3", "cable": "full length", "kiosk_password": "HeronMarsh"}', "HeronMarsh"),
    ('{"ticket": "IT-221", "note": "reset after the audit", "wifi_password": "kittiwakegannet"}', "kittiwakegannet"),
    ('{"dispositivo": "tablet", "politica": "policy v2", "contrasena": "garzamarisma"}', "garzamarisma"),
    ('{"item": "bench", "size": "full length", "operator_password": "marram tussock knoll"}', "marram tussock knoll"),
    ('{"rig": "B7", "rope": "length 40 m", "panel_password": "Skuaplover"}', "Skuaplover"),
])
def test_another_members_talk_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    '{"user": "example", "password": "HeronMarsh"}',
    '{"title": "Placeholder", "password": "Kittiwake"}',
    '{"field": "password", "rule": "length"}',
    '{"note": "the password length is twelve", "password_hint": "bird names"}',
    '{"kiosk": "K-3", "password": "forgotten"}',
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
