#!/usr/bin/env python3
"""Held-out set 12: the phrasings set 11 left open, and carriers people and agents write that no set tried.

Written on 2026-12-04 (session 12), after set 11 had been spent, and committed with its score before any change to
the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: questions with the value after the word (`is the root pw still X?`, `did you change it from X?`);
German / French / Spanish / Italian / Portuguese / Dutch chat where the value stands between the word and a
participle or after `mot de passe :`; pexpect / expect / paramiko scripts sending passwords that hold `$`; CSV / TSV
exports whose password column header is more than 40 rows above; YAML anchors, TOML inline tables, .properties
with `:`, INI with aligned `Password :`, systemd `Environment=`; the password as the 2nd / 3rd positional argument
of calls whose other arguments are variables (`login(user, X)`, `connect(host, user, X)`) in Python, Ruby, Perl,
PHP and JavaScript; `-p'X'`, `-p "X"`, CI logs with `export X=...` traces; agent tool-call JSON.
Passwords: `$`-bearing symbols, digits, letters only, passphrases of words joined by blanks (inside the clause, not
only at its end), and joined passphrases (hyphen, underscore, camelCase with digits), from a word list unlike the
rules' examples and sets 1-11. Hard negatives in the same carriers: the same questions and sentences without a
value, placeholders, variables, prompts without an answer, CI-masked values, hashes, UUIDs, documentation of a
password option, talk about password managers and reset links.
Same scoring as sets 3-11 (heldout_score.py: a value counts when findings cover all of it; values are never
printed).

Score on the unchanged code (base 8f53fc3): password recall 70/165 = 0.424; hard negatives hit 2/39
(question 7/25, europe-chat 13/30, scripts 0/15, tabular-far 0/15, config-odd 21/25, positional 9/20, shell-ci
10/20, tool-json 10/15; dollar 20/33, digits 20/33, letters 10/33, spaced 2/33, joined 18/33; negatives hit:
config-odd 1/4 (`password: *db_password`, a YAML alias), docs-hashes 1/8 (a sha1 digest after `password:`),
both generic-password).
Scored once after the change it measures (d5e6c12: questions with the value after the word, `als Passwort X gesetzt`,
word-after forms in nl / it / es / pt, spaced passphrases under keys, before conjunctions and after `mot de passe :`,
`$` in Python and Tcl-brace sends, prompt waits other than expect, `mysql -p'X'`, `mongosh -p`, YAML anchors and
aliases): password recall 104/165 = 0.630; hard negatives hit 1/39 (question 11/25, europe-chat 20/30, scripts
14/15, tabular-far 0/15, config-odd 23/25, positional 9/20, shell-ci 16/20, tool-json 11/15; dollar 25/33, digits
25/33, letters 21/33, spaced 10/33, joined 23/33; negatives hit: docs-hashes 1/8, the sha1 digest after
`password:`). The set is now spent.

    .venv/bin/python scripts/eval_heldout12.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 12"

WORDS = ("lantana", "cobbler", "jackal", "lemur", "wombat", "sequoia", "bobcat", "cuttlefish", "manatee",
         "narwhal", "armadillo", "clarinet", "tambourine", "persimmon", "fiddle", "dumpling", "kohlrabi", "piccolo")
SYLLABLES = ("ta", "vor", "e", "kli", "mu", "ran", "so", "pe", "dax", "ni", "lo", "bru", "a", "zen")
SYMBOLS = "!%&#*@+^?~"
STYLES = ("dollar", "digits", "letters", "spaced", "joined")
USERS = ("kvogel", "svc_reports", "a.moreau", "ci-runner", "lpereira", "dbadmin2")

# A header row, then more than 40 rows before the value's row (each row's reading looks 40 rows back).
_FAR_CSV = "".join(f"u{n:03d},,{2020 + n % 6}-0{1 + n % 9}-1{n % 10}\n" for n in range(52))
_FAR_TSV = "".join(f"host{n:02d}\tops\t\tprod\n" for n in range(61))
_FAR_SEMI = "".join(f"\"kiosk{n:02d}\";\"\";\"lobby\"\n" for n in range(44))

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "question": ["quick q: is the root pw on db3 still {p}? my key isn't on there",
                 "did you change it from {p}? my ssh session just got kicked",
                 "wait, was the grafana admin password {p} or did someone rotate it last week",
                 "should I keep using {p} for the staging mysql, or is there a new one?",
                 "can you confirm the guest wifi passphrase is {p} before I print the cards?"],
    "europe-chat": ["Ich hab als Passwort {p} eingetragen, geht aber trotzdem nicht",
                    "Identifiant : {u}\nMot de passe : {p}\nMerci de le changer à la première connexion",
                    "le puse {p} de contraseña al usuario nuevo, avísale",
                    "ho impostato la password a {p} per il NAS del reparto",
                    "coloquei {p} como senha do roteador, depois a gente troca",
                    "wachtwoord van de printer is veranderd naar {p} sinds maandag"],
    "scripts": ["child = pexpect.spawn(f\"ssh {{user}}@{{host}}\")\nchild.expect(\"password for\")\n"
                "child.sendline(r'{p}')\nchild.expect(r\"\\$ \")",
                "#!/usr/bin/expect\nset timeout 20\nspawn rsync -a ./out {u}@files02:/srv/out\n"
                "expect -re \"(P|p)assword\"\nsend {{{p}\\r}}\nexpect eof",
                "buff = chan.recv(9999).decode()\nif buff.endswith(\"Password: \"):\n"
                "    chan.send(\"{p}\\n\")"],
    "tabular-far": ["username,password,expires\n" + _FAR_CSV + "{u},{p},2027-03-01",
                    "host\tlogin\tpasswd\tenv\n" + _FAR_TSV + "host99\t{u}\t{p}\tprod",
                    "\"device\";\"PIN/Password\";\"room\"\n" + _FAR_SEMI + "\"kiosk99\";\"{p}\";\"lobby\""],
    "config-odd": ["defaults: &defaults\n  adapter: postgresql\n  username: {u}\n  password: &pw \"{p}\"\n"
                   "production:\n  <<: *defaults",
                   "[servers.alpha]\nip = \"10.0.0.1\"\nauth = {{ user = \"{u}\", password = \"{p}\" }}",
                   "mail.smtp.host : smtp.corp.test\nmail.smtp.user : {u}\nmail.smtp.password : {p}",
                   "[Credentials]\nUsername        : {u}\nPassword        : {p}\nDomain          : CORP",
                   "[Service]\nUser={u}\nEnvironment=\"DB_HOST=pg1\" \"DB_PASS={p}\"\nExecStart=/opt/app/run"],
    "positional": ["ok = imap.login(acct, \"{p}\")",
                   "conn = pymssql.connect(server, user, \"{p}\", \"reports\")",
                   "ftp = Net::FTP.new(host)\nftp.login(user, '{p}')",
                   "$dbh = DBI->connect($dsn, $user, '{p}', {{ RaiseError => 1 }});"],
    "shell-ci": ["mysqldump -u{u} -p'{p}' --single-transaction shop > shop.sql",
                 "2026-12-04T07:01:22.4471936Z + export ADMIN_PASS='{p}'\n"
                 "2026-12-04T07:01:22.4480112Z + ./bin/seed-admin",
                 "$ mongosh \"mongodb://db7:27017\" -u {u} -p \"{p}\" --authenticationDatabase admin",
                 "Running with gitlab-runner 17.2.0\n$ export REGISTRY_PASSWORD={p}\n"
                 "$ docker login -u {u} --password-stdin <<< \"$REGISTRY_PASSWORD\""],
    "tool-json": ['{{"type": "tool_use", "name": "bash", "input": '
                  '{{"command": "mysql -uroot -p\'{p}\' -e \'select 1\'"}}}}',
                  '{{"function_call": {{"name": "create_user", "arguments": "{{\\"username\\": \\"{u}\\", '
                  '\\"initial_password\\": \\"{p}\\"}}"}}}}',
                  '{{"type": "tool_result", "content": "Created user {u} with password {p}. Share it securely."}}'],
}

NEGATIVES = {
    "question": ["quick q: is the root pw on db3 still the one from the wiki?",
                 "did you change it from the default? my session got kicked",
                 "wait, was the grafana admin password rotated last week",
                 "should I keep using the same password for staging, or is there a new one?",
                 "can you confirm the guest wifi passphrase before I print the cards?"],
    "europe-chat": ["Ich hab als Passwort das Übliche eingetragen, geht aber nicht",
                    "Mot de passe : à demander au support",
                    "le puse la contraseña de siempre al usuario nuevo",
                    "ho impostato la password come da policy aziendale",
                    "coloquei a senha no cofre da equipe",
                    "wachtwoord gewijzigd naar aanleiding van het incident"],
    "scripts": ["child.expect(\"password for\")\nchild.sendline(password)",
                "expect -re \"(P|p)assword\"\nsend \"$pw\\r\"",
                "if buff.endswith(\"Password: \"):\n    chan.send(os.environ[\"SSH_PW\"] + \"\\n\")"],
    "tabular": ["username,password,expires\n" + _FAR_CSV + "zz1,********,2027-03-01",
                "user,password_last_set,locked\nkvogel,2026-11-30,false",
                "host\tlogin\tpasswd\n" + "web01\tops\t<vault>\n"],
    "config-odd": ["production:\n  password: *db_password",
                   "auth = { user = \"app\", password = \"${DB_PASSWORD}\" }",
                   "mail.smtp.password : ${SMTP_PASSWORD}",
                   "Environment=\"DB_PASS_FILE=/run/credentials/app/db\""],
    "positional": ["ok = imap.login(acct, password)", "conn = pymssql.connect(server, user, getpass(), \"reports\")",
                   "ftp.login(user, ENV.fetch('FTP_PW'))", "$dbh = DBI->connect($dsn, $user, $pass);"],
    "shell-ci": ["mysqldump -u root -p --single-transaction shop > shop.sql",
                 "2026-12-04T07:01:22.4471936Z + export ADMIN_PASS=***",
                 "export ADMIN_PASS=\"$(vault kv get -field=password kv/admin)\"",
                 "$ docker login -u ci --password-stdin <<< \"$REGISTRY_PASSWORD\""],
    "tool-json": ['{"type": "tool_use", "name": "bash", "input": {"command": "mysql -uroot -p -e \'select 1\'"}}',
                  '{"type": "tool_result", "content": "Created user kvogel; a password reset link was sent."}'],
    "docs-hashes": ["the password reset link expires in 24 hours",
                    "enter <your password> when prompted",
                    "sha1 of the password: 5baa61e4c9b93f3f0682250b6cf8331b7ee68fd8",
                    "password change 9b2c4e0a-31d7-4f6e-8a15-c0d9e7f4a2b6 completed",
                    "the password manager locks itself after five minutes",
                    "  -p, --password TEXT   Password for the admin user (default: prompt)",
                    "Passwords are never logged; see SECURITY.md for how they are stored.",
                    "set the password in the vault, not in this file"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "dollar":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((first.capitalize() + "$" + second[:5] + str(rng.randint(1, 99)),
                           "$" + second.capitalize() + rng.choice(SYMBOLS) + str(rng.randint(10, 999)),
                           first[:4] + str(rng.randint(1, 9)) + "$" + second.capitalize() + rng.choice(SYMBOLS)))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(10, 99999))
        return rng.choice((word + digits, word.capitalize() + digits + word[:2], digits + word.capitalize()))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first + second.capitalize()
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6)))
        return first + second
    words = rng.sample(WORDS, rng.choice((3, 4)))
    if style == "spaced":
        return " ".join(words)
    kind = rng.randrange(3)
    if kind == 0:
        return "-".join(words) + str(rng.randint(1, 99))
    if kind == 1:
        return "_".join(w.capitalize() for w in words)
    return words[0] + "".join(w.capitalize() for w in words[1:]) + str(rng.randint(1, 9))


def items(seed: int = 12) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
