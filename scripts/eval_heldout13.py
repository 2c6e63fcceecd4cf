#!/usr/bin/env python3
"""Held-out set 13: carriers of the operations stack and of agents, and password styles no set tried.

Written on 2026-12-04 (session 14), after set 12 had been spent, and committed with its score before any change to
the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: agent tool-call transcripts (tool_use input, ReAct `Action Input`, tool-run logs, OpenAI `arguments`,
observations); Slack and Jira pastes (`user / pass` after an arrow, Jira wiki tables, numbered repro steps, a
value after "it's ... now", a value a locked-out user tried); Kubernetes and Helm (`--from-literal`, values files,
`stringData`, `--set auth.password=`, container `env` name/value pairs); Ansible (group_vars, INI inventory,
`-e 'ansible_become_pass=...'`, module arguments, vars); Terraform (`.tfvars`, resource arguments, `-var=`,
`TF_VAR_...=`, a variable's `default`); Docker (`run -e`, compose environment lists, `login -p`, `ENV` lines);
connection dialogs (aligned fields, ODBC `Pwd=`, Wi-Fi `Key:`, FileZilla-style one-liners, a viewer password);
support chat with typos (`pasword`, `passwrod`, `tryed X as pw`, `teh admin pass shud be`, `psw=`); chat in
Polish, Russian, Turkish, Japanese, Swedish and Indonesian.
Passwords: words with letters outside ASCII (Polish, German, French, Spanish, Swedish, Turkish, Cyrillic),
passphrases of three or four words (spaced, dotted, hyphenated), short 6-character ones, random 12-16 character
ones with symbols, and a lower-case word with digits and a symbol, from word lists unlike the rules' examples and
sets 1-12. Hard negatives in the same carriers (templated values, vault references, `<your password>`, redacted and
masked values, `_FILE` variables, commands generating a password) and apart: hashes, UUIDs, version strings,
changelog lines and prose about password policy.
Same scoring as sets 3-12 (heldout_score.py: a value counts when findings cover all of it; values are never
printed).

Score on the unchanged code (base 44a5529): password recall 154/230 = 0.670; hard negatives hit 2/44 (agent
13/25, chat-paste 5/25, k8s 20/25, ansible 25/25, terraform 20/25, docker 24/25, dialog 20/25, typos 5/25,
languages 22/30; unicode 30/46, passphrase 28/46, short 31/46, random 32/46, wordnum 33/46; negatives hit: k8s 1/4
(`--from-literal=password="$(openssl rand ...)"`), ansible 1/3 (`ansible_password=!vault |`)).
Scored once after the change it measures (session 14: misspelled and Indonesian / Malay / Hungarian credential
words, a bracket closing a token, quoted values keeping their last period, negative words only in the token's
clause, generic-password-named-value, Wi-Fi dialog keys, registry logins, spaced passphrases in more places, login
reports, URL / `$(...)` / field-list negatives): password recall 211/230 = 0.917; hard negatives hit 1/44 (agent
21/25, chat-paste 14/25, k8s 24/25, ansible 25/25, terraform 25/25, docker 25/25, dialog 25/25, typos 24/25,
languages 28/30; unicode 41/46, passphrase 41/46, short 42/46, random 43/46, wordnum 44/46; negatives hit: ansible
1/3, the private IPv4 address of `ansible_host=10.1.4.21`, an `internal` PII finding, not a password). The set is
now spent.

    .venv/bin/python scripts/eval_heldout13.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 13"

UNICODE_WORDS = ("żubr", "grünkohl", "brûlée", "ñandú", "smörgås", "kärlek", "ıspanak", "мишка", "ёлка",
                 "façade", "łódka", "göğüs", "pájaro", "straße")
PHRASE_WORDS = ("quartz", "tundra", "ember", "olive", "marble", "velvet", "harbor", "cinder", "meadow", "oyster",
                "saffron", "glacier", "pylon", "lichen", "thimble", "zephyr")
PLAIN_WORDS = ("hazelnut", "tortoise", "lighthouse", "bramble", "cathedral", "pumpernickel", "gondola", "vortex")
SYMBOLS = "!@#%^&*-_=+?~."
ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STYLES = ("unicode", "passphrase", "short", "random", "wordnum")
USERS = ("pnowak", "svc_billing", "j.okafor", "deploy-bot", "mtanaka", "opsadmin")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "agent": ['{{"role": "assistant", "content": [{{"type": "tool_use", "id": "toolu_01Xq", "name": "run_shell", '
              '"input": {{"cmd": "PGPASSWORD=\'{p}\' psql -h pg-main -U {u} -c \'\\\\dt\'"}}}}]}}',
              "Thought: I need to sign in to the vendor portal first.\nAction: browser_type\n"
              "Action Input: {{\"field\": \"password\", \"text\": \"{p}\"}}",
              "> Running tool `db_connect` with args: host=pg-main, user={u}, secret={p}",
              '"tool_calls": [{{"type": "function", "function": {{"name": "ftp_login", '
              '"arguments": "{{\\"login\\": \\"{u}\\", \\"pass\\": \\"{p}\\"}}"}}}}]',
              "Observation: login succeeded for {u} using '{p}'. Proceeding to step 3."],
    "chat-paste": ["[9:14 AM] Priya N: staging creds → {u} / {p}\n[9:15 AM] Tom B: ty!",
                   "*Access details*\n||Field||Value||\n|User|{u}|\n|Pass|{p}|",
                   "h3. Steps to reproduce\n# log in as {u} (pw {p})\n# open Settings > Billing\n# click Export",
                   "Mark Chen  11:02 AM\nfyi the shared inbox login changed, it's {p} now\n:thumbsup: 2",
                   "<{u}> can someone unlock me? tried {p} three times and got locked out"],
    "k8s": ["kubectl create secret generic pg-auth --from-literal=username={u} "
            "--from-literal=password='{p}' -n data",
            "postgresql:\n  auth:\n    username: {u}\n    password: \"{p}\"\n    database: orders",
            "apiVersion: v1\nkind: Secret\nmetadata:\n  name: smtp\nstringData:\n  SMTP_PASS: '{p}'",
            "helm upgrade --install cache bitnami/redis --set auth.password='{p}' --set replica.replicaCount=2",
            "env:\n  - name: RABBITMQ_DEFAULT_PASS\n    value: \"{p}\"\n  - name: RABBITMQ_DEFAULT_USER\n"
            "    value: {u}"],
    "ansible": ["# group_vars/dbservers.yml\nmysql_root_password: \"{p}\"\nmysql_port: 3306",
                "[web]\nweb01 ansible_host=10.1.4.21 ansible_user={u} ansible_password='{p}'",
                "ansible-playbook site.yml -e 'ansible_become_pass={p}' --limit web",
                "- name: create app user\n  community.postgresql.postgresql_user:\n    name: {u}\n"
                "    password: \"{p}\"\n    state: present",
                "vars:\n  keystore_pass: \"{p}\"\n  keystore_path: /etc/ssl/app.jks"],
    "terraform": ['db_username    = "{u}"\ndb_password    = "{p}"\ninstance_class = "db.t3.micro"',
                  'resource "azurerm_linux_virtual_machine" "vm" {{\n  admin_username = "{u}"\n'
                  '  admin_password = "{p}"\n  disable_password_authentication = false\n}}',
                  'terraform apply -var="master_password={p}" -auto-approve',
                  'TF_VAR_sql_admin_pwd="{p}" terraform plan -out plan.bin',
                  'variable "rds_pass" {{\n  type      = string\n  sensitive = true\n  default   = "{p}"\n}}'],
    "docker": ["docker run -d --name pg -e POSTGRES_PASSWORD='{p}' -p 5432:5432 postgres:16",
               "docker run --rm -e ACCEPT_EULA=Y -e MSSQL_SA_PASSWORD=\"{p}\" "
               "mcr.microsoft.com/mssql/server:2022-latest",
               "services:\n  db:\n    image: mariadb:11\n    environment:\n      - MARIADB_ROOT_PASSWORD={p}\n"
               "      - MARIADB_DATABASE=shop",
               "echo ok && docker login registry.corp.test -u {u} -p '{p}'",
               "ENV KEYCLOAK_ADMIN={u} KEYCLOAK_ADMIN_PASSWORD=\"{p}\""],
    "dialog": ["Connection settings\n  Host:      db-reports.internal\n  Port:      1433\n  Login:     {u}\n"
               "  Password:  {p}\n  [x] Save password",
               "Server=tcp:sql01,1433;Database=crm;User Id={u};Pwd={p};Encrypt=True;",
               "SSID: Guest-5G\nSecurity: WPA2-Personal\nKey: {p}",
               "Site Manager -> Protocol: SFTP, Host: files.corp.test, User: {u}, Password: {p}",
               "VNC server 10.3.3.7:5901, viewer password {p}, view-only off"],
    "typos": ["hi i cant login my pasword is {p} and it says invalid??",
              "passwrod for the kiosk: {p}",
              "tryed {p} as pw but no luck, can u reset",
              "teh admin pass shud be {p} according to karen",
              "psw= {p} user= {u} plz help asap"],
    "languages": ["hasło do routera to {p}, nie zmieniaj go",
                  "Мой пароль от почты: {p}, помогите войти",
                  "sunucu şifresi {p} olarak ayarlandı",
                  "管理画面のパスワードは {p} です",
                  "lösenordet till wifi är {p}",
                  "kata sandi admin: {p}"],
}

NEGATIVES = {
    "agent": ['{"type": "tool_use", "name": "browser_type", "input": {"field": "password", '
              '"text": "{{secrets.portal_pw}}"}}',
              "Observation: login succeeded for pnowak using the stored credential.",
              "> Running tool `db_connect` with args: host=pg-main, user=pnowak, secret=<redacted>"],
    "chat-paste": ["[9:14 AM] Priya N: staging creds are in 1Password under 'Staging DB'",
                   "|User|pnowak|\n|Pass|[REDACTED]|",
                   "h3. Steps to reproduce\n# log in as any user\n# open Settings > Billing"],
    "k8s": ["kubectl create secret generic pg-auth --from-literal=password=\"$(openssl rand -base64 24)\"",
            "    password: \"{{ .Values.auth.password }}\"",
            "stringData:\n  SMTP_PASS: <your password>",
            "helm upgrade --install cache bitnami/redis --set auth.existingSecret=redis-auth"],
    "ansible": ["mysql_root_password: \"{{ vault_mysql_root_password }}\"",
                "web01 ansible_host=10.1.4.21 ansible_user=deploy ansible_password=!vault |",
                "    password: \"{{ lookup('community.general.passwordstore', 'db/app') }}\""],
    "terraform": ["db_password = var.db_password",
                  "admin_password = random_password.vm.result",
                  'variable "rds_pass" {\n  type      = string\n  sensitive = true\n}'],
    "docker": ["docker run -d -e POSTGRES_PASSWORD_FILE=/run/secrets/pg postgres:16",
               "docker run --rm -e MSSQL_SA_PASSWORD=$SA_PASSWORD mssql",
               "echo \"$CI_REGISTRY_PASSWORD\" | docker login registry.corp.test -u ci --password-stdin"],
    "dialog": ["  Password:  ********\n  [ ] Save password", "Server=tcp:sql01;User Id=app;Pwd=<password>;",
               "Security: WPA2-Personal\nKey: (hidden)"],
    "typos": ["my pasword doesnt work anymore since monday", "forgot passwrod, pls reset",
              "teh admin pass shud be in the wiki"],
    "languages": ["hasło zostało zmienione wczoraj", "Забыл пароль, помогите", "şifremi unuttum",
                  "パスワードを忘れました", "lösenordet har gått ut"],
    "hashes-ids": ["sha256(password) = 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
                   "md5 (passwords.txt) = 9e107d9d372bb6826bd81d3542a419d6",
                   "password reset request 7c9e6679-7425-40de-944b-e07fc1f90ae7 expired",
                   "PATCH /api/v2/users/3f2c9a1e-5b7d-4e0a-9c11-2d8e6f4b7a90/password HTTP/1.1"],
    "versions-changelog": ["password-strength 2.4.1 -> 2.5.0", "bump passlib from 1.7.2 to 1.7.4",
                           "- Fix: the password field no longer trims trailing spaces (#4412)",
                           "v3.2.0: passwords are now hashed with argon2id by default",
                           "KeePassXC 2.7.9 released"],
    "policy": ["Passwords must be at least 12 characters and include a digit and a symbol.",
               "Your password expires every 90 days; you cannot reuse your last 5 passwords.",
               "Never share your password, not even with IT staff.",
               "The password must not contain your username or your display name.",
               "Use a passphrase of four or more random words instead of a complex password."],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "unicode":
        first, second = rng.sample(UNICODE_WORDS, 2)
        return rng.choice((first.capitalize() + str(rng.randint(10, 99)) + rng.choice(SYMBOLS),
                           first + "-" + second + str(rng.randint(1, 9)),
                           second.capitalize() + rng.choice(SYMBOLS) + first))
    if style == "passphrase":
        words = rng.sample(PHRASE_WORDS, rng.choice((3, 4)))
        return rng.choice((" ", ".", "-")).join(words)
    if style == "short":
        kind = rng.randrange(3)
        if kind == 0:
            return "".join(rng.choice(ALNUM) for _ in range(5)) + rng.choice(SYMBOLS)
        if kind == 1:
            return rng.choice(PLAIN_WORDS)[:4] + str(rng.randint(10, 99))
        chars = [rng.choice(ALNUM) for _ in range(4)] + [rng.choice("23456789"), rng.choice(SYMBOLS)]
        rng.shuffle(chars)
        return "".join(chars)
    if style == "random":
        size = rng.randint(12, 16)
        chars = [rng.choice(ALNUM + SYMBOLS) for _ in range(size - 2)] + [rng.choice("23456789"),
                                                                         rng.choice(SYMBOLS)]
        rng.shuffle(chars)
        return "".join(chars)
    word = rng.choice(PLAIN_WORDS)
    return word + str(rng.randint(10, 9999)) + rng.choice(("", "!", "#", "?"))


def items(seed: int = 13) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
