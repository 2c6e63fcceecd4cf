"""Credential words with their grammar (issue 15, held-out set 20's translation requests, spent): Turkish glues a
possessive and a case ending to şifre / parola (parolanız, şifremi), Swedish shortens lösenord to lösen, Italian
says chiave or parola d'ordine, Japanese quotes the value in 「」. Each beside a look-alike that gives none: German's
verb lösen, Italian's parola chiave (keyword) and chiave pubblica."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import CREDENTIAL_WORDS

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("Merhaba, geçici parolanız Kestane@07 olarak belirlenmiştir.", "Kestane@07"),
    ("Yeni şifreniz: Çınar#Deniz61", "Çınar#Deniz61"),
    ("parolası Fener!Liman83 olarak ayarlandı", "Fener!Liman83"),
    ("parolanız: kestanefener", "kestanefener"),
    ("Användarnamn: ops  Tillfälligt lösen: Gran!Sjö48  Byt det", "Gran!Sjö48"),
    ("Lösen: tallmossa", "tallmossa"),
    ("Ditt nya lösen är Ek^Björk52", "Ek^Björk52"),
    ("Per il Wi-Fi inserisci la chiave Pino#Lago27. Grazie", "Pino#Lago27"),
    ("la parola d'ordine è Ulivo$Mare40", "Ulivo$Mare40"),
    ("社内ポータルには仮パスワード「Sakura#Kawa39」でログインしてください", "Sakura#Kawa39"),
    ("パスワードは『Kawa-Sakura72』です", "Kawa-Sakura72"),
])
def test_a_credential_word_with_its_grammar_gives_the_value(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "Konflikte lösen: git-rebase2 hilft",
    "Konflikte lösen: Teamarbeit",
    "Probleme lösen mit merge-tool3 im Editor",
    "la parola chiave for2x va nel prompt",
    "la chiave pubblica ssh-ed25519 va nel server",
    "Nuova parola: benvenuto",
    "şifrenizi mi unuttunuz? Sıfırlama bağlantısı e-postanızda",
])
def test_the_look_alikes_give_none(text):
    assert _values(text) == []


@pytest.mark.parametrize("word", ["parolanız", "parolanızı", "parolası", "şifrem", "şifremi", "şifreniz",
                                  "şifreleri", "chiave", "parola d'ordine", "parola d’ordine"])
def test_the_scorer_reads_the_word_whole(word):
    match = CREDENTIAL_WORDS.search(f"x {word} X")
    assert match is not None and match.group() == word


def test_the_scorer_reads_lösen_only_before_a_colon_or_är():
    assert CREDENTIAL_WORDS.search("lösen: X").group() == "lösen"
    assert CREDENTIAL_WORDS.search("Konflikte lösen mit X") is None


def test_chiave_after_parola_is_a_keyword_and_before_pubblica_a_public_key():
    assert [m.group() for m in CREDENTIAL_WORDS.finditer("la parola chiave X")] == ["parola"]
    assert CREDENTIAL_WORDS.search("la chiave pubblica X") is None


def test_the_swedish_word_keeps_the_rules_lookahead_bounded():
    # An unbounded `(?=[ \t]*:)` after lösen made these rules' lookahead 16384 chars: each first-stage end then
    # searched the rest of the text (dense credential text took 6x the CPU).
    lookahead = {rule.id: rule.lookahead for rule in SCANNER.rules}
    assert lookahead["generic-password-prose"] <= 64
    assert lookahead["generic-password-letters"] <= 64
