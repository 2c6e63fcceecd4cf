"""prose53's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a table word with no four ASCII letters in a row (Azerbaijani şifrə, Turkmen
açarsöz), a later token after a rejected one in Cyrillic prose (dense first-stage ends), giriş kodu, a generator's
value with an early `=` right after the password word, and letters or a PIN in a login call named after auth."""

from __future__ import annotations

import pytest

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

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


def test_the_scan_of_the_whole_text_masks_each_value(rt):
    sweeps.assert_the_whole_scan_masks_each_value(rt, SHAPES)


@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_delta_ending_right_after_the_value_or_in_what_follows_holds_it(rt, composed, text, value):
    sweeps.assert_cuts_from_the_value_on_hold_it(rt, composed, text, value, range(-2, 24))


@pytest.mark.slow  # ~1,500 streams
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_cut_anywhere_or_one_char_at_a_time_reaches_the_client_masked(rt, composed, text,
                                                                                             value):
    sweeps.assert_cut_anywhere_or_one_char_at_a_time_masked(rt, composed, text)


@pytest.mark.slow
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(rt, composed, text, value):
    sweeps.assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text)
