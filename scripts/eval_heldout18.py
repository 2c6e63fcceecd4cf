#!/usr/bin/env python3
"""Held-out set 18: passwords in code review, team threads, SQL, orchestration CLIs, notebooks, odd config keys, agent
tool arguments, speech transcripts, mail and notices, and chat in fifteen languages no earlier set used.

Written on 2026-12-04 (helper set18) on main c99a811, before the prose changes of the session that started from it, by a
helper that read neither addons/detect/ nor rules/ and does not read this set's misses; committed with its one score:
the honest held-out figure. Positives (each item marks its password's span): review comments and commit messages (a
Gerrit patch-set comment, a Phabricator inline comment, a GitLab thread with a quoted line, a commit with `Reviewed-on`
and `Tested-by` trailers, a Bitbucket comment on an `appsettings` line); team threads with quoted replies (Mattermost,
Zulip `quote` block, a Matrix reply, a Google Chat thread, a Webex reply); SQL that sets a password in dialects and
shapes no set used (Snowflake `PASSWORD =`, ClickHouse `IDENTIFIED WITH sha256_password BY`, an SQL*Plus `ALTER USER ...
IDENTIFIED BY "X" ACCOUNT UNLOCK`, a cqlsh `WITH LOGIN = true AND PASSWORD =`, Redshift `ALTER USER ... PASSWORD 'X'
CONNECTION LIMIT`); orchestration command lines (`helm --set-string`, `oc login --password`, `argocd login`, `skopeo
--dest-creds`, `kubectl exec -- env PGPASSWORD=`); notebook cells (an .ipynb cell as JSON, a Colab `!qpdf --password=`,
a Databricks JDBC reader, `%env`, a DuckDB `ATTACH` libpq string); YAML/TOML/INI with key names no set used
(`unlockPhrase`, `sim_pin`, `open_sesame`, `shh`, `mailbox_key_plain`); agent tool calls with odd keys (a Mistral
`tool_calls` string with `pin`, a Cohere `tool_call` with `unlock`, a Semantic Kernel `FunctionCallContent` with
`magic_words`, a Llama Stack call with `entry_code`, a LangGraph `ToolCall` with `typed`); speech turned into text (a
meeting transcript with fillers, a voicemail transcription, a speaker-labelled transcript, a dictated message, an
auto-generated call summary); mail and notices (a password-reset notice, a mail with a signature and disclaimer, an
iCalendar invite, a welcome letter with dotted leaders, a reply under a quoted question); chat in Norwegian, Tamil,
Amharic, Urdu, Serbian (Cyrillic), Kazakh, Georgian, Armenian, Welsh, Afrikaans, Malay, Icelandic, Khmer, Telugu and
Mongolian (each in two styles). Passwords in six styles: non-Latin scripts (Cyrillic, CJK, Hangul, Thai, Arabic,
Devanagari, Georgian, Armenian words with digits or symbols), passphrases of three to five cloud names joined by blanks,
letters only (two mushroom names joined in three casings, or made-up syllables), digits (PINs of 4-12 digits, grouped or
with one symbol), random 12-20 characters with symbols, and a river name with digits in five layouts (one in leetspeak).
The word lists, the languages and most tools and key names were grepped absent from sets 1-17; where a shape is shared
with them (`IDENTIFIED BY`, helm, a quoted reply, a voice transcript) the wording is new. rules/ was not read or
grepped. Hard negatives (60, six per carrier): the same carriers talking about passwords without giving one (policy,
reset links, expiry notices), placeholders, masks, environment and vault references, input widgets, a commit hash. Same
scoring as sets 3-17 (heldout_score.py: a value counts when findings cover all of it; values are never printed).

Score on the unchanged code (main c99a811; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set18 that wrote it: password recall 70/300 = 0.233; hard negatives hit 1/60
(pr-thread 3/30, team-thread 0/30, sql-ddl 19/30, orchestration 19/30, notebook 18/30, odd-keys 0/30, agent-args 0/30,
transcript 1/30, mail-notice 8/30, multilingual 2/30; nonlatin 10/50, spaced 13/50, letters 13/50, digits 8/50, random
6/50, wordnum 20/50; negatives hit: agent-args 1/6, the others 0). A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout18.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 18"
SEED = 18

NONLATIN_WORDS = ("кукушка", "снегирь", "ветер", "гроза", "ёжик", "桜", "山茶", "月光", "龙井", "熊猫", "무지개",
                  "호랑이", "ดอกไม้", "นาฬิกา", "قمر", "सूरज", "მთვარე", "արև")
CLOUD_WORDS = ("cumulus", "cirrus", "stratus", "mammatus", "lenticular", "virga", "pileus", "fractus",
               "castellanus", "undulatus", "noctilucent", "altocumulus", "cirrostratus", "arcus", "incus", "calvus",
               "velum", "asperitas")
MUSHROOM_WORDS = ("morel", "chanterelle", "porcini", "shiitake", "enoki", "maitake", "truffle", "russula",
                  "boletus", "chaga", "reishi", "milkcap", "blewit", "inkcap")
SYLLABLES = ("ko", "va", "rin", "tu", "zel", "po", "mek", "sa", "dro", "fi", "lun", "ab", "gor", "ne", "yu")
RIVER_WORDS = ("danube", "mekong", "orinoco", "zambezi", "yukon", "volga", "limpopo", "irrawaddy", "loire",
               "tagus", "kolyma", "shannon")
LEET = str.maketrans({"a": "4", "e": "3", "i": "1", "o": "0"})
SYMBOLS = "!#$%&*+=?~^-@_:;./|()[]"
ALNUM = "abcdefghijkmnopqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
STYLES = ("nonlatin", "spaced", "letters", "digits", "random", "wordnum")
USERS = ("p.moreau", "svc-ledger", "a.nwosu", "etl_nightly", "h.takahashi", "deploy-bot3")

# Every template in every style; {p} is the password (once per template), {u} a user name; braces doubled.
CARRIERS = {
    "pr-thread": [
        "Patch Set 3: Code-Review-1\n\n(1 comment)\n\nFile deploy/bootstrap.sh:\n\nLine 14: the bootstrap still "
        "creates {u} with {p} baked in. Pull it from the keyring like the other roles, please.",
        "D4172 · inline comment on src/mailer/Transport.php:88\n  jkowalski: why is the relay login {u} / {p} "
        "committed here? We agreed on vault paths in the design review.",
        "**@{u}** started a thread on the diff\n> `smtp_relay(\"mx2.corp.test\", 587, \"relay\", \"{p}\")`\n\n"
        "**@lindqvist** replied:\nnot resolved — rotate it, this MR is visible to the whole group",
        "commit 8e1f0a7c\nAuthor: Noor Haddad <noor@corp.test>\n\n    chore(kiosk): change display unlock code\n\n"
        "    The kiosk firmware now unlocks with {p} instead of the vendor default.\n\n"
        "    Reviewed-on: https://review.corp.test/c/kiosk/+/5521\n    Tested-by: {u}",
        "Pull request #913 · comment on appsettings.Staging.json, line 27\n{u}: `\"SftpSecret\": \"{p}\"` ← that is "
        "the live one, swap it for a Key Vault reference before merging",
    ],
    "team-thread": [
        "~ops-infra\n{u}  10:02 AM\n> does anyone have the login for the old Nagios box?\nyeah nagiosadmin with {p}, "
        "nobody rotated it since 2021 :facepalm:",
        "#infra > backup restore\n**{u}**: \n```quote\n**Priya** said: what did you set on the restic repo?\n```\n"
        "it's {p} — also in the sealed envelope in the safe",
        "<{u}> > <@dana:matrix.corp.test> which key opens the LUKS partition on lab-07?\n<{u}> {p} (typed from "
        "memory, shout if it fails)",
        "Space: Field Ops · Thread\nRuth Ade, 3 min\nWhat's the login for the Leeds cage KVM again?\n  ↳ {u}, now\n"
        "  admin and {p}, same as the PDU",
        "Webex · DB migration\nTomás: \"is the replica user still on the old credentials?\"\n{u} replied to Tomás: "
        "nope, replication authenticates with {p} since Tuesday",
    ],
    "sql-ddl": [
        "CREATE USER \"{u}\" PASSWORD = '{p}' DEFAULT_ROLE = ANALYST MUST_CHANGE_PASSWORD = FALSE;",
        "CREATE USER IF NOT EXISTS `{u}` IDENTIFIED WITH sha256_password BY '{p}' HOST IP '10.20.0.0/16';",
        "SQL> ALTER USER app_reader IDENTIFIED BY \"{p}\" ACCOUNT UNLOCK;\n\nUser altered.\n\nSQL> exit",
        "cqlsh> CREATE ROLE IF NOT EXISTS reporting WITH LOGIN = true AND PASSWORD = '{p}';\ncqlsh> GRANT SELECT "
        "ON KEYSPACE metrics TO reporting;",
        "-- requested by {u}\nALTER USER etl_loader PASSWORD '{p}' CONNECTION LIMIT 5;",
    ],
    "orchestration": [
        "$ helm upgrade --install grafana grafana/grafana -n mon --set-string adminPassword='{p}' --reuse-values\n"
        "Release \"grafana\" has been upgraded. Happy Helming!",
        "$ oc login https://api.ocp.corp.test:6443 --username={u} --password '{p}' --insecure-skip-tls-verify\n"
        "Login successful.",
        "$ argocd login argocd.corp.test --username {u} --password \"{p}\" --grpc-web\n'{u}:login' logged in "
        "successfully",
        "$ skopeo copy --dest-creds '{u}:{p}' docker://quay.io/acme/api:1.9 docker://registry.corp.test/acme/"
        "api:1.9\nCopying blob 4f4fb700ef54 done",
        "$ kubectl -n db exec -it pg-0 -- env PGPASSWORD='{p}' psql -U {u} -h localhost -c 'select 1'\n ?column?\n"
        "----------\n        1",
    ],
    "notebook": [
        '{{"cell_type": "code", "execution_count": 3, "metadata": {{}}, "source": ["import ftplib\\n", "ftp = '
        'ftplib.FTP_TLS(\\"ftp.corp.test\\")\\n", "ftp.login(\\"{u}\\", \\"{p}\\")\\n"], "outputs": []}}',
        "# Colab cell 4\n!qpdf --password='{p}' --decrypt /content/drive/MyDrive/payslips.pdf /content/out.pdf",
        "%python\njdbc_url = \"jdbc:sqlserver://sql03.corp.test:1433;database=ops\"\ndf = (spark.read.format(\"jdbc\")"
        ".option(\"url\", jdbc_url)\n      .option(\"user\", \"{u}\").option(\"password\", \"{p}\")\n      "
        ".option(\"dbtable\", \"dbo.tickets\").load())",
        "%env SNOWSQL_PWD={p}\n%sql snowflake://{u}@acme-xy123/ANALYTICS",
        "import duckdb\nduckdb.sql(\"ATTACH 'host=pg05.corp.test user={u} password={p} dbname=gis' AS gis "
        "(TYPE postgres)\")",
    ],
    "odd-keys": [
        "# charts/kiosk/values.yaml\nkiosk:\n  operator: {u}\n  unlockPhrase: \"{p}\"\n  idleTimeout: 300",
        "[uplink.modem]\napn = \"iot.corp\"\nsim_pin = \"{p}\"\nroaming = false",
        "[remote \"nas\"]\nhost = nas02.corp.test\nlogin = {u}\nopen_sesame = {p}\nretries = 3",
        "accounts:\n  - name: {u}\n    shh: '{p}'\n    groups: [wheel, backup]",
        "[smtp]\nrelay = \"mx3.corp.test:587\"\nmailbox = \"{u}\"\nmailbox_key_plain = \"{p}\"",
    ],
    "agent-args": [
        '{{"tool_calls": [{{"id": "D681PevKs", "type": "function", "function": {{"name": "unlock_safe", '
        '"arguments": "{{\\"safe\\": \\"finance-2\\", \\"pin\\": \\"{p}\\"}}"}}}}]}}',
        '{{"type": "tool_call", "id": "vpn_7", "name": "vpn_connect", "parameters": {{"profile": "emea", '
        '"account": "{u}", "unlock": "{p}"}}}}',
        'FunctionCallContent(plugin_name="Mail", function_name="connect_imap", arguments={{"mailbox": "{u}", '
        '"magic_words": "{p}"}})',
        '{{"role": "assistant", "content": "", "tool_calls": [{{"call_id": "c-77", "tool_name": "router_admin", '
        '"arguments": {{"ip": "192.168.8.1", "entry_code": "{p}"}}}}]}}',
        "ToolCall(name='rdp_open', args={{'target': 'ts01.corp.test', 'as_user': '{u}', 'typed': '{p}'}}, "
        "id='call_Q9')",
    ],
    "transcript": [
        "00:14:07 Speaker 2: okay so the login is uh {u} and then the password is, um, {p}, let me know if that "
        "doesn't go through",
        "Voicemail (0:42)\n\"Hi it's Dev from the warehouse, the scanner gun login got reset, it's now {p}, call me "
        "back if it still locks you out. Bye.\"",
        "Kenji Ito  3:12\nright, and for the staging box you just type {p}. Yeah. Same user as before.\n\n"
        "Maria Lopez  3:20\ngot it, thanks",
        "Dictated message to Sam: the guest network key is {p} period see you at nine",
        "Call summary (auto-generated): Caller ({u}) verified identity. Agent set a temporary sign-in phrase {p} and "
        "advised the caller to change it at next login.",
    ],
    "mail-notice": [
        "From: IT Service Desk <servicedesk@corp.test>\nSubject: Your password has been reset\n\nHello {u},\n\n"
        "As requested, your password was reset. Use {p} to sign in once; you will then choose a new one.\n\n"
        "IT Service Desk",
        "Hi Mark,\n\nthe shared drive for the auditors is up. They sign in as {u} with {p} until Friday.\n\nBest,\n"
        "Lena Fischer\nSenior Controller | Acme Ltd.\n\nThis message may contain confidential information. If you "
        "received it in error, delete it.",
        "BEGIN:VEVENT\nSUMMARY:Vendor sync\nDESCRIPTION:Join https://meet.corp.test/j/84120937\\nMeeting password: "
        "{p}\\nOrganiser: {u}\nEND:VEVENT",
        "Welcome aboard!\n\nYour accounts are ready:\n  Sign-in name ....... {u}\n  Initial passphrase . {p}\n"
        "  Badge PIN .......... on your badge sleeve\n\nPlease change the passphrase on first login.",
        "On Thu, 3 Dec 2026 at 17:40, Omar wrote:\n> Can you resend the login for the test tenant?\n\nSure — {u} / "
        "{p}. Please don't forward this.\n\n--\nJ. Okafor\nQA Lead",
    ],
}

# Fifteen languages, each in two styles (template i in styles i and i + 3, so every style five times).
LANGUAGES = [
    "Kan du logge inn som {u} med {p} og sjekke loggene før møtet?",
    "வணக்கம், சோதனை கணக்கின் புதிய கடவுச்சொல் {p} — யாரிடமும் பகிர வேண்டாம்.",
    "ሰላም፣ የሙከራ አገልጋዩ አዲሱ የይለፍ ቃል {p} ነው። ለማንም አታጋራ።",
    "السلام علیکم، ٹیسٹ سرور کا نیا پاس ورڈ {p} ہے، براہ کرم کسی کو نہ بتائیں۔",
    "Ћао, нова лозинка за {u} на тест серверу је {p}, промени је после првог пријављивања.",
    "Сәлем! Тест серверінің жаңа құпия сөзі: {p}. Ешкімге айтпа.",
    "გამარჯობა, სატესტო სერვერის ახალი პაროლია {p}, არავის გაუზიარო.",
    "Բարև, թեստային սերվերի նոր գաղտնաբառը {p} է, ոչ մեկի հետ մի կիսվիր։",
    "Helo, y cyfrinair newydd i'r gweinydd prawf yw {p} — paid â'i rannu.",
    "Hallo, die nuwe wagwoord vir {u} op die toetsbediener is {p}, moenie dit deel nie.",
    "Boleh log masuk sebagai {u} guna {p}? Kata laluan tu baru ditukar pagi tadi.",
    "Geturðu skráð þig inn sem {u} með {p} og athugað afritin?",
    "សួស្តី ពាក្យសម្ងាត់ថ្មីសម្រាប់ម៉ាស៊ីនមេសាកល្បង គឺ {p} សូមកុំចែករំលែក។",
    "హాయ్, టెస్ట్ సర్వర్ కొత్త పాస్‌వర్డ్ {p}, ఎవరికీ చెప్పకండి.",
    "Сайн уу, туршилтын серверийн шинэ нууц үг {p}, хэнд ч битгий хэлээрэй.",
]

NEGATIVES = {
    "pr-thread": [
        "Patch Set 4: Code-Review+2\n\nThanks for moving the relay password into the keyring, looks good now.",
        "D4173 · inline comment on src/mailer/Transport.php:88\n  jkowalski: the password must be at least 16 "
        "characters here, the validator still allows 8",
        "commit 2b7c4e1\n\n    fix(auth): read ADMIN_PASSWORD from the environment instead of config.yml\n\n"
        "    Reviewed-on: https://review.corp.test/c/core/+/5530",
        "Pull request #914 · comment\nplease replace `\"SftpSecret\": \"<set-in-keyvault>\"` with a Key Vault "
        "reference before merging",
        "Merged 9f2c1d7e4a8b3f6051c2d9e7a4b8f1c3d5e6a7b9 (rotate-db-creds): password rotation script, see the "
        "runbook",
        "LGTM once `password: ********` in the fixture is replaced by the factory default",
    ],
    "team-thread": [
        "~ops-infra\nnadia  10:02 AM\n> does anyone have the login for the old Nagios box?\nit's in the team "
        "vault under Infra/Nagios, don't paste it here :pray:",
        "#infra > backup restore\nwhat did you set on the restic repo? I can't remember if it was the long "
        "passphrase or the short one",
        "<dana> which key opens the LUKS partition on lab-07?\n<mo> check the escrow in the safe, I never had it",
        "Webex · IT news: passwords now expire every 180 days, the reset page is https://id.corp.test/reset",
        "Ruth Ade: pw rotated for the KVM, the new one is in the vault entry kvm-leeds",
        "<ops-bot> Password for @svc-deploy changed by an administrator (audit id 55120)",
    ],
    "sql-ddl": [
        "CREATE USER analyst_ro PASSWORD = '<generated>' DEFAULT_ROLE = ANALYST MUST_CHANGE_PASSWORD = TRUE;",
        "SQL> ALTER USER app_reader IDENTIFIED BY &new_password ACCOUNT UNLOCK;",
        "ALTER USER etl_loader PASSWORD DISABLE;  -- IAM authentication only from now on",
        "cqlsh> CREATE ROLE IF NOT EXISTS reporting WITH LOGIN = true;  -- certificate auth only",
        "-- Passwords of service roles are issued by the database secrets engine; never write them here.",
        "SELECT usename, valuntil FROM pg_user WHERE passwd IS NOT NULL ORDER BY usename;",
    ],
    "orchestration": [
        "$ helm upgrade --install grafana grafana/grafana -n mon --set admin.existingSecret=grafana-admin "
        "--reuse-values",
        "$ oc login https://api.ocp.corp.test:6443 --web",
        "$ argocd login argocd.corp.test --sso --grpc-web",
        "$ skopeo copy --authfile ~/.config/containers/auth.json docker://quay.io/acme/api:1.9 "
        "docker://registry.corp.test/acme/api:1.9",
        "$ kubectl -n db exec -it pg-0 -- env PGPASSWORD=\"$PGPASSWORD\" psql -U app -h localhost",
        "$ podman login registry.corp.test -u deploy --password-stdin < /run/secrets/registry",
    ],
    "notebook": [
        "from ipywidgets import Password\nbox = Password(description='Password:', placeholder='type it here')\n"
        "display(box)",
        "%env SNOWSQL_PWD=\n%sql snowflake://analyst@acme-xy123/ANALYTICS  # the password comes from the env",
        "%python\ndf = (spark.read.format(\"jdbc\").option(\"user\", dbutils.secrets.get(\"ops\", \"sql-user\"))\n"
        "      .option(\"password\", dbutils.secrets.get(\"ops\", \"sql-pass\")).load())",
        "duckdb.sql(\"ATTACH '' AS gis (TYPE postgres)\")  # libpq reads PGPASSWORD from the environment",
        "Out[9]: 'Password must contain at least one digit and one symbol.'",
        "# mount Drive instead of pasting credentials into the notebook\nfrom google.colab import drive\n"
        "drive.mount('/content/drive')",
    ],
    "odd-keys": [
        "kiosk:\n  operator: kiosk\n  unlockPhrase: \"${KIOSK_UNLOCK}\"\n  idleTimeout: 300",
        "[uplink.modem]\napn = \"iot.corp\"\nsim_pin = \"\"  # ask the NOC\nroaming = false",
        "[remote \"nas\"]\nhost = nas02.corp.test\nopen_sesame_file = /etc/nas/sesame.key",
        "accounts:\n  - name: backup\n    shh: !vault-ref ops/backup\n    groups: [wheel]",
        "[smtp]\nrelay = \"mx3.corp.test:587\"\nmailbox_key_plain = \"CHANGE_ME\"",
        "# passphrase_min_length = 14\n# passphrase_history = 5\nlockout_after = 6",
    ],
    "agent-args": [
        '{"tool_calls": [{"function": {"name": "unlock_safe", "arguments": "{\\"safe\\": \\"finance-2\\", '
        '\\"pin\\": \\"<ask-user>\\"}"}}]}',
        '{"type": "tool_call", "name": "vpn_connect", "parameters": {"profile": "emea", "unlock": null}}',
        'FunctionCallContent(plugin_name="Mail", function_name="connect_imap", arguments={"mailbox": "ops", '
        '"magic_words": "{{vault:ops/imap}}"})',
        '{"tool_name": "router_admin", "arguments": {"ip": "192.168.8.1", "entry_code": "$ROUTER_CODE"}}',
        "ToolCall(name='rdp_open', args={'target': 'ts01.corp.test', 'typed': '********'}, id='call_Q9')",
        '{"name": "ask_user", "arguments": {"question": "What is the password for the staging database?"}}',
    ],
    "transcript": [
        "00:14:07 Speaker 2: okay so the password is, uh, in the email I sent you this morning",
        "Voicemail (0:31)\n\"Hi it's Dev, the scanner gun login got reset, call me back and I'll read you the new "
        "one.\"",
        "Kenji Ito  3:12\nthe password has to be twelve characters with one number, that's the policy now",
        "Dictated note: remind me to reset my bank password tomorrow",
        "Call summary (auto-generated): Caller verified identity. Agent sent a password reset link to the "
        "registered address.",
        "00:31:02 Speaker 1: don't say the password out loud on the recording, type it in the chat",
    ],
    "mail-notice": [
        "Subject: Reset your password\n\nWe received a request to reset your password. Open the service portal "
        "and choose Forgot password. If you didn't ask for this, ignore this message.",
        "Your password will expire in 5 days. Go to the service portal to change it.\n\n--\nIT Service Desk",
        "BEGIN:VEVENT\nSUMMARY:Vendor sync\nDESCRIPTION:Join https://meet.corp.test/j/84120937 (no meeting "
        "password needed)\nEND:VEVENT",
        "Welcome aboard!\n\n  Initial passphrase . sent separately by text message\n  Badge PIN .......... on your "
        "badge sleeve",
        "> Can you resend the login for the test tenant?\n\nI can't e-mail passwords, I've shared it through the "
        "vault link.\n\n--\nJ. Okafor\nQA Lead",
        "Password changed\n\nThe password for your account was changed on 4 Dec 2026 at 09:12 UTC. If this wasn't "
        "you, contact the service desk.",
    ],
    "multilingual": [
        "Passordet må være minst 12 tegn langt.",
        "உங்கள் கடவுச்சொல்லை மறந்துவிட்டீர்களா? மீட்டமை என்பதை அழுத்தவும்.",
        "Лозинка мора да има најмање 12 знакова.",
        "პაროლი უნდა შეიცავდეს მინიმუმ 12 სიმბოლოს.",
        "Kata laluan anda akan tamat tempoh dalam 7 hari.",
        "የይለፍ ቃልዎን ረስተዋል? ዳግም ለማስጀመር እዚህ ይጫኑ።",
    ],
}

Item = heldout_score.Item
MARK = "\x00password\x00"  # stands for the value while a template is filled, so its span is known exactly


def password(rng: random.Random, style: str) -> str:
    if style == "nonlatin":
        first, second = rng.sample(NONLATIN_WORDS, 2)
        return rng.choice((first + str(rng.randint(10, 9999)), first + rng.choice("-_.!") + second,
                           first.capitalize() + second + rng.choice("!?#")))
    if style == "spaced":
        words = rng.sample(CLOUD_WORDS, rng.randint(3, 5))
        if rng.random() < 0.3:
            words[0] = words[0].capitalize()
        return " ".join(words)
    if style == "letters":
        kind = rng.randrange(4)
        if kind == 3:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(4, 6)))
        first, second = rng.sample(MUSHROOM_WORDS, 2)
        return (first.capitalize() + second.capitalize(), first + second, (first + second).upper())[kind]
    if style == "digits":
        kind = rng.randrange(5)
        if kind == 0:
            return f"{rng.randint(0, 9999):04d}"
        if kind == 1:
            return f"{rng.randint(0, 999999):06d}"
        if kind == 2:
            return str(rng.randint(10**7, 10**12 - 1))
        if kind == 3:
            return f"{rng.randint(0, 9999):04d}{rng.choice('- ')}{rng.randint(0, 9999):04d}"
        return f"{rng.randint(0, 9999999):07d}{rng.choice('#*!')}"
    if style == "random":
        size = rng.randint(12, 20)
        chars = [rng.choice(ALNUM + SYMBOLS) for _ in range(size - 2)] + [rng.choice("23456789"),
                                                                         rng.choice(SYMBOLS)]
        rng.shuffle(chars)
        return "".join(chars)
    river = rng.choice(RIVER_WORDS)
    digits = str(rng.randint(10, 9999))
    return rng.choice((river.capitalize() + "#" + digits, river + "_" + digits, digits + river + "!",
                       river.upper() + "-" + digits, river.capitalize().translate(LEET) + "!"))


def fill(rng: random.Random, carrier: str, style: str, template: str) -> Item:
    value = password(rng, style)
    marked = template.format(p=MARK, u=rng.choice(USERS))
    start = marked.index(MARK)
    return Item(carrier, style, marked.replace(MARK, value), value, start)


def items(seed: int = SEED) -> list[Item]:
    """Every carrier template in every style, then each language in its two styles (draws in this order)."""
    rng = random.Random(seed)
    out = [fill(rng, carrier, style, template)
           for carrier, templates in CARRIERS.items() for template in templates for style in STYLES]
    for number, template in enumerate(LANGUAGES):
        for shift in (0, 3):
            out.append(fill(rng, "multilingual", STYLES[(number + shift) % len(STYLES)], template))
    return out


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
