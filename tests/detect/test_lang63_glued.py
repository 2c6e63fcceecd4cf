"""lang63: a value glued on a word of a script written with no blanks (Chinese, Japanese, Thai, Lao, Khmer, Burmese):
the token is the run of Latin letters, digits and symbols between the password word's run and the script's next
word, given only when the run ends with the word and nothing or its link (grammar.GLUED_LINKS_BY_LANGUAGE: 是, 改成,
を, เป็น, ແມ່ນ, ទៅ). Digits or letters closed by the script's next word are a PIN or a password of letters; digits with
a counter after them (4127号, 2025年) are a quantity. Both engines."""

from __future__ import annotations

import pytest

from addons.detect import Scanner, grammar

from .shipped import covered, sensitive

HYPERSCAN = Scanner.default()
PYTHON = Scanner(HYPERSCAN.rules, HYPERSCAN.version, engine="python")
ENGINES = pytest.mark.parametrize("scanner", [HYPERSCAN, PYTHON], ids=lambda s: s.engine)


@ENGINES
@pytest.mark.parametrize("text, value", [
    ("好的，wifi密码改成Gulou#2291x了，别外传。", "Gulou#2291x"),  # Chinese: changed the password to X
    ("用账号li.na和密码Xihu_7781登录后台", "Xihu_7781"),  # log in with account and password X
    ("门禁密码改成583017了", "583017"),  # a PIN the next word closes
    ("新密碼設為Taipei!101x了", "Taipei!101x"),  # traditional
    ("パスワードをSakura!4471xに変更しました。", "Sakura!4471x"),  # Japanese: changed the password to X
    ("ユーザー名k.satoとパスワードFuji_3776でログインしてください", "Fuji_3776"),
    ("暗証番号を739184に変えました", "739184"),
    ("เปลี่ยนรหัสผ่านเป็นChiang#5520xแล้วนะ", "Chiang#5520x"),  # Thai
    ("รหัสผ่านใหม่คือSiam_8842นะ", "Siam_8842"),
    ("ປ່ຽນລະຫັດຜ່ານເປັນMekong!7781xແລ້ວ", "Mekong!7781x"),  # Lao
    ("ລະຫັດຜ່ານແມ່ນVientiane#58ເດີ", "Vientiane#58"),
    ("ខ្ញុំបានប្ដូរពាក្យសម្ងាត់ទៅAngkor#2291ហើយ", "Angkor#2291"),  # Khmer
])
def test_a_value_glued_after_the_word_and_its_link_is_found(scanner, text, value):
    assert covered(scanner, text, value)


@ENGINES
@pytest.mark.parametrize("text", [
    "密码管理器KeePass2用起来很方便",  # the password manager: a noun the word modifies
    "密码在2025年过期，请到4127房间找我",  # a year and a room
    "密码是4127号房间的门牌",  # digits with a counter
    "请在https://id.example.org/reset重置密码",
    "パスワード欄にabc123を入力してください",  # the password field
    "パスワードを忘れた場合はhttps://id.example.org/resetへ",
    "パスワードは8文字以上にしてください",  # at least 8 characters
    "รหัสผ่านหมดอายุปี2025ห้อง4127",  # Thai: expired in 2025, room 4127
    "ລະຫັດຜ່ານໝົດອາຍຸປີ2025ຫ້ອງ4127",  # Lao
    "ពាក្យសម្ងាត់ផុតកំណត់ឆ្នាំ2025បន្ទប់4127",  # Khmer
    "我用Windows10生成了新的密码",  # a token glued on another word of the line
])
def test_a_token_glued_on_another_word_or_a_quantity_is_no_finding(scanner, text):
    assert sensitive(scanner, text) == []


def test_glued_link_wants_the_word_then_nothing_or_a_link_of_its_language():
    assert grammar.glued_link("门禁密码改成", "Chinese") and grammar.glued_link("和密码", "Chinese")
    assert grammar.glued_link("ユーザー名とパスワードを", "Japanese")
    assert not grammar.glued_link("密码管理器", "Chinese")
    assert not grammar.glued_link("密码改成", "Japanese")  # another language's word
    assert not grammar.glued_link("我用", "Chinese")
