#!/usr/bin/env python3
"""Held-out set 6: passwords in carriers and phrasings none of sets 2-5 used, and negatives of the same carriers.

Written on 2026-12-03, after sets 2-5 had been spent on tuning, and committed with its score before any change to
the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: chat in Italian, Portuguese (with palavra-passe), Dutch, Polish, Japanese (kana and romaji), Russian,
Turkish and Swedish; SMS and ticket shorthand ("pwd pls: ...", "creds -> ..."); Markdown tables and lists;
YAML / TOML / INI whose key does not name a password but whose comment does; shell history (mysql -p, sshpass,
htpasswd -b, smbclient -U user%pass, curl -u, redis-cli -a); a password as a positional argument in libraries
earlier sets did not use (paramiko, ldap3, pysmb, cx_Oracle, pika, mysqli, JDBC, .NET, keyring); log lines
(RADIUS, FTP, decoded basic auth, logfmt); tool-call JSON arguments. Passwords: symbols, letters and digits,
letters only, and passphrases (joined by . _ - or in CamelCase), from a word list unlike the rules' examples.
Hard negatives in the same carriers: policy text, state words in the new languages ("la password è sbagliata",
"hasło jest nieprawidłowe"), masked values, placeholders, prompts for a password, hashes,
UUIDs, field labels and schemas, reset-link prose. Same scoring as sets 3-5 (heldout_score.py: a value counts
when findings cover all of it; values are never printed).

    .venv/bin/python scripts/eval_heldout6.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 6"

WORDS = ("mango", "trellis", "quiver", "basalt", "nectar", "fjord", "pylon", "garnet", "osprey", "kestrel",
         "lichen", "ferrule", "sorrel", "tamarind", "vortex", "alder", "bobbin", "crumpet", "dulcimer", "ibex")
SYLLABLES = ("mo", "ra", "kin", "te", "vul", "sa", "pon", "di", "ek", "lor", "fu", "ya", "bes", "go", "tri",
             "nu", "zal", "he", "cor", "wi")
SYMBOLS = "!#$%&*+?@^~"
STYLES = ("symbols", "digits", "letters", "passphrase")
USERS = ("ops_ro", "mkowalski", "t.sato", "backup-svc", "admin2", "lbianchi")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "chat-it-pt": ["la password del wifi è {p}", "ti mando la pass: {p}", "Password dell'admin: {p}, non condividerla",
                   "la nuova password è {p} ok?", "a senha do roteador é {p}", "Senha do servidor: {p}",
                   "minha senha nova é {p}, troca depois", "a palavra-passe da conta é {p}"],
    "chat-nl-pl": ["het wachtwoord is {p}", "wachtwoord voor de nas: {p}", "Mijn nieuwe wachtwoord: {p}",
                   "hasło do wifi to {p}", "moje hasło: {p}", "Nowe hasło to {p}, nie udostępniaj",
                   "haslo do serwera: {p}"],
    "chat-ja-ru-tr-sv": ["パスワードは{p}です", "パスワード: {p}", "pasuwaado wa {p} desu", "пароль: {p}",
                         "мой пароль {p}", "şifre: {p}", "wifi şifresi {p}", "lösenordet är {p}"],
    "sms-ticket": ["pwd pls: {p}", "creds -> {u} {p}", "pass = {p} thx", "PW: {p} (exp. fri)",
                   "re: vpn access - pw {p}", "login {u} pwd {p}", "u: {u} p: {p}",
                   "[OPS-441] reset done, temp pw {p}"],
    "markdown": ["| user | password |\n|---|---|\n| {u} | {p} |",
                 "| Service | Login | Pass |\n|--|--|--|\n| grafana | {u} | {p} |",
                 "- **user:** {u}\n- **pass:** {p}", "* password → {p}", "1. Login: `{u}`\n2. Password: `{p}`",
                 "> admin / `{p}`"],
    "config-comment": ["# password of the relay account\nrelay_value: \"{p}\"",
                       "[ldap]\nbind_dn = cn={u},dc=corp,dc=test\n; bind password on the next line\nbind_cred = {p}",
                       "admin_login = \"{u}\"\nadmin_key = \"{p}\"  # that's the web UI password",
                       "[mail]\nlogin={u}\n# pw:\ncode={p}", "smtp:\n  user: {u}\n  # password\n  value: {p}",
                       "archive_pin = \"{p}\" # zip password"],
    "shell-history": ["mysql -u {u} -p{p} orders", "sshpass -p '{p}' ssh {u}@10.2.0.9",
                      "htpasswd -b /etc/nginx/.htpasswd {u} {p}", "smbclient //fs01/share -U {u}%{p}",
                      "curl -u {u}:{p} https://ci.corp.test/api/json", "redis-cli -h cache01 -a {p} ping",
                      "mosquitto_pub -h mq01 -u {u} -P {p} -t door -m open", "rabbitmqctl add_user {u} {p}"],
    "code-positional": ['ssh.connect("bastion.corp.test", 22, "{u}", "{p}")',
                        'conn = ldap3.Connection(srv, "cn={u},dc=corp", "{p}", auto_bind=True)',
                        'conn = SMBConnection("{u}", "{p}", "laptop", "fs01")',
                        'db = cx_Oracle.connect("{u}", "{p}", "db01/ORCL")', 'pika.PlainCredentials("{u}", "{p}")',
                        '$link = mysqli_connect("db01", "{u}", "{p}", "shop");',
                        'Connection c = DriverManager.getConnection(url, "{u}", "{p}");',
                        'var cred = new NetworkCredential("{u}", "{p}", "CORP");',
                        'keyring.set_password("vpn", "{u}", "{p}")'],
    "log-line": ["<13>Dec  1 08:14:22 gw01 radiusd[902]: Login incorrect: [{u}/{p}] (from client vpn port 0)",
                 "2026-12-01T08:14:22Z INFO ftp: USER {u} PASS {p}",
                 "DEBUG [http] Authorization decoded: {u}:{p}", "level=debug msg=bind dn=cn={u} cred={p}",
                 "WARN smtp AUTH LOGIN as {u} secret {p} rejected"],
    "tool-json": ['{{"name": "browser_type", "arguments": {{"selector": "#password", "text": "{p}"}}}}',
                  '{{"type": "tool_use", "name": "fill_form", "input": {{"fields": [{{"label": "Password", '
                  '"value": "{p}"}}]}}}}',
                  '{{"cmd": ["mysql", "-u", "{u}", "-p{p}", "-e", "show databases"]}}',
                  '{{"name": "run", "arguments": {{"command": "sshpass -p {p} scp dump.sql {u}@backup:/srv"}}}}',
                  '{{"function": {{"name": "ssh_exec", "arguments": "{{\\"host\\": \\"10.0.3.4\\", \\"user\\": '
                  '\\"{u}\\", \\"secret\\": \\"{p}\\"}}"}}}}'],
}

NEGATIVES = {
    "policy-chat": ["la password deve avere almeno 12 caratteri", "a senha precisa ter pelo menos 8 dígitos",
                    "het wachtwoord moet minimaal 10 tekens bevatten", "hasło musi mieć co najmniej 12 znaków",
                    "パスワードは8文字以上です", "пароль должен содержать не менее 12 символов",
                    "Hai dimenticato la password?", "Esqueceu sua senha? Clique aqui", "Wachtwoord vergeten?",
                    "Nie pamiętasz hasła?", "şifre en az 8 karakter olmalı", "lösenordet måste ha minst 12 tecken"],
    "state-chat": ["la password è sbagliata", "la password è scaduta", "a senha está errada", "a senha é inválida",
                   "het wachtwoord is onjuist", "het wachtwoord is verlopen", "hasło jest nieprawidłowe",
                   "hasło to za mało", "pasuwaado ga chigaimasu", "пароль неверный", "şifre yanlış",
                   "lösenordet är fel", "the password is in the ticket", "pw is on the whiteboard",
                   "password -> see the pinned message"],
    "sms-ticket": ["pwd pls: ********", "creds -> <your-password>", "PW: [redacted] (ask in #ops)",
                   "u: admin p: ******", "pass = <hidden>", "temp pw sent via the 1Password share link",
                   "password: see vault://ops/db01", "[OPS-442] pw reset requested, ticket 7c9e6679"],
    "markdown": ["| user | password |\n|---|---|\n| admin | `<your-password>` |",
                 "| Field | Type | Required |\n|---|---|---|\n| password | string | yes |",
                 "- Password: use the one from the vault", "| password_hash | char(60) | bcrypt |",
                 "* We've sent a password reset link to j***@corp.test", "1. Login: `admin`\n2. Password: `********`"],
    "config-comment": ["# password is read from PGPASSFILE\npassfile = /home/app/.pgpass",
                       "; the password comes from the env\ndb_secret = ${DB_PASSWORD}",
                       "# no password: peer auth\nauth_method = peer",
                       "# password rotated 2026-11-30\nrotated_at = 2026-11-30T10:00:00Z",
                       "# UUID of the password item in the vault\nitem_id = 3f2c9a1e-8b7d-4c6e-9f01-2a3b4c5d6e7f",
                       "min_length = 12  # password policy"],
    "shell-history": ["mysql -u root -p orders", "sshpass -f ~/.sshpass ssh ops@10.2.0.9",
                      "htpasswd -B /etc/nginx/.htpasswd admin", 'curl -u "$CI_USER:$CI_PASS" https://ci.corp.test',
                      'echo "$DB_PASSWORD" | docker login -u ci --password-stdin registry.corp.test',
                      'redis-cli -a "$REDIS_PASSWORD" ping', "passwd --expire alice", "sshpass -e ssh deploy@host"],
    "code-refs": ["ssh.connect(host, 22, user, password)", "ldap3.Connection(srv, user=dn, password=getpass())",
                  "conn = SMBConnection(user, pw, client_name, server_name)",
                  'db = cx_Oracle.connect(user, os.environ["ORA_PW"], dsn)', 'keyring.get_password("vpn", "ops_ro")',
                  "digest = hashlib.sha256(password.encode()).hexdigest()"],
    "log-line": ["sshd[811]: Failed password for invalid user admin from 203.0.113.7 port 52144 ssh2",
                 "radiusd[902]: Login incorrect (pap: password mismatch): [ops] (from client vpn port 0)",
                 "INFO password changed for user jdoe (policy v3)",
                 "WARN password hash upgraded to argon2id for uid=1042",
                 "password-reset commit 9f3c2e1a7b4d6e8f0a1b2c3d4e5f60718293a4b5 reverted",
                 "password reset request id 123e4567-e89b-12d3-a456-426614174000 expired"],
    "tool-json": ['{"name": "browser_type", "arguments": {"selector": "#password", "text": "********"}}',
                  '{"type": "tool_use", "name": "fill_form", "input": {"fields": [{"label": "Password", '
                  '"value": "<your-password>"}]}}',
                  '{"arguments": {"field": "password", "required": true, "minLength": 12}}',
                  '{"type": "tool_result", "content": "password updated for user '
                  '7c9e6679-7425-40de-944b-e07fc1f90ae7"}',
                  '{"schema": {"password": {"type": "string", "format": "password", "writeOnly": true}}}'],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return first.capitalize() + rng.choice(SYMBOLS) + second + str(rng.randint(10, 999))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(100, 9999))
        return rng.choice((word + digits, digits + word.capitalize(), word[:3] + digits + word[3:]))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first.capitalize() + second
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 4)))
        return first + second
    words = rng.sample(WORDS, rng.choice((3, 4)))
    separator = rng.choice(("-", ".", "_", ""))
    if separator == "":
        return "".join(w.capitalize() for w in words)
    return separator.join(words) + (str(rng.randint(1, 99)) if rng.random() < 0.5 else "")


def items(seed: int = 6) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
