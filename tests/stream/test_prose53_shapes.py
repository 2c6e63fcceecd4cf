"""prose53's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a table word with no four ASCII letters in a row (Azerbaijani şifrə, Turkmen
açarsöz), a later token after a rejected one in Cyrillic prose (dense first-stage ends), giriş kodu, a generator's
value with an early `=` right after the password word, and letters or a PIN in a login call named after auth."""

from __future__ import annotations

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


rt, composed = support.shipped_answer_fixtures()


class TestProse53Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
