"""prose55: three causes of the Kyrgyz / Gujarati chat's misses that lang54's development sentences never wrote:
a dash between blanks as the copula of Russian-school writing (`сырсөзү — X`: the table's rule read only a colon or a
blank there), the credential words of scripts the first stage saw only as `?` (Gujarati, Punjabi and Kyrgyz words
get the mark Hindi's has, so a PIN after them reaches the rule), and the code of a lock in languages the lock table
lacked (Gujarati, Punjabi, the Cyrillic Turkic languages) with their copulas after the value (છે, ਹੈ). No sentence
here is set 39's, and most are in other languages or about other devices. The positives fail before this change;
the look-alikes pass both ways."""

from __future__ import annotations

import pytest

from addons.detect import Scanner
from addons.detect.prefilter import ascii_bytes

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("Жаңы сырсөз — Vinson1999! эч кимге бербе.", "Vinson1999!"),            # Kyrgyz, an em dash
    ("Менин почтамдын сырсөзү — Heron-Falcon-88", "Heron-Falcon-88"),
    ("Ноутбуктун сырсөзү – 583920.", "583920"),                               # an en dash, a PIN
    ("Серверниң яңа серсүзе — Kestrel#2027", "Kestrel#2027"),                 # Tatar
    ("Есіктің коды: 592817.", "592817"),                                       # Kazakh, a door's code
    ("ઓફિસના કબાટનો કોડ 739164 છે.", "739164"),                                # Gujarati, a cupboard
    ("તિજોરીનો કોડ QuartzRiver77 છે, કોઈને ન કહેશો.", "QuartzRiver77"),         # a safe
    ("મારો ઇમેઇલ પાસવર્ડ 583920 છે.", "583920"),                               # a PIN, a copula after
    ("ਲਾਕਰ ਦਾ ਕੋਡ 739164 ਹੈ।", "739164"),                                        # Punjabi, a locker
    ("ਮੇਰਾ ਪਾਸਵਰਡ 583920 ਹੈ।", "583920"),
])
def test_dash_copula_and_indic_words(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "Сырсөзүмдүн мөөнөтү 2025-жылы бүттү — колдоо 4127-бөлмөдө.",  # a year, a room
    "Сырсөз — 8 белгиден кем эмес.",                                 # a rule
    "Сырсөз — 2026-жылы өзгөрөт.",                                   # a year
    "Эшиктин коду — 2024-жылдан бери ошол эле.",
    "લોકરનો કોડ 2024 માં બદલાયો છે.",                                  # a year after a locker's code
    "લોકરનો કોડ 4 અંકનો છે.",                                          # talk of digits
    "મારો પાસવર્ડ ૨૦૨૫માં સમાપ્ત થયો છે.",
    "ਲਾਕਰ ਦਾ ਕੋਡ 2024 ਵਿੱਚ ਬਦਲਿਆ ਹੈ।",
    "Сейфтин баасы 45000 сом.",                                       # a price
    "Версия — 4.7.19, подъезддин эшиги оңдолду.",                     # a version after a dash
])
def test_look_alikes_are_no_finding(text):
    assert sensitive(SCANNER, text) == []


def test_the_new_words_are_marked_for_the_first_stage():
    for word in ("પાસવર્ડ", "ਪਾਸਵਰਡ", "сырсөз", "કોડ", "ਕੋਡ"):
        assert b"?" * 2 not in ascii_bytes(word)[:2]
