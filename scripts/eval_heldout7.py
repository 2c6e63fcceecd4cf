#!/usr/bin/env python3
"""Held-out set 7: passwords in carriers and phrasings none of sets 1-6 used, and negatives of the same carriers.

Written on 2026-12-03, after set 6 had been spent on tuning, and committed with its score before any change to the
rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: commit messages and pull-request review comments; Slack / Teams exports with timestamps and @mentions;
email bodies with quoted replies ("> ") and signatures; stack traces and exception messages carrying a DSN or a
password; Jupyter / Python / SQL REPL transcripts; Dockerfile, compose and Kubernetes env lines whose key does
not say "password"; CSV / TSV rows under a header naming the column; chat in Spanish (clave, contra), French
(mdp, code), German (Zugangsdaten, PW) and Chinese (密码, 口令). Passwords: symbols, letters and digits, letters only
and passphrases, from a word list unlike the rules' examples and earlier sets' words. Hard negatives in the same
carriers: reset / policy / rotation talk, masked values, placeholders, secret references, hashes, UUIDs, variable
names and prompts. Same scoring as sets 3-6 (heldout_score.py: a value counts when findings cover all of it;
values are never printed).

    .venv/bin/python scripts/eval_heldout7.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 7"

WORDS = ("cobweb", "marzipan", "pergola", "tinsel", "kumquat", "saddle", "lumen", "gravel", "parsnip", "zither",
         "mullet", "fennel", "ocelot", "rhubarb", "sprocket", "dormouse", "wicket", "yarrow", "bollard", "trowel")
SYLLABLES = ("bo", "ket", "ma", "sil", "ru", "den", "qua", "lo", "fim", "tar", "ze", "nop", "vi", "gul", "ash",
             "pri", "mu", "dex", "ol", "wen")
SYMBOLS = "!#$%&*+=?_-."
STYLES = ("symbols", "digits", "letters", "passphrase")
USERS = ("rvance", "svc-billing", "k.okafor", "etl_user", "mlopez", "root2")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "commit-review": ["fix(seed): admin password was hardcoded as {p}, read it from env instead",
                      "chore(db): rotate replica password to {p}",
                      "Review comment on settings.py L42: this hardcodes the password `{p}`, please move it to vault",
                      "nit: `SMTP_PASS = \"{p}\"` must not be committed",
                      "Revert \"set staging password to {p}\"",
                      "LGTM once the test login {u}/{p} is removed from conftest.py"],
    "chat-export": ["[10:42 AM] @dana: the jenkins pw is {p}",
                    "Dana Park  9:14 AM\n@lee here's the grafana login: {u} / {p}",
                    "[2026-12-01 09:14] <kim> @ops password for the bastion is now {p}",
                    "Lee Chen (Teams, 11:02): new password → {p} :lock:",
                    "@here shared mailbox password changed to {p}, thread below",
                    "12:01 PM  Ana Ruiz: @sam pass for the demo tenant {p} (expires tonight)"],
    "email": ["Hi Sam,\n\nThe password for the supplier portal is {p}\n\nThanks,\nAna\n--\nAna Ruiz | IT Ops",
              "On Tue, Dec 1, 2026 at 9:02 AM Lee wrote:\n> can you send the vpn creds?\n\nuser: {u}\npassword: {p}"
              "\n\nBest,\nKim",
              "Subject: your new account\n\nYour temporary password is {p}. You will be asked to change it.\n\n"
              "Regards,\nHelpdesk",
              "> > what's the wifi code for the guest network?\n> it's {p}\n\nthanks!",
              "Bonjour,\n\nvoici vos identifiants : {u} / {p}\n\nCordialement,\nService informatique"],
    "stack-trace": ["sqlalchemy.exc.OperationalError: (psycopg2.OperationalError) could not connect\n"
                    "(Background on this error at: https://sqlalche.me/e/20/e3q8)\n"
                    "engine url: postgresql+psycopg2://{u}:{p}@db01:5432/app",
                    'Traceback (most recent call last):\n  File "sync.py", line 12, in <module>\n'
                    '    conn = connect(host="db01", user="{u}", password="{p}")\nConnectionRefusedError: [Errno 111]',
                    "pymongo.errors.OperationFailure: Authentication failed., full error: "
                    "{{'uri': 'mongodb://{u}:{p}@mongo01:27017/admin', 'code': 18}}",
                    "Error: connect ECONNREFUSED 10.0.4.2:5672\n    at amqp.connect('amqp://{u}:{p}@mq01:5672/')",
                    "ValueError: invalid login for {u} (password='{p}')",
                    "java.lang.IllegalStateException: bind failed for cn={u} with credentials [{p}]"],
    "repl": [">>> pw = \"{p}\"\n>>> client.login(\"{u}\", pw)\nTrue",
             "In [3]: creds = (\"{u}\", \"{p}\")\nIn [4]: r = requests.get(url, auth=creds)",
             "In [7]: db.authenticate(\"{u}\", \"{p}\")\nOut[7]: True",
             "mysql> CREATE USER '{u}'@'%' IDENTIFIED BY '{p}';\nQuery OK, 0 rows affected (0.01 sec)",
             "postgres=# ALTER ROLE {u} WITH PASSWORD '{p}';\nALTER ROLE",
             "irb(main):001> Net::SMTP.start('mail.corp.test', 25, 'corp', '{u}', '{p}', :login)"],
    "container-env": ["ENV APP_LOGIN={u} APP_CRED={p}",
                      "env:\n  - name: SMTP_AUTH\n    value: \"{p}\"",
                      "environment:\n  MQ_USER: {u}\n  MQ_PASS: {p}",
                      "ARG ADMIN_PW={p}",
                      "    environment:\n      - DB_CREDENTIALS={u}:{p}",
                      "stringData:\n  login: {u}\n  passphrase: {p}"],
    "csv-tsv": ["username,password,role\n{u},{p},admin",
                "host\tuser\tpass\nsrv01\t{u}\t{p}",
                "email;mot_de_passe;actif\n{u}@corp.test;{p};oui",
                "\"login\",\"pwd\",\"expires\"\n\"{u}\",\"{p}\",\"2027-01-01\"",
                "id,account,secret,notes\n7,{u},{p},rotate in Q1"],
    "chat-es-fr-de-zh": ["oye, la clave del wifi es {p}", "te paso la contra del router: {p}",
                         "mdp du serveur : {p}", "le code du wifi c'est {p}",
                         "Zugangsdaten: {u} / {p}", "PW fürs NAS ist {p}",
                         "密码是{p}", "wifi密码：{p}", "账号 {u} 密码 {p}", "管理员口令: {p}"],
}

NEGATIVES = {
    "commit-review": ["fix password reset flow for SSO users", "review: don't log the password here (L88)",
                      "rename `password` to `passphrase` in the signup form schema",
                      "chore: bump bcrypt, password hashes now use cost 12",
                      "Revert \"require password change on first login\"",
                      "test: password_validator rejects 'password123'"],
    "chat-export": ["[10:42 AM] @dana: did you reset your password yet?",
                    "Dana Park  9:14 AM\n@lee the grafana password is in 1Password, vault Ops",
                    "[2026-12-01 09:14] <kim> @ops password rotation done for all bastions",
                    "@here reminder: passwords expire on Friday :calendar:",
                    "12:01 PM  Ana Ruiz: @sam pass on this one, I'm out tomorrow"],
    "email": ["> Your password will expire in 5 days.\n> Please change it at https://id.corp.test\n\nIs this phishing?",
              "Hi Sam,\n\nI reset your password; you'll get a link by SMS.\n\nThanks,\nAna",
              "Subject: password policy update\n\nPasswords now need 14 characters and a symbol.\n\nRegards,\nIT",
              "On Tue, Lee wrote:\n> what's the password?\n\nask Kim, I don't have it"],
    "stack-trace": ['psycopg2.OperationalError: FATAL:  password authentication failed for user "app"',
                    "engine url: postgresql+psycopg2://app:***@db01:5432/app",
                    "pymongo.errors.OperationFailure: Authentication failed., full error: {'code': 18}",
                    "java.sql.SQLException: Access denied for user 'etl'@'10.0.4.2' (using password: YES)",
                    'File "auth.py", line 40, in check\n    if not verify(password, user.password_hash):',
                    "KeyError: 'DB_PASSWORD'"],
    "repl": [">>> pw = getpass.getpass()\nPassword: \n>>> client.login(user, pw)",
             "In [3]: creds = (user, os.environ[\"PW\"])",
             "mysql> ALTER USER 'app'@'%' IDENTIFIED BY '********';",
             "postgres=# \\password app\nEnter new password for user \"app\": ",
             "In [9]: hashlib.sha256(b'x').hexdigest()\n"
             "Out[9]: '2d711642b726b04401627ca9fbac32f5c8530fb1903cc4db02258717921a4881'"],
    "container-env": ["ENV DB_PASSWORD_FILE=/run/secrets/db_pw",
                      "env:\n  - name: DB_PASS\n    valueFrom:\n      secretKeyRef:\n        name: db\n"
                      "        key: password",
                      "environment:\n  MQ_USER: app\n  MQ_PASS: ${MQ_PASS:?set it}",
                      "ARG ADMIN_PW", "stringData:\n  passphrase: <fill-in>"],
    "csv-tsv": ["username,password,role\nadmin,********,admin",
                "host\tuser\tpassword_set\nsrv01\tdeploy\ttrue",
                "id,password_sha256\n7,9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                "\"login\",\"pwd\",\"expires\"\n\"etl\",\"<vault>\",\"2027-01-01\"",
                "request_id,event\n123e4567-e89b-12d3-a456-426614174000,password_reset"],
    "chat-es-fr-de-zh": ["la clave es incorrecta", "olvidé la contraseña otra vez", "mdp oublié, je le réinitialise",
                         "le code wifi est affiché à l'accueil", "Zugangsdaten kommen per Post",
                         "PW muss mindestens 12 Zeichen haben", "密码错误", "请输入密码", "忘记密码？",
                         "密码至少需要8个字符"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((first.capitalize(), first.upper())) + rng.choice(SYMBOLS) + second + str(rng.randint(1, 99))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(10, 99999))
        return rng.choice((word.capitalize() + digits, digits + word, word + digits + word[:2]))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first + second.capitalize()
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()
        return first + second
    words = rng.sample(WORDS, rng.choice((3, 4)))
    separator = rng.choice(("-", ".", "_", "+", ""))
    if separator == "":
        return "".join(w.capitalize() for w in words)
    return separator.join(words) + (rng.choice(SYMBOLS[:5]) if rng.random() < 0.4 else "")


def items(seed: int = 7) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
