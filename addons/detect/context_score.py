"""An explainable context score for passwords written in prose, login phrases and positional arguments:
"my password is Falcon^Nine9", "Das Passwort ist ...", "log in as admin / ...", `connect("db", "...")`.

The rule regexes (rules/generic.yaml, `validator: context_password`) only find a credential word and a
token after it; this module decides, from signals that each add or subtract a fixed weight:

- the credential word and its language (password, Passwort, Kennwort, mot de passe, contraseña, ...);
- what stands between the word and the token: a separator (`:` `=` `/`) or a copula (is, ist, est, es, è, é),
  and how many words (each extra word costs; a sentence in between is no assignment), except a clause naming
  what the password is for ("for the staging box is"), a login pair's "as <user> with" and speech's fillers
  ("the password is, um, X");
- or the word after the token ("use X as the password", rule generic-password-before-word), or, with no credential
  word, what the token does: a verb of use before it and a purpose of access after it ("use X to log in", rule
  generic-password-access; weaker, so only a token shaped like a password is reported), or a login that failed with
  it ("tried X three times and got locked out", rule generic-password-attempt, as weak);
- the token's shape: how many character classes it mixes (lower, upper, digit, symbol), or three or more words
  joined (a passphrase), and its entropy against the largest entropy its length and alphabet allow (6 to 12
  digits, or one word and a number joined by `_`, given by a copula or separator are a password's); document
  and ticket ids (RFC-2617) count against it. A password of letters only is not judged here: the rules only
  pass this scorer tokens with a digit or an inner symbol, and letters_password.py judges letters-only tokens
  after a stronger construction;
- negative context on the same line (forgot, reset, field, required, manager, policy, vergessen, oublié,
  olvidaste ...), which marks talk *about* passwords; a code comment opening between word and token.

Deterministic and table-driven: `score(...)` returns the total and the signals that fired, which
`Scanner.explain(text)` prints (never the value itself). A token is reported at SCORE_THRESHOLD or above.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

from . import grammar, vocabulary
from .entropy import shannon
from .token_shape import generated_part
from .vocabulary import PASSWORD_WORDS as LANGUAGE_PASSWORD_WORDS
from .vocabulary import USER_WORDS as LANGUAGE_USER_WORDS

SCORE_THRESHOLD = 4

# The word for a password in the languages people write to agents in: English, German, French, Spanish,
# Portuguese (senha, palavra-passe), Dutch, Italian, Polish (hasło), Czech and Slovak (heslo), Swedish (lösenord),
# Norwegian (passord), Danish (adgangskode), Finnish (salasana), Estonian (parool, salasõna), Turkish and Romanian
# (şifre, parola / parolă), Russian, Ukrainian and Bulgarian (пароль, паролата), Croatian, Serbian and Bosnian
# (lozinka, лозинка), Slovenian (geslo), Lithuanian (slaptažodis), Icelandic (lykilorð), Catalan (contrasenya),
# Japanese (パスワード, romaji pasuwaado), Indonesian and Malay (kata sandi, kata laluan), Hungarian (jelszó and its
# possessives jelszava, jelszavam), Vietnamese (mật khẩu), Arabic (كلمة المرور, كلمة السر), Persian (رمز عبور,
# گذرواژه), Greek (κωδικός πρόσβασης), Hebrew (סיסמה), Hindi (पासवर्ड), Thai (รหัสผ่าน), Chinese (密码, 密碼) and
# Korean (비밀번호, 패스워드); also Uzbek and Azerbaijani (parol), Afrikaans (wagwoord), Welsh (cyfrinair), Swahili
# (nenosiri), Galician (contrasinal), Albanian (fjalëkalim), Irish (pasfhocal, phasfhocal), Luxembourgish
# (Passwuert), Bengali (পাসওয়ার্ড), Urdu (پاس ورڈ),
# Tamil (கடவுச்சொல்), Georgian (პაროლი), Armenian (գաղտնաբառ), Amharic (የይለፍ ቃል), Kazakh (құпия сөз), Mongolian
# (нууц үг), Lao, Khmer, Burmese and Sinhala. A Japanese, Korean, Thai, Lao, Khmer or Burmese word is followed by
# the next with no space, so it has no \b.
HEAD_INITIAL_WORDS = (r"m[ậa]t kh[ẩa]u|كلمة (?:ال)?(?:مرور|سر)|סיסמ[הא]|رمز (?:عبور|ورود)|گذرواژه"
                      r"|کلمه (?:ی )?عبور")
# Turkish glues the possessive to the noun, then a case ending: şifrem (my password), şifreniz, şifresi, parolanız
# (your password), parolası, parolalarınızı (your passwords, accusative).
TURKISH_WORDS = (r"[şs]ifre(?:(?:[mn](?:iz)?|si|leri?)(?:n?i)?|yi)?"
                 r"|parol(?:a(?:(?:[mn](?:[ıi]z)?|s[ıi]|lar[ıi]?)(?:n?[ıi])?|y[ıi]))")
# Italian: chiave (the key: of a Wi-Fi, a door, a login) and parola d'ordine; not parola chiave (a keyword) nor a
# public, private, primary or foreign key. Swedish: lösen (the short lösenord) only before a colon or är / var: the
# German verb lösen takes neither.
# prose35: Latvian parole (password) is the Italian and French plural of a word (parole chiave: keywords), so it is
# read only before the Latvian copula (parole ir X, bija, būs) or a colon after at most two words (parole kopējai
# mapei: X), not parole chiave.
LATVIAN_PAROLE = (r"parole(?=[ \t]{1,4}(?:ir|bija|būs)[ \t]|[ \t]{0,4}:"
                  r"|(?![ \t]{1,4}chiave)(?:[ \t]{1,4}[^\W\d_]{2,24}){1,2}[ \t]{0,4}:[ \t])")
ITALIAN_WORDS = r"(?<!parola |parole )chiave(?! (?:pubblica|privata|primaria|esterna)\b)|parola d['’]ordine"
OTHER_LANGUAGE_WORDS = (r"palavra-passe|has[lł][oa]|heslo|l[öo]senord(?:et)?|passord(?:et)?|adgangskode(?:n)?"
                        r"|l[öo]sen(?=[ \t]{0,4}:|[ \t]{1,4}(?:är|var)\b)|salasana|sala?s[õo]na|parool|" + TURKISH_WORDS
                        + "|" + ITALIAN_WORDS + r"|parol[aă]|парол(?:[ьаяею]|ата|и)"  # parola d'ordine before parola
                        + "|" + LATVIAN_PAROLE
                        + r"|lozink[aeiu]|лозинк[аеиу]|geslo|slapta[žz]od(?:is|[žz]io|į)|lykilor[ðd](?:ið|inu|sins)?"
                        r"|contrasenya|pasuwaa?do|kata (?:sandi|laluan)|jelsz[óo](?:t|m|d)?|jelszav(?:a|am|ad|unk|uk)"
                        r"|parol(?:ingiz|i)?|wagwoord|cyfrinair|nenosiri|contrasinal|fjal[ëe]kalim(?:i|in|it|et|e)?|p(?:h)?asfhocal"
                        r"|passwuert"  # prose37: Irish lenited (mo phasfhocal), Luxembourgish
                        + "|" + LANGUAGE_PASSWORD_WORDS  # prose38: Faroese, Romansh (vocabulary.py)
                        + r"|κωδικ[όο]ς πρόσβασης|पासवर्ड|পাসওয়ার্ড|پاس ?ورڈ|கடவுச்சொல்|პაროლი|գաղտնաբառ(?:ը)?|የይለፍ ቃል"
                        r"|құпия сөз|нууц үг|" + HEAD_INITIAL_WORDS)
# The misspellings support chat has: pasword, passwrod, paswd, passowrd, pssword, psw.
MISSPELLED_WORDS = r"pass?wr?o?r?d|passowrd|pssword|pswd?"
THAI_WORD = "รหัสผ่าน"
CJK_WORDS = r"パスワード|暗証番号|密码|密碼|口令|비밀번호|패스워드|ລະຫັດຜ່ານ|ពាក្យសម្ងាត់|စကားဝှက်|මුරපදය|" + THAI_WORD
# Vietnamese, Arabic, Persian, Hebrew and Thai put a noun's modifiers after it: "mật khẩu wifi nhà mình là X" (the
# home wifi's password is X), "كلمة المرور الجديدة للبريد هي X" (the new mail password is X). Up to four such words
# before the copula or colon are no distance.
HEAD_INITIAL = re.compile(r"(?i)" + HEAD_INITIAL_WORDS + "|" + THAI_WORD)
# A login verb in any tense and person: log in, signs in, logged in, signing in.
LOGIN_VERBS = r"(?:log|sign)(?:s|ged|ging|ed|ing)? ?in"
# "Test account: ops / X": account is a login word only where a colon, a user name and a slash follow it.
ACCOUNT_PAIR = r"[\"'`]?[ \t]{0,3}[:=][ \t]{1,3}[\w.@+-]{1,64}[ \t]?/[ \t]?(?:\S|$)"
# prose37: a login form's shape: an account or remote access, a clause naming whose or what for (Steinberg account for
# the composition lab, the vendor account again, remote access for the consultant), a colon, the user, a slash.
ACCOUNT_CLAUSE_PAIR = r"[\"'`]?,?[ \t]{1,3}[^:=\n.!?/]{1,48}?[:][ \t]{1,3}[\w.@+-]{1,64}[ \t]?/[ \t]?(?:\S|$)"
# prose37: a role's account after a colon, then a slash (hatchery panel: admin / X): the role is the user's name. The
# head score_match reads starts at the rule's match (generic-login-pair's role branch wants the colon), hence ^.
ROLE_PAIR = r"(?:(?<=:[ ])|^)(?-i:admin|administrator|root)(?=[ ]?/[ ]?(?:[^\s/]|$))"
# prose38: the device or program a login form belongs to, as account is (Designa exit-booth terminal: U / X, the
# operator panel, maintenance level: U / X, Vagaro on the nail-bar iPad: U / X, the vendor portal for ...: U / X).
# Not a server, switch or camera: "switch: port-12 / vlan-200" is a network's pair of names.
DEVICE_WORDS = r"terminal|panel|portal|tablet|ipad|pc|computer|controller|gateway|console|kiosk|app|hmi|laptop" \
    r"|workstation"
# prose38: "night attendant U locked out; reset to X": an account locked out, then reset to the token, gives it as a
# login word and a verb of setting do (generic-login-pair); not "locked out, reset to factory defaults" (no token's
# shape).
# prose50: what it is locked out of and after what, up to the sentence's end, may stand between ("U is locked out of
# the recipe station after three tries. Reset to X"): the next sentence's reset is still the account's.
LOCKED_ACCOUNT = re.compile(r"(?<![^\s:=])[\w.@+-]*[A-Za-z][\w.@+-]*[._\d@-][\w.@+-]*[ \t]+"
                            r"(?:(?:is|was|got|has[ \t]+been|had[ \t]+been|been)[ \t]+)?$")
LOCKED_OUT = (r"locked out(?=(?:[ \t][^\n.;!?]{0,60}?)?[;,.]?\s+(?:and\s+)?(?:(?:password|pw)\s+)?(?:was\s+)?"
              r"reset\s+to\s)")
# prose38: "the booking account of U has been reset to X": an account named, then reset to the token.
ACCOUNT_RESET = (r"\s+(?:for|of)\s+[\w.@+-]{1,64}\s+(?:(?:was|has\s+been|had\s+been|got|is)\s+)?"
                 r"(?:reset|changed|set)\s+to\s")
CREDENTIAL_WORDS = re.compile(
    r"(?i)(?:(?<![\w])(?:(?:start|initial|einmal|erst|übergangs|uebergangs)(?:passwort|kennwort)"  # prose30
    r"|passwor[dt]|kennwort|passwd|passphrase|passcode|pwd|pw|pass|mot de passe|mdp|contrase.a"
    r"|clave|senha|wachtwoord|" + OTHER_LANGUAGE_WORDS + "|" + MISSPELLED_WORDS
    + r"|credential(?![.-]\w)|creds?|credentials|zugangsdaten|" + LOGIN_VERBS + r"|user(?:name)?|login"
    + r"|authenticat(?:e|es|ed|ing)"
    + r"|(?:account|remote access|" + DEVICE_WORDS + r")(?=" + ACCOUNT_PAIR + "|" + ACCOUNT_CLAUSE_PAIR + r")"
    + r"|account(?=" + ACCOUNT_RESET + r")"
    + r"|" + ROLE_PAIR + "|" + LOCKED_OUT + r")(?![\w])|" + CJK_WORDS + ")")
# A dash between blanks gives a value as a colon does ("пароль от VPN — X", "pw – X").
SEPARATOR = re.compile(r"(?:[:=/：→]|->|=>|\s[—–])\s*[\"'`]?\s*$")
# Copulas: is, ist, est, es, è/é (Italian, Portuguese), är/er (Swedish, Norwegian, Danish), to/jest/je (Polish,
# Czech), este (Romanian), е / је / є (Bulgarian, Serbian, Ukrainian),
# on (Finnish), wa / は (Japanese), คือ (Thai), là (Vietnamese), هي / هو (Arabic), είναι,
# és (Catalan), ir / yra (Latvian, Lithuanian), adalah (Indonesian), ay (Tagalog), ni (Swahili), yw / ydy (Welsh),
# არის (Georgian), হল (Bengali),
# הוא / היא, है, and Korean's topic particle 는 / 은 right on the credential word (비밀번호는 X; on any other noun it
# only marks a topic); and verbs that give a value the same way: should / will be, wäre, quedó en, ficou, habe ich
# (Als Passwort habe ich X gesetzt).
COPULA = re.compile(r"(?i)(?:\b(?:is|was|ist|war|est|es|este|lautet|sera|to|sind|sont|son|s.o|är|er|jest|je|on|wa"
                    r"|be|w[äa]re|qued[óo](?:\s+en)?|ficou|hab(?:e)?\s+ich|là|هي|هو|είναι|הוא|היא|है|és|ir|yra"
                    r"|adalah|ay|ni|yw|ydy|është|არის|হল|হলো|е|је|є|e|ass|ithi|waa)"  # prose35: Romanian e (parola e X)
                    # prose50: Zulu ithi (iphasiwedi entsha manje ithi X: the new password now says / is X)
                    # prose51: Somali waa, the focus marker a statement's predicate takes (erayga sirta ee akoonka
                    # waa X: the account's password is X)
                    r"(?:\s+(?:now|jetzt|nun|maintenant|ahora|agora|adesso|ora|nu|elo))?"  # prose37: Lux. ass (elo)
                    r"|(?<!\w)[èé]|は|是|为|คือ|^[는은])\s*[:\"'`]?\s*$")
# "minha senha nova é", "la nuova password è", "Mijn nieuwe wachtwoord": an adjective of time between the word
# and its copula is no distance.
NEW_OR_OLD = re.compile(r"(?i)^\s*(?:new|old|current|temp|temporary|nova|nuova|nueva|nouveau|neue|nieuwe|nowe"
                        r"|nya|antiga|vecchia|vieja|alte|oude|stare)\s+\S+\s*$")
# "the pw for the staging box is ...", "Passwort für den Server lautet ...", "la contraseña de la base de datos
# es ...": the words between name what the password is for, then a copula or a colon gives it. The commonest way
# a password is typed in chat; those words are not distance.
PURPOSE = re.compile(
    r"(?i)^\s*(?:(?:nua|nova|nuova|nueva|neie?)\s+)?"  # prose37: an adjective after the noun (pasfhocal nua don X:)
    r"(?:for|of|on|at|to|f.rs?|fuer|zum|zur|vom|des|du|de|pour|del|della|dell'|di|da|do|dos|das|para|van|voor"
    r"|op|od|dla|till|til|f[öo]r|от|для|к|pentru|za|pro|за|vir|για|ng|untuk|i'r"
    # prose34: Danish / Norwegian på, i; Icelandic á, í, fyrir
    r"|på|(?-i:i)|á|í|fyrir|për|në|fir|vum|vun|don|ar"
    r"|per|dal|dals)(?!\w)[^:=\n]{0,60}?"  # prose38: Romansh per, dal (il pled-clav dal computer da biro)
    r"(?:\b(?:is|was|ist|war|lautet|est|es|este|era|sind|sont|s.o|are|to|је|е|є|yw|ydy|ay|yra|adalah|είναι"
    r"|jest|je|är|er|be|w[äa]re|qued[óo]\s+en|ficou|e|ir|ass)"  # prose37: Luxembourgish fir / vum, ass; Irish don, ar
    r"(?:\s+(?:now|still|jetzt|nun|maintenant|ahora|agora|adesso|ora|elo))?"
    r"|(?<!\w)[èé]|[:=]|\s[—–])\s*[\"'`]?\s*$")
# The words between the credential word and its copula, with no clause break, quote, bracket or another clause's
# verb among them (NOUN_PHRASE_BREAKS): they qualify the noun ("nova del servidor de proves", "la akaunti ya
# majaribio", "for the grafana viewer acct").
NOUN_PHRASE = re.compile(r"(?:[^,;.!?()\[\]{}\"'`<>\n]|(?<=\w)'(?=\w)){1,60}")  # an elision (de l'impressora) is a word
# "password I entered at the prompt is X": a subject and verb of its own make the words between a clause (they are
# left to the other signals). English `to` and `as` make it a verb's phrase ("passphrase as conveyed to the loopback
# to MAX_PASSPHRASE_LEN", a changelog), whose `to` is no copula: a preposition first is PURPOSE's case.
NOUN_PHRASE_BREAKS = re.compile(r"(?i)\b(?:i|you|we|they|he|she|it|that|which|who|if|when|but|and|or|to|as)\b")
# "correct-horse-battery-staple", "maple.quartz.ember", "otter~fjord~heron": three or more words joined, the shape
# passphrase advice gives; letters only, but each word adds entropy.
PASSPHRASE = re.compile(r"[A-Za-z]{3,}(?:[-_.+~][A-Za-z]{3,}){2,}[-_.+~]?[0-9]{0,4}[!#$%&*?@^~]?")
PASSPHRASE_SEPARATORS = re.compile(r"[-_.+~]")
# A dotted run is a passphrase only with dots alone between its words, each word lower-case or capitalised
# (Maple.Quartz.ember: generators capitalise words at random), and no word of code in it: `maple.quartz.ember` is
# one, `settings.auth.admin_password`, `request.user.email` and `Microsoft.Extensions.Configuration` are paths.
DOTTED = re.compile(r"[A-Za-z][a-z]{2,}(?:\.[A-Za-z][a-z]{2,}){2,}[0-9]{0,4}[!#$%&*?@^~]?")
# "OspreyKestrelFerrule": three or more capitalized words run together, a digit or symbol at most at the end.
CAMEL_PASSPHRASE = re.compile(r"(?:[A-Z][a-z]{2,12}){3,6}[0-9]{0,4}[!#$%&*+?@^~.-]?")
CAMEL_PART = re.compile(r"[A-Z][a-z]+")
# Words of class and function names: a CamelCase run holding one is code (PasswordResetView, NotImplementedError).
_CODE_WORDS = """
    error errors exception warning handler manager factory service provider config configuration request response
    view views form forms model models test tests mixin base hasher validator validation reset token tokens auth
    input widget builder helper helpers util utils store storage repository controller event listener callback
    context value values string list dict map set name names data info key keys impl interface adapter strategy
    policy generator encoder decoder parser reader writer stream buffer file path dialog prompt page screen
    component module plugin option options settings params args result status state field fields type types class
    object item items node element client server session user users account login logout password passwords pass
    secret secrets credential credentials hash salt cipher crypto change changed update updated create created
    delete get set new old default check checker verify required missing invalid not none null true false method
    function handle entry record table column row query schema payload message self this cls env environ conf cfg
    app opts vars ctx props environment system properties resources constants globals global static runtime"""
CODE_WORDS = frozenset(_CODE_WORDS.split())
# Words that make a hyphenated run a phrase of prose (expired-and-locked-out), not a passphrase.
PROSE_WORDS = frozenset(["and", "or", "the", "not", "for", "with", "out", "off", "are", "was", "has", "had", "can",
                         "you", "our", "all", "any", "its", "per", "via", "from", "into", "onto", "over", "under",
                         "this", "that", "then", "than", "when"])
# "use X as the password", "X is the admin password": the credential word comes after the token.
WORD_AFTER = re.compile(
    r"(?i)[\"'`]?[ \t]+(?:[\w']{1,16}[ \t]+){0,2}?(?:is|as|was|=)[ \t]+(?:(?:the|my|our|your|his|her|their|a|an|new"
    r"|old)[ \t]+)?"
    r"(?:[\w-]+[ \t]+){0,2}(?:passwor[dt]|passphrase|passcode|pw|pwd|kennwort|wachtwoord)\b"
    # German, French, Spanish, Portuguese, Italian: the word right after (gestionnaire de mot de passe names a tool)
    r"|[\"'`]?[ \t]+(?:als|comme|como|come)[ \t]+(?:(?:das|ein|neues|le|un|nouveau|el|la|una|nueva|o|a|il|nuova"
    r"|het|een|nieuw)[ \t]+)?(?:passwor[dt]|kennwort|mot de passe|mdp|contrase.a|clave|senha|wachtwoord)\b"
    # Spanish, Portuguese: "le puse X de contraseña"
    r"|[\"'`]?[ \t]+de[ \t]+(?:contrase.a|clave|senha)\b"
    # prose63: "X -- that's the password": a dash, then a clause of its own names it
    r"|[\"'`]?[ \t]+[-–—]{1,2}[ \t]+that['’]s[ \t]+(?:(?:the|my|our|your)[ \t]+)?(?:[\w-]+[ \t]+)?"
    r"(?:passwor[dt]|passphrase|passcode|pw|pwd)\b"
    # "I can't get in with X, is that still the password?": the token, then a question that names it.
    r"|[\"'`]?[ \t]*[,;]?[ \t]*(?:-[ \t]+)?(?:is|was)[ \t]+(?:that|this|it)[ \t]+(?:(?:still|really|even|now)[ \t]+)?"
    r"(?:(?:the|my|our|your|a|an)[ \t]+)?(?:[\w-]+[ \t]+){0,2}?(?:passwor[dt]|passphrase|passcode|pw|pwd)\b")
# prose36: `manager` is talk about passwords as a password manager; a role's manager (the duty manager, the office
# manager) and a product's capitalised name (Intelligent Touch Manager, Config Manager) are not, unless the product
# is one for passwords (Password Manager, Credential Manager). A hyphenated field- names a kind (field-crew,
# field-work), a capitalised Field before a capitalised word a product (Field Maps, Field Service).
_ROLES = ("duty office site shift night store general project transport fleet depot workshop service facilities "
          "estates plant practice branch account deputy assistant operations team line floor stage house "
          "production")
# speed55: each branch looks ahead for its word before its lookbehinds, and NEGATIVE for a word char after its `\b`
# (every alternative starts with a letter): without them each word boundary ran ~40 lookbehinds (~115 us a call of
# letters_password's, ~10 ms per MB of dense credentials). Both only fail sooner where the branch fails anyway.
MANAGER_TALK = ("(?:(?=(?-i:manager|MANAGER))" + "".join(f"(?<!{role} )" for role in _ROLES.split())
                + r"(?-i:manager|MANAGER)s?"
                r"|(?-i:Managers?)(?<![A-Za-z] Manager)(?<![A-Za-z] Managers)"
                r"|(?=(?-i:Manager))(?:(?<=password )|(?<=passwort )|(?<=credential )|(?<=keychain )|(?<=secrets ))"
                r"(?-i:Managers?))")
# prose63: a reset after after / since / following and an article is the time a password is asked ("the panel asks for
# a password after a reset. It's X", "the scale's password since the reset is X"), an event, not a reset password.
RESET_EVENT = "".join(f"(?<!{before} {article} reset)" for before in ("after", "since", "following")
                      for article in ("a", "the", "each", "every", "any"))
NEGATIVE = re.compile(
    r"(?i)\b(?=\w)(?:forgot|forgotten|reset" + RESET_EVENT
    + r"|(?-i:field|FIELD)(?!-\w)|(?-i:Field(?![ \t][A-Z]))(?!-\w)|required|"
    + MANAGER_TALK + r"|policy|length|characters|hash(?:ed|es)?"
    r"|expired?|vergessen|zur.cksetzen|oubli.|olvidaste|olvid.|too short|incorrect|invalid|wrong|change it"
    r"|example|placeholder|your|hint|hints)\b")
WORD = re.compile(r"[^\s:=/]+")
# "Hasło jednorazowe wyślemy SMS-em" (Polish: we will send the one-time password by text), "Passwort per E-Mail",
# "SMS:llä" (Finnish): how the password is sent, its case ending glued on by a hyphen or colon.
CHANNEL_VALUE = re.compile(r"(?i)(?:sms|mms|e-?mail|fax)(?:[-:'][^\W\d_]{1,4})?[.,;:!?]?")
# {{ .Values.x }}, ${VAR}, <%= %>, USER:PASSWORD@HOST, and a value the shell computes: "$(openssl rand -base64 24)"
TEMPLATE = re.compile(r"\{\{|\{%|\$\{|<%|%\(|@[A-Z]|\$\(")
DOTTED_REFERENCE = re.compile(r"\.?[A-Za-z_]\w*(?:\.[A-Za-z_]\w*)+")
# "pass stdout=PIPE", "pass force_zip64 to ...": the verb `pass` before a keyword argument or an identifier
# (CPython's docstrings gave 10 such findings in 11.6 MB).
# gate50 / prose51: what a password policy says after the word and a copula ("iphasiwedi ithi Min-12 kuphela",
# "ithi 12-characters okungenani"): a count of characters or a bound, not a value
POLICY_COUNT = re.compile(r"(?i)(?:min|max|minimum|maximum|at-?least)[-_:]?\d{1,3}"
                          r"|\d{1,3}[-_]?(?:characters?|chars?|digits?|letters?|symbols?|zeichen|caract[eè]res?)")
KEYWORD_ARGUMENT = re.compile(r"[A-Za-z_]\w*=[\w.]+")
# prose51: a word, `=` and a number is how a person makes a password (hadrian=40, Hadrian=4200) where its place gives
# it (a CLI password option, an answer line, right after the word); not a setting's name and its number, which
# policy text and config give after the word too (retry=3, minlen=12, rounds=310000)
PERSON_NUMBER = re.compile(r"(?P<name>[A-Za-z][a-z]{3,15})=\d{2,4}")
SETTING_NAMES = frozenset({
    "length", "minlen", "maxlen", "minlength", "maxlength", "retry", "retries", "rounds", "timeout", "difok",
    "ucredit", "lcredit", "dcredit", "ocredit", "minclass", "maxrepeat", "maxsequence", "remember", "expiry",
    "expire", "expires", "days", "maxage", "minage", "warn", "level", "cost", "size", "count", "port", "limit",
    "attempts", "iterations", "saltlen", "keylen", "bits", "history", "lockout", "delay", "interval", "width",
    "depth", "version", "mode", "chars", "digits", "words", "tries", "max", "min"})
# "password=Ru5ty&ssl=true jdbc:postgresql://...": the word was given its value right after it, so a token further
# on is not its value (the stream masker's hold-back, which sees one match per word, relies on that too).
# Markdown bold around the word (`**pass:** X`) is no value of its own.
OWN_VALUE = re.compile(r"^\s*(?:[:=]|->|=>)\s*[\"'`]?[^\s\"'`*]{2,}\s")
URL = re.compile(r"^[A-Za-z][\w+.-]*://")
# "pass  # 11Aug07 KBK ...": a code comment opens between the word and the token, so the word is code (Python's
# `pass`) or a commented-out line, and the token is the comment's text.
COMMENT_OPENS = re.compile(r"(?:^|\s)(?:#+|//)(?:\s|$)")
# A login word's own value is the user name: "login: svc_backup / <password>" is the pair the login rule wants.
LOGIN_WORD = re.compile(r"(?i)" + LOGIN_VERBS + r"|creds?|credentials|zugangsdaten|user(?:name)?"
                        r"|authenticat(?:e|es|ed|ing)|account|remote access|" + DEVICE_WORDS)
# "log in as svc_ci with <password>", "login succeeded for svc_ci using '<password>'" (an agent's observation), "sign
# in as svc_ci, then enter <password>": the user name, then with/using/then enter, is the pair's separator.
LOGIN_WITH = re.compile(r"(?i)^\s*(?:(?:succeeded|successful|failed|ok)\s+)?(?:as\s+|for\s+)?\S{1,64}\s+"
                        r"(?:(?:with|using)(?:\s+(?:password|pass|pw))?\s*[:=]?"
                        r"|(?:then|and)\s+(?:I\s+)?(?:enter(?:ed)?|typed?|sen[dt]|used?))\s*$")
# prose35: "the login is k.olsen and X", "sign in with k.olsen and X", "shared login k.olsen with X": an account's
# name (a dot, digit, dash, underscore or @ in it: not "sign in with Google and ...") then and / with pairs the two.
LOGIN_AND = re.compile(r"(?i)^\s*(?:(?:is|was|with|as)\s+)?[\w.@+-]*[._\d@-][\w.@+-]*\s+and\s*$")
ACCOUNT_WITH = re.compile(r"(?i)(?<![^\s:=])[\w.@+-]*[._\d@-][\w.@+-]*\s+(?:with|using|and)\s*$")
# "'invalid credentials' for qa-bot / <password>", "login for ops / <password>": for, the user name, a slash.
FOR_PAIR = re.compile(r"(?i)^[\"'`]?\s*(?:for|as)\s+[\w.@+-]{1,64}\s?/\s?$")
# "sign in with <password>", "log in using <password>": no user name; only a password's shape is one (the value is
# as often a tool or a provider: log in with OAuth2, sign in with Microsoft365).
LOGIN_WITH_ALONE = re.compile(r"(?i)^\s+(?:with|using)\s+$")
LOGIN_VERB = re.compile(r"(?i)" + LOGIN_VERBS + r"|authenticates?")
# Microsoft365, OAuth2, Azure-AD: one or two capitalised words, a number of up to three digits run on (a year is a
# password's: Summer2024).
PROVIDER_NAME = re.compile(r"[A-Z][A-Za-z]*(?:-?[A-Z][A-Za-z]*)?\d{0,3}")
# "the password in KeePass2", "Passwort im Tresor", "رمز عبور در KeePass2": a preposition of place alone between
# the word and the token names where the password is kept, not what it is.
PLACE_BETWEEN = re.compile(r"(?i)^\s*(?:(?:stored|kept|saved|is|was|lives)\s+)?(?:in|im|inside|dans|en|em|nel|w|v|u"
                           r"|در|في)\s+$")
# "Zugangsdaten für das Portal: ops / <password>", "credentials for grafana: admin / <password>": a clause naming
# what the login is for, a colon, the user name, a slash. The clause is no distance.
PURPOSE_PAIR = re.compile(r"(?i)^\s*(?:for|f[üu]r|fuer|zum|zur|on|to|de|du|pour|para|per|voor)\s[^:=\n]{1,40}:\s*"
                          r"[\w.@+-]{1,64}\s?/\s?$")
# prose35: "the NAS login is k.olsen / X", "the login for night shifts was k.olsen / X": a copula gives the pair as a
# colon does; what the login is for may stand before it.
COPULA_PAIR = re.compile(r"(?i)^\s*(?:(?:for|on|to)\s[^:=\n/]{1,40}?\s)?(?:is|was|are)\s+[\w.@+-]{1,64}\s?/\s?$")
# prose35: "login k.olsen / 55821": digits after a user name (a letter in it) and a slash are its PIN; a count over a
# total (login failures 40 / 1000) has no letter before its slash.
SLASH_PAIR_USER = re.compile(r"(?<![^\s:=])[\w.@+-]*[A-Za-z][\w.@+-]*[ \t]?/[ \t]?$")
# "creds -> deploy <password>": an arrow or colon, the user name, a blank. Only after creds is that a pair
# ("user: admin 2024-01-01" is none), and where it is read so, it is not read as "with" either.
CREDS_WORD = re.compile(r"(?i)creds?|credentials|zugangsdaten")
# prose37: the words after which any clause, a colon, the user and a slash are the pair (CLAUSE_PAIR).
CLAUSE_PAIR_WORD = re.compile(r"(?i)creds?|credentials|zugangsdaten|account|remote access|" + DEVICE_WORDS)
ROLE_WORD = re.compile(r"admin|administrator|root")  # lower-case: a login's; Admin / Users is a menu
# "Go to: admin / users2 / roles": a slash after the value too makes a menu's or a path's steps, not a pair.
PATH_GOES_ON = re.compile(r"[ \t]?/")
# "credentials the user gave for the staging DB: ops / <password>": after creds any clause, a colon, the user name and
# a slash are the pair (not after user or login: "user guide, chapter 2: a / b" is no pair).
CLAUSE_PAIR = re.compile(r"^,?\s+[^:=\n.!?]{1,48}:\s*[\w.@+-]{1,64}\s?/\s?$")
SLASH_ALONE = re.compile(r"[ \t]?/[ \t]?")
ARROW_PAIR = re.compile(r"^\s*(?:->|=>|→|:)\s*\S{1,64}\s+$")
# Values of a known other kind, named in the same sentences as passwords ("password reset request id <uuid>",
# "password-reset commit <sha>", "password rotated 2026-11-30T10:00:00Z").
OTHER_FORMATS = re.compile(
    r"(?P<uuid>[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12})"
    r"|(?P<hex_digest>[0-9a-f]{32,128}|[0-9A-F]{32,128})"
    r"|(?P<date_or_timestamp>\d{4}-(?:Q[1-4]|H[12]|W\d{2})"  # a quarter, half or week: 2024-Q3
    r"|\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?)"
    r"|(?P<version_or_address>v?\d{1,4}(?:\.\d{1,4}){1,3}(?:[-+][\w.]+)?)")
# "password store sha256 <digest>", "pw hash md5": the algorithm's name is a word, not a password.
HASH_ALGORITHM = re.compile(r"(?i)(?:sha-?(?:1|224|256|384|512|3-256|3-512)|md[45]|argon2(?:id|i|d)?|pbkdf2(?:-sha\d+)?"
                            r"|bcrypt|scrypt|blake2[bs]?|blake3|crc32|ntlm(?:v2)?|des3?|aes-?\d+|yescrypt)")
# Persian, Hindi, Urdu, Armenian and Amharic put the copula last: "رمز عبور جدید سرور X است" (the server's new password
# is X), "पासवर्ड X है".
# prose54: Nepali हो / छ and Marathi आहे after the token too (पासवर्ड X हो)
# attack56: at most 16 blanks before it. Unbounded, the copula 300 blanks (or 64 tabs, JSON-escaped in a tool call)
# after the token made it a finding once it came, where the stream's hold-back had released the token already: the
# text's scan and the stream must read the same width.
# prose55: and Gujarati છે, Punjabi ਹੈ (લોકરનો કોડ X છે)
# prose56: and Malayalam ആണ്, Tamil ஆகும், Kannada ಆಗಿದೆ (പൂട്ടിന്റെ കോഡ് X ആണ്)
COPULA_AFTER = re.compile(r"[\"'`]?[ \t]{1,16}(?:است|هست|है|ہے|է|ነው|हो|छ|आहे|છે|ਹੈ|ആണ്|ஆகும்|ಆಗಿದೆ)"
                          r"(?![\w\u0900-\u0963\u0966-\u097f\u0a00-\u0a65\u0a70-\u0ae5\u0af0-\u0aff"
                          r"\u0b80-\u0bff\u0c80-\u0cff\u0d00-\u0d7f])")
FAILURE_WORDS = re.compile(r"(?i)incorrect|invalid|wrong")
# "my password has been reset to X", "I reset your pw to X", "the admin changed it to X": setting a password to the
# token gives it, as a copula does; reset and your are then no talk about passwords.
SET_TO = re.compile(r"(?i)(?:^|\s)(?:(?:has|have|had|was|were|is|got|been|just)\s+){0,2}(?:reset|changed?|set|updated?"
                    r"|rotated|switched)\s+(?:it\s+)?to\s*[\"'`]?\s*$")
# prose34: and the Danish / Norwegian verbs (ændrede, skiftet, endret ... til X), the Icelandic (breytti ... í X).
# prose36: Galician, Spanish, Portuguese and Italian verbs of setting, their articles and prepositions (cambiei o
# contrasinal do correo a X, cambié la contraseña del wifi a X, mudei a senha do email para X).
SET_BEFORE = re.compile(r"(?i)\b(?:reset|changed?|set|updated?|rotated|switched|ændre(?:de|t)|skifte(?:de|t)"
                        r"|endre(?:de|t)|breytt(?:i|um|u)?|schimbat|setat|resetat|modificat|nomainīj(?:u|a|ām)"
                        r"|cambi(?:ei|ou|amos|aron|é|ó|ado|ato)|mud(?:ei|ou|amos|aram)|alter(?:ei|ou|é|ó)|troquei"
                        r"|puxen|puse|redefini|impostato)\s+(?:(?:the|my|your|his|her|their"
                        r"|our|its|a|o|el|la|il|lo|le|meu|mi|miña|minha)\s+)?(?:[\w-]+\s+)?$")
SET_TO_BETWEEN = re.compile(r"(?i)^\s+(?:(?:for|of|on|til|på|á|la|de|pentru|do|da|del|della|du|dos|das)\s+\S+\s+)?"
                            r"(?:to|til|í|în|uz|a|para|à|en)"
                            r"\s*[\"'`]?\s*$")  # prose35: Romanian la / de / pentru ... în X
SETTING_NEGATIVES = frozenset({"reset", "your", "change it"})
# gate50 / prose51: a noun right after the password word, then the verb of setting, is what was set ("the password
# hashing rounds were set to 310000", "password expiry was changed to"): the password's own setting needs the verb
# (or a clause naming whose: for / of / on ...) right after the word.
NOUN_THEN_SET = re.compile(r"(?i)^\s+(?!(?:for|of|on|at|to|in|de|do|da|del|du|has|have|had|was|were|is|are|got|been"
                           r"|just|reset|changed?|set|updated?|rotated|switched|it|til|på|la|pentru)\b)[a-z]{3,20}"
                           r"(?:\s+[a-z]{3,20})?\s+(?:has|have|had|was|were|is|are)\s")
# prose30: "Your temporary password is X", "the initial password X", "temp pw: X": a word of issuing right before the
# credential word says a password is handed over (reset mails, onboarding letters, ticket replies), so reset, your
# and change it are the issuing's talk, as after a verb of setting. Not `default` (docs name vendors' defaults).
ISSUED_BEFORE = re.compile(r"(?i)(?:^|[\s(\[\"'`])(?:temporary|temp|initial|new|one-time|provisional|interim|starter)"
                           r"[ \t]+$")


def issued(line_before: str) -> bool:
    """A word of issuing right before the credential word, in its own clause (your temporary password, temp pw)."""
    return ISSUED_BEFORE.search(own_clause(line_before)) is not None
# "They gave us their current password (X) so we could reproduce": the value in brackets right after the word.
BRACKETED = re.compile(r"(?i)(?<![\w./-])(?:passwor[dt]|passphrase|passcode|pw|pwd|kennwort|mot de passe|contrase.a"
                       r"|senha|wachtwoord)[ \t]\($")
# Speech turned into text: "the password is, um, X", "pw is uh X". A filler and its commas stand for nothing.
# prose34: a bare `er` only between commas (is, er, X): it is the copula of Danish, Norwegian and Icelandic
# ("adgangskoden til printeren er X"), which the filler once erased.
FILLER = re.compile(r"(?i),?[ \t]*(?<![\w'])(?:u+m+|u+h+|e+r+m+|(?:(?<=,)|(?<=,[ \t]))e+r+(?=[ \t]*,)|u+h+m+|a+h+|hmm+)"
                    r"(?![\w'])[ \t]*,?")
# "the passcode is 84226719": digits only, given by a copula or separator (a year or a short number is not one).
NUMERIC_PASSWORD = re.compile(r"\d{6,12}")
# prose50: digits a password was set or changed to, of a PIN's length too (not a year); a run or a repeated digit
# (1234, 0000) is what docs quote.
SET_PIN = re.compile(r"(?!(?:19|20)\d\d$)\d{4,12}")
EXAMPLE_DIGITS = re.compile(r"0?1234(?:5(?:6(?:7(?:89?)?)?)?)?|(?:9876|8765|7654|6543|5432|4321)\d{0,4}|(\d)\1{3,11}")
# "the password for the tablets is now 7568": a copula and `now` give a changed password's new value.
NOW_GIVEN = re.compile(r"(?i)\b(?:is|are|ist|est|es|è|é|är|er)\s+(?:now|jetzt|nun|maintenant|ahora|agora|adesso|ora|nu)"
                       r"\s*[:\"'`]?\s*$")
# "Temporary password 98806 set, ...": digits right after an issued password's word end their clause or are set.
ISSUED_PIN_ENDS = re.compile(r"[\"'`]?(?:[ \t]*$|[ \t]+[-–—(][ \t]|[.,;!?](?:\s|$)|[ \t]+(?:set|issued|assigned)\b)")
# A clause ends at a comma, semicolon or sentence end followed by a blank.
CLAUSE_BREAK = re.compile(r"[,;.!?](?=\s)")
# `password = new_value`: an unquoted = makes the token a name in code.
SEPARATOR_EQUALS = re.compile(r"(?<![=!<>])=\s*$")
SNAKE_IDENTIFIER = re.compile(r"_*[a-z]+(?:_[a-z0-9]+)+")
# "the pw is yukon_4344": one word and a number of 3 or more digits, given by a separator or copula, is how people
# make a password (a name in code has more words or a shorter index: retry_3, utf_8, max_len).
WORD_UNDERSCORE_NUMBER = re.compile(r"[a-z]{3,16}_\d{3,8}")
# prose59: right after the password word (the password bhaskara_61), a word of four letters or more and two digits
# are a person's too: code's index after a word is one digit (retry_3), its short words are units (utf_16, sha_256).
# A form's or a program's numbered part is no person's word (the password field_12, input_01).
PLACED_WORD_NUMBER = re.compile(r"(?!(?:field|input|param|args?|column|table|item|step|line|page|value|attr|node|test"
                                r"|case|level|type|mode|index|slot|form|button|option|entry|label|hash)_)[a-z]{4,16}_\d{2,8}")
# A path's segments right before the credential word: /etc/deploy/pw, ~/.config/pw, ./secrets/pwd.
PATH_BEFORE = re.compile(r"(?:^|[\s\"'=])[~.]{0,2}/(?:[\w.-]+/)*$")
# `credential.helper 'cache --timeout=3600'`: a long option and its value.
COMMAND_OPTION = re.compile(r"--[A-Za-z][\w-]*(?:=\S*)?")
# RFC-2617, CVE-2024-3094, OPS-1182, ISO-8601: a document or ticket id, named in prose next to the word.
REFERENCE_ID = re.compile(r"[A-Z]{2,8}-[0-9]{1,6}(?:-[0-9]{1,6})?")


@dataclass(frozen=True)
class Score:
    total: int
    signals: tuple[str, ...]

    @property
    def reported(self) -> bool:
        return self.total >= SCORE_THRESHOLD


# prose52: an attribute or key between the password word and the token that names the token something else (ref=,
# file=, store=, id=): key_names.OTHER_THING's words of place and reference, as `name="value"` syntax writes them.
ATTRIBUTE_BEFORE = re.compile(r"(?:^|[\s,;(<])(?P<key>[A-Za-z_][\w-]{0,30})[ \t]*=[ \t]*[\"']?$")
_ANOTHER_THING = """
    ref reference refs keyref secretref id ids name file files path dir env var vars variable arn url uri href vault
    store source src from provider manager backend mount hint prompt label placeholder type kind mode format policy
    length len min max hash hashed digest salt encoding algorithm user username email host hostname port"""
ATTRIBUTE_OF_ANOTHER_THING = frozenset(_ANOTHER_THING.split())


def score(line_before: str, between: str, value: str, context: tuple[tuple[str, int], ...] = (),
          word: str = "password", copula_after: bool = False, after_value: str = "") -> Score:
    """Score a token `value`; `between` is the text from the end of the credential `word` to the token,
    `line_before` the rest of its line before the credential word. `context` replaces the credential-word
    signal for matches that have none (a positional argument of a login call). `copula_after`: a copula follows the
    token, where a verb-final language puts it (رمز عبور سرور X است). `after_value`: the line's rest after the token."""
    signals: list[tuple[str, int]] = list(context) or [("credential word", 2)]
    phrase = linked_phrase(word, between)
    words_between = len(WORD.findall(phrase))
    arrow_pair = ARROW_PAIR.search(between) is not None
    login_with = not context and LOGIN_WORD.fullmatch(word) is not None and (
        (arrow_pair and CREDS_WORD.fullmatch(word) is not None)
        or (not arrow_pair and (LOGIN_WITH.search(between) is not None or LOGIN_AND.search(between) is not None)))
    purpose_pair = not context and not login_with and LOGIN_WORD.fullmatch(word) is not None \
        and (PURPOSE_PAIR.search(between) is not None or COPULA_PAIR.search(between) is not None
             or (CLAUSE_PAIR_WORD.fullmatch(word) is not None and CLAUSE_PAIR.search(between) is not None))
    role_pair = not context and ROLE_WORD.fullmatch(word) is not None and SLASH_ALONE.fullmatch(between) is not None
    for_pair = not context and not login_with and not purpose_pair and LOGIN_WORD.fullmatch(word) is not None \
        and FOR_PAIR.search(between) is not None
    login_alone = not context and LOGIN_VERB.fullmatch(word) is not None and LOGIN_WITH_ALONE.fullmatch(between)
    giving = not context and giving_clause(between)
    set_to = not context and NOUN_THEN_SET.match(between) is None and (SET_TO.search(between) is not None or (
        SET_TO_BETWEEN.fullmatch(between) is not None and SET_BEFORE.search(own_clause(line_before)) is not None))
    if context:
        pass  # the call and its argument position are the whole context
    elif purpose_pair:
        signals.append(("what the login is for, then user / password", 2))
    elif role_pair:
        signals.append(("a role's account after a colon, then a slash (panel: admin / X)", 2))
    elif login_with:
        signals.append(("user name, then with/using", 2))
    elif for_pair:
        signals.append(("for / as the user name, then a slash (credentials for U / X)", 2))
    elif login_alone:
        signals.append(("with / using right after a login verb (sign in with X)", 1))
        if not is_passphrase(value) and _classes(value) < 3:
            signals.append(("after 'log in with' only a password's shape is one: fewer than 3 classes", -4))
        if PROVIDER_NAME.fullmatch(value):
            signals.append(("shaped like the name of a tool or provider (log in with Microsoft365)", -6))
    elif set_to:
        signals.append(("the password set or reset to the token (reset it to X)", 1))
    elif SEPARATOR.search(between):
        signals.append(("separator before the token", 2))
    elif COPULA.search(between):
        signals.append(("copula before the token (is/ist/est/es/to)", 1))
    elif copula_after and not context:
        signals.append(("copula after the token, where its language puts it (X است, X है)", 1))
    elif giving:
        signals.append(("a clause of its own gives the token (the password, I'll spell it, it's X)", 1))
    elif words_between == 0:
        signals.append(("token right after the word", 1))
    pair = login_with or purpose_pair or for_pair or role_pair
    if pair or login_alone or set_to or (words_between == 2 and not context and NEW_OR_OLD.search(between)):
        pass
    elif giving:
        signals.append((f"{words_between} words between, talk about giving it", 0))
    elif 1 < words_between <= 5 and not context and HEAD_INITIAL.fullmatch(word) and (
            SEPARATOR.search(between) or COPULA.search(between) or copula_after):
        signals.append((f"{words_between - 1} words after the noun, as its language puts them, then a copula", 0))
    elif words_between > 1 and not context and PURPOSE.search(phrase):
        # Up to four words and the copula ("for the staging box is", "pentru contul de test este") cost nothing.
        # prose38: six before a colon ("pled-clav per la cassa da la societad:"), which gives a value more surely.
        signals.append((f"{words_between} words naming what it is for (for the staging box is)",
                        0 if words_between <= 5 or (words_between <= 6 and SEPARATOR.search(between)) else -1))
    elif words_between > 1 and not context and NOUN_PHRASE.fullmatch(between) \
            and not NOUN_PHRASE_BREAKS.search(phrase) and (
            SEPARATOR.search(between) or COPULA.search(between)):
        # "contrasenya nova del servidor de proves és X", "nenosiri la akaunti ya majaribio ni X": words that qualify
        # the noun in any language, then the copula, in one clause: a longer name of the password, not distance.
        signals.append((f"{words_between - 1} words qualifying the word, then a copula, in one clause",
                        0 if words_between <= 6 else -1))
    elif words_between > 1:
        signals.append((f"{words_between} words between word and token", -(words_between - 1)))
    # A passphrase given as a quoted string or in a sentence is no identifier, whatever its separators.
    as_string = bool(context) or not SEPARATOR_EQUALS.search(between)
    given = not context and (SEPARATOR.search(between) is not None or COPULA.search(between) is not None
                             or copula_after or set_to or giving)
    # Only a slash makes a pair of letters: "user projects with newer Automake versions" (a NEWS file) and "login
    # succeeded for deploy using publickey" (an SSH log) name no password after with / using, and `user: alice` is
    # the common field (the rule's first stage reads letters only after a slash, for speed on dense text).
    pair_letters = not context and LOGIN_WORD.fullmatch(word) is not None and (
        SLASH_PAIR.search(between) is not None
        or (LOGIN_VERB.fullmatch(word) is not None and AS_ACCOUNT_WITH.fullmatch(between) is not None)
        or (login_with and ACCOUNT_WITH.search(between) is not None))  # prose35
    # prose50: an account locked out, then reset to the token: the account and its new password are the pair, when
    # the account is named right before (ops-7 is locked out; "he was locked out of the building" names none)
    pair_letters = pair_letters or (set_to and word.lower() == "locked out"
                                    and LOCKED_ACCOUNT.search(line_before) is not None)
    # prose29: "account jsilva, password X", "username kolsen pass X": the user named right before the password word.
    user_pair = not context and LOGIN_WORD.fullmatch(word) is None and words_between == 0 \
        and (USER_BEFORE_WORD.search(line_before) is not None
             or account_before_word(line_before))  # prose59: U and password X
    if user_pair:
        signals.append(("a user named right before the password word: a user / password pair", 1))
    slash_digits = pair_letters and ((words_between <= 3 and (SLASH_PAIR_USER.search(between) is not None
                                                              or ACCOUNT_WITH.search(between) is not None))
                                     # prose36: what the login is for, then an account's name and a slash (the
                                     # porter's login is e.berisha / 4300; login for QA: qa-2 / 6282)
                                     or (purpose_pair and ACCOUNT_SLASH.search(between) is not None))
    if (user_pair or slash_digits) and PAIR_DIGITS.fullmatch(value):
        signals.append(("digits after a user / password pair: a PIN", 0))
    elif (pair_letters or user_pair) and (PAIR_LETTERS.fullmatch(value) or (pair_letters and " " in value)):
        signals.extend(pair_letters_signals(value))  # "creds ops / dunlinGodwit": the pair is the evidence
        # prose57: nor after an account's name and with / using (logs in as k.olsen with Heronmarshland)
        if not user_pair and CAPITALISED_RUN.fullmatch(value) and ACCOUNT_SLASH.search(between) is None \
                and ACCOUNT_WITH.search(between) is None:
            signals.append(("a capitalised run after a slash, but no account's name before it (Google / Microsoft)",
                            -6))
    elif " " in value and not context and LOGIN_WORD.fullmatch(word):
        signals.append(("words one blank apart, but no user / password pair before them", -6))
    elif not context and SET_PIN.fullmatch(value) and not EXAMPLE_DIGITS.fullmatch(value) and (
            set_to or NOW_GIVEN.search(between) or (issued(line_before) and (
                given or (words_between == 0 and ISSUED_PIN_ENDS.match(after_value))))):
        # prose50: "the tablet password is now 7852", "I reset the password to 6453", "Temporary password 98806
        # set": digits a password was set, changed or issued to are a PIN or numeric password whatever their length
        # (4 to 12; not a year, a run or a repeat, which docs quote), as digits after a pair are
        signals.append(("digits a password was set, changed to (is now) or issued as: a PIN or numeric password", 2))
    else:
        # prose36: a user / password pair gives its password as a separator does (user U, password Nansen=42).
        # prose51: a syntax's place (not a code call's positional argument) or right after the word places it
        placed = (bool(context) and context is not POSITIONAL_CONTEXT) or (
            not context and words_between == 0 and word.lower() != "pass")
        signals.extend(shape_signals(value, identifier=not (as_string and is_passphrase(value)),
                                     given=given or pair or user_pair, paired=pair or user_pair or set_to,
                                     placed=placed))
        # prose37: and a password set to it (the password was reset to nansen=25) stands in no code's call either.
        # prose36: "changed it to 00369613", "cambiei o contrasinal a 39010699": digits a password was set to are
        # the new numeric password, as digits after a word of issuing are.
        if set_to and NUMERIC_PASSWORD.fullmatch(value) and not issued(line_before):
            signals.append(("digits a password was set or changed to: a numeric password", 1))
        # prose31: "temp pw: 229000", "your initial password is 948301": digits given after a word of issuing are
        # the numeric password handed over (a label line's digits weigh as much, _label_above), not a count.
        if given and not context and NUMERIC_PASSWORD.fullmatch(value) and issued(line_before):
            signals.append(("digits given after a word of issuing (temp pw: X): a numeric password handed over", 2))
    if not context and OWN_VALUE.search(between) and not LOGIN_WORD.fullmatch(word):
        signals.append(("the word has its own value before this token", -4))
    if not context and PLACE_BETWEEN.fullmatch(between):
        signals.append(("a preposition of place before it: where the password is kept (in KeePass2)", -6))
    attribute = None if context else ATTRIBUTE_BEFORE.search(between)
    if attribute is not None and attribute.group("key").lower() in ATTRIBUTE_OF_ANOTHER_THING:
        # prose52: <Pwd store="windows-credman" ref="ocr-lane-7"/>: the attribute right before the token names it
        # (where the password is kept, its id, its file), so the token is that, not the password
        signals.append((f"an attribute names what the token is ({attribute.group('key')}=): not the password", -6))
    if not context and COMMENT_OPENS.search(between):
        signals.append(("a code comment opens between word and token", -4))
    if URL.match(value):
        signals.append(("a URL, not a password", -4))
    if TEMPLATE.search(between):
        signals.append(("template or URL syntax before the token", -4))
    if set_to and word.lower() == "locked out" and DEVICE_PRODUCT.fullmatch(value) \
            and CLAUSE_ENDS_AFTER.match(after_value) is None:
        # gate50 / prose51: "locked out of the app. Reset to Android-13 fixed nothing": a product and its version the
        # sentence goes on after is what was tried, not the account's new password
        signals.append(("a name and its version the sentence goes on after: a product, not the reset password", -4))
    if CHANNEL_VALUE.fullmatch(value):
        signals.append(("the channel a password is sent by, inflected (SMS-em, E-Mail), not one", -6))
    negative = NEGATIVE.search(_without_another_nouns_your(own_clause(line_before)) + " " + between
                               + (" " + value if "-" in value else ""))
    if negative and pair and FAILURE_WORDS.fullmatch(negative.group()):
        # "'invalid credentials' for ops / X": a failing login reported with the pair it was tried with.
        signals.append((f"a failure word {negative.group().lower()!r}, but a user / password pair is given", -1))
    # prose55: "your terminal password is now X": a copula and `now` give a password just set, as "reset to" does,
    # so `your` is the notice's, not talk about passwords
    elif negative and not ((set_to or (not context and (issued(line_before) or NOW_GIVEN.search(between))))
                           and negative.group().lower() in SETTING_NEGATIVES):
        signals.append((f"negative context word {negative.group().lower()!r}", -3))
    total = sum(weight for _, weight in signals)
    return Score(total, tuple(f"{name} ({weight:+d})" for name, weight in signals))


# prose36: Albanian links a noun to what qualifies it by an article (fjalëkalimi i kompjuterit në zyrë është X: the
# password of the computer in the office is X; i ri / e re: new); the article is grammar, not a word of distance, and
# its `i` is no English pronoun.
ALBANIAN_WORD = re.compile(r"(?i)fjal[ëe]kalim\w*")
ALBANIAN_LINKS = re.compile(r"(?i)(?<!\S)(?:(?:i|e)[ \t]+(?:ri|re|vjetër|përkohshëm)|i|e|të|së)(?=\s)")


def linked_phrase(word: str, between: str) -> str:
    """The words between the credential word and its token as distance counts them (Albanian articles dropped)."""
    return ALBANIAN_LINKS.sub("", between) if ALBANIAN_WORD.fullmatch(word) else between


# prose24: "the password, I'll spell it, it's X", "in the password box I'm typing X": the token's own short clause,
# after the word's, gives it by a copula on a pronoun or a verb of entry; the words between are talk about giving
# it, not distance. At most GIVING_WORDS words between, at most 4 in the token's own clause.
GIVING_CLAUSE = re.compile(r"(?i)(?:^|[\s,;])(?:(?:it|that|this)(?:'s|\s+is|\s+was)|(?:i'?m|i\s+am|we'?re)\s+"
                           r"(?:typing|entering|pasting|putting\s+in)|(?:i|we)\s+(?:typed|entered|pasted)"
                           # prose38: Romansh (ussa) è el (now it is), Faroese tað er / er tað (it is), French c'est
                           r"|(?:(?:ussa|oz)\s+)?è\s+(?:el|ella)|tað\s+er|(?:nú\s+)?er\s+tað|c'est)"
                           r"\s*[:\"'`]?\s*$")
GIVING_WORDS = 10


def giving_clause(between: str) -> bool:
    """The token's own clause, after the credential word's, gives it (it's X, I'm typing X)."""
    words = len(WORD.findall(between))
    return 1 < words <= GIVING_WORDS and GIVING_CLAUSE.search(between) is not None \
        and len(WORD.findall(DASH_BREAK.split(CLAUSE_BREAK.split(between)[-1])[-1])) <= 4


# prose34: a dash between blanks opens a clause of its own too ("asks for the supervisor password after 3 wrong cards -
# it is X").
DASH_BREAK = re.compile(r"\s[-–—]\s")


SLASH_PAIR = re.compile(r"\S[ \t]?/[ \t]?$")
# The user word and its name right before the password word on its line (account jsilva, / username kolsen); prose34:
# also in Danish, Norwegian, Swedish, Icelandic and German (brugernavn U, adgangskode X).
USER_BEFORE_WORD = re.compile(r"(?i)(?<![\w-])(?:account|user(?:name)?|login|user[ ]?id"
                              r"|(?:logged|signed)[ \t]in[ \t]as"  # prose50: is logged in as U; password X
                              r"|bruger(?:navn)?|bruker(?:navn)?|användar(?:e|namn)|notand(?:i|anafn)|benutzer(?:name)?"
                              r"|utilizator(?:ul)?|lietotāj(?:s|u|vārds|vārdu)"  # prose35: Romanian, Latvian
                              # prose36: Galician, Spanish, Portuguese, Italian, French, Dutch, Polish, Albanian
                              r"|usuari[oa]|usuário|utilizador|utente|utilisateur|identifiant|gebruiker(?:snaam)?"
                              r"|użytkownik|përdorues(?:i|in|it)?"
                              r"|benotzer(?:numm)?|ainm úsáideora|úsáideoir"  # prose37: Luxembourgish, Irish
                              r"|" + LANGUAGE_USER_WORDS + r")"  # prose38: Faroese, Romansh (vocabulary.py)
                              r"[ \t]*[:=]?[ \t]*"
                              # prose57: the user quoted, as config files write it (fetchmailrc's user "U" password "X")
                              r"(?:[\w.@+-]{2,64}|\"[\w.@+-]{2,64}\"|'[\w.@+-]{2,64}')"
                              r"[ \t]*(?:[,;]|[ \t](?:and|un|și|și|si|und|og|och|en|et|y|i|e|dhe))?"
                              r"[ \t]*$")
# prose59: an account's name (lower case first, a dot, underscore, @ or digit in it; no version), then a comma or one
# short word of any script (and, y la, и, ва, ਅਤੇ: a conjunction and its article) right before the password word: the
# login's pair, where the language's user word is not in the table (ਯੂਜ਼ਰ U ਅਤੇ ਪਾਸਵਰਡ X, логином U и паролем X).
ACCOUNT_NAME_WORD = re.compile(r"(?=[\w.@+-]*[._\d@])(?!v?\d+(?:\.\d+)+$)[a-z][\w.@+-]{2,63}")
_SHORT_WORD = re.compile(r"[^\s\d,;:.!?]{1,4}")
_ARTICLE = re.compile(r"[^\s\d,;:.!?]{1,3}")
ACCOUNT_READS = 96


def account_before_word(line_before: str) -> bool:
    """An account's name, then a comma or a conjunction (and its article), end the text before the password word.
    Read from the last three words (split, not a regex searched at every position: it runs per candidate)."""
    words = line_before[-ACCOUNT_READS:].split()[-3:]  # the last may be glued to the word (u l-password, n'ijambo)
    if not words:
        return False
    if words[-1] in (",", ";"):  # U , password X
        return len(words) >= 2 and _account_word(words[-2])
    if words[-1][-1] in ",;":  # U, password X
        return _account_word(words[-1][:-1])
    if len(words) >= 2 and _SHORT_WORD.fullmatch(words[-1]) and _account_word(words[-2]):
        return True  # U and password X
    return len(words) == 3 and _ARTICLE.fullmatch(words[-1]) is not None \
        and _SHORT_WORD.fullmatch(words[-2]) is not None and _account_word(words[-3])  # U y la contraseña X


def _account_word(word: str) -> bool:
    return ACCOUNT_NAME_WORD.fullmatch(word.lstrip("(\"'")) is not None


PAIR_DIGITS = re.compile(r"(?!(?:19|20)\d\d$)\d{4,12}")
# "signs in as svc-ledger with <letters>": a login verb, `as`, an account's name (a dot, dash, underscore or digit in
# it: not "log in as admin with SSO", "logged in as Maria using Firefox"), then with / using pair the two like a slash.
AS_ACCOUNT_WITH = re.compile(r"(?i)\s+as\s+[\w.@+-]*[._\d-][\w.@+-]*\s+(?:with|using)\s*")
# After a login pair (user / X) a password of letters only: a lower-case run of 8 or more letters, or
# two or three capitalised words run together (dunlinGodwit, TenchBream; humps of 4 or more: GitHub is a name).
PAIR_LETTERS = re.compile(r"[a-z]{8,24}|(?:[A-Z][a-z]{3,12}|[a-z]{4,12})(?:[A-Z][a-z]{3,12}){1,2}"
                          r"|[A-Z][a-z]{11,24}")  # prose35: a capitalised run of 12+ (Heronquillet): CAPITALISED_RUN
# prose35: a capitalised run is a product's or a word's name as often (Google / Microsoft): after a slash it is read
# only when 12 letters or more (two words run together) follow a user name shaped as an account's (k.olsen, ops-2).
CAPITALISED_RUN = re.compile(r"[A-Z][a-z]{11,24}")
ACCOUNT_SLASH = re.compile(r"(?<![^\s:=])[\w.@+-]*[._\d-][\w.@+-]*[ \t]?/[ \t]?$")
# What else stands after a user name and a slash: another account or role (admin / administrator), a product.
_ACCOUNT_WORDS = ("admin administrator administrators root guest guests operator operators anonymous "
                          "readonly superuser default service services everyone nobody password passwords")
ACCOUNT_WORDS = frozenset(_ACCOUNT_WORDS.split())
# How else one logs in "as X with" or "using": a method, not a password (login as svc-ci using publickey).
_AUTH_METHODS = ("passphrase publickey kerberos certificate certificates hostbased gssapi passkey passkeys "
                 "passwordless "
                 "fingerprint biometrics smartcard yubikey keyboard interactive oauth saml tokens token keyfile")
AUTH_METHODS = frozenset(_AUTH_METHODS.split())


def pair_letters_signals(value: str) -> list[tuple[str, int]]:
    """Letters only, or words one blank apart, after a user / password pair: judged by the words that describe a
    password or name an account (letters_password), not by character classes, which such a password lacks."""
    from .letters_password import describing, describing_phrase  # letters_password imports this module

    if " " in value:
        reason = describing_phrase(value)
        if reason is None and sum(word[0].isupper() for word in value.split()) > 1:
            reason = "more than one capitalised word: a list of names (Google / Microsoft Teams)"
        return [(f"words after the pair, not a passphrase: {reason}", -6)] if reason else \
            [("words one blank apart after a user / password pair: a passphrase", 1)]
    reason = describing(value) or ("names an account or role" if value.lower() in ACCOUNT_WORDS else None) \
        or ("names a way to log in" if value.lower() in AUTH_METHODS else None)
    return [(f"letters only after the pair, but {reason}", -6)] if reason else \
        [("letters only after a user / password pair: judged by the pair", 0)]


# How far a scorer reads along a value's line, either side of its match: a clause is far shorter, and reading the
# whole line for every value cost the square of its length on a long one (a JSON body is one line; attack29).
LINE_READS = 512


def line_bounds(view: str, start: int, end: int, reach: int = LINE_READS) -> tuple[int, int]:
    """The line around view[start:end], cut at `reach` characters before `start` and after `end`."""
    low, high = max(0, start - reach), min(len(view), end + reach)
    line_start = view.rfind("\n", low, start) + 1 or low
    line_end = view.find("\n", end, high)
    return line_start, high if line_end < 0 else line_end


# prose57: `your` is talk about passwords ("enter your password", "your password must ...") when it owns the
# credential word. A `your` whose noun is another (Your login is U with the password X, your account has the password
# X, your booking uses the passcode X) addresses the reader of a notice that hands the password over: the credential
# word then has a determiner of its own right before it (up to two words between, "the new Wi-Fi password").
OTHER_NOUNS_YOUR = re.compile(r"(?i)\byour\b(?=[^\n]*?\b(?:the|a|an|this|that|its|our|my)[ \t]+(?:[\w-]+[ \t]+){0,2}"
                              r"$)")


def _without_another_nouns_your(clause: str) -> str:
    """The clause with a `your` that owns another noun than the credential word left out (OTHER_NOUNS_YOUR)."""
    return OTHER_NOUNS_YOUR.sub("", clause) if "our" in clause else clause


def own_clause(line_before: str) -> str:
    """The clause the credential word stands in: "[OPS-441] reset done, temp pw X" reads "temp"; a negative word
    before a comma, semicolon or sentence end is about something else ("Forgot password? ..." has none between)."""
    return CLAUSE_BREAK.split(line_before)[-1]


def shape_signals(value: str, identifier: bool = True, given: bool = False,
                  paired: bool = False, placed: bool = False) -> list[tuple[str, int]]:
    """What the token's own shape says: character classes, entropy, length, and shapes that are something else
    (an identifier, a ticket id, a UUID, a digest, a timestamp, a version). `identifier=False` skips the
    identifier penalties (a passphrase given as a string); `given` says a separator, a copula or a password's
    place gave the token, so `name=Value7` with upper, lower and digits is a password holding an `=`, not a
    keyword argument (`pass stdout=PIPE` has no such giving). `placed`: a password's place gives it with no separator
    (a CLI password option's syntax, an answer line, right after the word), so a word `=` a number is a person's."""
    signals = []
    classes = _classes(value)
    if is_passphrase(value):
        signals.append(("passphrase: three or more words joined", 2))
    elif classes >= 3:
        signals.append((f"mixes {classes} character classes", 2))
    elif classes == 2 and any(c.isdigit() for c in value):
        signals.append(("letters and digits", 1))
    elif given and NUMERIC_PASSWORD.fullmatch(value):
        signals.append(("digits only, 6 to 12, given as the password: a numeric password or PIN", 0))
    else:
        signals.append(("one character class or no digits", -3))
    ratio = _entropy_ratio(value)
    if ratio >= 0.85:
        signals.append((f"entropy {ratio:.2f} of its alphabet's maximum", 1))
    elif ratio < 0.6:
        signals.append((f"low entropy ({ratio:.2f} of the maximum)", -2))
    if len(value) < 6:
        signals.append(("shorter than 6 chars", -4))
    if identifier and DOTTED_REFERENCE.fullmatch(value):
        # prose50: a part that changes case and digits at almost every character is a generator's (Ae9vC9Uh.Lov4n8)
        signals.append(("dotted, but a part mixes classes as a generator does", 0) if generated_part(value)
                       else ("dotted code reference", -3))
    # `paired` (prose36): after a user / password pair a name=value of three classes is a password (k.okafor /
    # nansen=25); code's keyword argument stands in no such pair.
    person = PERSON_NUMBER.fullmatch(value)
    # prose53: right after the password word (placed: never after the verb `pass`) a name of one or two chars is a
    # generator's (R=gk_9hBb...), not a setting's (password mode=Strict2)
    # prose59: or where a part changes class as a generator's output does (password v8d=pV3zeJJ8x2V4TRkoJp): no
    # setting's name or value is written so
    if KEYWORD_ARGUMENT.fullmatch(value) and not ((given or (placed and value.find("=") <= 2))
                                                  and _class_flags(value)[:3] == (True, True, True)) \
            and not (paired and classes >= 3) and not ((given or placed) and generated_part(value)) \
            and not ((given or paired or placed) and person and person.group("name").lower() not in SETTING_NAMES):
        signals.append(("keyword argument (name=value)", -4))
    elif identifier and SNAKE_IDENTIFIER.fullmatch(value) and not (given and WORD_UNDERSCORE_NUMBER.fullmatch(value)) \
            and not (placed and PLACED_WORD_NUMBER.fullmatch(value)):
        signals.append(("snake_case identifier", -3))
    elif REFERENCE_ID.fullmatch(value):
        signals.append(("document or ticket id (RFC-2617)", -4))
    elif COMMAND_OPTION.fullmatch(value):
        signals.append(("a command-line option (--timeout=3600)", -4))
    if HASH_ALGORITHM.fullmatch(value):
        signals.append(("the name of a hash algorithm (password store sha256 <digest>)", -6))
    if POLICY_COUNT.fullmatch(value):
        signals.append(("a policy's count or minimum (Min-12, 12-characters), not a password", -6))
    if ROFF.search(value):
        signals.append(("roff (manual page) markup, not a password", -6))
    if ISSUE_NUMBER.fullmatch(value):
        signals.append(("a bug number or a PKCS number, not a password", -6))
    other = OTHER_FORMATS.fullmatch(value)
    if other:
        kind = next(name for name, text in other.groupdict().items() if text is not None)
        signals.append((f"a {kind.replace('_', ' ')}, not a password", -6))
    return signals


def is_passphrase(value: str) -> bool:
    """Three or more words joined (by - _ . + or in CamelCase), none of them a word of prose; a CamelCase run
    with a word of code in it is a class name (NotImplementedError, ResetTokenGenerator)."""
    if PASSPHRASE.fullmatch(value) is not None:
        parts = PASSPHRASE_SEPARATORS.split(value.lower())
        if "." in value and (DOTTED.fullmatch(value) is None or _code_words(parts)):
            return False
        if "_" in value and _code_words(parts[-1:]):  # a name in code ends in what it names: tokens_file, key_path
            return False
        return not PROSE_WORDS.intersection(parts)
    if CAMEL_PASSPHRASE.fullmatch(value) is None:
        return False
    parts = [part.lower() for part in CAMEL_PART.findall(value)]
    return not PROSE_WORDS.intersection(parts) and not CODE_WORDS.intersection(parts)


def is_key_passphrase(value: str) -> bool:
    """A passphrase a password key may be given unquoted in code or config: joined by - or ~ (snake_case is a
    name in code: `password = read_only_mode`) and no word of code in it (`default-user-name`)."""
    return "_" not in value and is_passphrase(value) and not _code_words(PASSPHRASE_SEPARATORS.split(value.lower()))


def _code_words(parts: list[str]) -> bool:
    """A word of code among the parts, plural or not (handlers, settings)."""
    return any(part.rstrip("0123456789!#$%&*?@^~") in CODE_WORDS or part.rstrip("s") in CODE_WORDS
               for part in parts)


_DIGIT = re.compile(r"\d")
_SYMBOL = re.compile(r"[\W_]")  # not a letter or digit


def _class_flags(value: str) -> tuple[bool, bool, bool, bool]:
    """(lower, upper, digit, symbol) present: C-level string scans, not one Python step per char."""
    return (value != value.upper(), value != value.lower(), _DIGIT.search(value) is not None,
            _SYMBOL.search(value) is not None)


def _classes(value: str) -> int:
    return sum(_class_flags(value))


def _entropy_ratio(value: str) -> float:
    """Shannon entropy of the value over the largest its length and alphabet allow."""
    n = len(value)
    if n < 2:
        return 0.0
    lower, upper, digit, symbol = _class_flags(value)
    alphabet = 26 * lower + 26 * upper + 10 * digit + 32 * symbol
    return shannon(value) / math.log2(min(n, max(alphabet, 2)))


# attack63: a call wrapped as black or clang-format writes it: the match (generic-password-positional's) opens with the
# call's name or bracket on a line above the value; its line breaks and their indent read as one blank.
WRAPPED_CALL_START = re.compile(r"[\w.:>$-]{0,80}\(")
WRAPPED_BREAK = re.compile(r"[ \t]*(?:\r{0,2}\n{1,2}|\\{1,2}n)[ \t]*")
WRAPPED_READS = 400
# attack63: generic-password-positional's URL-first branch (its match opens at the bracket) reads a login only in a
# client's constructor (a capitalised type, Ruby's .new, `new x`) or a call named for a client, a session or a login
# (createClient, wp_session, ldap_login): sync_mirror(url, channel, build), notify(url, team, tag) act on a service.
CLIENT_CALL = re.compile(r"(?:(?<![\w])[A-Z]\w{0,60}|(?i:client|session|connection|conn|site|login|logon|auth\w{0,12}"
                         r"|connect\w{0,8}|bind)|(?:\.|::)new|\bnew[ \t]{1,4}[\w.\\]{1,60})[ \t]{0,2}=?[ \t]{0,2}$")
CLIENT_CALL_READS = 80


def _wrapped_call_head(view: str, match_start: int, value_start: int) -> tuple[int, int, str] | None:
    """The line start, head start and head (line breaks made blanks) of a call's argument whose call opens on a line
    above; None when the match does not open a call or stays on the value's line."""
    if value_start - match_start > WRAPPED_READS or "\n" not in view[match_start:value_start]:
        return None
    if WRAPPED_CALL_START.match(view, match_start) is None:
        return None
    head = WRAPPED_BREAK.sub(" ", view[match_start:value_start]).replace("( ", "(")
    return view.rfind("\n", 0, match_start) + 1, match_start, head[-160:]


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """Score the value of a rule match: the credential word is the last one before the value."""
    line_start, line_end = line_bounds(view, value_start, value_end, LINE_READS + 160)  # 160: the head's own reach
    low = max(line_start, match_start, value_start - 160)
    head = view[low:value_start]
    value = view[value_start:value_end]
    wrapped = _wrapped_call_head(view, match_start, value_start)
    if wrapped is not None:  # attack63: the call's bracket and arguments on the lines above, read as one line
        line_start, low, head = wrapped
    bracketed = BRACKETED.search(head) is not None
    if head.endswith("(") and not bracketed:
        # The prose rule reads a bracket before the token only right after a password word: "tree-pass.h (name)",
        # "pass NULL to memcpy() (5b063049)" are a file's or a commit's note.
        return Score(-6, ("a bracket opens before the token, but not right after a password word (-6)",))
    if REFERENCE_ASIDE.search(head):
        # prose32: "password: set (see the Intune BIOS profile 'Fleet-2026')": the bracket says where it is kept
        return Score(-6, ("a bracket that points elsewhere (see ..., in ...) holds the token: a name, not the value "
                          "(-6)",))
    # a positional argument of a connect/login call (generic-password-positional); roff's \( is an accent; not the
    # bracket prose puts a value in right after the word ("their current password (X)")
    if "(" in head.replace("\\(", "") and not bracketed:
        verdict = score(view[line_start:low], "", value, POSITIONAL_CONTEXT)
        if " " in value:
            verdict = _spaced_argument(verdict, value)
        elif PORT_AFTER_HOST.search(head) and PORT.fullmatch(value):
            # prose62: PQsetdbLogin("db.corp.test", "5432", ...): the digits right after a host are its port
            verdict = Score(verdict.total - 6, (*verdict.signals, "digits right after a host argument: its port (-6)"))
        elif (HOST_USER_BEFORE.search(head)
              or ((LOGIN_CALL.match(view, match_start) or _protocol_call(view, line_start, match_start, head))
                  and QUOTED_USER_BEFORE.search(head))) \
                and (LOGIN_LETTERS.fullmatch(value) or LOGIN_PIN.fullmatch(value)) \
                and value.lower() not in LOGIN_CODE_WORDS:
            verdict = _login_argument(verdict, value)
        elif HOST_USER_BEFORE.search(head) and KEYWORD_ARGUMENT.fullmatch(value):
            # prose59: a whole quoted argument after a host and a user (FTPHost(host, user, "Khayyam=8692")): its `=`
            # is the password's own character, not a keyword argument's
            verdict = Score(verdict.total + 4, (*verdict.signals, "a quoted argument after a host and a user: its = is "
                                                "the password's own (+4)"))
        if view.startswith("(", match_start) and \
                CLIENT_CALL.search(view, max(0, match_start - CLIENT_CALL_READS), match_start) is None:
            verdict = Score(verdict.total - 8, (*verdict.signals, "a URL first, but the call neither builds a client "
                                                "nor names a login: an action on a service (-8)"))
        if _in_url(view, line_start, value_start):
            return Score(verdict.total - 6, (*verdict.signals, "the token is part of a URL (-6)"))
        if "$(" in head:  # --from-literal=password="$(openssl rand -base64 24)": an argument of a shell command
            return Score(verdict.total - 6, (*verdict.signals, "an argument of a command the shell runs: $(...) (-6)"))
        return verdict
    if SECRET_NOUN.fullmatch(head):  # generic-password-secret-noun: "its secret X", the noun for the credential word
        return score(view[line_start:low], "", value, (*SECRET_NOUN_CONTEXT, *secret_name_signals(value)))
    gapped = GAPPED_WORD_AFTER.match(view, value_end, line_end)
    if gapped and GAPPED_ACCOUNT.search(view, max(line_start, value_start - GAPPED_READS), value_start):
        # prose63: "U is the account and X the password": the account named first, the copula left out after
        rest = view[gapped.start():min(line_end, gapped.end() + AFTER_REACH)]
        rest = handed_over(CLAUSE_BREAK.split(rest, maxsplit=1)[0])
        verdict = score(view[line_start:value_start] + " " + rest, "", value, GAPPED_CONTEXT)
        if value.isalpha():
            return _letters_first(view, line_start, line_end, value, verdict, account_named=True)
        return _digits_first(value, verdict)
    words = list(CREDENTIAL_WORDS.finditer(head))
    device_opens = DEVICE_OPENS.search(view, line_start, value_start) is not None \
        and CLAUSE_ENDS_AFTER.match(view, value_end) is not None
    access = device_opens or (USE_BEFORE.search(head) is not None and ACCESS_AFTER.match(view, value_end) is not None)
    attempt = not access and ATTEMPT_BEFORE.search(head) is not None \
        and ATTEMPT_AFTER.match(view, value_end) is not None
    if (access or attempt) and not words:  # "use X to log in": what the token does stands for the credential word
        rest_of_line = CLAUSE_BREAK.split(view[value_end:line_end], maxsplit=1)[0]
        verdict = score(view[line_start:value_start] + " " + rest_of_line, "", value,
                        ACCESS_CONTEXT if access else ATTEMPT_CONTEXT)
        if device_opens and KEEP_IT_AFTER.match(view, value_end) and not EXAMPLE_DIGITS.fullmatch(value):
            # prose52: what a device opens with, and the reader is told to keep it to themselves: a password or PIN
            return Score(max(verdict.total, 0) + 4, (*verdict.signals, "a device opens with it and the next sentence "
                                                     "says not to share or leave it: a secret (+4)"))
        if attempt and VERSIONED_NAME.fullmatch(value):
            return Score(verdict.total - 6, (*verdict.signals, "a program and its version (-6)"))
        if access and ACCESS_NAME.fullmatch(value):
            return Score(verdict.total - 2, (*verdict.signals, "shaped like the name of a tool or protocol (-2)"))
        if device_opens and SET_PIN.fullmatch(value):
            # prose51: digits a device now opens with are its PIN or code (not a year, a run or a repeat)
            if EXAMPLE_DIGITS.fullmatch(value):
                return Score(-6, ("digits a device opens with, but a run or a repeat docs quote (-6)",))
            return Score(4, ("a device opens / unlocks with the digits, which end the clause: its PIN or code (+4)",))
        if device_opens and not words and (not any(c.isdigit() for c in value) or (
                DEVICE_PRODUCT.fullmatch(value) and not is_passphrase(value)
                and not HUMPS_AND_DIGITS.fullmatch(value))):
            # the lockers open with QR-codes, the tablets open with Android13: what opens them, not a password
            return Score(verdict.total - 4, (*verdict.signals, "after a device opens with, no digit or a name and "
                                                               "its version: a means or a product (-4)"))
        return verdict
    if not words and ENTRY_BEFORE.search(head):  # "I typed X and the login page came back": what was done with it
        return _entry_verdict(view, line_start, line_end, value_start, value_end)
    if not words:
        after = WORD_AFTER.match(view, value_end, line_end)
        if after:  # "use X as the password": the credential word and its copula follow the token
            # Negative words count up to AFTER_REACH characters past the credential word, not to the line's end: a
            # stream's hold-back can wait that long for them (holdback.verdict_open), and no longer.
            reach = after.end() + AFTER_REACH
            rest_of_line = view[after.start():min(line_end, reach)]
            # ... and only in the token's own clause: "tried X as pw but no luck, can u reset" asks for a reset
            # in a clause of its own (own_clause reads the last clause, which must be the token's).
            rest_of_line = handed_over(CLAUSE_BREAK.split(rest_of_line, maxsplit=1)[0])  # prose62, prose63
            if DASH_THATS.match(view, value_end) and not WORD_ENDS_ITS_NOUN.match(view, after.end()):
                # prose63: "MSCHAPv2 -- that's the password method of PEAP": a noun after the word names the token
                return Score(-6, ("X -- that's the password, but a noun follows the word: it names something else "
                                  "(-6)",))
            verdict = score(view[line_start:value_start] + " " + rest_of_line, "", value, WORD_AFTER_CONTEXT)
            if value.isalpha():
                return _letters_first(view, line_start, line_end, value, verdict)
            # prose63: "8053584 is the password.", "use 163363 as the password at first sign-in": digits the word
            # after them names, no noun after the word (not "2048 is the password length")
            return _digits_first(value, verdict) if WORD_ENDS_ITS_NOUN.match(view, after.end()) else verdict
        if _label_above(view, line_start, line_end, value_start, value_end):
            return score("", "", value, LABEL_ABOVE_CONTEXT + (
                (("digits alone under the label: a numeric password or PIN", 3),) if NUMERIC_PASSWORD.fullmatch(value)
                else ()))
        if answers_question(view, line_start, line_end, value_start, value_end):
            if value.isdigit() or value.isalpha():
                return _answered_digits_or_letters(view, line_start, value)
            return score("", "", value, ANSWER_CONTEXT)
        # prose48: a credential word of the vocabulary table, or a login form's shape with no word
        from .word_table import verdict as table_verdict  # word_table imports this module
        table = table_verdict(view, line_start, line_end, value_start, value_end)
        if table is not None:
            return table
        return score(view[line_start:low], head, value, (("no credential word", -2),))
    word = words[-1]
    for earlier in reversed(words[:-1]):
        # "credentials the user gave for the staging DB: ops / X": the clause after creds may name a user itself.
        if CLAUSE_PAIR_WORD.fullmatch(earlier.group()) and CLAUSE_PAIR.search(head[earlier.end():].rstrip("\"'`")):
            word = earlier
            break
    # Japanese quotes a value as English does: 仮パスワード「X」; lang54: and each script's quotes («X», „X“, ”X”)
    between = grammar.without_quotes(head[word.end():])
    if FILLER.search(between):  # "the password is, um, X": speech's fillers are no words between
        between = FILLER.sub(" ", between)
    if bracketed:
        between = between[:-1]
    verdict = score(view[line_start:low + word.start()], between, value, word=word.group(),
                    copula_after=COPULA_AFTER.match(view, value_end) is not None,
                    after_value=view[value_end:min(line_end, value_end + 32)])
    if PATH_BEFORE.search(view, line_start, low + word.start()) and not SEPARATOR.search(between):
        # `sshpass -f /etc/deploy/pw ssh deploy@app02`: the word is a path's last segment, the token the next
        # argument ("user/pw: X" has its separator and stays a pair).
        return Score(verdict.total - 6, (*verdict.signals, "the word is the last segment of a path (-6)"))
    if view.startswith("\\(", low + word.end()):
        # French roff: "pass\('ee depuis dpkg 1.18.5" is passée, a word the credential word only begins.
        return Score(verdict.total - 6, (*verdict.signals, "the word goes on in a roff accent (-6)"))
    if between == "/" and not view[value_start - 1].isspace():
        # "(merge 0324e8fc6b pw/word-diff-zero-width-matches later to maint)", "$(pwd)/PLAY/inst/lib": the word is
        # a branch's or path's first segment, the token the rest of it ("pw: X", "user/pw X" keep their value).
        return Score(verdict.total - 6, (*verdict.signals, "the word is the first segment of a path (-6)"))
    if _in_url(view, line_start, value_start):
        return Score(verdict.total - 6, (*verdict.signals, "the token is part of a URL (-6)"))
    if DEVICE_WORD.fullmatch(word.group()) and not LOGIN_BEFORE_DEVICE.search(view, line_start, low + word.start()) \
            and (reason := device_pair_names(view, between, value, value_end, line_end)):
        return Score(verdict.total - 6, (*verdict.signals, f"{reason} (-6)"))
    if ROLE_WORD.fullmatch(word.group()) and PATH_GOES_ON.match(view, value_end):
        return Score(verdict.total - 6,
                     (*verdict.signals, "a slash after the value too: a menu's or path's steps (-6)"))
    if between == ":" and ":" in value and FIELD_BEFORE.search(view, line_start, low + word.start()):
        # passwd(5) in any language: "username:password:UID:GID:real name" lists fields; the token is the next ones.
        return Score(verdict.total - 6, (*verdict.signals, "a colon-separated list of field names (-6)"))
    if verb_pass(word.group(), between, view, value_start, value_end):
        return Score(verdict.total - 6, (*verdict.signals, "the verb pass: pass X to Y (-6)"))
    if PLACE_PARTICLE.search(value) or PLACE_POSTPOSITION.match(view, value_end):
        return Score(verdict.total - 6, (*verdict.signals, "a particle of place after the token: where the password "
                                                           "is kept, not what it is (-6)"))
    if SOURCE_BEFORE.search(between) and ACCESS_NAME.fullmatch(value) and not CHANGED_TO.match(view, value_end):
        return Score(verdict.total - 3, (*verdict.signals, "a name after a preposition of source or place: where the "
                                                           "password is kept, not what it is (-3)"))
    return verdict


# attack18: "비밀번호는 1Password에 저장되어 있습니다" (the password is stored in 1Password), "पासवर्ड 1Password में है" (is
# in 1Password): a token with a Korean particle of place glued to it (에, 에서, 에게; not 에요, a copula's ending) or
# followed by a Hindi postposition of place (में, पर, द्वारा) names where the password is, not the password.
PLACE_PARTICLE = re.compile(r"(?<=[^\uac00-\ud7a3])(?:에|에서|에게)$")
PLACE_POSTPOSITION = re.compile(r"[ \t]+(?:में|पर|द्वारा)(?![\u0900-\u097f])")
# attack19: "enter the password from 1Password", "the password is in Bitwarden2", "via 1Password CLI": a preposition of
# source or place right before a token shaped like a product's name (ACCESS_NAME) names where the password is kept.
# "changed it from Hunter2 to ..." names the old password: a `to` after the token keeps it.
SOURCE_BEFORE = re.compile(r"(?i)(?:^|\s)(?:from|in|inside|within|via)\s+[\"'`]?$")
CHANGED_TO = re.compile(r"(?i)[\"'`]?[ \t]+(?:to|into|->|→)[ \t]")


# "Pass FROM_SK to show_basic_key_info", "pass down X11_LIB", "Pass -Wno-psabi for gcc >= 4.6": the verb `pass`
# with no separator or copula, a preposition around the token (changelogs gave 150 findings in 42 MB of docs).
VERB_PASS_BETWEEN = re.compile(r"(?i)(?:^|\s)(?:to|into|down|along|on|only|it|them|as|an|null|option)(?:\s|$)")
VERB_PASS_AFTER = re.compile(
    r"(?i)[\"'`,.)]*[ \t]+(?:to|into|in|down|along|through|instead|via|with|and|when|for|from|if)\b")
REAL_COPULA = re.compile(r"(?i)\b(?:is|was|ist|war|est|es|sind|sera)\b")
# What `pass` hands over in a changelog: an option (-mips3, --gdwarf-3) or a constant or variable name.
VERB_PASS_OBJECT = re.compile(r"[-+]\S+|[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+|[a-z]+(?:_[a-z]+)+")


# prose30: a mail's HTML flattened to text, a card, a form read back: "New password" alone on a line (at most
# two words of issuing or owning before the word, at most a colon after it), the token alone on the next line.
# open36: an NBSP between the words, an HTML line break ending the label (and the value's line) as a flattened mail has.
LABEL_ABOVE = re.compile(r"(?i)[ \t\u00a0]*(?:(?:your|new|temporary|temp|initial|one-time|admin|root|wi-?fi|guest)"
                         r"[ \t\u00a0]+){0,2}(?:password|passwort|kennwort|passphrase|passcode|mot de passe|contrase.a"
                         r"|senha|wachtwoord)[ \t\u00a0]*:?[ \t]*(?:<br[ \t]*/?>)?[ \t]*\r?")
LINE_BREAK_TAG = re.compile(r"(?i)<br[ \t]*/?>")
BREAK_LINE = re.compile(r"(?i)\n[ \t]*<br[ \t]*/?>[ \t\r]*$")
# open36: a rule for the password under its label (New password / min-12-chars), not a password.
POLICY_VALUE = re.compile(r"(?i)(?:min|max|at-?least|up-?to)[-_.]?\d{1,3}[-_.]?(?:chars?|characters|digits|letters"
                          r"|symbols)|\d{1,3}[-_.]?(?:chars?|characters)(?:[-_.](?:min|max|long))?")
LABEL_READS = 80
LABEL_GAP_READS = 40  # the rule reads at most two blank lines of up to 8 blanks each, JSON-escaped (attack34)
LABEL_ABOVE_CONTEXT = (("the line above is a label naming a password (New password), the token alone on its line", 4),)


def _label_above(view: str, line_start: int, line_end: int, value_start: int, value_end: int) -> bool:
    rest = view[value_end:line_end].strip()
    # attack34: the value may end a JSON string ({"text": "New password\nX"}), as the label may open one; open36: or
    # an HTML line break end its line
    if view[line_start:value_start].strip() or (rest and not rest.startswith('"') and not LINE_BREAK_TAG.match(rest)):
        return False
    if POLICY_VALUE.fullmatch(view, value_start, value_end):
        return False
    if line_start < 1 or view[line_start - 1] != "\n":
        return False
    # Blank lines between (a flattened mail's paragraphs), CRLF, a JSON string's \n read as two: the rule bounds how
    # many (two blank lines); here the label line ends at the last character before them that is not blank.
    above_end, floor = line_start - 1, max(0, line_start - LABEL_GAP_READS)
    while True:
        while above_end > floor and view[above_end - 1] in " \t\r\n":
            above_end -= 1
        # leak46: a line holding only an HTML line break is a flattened mail's blank line too
        if (tag := BREAK_LINE.search(view, max(floor, above_end - 16), above_end)) is None:
            break
        above_end = tag.start()
    reads = max(0, above_end - LABEL_READS)
    opens = max(view.rfind("\n", reads, above_end), view.rfind('"', reads, above_end))  # a line's or a JSON string's
    if opens < 0 and above_end > LABEL_READS:
        return False  # a line longer than any label
    return LABEL_ABOVE.fullmatch(view, opens + 1, above_end) is not None


# prose38: a chat's answer line ("Tom: what's the password for the shed laptop?\nAnn: X - I'll change it Monday."):
# the line above asks for a password (a password word, not a user's or login's, and a question mark ending it); the
# token's own line is a speaker's name (one or two capitalised words), a colon, the token, then its line's end, a
# dash between blanks or a clause break. The rule's regex reads it from the word (generic-password-prose).
PASSWORD_WORD = re.compile(r"(?i)(?:(?<![\w])(?:passwor[dt]|kennwort|passwd|passphrase|passcode|pwd|pw|mot de passe"
                           r"|mdp|contrase.a|clave|senha|wachtwoord|" + OTHER_LANGUAGE_WORDS + "|" + MISSPELLED_WORDS
                           + r")(?![\w])|" + CJK_WORDS + ")")
ANSWER_SPEAKER = re.compile(r"[ \t]{0,8}[A-ZÀ-Þ][\w'’-]{0,23}(?: [A-ZÀ-Þ][\w'’-]{0,23})?:[ \t]{1,4}[\"'`]?")
# prose57: `X -- user U`; and a chat body's string ending right after the answer ({"note": "...\nAnn: X"})
ANSWER_REST = re.compile(r"[\"'`]?(?:[.!]?[ \t\r]*$|[ \t]+(?:[-–—]|--)[ \t]|[,;.!][ \t])|[.!]?\"[ \t]*[,}\]]")
QUESTION_READS = 160
ANSWER_CONTEXT = (("the line above asks for the password, the token answers it after a speaker's name", 3),)


def answers_question(view: str, line_start: int, line_end: int, value_start: int, value_end: int) -> bool:
    """The token's line answers the line above it, a question for a password (Tom: what's the pw?\nAnn: X)."""
    if line_start < 2 or view[line_start - 1] != "\n" or not ANSWER_SPEAKER.fullmatch(view, line_start, value_start):
        return False
    if ANSWER_REST.match(view, value_end, line_end) is None:
        return False
    above_end = line_start - 1
    if view[above_end - 1] == "\r":
        above_end -= 1
    if view[above_end - 1] == "\n" and above_end >= 2:  # prose48: a JSON-escaped \n, which the scanner reads as two
        above_end -= 1
    above_start = view.rfind("\n", max(0, above_end - QUESTION_READS), above_end) + 1
    if above_start == 0 and above_end > QUESTION_READS:
        return False  # a line longer than a question
    question = view[above_start:above_end].rstrip()
    # prose48: or a password word of the vocabulary table (wachtwurd, kupuhipa)
    if question.endswith("?"):
        return PASSWORD_WORD.search(question) is not None or vocabulary.last_term(question) is not None
    # prose57: or a request that ends in the word, in any language (Dan: the till wants a password / Ola: kassa
    # trenger passord / Ana: o portão pede a senha), unless it talks about passwords (forgot, reset, policy ...)
    request = REQUEST_TAIL.sub("", question.rstrip(".!:… \t"))
    word = PASSWORD_WORD.search(request[-40:])
    last = word is not None and word.end() == len(request[-40:])
    if not last:
        term = vocabulary.last_term(request)
        last = term is not None and term.kind == "password" and term.end == len(request)
    opens = JSON_STRING_OPENS.match(question)  # the request is a chat body's first line ({"note": "Dan: ...)
    return last and ANSWER_SPEAKER.match(question, opens.end() if opens else 0) is not None \
        and NEGATIVE.search(question) is None


# prose61: a request may end in an adverb after the word (the tablet wants a password again, die Kasse will das
# Passwort schon wieder, la caisse demande le mot de passe encore): it still asks for the word.
REQUEST_TAIL = re.compile(r"(?i)(?:[ \t,]+(?:again|now|please|pls|plz|today|too|once\ more|as\ well|asap"
                          r"|wieder|nochmal|jetzt|schon|bitte|encore|maintenant|svp|otra\ vez|de\ nuevo"
                          r"|ahora|por\ favor|de\ novo|agora"
                          r"|weer|opnieuw|nu|graag|znowu|teraz|ancora|adesso|di\ nuovo|igen|nå|nyt|igjen))+$")
JSON_STRING_OPENS = re.compile(r"[ \t]*[{\[,][ \t]*(?:\"[^\"\n]{0,40}\"[ \t]*:[ \t]*)?\"")


def _answered_digits_or_letters(view: str, line_start: int, value: str) -> Score:
    """prose48: a PIN or a password of letters answering a question for the password (Tom: what's the pw?\nAnn: X),
    unless the question is about passwords (reset, policy ...)."""
    from .word_table import value_signals  # word_table imports this module

    above_end = line_start - 1
    question = view[view.rfind("\n", max(0, above_end - QUESTION_READS), above_end) + 1:above_end]
    signals = [("the line above asks for the password, the token answers it after a speaker's name", 4),
               *value_signals(value, strong=True, paired=False)]
    negative = NEGATIVE.search(question)
    if negative:
        signals.append((f"negative context word {negative.group().lower()!r} in the question", -3))
    return Score(sum(weight for _, weight in signals), tuple(f"{name} ({weight:+d})" for name, weight in signals))


# prose38: a device's login form (terminal: U / X) ends its clause after the password: "Fire panel: zone-1 / zone-2
# both in fault", "App: v2.3.1 / build-4471 released" name two things in a sentence that goes on. Nor are the user and
# the token two names of one kind (zone-1 / zone-2, loop-2 / device-041: a word, a dash or underscore, a number).
DEVICE_WORD = re.compile(r"(?i)" + DEVICE_WORDS)
FORM_ENDS = re.compile(r"[\"'`]?(?:[.,;!]?[\s\"'`)\]}]*$|[ \t]+[-–—(][ \t]?|[.,;!][ \t])")
# A login word before the device on its line makes the pair a login's already (Zugangsdaten für das Portal: U / X).
LOGIN_BEFORE_DEVICE = re.compile(r"(?i)(?<![\w])(?:" + LOGIN_VERBS + r"|creds?|credentials|zugangsdaten|user(?:name)?"
                                 r"|account|remote access|passwor[dt]|pw)(?![\w])")
NUMBERED_NAME = re.compile(r"[A-Za-z]+[-_]\d{1,6}")
PAIR_USER = re.compile(r"([\w.@+-]{1,64})[ \t]?/[ \t]?$")


def device_pair_names(view: str, between: str, value: str, value_end: int, line_end: int) -> str | None:
    """Why a device's user / token pair names two things rather than a login, or None."""
    if FORM_ENDS.match(view, value_end, line_end) is None:
        return "after a device's pair, the sentence goes on: two names, not a login form"
    user = PAIR_USER.search(between)
    if user and NUMBERED_NAME.fullmatch(user.group(1)) and NUMBERED_NAME.search(value):
        return "a device's pair of numbered names (zone-1 / zone-2)"
    return None


# A field name and a colon right before the credential word: "username:password:UID:GID" is a list of fields.
FIELD_BEFORE = re.compile(r"\w:$")
# A URL runs up to the token with no blank: the token is its path or fragment.
URL_BEFORE = re.compile(r"(?:[A-Za-z][\w+.-]*://|\bwww\.)[^\s\"'`<>]*$")


def _in_url(view: str, line_start: int, value_start: int) -> bool:
    """The token is a URL's path or fragment: "[paper](https://www.password-hashing.net/argon2-specs.pdf)", "pass a
    [`PathLike`](https://docs.python.org/3/library/os.html#os.PathLike)" (the word a host's part or an earlier word)."""
    return view.startswith("//", value_start) or \
        URL_BEFORE.search(view, max(line_start, value_start - 200), value_start) is not None

# Manual pages' roff source: `\fB--password\fR \fIPASSWORD\fR`, `\&`, and accents (`pass\('e` is passé).
ROFF = re.compile(r"\\f[A-Z0-9(\[]|\\&|\\\(")
# "Closes: Bug#54039", "closes: #61736", "(fd.o #92538", "PKCS#11", "(Addresses Google Bug: #158564737)"
ISSUE_NUMBER = re.compile(r"(?i)(?:bug|pkcs)?#\d{1,10}(?:,\s*(?:bug)?#\d{1,10})*")


def verb_pass(word: str, between: str, view: str, value_start: int, value_end: int) -> bool:
    """The word is the verb `pass` handing the token to something, not a password's name."""
    return (word.lower() == "pass" and not SEPARATOR.search(between) and not REAL_COPULA.search(between)
            and (VERB_PASS_BETWEEN.search(between) is not None or VERB_PASS_AFTER.match(view, value_end) is not None
                 or VERB_PASS_OBJECT.fullmatch(view, value_start, value_end) is not None))


def _spaced_argument(verdict: Score, value: str) -> Score:
    """A call's argument of words one blank apart (`login("ops", "knoll sedge marram")`): a passphrase unless a word
    makes it a sentence (letters_password.describing_phrase); one token's shape signals do not apply to it."""
    from .letters_password import describing_phrase  # letters_password imports this module

    token_shape = [f"{name} ({weight:+d})" for name, weight in shape_signals(value)]
    signals = [signal for signal in verdict.signals if signal not in token_shape]
    total = verdict.total - sum(weight for _, weight in shape_signals(value))
    reason = describing_phrase(value)
    name, weight = ("a phrase, not a passphrase: " + reason, -6) if reason else \
        ("words one blank apart, none of a sentence: a passphrase", 2)
    return Score(total + weight, (*signals, f"{name} ({weight:+d})"))


# An aside in brackets that points to where the password is kept or set: the token in it names that place.
REFERENCE_ASIDE = re.compile(r"(?i)(?:^|[ \t])\((?:see|cf\.?|in|per|from|under|via|stored in|kept in|set by)"
                             r"[ \t][^()]*$")
# prose29: a call whose name says it logs in (login, PlainAuth, NetworkCredential, ldap_bind, Net::SMTP.start), not
# connect / bind, whose other arguments are a database's name or a port. Its quoted argument after the user is the
# password by the call's syntax, so two words run together or a PIN are judged as after a user / password pair.
# prose53: and a call named for the password or the scheme after auth (ssh2's userauth_password, jcifs'
# NtlmPasswordAuthentication); prose54: a digit in the library's name (ssh2_auth_password, smb2_login)
# prose56: a protocol's client built with its login (Python's ftplib.FTP(host, user, X), Ruby's Net::FTP.open /
# Net::POP3.start, Go's sasl.NewPlainClient("", user, X)): the constructor logs in as login() does.
# prose63: a name naming the user and the password together (paho's username_pw_set, set_user_password).
LOGIN_CALL = re.compile(r"(?i)(?:(?:[a-z_][a-z0-9_]{0,29})?(?:log_?in|log_?on|sign_?in"
                        r"|auth(?:entication|_?password)?|authenticate|credentials?|plain_?client"
                        r"|user(?:name)?_?(?:pw|pwd|pass(?:wd|word)?)[a-z_]{0,20})|ldap_bind|smtp\.start"
                        r"|(?:s?ftps?|ftp_tls|pop3)(?:(?:\.|::)(?:new|open|start))?)"
                        r"(?:::new)?[ \t]*=?[ \t]*\(")  # prose55: Rust's constructor (Credentials::new)
# prose31: or two or three capitalised words run together (login("admin", "GoudaTurnip")), as after a login pair.
LOGIN_LETTERS = re.compile(r"[A-Z]?[a-z]{8,24}|(?:[A-Z][a-z]{3,12}){2,3}")
# The user before it is a literal too (`authenticate(request, "username")` names a field); a host, a field or an
# environment is an argument of code, not a password.
# prose55: Rust's owned string after it ("ops".to_owned(), "ops".into()).
# prose57: an Elixir charlist's sigil before each literal (:ftp.user(pid, ~c"U", ~c"X")).
QUOTED_USER_BEFORE = re.compile(r"[\"'][^\"'\n]{1,80}[\"'](?:\.(?:to_owned|to_string|into)\(\))?[ \t]*,[ \t]*"
                                r"(?:~[a-zA-Z])?[\"']$")
# prose56: a call's third literal after a host and a user, whatever the call's name (mysqli_connect(host, user, X, db),
# pymssql.connect, ftplib.FTP): the argument order of every client that takes a login says it is the password. A host
# is a name with a dot, an IPv4 address or localhost (a port may follow); a field or a database's name is none.
# prose57: the port may be an argument of its own (paramiko's connect(host, 22, user, X)), and the host may stand in
# a mailbox or URL literal (PHP's imap_open('{imap.corp.test:993/imap/ssl}INBOX', user, X), 'ldaps://dir.corp.test').
HOST_USER_BEFORE = re.compile(r"[\"'](?:[a-z][a-z0-9+.-]{1,15}://|\{)?"
                              r"(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63})+)"
                              r"(?::\d{1,5})?(?:[/}][^\"'\s]{0,60})?[\"'](?:[ \t]*,[ \t]*\d{1,5})?[ \t]*,[ \t]*"
                              r"[\"'](?=[^\"'\s]{0,63}[A-Za-z])[^\"'\s]{1,64}[\"']"  # the user has a letter: no port
                              r"[ \t]*,[ \t]*[\"']$")
# prose62: a quoted argument right after a host literal (and before any user): a port when it is digits
# (libpq's PQsetdbLogin(host, "5432", ...), a driver's connect("db.corp.test", "3306", ...)), never the password.
# The host is a host by its shape, not a user's dotted name (login("d.stojanovski", "95470") gives a PIN): localhost,
# an IPv4 address, a name of three labels or more, or of two ending in a common top-level or local domain.
PORT_AFTER_HOST = re.compile(r"\([ \t]*[\"'](?:[a-z][a-z0-9+.-]{1,15}://)?"
                             r"(?:localhost|\d{1,3}(?:\.\d{1,3}){3}|[A-Za-z0-9-]{1,63}(?:\.[A-Za-z0-9-]{1,63}){2,}"
                             r"|[A-Za-z0-9-]{1,63}\.(?:com|net|org|io|dev|app|cloud|local|internal|lan|corp|test|example))"
                             r"[\"'][ \t]*,[ \t]*[\"']$")
PORT = re.compile(r"\d{2,5}")
# prose57: a call of a login protocol's client, by its own name or its receiver's (imap_open, :ftp.user, pop3.user,
# ldap3.Connection, ssh.connect, smtp_conn.login): its quoted argument after the user is the password as a login
# call's is, while a bare connect() may take a database's name there.
PROTOCOL_CALL = re.compile(r"(?i)(?<![a-z])(?:imaps?|pop3s?|smtps?|s?ftps?|ldaps?|ldap3|ssh2?|sshclient|telnet|smb|cifs"
                           r"|xmpp|mqtt|amqp|nntp|rdp|vnc)(?![a-z])[\w:.]{0,40}[ \t]*\($")


def _protocol_call(view: str, line_start: int, match_start: int, head: str) -> bool:
    """The call around a positional argument names a login protocol (PROTOCOL_CALL), its receiver included."""
    opening = head.find("(")
    call = view[max(line_start, match_start - 40):match_start] + head[:opening + 1]
    return PROTOCOL_CALL.search(call) is not None


LOGIN_CODE_WORDS = frozenset({"localhost", "username", "hostname", "production", "development", "staging", "testing",
                              "default"})
LOGIN_PIN = re.compile(r"(?!(?:19|20)\d\d$)\d{4,8}")
# Words run together that say the value is wrong or absent: a test's failing login (smtp.login('psu', 'doesnotexist')).
LOGIN_WRONG = re.compile(r"(?i)not|wrong|invalid|incorrect|bad|fake|dummy|bogus|nosuch|unknown|missing|expired")


def _login_argument(verdict: Score, value: str) -> Score:
    """A login call's quoted argument after its user that is letters only or digits only: the place is the
    evidence, the token's character classes are not (pair_letters_signals judges the letters; digits are a PIN)."""
    token_shape = [f"{name} ({weight:+d})" for name, weight in shape_signals(value)]
    signals = [signal for signal in verdict.signals if signal not in token_shape]
    total = verdict.total - sum(weight for _, weight in shape_signals(value))
    place = [("the argument after the user of a call that logs in: its password", 1)]
    judged = pair_letters_signals(value) if value.isalpha() else [("digits where a login call gives a password", 0)]
    wrong = LOGIN_WRONG.search(value)
    if wrong:
        judged.append((f"a word run in says the value is wrong or absent ({wrong.group().lower()}): a test's", -6))
    added = place + judged
    return Score(total + sum(weight for _, weight in added),
                 (*signals, *(f"{name} ({weight:+d})" for name, weight in added)))


# generic-password-access: a verb of use before the token, a purpose of access after it, no credential word.
USE_BEFORE = re.compile(r"(?i)(?<![\w])(?:use|try|type|enter|put in)[ \t]+[\"'`]?$")
ACCESS_AFTER = re.compile(r"(?i)[\"'`]?[ \t]+(?:to[ \t]+(?:get[ \t]+in|log[ \t]?in|sign[ \t]?in|unlock|get[ \t]+into"
                          r"|access)\b|and[ \t]+(?:then[ \t]+)?it[ \t]+(?:lets|logs)[ \t]+you[ \t]+in\b)")
ACCESS_CONTEXT = (("a verb of use before it and a purpose of access after it (use X to log in)", 1),)
# prose50: "the van tablets now open with X.", "the lockers unlock with X": a device opens with the token, which ends
# the clause (generic-password-access's second head): what it does, as "use X to unlock" says.
DEVICE_OPENS = re.compile(r"(?i)(?<![\w])(?:tablets?|ipads?|phones?|laptops?|pcs|computers?|kiosks?|terminals?|doors?"
                          r"|lockers?|safes?|gates?|tills?|consoles?|cabinets?|cupboards?|lockbox(?:es)?"  # prose51
                          r"|apps?|accounts?)[ \t]{1,8}"  # prose52: "the app now opens with X", "account now uses X"
                          r"(?:(?:(?:now|all|both)[ \t]{1,8})?(?:unlock|open)s?[ \t]{1,8}with|now[ \t]{1,8}uses?)"
                          r"[ \t]{1,8}[\"'`]?$")
# prose52: the next sentence tells the reader to keep the token to themselves ("Don't share it outside the school",
# "Please don't leave it in the cab"): what a secret is, not a QR code or a product a device opens with.
KEEP_IT_AFTER = re.compile(r"(?i)[\"'`]?[.,;!]?[ \t]{1,8}(?:please[ \t]{1,8})?(?:don['’]?t|do[ \t]not|never)[ \t]{1,8}"
                           r"(?:share|give|tell|leave|write|post|send|show)[ \t]{1,8}it\b")
# gate50: its own name: NAME_AND_VERSION below (at most 2 digits) replaced it at import, so Chrome-120 was none
DEVICE_PRODUCT = re.compile(r"[A-Za-z][A-Za-z]+(?:-[A-Za-z]+)*-?\d{1,3}(?:\.\d{1,3})?")
# prose51: two capitalised words run together, then digits, are a person's password (AurelianTiberius79), not a
# product's name and version (Android13, Chrome-120, iPhone15)
HUMPS_AND_DIGITS = re.compile(r"(?:[A-Z][a-z]{3,12}){2,3}\d{1,4}")
# gate50 / prose51: the clause ends right after the token (a sentence's end, a comma, a dash between blanks, the
# line's end), not merely a blank: "the doors open with 802.1X auth now" goes on, the token is what authenticates
# prose63: a letters-only token opening its sentence before "is the password" (the rule takes two words run together or
# a 12-letter run there, PAIR_LETTERS' shapes) is read only where the line names its account (user U, login U, account
# U: a dot, underscore, @ or digit in it), and then judged as after a login pair: by the words that describe a password
# or name an account (pair_letters_signals), not by character classes, which it lacks.
LETTERS_ACCOUNT = re.compile(r"(?i)\b(?:user(?:[ \t]?name)?|account|log-?in|user[ \t]?id)[ \t]*[:=]?[ \t]*[\"'`(]?"
                             r"(?=[\w.@+-]*[._\d@])(?!v?\d+(?:\.\d+)+\b)[a-z][\w.@+-]{2,63}")


def _letters_first(view: str, line_start: int, line_end: int, value: str, verdict: Score,
                   account_named: bool = False) -> Score:
    """A letters-only token before "is the password": the account named on its line (or before it: gapping) makes
    it a login's pair."""
    if PAIR_LETTERS.fullmatch(value) is None or not (
            account_named or LETTERS_ACCOUNT.search(view, line_start, line_end) is not None):
        return Score(min(verdict.total, 0), (*verdict.signals, "letters only before the word, no account named on "
                                             "its line (at most 0)"))
    pair = pair_letters_signals(value)
    reason = "letters only after the account gapping names: a login's pair (+5)" if account_named else \
        "letters only opening their sentence, the account named on the line: a login's pair (+5)"
    return Score(verdict.total + 5 + sum(weight for _, weight in pair), (
        *verdict.signals, reason, *(f"{name} ({weight:+d})" for name, weight in pair)))


DASH_THATS = re.compile(r"[\"'`]?[ \t]+[-–—]{1,2}[ \t]+that['’]s")


def _digits_first(value: str, verdict: Score) -> Score:
    """Digits (4 to 12, not a year, a run or a repeat) the password word after them names: a numeric password."""
    if SET_PIN.fullmatch(value) is None or EXAMPLE_DIGITS.fullmatch(value) is not None:
        return verdict
    return Score(verdict.total + 8, (*verdict.signals, "digits named by the password word after them, no noun after "
                                     "the word: a numeric password or PIN (+8)"))


# prose63: the credential word is the noun of its phrase, no other noun after it: the clause ends, or a preposition or
# conjunction goes on ("X is the password for the till", "... at first sign-in", "... and change it").
WORD_ENDS_ITS_NOUN = re.compile(r"[\"'`*_]?(?:[.,;:!?)](?=\s|$|[\"'`}\]\\])|[\"'`}\]]|\\[nr]|[ \t]*(?:\r?\n|$)"
                                r"|[ \t]+[-–—(][ \t]?"
                                r"|[ \t]+(?:for|at|on|to|of|until|till|and|but|if|when|in|from|with|now|here)\b)")
CLAUSE_ENDS_AFTER = re.compile(r"[\"'`]?(?:[.,;!?](?:\s|$)|[ \t]*(?:\r?\n|$)|[ \t]+[-–—][ \t])")
# prose61: what a clause may still say after a value it was set to and still end there: who set it (reset to X by IT,
# changed to X by the front desk), or an aside in brackets naming its account (reset to X (user a.nair)).
SET_BY_AGENT = re.compile(r"(?i)[\"'`]?(?:[ \t]+by[ \t]+(?:(?:the|our|an?)[ \t]+)?[\w.@-]{1,32}(?:[ \t]+[\w.@-]{1,32})?"
                          r"|[ \t]+\((?:user|account|login|for)[ \t:]+[^\s()]{1,64}\))"
                          r"(?:[.,;!?](?:[\s\"'`\\]|$)|[ \t]*(?:\r?\n|$)|[\"'`\\])")  # or its JSON string closes
# generic-password-attempt: a login that failed with the token ("tried X three times and got locked out").
ATTEMPT_BEFORE = re.compile(r"(?i)(?<![\w])tried[ \t]+(?:(?:using|with)[ \t]+)?[\"'`]?$")
ATTEMPT_AFTER = re.compile(
    r"(?i)[\"'`]?[ \t]+(?:(?:(?:two|three|four|five|several|a[ \t]+few|many|\d{1,2})[ \t]+times|twice|again|already)"
    r"[ \t,]+)?(?:and|but)[ \t]+(?:(?:then|now)[ \t]+)?"
    r"(?:(?:got|get|am|i'?m|was|i[ \t]+was|i[ \t]+got)[ \t]+locked[ \t]+out"
    r"|it[ \t]+(?:locked[ \t]+me[ \t]+out|fails|failed"
    r"|(?:doesn'?t|didn'?t|won'?t)[ \t]+work|(?:was|is)[ \t]+(?:rejected|refused|denied))"
    r"|(?:got|get|i[ \t]+get|i[ \t]+got)[ \t]+(?:an?[ \t]+)?(?:error|401|403|access[ \t]+denied|invalid))\b")
ATTEMPT_CONTEXT = (("a failed login with it (tried X and got locked out)", 1),)
# What else people try and report failing: a program with its version (python3.12, node-18, gcc-13, openssl-3.0.2).
VERSIONED_NAME = re.compile(r"(?:[A-Za-z][a-z]{0,15}[-_@]?)?v?\d{1,2}(?:\.\d{1,3}){0,3}")
# What one uses to log in is as often a tool, a protocol or a feature as a password (attack18: "use OAuth2 to log in",
# "use SAML2.0 to sign in", "use 1Password to log in", "use Touch-ID to unlock it" were masked): one or two
# capitalised words or acronyms, at most one digit or a version at an end, joined by nothing or a hyphen.
ACCESS_NAME = re.compile(r"\d?[A-Z][a-z]*[A-Z]?[a-z]*(?:-?[A-Z][A-Za-z]*)?(?:\d(?:\.\d)?)?")
# generic-password-secret-noun: its match starts at the noun secret (a determiner before it), the token right after.
SECRET_NOUN = re.compile(r"secret(?:[ \t]{0,4}:[ \t]{0,4}|[ \t]{1,4})[\"'`]?")
SECRET_NOUN_CONTEXT = (("the noun secret after a determiner, the token right after it (its secret X)", 2),)

# attack31: `secret` is also Kubernetes's object and a secret store's entry, so the noun and a table's Secret column
# name secrets too ("mount the secret tls-cert-2024", "| api | redis-auth-v3 |"): shapes of a name, not a password.
# A passphrase of random words (mink-fen-sedge7, marram-tussock-heron) holds no word of infrastructure.
_RESOURCE_WORDS = """db database tls ssl cert certs certificate app api prod production staging stage dev
    qa creds credentials secret secrets token tokens key keys config env auth oauth jwt webhook registry regcred
    docker image sa service account postgres postgresql mysql redis mongo mongodb s3 aws gcp azure github gitlab
    slack smtp mail ldap admin backend frontend web worker vault kv ingress ssh git npm pypi helm argocd grafana
    kafka rabbitmq cluster namespace pod deploy deployment cron job ci cd"""
RESOURCE_WORDS = frozenset(_RESOURCE_WORDS.split())
RESOURCE_NAME = re.compile(r"[a-z0-9]+(?:[-.][a-z0-9]+)+")  # a Kubernetes object's name (DNS-1123)
RESOURCE_PATH = re.compile(r"[\w.-]+(?:/[\w.-]+){2,}")  # projects/p/secrets/db-pass/versions/3
CUSTOM_HEADER = re.compile(r"X-[A-Za-z0-9]+(?:-[A-Za-z0-9]+)*")
API_VERSION = re.compile(r"v\d+(?:(?:alpha|beta)\d*)?")
CAMEL_IDENTIFIER = re.compile(r"[A-Za-z][a-z0-9]*(?:[A-Z][a-z0-9]+)+")
IDENTIFIER_PART = re.compile(r"[A-Z]?[a-z]+")
IDENTIFIER_WORDS = CODE_WORDS | RESOURCE_WORDS | frozenset(("encoded", "decoded", "encrypted", "hashed", "signed"))


def secret_name_signals(value: str) -> list[tuple[str, int]]:
    """Where `secret` names the thing (the noun, a table's Secret column): the value's shape as a secret's name."""
    if RESOURCE_NAME.fullmatch(value) and any(
            part.rstrip("0123456789") in RESOURCE_WORDS or API_VERSION.fullmatch(part)
            for part in re.split(r"[-.]", value)):
        return [("a secret's name: lower-case words joined, one of infrastructure (db-credentials-v2)", -4)]
    if RESOURCE_PATH.fullmatch(value):
        return [("a path in a secret store (projects/p/secrets/db-pass/versions/3)", -4)]
    if CUSTOM_HEADER.fullmatch(value):
        return [("a custom header's name (X-Hub-Signature-256)", -4)]
    if API_VERSION.fullmatch(value):
        return [("an API version (v1beta1)", -4)]
    if CAMEL_IDENTIFIER.fullmatch(value) and any(
            part.lower() in IDENTIFIER_WORDS for part in IDENTIFIER_PART.findall(value)):
        return [("a camelCase identifier with a word of code (OAuth2ClientCredentials)", -4)]
    return []
WORD_AFTER_CONTEXT = (("credential word after the token (X is the password)", 2), ("copula between them", 1))
# prose63: gapping, "U is the account and X the password", "U is the login, X the password": the first conjunct names
# the account with its copula, the second leaves the copula out; the word after the token ends its clause (not "the
# password input", "the password keeper": a noun after it names something else).
GAPPED_WORD_AFTER = re.compile(r"(?i)[\"'`]?[ \t]+the[ \t]+(?:new[ \t]+)?(?:passwor[dt]|passphrase|passcode|pw|pwd)\b"
                               r"(?=[ \t]*(?:[.,;:!?)\]}\"'`]|\\[nr]|\r?$"
                               r"|[ \t](?:and|but|for|of|on|to|at|in|if|until|both)\b))",
                               re.MULTILINE)
GAPPED_ACCOUNT = re.compile(r"(?i)(?<![^\s:,;(])[\w.@+-]*[A-Za-z][\w.@+-]*[ \t]+(?:is|was)[ \t]+(?:the|my|your|our)"
                            r"[ \t]+(?:user(?:[ \t]?name)?|account|login|user[ \t]?id)[ \t]*"
                            r"(?:,[ \t]*(?:and[ \t]+)?|[ \t]and[ \t]+)[\"'`]?$")
GAPPED_READS = 96
GAPPED_CONTEXT = (("an account named first, then the token and the credential word with the copula left out "
                   "(U is the account and X the password)", 3),)
AFTER_REACH = 128  # characters after "X is the password" whose negative words count (the scanner's keyword radius)
POSITIONAL_CONTEXT = (("argument of a connect/login/auth call", 2), ("quoted argument after the host or user", 1))


# generic-password-entered: a verb of entry or refusal before the token, no credential word, and talk of logging in
# on the same line ("I typed X and the login page came back", "why does the VPN reject X?").
# prose56: a device asks for an account and the token ("the CNC asks for a.nair / X", "the plotter's PC wants
# s.perera and X"): the pair is the talk of logging in. The account has a dot, underscore, digit or @ (or is admin /
# root): "wants coffee and X" pairs nothing.
ASKED_PAIR = (r"(?:asks?|asked|asking|wants?|wanted|needs?|needed|takes?|prompts?)[ \t]+(?:for[ \t]+)?"
              r"(?:[A-Za-z][\w+-]{0,30}[._@\d][\w.@+-]{0,31}|admin|root|administrator)[ \t]{1,4}(?:/|and|&)")
ASKED_PAIR_READS = 120  # the verb, `for`, the account (up to 64) and the joiner before the token
ASKED_PAIR_BEFORE = re.compile(r"(?i)(?<![\w])" + ASKED_PAIR + r"[ \t]+[\"'`]?$")
# prose56: and a verb of setting with `to` ("the login was disabled. Reset to X; to be changed at next sign-in").
ENTRY_BEFORE = re.compile(r"(?i)(?<![\w])(?:typed|entered|sen[dt]|sending|pasted|put[ \t]+in|set|says|said|shows|tried"
                          r"|(?:re)?set[ \t]+(?:it[ \t]+)?to|changed[ \t]+(?:it[ \t]+)?to"
                          r"|" + ASKED_PAIR +
                          r"|typing|paste|pasting|give[ \t]+it|gave[ \t]+it|refuses?|refused|rejects?"
                          r"|rejected|(?:won'?t|doesn'?t|didn'?t|does[ \t]+not|did[ \t]+not|will[ \t]+not)[ \t]+"
                          r"(?:accept|take))"
                          r"[ \t]+[\"'`]?$")
# Who or what a "Reset to X" sets: nothing in its clause (a notice's next sentence), a person, `it`, or a login word;
# "the theme was changed to dark-mode-v2" sets another thing.
SETTER_SUBJECT = re.compile(r"(?i)(?:^|(?<![\w])(?:i|we|they|he|she|it|you|admin|passwords?|pw|pwd|passcode|passphrase"
                            r"|pin|login|account|credentials?))[\s\"'`:]*(?:(?:has|have|had|was|were|is|got|been|just"
                            r"|now|already)[ \t]+)*$")
SETTING_ENTRY = re.compile(r"(?i)(?<![\w])(?:(?:re)?set|changed)[ \t]+(?:it[ \t]+)?to[ \t]+[\"'`]?$")
LOGIN_TALK = re.compile(r"(?i)\b(?:log(?:ged)?[ \t-]?(?:in|on)|login|logon|sign(?:ed)?[ \t-]?in|authenticat\w*|auth|401"
                        r"|unauthori[sz]ed|access[ \t]denied|locked[ \t]out|lockout|credentials?|basic[ \t]auth"
                        r"|get(?:ting)?[ \t]in|403|forbidden|passwor[dt]|passwd|passphrase|pw|account"
                        r"|the[ \t]user(?:[ \t]?name)?[ \t](?:is|was))\b")  # the user is ops: a login's user named
# Characters before the token, on its line, and after it: the rule's regex reads the talk after the token as part of
# its match (up to 96 characters past the token's end), so a stream holds the token until it comes or cannot.
LOGIN_TALK_BEFORE = 200
LOGIN_TALK_AFTER = 97
ENTRY_CONTEXT = (("a verb of entry or refusal before it (typed X, the server rejects X)", 1),)
# The login a value is for, right after it: "X for svc_ci", "X on the shared ops-oncall account", "X as root". A user
# name has a separator in it (j.castellanos, svc_ingest, build-agent) or is a well-known account.
USER_AFTER = re.compile(r"(?i)[\"'`]?[ \t]+(?:for|on|as)[ \t]+(?:(?:the|a|our|my|shared|service)[ \t]+){0,2}"
                        r"(?P<user>[a-z][a-z0-9]*[._-][a-z0-9][\w.-]*|root|admin|administrator)(?=[\s'\",;:!?]|$)")
# What else is set, tried or read out in talk of logging in: a program, protocol or standard and its version (TLSv1.2,
# HTTP/1.1, node-18, python3.12).
NAME_AND_VERSION = re.compile(r"[A-Za-z]{1,16}[-_/@]?v?\d{1,2}(?:\.\d{1,3}){0,3}")


def _entry_verdict(view: str, line_start: int, line_end: int, value_start: int, value_end: int) -> Score:
    """A token typed, sent or refused: a password only in talk of logging in, and only by its own shape."""
    value = view[value_start:value_end]
    line_before = view[line_start:value_start]
    setting = SETTING_ENTRY.search(line_before)
    if setting and SETTER_SUBJECT.search(own_clause(line_before[:setting.start()])) is None:
        return Score(-6, ("set to a token after a noun that is no login's: what was set is that (the region was "
                          "changed to eu-west-1) (-6)",))
    # prose56: "Reset to X": the verb that gives the token is no talk about resetting passwords (as SET_TO's)
    verdict = score(line_before[:setting.start()] if setting else line_before, "", value, ENTRY_CONTEXT)
    signals = list(verdict.signals)
    total = verdict.total
    if setting and CLAUSE_ENDS_AFTER.match(view, value_end) is None and SET_BY_AGENT.match(view, value_end) is None:
        # "the wifi was reset to factory-default-2 and now ...": a setting's value the sentence goes on after
        total -= 4
        signals.append("set to a token the sentence goes on after: a setting, not a password handed over (-4)")
    elif setting:
        # "... disabled after five tries. Reset to X; to be changed at next sign-in": as SET_TO after the word gives
        total += 1
        signals.append("set to a token that ends its clause: a password handed over (+1)")
    talk = LOGIN_TALK.search(view, max(line_start, value_start - LOGIN_TALK_BEFORE), value_start) or \
        _talk_after(view, value_end, line_end, value_end + LOGIN_TALK_AFTER)
    asked = ASKED_PAIR_BEFORE.search(view, max(line_start, value_start - ASKED_PAIR_READS), value_start)
    if asked:
        # "the plotter's PC wants s.perera and X": the account and the token asked for together are a login's pair
        talk = talk or asked
        total += 1
        signals.append("a device asks for an account and the token together: a login's pair (+1)")
    if talk:
        signals.append(f"the line talks about logging in ({talk.group().lower()!r}) (+0)")
    else:
        total -= 6
        signals.append("no talk of logging in on its line (-6)")
    clause_after = CLAUSE_BREAK.split(view[value_end:min(line_end, value_end + LOGIN_TALK_AFTER)], maxsplit=1)[0]
    negative = NEGATIVE.search(without_until_your_own(clause_after))
    if negative and setting and negative.group().lower() in SETTING_NEGATIVES:
        negative = None  # "Reset to X - please change it at your next log-in": the notice's own instruction
    if negative and not FAILURE_WORDS.fullmatch(negative.group()):
        # "tried X as pw reset link": talk about passwords in the token's own clause (a failure is what help asks about)
        total -= 3
        signals.append(f"negative context word {negative.group().lower()!r} after it (-3)")
    user = USER_AFTER.match(view, value_end, line_end)
    if user and talk:
        # "the vault says X for svc_ci", "set X on the shared ops-oncall account": the login it belongs to is named.
        total += 1
        signals.append(f"a user name after it ({user.group('user')!r} is no value) (+1)")
    if not is_passphrase(value) and _classes(value) < 3 and not (user and talk and _classes(value) == 2
                                                                 and _DIGIT.search(value)):
        total -= 4
        signals.append("only a password's shape is one here: fewer than 3 character classes (-4)")
    if NAME_AND_VERSION.fullmatch(value) or VERSIONED_NAME.fullmatch(value):
        total -= 6
        signals.append("a program or protocol and its version (TLSv1.2, node-18) (-6)")
    return Score(total, tuple(signals))


# prose62: after a value given to use, a clause that bounds its use until the reader sets their own ("use X as the
# password until you set your own", "X is the PIN until you change it"): a temporary password handed over, so the
# `your` / `change it` in it is the notice's instruction, not talk about passwords (a negative context word).
# attack62: with a contracted or written-out perfect and the verb's past participle too (until you've set your own,
# until you have chosen your own).
UNTIL_YOUR_OWN = re.compile(r"(?i)\b(?:until|till|before)[ \t]+(?:you|they|we|he|she|staff|users?)(?:['’]ve)?[ \t]+"
                            r"(?:(?:have|has|can|get|go|first)[ \t]+(?:to[ \t]+)?)?"
                            r"(?:set|change[ds]?|pick(?:ed)?|cho(?:ose|sen)|creat(?:e|ed)|ma(?:k|d)e|reset"
                            r"|replac(?:e|ed))[ \t]+"
                            r"(?:up[ \t]+)?(?:your|their|our|his|her|it|one|a)\b.*$", re.DOTALL)


def without_until_your_own(clause: str) -> str:
    """`clause` without its closing "until you set your own" (UNTIL_YOUR_OWN), blanked to keep its length."""
    until = UNTIL_YOUR_OWN.search(clause)
    return clause if until is None else clause[:until.start()] + " " * (len(clause) - until.start())


# prose63: after a value given before its word ("take X as the password for now and change it once you're in", "X is
# the password for your till - change it after your first sign-in"), `your` and `change it` are the handing over's
# words, as after "reset to X" (SETTING_NEGATIVES): the value came first, so they cannot be talk about a password
# not given. Blanked at once, not only with the clause that makes them the notice's: a stream's verdict closes at
# every blank, and "change it " before "once" would send the token.
HANDOVER_TALK = re.compile(r"(?i)\b(?:your|change[ \t]+it)\b")


def handed_over(clause: str) -> str:
    """The clause after a value given before its word, without its until-your-own ending (without_until_your_own)
    and without the handing over's `your` and `change it` (HANDOVER_TALK), blanked to keep its length."""
    return HANDOVER_TALK.sub(lambda word: " " * len(word.group()), without_until_your_own(clause))


def _talk_after(view: str, start: int, line_end: int, reach: int) -> re.Match[str] | None:
    """Talk of logging in on the line that starts within `reach` (how far past the token the regex reads)."""
    talk = LOGIN_TALK.search(view, start, line_end)
    return talk if talk is not None and talk.start() <= reach else None
