#!/usr/bin/env python3
"""Held-out set 22: passwords in web-framework seeds and consoles, infrastructure-as-code run output, container and
process inspection output, data-pipeline connector configs, office automation macros, directory administration
commands, package-registry credentials, IRC and instant-messaging clients, mainframe and ERP logons, and text read
out of images (OCR and vision-model descriptions).

Written on 2026-12-05 (helper set22) on main 9bc9289, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 1-21 only for the scoring interface and for which
carriers, tools and words they used; the script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): framework
seeds and consoles (a Rails `db/seeds.rb` block, a Laravel `tinker` `Hash::make`, a Django shell `set_password`, a
Prisma `seed.ts` `bcrypt.hash`, a Phoenix `seeds.exs` map, a Symfony fixture `hashPassword`); infrastructure-as-code
run output (a `terraform plan` diff, an Ansible `-vvv` `module_args`, a `pulumi preview` diff, `aws cloudformation
deploy --parameter-overrides`, `az deployment group create --parameters` with `vmAdminSecret`, a Puppet agent
content diff of a plain password file); container and process inspection (`docker inspect` `.Config.Env`, `kubectl
describe pod` Environment, `systemctl show -p Environment`, `/proc/PID/environ`, `nomad alloc exec env`, `podman
inspect | jq`); data-pipeline connectors (Kafka Connect `connection.password`, a Logstash `jdbc_password`, a
Debezium server `database.password`, an Airbyte source config, a Trino catalog `connection-password`, a Metabase
`MB_DB_PASS`); office automation (VBA `Unprotect Password:=`, VBA `Workbooks.Open ... Password:=`, Apps Script
`Jdbc.getConnection`, a Power Query ODBC `pwd=`, AutoHotkey `SendText`, a Power Automate Desktop `SET ... TO`);
directory administration (`New-ADUser -AccountPassword`, `Set-ADAccountPassword -NewPassword`, `kcadm.sh
set-password`, an Okta create-user body, `az ad user create --password`, a positional `samba-tool user create`);
package registries (Maven `settings.xml`, `.pypirc`, `dotnet nuget add source --password`, `composer config
http-basic`, `gradle.properties` `artifactoryApiPass`, `helm repo add --password`); IRC and instant messaging
(NickServ `IDENTIFY`, irssi `-autosendcmd`, WeeChat `sasl_password`, Pidgin `accounts.xml`, a ZNC server password
`user/network:value`, `matrix-commander --password`); mainframe and ERP (a JCL `JOB` card `PASSWORD=`, RACF
`ALTUSER ... PASSWORD()`, IBM i `CHGUSRPRF`, SAP `sapshcut -pw=`, Oracle EBS `FNDCPASS apps/value`, an x3270
script `String()`); text read out of images (tesseract output of a whiteboard, a vision-model description of a
sticky note with no credential word, a VPN dialog screenshot, an OCR'd welcome letter, a router label, a table
extracted from a screenshot). The carrier kinds and tools were grepped absent from sets 1-21.
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a snack with a year or digits
and a symbol, or two snacks run together), leetspeak river names (never the first letter) with digits and a symbol,
passphrases of three to five kitchen-utensil words (blanks, hyphens, dots, or capitalised and run together with a
digit), generated 12-24 characters (most with symbols, a letter first), letters only (an instrument and a moon joined
in four casings), and PINs of 4-8 digits; drawn from random.Random(22) in a fixed order, so the set is the same on
every run. Hard negatives (60, six per carrier): the same carriers giving no password (environment, file and
secret-store references, redacted and masked fields such as `(sensitive value)` and
`VALUE_SPECIFIED_IN_NO_LOG_PARAMETER`, `<your password>` and `<password>` placeholders, bcrypt and SHA-256 digests,
UUIDs, password rules and policy, talk about passwords). Same scoring as sets 3-21 (heldout_score.covered: a value
counts when findings that are not public/test-value cover all of it; a negative is hit by any such finding; values
are never printed).

Score on the unchanged code (main 9bc9289; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set22 that wrote it (`scripts/eval_heldout22.py`, 2026-12-05 06:55
UTC): password recall 180/300 = 0.600; hard negatives hit 3/60 (framework-seed 9/30, iac-run-output 22/30,
runtime-inspect 22/30, data-connector 28/30, office-automation 17/30, directory-admin 15/30, package-registry 22/30,
irc-im 14/30, mainframe-erp 9/30, image-text 22/30; human 35/50, leet 33/50, passphrase 31/50, generated 34/50,
letters 30/50, pin 17/50; negatives hit: framework-seed, office-automation and directory-admin 1/6 each, 0/6 in the
other seven). A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout22.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 22"
SEED = 22

SNACKS = ("pretzel", "lasagna", "biscuit", "mango", "noodle", "waffle", "pancake", "burrito", "cannoli", "bagel",
          "churro", "dumpling", "nacho", "brioche")
RIVERS = ("danube", "mekong", "zambezi", "orinoco", "yukon", "volga", "shannon", "tigris", "limpopo", "mississippi")
LEET = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7", "g": "9", "b": "8"}
UTENSILS = ("ladle", "whisk", "colander", "spatula", "skillet", "teapot", "grater", "saucepan", "tongs", "peeler",
            "kettle", "mortar", "sieve")
INSTRUMENTS = ("oboe", "cello", "banjo", "tuba", "ukulele", "bassoon", "zither", "lute", "marimba")
MOONS = ("titan", "europa", "oberon", "callisto", "phobos", "ganymede", "triton", "miranda", "deimos")
# No quote, comma, semicolon, backslash, brace, parenthesis, angle bracket, ampersand, colon, hash, slash or question
# mark: every carrier holds the value as typed (JSON, XML, VBA and PowerShell strings, JCL, RACF and IBM i
# parameters, ODBC strings, IRC commands).
HUMAN_SYMBOLS = "!@*$.%+"
GEN_SYMBOLS = "!$%*+-=@^_~."
USERS = ("lvogt", "svc-etl", "a.ribeiro", "buildbot", "dbadmin2", "k.tanaka", "mkohl", "ops-oncall")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "framework-seed": [
        "db/seeds.rb for the staging box:\n```ruby\nUser.find_or_create_by!(email: \"{u}@atlas.test\") do |user|\n"
        "  user.password = \"{p}\"\n  user.role = :admin\nend\n```\nrails db:seed fails with 'Validation failed', why?",
        "$ php artisan tinker\nPsy Shell v0.12.4 (PHP 8.3.6 — cli) by Justin Hileman\n> $u = App\\Models\\User::where("
        "'email', '{u}@atlas.test')->first();\n> $u->password = Hash::make('{p}');\n> $u->save();\n= true",
        "$ python manage.py shell\n>>> from django.contrib.auth import get_user_model\n>>> admin = get_user_model()."
        "objects.get(username=\"{u}\")\n>>> admin.set_password(\"{p}\")\n>>> admin.save()\n>>> exit()\n\n"
        "/admin still says the login is wrong after this",
        "prisma/seed.ts:\nconst hashed = await bcrypt.hash(\"{p}\", 12);\nawait prisma.user.upsert({\n  where: "
        "{ email: \"{u}@atlas.test\" },\n  update: {},\n  create: { email: \"{u}@atlas.test\", passwordHash: "
        "hashed, role: \"OWNER\" },\n});",
        "priv/repo/seeds.exs\n\nAtlas.Accounts.register_user(%{\n  email: \"{u}@atlas.test\",\n  "
        "password: \"{p}\"\n})\n|> case do\n  {:ok, _} -> IO.puts(\"seeded\")\n  "
        "{:error, cs} -> IO.inspect(cs.errors)\nend",
        "src/DataFixtures/AppFixtures.php\n    $admin = new User();\n    $admin->setEmail('{u}@atlas.test');\n"
        "    $admin->setPassword($this->hasher->hashPassword($admin, '{p}'));\n    $manager->persist($admin);\n"
        "    $manager->flush();",
    ],
    "iac-run-output": [
        "Terraform will perform the following actions:\n\n  # azurerm_mssql_server.main will be created\n  + resource "
        "\"azurerm_mssql_server\" \"main\" {\n      + administrator_login          = \"{u}\"\n      + "
        "administrator_login_password = \"{p}\"\n      + location                     = \"westeurope\"\n      + "
        "version                      = \"12.0\"\n    }\n\nPlan: 1 to add, 0 to change, 0 to destroy.",
        "TASK [db : create app user] ***************************************************\nok: [db01] => {\"changed\": "
        "false, \"invocation\": {\"module_args\": {\"name\": \"{u}\", \"host\": \"%\", \"password\": \"{p}\", "
        "\"priv\": \"app.*:ALL\", \"state\": \"present\"}}}",
        "Previewing update (prod)\n\n     Type                 Name            Plan\n     pulumi:pulumi:Stack  "
        "billing-prod\n +   aws:rds:Instance     orders          create\n\n    + aws:rds/instance:Instance: (create)\n"
        "        allocatedStorage  : 20\n        engine            : \"postgres\"\n        password          : "
        "\"{p}\"\n        username          : \"{u}\"\nResources:\n    + 1 to create",
        "$ aws cloudformation deploy --template-file stack.yml --stack-name billing-db --parameter-overrides "
        "DBUser={u} DBPassword='{p}' --capabilities CAPABILITY_IAM\n\nWaiting for changeset to be created..",
        "az deployment group create -g rg-billing --template-file main.bicep --parameters vmAdminUser={u} "
        "vmAdminSecret='{p}'\n{\"status\": \"Running\"}",
        "Notice: /Stage[main]/Profile::Mqtt/File[/etc/mosquitto/passwd.plain]/content:\n--- /etc/mosquitto/"
        "passwd.plain\t2026-11-02 09:14:01\n+++ /tmp/puppet-file20261205-1234-1x9qz\t2026-12-05 06:41:22\n@@ -1 +1 @@\n"
        "-{u}:\n+{u}:{p}\nNotice: Applied catalog in 4.12 seconds",
    ],
    "runtime-inspect": [
        "$ docker inspect billing-db --format '{{json .Config.Env}}'\n[\"POSTGRES_USER={u}\",\"POSTGRES_PASSWORD={p}\","
        "\"PGDATA=/var/lib/postgresql/data\",\"PATH=/usr/local/sbin:/usr/local/bin:/usr/bin\"]",
        "$ kubectl describe pod orders-api-7d9c5b6f4-x2kqz -n shop\n...\n    Environment:\n      DB_HOST:      "
        "orders-db.shop.svc\n      DB_USER:      {u}\n      DB_PASS:      {p}\n      LOG_LEVEL:    info\n    Mounts:\n"
        "      /var/run/secrets/kubernetes.io/serviceaccount from kube-api-access-9xk2p (ro)",
        "$ systemctl show mailrelay.service -p Environment\nEnvironment=RELAY_HOST=smtp.office.test RELAY_USER={u} "
        "\"RELAY_PASS={p}\" RELAY_PORT=587",
        "# tr '\\0' '\\n' < /proc/$(pgrep -f ldap-sync)/environ\nHOME=/var/lib/ldapsync\nLDAP_BIND_DN=cn={u},ou=svc,"
        "dc=corp,dc=test\nLDAP_BIND_PW={p}\nLANG=C.UTF-8",
        "$ nomad alloc exec -task api 3f2a9c1e env | sort\nAPI_ADMIN_SECRET={p}\nAPI_ADMIN_USER={u}\n"
        "NOMAD_ALLOC_ID=3f2a9c1e-6b0d-4c55-9e0a-21d7f8b4c613\nNOMAD_TASK_NAME=api",
        "$ podman inspect --format json keycloak | jq '.[0].Config.Env'\n[\n  \"KEYCLOAK_ADMIN={u}\",\n  "
        "\"KEYCLOAK_ADMIN_PASSWORD={p}\",\n  \"KC_DB=postgres\",\n  \"container=podman\"\n]",
    ],
    "data-connector": [
        "curl -s -X PUT localhost:8083/connectors/pg-orders/config -H 'Content-Type: application/json' -d "
        "'{\"connector.class\": \"io.confluent.connect.jdbc.JdbcSourceConnector\", \"connection.url\": "
        "\"jdbc:postgresql://pg01:5432/orders\", \"connection.user\": \"{u}\", \"connection.password\": \"{p}\", "
        "\"mode\": \"incrementing\"}'",
        "input {\n  jdbc {\n    jdbc_connection_string => \"jdbc:mysql://crm-db:3306/crm\"\n    jdbc_user => \"{u}\"\n"
        "    jdbc_password => \"{p}\"\n    schedule => \"*/5 * * * *\"\n    statement => \"SELECT * FROM "
        "contacts WHERE updated_at > :sql_last_value\"\n  }\n}",
        "debezium-server application.properties:\ndebezium.source.connector.class=io.debezium.connector.mysql."
        "MySqlConnector\ndebezium.source.database.hostname=crm-db\ndebezium.source.database.user={u}\n"
        "debezium.source.database.password={p}\ndebezium.source.topic.prefix=crm",
        "Airbyte → Sources → MSSQL → Copy config:\n{\"host\": \"erp-sql.corp.test\", \"port\": 1433, \"database\": "
        "\"ERP\", \"username\": \"{u}\", \"password\": \"{p}\", \"ssl_method\": {\"ssl_method\": \"unencrypted\"}}",
        "etc/catalog/sales.properties\nconnector.name=sqlserver\nconnection-url=jdbc:sqlserver://erp-sql.corp.test:"
        "1433;databaseName=SALES\nconnection-user={u}\nconnection-password={p}",
        "metabase.env on the BI box:\nMB_DB_TYPE=postgres\nMB_DB_DBNAME=metabase\nMB_DB_HOST=bi-pg.corp.test\n"
        "MB_DB_USER={u}\nMB_DB_PASS={p}\nMB_JETTY_PORT=3000",
    ],
    "office-automation": [
        "Sub UnlockBudget()\n    ThisWorkbook.Worksheets(\"Budget 2027\").Unprotect Password:=\"{p}\"\n"
        "    Range(\"B4:M40\").Locked = False\nEnd Sub",
        "Dim wb As Workbook\nSet wb = Workbooks.Open(Filename:=\"\\\\fs01\\finance\\payroll.xlsx\", Password:=\"{p}\", "
        "ReadOnly:=True)\nwb.Sheets(1).Range(\"A1\").CurrentRegion.Copy",
        "function syncOrders() {\n  const conn = Jdbc.getConnection('jdbc:mysql://10.20.0.15:3306/shop', '{u}', "
        "'{p}');\n  const rs = conn.createStatement().executeQuery('SELECT id, total FROM orders');\n  "
        "writeRows_(rs);\n}",
        "let\n    Source = Odbc.DataSource(\"driver={SQL Server};server=erp-sql;database=ERP;uid={u};pwd={p}\", "
        "[HierarchicalNavigation=true])\nin\n    Source",
        "; login.ahk fills the ERP logon at start-up\n#Requires AutoHotkey v2.0\nWinWaitActive \"ERP Logon\"\n"
        "Send \"{u}{Tab}\"\nSendText \"{p}\"\nSend \"{Enter}\"",
        "Power Automate Desktop flow, Main subflow:\nSET LoginName TO $'''{u}'''\nSET LoginSecret TO $'''{p}'''\n"
        "UIAutomation.PopulateTextField TextField: appmask['ERP Logon']['Edit Password'] Text: LoginSecret",
    ],
    "directory-admin": [
        "New-ADUser -Name 'Ana Ribeiro' -SamAccountName {u} -AccountPassword (ConvertTo-SecureString '{p}' "
        "-AsPlainText -Force) -Enabled $true -ChangePasswordAtLogon $true",
        "Set-ADAccountPassword -Identity {u} -Reset -NewPassword (ConvertTo-SecureString -AsPlainText '{p}' -Force)\n"
        "Unlock-ADAccount -Identity {u}",
        "./kcadm.sh config credentials --server http://localhost:8080 --realm master --user admin\n./kcadm.sh "
        "set-password -r shop --username {u} --new-password '{p}' --temporary",
        "POST /api/v1/users?activate=true\n{\n  \"profile\": {\"login\": \"{u}@corp.test\", \"email\": "
        "\"{u}@corp.test\", \"firstName\": \"Lena\", \"lastName\": \"Vogt\"},\n  \"credentials\": {\"password\": "
        "{\"value\": \"{p}\"}}\n}",
        "az ad user create --display-name \"Lena Vogt\" --user-principal-name {u}@corp.test --password '{p}' "
        "--force-change-password-next-sign-in true",
        "samba-tool user create {u} '{p}' --given-name=Lena --surname=Vogt --mail-address={u}@corp.test",
    ],
    "package-registry": [
        "~/.m2/settings.xml:\n<settings>\n  <servers>\n    <server>\n      <id>nexus-releases</id>\n      <username>{u}"
        "</username>\n      <password>{p}</password>\n    </server>\n  </servers>\n</settings>\nmvn deploy still gets "
        "401 from nexus",
        "~/.pypirc\n[distutils]\nindex-servers = internal\n\n[internal]\nrepository = https://pypi.corp.test/legacy/\n"
        "username = {u}\npassword = {p}",
        "dotnet nuget add source https://nuget.corp.test/v3/index.json --name corp --username {u} --password '{p}' "
        "--store-password-in-clear-text",
        "composer config --global http-basic.repo.packagist.corp.test {u} '{p}'\nthen composer install says "
        "'Invalid credentials for repo.packagist.corp.test'",
        "~/.gradle/gradle.properties\norg.gradle.jvmargs=-Xmx2g\nartifactoryUser={u}\nartifactoryApiPass={p}\n"
        "org.gradle.caching=true",
        "helm repo add corp-charts https://charts.corp.test --username {u} --password '{p}'\nError: looks like "
        "\"https://charts.corp.test\" is not a valid chart repository or cannot be reached",
    ],
    "irc-im": [
        "[06:12] -!- Irssi: Join to #ops was refused (you must be identified)\n[06:12] /msg NickServ IDENTIFY {u} {p}\n"
        "[06:12] -NickServ- You are now identified for {u}.",
        "/network add -nick {u} -autosendcmd \"/msg nickserv identify {p};wait 2000\" libera",
        "/set irc.server.libera.sasl_username \"{u}\"\n/set irc.server.libera.sasl_password \"{p}\"\n/save",
        "~/.purple/accounts.xml\n<account>\n  <protocol>prpl-jabber</protocol>\n  <name>{u}@xmpp.corp.test/laptop"
        "</name>\n  <password>{p}</password>\n  <alias>work</alias>\n</account>",
        "in HexChat I set the server password to {u}/libera:{p} for the ZNC bouncer and it keeps answering "
        "'Invalid Password'",
        "matrix-commander --login password --homeserver https://matrix.corp.test --user-login @{u}:matrix.corp.test "
        "--password '{p}' --device ci-bot --room-default '#deploys:matrix.corp.test'",
    ],
    "mainframe-erp": [
        "//PAYRL01  JOB (ACCT),'NIGHTLY PAYROLL',CLASS=A,MSGCLASS=X,\n//             USER={u},PASSWORD={p}\n"
        "//STEP1    EXEC PGM=PAYCALC",
        "READY\nALTUSER {u} PASSWORD({p}) NOEXPIRED\nREADY",
        "CHGUSRPRF USRPRF({u}) PASSWORD('{p}') PWDEXP(*YES)",
        "sapshcut.exe -system=PRD -client=100 -user={u} -pw=\"{p}\" -language=EN -maxgui",
        "$ FNDCPASS apps/{p} 0 Y system/\"$SYSTEM_PW\" USER {u} \"$NEW_PW\"\nLog filename : L8812345.log",
        "the x3270 script our batch uses to log on:\nString(\"{u}\")\nEnter()\nWait(InputField)\nString(\"{p}\")\n"
        "Enter()\nWait(Output)",
    ],
    "image-text": [
        "$ tesseract whiteboard.jpg -\nSPRINT 48 DEMO\nstaging login\nuser: {u}\npass: {p}\nURL: stage.corp.test",
        "[image description] The photo shows a yellow sticky note on a monitor bezel. Handwritten in blue ink: "
        "\"{u}\" on the first line and \"{p}\" on the second line, underlined twice.",
        "Screenshot OCR (VPN client, login dialog):\nServer: vpn.corp.test\nUsername: {u}\nPassword: {p}\n"
        "[x] Save password\n[ Connect ]",
        "OCR of the scanned welcome letter (page 1 of 2, confidence 91%):\nDear new colleague,\nyour network "
        "credentials are\nAccount : {u}\nInitial pwd : {p}\nYou will be asked to change it at first sign-in.",
        "Text read from the photo of the router's label:\nModel: FRITZ!Box 7590 AX\nSerial: A123.456.78.901.234\n"
        "FRITZ!Box password: {p}\nwww.fritz.box",
        "Table extracted from handover.png:\n| System | Login | Secret |\n|---|---|---|\n| Grafana | {u} | {p} |\n"
        "| Jira | (SSO) | - |",
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "framework-seed": [
        "User.create!(email: 'demo@atlas.test', password: ENV.fetch('SEED_ADMIN_PASSWORD'))  # set it in .env.local "
        "before rails db:seed",
        "> $u->password = Hash::make(Str::random(32));\n> $u->save();\n= true\n(the reset mail carries the new one)",
        ">>> admin.set_password(getpass.getpass(\"new admin password: \"))\nnew admin password:\n>>> admin.save()",
        "create: { email: \"demo@atlas.test\", passwordHash: "
        "\"$2b$12$ZhGOfBbIImyhCZhAqe9.BNRuesbGgJs9eWnmCZJbHUqdeAApMoImi\" }",
        "Seeded users get a random password: password: Faker::Internet.password(min_length: 12, special_characters: "
        "true)",
        "Policy for seeded admins: at least 14 characters, one digit, no dictionary word; the seed refuses anything "
        "shorter.",
    ],
    "iac-run-output": [
        "  + resource \"azurerm_mssql_server\" \"main\" {\n      + administrator_login          = \"sqladmin\"\n      "
        "+ administrator_login_password = (sensitive value)\n      + location                     = \"westeurope\"",
        "ok: [db01] => {\"changed\": false, \"invocation\": {\"module_args\": {\"name\": \"app\", \"password\": "
        "\"VALUE_SPECIFIED_IN_NO_LOG_PARAMETER\", \"state\": \"present\"}}}",
        "    + aws:rds/instance:Instance: (create)\n        password          : [secret]\n        username          : "
        "\"dbadmin\"",
        "aws cloudformation deploy --stack-name billing-db --parameter-overrides DBPassword=\"$(aws secretsmanager "
        "get-secret-value --secret-id billing/db --query SecretString --output text)\"",
        "Notice: /Stage[main]/Profile::Db/File[/etc/app/db.conf]/content: content changed "
        "'{sha256}ca978112ca1bbdcafac231b39a23dc4da786eff8147c4e72b9807785afee48bb' to "
        "'{sha256}3e23e8160039594a33894f6564e1b1348bbd7a0088d42c4acb73eeaed59c009d'",
        "Error: \"administrator_login_password\" does not meet the complexity requirements: 8-128 characters and "
        "three of upper case, lower case, digits and symbols.",
    ],
    "runtime-inspect": [
        "[\"POSTGRES_USER=billing\",\"POSTGRES_PASSWORD_FILE=/run/secrets/pg_pass\",\"PGDATA=/var/lib/postgresql/"
        "data\"]",
        "    Environment:\n      DB_HOST:   orders-db.shop.svc\n      DB_PASS:   <set to the key 'password' in secret "
        "'orders-db'>  Optional: false",
        "Environment=RELAY_HOST=smtp.office.test RELAY_PORT=587\nEnvironmentFiles=/etc/mailrelay/secret.env "
        "(ignore_errors=no)",
        "HOME=/var/lib/ldapsync\nLDAP_BIND_PW_FILE=/etc/ldapsync/bind.pw\nLANG=C.UTF-8",
        "template {\n  data = \"API_ADMIN_SECRET={{ with nomadVar \\\"nomad/jobs/api\\\" }}{{ .admin_secret }}"
        "{{ end }}\"\n  destination = \"secrets/api.env\"\n  env = true\n}",
        "Why does docker inspect show the database password in clear text to anyone in the docker group? Is there a "
        "way to keep env vars out of inspect?",
    ],
    "data-connector": [
        "\"connection.user\": \"orders_ro\", \"connection.password\": \"${file:/opt/connect/secrets.properties:"
        "pg_password}\"",
        "    jdbc_user => \"crm_reader\"\n    jdbc_password_filepath => \"/etc/logstash/crm.pw\"",
        "debezium.source.database.user=cdc\ndebezium.source.database.password=${CRM_DB_PASSWORD}",
        "{\"sourceId\": \"5f0c2e1a-8d3b-4b7e-9a61-0c2f7e5d9b14\", \"connectionConfiguration\": {\"host\": "
        "\"erp-sql.corp.test\", \"username\": \"airbyte\", \"password\": \"**********\"}}",
        "connection-user=trino_sales\nconnection-password=${ENV:SALES_DB_PASSWORD}",
        "Metabase stores the connection password encrypted only when MB_ENCRYPTION_SECRET_KEY is set; rotate it "
        "before you add new databases.",
    ],
    "office-automation": [
        "ThisWorkbook.Worksheets(\"Budget 2027\").Unprotect Password:=InputBox(\"Sheet password?\")",
        "Set wb = Workbooks.Open(Filename:=path, Password:=Environ(\"PAYROLL_XLSX_PW\"), ReadOnly:=True)",
        "const pw = PropertiesService.getScriptProperties().getProperty('DB_PASSWORD');\nconst conn = "
        "Jdbc.getConnection(url, user, pw);",
        "Source = Sql.Database(\"erp-sql\", \"ERP\")  // credentials come from the data source settings (Windows)",
        "SendText A_Args[1]  ; the launcher passes the password in, it is never stored here",
        "Excel sheet protection passwords are not encryption: anyone can strip them. Use File > Info > Encrypt with "
        "Password for the payroll workbook, with a password of 12 or more characters.",
    ],
    "directory-admin": [
        "New-ADUser -SamAccountName jdoe -AccountPassword (Read-Host -AsSecureString 'Initial password') -Enabled "
        "$true",
        "Set-ADAccountPassword -Identity jdoe -Reset -NewPassword $securePw   # $securePw from Get-Credential",
        "./kcadm.sh set-password -r shop --username jdoe --new-password <temporary-password> --temporary",
        "\"credentials\": {\"password\": {\"hash\": {\"algorithm\": \"BCRYPT\", \"workFactor\": 10, \"salt\": "
        "\"x7JzwtXVpNSSdZYEdYpqwO\", \"value\": \"LDJsrLz7YdEBWQbxHGsTQb8PMOtNrYQ\"}}}",
        "az ad user create --display-name \"Lena Vogt\" --user-principal-name lvogt@corp.test --password "
        "\"$(openssl rand -base64 18)\" --force-change-password-next-sign-in true",
        "Domain policy: minimum length 14, history 24, maximum age 90 days, complexity on; the fine-grained policy "
        "for admins asks for 20 characters.",
    ],
    "package-registry": [
        "<server>\n  <id>nexus-releases</id>\n  <username>${env.NEXUS_USER}</username>\n  <password>"
        "${env.NEXUS_PASSWORD}</password>\n</server>",
        "[internal]\nrepository = https://pypi.corp.test/legacy/\nusername = <your username>\npassword = "
        "<your password>",
        "dotnet nuget add source https://nuget.corp.test/v3/index.json --name corp --username build --password "
        "%NUGET_PAT%",
        "auth.json.dist: {\"http-basic\": {\"repo.packagist.corp.test\": {\"username\": \"your-username\", "
        "\"password\": \"your-password\"}}}",
        "artifactoryUser=\nartifactoryApiPass=\n# fill both in locally, never commit them",
        "helm repo add keeps the password in repositories.yaml in clear text; use --password-stdin from a file the "
        "CI job mounts.",
    ],
    "irc-im": [
        "-NickServ- This nickname is registered. Please choose a different nickname, or identify via /msg NickServ "
        "IDENTIFY lvogt <password>.",
        "/set irc.server.libera.sasl_password \"${sec.data.libera}\"",
        "WeeChat: /secure passphrase sets the key that encrypts sec.conf; without it secured data is stored in clear.",
        "<account><protocol>prpl-jabber</protocol><name>lvogt@xmpp.corp.test</name><settings><setting "
        "name='remember_pass' type='bool'>0</setting></settings></account>",
        "-NickServ- Invalid password for lvogt.\n-NickServ- 2 failed logins since last login.",
        "user:\n  credentials:\n    id: \"@deploybot:matrix.corp.test\"\n    password: !env MATRIX_BOT_PASSWORD",
    ],
    "mainframe-erp": [
        "//             USER=PAYBATCH,PASSWORD=&PW   <- the scheduler substitutes it at submit time",
        "ICH70002I YOUR PASSWORD WILL EXPIRE IN 3 DAYS. NEW PASSWORD: 8 CHARACTERS, AT LEAST ONE NUMBER.",
        "CHGUSRPRF USRPRF(QSECOFR) PASSWORD(*NONE) STATUS(*DISABLED)",
        "sapshcut.exe -system=PRD -client=100 -user=%USERNAME% -sso -language=EN",
        "ADDUSER MKOHL DFLTGRP(PAYROLL) PASSWORD(<initial password>) OWNER(SECADM)",
        "x3270 script:\nString(\"PAYBATCH\")\nEnter()\nWait(InputField)\n(the wrapper types a PassTicket here; it is "
        "valid for ten minutes and never stored)\nEnter()",
    ],
    "image-text": [
        "$ tesseract whiteboard.jpg -\nSPRINT 48 DEMO\nstaging login: ask Priya (1Password, vault 'Demo')",
        "[image description] A sticky note on the monitor reads \"PASSWORD CHANGED - ask IT\" in red marker.",
        "Screenshot OCR (VPN client):\nServer: vpn.corp.test\nUsername: lvogt\nPassword: ••••••••••\n[x] Save password",
        "OCR of the welcome letter, page 2: Your password must be at least 12 characters long and may not contain "
        "your name. Never write it down.",
        "Text read from the router's card:\nWLAN network key (WPA2): see the back of the card\nFRITZ!Box password: "
        "printed on the bottom sticker",
        "| System | Login | Secret |\n|---|---|---|\n| Grafana | lvogt | (in Vault: kv/grafana/admin) |",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=SNACKS, leet=RIVERS, leet_swaps=LEET, leet_ends="!%*+=@^~", passphrase=UTENSILS,
    letters=(INSTRUMENTS, MOONS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
