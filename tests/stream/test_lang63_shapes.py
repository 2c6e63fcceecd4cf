"""lang63's closed shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the
client has after an event is a prefix of the whole text masked): a value glued on a word of a script written with no
blanks and its link (Chinese 改成, Japanese を, Thai เป็น, Lao ເປັນ), digits closed by the script's next word; an
agglutinative case ending on the word (Estonian parooliks, parooliga); a capitalised word with a letter outside ASCII
(Turkish Şifre); a word that had no mark (Yoruba aṣínà, Tigrinya መሕለፊ ቃል); Lao's copula glued on the word after the
value (X ແມ່ນລະຫັດຜ່ານ). ~25 s: each sweep cuts every character of
twelve texts, as test_prose62_shapes does."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("好的，wifi密码改成Gulou#2291x了，别外传。", "Gulou#2291x"),
    ("门禁密码改成583017了", "583017"),
    ("用账号li.na和密码Xihu_7781登录后台", "Xihu_7781"),
    ("了解です。パスワードをSakura!4471xに変更しました。", "Sakura!4471x"),
    ("เปลี่ยนรหัสผ่านเป็นChiang#5520xแล้วนะ", "Chiang#5520x"),
    ("ປ່ຽນລະຫັດຜ່ານເປັນMekong!7781xແລ້ວ", "Mekong!7781x"),
    ("Muutsin wifi parooliks Toompea_2025! eile õhtul.", "Toompea_2025!"),
    ("Logi sisse kasutajana k.tamm parooliga Emajogi#58 ja vaata.", "Emajogi#58"),
    ("Şifre: Kayın_8842 (kimseye söyleme)", "Kayın_8842"),
    ("Ọ̀rọ̀ aṣínà: Osun#Ayo73 - ẹ má sọ fún ẹnikẹ́ni.", "Osun#Ayo73"),
    ("መሕለፊ ቃል: Asmara#2024 ኣይትንገር", "Asmara#2024"),
    ("Mekong#2291x ແມ່ນລະຫັດຜ່ານ wifi ຂອງຮ້ານ", "Mekong#2291x"),  # the value before its word, the copula glued on it
]


rt, composed = support.shipped_answer_fixtures()


class TestLang63Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
