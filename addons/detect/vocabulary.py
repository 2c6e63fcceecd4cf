"""The words a rule and a finding are described with, and the syntax of exitguard's placeholders.

They live here, in the pure engine, because the engine needs them and may import nothing else of exitguard;
`addons/core/vocabulary.py` and `addons/core/placeholders.py` re-export them for everyone else.

The enums are `StrEnum`s: a member equals its string (`Category.SECRET == "secret"`), so YAML, JSON and flow
metadata keep plain strings. Where an order of strictness applies, it is the order the members are declared in,
and `rank` / `strictest` are the only way to compare them (`<` on members is still plain string order).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from typing import Self

import regex


class Ordered(StrEnum):
    """A StrEnum whose members are declared from the least to the most strict."""

    @property
    def rank(self) -> int:
        return type(self)._member_names_.index(self.name)

    def is_stricter_than(self, other: str) -> bool:
        return self.rank > type(self)(other).rank

    @classmethod
    def strictest(cls, values: Iterable[str], default: str | None = None) -> Self:
        """The strictest of ``values`` (members or their strings); ``default``, else the least strict member,
        when there are none. A string that is not a member raises ValueError."""
        members = [cls(v) for v in values]
        if not members:
            return cls(default) if default is not None else next(iter(cls))
        return max(members, key=lambda m: m.rank)

    @classmethod
    def values(cls) -> tuple[str, ...]:
        """The plain strings, in order (for messages and YAML checks)."""
        return tuple(m.value for m in cls)


class Category(StrEnum):
    SECRET = "secret"
    PII = "pii"


class Classification(Ordered):
    """Ordered by sensitivity. `test-value` is the least sensitive: a value documented for testing
    (4111 1111 1111 1111, SSN 123-45-6789) identifies nobody and opens nothing; `public` is still a
    real identifier, only one its owner published (an author address in a code header)."""

    TEST_VALUE = "test-value"
    PUBLIC = "public"
    INTERNAL = "internal"
    CONFIDENTIAL = "confidential"
    REGULATED = "regulated"


class Tier(StrEnum):
    PRECISE = "precise"  # a provider format, or a validated value
    GENERIC = "generic"  # context words + entropy


# ---- placeholders --------------------------------------------------------------------------------------
# `[MASKED:<rule-id>:<tag>]` replaces a masked value: rule ids are lower-kebab (rules.RULE_ID), the tag is the
# first 6 hex chars of the value's keyed fingerprint. One definition, used by the engine (it never reports text
# inside a placeholder, so masking is idempotent) and, through addons/core/placeholders.py, by every reader.
MASKED_PREFIX = "[MASKED:"
MASKED_TAG_CHARS = 6
MASKED = re.compile(r"\[MASKED:(?P<rule>[a-z0-9]+(?:-[a-z0-9]+){0,31}):(?P<tag>[0-9a-f]{6})\]")
# The engine skips a placeholder only if it names one of its rules or one of these (detectors outside the rule
# packs: credentials/section.py's RULE_ID); any other `[MASKED:x:y]` is scanned as text.
EXTRA_PLACEHOLDER_RULES = frozenset({"brokered-credential"})


# ---- credential words by language ------------------------------------------------------------------------
# prose38: a language's word for a password and for a user name, once, as regex alternatives (matched without case),
# for the scorers that read prose: context_score (the prose and login-pair rules), letters_password (letters-only
# values) and pin_codes (a PIN after a password word). rules/generic.yaml cannot import: its prose, letters and PIN
# patterns spell the same words (ASCII first stages read a non-ASCII letter as `?`), each marked prose38.
# Older languages still live in context_score.OTHER_LANGUAGE_WORDS and USER_BEFORE_WORD.
PASSWORD_WORDS_BY_LANGUAGE: dict[str, str] = {
    # loyniorð, definite loyniorðið (the password), plural loyniorðini; written loyniord without its eth
    "faroese": r"loynior[ðd](?:ið|id|ini|in|s)?",
    # pled-clav (password), plural pleds-clav
    "romansh": r"pleds?-clav",
}
USER_WORDS_BY_LANGUAGE: dict[str, str] = {
    "faroese": r"brúkaranavn(?:ið)?|brúkari",  # user name, user
    "romansh": r"num d['’]utilisad(?:er|ra)|utilisad(?:er|ra)",  # num d'utilisader (user name), utilisader
}


def alternatives(words: dict[str, str]) -> str:
    """The languages' words as one group of regex alternatives."""
    return "(?:" + "|".join(words.values()) + ")"


PASSWORD_WORDS = alternatives(PASSWORD_WORDS_BY_LANGUAGE)
USER_WORDS = alternatives(USER_WORDS_BY_LANGUAGE)


# ---- prose48: the credential words of many languages, as one typed table ----------------------------------------
# Each set of held-out chat brought two languages the scorers did not know, and each session added their words to
# the regexes above. This table holds the words of the widely written languages once, looked up rather than matched:
# a scorer splits a line into words (LETTER_RUN) and looks each one, and the two or three after it, up in a dict
# (`find_terms`), so a table many times larger costs a scan nothing more. Written from knowledge of each language: the
# word for a password (with its common inflections, possessives and mutations) and for a user name. A word that is
# something else as often (code, key, PIN, secret, pass, the Italian parola, the Indonesian sandi alone) is not here:
# the regexes above read those in their constructions. `stems` are agglutinating languages' stems: any word that
# starts with one is the word inflected (salasanasi, pasahitzarekin).


@dataclass(frozen=True)
class LanguageWords:
    """One language's credential words: lower-case surface forms, a phrase's words separated by blanks."""

    language: str
    password: tuple[str, ...]
    user: tuple[str, ...] = ()
    stems: tuple[str, ...] = ()


def _forms(text: str) -> tuple[str, ...]:
    """Forms separated by `|` (a phrase keeps its blanks)."""
    return tuple(form.strip() for form in text.split("|") if form.strip())


def _language(language: str, password: str, user: str = "", stems: str = "") -> LanguageWords:
    return LanguageWords(language, _forms(password), _forms(user), _forms(stems))


CREDENTIAL_VOCABULARY: tuple[LanguageWords, ...] = (
    # Germanic
    _language("English", "password|passcode|passphrase|secret word|login password",
              "username|user name|user id|userid|login name"),
    _language("German", "passwort|passworte|passwörter|kennwort|kennworte|kennwörter|zugangscode|zugangspasswort",
              "benutzername|benutzer|nutzername|anmeldename"),
    _language("Dutch", "wachtwoord|wachtwoorden|toegangscode", "gebruikersnaam|gebruiker|inlognaam"),
    _language("West Frisian", "wachtwurd|wachtwurden", "brûkersnamme|brûker"),
    _language("Afrikaans", "wagwoord|wagwoorde", "gebruikersnaam|gebruiker"),
    _language("Luxembourgish", "passwuert|passwierder", "benotzernumm|benotzer"),
    _language("Danish", "adgangskode|adgangskoden|adgangskoder|kodeord|kodeordet", "brugernavn|brugernavnet|bruger"),
    _language("Norwegian", "passord|passordet|passorda|passordene", "brukernavn|brukernavnet|brukarnamn|bruker|brukar"),
    _language("Swedish", "lösenord|lösenordet|lösenorden", "användarnamn|användarnamnet|användare"),
    _language("Icelandic", "lykilorð|lykilorðið|lykilorðinu|lykilorðs|aðgangsorð", "notandanafn|notandi"),
    _language("Faroese", "loyniorð|loyniorðið|loyniorðini", "brúkaranavn|brúkaranavnið|brúkari"),
    # Romance
    _language("French", "mot de passe|mots de passe|mdp|code d'accès", "nom d'utilisateur|identifiant|utilisateur"),
    _language("Occitan", "senhal|mot de pas", "nom d'utilizaire|utilizaire"),
    _language("Spanish", "contraseña|contraseñas|clave de acceso", "nombre de usuario|usuario"),
    _language("Catalan", "contrasenya|contrasenyes", "nom d'usuari|usuari"),
    _language("Galician", "contrasinal|contrasinais", "nome de usuario|usuario"),
    _language("Portuguese", "senha|senhas|palavra-passe|palavras-passe|palavra passe",
              "nome de usuário|nome de utilizador|usuário|utilizador"),
    _language("Italian", "parola d'ordine|codice d'accesso", "nome utente|utente"),
    _language("Corsican", "parolla d'intrata|parolla secreta", "nome d'utilizatore|utilizatore"),
    _language("Romansh", "pled-clav|pleds-clav", "num d'utilisader|utilisader|utilisadra"),
    _language("Romanian", "parolă|parola|parolei|parolele", "nume de utilizator|utilizator|utilizatorul"),
    _language("Haitian Creole", "modpas|mo de pas", "non itilizatè|itilizatè"),
    _language("Esperanto", "pasvorto|pasvorton|pasvortoj|pasvorta", "uzantnomo|uzantonomo|uzanto"),
    _language("Interlingua", "contrasigno", "nomine de usator|usator"),
    # Celtic
    _language("Irish", "pasfhocal|phasfhocal|bpasfhocal|pasfhocail|focal faire", "ainm úsáideora|úsáideoir"),
    _language("Scottish Gaelic", "facal-faire|facal faire|fhacal-faire|faclan-faire", "ainm-cleachdaiche|cleachdaiche"),
    _language("Welsh", "cyfrinair|gyfrinair|chyfrinair|nghyfrinair|cyfrineiriau", "enw defnyddiwr|defnyddiwr"),
    _language("Breton", "ger-tremen|gerioù-tremen", "anv implijer|implijer"),
    # Slavic
    _language("Polish", "hasło|hasła|hasłem|haśle|haseł", "nazwa użytkownika|użytkownik|login"),
    _language("Czech", "heslo|hesla|heslem|heslu", "uživatelské jméno|uživatel"),
    _language("Slovak", "heslo|hesla|heslom|heslu", "používateľské meno|používateľ"),
    _language("Upper Sorbian", "hesło|hesła|hesłom|hesłu", "wužiwarske mjeno|wužiwar"),
    _language("Slovenian", "geslo|gesla|geslom|geslu", "uporabniško ime|uporabnik"),
    _language("Croatian, Bosnian, Serbian (Latin)", "lozinka|lozinku|lozinke|lozinkom|zaporka|zaporku",
              "korisničko ime|korisnik"),
    _language("Serbian, Macedonian, Montenegrin (Cyrillic)", "лозинка|лозинку|лозинке|лозинката|лозинком",
              "корисничко име|корисник"),
    _language("Bulgarian", "парола|паролата|пароли", "потребителско име|потребител"),
    _language("Russian", "пароль|пароля|паролем|пароли|паролю", "имя пользователя|пользователь|логин"),
    _language("Ukrainian", "пароль|пароля|паролем|паролі", "ім'я користувача|користувач|логін"),
    _language("Belarusian", "пароль|пароля|паролем", "імя карыстальніка|карыстальнік"),
    # Baltic, Finnic, Sami, Hungarian, Basque, Greek, Albanian, Maltese
    _language("Lithuanian", "slaptažodis|slaptažodį|slaptažodžio|slaptažodžiu",
              "vartotojo vardas|naudotojo vardas|vartotojas|naudotojas"),
    _language("Latvian", "paroli", "lietotājvārds|lietotājs|lietotāja vārds"),
    _language("Finnish", "salasana|tunnussana", "käyttäjätunnus|käyttäjänimi|käyttäjä", stems="salasan|tunnussan"),
    _language("Estonian", "parool|parooli|salasõna|salasõnaga", "kasutajanimi|kasutaja", stems="salasõn|parool"),
    _language("Northern Sami", "beassansátni", "geavaheaddjinamma|geavaheaddji"),
    _language("Hungarian", "jelszó|jelszót|jelszóval", "felhasználónév|felhasználó", stems="jelszav"),
    _language("Basque", "pasahitza|pasahitz", "erabiltzaile izena|erabiltzaile-izena|erabiltzailea", stems="pasahitz"),
    _language("Greek", "κωδικός πρόσβασης|κωδικό πρόσβασης|κωδικού πρόσβασης|συνθηματικό", "όνομα χρήστη|χρήστης"),
    _language("Albanian", "fjalëkalim|fjalëkalimi|fjalëkalimin|fjalëkalimit", "emri i përdoruesit|përdoruesi",
              stems="fjalëkalim"),
    _language("Maltese", "il-password|kelma sigrieta", "isem tal-utent|utent"),
    # Turkic, Caucasus, Central Asia, Mongolia
    # prose53: giriş kodu (the login / entry code: its possessive form, as a label or a subject), not kod alone
    _language("Turkish", "şifre|şifresi|şifreniz|şifrem|parolası|parolanız|giriş kodu|giriş kodunuz",
              "kullanıcı adı|kullanıcı",
              stems="şifre"),
    _language("Azerbaijani", "parol|şifrə|şifrəniz|şifrəsi|giriş kodu|giriş kodunuz", "istifadəçi adı|istifadəçi",
              stems="şifrə"),
    _language("Uzbek", "parol|paroli|parolingiz|parolim|parolni|paroling|parolimni",
              "foydalanuvchi nomi|foydalanuvchi"),
    _language("Turkmen", "açarsöz|açar söz", "ulanyjy ady|ulanyjy", stems="açarsöz"),
    _language("Kazakh",
              "құпия сөз|құпиясөз|құпия сөзі|құпия сөзім|құпия сөзді|құпия сөзімен|құпия сөзімді"
              "|құпия сөзіңізді", "пайдаланушы аты|пайдаланушы"),
    _language("Kyrgyz", "сырсөз|купуя сөз", "колдонуучунун аты|колдонуучу", stems="сырсөз"),
    _language("Tatar", "серсүз", "кулланучы исеме|кулланучы", stems="серсүз"),
    _language("Tajik", "гузарвожа|пароль", "номи корбар|корбар", stems="гузарвож"),
    _language("Mongolian", "нууц үг|нууц үгээр|нууц үгийг|нууц үгээ", "хэрэглэгчийн нэр|хэрэглэгч"),
    _language("Georgian", "პაროლი|პაროლის|პაროლს", "მომხმარებლის სახელი|მომხმარებელი", stems="პაროლ"),
    _language("Armenian", "գաղտնաբառ|գաղտնաբառը|գաղտնաբառի", "օգտանուն|մուտքանուն|օգտատեր", stems="գաղտնաբառ"),
    # Semitic, Iranian, Cushitic, Ethiopic
    _language("Arabic", "كلمة المرور|كلمة السر|الرقم السري|رمز المرور|بكلمة المرور|وكلمة المرور|لكلمة المرور",
              "اسم المستخدم|المستخدم"),
    _language("Hebrew", "סיסמה|סיסמא|הסיסמה|הסיסמא|סיסמת|והסיסמה|בסיסמה|לסיסמה|שהסיסמה", "שם משתמש|שם המשתמש|משתמש"),
    _language("Persian", "رمز عبور|رمز عبورم|گذرواژه|کلمه عبور|رمز ورود", "نام کاربری|کاربر"),
    _language("Kurdish", "şîfre|وشەی نهێنی|تێپەڕەوشە", "navê bikarhêner|ناوی بەکارهێنەر"),
    _language("Pashto", "پټنوم|پاسورډ", "کارن نوم"),
    _language("Urdu", "پاس ورڈ|پاسورڈ|خفیہ لفظ", "صارف نام|صارف کا نام"),
    _language("Amharic", "የይለፍ ቃል|የይለፍ ቃሉ|የይለፍ ቃሌ|የይለፍ ቃሉን|የይለፍ ቃልዎን|የይለፍ ቃሌን|በይለፍ ቃል", "የተጠቃሚ ስም"),
    _language("Tigrinya", "መሕለፊ ቃል|መሕለፊ ቃለይ|መሕለፊ ቃልኹም|ብመሕለፊ ቃል"),
    _language("Somali", "furaha sirta|erayga sirta|erey sir", "magaca isticmaalaha"),
    # prose50: Hausa kalmar sirrin, the -n linking the noun to the one after it (kalmar sirrin wayar ofis)
    _language("Hausa", "kalmar sirri|kalmar sirrin|kalmar sirrina|kalmar sirrinka|kalmar sirrinki|kalmar wucewa",
              "sunan mai amfani"),
    # Sub-Saharan Africa
    _language("Yoruba", "ọ̀rọ̀ aṣínà|ọrọ aṣina|ọ̀rọ̀ ìgbaniwọlé|ọrọ igbaniwọle", "orúkọ olùmúlò|orukọ olumulo"),
    _language("Igbo", "okwuntughe", "aha njirimara"),
    _language("Swahili", "nenosiri|neno la siri|neno siri", "jina la mtumiaji|mtumiaji"),
    _language("Kinyarwanda, Kirundi", "ijambo ry'ibanga|ijambobanga",
              "izina ry'ukoresha|izina ukoresha|izina ry'umukoresha"),  # prose52: "the name you use" too
    _language("Zulu", "iphasiwedi|nephasiwedi|yiphasiwedi|ngephasiwedi|igama lokungena|iphasiwedi yakho",
              "igama lomsebenzisi|umsebenzisi"),
    _language("Xhosa", "iphaswedi|nephaswedi|yiphaswedi|ngephaswedi|igama lokugqitha", "igama lomsebenzisi"),
    _language("Sesotho, Setswana", "phasewete|lefoko la sephiri|lentswe la sephiri",
              "lebitso la mosebedisi|leina la modirisi"),
    _language("Chichewa", "mawu achinsinsi", "dzina la wogwiritsa"),
    _language("Malagasy", "teny miafina|tenimiafina",
              "anaran'ny mpampiasa|mpampiasa|anarana fidirana|anarana"),  # prose52: a login's name, or "name" alone
    # South Asia
    _language("Hindi, Marathi, Nepali", "पासवर्ड|कूटशब्द|संकेतशब्द", "उपयोगकर्ता नाम|वापरकर्तानाव|प्रयोगकर्ता नाम",
              stems="पासवर्ड"),
    _language("Bengali, Assamese", "পাসওয়ার্ড|পাছৱৰ্ড", "ব্যবহারকারীর নাম", stems="পাসওয়ার্ড"),
    _language("Gujarati", "પાસવર્ડ", "વપરાશકર્તા નામ", stems="પાસવર્ડ"),
    _language("Punjabi", "ਪਾਸਵਰਡ", "ਵਰਤੋਂਕਾਰ ਨਾਂ", stems="ਪਾਸਵਰਡ"),
    _language("Odia", "ପାସୱାର୍ଡ", stems="ପାସୱାର୍ଡ"),
    _language("Kannada", "ಪಾಸ್‌ವರ್ಡ್|ಪಾಸ್ವರ್ಡ್|ಗುಪ್ತಪದ", "ಬಳಕೆದಾರ ಹೆಸರು"),
    _language("Telugu", "పాస్‌వర్డ్|పాస్వర్డ్|సంకేతపదం", "వినియోగదారు పేరు"),
    _language("Malayalam", "പാസ്‌വേഡ്|പാസ്വേഡ്", "ഉപയോക്തൃനാമം"),
    _language("Tamil", "கடவுச்சொல்", "பயனர்பெயர்|பயனர் பெயர்", stems="கடவுச்சொல்"),
    _language("Sinhala", "මුරපදය", "පරිශීලක නාමය", stems="මුරපද"),
    # South-East and East Asia (Thai, Lao, Khmer, Burmese, Chinese and Japanese write no blank between words)
    _language("Indonesian", "kata sandi|kata sandinya|kata sandimu|kata sandiku", "nama pengguna|pengguna"),
    _language("Malay", "kata laluan|katalaluan|kata laluannya|kata laluanmu", "nama pengguna"),
    _language("Javanese", "tembung sandhi|tembung sandi|tembung sandhiku|tembung sandhine|tembung sandhimu",
              "jeneng panganggo|jeneng pangguna"),
    _language("Sundanese", "kecap sandi|kecap sandina|kecap konci", "ngaran pamaké"),
    _language("Vietnamese", "mật khẩu|mat khau", "tên người dùng|tên đăng nhập"),
    _language("Thai", "รหัสผ่าน", "ชื่อผู้ใช้"),
    _language("Lao", "ລະຫັດຜ່ານ", "ຊື່ຜູ້ໃຊ້"),
    _language("Khmer", "ពាក្យសម្ងាត់", "ឈ្មោះអ្នកប្រើ"),
    _language("Burmese", "စကားဝှက်", "အသုံးပြုသူအမည်"),
    _language("Chinese", "密码|密碼|口令", "用户名|用戶名|账号|帳號"),
    _language("Japanese", "パスワード|暗証番号", "ユーザー名|ユーザ名"),
    _language("Korean", "비밀번호|패스워드|암호", "사용자 이름|사용자명|아이디"),
    # Pacific and the Americas
    _language("Māori", "kupuhipa|kupu huna", "ingoa kaiwhakamahi|kaiwhakamahi"),
    _language("Hawaiian", "ʻōlelo huna|olelo huna", "inoa mea hoʻohana"),
    _language("Samoan", "upu fa'alilolilo|upu faalilolilo", "igoa o le tagata fa'aoga"),
    _language("Tok Pisin, Bislama", "paswot|pasword"),
    _language("Guarani", "ñe'ẽñemi"),
    _language("Greenlandic", "isissutissaq", stems="isissutiss"),
)


# How a word is looked up: case folded, accents and marks dropped, the letters a keyboard without them types for
# them (haslo for hasło, lykilord for lykilorð), the Hawaiian ʻokina and apostrophes dropped.
_FOLD = str.maketrans({"ł": "l", "ð": "d", "ø": "o", "đ": "d", "ı": "i", "ħ": "h", "ʻ": None, "'": None, "’": None})
# A word: letters and their marks (a Devanagari vowel sign, a Yoruba tone); a zero-width joiner, a blank, a hyphen or
# an apostrophe part words (a phrase's words stand at most PHRASE_GAP characters apart).
LETTER_RUN = regex.compile(r"[\p{L}\p{M}]+")
PHRASE_GAP = regex.compile(r"[\s'’\-‐\u2011\u200c\u200d]{1,3}")  # attack62: a non-breaking hyphen (ger‑tremen)
# Scripts written with no blank between words, and Korean, which glues its particles on (비밀번호는): a word there is
# found inside a run of letters.
_RUN_ON = regex.compile(r"[\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}\p{Han}\p{Hiragana}\p{Katakana}\p{Hangul}]")


def fold(word: str) -> str:
    """A word as the table looks it up."""
    if word.isascii():
        return word.lower()
    decomposed = unicodedata.normalize("NFKD", word.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).translate(_FOLD)


@dataclass(frozen=True)
class Term:
    """A credential word found in a text: where, of which language, a password's or a user's."""

    start: int
    end: int
    language: str
    kind: str  # "password" or "user"


@dataclass(frozen=True)
class _Lookup:
    phrases: dict[str, list[tuple[tuple[str, ...], str]]]  # first word -> (words, language), longest first
    stems: dict[str, str]  # folded stem -> language
    stem_lengths: tuple[int, ...]
    run_on: tuple[tuple[str, str], ...]  # (folded word, language) of scripts with no blank between words


def _lookup(kind: str) -> _Lookup:
    phrases: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    stems: dict[str, str] = {}
    run_on: list[tuple[str, str]] = []
    for entry in CREDENTIAL_VOCABULARY:
        for form in getattr(entry, kind):
            if _RUN_ON.search(form):
                run_on.append((form.replace(" ", ""), entry.language))  # looked up as written
                continue
            words = tuple(fold(w) for w in LETTER_RUN.findall(form))
            phrases.setdefault(words[0], []).append((words, entry.language))
        if kind == "password":
            stems.update((fold(stem), entry.language) for stem in entry.stems)
    for candidates in phrases.values():
        candidates.sort(key=lambda c: -len(c[0]))
    return _Lookup(phrases, stems, tuple(sorted({len(s) for s in stems})), tuple(run_on))


_LOOKUPS = {kind: _lookup(kind) for kind in ("password", "user")}


def find_terms(text: str, kind: str = "password") -> list[Term]:
    """The table's words of `kind` in `text`, in order: each word looked up (and the words after it, for a phrase),
    so the cost is the text's words, not the table's."""
    table = _LOOKUPS[kind]
    runs = list(LETTER_RUN.finditer(text))
    # A run of a script with no blanks is searched as written, never folded (a line of Japanese is one run)
    run_on = [table.run_on and _RUN_ON.search(run.group()) is not None for run in runs]
    folded = ["" if on else fold(run.group()) for run, on in zip(runs, run_on)]
    found: list[Term] = []
    index = 0
    while index < len(runs):
        word = folded[index]
        hit: Term | None = None
        if run_on[index]:
            written = runs[index].group()
            language = next((language for run_word, language in table.run_on if _glued_in(run_word, written)),
                            None)
            if language is not None:
                found.append(Term(runs[index].start(), runs[index].end(), language, kind))
            index += 1
            continue
        for words, language in table.phrases.get(word, ()):
            last = index + len(words) - 1
            if last < len(runs) and tuple(folded[index:last + 1]) == words and all(
                    PHRASE_GAP.fullmatch(text, runs[i].end(), runs[i + 1].start()) for i in range(index, last)):
                hit = Term(runs[index].start(), runs[last].end(), language, kind)
                break
        if hit is None:
            for length in table.stem_lengths:
                if len(word) > length and word[:length] in table.stems:
                    hit = Term(runs[index].start(), runs[index].end(), table.stems[word[:length]], kind)
                    break
        if hit is not None:
            found.append(hit)
            while index < len(runs) and runs[index].start() < hit.end:
                index += 1
            continue
        index += 1
    return found


# lang63: Korean writes a blank between words and glues only its particles on (비밀번호는, 암호를, 비밀번호입니다): what
# follows the word in its run is a particle, or the run is another noun the word begins (암호화 encryption, 암호문
# ciphertext, 비밀번호변경 the password change), which names no password. Scripts with no blank at all (Thai, Chinese,
# Japanese) glue every next word on and are read as before.
_KOREAN_PARTICLES = regex.compile(r"(?:[는은이가을를도만의에와과랑]|으로|로|에서|이랑|까지|처럼)*"
                                  r"(?:요|야|이야|예요|이에요|입니다|이다|다|라고|이라고|란|이란|라|이라|고|이고|지만)?")
_HANGUL = regex.compile(r"\p{Hangul}")


def _glued_in(word: str, run: str) -> bool:
    """Whether a run-on script's word stands in a run of letters (in Hangul, with only particles after it)."""
    at = run.find(word)
    if at < 0:
        return False
    if not _HANGUL.match(word):
        return True
    while at >= 0:
        if _KOREAN_PARTICLES.fullmatch(run, at + len(word)):
            return True
        at = run.find(word, at + 1)
    return False


def last_term(text: str, kind: str = "password") -> Term | None:
    """The last of the table's words of `kind` in `text`, or None."""
    terms = find_terms(text, kind)
    return terms[-1] if terms else None


def covered_languages() -> tuple[str, ...]:
    """The languages the table holds words of, as EVASION.md lists them."""
    return tuple(entry.language for entry in CREDENTIAL_VOCABULARY)



# ---- prose54: the code of a lock, in any language ---------------------------------------------------------------
# "Код ад сейфа ў касе: X", "गोदामको अलार्मको कोड X हो", "the code of the safe in the till: X": a word for a code or
# combination is a password's word only where a lock, safe, alarm, door or gate is named in its own clause, before it
# or after it (the code of the safe, the safe's code). The rules' regexes read the English and Nordic compounds
# (door code, alarmkoden) with the lock right before the word; this table reads the word and the lock apart, in the
# languages that put the lock after the code (a genitive: код ад сейфа, code du coffre) or glue a case ending on
# either (अलार्मको, сейфа, sejfu). A form ending in `*` is a stem: a word that starts with it is the word inflected.
# Code words alone are everything else as often (source code, postal code, error code): never a term without a lock.


@dataclass(frozen=True)
class LockCodeWords:
    """One language's words for a code and for what a code opens: forms, `*` ending a stem."""

    language: str
    code: tuple[str, ...]
    lock: tuple[str, ...]


def _lock_language(language: str, code: str, lock: str) -> LockCodeWords:
    return LockCodeWords(language, _forms(code), _forms(lock))


LOCK_CODE_VOCABULARY: tuple[LockCodeWords, ...] = (
    _lock_language("English", "code|codes|combination|combo",
                   "safe|safes|alarm|alarms|door|doors|gate|gates|keypad|lockbox|lock|locks|padlock|locker|lockers"
                   "|vault|strongroom|keysafe|garage|shutter|turnstile|turnstiles|cabinet|intercom"),
    _lock_language("German", "code|kombination|zahlenkombination|zahlencode",
                   "tresor*|safe|alarmanlage*|tür|türe|tor|tores|schloss|schlosses|schließfach*|schliessfach*"
                   "|schlüsselkasten*|garage|spind|spinds|spindes"),
    _lock_language("Dutch", "code|combinatie", "kluis|alarm|deur|poort|hek|sleutelkastje|garage|locker"),
    _lock_language("Danish, Norwegian, Swedish", "kod|koden|kode|koder|kombination|kombinasjon|kombinationen",
                   "kassaskåp*|pengeskab*|safe|larm*|alarm*|dörr*|dør*|porten|porte|lås|låset|låsen|skåp*|skab*"
                   "|garage*"),
    _lock_language("French", "code|combinaison", "coffre*|alarme*|porte|portes|portail*|cadenas|serrure*|casier*"
                   "|garage|digicode|interphone"),
    _lock_language("Spanish", "código|codigo|combinación|combinacion",
                   "caja|alarma*|puerta*|portón|porton|candado*|cerradura*|taquilla*|garaje*|cofre*"),
    _lock_language("Portuguese", "código|codigo|combinação|combinacao",
                   "cofre*|alarme*|porta|portas|portão|portao|cadeado*|fechadura*|armário*|garagem"),
    _lock_language("Italian", "codice|combinazione", "cassaforte|casseforti|allarme*|porta|porte|cancello*|lucchetto*"
                   "|serratura*|armadietto*|garage"),
    _lock_language("Romanian", "cod|codul|combinația|combinatia", "seif*|alarm*|ușa|usa|ușii|usii|poart*|lacăt*"
                   "|lacat*|încuietoare*|dulap*"),
    _lock_language("Polish", "kod*|szyfr*", "sejf*|alarm*|drzwi|bram*|zamk*|zamek|kłódk*|klodk*|szafk*|garaż*"
                   "|garaz*"),
    _lock_language("Czech, Slovak", "kód*|kod*", "sejf*|trezor*|alarm*|dveř*|dver*|brána|brány|bránu|bráně|brana"
                   "|brany|branu|brane|zámk*|zamk*|zámek|zamek"
                   "|skřínk*|skrink*|garáž*|garaz*"),
    _lock_language("Slovenian, Croatian, Bosnian, Serbian (Latin)", "kod*|šifr*|sifr*",
                   "sef*|alarm*|vrat*|brav*|ključavnic*|kljucavnic*|ormarić*|ormaric*|garaž*|garaz*"),
    _lock_language("Russian, Belarusian, Ukrainian, Bulgarian, Serbian, Macedonian (Cyrillic)", "код*|шифр*",
                   "сейф*|сеф*|аларм*|сигнализац*|сігналізац*|сигнализаци*|двер*|дзвер*|дверц*|врат*|ворот*|брам*|замк*"
                   "|замок|брав*|шкаф*|шафк*|шафа*|ячейк*|домофон*|гараж*|калитк*|турникет*|сховішч*|сховищ*"),
    _lock_language("Greek", "κωδικός|κωδικό|κωδικού|συνδυασμός|συνδυασμό",
                   "χρηματοκιβώτιο*|συναγερμ*|πόρτα*|πόρτας|κλειδαριά*|λουκέτο*|ντουλάπι*|γκαράζ"),
    _lock_language("Turkish, Azerbaijani", "kod*|kombinasyon*", "kasa*|alarm*|kapı*|kapi*|qapı*|qapi*|kilit*|kilid*"
                   "|dolap*|dolab*|seyf*|garaj*"),
    _lock_language("Hungarian", "kód*|kod*|számkombináció*|szamkombinacio*", "széf*|szef*|riaszt*|ajtó*|ajto*|kapu*"
                   "|zár*|lakat*|szekrény*|szekreny*|garázs*|garazs*"),
    _lock_language("Finnish, Estonian", "koodi*|kood*|yhdistelmä*",
                   "kassakaap*|hälytys*|halytys*|ovi|oven|ovea|ovessa|ovelle|ovesta|portti*|portin*|lukko*|luko*|kaapp*"
                   "|seif*|signalisatsioon*|uks|ukse*|värav*|varav*|lukk*"),
    _lock_language("Lithuanian, Latvian", "kodas|kodą|kodo|kods|kodu|koda",
                   "seif*|signalizacij*|durys|durų|duris|durims"
                   "|vart*|spyn*|atslēg*|atsleg*|slēdzen*|sledzen*"),
    _lock_language("Hindi, Marathi, Nepali", "कोड*|कूट*",
                   "अलार्म*|तिजोरी*|ताला*|ताले*|ताल्चा*|दरवाज*|ढोका*|गेट*|लकर*|लॉकर*|सेफ*|अलमारी*|गाराज*"
                   # prose57: Marathi's lock (कुलूप, कुलुपाचा: the lock's), its टाळे, a shop's shutter (शटर)
                   "|कुलूप*|कुलुप*|टाळ*|शटर*"),
    _lock_language("Bengali", "কোড*", "অ্যালার্ম*|সিন্দুক*|তালা*|দরজা*|গেট*|লকার*|শাটার*"),
    # prose57: Urdu (لاکر کا کوڈ X ہے) and Odia (ତାଲାର କୋଡ୍), whose code words the first stage now marks too
    _lock_language("Urdu", "کوڈ*", "تالا*|تالے*|تجوری*|دروازہ*|دروازے*|لاکر*|الارم*|گیٹ*|سیف*|شٹر*"),
    _lock_language("Odia", "କୋଡ୍*|କୋଡ*", "ତାଲା*|କବାଟ*|ଦ୍ୱାର*|ଲକର*|ସିନ୍ଦୁକ*|ଗେଟ*|ଆଲାର୍ମ*"),
    # prose55: the Indic scripts after Devanagari and Bengali (Gujarati લોકરનો કોડ, Punjabi ਲਾਕਰ ਦਾ ਕੋਡ)
    _lock_language("Gujarati", "કોડ*", "લોકર*|તિજોરી*|દરવાજ*|તાળ*|એલાર્મ*|ગેટ*|કબાટ*"),
    _lock_language("Punjabi", "ਕੋਡ*", "ਲਾਕਰ*|ਤਿਜੋਰੀ*|ਦਰਵਾਜ਼*|ਦਰਵਾਜ*|ਤਾਲ*|ਅਲਾਰਮ*|ਗੇਟ*|ਅਲਮਾਰੀ*"),
    # prose56: the Dravidian scripts and Sinhala, each lock word a stem for its case endings (Malayalam
    # പൂട്ടിന്റെ കോഡ്, Tamil பூட்டின் குறியீடு, Sinhala අගුලේ කේතය: the lock's code)
    _lock_language("Malayalam", "കോഡ്*|കോഡി*", "പൂട്ട*|വാതിൽ*|വാതില*|ഗേറ്റ*|ലോക്കർ*|ലോക്കറി*|അലമാര*|സേഫ*|അലാറ*"),
    _lock_language("Tamil", "குறியீ*|கோட்*|கோடு*", "பூட்டு*|பூட்டி*|கதவ*|வாயில்*|லாக்கர்*|பெட்டக*|அலாரம்*|அலமாரி*"),
    _lock_language("Kannada", "ಕೋಡ್*|ಕೋಡ*", "ಬೀಗ*|ಬಾಗಿಲ*|ಗೇಟ್*|ಗೇಟಿ*|ಲಾಕರ್*|ಅಲಾರಂ*|ತಿಜೋರಿ*|ಕಪಾಟ*"),
    _lock_language("Telugu", "కోడ్*|కోడు*", "తాళ*|తలుపు*|గేటు*|గేట్*|లాకర్*|అలారం*|బీరువా*"),
    _lock_language("Sinhala", "කේත*|කෝඩ්*", "අගුල*|අගුළ*|දොර*|ගේට්ටු*|ලොකර්*|සේප්පු*|එලාම්*|අල්මාරි*"),
    # prose55: the Turkic languages written in Cyrillic say код with their own words for the lock (Kyrgyz
    # эшигинин коду, Kazakh есіктің коды, Tatar ишекнең коды)
    _lock_language("Kyrgyz, Kazakh, Tatar, Bashkir (Cyrillic)", "код*",
                   "эшик*|эшиг*|есік*|есіг*|ишек*|ишег*|сейф*|подъезд*|кулпу*|құлып*|йозак*|шкаф*|дарбаза*|капка*"),
    _lock_language("Indonesian, Malay", "kode|kod|kombinasi", "brankas|peti|alarm|pintu|gerbang|gembok|kunci|loker"
                   "|garasi"),
    _lock_language("Swahili", "msimbo|namba ya siri", "sefu|kasha|kengele|mlango|geti|kufuli|kabati"),
    _lock_language("Hebrew", "קוד*|הקוד*", "כספת*|הכספת*|אזעקה*|האזעקה*|דלת*|הדלת*|שער*|השער*|מנעול*|המנעול*|לוקר*"),
    _lock_language("Arabic", "رمز|الرمز|كود|الكود", "الخزنة|خزنة|الخزينة|الإنذار|الانذار|إنذار|الباب|باب|البوابة|القفل"
                   "|قفل"),
)


# Words that make a code near a lock another kind of code: an error's, a product's, a program's, a parcel's (the
# safe's error code, the lock's firmware version, the gate's article number). Stems, folded, in the table's languages.
CODE_TALK_STEMS = (
    "error", "fault", "status", "exit", "return", "source", "firmware", "software", "version", "model", "serial",
    "product", "article", "part", "order", "tracking", "postal", "postcode", "zip", "barcode", "qr", "promo",
    "discount", "voucher", "colour", "color",
    "fehler", "artikel", "bestell", "fout", "fel", "feil", "erreur", "produit", "commande", "errore", "prodott",
    "codigo de error", "erro", "produto", "eroare", "produs", "błęd", "bled", "chyb", "napak", "greš", "gres",
    "hata", "ürün", "urun", "hiba", "termék", "termek", "virhe", "tuote", "viga", "klaida", "kļūd", "kluda",
    "kesalahan", "produk", "hitilafu", "bidhaa",
    "ошибк", "ошибок", "помилк", "памылк", "грешк", "модел", "серийн", "серыйн", "версі", "верси", "прошивк",
    "продукт", "товар", "артикул", "заказ", "замов", "штрих", "пошт",
    "त्रुटि", "त्रुटी", "गलती", "मोडल", "मॉडल", "संस्करण",
    "रंग", "मॉडेल", "मोडेल", "রং", "রঙ", "মডেল", "رنگ", "ماڈل", "غلطی", "ରଙ୍ଗ", "ମଡେଲ",  # prose57: colour, model
)
_CODE_TALK = tuple(sorted({fold(stem) for stem in CODE_TALK_STEMS if " " not in stem}))


@dataclass(frozen=True)
class _LockLookup:
    words: dict[str, str]  # folded whole form -> language
    stems: dict[str, str]  # folded stem -> language
    stem_lengths: tuple[int, ...]


def _lock_lookup(kind: str) -> _LockLookup:
    words: dict[str, str] = {}
    stems: dict[str, str] = {}
    for entry in LOCK_CODE_VOCABULARY:
        for form in getattr(entry, kind):
            if " " in form:
                continue  # a phrase: its last word is looked up (namba ya siri: siri is no code alone)
            if form.endswith("*"):
                stems.setdefault(fold(form[:-1]), entry.language)
            else:
                words.setdefault(fold(form), entry.language)
    return _LockLookup(words, stems, tuple(sorted({len(s) for s in stems})))


_LOCK_LOOKUPS = {kind: _lock_lookup(kind) for kind in ("code", "lock")}
# A clause ends at a sentence's stop (a Devanagari danda too), a comma, a semicolon, a line's end: a lock named in
# another clause or sentence ("The safe is new. Code for the wifi: X") opens nothing.
# A JSON key's quotes and an escaped line break end one too: a chat body's keys ("model": ...) are no clause of it.
LOCK_CLAUSE_BREAK = regex.compile(r"[.,;!?।॥](?:\s|$)|\n|\\n|\"\s*[:,]\s*[\"{\[]|[{\[]\s*\"")
LOCK_CLAUSE_WORDS = 8  # words of the clause read either side of the code word for its lock


def _lock_kind(word: str, kind: str) -> str | None:
    table = _LOCK_LOOKUPS[kind]
    folded = fold(word)
    language = table.words.get(folded)
    if language is not None:
        return language
    for length in table.stem_lengths:
        if len(folded) > length - 1 and folded[:length] in table.stems:
            return table.stems[folded[:length]]
    return None


def lock_code_term(text: str) -> Term | None:
    """prose54: the last word for a code in `text`'s last clause with a lock, safe, alarm, door or gate named in
    that clause within LOCK_CLAUSE_WORDS words of it, or None. Its `kind` is "code"."""
    breaks = list(LOCK_CLAUSE_BREAK.finditer(text))
    clause_start = breaks[-1].end() if breaks else 0
    runs = list(LETTER_RUN.finditer(text, clause_start))
    codes = [i for i, run in enumerate(runs) if _lock_kind(run.group(), "code")]
    for index in reversed(codes):
        near = runs[max(0, index - LOCK_CLAUSE_WORDS):index] + runs[index + 1:index + 1 + LOCK_CLAUSE_WORDS]
        if any(fold(run.group()).startswith(_CODE_TALK) for run in (*near, runs[index])):
            continue  # the safe's error code, the lock's firmware version
        if any(_lock_kind(run.group(), "lock") for run in near):
            run = runs[index]
            return Term(run.start(), run.end(), _lock_kind(run.group(), "code") or "", "code")
    return None
