#!/usr/bin/env python3
"""Held-out set 3: passwords as people and agents type them, scored once, honestly.

Written on 2026-12-02 after the context scorer and the breadth rules, by someone who had not read held-out set 2's
items, and scored once before any change: it measures where recall on passwords in prose, code and logs stands,
not how well the rules fit it. Nothing in the rules was tuned on it (if that ever changes, the set is spent and a
new one must be written). Items come from a seeded generator: carriers (chat in seven languages, code calls,
logs, tool-call JSON) x password styles (symbol-and-digit, passphrase, word-and-year, letters only), plus hard
negatives that carry the same words without a password.

    .venv/bin/python scripts/eval_heldout3.py [--show-misses]

A positive counts when findings of a sensitive classification cover the whole password. Values are never
printed: a miss names its carrier and password style.
"""

from __future__ import annotations

import random
import string
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

WORDS = ("granite", "harbor", "velvet", "lantern", "orchid", "cobalt", "meadow", "quartz", "ember", "tundra",
         "willow", "saffron", "falcon", "glacier", "maple", "raven", "copper", "juniper", "sierra", "nimbus")

# Carriers: how a password reaches an LLM. {p} is the password; {u} a user name.
CARRIERS = {
    "chat-en": ["my password is {p}", "the pw for the staging box is {p}, don't share it",
                "use {p} as the password for the vpn", "I set the root password to {p} yesterday",
                "creds are {u} / {p}", "temp password: {p} (change it after first login)",
                "wifi password {p}", "{p} is the admin password on the old NAS"],
    "chat-other": ["Das Passwort für den Server lautet {p}", "le mot de passe du routeur est {p}",
                   "la contraseña de la base de datos es {p}", "la password dell'account è {p}",
                   "a senha do painel é {p}", "het wachtwoord van de beheerder is {p}",
                   "Kennwort: {p}"],
    "code-call": ['client.login("{u}", "{p}")', "ftp.login('{u}', '{p}')", 'smtp.login(sender, "{p}")',
                  'requests.get(url, auth=("{u}", "{p}"))', "HTTPBasicAuth('{u}', '{p}')",
                  'ssh.connect(host, username="{u}", password="{p}")', 'conn = connect("db01", "{u}", "{p}")',
                  'new PasswordAuthentication("{u}", "{p}".toCharArray())'],
    "log-trace": ["ERROR auth: login failed for user '{u}' with password '{p}'",
                  "DEBUG connecting to db01 as {u} pass={p}",
                  "Traceback ... OperationalError: FATAL: password authentication failed; tried {u}:{p}",
                  "2026-11-30 12:01:07 WARN retry with credentials {u}/{p}"],
    "tool-json": ['{{"name": "run_shell", "arguments": "{{\\"cmd\\": \\"sshpass -p {p} ssh {u}@10.0.0.7\\"}}"}}',
                  '{{"tool": "db_query", "args": {{"user": "{u}", "pwd": "{p}", "sql": "select 1"}}}}',
                  '{{"role": "user", "content": "log in as {u} with {p} and check the cron"}}'],
}
NEGATIVES = {
    "instructions": ["reset your password at https://id.corp.test/reset", "the password must be at least 12 "
                     "characters long", "enter your password below and press Continue", "Forgot password?",
                     "passwords are rotated every 90 days by the vault job"],
    "masked": ["Password: ********", "password=[REDACTED]", "pwd: <hidden>", "the password is <your password>"],
    "code-refs": ["password = os.environ['DB_PASSWORD']", "client.login(user, password)",
                  "auth=(username, password)", "if not check_password(pw, stored_hash):",
                  "PASSWORD_MIN_LENGTH = 12", "docker login --password-stdin < token.txt"],
    "other-words": ["the pass rate was 97.5% this sprint", "passport number is on page 2",
                    "all 42 tests passed in 3.1s", "bypass the cache with --no-cache",
                    "pw_hash_version = 3"],
}
STYLES = ("symbols", "passphrase", "word-year", "letters")
NAME = "held-out 3"


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    word = rng.choice(WORDS)
    if style == "symbols":
        return word.capitalize() + rng.choice("!#$%^*&") + rng.choice(WORDS).capitalize() + str(rng.randint(1, 99))
    if style == "passphrase":
        return "-".join(rng.sample(WORDS, 4))
    if style == "word-year":
        return word.capitalize() + str(rng.randint(2019, 2026))
    return word + "".join(rng.choice(string.ascii_lowercase) for _ in range(rng.randint(3, 6)))


def items(seed: int = 3) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, ("admin", "svc_ci", "deploy"))


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
