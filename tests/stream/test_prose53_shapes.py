"""prose53's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a table word with no four ASCII letters in a row (Azerbaijani şifrə, Turkmen
açarsöz), a later token after a rejected one in Cyrillic prose (dense first-stage ends), giriş kodu, a generator's
value with an early `=` right after the password word, and letters or a PIN in a login call named after auth."""

from __future__ import annotations

import json

import pytest

from tests.stream import support
from tests.stream.test_holdback_attack import leak

SHAPES = [
    ("Salam Elnur, ofisin poçtu üçün yeni şifrə budur: Kapaz!Lenk58 - heç kimə demə.", "Kapaz!Lenk58"),
    ("Salam, açarsöz: Mary!Dasoguz61", "Mary!Dasoguz61"),
    ("Здраво Тони, новата лозинка за канцелариската е-пошта е aw55Xj*zj3=S - не ја кажувај никому.", "aw55Xj*zj3=S"),
    ("Kooperativin kompüterinin giriş kodu: 3754. Onu lövhəyə yazma.", "3754"),
    ("Log in to the till with user name d.stojanovski and password R=gk_9hBbqdtaRnpi4p_aN, then change it.",
     "R=gk_9hBbqdtaRnpi4p_aN"),
    ('sess.userauth_password("d.stojanovski", "PippinSkink")?; // drone survey uploads', "PippinSkink"),
    ('var auth = new NtlmPasswordAuthentication("DEPOT", "w.santos", "460515");', "460515"),
]
IDS = [f"{i}-{t[:24]}" for i, (t, _) in enumerate(SHAPES)]


rt, composed = support.shipped_answer_fixtures()


def _answer(text: str) -> str:
    return f"Sure:\n{text}\nAnything else?"


def test_the_scan_of_the_whole_text_masks_each_value(rt):
    for text, value in SHAPES:
        whole = _answer(text)
        assert value in [whole[f.start:f.end] for f in rt.scanner.scan(whole)], text


@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_delta_ending_right_after_the_value_or_in_what_follows_holds_it(rt, composed, text, value):
    whole = _answer(text)
    end = whole.index(value) + len(value)
    for cut in range(end - 2, min(len(whole), end + 24)):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, repr(whole[end:cut])


@pytest.mark.slow  # ~1,500 streams
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_cut_anywhere_or_one_char_at_a_time_reaches_the_client_masked(rt, composed, text,
                                                                                             value):
    whole = _answer(text)
    assert leak(rt, composed, list(whole)) is None
    for cut in range(1, len(whole)):
        assert leak(rt, composed, [whole[:cut], whole[cut:]]) is None, cut


@pytest.mark.slow
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(rt, composed, text, value):
    body = json.dumps({"note": text}, ensure_ascii=True)
    assert rt.scanner.scan(body), body
    assert leak(rt, composed, list(body), tool_call=True) is None
