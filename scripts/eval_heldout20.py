#!/usr/bin/env python3
"""Held-out set 20: passwords in classroom lab sheets, home-automation configs, database GUI dialogs, game-server
notes, CMS setups, mobile build signing, NAS/camera/printer admin notes, translation requests, agent scratchpads and
calendar invites.

Written on 2026-12-05 (helper set20) on main b890519, before the changes it measures, by a helper that read neither
addons/detect/ nor rules/ nor EVASION.md's prose sections, and does not read this set's misses (the script keeps
counts only: it cannot list them); committed with its one score: the honest held-out figure for issue 15.
Positives (each item marks its password's span), ten carriers of 30, worded unlike sets 1-19: classroom lab sheets
(a course lab VM card, a VirtualBox worksheet, a lecturer's correction, a student asking about a kali VM, a Markdown
group table with a "starter secret", a practical exam's router console); home-automation configs pasted in chat (an
ESPHome OTA block, a Node-RED `mqtt-broker` node with `credentials`, a Home Assistant `command_line` curl, a
Zigbee2MQTT `configuration.yaml`, Tasmota console `MqttPassword`, an openHAB MQTT bridge); database GUI dialogs
(DataGrip, Navicat, SSMS, MongoDB Compass, RedisInsight, MySQL Workbench "Store in Vault"); game servers (a CS2
`rcon_password`, TeamSpeak's first-start serveradmin banner, a Valheim `-password` flag, Factorio `game_password`, ARK
`ServerAdminPassword`, a Palworld Discord pin); CMS setups (`wp config create --dbpass`, Magento `env.php`, Drupal
`settings.php`, Joomla `public $password`, a Bitnami boot banner, Ghost mail `auth.pass`); mobile build signing
(Flutter `key.properties` `keyPassword`, fastlane `MATCH_PASSWORD` and `FASTLANE_PASSWORD`, `RELEASE_STORE_PASSWORD`,
`xcrun altool -p`, Android Studio's signing wizard); NAS, camera and printer admin notes (Hikvision SADP and ISAPI
curl, Synology DSM, a Secure Print release PIN, QNAP Qfinder, a Brother web admin `Pwd`); translation requests
quoting Italian, Polish, Swedish, Czech, Turkish and Japanese text (`chiave`, `hasło jednorazowe`, `Tillfälligt
lösen`, `přístupové heslo`, `geçici parolanız`, `仮パスワード`); agent scratchpads (an AutoGPT `thoughts.plan`, a
planner step, a `[scratchpad]` note, an AgentExecutor chain, a `<thinking>` block, a numbered browser plan); calendar
invites (a sandbox login beside dial-in numbers, a leader PIN, a host key, a workshop's shared login, a Miro board
password, a CoderPad pad password). Passwords in five styles of 60: human-chosen (a pet or town with a year or digits
and a symbol, or two of them run together with digits), leetspeak instrument and animal words with digits and a
symbol, passphrases of three to five sky words (blanks, hyphens, dots, or run together with a digit), generated 12-24
characters (most with symbols), and letters only (a fish and a fabric joined), where three templates whose carrier
makes a PIN the credential (a Secure Print release PIN, a conference leader PIN, a meeting host key) take a 4-8 digit
PIN instead. Word lists, tools and key names were grepped absent from sets 1-19. Hard negatives (60, six per
carrier): the same carriers talking about passwords without giving one (prompts, `!secret` and environment
references, empty fields, policy, reset and default-password explanations, "sent separately" lines in the six
languages, agents asking instead of using one). Same scoring as sets 3-19 (heldout_score.covered: a value counts
when findings that are not public/test-value cover all of it; a negative is hit by any such finding; values are
never printed).

Score on the unchanged code (main b890519; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set20 that wrote it (`scripts/eval_heldout20.py --json`, 2026-12-05
02:26 UTC): password recall 177/300 = 0.590; hard negatives hit 7/60 (lab-sheet 14/30, home-auto 24/30, db-gui
25/30, game-server 25/30, cms-setup 28/30, mobile-build 20/30, device-admin 22/30, translate-it 7/30, scratchpad
0/30, calendar 12/30; human 38/60, leet 39/60, passphrase 35/60, generated 39/60, letters 26/57, pin 0/3; negatives
hit: home-auto 3/6, calendar 2/6, device-admin 1/6, translate-it 1/6, 0/6 in the other six). A change guided by this
set's misses spends it.

    .venv/bin/python scripts/eval_heldout20.py [--json]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 20"
SEED = 2020

PETS_AND_TOWNS = ("mochi", "nugget", "pumpkin", "toffee", "pudding", "tenerife", "valletta", "gdansk", "brno", "izmir",
                  "uppsala", "kyoto", "ljubljana")
LEET_WORDS = ("harpsichord", "glockenspiel", "xylophone", "porcupine", "meerkat", "flamingo", "chinchilla",
              "harmonica", "platypus", "hedgehog", "trumpet")
LEET = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7", "g": "9"}
SKY_WORDS = ("nebula", "quasar", "perihelion", "comet", "aphelion", "pulsar", "parallax", "zenith", "nadir", "equinox",
             "solstice", "meteor", "corona", "eclipse", "azimuth")
FISH = ("mackerel", "sardine", "herring", "tilapia", "grouper", "snapper", "sprat", "barracuda")
FABRICS = ("muslin", "chiffon", "denim", "gingham", "linen", "satin", "paisley")
# No quote, comma, backslash, brace, angle bracket, ampersand, colon or hash: each carrier holds the value as typed.
HUMAN_SYMBOLS = "!@*?$.%"
GEN_SYMBOLS = "!$%*+-=?@^_~."
LOWER, UPPER, DIGITS = "abcdefghijkmnopqrstuvwxyz", "ABCDEFGHJKLMNPQRSTUVWXYZ", "23456789"
STYLES = ("human", "leet", "passphrase", "generated", "letters")
USERS = ("a.lindqvist", "tkowalczyk", "g.romano", "lab-student07", "ykaya", "h.sato", "jnovak", "svc-signing")


class PinTemplate(str):
    """A template whose carrier makes a PIN the credential: it takes a PIN where the others take letters only."""


# Every template in every style; {p} is the password (once per template), {u} a user name (filled by replacement, so
# braces need no doubling).
CARRIERS: dict[str, list[str]] = {
    "lab-sheet": [
        "CS 2140 — Lab 6: Linux permissions\n\nYour VM: lab06.cslab.test (SSH from the lab PCs only)\nAccount: "
        "{u}\nStarting password: {p}\n\nTask 1. List every file under /opt/lab6 that your group can write.",
        "Worksheet 3 (Networking 101)\nStep 1: Boot the Ubuntu image in VirtualBox. At the login screen pick the "
        "account trainee; its passphrase is {p} (you will change it in step 4).\nStep 2: Open a terminal.",
        "Hi class, a correction to today's handout: the Windows Server VM's local Administrator was set to {p}, not "
        "the value printed on page 2. See you Thursday. — Dr. Okafor",
        "I'm doing the lab from my course and the kali box keeps rejecting me. The sheet says user {u} and the "
        "secret {p}, I typed both exactly. Is the VM broken or am I?",
        "| Group | VM | Account | Starter secret |\n|---|---|---|---|\n| 3 | win10-g3.lab.test | {u} | {p} |\n\n"
        "Keep this sheet on your desk, hand it back at the end.",
        "Practical exam — instructions\n1. Do not power-cycle the switches.\n2. Console access to R1: user cisco, "
        "privileged-mode password {p}.\n3. Save your running config before the bell.",
    ],
    "home-auto": [
        "my porch light won't do OTA, here's the yaml:\n```\nesphome:\n  name: porch-light\nota:\n  - platform: "
        "esphome\n    password: \"{p}\"\nlogger:\n```",
        "exported flow from node-red, the broker node keeps showing 'disconnected':\n```json\n[{\"id\": "
        "\"b71c\", \"type\": \"mqtt-broker\", \"broker\": \"10.0.0.5\", \"port\": \"1883\", \"credentials\": "
        "{\"user\": \"{u}\", \"password\": \"{p}\"}}]\n```",
        "home assistant sensor that polls the inverter:\n```\ncommand_line:\n  - sensor:\n      name: inverter_w\n"
        "      command: \"curl -s -u '{u}:{p}' http://192.168.1.40/status.json\"\n```",
        "zigbee2mqtt won't start after I moved the broker. configuration.yaml:\n```\nmqtt:\n  base_topic: "
        "zigbee2mqtt\n  server: mqtt://192.168.1.10\n  user: z2m\n  password: '{p}'\nserial:\n  port: "
        "/dev/ttyUSB0\n```",
        "typed this into the tasmota console of the kitchen plug:\nMqttHost 192.168.1.10\nMqttUser {u}\n"
        "MqttPassword {p}\nRestart 1\nand now it never shows up in HA",
        "openHAB things file:\n```\nBridge mqtt:broker:home [ host=\"10.0.0.5\", secure=false, username=\"{u}\", "
        "password=\"{p}\" ]\n```\nlog says 'not authorized', why?",
    ],
    "db-gui": [
        "DataGrip data source dialog:\nName: reporting@db-03\nHost: db-03.corp.test   Port: 3306\nAuthentication: "
        "User & Password\nUser: {u}\nPassword: {p}\nSave: Forever\n\n'Test Connection' says Access denied, why?",
        "Navicat → Connection properties → General\nConnection Name: erp-prod\nHost: 10.8.1.20   Port: 1433\n"
        "Authentication: SQL Server Authentication\nUser Name: sa\nPassword: {p}   [x] Save password",
        "SSMS connect box: Server name sql-fin-02\\SQLEXPRESS, SQL Server Authentication, Login {u}, pw {p}, "
        "Remember password ticked. Error 18456 state 8 every time.",
        "MongoDB Compass → Advanced Connection Options → Authentication\nMethod: Username/Password\nUsername: {u}\n"
        "Password: {p}\nAuthentication Database: admin\n\nI get 'Authentication failed.'",
        "RedisInsight 'Add database' form, filled like this: host cache-01.corp.test, port 6379, alias sessions, "
        "username default, password {p}. It says WRONGPASS, but redis-cli works with the same.",
        "in MySQL Workbench I clicked 'Store in Vault…' and typed {p} for root, yet it still pops up the password "
        "prompt every time I open the connection",
    ],
    "game-server": [
        "server.cfg for our CS2 box:\nhostname \"Friday Scrims\"\nsv_password \"\"\nrcon_password \"{p}\"\n"
        "sv_cheats 0",
        "Got this on the first start of the TeamSpeak server, save it somewhere:\n"
        "------------------------------------------------------------------\n                      I M P O R T A N T\n"
        "------------------------------------------------------------------\n               Server Query Admin "
        "Account created\n         loginname= \"serveradmin\", password= \"{p}\"\n",
        "running valheim on the old PC:\n./valheim_server.x86_64 -name \"Fjord Folk\" -port 2456 -world Dedicated "
        "-password \"{p}\" -public 0",
        "factorio server-settings.json (trimmed):\n{\n  \"name\": \"Belt Nerds\",\n  \"visibility\": {\"public\": "
        "false, \"lan\": true},\n  \"game_password\": \"{p}\",\n  \"max_players\": 8\n}",
        "GameUserSettings.ini for the ARK cluster\n[ServerSettings]\nServerPassword=\nServerAdminPassword={p}\n"
        "RCONEnabled=True\nRCONPort=27020",
        "📌 pinned in #palworld: server's back up after the wipe! Join address 203.0.113.44:8211, join pw {p}. "
        "Don't share outside the discord pls",
    ],
    "cms-setup": [
        "$ wp config create --dbname=shop_wp --dbuser={u} --dbpass='{p}' --dbhost=127.0.0.1\n"
        "Success: Generated 'wp-config.php' file.",
        "app/etc/env.php from the Magento box:\n'db' => [\n    'connection' => [\n        'default' => [\n"
        "            'host' => 'localhost',\n            'dbname' => 'magento2',\n            'username' => '{u}',\n"
        "            'password' => '{p}',\n            'active' => '1',",
        "sites/default/settings.php:\n$databases['default']['default'] = [\n  'database' => 'drupal10',\n"
        "  'username' => '{u}',\n  'password' => '{p}',\n  'host' => 'localhost',\n  'driver' => 'mysql',\n];",
        "joomla configuration.php after the move, the site shows 'Error connecting to the database':\n"
        "\tpublic $host = 'localhost';\n\tpublic $user = '{u}';\n\tpublic $password = '{p}';\n\tpublic $db = "
        "'joomla_site';",
        "the bitnami launch log says:\n#########################################################################\n"
        "#                                                                       #\n#        Setting Bitnami "
        "application password to '{p}'        #\n#        (the default application username is 'user')"
        "                   #\n#########################################################################",
        "ghost config.production.json, mail section:\n\"mail\": {\n  \"transport\": \"SMTP\",\n  \"options\": {\n"
        "    \"host\": \"smtp.mailrelay.test\",\n    \"auth\": {\"user\": \"{u}\", \"pass\": \"{p}\"}\n  }\n}",
    ],
    "mobile-build": [
        "flutter key.properties (android/):\nstoreFile=/Users/dev/upload-keystore.jks\nkeyAlias=upload\n"
        "keyPassword={p}\nstorePassword=same as key\n\nthe bundle builds but Play says the signature is wrong",
        "CI step that fails:\n  - run: MATCH_PASSWORD='{p}' bundle exec fastlane ios beta\n"
        "error: Couldn't decrypt the repo, your password might be wrong",
        "export FASTLANE_USER={u}@corp.test\nexport FASTLANE_PASSWORD='{p}'\nbundle exec fastlane deliver\n"
        "→ Two-factor authentication is required, what now?",
        "gradle.properties in the repo root:\nRELEASE_STORE_FILE=release.keystore\nRELEASE_STORE_PASSWORD={p}\n"
        "RELEASE_KEY_ALIAS=upload\norg.gradle.jvmargs=-Xmx4g",
        "$ xcrun altool --upload-app -t ios -f build/App.ipa -u {u}@corp.test -p '{p}'\n*** Error: Unable to "
        "upload archive. Authentication failed.",
        "Play Console keeps saying 'Keystore was tampered with, or password was incorrect'. In Android Studio's "
        "Generate Signed Bundle wizard I gave the key store {p} — what else could it be?",
    ],
    "device-admin": [
        "Activated the new DS-2CD2143 camera with SADP tonight and set the admin credential to {p}; the NVR "
        "needs the same one to add it as channel 5.",
        "DSM → Control Panel → User & Group: the built-in admin is disabled, we log in as {u} with {p}. Hyper "
        "Backup to the QNAP uses that account too.",
        "$ curl --digest -u 'admin:{p}' http://192.168.1.64/ISAPI/System/deviceInfo\n<?xml version=\"1.0\" "
        "encoding=\"UTF-8\"?>\n<DeviceInfo version=\"2.0\">",
        PinTemplate("Sent the payroll run to Floor2-MFP as Secure Print; release PIN at the panel is {p}. "
                    "Collect it before 5 please."),
        "QNAP TS-453D: after the reset button I logged in via Qfinder and set the admin password to {p}; now "
        "myQNAPcloud refuses the same login.",
        "Brother MFC web admin (https://10.1.4.22) asks for the Pwd from the label, we changed it to {p} when we "
        "set up scan-to-folder.",
    ],
    "translate-it": [
        "Puoi tradurlo in inglese? «Gentile ospite, benvenuto! Per il Wi-Fi scegli la rete Casa_Lucia e inserisci "
        "la chiave {p}. Il check-out è entro le 10.»",
        "Przetłumacz proszę na angielski: „Dzień dobry, dane do logowania do panelu klienta: login {u}, hasło "
        "jednorazowe {p}. Prosimy o zmianę po pierwszym logowaniu.”",
        "What does this say? \"Hej! Ditt konto i skolplattformen är klart. Användarnamn: {u}  Tillfälligt lösen: "
        "{p}  Byt det när du loggar in första gången.\"",
        "Translate to English please: Dobrý den, posílám přístupové údaje do e-shopu – jméno {u}, přístupové heslo "
        "{p}. S pozdravem, Petr",
        "Bunu İngilizceye çevirir misin: 'Merhaba, modem arayüzüne giriş için kullanıcı adı admin, geçici "
        "parolanız {p} olarak belirlenmiştir.'",
        "この文を英語に訳してください：「社内ポータルには仮パスワード「{p}」でログインし、初回ログイン時に変更してください。」",
    ],
    "scratchpad": [
        "{\"thoughts\": {\"text\": \"The user gave me the staging login in their first message.\", \"plan\": "
        "\"- sign in to stage.corp.test as {u} with {p}\\n- open the dashboard\", \"criticism\": \"none\"}, "
        "\"command\": {\"name\": \"browse_website\", \"args\": {\"url\": \"https://stage.corp.test\"}}}",
        "Step 3/7 (planner): credentials found in README.md (ops / {p}); next: ssh into build-02 and clear the "
        "cache.",
        "[scratchpad] remember: the vendor portal account is {u}, its secret {p}. Do not repeat it back to the "
        "user.",
        "> Entering new AgentExecutor chain...\nI need to query the orders table. The .env file I read earlier has "
        "DB_USER={u} and the DB secret {p}, so I will connect with those.\nAction: sql_db_query",
        "<thinking>The user pasted their router login (admin, {p}). I'll open the admin page with it and change "
        "the DNS servers.</thinking>",
        "Plan:\n1. open https://billing.corp.test\n2. type {u} into #email\n3. type {p} into #pw\n4. click "
        "Sign in\n5. download the November invoice",
    ],
    "calendar": [
        "Onboarding day 1 (Mon 09:00-12:00)\nLocation: Room 4.12 or online\n\nBefore the session please sign in "
        "once to the training sandbox: user {u}, starter password {p}.\n\nDial-in: +44 20 3855 0199, "
        "conference ID 771 204 39#",
        PinTemplate("Weekly ops review\nDial-in: +1 646 555 0199, Conference ID 448 2913#\nLeader PIN (for you "
                    "only, don't forward): {p}"),
        PinTemplate("You are the alternative host of this meeting.\nMeeting ID: 884 1390 2271\nHost key: {p}\n"
                    "Use it to claim host if the organiser is late."),
        "Workshop: Grafana for on-call\nWhen: Thu 14:00-15:30\nPrep: open the shared demo Grafana at "
        "grafana-demo.corp.test and log in as workshop / {p} (read-only).",
        "Hi all, moving our retro to Wednesday same time. The Miro board is password protected now, it's {p}. "
        "Bring one thing that went well.",
        "Interview loop — candidate coding pad\nCoderPad: https://app.coderpad.io/Q7KX2M\nPad password for "
        "interviewers: {p}\nPlease join 5 minutes early.",
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "lab-sheet": [
        "CS 2140 — Lab 6: Linux permissions\n\nYour VM: lab06.cslab.test\nAccount: your university ID\nPassword: "
        "the one you set in week 1 (reset it at the lab desk if you forgot it)",
        "Worksheet 3, step 4: change the trainee passphrase with `passwd`. Pick at least 12 characters; the lab "
        "checker fails anything shorter.",
        "Hi class, the Administrator password for the Windows Server VM is on the printed handout only; please "
        "don't post it on the forum. — Dr. Okafor",
        "why does the kali VM from my course say 'Login incorrect' right after I type the password? caps lock is "
        "off and the keyboard layout is US",
        "| Group | VM | Account | Starter secret |\n|---|---|---|---|\n| 3 | win10-g3.lab.test | on your card | "
        "on your card |",
        "Practical exam — instructions\n2. Console access to R1: the enable secret is written on the whiteboard; "
        "you must replace it with your own as task 1.",
    ],
    "home-auto": [
        "```\nesphome:\n  name: porch-light\nota:\n  - platform: esphome\n    password: !secret ota_password\n```",
        "[{\"id\": \"b71c\", \"type\": \"mqtt-broker\", \"broker\": \"10.0.0.5\", \"port\": \"1883\", "
        "\"credentials\": {}}]\n(node-red keeps the credentials in flows_cred.json, encrypted with credentialSecret)",
        "home assistant asks for the inverter password in the UI flow, where is that stored afterwards? I don't "
        "see it in configuration.yaml",
        "mqtt:\n  base_topic: zigbee2mqtt\n  server: mqtt://192.168.1.10\n  user: z2m\n  password: '!secret.yaml "
        "mqtt_password'",
        "tasmota console: typed MqttPassword with nothing after it and it printed {\"MqttPassword\":\"****\"}, "
        "is that expected?",
        "openHAB bridge: how do I keep the broker password out of the things file? can it reference a secrets "
        "file?",
    ],
    "db-gui": [
        "DataGrip data source dialog:\nAuthentication: User & Password\nUser: report_ro\nPassword: <hidden>\n"
        "Save: Never\n\nwhy does it ask me for the password on every query?",
        "Navicat → Connection properties → General\nConnection Name: erp-prod\nAuthentication: Windows "
        "Authentication\n(no password field)",
        "SSMS: error 18456 state 8 means the password was wrong; state 5 means the login does not exist. Which "
        "one are you getting?",
        "MongoDB Compass → Authentication → Method: X.509 (no username or password), certificate from the "
        "keychain",
        "RedisInsight 'Add database': leave username and password empty if the instance has no ACL; it then "
        "connects as default.",
        "MySQL Workbench keeps asking for the root password even after 'Store in Vault…', is the keychain locked?",
    ],
    "game-server": [
        "server.cfg for our CS2 box:\nhostname \"Friday Scrims\"\nsv_password \"\"\n// rcon_password is passed on "
        "the command line from the panel",
        "The TeamSpeak serveradmin password is only printed once on the first start; if you lost it, start the "
        "server with serveradmin_password= to set a new one.",
        "valheim server password must be at least 5 characters and can't contain the server name, that's why "
        "it refused to start",
        "factorio server-settings.json (trimmed):\n{\n  \"name\": \"Belt Nerds\",\n  \"game_password\": \"\",\n"
        "  \"require_user_verification\": true\n}",
        "[ServerSettings]\nServerPassword=\nServerAdminPassword=\nRCONEnabled=False",
        "📌 pinned in #palworld: the join pw changed after the wipe, ask a mod in DMs for it",
    ],
    "cms-setup": [
        "$ wp config create --dbname=shop_wp --dbuser=shop --prompt=dbpass\n1/10 --dbpass=<dbpass>: \nSuccess: "
        "Generated 'wp-config.php' file.",
        "'db' => [\n    'connection' => [\n        'default' => [\n            'host' => 'localhost',\n"
        "            'password' => getenv('MAGENTO_DB_PASSWORD'),",
        "$databases['default']['default'] = [\n  'database' => 'drupal10',\n  'username' => 'drupal',\n"
        "  'password' => '',\n  'host' => 'localhost',\n];",
        "joomla: 'Error connecting to the database' usually means public $password in configuration.php no "
        "longer matches the MySQL user's password after a move.",
        "the bitnami application password is printed in the boot log once; run `sudo cat "
        "/home/bitnami/bitnami_credentials` to see it again.",
        "\"mail\": {\n  \"transport\": \"SMTP\",\n  \"options\": {\n    \"host\": \"smtp.mailrelay.test\",\n"
        "    \"auth\": {\"user\": \"postmaster\", \"pass\": \"\"}\n  }\n}",
    ],
    "mobile-build": [
        "flutter key.properties (android/):\nstoreFile=/Users/dev/upload-keystore.jks\nkeyAlias=upload\n"
        "keyPassword=\nstorePassword=\n\nwhat do I put in these two if I never set a password?",
        "  - run: bundle exec fastlane ios beta\n    env:\n      MATCH_PASSWORD: ${{ secrets.MATCH_PASSWORD }}",
        "FASTLANE_PASSWORD is your Apple ID password; with two-factor on you need an app-specific password or an "
        "API key instead.",
        "gradle.properties:\nRELEASE_STORE_FILE=release.keystore\nRELEASE_STORE_PASSWORD=\nRELEASE_KEY_ALIAS="
        "upload",
        "$ xcrun altool --upload-app -t ios -f build/App.ipa -u dev@corp.test -p @keychain:AC_PASSWORD",
        "Play Console: 'Keystore was tampered with, or password was incorrect' — the key store password and the "
        "key password can differ, try both.",
    ],
    "device-admin": [
        "SADP says the DS-2CD2143 is 'Inactive'; it won't stream until you set an admin password of 8-16 "
        "characters.",
        "DSM → Control Panel → User & Group: password policy now requires mixed case and a number; expiry 90 "
        "days.",
        "$ curl --digest -u admin http://192.168.1.64/ISAPI/System/deviceInfo\nEnter host password for user "
        "'admin':",
        "Secure Print on Floor2-MFP: you choose the release PIN in the print dialog; IT never sees it.",
        "QNAP: holding the reset button for 3 s restores the admin password to the default, which is the first "
        "MAC address without colons.",
        "Brother MFC web admin: the default Pwd is printed on the label at the back of the machine.",
    ],
    "translate-it": [
        "Puoi tradurlo in inglese? «Gentile ospite, la chiave del Wi-Fi è sul cartoncino accanto al router.»",
        "Przetłumacz proszę na angielski: „Hasło jednorazowe wyślemy SMS-em na numer podany w umowie.”",
        "What does this say? \"Ditt lösenord har gått ut, välj ett nytt via länken nedan.\"",
        "Translate to English please: Přístupové heslo vám pošleme zvlášť doporučeným dopisem.",
        "Bunu İngilizceye çevirir misin: 'Geçici parolanız e-posta ile gönderilmiştir, lütfen ilk girişte "
        "değiştirin.'",
        "この文を英語に訳してください：「仮パスワードはメールでお送りします。初回ログイン時に変更してください。」",
    ],
    "scratchpad": [
        "{\"thoughts\": {\"text\": \"The login page needs a password and the user hasn't given one.\", "
        "\"plan\": \"- ask the user for the staging password\\n- do not guess\"}, \"command\": {\"name\": "
        "\"ask_user\", \"args\": {\"question\": \"What is the staging password?\"}}}",
        "Step 3/7 (planner): README.md says credentials are in the team vault; I cannot read it, so I'll stop "
        "here.",
        "[scratchpad] the vendor portal rejected the password the user gave (401). Suggest a reset; don't retry.",
        "> Entering new AgentExecutor chain...\nThe .env file holds DB_PASSWORD but I must not print it. I'll "
        "connect through the configured engine.\nAction: sql_db_query",
        "<thinking>The user asked how to change their router password. I'll describe the menu; I don't need the "
        "password itself.</thinking>",
        "Plan:\n1. open https://billing.corp.test\n2. wait for the user to sign in themselves\n3. download the "
        "November invoice",
    ],
    "calendar": [
        "Onboarding day 1 (Mon 09:00-12:00)\nBefore the session, reset your sandbox password at "
        "https://id.corp.test/reset.\n\nDial-in: +44 20 3855 0199, conference ID 771 204 39#",
        "Weekly ops review\nDial-in: +1 646 555 0199, Conference ID 448 2913#\nNo PIN needed for participants.",
        "You are the alternative host of this meeting.\nMeeting ID: 884 1390 2271\nYour host key is in your "
        "profile settings.",
        "Workshop: Grafana for on-call\nPrep: log in to the demo Grafana with your SSO account; there is no "
        "shared password.",
        "Hi all, moving our retro to Wednesday. The Miro board password is in the team channel topic.",
        "Interview loop — candidate coding pad\nCoderPad: https://app.coderpad.io/Q7KX2M\nInterviewers sign in "
        "with company SSO; no pad password.",
    ],
}

Item = heldout_score.Item
MARK = "\x00password\x00"  # stands for the value while a template is filled, so its span is known exactly


def _leet(rng: random.Random, word: str) -> str:
    chars = list(word)
    spots = [i for i, c in enumerate(chars) if c in LEET]
    for i in rng.sample(spots, rng.randint(1, max(1, len(spots) - 1))):
        chars[i] = rng.choice(LEET[chars[i]])
    if rng.random() < 0.5 and chars[0].isalpha():
        chars[0] = chars[0].upper()
    return "".join(chars) + str(rng.randint(1, 999)) + rng.choice("!%*+=?@^~")


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
        name = rng.choice(PETS_AND_TOWNS)
        if kind == 0:
            return name.capitalize() + str(rng.randint(2016, 2026)) + rng.choice(HUMAN_SYMBOLS)
        if kind == 1:
            return name + rng.choice(HUMAN_SYMBOLS) + f"{rng.randint(0, 99):02d}"
        if kind == 2:
            return name.capitalize() + rng.choice(HUMAN_SYMBOLS) + f"{rng.randint(0, 9999):04d}"
        other = rng.choice([n for n in PETS_AND_TOWNS if n != name])
        return name.capitalize() + other.capitalize() + str(rng.randint(1, 99))
    if style == "leet":
        return _leet(rng, rng.choice(LEET_WORDS))
    if style == "passphrase":
        words = rng.sample(SKY_WORDS, rng.randint(3, 5))
        kind = rng.randrange(4)
        if kind == 3:
            return "".join(w.capitalize() for w in words) + str(rng.randint(1, 9))
        return ("." if kind == 2 else " ").join(words) if kind != 1 else "-".join(words)
    if style == "generated":
        return _generated(rng)
    if style == "pin":
        while True:
            pin = "".join(rng.choice("0123456789") for _ in range(rng.randint(4, 8)))
            if len(set(pin)) > 1:
                return pin
    fish, fabric = rng.choice(FISH), rng.choice(FABRICS)
    return rng.choice((fish + fabric, fish.capitalize() + fabric.capitalize(), fabric + fish,
                       fabric.capitalize() + fish))


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
    """Counts per carrier and per style (heldout_score.counts_main), never which values were missed."""
    return heldout_score.counts_main(__doc__ or "", NAME, items, NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
