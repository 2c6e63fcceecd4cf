#!/usr/bin/env python3
"""Held-out set 26: passwords in CRM sandbox notes, clinic and hospital system logins, apps that print their
configuration at start-up, 3D-printer and maker-space tools, cryptocurrency wallet unlocks, search and monitoring
stacks, ISP broadband letters and PPPoE setups, no-code workflow automations, statistics and analytics tools, and
plant-floor (OT/industrial) notes.

Written on 2026-12-05 (helper set26) on main bc90a69, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 20-25 only for the scoring interface and for which
carriers they used; sets 1-19 were read only for their carrier lists (docstrings) and grepped (which files hold a
word) for the tools and words below. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): CRM sandboxes
(a Salesforce Data Loader `process-conf.xml` `sfdc.password` entry, a simple_salesforce call, a `#crm-admins`
message after a sandbox refresh, a Dynamics 365 connection string, an Odoo XML-RPC `authenticate` with positional
arguments, a Migration Tool `build.properties`); clinic systems (a locum induction card, a PACS reading-room note, a
Mirth Connect `databaseReader` channel, a ward's medicines-cabinet override code, a dental front-desk note, a shift
handover); start-up configuration dumps (a Spring-style log line, a Python settings dict, a Node `util.inspect`
object, a Go `%#v` struct, a Ruby hash `inspect`, a .NET configuration debug view); 3D printing and maker tools
(`octoprint user add --password`, a PrusaLink note, `curl --digest -u` to PrusaLink, a Bambu LAN access code, a
makerspace wiki list, a Moonraker `[power]` section for a Tasmota plug); wallet unlocks (`bitcoin-cli
walletpassphrase`, geth `--password` from an echoed file, electrum `-W`, `monero-wallet-cli --password`, a MetaMask
test-laptop note, eth_account `Account.decrypt`); search and monitoring (`elasticsearch-reset-password` output,
`kibana.yml`, `zabbix_server.conf` `DBPassword`, a Zabbix `user.login` JSON-RPC body, an OpenSearch `docker run -e`,
a Graylog `curl -u`); ISP letters and PPPoE (a welcome letter, `/etc/ppp/chap-secrets`, OpenWrt `uci set`, a
MikroTik `pppoe-client add`, a FRITZ!Box setup note, a customer asking why the login fails); workflow automation (an
n8n `export:credentials --decrypted`, a Zapier `Basic Auth: user|value` field, a Tasker `Variable Set`, an iOS
Shortcut `Text` action, a Make blueprint with an escaped JSON body, a Pipedream step); statistics tools (R
`DBI::dbConnect`, a SAS `libname`, Stata `odbc load ... password()`, MATLAB `database` positional, `tabcmd login -p`,
SPSS `GET DATA /CONNECT`); plant floor (a commissioning sheet, an Ignition gateway note, an asyncua
`set_password`, a night-shift log, an S7-1500 web server note, a CODESYS user-management note).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a card or board game with a
year or digits and a symbol, or two run together with digits), leetspeak mythical creatures (never the first
letter) with digits and a symbol, passphrases of three to five furniture, stationery and circus words (blanks,
hyphens, dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a
letter first), letters only (a cheese and a dance joined in four casings), and PINs of 4-8 digits; drawn from
random.Random(26) in a fixed order, so the set is the same on every run. The word lists were grepped absent from
sets 1-25. Hard negatives (60, six per carrier): the same carriers giving no password (values read from the
environment, files, secret stores, prompts and template variables, masked, empty and `<redacted>` values,
`<your password>` placeholders, a SHA-256 `root_password_sha2`, a transaction hash, a config fingerprint, org,
record, order, line and serial ids, password rules and policy, talk about passwords). Same scoring as sets 3-25
(heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative is
hit by any such finding; values are never printed).

Score on the unchanged code (main bc90a69; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set26 that wrote it (`scripts/eval_heldout26.py`, 2026-12-05 14:48
UTC): password recall 192/300 = 0.640; hard negatives hit 3/60 (crm-sandbox 25/30, clinic-systems 22/30,
config-dumps 27/30, maker-3dprint 22/30, wallet-unlock 8/30, observability 25/30, isp-letters 17/30,
workflow-automation 17/30, stats-analytics 15/30, ot-industrial 14/30; human 35/50, leet 34/50, passphrase 31/50,
generated 36/50, letters 26/50, pin 30/50; negatives hit: config-dumps 1/6, maker-3dprint 1/6, observability 1/6,
0/6 in the other seven).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout26.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 26"
SEED = 26

GAMES = ("canasta", "cribbage", "rummy", "euchre", "bezique", "pinochle", "whist", "solitaire", "mahjong",
         "dominoes", "backgammon")
CREATURES = ("griffin", "kraken", "basilisk", "chimera", "wyvern", "minotaur", "manticore", "sphinx", "gorgon",
             "cerberus", "leviathan", "banshee")
LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
ROOM_WORDS = ("ottoman", "armoire", "credenza", "settee", "chaise", "dresser", "bureau", "hutch", "futon",
              "recliner", "sideboard", "stapler", "eraser", "inkwell", "quill", "paperclip", "protractor", "juggler",
              "trapeze", "unicycle")
CHEESES = ("manchego", "halloumi", "roquefort", "camembert", "taleggio", "pecorino", "provolone", "emmental",
           "raclette")
DANCES = ("mambo", "fandango", "calypso", "quickstep", "jive", "lindy", "bachata", "merengue", "zumba")
# No quote, comma, colon, semicolon, backslash, brace, bracket, parenthesis, angle bracket, pipe, percent, hash,
# caret, ampersand or dollar: every carrier holds the value as typed (XML attributes, JSON inside JSON, Python, R,
# SAS, MATLAB and Ruby strings, shell words in single quotes, `.properties` and INI lines, a Zapier `user|value`
# pair, a connection string, a chap-secrets line, Go `%#v` output, a Tasker action in brackets).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~.@"
USERS = ("t.okonkwo", "svc-crm-int", "m.lindqvist", "a.rahimi", "ops-bot", "j.villanueva", "plantops", "e.nowicka")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "crm-sandbox": [
        "<bean id=\"extractAccounts\" class=\"com.salesforce.dataloader.process.ProcessRunner\">\n"
        "  <property name=\"configOverrideMap\">\n    <map>\n"
        "      <entry key=\"sfdc.endpoint\" value=\"https://test.salesforce.com\"/>\n"
        "      <entry key=\"sfdc.username\" value=\"{u}@acme.com.uat\"/>\n"
        "      <entry key=\"sfdc.password\" value=\"{p}\"/>\n    </map>\n  </property>\n</bean>",
        "from simple_salesforce import Salesforce\nsf = Salesforce(username=\"{u}@acme.com.uat\", password=\"{p}\", "
        "security_token=os.environ[\"SF_TOKEN\"], domain=\"test\")",
        "#crm-admins: refreshed the UAT sandbox this morning. Integration user {u}@acme.com.uat logs in with {p} "
        "now, the security token was re-sent to the shared mailbox.",
        "AuthType=Office365;Url=https://acme-uat.crm4.dynamics.com;Username={u}@acme-uat.onmicrosoft.com;"
        "Password={p}",
        "common = xmlrpc.client.ServerProxy(\"https://acme-uat.odoo.com/xmlrpc/2/common\")\n"
        "uid = common.authenticate(\"acme_uat\", \"{u}\", \"{p}\", {})",
        "# build.properties for the Force.com Migration Tool (sandbox)\nsf.serverurl = https://test.salesforce.com\n"
        "sf.username = {u}@acme.com.uat\nsf.password = {p}\nsf.maxPoll = 200",
    ],
    "clinic-systems": [
        "Locum induction - Dr A. Rahimi (Tue/Thu)\nEHR: user {u}, temporary password {p} (change at first login)\n"
        "Smartcard: ordered, collect from reception",
        "PACS reading room 2: Windows login radiology / {p} - the viewer opens on its own, do not log it off "
        "during lists",
        "<databaseReader version=\"4.4.0\">\n  <driver>org.postgresql.Driver</driver>\n"
        "  <url>jdbc:postgresql://ris-db:5432/ris</url>\n  <username>{u}</username>\n  <password>{p}</password>\n"
        "  <query>SELECT * FROM orders WHERE sent = false</query>\n</databaseReader>",
        "Night-shift note for the meds cabinet on Ward 6: the override code is {p} until pharmacy re-enrols the "
        "fingerprints.",
        "Open Dental front desk PC\nuser: {u}\npw: {p}\n(ask Maria before changing anything in Setup)",
        "Handover 19:00 - lab results portal still uses the shared login {u} / {p} until IT fixes the SSO; bloods "
        "for bed 12 are pending.",
    ],
    "config-dumps": [
        "2026-12-05 09:14:02.118  INFO 4121 --- [           main] c.a.orders.config.ConfigDump             : "
        "datasource.url=jdbc:postgresql://db:5432/orders, datasource.username={u}, datasource.password={p}, "
        "pool.max=20",
        "DEBUG:app.settings:settings loaded: {'DB_HOST': 'db.internal', 'DB_USER': '{u}', 'DB_PASS': '{p}', "
        "'DEBUG': False}",
        "[config] loaded config/production.json -> {\n  smtp: { host: 'mail.internal', port: 587, user: '{u}', "
        "pass: '{p}' },\n  queue: { url: 'amqp://mq:5672' }\n}",
        "2026/12/05 09:14:02 config: main.Config{Listen:\":8080\", DB:main.DB{Host:\"db\", User:\"{u}\", "
        "Password:\"{p}\", Name:\"orders\"}}",
        "I, [2026-12-05T09:14:02.118 #4121]  INFO -- : Loaded configuration: {\"redis_url\"=>\"redis://cache:6379/0\", "
        "\"smtp_user\"=>\"{u}\", \"smtp_password\"=>\"{p}\"}",
        "configuration debug view:\nSmtp:\n  Host=mail.internal (JsonConfigurationProvider for 'appsettings.json')\n"
        "  Password={p} (EnvironmentVariablesConfigurationProvider Prefix: '')\n"
        "  User={u} (JsonConfigurationProvider for 'appsettings.json')",
    ],
    "maker-3dprint": [
        "$ octoprint user add --password '{p}' --admin {u}",
        "PrusaLink on the MK4 (http://192.168.1.57): user maker, password {p} - it's on the sticker on the frame "
        "too",
        "curl --digest -u 'maker:{p}' http://prusa-mk4.local/api/v1/status",
        "Bambu X1C is in LAN-only mode now. Access code: {p} (Settings > Network), add it in Orca as a LAN printer.",
        "Makerspace wiki > Laser cutter\n* PC: {u} / {p}\n* Only LightBurn, no browsing\n* Log the job in the book",
        "[power printer]\ntype: tasmota\naddress: 192.168.1.60\npassword: {p}\noff_when_shutdown: True",
    ],
    "wallet-unlock": [
        "$ bitcoin-cli -rpcwallet=savings walletpassphrase '{p}' 600\n$ bitcoin-cli -rpcwallet=savings getbalance",
        "echo '{p}' > /tmp/pw.txt && geth --datadir ~/.eth-dev --unlock 0 --password /tmp/pw.txt --http",
        "electrum --testnet -W '{p}' load_wallet",
        "monero-wallet-cli --wallet-file cold-store --password '{p}' --daemon-address node.example:18089",
        "MetaMask on the test laptop (Sepolia only, no real funds): unlock password {p}",
        "from eth_account import Account\nkey = Account.decrypt(json.load(open(\"keystore.json\")), \"{p}\")",
    ],
    "observability": [
        "$ bin/elasticsearch-reset-password -u elastic\nThis tool will reset the password of the [elastic] user to "
        "an autogenerated value.\nThe password will be printed in the console.\nPlease confirm that you would like "
        "to continue [y/N]y\n\n\nPassword for the [elastic] user successfully reset.\nNew value: {p}",
        "# kibana.yml\nserver.host: \"0.0.0.0\"\nelasticsearch.hosts: [\"https://es01:9200\"]\n"
        "elasticsearch.username: \"kibana_system\"\nelasticsearch.password: \"{p}\"",
        "### /etc/zabbix/zabbix_server.conf\nDBHost=localhost\nDBName=zabbix\nDBUser={u}\nDBPassword={p}",
        "curl -s -X POST -H 'Content-Type: application/json-rpc' https://zabbix.example/api_jsonrpc.php -d "
        "'{\"jsonrpc\":\"2.0\",\"method\":\"user.login\",\"params\":{\"username\":\"{u}\",\"password\":\"{p}\"},"
        "\"id\":1}'",
        "docker run -d -p 9200:9200 -e \"discovery.type=single-node\" -e \"OPENSEARCH_INITIAL_ADMIN_PASSWORD={p}\" "
        "opensearchproject/opensearch:latest",
        "curl -u '{u}:{p}' -H 'X-Requested-By: cli' https://graylog.example/api/system/inputs",
    ],
    "isp-letters": [
        "Welcome to FibreNet!\nYour broadband connection details\nConnection type: PPPoE\n"
        "Username: {u}@fibrenet.example\nPassword: {p}\nKeep this letter with your router.",
        "# /etc/ppp/chap-secrets\n# client\tserver\tsecret\tIP addresses\n\"{u}@dsl.example\"\t*\t\"{p}\"\t*",
        "uci set network.wan.proto='pppoe'\nuci set network.wan.username='{u}@dsl.example'\n"
        "uci set network.wan.password='{p}'\nuci commit network",
        "/interface pppoe-client add interface=ether1 name=pppoe-out1 user={u}@isp.example password=\"{p}\" "
        "add-default-route=yes disabled=no",
        "FRITZ!Box setup (Internet > Account Information): provider Other, user name {u}@isp.example, password "
        "{p}, VLAN 7",
        "Hi, since yesterday my PPPoE session drops with \"authentication failed\". The login from the ISP letter "
        "is {u}@isp.example with {p} and it worked for two years - is it on your side?",
    ],
    "workflow-automation": [
        "$ n8n export:credentials --all --decrypted\n[{\"name\": \"Postgres prod\", \"type\": \"postgres\", "
        "\"data\": {\"host\": \"db.internal\", \"database\": \"shop\", \"user\": \"{u}\", \"password\": \"{p}\", "
        "\"port\": 5432}}]",
        "Webhooks by Zapier > Custom Request\nMethod: POST\nURL: https://erp.example.com/api/orders\n"
        "Basic Auth: {u}|{p}\nData Pass-Through?: false",
        "Task: Router Reboot\nA1: Variable Set [ Name:%RouterPass To:{p} Structure Output (JSON, etc):On ]\n"
        "A2: HTTP Request [ Method:POST URL:http://192.168.0.1/reboot ]",
        "Shortcut \"NAS login\"\n1. Text: {p}\n2. Set variable NASPass to Text\n"
        "3. Get contents of http://nas.local:5000/webapi/auth.cgi",
        "\"mapper\": {\"url\": \"https://erp.example.com/api/login\", \"method\": \"post\", \"bodyType\": \"raw\", "
        "\"data\": \"{\\\"user\\\":\\\"{u}\\\",\\\"password\\\":\\\"{p}\\\"}\"}",
        "export default defineComponent({\n  async run({ steps, $ }) {\n    const password = \"{p}\";\n"
        "    return await login(\"{u}\", password);\n  },\n});",
    ],
    "stats-analytics": [
        "con <- DBI::dbConnect(RPostgres::Postgres(), dbname = \"trials\", host = \"pg.internal\", user = \"{u}\", "
        "password = \"{p}\")",
        "libname dw oracle user={u} password=\"{p}\" path=dwprod schema=sales;",
        "odbc load, exec(\"SELECT * FROM visits\") dsn(\"clinic\") user(\"{u}\") password(\"{p}\") clear",
        "conn = database('salesdb', '{u}', '{p}');\ndata = fetch(conn, 'SELECT * FROM orders');",
        "tabcmd login -s https://tableau.example.com -t finance -u {u} -p '{p}'",
        "GET DATA /TYPE=ODBC\n  /CONNECT='DSN=crm;UID={u};PWD={p};'\n  /SQL='SELECT * FROM accounts'.",
    ],
    "ot-industrial": [
        "Commissioning sheet - Line 3 packer\nHMI panel (KTP700): operator {u}, password {p}\n"
        "Recipe backup: USB stick in the cabinet door",
        "Ignition gateway on scada-01 (http://scada-01:8088): log in as {u} with {p} to edit the tag providers",
        "client = Client(\"opc.tcp://plc-07.plant.local:4840\")\nclient.set_user(\"{u}\")\n"
        "client.set_password(\"{p}\")\nawait client.connect()",
        "Night shift log 03:10 - line 2 panel locked after the timeout, unlocked with the supervisor code {p}, no "
        "alarms.",
        "S7-1500 web server: user {u} (read diagnostics only), password {p} - ask controls before adding write "
        "rights",
        "CODESYS device user management on the Pi runtime: Online > Security > Users: {u} / {p}",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "crm-sandbox": [
        "<entry key=\"sfdc.password\" value=\"${SFDC_PASSWORD}\"/>",
        "sf = Salesforce(username=cfg[\"sf_user\"], password=cfg[\"sf_password\"], "
        "security_token=cfg[\"sf_token\"], domain=\"test\")",
        "Sandbox refresh policy: integration users keep their production password after a refresh; reset it from "
        "Setup > Users if the login fails.",
        "sf.password = <your password + security token>",
        "Org ID 00D5e000000XyZQ | Sandbox: uat | Instance: CS87 | Last refresh 2026-11-28",
        "uid = common.authenticate(db, username, password, {})  # all four come from odoo.conf",
    ],
    "clinic-systems": [
        "EHR passwords must be 12 or more characters and change every 90 days; you cannot reuse the last 10.",
        "PACS reading room 2: log in with your own smartcard, never a shared account.",
        "<username>${ris_db_user}</username>\n<password>${ris_db_password}</password>",
        "MRN 00481736 | Encounter ENC-2026-118204 | Ward 6 bed 12",
        "Open Dental front desk PC\nuser: <your initials>\npw: <your own password>",
        "Lab portal: forgot your password? Use the self-service reset on the login page; the helpdesk cannot read "
        "it out to you.",
    ],
    "config-dumps": [
        "2026-12-05 09:14:02.118  INFO 4121 --- [           main] c.a.orders.config.ConfigDump             : "
        "datasource.username=orders_app, datasource.password=******, pool.max=20",
        "DEBUG:app.settings:settings loaded: {'DB_HOST': 'db.internal', 'DB_USER': 'app', 'DB_PASS': '<redacted>', "
        "'DEBUG': False}",
        "WARN config: SMTP password is empty; outgoing mail is disabled",
        "2026/12/05 09:14:02 config: main.Config{Listen:\":8080\", DB:main.DB{Host:\"db\", User:\"orders\", "
        "Password:\"\", Name:\"orders\"}}",
        "Loaded configuration: {\"redis_url\"=>\"redis://cache:6379/0\", "
        "\"smtp_password_file\"=>\"/run/secrets/smtp_password\"}",
        "config fingerprint sha256:556d4e02a4ea371435481182fb157427254f510912a9616010a9d0d0d7ee0e87 (12 keys)",
    ],
    "maker-3dprint": [
        "OctoPrint: the first-run wizard asks you to create an admin account; choose a strong password there.",
        "PrusaLink password: printed on the sticker on the frame (not written here)",
        "curl --digest -u \"maker:$PRUSALINK_PASSWORD\" http://prusa-mk4.local/api/v1/status",
        "Bambu serial 01S00C123456789 | firmware 01.08.02.00 | LAN only",
        "Makerspace rule: laser cutter PC passwords rotate each term; ask a steward, don't write them on the wiki.",
        "[power printer]\ntype: tasmota\naddress: 192.168.1.60\npassword: {secrets.tasmota.password}",
    ],
    "wallet-unlock": [
        "bitcoin-cli -rpcwallet=savings walletpassphrase \"$(pass show btc/savings)\" 600",
        "Never share your wallet password or seed phrase; support will never ask for it.",
        "geth --datadir ~/.eth-dev --unlock 0 --password /run/secrets/geth_pw --http",
        "tx 0x4b7e6938f8b83e82be977e5b45238a751bdd44d0c09e7b56f79075389c04d847 confirmed in block 19284410",
        "MetaMask password rules: at least 8 characters; it only unlocks this browser's vault.",
        "key = Account.decrypt(keystore, getpass.getpass(\"Keystore password: \"))",
    ],
    "observability": [
        "elasticsearch.username: \"kibana_system\"\nelasticsearch.password: \"${KIBANA_SYSTEM_PASSWORD}\"",
        "root_password_sha2 = 3c51739ac71d616038c089678bd19d2e47feb0c2161a329c2b8b07aa4c2d5aea",
        "### Option: DBPassword\n#\tDatabase password.\n#\tComment this line if no password is used.\n#\n"
        "# Mandatory: no\n# Default:\n# DBPassword=",
        "\"params\":{\"username\":\"<user>\",\"password\":\"<your password>\"}",
        "OpenSearch 2.12 and later refuse to start without OPENSEARCH_INITIAL_ADMIN_PASSWORD; it needs 8 or more "
        "characters with upper case, lower case, a digit and a special character.",
        "Alert 48213: login failures for user elastic exceeded 20/min (source 10.2.0.14)",
    ],
    "isp-letters": [
        "Your PPPoE password was sent in a separate letter. For security we never print it on the invoice.",
        "# client\tserver\tsecret\tIP addresses\n\"user@dsl.example\"\t*\t\"<secret from the ISP letter>\"\t*",
        "uci set network.wan.password=\"$(cat /root/pppoe.pass)\"",
        "Customer no. 7730-118-442 | Line ID FTTH-0093-44120 | Router serial 3C37-86A1-0F",
        "MikroTik: if the PPPoE client stays in 'connecting', check the username and password with your ISP; the "
        "password is case-sensitive.",
        "FRITZ!Box: the password for the user interface is on the type label (FRITZ!Box password), not the Wi-Fi "
        "key.",
    ],
    "workflow-automation": [
        "\"data\": {\"host\": \"db.internal\", \"user\": \"shop\", \"password\": \"={{ $env.PG_PASSWORD }}\"}",
        "Zapier: Basic Auth takes a pipe-separated username|password pair; leave it blank if the API uses a key.",
        "A1: Read File [ File:Tasker/secrets/router.txt To Var:%RouterPass ]",
        "Shortcut \"NAS login\"\n1. Ask for Input: Text (Prompt: NAS password?)\n"
        "2. Set variable NASPass to Provided Input",
        "Make scenario 2931447 | execution 8f2c1e0a9b3d4c5e | status: success",
        "const password = process.env.ERP_PASSWORD;",
    ],
    "stats-analytics": [
        "con <- DBI::dbConnect(RPostgres::Postgres(), dbname = \"trials\", user = Sys.getenv(\"PG_USER\"), "
        "password = Sys.getenv(\"PG_PASSWORD\"))",
        "libname dw oracle user=&dwuser password=\"&dwpass\" path=dwprod;",
        "help odbc: password(pass) specifies the password of the data source, when it needs one",
        "conn = database('salesdb', user, getSecret(\"salesdb_pw\"));",
        "tabcmd login -s https://tableau.example.com -u <username> --password-file ~/.tableau/pw.txt",
        "Dataset: study 2026-114, cases 4821, variables 63, weight: none",
    ],
    "ot-industrial": [
        "IEC 62443 policy: no shared HMI accounts; each operator logs in with a personal badge and PIN.",
        "HMI panel (KTP700): operator password - see the sealed envelope in the control cabinet",
        "client.set_password(os.environ[\"OPCUA_PASSWORD\"])",
        "PLC serial S C-J3R91234 | order no. 6ES7 515-2AM02-0AB0 | firmware V3.0.3",
        "Ignition gateway: forgot the admin password? Run gwcmd --passwd on the gateway host to reset it.",
        "Night shift log 04:30 - operator entered a wrong supervisor code three times, panel locked for 10 min.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=GAMES, leet=CREATURES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=ROOM_WORDS,
    letters=(CHEESES, DANCES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
