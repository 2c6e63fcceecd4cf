"""Passwords made of letters only, given after a strong credential construction: "my password is sunshine",
"pw for staging: bluefalcon", "le mot de passe est papillon", "DB_PASSWORD=tavoreni", "use sunshine as the
password" (rules generic-password-letters and generic-password-letters-before, `validator: letters_password`).

A letters-only token has no shape to judge, so the evidence must come from the construction, and the question
is which words can follow it without being a password. After "the password is" those are a closed class: words
that describe the password's state, place or requirement (incorrect, expired, required, below, missing), words
of grammar (the, not, in, same, what), nouns that make "password" a modifier (manager, reset, field, policy),
and code's literals and types (None, true, string), in English, German, French and Spanish. Every other
letters-only word there is a password. The rules only accept a construction stronger than the mixed-token rules
do: a copula (is, ist, lautet, est, es) or a colon / `=` right after the credential word, a short clause naming
what it is for ("for the staging box") before it, or a quote right after the word; never a clause of other
words in between. A French or Spanish participle written with its accent (expiré, vacía) never matches: the
rules' ASCII letters stop at the accent, and the token must end at a space or punctuation.

Signals add fixed weights like the mixed-token scorer (context_score); `Scanner.explain` prints them.
"""

from __future__ import annotations

import re

from . import password_carriers
from .context_score import (
    CJK_WORDS,
    LINE_READS,
    MISSPELLED_WORDS,
    NEGATIVE,
    OTHER_LANGUAGE_WORDS,
    SET_BEFORE,
    SET_TO,
    SET_TO_BETWEEN,
    SETTING_NEGATIVES,
    Score,
    is_passphrase,
    issued,
    line_bounds,
    own_clause,
    pair_letters_signals,
    shape_signals,
)
from .vocabulary import USER_WORDS as LANGUAGE_USER_WORDS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Written by hand, by kind of word: words that describe a password instead of being one. Lower case, ASCII only
# (accented forms cannot be captured, see above); the rules capture 5 letters or more, so shorter words of
# grammar (the, not, in, ist, est, es) are never candidates and are not listed.
CLOSED_CLASS = {
    "state, quality or requirement": _words("""
        incorrect correct wrong right invalid valid strong short simple complex secure insecure unsafe
        different identical similar current previous default temporary permanent random unique obvious
        known unknown public private shared personal blank empty sensitive insensitive optional required
        mandatory necessary needed missing pending working expiring changing loading coming rotating waiting
        showing following remaining existing matching given taken shown written hidden stolen forgotten chosen
        found reset longer shorter stronger weaker harder easier better worse plaintext cleartext plain lowercase
        uppercase alphanumeric numeric available unavailable visible invisible readable guessable memorable
        configurable changeable recoverable acceptable reusable secret redacted masked omitted unset enabled
        disabled minimum maximum possible impossible present absent readonly
        falsch richtig korrekt ungueltig gueltig abgelaufen erforderlich notwendig noetig unten geaendert
        gespeichert gesperrt verschluesselt gesetzt hinterlegt vergeben bekannt unbekannt vergessen gleich
        dasselbe derselbe dieselbe sicher unsicher schwach stark optional veraltet geheim pflicht identisch
        requis requise obligatoire invalide incorrecte correcte fausse court courte longue nouveau nouvelle
        ancien ancienne temporaire facultatif perdu perdue identique valide sensible facile inconnu inconnue
        incorrecta correcta invalida valida segura seguro corta corto larga vacia distinta distinto temporal
        opcional obligatoria obligatorio nuevo nueva viejo vieja igual mismo misma secreta secreto sencilla
        sencillo diferente debil"""),
    # Italian, Portuguese, Dutch, Polish, Czech, Swedish, Norwegian, Danish, Finnish, Turkish, romaji: state and
    # requirement words in their ASCII spellings (a word with an accent or ł never matches, see above).
    "state, quality or requirement (it, pt, nl, pl, cs, sv, no, da, fi, tr, ja)": _words("""
        sbagliata sbagliato errata errato corretta corretto giusta giusto scaduta scaduto obbligatoria
        obbligatorio richiesta richiesto nuova nuovo vecchia vecchio vuota vuoto diversa diverso uguale stessa
        stesso lunga lungo corta corto debole forte sicura sicuro valida valido invalida invalido cambiata
        cambiato temporanea temporaneo segreta segreto bloccata bloccato
        errada errado correta correto certa certo expirada expirado vencida vencido obrigatoria obrigatorio
        necessaria necessario vazia vazio fraca fraco curta curto longa longo antiga antigo alterada alterado
        trocada trocado bloqueada bloqueado
        onjuist juist verkeerd verkeerde correct ongeldig geldig verlopen verplicht vereist
        zwakke sterk sterke nieuw nieuwe anders hetzelfde dezelfde gewijzigd veranderd geblokkeerd tijdelijk
        bledne bledna poprawne poprawna wymagane wymagana puste pusta slabe slaba silne silna stare
        stara takie zmienione zablokowane tymczasowe
        spatne spravne povinne prazdne slabe silne stare stejne zmenene
        felaktigt felaktig ogiltigt ogiltig korrekt korrekta obligatoriskt obligatorisk samma annat annan
        gammalt svagt starkt riktig ugyldig gyldig forkert rigtig ugyldigt gyldigt
        virheellinen oikea vanhentunut pakollinen tyhja heikko vahva vanha
        yanlis hatali gecersiz gecerli dogru zorunlu gerekli zayif guclu farkli
        chigaimasu tadashii machigai hitsuyou"""),
    "place": _words("""
        above below attached enclosed included inside within under there somewhere nowhere elsewhere everywhere
        abajo arriba dessous dessus"""),
    "grammar (pronoun, adverb, conjunction, preposition)": _words("""
        something nothing anything everything whatever whichever which these those still quite really actually
        probably likely definitely usually currently already always never often sometimes later again exactly
        simply about after before without through until since while where yours their theirs either neither
        because being going please thanks silently
        einen nicht keine jetzt schon immer unter ueber deins meins unser ihres siehe bitte danke
        leider heute gerade bereits nochmal gestern wieder irgendwo einfach vorhin extra damals
        erfolgreich soeben manuell automatisch einmalig versehentlich kurzfristig morgen selbst nichts etwas alles
        anfrage wunsch verlangen
        cette toujours encore aussi votre notre leurs celui celle merci ensuite alors
        demasiado nuestra nuestro gracias"""),
    "noun that makes the credential word a modifier": _words("""
        manager managers resets field fields policy policies prompt hints strength change changes rotation
        history length expiry expiration protection input dialog screen vault keychain generator requirement
        requirements rules authentication login setting settings option value entry check storage protected hashes
        store
        richtlinie tresor eingabe verwaltung champ politique coffre gestionnaire campo politica gestor"""),
    "code literal or type": _words("""
        false undefined string bytes boolean number integer varchar"""),
    "instruction verb": _words("""
        enter choose click provide confirm insert paste generate create contact"""),
}
DESCRIBING_WORDS = frozenset().union(*CLOSED_CLASS.values())
# Participles by their ending: English -ed (expired, hashed, stored), Spanish -ado/-ada/-ido/-ida (caducada,
# requerida, guardado), but not -eed (speed, seed). Not -ly or -ing: too many words people pick as passwords end
# so (butterfly, lily, darling, morning); the adverbs and -ing forms that describe a password are listed instead.
# prose38: at most 14 letters (decommissioned, authenticated, misconfigured): a longer run ending in -ed is two words
# run together (chenillesamoyed, seersuckersamoyed), as people make a password, not a participle.
PARTICIPLE = re.compile(r"(?i)[a-z]{3,12}(?:(?<!e)ed|ad[ao]|id[ao])")
# The credential words these rules start from (the regex part before the value repeats them; attack63: sssd's authtok).
CREDENTIAL = re.compile(r"(?i)(?:(?:passwor[dt]|kennwort|passwd|passphrase|passcode|pwd|pw|pass|secret|mot de passe"
                        r"|authtok|mdp|clave|contrase.a|senha|wachtwoord|" + OTHER_LANGUAGE_WORDS + "|"
                        + MISSPELLED_WORDS + r")(?![A-Za-z])"
                        r"|" + CJK_WORDS + ")")
# A value that contains a credential word is a name in code (getpass, passwd, credentials), not a password.
NAMES_A_CREDENTIAL = re.compile(r"(?i)pass|pwd|kennwort|cred|secret|token")
COPULA = re.compile(r"(?i)(?:\s(?:is|was|ist|war|lautet|est|es|era|è|é|är|er|jest|je|to|on|wa|w[äa]re|c'est"
                    r"|qued[óo]\s+en|ficou|hab(?:e)?\s+ich|është|ass)"  # prose37: Luxembourgish ass (elo: now)
                    r"(?:\s+(?:now|still|jetzt|nun|noch|maintenant|ahora|agora|adesso|ora|nu|elo))?"
                    r"|は)"
                    r"\s*:?\s*[\"'`]?$")
# Copulas that are another word in the languages around them ("the password to unlock", "mot de passe je crois",
# "password on staging"): only after the credential word of their own language.
OWN_LANGUAGE_COPULA = {"to": re.compile(r"(?i)has[lł]o"), "je": re.compile(r"(?i)heslo|lozink[aeiu]|geslo"),
                       "on": re.compile(r"(?i)salasana"), "wa": re.compile(r"(?i)pasuwaa?do")}
# "Lozinka je spremljena u ...", "Hasło jest zapisane": after a Slavic language's word and its copula, a passive
# participle (-en, -ena, -eno, -an, -ana, -ony, -one, -t, -ta) says what was done with the password.
SLAVIC_WORD = re.compile(r"(?i)has[lł][oa]|heslo|lozink[aeiu]|geslo")
SLAVIC_PARTICIPLE = re.compile(r"(?i)[a-z]{3,}(?:[ae]n[aeoiy]?|on[aeoiy]|[aeiou]t[aeoiy]?)")
# 密码 / 口令: Chinese sets a Latin word apart from the one before it by a blank alone (密码 sunshine, 密码是 sunshine).
CHINESE_WORDS = frozenset({"密码", "口令"})
CHINESE_CONSTRUCTION = re.compile(r"[ \t]*(?:是|为)?[ \t]*[\"'`]?")
SEPARATOR = re.compile(r"(?:[:=：]>?|->|→)[\s\"'`\\*]*$")
# "is the root pw (on db3) still X?", "was the grafana password X or ...": a question gives the value after the word.
# The gap holds at most a clause naming what it is for and still / now; is / was opens the clause within the five
# words before the word, and a question mark or "or" follows the value.
QUESTION_GAP = re.compile(r"(?i)[\"'`*]{0,3}(?:\s+(?:for|of|on|at|to)\s[^:=\n]{1,40}?)?"
                          r"(?:\s+(?:still|now|currently))?\s+[\"'`]?")
QUESTION_OPENS = re.compile(r"(?i)(?:^|[\s:,(\"'`])(?:is|was|isn't|wasn't)\s+(?:\S+\s+){0,4}$")
QUESTION_ENDS = re.compile(r"[\"'`]?[ \t]{0,4}(?:\?|[ \t]or[ \t])")
YAML_ANCHOR = re.compile(r"(?<=[:=][ \t])[ \t]*&[A-Za-z_][\w-]{0,40}(?=[ \t]+$)")
# "als Passwort X gesetzt", "Kennwort auf X geändert": the value between the word and the participle of setting it.
SETTING_GAP = re.compile(r"(?i)[\"'`*]{0,3}\s+(?:auf\s+)?[\"'`]?")
SETTING_PARTICIPLE = re.compile(r"[\"'`]?[ \t]+(?:gesetzt|eingetragen|genommen|vergeben|gew[äa]hlt|festgelegt|verwendet"
                                r"|eingestellt|ge[äa]ndert|hinterlegt)\b")
QUOTED = re.compile(r"^[\"'`]?\s+[\"'`]$")
# prose37: the rule reads `, 'X'` after a password constant's name only inside define( (generic-password-letters).
DEFINED = re.compile(r"(?:__)?[\"'][ \t]{0,4},[ \t]{0,4}[\"']")
DEFINE_BEFORE = re.compile(r"\bdefine\([ \t]{0,4}[\"'][\w]{0,64}$")  # the constant's name up to the word
PURPOSE = re.compile(r"(?i)^[\"'`]?\s+(?:for|of|on|to|at|f.rs?|fuer|zum|zur|vom|von|des|du|de|pour|del|para|da|do|di"
                     r"|della|voor|van|op|dla|od|till|za|fir|vum|vun|don|ar"  # prose37: Luxembourgish, Irish
                     r"|til|per|dal)\s")  # prose38: Faroese til, Romansh per / dal
# prose36: after Albanian's word only (fjalëkalimi i kompjuterit në zyrë është X), its linking article or preposition
# opens what the password is for; after English `password`, `i` is a pronoun ("password i run is ...").
ALBANIAN_PURPOSE = re.compile(r"(?i)^[\"'`]?\s+(?:i|e|të|së|për|në)\s")
ALBANIAN_WORD = re.compile(r"(?i)fjal[ëe]kalim\w*")
# "use sunshine as the password": the credential word after the token.
AFTER = re.compile(r"(?i)[\"'`]?[ \t]+(?:as[ \t]+(?:(?:the|my|our|a|an|new)[ \t]+)?(?:[\w-]+[ \t]+){0,2}?"
                   r"(?:passwor[dt]|passphrase|passcode|pw|pwd|kennwort)\b(?:[ \t]+(?P<next>[A-Za-z]+))?"
                   # als Passwort, comme mot de passe: the word right after, never a compound (Passwort-Manager); the
                   # verb after it (gesetzt, genommen) is no modifier
                   r"|(?:als|comme|come|como)[ \t]+(?:(?:das|ein|neues|le|un|nouveau|het|een|la|il|a)[ \t]+)?"
                   r"(?:passwor[dt]|kennwort|mot de passe|mdp|wachtwoord|senha|contrase.a)\b(?!-)"
                   r"(?:[ \t]+(?P<noun>[A-Za-z]+))?"
                   # le puse X de contraseña
                   r"|de[ \t]+(?:contrase.a|clave|senha)\b)")
QUOTED_NAME = "quoted right after the word"
THIRD_PERSON_USE = re.compile(r"(?i)\b(?:uses|used)[ \t]+[\"'`]?$")
# `username, password = split`: tuple unpacking in code, the token is a name. Not `USER=mkohl,PASSWORD=X` (a JCL
# JOB card's or a connection string's parameters: the field before the comma is assigned a value itself, prose28).
UNPACKING = re.compile(r"(?<![=\w.-])[\w.]+\s*,\s*$")
# `:param password: encrypt it`, `@param password the ...`: a documentation field, the token is its description.
DOC_FIELD = re.compile(r"(?i)(?::param|:type|@param|:arg)\s+[\w.]*$")
# "host cache-01, username default, password X", "user cisco, privileged-mode password X": a list of fields, each its
# name and value; the user's field right before the password's pairs them as a colon would (the rule's regex looks
# behind for it: generic-password-letters).
# prose35: or, after other words (the portal login k.olsen, password X; the account is k.olsen, password X), a user
# name shaped as an account's (a dot, digit, dash, underscore or @ in it): "the user guide, password X" has none.
LISTED_USER = re.compile(r"(?i)(?:(?:^|[,:;(][ \t]{0,4})"
                         r"(?:user(?:name)?|login|employee|benotzer|ainm úsáideora"  # prose37: Luxembourgish, Irish
                         r"|" + LANGUAGE_USER_WORDS + r")"  # prose38: Faroese, Romansh (vocabulary.py)
                         r"[ \t]{1,4}[^\s,]{1,64}"
                         r"|(?<=[\w)][ \t])(?:user(?:name)?|login|account|employee|admin|operator|as|usuari[oa]"
                         r"|përdorues(?:i|in|it)?)(?:[ \t]{1,4}(?:is|was))?[ \t]{1,4}"  # prose36: admin, as, Albanian
                         r"[\w.@+-]{0,63}[._\d@-][\w.@+-]{0,63}"
                         # prose50: logged / signed in as any name, then a comma or semicolon (the PC is logged in as
                         # lssnight; password X): the login verb makes the name an account's, whatever its shape
                         r"|(?:logged|signed)[ \t]in[ \t]as[ \t]{1,4}[\w.@+-]{2,64}[ \t]{0,4}"
                         r")(?:(?:[,;]|[ \t]{1,4}(?:and|dhe|e|y))[ \t]{1,4}"
                         r"(?:[\w-]{1,24}[ \t]{1,4})?)$")  # the user's field starts an item: not "the user guide, ..."
# prose56: a log line's or a chat's login names the account right before the word, by a login event or alone: "user
# a.nair authenticated, password X", "clinician m.ueda entered password X", "session opened by s.perera with password
# X", "Gareth: ops.desk, password X". The account's name holds a dot, underscore or @ inside (an account's shape,
# not a word of the sentence).
_ACCOUNT = r"[A-Za-z][\w+-]{0,30}[._@][\w.@+-]{0,62}[\w]"
# prose61: after `by` a log names the account with digits too (unlocked by plot14 using password X, reset by
# user01, password X accepted): a word of prose with digits run on is no word of the sentence either.
_ACCOUNT_BY = r"(?:" + _ACCOUNT + r"|[A-Za-z][A-Za-z-]{1,30}\d{1,6})"
LOGIN_EVENT_USER = re.compile(
    r"(?i)(?:(?:^|[:;(])[ \t]{0,4}" + _ACCOUNT + r"[ \t]{0,4},"
    r"|(?<![\w.@-])" + _ACCOUNT + r"[ \t]{1,4}(?:authenticated|logged[ \t]in|signed[ \t]in|connected|entered|typed"
    r"|submitted|supplied)[ \t]{0,4}[,;]?"
    r"|(?<![\w])(?:by|for|as)[ \t]{1,4}" + _ACCOUNT_BY + r"(?:[ \t]{1,4}(?:with|using)(?:[ \t]{1,4}(?:the|a|an|its))?"
    r"|[ \t]{0,4}[,(])"  # prose61: or a comma or a bracket (by bea.cuts, password X; by bea.cuts (password X))
    r")[ \t]{0,4}$")
# The token ends its clause, its line, or the JSON string that carries the line (a chat body's `X"}]`).
LOGIN_EVENT_ENDS = re.compile(r"[\"'`]?(?:[ \t]*(?:$|\r?\n|\\[nr])|[ \t]+[-–—(]|[.,;!?](?:[\s\"'`\\]|$)"
                              r"|[\"'`]?[ \t]*[,}\]]"
                              # prose61: a bracket the log opened before the word, or the login's outcome
                              r"|\)(?:[\s.,;\"'`\\]|$)|[ \t]+(?:accepted|rejected|refused|denied|failed|ok)\b)")
# prose38: a blank alone between the account's name and the word (local admin U pw X, driver login U pw X), when the
# value ends its clause: "log in as v2 password hashing is used" goes on.
LISTED_USER_BLANK = re.compile(r"(?i)(?<=[\w)][ \t])(?:user(?:name)?|login|account|employee|admin|operator|as"
                               r"|usuari[oa]|përdorues(?:i|in|it)?)[ \t]{1,4}"
                               r"[\w.@+-]{0,63}[._\d@-][\w.@+-]{0,63}[ \t]{1,4}$")
VALUE_ENDS_CLAUSE = re.compile(r"[\"'`]?(?:[ \t]*$|[ \t]+[-–—(]|[.,;!?](?:\s|$))")
LISTED_GAP = re.compile(r"[ \t]{1,8}")
# "set the admin password to SpratSatin": after a verb of setting, `to` also opens an infinitive ("reset your password
# to continue", "set the password to expire"), so only letters in two or three humps are the value there.
# prose31: the lower-case English words a capitalised value may follow with blanks alone between (bare_capitalised).
BARE_WORDS = re.compile(r"password|passphrase|passcode|pw")
BARE_GAP = re.compile(r"[ \t]{1,4}")
BARE_HUMPS = re.compile(r"(?:[A-Z][a-z]{2,12}){2,3}")
HUMP = re.compile(r"[A-Z][a-z]*")
WORD_PARTS = re.compile(r"[A-Z]?[a-z]+")
CLAUSE_ENDS = re.compile(r"[\"'`]?(?:[.,;:!?)](?:\s|$)|[ \t]*$|[ \t]+[-–—][ \t])")
# Humps of a type's or a product's name that holds, shows or makes a password (KeyVault, PasswordBox, TextField).
THING_HUMPS = _words("""
    key keys vault safe store box text edit input field form dialog entry manager keeper chain hash hasher encoder
    encrypt encrypted generator reset policy hint helper provider service client handler util utils config settings
    string value type data model view widget control label""")
SET_HUMPS = re.compile(r"(?:[A-Z][a-z]{2,12}){2,3}|[a-z]{3,12}(?:[A-Z][a-z]{2,12}){1,2}")
# prose57: after the word and a verb of setting, a run of eight or more letters that ends its clause (or names whose
# it is: for U) is the new password too (password reset to marshwillow.): no infinitive ends a clause. Not what a
# reset returns to (defaults, factory settings) nor a word of the closed class or a role (pair_letters_signals).
SET_RUN = re.compile(r"[A-Z]?[a-z]{8,24}")
SET_RUN_ENDS = re.compile(r"[\"'`]?(?:[ \t]*$|[.,;!](?:[\s\"'`]|$)|[ \t]+(?:for|on)[ \t]"
                          r"|[ \t]+\((?:user|account|login)\b)")  # prose61: an aside naming whose (X (user k.olsen))
RESET_TARGETS = frozenset({"defaults", "factory", "original", "previous", "standard", "blankline", "something",
                           "whatever", "unchanged"})
# `pwd: ModuleType | None = None`, `LAST_PASS: Final = 2`, `pw: Optional[str]`: a type annotation, then an operator,
# an assignment or a subscription right after the type (a bracket after blanks is a form's checkbox: `[x] Save`).
ANNOTATION_TAIL = re.compile(r"^[\"'`]?(?:\s*(?:\||=[^=])|\[)")
# `password: Account password.`: a description that names the credential again right after the token.
# `the password is twelve characters long`: a unit of length after the token makes it a count.
RESTATES = re.compile(r"(?i)^\s+(?:passwor[dt]|passwd|passphrase|passcode|pwd|pw|kennwort|characters|chars|letters"
                      r"|digits|symbols|zeichen|buchstaben|caract.res|lettres|caracteres|letras)\b")


# Words of three or more letters that make a run of blank-separated words a sentence, not a passphrase ("the
# password is the same as last year", "password: sent via email", "the password is your first name"): grammar,
# and the nouns and adverbs people describe a password with. A passphrase of words joined by blanks is accepted
# only when none of its words is one of these or a describing word (generic-password-spaced).
SENTENCE_WORDS = _words("""
    the and for but nor yet not are was were has had have can could will would shall should may might must does
    did you your yours our ours its his her him hers they them their she who whom whose what when where which why
    how all any one two few many much more most some such than then that this these those there here with from
    into onto upon over via per off out own too also just only even very same usual like been being each every
    other another again ever never now see use set get got let put say said ask tell told try give gave send sent
    name names word words first last number numbers digit letter year years month date birthday company backwards
    reversed spelled lowercase uppercase capital capitals space spaces dash dashes underscore usual standard
    minimum maximum least characters chars symbols digits letters long lengthy twelve eight sixteen
    und oder der die das den dem ein eine ist sind wie mit von fuer auf aus bei nach les des une est sont avec pour
    dans sur pas que qui los las una con por para sin que""")
# attack62: a word may hold a possessive's or a contraction's apostrophe (Bob's copper kettle, don't feed gulls)
SPACED = re.compile(r"[A-Za-z][a-z]{2,11}(?:['’][a-z]{1,2})?(?: [A-Za-z][a-z]{2,11}(?:['’][a-z]{1,2})?){2,4}")


# prose52: a call after the token on its line, one blank apart (await readSecret("x"), new Secret(...)).
CALL_AFTER = re.compile(r"[ \t]+[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)*[ \t]*\(")


def describing_phrase(value: str) -> str | None:
    """Why a run of blank-separated words is a sentence about the password rather than a passphrase, or None."""
    if SPACED.fullmatch(value) is None:
        return "not three to five words of letters, one blank apart"
    # A generator capitalises a word at random (treadle vise Adze); more than two capitals is title case: a heading,
    # a product or a person's name (Service Desk Portal), not a passphrase.
    if sum(word[0].isupper() for word in value.split()) > 2:
        return "title case: a heading or a name"
    for word in value.lower().split():
        if word in SENTENCE_WORDS:
            return f"a word of a sentence ({word!r})"
        if word.endswith("ing") or adverb(word) or describing(word):
            return f"a word that describes a password ({word!r})"
    return None


# Adverbs in -ly whose stem is under four letters; any other word ending in -ly with such a stem is a noun or a name
# (sally, tally, holly, lily, jelly: bell-ringing, counting, plants), which a passphrase is made of (prose52).
SHORT_ADVERBS = _words("daily early newly truly fully oddly only duly wryly shyly slyly dryly")


def adverb(word: str) -> bool:
    """An -ly word that reads as an adverb (easily, randomly, usually) describes the password; the stem before -ly
    must have four letters or more, or the word be one of the few short adverbs."""
    word = word.lower()
    return word.endswith("ly") and (len(word) >= 6 or word in SHORT_ADVERBS)


def describing(word: str) -> str | None:
    """Why this word describes a password instead of being one, or None."""
    lowered = word.lower()
    for kind, words in CLOSED_CLASS.items():
        if lowered in words:
            return f"closed class, {kind}: {lowered!r}"
    if PARTICIPLE.fullmatch(lowered):
        return "reads as a participle (-ed, -ado, -ida)"
    if NAMES_A_CREDENTIAL.search(lowered):
        return "names a credential itself (getpass, credentials): a name in code"
    return None


def score_match(view: str, match_start: int, value_start: int, value_end: int) -> Score:
    """Score a letters-only value of a generic-password-letters(-before) match, or any value of a carrier rule
    (password_carriers: a CLI password argument, a value a comment names, a form field named password)."""
    place = password_carriers.place_signals(view, match_start, value_start, value_end)
    if place is not None:
        return _score_in_place(view, match_start, value_start, value_end, place)
    line_start, line_end = line_bounds(view, value_start, value_end, LINE_READS + value_start - match_start)
    value = view[value_start:value_end]
    # password: &db_pw sunshine: a YAML anchor names the node, it is neither a credential word nor distance.
    head = YAML_ANCHOR.sub(lambda anchor: " " * len(anchor.group()), view[max(line_start, match_start):value_start])
    signals: list[tuple[str, int]] = [("letters only: judged by its construction and the closed class", 0)]
    words = list(CREDENTIAL.finditer(head))
    setting = False
    if words:
        word = words[-1]
        line_before, between = view[line_start:max(line_start, match_start) + word.start()], head[word.end():]
        signals.append(("credential word", 2))
        construction = _construction(between, chinese=word.group() in CHINESE_WORDS,
                                     albanian=ALBANIAN_WORD.fullmatch(word.group()) is not None,
                                     defined=DEFINE_BEFORE.search(line_before) is not None)
        if construction[1] < 0 and QUESTION_GAP.fullmatch(between) and \
                QUESTION_OPENS.search(own_clause(line_before)) and QUESTION_ENDS.match(view, value_end, line_end):
            construction = ("a question gives it after the word (is the password still X?)", 2)
        elif construction[1] < 0 and SETTING_GAP.fullmatch(between) and SETTING_PARTICIPLE.match(view, value_end):
            construction = ("between the word and the participle of setting it (als Passwort X gesetzt)", 2)
        elif construction[1] < 0 and LISTED_GAP.fullmatch(between) and (
                LISTED_USER.search(line_before) or (LISTED_USER_BLANK.search(line_before)
                                                    and VALUE_ENDS_CLAUSE.match(view, value_end, line_end))):
            construction = ("the field after a user in a list of fields (user U, password X)", 2)
        elif construction[1] < 0 and LISTED_GAP.fullmatch(between) and LOGIN_EVENT_USER.search(line_before) \
                and LOGIN_EVENT_ENDS.match(view, value_end, line_end):  # "password hashing is bcrypt" goes on
            construction = ("a login names its account, then the password (user a.nair authenticated, password X)", 2)
        elif construction[1] < 0 and bare_capitalised(word.group(), between, value, line_before,
                                                        view[value_end:line_end]):
            construction = ("capitalised right after the English word: in humps, or after issuing (password "
                            "GoudaTurnip, the temporary password Shallotfeta)", 2)
        setting = SET_TO_BETWEEN.fullmatch(between) is not None and SET_HUMPS.fullmatch(value) is not None \
            and SET_BEFORE.search(own_clause(line_before)) is not None
        if setting:  # "set the admin password to X": English `to` after a verb of setting, not Polish `to`
            construction = ("the password set or reset to the token (set the admin password to X)", 2)
        elif SET_TO.search(between) and SET_HUMPS.fullmatch(value) \
                and not any(describing(part) for part in WORD_PARTS.findall(value)):  # not NeverExpire, ExpireNow
            setting = True  # prose37: "the password was changed to QuillHeron": the verb after the word, humps only
            construction = ("the password was set or changed to the token, after the word (password changed to X)", 2)
        elif SET_TO.search(between) and SET_RUN.fullmatch(value) and SET_RUN_ENDS.match(view, value_end) \
                and value.lower() not in RESET_TARGETS \
                and all(weight >= 0 for _, weight in pair_letters_signals(value)):  # no describing word nor role
            setting = True
            construction = ("the password set or reset to a run of letters that ends its clause (password reset to X.)",
                            2)
        signals.append(construction)
        copula = COPULA.search(between)
        if copula and not SEPARATOR.search(between) and not setting:
            own = OWN_LANGUAGE_COPULA.get(copula.group().strip(" \t:\"'`").lower())
            if own and not own.fullmatch(word.group()):
                signals.append((f"{copula.group().strip()!r} is a copula only after its own language's word", -6))
            if SLAVIC_WORD.fullmatch(word.group()) and SLAVIC_PARTICIPLE.fullmatch(value):
                signals.append(("after the copula, a Slavic passive participle (spremljena, zapisane)", -6))
        if construction[0] == QUOTED_NAME and view[value_end:value_end + 1] != between[-1]:
            signals.append(("the quote before it is not closed after it", -4))
        if between.rstrip().endswith("=") and value_end < line_end and view[value_end] in ",)" and \
                not between.endswith(("'", '"', "`")):
            signals.append(("unquoted after = and before , or ): a keyword argument in code", -4))
    else:
        after = AFTER.match(view, value_end, line_end)
        line_before, between = view[line_start:value_start], ""
        if after is None:
            signals.append(("no credential word", -4))
        else:
            signals.append(("use X as the password: the credential word after the token", 2))
            signals.append(("a verb of use before it, 'as' after it", 2))
            following = after.group("next")
            if following and following.lower() in DESCRIBING_WORDS:
                signals.append((f"the credential word is a modifier ({following.lower()!r})", -6))
            elif following and THIRD_PERSON_USE.search(view, line_start, value_start):
                # prose38: "the PC now uses X as the shared password." gives it; "the app uses bcrypt as the password
                # hash" describes a program: after uses / used, the credential word must end its clause.
                signals.append((f"after uses / used, a word follows the credential word ({following.lower()!r}): "
                                "a program's description", -6))
            noun = after.group("noun")  # come password manager; not the verb after als Passwort (gesetzt)
            if noun and noun.lower() in CLOSED_CLASS["noun that makes the credential word a modifier"]:
                signals.append((f"the credential word is a modifier ({noun.lower()!r})", -6))
    signals.extend(_code_or_description(view[line_start:max(line_start, match_start)], between,
                                        view[value_end:line_end]))
    reason = describing_phrase(value) if " " in value else describing(value)
    if reason:
        signals.append((reason, -6))
    member = own_member(line_before)
    negative = NEGATIVE.search(member + " " + between) or (
        DOCUMENT_WORDS.search(line_before) if len(member) < len(line_before) else None)
    if negative and (setting or (words and issued(line_before))) and negative.group().lower() in SETTING_NEGATIVES:
        negative = None  # "after the reset button I set the admin password to X": setting it gives it, as issuing does
    if negative and negative.group().lower() != "your":  # "Your new password is ..." gives one
        signals.append((f"negative context word {negative.group().lower()!r}", -3))
    total = sum(weight for _, weight in signals)
    return Score(total, tuple(f"{name} ({weight:+d})" for name, weight in signals))


def _score_in_place(view: str, match_start: int, value_start: int, value_end: int,
                    place: list[tuple[str, int]]) -> Score:
    """A carrier rule's value: the place's signals, then the token judged by itself."""
    value = view[value_start:value_end]
    signals = list(place)
    if value.isascii() and value.isalpha():
        reason = describing(value)
        signals.append((reason, -6) if reason else ("letters only, not a word that describes a password", 0))
    elif " " in value:  # a send of words one blank apart: a passphrase unless a word makes it a sentence
        reason = describing_phrase(value)
        signals.append((reason, -6) if reason else ("words one blank apart, none of a sentence: a passphrase", 0))
    else:
        # The place gave the token (a password's column, argument, send), as a separator would.
        signals.extend(shape_signals(value, identifier=not is_passphrase(value), given=True))
    # The place's own words only (from where the rule starts to the value): a word before the tool or the key is
    # another clause's, and one anywhere on the line dropped a letters-only value ("In your shell run sshpass -p X",
    # an earlier message of a JSON body on one line); reading the line per value was quadratic on a long one too.
    # A CSV row's other cells are its record's data (a site's URL, a note), not talk about the value: only the header
    # row's words count there (prose30).
    words_end = value_start
    if any(name == password_carriers.CSV_PLACE for name, _ in place):
        header_end = view.find("\n", match_start, value_start)
        words_end = header_end if header_end >= 0 else value_start
    negative = NEGATIVE.search(view, max(0, match_start), words_end)
    # A comment's words are judged already; a pair's line is a protocol's ("Login incorrect: [user/pass]").
    # A form field's own key (`"field": "password"`) is no talk about a password field.
    # A call's own name is no talk about hashing (Hash::make, bcrypt.hash: the syntax is the evidence).
    if negative and not any("comment" in name or "pair" in name or name == password_carriers.SYNTAX_PLACE
                            for name, _ in place) and not (
            negative.group().lower() == "field" and any("form field" in name for name, _ in place)):
        signals.append((f"negative context word {negative.group().lower()!r}", -3))
    total = sum(weight for _, weight in signals)
    return Score(total, tuple(f"{name} ({weight:+d})" for name, weight in signals))


# prose56: where a structured record's member starts: a quoted value closed, a comma, the next key opened (JSON's
# `"pair": "full length", "clinician_password": "X"`). Another member's value is the record's data, not talk about
# the password, as a CSV row's other cells are (_score_in_place).
MEMBER_BREAK = re.compile(r"[\"']\s*,\s*[\"']")
# What says the whole record is a sample, whichever member says it.
DOCUMENT_WORDS = re.compile(r"(?i)\b(?:example|placeholder)\b")


def own_member(line_before: str) -> str:
    """The text before the credential word from its own member of a JSON object or list on; all of it if none."""
    if "," not in line_before:
        return line_before
    breaks = list(MEMBER_BREAK.finditer(line_before))
    return line_before[breaks[-1].end():] if breaks else line_before


def bare_capitalised(word: str, between: str, value: str, line_before: str, after: str) -> bool:
    """prose31: "Photos are in the shared album, password GoudaTurnip.", "the temporary password Shallotfeta": a
    capitalised value right after the lower-case English word, nothing between. Prose writes the word in lower case
    mid-sentence; a Go struct field (`Password SecretString`) or a heading writes it capitalised. Two or three humps
    are no word of English (a noun after the word would be one: password manager); one hump only after a word of
    issuing (temporary, initial, new) right before the credential word, and where the value ends its clause (a
    capitalised word that runs on is one of the sentence: "the temporary password Expires in a day")."""
    if BARE_WORDS.fullmatch(word) is None or BARE_GAP.fullmatch(between) is None or not value[:1].isupper():
        return False
    if any(hump.lower() in THING_HUMPS or describing(hump) for hump in HUMP.findall(value)):
        return False  # the password KeyVault, the password TextBox: a thing it is kept or typed in
    if BARE_HUMPS.fullmatch(value):
        return True
    return issued(line_before) and CLAUSE_ENDS.match(after) is not None


def _construction(between: str, chinese: bool = False, albanian: bool = False,
                  defined: bool = False) -> tuple[str, int]:
    if chinese and CHINESE_CONSTRUCTION.fullmatch(between):
        return ("a Latin word right after 密码 / 口令 (a blank, 是 or 为 between)", 2)
    if (PURPOSE.search(between) or (albanian and ALBANIAN_PURPOSE.search(between))) and (
            COPULA.search(between) or SEPARATOR.search(between)):
        return ("a clause naming what it is for, then a copula or colon", 2)
    if COPULA.search(between):
        return ("copula right after the word (is/ist/lautet/est/es)", 2)
    if SEPARATOR.search(between):
        return ("colon or = right after the word", 2)
    if defined and DEFINED.fullmatch(between):  # not `__all__ = ["getpass","getuser"]` (a CSV header's shape)
        return ("a constant's quoted value in PHP's define('DB_PASSWORD', 'X')", 2)
    if QUOTED.search(between):
        return (QUOTED_NAME, 2)
    return ("no strong construction", -4)


def _code_or_description(before_key: str, between: str, after: str) -> list[tuple[str, int]]:
    """Signals that the construction is code or a description, not a value: tuple unpacking, a documentation
    field, a type annotation, a key and its token as one quoted string (`"passwd:gecos"`)."""
    signals = []
    separator = between.strip(" \t\"'`\\*")
    if separator == "=" and UNPACKING.search(before_key) and between.rstrip()[-1:] == "=":  # unquoted
        signals.append(("tuple unpacking in code (user, password = ...)", -6))
    if DOC_FIELD.search(before_key):
        signals.append(("a documentation field (:param password:)", -6))
    if separator == ":" and ANNOTATION_TAIL.search(after):
        signals.append(("a type annotation (name: Type = ...)", -6))
    if between == ":" and before_key[-1:] in ("'", '"', "`") and after[:1] == before_key[-1:]:
        signals.append(("word:token as one quoted string (a namespaced name)", -4))
    if RESTATES.search(after):
        signals.append(("a credential word or a unit of length follows the token: a description", -6))
    if separator == ":" and CALL_AFTER.match(after):
        # prose52: `password: await readSecret("pg")`, `pass: new Secret(...)`: an operator of the language before
        # a call that gives the value, in an object literal
        signals.append(("a word before a call in an object literal (await f(...)): code, not a value", -6))
    return signals
