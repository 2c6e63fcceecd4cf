#!/usr/bin/env python3
"""Held-out set 23: passwords in VPN client setups, hypervisor and server-management commands, media and file
download tools, family group chats, database backup and restore runs, VoIP phone provisioning, login calls with
positional arguments, archive and document encryption, legal and estate letters, and point-of-sale terminal notes.

Written on 2026-12-05 (helper set23) on main 3616bea, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 2 and 20-22 only for the scoring interface and
for which carriers they used; sets 1-19 were only grepped (which files hold a word) for the tools below: most are
absent from sets 1-22, and five occur in earlier sets (redis-cli, C# NetworkCredential, Ruby Net::SMTP, Go
smtp.PlainAuth, WhatsApp), whose carriers were not read, so those five templates may repeat a tool, not the carrier
kind. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): VPN clients
(an OpenVPN `auth-user-pass` file of two lines, `openconnect --passwd-on-stdin` fed by echo, an openfortivpn
config, a Windows `rasdial` batch file with positional user and value, a vpnc `Xauth password`, a chat note on an
L2TP account); hypervisors and server management (`racadm -p`, `GOVC_PASSWORD`, PowerCLI `Connect-VIServer
-Password`, XenServer `xe -pw`, an HPE RIBCL `LOGIN` element, Nutanix `ncli user reset-password`); media and file
downloads (`yt-dlp --password`, `aria2c --http-passwd`, `wget --ftp-password`, a gallery-dl config, `rclone config
create ... pass ... --obscure`, a Jellyfin first-run API body); family group chats (a WhatsApp export line on a
streaming login, a smart-TV note, a voicemail transcript without punctuation, the Wi-Fi at a parent's house, a
school parent-portal login, a shared video-service household login); database backup and restore (`mongodump
--password`, an `impdp` parfile `userid=system/value@PDB`, `mariadb-dump -p'value'`, `xtrabackup --password=`,
`redis-cli -a --rdb`, `mongorestore --password`); VoIP phone provisioning (pjsip.conf `type=auth`, a Yealink
`account.1.password`, a linphonerc `passwd=`, Grandstream P-value `P34`, an Asterisk voicemail.conf mailbox PIN,
a FreePBX ticket with a "SIP secret"); login calls with positional arguments (smtplib `login` in a Jupyter cell,
imaplib, Go `smtp.PlainAuth`, C# `NetworkCredential`, PHP `ldap_bind`, Ruby `Net::SMTP.start`); archive and
document encryption (`7z a '-pvalue'`, `unzip -P`, `pdftk ... user_pw`, `openssl enc -pass 'pass:value'`, `rar
'-hpvalue'`, a mail saying the zip's password in the same mail); legal and estate letters (a notarial escrow
schedule of digital assets, a letter of wishes, a solicitor's receipt of a software-escrow credential, an
executor's checklist, a lasting power of attorney, a consent order); point-of-sale terminals (a Clover manager
passcode, a Verifone supervisor password, a Lightspeed back-office login, a POS `terminal.ini`, a bar shift
handover's void override, an Ingenico maintenance password).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a flower with a year or digits
and a symbol, or two flowers run together with digits), leetspeak gemstone names (never the first letter) with
digits and a symbol, passphrases of three to five bird names (blanks, hyphens, dots, or capitalised and run together
with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a fruit and a metal
joined in four casings), and PINs of 4-8 digits; drawn from random.Random(23) in a fixed order, so the set is the
same on every run. Hard negatives (60, six per carrier): the same carriers giving no password (prompts and
`--ask-password`-style flags, environment, file, vault and credential-store references, masked and redacted fields,
`<your domain password>` placeholders and a documentation example's literal `'user', 'password'`, crypt, MD5/HA1
and SHA-256 digests, terminal and merchant ids, password rules and policy, talk about passwords). Same scoring as
sets 3-22 (heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a
negative is hit by any such finding; values are never printed).

Score on the unchanged code (main 3616bea; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set23 that wrote it (`scripts/eval_heldout23.py`, 2026-12-05 08:22
UTC): password recall 157/300 = 0.523; hard negatives hit 2/60 (vpn-client 11/30, hypervisor-bmc 16/30,
media-fetch 27/30, family-chat 7/30, db-backup 25/30, voip-phone 13/30, positional-login 15/30, archive-password
14/30, legal-letter 13/30, pos-terminal 16/30; human 31/50, leet 32/50, passphrase 29/50, generated 29/50, letters
21/50, pin 15/50; negatives hit: hypervisor-bmc 2/6, 0/6 in the other nine). A change guided by this set's misses
spends it.

    .venv/bin/python scripts/eval_heldout23.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 23"
SEED = 23

FLOWERS = ("tulip", "dahlia", "orchid", "peony", "lilac", "poppy", "daisy", "violet", "jasmine", "magnolia",
           "begonia", "freesia", "marigold")
GEMS = ("emerald", "sapphire", "garnet", "topaz", "amethyst", "obsidian", "tourmaline", "jasper", "agate",
        "beryl", "spinel")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "b": "8"}
BIRDS = ("sparrow", "heron", "pelican", "falcon", "magpie", "robin", "starling", "puffin", "osprey", "wren",
         "kestrel", "plover", "curlew")
FRUITS = ("apricot", "quince", "lychee", "papaya", "guava", "kumquat", "damson", "loquat", "mulberry")
METALS = ("cobalt", "nickel", "copper", "bronze", "silver", "iridium", "tungsten", "pewter", "chrome")
# No quote, comma, semicolon, backslash, brace, angle bracket, ampersand, colon, hash, slash, question mark, at sign,
# percent or dollar: every carrier holds the value as typed (shell words in double or no quotes, JSON and XML
# strings, ini and P-value lines, Oracle `user/value@db`, `Asterisk mailbox => value,name`, CSV-like chat lines).
HUMAN_SYMBOLS = "!*.+_~"
GEN_SYMBOLS = "!*+-=^_~."
USERS = ("jsilva", "m.okafor", "svc-backup", "ptrevino", "r.lindqvist", "helpdesk2", "anna.k", "opsbot")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "vpn-client": [
        "~/vpn/corp.auth (the auth-user-pass file next to client.ovpn, user on line 1):\n{u}\n{p}\n\n$ sudo openvpn "
        "--config client.ovpn --auth-user-pass corp.auth\n2026-12-05 07:58:12 AUTH: Received control message: "
        "AUTH_FAILED",
        "$ echo '{p}' | sudo openconnect --protocol=gp --user={u} --passwd-on-stdin gp.fabrikam.example\nPOST "
        "https://gp.fabrikam.example/global-protect/prelogin.esp?tmp=tmp&clientVer=4100&clientos=Linux\n"
        "Connected to HTTPS on gp.fabrikam.example with ciphersuite (TLS1.3)-(ECDHE-X25519)-(AES-256-GCM)",
        "/etc/openfortivpn/config\nhost = vpn.fabrikam.example\nport = 443\nusername = {u}\npassword = {p}\n"
        "set-dns = 1\npppd-use-peerdns = 1",
        "connect-vpn.bat on the shop floor PC:\n@echo off\nrasdial \"Fabrikam VPN\" {u} {p}\nif errorlevel 1 "
        "echo VPN failed, call IT & pause\nstart \\\\fs01\\orders",
        "/etc/vpnc/office.conf\nIPSec gateway 198.51.100.20\nIPSec ID office\nIPSec obfuscated secret "
        "7c1e94b2a3f06d58\nXauth username {u}\nXauth password {p}",
        "VPN for the Lisbon office is L2TP/IPsec now: server l2tp.fabrikam.example, account {u}, password {p}; the "
        "pre-shared key is on the intranet page. On macOS: System Settings → VPN → Add VPN Configuration → L2TP over "
        "IPSec.",
    ],
    "hypervisor-bmc": [
        "$ racadm -r 10.40.1.21 -u {u} -p '{p}' getsysinfo\nSecurity Alert: Certificate is invalid - Certificate "
        "is not signed by Trusted Third Party\nContinuing execution. Use -S option for racadm to stop execution on "
        "certificate-related errors.",
        "export GOVC_URL=vcsa.lab.example\nexport GOVC_USERNAME={u}@vsphere.local\nexport GOVC_PASSWORD='{p}'\n"
        "export GOVC_INSECURE=1\ngovc ls /DC1/vm",
        "PS C:\\> Connect-VIServer -Server vcsa.lab.example -User {u}@vsphere.local -Password '{p}'\n\nName"
        "                           Port  User\n----                           ----  ----\nvcsa.lab.example"
        "               443   VSPHERE.LOCAL\\{u}",
        "# xe -s xcp01.lab.example -u {u} -pw '{p}' vm-list power-state=running\nuuid ( RO)           : "
        "7a1c0e52-3b9d-4f60-8e21-5c4d9a0b7f13\n     name-label ( RW): build-agent-03\n    power-state ( RO): running",
        "reset_ilo_user.xml (hponcfg -f reset_ilo_user.xml):\n<RIBCL VERSION=\"2.0\">\n <LOGIN USER_LOGIN=\"{u}\" "
        "PASSWORD=\"{p}\">\n  <USER_INFO MODE=\"write\">\n   <MOD_USER USER_LOGIN=\"monitor\">\n    <RESET_SERVER_PRIV "
        "value=\"N\"/>\n   </MOD_USER>\n  </USER_INFO>\n </LOGIN>\n</RIBCL>",
        "nutanix@cvm$ ncli user reset-password user-name={u} password={p}\n    Password of user '{u}' reset "
        "successfully",
    ],
    "media-fetch": [
        "$ yt-dlp --username {u} --password '{p}' -f 'bv*+ba' https://video.lernplattform.example/kurs/412\n"
        "[generic] Extracting URL: https://video.lernplattform.example/kurs/412\nERROR: [generic] Unable to log in",
        "aria2c --http-user={u} --http-passwd='{p}' -x 8 -s 8 https://mirror.intra.example/iso/rocky-9.4-x86_64-"
        "dvd.iso",
        "wget --ftp-user={u} --ftp-password='{p}' -m ftp://archive.scans.example/2026/\n--2026-12-05 08:10:44--  "
        "ftp://archive.scans.example/2026/\n           => 'archive.scans.example/2026/.listing'",
        "~/.config/gallery-dl/config.json\n{\n  \"extractor\": {\n    \"deviantart\": {\n      \"username\": "
        "\"{u}\",\n      \"password\": \"{p}\"\n    }\n  }\n}",
        "rclone config create nas-webdav webdav url=https://nas.home.example/dav vendor=other user={u} "
        "pass='{p}' --obscure",
        "curl -X POST http://jellyfin.home.example:8096/Startup/User -H 'Content-Type: application/json' -d "
        "'{\"Name\": \"{u}\", \"Password\": \"{p}\"}'",
    ],
    "family-chat": [
        "[03/12/26, 19:04:11] Mum: the netflix login for the telly in the lounge is {u}@mailbox.example and {p} "
        "dont change it pls\n[03/12/26, 19:05:02] Tom: 👍",
        "Family group\nDad: Disney+ works on the new Samsung TV now. It's my email and {p}. Please don't add more "
        "devices, we're at the limit.\nLena: thx!!",
        "Voicemail from Nana (transcribed by Visual Voicemail):\n\"hello love its nana again the ipad wants the apple "
        "password again is it {p} or the other one you wrote in the little book ring me back\"",
        "Sis: what's the wifi at mum's again?\nMe: network is Kowalski_5G, password {p}\nSis: ta",
        "Mum → Kids: PowerSchool parent portal for Ella: username {u} pass {p} - check the homework marks there "
        "and not on my phone",
        "Uncle Raj: Prime Video on the cottage TV: sign in with {u}@mailbox.example, password {p}. Sign out again "
        "when you leave on Sunday.",
    ],
    "db-backup": [
        "$ mongodump --host rs0/mongo1.data.example:27017 --username {u} --password '{p}' --authenticationDatabase "
        "admin --gzip --archive=/backup/orders-2026-12-05.gz\n2026-12-05T02:00:01.417+0000\twriting orders.events to "
        "archive '/backup/orders-2026-12-05.gz'",
        "hr_imp.par:\nuserid=\"system/{p}@ORCLPDB1\"\ndirectory=DATA_PUMP_DIR\ndumpfile=hr_%U.dmp\n"
        "remap_schema=HR:HR_TEST\n\n$ impdp parfile=hr_imp.par\nImport: Release 19.0.0.0.0 - Production on Sat Dec 5 "
        "02:10:03 2026",
        "mariadb-dump -h db2.data.example -u {u} -p'{p}' --single-transaction --routines shop > "
        "/backup/shop-$(date +%F).sql",
        "xtrabackup --backup --user={u} --password='{p}' --target-dir=/data/backups/2026-12-05\n"
        "2026-12-05T03:00:02.118 0 [Note] [MY-011825] [Xtrabackup] recognized server arguments: "
        "--datadir=/var/lib/mysql",
        "$ redis-cli -h cache1.data.example -a '{p}' --no-auth-warning --rdb /backup/cache1.rdb\nsending REPLCONF "
        "capa eof\nSYNC sent to master, writing 1843201 bytes to '/backup/cache1.rdb'\nTransfer finished with "
        "success.",
        "Restore runbook, step 4:\nmongorestore --uri='mongodb+srv://cluster0.abcd1.mongodb.example' --username {u} "
        "--password '{p}' --nsInclude='orders.*' --drop /restore/dump/",
    ],
    "voip-phone": [
        "/etc/asterisk/pjsip.conf\n[6012]\ntype=auth\nauth_type=userpass\nusername=6012\npassword={p}\n\n[6012]\n"
        "type=aor\nmax_contacts=2",
        "y000000000028.cfg\n#!version:1.0.0.1\naccount.1.enable = 1\naccount.1.label = Reception\n"
        "account.1.auth_name = {u}\naccount.1.password = {p}\naccount.1.sip_server.1.address = pbx.office.example",
        "~/.config/linphone/linphonerc\n[auth_info_0]\nusername={u}\npasswd={p}\nrealm=sip.office.example\n"
        "domain=sip.office.example",
        "Grandstream GXP2170 config (P-values):\nP270 = Front desk\nP47 = pbx.office.example\nP35 = 6021\nP36 = {u}\n"
        "P34 = {p}",
        "/etc/asterisk/voicemail.conf\n[default]\n6012 => {p},Maria Santos,maria@office.example\n"
        "6013 => ,Front Desk,frontdesk@office.example",
        "ticket #4471: new softphone for {u}: extension 6033, SIP secret {p}, server pbx.office.example:5060 UDP. "
        "Zoiper asks for 'password' - use the secret.",
    ],
    "positional-login": [
        "In [7]:\nimport smtplib\nwith smtplib.SMTP(\"smtp.mailhost.example\", 587) as s:\n    s.starttls()\n"
        "    s.login(\"{u}@mailhost.example\", \"{p}\")\n    s.send_message(msg)",
        "M = imaplib.IMAP4_SSL('imap.mailhost.example')\nM.login('{u}', '{p}')\nM.select('INBOX')\n"
        "typ, data = M.search(None, 'UNSEEN')",
        "auth := smtp.PlainAuth(\"\", \"{u}@mailhost.example\", \"{p}\", \"smtp.mailhost.example\")\n"
        "err := smtp.SendMail(\"smtp.mailhost.example:587\", auth, from, to, body)",
        "var client = new SmtpClient(\"smtp.mailhost.example\", 587)\n{\n    Credentials = new "
        "NetworkCredential(\"{u}\", \"{p}\"),\n    EnableSsl = true\n};",
        "$conn = ldap_connect('ldaps://dc1.corp.example');\nldap_set_option($conn, LDAP_OPT_PROTOCOL_VERSION, 3);\n"
        "$ok = ldap_bind($conn, 'CN={u},OU=Service,DC=corp,DC=example', '{p}');",
        "Net::SMTP.start('smtp.mailhost.example', 587, 'office.example', '{u}', '{p}', :login) do |smtp|\n"
        "  smtp.send_message(body, from, to)\nend",
    ],
    "archive-password": [
        "$ 7z a -mhe=on '-p{p}' handover-2026-12.7z ./handover/\n\n7-Zip [64] 17.05 : Copyright (c) 1999-2021 Igor "
        "Pavlov\nScanning the drive:\n3 folders, 41 files, 18342211 bytes (18 MiB)",
        "unzip -P '{p}' payslips_november.zip\nArchive:  payslips_november.zip\n  inflating: payslip_{u}.pdf",
        "pdftk contract.pdf output contract-locked.pdf user_pw '{p}' owner_pw PROMPT allow Printing",
        "openssl enc -aes-256-cbc -pbkdf2 -salt -in clients.csv -out clients.csv.enc -pass 'pass:{p}'",
        "rar a '-hp{p}' -m5 tax-2026.rar ./tax/\n\nRAR 7.01   Copyright (c) 1993-2024 Alexander Roshal\n"
        "Creating archive tax-2026.rar",
        "Hi {u}, attached are the scans as scans.zip. The password for the zip is {p} (sorry, sending it in the "
        "same mail, I'm off tomorrow).",
    ],
    "legal-letter": [
        "NOTARIAL ESCROW - Schedule B (digital assets)\nItem 3: primary e-mail account {u}@mailbox.example\n"
        "   access password: {p}\nTo be released to the executor on presentation of the death certificate.",
        "Letter of wishes, annex 2:\nThe password to my laptop and to the family photo archive is {p}. My user "
        "name on both is {u}.",
        "Dear Ms Okafor,\nAs agreed in the escrow agreement of 14 November 2026, we confirm receipt of the sealed "
        "envelope. For the record, the repository credential deposited is: login {u}, passphrase {p}.\nYours "
        "sincerely,\nHartmann & Lowe LLP",
        "Executor's checklist (handwritten notes typed up):\n- online banking: ask the bank, do NOT use the login\n"
        "- Dad's PC: {u} / {p}\n- cancel the phone contract",
        "LASTING POWER OF ATTORNEY - instructions\n5. My attorney may access my pension portal using the "
        "credentials below:\n   User ID: {u}\n   Password: {p}",
        "Consent order, para 12(c): the Respondent shall, within 7 days, disclose to the Applicant's solicitors the "
        "password of the joint cloud account ({p}) so that the photographs may be copied.",
    ],
    "pos-terminal": [
        "Clover setup - shift notes\nManager passcode on the Station Solo: {p}\nEmployees clock in with their own "
        "codes.",
        "Verifone V400m merchant menu: press 1 + Enter, then supervisor password {p} → Terminal Settings → Comms",
        "Lightspeed Retail back office for the new store:\nURL: https://retail.lightspeed.example\nEmail: "
        "{u}@shop.example\nPassword: {p}\nRegister 2 still needs the receipt printer paired.",
        "C:\\POS\\config\\terminal.ini\n[Store]\nStoreId=0417\nLaneId=3\n[Backoffice]\nUser={u}\nPassword={p}\n"
        "SyncInterval=300",
        "Shift handover (bar): manager override for voids on the Toast terminals is {p} until Marek sets up the new "
        "cards. Don't give it to the new hires.",
        "Ingenico Desk/5000: after the reset the maintenance menu asks for a password. Use {p} (merchant level), "
        "not the default one.",
    ],
}

NEGATIVES: dict[str, list[str]] = {
    "vpn-client": [
        "client.ovpn:\nauth-user-pass\n# no file given: openvpn asks for the user and the password at connect",
        "$ sudo openconnect --protocol=gp --user=jsilva gp.fabrikam.example\nPassword:\nPOST "
        "https://gp.fabrikam.example/ssl-vpn/login.esp\nGlobalProtect login returned authentication-source=LDAP",
        "/etc/openfortivpn/config\nhost = vpn.fabrikam.example\nport = 443\nusername = jsilva\n# password: left out, "
        "openfortivpn prompts\ntrusted-cert = f25ec84d8dbc74254770f58904dba41ecccc3fc1626e53a13043b026c48bbf33",
        "rasdial \"Fabrikam VPN\" /disconnect\nCommand completed successfully.",
        "IPSec gateway 198.51.100.20\nIPSec ID office\nXauth username jsilva\nXauth password <your domain password>",
        "The VPN password is the same as your Windows password; it expires every 90 days and must have 14 or more "
        "characters.",
    ],
    "hypervisor-bmc": [
        "racadm get iDRAC.Users.2\n[Key=iDRAC.Embedded.1#Users.2]\nEnable=Enabled\nUserName=root\n"
        "!!Password=******** (Write-Only)\nPrivilege=0x1ff",
        "export GOVC_USERNAME=automation@vsphere.local\nexport GOVC_PASSWORD=\"$(pass show lab/vcsa)\"",
        "Connect-VIServer -Server vcsa.lab.example -Credential (Get-Credential)",
        "<LOGIN USER_LOGIN=\"Administrator\" PASSWORD=\"${ILO_PW}\">  <!-- hponcfg substitutes variables with -s -->",
        "ncli user reset-password: the new password needs at least 8 characters, one upper case letter, one digit "
        "and one special character, and must differ from the last 5.",
        "/etc/shadow on the host: root:$6$dHm47Ai5$P29rp6S9q5DQ5m4Q3FZpGDbLBMjA65OzqcvuiaTLT8azftY7DpJfHyp37cfgzu69"
        "Ww65btYlg0vhJCz5PYETmm:20000:0:99999:7:::",
    ],
    "media-fetch": [
        "yt-dlp --netrc -f 'bv*+ba' https://video.lernplattform.example/kurs/412  # the login comes from ~/.netrc",
        "aria2c --http-user=jsilva --http-passwd=\"$MIRROR_PW\" -x 8 https://mirror.intra.example/iso/rocky.iso",
        "wget --ask-password --user=jsilva https://archive.scans.example/2026/\nPassword for user 'jsilva':",
        "{\"extractor\": {\"deviantart\": {\"username\": null, \"password\": null, \"refresh-token\": \"cache\"}}}",
        "$ rclone config redacted nas-webdav\n[nas-webdav]\ntype = webdav\nurl = https://nas.home.example/dav\n"
        "user = XXX\npass = XXX",
        "Jellyfin asks for a new admin password after the reset; the PIN it shows on the server console is only for "
        "the reset and expires after 30 minutes.",
    ],
    "family-chat": [
        "[03/12/26, 19:04:11] Mum: whats the netflix password again\n[03/12/26, 19:06:40] Tom: its on the fridge, "
        "not putting it in here 😅",
        "Dad: Disney+ asks for the password on the new TV, I'll type it in on Sunday when I'm over.",
        "Voicemail from Nana (transcribed): \"hello love its nana the ipad says the password is wrong again can you "
        "ring me back when you get a minute bye\"",
        "Me: network is Kowalski_5G, the password is on the sticker under the router",
        "Mum: PowerSchool sent a reset link to my email, use that, the old password won't work any more",
        "Raj: careful, they block shared passwords outside the household now, the TV will show a code to confirm "
        "instead",
    ],
    "db-backup": [
        "mongodump --uri=\"$MONGO_URI\" --gzip --archive=/backup/orders.gz   # URI from the vault agent template",
        "expdp \\\"/ as sysdba\\\" schemas=HR directory=DATA_PUMP_DIR dumpfile=hr.dmp logfile=hr_exp.log",
        "mariadb-dump --defaults-extra-file=/etc/backup/my.cnf --single-transaction shop > shop.sql",
        "xtrabackup: Error: failed to connect to MySQL server: Access denied for user 'backup'@'localhost' (using "
        "password: YES)",
        "redis-cli -h cache1.data.example --askpass --rdb /backup/cache1.rdb\nPlease input password: ************",
        "Restore runbook: the mongorestore user needs the restore role; its password rotates nightly and lives in "
        "Vault at kv/db/mongo-restore.",
    ],
    "voip-phone": [
        "[6012]\ntype=auth\nauth_type=md5\nusername=6012\nmd5_cred=feff9243a8f506b40928b5b7a767c76f",
        "account.1.password = %ACCOUNT_PASSWORD%\n(filled in per MAC address by the provisioning server)",
        "[auth_info_0]\nusername=6021\nha1=b008f86bebb2737f6a6f0fb23c6f5da2\nrealm=sip.office.example",
        "P34 = \nP35 = 6021\n(P34 left blank: the phone asks for it at first registration)",
        "Voicemail PINs must be 6 digits and may not repeat the extension; users set theirs at first login via *97.",
        "ticket #4471: Zoiper keeps saying 'wrong password' for 6033; the SIP secret was regenerated in FreePBX, "
        "please re-scan the provisioning QR code from the user portal.",
    ],
    "positional-login": [
        "s.login(os.environ[\"SMTP_USER\"], os.environ[\"SMTP_PASS\"])",
        "M.login(user, getpass.getpass('IMAP password: '))",
        "auth := smtp.PlainAuth(\"\", cfg.User, cfg.Password, cfg.Host)",
        "Credentials = new NetworkCredential(config[\"Smtp:User\"], config[\"Smtp:Password\"]),",
        "$ok = ldap_bind($conn, $bindDn, $bindPassword); // both read from /etc/app/ldap.ini",
        "Net::SMTP.start(host, 587, 'office.example', 'user', 'password', :login) is the form in the docs; put your "
        "own account in place of 'user' and 'password'.",
    ],
    "archive-password": [
        "$ 7z a -mhe=on -p handover.7z ./handover/\nEnter password (will not be echoed):",
        "unzip payslips_november.zip\nArchive:  payslips_november.zip\n[payslips_november.zip] payslip.pdf password:",
        "pdftk contract.pdf output contract-locked.pdf user_pw PROMPT",
        "openssl enc -aes-256-cbc -pbkdf2 -in clients.csv -out clients.csv.enc -pass file:/root/.enc_key",
        "7-Zip: use a password of at least 16 characters for AES-256; -mhe=on also hides the file names.",
        "The password for the zip follows in a separate message, as our policy requires.",
    ],
    "legal-letter": [
        "NOTARIAL ESCROW - Schedule B: the access credentials are sealed in envelope no. 17 and are not reproduced "
        "in this schedule.",
        "Letter of wishes: my passwords are in my password manager; its emergency kit is in the safe deposit box at "
        "the bank.",
        "Deposit receipt: SHA-256 of the deposited archive "
        "cec255404e4fb440034d6608697a8d41bed440e50454f31af3176813e02ea68e, deposit no. ESC-2026-0112.",
        "Executor's checklist:\n- Dad's PC: password unknown, take it to the repair shop with the death certificate",
        "LASTING POWER OF ATTORNEY: my attorney must not ask any provider for my passwords; each provider's "
        "bereavement process applies.",
        "Consent order, para 12(c): the Respondent shall reset the password of the joint cloud account and send the "
        "new one to the Applicant's solicitors by recorded delivery.",
    ],
    "pos-terminal": [
        "Clover: each employee sets their own 4-6 digit passcode at first clock-in; managers reset them under Setup "
        "→ Employees.",
        "Verifone V400m: the supervisor password is printed in the merchant welcome pack, not on the device.",
        "Lightspeed Retail back office:\nEmail: frontdesk@shop.example\nPassword: (SSO via Google Workspace)",
        "[Backoffice]\nUser=pos-sync\nPassword=\nSyncInterval=300\n; the password is read from the Windows "
        "credential store",
        "Shift handover: the void override now needs a manager card swipe, codes are no longer accepted.",
        "Terminal ID 80417003, merchant ID 4417 0029 1183, batch 0047 closed at 23:02, 212 transactions.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=FLOWERS, leet=GEMS, leet_swaps=LEET, leet_ends="!*+=^~", passphrase=BIRDS,
    letters=(FRUITS, METALS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
