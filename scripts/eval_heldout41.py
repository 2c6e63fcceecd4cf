#!/usr/bin/env python3
"""Held-out set 41: passwords in sail lofts, milliners, gelaterias, taxidermists, thatchers, perfumeries,
letterpress print shops, public saunas, carillon towers, and Marathi and Kannada chat.

Written on 2026-12-07 (helper set41) on main 1607665, before any detection change it measures (prose56 and sov56
were tuning the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py,
nor tests/data/languages/, nor the branches prose56 and sov56, nor any set's misses), and read set 40 only for its
layout, scoring interface and word-list form, and sets 20-40 only for their carrier lists. Sets 20-40 were grepped
for every carrier, language, tool, JSON wrapper key and word-list word below (sets 1-40 for the carriers, languages
and words); what the grep found was dropped: bookbinders, farriers, ferries, dental labs, archery and chocolatiers
first considered as carriers; a JDBC `getConnection`, Perl `DBI->connect`, C `mysql_real_connect`, Swift
`URLCredential`, Python `poplib`, `clickhouse-client`, `--defaults-extra-file` and an ODBC `PWD=` as shapes;
`dispatch`, `briefing`, `manifest`, `signal` and `assignment` as JSON keys; Thales, Heraclitus, riposte, serac,
moraine and Ganymede/Callisto/Europa for the word lists. Tamil, Kazakh, Amharic and Mongolian (set 18) were passed
over too. Marathi and Kannada occur in no earlier set (Marathi in Devanagari with `पासवर्ड`, `कोड`, the value before
the word as Marathi puts it, "X हा ... पासवर्ड आहे", and `वापरून` "using"; Kannada in its own script with the dative
`-ಗೆ`, `ಬಳಸಿ` "using" and "X ಅನ್ನು ... ಕೋಡ್ ಆಗಿ ಬಳಸಿ", "use X as the code"). English carriers put the value first
too, as people write it: "{p} is its password", "use {p} as the password". The script keeps counts only, so it
cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): sail lofts (a
loft note with the value first, a cloth-supplier e-mail "use X as the password", a CAD ticket, `ldapsearch -D -w`,
Python `paramiko` `connect(host, 22, user, password)` positional, an `errand`/`particulars` JSON); milliners (a studio
chat "X is the password", a race-day orders e-mail, an SMS, `mega-login email password`, a `.fetchmailrc` poll line,
a `quest`/`gear` JSON); gelaterias (a lab whiteboard, a dairy-ordering e-mail, a blast-chiller syslog line, `az login
-u -p`, Spring `application.properties`, a `sortie`/`kitbag` JSON); taxidermists (a workshop note, a museum-loans
e-mail, a specimen-register ticket, `vault login -method=userpass username= password=`, a `.muttrc` `imap_pass`, an
`episode`/`scene` JSON); thatchers (a crew chat with the bare value, a reed-merchant e-mail, an SMS, `mysqldump
-pVALUE` glued, Python `ldap3.Connection(server, user, password)` positional, a `motion`/`clauses` JSON); perfumeries
(a lab log, a raw-materials e-mail with the value first, a dosing-balance syslog line, `cypher-shell -u -p`, Ruby
`Net::IMAP#login(user, password)` positional, a `chapter`/`verses` JSON); letterpress shops (a press-room note with
`user / password`, a type-foundry e-mail, a print-queue ticket, `iwctl --passphrase`, Elixir `:ftp.user(pid, user,
password)` positional, a `bout`/`corner` JSON); public saunas (a front-desk handover, a booking-system e-mail, an SMS,
`db2 connect to DB user U using P`, PHP `imap_open(mailbox, user, password)` positional, a `lesson`/`homework` JSON);
carillon towers (a tower note, a recital-scheduler e-mail "use X as the password", a tower-controller log line, `sqsh
-U -P`, a `pap-secrets` line, a `cue`/`staging` JSON); Marathi and Kannada chat (the password is, log in using, the
code: an office Wi-Fi password, an accounts-software login, a shutter lock's code; a shop Wi-Fi password, a clinic
booking-system login, a store-room lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Presocratic or Neoplatonist
philosopher's name with a year or digits and a symbol, or two run together with digits), leetspeak fencing actions
(never the first letter) with digits and a symbol, passphrases of three to five glacial-landform words (blanks,
hyphens, dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter
first), letters only (a moon of Jupiter and a lichen genus joined in four casings), and PINs of 4-8 digits; drawn
from random.Random(41) in a fixed order, so the set is the same on every run. Hard negatives (60, six per carrier) in
shapes no earlier set's negatives took as far as the grep shows: a sail's measurements, a cloth roll lot, a repair
ticket, a hat block, a felt hood, a size chart, a base recipe, a pan label, an allergen sheet, a cabinet log, a CITES
permit, a specimen record, a freezer record, a thatching quote, a reed load, a spar pattern, a perfume formula, a CAS
number, a GC-MS run, a vial label, an ISBN, a forme, an ink mix, a job ticket, a stove record, a water sample, swim
slots, a bell record, a drum programme, a recital, commands that prompt or need none (`ldapsearch -W`, `mega-login
--help`, `az login --use-device-code`, `vault login` without a password, `mysqldump --login-path`, `cypher-shell`
without `-p`, `iwctl` asking, `db2 connect` without USING, `sqsh` without `-P`), values read elsewhere or left empty
(a paramiko key file, a `.fetchmailrc` leaning on `.netrc`, a Spring `${DB_PASSWORD}`, a muttrc `pass show`, ldap3
Kerberos, an XOAUTH2 token, an anonymous FTP login, PHP config fields, an empty pap secret), a placeholder "<set by
IT at install>", password rules, a user-name hint, a release note, tower rules, and in the chat an OTP warning, a
forgot-password link, vegetable prices, an admin reset, a postal PIN code and a bus time. Same scoring as sets 3-40
(heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative is
hit by any such finding; values are never printed).

Score on the unchanged code (main 1607665; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set41 that wrote it (`scripts/eval_heldout41.py`, 2026-12-07 05:48 UTC, load
6.7): password recall 199/300 = 0.663; hard negatives hit 0/60 (sailmaker 24/30, milliner 17/30, gelateria 29/30,
taxidermist 23/30, thatcher 21/30, perfumery 26/30, letterpress 18/30, sauna 19/30, carillon 19/30, mr-kn-chat 3/30;
human 36/50, leet 39/50, passphrase 33/50, generated 37/50, letters 24/50, pin 30/50; negatives hit: 0/6 in all ten).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout41.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 41"
SEED = 41

PHILOSOPHERS = ("zeno", "plotinus", "anaxagoras", "empedocles", "parmenides", "pythagoras", "anaximander",
                "protagoras")
FENCING = ("balestra", "fleche", "remise", "coule", "parade", "attaque", "flanconnade", "froissement")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "g": "9", "r": "2"}
GLACIER_WORDS = ("cirque", "drumlin", "esker", "crevasse", "nunatak", "arete", "kame", "tarn", "firn",
                 "bergschrund", "sastrugi", "ogive", "sandur", "moulin", "tillite", "outwash")
JUPITER_MOONS = ("amalthea", "himalia", "thebe", "carme", "ananke", "adrastea", "metis")
LICHENS = ("cladonia", "usnea", "lecanora", "parmelia", "xanthoria")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, double-
# quoted fetchmailrc/muttrc/pap-secrets words, a properties line, Python, Ruby, Elixir and PHP literals, and the bare
# arguments of the shell lines). Blanks come only in passphrases, which no bare argument takes (the fourth template
# of each carrier never draws a passphrase).
HUMAN_SYMBOLS = "!*.+=_-"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("dhruv.k", "kavya.r", "loft.cutter2", "brim.studio", "gelato.lab3", "prep.bench5", "reed.crew1",
         "nose.desk4", "press.room7", "bell.keeper")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "sailmaker": [
        "Loft note: the plotter that cuts the panels asks for a login after every power cut. {p} is its password, "
        "user {u}. The genoa for Kestrel is on the floor till Thursday.",
        "Subject: sailcloth supplier portal\n\nHi Rhona,\nour account at the cloth supplier is {u}, and use {p} as "
        "the password. The Dacron order ships next week.\n\nCallum",
        "SLM-207 | sail-design CAD | the designer ({u}) was locked out after the licence update. Password set to "
        "{p}; change it at next login.",
        "ldapsearch -x -H ldap://dir.sailloft.example -D \"uid={u},ou=loft,dc=sailloft,dc=example\" -w {p} "
        "-b \"ou=loft,dc=sailloft,dc=example\" \"(objectClass=person)\"",
        "ssh = paramiko.SSHClient()\nssh.set_missing_host_key_policy(paramiko.AutoAddPolicy())\n"
        "ssh.connect(\"loft-nas.sailloft.example\", 22, \"{u}\", \"{p}\")",
        "{\"errand\": \"book_repair\", \"particulars\": {\"boat\": \"Kestrel\", \"sail\": \"genoa\", "
        "\"damage\": \"leech tape\", \"sailmaker\": \"{u}\", \"sailmaker_pw\": \"{p}\"}}",
    ],
    "milliner": [
        "Studio chat\nIsla: the blocking-room iPad logged me out\nNoor: log in as {u}; {p} is the password\n"
        "Isla: got it",
        "Subject: Ascot orders portal\n\nDear Noor,\nthe race-day orders portal is open. Your login is {u} with "
        "the password {p}; fittings can be booked there.\n\nWarm wishes,\nHelena",
        "BRIMWORKS: the stock-room password for {u} is now {p}. Ring the studio if you didn't ask for this.",
        "mega-login {u}@brimworks.example {p}",
        "# ~/.fetchmailrc\npoll imap.brimworks.example protocol IMAP\n  user \"{u}\" password \"{p}\" ssl",
        "{\"quest\": \"order_blocks\", \"gear\": {\"block\": \"percher 57 cm\", \"felt\": \"rabbit, navy\", "
        "\"qty\": 3, \"milliner\": \"{u}\", \"milliner_pass\": \"{p}\"}}",
    ],
    "gelateria": [
        "Lab whiteboard: batch-freezer tablet, user {u}, password {p}. Pistachio base goes in at 7.",
        "Subject: dairy ordering account\n\nCiao Marco,\nthe dairy's ordering site has our account now: username "
        "{u}, password {p}. Orders before 2 pm arrive next morning.\n\nGiulia",
        "2026-12-06 06:58:12 blastchill[804] cabinet 3 unlocked by {u} with password {p}",
        "az login -u {u}@gelateria.example -p {p}",
        "# application.properties\nspring.datasource.url=jdbc:postgresql://db.gelateria.example/recipes\n"
        "spring.datasource.username={u}\nspring.datasource.password={p}",
        "{\"sortie\": \"restock_vitrine\", \"kitbag\": {\"flavour\": \"stracciatella\", \"pans\": 4, "
        "\"temp_c\": -14, \"server\": \"{u}\", \"server_pwd\": \"{p}\"}}",
    ],
    "taxidermist": [
        "Workshop note: the freezer log PC at the back wants {u} and {p} since IT changed it. The barn owl mount "
        "is drying on the left bench.",
        "Subject: museum loans portal\n\nDear Ms Hale,\nyour workshop has been added to the natural history "
        "museum's loans portal. Sign in as {u}; your password is {p}.\n\nCollections Office",
        "TXD-088 | specimen register | the apprentice ({u}) couldn't get in after the update; password reset to "
        "{p}.",
        "vault login -method=userpass username={u} password={p}",
        "# ~/.muttrc\nset imap_user = \"{u}\"\nset imap_pass = \"{p}\"\n"
        "set folder = \"imaps://mail.taxidermy.example/\"",
        "{\"episode\": \"log_specimen\", \"scene\": {\"species\": \"Tyto alba\", \"source\": \"road casualty\", "
        "\"freezer\": \"F2\", \"preparator\": \"{u}\", \"preparator_password\": \"{p}\"}}",
    ],
    "thatcher": [
        "Crew chat\nDan: the quoting laptop in the van wants a password\nTess: {p} -- user is {u}\nDan: sorted",
        "Subject: reed merchant account\n\nHi Tess,\nyour trade account with the reed merchant is live: log in as "
        "{u}, password {p}. Water reed is back in at 600 bundles a load.\n\nAlan",
        "THATCHCO: your job-sheet app password was changed to {p} (user {u}). Tell the office if this wasn't you.",
        "mysqldump -h db.thatchco.example -u {u} -p{p} jobs > jobs-2026-12-06.sql",
        "conn = ldap3.Connection(server, \"{u}\", \"{p}\", auto_bind=True)",
        "{\"motion\": \"schedule_ridge\", \"clauses\": {\"cottage\": \"Rose Cottage\", \"ridge\": \"block cut\", "
        "\"reed\": \"Norfolk\", \"thatcher\": \"{u}\", \"thatcher_secret\": \"{p}\"}}",
    ],
    "perfumery": [
        "Lab log: the GC-MS workstation logs in as {u} with {p}. Ran the vetiver accord twice, peak at 14.2 min.",
        "Subject: raw-materials ordering\n\nDear Amélie,\nthe supplier has opened our account: user {u}, and "
        "{p} is the password. The orris butter is on back order.\n\nBest,\nJules",
        "Dec 06 11:40:09 blend-gw dosing[2207]: balance 2 session opened by {u} with password {p}",
        "cypher-shell -a neo4j://graph.perfumery.example:7687 -u {u} -p {p} \"MATCH (n:Accord) RETURN count(n)\"",
        "imap = Net::IMAP.new(\"imap.perfumery.example\", ssl: true)\nimap.login(\"{u}\", \"{p}\")",
        "{\"chapter\": \"weigh_formula\", \"verses\": {\"formula\": \"F-118 chypre\", \"batch_g\": 500, "
        "\"balance\": 2, \"perfumer\": \"{u}\", \"perfumer_password\": \"{p}\"}}",
    ],
    "letterpress": [
        "Press-room note: the Heidelberg's job PC wants {u} / {p} every morning. The wedding run is locked up in "
        "the chase.",
        "Subject: type foundry account\n\nHello Bram,\nyour account with the type foundry is ready. Username "
        "{u}, password {p}. The 12 pt Caslon arrives Friday.\n\nRegards,\nThe Foundry",
        "LPR-332 | print queue | the compositor ({u}) can't reach the queue after the update; password reset to "
        "{p}.",
        "iwctl --passphrase {p} station wlan0 connect PressRoom",
        "{:ok, pid} = :ftp.open(~c\"ftp.letterpress.example\")\n:ok = :ftp.user(pid, ~c\"{u}\", ~c\"{p}\")",
        "{\"bout\": \"queue_job\", \"corner\": {\"job\": \"wedding invites\", \"stock\": \"Somerset 300 gsm\", "
        "\"ink\": \"PMS 7621\", \"printer\": \"{u}\", \"printer_password\": \"{p}\"}}",
    ],
    "sauna": [
        "Front-desk handover: the booking PC is signed in as {u}; if it logs out, {p} is the password. Stove 2's "
        "stones were changed today.",
        "Subject: booking system\n\nHi Aino,\nthe new booking system for the public sauna is live. Log in with "
        "{u} and the password {p}; the winter swim slots are already in.\n\nMikko",
        "SAUNA: your till password has been reset to {p} for {u}. Call the manager if you did not expect this.",
        "db2 connect to SAUNADB user {u} using {p}",
        "$mbox = imap_open('{imap.sauna.example:993/imap/ssl}INBOX', '{u}', '{p}');",
        "{\"lesson\": \"set_stove\", \"homework\": {\"room\": \"smoke sauna\", \"target_c\": 80, "
        "\"loyly\": \"birch\", \"attendant\": \"{u}\", \"attendant_password\": \"{p}\"}}",
    ],
    "carillon": [
        "Tower note: the practice console's PC logs in as {u}; its password is {p}. The clapper of bell 31 was "
        "re-bushed on Monday.",
        "Subject: recital scheduling\n\nDear Pieter,\nthe city's recital scheduler has an account for you: "
        "username {u}, and use {p} as the password. Summer recitals are on Sundays at 3.\n\nCity Events",
        "2026-12-05T16:02:44Z tower-ctl INFO automatic play: carillonneur {u} entered password {p}",
        "sqsh -S TOWERDB -U {u} -P {p} -D carillon",
        "# /etc/ppp/pap-secrets\n# client  server  secret  IP addresses\n\"{u}\"  *  \"{p}\"  *",
        "{\"cue\": \"program_hour\", \"staging\": {\"tune\": \"Westminster\", \"bells\": 49, "
        "\"hour\": \"12:00\", \"carillonneur\": \"{u}\", \"carillonneur_password\": \"{p}\"}}",
    ],
    "mr-kn-chat": [
        "नमस्कार {u}! {p} हा ऑफिसच्या वाय-फायचा नवीन पासवर्ड आहे. कोणालाही सांगू नकोस.",
        "हिशोबाच्या सॉफ्टवेअरमध्ये {u} हे युजरनेम आणि {p} हा पासवर्ड वापरून लॉग इन करा, नंतर पासवर्ड बदला.",
        "दुकानाच्या शटरच्या कुलुपाचा कोड {p} आहे. तो भिंतीवर लिहू नका.",
        "ನಮಸ್ಕಾರ {u}, ಅಂಗಡಿಯ ವೈ-ಫೈಗೆ ಹೊಸ ಪಾಸ್‌ವರ್ಡ್ {p}. ಯಾರಿಗೂ ಹೇಳಬೇಡಿ.",
        "ಕ್ಲಿನಿಕ್‌ನ ಬುಕಿಂಗ್ ಸಿಸ್ಟಮ್‌ಗೆ {u} ಬಳಕೆದಾರ ಹೆಸರು ಮತ್ತು {p} ಪಾಸ್‌ವರ್ಡ್ ಬಳಸಿ ಲಾಗಿನ್ ಆಗಿ, ನಂತರ "
        "ಪಾಸ್‌ವರ್ಡ್ ಬದಲಿಸಿ.",
        "{p} ಅನ್ನು ಗೋದಾಮಿನ ಬೀಗದ ಕೋಡ್ ಆಗಿ ಬಳಸಿ. ಅದನ್ನು ಎಲ್ಲಿಯೂ ಬರೆದಿಡಬೇಡಿ.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a record, a reference or lot
# number, an ISBN, a permit, a command that prompts or needs none, a value read from elsewhere or left empty, a
# placeholder, a rule, a warning, a postal PIN code).
NEGATIVES: dict[str, list[str]] = {
    "sailmaker": [
        "Sail KST-GEN-03 | genoa 135% | 7.1 oz Dacron | luff 11.40 m | leech 10.62 m | foot 5.95 m",
        "Cloth roll lot DX-2207-44 | 54 in | 38 yd left | fill-oriented",
        "ldapsearch -x -H ldap://dir.sailloft.example -D \"uid=rhona,ou=loft,dc=sailloft,dc=example\" -W "
        "-b \"ou=loft,dc=sailloft,dc=example\"   # -W asks for the bind password",
        "ssh.connect(\"loft-nas.sailloft.example\", 22, \"backup\", key_filename=\"/home/backup/.ssh/id_ed25519\")",
        "Setup sheet: the plotter account is made by IT; the password field reads <set by IT at install>.",
        "Repair ticket REP-26-0412 | Kestrel | leech tape and two batten pockets | due 2026-12-10",
    ],
    "milliner": [
        "Block no. 57-PERCH-N | head 57 cm | crown 11 cm | brim 9 cm | wood: lime",
        "Felt hood FH-3381 | rabbit | navy | 180 g | dyed lot 26/41",
        "mega-login --help   # prints usage: mega-login [--auth-code=XXXX] email password | session",
        "# ~/.fetchmailrc\npoll imap.brimworks.example protocol IMAP\n  user \"orders\"   # password from ~/.netrc",
        "Hat box size chart: S 54-55, M 56-57, L 58-59, XL 60-61 (cm)",
        "Stock-room passwords must be 12 characters or more and are changed every quarter.",
    ],
    "gelateria": [
        "Base recipe B-PIST-07 | milk 62% | cream 12% | sugar 17% | pistachio paste 9% | overrun 30%",
        "Pan label 2026-12-06 | stracciatella | batch 4 of 6 | use by 2026-12-09",
        "az login --use-device-code   # opens a browser code page; no password on the command line",
        "spring.datasource.username=recipes\nspring.datasource.password=${DB_PASSWORD}",
        "Allergen sheet: contains milk, pistachio; may contain hazelnut, almond",
        "Cabinet 3 log: -14.2 C at 06:00, -14.0 C at 07:00, defrost 07:20-07:35",
    ],
    "taxidermist": [
        "CITES permit 26GB004512/TX | Tyto alba | captive-bred | valid to 2027-06-30",
        "Specimen TX-2026-114 | barn owl | mount | glass eyes 14 mm amber | wire 2.5 mm",
        "vault login -method=userpass username=apprentice   # vault prompts for the password",
        "# ~/.muttrc\nset imap_user = \"workshop\"\nset imap_pass = \"`pass show mail/workshop`\"",
        "Freezer F2 | -22 C | 14 bags | last defrost 2026-10-01",
        "Portal help: your user name is the one on your loans letter (it looks like TX-0000).",
    ],
    "thatcher": [
        "Quote Q-26-118 | Rose Cottage | full rethatch, water reed, 2,400 sq ft | block-cut ridge",
        "Reed load RL-0917 | 600 bundles | 3 ft 6 in | Norfolk | delivered 2026-11-28",
        "mysqldump --login-path=jobs jobs > jobs-2026-12-06.sql   # the login path was set by mysql_config_editor",
        "conn = ldap3.Connection(server, authentication=ldap3.SASL, sasl_mechanism=ldap3.KERBEROS)",
        "Spar pattern: hazel, 28 in, 3 per ft along the ridge; liggers 2 rows",
        "Job-sheet app 4.3.1 (build 20261204) is out; see the change notes for the new ridge templates.",
    ],
    "perfumery": [
        "Formula F-118 | chypre | bergamot 12 | oakmoss abs. 2 | patchouli 8 | labdanum 6 | parts per 100",
        "CAS 8016-96-4 | vetiver oil | Haiti | lot VH-2611 | IFRA cat. 4 max 8.6%",
        "cypher-shell -a neo4j://graph.perfumery.example:7687 -u jules   # cypher-shell asks for the password",
        "imap.authenticate(\"XOAUTH2\", \"jules\", access_token)  # token from the identity provider, one hour",
        "GC-MS run 2026-12-06-03 | column HP-5 | 60-280 C at 4 C/min | peak 14.2 min",
        "Sample vial label: 10 ml | 20% in DPG | do not decant",
    ],
    "letterpress": [
        "ISBN 978-1-7394-2206-3 | 96 pp | Caslon 12/15 | Somerset 300 gsm | edition of 150",
        "Forme 4 of 6 | 12 pt Caslon, 24 em measure | leading 3 pt | quoins tight",
        "iwctl station wlan0 connect PressRoom   # iwctl asks for the passphrase",
        ":ok = :ftp.user(pid, ~c\"anonymous\", ~c\"\")  # the foundry's public mirror takes an empty password",
        "Ink PMS 7621 | rubber base | mixed 120 g | run 400 sheets",
        "Job ticket JT-332 | wedding invites | 150 + 10 overs | die-cut envelopes",
    ],
    "sauna": [
        "Stove 2 | wood-fired | 24 kW | stones 180 kg peridotite | changed 2026-12-06",
        "Water sample WS-26-48 | plunge pool | 4.1 C | chlorine 0.6 mg/l | pH 7.2",
        "db2 connect to SAUNADB user reception   # db2 prompts for the password when USING is left out",
        "$mbox = imap_open('{imap.sauna.example:993/imap/ssl}INBOX', $cfg->user, $cfg->password);",
        "Winter swim slots: Tue, Thu 07:00-09:00 | 12 per slot | towels 3 EUR",
        "Till help: your staff number is on your badge; the manager sets the first password.",
    ],
    "carillon": [
        "Bell 31 | G5 | 48 kg | cast 1952 | tuning -4 cents | clapper re-bushed 2026-12-01",
        "Drum programme P-12 | Westminster quarters | 16 pins per bar | transposed -2",
        "sqsh -S TOWERDB -U reader -D carillon   # sqsh prompts for the password",
        "# /etc/ppp/pap-secrets\n# client  server  secret  IP addresses\n\"tower\"  *  \"\"  *",
        "Recital 2026-06-14 15:00 | 45 min | programme: Van Eyck, Bach (arr.), Westminster",
        "Tower access: keys from the verger; sign the log; no entry in high wind.",
    ],
    "mr-kn-chat": [
        "तुमचा OTP कोणालाही सांगू नका; बँक तो कधीही विचारत नाही.",
        "पासवर्ड विसरलात तर लॉगिन पानावरील 'पासवर्ड विसरलात?' वर क्लिक करा.",
        "कांदे ४० रुपये किलो, टोमॅटो ३० रुपये किलो.",
        "ನಿಮ್ಮ ಪಾಸ್‌ವರ್ಡ್ ಅನ್ನು ಅಡ್ಮಿನ್ ಮರುಹೊಂದಿಸುತ್ತಾರೆ; ನಿಮಗೆ ಇಮೇಲ್ ಬರುತ್ತದೆ.",
        "ಪಿನ್ ಕೋಡ್: 560001 (ಬೆಂಗಳೂರು ಜಿಪಿಒ)",
        "ಬಸ್ ಸಂಖ್ಯೆ 335E ಬೆಳಿಗ್ಗೆ 7:15ಕ್ಕೆ ಹೊರಡುತ್ತದೆ.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=PHILOSOPHERS, leet=FENCING, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=GLACIER_WORDS,
    letters=(JUPITER_MOONS, LICHENS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
