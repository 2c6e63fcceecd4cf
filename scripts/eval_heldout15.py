#!/usr/bin/env python3
"""Held-out set 15: what agents send to a model, in carriers, tools, languages and words no earlier set used.

Written on 2026-12-04 (helper set15), after set 14 had been spent, and committed with its score before any change to
the rules or the context model, by a session that had not read the misses of this set: the honest held-out figure.
Positives: chat prompts asking a model for help with a failing login (a 401 after authenticating as U and sending X,
a value an SFTP server refuses, `'invalid credentials' for U / X`, a value typed exactly as written, a database
client that rejects it); pasted terminal sessions (`mongosh --password`, MinIO `mc alias set`, `echo X | sudo -S`,
`xfreerdp /p:`, `openssl ... -passout pass:`); agent tool calls (a `tool_use` block with a `login_secret`, an HTTP
tool's password-grant body, form-filling selectors and values, a `write_file` of a `.env`, a `shell` command with
`lftp -u U,X`); code-review diffs and comments adding a password (Django `EMAIL_HOST_PASSWORD`, a quoted
`pymssql.connect` line under a review remark, Alertmanager `smtp_auth_password`, a Dockerfile `chpasswd`, a GitHub
suggestion block); configuration of tools no set used (davfs2 `secrets`, Postfix `sasl_passwd`, PgBouncer
`userlist.txt`, rabbitmq.conf `default_pass`, dbt `profiles.yml`); error logs (a Python traceback with the call's
arguments, an SMTP client debug line, a JSON log with an odd key, a PHP stack trace, Rails request parameters);
tickets (a GitHub issue's environment list, a support note, a ServiceNow work note, a checklist card, a helpdesk
update); documentation drafts (a README setup step, a runbook step, a console transcript in RST, a docstring, an
AsciiDoc definition list); chat in Finnish, Hungarian, Romanian, Thai, Croatian and Persian. Passwords: words with
letters outside ASCII (Finnish, Hungarian, Romanian, Ukrainian, Icelandic, Lithuanian, Greek, Thai), passphrases of
three or four words joined by blanks, letters only (two bird names joined, or made-up syllables), random 10-16
characters with symbols, and a word with digits in four layouts; from word lists that no rule example and no set 1-14
uses. Hard negatives in the same carriers: the same sentences and files without a value, prompts, environment and
file references, template expressions, redacted and filtered values, policy talk. Same scoring as sets 3-14
(heldout_score.py: a value counts when findings cover all of it; values are never printed).

Score on the unchanged code (base df7ea5c), scored once before its misses were read: password recall 84/230 =
0.365; hard negatives hit 2/46 (chat-help 0/25, terminal 8/25, tool-args 19/25, review-diff 14/25, tool-config 8/25,
error-log 11/25, ticket 3/25, docs-draft 17/25, languages 4/30; nonascii 20/46, spaced 11/46, letters 13/46, random
20/46, wordnum 20/46; negatives hit: terminal 1/5, tool-args 1/5, the others 0).
Scored once more after the change that followed it (d94274f: generic-password-attempt, `tried X three times and got
locked out`, guided by set 13's misses, not this set's; its misses were still not read): unchanged, 84/230 = 0.365,
hard negatives 2/46, every carrier and style as above (the set holds no `tried X` report). The writer of this set
made that change, knowing the set's carriers though not its misses; a change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout15.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 15"

NONASCII_WORDS = ("mökki", "pöllö", "tündér", "szőlő", "pădure", "ciocârlie", "їжачок", "ґудзик", "þoka",
                  "žąsis", "κέδρος", "μέλισσα", "มะม่วง", "ทะเล", "hűtő", "ştiucă")
PHRASE_WORDS = ("feldspar", "obsidian", "gneiss", "galena", "cinnabar", "malachite", "olivine", "zircon", "pyrite",
                "oboe", "cornet", "tuba", "sitar", "harmonium", "colander", "ladle", "trivet", "tureen", "ramekin")
LETTER_WORDS = ("plover", "curlew", "bittern", "dunlin", "godwit", "lapwing", "avocet", "grebe", "shrike",
                "wagtail", "siskin", "linnet")
SYLLABLES = ("vo", "tri", "las", "mun", "ek", "pa", "zor", "il", "dra", "ben", "ko", "sut", "ja", "wem", "ro")
NUMBER_WORDS = ("medlar", "sloe", "bilberry", "cloudberry", "lingonberry", "tayberry", "pomelo", "rambutan",
                "longan", "celeriac", "salsify", "rutabaga")
SYMBOLS = "!#$%&*+=?.~^-@"
ALNUM = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789"
STYLES = ("nonascii", "spaced", "letters", "random", "wordnum")
USERS = ("lena.m", "okoro", "svc_reports", "p.halvorsen", "qa-bot", "t.nakamura")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "chat-help": ["The staging API answers 401 whenever I authenticate as {u} and send {p} — what am I doing "
                  "wrong? The docs say basic auth should work.",
                  "Why would the SFTP server refuse {p}? I copied it from the onboarding doc, the user is {u}.",
                  "help: the dashboard says 'invalid credentials' for {u} / {p} even though caps lock is off",
                  "I typed {p} exactly as the admin wrote it and Grafana still bounces me back to the login page. "
                  "Is there a lockout after 5 tries?",
                  "Can you tell me why DBeaver rejects the connection? Host db02.corp.test, user {u}, and I "
                  "entered {p} in the field, error is FATAL 28P01."],
    "terminal": ["$ mongosh \"mongodb://db04.corp.test:27017\" --username {u} --password '{p}' "
                 "--authenticationDatabase admin\nCurrent Mongosh Log ID: 6571a2f0c9e1\nConnecting to: "
                 "mongodb://<credentials>@db04.corp.test:27017/\nMongoServerError: Authentication failed.",
                 "$ mc alias set minio https://s3.corp.test {u} '{p}'\nAdded `minio` successfully.",
                 "deploy@web03:~$ echo '{p}' | sudo -S systemctl restart nginx\n[sudo] password for deploy: "
                 "\ndeploy@web03:~$",
                 "$ xfreerdp /v:ts01.corp.test /u:{u} '/p:{p}' /cert:ignore\n[09:12:44:118] [4127:4128] [INFO]"
                 "[com.freerdp.core] - freerdp_connect:freerdp_set_last_error_ex resetting error state",
                 "$ openssl pkcs12 -export -in api.crt -inkey api.key -out api.p12 -passout 'pass:{p}'\n$ ls\n"
                 "api.crt  api.key  api.p12"],
    "tool-args": ['{{"type": "tool_use", "id": "toolu_01XbQ", "name": "browser_login", "input": {{"site": '
                  '"https://crm.corp.test", "login": "{u}", "login_secret": "{p}"}}}}',
                  '{{"tool_name": "http_request", "parameters": {{"method": "POST", "url": '
                  '"https://auth.corp.test/oauth/token", "body": {{"grant_type": "password", "username": "{u}", '
                  '"password": "{p}"}}}}}}',
                  '{{"name": "fill_form", "arguments": {{"fields": [{{"selector": "#user", "value": "{u}"}}, '
                  '{{"selector": "#passwd", "value": "{p}"}}]}}}}',
                  '{{"name": "write_file", "arguments": {{"path": ".env.local", "content": '
                  '"SMTP_HOST=smtp.corp.test\\nSMTP_USER={u}\\nSMTP_PASS={p}\\n"}}}}',
                  '{{"name": "shell", "arguments": {{"command": "lftp -u {u},\'{p}\' sftp://files.corp.test '
                  '-e \'ls; bye\'"}}}}'],
    "review-diff": ["--- a/shop/settings.py\n+++ b/shop/settings.py\n@@ -41,4 +41,4 @@\n EMAIL_HOST = "
                    "\"smtp.corp.test\"\n EMAIL_HOST_USER = \"{u}\"\n-EMAIL_HOST_PASSWORD = os.environ[\"EMAIL_PW\"]"
                    "\n+EMAIL_HOST_PASSWORD = \"{p}\"  # TODO revert before merge",
                    "> +    conn = pymssql.connect(\"sql05.corp.test\", \"{u}\", \"{p}\", \"reports\")\n\n"
                    "Please don't hardcode this, read it from the settings like the other jobs do.",
                    "diff --git a/alertmanager.yml b/alertmanager.yml\n@@ -1,5 +1,6 @@\n global:\n"
                    "   smtp_smarthost: 'smtp.corp.test:587'\n   smtp_auth_username: '{u}'\n"
                    "+  smtp_auth_password: '{p}'",
                    "--- a/Dockerfile\n+++ b/Dockerfile\n@@ -7,2 +7,3 @@\n RUN useradd -m {u}\n"
                    "+RUN echo \"{u}:{p}\" | chpasswd\n USER {u}",
                    "Suggested change:\n```suggestion\nKIOSK_UNLOCK = \"{p}\"\n```\nThis matches what the "
                    "lobby tablets use."],
    "tool-config": ["# /etc/davfs2/secrets\n# server-or-mountpoint  user  password\n"
                    "https://dav.corp.test/remote.php/webdav {u} \"{p}\"",
                    "# /etc/postfix/sasl_passwd\n[smtp.corp.test]:587 {u}:{p}",
                    "; /etc/pgbouncer/userlist.txt\n\"{u}\" \"{p}\"\n\"pgbouncer_admin\" \"SCRAM-SHA-256$4096:"
                    "aGVsbG8=$abc=:def=\"",
                    "# /etc/rabbitmq/rabbitmq.conf\nlisteners.tcp.default = 5672\ndefault_user = {u}\n"
                    "default_pass = {p}\nloopback_users.guest = false",
                    "shop_analytics:\n  target: dev\n  outputs:\n    dev:\n      type: postgres\n"
                    "      host: db02.corp.test\n      user: {u}\n      pass: \"{p}\"\n      dbname: analytics\n"
                    "      schema: dbt_dev"],
    "error-log": ["Traceback (most recent call last):\n  File \"/opt/sync/run.py\", line 88, in <module>\n"
                  "    smb_connect(\"{u}\", \"{p}\", \"fs02\")\n  File \"/opt/sync/smb.py\", line 12, in smb_connect\n"
                  "    raise LogonError(\"STATUS_LOGON_FAILURE\")\nsmb.LogonError: STATUS_LOGON_FAILURE",
                  "2026-12-02 03:14:07,412 DEBUG mailer.smtp AUTH PLAIN user={u} pass={p} -> 535 5.7.8 "
                  "Authentication credentials invalid",
                  '{{"level":"warn","ts":"2026-12-02T03:14:07Z","caller":"auth/login.go:88","msg":"login failed",'
                  '"user":"{u}","attempted_secret":"{p}","remote":"10.0.4.7"}}',
                  "PHP Fatal error:  Uncaught mysqli_sql_exception: Access denied for user '{u}'@'10.0.4.9' in "
                  "/var/www/html/inc/db.php:4\nStack trace:\n#0 /var/www/html/inc/db.php(4): mysqli->__construct("
                  "'db03', '{u}', '{p}', 'erp')\n#1 {{main}}",
                  "Started POST \"/session\" for 10.0.4.7 at 2026-12-02 03:14:07 +0000\nProcessing by "
                  "SessionsController#create as HTML\n  Parameters: {{\"authenticity_token\"=>\"[FILTERED]\", "
                  "\"user\"=>{{\"email\"=>\"{u}@corp.test\", \"pass_phrase\"=>\"{p}\"}}}}\nCompleted 401 "
                  "Unauthorized in 12ms"],
    "ticket": ["### Environment\n- OS: Ubuntu 24.04\n- Browser: Firefox 133\n- Test account: {u} / {p}\n\n"
               "### What happened\nThe export button does nothing.",
               "Customer says they still cannot log into the portal. They gave us their current password ({p}) "
               "so we could reproduce; please make them reset it once this is closed.",
               "INC0041822 | Short description: shared kiosk account locked | Work notes: unlocked {u}, "
               "gave the user {p} as a one-off, must change at next logon",
               "Card: Onboard Priya\nChecklist:\n[x] laptop imaged\n[x] VPN — initial pw {p}\n[ ] badge photo",
               "Ticket #88213 update from Helpdesk: your account {u} has been unlocked. Sign in with {p} and "
               "choose a new one when prompted."],
    "docs-draft": ["## Local setup\n\nStart the database with `make db`, then log in to the admin UI with the "
                   "seeded account (`{u}`, password `{p}`).",
                   "Step 4. When the installer asks for the keystore passphrase, use {p} (the same one as last "
                   "year), then accept the defaults.",
                   ".. code-block:: console\n\n   $ vendorctl login --user {u}\n   Password: {p}\n   Logged in.",
                   'def open_console():\n    """Open the lab switch console.\n\n    The console password is {p}; '
                   'the enable secret is the same.\n    """',
                   "[horizontal]\nHost:: lab-sw01.corp.test\nAccount:: {u}\nInitial secret:: {p}\n"
                   "Owner:: network team"],
    "languages": ["Hei! Tulostimen hallintapaneelin uusi salasana on {p}, vaihda se kun ehdit.",
                  "Szia, a teszt fiók jelszava: {p} — kérlek ne oszd meg senkivel.",
                  "Salut, parola pentru contul de test este {p}. Spune-mi dacă nu merge.",
                  "รหัสผ่านใหม่ของเซิร์ฟเวอร์คือ {p} นะครับ",
                  "Lozinka za bazu je {p}, promijeni je nakon prve prijave.",
                  "رمز عبور جدید سرور {p} است. لطفاً آن را به کسی نگویید."],
}

NEGATIVES = {
    "chat-help": ["I keep getting a 401 from the staging API when I log in — what am I doing wrong? The token is "
                  "in the Authorization header.",
                  "Why would the SFTP server refuse my password? I reset it this morning.",
                  "help: the dashboard says 'invalid credentials' even though caps lock is off",
                  "My login to Grafana fails with the password from the vault, is there a lockout after 5 tries?",
                  "Can you tell me why the password field stays red even when it meets all the rules?"],
    "terminal": ["$ mongosh \"mongodb://db04.corp.test:27017\" --username admin --password "
                 "--authenticationDatabase admin\nEnter password: ",
                 "$ mc alias set minio https://s3.corp.test \"$MINIO_USER\" \"$MINIO_PASS\"",
                 "deploy@web03:~$ sudo systemctl restart nginx\n[sudo] password for deploy: \nSorry, try again.",
                 "$ xfreerdp /v:ts01.corp.test /u:ops /from-stdin /cert:ignore\nPassword: ",
                 "$ openssl pkcs12 -export -in api.crt -inkey api.key -out api.p12 -passout env:P12_PASS"],
    "tool-args": ['{"type": "tool_use", "name": "browser_login", "input": {"site": "https://crm.corp.test", '
                  '"login": "lena", "login_secret_ref": "vault:crm/lena"}}',
                  '{"tool_name": "http_request", "parameters": {"method": "POST", "url": '
                  '"https://auth.corp.test/oauth/token", "body": {"grant_type": "client_credentials", '
                  '"client_id": "reports"}}}',
                  '{"name": "fill_form", "arguments": {"fields": [{"selector": "#passwd", '
                  '"value": "{{ secrets.CRM_PASSWORD }}"}]}}',
                  '{"name": "write_file", "arguments": {"path": ".env.example", "content": '
                  '"SMTP_USER=\\nSMTP_PASS=\\n"}}',
                  '{"name": "shell", "arguments": {"command": "lftp -u deploy --env-password sftp://files.corp.test '
                  '-e \'ls; bye\'"}}'],
    "review-diff": ["+EMAIL_HOST_PASSWORD = os.environ[\"EMAIL_HOST_PASSWORD\"]",
                    "+  smtp_auth_password_file: /etc/alertmanager/smtp_password",
                    "+RUN echo \"app:$(openssl rand -base64 18)\" | chpasswd",
                    "nit: the password comparison on line 42 should use hmac.compare_digest",
                    "+    client.login(username=user, password=get_test_password())"],
    "tool-config": ["# /etc/davfs2/secrets\n# server-or-mountpoint  user  password\n/mnt/dav",
                    "smtp_sasl_password_maps = hash:/etc/postfix/sasl_passwd",
                    "auth_type = scram-sha-256\nauth_file = /etc/pgbouncer/userlist.txt",
                    "default_user = app\n# default_pass comes from RABBITMQ_DEFAULT_PASS",
                    "      user: analytics\n      pass: \"{{ env_var('DBT_PASSWORD') }}\""],
    "error-log": ["psycopg.OperationalError: connection failed: FATAL:  password authentication failed for user "
                  "\"reports\"",
                  "2026-12-02 03:14:07,412 DEBUG mailer.smtp AUTH PLAIN user=alerts pass=<hidden> -> 535 5.7.8",
                  '{"level":"warn","msg":"login failed","user":"lena","reason":"bad_password","attempts":3}',
                  "#0 /var/www/html/inc/db.php(4): mysqli->__construct('db03', 'erp', "
                  "Object(SensitiveParameterValue), 'erp')",
                  "  Parameters: {\"user\"=>{\"email\"=>\"lena@corp.test\", \"password\"=>\"[FILTERED]\"}}"],
    "ticket": ["Customer cannot log into the portal because the password reset e-mail expired; sent a new link.",
               "INC0041822 | shared kiosk account locked | Work notes: unlocked, user sets a new password at "
               "next logon",
               "- Test account: see the 1Password item \"QA staging\"",
               "[x] VPN — initial pw sent by SMS",
               "Ticket #88213 update: the password policy now requires 14 characters."],
    "docs-draft": ["Log in to the admin UI with the seeded account; its password is printed once by `make db`.",
                   "When the installer asks for the keystore passphrase, use the one stored in the team vault.",
                   "   $ vendorctl login --user admin\n   Password: ********",
                   "Account:: deploy\nInitial secret:: generated on first boot",
                   '    """The console password is read from LAB_CONSOLE_PW."""'],
    "languages": ["Unohditko salasanan? Pyydä uusi ylläpitäjältä.",
                  "A jelszónak legalább 12 karakterből kell állnia.",
                  "Parola a expirat, te rog s-o schimbi din portal.",
                  "กรุณาเปลี่ยนรหัสผ่านทุก 90 วัน",
                  "Lozinka je spremljena u upravitelju lozinki.",
                  "رمز عبور را فراموش کرده‌اید؟ با پشتیبانی تماس بگیرید."],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "nonascii":
        first, second = rng.sample(NONASCII_WORDS, 2)
        return rng.choice((first + str(rng.randint(2, 9)) + second,
                           first.capitalize() + rng.choice(SYMBOLS) + str(rng.randint(1000, 2030)),
                           first + "-" + second + "-" + str(rng.randint(10, 99))))
    if style == "spaced":
        words = rng.sample(PHRASE_WORDS, rng.choice((3, 4)))
        if rng.random() < 0.4:
            words[0] = words[0].capitalize()
        return " ".join(words)
    if style == "letters":
        kind = rng.randrange(3)
        if kind == 0:
            first, second = rng.sample(LETTER_WORDS, 2)
            return first + second.capitalize()
        if kind == 1:
            return "".join(rng.sample(LETTER_WORDS, 2))
        return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6)))
    if style == "random":
        size = rng.randint(10, 16)
        chars = [rng.choice(ALNUM + SYMBOLS) for _ in range(size - 2)] + [rng.choice("23456789"),
                                                                         rng.choice(SYMBOLS)]
        rng.shuffle(chars)
        return "".join(chars)
    word = rng.choice(NUMBER_WORDS)
    digits = str(rng.randint(10, 9999))
    return rng.choice((word + digits, word.capitalize() + "_" + digits, digits + word,
                       word.capitalize() + "." + digits))


def items(seed: int = 15) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
