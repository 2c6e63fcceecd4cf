#!/usr/bin/env python3
"""Held-out set 10: where set 9's misses cluster, and carriers no earlier set tried.

Written on 2026-12-03 (session 11), after sets 8 and 9 had been spent, and committed with its score before any change
to the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: chat in Italian, Portuguese and Dutch; English and German chat with new phrasings; Spanish and French
chat; ticket comments and Slack-style messages; YAML / TOML / INI with unusual key names (`passwd`, `storePassword`,
`bind_credential`, ...); shell history, docker / kubectl / mysql command lines, expect sends with `$`; SQL
`IDENTIFIED BY` / `PASSWORD '...'` and connection dialogs; CSV / TSV with `;` or a header far above, and diff hunks.
Passwords: symbols (`$` among them), digits, letters only, passphrases, and dotted passphrases (mostly of
capitalised words), from a word list unlike the rules' examples and sets 1-9. Hard negatives in the same carriers:
password talk without a password, policy text, placeholders, environment and file references, hashes, paths, UUIDs,
version strings, `sshpass -f <file>`. Same scoring as sets 3-9 (heldout_score.py: a value counts when findings
cover all of it; values are never printed).

Score on the unchanged code (base 6f1ab76): password recall 107/200 = 0.535; hard negatives hit 2/49
(chat-it-pt-nl 16/25, chat-en-de 10/25, chat-es-fr 12/25, ticket-slack 13/25, config-keys 16/25, shell-container
14/25, sql-dialog 11/25, csv-diff 15/25; symbols 29/40, digits 31/40, letters 22/40, passphrase 18/40, dotted 7/40;
negatives hit: shell-container 1/8 (`sshpass -f /etc/deploy/pw`), ids-versions 1/8 (a sha256 after "password
store"), both generic-password-prose).
Scored once after the change it measures (8557078: capitalised dotted and ~-joined passphrases, verbs that give a
value, `=` inside a given value, purpose clauses in login pairs, generic-password-sql, the path-segment penalty):
password recall 146/200 = 0.730; hard negatives hit 1/49 (chat-it-pt-nl 23/25, chat-en-de 11/25, chat-es-fr 14/25,
ticket-slack 21/25, config-keys 19/25, shell-container 17/25, sql-dialog 24/25, csv-diff 17/25; symbols 33/40,
digits 35/40, letters 26/40, passphrase 23/40, dotted 29/40; negatives hit: ids-versions 1/8, the sha256 after
"password store"). The set is now spent.

    .venv/bin/python scripts/eval_heldout10.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 10"

WORDS = ("zeppelin", "brioche", "lozenge", "marimba", "nectarine", "obelisk", "sorbet", "vellum", "wisteria",
         "cassava", "falafel", "gondola", "tapioca", "mortar", "tinder", "pumice", "goblet", "thimble")
SYLLABLES = ("zo", "vel", "a", "tri", "ku", "men", "sa", "dro", "ei", "pol", "ny", "gat", "re", "wus", "i")
SYMBOLS = "$!%&#*@+?"
STYLES = ("symbols", "digits", "letters", "passphrase", "dotted")
USERS = ("r.bianchi", "svc-ledger", "mvdberg", "acosta_j", "kiosk7", "etl-runner")

_FAR_ROWS = "".join(f"acct{n:03d},,https://intra.corp.test/a/{n}\n" for n in range(46))

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "chat-it-pt-nl": ["Ciao, la password del NAS adesso è {p}",
                      "ti giro la pass del wifi dell'ufficio: {p}",
                      "A senha do roteador ficou {p}, troca depois",
                      "Het wachtwoord voor de kluis is {p}",
                      "nieuw wachtwoord: {p} (tijdelijk, graag wijzigen)"],
    "chat-en-de": ["ok for staging just use {p} for the pw",
                   "the db password got rotated, new one is {p}",
                   "The new pass for grafana is {p} btw",
                   "Neues Passwort für den Drucker lautet {p}",
                   "Passwort geändert auf {p}, bitte nicht weitergeben"],
    "chat-es-fr": ["La contraseña nueva del servidor es {p}",
                   "oye, contraseña del wifi de la ofi = {p}",
                   "Le mot de passe du routeur est maintenant {p}",
                   "mdp admin : {p} (à changer)",
                   "Clave de acceso para el portal: {p}"],
    "ticket-slack": ["[OPS-4412] Comment by {u}: reset the service account, temporary password is {p}. "
                     "Please rotate after first login.",
                     "<@U02AB7QX> creds for the demo box: {u} / {p}",
                     "*Resolution:* customer was locked out; set password to {p} and unlocked the account.",
                     "{u}  10:42 AM\nhere you go, {p} is the password for the kiosk",
                     "Internal note ({u}): VPN password for the contractor is {p} - expires Friday"],
    "config-keys": ["smtp:\n  host: mail.corp.test\n  login: {u}\n  passwd: \"{p}\"",
                    "[database]\nhost = \"db1.internal\"\nuser = \"{u}\"\ndb_pass = '{p}'",
                    "[ldap]\nbind_dn = cn={u},dc=corp,dc=test\nbind_credential = {p}",
                    "keystore:\n  path: /etc/app/keystore.p12\n  storePassword: {p}",
                    "[client]\nuser={u}\nadmin_pwd={p}\nhost=10.4.0.7"],
    "shell-container": ["  501  docker login -u {u} -p '{p}' registry.corp.test",
                        "kubectl create secret generic db-creds --from-literal=username={u} "
                        "--from-literal=password='{p}'",
                        "docker run -d --name db -e MYSQL_ROOT_PASSWORD='{p}' mysql:8",
                        "spawn ssh {u}@10.1.1.4\nexpect \"Enter password\"\nsend \"{p}\\r\"",
                        "$ mysql -h db01 -u {u} -p'{p}' -e 'show databases'"],
    "sql-dialog": ["CREATE USER '{u}'@'%' IDENTIFIED BY '{p}';",
                   "ALTER ROLE \"{u}\" WITH LOGIN PASSWORD '{p}';",
                   "Connection settings\n  Host: pg02.corp.test\n  Port: 5432\n  Username: {u}\n"
                   "  Password: {p}\n  [x] Save password",
                   "GRANT ALL ON app.* TO '{u}'@'localhost' IDENTIFIED BY '{p}';",
                   "New connection > Authentication: SQL Server\nLogin: {u}\nPassword: {p}\nRemember: yes"],
    "csv-diff": ["username;password;role\n{u};{p};admin",
                 "account,pwd,url\n" + _FAR_ROWS + "{u},{p},https://intra.corp.test/a/99",
                 "@@ -3,2 +3,2 @@\n [smtp]\n-pass = \n+pass = {p}",
                 "diff --git a/.env b/.env\n@@ -1,3 +1,3 @@\n APP_ENV=prod\n-REDIS_AUTH=\n+REDIS_AUTH={p}",
                 "Site\tLogin\tPassphrase\tNotes\nbank\t{u}\t{p}\tshared"],
}

NEGATIVES = {
    "chat": ["la password è scaduta, chiedi a IT",
             "Het wachtwoord staat in de kluis",
             "A senha está no cofre do time",
             "what's the wifi password again?",
             "mot de passe oublié ? clique sur le lien",
             "Die Passwortrichtlinie verlangt mindestens 12 Zeichen",
             "la contraseña tiene que tener un número y un símbolo",
             "I set the password to the one in the vault"],
    "ticket-slack": ["[OPS-4412] password reset link sent to the user",
                     "<@U02AB7QX> creds are in 1Password under 'demo box'",
                     "*Resolution:* password reset via self-service portal",
                     "Internal note: VPN password for the contractor sent by SMS",
                     "password must contain at least one digit and one symbol"],
    "config-keys": ["passwd: \"${SMTP_PASSWD}\"",
                    "bind_credential = {{ vault('ldap/bind') }}",
                    "storePassword: ${KEYSTORE_PASSWORD}",
                    "password_file = /run/secrets/db",
                    "admin_pwd: <set-me>",
                    "password_min_length = 14",
                    "db_pass = os.environ['DB_PASS']"],
    "shell-container": ["sshpass -f /etc/deploy/pw ssh deploy@app02",
                        "sshpass -f ~/.config/pw.txt scp build.tgz ops@nas:/vol1",
                        "docker login -u ci --password-stdin registry.corp.test",
                        "kubectl create secret generic db-creds --from-file=password=./pw.txt",
                        "docker run -e MYSQL_ROOT_PASSWORD_FILE=/run/secrets/root mysql:8",
                        "mysql -h db01 -u app -p -e 'show databases'",
                        "read -s -p 'Password: ' PW",
                        "expect \"Enter password\"\nsend \"$env(DB_PW)\\r\""],
    "sql-dialog": ["ALTER USER app IDENTIFIED WITH auth_socket;",
                   "ALTER ROLE app WITH PASSWORD NULL;",
                   "  Password: ●●●●●●●●\n  [x] Save password",
                   "Connection settings\n  Username: app\n  Password: (stored in keychain)",
                   "CREATE USER app IDENTIFIED BY :new_password;",
                   "SET PASSWORD FOR 'app'@'%' = ?;",
                   "Password: <prompted at connect>"],
    "csv-diff": ["username;password;role\nops;;admin",
                 "id,pwd_changed_at\n7,2026-11-02",
                 "+pass = ${SMTP_PASS}",
                 "-REDIS_AUTH=\n+REDIS_AUTH_FILE=/run/secrets/redis",
                 "-Passwords expire after 90 days.\n+Passwords expire after 60 days.",
                 "user;password_set\nops;true"],
    "ids-versions": ["password-service v2.14.3-rc1 deployed to prod",
                     "see docs/security/password-policy.md for the rules",
                     "password reset request 3f2b8c1e-9a7d-4e21-b6c4-0d5f9e8a7b21 expired",
                     "password store sha256 e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
                     "bump keepass-password-generator from 1.4.2 to 1.5.0",
                     "The password field is /html/body/form/input[2]",
                     "passwords.txt moved to /srv/archive/2026/passwords.txt.gpg",
                     "pw hash column: pw_sha1 VARCHAR(40) NOT NULL"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((second.capitalize() + rng.choice(SYMBOLS) + str(rng.randint(2, 999)) + first[:3],
                           first + rng.choice(SYMBOLS) + second.upper()[:4] + rng.choice(SYMBOLS),
                           rng.choice(SYMBOLS) + first.capitalize() + str(rng.randint(10, 99)) + second))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(100, 999999))
        return rng.choice((word + digits, digits + word.capitalize(), word[:3].upper() + digits + word[3:]))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first.capitalize() + second
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6)))
        return first + second.upper()
    words = rng.sample(WORDS, rng.choice((3, 4)))
    if style == "dotted":
        capitalised = rng.random() < 0.75
        return ".".join(w.capitalize() if capitalised else w for w in words) + (
            str(rng.randint(1, 9)) if rng.random() < 0.3 else "")
    separator = rng.choice(("-", "_", " ", ""))
    if separator == "":
        return "".join(w.capitalize() for w in words) + str(rng.randint(1, 9))
    return separator.join(words)


def items(seed: int = 10) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
