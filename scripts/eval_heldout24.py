#!/usr/bin/env python3
"""Held-out set 24: passwords in password-manager and browser exports, reset and temporary-password e-mail threads,
text messages and pager alerts, FTP/SFTP client configs, guest Wi-Fi cards, HR onboarding letters, school and
learning-portal notes, Ansible inventories, helpdesk ticket macros, and club and school newsletters.

Written on 2026-12-05 (helper set24) on main 58501de, before any detection change it measures, by a helper that
read neither addons/detect/ nor addons/core/ nor rules/, and read sets 20-23 only for the scoring interface and
for which carriers and words they used; the script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each):
password-manager and browser exports (a Bitwarden CSV, a KeePassXC CSV, a 1Password CSV, a LastPass CSV, a Chrome
`passwords.csv`, a KeePass XML `<Value ProtectInMemory>`); reset e-mail threads (a quoted reply from a service
desk, an HTML reset mail flattened to text, a forwarded hosting welcome, an inline helpdesk answer, a two-level
quote, an Outlook `-----Original Message-----` thread); text messages and pager alerts (a bank one-time password
SMS, an on-call page with a break-glass login, a Twilio message-log JSON `body`, an SMS-gateway curl, a phone
lock-screen message, an upper-case pager line); FTP/SFTP clients (FileZilla `sitemanager.xml` `<Pass>`, WinSCP.ini
`PasswordPlain`, `lftp -u user,value`, `sshpass -p`, an ncftp login file, `curl --user user:value ftp://`);
guest Wi-Fi (a hotel card, a `WIFI:` QR payload, a conference housekeeping note, a holiday-flat house manual,
`nmcli ... password`, a cafe chalkboard read from a photo); HR onboarding (a welcome letter, a starter checklist, a
buddy's chat message, a contractor access form, an IT welcome card, a German welcome mail); school and learning
portals (a Moodle enrolment key, a student login slip, a teacher's note to parents, a Safe Exam Browser quiz
password, a library PIN, a Canvas announcement); Ansible inventories (INI `[group:vars]`, host_vars YAML, an INI
host line, `-e` JSON, group_vars YAML, a YAML inventory); ticket macros (a Zendesk macro, a Freshdesk canned
response, a Jira comment, a ServiceNow work note, a macro preview, a Help Scout saved reply as JSON); club and
school newsletters (a junior football club, a swim club gala entry, a PTA album, a tennis clubhouse door code, a
choir's shared folder, a scout group's parent portal).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a dog breed with a year or
digits and a symbol, or two breeds run together with digits), leetspeak constellation names (never the first
letter) with digits and a symbol, passphrases of three to five landform words (blanks, hyphens, dots, or capitalised
and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a
cheese and a vegetable joined in four casings), and PINs of 4-8 digits; drawn from random.Random(24) in a fixed
order, so the set is the same on every run. Hard negatives (60, six per carrier): the same carriers giving no
password (empty and masked export columns, a KeePass field reference, reset links, "sent separately" and blank-line
placeholders, vault lookups and `--ask-pass`, key files and netrc, open and enterprise Wi-Fi, a bcrypt hash, ids and
sort codes, password rules and policy, talk about passwords). Same scoring as sets 3-23 (heldout_score.covered: a
value counts when findings that are not public/test-value cover all of it; a negative is hit by any such finding;
values are never printed).

Score on the unchanged code (main 58501de; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set24 that wrote it (`scripts/eval_heldout24.py`, 2026-12-05 09:25
UTC): password recall 189/300 = 0.630; hard negatives hit 5/60 (pwmgr-export 12/30, mail-reset 12/30, sms-pager
20/30, ftp-client 17/30, guest-wifi 17/30, hr-onboarding 17/30, school-portal 18/30, ansible-inventory 29/30,
ticket-macro 24/30, club-newsletter 23/30; human 37/50, leet 39/50, passphrase 34/50, generated 36/50, letters
21/50, pin 22/50; negatives hit: pwmgr-export 2/6, mail-reset 1/6, ansible-inventory 2/6, 0/6 in the other seven).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout24.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 24"
SEED = 24

DOG_BREEDS = ("beagle", "poodle", "corgi", "husky", "dalmatian", "collie", "terrier", "spaniel", "dachshund",
              "labrador", "whippet", "boxer", "schnauzer")
CONSTELLATIONS = ("andromeda", "cassiopeia", "pegasus", "perseus", "orion", "draco", "aquila", "cygnus", "hydra",
                  "centaurus", "lyra")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "r": "2"}
LANDFORMS = ("glacier", "summit", "valley", "plateau", "ridge", "boulder", "crater", "dune", "mesa", "gorge",
             "volcano", "atoll", "isthmus", "estuary", "moraine")
CHEESES = ("brie", "gouda", "cheddar", "feta", "gruyere", "ricotta", "edam", "paneer", "stilton")
VEGETABLES = ("turnip", "radish", "leek", "celery", "okra", "kale", "shallot", "artichoke", "rhubarb")
# No quote, comma, semicolon, colon, backslash, brace, angle bracket, ampersand, hash, slash, question mark, at sign,
# percent or dollar: every carrier holds the value as typed (CSV columns, XML text, `WIFI:...;P:value;;`, `lftp -u
# user,value`, `curl --user user:value`, INI, YAML and JSON strings, shell words in single quotes).
HUMAN_SYMBOLS = "!*.+_^"
GEN_SYMBOLS = "!*+-=^_~."
USERS = ("e.moreno", "tkaur", "svc-upload", "j.whitfield", "nadia.b", "helpdesk3", "o.petrov", "kiosk-admin")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "pwmgr-export": [
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
        "Work,,login,Payroll portal,,,0,https://payroll.example.com/login,{u},{p},\n"
        "Home,1,login,Energy supplier,,,0,https://account.energy.example,e.moreno@example.net,,",
        "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\",\"Notes\",\"TOTP\",\"Icon\",\"Last Modified\","
        "\"Created\"\n\"Root/Network\",\"Core switch\",\"{u}\",\"{p}\",\"https://10.20.0.2\",\"\",\"\",\"0\","
        "\"2026-11-30T09:12:44Z\",\"2025-03-02T15:40:01Z\"",
        "Title,Website,Username,Password,OTPAuth,Favorite,Archived,Tags,Notes\n"
        "Holiday cottage booking,https://bookings.example.org,{u},{p},,false,false,travel,booked for June",
        "url,username,password,totp,extra,name,grouping,fav\nhttps://webmail.example.net,{u},{p},,,Webmail,Email,0\n"
        "http://sn,,,,,Door entry notes,Secure Notes,0",
        "name,url,username,password,note\nintranet.example.com,https://intranet.example.com/sso,{u},{p},\n"
        "shop.example,https://shop.example/account,{u}@example.net,,",
        "<Entry>\n\t<UUID>3q2+7wV0pUu2b3K1y8s9aQ==</UUID>\n\t<String><Key>Title</Key><Value>Backup NAS</Value>"
        "</String>\n\t<String><Key>UserName</Key><Value>{u}</Value></String>\n\t<String><Key>Password</Key>"
        "<Value ProtectInMemory=\"True\">{p}</Value></String>\n\t<String><Key>URL</Key>"
        "<Value>https://nas.home.example:5001</Value></String>\n</Entry>",
    ],
    "mail-reset": [
        "Thanks, that worked!\n\nOn Thu, 3 Dec 2026 at 16:05, IT Service Desk <servicedesk@example.com> wrote:\n> Hi,"
        "\n> your account {u} has been reset. Temporary password: {p}\n> You will be asked to change it at next "
        "sign-in.\n> Regards, Service Desk",
        "Password reset\n\nHello {u},\n\nAn administrator reset your password.\n\nNew password\n{p}\n\nSign in\n"
        "[https://portal.example.com/login]\n\nIf you did not request this, contact your administrator.\n\n"
        "© 2026 Example Corp | Privacy | Unsubscribe",
        "---------- Forwarded message ---------\nFrom: noreply@hosting.example\nDate: Wed, 2 Dec 2026\nSubject: Your "
        "control panel login\nTo: {u}@example.org\n\nControl panel: https://cp.hosting.example\nUsername: {u}\n"
        "Initial password: {p}\n\nFYI - can you set up the DNS records tomorrow?",
        "Hi Maria, I've unlocked {u} and set it to {p} for now - please change it after you log in (Ctrl+Alt+Del > "
        "Change a password). Cheers, Tom",
        ">> Could you send me the new one for {u}? The old one stopped working.\n> Sure, it's {p} - same username as "
        "before.\n\nGot it, thanks!",
        "From: Helpdesk\nSent: Friday, December 4, 2026 11:42 AM\nTo: {u}\nSubject: RE: locked out again\n\nReset "
        "done. Use {p} to get in, then pick your own.\n\n-----Original Message-----\nFrom: {u}\nSubject: locked "
        "out again\n\nThird time this week, sorry!",
    ],
    "sms-pager": [
        "SMS from EXAMPLEBANK: Your one-time online banking password is {p}. Never share it. Did not request it? "
        "Call 0800 123 456.",
        "[P1] PAGE from OpsGenie: db-replica-2 down. Break-glass login for the console: {u} / {p} (rotate after "
        "incident)",
        "{\"sid\": \"SM9f1c2e4b7a0d\", \"to\": \"+447700900123\", \"from\": \"+447700900999\", \"body\": \"Your "
        "guest account is ready. User: {u} Password: {p}\", \"status\": \"delivered\"}",
        "curl -X POST https://api.sms.example/v1/send -d to=+4915112345678 --data-urlencode 'text=New kiosk "
        "password for {u}: {p}'",
        "Messages • now\nMum\nthe code for the garage door app is {p} dont lose it again x",
        "PAGER 0347 14:02 ON-CALL: SITE ALARM PANEL RESET. ENGINEER LOGIN {u} PASS {p} CALL CTRL ROOM WHEN DONE",
    ],
    "ftp-client": [
        "<FileZilla3 version=\"3.66.4\" platform=\"windows\">\n <Servers>\n  <Server>\n   <Host>ftp.printshop.example"
        "</Host>\n   <Port>21</Port>\n   <Protocol>0</Protocol>\n   <Type>0</Type>\n   <User>{u}</User>\n   <Pass>{p}"
        "</Pass>\n   <Logontype>1</Logontype>\n   <Name>Print shop uploads</Name>\n  </Server>\n </Servers>\n"
        "</FileZilla3>",
        "[Sessions\\{u}@sftp.partner.example]\nHostName=sftp.partner.example\nUserName={u}\nPasswordPlain={p}\n"
        "FSProtocol=2\nPortNumber=22",
        "$ lftp -u {u},'{p}' sftp://files.partner.example\nlftp {u}@files.partner.example:~> mirror -R ./outbox "
        "/inbound",
        "sshpass -p '{p}' sftp -oBatchMode=no {u}@sftp.partner.example <<'EOF'\nput invoices_2026-12.zip /upload/\n"
        "bye\nEOF",
        "login.cfg for ncftpput -f:\nhost ftp.archive.example\nuser {u}\npass {p}\n\n$ ncftpput -f login.cfg /pub/drop "
        "report.pdf",
        "curl -T weekly.csv --user '{u}:{p}' ftp://ftp.vendor.example/incoming/ --ftp-create-dirs",
    ],
    "guest-wifi": [
        "Welcome to Hotel Miramar\nComplimentary Wi-Fi\nNetwork: Miramar_Guest\nPassword: {p}\nReception is open 24h "
        "- dial 9",
        "QR payload on the conference badge: WIFI:T:WPA;S:DevSummit-2026;P:{p};H:false;;",
        "Day 2 housekeeping: lunch is in Hall B, slides go up on the event app tonight, and the venue wifi is "
        "DevSummit-Guest with the key {p} (the 5 GHz one is faster).",
        "House manual - Flat 3B\n• Check-out 11:00, leave keys in the lockbox\n• Wifi: FlatThreeB / {p}\n• Bins go "
        "out Tuesday night",
        "$ nmcli dev wifi connect \"Library-Visitors\" password '{p}'\nDevice 'wlan0' successfully activated with "
        "'3f0a7c1e-92b4-4d1a-a7e0-5b1c9d2e6f48'.",
        "(photo of the cafe chalkboard) TODAY: soup of the day tomato · flat white 3.20 · WIFI PASS = {p} · please "
        "ask before charging laptops",
    ],
    "hr-onboarding": [
        "Dear {u},\n\nWelcome to Northwind! On your first day (Monday 7 December) please come to reception at 9:00. "
        "Your laptop will be ready; sign in with your username {u} and the temporary password {p}. You will be asked "
        "to set your own password and enrol MFA.\n\nKind regards,\nPeople Team",
        "ONBOARDING CHECKLIST - new starter: {u}\n[x] Laptop imaged\n[x] AD account created (temp pw: {p})\n"
        "[ ] Badge photo\n[ ] Payroll form",
        "hey welcome aboard :wave: IT asked me to pass this on - your initial login is {u} and the password is {p}, "
        "it'll make you change it straight away",
        "CONTRACTOR ACCESS FORM\nName: {u}\nStart: 2026-12-07  End: 2027-03-31\nSystems: Jira, Confluence, VPN\n"
        "Initial credential issued: {p}\nApproved by: line manager",
        "+-------------------------------+\n| IT welcome card\n| User:     {u}\n| Password: {p}\n| Help: ext. 4400\n"
        "+-------------------------------+",
        "Willkommen im Team!\nIhr Benutzername: {u}\nIhr Startpasswort: {p}\nBitte ändern Sie es bei der ersten "
        "Anmeldung.",
    ],
    "school-portal": [
        "Welcome to Year 10 Chemistry on Moodle! To join the course, click 'Enrol me' and type the enrolment key {p} "
        "- it is case sensitive.",
        "STUDENT LOGIN SLIP\nName: {u}\nClass: 7C\nUsername: {u}@students.greenfield.sch.example\nPassword: {p}\n"
        "Keep this slip safe and do not share it.",
        "Dear parents, your child's reading app login is on the inside cover of their planner. For Sam (7C) it is "
        "username {u}, password {p}. Please practise 20 minutes a night.",
        "Mock exam, Thursday period 3: open Safe Exam Browser, choose 'Maths Paper 2' and enter the quiz password {p} "
        "when the invigilator says so.",
        "Library account ready: borrower number 2046 1183 5520, PIN {p}. Renew loans online at "
        "library.greenfield.example.",
        "Announcement (Canvas, HIST 210): the shared Zoom recordings folder moved; the folder password is now {p}. "
        "Do not post it on Discord.",
    ],
    "ansible-inventory": [
        "[windows]\nfs01.corp.example ansible_host=10.1.4.11\n\n[windows:vars]\nansible_user={u}\n"
        "ansible_password='{p}'\nansible_connection=winrm\nansible_winrm_server_cert_validation=ignore",
        "# host_vars/db01.yml\nansible_host: 10.1.5.20\nansible_user: {u}\nansible_become: true\n"
        "ansible_become_password: \"{p}\"",
        "[kiosks]\nweb03 ansible_host=10.1.6.3 ansible_user={u} ansible_ssh_pass=\"{p}\"",
        "$ ansible-playbook site.yml -i inventory -e '{\"ansible_user\": \"{u}\", \"ansible_password\": \"{p}\"}' "
        "--limit printers",
        "# group_vars/routers.yml\nansible_network_os: cisco.ios.ios\nansible_connection: "
        "ansible.netcommon.network_cli\nansible_user: {u}\nansible_password: {p}\nansible_become_method: enable",
        "all:\n  children:\n    kiosks:\n      hosts:\n        kiosk-0[1:8].shop.example:\n      vars:\n"
        "        ansible_user: {u}\n        ansible_ssh_pass: '{p}'",
    ],
    "ticket-macro": [
        "Macro: 'Password reset - standard reply'\nComment (public):\nHi {{ticket.requester.first_name}},\nwe've reset "
        "the password for {u}. Your temporary password is {p}\nPlease change it on first sign-in.\nSet status: Solved",
        "Canned response 'Shared mailbox access': The shared mailbox orders@ is now on your account. If Outlook asks, "
        "the mailbox password is {p} (user {u}).",
        "[~{u}] Reset done via ADUC. Temp pw: {p} — must change at next logon is ticked. Resolving as Done.",
        "Work notes (internal) 2026-12-04 10:12:31 - A. Patel\nCalled user, verified DOB. New password set: {p}\n"
        "State changed: In Progress -> Resolved",
        "Macro preview (HD-20931): 'Hello {u}, your timesheet login was unlocked. Password: {p}. Reply to this "
        "ticket if it does not work.'",
        "{\"name\": \"Reset - intranet\", \"text\": \"Hi {u}, the intranet password is now {p} until you change "
        "it.\", \"scope\": \"mailbox\"}",
    ],
    "club-newsletter": [
        "FC Riverside Juniors - December Newsletter\nWell done to the U10s on reaching the cup semi-final! Match "
        "photos are on the members' area of the website (login: parents / password: {p}). Training resumes on 5 "
        "January.",
        "Swim club parents' bulletin: the gala entry system is open. Log in as {u} with the password {p} and tick the "
        "events your swimmer wants by Friday.",
        "PTA NEWS • Winter fair raised £1,240! Photos are in the shared album, password {p}. Thank you to all the "
        "volunteers.",
        "Court booking app: members now log in with their membership number; the clubhouse door code stays {p} until "
        "the new year.",
        "Choir parents - the rehearsal tracks are on our Dropbox page, password: {p} (please don't share outside the "
        "choir).",
        "1st Millbrook Scouts - OSM parent portal: your login email is {u}@example.net, your initial password is {p}; "
        "please update medical details before camp.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "pwmgr-export": [
        "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
        "Work,,note,Alarm instructions,See the laminated card,,0,,,,",
        "\"Group\",\"Title\",\"Username\",\"Password\",\"URL\"\n\"Root\",\"Router\",\"netops\",\"********\","
        "\"http://192.168.1.1\"",
        "1Password: Export will save your passwords in an unencrypted CSV file. Anyone with access to the file can "
        "read your passwords. Delete it after import.",
        "name,url,username,password,note\nbank.example,https://bank.example/login,j.doe,,never saved",
        "Bitwarden import failed: 'Invalid CSV: column login_password missing on row 14'. Check the header line "
        "matches the format.",
        "<String><Key>Password</Key><Value>{REF:P@I:46C9B1FFBD4ABC4BBB260C6190BAD20C}</Value></String>",
    ],
    "mail-reset": [
        "We received a request to reset your password. Click the link below to choose a new one; it expires in 60 "
        "minutes.\n[Reset password]\nIf you didn't ask for this, ignore this e-mail.",
        "> What's the new password?\nI'll phone you with it - not putting it in email.",
        "Your password was changed on 4 Dec 2026 at 10:14 from Firefox on Windows. If this wasn't you, secure your "
        "account.",
        "Temporary password: <sent separately by SMS>\nUsername: j.doe",
        "New passwords must be 14+ characters, contain no part of your name, and not match your last 24 passwords.",
        "Subject: Fwd: hash from the old CRM\n\nuser: k.berg\npassword_hash: "
        "$2y$12$Qk7J9tWc0xR3mB8nZ1pLrOeYvH6sD4aGfT2uI5oE9wK3jN7cX1bVq",
    ],
    "sms-pager": [
        "EXAMPLEBANK will never ask for your PIN or password by text. Report suspicious messages to 7726.",
        "[P3] PAGE: disk 91% on log-02. Runbook: https://wiki.example/runbooks/disk-full",
        "{\"sid\": \"SM0c7e1a9b3f25\", \"body\": \"Your password has been reset. If this wasn't you, call us.\", "
        "\"status\": \"sent\"}",
        "PAGER 0412 09:15 ON-CALL: LOGIN FAILURES SPIKE ON SSO (PASSWORD SPRAY SUSPECTED) SEE SIEM CASE 2291",
        "Mum: what was the password for the garage app again?\nMe: it's in the family notes app, under 'house'",
        "Open the app to approve the sign-in request from Chrome on Windows. Not you? Tap Deny.",
    ],
    "ftp-client": [
        "<Server><Host>ftp.printshop.example</Host><Port>21</Port><User>uploads</User><Logontype>2</Logontype>"
        "<Name>Ask each time</Name></Server>",
        "[Sessions\\deploy@sftp.partner.example]\nHostName=sftp.partner.example\nUserName=deploy\n"
        "PublicKeyFile=C:\\Users\\deploy\\.ssh\\partner.ppk\nFSProtocol=2",
        "sshpass -f ~/.config/partner.pass sftp deploy@sftp.partner.example",
        "$ lftp -u uploads sftp://files.partner.example\nPassword: \nlftp uploads@files.partner.example:~>",
        "curl --netrc-file ~/.netrc-ftp -T weekly.csv ftp://ftp.vendor.example/incoming/",
        "FileZilla stores site passwords base64-encoded unless you set a master password under Settings > Interface; "
        "set one on shared PCs.",
    ],
    "guest-wifi": [
        "Wi-Fi: Miramar_Guest (open network) - accept the terms on the welcome page; your room number and surname "
        "log you in.",
        "WIFI:T:nopass;S:Library-Open;;",
        "The Wi-Fi password is on the card in your room, next to the TV remote.",
        "WPA2 passphrases must be 8 to 63 printable ASCII characters.",
        "$ nmcli --ask dev wifi connect Library-Visitors",
        "Guest network SSID: DevSummit-Guest | Security: WPA2-Enterprise, sign in with your registration e-mail and "
        "badge number",
    ],
    "hr-onboarding": [
        "On your first day IT will help you set your password at the service desk; please bring photo ID.",
        "Initial password: <set by you at first login via the activation link>",
        "Checklist item: [ ] Complete security training (module 3: choosing a strong password)",
        "Employee ID 004417, cost centre 7310, start date 2026-12-07.",
        "Ihr Startpasswort erhalten Sie am ersten Arbeitstag persönlich von der IT.",
        "Reminder: never share your password with colleagues, including your onboarding buddy.",
    ],
    "school-portal": [
        "Enrolment key: ask your teacher in class (it changes every term).",
        "Student passwords start as the date of birth in DDMMYYYY form - change it at first login.",
        "Login slip\nName: ____________\nUsername: ____________\nPassword: ____________",
        "Safe Exam Browser config file: SEB_MathsPaper2.seb (the quiz password is entered by the invigilator).",
        "Forgotten your library PIN? Bring your card to the desk and we will reset it.",
        "Clever badge: students scan their badge instead of typing a password.",
    ],
    "ansible-inventory": [
        "ansible_password: \"{{ vault_win_admin_password }}\"",
        "[windows:vars]\nansible_user=svc_ansible\nansible_connection=winrm\nansible_winrm_transport=kerberos",
        "$ ansible-playbook site.yml -i inventory --ask-pass --ask-become-pass",
        "ansible_become_password: \"{{ lookup('community.hashi_vault.hashi_vault', 'secret=kv/data/db01:become') }}\"",
        "kiosk-01 ansible_host=10.1.7.1 ansible_ssh_private_key_file=~/.ssh/kiosk_ed25519",
        "TASK [Set local admin password] ****************\nok: [fs01.corp.example] => (item=None)\nchanged: "
        "[fs02.corp.example] => (item=None)",
    ],
    "ticket-macro": [
        "Macro 'Password reset - self-service': Hi {{ticket.requester.first_name}}, you can reset your password "
        "yourself at https://passwordreset.example.com - we can't send passwords over tickets.",
        "Work notes: user locked out, unlocked account, password NOT reset (user remembered it).",
        "Jira automation: when a comment contains 'password', mask the comment and notify the ticket owner.",
        "Temp pw: [REDACTED by DLP]",
        "SLA breached on HD-20931 (P3, Password reset) - 4h 12m",
        "{\"name\": \"Reset - intranet\", \"text\": \"Hi {{ticket.requester.name}}, we've sent the temporary "
        "password to your manager's phone.\"}",
    ],
    "club-newsletter": [
        "Match photos are in the members' area: log in with the password from the welcome e-mail you got when you "
        "joined.",
        "Reminder: the club will never ask for your online banking password when collecting subs.",
        "Clubhouse door code: ask a committee member (it changed after the break-in).",
        "Choir rehearsal tracks: password protected - see the WhatsApp group description.",
        "OSM parent portal login: your e-mail address and a password you choose (minimum 8 characters).",
        "Subs for the spring term are £45 - sort code 20-00-00, reference SWIM-SURNAME.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=DOG_BREEDS, leet=CONSTELLATIONS, leet_swaps=LEET, leet_ends="!*+=^~", passphrase=LANDFORMS,
    letters=(CHEESES, VEGETABLES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
