"""sov56: a password given before the word that names it ("X is my password", "use X as the PIN", "X benim şifrem",
"Xをパスワードにして", "X를 비밀번호로", "X मेरा पासवर्ड है"), in the languages of the vocabulary table.

Rule generic-password-value-first and detect/value_before_word.py. The sentences are written here, none taken from
an eval set; every positive (the English "as the PIN" and German "ist das Passwort" too) failed before this change
(26 of the file's 43 tests failed on main 1607665). The look-alikes pass both ways."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from addons.detect import Scanner, prefilter, word_table
from addons.detect.scanner import default_rules_dir

from .shipped import covered, sensitive

# Opt-in (rules/opt-in/value-first.yaml): loaded beside the shipped rules, as a deployment would add it.
OPTIONAL = Path(__file__).resolve().parents[2] / "rules" / "opt-in" / "value-first.yaml"
SCANNER = Scanner.from_rules([default_rules_dir(), OPTIONAL])
RULE = "generic-password-value-first"

# (language, sentence, value): a chat line each, the value before its word, linked as a native writer links them
POSITIVES = [
    ("Turkish", "Yeni wifi için Tarla#58 benim şifrem, kimseye söyleme.", "Tarla#58"),
    ("Turkish", "Lütfen Ceviz_2931'i şifre olarak kullan.", "Ceviz_2931"),
    ("Japanese", "ルーターはSakura#4471をパスワードにしてください。", "Sakura#4471"),
    ("Japanese", "Hibiki_82はパスワードです", "Hibiki_82"),
    ("Korean", "공유기는 Sejong!84를 비밀번호로 설정해 주세요", "Sejong!84"),
    ("Hindi", "ऑफिस वाईफाई: Nadi@4417 मेरा पासवर्ड है", "Nadi@4417"),
    ("Hinglish", "router ke liye Falcon9x ko password banao", "Falcon9x"),
    ("French", "Loutre#58 est le mot de passe du NAS", "Loutre#58"),
    ("Spanish", "Cedro_47x es la contraseña del portal", "Cedro_47x"),
    ("Polish", "Wisla#2290 to moje hasło do poczty", "Wisla#2290"),
    ("Indonesian", "Moana!73 adalah kata sandi saya untuk laptop kantor", "Moana!73"),
    ("Vietnamese", "Lotus#5521 là mật khẩu wifi quán", "Lotus#5521"),
    ("Russian", "Берёза — нет, Sosna#771 — мой пароль от почты", "Sosna#771"),
    ("Tamil", "Kovil#3390 என் கடவுச்சொல்", "Kovil#3390"),
    ("Sinhala", "Lanka@6614 මගේ මුරපදය", "Lanka@6614"),
    ("Arabic", "Nakhla#208 هي كلمة المرور للراوتر", "Nakhla#208"),
    ("Chinese", "记住 Changan_88 是密码", "Changan_88"),
    # the word's role after it: an instrumental postposition or case ending ("log in with X as the password")
    ("Kyrgyz", "Ala-Too#93 сырсөзү менен кир", "Ala-Too#93"),
    ("Gujarati", "Sabar#4418 પાસવર્ડથી લૉગિન કરો", "Sabar#4418"),
    ("Turkish", "Kasa!Ayna52 şifresiyle giriş yap", "Kasa!Ayna52"),
    ("Tamil", "Kovil#3390 கடவுச்சொல்லால் உள்நுழையவும்", "Kovil#3390"),
    ("Hindi", "Nadi@4417 पासवर्ड से लॉगिन करो", "Nadi@4417"),
    ("Sinhala", "Lanka@6614 මුරපදය යොදා ලොග් වන්න", "Lanka@6614"),
    ("English", "use Falcon9!x as the PIN for the door panel", "Falcon9!x"),
    ("German", "Kx7q2mz9 ist das Passwort für den Router", "Kx7q2mz9"),
]


@pytest.mark.parametrize("language,text,value", POSITIVES, ids=[f"{p[0]}-{i}" for i, p in enumerate(POSITIVES)])
def test_a_value_before_its_word_is_found(language, text, value):
    assert covered(SCANNER, text, value), (language, SCANNER.explain(text, RULE))


# The same constructions in other carriers: a ticket, a tool call's JSON arguments, a code comment, a chat body.
@pytest.mark.parametrize("text,value", [
    ("Ticket #4471 (kassa): Kasa!Ayna52 benim şifrem, lütfen sıfırlamayın.\nStatus: open", "Kasa!Ayna52"),
    (json.dumps({"tool": "send_message", "arguments": {"text": "Sakura#4471をパスワードにしてください"}},
                ensure_ascii=False), "Sakura#4471"),
    ("# Kovil#3390 என் கடவுச்சொல் - do not commit\nconnect(host)", "Kovil#3390"),
    (json.dumps({"messages": [{"role": "user", "content": "Sejong!84를 비밀번호로 설정해"}]}, ensure_ascii=False),
     "Sejong!84"),
    ("// TODO: Falcon9x ko password banao for the staging router", "Falcon9x"),
])
def test_in_every_carrier(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text, RULE)


@pytest.mark.parametrize("text", [
    "1999 is the year",
    "v2.3 is the version",
    "42 is the answer",
    "Falcon is the codename",
    "the PIN field is 4 digits",
    "v2.3.1 is the password policy version",
    "python3.12 as the password manager runtime",
    "Kx7q2mz9 password reset",
    "build-4471 is the password reset ticket",
    "x86_64 benim bilgisayarım, şifre yok",
    "x86_64 est la plateforme, pas le mot de passe",
    "Ubuntu-24.04 のパスワード欄",
    "ISO-27001 정책 비밀번호 정책",
    "RFC-7617 मेरा पसंदीदा है, पासवर्ड नहीं",
    "[MASKED:generic-password:abc123] is my password",
    "Python3 ko password hashing ke liye use karo",
    "Rapor_2024'ü şifrele ve gönder",  # şifrele: encrypt (a particle on the token, no role after the word)
    "Kx7q2mz9 şifrele ve gönder",
])
def test_look_alikes_are_no_finding(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_explain_names_the_signal():
    lines = SCANNER.explain("Wisla#2290 to moje hasło do poczty")
    line = next(line for line in lines if line.startswith(RULE))
    assert "the value before its word" in line and "Polish" in line
    assert "Wisla#2290" not in "\n".join(lines)


def test_a_letters_only_word_or_a_pin_is_not_this_rule_s():
    """The stream holds what this rule's regex may still match: never a letters-only word or digits alone."""
    for text in ("sunshine benim şifrem", "4829 benim şifrem", "kingfisher मेरा पासवर्ड है"):
        assert not any(f.rule_id == RULE for f in SCANNER.candidates(text))


def _rule_source(rule_id: str) -> str:
    text = OPTIONAL.read_text(encoding="utf-8")
    return text[text.index(f"  - id: {rule_id}\n"):]


def test_the_rule_spells_the_table_s_latin_words_and_the_marked_words():
    """The regex and its first stage spell word_table.first_stage_words (the table's Latin words the prose regexes
    do not read) and the first two letters of each marked word of prefilter.CJK_CREDENTIAL_WORDS."""
    source = _rule_source(RULE)
    regex_part, first_stage = source.split("first_stage:", 1)
    for part in (regex_part, first_stage):
        spelled = "".join(part.split())
        assert word_table.first_stage_words() in spelled
    marked = "|".join(sorted({word[:2] for word in prefilter.CJK_CREDENTIAL_WORDS}))
    assert marked in "".join(regex_part.split())
