"""sov56: a password given before the word that names it, in any language of the vocabulary table.

"hunter2x is my password", "use Falcon9x as the PIN", "Falcon9x ko password banao", "Kx7q2mz9 benim şifrem",
"Kx7q2mz9'u şifre olarak kullan", "Kx7q2mz9をパスワードにして", "Kx7q2mz9를 비밀번호로", "Kx7q2mz9 मेरा पासवर्ड है":
the value comes first and the credential word after it. generic-password-before-word reads English, German, French,
Spanish, Dutch and Italian with their copula or `as` (context_score.WORD_AFTER); rule generic-password-value-first
(`validator: value_first_password`) hands every other such construction here.

The rule's regex finds a token shaped like a password (a letter and a digit or an inner symbol, 6 to 64 ASCII
characters: never letters only nor digits only, see the stream below), then at most three words or a glued particle,
then a credential word (the table's Latin words and the marked words of other scripts, prefilter.CJK_CREDENTIAL_WORDS).
This scorer reads what the regex only bounds:

- the credential word, looked up in the table (vocabulary.find_terms) in the text after the token: its language;
- the words between the token and the word, each a function word of some language (FUNCTION_WORDS: a copula of
  grammar.COPULAS_BY_LANGUAGE, a role marker "as", a possessive "my", a determiner), or a particle glued on the token
  (Turkish 'u / 'yi, Japanese を / は, Korean 를 / 는, Chinese 是 / 作为);
- and at least one of them a copula, role marker or possessive, or else a role marker or copula right after the word
  (şifre olarak, パスワードに / として, 비밀번호로, पासवर्ड है, password banao): "X password reset" alone gives nothing;
- the word right after the credential word: a noun that makes it a modifier (the password policy, şifre alanı) says
  the token is something else.

The token's own shape and the negative words of its line are judged by context_score.score, as for the English rule.

The stream: the rule's regex matches only a token with a letter and a digit or symbol, so a stream hold-back holds such
a token while the three words after it may still become the construction (the regex's partial match), and releases
it once they cannot; a letters-only word or a PIN is never held (every word of prose would be). DESIGN.md, "Value
before its word".
"""

from __future__ import annotations

import regex

from . import grammar, vocabulary
from .context_score import AFTER_REACH, CLAUSE_BREAK, Score, handed_over, line_bounds, score

READS = 72  # characters after the token the word is looked for in (three words, the word and a role suffix)
MAX_WORDS_BETWEEN = 3
# attack62: a modal or future auxiliary before the link is not one of the three words (X will serve as the passphrase,
# X zal het wachtwoord zijn, X akan menjadi kata sandi): it changes the tense, not what the token is.
AUXILIARIES = frozenset({"will", "would", "shall", "should", "can", "could", "may", "might", "must", "wird", "zal",
                         "akan"})
# attack62: Markdown's emphasis or a strike-through around a word (X is our **password**, X is _the_ PIN): the word
# read without it.
MARKUP = "*_~"

# Per language, the function words that stand between a value and the word naming it: copulas, role markers
# ("as"), possessives ("my"), determiners, a direct object's case marker written as a word. Written by hand for
# the languages whose grammar puts the value first; grammar.COPULAS_BY_LANGUAGE adds the table's other copulas.
MARKERS_BY_LANGUAGE: dict[str, str] = {
    # prose61: a verb of serving before `as` (X serves / acts / works as the password) is the copula's role too
    # attack62: and its base form after a modal (X will serve as the passphrase), the copula's other tenses
    "English": "is|was|be|as|my|our|your|the|a|an|new|current|its|it's|that's|this is|now|still"
               "|serves|served|acts|works|doubles|functions|serve|act|work|double|function"
               "|becomes|became|become|remains|remain|stays|stay",
    "German": "ist|war|als|das|mein|meine|unser|unsere|neues|neue|jetzt|wird|dient|bleibt|sein|werden",
    "French": "est|comme|le|mon|notre|nouveau|c'est|sera|serait|servira|sert|reste|devient",
    "Spanish": "es|como|la|el|mi|nuestra|nueva|de|será|sería|servirá|sirve|sigue|queda",
    "Portuguese": "é|e|como|a|o|minha|nossa|nova|de|será|seria|servirá|serve|continua",
    "Italian": "è|e|come|la|mia|nostra|nuova|sarà|sarebbe|servirà|resta|rimane",
    "Dutch": "is|als|het|mijn|ons|onze|nieuwe|wordt|zal|dient|blijft|worden",
    "Turkish": "benim|bizim|senin|yeni|olarak|bu",
    "Azerbaijani": "mənim|bizim|yeni|kimi",
    "Hindi, Urdu (Latin)": "ko|mera|meri|mere|hamara|hamari|naya|nayi|hai|ka|ki",
    "Hindi, Marathi, Nepali": "को|मेरा|मेरी|मेरे|हमारा|हमारी|नया|नई|है|ही|का|की|माझा|माझी|मेरो|हो|ला",
    "Russian, Ukrainian, Belarusian": "это|мой|моя|наш|новый|як|как|в|качестве|є|це|мій|будет|станет|служит"
                                      "|буде|стане|служить",
    "Polish, Czech, Slovak": "to|jest|moje|nasze|jako|je|moje|moja|nové|nowe|będzie|służy|bude|slouží",
    "Indonesian, Malay": "adalah|ialah|sebagai|itu|saya|kami|baru|jadi|menjadi|akan",
    "Vietnamese": "là|làm|của|tôi|mới",
    "Tatar, Bashkir": "минем|безнең|синең|яңа|минең|беҙҙең|һинең|яңы",  # prose61: my, our, your, new
    "Arabic": "هي|هو|كـ|ك|هى",
    "Persian": "به|عنوان|من|را",
    "Hebrew": "היא|הוא|זו|זה|כ",
    "Swahili": "ni|ndiyo|ndio|kama|langu|yangu",
    "Tamil": "என்|எனது|எங்கள்|தான்|ஆக",
    "Sinhala": "මගේ|අපේ|ලෙස|යි",
    "Malayalam": "ആണ്|എന്റെ|ഞങ്ങളുടെ|ആയി",
    "Bengali": "আমার|হল|হলো|হিসেবে|কে",
    "Thai": "คือ|เป็น|ของ|ฉัน",
    # lang63: Lao and Khmer, whose copula is glued on the word's front (X ແມ່ນລະຫັດຜ່ານ, X គឺជាពាក្យសម្ងាត់)
    "Lao": "ແມ່ນ|ເປັນ|ຂອງ|ຂ້ອຍ|ໃໝ່",
    "Khmer": "គឺ|គឺជា|ជា|របស់|ខ្ញុំ|ថ្មី",
    "Greek": "είναι|ο|η|το|μου|ως",
    "Hungarian": "a|az|az én|mint|lesz",
    "Finnish": "on|minun|meidän|uusi",
    "Swedish, Norwegian, Danish": "är|er|som|mitt|mit|vårt|vores|det|nya|nye",
    "Breton": "eo|zo|evel|ma|hor|ho|ar|al|nevez",  # prose62: is, as, my, our, your, the, new (X eo ma ger-tremen)
    # prose62: the subject / topic marker (က, ဟာ, သည်) and the object marker (ကို) after the value, as a copula is
    "Burmese": "က|ဟာ|သည်|ကို|ကျွန်တော့်|ငါ့",  # and my (ကျွန်တော့်, ငါ့)
}
# prose62: between the link and the word, whose password it is or what it opens, as a possessive is: the owner's name
# with a genitive on it (the shop's, ဆိုင်ရဲ့, 店の) or the network the word is of (Wi-Fi, WLAN). Neither is a link.
OWNER_BETWEEN = regex.compile(r"(?i)[\p{L}\p{M}\d-]{1,20}(?:['’]s|s['’]|ရဲ့|၏)|wi-?fi|wlan")
# Markers a language puts after the word (the role or the copula): X şifre olarak kullan, X पासवर्ड है.
AFTER_WORD_BY_LANGUAGE: dict[str, str] = {
    "English": "is|as",
    "Turkish": "olarak|yap|yapın|yapalım|kullan|kullanın|koy|belirle|olsun|olacak",
    "Hindi, Urdu (Latin)": "hai|banao|banaye|banaen|rakho|rakhna|rakhein|set|karo|hoga|ho",
    "Hindi, Marathi, Nepali": "है|हैं|बनाओ|बनाएं|बनाइए|रखो|रखें|होगा|हो|आहे|के|रूप",
    "Indonesian, Malay": "saya|kami|baru|nya",
    "Persian": "است|هست|من|ما",
    "Tamil": "ஆக|ஆகும்|தான்",
    "Sinhala": "යි|ලෙස|වේ",
    "Malayalam": "ആണ്|ആയി",
    "Bengali": "হল|হলো|হিসেবে",
    "Swahili": "langu|yangu|letu",
    "Urdu": "ہے|ہیں|کے",
    # with / using: an instrumental postposition after the word (X сырсөзү менен кир, X şifre ile gir, X पासवर्ड से)
    "Kyrgyz, Kazakh, Uzbek, Turkish, Azerbaijani": "менен|мен|пен|бен|бенен|ile|ilə|bilan|bilen",
    "Tatar, Bashkir": "белән|менән|илә",  # prose61: X серсүзе белән керегез (log in with the password X)
    "Hindi, Punjabi, Bengali": "से|ਨਾਲ|ਨਾਲ਼|দিয়ে|দিয়ে|সহ",
    "Malayalam, Sinhala, Tamil": "ഉപയോഗിച്ച്|ഉപയോഗിച്ചു|යොදා|යොදාගෙන|භාවිතා|பயன்படுத்தி",
}
# A case ending on the word itself that gives its role: instrumental or "as" (Turkish şifresiyle / şifreyle / şifre
# olarak, Gujarati પાસવર્ડથી, Tamil கடவுச்சொல்லால் / கடவுச்சொல்லாக, Malayalam പാസ്‌വേഡായി, Russian паролем).
ROLE_ENDING = regex.compile(r"(?:y(?:le|la)|m(?:le|la)|(?:[ıi]n)?[ıi]zle|olarak|થી|ਨਾਲ|ால்|ாக|ആയി|ായി|ാക്കി|ലൂടെ|ем|ом|দিয়ে)$")
def _words(text: str) -> list[str]:
    return text.split()


# Particles glued on the token, as an agglutinating language writes a case ending after a value: Turkish after an
# apostrophe ('u, 'yi, 'ı), Japanese, Korean and Chinese with nothing between.
GLUED = regex.compile(r"['’](?:[yn]?[ıiuü]|[dt][ae]|[yn]?[ae]|n[ıiuü]n)(?![\p{L}])"
                      r"|(?:を|は|が|も|に|で|를|을|는|은|이|가|로|으로|를요|是|为|為|作为|作為|当作|當作|就是)"
                      r"|[-‐](?:ஐ|ஐக்|ை|ය|ව|നെ|ഐ|কে)")
# Particles glued on the credential word (パスワードに / として, 비밀번호로 / 으로, கடவுச்சொல்லாக, මුරපදය ලෙස).
ROLE_SUFFIX = regex.compile(r"(?:に|として|で|로|으로|로서|로요|로 해|ாக|லாக|ஆக|ලෙස|ആയി|ആക്കി|হিসেবে|作为|吧|ًا)")
# A noun right after the credential word that makes it a modifier: the password policy, şifre alanı, パスワード欄.
MODIFIER_NOUNS = frozenset(map(vocabulary.fold, _words("""
    manager managers field fields policy policies reset resets hint hints prompt strength length rule rules
    requirement requirements change changes rotation history expiry expiration generator vault column dialog
    screen page form box input setting settings option entry check hash hashes hashing hashed encryption salt
    format label placeholder storage
    store kdf method fallback module agent algorithm
    default defaults mode replacement channel scheme backend portal problem
    alanı alani politikası politikasi yöneticisi yoneticisi sıfırlama sifirlama kuralı kurali uzunluğu
    欄 管理 ポリシー 入力 설정 정책 입력란 字段 策略 规则
    मैनेजर पॉलिसी रीसेट फ़ील्ड फील्ड सेटिंग
    မန်နေဂျာ ကွက်လပ် မူဝါဒ ပြန်လည်သတ်မှတ်ခြင်း
    """)))
# attack62: the negations a language puts after the word (not, is not): Tatar, Bashkir, Kazakh, Kyrgyz, Uzbek,
# Turkish, Azerbaijani, Mongolian, Hindi, Urdu, Bengali, Persian, Tamil, Malayalam, Sinhala.
NEGATIONS_AFTER = frozenset(map(vocabulary.fold, _words("""
    түгел түгел түгіл емес эмес emas değil degil deyil deyildir биш нет
    नहीं नही nahi nahin nahīn نہیں নয় না نیست இல்லை அல்ல അല്ല නොවේ
    """)))
# attack62: a verb of serving before `as` (X serves / acts / works as the password) with a CamelCase name and its
# version as X (YubiKey5, MacBook2, PlayStation5): a thing that serves, not a string typed; Falcon9x, hunter2x keep.
SERVING = regex.compile(r"(?i)\b(?:serves?|served|acts?|works?|doubles?|functions?)\b")
CAMEL_PRODUCT = regex.compile(r"[A-Za-z][a-z]+[A-Z][a-z]+\d{1,3}")
# prose62: a genitive glued on the noun after the word (the password manager's runtime: မန်နေဂျာရဲ့)
_GENITIVE_END = regex.compile(r"(?:['’]s|ရဲ့|၏)$")
# A hyphen glued on the word and a letter after it: the word begins a compound (Passwort-Feld, password-protected).
_COMPOUND = regex.compile(r"[-‐]\p{L}[\p{L}\p{M}]*")
COPULA_SUFFIX = regex.compile(r"[にでだ]|です|입니다|이다|야|이야|예요|이에요")

_FOLDED_MARKERS = frozenset(
    vocabulary.fold(word)
    for table in (MARKERS_BY_LANGUAGE, grammar.COPULAS_BY_LANGUAGE)
    for words in table.values() for form in words.split("|") for word in vocabulary.LETTER_RUN.findall(form))
# A marker that gives the token (a copula, role marker or possessive), not a determiner or adverb alone.
_WEAK = frozenset({"the", "a", "an", "new", "current", "now", "still", "das", "le", "la", "el", "o", "het", "det",
                   "ο", "η", "το", "az", "de", "e", "bu", "ka", "ki", "का", "की", "в", "its", "nova", "nuova",
                   "nueva", "nouveau", "neue", "neues", "nieuwe", "yeni", "naya", "nayi", "नया", "नई", "baru", "mới",
                   "яңа", "яңы", "ar", "al", "nevez"})
_FOLDED_AFTER = frozenset(
    vocabulary.fold(word) for words in AFTER_WORD_BY_LANGUAGE.values()
    for form in words.split("|") for word in vocabulary.LETTER_RUN.findall(form))
# attack61: a curly apostrophe splits a word as a straight one does (that’s reads as that's: "that" "s")
_WORDS = regex.compile(r"[^\s\"'’`«»„“”‚‘‹›「」『』]+")
_QUOTE_CLOSES = regex.compile(r"[\"'`’”」』»]")
# English words other than the table's that name what the token is (the PIN, the passcode); lower case only: an
# upper-case PIN is the word, "pin" a verb too but after "as the" it is the noun.
_ENGLISH_EXTRA = regex.compile(r"(?i:pins?|pw|pwd|passwd|pass)(?![\p{L}\d])")

# A dash between blanks, the copula of Russian-school writing (X — мой пароль); prose61: or two hyphens, as a dash is
# typed on a keyboard with none (X -- that's the password, X -- мой пароль).
# attack61: three hyphens (TeX's and Markdown's em dash), the horizontal bar and the figure dash are the same link.
DASHES = ("—", "–", "-", "--", "---", "―", "‒")
SIGNAL = "a password word of the table after the token ({language}): the value before its word"


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """Score the token of a generic-password-value-first match."""
    line_start, line_end = line_bounds(view, value_start, value_end, AFTER_REACH + READS)
    value = view[value_start:value_end]
    after = view[value_end:min(_wrapped_end(view, line_end), value_end + READS)]
    found = _construction(after)
    if found is None:
        return Score(-6, ("no password word of the table within three function words after the token (-6)",))
    language, word_start, word_end, reason = found
    if value_end + word_start > line_end:  # the word on the wrapped line: its clause goes on there
        line_end = _wrapped_end(view, line_end)
    rest = view[value_end + word_end:min(line_end, value_end + word_end + AFTER_REACH)]
    negation = _negation(rest)
    if negation is not None:
        return Score(-6, (f"the word negated after it ({negation}): the token is said not to be the password (-6)",))
    if SERVING.search(after[:word_start]) and CAMEL_PRODUCT.fullmatch(value):
        return Score(-6, ("a CamelCase name and its version serves as the word: a product, a means (-6)",))
    modifier = _modifier(rest)
    if modifier is not None:
        return Score(-6, (f"the word is a modifier of the noun after it ({modifier}): the token names something else "
                          "(-6)",))
    # prose61: the words between the token and the word are function words (_construction checked each), read as
    # the link: a possessive there (X is your password) is no negative context word as it is in "enter your password".
    # prose62: nor is `your` in a closing "until you set your own": the value is handed over for a while.
    # prose63: nor `your` / `change it` anywhere after the word (context_score.handed_over)
    rest_of_clause = handed_over(CLAUSE_BREAK.split(after[word_start:word_end] + rest, maxsplit=1)[0])
    context = ((SIGNAL.format(language=language), 2), (reason, 1))
    return score(view[line_start:value_start] + " " + rest_of_clause, "", value, context)


def _wrapped_end(view: str, line_end: int) -> int:
    """attack62: where the line after a soft line break ends (prose wrapped at a width goes on on the next line), or
    `line_end` itself when there is none or it is blank. A JSON string's escaped `\\n` reaches the scan as two line
    breaks (escapes.same_length_unescape), so two count as one break; a third is a paragraph's."""
    at = line_end
    while at < len(view) and at - line_end < 4 and view[at] in "\r\n":
        at += 1
    if at == line_end or view.count("\n", line_end, at) > 2:
        return line_end
    next_end = view.find("\n", at, at + READS + AFTER_REACH)
    next_end = min(len(view), at + READS + AFTER_REACH) if next_end < 0 else next_end
    return line_end if not view[at:next_end].strip() else next_end


def _construction(after: str) -> tuple[str, int, int, str] | None:
    """The credential word after the token and what links them: (its language, where it starts and ends in `after`,
    the link), or None when no word of the table follows within three function words."""
    at = 0
    close = _QUOTE_CLOSES.match(after)
    if close and not GLUED.match(after):  # Tarla#58'i: the apostrophe opens the case ending, it closes no quote
        at = close.end()
    glued = GLUED.match(after, at)
    if glued:
        at = glued.end()
    head = after[at:]
    terms = vocabulary.find_terms(head)
    english = _ENGLISH_EXTRA.search(head)
    candidates = [(t.start, t.end, t.language) for t in terms[:1]]
    if english is not None and (not candidates or english.start() < candidates[0][0]):
        candidates = [(english.start(), english.end(), "English")]
    if not candidates:
        return None
    start, end, language = candidates[0]
    start, end = _word_in_run(head, start, end, language)
    between = head[:start]
    written = [w.lower().strip(MARKUP) for w in _WORDS.findall(between) if w not in DASHES]
    written = [w for w in written if w]
    words = [vocabulary.fold(w) for w in written]
    # each a function word, or a particle glued on the word's front (Chinese 是密码)
    owners = [word for word in written if word not in _FOLDED_MARKERS and OWNER_BETWEEN.fullmatch(word)]
    if len([w for w in words if w not in AUXILIARIES]) > MAX_WORDS_BETWEEN or len(owners) > 2 or any(
            word not in _FOLDED_MARKERS and word not in AUXILIARIES and not GLUED.fullmatch(word)
            and written_word not in owners for word, written_word in zip(words, written)):
        return None
    # a clause's end between them; attack62: one line break is a wrapped line, not a break (two more are a
    # paragraph's; one escaped in JSON reads as two, _wrapped_end)
    if any(mark in between for mark in ",;.!?:") or between.count("\n") > 2:
        return None
    strong = [word for word in written if word not in _WEAK and word not in owners and word not in AUXILIARIES] + \
        [dash for dash in DASHES if f" {dash} " in between]
    if strong:
        return language, at + start, at + end, f"linked by {' '.join(strong)} (a copula, role marker or possessive)"
    # Otherwise the word's role must show after it: its own case ending, a glued role particle or a role word (a
    # particle glued on the token alone is an object's: Kx7q2mz9'u şifrele, "encrypt X").
    glued_note = f"a particle glued on the token ({glued.group()}), " if glued else ""
    word = _WORDS.match(head, start)  # the whole word the table's form or stem begins
    if word is not None and len(word.group()) > end - start and ROLE_ENDING.search(word.group()):
        return language, at + start, at + word.end(), (f"{glued_note}the word's own case ending gives its role "
                                           f"({word.group()[end - start:]})")
    role = _role_after(head, end)
    if role is None and word is not None and word.end() > end:  # after the whole word (сырсөзү менен)
        role = _role_after(head, word.end())
    if role is not None:
        return language, at + start, at + end, f"{glued_note}the word's role or copula after it ({role})"
    return None


def _word_in_run(head: str, start: int, end: int, language: str) -> tuple[int, int]:
    """A word of a script written with no blank (是密码, パスワードにして) is found as the run of letters holding it:
    the word's own span in that run, so what is glued before it links and what is glued after it is its role."""
    run = head[start:end]
    for entry in vocabulary.CREDENTIAL_VOCABULARY:
        if entry.language != language:
            continue
        for form in sorted(entry.password, key=len, reverse=True):
            at = run.find(form.replace(" ", ""))
            if at >= 0:
                return start + at, start + at + len(form.replace(" ", ""))
    return start, end


def _role_after(head: str, end: int) -> str | None:
    suffix = ROLE_SUFFIX.match(head, end) or COPULA_SUFFIX.match(head, end)
    if suffix:
        return suffix.group()
    following = _WORDS.match(head, end + len(head[end:]) - len(head[end:].lstrip()))
    if following and vocabulary.fold(following.group().rstrip(".,;!?।")) in _FOLDED_AFTER:
        return following.group()
    return None


def _negation(rest: str) -> str | None:
    """attack62: the negation a language puts after the word (Tatar X минем серсүзем түгел, Turkish X şifrem değil,
    Hindi X मेरा पासवर्ड नहीं है): the token is said not to be it, as English `X is not my password` has no link."""
    ending = regex.match(r"[\p{L}\p{M}]*[\s*_~]*", rest)  # the rest of the word (its possessive ending), blanks
    following = _WORDS.match(rest, ending.end() if ending else 0)
    if following and vocabulary.fold(following.group().rstrip(".,;!?।")) in NEGATIONS_AFTER:
        return following.group()
    return None


def _modifier(rest: str) -> str | None:
    """The noun right after the word that makes the word its modifier, or None."""
    rest = rest.lstrip(MARKUP)  # attack62: the emphasis closed after the word (the **password** manager)
    compound = _COMPOUND.match(rest)  # attack57: Passwort-Problem, password-protected: the word is a compound's first
    if compound:
        return compound.group()
    glued = regex.match(r"[\p{L}\p{M}]{0,3}", rest)  # Japanese 欄 / Korean 란 glued on
    if glued and glued.group() and vocabulary.fold(glued.group()) in MODIFIER_NOUNS:
        return glued.group()
    following = _WORDS.match(rest, len(rest) - len(rest.lstrip(" \t")))
    if following and vocabulary.fold(_GENITIVE_END.sub("", following.group().rstrip(".,;!?"))) in MODIFIER_NOUNS:
        return following.group()
    return None
