#!/usr/bin/env python3
"""Held-out set 11: where set 10's misses cluster, and carriers no earlier set tried.

Written on 2026-12-04 (session 11), after set 10 had been spent, and committed with its score before any change to
the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: a password placed before a question about it; German / French chat where the value comes before
`als Passwort` / `comme mot de passe` or after `als Passwort habe ich`; `secret` keys and `rootpw`; README install
steps, Ansible / Terraform variables; JDBC / ODBC strings in prose, `.netrc`-like lines in chat, `psql` prompts;
Windows `net user` / `runas` / `cmdkey`; dictated (voice-transcript) passwords and expect sends with `$`.
Passwords: symbols (`$` among them), digits, letters only, passphrases of words joined by blanks, and dotted or
hyphenated passphrases, from a word list unlike the rules' examples and sets 1-10. Hard negatives in the same
carriers: questions about a password without one, placeholders, variables and vault lookups, hashes after
"password", `net user X *`, prompts without an answer, prose where blank-separated words follow a password word.
Same scoring as sets 3-10 (heldout_score.py: a value counts when findings cover all of it; values are never
printed).

Score on the unchanged code (base 39473d8): password recall 59/150 = 0.393; hard negatives hit 1/37
(question-after 0/25, chat-de-fr 11/25, secret-kickstart 5/25, install-vars 14/25, conn-netrc-psql 17/25,
windows-voice-expect 12/25; symbols 17/30, digits 19/30, letters 8/30, spaced 0/30, dotted-hyphen 15/30;
negatives hit: hashes-prose 1/7, the sha256 after "password store").
Scored once after the change it measures (ed31149: generic-password-question, -spaced, -os-account, passphrases
under a `secret` key, `$` in expect sends, als / comme with letters-only values, hash names): password recall
84/150 = 0.560; hard negatives hit 0/37 (question-after 3/25, chat-de-fr 14/25, secret-kickstart 15/25,
install-vars 14/25, conn-netrc-psql 17/25, windows-voice-expect 21/25; symbols 22/30, digits 24/30, letters 15/30,
spaced 1/30, dotted-hyphen 22/30). The set is now spent.

    .venv/bin/python scripts/eval_heldout11.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 11"

WORDS = ("ocarina", "tuxedo", "ukulele", "eggplant", "gherkin", "hibiscus", "isotope", "jicama", "kayak",
         "muskrat", "oregano", "pistachio", "mongoose", "ravioli", "scallion", "bagpipe", "stucco", "yodel")
SYLLABLES = ("ka", "rem", "o", "stu", "vi", "lan", "be", "qua", "dor", "fe", "mi", "tos", "u", "gri")
SYMBOLS = "$!%&#*@+^="
STYLES = ("symbols", "digits", "letters", "spaced", "dotted-hyphen")
USERS = ("hlindqvist", "svc_backup", "m.okafor", "printer-admin", "jtanaka", "build01")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "question-after": ["I can't get in with {p}, is that still the password for the NAS?",
                       "tried {p} on the router login and it says denied - did someone change the pw?",
                       "Is {p} the right password for the jump host or was it rotated?",
                       "hey {u}, does {p} still work as the VPN password for you?",
                       "{p} <- is this the current admin password? the portal keeps rejecting it"],
    "chat-de-fr": ["Ich habe als Passwort {p} gesetzt, bitte gleich ändern",
                   "Als Passwort hab ich {p} genommen, für den Gastzugang",
                   "j'ai mis {p} comme mot de passe pour le compte invité",
                   "Utilise {p} comme mot de passe provisoire stp",
                   "Das Kennwort für die Fritzbox habe ich auf {p} geändert"],
    "secret-kickstart": ["app:\n  session:\n    secret: {p}\n    ttl: 3600",
                         "client_secret = \"{p}\"\nredirect_uri = \"https://app.corp.test/cb\"",
                         "# ks.cfg\nlang en_US.UTF-8\nrootpw {p}\ntimezone UTC",
                         "rootpw --plaintext {p}\nuser --name={u} --groups=wheel",
                         "SECRET_KEY={p}\nDEBUG=false"],
    "install-vars": ["## Install\n1. Clone the repo\n2. Run `./setup.sh --admin-password {p}`\n3. Open http://localhost:8080",
                     "Step 4: log in to the console as admin with the password {p} and change it.",
                     "# group_vars/db.yml\npostgres_user: {u}\npostgres_password: {p}",
                     "variable \"db_password\" {{\n  type    = string\n  default = \"{p}\"\n}}",
                     "terraform apply -var 'admin_password={p}' -var 'region=eu-west-1'"],
    "conn-netrc-psql": ["connect with jdbc:sqlserver://db7.corp.test:1433;databaseName=ops;user={u};password={p}; "
                        "and it should work",
                        "the ODBC string is Driver={{PostgreSQL}};Server=pg3;Uid={u};Pwd={p}; if you need it",
                        "put this in your netrc: machine git.corp.test login {u} password {p}",
                        "$ psql -h pg3 -U {u} ops\nPassword for user {u}: {p}\npsql (16.2)",
                        "export PGPASSWORD={p}; pg_dump -h pg3 -U {u} ops > ops.sql"],
    "windows-voice-expect": ["C:\\> net user {u} {p} /add",
                             "net user administrator {p}",
                             "runas /user:CORP\\{u} cmd.exe\nEnter the password for CORP\\{u}: {p}",
                             "[transcript 00:14] okay so the password is {p}, all one word, got it?",
                             "expect \"assword:\"\nsend -- \"{p}\\r\"\nexpect \"$ \""],
}

NEGATIVES = {
    "question-after": ["I can't get in with my password, is it expired?",
                       "is the password still the one from the onboarding mail?",
                       "did someone change the pw? the router says denied",
                       "What is the admin password for the portal?"],
    "chat-de-fr": ["Ich habe als Passwort das aus dem Tresor gesetzt",
                   "j'ai mis le même comme mot de passe partout, c'est mal",
                   "Das Kennwort habe ich geändert, es liegt im Tresor",
                   "Utilise ton mot de passe habituel pour te connecter"],
    "secret-kickstart": ["secret: ${SESSION_SECRET}",
                         "client_secret = \"{{ vault('oauth/client') }}\"",
                         "rootpw --iscrypted --lock",
                         "rootpw --lock",
                         "secret: my-app-secret-name\nkind: Secret"],
    "install-vars": ["2. Run `./setup.sh --admin-password \"$ADMIN_PASSWORD\"`",
                     "Step 4: log in to the console as admin with the password you chose in step 2.",
                     "postgres_password: \"{{ vault_postgres_password }}\"",
                     "default = var.db_password",
                     "terraform apply -var-file=secrets.tfvars",
                     "The password is sent in the body of the request as JSON"],
    "conn-netrc-psql": ["jdbc:sqlserver://db7.corp.test:1433;databaseName=ops;integratedSecurity=true;",
                        "Driver={PostgreSQL};Server=pg3;Uid=app;Pwd=${PGPASS};",
                        "machine git.corp.test login app password $GIT_TOKEN",
                        "Password for user app:\npsql: error: connection to server failed",
                        "export PGPASSFILE=~/.pgpass"],
    "windows-voice-expect": ["net user jdoe * /domain",
                             "net user jdoe /active:no",
                             "runas /savecred /user:CORP\\svc cmd.exe",
                             "[transcript 00:14] okay so the password is on the sticky note by the printer",
                             "[transcript 00:20] the password is the same as last year with the number changed",
                             "expect \"assword:\"\nsend -- \"$env(PW)\\r\""],
    "hashes-prose": ["password store sha256 2c26b46b68ffc68ff99b453c1d30413413422d706483bfa0f98a5e886266e7ae",
                     "password db dump md5 5d41402abc4b2a76b9719d911017c592 attached",
                     "the password policy is long and the password rules are strict",
                     "password reset tokens expire after one hour in this tenant",
                     "see the password manager entry named kayak gherkin",
                     "passwords are hashed with argon2id and a per user salt",
                     "the password field accepts spaces and unicode letters"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((first.capitalize() + rng.choice(SYMBOLS) + second[:4] + str(rng.randint(1, 99)),
                           str(rng.randint(1, 9)) + second + rng.choice(SYMBOLS) + first.capitalize()[:5],
                           first[:5] + "$" + second.capitalize() + rng.choice(SYMBOLS)))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(10, 99999))
        return rng.choice((word.capitalize() + digits, digits + word, word + digits + word[:2].upper()))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first + second
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6))).capitalize()
        return first.capitalize() + second.capitalize()
    words = rng.sample(WORDS, rng.choice((3, 4)))
    if style == "spaced":
        return " ".join(words)
    separator = rng.choice((".", "-"))
    capitalised = rng.random() < 0.5
    return separator.join(w.capitalize() if capitalised else w for w in words) + (
        str(rng.randint(1, 99)) if rng.random() < 0.3 else "")


def items(seed: int = 11) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
