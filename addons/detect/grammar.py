"""lang54: the grammar around a credential word of the vocabulary table, language by language.

vocabulary.CREDENTIAL_VOCABULARY holds each language's word for a password; word_table reads the token after it
when a separator, a clause and a colon, or a copula gives it. The copula it knew (context_score.COPULA) is a dozen
European languages' and a few others': in the rest the word stood before the value and the value was read as the
sentence's next word (Esperanto "mia pasvorto estas X", Breton "ma ger-tremen eo X", Malagasy "ny teny miafina dia
X", Chichewa "mawu achinsinsi anga ndi X"). Here, per language of the table, the words that link a subject to what
it is, as a native writer puts them between the word (and its possessive) and the value: the copula, a focus or
topic particle, or a predicative marker. Looked up as words of the text (vocabulary.LETTER_RUN), folded as the table
folds, so one lookup serves the accented and the unaccented spelling.
"""

from __future__ import annotations

import unicodedata

import regex

from . import vocabulary

# The marks a value is quoted with before it, in the scripts of the table: ASCII, CJK corner brackets, guillemets
# (« » French, Russian, Greek, Norwegian; » « Danish, Slovene), low-high (German, Czech, Polish, Bulgarian „X“ „X”),
# Swedish and Finnish ”X”, single ‚X‘ ‹X›; a French « X » leaves a (no-break) blank inside.
QUOTE_MARKS = "\"'`「『«»„“”‚‘‹›"
_QUOTES_END = regex.compile("(?:[" + regex.escape(QUOTE_MARKS) + "][ \u00a0\u202f]*)+$")


def without_quotes(between: str) -> str:
    """The text between a word and its token without the quote marks that open the token (and a blank inside them,
    « X »); a blank before the quote stays, as it did when only ASCII quotes were stripped."""
    quotes = _QUOTES_END.search(between)
    return between if quotes is None else between[:quotes.start()]

# Per table entry (vocabulary.LanguageWords.language): its copulas and predicative particles, `|`-separated.
COPULAS_BY_LANGUAGE: dict[str, str] = {
    "Dutch": "is|zijn",
    "West Frisian": "is",
    "Afrikaans": "is",
    "Faroese": "er",
    "Occitan": "es",
    "Catalan": "és",
    "Galician": "é",
    "Corsican": "hè|hé",
    "Romansh": "è|e",
    "Haitian Creole": "se",
    "Esperanto": "estas|estu",
    "Interlingua": "es",
    "Irish": "ná|is é",
    "Breton": "eo|zo",
    "Upper Sorbian": "je",
    "Slovenian": "je",
    "Croatian, Bosnian, Serbian (Latin)": "je",
    "Lithuanian": "yra",
    "Latvian": "ir",
    "Northern Sami": "lea",
    "Maltese": "hija|huwa",
    "Hausa": "ce|ne",
    "Igbo": "bụ",
    "Swahili": "ni|ndilo",
    "Kinyarwanda, Kirundi": "ni",
    "Zulu": "ithi|ngu|yi",
    "Xhosa": "ngu|yi|ithi",
    "Sesotho, Setswana": "ke",
    "Chichewa": "ndi",
    "Malagasy": "dia|no",
    "Indonesian": "adalah|ialah|yaitu|itu",
    "Malay": "ialah|adalah|iaitu",
    "Javanese": "iku|yaiku|yaitu",
    "Sundanese": "téh|nyaéta|nyaeta",
    "Vietnamese": "là",
    "Māori": "ko",
    "Hawaiian": "ʻo|o",
    "Samoan": "o",
    "Tok Pisin, Bislama": "em|i",
    "Guarani": "ha'e|hae",
    "Tajik": "аст|ин аст",
    "Mongolian": "бол",
    "Kazakh": "бұл",
    "Uzbek": "bu",
}
# Words that may stand between the word and the copula as a possessive or a demonstrative does, in a language that
# puts them after the noun ("Is e am facal-faire agam X", Scottish Gaelic: the password at-me is X): read as a copula
# when nothing else follows them.
POSSESSIVES_AFTER_BY_LANGUAGE: dict[str, str] = {
    "Scottish Gaelic": "agam|agad|againn|agaibh",
    "Tok Pisin, Bislama": "bilong mi|bilong yu",
    "Indonesian": "saya|aku|kamu|anda",
    "Malay": "saya|anda",
    "Sundanese": "abdi|anjeun",
    "Tajik": "ман|ту",
    "Kurdish": "min|te",
    "Yoruba": "mi ni|rẹ ni",
}


def _folded_phrases(table: dict[str, str]) -> dict[str, frozenset[tuple[str, ...]]]:
    return {language: frozenset(tuple(vocabulary.fold(w) for w in vocabulary.LETTER_RUN.findall(form))
                                for form in words.split("|"))
            for language, words in table.items()}


_COPULAS = _folded_phrases(COPULAS_BY_LANGUAGE)
_POSSESSIVES_AFTER = _folded_phrases(POSSESSIVES_AFTER_BY_LANGUAGE)
_TRAILING_WORDS = regex.compile(r"[\p{L}\p{M}'ʻ’]+(?:[ \t]+[\p{L}\p{M}'ʻ’]+){0,2}[ \t]*$")


def copula_ends(between: str, language: str) -> bool:
    """Whether the text between a password word of `language` and the token ends with that language's copula (or,
    where the language puts it after the noun, a possessive that closes the noun phrase)."""
    words = tuple(vocabulary.fold(w) for w in vocabulary.LETTER_RUN.findall(between.replace("ʻ", "")))
    if not words:
        return False
    for table in (_COPULAS, _POSSESSIVES_AFTER):
        for phrase in table.get(language, ()):
            if phrase and words[-len(phrase):] == phrase:
                return True
    return False


# ---- the token as the grammar hands it over -------------------------------------------------------------------
# A number takes its case ending glued on, after a hyphen or apostrophe in Hungarian, Turkish, Finnish, Greenlandic
# (2025-ben, 2025'te, 4127-mi) and with no mark at all in a script other than Latin (Kannada 2025ರಲ್ಲಿ, Telugu
# 2025లో, Malayalam 2025-ൽ): "in 2025", "in room 4127". The token the rule cut then holds the ending too, and its
# letters made a year look like a password of digits and letters. A Latin ending glued with no mark stays the
# token's (1987dragon is a password's shape).
_CASE_ENDING = regex.compile(r"(?P<number>\d{1,12})(?:[-'’][\p{L}\p{M}]{1,8}|(?![\p{Latin}])[\p{L}\p{M}]{1,10})")


def judged_value(value: str) -> str:
    """The token as its shape is judged: a number's case ending dropped, the digits of any script as ASCII digits
    (a PIN written ४८२९ or ٤٨٢٩ is judged as 4829 is: a year in those digits is a year too)."""
    case = _CASE_ENDING.fullmatch(value)
    if case is not None:
        value = case.group("number")
    if value.isascii():
        return value
    return "".join(str(unicodedata.digit(c)) if c.isdigit() and not c.isascii() else c for c in value)


# ---- a value glued on a word of a script written with no blanks ------------------------------------------------
# lang63: Chinese, Japanese, Thai, Lao, Khmer and Burmese write no blank between words, and a value in Latin letters
# stands glued between them (密码改成X了, パスワードをXに変更, เปลี่ยนรหัสผ่านเป็นXแล้ว, ປ່ຽນລະຫັດຜ່ານເປັນXແລ້ວ): the
# token is the run of the other script, the word's own run ends right before it. What the run holds after the word
# says what the token is: nothing (和密码X), a copula, topic or object particle, or a verb of setting (是, 改成,
# を, เป็น, ແມ່ນ, ទៅ) give it; any other word is a noun the password word modifies (密码管理器 KeePass2: the password
# manager, パスワード欄, รหัสผ่านใหม่ยาว) or the sentence going on, and gives nothing.
GLUED_LINKS_BY_LANGUAGE: dict[str, str] = {
    "Chinese": "是|为|為|改成|改为|改為|改成了|换成|換成|设为|設為|设成|設成|设置为|設置為|设置成|設置成"
               "|就是|都是|叫|变成|變成|已改成|已经改成|已經改成|已设为|已設為|还是|還是|也是|仍是|依然是"
               "|暂时是|暫時是|目前是|现在是|現在是",
    "Japanese": "は|を|が|も|に|で|として|は今|はまだ|を今|とし|に設定|は仮",
    "Thai": "คือ|เป็น|ใหม่คือ|ใหม่เป็น|ของฉันคือ|ของผมคือ|ของเราคือ|ตอนนี้คือ|ตอนนี้เป็น|ยังคือ|ใช้",
    "Lao": "ແມ່ນ|ເປັນ|ໃໝ່ແມ່ນ|ໃໝ່ເປັນ|ຂອງຂ້ອຍແມ່ນ|ຂອງພວກເຮົາແມ່ນ|ຕອນນີ້ແມ່ນ|ໃຊ້",
    "Khmer": "គឺ|ទៅ|ជា|គឺជា|ថ្មីគឺ|ថ្មីជា|របស់ខ្ញុំគឺ|របស់យើងគឺ|ឥឡូវគឺ|ប្រើ",
    "Burmese": "က|ကို|မှာ|ဟာ|သည်|ကတော့|အသစ်က|အသစ်ကို",
}
_GLUED_LINKS = {language: frozenset(words.split("|")) for language, words in GLUED_LINKS_BY_LANGUAGE.items()}
_GLUED_FORMS = {entry.language: tuple(sorted((form.replace(" ", "") for form in entry.password), key=len,
                                             reverse=True))
                for entry in vocabulary.CREDENTIAL_VOCABULARY if entry.language in GLUED_LINKS_BY_LANGUAGE}
# A counter or unit glued after digits makes them a quantity, a date or a room (4127号, 2025年, 12位, 8文字,
# 12ตัว): no PIN.
NUMBER_UNIT = regex.compile(r"[年月日号號位个個元块塊次天楼樓层層室房分秒点點人岁歲番階円時回桁]|文字"
                            r"|ตัว|หลัก|ปี|ห้อง|ຕົວ|ປີ|ຫ້ອງ|តួ|ឆ្នាំ|បន្ទប់|ခု|နှစ်|လုံး")
# The letters of those scripts (their digits are not: a PIN in Thai digits is a token of its own).
RUN_ON_LETTER = regex.compile(r"[\u0e01-\u0e4f\u0e81-\u0ecf\u1000-\u103f\u1780-\u17df\u3040-\u30ff\u4e00-\u9fff]")


def glued_link(run: str, language: str) -> bool:
    """Whether `run`, a word's run of letters that a token follows with no blank, ends with `language`'s password word
    and then nothing or one of its links (GLUED_LINKS_BY_LANGUAGE)."""
    links = _GLUED_LINKS.get(language)
    if links is None:
        return False
    for form in _GLUED_FORMS.get(language, ()):
        at = run.rfind(form)
        if at >= 0:
            tail = run[at + len(form):]
            return not tail or tail in links
    return False
