#!/usr/bin/env python3
"""Held-out set 38: passwords in ambulance services, paper mills, jewellers, hot-air balloon operators, football
stadiums, crematoria, chimney sweeps, piano workshops, fish auctions, and Belarusian and Nepali chat.

Written on 2026-12-07 (helper set38) on main c821435, before any detection change it measures (prose53 was tuning
the detector on set 37 at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor the branch prose53, nor any
set's misses), and read set 37 only for its layout, scoring interface and word-list form, and sets 20-37 only for
their carrier lists. Sets 1-37 (scripts/eval_heldout*.py and tests/data/heldout*/) were grepped for every carrier,
tool, JSON wrapper key, language, word-list word and user name below; what the grep found was dropped: `lftp`,
`smbclient`, `rsync`, `sshpass`, `gpg`, `ftp_login`, PowerShell `PSCredential`, C# `NetworkCredential`, Java
`setPassword`, Lua `env:connect`, an ADO `connectionString`, a Dockerfile `ENV` and an `.ini` first considered as
shapes (and a `.cfg` of key=value lines, set 37's `.properties` shape, replaced by an fstab line before scoring);
the JSON wrappers `tool_use`, `functionCall`, `tools/call`, `event` and `options`; Kilauea and Hekla, gules,
chevron, saltire, lozenge and mullet, redshank, greenshank and avocet for the word lists; the Lightspeed till and a
WhatsApp group. Belarusian and Nepali occur in no earlier set (Belarusian shares `пароль` with sets 6, 13 and
14; Nepali shares Devanagari and `पासवर्ड` with Hindi, set 17). The script keeps counts only, so
it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): ambulance
services (a crew chat line on an MDT, a fleet manager's e-mail on ePCR tablets, a CAD ticket, a PowerShell
`Invoke-Sqlcmd -Username -Password` line, a TOML `[auth]` table, a `toolInvocation`/`props` JSON); paper mills (a DCS
log line, a shift handover, a Node Sequelize `new Sequelize(db, user, password)`, a `jarsigner -storepass` line, a DCS
licence ticket, an `operation`/`settings` JSON); jewellers (a till e-mail, a workshop note `user / password`, a
valuation-portal ticket, PHP `ssh2_auth_password($conn, user, password)`, a launchd plist `EnvironmentVariables`
dict, a `capability`/`opts` JSON); balloon operators (a pilots' group chat, a booking-system reset e-mail, a weather
station syslog line with `passwd=`, JavaMail `transport.connect(host, user, password)`, a fish-shell history entry, a
`routine`/`spec` JSON); stadiums (a gate-controller log line with `pwd=`, a matchday handover, a stewards' chat with
`pw`, an HAProxy `userlist` with `insecure-password`, PHP `new PDO(dsn, user, password)`, a `handler`/`extra`
JSON); crematoria (a cremator panel note, a booking-portal e-mail, a records ticket, `echo | sshfs -o
password_stdin`, Kotlin Exposed `Database.connect(..., user =, password =)`, a `procedure`/`props` JSON); chimney
sweeps (a van group chat, a portal e-mail, an SMS, `FTP_PASSWORD=... duplicity`, a nodemailer `createTransport`
`auth`, a `macro`/`vars` JSON); piano workshops (a tuning-round note, a supplier e-mail, a rental-fleet ticket, a
`mysqlsh --password=` line, a knex `connection` object, an `ability`/`details` JSON); fish auctions (a clock-auction
log line with `pw=`, a quay handover, a quay radio chat, an `/etc/fstab` cifs line, Ruby `Sequel.connect(...,
password:)`, an `actionName`/`actionParams` JSON); Belarusian and Nepali chat (the password is, log in with, the
code: an office mail password, an accounting-program login, a till safe's code; an office mail password, a shop
system login, a warehouse alarm code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Tour de France winner's name
with a year or digits and a symbol, or two run together with digits), leetspeak volcanoes (never the first letter)
with digits and a symbol, passphrases of three to five heraldic tinctures and ordinaries (blanks, hyphens, dots, or
capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters
only (a river and a shorebird joined in four casings), and PINs of 4-8 digits; drawn from random.Random(38) in a
fixed order, so the set is the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's
negatives took as far as the grep shows: an incident log, drug batches, a METAR, a NOTAM, an aircraft registration, a
hallmark, a GIA report, a GTIN, an EAN and a season-ticket barcode, a PGP fingerprint, an OPC UA node id, a DCS alarm
tag, a CVE, a match UUID, a cremation and a sweep certificate number, a vessel's port letters and ICES area, a
piano serial and tuning offsets, a SHA-1 and a tag, an empty sign-in form, a masked `pw=********`, `passwd=(not
set)`, variables read from the environment (`$env:CAD_PASSWORD`, `-storepass:env`, `process.env`, `getenv`,
`System.getenv`, `ENV.fetch`, `$(STOCK_PASSWORD)`, Kotlin `env(...)`), an HAProxy `userlist` group, `sshfs` with a
key file, a `mysqlsh` that prompts, a `duplicity` reading the vault, password rules, and talk about passwords in
both languages and bills in roubles and rupees). Same scoring as sets 3-37 (heldout_score.covered: a value counts
when findings that are not public/test-value cover all of it; a negative is hit by any such finding; values are
never printed).

Score on the unchanged code (main c821435; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set38 that wrote it (`scripts/eval_heldout38.py`, 2026-12-07 00:36 UTC, load
4.8): password recall 213/300 = 0.710; hard negatives hit 2/60 (ambulance 24/30, paper-mill 21/30, jeweller 13/30,
balloon 26/30, stadium 18/30, crematorium 24/30, chimney-sweep 25/30, piano-workshop 24/30, fish-auction 28/30,
be-ne-chat 10/30; human 37/50, leet 38/50, passphrase 37/50, generated 42/50, letters 27/50, pin 32/50; negatives hit:
balloon 1/6, piano-workshop 1/6, 0/6 in the other eight).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout38.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 38"
SEED = 38

CYCLISTS = ("merckx", "hinault", "indurain", "anquetil", "coppi", "bartali", "fignon", "lemond")
VOLCANOES = ("cotopaxi", "erebus", "merapi", "katla", "lassen", "askja", "mayon", "sakurajima")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "6", "l": "1", "b": "8"}
PHRASE_WORDS = ("argent", "sable", "vert", "purpure", "fess", "pall", "bordure", "tressure", "tenne", "sanguine",
                "orle", "gyron", "roundel")
RIVERS = ("rhone", "vistula", "douro", "oder", "elbe")
SHOREBIRDS = ("whimbrel", "sanderling", "turnstone", "phalarope", "stint")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, TOML,
# a plist, PHP, JavaScript, Java, Kotlin and Ruby literals, a fish history entry, an ADO-style connection string, a
# mysqlsh URI's user part, and the bare arguments of the shell and HAProxy lines). Blanks come only in passphrases,
# which no bare argument takes (the fourth template of each carrier never draws a passphrase; a passphrase that can
# reach a shell line elsewhere is single-quoted).
HUMAN_SYMBOLS = "!*.+=_"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("a.karpovich", "s.shrestha", "crew.medic3", "pm.shift2", "bench.tuner", "lane7.ops", "sweep.van2",
         "quay.clerk4")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "ambulance": [
        "[06:55] Kerry (B-watch): the MDT in Alpha 2 logged itself out at handover. Sign in as {u}, the password is "
        "{p}. Stretcher battery is on charge.",
        "From: fleet@northcounty-ems.example\nTo: crews@northcounty-ems.example\nSubject: ePCR tablet accounts\n\n"
        "All crews,\nthe new ePCR tablets sign in with the station account {u}, password {p}. Lock them in the cab "
        "when you're on scene.\n\nDerek, Fleet & Equipment",
        "EMS-6120 | P2 | CAD terminal at Station 4 rejects the duty officer's login.\nFix: password for {u} set to "
        "{p}; must be changed at next logon.",
        "PS C:\\Ops> Invoke-Sqlcmd -ServerInstance cad-db01 -Database Dispatch -Username {u} -Password {p} "
        "-Query \"SELECT COUNT(*) FROM Incidents\"",
        "# ecpr-sync.toml\n[server]\nurl = \"https://ecpr.northcounty-ems.example\"\n\n[auth]\nuser = \"{u}\"\n"
        "password = \"{p}\"\nretry_seconds = 30",
        "{\"toolInvocation\": {\"name\": \"restock_drug_bag\", \"props\": {\"vehicle\": \"A2\", \"bag\": \"red\", "
        "\"crew_login\": \"{u}\", \"crew_secret\": \"{p}\"}}}",
    ],
    "paper-mill": [
        "2026-12-04 03:17:52.118 PM2-DCS [WARN] engineer station ES-03: session expired; re-authenticated as {u} "
        "with password {p}",
        "Shift handover PM2, nights to days: the QCS scanner PC is logged in as {u}; if it locks, the password is "
        "{p}. Press 2 felt is due for a change on Tuesday.",
        "const db = new Sequelize(\"reels\", \"{u}\", \"{p}\", { host: \"10.20.4.7\", dialect: \"mssql\" });",
        "jarsigner -keystore mill-hmi.jks -storepass {p} hmi-client.jar {u}",
        "PM-3391: the Valmet DNA engineering login for contractor {u} was locked.\nResolution: password reset to "
        "{p}; to be changed at first logon.",
        "{\"operation\": \"log_reel_break\", \"settings\": {\"machine\": \"PM2\", \"reel\": \"R-26-88213\", "
        "\"grammage_gsm\": 80, \"dcs_user\": \"{u}\", \"dcs_password\": \"{p}\"}}",
    ],
    "jeweller": [
        "Subject: till login after the upgrade\n\nHi Leonie,\nthe till in the Arcade shop now signs in as {u} with "
        "the password {p}. Please don't write it in the repairs book.\n\nMalcolm",
        "Workshop note: the laser welder's PC wants {u} / {p} after a restart. The ring-sizing mandrel is back from "
        "repair.",
        "JWL-215 | insurance valuation portal | valuer {u} locked out. Temporary password {p}, change at first "
        "sign-in.",
        "$conn = ssh2_connect('vault-cam.goldsmiths.example', 22);\nssh2_auth_password($conn, '{u}', '{p}');",
        "<key>EnvironmentVariables</key>\n<dict>\n    <key>STOCK_USER</key>\n    <string>{u}</string>\n"
        "    <key>STOCK_PASSWORD</key>\n    <string>{p}</string>\n</dict>",
        "{\"capability\": \"reserve_stock_item\", \"opts\": {\"item\": \"18ct solitaire, 0.7 ct\", \"customer\": "
        "\"C-20931\", \"shop_user\": \"{u}\", \"shop_pass\": \"{p}\"}}",
    ],
    "balloon": [
        "Pilots group\nNiamh: anyone got the login for the new booking system?\nGus: {u}, and the password's {p}\n"
        "Niamh: ta",
        "Hello,\nthis is Skybook support. The password for your operator account {u} has been reset.\nTemporary "
        "password: {p}\nYou will be asked to choose a new one when you sign in.\nRegards, Skybook",
        "Dec 06 05:41:09 wx-launchfield davisd[412]: uploading readings to the met service as {u} passwd={p}",
        "Transport transport = session.getTransport(\"smtp\");\ntransport.connect(\"smtp.skyflights.example\", "
        "\"{u}\", \"{p}\");",
        "- cmd: ./manifest-upload --pilot {u} --password '{p}' --flight 0712\n  when: 1764993601",
        "{\"routine\": \"book_flight_slot\", \"spec\": {\"launch_site\": \"Ashgrove\", \"passengers\": 12, "
        "\"sunrise\": true, \"pilot_login\": \"{u}\", \"pilot_pw\": \"{p}\"}}",
    ],
    "stadium": [
        "2026-11-29 13:02:44 gatectl[1907] NOTICE bank C console login user={u} pwd={p} accepted",
        "Matchday handover: the scoreboard PC in the control room is signed in as {u}; if it locks, the password is "
        "{p}. Floodlight tower 3 tripped at half-time.",
        "Stewards chat\nOmar: what's the radio console login?\nBecca: {u}, pw {p}\nOmar: sorted",
        "userlist turnstile_admins\n    user {u} insecure-password {p}",
        "$pdo = new PDO('mysql:host=10.9.0.5;dbname=ticketing', '{u}', '{p}');",
        "{\"handler\": \"open_gate_bank\", \"extra\": {\"bank\": \"C\", \"turnstiles\": [11, 12, 13], "
        "\"supervisor\": \"{u}\", \"supervisor_password\": \"{p}\"}}",
    ],
    "crematorium": [
        "Cremator 2 control panel: the engineer login is {u} / {p} - only for the service visit, change it after.",
        "Subject: booking portal\n\nDear colleagues,\nthe crematorium's booking portal account for your firm is {u}; "
        "the password is {p}. Please book services through it from January.\n\nKind regards,\nBereavement Services",
        "BS-4418 | records system | registrar {u} cannot sign in after leave. Password set to {p}; must change at "
        "first login.",
        "echo {p} | sshfs {u}@records-nas:/scans /mnt/scans -o password_stdin",
        "Database.connect(\"jdbc:postgresql://10.3.0.8/records\", driver = \"org.postgresql.Driver\", "
        "user = \"{u}\", password = \"{p}\")",
        "{\"procedure\": \"schedule_service\", \"props\": {\"chapel\": \"East\", \"date\": \"2026-12-14\", "
        "\"slot\": \"11:30\", \"office_user\": \"{u}\", \"office_password\": \"{p}\"}}",
    ],
    "chimney-sweep": [
        "[van 2 group] Dale: the certificate app wants logging in again\n[van 2 group] Shaz: {u} and {p} - same as "
        "the office",
        "Subject: registration portal\n\nHi Shaz,\nI've set up your login for the registration portal: username {u}, "
        "password {p}. Log each install the same day please.\n\nDale",
        "SWEEP HQ: your job-sheet app password has been reset to {p}. Username {u}. Do not share.",
        "FTP_PASSWORD={p} duplicity /srv/jobsheets ftp://{u}@backup.sweeps.example/jobsheets",
        "const mailer = nodemailer.createTransport({ host: \"smtp.sweeps.example\", port: 587, auth: { user: "
        "\"{u}\", pass: \"{p}\" } });",
        "{\"macro\": \"issue_sweep_certificate\", \"vars\": {\"address\": \"14 Mill Lane\", \"flue\": \"open fire\", "
        "\"sweep_login\": \"{u}\", \"sweep_password\": \"{p}\"}}",
    ],
    "piano-workshop": [
        "Tuning round notes: the concert hall's piano-room PC logs in as {u}; password {p}. Humidity 38%, the "
        "damp-chaser needs checking.",
        "Subject: parts supplier account\n\nHi Jonas,\nour hammer-and-action parts account is {u}, password {p}. "
        "Order the shanks before Friday.\n\nIlse",
        "PW-118: the rental-fleet database won't accept the bench technician's login ({u}). Reset to {p}; change it "
        "at first sign-in.",
        "mysqlsh --uri {u}@10.5.0.2:3306 --password={p} --sql -e \"SELECT COUNT(*) FROM rentals\"",
        "module.exports = {\n  client: \"pg\",\n  connection: { host: \"10.5.0.2\", user: \"{u}\", password: "
        "\"{p}\", database: \"rentals\" }\n};",
        "{\"ability\": \"book_tuning_visit\", \"details\": {\"instrument\": \"upright\", \"postcode\": \"EH6 7BD\", "
        "\"tech_login\": \"{u}\", \"tech_password\": \"{p}\"}}",
    ],
    "fish-auction": [
        "2026-12-05 04:30:12 clockd[3310] INFO buyer terminal 14 login user={u} pw={p} ok",
        "Market handover: the landing-weights PC on the quay is logged in as {u}; if it locks the password is {p}. "
        "Ice machine 2 is leaking again.",
        "Quay radio\nRuairi: need the label printer login\nMairead: {u}, password {p}",
        "//10.7.0.4/landings  /mnt/landings  cifs  username={u},password={p},uid=1000,vers=3.0  0  0",
        "DB = Sequel.connect(adapter: 'postgres', host: '10.7.0.4', database: 'landings', user: '{u}', "
        "password: '{p}')",
        "{\"actionName\": \"record_landing\", \"actionParams\": {\"vessel\": \"Silver Spray\", \"boxes\": 64, "
        "\"species\": \"haddock\", \"clerk\": \"{u}\", \"clerk_password\": \"{p}\"}}",
    ],
    "be-ne-chat": [
        "Прывітанне, {u}! Новы пароль ад офіснай пошты: {p}. Нікому яго не паказвай.",
        "Увайдзі ў бухгалтарскую праграму з лагінам {u} і паролем {p}, а потым змяні пароль.",
        "Код ад сейфа ў касе: {p}. Не запісвай яго на сцяне.",
        "नमस्ते {u}, अफिसको इमेलको नयाँ पासवर्ड {p} हो। कसैलाई नभन्नुहोस्।",
        "{u} प्रयोगकर्ता नाम र {p} पासवर्ड राखेर पसलको प्रणालीमा लगइन गर्नुहोस्, त्यसपछि पासवर्ड बदल्नुहोस्।",
        "गोदामको अलार्मको कोड {p} हो। यसलाई भित्तामा नलेख्नुहोस्।",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a call sign or lot, a drug
# batch, a form field, a variable read from the environment, a checksum or key fingerprint, a tag or node id, a CVE,
# a registration or certificate number, a weather report, a barcode, a masked value, a policy).
NEGATIVES: dict[str, list[str]] = {
    "ambulance": [
        "Incident 26-114820 | Alpha 2 | Cat 2 | mobile 06:58 | on scene 07:09 | handed over 07:51",
        "Drug bag check: adrenaline 1 mg/10 ml, batch AX2241, exp 2027-08; naloxone batch NL0937, exp 2027-02",
        "Invoke-Sqlcmd -ServerInstance cad-db01 -Username $env:CAD_USER -Password $env:CAD_PASSWORD",
        "ePCR sign-in screen: Username ____________  Password ____________  [Sign in]",
        "MDT firmware 8.4.2 | sha1 3f786850e387550fdab836ed7e6dc881de23001b | installed 2026-11-30",
        "Training slide 12: \"Never share your ePCR password - not even with your crewmate.\"",
    ],
    "paper-mill": [
        "Reel R-26-88213 | 80 gsm | width 7.42 m | 31.6 t | moisture 7.1% | break at 04:12",
        "OPC UA node ns=2;s=PM2.Press2.NipLoad | value 96.4 kN/m | quality Good",
        "jarsigner -keystore mill-hmi.jks -storepass:env MILL_STOREPASS hmi-client.jar mill-hmi",
        "Valmet DNA patch notes: fixes CVE-2026-31544 in the engineering login service",
        "const db = new Sequelize(process.env.REELS_DB, process.env.REELS_USER, process.env.REELS_PASSWORD);",
        "DCS alarm PM2-PI-4471 HI (press 2 hydraulic pressure) acknowledged by shift lead",
    ],
    "jeweller": [
        "Hallmark: 750, Edinburgh castle, date letter Z (2026), sponsor's mark RJM",
        "GIA report 2231874460 | 0.70 ct | round brilliant | F | VS1 | excellent cut",
        "<key>STOCK_PASSWORD</key>\n<string>$(STOCK_PASSWORD)</string>",
        "GTIN 05012345678900 | 9ct gold curb chain 18in | qty 4",
        "PGP fingerprint for valuations@ (public key): 4A1B 9C2D 77E0 31F5 A6B8  0D4C 92E7 5F31 8B06 C2A9",
        "Receipt 00418 | ring resize 2 sizes | 65.00 | paid card | collect Thursday",
    ],
    "balloon": [
        "G-SKYB | Cameron Z-315 envelope | basket C4 | 16 pax | next annual 2027-04",
        "METAR EGPH 060550Z 24006KT 9999 FEW035 03/01 Q1021 NOSIG",
        "Dec 06 05:41:09 wx-launchfield davisd[412]: uploading readings as wxfield passwd=(not set)",
        "transport.connect(host, System.getenv(\"SMTP_USER\"), System.getenv(\"SMTP_PASS\"));",
        "NOTAM A2187/26: balloon launches from Ashgrove field 0600-0900, surface to 3000 ft",
        "Passengers: booking confirmations never ask for a password; call us if a message does.",
    ],
    "stadium": [
        "Block 112 | row R | seats 14-19 | gate C | turnstiles 11-13 | kick-off 15:00",
        "Match ID 7f3e2c1a-9b4d-4e8f-a6c2-5d1b0e9f8a73 | attendance 31,208",
        "userlist turnstile_admins\n    group admins users gateops,stewardlead",
        "$pdo = new PDO($dsn, getenv('TICKETING_USER'), getenv('TICKETING_PASSWORD'));",
        "Season ticket barcode 5 012345 678900 | Block 112 | valid 2026-27",
        "Stewards: the radio console password changes at every briefing - ask the safety officer.",
    ],
    "crematorium": [
        "Cremation 26/1184 | Chapel East | 2026-12-14 11:30 | cremator 2 | certificate F issued",
        "Cremator 2 log: secondary chamber 852 C | O2 7.9% | CO 12 mg/m3 | filter dP 1.8 kPa",
        "Database.connect(url, driver = \"org.postgresql.Driver\", user = env(\"DB_USER\"), password = "
        "env(\"DB_PASSWORD\"))",
        "sshfs records@records-nas:/scans /mnt/scans -o IdentityFile=/etc/records/id_ed25519",
        "Records system password rules: 12 characters minimum, no reuse of the last 10.",
        "The funeral director's portal password is reset only by Bereavement Services.",
    ],
    "chimney-sweep": [
        "Certificate CS-2026-08817 | 14 Mill Lane | open fire | flue 225 x 225 mm | swept, smoke test passed",
        "CO reading in the lounge: 0 ppm | flue draw 12 Pa | next sweep due 2027-11",
        "auth: { user: process.env.SMTP_USER, pass: process.env.SMTP_PASS }",
        "duplicity /srv/jobsheets ftp://sweeps@backup.sweeps.example/jobsheets   # reads FTP_PASSWORD from the vault",
        "Registration number 7731-44 | competent person scheme | valid to 2027-09",
        "Job sheet app: forgotten your password? Tap 'Reset' and the office texts a new one.",
    ],
    "piano-workshop": [
        "Serial 588112 | model B 211 cm | 1998 | hammers replaced 2019 | action regulated 2026-10",
        "Tuning: A4 = 442 Hz | stretch +6 cents at C8 | -14 cents at A0 | 2 passes",
        "connection: { host: process.env.PGHOST, user: process.env.PGUSER, password: process.env.PGPASSWORD }",
        "Part 1143-B hammer shank set (88) | part 2207 damper felt | qty 1",
        "rental-sync v2.6.0 tagged at 8e1f0c44b7a2 - release builds on Monday",
        "mysqlsh --uri rentals@10.5.0.2:3306 --sql   # mysqlsh prompts for the password",
    ],
    "fish-auction": [
        "Lot 0412 | haddock | 64 boxes | 2,880 kg | grade A | 2.36 per kg | buyer 14",
        "Vessel PD 347 Silver Spray | ICES 27.4.a | landed 04:05 | skipper A. Buchan",
        "DB = Sequel.connect(ENV.fetch('LANDINGS_DATABASE_URL'))",
        "Label EAN 5060123456781 | haddock fillet | 2 kg | use by 2026-12-08",
        "2026-12-05 04:30:12 clockd[3310] INFO buyer terminal 14 login user=buyer14 pw=******** ok",
        "Buyers: terminal passwords are handed out at registration, never over the radio.",
    ],
    "be-ne-chat": [
        "Я забыў пароль - як яго аднавіць?",
        "Пароль павінен мець не менш за 12 знакаў.",
        "Рахунак 2026-118 | пакупнік 50211 | разам 412,60 руб.",
        "मैले पासवर्ड बिर्सें - कसरी बदल्ने?",
        "पासवर्डमा कम्तीमा १२ अक्षर हुनुपर्छ।",
        "बिल २०८३-०४१२ | ग्राहक ७७१०२ | जम्मा रु. ४,२५०",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=CYCLISTS, leet=VOLCANOES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(RIVERS, SHOREBIRDS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
