"""prose53: Azerbaijani and Turkish giriş kodu (the login / entry code, as a label or a subject) in the vocabulary
table, as German Zugangscode and Dutch toegangscode are: a code of its own kind, not kod alone. The positives fail
before this change; the look-alikes (the code sent by SMS, its length, a forgotten code, a form) pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Kooperativin kompüterinin giriş kodu: 3754. Onu lövhəyə yazma.", "3754"),
    ("Kooperativin kompüterinin giriş kodu: Furk4805*. Onu lövhəyə yazma.", "Furk4805*"),
    ("Anbarın giriş kodu: CortlandChuckwalla. Heç kimə demə.", "CortlandChuckwalla"),
    ("Giriş kodunuz: Ankara#5521", "Ankara#5521"),
    ("Sunucunun giriş kodu: Bodrum_7731, kimseye verme.", "Bodrum_7731"),
])
def test_giris_kodu_gives_a_code(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Giriş kodu SMS ilə göndəriləcək.",
    "Giriş kodu: 6 rəqəmdən ibarətdir.",
    "Giriş kodunu unutmusunuz? Yenisini istəyin.",
    "Giriş kodu: aşağıdakı sahəyə yazın.",
    "Giriş yap | Kayıt ol | Şifremi unuttum",
    "Kod: 2026-0917 | müştəri 44120 | cəmi 318,40 manat",
])
def test_talk_of_a_giris_kodu_is_no_finding(text):
    assert sensitive(SCANNER, text) == []
