#!/usr/bin/env python3
"""Held-out set 16: what people and agents send to a model, in carriers, tools, languages and words no earlier set used.

Written on 2026-12-04 (helper set16), after set 15 had been spent, and committed with its score before any change to
the rules or the context model, by a session that had not read the misses of this set: the honest held-out figure.
Positives: chat prompts asking a model about a login that fails (`can you see why X won't work as the password for
U`, `I reset it to X but ...`, `the vault says X for U`, a new value after a rotation, a value a colleague set);
incident tickets (a Sev2 timeline, a Jira comment, an on-call note with `root/X`, a postmortem's contributing factor,
a Jira `{code}` workaround); Slack messages with mentions, emoji codes, reactions and a subteam; commit messages (a
`git log` entry, a Signed-off-by trailer, a merge body, a squash list, a conventional `fix(ci)` with a reference);
meeting notes and transcripts (WebVTT captions, a speaker-labelled transcript, minutes, a Teams chat log, standup
bullets); e-mails forwarded into a prompt (Gmail, Apple Mail and Outlook forward headers, with a request to
summarise, translate or reply); configuration of tools no set used (Telegraf, Asterisk `sip.conf`, strongSwan
`ipsec.secrets`, Icinga 2 `ApiUser`, Transmission `settings.json`, Home Assistant `secrets.yaml`); shell lines of
tools no set used (`sqlplus U/"X"@...`, `ipmitool -P`, `clickhouse-client --password`, `svn --password`, `zip -P`);
agent tool calls with odd key names (an OpenAI `function.arguments` string with `rolepass`, a Gemini `functionCall`
with `auth_material`, a `tool_use` with `imap_secret_phrase`, a LangChain `Invoking:` line with `otp_or_pw`, a
Bedrock `toolUse` with `keystore_pw_clear`); code in Kotlin (OkHttp `Credentials.basic`), Elixir (`Postgrex`), Lua
(LuaSQL `env:connect`), R (`DBI::dbConnect`) and Dart (`MySQLConnection`); chat in Catalan, Slovenian, Bulgarian,
Estonian, Swahili and Bengali. Passwords: words with letters outside ASCII (Latvian, Estonian, Slovenian,
Esperanto, Maltese, Georgian, Armenian), passphrases of three or four hand-tool words joined by blanks, letters only
(two fish names joined, or made-up syllables), random 10-16 characters with symbols, and a herb name with digits in
four layouts; from word lists that no rule example and no set 1-15 uses. Hard negatives in the same carriers: the
same sentences and files without a value, prompts, environment, vault and file references, template expressions,
`!secret`, a hashed `rpc-password`, redacted values, policy talk. Same scoring as sets 3-15 (heldout_score.py: a
value counts when findings cover all of it; values are never printed).

Score on the unchanged code (base 71cc549), scored once, before any change and without listing its misses:
password recall 98/285 = 0.344; hard negatives hit 2/57 (chat-help 0/25, incident 7/25, slack 8/25, commit 6/25,
meeting 14/25, fwd-mail 9/25, tool-config 21/30, shell 9/25, tool-args 7/25, code 17/25, languages 0/30; nonascii
24/57, spaced 7/57, letters 16/57, random 24/57, wordnum 27/57; negatives hit: incident 1/5, tool-config 1/6, the
others 0).
Scored once more after session 15's merges (prose19, tuned on set 15's misses without reading this set; blob19,
attack19, speed19; main d1f91aa), its misses still not read: 106/285 = 0.372, hard negatives 1/57 (commit 6 -> 9,
languages 0 -> 5, the other carriers unchanged, chat-help still 0/25; nonascii 26, spaced 7, letters 16, random 27,
wordnum 30; negatives hit: tool-config 1/6). Set 15 rose 0.365 -> 0.557 under the same change: most of it did not
carry to new phrasings. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout16.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 16"

NONASCII_WORDS = ("ķirsis", "zīle", "mākonis", "ābele", "jõgi", "sõnajalg", "öökull", "čebela", "žaba", "šipek",
                  "ĉevalo", "ŝipo", "ĝardeno", "ħobża", "ვაშლი", "խնձոր")
PHRASE_WORDS = ("astrolabe", "quadrant", "anvil", "tongs", "chisel", "lathe", "loom", "treadle", "distaff", "bodkin",
                "plumb", "mallet", "rasp", "auger", "adze", "caliper", "vise")
LETTER_WORDS = ("halibut", "turbot", "grayling", "burbot", "tench", "barbel", "gudgeon", "minnow", "bream",
                "pollock", "haddock", "rudd")
SYLLABLES = ("ka", "nu", "rel", "to", "bim", "sa", "quo", "fen", "di", "mar", "lu", "vet", "ox", "gra", "pim")
NUMBER_WORDS = ("fenugreek", "sumac", "galangal", "asafoetida", "tarragon", "chervil", "lovage", "borage", "hyssop",
                "savory", "angelica", "marjoram")
SYMBOLS = "!#$%&*+=?.~^-@_"
ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STYLES = ("nonascii", "spaced", "letters", "random", "wordnum")
USERS = ("r.okafor", "build-agent", "m.schubert", "svc_ingest", "ops-oncall", "j.castellanos")

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "chat-help": ["Can you see why {p} won't work as the password for {u} on the Jenkins controller? It was fine on "
                  "Monday.",
                  "I reset it to {p} but the Outlook app on my phone keeps asking for it again every few minutes. "
                  "Any ideas?",
                  "The vault says {p} for {u} on the reporting replica, but the login still bounces. Could the vault "
                  "entry be stale?",
                  "Quick one: after the rotation the new value is {p}, and Airflow's connection test for {u} fails "
                  "with 'Login failed'. What should I check first?",
                  "My colleague set {p} on the shared {u} account in Confluence and now neither of us can get in — "
                  "could SSO be overriding it?"],
    "incident": ["INC-20931 · Sev2 · Payments replica unreachable\nTimeline (UTC)\n02:41 alert fired\n02:55 on-call "
                 "rotated the replica user {u}, new credential {p}\n03:10 resolved",
                 "*Comment by Dana Whitfield* — 04/Dec/26 09:12\nRepro'd on staging. Logged in as {u} with {p}; the "
                 "export still times out after 30 s. Attaching the HAR.",
                 "On-call note (acknowledged by {u}): BMC console reachable again, root/{p} works, fan alarms "
                 "cleared.",
                 "Contributing factor: the emergency-access account {u} still had its initial password {p}, which had "
                 "been in the onboarding wiki since 2023.",
                 "h3. Workaround\n{{code}}\nexport LEGACY_ADMIN_PW='{p}'\n./migrate.sh --user {u}\n{{code}}\n"
                 "Remove once OPS-3317 ships."],
    "slack": ["<@U04QK8ZP1> :key: new pw for the grafana viewer acct is {p} — pls don't paste it in #general :pray:",
              "🔐 staging login — {u} · {p} 🙏",
              "*Thread reply* from <@U07HH2MX9>: tried {p} like you said, still 403 :thinking_face:",
              "Reminder for <!subteam^S01DBA|dba-oncall>: the replica's superuser passphrase is now {p} "
              ":white_check_mark: rotate again on 1 Jan",
              ":rotating_light: heads up <@U02XYZ>, I changed {u}'s login to {p} after the phish test.\n👀 3  ✅ 1"],
    "commit": ["commit 3f9c2ab71e0d44c1b8a9e2f6d1c0b7a4e5f60912\nAuthor: {u} <{u}@corp.test>\nDate:   Thu Dec 3 "
               "16:20:11 2026 +0100\n\n    Fix smoke test login (pw is {p} on staging now)",
               "chore(seed): default operator account {u}:{p} for local dev\n\nSigned-off-by: Ana Ruiz "
               "<ana@corp.test>",
               "Merge pull request #412 from corp/kiosk-unlock\n\nPut the tablets' unlock code {p} back until the MDM "
               "push lands",
               "Squashed commits:\n* wip\n* use {p} as the sftp password until the vault integration lands\n"
               "* fix lint",
               "fix(ci): pass the registry password ({p}) directly, the secret was not mounted on the arm64 "
               "runners\n\nRefs: INFRA-882"],
    "meeting": ["WEBVTT\n\n00:14:03.120 --> 00:14:07.900\n<v Priya Raman>So the password for the demo tenant is {p}, "
                "write that down.\n\n00:14:08.000 --> 00:14:09.500\n<v Tom Beck>Got it.",
                "Speaker 2  23:41\nfor the conference-room laptop, log in as {u}, password {p}, it's taped under "
                "the keyboard too",
                "Platform weekly, minutes (3 Dec)\nPresent: RK, MS, JO\nDecisions:\n1. Shared test account stays "
                "{u}; its password becomes {p} from Monday.\n2. Freeze starts 18 Dec.",
                "[10:02] Jonas Ortmann: ok I set the backup encryption passphrase to {p}\n[10:02] Rui Kato: noted, "
                "I'll add it to the DR doc",
                "Standup 12/04\n- Maya: blocked on the QA env, creds {u} / {p} don't work anymore\n- Li: reviewing "
                "the billing PR"],
    "fwd-mail": ["Summarise this for me please:\n\n---------- Forwarded message ---------\nFrom: IT Service Desk "
                 "<servicedesk@corp.test>\nDate: Wed, 2 Dec 2026 at 08:14\nSubject: Your new account\nTo: "
                 "{u}@corp.test\n\nHello,\nyour account has been created. Username: {u}\nTemporary password: {p}\n"
                 "You will be asked to change it at first sign-in.",
                 "Can you translate this forwarded mail into German?\n\nBegin forwarded message:\n\nFrom: Facilities "
                 "<facilities@corp.test>\nSubject: Door controller\n\nThe admin PIN for the lobby door controller "
                 "web UI changed to {p}. Please update the runbook.",
                 "Draft a polite reply to this:\n\n-----Original Message-----\nFrom: Vendor Support\nSent: Tuesday, "
                 "December 1, 2026 17:03\nSubject: RE: case 55120\n\nWe have re-enabled your portal login {u}. The "
                 "password we set is {p}; please change it.",
                 "What does this want from me?\n\n________________________________\nFrom: Reception\nSent: 01 "
                 "December 2026 11:20\nSubject: FW: scan to mail\n\nthe scanner needs the mailbox password again, "
                 "it's {p} (same account {u})",
                 "FW: Hotel wifi + VPN\nForwarded by Maria on 30/11/2026\n\nVPN fallback credentials for the "
                 "offsite: {u} and {p}. Expires Sunday."],
    "tool-config": ["# /etc/telegraf/telegraf.d/rabbitmq.conf\n[[inputs.rabbitmq]]\n  url = "
                    "\"http://mq01.corp.test:15672\"\n  username = \"{u}\"\n  password = \"{p}\"\n  nodes = "
                    "[\"rabbit@mq01\"]",
                    "; /etc/asterisk/sip.conf\n[6001]\ntype=friend\ncontext=office\nhost=dynamic\nsecret={p}\n"
                    "disallow=all\nallow=ulaw",
                    "# /etc/ipsec.secrets\n: RSA vpn-gw.key\n{u} : EAP \"{p}\"",
                    "// /etc/icinga2/conf.d/api-users.conf\nobject ApiUser \"{u}\" {{\n  password = \"{p}\"\n  "
                    "permissions = [ \"status/query\", \"objects/query/*\" ]\n}}",
                    '{{\n    "rpc-authentication-required": true,\n    "rpc-password": "{p}",\n    '
                    '"rpc-username": "{u}",\n    "rpc-whitelist-enabled": false\n}}',
                    "# Home Assistant secrets.yaml\nhome_latitude: 52.37\nmqtt_pw: \"{p}\"\nnas_user: {u}"],
    "shell": ["$ sqlplus {u}/\"{p}\"@//ora02.corp.test:1521/FINPDB\n\nSQL*Plus: Release 19.0.0.0.0 - Production\n"
              "ERROR:\nORA-01017: invalid username/password; logon denied",
              "# ipmitool -I lanplus -H bmc07.corp.test -U {u} -P '{p}' chassis power status\nChassis Power is on",
              "$ clickhouse-client --host ch01.corp.test --user {u} --password '{p}' --query 'SELECT count() FROM "
              "events'\n1842231",
              "$ svn checkout https://svn.corp.test/repo/trunk --username {u} --password '{p}' --non-interactive\n"
              "A    trunk/README",
              "$ zip -P '{p}' -r handover.zip contracts/\n  adding: contracts/ (stored 0%)"],
    "tool-args": ['{{"id": "call_7Hq2", "type": "function", "function": {{"name": "connect_database", "arguments": '
                  '"{{\\"dsn_host\\": \\"pg03.corp.test\\", \\"role\\": \\"{u}\\", \\"rolepass\\": \\"{p}\\"}}"}}}}',
                  '{{"functionCall": {{"name": "ssh_exec", "args": {{"target": "{u}@bastion.corp.test", '
                  '"auth_material": "{p}", "cmd": "uptime"}}}}}}',
                  '{{"type": "tool_use", "id": "toolu_04Rr", "name": "mailbox_sync", "input": {{"imap_host": '
                  '"imap.corp.test", "account": "{u}", "imap_secret_phrase": "{p}"}}}}',
                  "Invoking: `vpn_connect` with `{{'gateway': 'vpn.corp.test', 'user': '{u}', 'otp_or_pw': '{p}'}}`",
                  '{{"toolUse": {{"toolUseId": "tooluse_kR2", "name": "keystore_import", "input": {{"alias": "api", '
                  '"keystore_pw_clear": "{p}"}}}}}}'],
    "code": ['val client = OkHttpClient.Builder()\n    .authenticator {{ _, response ->\n        '
             'response.request.newBuilder()\n            .header("Authorization", Credentials.basic("{u}", "{p}"))\n'
             '            .build()\n    }}\n    .build()',
             '{{:ok, pid}} = Postgrex.start_link(hostname: "db01.corp.test", username: "{u}", password: "{p}", '
             'database: "ledger")',
             'local conn = assert(env:connect("inventory", "{u}", "{p}", "db02.corp.test", 3306))',
             'con <- DBI::dbConnect(RPostgres::Postgres(), host = "db04.corp.test", user = "{u}",\n'
             '                      password = "{p}", dbname = "survey")',
             "final conn = await MySQLConnection.createConnection(\n  host: 'db05.corp.test', port: 3306,\n  "
             "userName: '{u}', password: '{p}', databaseName: 'shop');"],
    "languages": ["Hola! La contrasenya nova del servidor de proves és {p}. Canvia-la quan puguis.",
                  "Živjo, geslo za testni račun je {p}. Prosim, ne deli ga naprej.",
                  "Здравей, новата парола за сървъра е {p}, смени я след първото влизане.",
                  "Tere! Testkonto parool on {p}, palun vaheta see esimesel võimalusel.",
                  "Habari, nenosiri la akaunti ya majaribio ni {p}. Tafadhali usimpe mtu yeyote.",
                  "সার্ভারের নতুন পাসওয়ার্ড হলো {p}, কাউকে বলবেন না।"],
}

NEGATIVES = {
    "chat-help": ["Can you see why my password won't work on the Jenkins controller? It was fine on Monday.",
                  "I reset it yesterday but the Outlook app on my phone keeps asking for the password again. Ideas?",
                  "The vault says the reporting DB password was rotated on 1 Dec — does the pool need a restart to "
                  "pick it up?",
                  "After the rotation, Airflow's connection test fails with 'Login failed'. The new value is in "
                  "AIRFLOW_CONN_REPORTING.",
                  "How do I make Confluence accept a password longer than 64 characters?"],
    "incident": ["02:55 on-call rotated the replica user's credential (stored in Vault at secret/payments/replica)",
                 "Logged in as qa-bot with the password from 1Password; the export still times out after 30 s.",
                 "Contributing factor: the emergency-access account still had its initial password. Action: force "
                 "rotation at first use.",
                 "{code}\nexport LEGACY_ADMIN_PW=\"$(vault kv get -field=pw secret/legacy)\"\n{code}",
                 "On-call note: BMC console reachable again, root password reset with the vendor tool, fan alarms "
                 "cleared."],
    "slack": ["<@U04QK8ZP1> :key: new pw for the grafana viewer acct is in the team vault, pls don't ask in #general "
              ":pray:",
              "🔐 staging login — ask <@U02XYZ> in a DM 🙏",
              "tried the password you sent, still 403 :thinking_face:",
              ":rotating_light: heads up, password rotation for all service accounts starts Monday\n👀 3",
              "reminder: never paste passwords here, use `/secret share` :white_check_mark:"],
    "commit": ["Fix smoke test login (read the password from SMOKE_PW)",
               "chore(seed): generate the operator password on first run\n\nSigned-off-by: Ana Ruiz <ana@corp.test>",
               "Merge pull request #412 from corp/kiosk-unlock\n\nRead the tablets' unlock code from the MDM profile",
               "Squashed commits:\n* use the sftp password from vault\n* fix lint",
               "fix(ci): mount the registry password secret on the arm64 runners\n\nRefs: INFRA-882"],
    "meeting": ["<v Priya Raman>So the password for the demo tenant is in the shared vault, I'll DM the link.",
                "Speaker 2  23:41\nfor the conference-room laptop, the password is on the label under the "
                "keyboard, I'm not saying it on a recording",
                "Decisions:\n1. The shared test account's password rotates every 30 days.\n2. Freeze starts 18 Dec.",
                "[10:02] Jonas Ortmann: ok I set the backup encryption passphrase, it's in the DR safe",
                "- Maya: blocked on the QA env, password expired, ticket raised"],
    "fwd-mail": ["---------- Forwarded message ---------\nFrom: IT Service Desk\nSubject: Your new account\n\nYour "
                 "temporary password will be sent by SMS. You will be asked to change it at first sign-in.",
                 "Begin forwarded message:\n\nThe admin PIN for the lobby door controller changed; ask Facilities "
                 "for the new one.",
                 "-----Original Message-----\nSubject: RE: case 55120\n\nWe have re-enabled your portal login. Use "
                 "'Forgot password' to choose a new password.",
                 "FW: Hotel wifi + VPN\n\nVPN fallback credentials are in the offsite folder on the share.",
                 "Subject: Password expiry notice\n\nYour password expires on 9 December. Never share your password by "
                 "e-mail."],
    "tool-config": ["[[inputs.rabbitmq]]\n  username = \"telegraf\"\n  password = \"${RABBITMQ_PASSWORD}\"",
                    "[6001]\ntype=friend\nsecret=\ncontext=office",
                    "# /etc/ipsec.secrets\n: RSA vpn-gw.key\ninclude /etc/ipsec.d/*.secrets",
                    "object ApiUser \"icingaweb\" {\n  client_cn = \"icingaweb.corp.test\"\n  "
                    "permissions = [ \"*\" ]\n}",
                    "\"rpc-password\": \"{2b6e0b9d41c1a7f0e3f8d5b2a9c4e6d1f7a3b8c5zK3pQ9xW\"",
                    "mqtt:\n  broker: mqtt.corp.test\n  password: !secret mqtt_pw"],
    "shell": ["$ sqlplus /nolog\nSQL> connect scott\nEnter password:",
              "# IPMI_PASSWORD is exported by the wrapper\n# ipmitool -I lanplus -H bmc07.corp.test -U admin -E "
              "chassis power status",
              "$ clickhouse-client --host ch01.corp.test --user default --ask-password\nPassword for user (default): ",
              "$ svn checkout https://svn.corp.test/repo/trunk --username deploy\nAuthentication realm: "
              "<https://svn.corp.test:443> Corp SVN\nPassword for 'deploy': ",
              "$ zip -e -r handover.zip contracts/\nEnter password: \nVerify password: "],
    "tool-args": ['{"function": {"name": "connect_database", "arguments": "{\\"dsn_host\\": \\"pg03.corp.test\\", '
                  '\\"role\\": \\"reports\\", \\"rolepass_ref\\": \\"aws-sm://prod/reports\\"}"}}',
                  '{"functionCall": {"name": "ssh_exec", "args": {"target": "deploy@bastion.corp.test", '
                  '"auth_material": "agent-forwarded", "cmd": "uptime"}}}',
                  '{"type": "tool_use", "name": "mailbox_sync", "input": {"imap_host": "imap.corp.test", "account": '
                  '"lena", "imap_secret_phrase": "<redacted>"}}',
                  "Invoking: `vpn_connect` with `{'gateway': 'vpn.corp.test', 'user': 'okoro', 'otp_or_pw': None}`",
                  '{"toolUse": {"toolUseId": "tooluse_kR2", "name": "keystore_import", "input": {"alias": "api", '
                  '"keystore_pw_clear": "${KEYSTORE_PW}"}}}'],
    "code": ['.header("Authorization", Credentials.basic(user, System.getenv("PROXY_PASSWORD")))',
             'Postgrex.start_link(hostname: "db01.corp.test", username: "ledger", password: '
             'System.fetch_env!("LEDGER_DB_PASS"))',
             'local conn = assert(env:connect("inventory", user, os.getenv("INV_DB_PW"), host, 3306))',
             'con <- DBI::dbConnect(RPostgres::Postgres(), user = "survey", password = keyring::key_get("survey-db"))',
             "final pw = Platform.environment['SHOP_DB_PASSWORD'] ?? '';"],
    "languages": ["Has oblidat la contrasenya? Demana'n una de nova a l'administrador.",
                  "Geslo mora imeti vsaj 12 znakov.",
                  "Паролата е изтекла, моля сменете я от портала.",
                  "Parool on salvestatud paroolihaldurisse.",
                  "Umesahau nenosiri? Wasiliana na msaada wa kiufundi.",
                  "পাসওয়ার্ড প্রতি ৯০ দিনে পরিবর্তন করুন।"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "nonascii":
        first, second = rng.sample(NONASCII_WORDS, 2)
        return rng.choice((first + second + str(rng.randint(2, 9)),
                           first.capitalize() + rng.choice(SYMBOLS) + str(rng.randint(1000, 2030)),
                           first + "_" + second))
    if style == "spaced":
        words = rng.sample(PHRASE_WORDS, rng.choice((3, 4)))
        if rng.random() < 0.3:
            words[-1] = words[-1].capitalize()
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
    return rng.choice((word.capitalize() + digits + "!", word + "#" + digits, digits + "-" + word,
                       word + digits))


def items(seed: int = 16) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
