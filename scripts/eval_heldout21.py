#!/usr/bin/env python3
"""Held-out set 21: passwords in API-client collections, captured browser requests, penetration-test tool output,
machine-image provisioning files, network-device configuration, end-to-end test scripts, disk and backup encryption
commands, remote-support notes, reviewer and test-account handoffs, and coding-agent transcripts.

Written on 2026-12-05 (helper set21) on main 8b8759e, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 1-20 only for the scoring interface and for which
carriers, tools and words they used; the script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): API-client
collections (a Postman v2.1 `basic` auth key/value array, an Insomnia export, a Bruno `.bru` block, a VS Code REST
Client `@apiPass` variable, a Postman environment `secret` value, an HTTPie `--auth` line); captured browser requests
(a HAR `postData.params` pair named `passwd`, a devtools "Form Data" view, a Burp raw request whose JSON body says
`secret`, a "Copy as fetch" body, a "Copy as cURL" `--data-raw` with `credential`, a Fiddler WebForms table);
penetration-test tool output (hydra, netexec `[+] DOMAIN\\user:value`, a hashcat `--show` line, `john --show`, an
impacket secretsdump `DefaultPassword`, a CTF write-up); machine-image provisioning (cloud-init `plain_text_passwd`,
Packer `ssh_password`, a Vagrantfile, Windows `autounattend.xml`, a Debian preseed, Proxmox `--cipassword`);
network-device configuration (Cisco `password 0`, Junos SNMPv3 `authentication-password`, FortiOS `set password`,
EdgeOS `plaintext-password`, ProCurve `password manager ... plaintext`, Huawei `irreversible-cipher`); end-to-end
tests (Robot Framework `Input Password`, Cypress `.type`, Selenium `send_keys`, k6, Locust `passcode`, Puppeteer
`page.type`); disk and backup encryption (borg `BORG_PASSPHRASE`, VeraCrypt `--password=`, `cryptsetup luksOpen`
from stdin, Kopia, duplicity `PASSPHRASE=`, gocryptfs `-extpass`); remote-support notes (TeamViewer, AnyDesk
unattended access, RustDesk `--password`, a Splashtop security code, Guacamole `user-mapping.xml`, a helpdesk
elevation note); reviewer and test-account handoffs (App Store Connect "Sign-In Information", Google Play "App
access", a bug-bounty scope page, penetration-test rules of engagement, a UAT mail, a sales demo line); coding-agent
transcripts (a `⏺ Bash(...)` step with `keytool -deststorepass`, an aider chat history, a Codex `exec` of `influx
setup`, a Cursor `couchbase-cli` step, a Copilot `wp user create --user_pass=`, an OpenHands `run` action with
`nats context save`). The carrier kinds, tools and word lists were grepped absent from sets 1-20.
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a board game or a town with a
year or digits and a symbol, or two run together), leetspeak tree names (never the first letter) with digits and a
symbol, passphrases of three to five weather words (blanks, hyphens, dots, or capitalised and run together with a
digit), generated 12-24 characters (most with symbols, a letter first), letters only (a dance and a colour joined in
four casings), and PINs of 4-8 digits; drawn from random.Random(21) in a fixed order, so the set is the same on every
run. Hard negatives (60, six per carrier): the same carriers giving no password (template variables, environment and
command references, redacted and masked fields, `<your password>`, crypt and NT hashes, password rules and policy,
talk about passwords). Same scoring as sets 3-20 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main 8b8759e; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set21 that wrote it (`scripts/eval_heldout21.py`, 2026-12-05 05:28
UTC): password recall 180/300 = 0.600; hard negatives hit 4/60 (api-collection 19/30, http-capture 22/30,
pentest-output 5/30, image-provision 16/30, netdev-config 18/30, e2e-test 22/30, disk-crypto 22/30, remote-support
10/30, review-access 19/30, coding-agent 27/30; human 39/50, leet 36/50, passphrase 30/50, generated 33/50, letters
28/50, pin 14/50; negatives hit: pentest-output, image-provision, netdev-config and remote-support 1/6 each, 0/6 in
the other six). A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout21.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 21"
SEED = 21

GAMES_AND_TOWNS = ("monopoly", "scrabble", "catan", "yahtzee", "jenga", "cluedo", "dixit", "bergen", "graz", "cork",
                   "turku", "ghent", "linz", "cheltenham")
TREES = ("sycamore", "magnolia", "hawthorn", "baobab", "mahogany", "rowan", "cedar", "acacia", "birch", "larch")
LEET = {"a": "@4", "e": "3", "i": "1!", "o": "0", "s": "$5", "t": "7", "g": "9", "b": "8"}
WEATHER = ("drizzle", "monsoon", "blizzard", "squall", "hailstone", "sleet", "sirocco", "typhoon", "thunder",
           "tornado", "frost", "rainbow", "hail")
DANCES = ("polka", "tango", "mazurka", "bolero", "samba", "rumba", "flamenco", "waltz", "foxtrot")
COLOURS = ("scarlet", "magenta", "turquoise", "chartreuse", "cerulean", "crimson", "ochre", "mauve", "vermilion")
# No quote, comma, backslash, brace, angle bracket, ampersand, colon, hash or question mark: every carrier holds the
# value as typed (JSON, XML, YAML, shell in single quotes, device CLIs where `?` asks for help).
HUMAN_SYMBOLS = "!@*$.%+"
GEN_SYMBOLS = "!$%*+-=@^_~."
USERS = ("mkeller", "svc-qa", "p.duarte", "reviewer01", "opsadmin", "l.nakamura", "jbergstrom", "helpdesk2")

# {p} is the password (every occurrence gets the same value), {u} a user name; filled by replacement, so braces
# need no doubling.
CARRIERS: dict[str, list[str]] = {
    "api-collection": [
        "exported our Postman collection, the login request still gets 401:\n```json\n{\"name\": \"Login\", "
        "\"request\": {\"auth\": {\"type\": \"basic\", \"basic\": [{\"key\": \"password\", \"value\": \"{p}\", "
        "\"type\": \"string\"}, {\"key\": \"username\", \"value\": \"{u}\", \"type\": \"string\"}]}, \"method\": "
        "\"POST\", \"url\": {\"raw\": \"https://api.ledger.test/v2/session\"}}}\n```",
        "Insomnia export (trimmed):\n{\"_type\": \"request\", \"name\": \"List invoices\", \"method\": \"GET\", "
        "\"url\": \"https://billing.ledger.test/api/invoices\", \"authentication\": {\"type\": \"basic\", "
        "\"disabled\": false, \"username\": \"{u}\", \"password\": \"{p}\"}}",
        "collections/orders/create.bru:\nmeta {\n  name: create order\n  type: http\n  seq: 3\n}\n\npost {\n  url: "
        "https://shop.ledger.test/api/orders\n  auth: basic\n}\n\nauth:basic {\n  username: {u}\n  password: {p}\n}",
        "my requests.http for the VS Code REST Client:\n@baseUrl = https://crm.ledger.test\n@apiUser = {u}\n"
        "@apiPass = {p}\n\n### token\nPOST {{baseUrl}}/oauth/token\nAuthorization: Basic {{apiUser}}:{{apiPass}}",
        "Postman environment 'staging' as JSON:\n{\"name\": \"staging\", \"values\": [{\"key\": \"baseUrl\", "
        "\"value\": \"https://stg.ledger.test\", \"enabled\": true}, {\"key\": \"admin_pw\", \"value\": \"{p}\", "
        "\"type\": \"secret\", \"enabled\": true}]}",
        "this works from my laptop with httpie but not from the pipeline:\nhttp --auth '{u}:{p}' GET "
        "https://reports.ledger.test/api/v1/export format==csv",
    ],
    "http-capture": [
        "from the HAR I saved in devtools, the login entry:\n\"request\": {\"method\": \"POST\", \"url\": "
        "\"https://intranet.fabrik.test/login.do\", \"postData\": {\"mimeType\": "
        "\"application/x-www-form-urlencoded\", \"params\": [{\"name\": \"login\", \"value\": \"{u}\"}, "
        "{\"name\": \"passwd\", \"value\": \"{p}\"}, {\"name\": \"keep\", \"value\": \"1\"}]}}",
        "Network tab → login → Payload\nForm Data    view source\nusername: {u}\npwd: {p}\nremember: on\n\n"
        "the response is a 302 back to /login, any idea?",
        "Burp, Proxy → HTTP history, request #214:\nPOST /api/auth/login HTTP/2\nHost: portal.fabrik.test\n"
        "Content-Type: application/json\nContent-Length: 61\n\n{\"email\":\"{u}@fabrik.test\",\"secret\":\"{p}\"}",
        "Copy as fetch gave me this, can you turn it into python requests?\nfetch(\"https://portal.fabrik.test/api/"
        "session\", {\"headers\": {\"content-type\": \"application/json\"}, \"body\": \"{\\\"user\\\":\\\"{u}\\\","
        "\\\"pass\\\":\\\"{p}\\\"}\", \"method\": \"POST\", \"mode\": \"cors\"});",
        "curl 'https://hr.fabrik.test/api/v1/sessions' -H 'accept: application/json' -H 'content-type: "
        "application/json' --data-raw '{\"username\":\"{u}\",\"credential\":\"{p}\",\"tenant\":\"emea\"}' "
        "--compressed",
        "Fiddler → Inspectors → WebForms on the failing POST:\nName          Value\nj_username    {u}\n"
        "j_password    {p}\n_csrf         7c1e0a52-93d4-4f6b-b1f0-5a2e9d8c4e17",
    ],
    "pentest-output": [
        "[DATA] attacking ssh://10.10.14.7:22/\n[22][ssh] host: 10.10.14.7   login: {u}   password: {p}\n"
        "1 of 1 target successfully completed, 1 valid password found",
        "SMB         10.0.5.20       445    FILESRV01        [*] Windows Server 2019 Build 17763 x64 (domain:"
        "corp.test) (signing:True)\nSMB         10.0.5.20       445    FILESRV01        [+] corp.test\\{u}:{p} "
        "(Pwn3d!)",
        "$ hashcat -m 1000 --username ntds.txt --show\n{u}:8a4f1c2e97b3d05f6e1a2b3c4d5e6f70:{p}",
        "$ john --show unshadowed.txt\n{u}:{p}:1001:1001:,,,:/home/{u}:/bin/bash\n\n1 password hash cracked, 0 left",
        "[*] Dumping LSA Secrets\n[*] $MACHINE.ACC\n[*] DefaultPassword\nCORP\\{u}:{p}\n[*] Cleaning up...",
        "## Foothold\nThe `backup.zip` on the open share held `config.php` with the database login; the same "
        "`{p}` was reused for SSH as `{u}`, which gave us user.txt.",
    ],
    "image-provision": [
        "#cloud-config\nusers:\n  - name: {u}\n    lock_passwd: false\n    plain_text_passwd: '{p}'\n    sudo: "
        "ALL=(ALL) NOPASSWD:ALL\nssh_pwauth: true",
        "source \"proxmox-iso\" \"ubuntu2404\" {\n  node         = \"pve01\"\n  ssh_username = \"{u}\"\n"
        "  ssh_password = \"{p}\"\n  ssh_timeout  = \"20m\"\n}",
        "Vagrant.configure(\"2\") do |config|\n  config.vm.box = \"generic/rocky9\"\n  config.ssh.username = "
        "\"{u}\"\n  config.ssh.password = \"{p}\"\n  config.ssh.insert_key = false\nend",
        "autounattend.xml, oobeSystem pass:\n<UserAccounts>\n  <AdministratorPassword>\n    <Value>{p}</Value>\n"
        "    <PlainText>true</PlainText>\n  </AdministratorPassword>\n</UserAccounts>",
        "preseed.cfg:\nd-i passwd/user-fullname string Build User\nd-i passwd/username string {u}\n"
        "d-i passwd/user-password password {p}\nd-i passwd/user-password-again password {p}",
        "root@pve01:~# qm set 9000 --ciuser {u} --cipassword '{p}' --ipconfig0 ip=dhcp\nupdate VM 9000: -ciuser "
        "{u} -cipassword <hidden> -ipconfig0 ip=dhcp",
    ],
    "netdev-config": [
        "!\nhostname BR-EDGE-02\n!\nusername {u} privilege 15 password 0 {p}\n!\nline vty 0 4\n login local\n "
        "transport input ssh\n!",
        "[edit]\nset snmp v3 usm local-engine user {u} authentication-sha256 authentication-password \"{p}\"\n"
        "set snmp v3 vacm security-to-group security-model usm security-name {u} group monitoring\ncommit check",
        "config system admin\n    edit \"{u}\"\n        set accprofile \"super_admin\"\n        set vdom "
        "\"root\"\n        set password \"{p}\"\n    next\nend",
        "configure\nset system login user {u} authentication plaintext-password '{p}'\nset system login user {u} "
        "level admin\ncommit ; save",
        "HP-2530-48G(config)# password manager user-name {u} plaintext {p}\nHP-2530-48G(config)# write memory",
        "aaa\n local-user {u} password irreversible-cipher {p}\n local-user {u} privilege level 15\n local-user "
        "{u} service-type ssh\nquit",
    ],
    "e2e-test": [
        "*** Test Cases ***\nValid Login\n    Open Browser    ${LOGIN URL}    chrome\n    Input Text    id=user    "
        "{u}\n    Input Password    id=pass    {p}\n    Click Button    Sign in\n    Page Should Contain    Welcome",
        "it('exports the ledger', () => {\n  cy.visit('/signin')\n  cy.get('[data-cy=login-user]').type('{u}')\n"
        "  cy.get('[data-cy=login-secret]').type('{p}')\n  cy.contains('Sign in').click()\n})",
        "driver.get(\"https://erp.qa.test/login\")\ndriver.find_element(By.NAME, \"j_username\").send_keys(\"{u}\")\n"
        "driver.find_element(By.NAME, \"j_password\").send_keys(\"{p}\")\ndriver.find_element(By.ID, "
        "\"submit\").click()",
        "export default function () {\n  const res = http.post(`${BASE}/api/login`, JSON.stringify({ email: "
        "'{u}@shop.qa.test', pw: '{p}' }), params);\n  check(res, { 'logged in': (r) => r.status === 200 });\n}",
        "class ShopUser(HttpUser):\n    wait_time = between(1, 3)\n\n    def on_start(self):\n        "
        "self.client.post(\"/login\", json={\"user\": \"{u}\", \"passcode\": \"{p}\"})",
        "await page.goto('https://admin.qa.test');\nawait page.type('input[name=login]', '{u}');\nawait "
        "page.type('input[name=passwd]', '{p}', { delay: 40 });\nawait page.click('button[type=submit]');",
    ],
    "disk-crypto": [
        "nightly.sh on the NAS:\nexport BORG_REPO=ssh://{u}@backup.lan/./borg\nexport BORG_PASSPHRASE='{p}'\n"
        "borg create --stats --compression zstd ::'{hostname}-{now}' /home /etc",
        "veracrypt --text --mount /dev/sdb1 /mnt/vault --password='{p}' --pim=0 --keyfiles=\"\" "
        "--protect-hidden=no\nError: Operation failed due to one or more of the following: ...",
        "to unlock the data disk from the rescue shell I run\necho -n '{p}' | sudo cryptsetup luksOpen "
        "/dev/nvme0n1p3 cryptdata -\nbut it says No key available with this passphrase",
        "$ kopia repository create filesystem --path /srv/kopia --password '{p}'\nInitializing repository with:\n"
        "  block hash:          BLAKE2B-256-128",
        "crontab -l\n30 2 * * * PASSPHRASE='{p}' duplicity /etc sftp://{u}@backup.lan//srv/dup/etc >> "
        "/var/log/dup.log 2>&1",
        "gocryptfs -extpass \"echo {p}\" /srv/cipher /srv/plain\nFilesystem mounted and ready.",
    ],
    "remote-support": [
        "Hi Dad, open the blue TeamViewer icon and send me what it shows:\n> Your ID 1 482 907 356\n> Password "
        "{p}\n> that's it, thanks! ❤️",
        "Set unattended access on the reception PC (AnyDesk address 482 119 730) to {p} so the night shift can "
        "get in without someone clicking Accept.",
        "on the kiosk image we run once after install:\nsudo rustdesk --password '{p}'\nsudo rustdesk --get-id\n"
        "128 774 903",
        "Splashtop Streamer on the lab scope PC: security code is now {p}, changed after Tuesday's visit.",
        "user-mapping.xml on the Guacamole box:\n<user-mapping>\n  <authorize username=\"{u}\" password=\"{p}\">\n"
        "    <connection name=\"reception-pc\">\n      <protocol>rdp</protocol>\n    </connection>\n  "
        "</authorize>\n</user-mapping>",
        "Ticket #40512 — remote session note: connected via AnyDesk, the customer read out the local admin "
        "({u} / {p}) so I could install the scanner driver; told her to change it afterwards.",
    ],
    "review-access": [
        "App Store Connect → App Review Information\nSign-In Information\n[x] Sign-in required\nUser name: "
        "{u}@demo.ledger.test\nPassword: {p}\nNotes: the demo account has sample invoices preloaded.",
        "Play Console → App content → App access\nAll or some functionality is restricted\nInstruction name: "
        "Reviewer login\nUsername, email address or phone number: {u}@demo.ledger.test\nPassword: {p}\nAny other "
        "information: no one-time code is asked for this account.",
        "## Test accounts\nResearchers may use the shared tenant `bbp-sandbox`: login `{u}`, passphrase `{p}`. Do "
        "not change it; reset requests go to security@ledger.test.",
        "Rules of engagement, section 4: credentials for authenticated testing — a standard-role account ({u}) "
        "whose credential is {p}; an admin account follows on day 2.",
        "Hi Priya, UAT is ready at https://uat.clientportal.test. You can log in with {u} and {p} — please keep "
        "it inside the steering group. Best, Marco",
        "Demo environment for Globex: https://globex.demo.saas.test | user {u} | pass {p} | expires Friday",
    ],
    "coding-agent": [
        "⏺ Bash(keytool -importkeystore -srckeystore old.p12 -srcstoretype PKCS12 -destkeystore app.jks "
        "-deststorepass '{p}')\n  ⎿  Importing keystore old.p12 to app.jks...\n     Entry for alias upload "
        "successfully imported.",
        "# aider chat started at 2026-12-01 10:14:02\n\n#### make the seed script create the admin user {u} with "
        "{p} so I can log in locally\n\nI'll update `seed.py` to create that user.",
        "exec\nbash -lc \"influx setup --username {u} --password '{p}' --org home --bucket metrics --force\"\n"
        "succeeded in 812ms:\nUser\tOrganization\tBucket\n{u}\thome\tmetrics",
        "Run command: couchbase-cli cluster-init -c localhost --cluster-username {u} --cluster-password '{p}' "
        "--services data,index,query\n(accepted)\nSUCCESS: Cluster initialized",
        "Ran terminal command: wp user create {u} {u}@site.test --role=administrator --user_pass='{p}'\n"
        "Success: Created user 7.",
        "{\"action\": \"run\", \"args\": {\"command\": \"nats context save prod --server nats://10.0.0.9:4222 "
        "--user {u} --password '{p}'\", \"thought\": \"save a context so later calls are shorter\"}}",
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "api-collection": [
        "{\"auth\": {\"type\": \"basic\", \"basic\": [{\"key\": \"password\", \"value\": \"{{adminPassword}}\", "
        "\"type\": \"string\"}, {\"key\": \"username\", \"value\": \"{{adminUser}}\", \"type\": \"string\"}]}}",
        "{\"_type\": \"request\", \"authentication\": {\"type\": \"basic\", \"username\": \"{{ _.api_user }}\", "
        "\"password\": \"{{ _.api_password }}\"}}",
        "auth:basic {\n  username: {{user}}\n  password: {{password}}\n}",
        "@apiUser = {{$processEnv API_USER}}\n@apiPass = {{$processEnv API_PASS}}",
        "Postman tip: secret-type variables are masked in the UI, and initial values are synced to the workspace, "
        "so leave the initial value of admin_pw empty and only set the current value.",
        "{\"key\": \"admin_pw\", \"value\": \"\", \"type\": \"secret\", \"enabled\": true}",
    ],
    "http-capture": [
        "\"postData\": {\"mimeType\": \"application/x-www-form-urlencoded\", \"params\": [{\"name\": \"login\", "
        "\"value\": \"jdoe\"}, {\"name\": \"passwd\", \"value\": \"********\"}]}  (exported with 'Export HAR "
        "(sanitized)')",
        "Form Data    view source\nusername: jdoe\npwd: [REDACTED]\nremember: on",
        "POST /api/auth/login HTTP/2\nHost: portal.fabrik.test\nContent-Type: application/json\n\n"
        "{\"email\":\"<your email>\",\"secret\":\"<your password>\"}",
        "{\"user\":\"jdoe\",\"pass_sha256\":\"3b7e0f1c9a5d2e84c6f10b9a7d3e5c21f8a4b6d0e2c9f7a1b3d5e8c0f2a4b6d9\"}",
        "curl 'https://hr.fabrik.test/api/v1/sessions' -H 'content-type: application/json' --data-raw "
        "'{\"username\":\"alice\",\"credential\":\"'\"$PORTAL_PW\"'\"}'",
        "Chrome's 'Copy as cURL' includes cookies and the request body, so strip the password before pasting a "
        "request into a ticket.",
    ],
    "pentest-output": [
        "$ hydra -L users.txt -P rockyou.txt ssh://10.10.14.7\n0 of 1 target completed, 0 valid password found",
        "Session..........: hashcat\nStatus...........: Exhausted\nHash.Mode........: 1000 (NTLM)\nRecovered........: "
        "0/14 (0.00%) Digests",
        "$ john --show unshadowed.txt\n\n0 password hashes cracked, 3 left",
        "Guest:501:aad3b435b51404eeaad3b435b51404ee:31d6cfe0d16ae931b73c59d7e0c089c0:::  (empty password, account "
        "disabled)",
        "Finding 3 (medium): the password policy allows 8-character passwords without complexity; we recommend "
        "14 characters minimum and a deny list of breached passwords.",
        "| ssh-brute:\n|   Accounts: No valid accounts found\n|_  Statistics: Performed 2400 guesses in 601 seconds",
    ],
    "image-provision": [
        "#cloud-config\nusers:\n  - name: build\n    passwd: $6$Qm8vT2xk$3pG9yL0cZrW1nH5bV7sJ4aF6dE2kM8uQ0tR3xY9wN1oP"
        "5iL7gC4hB6fD8jA2sK0mZ1vX3qT5rU7yW9eI2oP4\n    lock_passwd: false",
        "source \"proxmox-iso\" \"ubuntu2404\" {\n  ssh_username = var.ssh_username\n  ssh_password = "
        "var.ssh_password\n}\nvariable \"ssh_password\" {\n  type      = string\n  sensitive = true\n}",
        "config.ssh.username = \"vagrant\"\n# no config.ssh.password: the box uses the insecure key, replaced on "
        "first boot",
        "<AdministratorPassword>\n  <Value></Value>\n  <PlainText>true</PlainText>\n</AdministratorPassword>\n"
        "<!-- blank on purpose: the password is set at first logon -->",
        "preseed: use passwd/user-password-crypted with a hash from `mkpasswd -m sha-512`; never put the plain "
        "password in the file.",
        "qm set 9000 --ciuser ubuntu --sshkeys ~/.ssh/id_ed25519.pub   (no --cipassword: key login only)",
    ],
    "netdev-config": [
        "username netops privilege 15 secret 9 $9$nhEmQVczB7dqsO$X.HsgL6x1il0RxkOSSvyQYwucySCt7qFm4v7pqCxkKM",
        "set system root-authentication plain-text-password   (you will be asked for the new password twice)",
        "config system admin\n    edit \"netops\"\n        set password <passwd>\n    next\nend",
        "show system login user netops\n authentication {\n     encrypted-password ****************\n }",
        "HP-2530-48G(config)# password manager user-name admin\nNew password for manager: ********\nPlease retype "
        "new password for manager: ********",
        "Switch hardening standard: local passwords must be at least 15 characters, stored as type 9 (scrypt), "
        "and rotated every 180 days.",
    ],
    "e2e-test": [
        "    Input Password    id=pass    ${ADMIN_PASSWORD}",
        "cy.get('[data-cy=login-secret]').type(Cypress.env('ADMIN_PW'), { log: false })",
        "driver.find_element(By.NAME, \"j_password\").send_keys(os.environ[\"QA_PASSWORD\"])",
        "const res = http.post(`${BASE}/api/login`, JSON.stringify({ email: __ENV.SHOP_USER, pw: __ENV.SHOP_PW }));",
        "The test should assert that a wrong password shows 'Invalid credentials' and that the password field "
        "is of type password.",
        "await page.type('input[name=passwd]', '<your password>');",
    ],
    "disk-crypto": [
        "export BORG_PASSCOMMAND='pass show backup/borg'\nborg create --stats ::'{hostname}-{now}' /home",
        "veracrypt --text --mount /dev/sdb1 /mnt/vault   (it asks for the password and PIM interactively)",
        "sudo cryptsetup luksOpen /dev/nvme0n1p3 cryptdata --key-file /root/keys/data.key",
        "kopia reads the repository password from KOPIA_PASSWORD; if it is lost the snapshots cannot be "
        "recovered, so keep a copy in the safe.",
        "30 2 * * * PASSPHRASE=$(cat /root/.dup-pass) duplicity /etc sftp://backup.lan//srv/dup/etc",
        "gocryptfs -passfile /run/secrets/gcfs /srv/cipher /srv/plain",
    ],
    "remote-support": [
        "TeamViewer shows 'Your ID 1 482 907 356' and 'Password' with dots — click the eye icon and read it to "
        "me when I call.",
        "AnyDesk address 482 119 730; unattended access is off, so just click Accept when I connect.",
        "sudo rustdesk --get-id\n128 774 903",
        "Splashtop security codes must be at least 8 characters with letters and digits.",
        "<authorize username=\"helpdesk\" password=\"9b1e4c7a20f35d8e6a4b2c0d1e3f5a79\" encoding=\"md5\">",
        "Reminder: never read out the code shown in Quick Assist unless you called the helpdesk first.",
    ],
    "review-access": [
        "Sign-In Information\n[ ] Sign-in required\nNotes: the app works without an account; every feature is "
        "available as a guest.",
        "Fill in the reviewer login like this:\nUsername: <your username>\nPassword: <your password>",
        "## Test accounts\nCreate your own account with your @wearehackerone.com alias; do not use shared "
        "credentials.",
        "Passwords of accounts found during testing must not be written in the report; refer to them as "
        "[REDACTED-01] and so on.",
        "You will receive your UAT password by SMS from the portal; it expires after 24 hours.",
        "Demo environment for Globex: https://globex.demo.saas.test | user: SSO | pass: n/a | expires Friday",
    ],
    "coding-agent": [
        "⏺ Bash(keytool -list -keystore app.jks)\n  ⎿  Enter keystore password:\n     keytool error: "
        "java.io.IOException: keystore password was incorrect",
        "#### never hard-code the admin password, read it from ADMIN_PASSWORD\n\nI'll update `seed.py` to read "
        "`os.environ[\"ADMIN_PASSWORD\"]`.",
        "exec\nbash -lc \"influx setup --username admin --password \\\"$INFLUX_PW\\\" --org home --force\"",
        "Run command: couchbase-cli cluster-init -c localhost --cluster-username admin --cluster-password "
        "\"$CB_PASSWORD\" --services data",
        "Ran terminal command: wp user reset-password admin --skip-email\nSuccess: Reset password for admin.",
        "{\"action\": \"message\", \"args\": {\"content\": \"I need the NATS password to continue; please add it to "
        "the environment as NATS_PASSWORD.\"}}",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=GAMES_AND_TOWNS, leet=TREES, leet_swaps=LEET, leet_ends="!%*+=@^~", passphrase=WEATHER,
    letters=(DANCES, COLOURS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
