#!/usr/bin/env python3
"""Held-out set 5: passwords made of letters only, and the sentences that look like them but are not.

Written on 2026-12-03 before any change for letters-only passwords (issue 15 point 1, the part held-out set 4 left
at 0/29), and scored once before and once after that change; nothing is tuned on it. Positives: real words,
two words joined, made-up pronounceable words and capitalized words, given in chat (English, German, French,
Spanish), config lines and log lines. Hard negatives: a letters-only word follows a credential word but is not a
password ("the password is incorrect", "password: required", "passwords are hashed", "password manager"), drawn
by the same seeded generator from state phrases in the same four languages, plus fixed sentences; there are more
negatives than positives. Same scoring as eval_heldout3.py (a value counts when findings cover all of it; values
are never printed).

    .venv/bin/python scripts/eval_heldout5.py [--show-misses]
"""

from __future__ import annotations

import itertools
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 5"

REAL_WORDS = ("sunshine", "butterfly", "papillon", "mariposa", "sonnenblume", "dragonfly", "pineapple", "starlight",
              "blackberry", "chocolate", "moonbeam", "hurricane", "tortuga", "schmetterling", "grenouille",
              "elephant", "lighthouse", "avalanche", "murcielago", "wanderlust")
JOIN_WORDS = ("blue", "falcon", "silver", "tiger", "purple", "rain", "iron", "horse", "happy", "cloud", "red",
              "rocket", "green", "monkey", "dark", "forest", "golden", "eagle", "winter", "wolf")
SYLLABLES = ("ka", "vo", "re", "ni", "tam", "lu", "zor", "bi", "quen", "da", "mer", "shi", "fa", "tol", "gri",
             "pe", "nos", "ul", "bra", "xi")
STYLES = ("real-word", "two-words", "made-up", "capitalized")

# {p} is the password, {u} a user name.
CARRIERS = {
    "chat-en": ["my password is {p}", "pw for staging: {p}", "the wifi password is {p}, enjoy your stay",
                "Password for the shared mailbox is {p}", "ok the new password is {p}",
                "root password: {p} (please change it)", "use {p} as the password for the printer admin page",
                "hey, the vpn password is {p} until Friday"],
    "chat-de": ["Mein Passwort ist {p}", "Das WLAN-Passwort lautet {p}", "Passwort für den Drucker: {p}",
                "das Kennwort ist {p}, bitte nicht weitersagen", "Das neue Passwort ist {p}."],
    "chat-fr": ["le mot de passe est {p}", "Mon mot de passe est {p}", "mot de passe du wifi : {p}",
                "le mot de passe pour le serveur est {p}, ne le partage pas", "Le nouveau mot de passe est {p}."],
    "chat-es": ["mi contraseña es {p}", "La contraseña del wifi es {p}", "contraseña: {p}",
                "la contraseña para el servidor es {p}, no la compartas", "La nueva contraseña es {p}."],
    "config": ["password: {p}", "DB_PASSWORD={p}", "  smtp_password: \"{p}\"", '{{"user": "{u}", "password": "{p}"}}',
               "password = {p}", "export MYSQL_PWD={p}"],
    "log": ["2026-12-01 10:02:11 DEBUG login user={u} password={p}",
            "auth attempt for '{u}' with password '{p}' failed",
            "[ldap] bind dn=cn={u} pw={p} -> ok", "INFO reset credentials: user {u}, new password {p}"],
}

# Hard negatives, part 1: state, location and requirement phrases after the same constructions.
NEGATIVE_FRAMES = {
    "en": ["the password is {s}", "my password is {s}", "Your password was {s}.", "the admin password is {s}",
           "pw for staging is {s}", "password: {s}"],
    "de": ["Das Passwort ist {s}", "Ihr Kennwort ist {s}.", "das Passwort für den Server ist {s}", "Passwort: {s}"],
    "fr": ["le mot de passe est {s}", "Votre mot de passe est {s}.", "mot de passe : {s}"],
    "es": ["la contraseña es {s}", "Tu contraseña es {s}.", "contraseña: {s}"],
}
STATE_PHRASES = {
    "en": ["incorrect", "expired", "required", "wrong", "below", "missing", "too short", "same as before",
           "in the vault", "stored in 1Password", "case sensitive", "invalid", "empty", "not set", "blank",
           "weak", "hashed", "encrypted", "unchanged", "correct", "different now", "on the sticky note",
           "in the email I sent", "attached", "above", "written down", "changed", "optional", "mandatory",
           "locked", "shared", "temporary", "needed", "unknown", "there", "here", "fine", "compromised",
           "rotated monthly", "managed by IT"],
    "de": ["falsch", "abgelaufen", "erforderlich", "ungültig", "zu kurz", "unten", "im Tresor", "geändert", "leer",
           "korrekt", "dasselbe wie vorher", "nicht gesetzt", "in KeePass gespeichert", "bekannt", "gesperrt",
           "optional", "richtig", "veraltet", "hier", "unsicher"],
    "fr": ["incorrect", "expiré", "obligatoire", "invalide", "trop court", "ci-dessous", "dans le coffre", "changé",
           "vide", "le même qu'avant", "requis", "sensible à la casse", "faux", "oublié", "correct", "ici",
           "perdu", "facultatif", "bloqué", "temporaire"],
    "es": ["incorrecta", "caducada", "obligatoria", "inválida", "demasiado corta", "abajo", "en el gestor",
           "la misma de antes", "vacía", "cambiada", "requerida", "segura", "correcta", "aquí", "distinta",
           "débil", "olvidada", "temporal", "opcional", "nueva"],
}
# Hard negatives, part 2: fixed sentences and lines.
NEGATIVE_TEXTS = {
    "talk-about": ["password reset", "open the password manager and copy it", "passwords are hashed with argon2",
                   "password: required", "the password field is empty", "Password policy updated",
                   "password strength meter turns green", "Passwort vergessen", "Passwort ändern im Portal",
                   "mot de passe oublié ?", "¿Olvidaste tu contraseña?", "the password prompt never appears",
                   "enter the password twice", "password expired yesterday", "the password hint says animal",
                   "change your password regularly", "a password protects the archive",
                   "which password manager do you use", "password authentication failed for user postgres",
                   "Passwörter werden verschlüsselt gespeichert", "les mots de passe sont chiffrés",
                   "las contraseñas se guardan cifradas", "the password is what you chose at signup",
                   "the password is whatever you set", "my password is not working",
                   "the password is probably wrong", "password is the same", "password was reset by the admin"],
    "config-log": ["password: null", "password: ~", "require_password: true", "password_auth: enabled",
                   "PASSWORD_POLICY=strict", "password: string", "password = None", "auth_method=password",
                   "WARN password=missing for user svc", "password check: passed",
                   "ERROR password: invalid", "password: optional", "  password: !vault |",
                   "DEBUG password=redacted", "password_hash = bcrypt", "password: hidden",
                   "password: true", "password = getpass", "def check(password: str) -> bool:",
                   "if password is None:"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "real-word":
        return rng.choice(REAL_WORDS)
    if style == "two-words":
        first, second = rng.sample(JOIN_WORDS, 2)
        return first + second
    if style == "made-up":
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))
    word = rng.choice(REAL_WORDS + tuple(a + b.capitalize() for a, b in itertools.pairwise(JOIN_WORDS)))
    return word[0].upper() + word[1:]


def items(seed: int = 5) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, ("admin", "jdoe", "svc_mail"))


def negatives(seed: int = 5) -> dict[str, list[str]]:
    rng = random.Random(seed * 1000)
    out: dict[str, list[str]] = {}
    for language, frames in NEGATIVE_FRAMES.items():
        phrases = STATE_PHRASES[language]
        out[f"state-{language}"] = [rng.choice(frames).format(s=phrase) for phrase in phrases]
    out.update(NEGATIVE_TEXTS)
    return out


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, negatives)


if __name__ == "__main__":
    sys.exit(main())
