#!/usr/bin/env python3
"""Held-out set 14: carriers of developer tools, directories, mail and notes, and passwords with no credential word.

Written on 2026-12-04 (session 15), after set 13 had been spent, and committed with its score before any change to
the rules or the context model; scored once before that change and once after it, nothing tuned on it.
Positives: developer configuration (devcontainer `containerEnv`, VS Code `launch.json` env, `.netrc` files, `git
credential fill` output, IntelliJ run-configuration `<env>`); CI logs (GitHub Actions steps and `::add-mask::`,
Jenkins `+ mysql --password=`, GitLab `echo`, Azure DevOps `sqlcmd -P`); SQL and LDAP (`ALTER ROLE ... PASSWORD`,
`CREATE LOGIN ... WITH PASSWORD = N'...'`, MySQL `IDENTIFIED WITH ... BY`, LDIF `userPassword:`, `ldapmodify -w`);
mail and notes (an e-mail to a colleague, meeting-note action items, Markdown bullet lists with bold labels, an
agent's memory file, a voice memo transcribed without punctuation); passwords with no credential word (a Wi-Fi "code",
"use X to get in", "you just type X", "X for sudo", "sign in as U, then enter X."); code in Go (`smtp.PlainAuth`),
Rust (`basic_auth`), Java (`ftpClient.login`), C# (`AuthenticateAsync`) and a Playwright `page.fill`; agent tool
arguments with odd key names (`pw_plain`, positional `args`, MCP `tools/call` `app_pass`, `secret="..."` in a tool
log, `unlock_phrase`); dotfiles (a crontab line, `.pgpass`, msmtprc, fetchmailrc, muttrc); chat in Vietnamese, Korean,
Arabic and Czech, and Russian and Japanese with passwords in their own scripts. Passwords: words with letters outside
Latin-1 (Cyrillic, Greek, Hangul, kana, Czech and Vietnamese diacritics), passphrases of three or four words joined by
blanks, letters only (two words joined, or made-up syllables), random 10-16 characters with symbols, and a capitalised
word with digits; from word lists unlike the rules' examples and sets 1-13. Many prose carriers end the sentence with
a period right after the value. Hard negatives in the same carriers (`${localEnv:...}` and `$VAR$` references, masked
CI output, SCRAM verifiers, `-W` prompts, vault and `op://` references, `passwordeval` commands, code reading a
password from the environment or a console, password talk without a value in six languages) and apart: commit ids,
UUIDs, a SHA-1 after "password", version strings, documentation of password options.
Same scoring as sets 3-13 (heldout_score.py: a value counts when findings cover all of it; values are never
printed).

Score on the unchanged code (base 54ead79): password recall 85/230 = 0.370; hard negatives hit 0/52 (dev-config
14/25, ci-log 9/25, sql-ldap 11/25, email-notes 13/25, no-word 0/25, code 9/25, tool-args 7/25, dotfiles 18/25,
languages 4/30; nonascii 20/46, spaced 7/46, letters 11/46, random 22/46, wordnum 25/46).
Scored after the change it measures (session 15, 1fca7ea: generic-password-sql's ROLE / LOGIN ... PASSWORD and
IDENTIFIED WITH ... BY, generic-ci-masked-value, XML name/value attributes, --x-password options and sqlcmd -P,
generic-password-directive, pw_plain keys, spaced call arguments and Some("..."), Korean / Vietnamese / Arabic /
Greek / Hebrew / Hindi words and the first-stage mark for other scripts' words, generic-password-access, `sign in as
U, then enter X`, letters-only under a quoted secret key, login pairs after a creds clause): password recall 152/230 =
0.661; hard negatives hit 0/52 (dev-config 23/25, ci-log 20/25, sql-ldap 23/25, email-notes 13/25, no-word 8/25,
code 18/25, tool-args 11/25, dotfiles 21/25, languages 15/30; nonascii 34/46, spaced 22/46, letters 21/46, random
36/46, wordnum 39/46). Not a clean held-out figure: this set's misses were read while the change was made (the
change is written for the general forms, each rule with its own examples, but which forms to do first was chosen from
them), so 0.661 is optimistic and the set is spent; the next honest measure is a new set. A later fix (a5f2b0f: a
creds clause that names a user) was not scored on it.

    .venv/bin/python scripts/eval_heldout14.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 14"

NONASCII_WORDS = ("журавль", "черника", "ромашка", "светлячок", "αστέρι", "θάλασσα", "바다", "하늘", "고양이",
                  "ほたる", "たぬき", "ひまわり", "čmelák", "řeřicha", "třešeň", "sương", "mèo", "đường")
PHRASE_WORDS = ("lumber", "crayon", "mitten", "bauble", "dolmen", "lintel", "turret", "spindle", "caboose",
                "lobelia", "gantry", "puffball", "kazoo", "trombone", "cowbell", "snorkel")
LETTER_WORDS = ("teapot", "pretzel", "waffle", "noodle", "biscuit", "pancake", "muffin", "scone", "radish",
                "cabbage", "leek", "shallot", "guava", "papaya", "lychee", "durian", "apricot")
SYLLABLES = ("ka", "lo", "mer", "vin", "tu", "sa", "bre", "dol", "ni", "quo", "ra", "zen", "fi", "gor", "pel", "ux")
NUMBER_WORDS = ("loganberry", "gooseberry", "elderflower", "foxglove", "snapdragon", "marigold", "primrose",
                "bluebell", "verbena")
SYMBOLS = "!@#%^&*-_=+?~"
ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STYLES = ("nonascii", "spaced", "letters", "random", "wordnum")
USERS = ("a.ferreira", "nguyen.t", "kim_jh", "svc-backup", "rvoss", "ops-ci")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "dev-config": ['{{\n  "name": "billing-api",\n  "image": "mcr.microsoft.com/devcontainers/python:3.12",\n'
                   '  "containerEnv": {{\n    "PGUSER": "{u}",\n    "PGPASSWORD": "{p}"\n  }}\n}}',
                   '"configurations": [{{"type": "debugpy", "request": "launch", "name": "worker", '
                   '"program": "worker.py", "env": {{"BROKER_USER": "{u}", "BROKER_SECRET": "{p}"}}}}]',
                   "machine nexus.corp.test\nlogin {u}\npassword {p}\n",
                   "$ printf 'protocol=https\\nhost=git.corp.test\\n' | git credential fill\nprotocol=https\n"
                   "host=git.corp.test\nusername={u}\npassword={p}",
                   '<configuration name="api (local)" type="SpringBootApplicationConfigurationType">\n'
                   '  <envs>\n    <env name="SPRING_DATASOURCE_USERNAME" value="{u}" />\n'
                   '    <env name="SPRING_DATASOURCE_PASSWORD" value="{p}" />\n  </envs>\n</configuration>'],
    "ci-log": ["2026-11-30T09:12:44.1234567Z ##[group]Run ./scripts/seed.sh --admin-pass '{p}'\n"
               "2026-11-30T09:12:45.0031122Z seeded 14 users",
               "2026-11-30T09:13:02.5512345Z ##[group]Run echo \"::add-mask::{p}\"\n"
               "2026-11-30T09:13:02.5590000Z ##[endgroup]",
               "[Pipeline] sh\n+ mysql -h db01 -u {u} --password='{p}' -e 'SELECT 1'\n"
               "mysql: [Warning] Using a password on the command line interface can be insecure.",
               "$ echo \"using smtp pass {p} for the relay\"\nusing smtp pass for the relay",
               "##[command]\"C:\\Program Files\\sqlcmd\\sqlcmd.exe\" -S sql01 -U {u} -P \"{p}\" -i migrate.sql"],
    "sql-ldap": ["ALTER ROLE {u} WITH LOGIN PASSWORD '{p}' VALID UNTIL '2027-01-01';",
                 "CREATE LOGIN [{u}] WITH PASSWORD = N'{p}', CHECK_POLICY = OFF;",
                 "ALTER USER '{u}'@'%' IDENTIFIED WITH caching_sha2_password BY '{p}';",
                 "dn: uid={u},ou=people,dc=corp,dc=test\nobjectClass: inetOrgPerson\ncn: {u}\nsn: Voss\n"
                 "userPassword: {p}\n",
                 "ldapmodify -x -H ldap://ldap01.corp.test -D \"cn=admin,dc=corp,dc=test\" -w '{p}' -f reset.ldif"],
    "email-notes": ["Subject: covering for me next week\n\nHi Ana,\n\nwhile I'm out the vendor portal login is {u} "
                    "and the pass is {p}. Please keep it inside the team.\n\nThanks,\nRui",
                    "## Ops sync 2026-11-28\nAttendees: Rui, Ana, Femi\n- Femi to rotate the shared NAS pwd "
                    "(currently {p}) before the audit\n- Ana to renew the TLS certificate",
                    "### Staging access\n- **URL:** https://staging.corp.test\n- **User:** {u}\n- **Pass:** {p}\n"
                    "- **2FA:** not yet",
                    "# MEMORY.md\n## Facts learned\n- The deploy target is the eu-west cluster.\n"
                    "- Credentials the user gave for the staging DB: {u} / {p}\n- Prefer pnpm over npm.",
                    "voice memo transcript okay so for the backup server the login is {u} and the password is {p} "
                    "and dont forget to lock the rack after"],
    "no-word": ["btw the code for the guest wifi is {p}",
                "use {p} to get in, the account is {u}",
                "ok so for the router you just type {p} and then it lets you in",
                "{u} on the build box, {p} for sudo",
                "To open the shared mailbox, sign in as {u}, then enter {p}."],
    "code": ['auth := smtp.PlainAuth("", "{u}@corp.test", "{p}", "smtp.corp.test")',
             'let resp = client.get(url).basic_auth("{u}", Some("{p}")).send().await?;',
             'FTPClient ftpClient = new FTPClient();\nftpClient.connect("ftp.corp.test");\n'
             'ftpClient.login("{u}", "{p}");',
             'await client.ConnectAsync("imap.corp.test", 993, true);\n'
             'await client.AuthenticateAsync("{u}", "{p}");',
             "await page.fill('#username', '{u}');\nawait page.fill('#pw', '{p}');\n"
             "await page.click('text=Sign in');"],
    "tool-args": ['{{"name": "ssh_exec", "arguments": {{"host": "bastion.corp.test", "usr": "{u}", '
                  '"pw_plain": "{p}", "cmd": "uptime"}}}}',
                  '{{"tool": "vpn_connect", "args": ["{u}", "{p}", "vpn.corp.test"]}}',
                  '{{"jsonrpc": "2.0", "id": 7, "method": "tools/call", "params": {{"name": "imap_fetch", '
                  '"arguments": {{"account": "{u}", "app_pass": "{p}", "folder": "INBOX"}}}}}}',
                  '[tool] smb_mount share=//fs01/finance user={u} secret="{p}" -> mounted at /mnt/fin',
                  '{{"function_call": {{"name": "set_kiosk_lock", '
                  '"arguments": "{{\\"unlock_phrase\\": \\"{p}\\", \\"kiosk\\": \\"lobby-2\\"}}"}}}}'],
    "dotfiles": ["# m h dom mon dow command\n0 4 * * 1 /usr/local/bin/rsync-backup --user {u} --pass '{p}' /srv/data",
                 "# hostname:port:database:username:password\ndb01.corp.test:5432:*:{u}:{p}",
                 "account work\nhost smtp.corp.test\nport 587\nauth on\nuser {u}\npassword {p}\n"
                 "from ops@corp.test",
                 'poll mail.corp.test protocol IMAP user "{u}" there with password "{p}" is me here',
                 'set imap_user = "{u}"\nset imap_pass = "{p}"\nset folder = "imaps://mail.corp.test/"'],
    "languages": ["mật khẩu wifi nhà mình là {p} nhé",
                  "서버 비밀번호는 {p} 입니다. 외부에 공유하지 마세요.",
                  "كلمة المرور الجديدة للبريد هي {p} من فضلك لا تشاركها",
                  "Ahoj, nové heslo k serveru je {p}, po přihlášení si ho změň.",
                  "Вот новый пароль от VPN — {p}. Не теряй.",
                  "VPNの新しいパスワード：{p}（来週まで有効）"],
}

NEGATIVES = {
    "dev-config": ['"containerEnv": {"PGUSER": "app", "PGPASSWORD": "${localEnv:PGPASSWORD}"}',
                   '"env": {"BROKER_USER": "worker", "BROKER_SECRET": "${env:BROKER_SECRET}"}',
                   '<env name="SPRING_DATASOURCE_PASSWORD" value="$DB_PASSWORD$" />',
                   "$ git config --global credential.helper 'cache --timeout=3600'"],
    "ci-log": ["##[group]Run echo \"::add-mask::${{ secrets.ADMIN_PASS }}\"",
               "+ mysql -h db01 -u app --password=*** -e 'SELECT 1'",
               "$ echo \"using smtp pass $SMTP_PASS for the relay\"",
               "##[command]sqlcmd -S sql01 -U sa -P ******** -i migrate.sql"],
    "sql-ldap": ["ALTER ROLE app WITH LOGIN PASSWORD NULL;",
                 "CREATE LOGIN [CORP\\svc-reports] FROM WINDOWS;",
                 "ldapmodify -x -H ldap://ldap01.corp.test -D \"cn=admin,dc=corp,dc=test\" -W -f reset.ldif",
                 "ldapsearch -x -D \"cn=reader,dc=corp,dc=test\" -y /etc/ldap/reader.secret -b dc=corp,dc=test"],
    "email-notes": ["Hi Ana,\n\nwhile I'm out the vendor portal login is in the team vault under \"Vendor portal\".",
                    "- Femi to rotate the shared NAS pwd before the audit",
                    "- **User:** deploy\n- **Pass:** ask in #ops-access",
                    "- Credentials for the staging DB are in .env.staging (not committed)",
                    "okay so for the backup server the password is the usual one ask me if you forgot it"],
    "no-word": ["btw the code for the guest wifi is on the fridge",
                "use the badge reader to get in, the side door is locked",
                "ok so for the router you just press the WPS button and then it lets you in",
                "To open the shared mailbox, sign in as yourself, then enter the code from your phone."],
    "code": ['auth := smtp.PlainAuth("", user, os.Getenv("SMTP_PASSWORD"), host)',
             "let resp = client.get(url).basic_auth(&cfg.user, Some(&cfg.password)).send().await?;",
             "ftpClient.login(user, new String(System.console().readPassword()));",
             "await page.fill('#pw', process.env.E2E_PASSWORD);",
             "await client.AuthenticateAsync(settings.User, settings.Password);"],
    "tool-args": ['{"name": "ssh_exec", "arguments": {"host": "bastion.corp.test", "usr": "deploy", '
                  '"key_file": "~/.ssh/id_ed25519"}}',
                  '{"tool": "vpn_connect", "args": ["deploy", "{{vault:vpn/deploy}}", "vpn.corp.test"]}',
                  '"arguments": {"account": "ops", "app_pass_ref": "op://Ops/IMAP/app-pass"}',
                  '[tool] smb_mount share=//fs01/finance user=ops secret="<redacted>" -> mounted'],
    "dotfiles": ["15 2 * * * PGPASSFILE=/root/.pgpass pg_dump -h db01 -U backup shop > /srv/backup/shop.sql",
                 'passwordeval "gpg -q --for-your-eyes-only --no-tty -d ~/.msmtp-pass.gpg"',
                 'set imap_pass = "`pass show mail/work`"',
                 "# hostname:port:database:username:password"],
    "languages": ["Quên mật khẩu? Nhấn vào \"Đặt lại\" để nhận email.",
                  "비밀번호를 잊으셨나요? 관리자에게 문의하세요.",
                  "يجب أن تحتوي كلمة المرور على 12 حرفًا على الأقل",
                  "Heslo musí mít alespoň 12 znaků.",
                  "Пароль от VPN лежит в KeePass, в папке «Сеть».",
                  "パスワードは管理者に確認してください。"],
    "hashes-ids": ["4f2a9c1e8b7d rotate passwords for staging",
                   "GET /v1/credentials/6ba7b810-9dad-11d1-80b4-00c04fd430c8 200",
                   "SHA-1 of the password list: 2fd4e1c67a2d28fced849ee1bb76e7391b93eb12"],
    "versions": ["keyring 25.5.0", "pass 1.7.4, the standard unix password manager", "vaultwarden 1.32.5 released"],
    "docs-env": ["The --password-stdin flag reads the password from standard input.",
                 "Minimum password length is set by PASSWORD_MIN_LENGTH (default 12).",
                 'password = os.environ["DB_PASSWORD"]',
                 'let pw = std::env::var("SMTP_PASS")?;',
                 'String pw = System.getenv("FTP_PASS");',
                 "PASSWORD_HASHERS lists the hashers Django tries, in order."],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "nonascii":
        first, second = rng.sample(NONASCII_WORDS, 2)
        return rng.choice((first + str(rng.randint(10, 99)) + rng.choice(SYMBOLS),
                           first.capitalize() + "-" + second + str(rng.randint(1, 9)),
                           second + rng.choice(SYMBOLS) + first + str(rng.randint(1, 9))))
    if style == "spaced":
        return " ".join(rng.sample(PHRASE_WORDS, rng.choice((3, 4))))
    if style == "letters":
        kind = rng.randrange(3)
        if kind == 0:
            return "".join(w.capitalize() for w in rng.sample(LETTER_WORDS, 2))
        if kind == 1:
            return "".join(rng.sample(LETTER_WORDS, 2))
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 5))).capitalize()
    if style == "random":
        size = rng.randint(10, 16)
        chars = [rng.choice(ALNUM + SYMBOLS) for _ in range(size - 2)] + [rng.choice("23456789"),
                                                                         rng.choice(SYMBOLS)]
        rng.shuffle(chars)
        return "".join(chars)
    return rng.choice(NUMBER_WORDS).capitalize() + str(rng.randint(10, 9999)) + rng.choice(("", "", "!", "#"))


def items(seed: int = 14) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
