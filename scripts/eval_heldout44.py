#!/usr/bin/env python3
"""Held-out set 44: passwords in cheesemongers, marionette theatres, catteries, fishmongers, botanic gardens,
osteopaths, yoga studios, velodromes, youth hostels, and Burmese and Breton chat.

Written on 2026-12-07 (helper set44) on main ce29d5c, before any detection change it measures (prose61 was tuning
the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/ (nor any
test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py, nor
tests/data/languages/, nor the branch prose61, nor any set's misses), and read set 43 only for its layout, scoring
interface and word-list form, and sets 20-43 only for their carrier lists. Sets 20-43 were grepped for every
carrier, language, tool, code call, config shape and JSON wrapper key below, and sets 1-43 for the word-list words;
what the grep found was dropped: dental labs, ferries, beekeeping, bookbinding, clock repair, potteries, falconry,
mushroom farms, farriers, saddlers and bell foundries as carriers; Slovenian as a language; snmpwalk, ldapwhoami,
lynx, aria2c, skopeo, argocd, `cf login`, `oc login`, `vault login`, rpcclient, racadm, beeline and `isql` as shapes;
pysmb's SMBConnection, ldap3, pymysql, `DriverManager.getConnection`, Go's `smtp.PlainAuth`, PHP's `ldap_bind`,
`Net::SMTP`, `Net::IMAP`, lettre and `URLCredential` as code calls; NUT's upsd.users, a chap-secrets file, cntlm,
`auth-user-pass`, deluge and `.credentials` files as configs; `parcel`, `bundle`, `tournament`, `pilgrimage`,
`expedition`, `basket`, `recital`, `gala`, `matinee` and `creel` as wrapper keys; Merckx and the other cyclists,
cheeses, Bengal and Persian cats, the muses, sailors' knots, seashells, cloud types, mazurka, gavotte, fandango and
courante, the Stelvio, turbot, halibut, brill and hake, ducats, florins, doubloons, shillings and drachmas for the
word lists.
Burmese and Breton occur in no earlier set (nor under any other name: Myanmar, Brezhoneg). Burmese in its own script,
verb last, the value before its word with the topic particle as a Burmese writer puts it: "X က ဆိုင်ရဲ့ Wi-Fi
စကားဝှက်အသစ်ပါ" ("X is the shop's new Wi-Fi password"), "အသုံးပြုသူအမည် u နဲ့ စကားဝှက် X ကို သုံးပြီး ဝင်ပါ"
("log in using the user name u and the password X", the object particle `ကို` after the value), "X ကို ကုဒ်အဖြစ်
သုံးပါ" ("use X as the code"); Breton in its own spelling (KLT/peurunvan), the value fronted before `eo` as Breton
focuses it: "X eo ger-tremen nevez ar wifi" ("X is the new Wi-Fi password"), "gant an anv-implijer u hag ar
ger-tremen X" ("with the user name u and the password X"), "Implijit X evel kod evit prenn ar sanailh" ("use X as
the code for the storeroom's lock"). English carriers put the value first too, as people write it: "{p} is what it
wants", "use {p} as the password", "{p} -- that's the door code".
The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): cheesemonger
(a cave-room note with the value first, a wholesaler e-mail "use X as the password", a till SMS, `zmprov -a -p`,
Python `jaydebeapi.connect(class, url, [user, password])` with the login as a list, a `fiesta`/`pouch` JSON);
marionette theatre (a workshop note "X -- that's the password", a festival e-mail, a lighting-desk log line, a
Teradata `bteq` `.logon host/user,password` heredoc, python-jenkins `Jenkins(url, user, password)` positional, a
`masquerade`/`hatbox` JSON); cattery (a pen-room note, a vet-portal e-mail with `Password:` on its own line, a
ticket, WebSphere `wsadmin.sh -user -password`, `ibm_db.connect(db, user, password)` positional, a
`festival`/`duffel` JSON); fishmonger (a counter chat answering with the value first, an auction-site e-mail, a
cold-room syslog line, `jboss-cli.sh --user= --password=`, python-wordpress-xmlrpc `Client(url, user, password)`
positional, a `symposium`/`portfolio` JSON); botanic garden (a glasshouse note "X is the password", a herbarium
e-mail, an irrigation log, `ovftool` with `vi://user:password@host`, an rsyncd.secrets `user:password` line, a
`jubilee`/`valise` JSON); osteopath (a treatment-room note, a booking-system e-mail "sign in as u with X", an SMS,
SQL Anywhere `dbisql -c "UID=...;PWD=..."`, an nslcd.conf `bindpw`, a `soiree`/`tote` JSON); yoga studio (a
front-desk note "use X as the password", a studio-software e-mail "u is the user name and X the password", a
ticket, `esxcli --username --password`, an sssd.conf `ldap_default_authtok = X`, a `cavalcade`/`holdall` JSON);
velodrome (a track-centre note "X -- that's the password", a federation e-mail, a timing-loop log line, `ilorest
login -u -p`, libpq's `PQsetdbLogin(host, port, opts, tty, db, user, password)` positional, an `encore`/`pannier`
JSON); youth hostel (a reception note "It's X", a booking-channel e-mail, a key-card log line, `openstack
--os-username --os-password`, a motion.conf `netcam_userpass user:password`, a `conclave`/`bindle` JSON); Burmese
and Breton chat (a shop's Wi-Fi password, an accounting program's login, a storeroom lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a clockmaker's or a ballet
dancer's name with a year or digits and a symbol, or two run together with digits), leetspeak dance names (never the
first letter) with digits and a symbol, passphrases of three to five old coins (blanks, hyphens, dots, or
capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters
only (an Alpine or Pyrenean pass and a cat breed joined in four casings), and PINs of 4-8 digits; drawn from
random.Random(44) in a fixed order, so the set is the same on every run. Hard negatives (60, six per carrier) in
shapes no earlier set's negatives took as far as the grep shows: a ripening log, a cheese board, a puppet
inventory, a show rota, a pen plan, a feeding chart, a catch record, an ice order, a plant label, a glasshouse
climate, a treatment note, a clinic rota, a class timetable, a mat count, a lap chart, a gear ratio, a bed chart, a
linen count; commands that need no password typed (`zmprov` as the zimbra user, `bteq` with Kerberos, `wsadmin` from
soap.client.props, `jboss-cli` local auth, `ovftool` with a session ticket, `dbisql` integrated login, `esxcli` with a
credential store, `ilorest login` prompting, `openstack --os-cloud`), values read elsewhere or left out
(`jaydebeapi` from the environment, python-jenkins from a keyring, `ibm_db` with an empty login (a local
connection), WordPress from a config, an rsyncd `secrets file` path, nslcd over SASL, sssd with GSSAPI, `PQsetdbLogin`
with NULL (a .pgpass), motion with no camera login), rules and hints (a password rule, a door-code notice, a
user-name form), and in the chat a password rule, a meeting time, an order number, a staff-never-ask warning, an
open guest Wi-Fi, a printer model. Same scoring as sets 3-43 (heldout_score.covered: a value counts when findings
that are not public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main ce29d5c; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set44 that wrote it (`scripts/eval_heldout44.py` at 736c6a0, 2026-12-07
15:21 UTC, load 1.9): password recall 177/300 = 0.590; hard negatives hit 1/60 (cheesemonger 9/30, marionette 12/30,
cattery 24/30, fishmonger 17/30, botanic-garden 22/30, osteopath 21/30, yoga-studio 22/30, velodrome 18/30,
youth-hostel 22/30, my-br-chat 10/30; human 32/50, leet 37/50, passphrase 27/50, generated 32/50, letters 19/50,
pin 30/50; negatives hit: velodrome 1/6, 0/6 in the other nine). Scored a second time, counts only, with the opt-in
rule file loaded beside rules/ (`--extra-rules rules/opt-in/value-first.yaml`: 412 rules, not 411; 15:21 UTC, load
2.0): the same counts in every row, 177/300 = 0.590, 1/60. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout44.py [--json] [--extra-rules rules/opt-in/value-first.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 44"
SEED = 44

MAKERS_AND_DANCERS = ("harrison", "breguet", "tompion", "earnshaw", "nijinsky", "nureyev", "fonteyn", "karsavina",
                      "baryshnikov")
DANCES = ("polonaise", "sarabande", "tarantella", "quadrille", "allemande")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "r": "2"}
OLD_COINS = ("guilder", "groat", "farthing", "sovereign", "thaler", "sestertius", "denarius", "obol", "kreuzer",
             "escudo", "pistole", "angel", "noble", "tanner", "guinea", "bezant")
PASSES = ("gavia", "tourmalet", "galibier", "izoard", "mortirolo", "aubisque")
CATS = ("manx", "korat", "birman", "ragdoll", "sphynx", "ocicat", "chartreux")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings,
# Python/C literals, a bteq `.logon host/user,password`, a dbisql `UID=..;PWD=..` string, the `user:password` of
# ovftool's URL, rsyncd.secrets and motion.conf, the bare arguments of the shell lines). Blanks come
# only in passphrases, which no bare argument takes (the fourth template of each carrier never draws one).
HUMAN_SYMBOLS = "!*.+=_-~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("colette.b", "marion.p", "tom.whiskers", "ned.slab", "ra.kew", "lee.spine", "asha.flow", "dee.banked",
         "desk.hostel", "kyaw.min")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling. The
# fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "cheesemonger": [
        "Cave-room note: the humidity logger signed itself out again. {p} is what it wants, account {u}. Turn the "
        "Comte wheels on Thursday.",
        "Subject: wholesaler ordering site\n\nHi Colette,\nthe affineur's trade site has an account for the shop: "
        "{u}. Use {p} as the password until you set your own.\n\nMarion",
        "SHOP: the till back-office password for {u} was reset to {p}. Reply NO if this wasn't you.",
        "zmprov -a {u} -p {p} -s mail.cheeseshop.example ga orders@cheeseshop.example",
        "import jaydebeapi\nconn = jaydebeapi.connect(\"org.h2.Driver\", \"jdbc:h2:tcp://db.cheeseshop.example/stock\","
        " [\"{u}\", \"{p}\"], \"/opt/h2/h2.jar\")",
        "{\"fiesta\": \"cut_order\", \"pouch\": {\"cheese\": \"Comte 24m\", \"grams\": 450, \"wrap\": \"wax paper\", "
        "\"monger\": \"{u}\", \"monger_password\": \"{p}\"}}",
    ],
    "marionette": [
        "Workshop note: {p} -- that's the password for the stringing-bench laptop (login {u}). Punch's left hand "
        "needs a new control bar.",
        "Subject: puppetry festival portal\n\nDear company,\nyour login for the festival's booking portal is {u}. "
        "The password is {p}; upload the tech rider by Friday.\n\nFestival Office",
        "2026-12-07 19:41:07 lx-desk[1184] show file 'Petrushka' unlocked by {u} (password {p})",
        "bteq <<'EOF'\n.logon td.marionette.example/{u},{p}\nSELECT COUNT(*) FROM tickets.seats;\n.logoff\nEOF",
        "import jenkins\nserver = jenkins.Jenkins(\"https://ci.marionette.example\", \"{u}\", \"{p}\")\n"
        "server.build_job(\"surtitles\")",
        "{\"masquerade\": \"restring_puppet\", \"hatbox\": {\"puppet\": \"Petrushka\", \"strings\": 11, "
        "\"gauge\": \"0.4 mm\", \"maker\": \"{u}\", \"maker_password\": \"{p}\"}}",
    ],
    "cattery": [
        "Pen-room note: the heating controller wants a login after the power cut. User {u}; {p} is the password. "
        "Pen 7 (Mr Whiskers) gets his drops at 8.",
        "Subject: vet portal account\n\nDear Tom,\nyour practice-partner account on the vet portal is open.\n"
        "User name: {u}\nPassword: {p}\nVaccination records now upload by themselves.\n\nVet Portal Team",
        "CAT-0418 | pen webcam recorder | {u} locked out after the update; password set to {p} for now.",
        "/opt/IBM/WebSphere/AppServer/bin/wsadmin.sh -lang jython -user {u} -password {p} -f deploy_booking.py",
        "import ibm_db\nconn = ibm_db.connect(\"CATTERY\", \"{u}\", \"{p}\")",
        "{\"festival\": \"book_pen\", \"duffel\": {\"pen\": 7, \"cat\": \"Mr Whiskers\", \"nights\": 9, "
        "\"keeper\": \"{u}\", \"keeper_password\": \"{p}\"}}",
    ],
    "fishmonger": [
        "Counter chat\nNed: the scale's label printer is asking for a password again\nRa: {p}, user {u}\nNed: "
        "printing, cheers",
        "Subject: fish auction website\n\nHi Ned,\nthe auction's online bidding site has a buyer login for us: {u}. "
        "Sign in with the password {p}; the Monday catalogue goes up at 5.\n\nAuction Office",
        "Dec 07 05:12:44 coldroom[902]: door alarm silenced by {u}, password {p} accepted",
        "jboss-cli.sh --connect --controller=app.fishmonger.example:9990 --user={u} --password={p} "
        "--command=:reload",
        "from wordpress_xmlrpc import Client\nwp = Client(\"https://fishmonger.example/xmlrpc.php\", \"{u}\", "
        "\"{p}\")",
        "{\"symposium\": \"log_catch\", \"portfolio\": {\"species\": \"plaice\", \"boxes\": 14, \"port\": "
        "\"Brixham\", \"buyer\": \"{u}\", \"buyer_password\": \"{p}\"}}",
    ],
    "botanic-garden": [
        "Glasshouse note: the misting controller in the palm house is signed in as {u}. {p} is the password if it "
        "asks. The titan arum may flower this week.",
        "Subject: herbarium database\n\nDear Ra,\nyour account on the herbarium database is ready: {u}, with the "
        "password {p} (change it at first login). The moss sheets are scanned.\n\nCollections",
        "2026-12-07T04:30:02Z irrigation WARN zone 12 manual override by {u} using password {p}",
        "ovftool --noSSLVerify vi://{u}:{p}@vcenter.gardens.example/Kew/host/esx02 /srv/ovf/",
        "# /etc/rsyncd.secrets\n{u}:{p}",
        "{\"jubilee\": \"label_plant\", \"valise\": {\"taxon\": \"Amorphophallus titanum\", \"bed\": \"PH-3\", "
        "\"accession\": \"2019-0412\", \"curator\": \"{u}\", \"curator_password\": \"{p}\"}}",
    ],
    "osteopath": [
        "Treatment-room note: {p} is the password for the posture-scanner PC, login {u}. Mrs Odell is on at 10:20.",
        "Subject: booking system\n\nHello Lee,\nthe clinic's online booking system is ready. Sign in as {u} with "
        "{p} (you will be asked to change it). Saturday slots are open.\n\nClinic Manager",
        "CLINIC: the notes-app password for {u} is now {p}. Reply STOP if you did not ask for a reset.",
        "dbisql -c \"UID={u};PWD={p};Server=clinicdb;Host=db.osteo.example:2638\" -nogui \"SELECT COUNT(*) "
        "FROM appointments\"",
        "# /etc/nslcd.conf\nuri ldap://ldap.osteo.example/\nbase dc=osteo,dc=example\n"
        "binddn cn=nslcd,ou=services,dc=osteo,dc=example\nbindpw {p}",
        "{\"soiree\": \"book_session\", \"tote\": {\"patient\": \"J. Odell\", \"minutes\": 40, \"room\": 2, "
        "\"practitioner\": \"{u}\", \"practitioner_password\": \"{p}\"}}",
    ],
    "yoga-studio": [
        "Front-desk note: the class-booking tablet is on {u}. If it logs out, use {p} as the password. Mats "
        "washed Tuesday.",
        "Subject: studio software account\n\nHi Asha,\nthe studio software has an owner account for us now: {u} is "
        "the user name and {p} the password. Class packs go on sale Monday.\n\nDev",
        "YOGA-112 | sound system | {u} can't log in since the update; temp password {p}, change at next login.",
        "esxcli --server esx01.yogastudio.example --username {u} --password {p} vm process list",
        "# /etc/sssd/sssd.conf\n[domain/studio]\nid_provider = ldap\n"
        "ldap_default_bind_dn = cn=sssd,dc=studio,dc=example\nldap_default_authtok = {p}",
        "{\"cavalcade\": \"book_class\", \"holdall\": {\"class\": \"vinyasa\", \"time\": \"07:00\", \"spots\": 18, "
        "\"teacher\": \"{u}\", \"teacher_password\": \"{p}\"}}",
    ],
    "velodrome": [
        "Track-centre note: {p} -- that's the password for the lap-timing PC (account {u}). Track closed 12:00-13:00 "
        "for the juniors.",
        "Subject: federation results system\n\nDear Dee,\nyour club account on the federation results system is {u}. "
        "Log in with the password {p} and enter the omnium results by Sunday.\n\nCycling Federation",
        "2026-12-07 18:22:31 timing-loop[4410] transponder list edited by {u} (password {p})",
        "ilorest login ilo-timing.velodrome.example -u {u} -p {p}",
        "PGconn *conn = PQsetdbLogin(\"db.velodrome.example\", \"5432\", NULL, NULL, \"laps\", \"{u}\", \"{p}\");",
        "{\"encore\": \"record_lap\", \"pannier\": {\"rider\": \"#42\", \"event\": \"flying 200\", \"time\": 10.48, "
        "\"official\": \"{u}\", \"official_password\": \"{p}\"}}",
    ],
    "youth-hostel": [
        "Reception note: the key-card encoder needs a password after every restart. It's {p} (user {u}). Breakfast "
        "from 7:30.",
        "Subject: booking channel extranet\n\nHi team,\nthe booking channel has given the hostel an extranet login: "
        "{u}. {p} is the password; close the dorms for the 24th, please.\n\nThe Manager",
        "2026-12-07 23:05:17 keycard[311] master card encoded by {u}, password {p}",
        "openstack --os-auth-url https://keystone.hostel.example:5000/v3 --os-username {u} --os-password {p} "
        "server list",
        "# /etc/motion/motion.conf\nnetcam_url rtsp://cam-lobby.hostel.example:554/stream1\n"
        "netcam_userpass {u}:{p}",
        "{\"conclave\": \"assign_bed\", \"bindle\": {\"dorm\": \"B\", \"bed\": 6, \"nights\": 3, "
        "\"warden\": \"{u}\", \"warden_password\": \"{p}\"}}",
    ],
    "my-br-chat": [
        "မင်္ဂလာပါ {u}! {p} က ဆိုင်ရဲ့ Wi-Fi စကားဝှက်အသစ်ပါ။ ဘယ်သူ့ကိုမှ မပြောပါနဲ့။",
        "စာရင်းကိုင်ပရိုဂရမ်ကို အသုံးပြုသူအမည် {u} နဲ့ စကားဝှက် {p} ကို သုံးပြီး ဝင်ပါ။ ပြီးရင် စကားဝှက်ကို ပြောင်းပါ။",
        "ဂိုဒေါင်သော့အတွက် {p} ကို ကုဒ်အဖြစ် သုံးပါ။ ဘယ်နေရာမှာမှ ချမရေးပါနဲ့။",
        "Demat {u}! {p} eo ger-tremen nevez ar wifi er stal. Na lavar ket anezhañ da zen.",
        "Kevreit ouzh meziant ar gontouriezh gant an anv-implijer {u} hag ar ger-tremen {p}, ha cheñchit ho "
        "ker-tremen goude.",
        "Implijit {p} evel kod evit prenn ar sanailh. Na skrivit ket anezhañ e nep lec'h.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a spec, a record or ticket, a
# command that needs no password typed, a value read from elsewhere or left out, a rule or hint, a notice).
NEGATIVES: dict[str, list[str]] = {
    "cheesemonger": [
        "Ripening log | cave 2 | 11.5 C | 94% RH | Comte wheels 31-38 turned and brushed",
        "Cheese board CB-6 | 6 cheeses, 900 g | chutney + oatcakes | serves 8 | 42 GBP",
        "sudo -u zimbra zmprov -l ga orders@cheeseshop.example   # -l: LDAP as the zimbra user, no password typed",
        "conn = jaydebeapi.connect(\"org.h2.Driver\", os.environ[\"H2_URL\"], [os.environ[\"H2_USER\"], "
        "os.environ[\"H2_PASS\"]], \"/opt/h2/h2.jar\")",
        "Trade site: you choose your password through the link in the welcome e-mail; we never send one.",
        "Wheel label W-2411 | Comte AOP | made 2024-11 | 38.2 kg | lot 0417",
    ],
    "marionette": [
        "Puppet inventory: Petrushka (11 strings), Ballerina (9), Moor (13) | controls: paddle, airplane",
        "Show rota: Sat 14:00 and 17:00 | Sun 11:00 | get-in Fri 18:00 | 3 puppeteers + 1 LX",
        "bteq <<'EOF'\n.logmech KRB5\n.logon td.marionette.example/\nSELECT COUNT(*) FROM tickets.seats;\nEOF   "
        "# Kerberos: the ticket from kinit",
        "server = jenkins.Jenkins(\"https://ci.marionette.example\", username=user, password=keyring.get_password("
        "\"ci\", user))",
        "Festival portal: passwords need 12 characters and a digit; the portal locks after five tries.",
        "LX desk firmware 7.2.4 (build 20261120) adds cue-list export to CSV.",
    ],
    "cattery": [
        "Pen plan: pens 1-12 heated, 13-16 outdoor runs | pen 7 double | deep clean between stays",
        "Feeding chart | pen 7 | 2 x 40 g wet (renal) | water changed 08:00 and 18:00 | drops 08:00",
        "wsadmin.sh -lang jython -f deploy_booking.py   # the login comes from soap.client.props",
        "conn = ibm_db.connect(\"CATTERY\", \"\", \"\")  # a local connection as the instance owner",
        "Vet portal: staff never ask for your password by phone or e-mail.",
        "Vaccination record VR-2208 | F3 + FeLV | given 2026-09-14 | due 2027-09-14",
    ],
    "fishmonger": [
        "Catch record | boat BM-27 | 14 boxes plaice, 6 boxes hake, 2 boxes turbot | landed 04:40",
        "Ice order IO-0931 | 400 kg flake ice | delivery 05:00 | cold room 2",
        "jboss-cli.sh --connect --controller=localhost:9990 --command=:reload   # local auth: no user, no password",
        "wp = Client(cfg[\"wp\"][\"url\"], cfg[\"wp\"][\"user\"], cfg[\"wp\"][\"password\"])",
        "Auction site: buyer logins are personal; ask the office for your own rather than share one.",
        "Cold room CR-2 | set point 1 C | door alarm after 90 s | defrost 03:00",
    ],
    "botanic-garden": [
        "Plant label | Amorphophallus titanum | Araceae | Sumatra | acc. 2019-0412 | PH-3",
        "Glasshouse climate | palm house | 24 C day / 19 C night | 80% RH | misting every 20 min",
        "ovftool --noSSLVerify --I:targetSessionTicket=$(cat /run/vc.ticket) /srv/ovf/seedbank.ova "
        "vi://vcenter.gardens.example/Kew/host/esx02",
        "# /etc/rsyncd.conf\n[herbarium]\n  path = /srv/herbarium\n  auth users = scanner\n"
        "  secrets file = /etc/rsyncd.secrets",
        "Herbarium database: user names are your staff number, like HB-00000.",
        "Seed packet SP-7731 | Meconopsis betonicifolia | sow on the surface | store at 5 C",
    ],
    "osteopath": [
        "Treatment note | J. Odell | lumbar, L4-L5 | soft tissue + articulation | review in 2 weeks",
        "Clinic rota: Mon-Thu 08:00-19:00 | Fri 08:00-16:00 | Sat 09:00-13:00 | room 2 closed Wed",
        "dbisql -c \"Integrated=YES;Server=clinicdb\" -nogui \"SELECT COUNT(*) FROM appointments\"   # Windows login",
        "# /etc/nslcd.conf\nuri ldap://ldap.osteo.example/\nbase dc=osteo,dc=example\nsasl_mech GSSAPI",
        "Booking system: forgotten your password? Tap Reset and we will e-mail you a link.",
        "Posture scanner PS-400 | calibrated 2026-11-30 | next service 2027-05",
    ],
    "yoga-studio": [
        "Class timetable: vinyasa Mon/Wed 07:00, yin Tue 19:30, hatha Sat 10:00 | 18 spots each",
        "Mat count: 24 mats, 30 blocks, 18 straps, 12 bolsters | 2 mats to replace",
        "esxcli --server esx01.yogastudio.example --credstore ~/.vmware/credstore/vicredentials.xml vm process list",
        "# /etc/sssd/sssd.conf\n[domain/studio]\nid_provider = ldap\nldap_sasl_mech = GSSAPI\n"
        "krb5_realm = STUDIO.EXAMPLE",
        "Studio software: each teacher signs in with their own e-mail; no shared logins.",
        "Class pack CP-10 | 10 classes | valid 3 months | 95 GBP",
    ],
    "velodrome": [
        "Lap chart | flying 200 | rider #42 10.48 s | #17 10.61 s | #8 10.77 s",
        "Gear ratio: 50 x 14 | 96.4 in | 7.69 m development | track sprint",
        "ilorest login ilo-timing.velodrome.example   # prompts for the user and the password",
        "PGconn *conn = PQsetdbLogin(\"db.velodrome.example\", \"5432\", NULL, NULL, \"laps\", NULL, NULL);  "
        "/* .pgpass */",
        "Results system: club accounts are set up by the federation; the password comes in a separate letter.",
        "Track booking TB-5520 | Sat 08:00-10:00 | 12 riders | accreditation required",
    ],
    "youth-hostel": [
        "Bed chart | dorm B | beds 1-8 | bed 6 booked 24-27 Dec | bed 8 out of use",
        "Linen count: 64 sheets, 64 pillowcases, 40 duvet covers | laundry pick-up Tue",
        "openstack --os-cloud hostel server list   # credentials from clouds.yaml",
        "# /etc/motion/motion.conf\nnetcam_url rtsp://cam-lobby.hostel.example:554/stream1\n"
        "# the lobby camera needs no login",
        "Door code: the front-door code changes every Monday and is on your booking confirmation.",
        "Key-card encoder KE-12 | firmware 3.4 | 500 blank cards in stock",
    ],
    "my-br-chat": [
        "စကားဝှက်အသစ်မှာ အနည်းဆုံး စာလုံး ၁၂ လုံး ပါရပါမယ်။",
        "အစည်းအဝေးက ကြာသပတေးနေ့ ညနေ ၃ နာရီခွဲမှာ အခန်း ၂၁၄ မှာပါ။",
        "သင့်ရဲ့ အော်ဒါနံပါတ် 58-3391 အဆင်သင့်ဖြစ်ပါပြီ၊ မနက်ဖြန် လာယူနိုင်ပါတယ်။",
        "Biken ne c'houlenno hor skipailh ho ker-tremen ganeoc'h.",
        "Digor eo wifi an ostizien, n'eus ket a c'her-tremen.",
        "Ur HX-3150 eo ar voullerez nevez, en eil estaj.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=MAKERS_AND_DANCERS, leet=DANCES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=OLD_COINS,
    letters=(PASSES, CATS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
