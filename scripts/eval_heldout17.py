#!/usr/bin/env python3
"""Held-out set 17: prompts asking a model for help with a login that fails, and more carriers no earlier set used.

Written on 2026-12-04 (helper set17), after set 16 had been spent, and committed with its score before any change to
the rules or the context model, by a session that had not read the misses of this set: the honest held-out figure.
Positives: forty chat prompts asking a model why a login or an unlock fails, typed the way people type to a chat
model (lower case, typos, run-on sentences, the value quoted or bare, mid-sentence or at the end, named `pwd`,
`passcode`, `pass phrase`, `pass`, `creds`, `login`, `key to the box`, `master pass`, `pin` or not named at all;
each prompt in one style, eight per style); prompts asking a model to write a script or file that uses the value;
prompts with pasted error output (a Ruby `Net::IMAP` error, a debug log with an LDAP bind, an installer's banner, an
Ansible failure with its inventory line, `schtasks /rp`); support tickets (a helpdesk ticket, a Zendesk quote, a
Freshdesk internal note, a ServiceNow RITM comment, a customer mail signed from a phone); pasted terminal sessions
of tools no set used (`hdbsql -p`, `cf login -p`, `cypher-shell -p`, `etcdctl --user U:X`, `pscp -pw`); agent tool
calls with odd key names (a Responses API `function_call` with `sesame`, an AI SDK `tool-call` with
`domain_pass_plain`, a `tool_use` with `unlock_words`, an AutoGen `text_to_type`, an Ollama `tool_calls` with
`ftp_word`); configuration of tools no set used (NUT `upsd.users`, a Bacula director, Odoo `admin_passwd`, Murmur
`murmur.ini`, a Deluge `auth` file, `.mbsyncrc`); runbooks and notes (numbered steps, a Markdown table, a GitHub
note block, a task list, a bullet cheat sheet); chat exports (WhatsApp iOS and Android, Telegram, Discord,
iMessage); code in Swift (`URLCredential`), Scala (doobie `Transactor`), Haskell (`connectPassword`), Julia
(`DBInterface.connect`) and Clojure (next.jdbc spec); chat in Greek, Hebrew, Hindi, Lithuanian, Basque and Tagalog.
Passwords: words with letters outside ASCII (Icelandic, Turkish, Polish, Lithuanian, Vietnamese, Greek, Danish,
Swedish), passphrases of three or four bread names joined by blanks, letters only (two gem names joined, or made-up
syllables), random 10-16 characters with symbols, and a metal name with digits in four layouts; from word lists that
no rule example and no set 1-16 uses. Hard negatives in the same carriers: the same prompts, tickets, sessions and
files without a value, key stores and prompts for the value, environment lookups, `PassCmd`, policy talk. Same
scoring as sets 3-16 (heldout_score.py: a value counts when findings cover all of it; values are never printed).

Score on the unchanged code (base 8874e5e), scored once, before any change and without listing its misses, by the
helper set17 that wrote it (main 8874e5e, addons/ and rules/ untouched): password recall 108/300 = 0.360; hard
negatives hit 4/58 (chat-help 9/40, chat-script 7/25, chat-paste 18/25, ticket 11/25, terminal 7/25, tool-args 3/25,
tool-config 17/30, runbook 7/25, code 16/25, messenger 7/25, languages 6/30; nonascii 27/60, spaced 13/60, letters
14/60, random 34/60, wordnum 20/60; negatives hit: tool-config 2/6, code 2/5, the others 0).
Scored once more after prose20 (tuned on sets 15 and 16, without reading this set; main 7 commits on), misses still
unread: 113/300 = 0.377, hard negatives 4/58 (chat-help 9 -> 10/40, ticket 11 -> 13, languages 6 -> 8, the other
carriers unchanged; random 34 -> 37, nonascii 27 -> 28, wordnum 20 -> 21). A change guided by this set's misses
spends it.

    .venv/bin/python scripts/eval_heldout17.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 17"

NONASCII_WORDS = ("fjörður", "jökull", "çiçek", "ağaç", "güneş", "łąka", "żuraw", "ąžuolas", "ežeras", "sông",
                  "mưa", "βουνό", "κύμα", "ørn", "kråka")
PHRASE_WORDS = ("focaccia", "ciabatta", "bagel", "baguette", "challah", "bannock", "strudel", "crouton", "bialy",
                "matzo", "lavash", "chapati", "injera", "tortilla", "kaiser")
LETTER_WORDS = ("topaz", "beryl", "jasper", "agate", "onyx", "opal", "spinel", "peridot", "tourmaline", "jade",
                "amber", "citrine", "morganite")
SYLLABLES = ("zo", "pel", "ri", "ga", "nu", "vok", "te", "shu", "lam", "bri", "on", "kez", "dru", "ya", "mip")
NUMBER_WORDS = ("wolfram", "bismuth", "gallium", "indium", "tellurium", "niobium", "vanadium", "osmium", "iridium",
                "rhodium", "hafnium")
SYMBOLS = "!#$%&*+=?.~^-@_"
ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STYLES = ("nonascii", "spaced", "letters", "random", "wordnum")
USERS = ("t.nakagawa", "ci-runner7", "e.lindqvist", "svc_billing2", "k.adeyemi", "backup-op")

# Forty prompts, each in one style (styles in turn): {p} is the password, {u} a user name.
CHAT_HELP = [
    "why does my login keep failing?? im typing {p} exactly and it says invalid credentials on the vpn portal",
    "hey so i cant get into my work laptop anymore, the pwd is {p} and it just shakes the box. and no its "
    "not capslock",
    "help pls, gitlab says wrong password for {u} but i KNOW its {p} i literally just changed it",
    "my router admin page wont take '{p}' anymore after the firmware update, how do i reset without losing settings",
    "is there something wrong with using {p} as a passcode on an iphone? it keeps saying passcode incorrect right "
    "after i set it",
    "ok weird one. ssh {u}@build02 asks for password, i give it {p}, permission denied (publickey,password). what "
    "gives",
    "can u help me figure out why psql rejects me, user {u} pass {p}, pg_hba looks fine to me",
    "the creds they gave me are {u} / {p} but the sftp server hangs up right after auth, is it a firewall thing?",
    "Im locked out of the nas. tried {p} like 5 times now and now it says account locked for 30 min. how long is "
    "the lockout actually",
    "my moms wifi pass phrase is {p} and her new tv wont connect to it, does the tv not like some characters?",
    "windows keeps saying the user name or password is incorrect when i RDP in as {u} with {p}, but it works on the "
    "console",
    "mysql keeps throwing error 1045 at me for '{u}'@'localhost' (using password: YES) — the one i set was {p}, did "
    "the ALTER USER not take?",
    "keepass wont open my db with the master pass {p} , did i mess up the key file or is the db corrupted",
    "what am i missing here, npm login against our verdaccio asks for username, i give {u} and then paste {p} and "
    "get E401",
    "I just need to get into the grafana admin, login is admin and i set it to {p} in the env file but it still "
    "wants the old one",
    "hi! bitlocker recovery isnt the issue, its the pin. i set {p} as the pin and now the preboot screen says its "
    "wrong",
    "teh key to the box is {p} but sudo says sorry try again, am i even in sudoers?",
    "jenkins agent cant connect, i put {p} as the secret for {u} in the node config and it still says authentication "
    "failed",
    "ugh. outlook keeps popping up the login window. entered {p} for {u}@corp.test like a hundred times. modern auth "
    "issue?",
    "pls explain why redis says WRONGPASS invalid username-password pair when i do AUTH {u} {p}",
    "so i changed the pw to {p} on the website but the mobile app still logs me out every time, do i need to "
    "reinstall",
    "my login for the school portal is {u} and the password is {p} but it says session expired instantly. chrome "
    "issue?",
    "can you check if {p} would fail the complexity rules on active directory? it got rejected when i tried to set "
    "it for {u}",
    "vault login -method=userpass username={u} → i type {p} → 'invalid username or password'. is this a policy "
    "problem?",
    "why wont my zip open, i zipped it with {p} yesterday and today 7zip says wrong password",
    "hey, the passcode for the server room keypad is {p} but the door just beeps twice, is that a battery thing?",
    "the creds in the handover doc say {u} {p} for the ups web ui and they dont work, whats the reset procedure for "
    "an apc card",
    "trying to connect dbeaver to our oracle db, user {u}, pwd: {p}, getting ORA-28000 account is locked. does that "
    "mean the pw is right?",
    "my ssh key passphrase is {p} and ssh-add keeps saying bad passphrase, im 100% sure thats it",
    "quick q - ftp login with {u} + {p} returns 530 login incorrect but filezilla remembers it fine, how do i see "
    "what filezilla sends",
    "wifi at the office: network is CORP-GUEST, password {p}. my linux laptop says secrets were required but not "
    "provided what does that mean",
    "im trying to log in to the mikrotik with {u} and {p} and winbox says wrong username or password after the "
    "upgrade to v7",
    "I reset the password for {u} to {p} in the admin panel an hour ago and the user still can't sign in, is there "
    "a sync delay with entra?",
    "login keeps failing on my psn account, i use {p} and it says sign-in id or password incorrect",
    "is it normal that the rabbitmq management ui rejects {u} with {p}? i created the user with rabbitmqctl "
    "add_user just now",
    "okay so my banking app wont accept my passcode {p} anymore after the update, is it the app or me",
    "the mqtt broker rejects my esp32 with rc=5, user {u} pw {p} in the sketch, what does rc 5 mean",
    "Hello, I need help. My account {u} on the HR portal doesn't accept {p} since this morning. I didn't change "
    "anything.",
    "curl -u {u}:{p} https://api.corp.test/v2/health gives me 401 but the same login works in the browser?? whats "
    "different",
    "why is my login failing, the pass is \"{p}\" and it has worked for months on the jira server, did anything change "
    "in 9.x?",
]

# Every template in every style.
CARRIERS = {
    "chat-script": ["write me a python script that logs into https://intranet.corp.test with username {u} and "
                    "password {p} and downloads the monthly report pdf",
                    "can you make a powershell one-liner that maps \\\\fs01\\share as Z: using my account {u}, pass "
                    "is {p}",
                    "generate a docker-compose.yml for postgres 16 with the superuser password set to {p}, and a "
                    "pgadmin next to it",
                    "i need a cron job that rsyncs /data to the backup box every night, the box login is {u} and {p} "
                    "(no ssh keys allowed there sadly)",
                    "Write a Selenium test that signs in as {u} with {p} and checks that the dashboard title is "
                    "'Overview'."],
    "chat-paste": ["what does this error mean?\n\nsync.rb:41:in `login': Invalid credentials (Failure) "
                   "(Net::IMAP::NoResponseError)\n\nline 41 is imap.login('{u}', '{p}')",
                   "2026-12-04 07:58:13,502 DEBUG auth: trying LDAP bind dn=uid={u},ou=people password='{p}'\n"
                   "2026-12-04 07:58:13,590 ERROR auth: invalid credentials (49)\n\nwhy is the bind failing?",
                   "this is what the installer printed, is it safe to ignore the warning?\n\n[WARN] Using a generated "
                   "admin password\n[INFO] Admin user: {u}\n[INFO] Admin password: {p}\n[INFO] Listening on :8443",
                   "ansible fails with this, help\n\nfatal: [web03]: UNREACHABLE! => {{\"changed\": false, \"msg\": "
                   "\"Invalid/incorrect password: Permission denied, please try again.\", \"unreachable\": true}}\n\n"
                   "my inventory line is web03 ansible_user={u} ansible_password='{p}'",
                   "any idea why this fails\n\n> schtasks /create /tn nightly-export /tr C:\\jobs\\export.cmd "
                   "/sc daily /ru CORP\\{u} /rp \"{p}\"\nERROR: The user name or password is incorrect."],
    "ticket": ["Ticket #88412 — Priority: High\nRequester: {u}\nSubject: Cannot log in to payroll\nDescription: Since "
               "this morning the payroll site rejects my password {p}. I have not changed it. Please help urgently.",
               "[Zendesk] Request #20517 \"VPN not connecting\"\n\n{u} wrote:\n> hi, the vpn client says auth failed. "
               "my login is {u} and pw {p}, i changed it yesterday through the portal",
               "Freshdesk ticket 4471 | Status: Open | Agent note (internal): customer confirmed their store admin "
               "password is {p}; reproduced the lockout on our side.",
               "ServiceNow RITM0031187\nShort description: Shared mailbox access\nAdditional comments: the shared "
               "mailbox {u} now signs in with {p}, please add it to the scanner profile on floor 3.",
               "Hi support team,\n\nI can't access my account ({u}). I tried {p} and also resetting it, but the "
               "reset email never arrives.\n\nThanks,\nSam\n\nSent from my iPhone"],
    "terminal": ["$ hdbsql -n hana01.corp.test:30015 -u {u} -p '{p}' \"SELECT CURRENT_USER FROM DUMMY\"\n"
                 "CURRENT_USER\n\"{u}\"\n1 row selected (overall time 412 usec)",
                 "$ cf login -a https://api.cf.corp.test -u {u} -p '{p}' -o finance -s prod\nAPI endpoint: "
                 "https://api.cf.corp.test\n\nAuthenticating...\nOK",
                 "$ cypher-shell -a neo4j://graph01.corp.test:7687 -u {u} -p '{p}'\nConnected to Neo4j using Bolt "
                 "protocol version 5.4 at neo4j://graph01.corp.test:7687.\nneo4j@neo4j>",
                 "$ etcdctl --endpoints=https://etcd1.corp.test:2379 --user '{u}:{p}' get /config/flags\n"
                 "/config/flags\n{{\"beta\":true}}",
                 "C:\\Users\\ops> pscp -pw \"{p}\" {u}@files.corp.test:/exports/q4.csv .\nq4.csv                    "
                 "| 812 kB | 812.0 kB/s | ETA: 00:00:00 | 100%"],
    "tool-args": ['{{"type": "function_call", "call_id": "call_Zx81", "name": "login_portal", "arguments": '
                  '"{{\\"site\\": \\"hr.corp.test\\", \\"who\\": \\"{u}\\", \\"sesame\\": \\"{p}\\"}}"}}',
                  '{{"type": "tool-call", "toolCallId": "call_8mW", "toolName": "smb_mount", "args": {{"share": '
                  '"//fs02/finance", "domain_user": "{u}", "domain_pass_plain": "{p}"}}}}',
                  '{{"type": "tool_use", "id": "toolu_9KpL", "name": "wallet_unlock", "input": {{"wallet": "ops", '
                  '"unlock_words": "{p}"}}}}',
                  "[autogen] Suggested tool call (call_q3): browser_fill\nArguments:\n{{\"selector\": \"#signin "
                  "input[type=password]\", \"text_to_type\": \"{p}\"}}",
                  '{{"message": {{"role": "assistant", "tool_calls": [{{"function": {{"name": "ftp_upload", '
                  '"arguments": {{"ftp_acct": "{u}", "ftp_word": "{p}", "path": "/in"}}}}}}]}}}}'],
    "tool-config": ["# /etc/nut/upsd.users\n[{u}]\n    password = {p}\n    upsmon primary",
                    "# /etc/bacula/bacula-dir.conf\nDirector {{\n  Name = bacula-dir\n  DIRport = 9101\n  Password = "
                    "\"{p}\"\n  Messages = Daemon\n}}",
                    "; /etc/odoo/odoo.conf\n[options]\nadmin_passwd = {p}\ndb_host = pg01.corp.test\ndb_user = {u}\n"
                    "addons_path = /opt/odoo/addons",
                    "; /etc/mumble-server.ini\ndatabase=/var/lib/mumble-server/mumble-server.sqlite\nport=64738\n"
                    "serverpassword={p}\nusers=50",
                    "# ~/.config/deluge/auth\n{u}:{p}:10",
                    "# ~/.mbsyncrc\nIMAPAccount work\nHost mail.corp.test\nUser {u}\nPass \"{p}\"\nSSLType IMAPS"],
    "runbook": ["## Restoring the wiki\n1. SSH to wiki01 as `{u}`\n2. Unlock the backup volume with `{p}`\n3. Run "
                "`restore.sh latest`",
                "| System | User | Password |\n|---|---|---|\n| Kiosk admin | {u} | {p} |\n| Guest wifi | guest | "
                "see poster |",
                "> [!NOTE]\n> The break-glass login for the firewall is {u} / {p} — reset it after every use.",
                "- [ ] rotate printer admin pw (currently `{p}`)\n- [x] renew TLS cert\n- [ ] upgrade NAS firmware",
                "Onboarding cheat sheet\n• Laptop login: your AD account\n• Shared drive: {u}, password {p}\n"
                "• Coffee machine: press and hold for 3 s"],
    "code": ['let credential = URLCredential(user: "{u}", password: "{p}", persistence: .forSession)\n'
             'session.dataTask(with: request) {{ data, _, _ in print(data?.count ?? 0) }}.resume()',
             'val xa = Transactor.fromDriverManager[IO](\n  "org.postgresql.Driver", '
             '"jdbc:postgresql://db06.corp.test/claims", "{u}", "{p}", None\n)',
             'conn <- connect defaultConnectInfo\n  {{ connectHost = "db07.corp.test", connectUser = "{u}"\n  , '
             'connectPassword = "{p}", connectDatabase = "metrics" }}',
             'conn = DBInterface.connect(MySQL.Connection, "db08.corp.test", "{u}", "{p}"; db="telemetry")',
             '(def db {{:dbtype "postgresql" :host "db09.corp.test" :dbname "orders" :user "{u}" :password "{p}"}})\n'
             '(def ds (jdbc/get-datasource db))'],
    "messenger": ["[04/12/2026, 09:41:22] Mehmet: the wifi at the cabin is {p} btw\n"
                  "[04/12/2026, 09:41:40] Ana: 👍",
                  "04/12/2026, 21:03 - Lukas: dad the streaming login is your email and {p}, dont change it again "
                  "pls",
                  "Yuki Sato, [04.12.26 10:15]\n[Forwarded from IT Bot]\nYour one-time login for the kiosk: {u} / "
                  "{p}",
                  "Mira — Today at 4:12 PM\n@everyone server pw for the minecraft realm is now {p}, rejoin after the "
                  "restart",
                  "Today 8:14 PM\nhey its me, garage door app login is {u} pw {p} if you need it\nDelivered"],
    "languages": ["Γεια σου, ο νέος κωδικός για τον διακομιστή δοκιμών είναι {p}, άλλαξέ τον μετά την πρώτη σύνδεση.",
                  "היי, הסיסמה החדשה לשרת היא {p}, אל תשתף אותה עם אף אחד.",
                  "नमस्ते, टेस्ट अकाउंट का पासवर्ड {p} है, कृपया किसी को मत बताना।",
                  "Labas, naujas serverio slaptažodis yra {p}, pakeisk jį po pirmo prisijungimo.",
                  "Kaixo, proba-zerbitzariaren pasahitz berria {p} da, aldatu lehenbailehen.",
                  "Uy, ang bagong password ng test account ay {p}, palitan mo agad pagka-login mo."],
}

NEGATIVES = {
    "chat-help": ["why does my login keep failing on the vpn portal?? and no its not capslock",
                  "help pls, gitlab says wrong password but i literally just changed it an hour ago",
                  "mysql keeps throwing error 1045 (using password: YES) at our app user — what are the usual "
                  "causes",
                  "keepass wont open my db with the master pass, did i mess up the key file or is the db corrupted",
                  "my ssh key passphrase keeps getting rejected by ssh-add, how do i reset it if i forgot it",
                  "whats a sensible password policy for a small office? min length, rotation, that kind of thing"],
    "chat-script": ["write me a python script that logs into the intranet with the username and password from "
                    "INTRANET_USER and INTRANET_PASS",
                    "can you make a powershell one-liner that maps \\\\fs01\\share as Z: and prompts for my password",
                    "generate a docker-compose.yml for postgres 16 with the superuser password read from a docker "
                    "secret",
                    "i need a cron job that rsyncs /data to the backup box every night using the ssh key in "
                    "~/.ssh/backup_ed25519",
                    "Write a Selenium test that signs in with the credentials from the CI secrets and checks the "
                    "dashboard title."],
    "chat-paste": ["what does this error mean?\n\nsync.rb:41:in `login': Invalid credentials (Failure) "
                   "(Net::IMAP::NoResponseError)",
                   "2026-12-04 07:58:13,502 DEBUG auth: trying LDAP bind dn=uid=svc,ou=people password=<hidden>\n"
                   "2026-12-04 07:58:13,590 ERROR auth: invalid credentials (49)",
                   "[WARN] No admin password set; run `app admin reset` to choose one\n[INFO] Listening on :8443",
                   "fatal: [web03]: UNREACHABLE! => {\"changed\": false, \"msg\": \"Invalid/incorrect password: "
                   "Permission denied, please try again.\", \"unreachable\": true}",
                   "> schtasks /create /tn nightly-export /tr C:\\jobs\\export.cmd /sc daily /ru CORP\\ops /rp *\n"
                   "Please enter the run as password for CORP\\ops:"],
    "ticket": ["Ticket #88413 — Subject: Cannot log in to payroll\nDescription: Since this morning the payroll site "
               "rejects my password. Please reset it.",
               "[Zendesk] Request #20518: the vpn client says auth failed after I reset my password yesterday through "
               "the portal",
               "Agent note (internal): customer verified identity via callback; reset link e-mailed to them.",
               "RITM0031188: please reset the shared mailbox password and store it in the CyberArk safe OPS-MAIL.",
               "Hi support team, I forgot my password and the reset e-mail never arrives. Thanks, Sam"],
    "terminal": ["$ hdbsql -n hana01.corp.test:30015 -U BACKUPKEY \"SELECT 1 FROM DUMMY\"",
                 "$ cf login -a https://api.cf.corp.test --sso\nTemporary Authentication Code ( Get one at "
                 "https://login.cf.corp.test/passcode ):",
                 "$ cypher-shell -a neo4j://graph01.corp.test:7687 -u neo4j\npassword: ********",
                 "$ etcdctl --endpoints=https://etcd1.corp.test:2379 --cert=/etc/etcd/client.pem "
                 "--key=/etc/etcd/client-key.pem get /config/flags",
                 "C:\\Users\\ops> pscp -i C:\\keys\\deploy.ppk deploy@files.corp.test:/exports/q4.csv ."],
    "tool-args": ['{"type": "function_call", "name": "login_portal", "arguments": "{\\"site\\": \\"hr.corp.test\\", '
                  '\\"who\\": \\"mia\\", \\"sesame_ref\\": \\"op://hr/portal\\"}"}',
                  '{"type": "tool-call", "toolCallId": "call_8mW", "toolName": "smb_mount", "args": {"share": '
                  '"//fs02/finance", "domain_user": "ops", "domain_pass_plain": null}}',
                  '{"type": "tool_use", "name": "wallet_unlock", "input": {"wallet": "ops", "unlock_words": '
                  '"[REDACTED]"}}',
                  "[autogen] Suggested tool call (call_q3): browser_fill\nArguments:\n{\"selector\": \"#signin "
                  "input[type=password]\", \"text_to_type\": \"{{secrets.PORTAL_PW}}\"}",
                  '{"function": {"name": "ftp_upload", "arguments": {"ftp_acct": "drop", "ftp_word": "$FTP_WORD", '
                  '"path": "/in"}}}'],
    "tool-config": ["# /etc/nut/upsd.users — passwords are set by the nut-setup role\n[monuser]\n    upsmon secondary",
                    "Director {\n  Name = bacula-dir\n  Password = \"@/etc/bacula/dir-password\"\n}",
                    "[options]\nadmin_passwd = False\nlist_db = False\ndb_user = odoo",
                    "; /etc/mumble-server.ini\nserverpassword=\nport=64738",
                    "# deluge auth: one line per user, user:password:level — see the wiki",
                    "IMAPAccount work\nHost mail.corp.test\nUser mia\nPassCmd \"pass show corp/imap\""],
    "runbook": ["## Restoring the wiki\n1. SSH to wiki01\n2. Unlock the backup volume with the key from the safe\n3. "
                "Run `restore.sh latest`",
                "| System | User | Password |\n|---|---|---|\n| Kiosk admin | kiosk | in 1Password |",
                "> [!NOTE]\n> The break-glass login for the firewall is in the sealed envelope — reset it after "
                "every use.",
                "- [ ] rotate printer admin pw\n- [x] renew TLS cert",
                "Onboarding cheat sheet\n• Laptop login: your AD account\n• Shared drive: ask IT for access"],
    "code": ['let credential = URLCredential(user: user, password: keychain.password(for: "api"), '
             'persistence: .forSession)',
             'val xa = Transactor.fromDriverManager[IO]("org.postgresql.Driver", url, user, sys.env("CLAIMS_DB_PW"), '
             'None)',
             'connectPassword = fromMaybe "" pw',
             'conn = DBInterface.connect(MySQL.Connection, host, user, ENV["TELEMETRY_DB_PW"]; db="telemetry")',
             '(def db {:dbtype "postgresql" :user "orders" :password (System/getenv "ORDERS_DB_PW")})'],
    "messenger": ["[04/12/2026, 09:41:22] Mehmet: the wifi code is taped inside the cupboard\n"
                  "[04/12/2026, 09:41:40] Ana: 👍",
                  "04/12/2026, 21:03 - Lukas: dad please stop changing the streaming password",
                  "Yuki Sato, [04.12.26 10:15]\n[Forwarded from IT Bot]\nYour one-time login link was sent to your "
                  "phone.",
                  "Mira — Today at 4:12 PM\n@everyone realm password changed, check the pinned message in #mods",
                  "Today 8:14 PM\nhey can you send me the garage door app password\nDelivered"],
    "languages": ["Ξέχασες τον κωδικό σου; Πάτησε «Επαναφορά» για να λάβεις email.",
                  "הסיסמה חייבת להכיל לפחות 12 תווים.",
                  "पासवर्ड हर 90 दिन में बदलना ज़रूरी है।",
                  "Slaptažodis turi būti bent 12 simbolių ilgio.",
                  "Pasahitza ahaztu duzu? Jarri harremanetan laguntza-zerbitzuarekin.",
                  "Nakalimutan mo ang password? Pindutin ang I-reset para makatanggap ng email."],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "nonascii":
        first, second = rng.sample(NONASCII_WORDS, 2)
        return rng.choice((first + second + str(rng.randint(2, 9)),
                           first.capitalize() + rng.choice(SYMBOLS) + str(rng.randint(1000, 2030)),
                           first + "." + second))
    if style == "spaced":
        words = rng.sample(PHRASE_WORDS, rng.choice((3, 4)))
        if rng.random() < 0.3:
            words[0] = words[0].capitalize()
        return " ".join(words)
    if style == "letters":
        kind = rng.randrange(3)
        if kind == 0:
            first, second = rng.sample(LETTER_WORDS, 2)
            return first.capitalize() + second.capitalize()
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
    return rng.choice((word.capitalize() + digits + "!", word + "_" + digits, digits + word,
                       word.upper() + digits))


def items(seed: int = 17) -> list[Item]:
    """The forty chat prompts first (styles in turn), then every other carrier template in every style."""
    rng = random.Random(seed)
    chat = []
    for number, template in enumerate(CHAT_HELP):
        style = STYLES[number % len(STYLES)]
        value = password(rng, style)
        chat.append(Item("chat-help", style, template.format(p=value, u=rng.choice(USERS)), value))
    return chat + heldout_score.generate(seed + 1, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
