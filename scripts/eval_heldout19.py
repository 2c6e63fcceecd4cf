#!/usr/bin/env python3
"""Held-out set 19: passwords in on-call notes, support replies, infrastructure values, shell history, agent actions,
voice transcripts, European letters, code comments, password-store exports and Wi-Fi notes.

Written on 2026-12-04 (helper set19) on main f26f787, before the changes of session 17, by a helper that read neither
addons/detect/ nor rules/ and does not read this set's misses; committed with its one score: the honest held-out
figure. Positives (each item marks its password's span), ten carriers of 30, worded unlike sets 1-18: on-call
handovers and post-incident reviews (a shift handover list, a review timeline, a PagerDuty note on keepalived's VRRP
`auth_pass`, a "what went wrong" section, an on-call week log with an iLO reset, a handoff with a sudo step);
support replies that quote a user (an e-mail reply quoting `my login is U and the pw is X`, an Intercom
conversation, an e-mail ticket, an internal phone-verification note, a case reply under a quoted line, a live-chat
transcript); infrastructure values pasted in chat with key names that are not `password` (a Salt pillar, Helm values,
a Terraform module block, Puppet Hiera, a Pulumi stack file, a Chef data bag); shell history (bash `history` numbers
with `chpasswd`, zsh extended history with `passwd --stdin`, `mysqladmin ... password`, `mosquitto_passwd -b`,
`vncpasswd -f`, `ldappasswd -s`); agent actions whose keys do not name a password (a computer-use `type` action, an
MCP `tools/call` with a positional `argv`, a Playwright `browser_fill_form`, a positional `target` array inside an
`arguments` string, a `secret_phrase`, a smolagents code action); voice turned into text (SRT captions of a
screencast, a phone verification call, a voice-message transcription, a speaker-labelled transcript, a dictation with
spoken punctuation, a meeting bot's action items); letters and notices in German (two), Spanish, French, Portuguese
and Dutch (`Kennwort lautet`, `contraseña temporal`, `mot de passe est :`, `senha provisória`, `gewijzigd naar`);
code comments and docstrings (a `# temp creds` line, a Python docstring, a `// FIXME`, a JSDoc `@example`, an SQL
`-- NOTE`, an HTML comment); password-store and browser exports (Firefox CSV, KeePass XML, Bitwarden JSON, Apple
Passwords CSV, a LastPass secure note, `pass show` output); Wi-Fi and router notes (`netsh wlan ... key=clear`, macOS
`security find-generic-password -wa`, OpenWrt UCI, MikroTik, a tenant's Markdown notes, Android
`WifiConfigStore.xml`). Passwords in five styles of 60: human-chosen (a pet or city name with a year or digits and a
symbol, or a month and year), leetspeak words with a symbol and digits, passphrases of three to five sailing words
(blanks, hyphens, or run together with a digit), generated 12-24 characters (most with symbols), and letters only
(an insect and a dessert joined), where three templates whose carrier makes a PIN the credential (a phone
verification, a passcode read out to support, a voice message about an alarm code) take a 4-8 digit PIN instead. The
word lists, tools and key names were grepped absent from sets 1-18; rules/ was not read or grepped. Hard negatives
(60, six per carrier): the same carriers talking about passwords without giving one (reset links, policy, expiry,
prompts, vault and environment references, masked and encrypted values, empty fields). Same scoring as sets 3-18
(heldout_score.py: a value counts when findings cover all of it; values are never printed).

Score on the unchanged code (main f26f787; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set19 that wrote it: password recall 90/300 = 0.300; hard negatives hit
0/60 (handover 10/30, support-reply 15/30, iac-values 0/30, shell-history 5/30, agent-actions 5/30, voice 4/30,
europe-letters 20/30, code-comments 14/30, store-export 17/30, wifi-router 0/30; human 21/60, leet 20/60, passphrase
15/60, generated 22/60, letters 12/57, pin 0/3; negatives hit: 0/6 in every carrier). A change guided by this set's
misses spends it.

    .venv/bin/python scripts/eval_heldout19.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 19"
SEED = 1919

PET_AND_CITY = ("waffles", "ziggy", "rocco", "pickles", "bandit", "cinnamon", "bilbao", "tromso", "aarhus", "cusco",
                "oaxaca", "hobart", "windhoek")
MONTHS = ("January", "March", "April", "June", "August", "October", "November", "December")
LEET_WORDS = ("saxophone", "tangerine", "corduroy", "pangolin", "axolotl", "sundial", "teakwood", "skillet", "okapi",
              "tapir")
LEET = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7"}
SAILING_WORDS = ("bowline", "spinnaker", "tiller", "mainsail", "keel", "bosun", "starboard", "windlass", "gunwale",
                 "transom", "mizzen", "jib", "cleat", "foredeck", "bilge", "forestay", "outhaul")
INSECTS = ("firefly", "mantis", "cicada", "ladybug", "hornet", "beetle", "termite")
DESSERTS = ("tiramisu", "baklava", "pavlova", "cannoli", "churro", "eclair", "flan")
# No quote, comma, backslash, brace, angle bracket or ampersand: each carrier holds the value as typed, unescaped.
HUMAN_SYMBOLS = "!#@*?$."
GEN_SYMBOLS = "!#$%*+-=?@^_~:."
LOWER, UPPER, DIGITS = "abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
STYLES = ("human", "leet", "passphrase", "generated", "letters")
USERS = ("m.oyelaran", "svc-reports", "kdubois", "ops_relay", "t.nakamura2", "lab-admin", "r.castellanos")


class PinTemplate(str):
    """A template whose carrier makes a PIN the credential: it takes a PIN where the others take letters only."""


# Every template in every style; {p} is the password (once per template), {u} a user name (filled by replacement, so
# braces need no doubling).
CARRIERS: dict[str, list[str]] = {
    "handover": [
        "## Handover — night shift → day shift (Fri 05:50 UTC)\n- ingest-04 disk at 91%, pruned /var/log/journal\n"
        "- HSM partition had to be re-activated; partition officer login is still {u} / {p}, please rotate after "
        "the audit\n- nothing paged after 03:00",
        "Post-incident review: INC-20931 (payments queue stalled)\n\nTimeline\n02:14 alert fired\n02:31 responder "
        "logged into the broker console as admin using the printed fallback credential ({p}) from the safe\n"
        "02:58 queue drained\n\nAction items\n- retire the printed fallback sheet",
        "PagerDuty · note added by {u}: restarted keepalived on lb-2. FYI the VRRP auth_pass on both nodes is {p} — "
        "it must match or they split-brain again.",
        "What went wrong\n* The migration job ran with the DBA account because its own role lacked GRANT.\n* The "
        "job's config held `dba_pw: {p}` in plain text, and the config was attached to the ticket.\n\nWhat went "
        "well\n* Rollback took 6 minutes.",
        "On-call log, week 49\nMon: cert renewal on vpn-gw ok\nTue: iLO on db-11 unreachable, reset from the front "
        "panel; new iLO Administrator pass {p} (also on the rack card)\nWed: quiet",
        "Handoff to APAC: if the replication lag alarm fires again, ssh to pg-standby as {u}, sudo with {p}, and run "
        "the catch-up script in /opt/dba. Don't fail over without paging me.",
    ],
    "support-reply": [
        "Hi Anna,\n\nThanks for the details. Quoting your message so engineering has it:\n\n> my login is {u} and "
        "the pw is {p} but the app keeps saying session expired\n\nWe'll get back to you within one business day.\n\n"
        "Kind regards,\nMarco | Customer Care",
        "Intercom · Conversation #88213\nCustomer (11:04): hello?? cant get into my account, username {u} pw {p}, "
        "tried on two phones\nBot (11:04): Thanks! A teammate will reply soon.\nAgent Priya (11:09): Hi! Please "
        "never share your password in chat, go ahead and change it now.",
        "Ticket #44107 — Priority: Normal — Channel: Email\nRequester: {u}@clientmail.test\n\nDear support, since "
        "your update the desktop client rejects my credentials. Email as above, password {p}. Please fix urgently, "
        "payroll runs tomorrow.",
        PinTemplate("Internal note (not visible to customer): caller read out their current passcode over the phone "
                    "({p}) while verifying. Advised a reset; do not store it in the CRM."),
        "Re: [Case 00392811] Can't sync mailbox\n\nOn Tue, Mr. Patel wrote:\n> I set the mailbox password to {p} "
        "last week like your guide said, still no sync.\n\nHello Mr. Patel, thank you for your patience. Could you "
        "remove and re-add the account?",
        "Live chat transcript\n[14:22] Visitor: The installer asks for the license admin password. The one in my "
        "welcome email was {p}, is that still right?\n[14:23] Agent: Let me check that for you.",
    ],
    "iac-values": [
        "here's the pillar I'm using, salt says auth failed on the minion:\n```\nsmb_share:\n  domain: CORP\n"
        "  bind_user: {u}\n  bind_word: \"{p}\"\n```",
        "Helm values we deploy with (trimmed):\n```yaml\nkeycloak:\n  bootstrap:\n    adminUser: admin\n"
        "    adminLoginValue: \"{p}\"\n  replicas: 2\n```\nthe pod comes up but the login screen rejects it",
        "terraform plan shows it in clear, is that expected?\n\nmodule \"jump\" {\n  source     = \"./modules/vm\"\n"
        "  login_user = \"{u}\"\n  login_phrase = \"{p}\"\n  size       = \"Standard_B2s\"\n}",
        "puppet hiera common.yaml:\n```\nprofile::mqtt::broker_user: 'iot'\nprofile::mqtt::broker_key_plain: "
        "'{p}'\nprofile::mqtt::tls: true\n```\nwhy does the agent log 'not authorised' for this?",
        "Pulumi.prod.yaml (I know it should be --secret, will fix):\n```\nconfig:\n  infra:adminUser: {u}\n"
        "  infra:adminEntry: {p}\n  azure-native:location: westeurope\n```",
        "knife data bag show creds smtp\n```\n{\n  \"id\": \"smtp\",\n  \"relay_user\": \"{u}\",\n  \"relay_phrase\": "
        "\"{p}\"\n}\n```",
    ],
    "shell-history": [
        "  412  sudo useradd -m {u}\n  413  echo '{u}:{p}' | sudo chpasswd\n  414  sudo usermod -aG docker {u}",
        ": 1733301122:0;echo '{p}' | passwd --stdin {u}\n: 1733301140:0;chage -d 0 {u}",
        "$ mysqladmin -u root password '{p}'\nmysqladmin: [Warning] Using a password on the command line interface "
        "can be insecure.",
        "   88  mosquitto_passwd -b /etc/mosquitto/passwd {u} '{p}'\n   89  systemctl restart mosquitto",
        "  201  mkdir -p ~/.vnc\n  202  echo '{p}' | vncpasswd -f > ~/.vnc/passwd\n  203  chmod 600 ~/.vnc/passwd",
        "$ ldappasswd -H ldap://ldap.corp.test -x -D cn=admin,dc=corp,dc=test -W -s '{p}' "
        "uid={u},ou=people,dc=corp,dc=test\nEnter LDAP Password:",
    ],
    "agent-actions": [
        "The sign-in page is open and the cursor is in the second field.\n"
        "{\"type\": \"tool_use\", \"id\": \"toolu_01XqN4\", \"name\": \"computer\", \"input\": {\"action\": \"type\", "
        "\"text\": \"{p}\"}}",
        "{\"jsonrpc\": \"2.0\", \"id\": 12, \"method\": \"tools/call\", \"params\": {\"name\": \"run_command\", "
        "\"arguments\": {\"argv\": [\"ftp-upload\", \"--host\", \"ftp.corp.test\", \"{u}\", \"{p}\", "
        "\"report.pdf\"]}}}",
        "{\"name\": \"browser_fill_form\", \"arguments\": {\"fields\": [{\"name\": \"Account\", \"type\": \"textbox\", "
        "\"ref\": \"e40\", \"value\": \"{u}\"}, {\"name\": \"Secret\", \"type\": \"textbox\", \"ref\": \"e41\", "
        "\"value\": \"{p}\"}]}}",
        "{\"id\": \"call_7Hq2\", \"type\": \"function\", \"function\": {\"name\": \"ssh_exec\", \"arguments\": "
        "\"{\\\"target\\\": [\\\"10.4.2.9\\\", \\\"{u}\\\", \\\"{p}\\\"], \\\"cmd\\\": \\\"uptime\\\"}\"}}",
        "{\"tool\": \"vault_seed\", \"args\": {\"entry\": \"svc/reporting\", \"secret_phrase\": \"{p}\", \"owner\": "
        "\"{u}\"}}",
        "Thought: I have the account from the user's message, I will open a session.\nCode:\n```py\nsession = "
        "portal_session(\"{u}\", \"{p}\")\nprint(session.status)\n```<end_code>",
    ],
    "voice": [
        "12\n00:03:41,200 --> 00:03:45,900\nand in the password box I'm typing {p}\n\n13\n00:03:46,000 --> "
        "00:03:48,100\nthen hit sign in",
        PinTemplate("Agent: For verification, can you confirm the PIN on the account?\nCaller: yeah it's {p}\n"
                    "Agent: Thank you, that matches."),
        PinTemplate("🎤 Voice message (0:18) · transcription: hey it's me, the alarm panel code changed, it's {p}, "
                    "delete this once you've saved it"),
        "Priya Raman  12:07\nSo for the demo laptop, the user is demo and the password, I'll spell it, it's {p}.\n\n"
        "Jonas Berg  12:15\nOkay, got it.",
        "Note to self comma the router login is admin and {p} period new line pick up the badge Tuesday",
        "Action items\n• {u} to change the shared demo account password (currently {p}) before the client visit\n"
        "• Jonas to book the room",
    ],
    "europe-letters": [
        "Sehr geehrte Frau Keller,\n\nanbei die Daten für das Lieferantenportal. Ihr Benutzer ist {u}, Ihr "
        "vorläufiges Kennwort lautet {p} und ist 14 Tage gültig.\n\nMit freundlichen Grüßen\nIhre IT-Abteilung",
        "Estimado cliente:\n\nSu cuenta ha sido creada. Para acceder, utilice el usuario {u} y la contraseña "
        "temporal {p}. Por motivos de seguridad, le pediremos que la cambie en el primer acceso.\n\nAtentamente,\n"
        "Departamento de Sistemas",
        "Bonjour,\n\nSuite à votre demande, le mot de passe de la boîte partagée compta@ a été réinitialisé. Le "
        "nouveau mot de passe est : {p}\nMerci de ne pas le transférer par courriel.\n\nCordialement,\nLe support "
        "informatique",
        "Olá {u}, tudo bem? Segue o acesso ao painel do servidor: a senha provisória é {p} — troque assim que "
        "entrar, por favor.",
        "Beste collega,\n\nHet wachtwoord van het gedeelde account voor de scanner op de tweede verdieping is "
        "gewijzigd naar {p}. Je hoeft verder niets te doen.\n\nMet vriendelijke groet,\nServicedesk",
        "Protokoll Teamsitzung 03.12.\nTOP 4: Zugang NAS Buchhaltung – Kennwort wurde auf {p} geändert (Herr "
        "Yilmaz informiert die Abteilung).\nTOP 5: Urlaubsplanung",
    ],
    "code-comments": [
        "# temp creds for the staging SFTP until the vault role is approved: {u} / {p}\n"
        "SFTP_HOST = \"sftp.stage.corp.test\"",
        "def fetch_invoices(client):\n    \"\"\"Download invoices from the supplier portal.\n\n    The portal "
        "account is shared with accounting (login {u}, passphrase {p});\n    ask Dana before changing it.\n"
        "    \"\"\"\n    return client.get(\"/invoices\")",
        "// FIXME(jk): remove before release, hardcoded fallback pw {p}\nconst fallbackUser = \"{u}\";",
        "/**\n * Connects to the legacy billing DB.\n * @example\n *   await connectLegacy('{u}', '{p}')\n */\n"
        "export async function connectLegacy(user, secret) {",
        "-- NOTE: the reporting role's login was reset to {p} on 2026-11-02 (ticket OPS-3381); keep Tableau in sync\n"
        "GRANT SELECT ON ALL TABLES IN SCHEMA mart TO reporting;",
        "<!-- admin panel: user {u}, pass {p} (TODO delete before go-live) -->\n<form action=\"/admin/login\" "
        "method=\"post\">",
    ],
    "store-export": [
        "\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\",\"timeCreated\",\"timeLastUsed\","
        "\"timePasswordChanged\"\n\"https://jira.corp.test\",\"{u}\",\"{p}\",,\"https://jira.corp.test\","
        "\"{9c1e2f0a-5b7d-4e3a-8f61-2d4c0b9a7e15}\",\"1701388800000\",\"1733011200000\",\"1701388800000\"",
        "<Entry>\n\t<String>\n\t\t<Key>Title</Key>\n\t\t<Value>core switch</Value>\n\t</String>\n\t<String>\n\t\t"
        "<Key>UserName</Key>\n\t\t<Value>{u}</Value>\n\t</String>\n\t<String>\n\t\t<Key>Password</Key>\n\t\t"
        "<Value ProtectInMemory=\"True\">{p}</Value>\n\t</String>\n</Entry>",
        "{\"type\": 1, \"name\": \"Grafana prod\", \"login\": {\"username\": \"{u}\", \"password\": \"{p}\", \"totp\": "
        "null, \"uris\": [{\"match\": null, \"uri\": \"https://grafana.corp.test\"}]}, \"notes\": null}",
        "Title,URL,Username,Password,Notes,OTPAuth\nnas.local ({u}),https://nas.local:5001,{u},{p},,",
        "url,username,password,totp,extra,name,grouping,fav\nhttp://sn,,,,\"NoteType:Server\nHostname:db-07\n"
        "Username:{u}\nPassword:{p}\",db-07 root,Servers,0",
        "$ pass show infra/switch-core\n{p}\nuser: {u}\nurl: https://10.0.0.2",
    ],
    "wifi-router": [
        "C:\\> netsh wlan show profile name=\"Office-5G\" key=clear\n\nSecurity settings\n-----------------\n"
        "    Authentication         : WPA2-Personal\n    Cipher                 : CCMP\n    Security key           : "
        "Present\n    Key Content            : {p}\n",
        "$ security find-generic-password -wa \"Quayside Guest\"\n{p}",
        "config wifi-iface 'guest'\n\toption device 'radio1'\n\toption network 'guest'\n\toption mode 'ap'\n\t"
        "option ssid 'Quayside-Guest'\n\toption encryption 'psk2'\n\toption key '{p}'",
        "/interface wireless security-profiles\nset [ find default=yes ] authentication-types=wpa2-psk "
        "mode=dynamic-keys wpa2-pre-shared-key=\"{p}\"",
        "## Flat 3B, notes for the new tenant\n- Wi-Fi: **Quayside_3B** / {p}\n- router admin at 192.168.1.1, "
        "login on the sticker underneath\n- bins go out on Thursday",
        "<WifiConfiguration>\n<string name=\"ConfigKey\">&quot;Quayside-Staff&quot;WPA_PSK</string>\n"
        "<string name=\"SSID\">&quot;Quayside-Staff&quot;</string>\n<string name=\"PreSharedKey\">&quot;{p}&quot;"
        "</string>\n</WifiConfiguration>",
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "handover": [
        "## Handover — day shift → night shift\n- rotated the fallback credential after INC-20931; the new one is in "
        "the safe, not here\n- ingest-04 disk ok",
        "Post-incident review: contributing factor, one shared admin password reused across three consoles. "
        "Action: personal accounts with MFA.",
        "PagerDuty · note added by ops-bot: password for svc-backup expired at 02:00 UTC; the job failed with "
        "'authentication failed'.",
        "What went wrong\n* `dba_pw: {{ vault('dba/pw') }}` was rendered into the job log in debug mode.",
        "Handoff to APAC: if the iLO asks for a password, use the team vault entry iLO/db-11 (don't paste it in the "
        "channel).",
        "On-call log: sudo password prompts on pg-standby now time out after 30 s, expected after the PAM change.",
    ],
    "support-reply": [
        "Hi Anna,\n\nFor your security we never ask for your password. Please use the 'Forgot password' link on the "
        "sign-in page.\n\nKind regards,\nMarco | Customer Care",
        "Intercom · Conversation #88214\nCustomer (11:04): I cant get into my account\nAgent Priya (11:09): I've "
        "sent a password reset link to the email on file.",
        "Ticket #44108: the requester typed their password into the ticket; an agent removed it. Password: "
        "[redacted]",
        "Internal note: customer verified with date of birth and postcode; PIN not requested.",
        "Re: [Case 00392812]\n> What should my password look like?\nAt least 12 characters, one digit and one "
        "symbol, and not your name.",
        "Live chat transcript\n[14:22] Visitor: the installer asks for the license admin password\n[14:23] Agent: "
        "that's the one you chose during activation; we don't keep a copy.",
    ],
    "iac-values": [
        "```\nsmb_share:\n  bind_user: svc-smb\n  bind_word: \"{{ pillar['vault']['smb'] }}\"\n```",
        "keycloak:\n  bootstrap:\n    adminUser: admin\n    existingSecret: keycloak-admin\n    secretKey: "
        "admin-login",
        "  + login_user   = \"ops\"\n  + login_phrase = (sensitive value)\n  + size         = \"Standard_B2s\"",
        "profile::mqtt::broker_key_plain: \"%{lookup('vault::mqtt_broker')}\"",
        "config:\n  infra:adminUser: ops\n  infra:adminEntry:\n    secure: v1:cipher-stored-in-pulumi-service",
        "knife data bag show creds smtp --secret-file ~/.chef/encrypted_data_bag_secret shows the relay phrase in "
        "clear, so don't paste its output here.",
    ],
    "shell-history": [
        "  413  sudo passwd deploy\n  414  sudo chage -d 0 deploy",
        ": 1733301122:0;passwd --stdin svc-web < /run/secrets/web_pw",
        "$ mysqladmin -u root -p password\nEnter password:\nNew password:\nConfirm new password:",
        "   88  mosquitto_passwd -c /etc/mosquitto/passwd sensor01\nPassword:\nReenter password:",
        "  202  vncpasswd\nPassword:\nVerify:\nWould you like to enter a view-only password (y/n)? n",
        "$ ldappasswd -H ldap://ldap.corp.test -x -D cn=admin,dc=corp,dc=test -W -S uid=ops,ou=people,dc=corp,dc=test"
        "\nNew password:\nRe-enter new password:\nEnter LDAP Password:",
    ],
    "agent-actions": [
        "{\"type\": \"tool_use\", \"id\": \"toolu_01XqN5\", \"name\": \"computer\", \"input\": {\"action\": \"key\", "
        "\"text\": \"Tab\"}}",
        "{\"method\": \"tools/call\", \"params\": {\"name\": \"run_command\", \"arguments\": {\"argv\": "
        "[\"ftp-upload\", \"--host\", \"ftp.corp.test\", \"--netrc\", \"report.pdf\"]}}}",
        "{\"name\": \"browser_fill_form\", \"arguments\": {\"fields\": [{\"name\": \"Secret\", \"type\": \"textbox\", "
        "\"ref\": \"e41\", \"value\": \"${PORTAL_SECRET}\"}]}}",
        "{\"tool\": \"vault_seed\", \"args\": {\"entry\": \"svc/reporting\", \"secret_phrase\": null, \"generate\": "
        "true, \"length\": 24}}",
        "Code:\n```py\nsession = portal_session(os.environ[\"PORTAL_USER\"], os.environ[\"PORTAL_PW\"])\n```"
        "<end_code>",
        "{\"name\": \"ask_human\", \"arguments\": {\"prompt\": \"The VPN client wants a passphrase. Please type it "
        "into the terminal yourself.\"}}",
    ],
    "voice": [
        "12\n00:03:41,200 --> 00:03:45,900\nand in the password box you type whatever your admin gave you",
        "Agent: For verification, can you confirm the PIN on the account?\nCaller: I don't remember it, can we do "
        "the security questions?\nAgent: Sure.",
        "🎤 Voice message (0:12) · transcription: the alarm code changed, I'll tell you tonight in person",
        "Priya Raman  12:07\nThe demo laptop password is on the sticky note under the keyboard, don't read it out.",
        "Note to self comma change the router password this weekend period",
        "Action items\n• Jonas to rotate the shared demo account password before the client visit (owner: IT)",
    ],
    "europe-letters": [
        "Sehr geehrte Frau Keller,\n\nIhr Kennwort läuft in 5 Tagen ab. Bitte ändern Sie es über das "
        "Self-Service-Portal.\n\nMit freundlichen Grüßen\nIhre IT-Abteilung",
        "Estimado cliente:\n\nNunca le pediremos su contraseña por correo electrónico ni por teléfono.",
        "Bonjour,\n\nle mot de passe doit contenir au moins 12 caractères, dont un chiffre et un caractère spécial.",
        "Olá, a senha provisória foi enviada por SMS para o seu celular cadastrado.",
        "Beste collega,\n\nJe wachtwoord is verlopen. Kies via de link hieronder een nieuw wachtwoord.",
        "TOP 4: Zugang NAS Buchhaltung – Kennwort liegt im Tresor, Herr Yilmaz gibt es bei Bedarf heraus.",
    ],
    "code-comments": [
        "# temp creds come from the vault role 'staging-sftp' until the ticket is approved\n"
        "SFTP_PASSWORD = os.environ[\"SFTP_PASSWORD\"]",
        "def fetch_invoices(client, passphrase):\n    \"\"\"Download invoices.\n\n    Args:\n        passphrase: the "
        "portal passphrase (at least 16 characters).\n    \"\"\"",
        "// FIXME(jk): don't log the password here, mask it first\nlogger.debug(\"login attempt for %s\", user);",
        "/**\n * @param {string} secret - the account password; never hard-code it\n */",
        "-- the reporting role authenticates with a password from the secrets engine; see OPS-3381",
        "<!-- TODO: add a 'show password' toggle to this field -->\n<input type=\"password\" name=\"pw\" "
        "autocomplete=\"current-password\">",
    ],
    "store-export": [
        "\"url\",\"username\",\"password\",\"httpRealm\",\"formActionOrigin\",\"guid\"\n\"https://jira.corp.test\","
        "\"ops-bot\",\"\",,\"https://jira.corp.test\",\"{0d3b7a11-42c9-4f0e-9a5d-6e8c2b1f4a70}\"",
        "<String>\n\t<Key>Password</Key>\n\t<Value ProtectInMemory=\"True\"></Value>\n</String>",
        "{\"type\": 1, \"name\": \"Grafana prod\", \"login\": {\"username\": \"ops\", \"password\": null, \"totp\": "
        "null}, \"notes\": \"passkey only\"}",
        "Title,URL,Username,Password,Notes,OTPAuth\nbank,https://bank.test,ops,,passkey only,",
        "$ pass show infra/switch-core\nError: infra/switch-core is not in the password store.",
        "$ pass ls infra\nPassword Store\n└── infra\n    ├── switch-core\n    └── switch-edge",
    ],
    "wifi-router": [
        "C:\\> netsh wlan show profile name=\"Office-5G\"\n\nSecurity settings\n-----------------\n    Authentication"
        "         : WPA2-Personal\n    Security key           : Present",
        "$ security find-generic-password -wa \"Quayside Guest\"\nsecurity: SecKeychainSearchCopyNext: The "
        "specified item could not be found in the keychain.",
        "config wifi-iface 'open'\n\toption ssid 'Quayside-Open'\n\toption encryption 'none'\n\toption isolate '1'",
        "/interface wireless security-profiles print\n 0 * name=\"default\" mode=dynamic-keys "
        "authentication-types=wpa2-psk wpa2-pre-shared-key=\"********\"",
        "## Flat 3B\n- Wi-Fi: **Quayside_3B**, the password is on the card by the door",
        "<string name=\"SSID\">&quot;Quayside-Open&quot;</string>\n<null name=\"PreSharedKey\" />",
    ],
}

Item = heldout_score.Item
MARK = "\x00password\x00"  # stands for the value while a template is filled, so its span is known exactly


def _leet(rng: random.Random, word: str) -> str:
    chars = list(word)
    spots = [i for i, c in enumerate(chars) if c in LEET]
    for i in rng.sample(spots, rng.randint(1, max(1, len(spots) - 1))):
        chars[i] = rng.choice(LEET[chars[i]])
    if rng.random() < 0.6 and chars[0].isalpha():
        chars[0] = chars[0].upper()
    return "".join(chars) + rng.choice("!#%*+=?@^~") + str(rng.randint(1, 99))


def _generated(rng: random.Random) -> str:
    size = rng.randint(12, 24)
    with_symbols = rng.random() < 0.7
    pool = LOWER + UPPER + DIGITS + (GEN_SYMBOLS if with_symbols else "")
    chars = [rng.choice(LOWER), rng.choice(UPPER), rng.choice(DIGITS)]
    chars += [rng.choice(GEN_SYMBOLS)] if with_symbols else []
    chars += [rng.choice(pool) for _ in range(size - len(chars) - 1)]
    rng.shuffle(chars)
    return rng.choice(LOWER + UPPER) + "".join(chars)  # a letter first: no carrier reads it as a sigil or a flag


def password(rng: random.Random, style: str) -> str:
    if style == "human":
        kind = rng.randrange(4)
        if kind == 3:
            return rng.choice(MONTHS) + str(rng.randint(2019, 2026)) + rng.choice(HUMAN_SYMBOLS)
        name = rng.choice(PET_AND_CITY)
        if kind == 0:
            return name.capitalize() + str(rng.randint(2015, 2026)) + rng.choice(HUMAN_SYMBOLS)
        if kind == 1:
            return name + rng.choice(HUMAN_SYMBOLS) + f"{rng.randint(0, 99):02d}"
        return name.capitalize() + rng.choice(HUMAN_SYMBOLS) + f"{rng.randint(0, 9999):04d}"
    if style == "leet":
        return _leet(rng, rng.choice(LEET_WORDS))
    if style == "passphrase":
        words = rng.sample(SAILING_WORDS, rng.randint(3, 5))
        kind = rng.randrange(4)
        if kind == 3:
            return "".join(w.capitalize() for w in words) + str(rng.randint(1, 9))
        return ("-" if kind == 2 else " ").join(words)
    if style == "generated":
        return _generated(rng)
    if style == "pin":
        while True:
            pin = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 8)))
            if len(set(pin)) > 1:
                return pin
    insect, dessert = rng.choice(INSECTS), rng.choice(DESSERTS)
    return rng.choice((insect + dessert, insect.capitalize() + dessert.capitalize(), dessert + insect,
                       insect.capitalize() + dessert))


def style_for(template: str, style: str) -> str:
    return "pin" if style == "letters" and isinstance(template, PinTemplate) else style


def fill(rng: random.Random, carrier: str, style: str, template: str) -> Item:
    value = password(rng, style)
    marked = template.replace("{p}", MARK).replace("{u}", rng.choice(USERS))
    start = marked.index(MARK)
    return Item(carrier, style, marked.replace(MARK, value), value, start)


def items(seed: int = SEED) -> list[Item]:
    """Every carrier template in every style (draws in this order)."""
    rng = random.Random(seed)
    return [fill(rng, carrier, style_for(template, style), template)
            for carrier, templates in CARRIERS.items() for template in templates for style in STYLES]


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
