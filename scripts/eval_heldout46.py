#!/usr/bin/env python3
"""Held-out set 46: passwords in removals firms, food banks, seaweed farms, harbourmasters' offices, bridal shops,
sign-makers, brickworks, lawn-bowls clubs, petrol stations, and Uyghur and Igbo chat.

Written on 2026-12-07 (helper set46) on main b67f1f4 (whose addons/ and rules/ are 970484d's), before any detection
change it measures (prose63 was tuning the detector on set 45 at the same time), by a helper that read neither
addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py, nor
tests/stream/, nor scripts/eval_languages.py, nor tests/data/languages/, nor any other helper's branch or worktree, nor
any set's misses), and read set 45 only for its layout, scoring interface and word-list form, and sets 20-44 only for
their carrier lists. Sets 1-45 (and tests/data/heldout, heldout2) were grepped for every carrier, language, tool, code
call, config shape, JSON wrapper key and word-list word below; what the grep found was dropped: a scrapyard (set 31's
waste weighbridges) as a carrier; plink, pscp, ipmitool, `upsd.users`, beeline, clickhouse-client, zmprov, VBoxManage,
vsql, hostapd, `mount -t cifs`, `oc login`, `vault login`, `nmcli`, `redis-cli` and `kcat` as shapes; pysmb's
`SMBConnection`, exchangelib's `Credentials`, `keyring.set_password`, hvac, `Net::SSH`, `ldap_bind` and `poplib` as code
calls; odoo.conf `admin_passwd`, `.nmconnection`/`psk=`, upsmon, `chap-secrets`, `pap-secrets`, `rpc-password` and
icecast as configs; the old coins (set 44: farthing, groat, florin, ducat ...), the shorebirds (sets 15, 23, 35, 38),
the knots and ships (sets 19, 25, 42, 43), kelp, wrack and nori, nijinsky, hyperion, portland, shannon and malin for the
word lists.
Uyghur and Igbo occur in no earlier set (nor as Uighur, ئۇيغۇر, Asụsụ Igbo; nor do Uyghur's ۈ ۆ ڭ ە or Igbo's ị ụ ṅ
occur in any set; ې occurs only in set 43's Pashto). Uyghur in its Arabic script, the value first as a Uyghur writer
puts it before the noun it names: "X ئاشخانىنىڭ يېڭى كومپيۇتېر پارولى" ("X is the restaurant's new computer password"),
"u ئىشلەتكۈچى نامى ۋە X پارولى بىلەن كىرىڭ" ("log in with the user name u and the password X"), "X نى سوغۇق ئامبارنىڭ
قۇلۇپ نومۇرى قىلىپ ئىشلىتىڭ" ("use X as the cold store's lock number"); Igbo with its dotted vowels, the value first
before `bụ`: "X bụ okwuntughe ọhụrụ nke kọmputa ụlọ ahịa" ("X is the new password of the shop computer"), "site na aha
njirimara u na okwuntughe X" ("with the user name u and the password X"), "Jiri X dịka koodu mkpọchi" ("use X as the
lock code"). English carriers put the value first too, as people write it: "X is the password they ask for", "X will get
you in", "X gets you into the berthing-plan PC", "X opens the appointments iPad", "Use X to get in", "Password? X."
The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): removals (a yard
note with the value first, a storage-system e-mail "X will get you in", a van-tracker log line, megatools' `megals -u
-p`, asyncssh's `connect(host, username=, password=)`, a `levee`/`pannier` JSON); food bank (a rota note "Password? X.",
a surplus-portal e-mail, a referral-system ticket, `nextcloudcmd --user --password`, a Dolibarr conf.php
`$dolibarr_main_db_pass='X';`, a `conclave`/`tote` JSON); seaweed farm (a drying-shed note "Use X to get in", a
licence-portal e-mail with `Temporary password:`, a buoy-gateway log line, `emqx ctl admins add user password
description`, stomp.py's `conn.connect(user, passcode)` positional, a `potlatch`/`bindle` JSON); harbourmaster (an
office note "X gets you into", a port-dues e-mail, a radio log, `ibmcloud login -u -p`, a wvdial.conf `Password =`, a
`gathering`/`valise` JSON); bridal shop (a fitting-room note "X opens the iPad", a trade-portal e-mail, an SMS,
`imapsync --user1 --password1`, yagmail's `SMTP(user, password)` positional, a `soiree`/`carpetbag` JSON); sign-maker (a
workshop note, an upload-account e-mail with `Password:`, a RIP-spool log line, `smbmap -u -p`, pypsrp's `Client(host,
username=, password=)`, a `muster`/`duffel` JSON); brickworks (a dryer-room note "X -- user u", a haulage e-mail, a
tunnel-kiln log line, `elasticsearch-users useradd u -p`, a Redmine database.yml `password: "X"`, a `symposium`/`scrip`
JSON); lawn-bowls club (a clubhouse note, a league-site e-mail "sign in as u with X", a ticket, `grafana-cli admin
reset-admin-password X`, pyocclient's `oc.login(user, password)` positional, a `wassail`/`gladstone` JSON); petrol
station (a kiosk note with the value first, a fuel-card e-mail "use X to sign in", a pump-controller log line, `doveadm
pw -u -p`, a ZoneMinder conf.d `ZM_DB_PASS=`, a `frolic`/`billycan` JSON); Uyghur and Igbo chat (a restaurant or shop
computer's password, the orders mailbox's login, a lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a famous racehorse's name with a
year or digits and a symbol, or two run together with digits), leetspeak sea areas (never the first letter) with digits
and a symbol, passphrases of three to five castle parts (blanks, hyphens, dots, or capitalised and run together with a
digit), generated 12-24 characters (most with symbols, a letter first), letters only (an edible seaweed and a small boat
joined in four casings), and PINs of 4-8 digits; drawn from random.Random(46) in a fixed order, so the set is the same
on every run. Hard negatives (60, six per carrier) of the kinds the brief names: password rules and policies, "reset
your password" and "forgot password" remarks, placeholders (`<new-password>`, `changeme` from a package, an empty `''`
an installer fills in), hashes named as such (a bcrypt `password_hash`, a firmware sha256), field labels (`Password:
______`, `Password: [   ]`, a masked field), commands that need no password typed (`megals --config`, `nextcloudcmd -n`,
`ibmcloud login --sso`, `smbmap` as guest, `elasticsearch-users list`, `grafana-cli plugins ls`, `doveadm pw` at the
prompt, imapsync with pass files), values read elsewhere (an asyncssh key, stomp from the environment, yagmail with
OAuth2, pypsrp with Kerberos, Redmine's ERB `ENV[...]`, pyocclient from an ini file, a wvdial.conf without its login),
records (an inventory, a parcel list, a harvest return, a berthing plan, a fitting card, a job sheet, a firing record, a
rink sheet, a shift report) and notices; in the chat a password rule, a delivery time, a changed-password remark with no
value, a shop's telephone number, a holiday closing, and an order number put first as a password would be ("KA-3390 bụ
nọmba order gị"). Same scoring as sets 3-45 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main b67f1f4, whose addons/ and rules/ are 970484d's: `git diff 970484d b67f1f4 -- addons
rules` is empty), scored once, before any change it measures and without listing its misses, by the helper set46 that
wrote it (`scripts/eval_heldout46.py` at fb3bfa0, 2026-12-07 21:48 UTC, load 8.2): password recall 197/300 = 0.657; hard
negatives hit 3/60 (removals 22/30, food-bank 27/30, seaweed-farm 20/30, harbourmaster 20/30, bridal-shop 10/30,
sign-maker 26/30, brickworks 18/30, bowls-club 21/30, petrol-station 26/30, ug-ig-chat 7/30; human 34/50, leet 34/50,
passphrase 34/50, generated 36/50, letters 25/50, pin 34/50; negatives hit: bridal-shop 1/6, petrol-station 1/6,
ug-ig-chat 1/6, 0/6 in the other seven). Scored a second time, counts only, with the opt-in rule file loaded beside
rules/ (`--extra-rules rules/opt-in/value-first.yaml`: 413 rules, not 412; 21:48 UTC, load 8.4): the same counts in
every row, 197/300 = 0.657, 3/60. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout46.py [--json] [--extra-rules rules/opt-in/value-first.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 46"
SEED = 46

RACEHORSES = ("arkle", "shergar", "frankel", "denman", "aldaniti", "sceptre", "brigadier", "kauto")
SEA_AREAS = ("cromarty", "fastnet", "rockall", "trafalgar", "fitzroy")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "g": "9", "b": "8"}
CASTLE_PARTS = ("bailey", "motte", "portcullis", "barbican", "merlon", "crenel", "postern", "drawbridge", "gatehouse",
                "machicolation", "embrasure", "arrowslit", "donjon", "glacis", "ravelin", "barmkin")
SEAWEEDS = ("dulse", "laver", "carrageen", "kombu", "oarweed", "thongweed")
BOATS = ("yawl", "lugger", "coble", "skiff", "dory", "coracle", "curragh", "wherry")
# No quote, backslash, comma, colon, semicolon, brace, bracket, parenthesis, angle bracket, pipe, percent, hash, caret,
# ampersand, dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON
# strings, Python literals, the quoted database.yml and single-quoted conf.php values, the wvdial.conf and ZoneMinder
# lines, the bare arguments of the shell lines). Blanks come only in passphrases, which no bare argument takes (the
# fourth template of each carrier never draws one).
HUMAN_SYMBOLS = "!*.+=_-~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("dougie.f", "shona.k", "brenda.h", "wilma.g", "lachie.d", "nigel.b", "anil.r", "gulnar.a", "chidi.o",
         "ngozi.e")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling. The
# fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "removals": [
        "Yard note: the van tablets log out every night. {p} is the password they ask for, driver login {u}. Piano "
        "straps go in van 3.",
        "Subject: container storage system\n\nHi Dougie,\nthe storage system now has a login for you: {u}. {p} will "
        "get you in for now; change it at first sign-in.\n\nDepot Office",
        "2026-12-07 07:41:03 vantrack[1184] crew tablet VAN-3 paired by {u} with password {p}",
        "megals -u {u}@removals.example -p {p} /Root/surveys",
        "import asyncssh\nasync with asyncssh.connect(\"depot-nas.removals.example\", username=\"{u}\", "
        "password=\"{p}\") as conn:\n    await conn.run(\"ls /backups/inventories\")",
        "{\"levee\": \"book_move\", \"pannier\": {\"from\": \"12 Elm Row\", \"to\": \"3 Quay Street\", \"crates\": "
        "40, \"foreman\": \"{u}\", \"foreman_pass\": \"{p}\"}}",
    ],
    "food-bank": [
        "Rota note: the stock laptop's login is {u}. Password? {p}. Tins to the left racks, dried pasta to the "
        "right.",
        "Subject: supermarket surplus portal\n\nDear Wilma,\nthe surplus-food portal has given the food bank a "
        "collection account: {u}, password {p}. Book the Thursday pickups there.\n\nPartnerships",
        "FB-1207 | referral system | {u} locked out on Monday; password reset to {p} by the coordinator.",
        "nextcloudcmd --user {u} --password {p} /home/rota/foodbank https://cloud.foodbank.example",
        "<?php\n// /var/www/dolibarr/htdocs/conf/conf.php\n$dolibarr_main_db_host='db.foodbank.example';\n"
        "$dolibarr_main_db_name='stock';\n$dolibarr_main_db_user='{u}';\n$dolibarr_main_db_pass='{p}';",
        "{\"conclave\": \"log_parcel\", \"tote\": {\"household\": 4, \"parcels\": 2, \"referral\": \"RF-3391\", "
        "\"volunteer\": \"{u}\", \"volunteer_pwd\": \"{p}\"}}",
    ],
    "seaweed-farm": [
        "Drying-shed note: the dehumidifier controller locked itself again. Use {p} to get in (user {u}). Kelp "
        "lines 4-6 harvest Tuesday.",
        "Subject: harvest licence portal\n\nHi Shona,\nthe licensing portal has set up an account for the farm: "
        "{u}.\nTemporary password: {p}\nUpload the harvest return by the 20th.\n\nLicensing",
        "Dec 07 05:58:12 buoy-gw[402]: line sensor L-5 re-registered by {u}, password {p}",
        "emqx ctl admins add {u} {p} \"buoy gateway\"",
        "import stomp\nconn = stomp.Connection([(\"mq.seaweed.example\", 61613)])\n"
        "conn.connect(\"{u}\", \"{p}\", wait=True)",
        "{\"potlatch\": \"log_harvest\", \"bindle\": {\"species\": \"sugar kelp\", \"line\": \"L-5\", \"wet_kg\": "
        "380, \"harvester\": \"{u}\", \"harvester_passcode\": \"{p}\"}}",
    ],
    "harbourmaster": [
        "Harbour office note: {p} gets you into the berthing-plan PC, login {u}. The dredger comes in on the "
        "morning tide.",
        "Subject: port dues system\n\nDear Lachie,\nyour account on the port dues system is {u}. The password is "
        "{p}; please change it the first time you log in.\n\nPort Finance",
        "Radio log 06:40 | CH12 | pilot boat | {u} asked for the AIS console password; given as {p}",
        "ibmcloud login -a https://cloud.ibm.com -u {u} -p {p} -r eu-gb",
        "# /etc/wvdial.conf\n[Dialer tidegauge]\nModem = /dev/ttyUSB0\nInit1 = ATZ\nPhone = *99#\nUsername = {u}\n"
        "Password = {p}",
        "{\"gathering\": \"assign_berth\", \"valise\": {\"vessel\": \"MV Skerry\", \"loa_m\": 62, \"berth\": 1, "
        "\"officer\": \"{u}\", \"officer_passwd\": \"{p}\"}}",
    ],
    "bridal-shop": [
        "Fitting-room note: {p} opens the appointments iPad (account {u}). Veils are in the second drawer.",
        "Subject: designer trade portal\n\nHi Brenda,\nwelcome to the designer's trade portal. Your login is {u} and "
        "your password {p}. Sample-gown orders close on the 15th.\n\nTrade Team",
        "BRIDAL: the booking app password for {u} is {p}. We never ask for it by phone.",
        "imapsync --host1 mail.oldhost.example --user1 {u} --password1 {p} --host2 mail.bridal.example --user2 {u} "
        "--passfile2 /root/.imap2",
        "import yagmail\nyag = yagmail.SMTP(\"{u}\", \"{p}\")\n"
        "yag.send(\"orders@designer.example\", \"Gown order GW-204\", \"Size 12, ivory\")",
        "{\"soiree\": \"book_fitting\", \"carpetbag\": {\"bride\": \"B. Ross\", \"gown\": \"GW-204\", \"fitting\": 2, "
        "\"stylist\": \"{u}\", \"stylist_password\": \"{p}\"}}",
    ],
    "sign-maker": [
        "Workshop note: the vinyl cutter's PC wants a login after the update. User {u}, and {p} is the password. Van "
        "livery for Quay Motors due Friday.",
        "Subject: print-file upload\n\nHello Wilma,\nyour upload account for the large-format printer is ready.\n"
        "Login: {u}\nPassword: {p}\nFiles over 2 GB go by the other link.\n\nPrint Support",
        "2026-12-07 11:20:44 rip-spool[915] job 'QUAY-MOTORS-LIVERY' released by {u} (password {p})",
        "smbmap -H rip-pc.signs.example -u {u} -p {p} -r Jobs",
        "from pypsrp.client import Client\nclient = Client(\"rip-pc.signs.example\", username=\"{u}\", "
        "password=\"{p}\", ssl=False)\nclient.execute_ps(\"Get-PrintJob -PrinterName Roland\")",
        "{\"muster\": \"cut_sign\", \"duffel\": {\"job\": \"Q-771\", \"vinyl\": \"cast gloss black\", \"width_mm\": "
        "4000, \"cutter\": \"{u}\", \"cutter_pw\": \"{p}\"}}",
    ],
    "brickworks": [
        "Dryer-room note: the setting machine's panel asks for a password after every trip. {p} -- user {u}. Kiln 2 "
        "firing until Thursday.",
        "Subject: haulage booking\n\nDear Nigel,\nthe haulier has set up a booking account for the works: {u}. Your "
        "password is {p} until you change it.\n\nHaulage Desk",
        "2026-12-07 02:15:37 tunnel-kiln[2210] firing curve 'Red-Multi' changed by {u}, password {p} accepted",
        "elasticsearch-users useradd {u} -p {p} -r viewer",
        "# /opt/redmine/config/database.yml\nproduction:\n  adapter: mysql2\n  database: redmine\n"
        "  host: db.brickworks.example\n  username: {u}\n  password: \"{p}\"",
        "{\"symposium\": \"log_firing\", \"scrip\": {\"kiln\": 2, \"car\": 118, \"peak_c\": 1060, \"burner\": "
        "\"{u}\", \"burner_secret\": \"{p}\"}}",
    ],
    "bowls-club": [
        "Clubhouse note: the bar till wants a login after a power cut: {u}, and {p} is the password. Rinks 1-3 "
        "closed for scarifying.",
        "Subject: league results site\n\nHi Jean,\nI've made you an editor on the league results site. Sign in as "
        "{u} with {p} and post Saturday's scores.\n\nFixtures Secretary",
        "BOWLS-44 | clubhouse camera | {u} can't log in since the update; password now {p}.",
        "grafana-cli admin reset-admin-password {p}",
        "import owncloud\noc = owncloud.Client(\"https://cloud.bowlsclub.example\")\noc.login(\"{u}\", \"{p}\")\n"
        "oc.put_file(\"fixtures/2027.xlsx\", \"fixtures.xlsx\")",
        "{\"wassail\": \"enter_score\", \"gladstone\": {\"rink\": 2, \"ends\": 21, \"shots_for\": 18, \"skip\": "
        "\"{u}\", \"skip_password\": \"{p}\"}}",
    ],
    "petrol-station": [
        "Kiosk note: {p} is the back-office PC password, login {u}. Pump 4's nozzle sticks; tell the engineer.",
        "Subject: fuel card portal\n\nDear Anil,\nyour site's account on the fuel-card portal is {u}. Use {p} to "
        "sign in the first time, then choose your own.\n\nCard Services",
        "Dec 07 23:04:51 pumpctl[660]: pump 4 price table unlocked by {u} with password {p}",
        "doveadm pw -s SHA512-CRYPT -u {u} -p {p}",
        "# /etc/zm/conf.d/99-forecourt.conf\nZM_DB_HOST=localhost\nZM_DB_NAME=zm\nZM_DB_USER={u}\nZM_DB_PASS={p}",
        "{\"frolic\": \"set_price\", \"billycan\": {\"grade\": \"diesel\", \"ppl\": 142.9, \"pumps\": [1, 2, 3, 4], "
        "\"manager\": \"{u}\", \"manager_password\": \"{p}\"}}",
    ],
    "ug-ig-chat": [
        "ياخشىمۇسىز {u}! {p} ئاشخانىنىڭ يېڭى كومپيۇتېر پارولى. ھېچكىمگە دېمەڭ.",
        "زاكاز ئېلخېتىگە {u} ئىشلەتكۈچى نامى ۋە {p} پارولى بىلەن كىرىڭ، ئاندىن پارولنى ئۆزگەرتىڭ.",
        "{p} نى سوغۇق ئامبارنىڭ قۇلۇپ نومۇرى قىلىپ ئىشلىتىڭ. ھېچ يەرگە يېزىپ قويماڭ.",
        "Ndewo {u}! {p} bụ okwuntughe ọhụrụ nke kọmputa ụlọ ahịa. Agwala onye ọ bụla.",
        "Banye n'akaụntụ email ụlọ ahịa site na aha njirimara {u} na okwuntughe {p}, wee gbanwee okwuntughe ahụ "
        "ozugbo.",
        "Jiri {p} dịka koodu mkpọchi ụlọ nkwakọba ihe. Edela ya ebe ọ bụla.",
    ],
}

# Six per carrier: the same kinds of text giving no password (a record, a spec or schedule, a command that needs no
# password typed, a value read from elsewhere or a placeholder, a rule, a reset remark, a hash or a field label).
NEGATIVES: dict[str, list[str]] = {
    "removals": [
        "Inventory | job RM-5521 | 38 boxes | upright piano | 2 wardrobes | 3rd floor, no lift",
        "Van check: tyres 38 psi | straps x 12 | blankets x 40 | sack truck | piano board",
        "megals --config ~/.megarc /Root/surveys   # account and password kept in ~/.megarc",
        "conn = await asyncssh.connect(\"depot-nas.removals.example\", username=\"backup\", "
        "client_keys=[\"~/.ssh/depot_ed25519\"])",
        "Storage system: Password: ______________ (12 characters or more; you choose it at first sign-in)",
        "Notice: our crews never ask customers for alarm codes or door passwords by text.",
    ],
    "food-bank": [
        "Parcel list | family of 4 | 3 days | cereal x2 | tinned fish x3 | UHT milk x4 | pasta x2",
        "Stock count: beans 412 tins | soup 288 | rice 96 kg | nappies size 4: 30 packs",
        "nextcloudcmd -n /home/rota/foodbank https://cloud.foodbank.example   # -n: the login comes from ~/.netrc",
        "$dolibarr_main_db_pass='';  // left empty in the template: the installer writes it",
        "Referral system: Password: [            ]  Confirm password: [            ]",
        "Volunteers: reset your password from the link on the sign-in page; the coordinator can't see it.",
    ],
    "seaweed-farm": [
        "Harvest return | line L-5 | sugar kelp | 380 kg wet | 41 kg dried | 2026-12-02",
        "Drying schedule: 35 C for 18 h | moisture target 12% | turn the racks at 6 h",
        "emqx ctl admins passwd admin <new-password>   # runbook template: type your own",
        "conn.connect(os.environ[\"MQ_USER\"], os.environ[\"MQ_PASS\"], wait=True)",
        "Licence portal: your password must be 12+ characters and is changed every 180 days.",
        "Boat notice: lifejackets on past the pontoon; radio check on channel 16 at 07:00.",
    ],
    "harbourmaster": [
        "Berthing plan | berth 1 MV Skerry 62 m | berth 2 dredger | berth 3 free until 14:00",
        "Tide: HW 05:51 5.2 m | LW 12:04 0.7 m | dock gates open HW -2 h to HW +1 h",
        "ibmcloud login --sso -r eu-gb   # a one-time code from the browser, no password typed",
        "# /etc/wvdial.conf\n[Dialer tidegauge]\nModem = /dev/ttyUSB0\nPhone = *99#\nStupid Mode = 1\n"
        "; no Username or Password lines: the SIM's APN takes none",
        "Port dues system: passwords need 12 characters with a number; after 5 failed tries call Port Finance.",
        "Notice to mariners 41/26: buoy HR-3 off station; keep 50 m clear until further notice.",
    ],
    "bridal-shop": [
        "Fitting card | B. Ross | gown GW-204 ivory | size 12 | 3 fittings | hem and bustle",
        "Appointments: Tue-Sat 10:00-17:00 | 90 minutes each | 4 guests at most",
        "imapsync --host1 mail.oldhost.example --user1 orders --passfile1 /root/.imap1 --host2 mail.bridal.example "
        "--user2 orders --passfile2 /root/.imap2",
        "yag = yagmail.SMTP(\"orders@bridal.example\", oauth2_file=\"~/oauth2_creds.json\")",
        "Trade portal export | user B.Ross | password_hash (bcrypt) "
        "$2b$12$qA4qW0uPXaj3TpFFrqdD2gFld56JHlXEWAc44Jr3ihSTpTiFOpKLi | 2FA on",
        "Reminder: after the update the booking app will ask you to reset your password.",
    ],
    "sign-maker": [
        "Job sheet | QUAY-MOTORS-LIVERY | 3 vans | cast vinyl, gloss | fitting 2026-12-11",
        "Cutter settings: blade 45 deg | force 120 g | speed 40 cm/s | offset 0.25 mm",
        "smbmap -H rip-pc.signs.example -u guest -r Public   # the guest share: no password",
        "client = Client(\"rip-pc.signs.example\", auth=\"kerberos\")  # the logged-in ticket, no password in the "
        "script",
        "Upload account: the Password field shows ••••••••; use 'Forgot password' to choose a new one.",
        "Quote Q-771: fascia 4000 x 600 mm, built-up letters, fitting included.",
    ],
    "brickworks": [
        "Firing record | kiln 2 | car 118 | peak 1060 C | soak 6 h | cooling 48 h",
        "Clay mix: 70% marl | 20% fireclay | 10% grog | moisture 18%",
        "elasticsearch-users list   # names and roles only; passwords are never shown",
        "# /opt/redmine/config/database.yml\nproduction:\n  adapter: mysql2\n  database: redmine\n  host: localhost\n"
        "  username: redmine\n  password: <%= ENV['REDMINE_DB_PASSWORD'] %>",
        "Haulage desk: a password is 10+ characters with a number; you'll be asked to change it every 90 days.",
        "Pallet label | 500 bricks | Red Multi 65 mm | batch 26-118 | 1.2 t",
    ],
    "bowls-club": [
        "Rink sheet | Saturday | rink 1: Smith v Grant | rink 2: Muir v Reid | start 14:00",
        "Green schedule: cut Mon and Thu at 5 mm | scarify in March | closed 1 Oct - 1 Apr",
        "grafana-cli plugins ls   # lists plugins; needs no admin password",
        "oc.login(config[\"cloud\"][\"user\"], config[\"cloud\"][\"password\"])  # both from clubcloud.ini",
        "League site: editors set their own password from the invitation e-mail; the secretary never sees it.",
        "Membership card | full member | No. 214 | season 2027 | locker 9",
    ],
    "petrol-station": [
        "Shift report | pumps 1-6 | 4,812 l unleaded | 2,390 l diesel | card 92% | cash 8%",
        "Pump firmware 4.2.1 | sha256 7bada2b9fced0bb4e34aa9d681f5cd670034ae38c2f46c5c6e7367bfd3d53123 | signed",
        "doveadm pw -s SHA512-CRYPT   # asks for the password twice at the prompt; nothing on the line",
        "# /etc/zm/conf.d/99-forecourt.conf\nZM_DB_HOST=localhost\nZM_DB_USER=zmuser\n"
        "ZM_DB_PASS=changeme   # the package's placeholder, set during install",
        "Fuel card portal: passwords are case-sensitive and 12 characters at least; 5 wrong tries lock the card.",
        "Tank dip: T1 unleaded 18,200 l | T2 diesel 11,950 l | T3 super 6,400 l | delivery Wednesday",
    ],
    "ug-ig-chat": [
        "يېڭى پارولدا كەم دېگەندە 10 ھەرپ ۋە بىر سان بولۇشى كېرەك.",
        "ماللار جۈمە كۈنى سائەت 9 دا كېلىدۇ.",
        "پارولنى تۈنۈگۈن ئۆزگەرتتىم، خاتىرجەم بولۇڭ.",
        "Nọmba ekwentị ụlọ ahịa bụ 0803 555 0142.",
        "Ụlọ ahịa ga-emechi na Mọnde n'ihi ezumike.",
        "KA-3390 bụ nọmba order gị.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=RACEHORSES, leet=SEA_AREAS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=CASTLE_PARTS,
    letters=(SEAWEEDS, BOATS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
