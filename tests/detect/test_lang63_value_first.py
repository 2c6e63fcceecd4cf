"""lang63: the value before its word where the copula is glued on the word's front (Lao X ແມ່ນລະຫັດຜ່ານ, Khmer X
គឺជាពាក្យសម្ងាត់, as Thai X คือรหัสผ่าน already was): the value-first rules read a particle of up to six code points
there (Lao and Khmer write their copulas with marks: four), and value_before_word knows the two languages' copulas
and possessives. A negation glued there (ບໍ່ແມ່ນ, មិនមែនជា, ไม่ใช่) or no link at all gives nothing. Both engines."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

HYPERSCAN = Scanner.default()
PYTHON = Scanner(HYPERSCAN.rules, HYPERSCAN.version, engine="python")
ENGINES = pytest.mark.parametrize("scanner", [HYPERSCAN, PYTHON], ids=lambda s: s.engine)


@ENGINES
@pytest.mark.parametrize("text, value", [
    ("Mekong#2291x ແມ່ນລະຫັດຜ່ານ wifi ຂອງຮ້ານ", "Mekong#2291x"),  # Lao: X is the shop's wifi password
    ("Vientiane!58 ແມ່ນລະຫັດຜ່ານໃໝ່ຂອງຂ້ອຍ", "Vientiane!58"),  # X is my new password
    ("Angkor#2291x គឺជាពាក្យសម្ងាត់ wifi ហាង", "Angkor#2291x"),  # Khmer: X is the shop's wifi password
    ("Tonle_Sap77 គឺពាក្យសម្ងាត់ថ្មី", "Tonle_Sap77"),
    ("Chiang#5520x คือรหัสผ่าน wifi ของร้าน", "Chiang#5520x"),  # Thai, as before
])
def test_a_value_before_its_word_with_the_copula_glued_on_it(scanner, text, value):
    assert covered(scanner, text, value)


@ENGINES
@pytest.mark.parametrize("text", [
    "Build42x ບໍ່ແມ່ນລະຫັດຜ່ານ",  # Lao: X is not the password
    "Build42x ລະຫັດຜ່ານ ຫ້ອງ 4127",  # no link
    "v2.3.1 ແມ່ນນະໂຍບາຍລະຫັດຜ່ານ",  # the password policy
    "Build42x មិនមែនជាពាក្យសម្ងាត់ទេ",  # Khmer: is not the password
    "Build42x ไม่ใช่รหัสผ่าน",  # Thai: is not the password
    "ປ່ຽນລະຫັດຜ່ານທີ່ https://id.example.org/reset",  # reset your password at
])
def test_a_negation_or_no_link_before_the_word_gives_nothing(scanner, text):
    assert sensitive(scanner, text) == []
