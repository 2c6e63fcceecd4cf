#!/usr/bin/env python3
"""Held-out set 40: passwords in seed banks, organ builders, luthiers, narrowboat hire, stonemasons, cideries,
upholsterers, podiatry clinics, funiculars, and Sinhala and Malayalam chat.

Written on 2026-12-07 (helper set40) on main 99b6fe5, before any detection change it measures (prose55 was tuning
the detector on set 39 at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py,
nor tests/data/languages/, nor the branch prose55, nor any set's misses), and read set 39 only for its layout,
scoring interface and word-list form, and sets 20-39 only for their carrier lists. Sets 1-39
(scripts/eval_heldout*.py and tests/data/heldout*/) were grepped for every carrier, language, word-list word and
user name below, and sets 20-39 for every tool, JSON wrapper key and negative shape; what the grep found was
dropped: dance studios, mushroom farms, cooperages, salt works, surf schools, clockmakers and kennels first
considered as carriers; `PGPASSWORD`, `isql`, `sqlcmd`, `redis-cli`, `zip -P`, a C# `NetworkCredential`, a PHP
`new PDO` and a `group_vars` file as shapes; cyclists, bell ringing, horology, weaving and Uranus's moons for the
word lists; a Jinja `{{ }}` placeholder, `--ask-password`, a keyring, `ENV.fetch`, a `_FILE` variable, a tracking
code, a SKU and a date-of-birth hint as negatives. Sinhala and Malayalam occur in no earlier set (Sinhala writes
`මුරපදය` and `කේතය`, its own words, in its own script, with the object before the verb and the instrumental
`යොදා`; Malayalam `പാസ്‌വേഡ്` with its own case endings, `-ഉം` "and" and `ഉപയോഗിച്ച്` "using"). The script keeps
counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): seed banks
(a cold-room note, a seed-exchange e-mail, a herbarium ticket, `ipmitool -U -P`, a monitor's YAML with a
double-quoted password, an `activity`/`bindings` JSON); organ builders (a workshop chat, a cathedral-console
e-mail, an SMS, `xfreerdp /u: /p:`, PHP `mysqli_connect(host, user, password, db)` with the password positional, a
`directive`/`fields` JSON); luthiers (a bench note with `user / password`, a tonewood-supplier e-mail, a sensor-hub
log line, `snmpwalk -v3 -u -A`, Python `ftplib.FTP(host, user, password)` positional, a `trigger`/`context` JSON);
narrowboat hire (a boatyard handover, a canal-licence e-mail, a fleet-tracker ticket, `wget --user= --password=`, an
`.msmtprc`, a `recipe`/`ingredients` JSON); stonemasons (a yard chat, a block-order e-mail, an SMS, `sendemail -xu
-xp`, Go `sasl.NewPlainClient("", user, password)` positional, a `mission`/`loadout` JSON); cideries (a
pressing-season log, a duty-portal e-mail, a cellar syslog line, `svn checkout --username --password`, a
`tomcat-users.xml` user, a `hook`/`env` JSON); upholsterers (a workroom note, a trade-account e-mail, an invoicing
ticket, `qpdf --password= --decrypt`, Ruby `Net::FTP.open(host, user, password)` positional, a
`callback`/`answers` JSON); podiatry clinics (a clinic chat, an orthotics-lab e-mail, a pressure-plate log line,
`mongosh --username --password`, Python `pymssql.connect(host, user, password, db)` positional, an
`order`/`lineItems` JSON); funiculars (a control-cabin handover, a ticketing e-mail, an SMS, `wpa_passphrase SSID
passphrase`, a compose file's `environment:` in YAML, a `playbook`/`extra_vars` JSON); Sinhala and Malayalam chat
(the password is, log in with, the code: an office Wi-Fi password, an accounts-software login, a gate lock's code; a
shop Wi-Fi password, a clinic appointment-system login, a store-room lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (an architect's name with a year
or digits and a symbol, or two run together with digits), leetspeak ballet steps (never the first letter) with
digits and a symbol, passphrases of three to five cave words (blanks, hyphens, dots, or capitalised and run together
with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a moon of Neptune and a
moss joined in four casings), and PINs of 4-8 digits; drawn from random.Random(40) in a fixed order, so the set is
the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's negatives took as far as the
grep shows: an accession and a germination test, a herbarium barcode, an ansible-vault `!vault` ciphertext, a stop
list, a pipe scale, a magnet part number, a temperament, a neck blank, a consignment number, a build commit, a
placeholder "(chosen at first login)", a canal licence, a lock record, a pump-out log, a stone block, lettering
templates, a cider tank and a bottling lot, an orchard block, a fabric reference, a foam grade, a release build, a foot
scan, biomechanics figures, an appointment reference, a rope inspection, a timetable, a price-list line, a PLC CRC,
commands that prompt or need none (`ipmitool -E`, `xfreerdp /from-stdin`, `snmpwalk -c public`, `wget
--use-askpass`, `sendemail` through a trusting relay, `svn --username` alone, `qpdf --show-encryption`, `mongosh`
without a password, `wpa_passphrase` reading stdin), values read elsewhere or left empty (an empty `mysqli`
password, an ini file at run time, `passwordeval "gpg -dq ..."`, `secrets.Lookup`, a deploy job's comment, Ruby
`creds.secret`, `os.environ`, a host's secret store), an env var named without a value, password rules, and in both
languages a length rule, where to change the password, and a train time or an order number. Same scoring as sets
3-39 (heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative
is hit by any such finding; values are never printed).

Score on the unchanged code (main 99b6fe5; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set40 that wrote it (`scripts/eval_heldout40.py`, 2026-12-07 04:03 UTC, load
3.5): password recall 209/300 = 0.697; hard negatives hit 3/60 (seed-bank 24/30, organ-builder 27/30, luthier 14/30,
narrowboat-hire 22/30, stonemason 15/30, cidery 29/30, upholsterer 19/30, podiatry 23/30, funicular 30/30, si-ml-chat
6/30; human 37/50, leet 39/50, passphrase 36/50, generated 37/50, letters 25/50, pin 35/50; negatives hit: seed-bank,
luthier and podiatry 1/6 each, 0/6 in the other seven).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout40.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 40"
SEED = 40

ARCHITECTS = ("gaudi", "aalto", "niemeyer", "utzon", "hadid", "palladio", "borromini", "gropius")
BALLET = ("pirouette", "arabesque", "entrechat", "glissade", "fouette", "sissonne", "cabriole", "brise")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
CAVE_WORDS = ("stalactite", "stalagmite", "helictite", "flowstone", "sump", "dripstone", "gour", "boxwork",
              "anthodite", "cavern", "speleothem", "doline", "ponor", "swallet", "rimstone", "moonmilk")
NEPTUNE_MOONS = ("nereid", "proteus", "larissa", "despina", "galatea", "thalassa", "naiad")
MOSSES = ("sphagnum", "hypnum", "polytrichum", "bryum", "dicranum")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML
# double-quoted scalars, an XML attribute, an msmtprc line, PHP, Python, Go and Ruby literals, and the bare arguments
# of the shell lines). Blanks come only in passphrases, which no bare argument takes (the fourth template of each
# carrier never draws a passphrase).
HUMAN_SYMBOLS = "!*.+=_-"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("s.perera", "a.nair", "vault.tech2", "voicer.hb", "lena.bench4", "wharf.eng3", "owen.carver", "cellar.hand7",
         "podo.desk1", "ropeway.ctl")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "seed-bank": [
        "Cold-room note: the germination-lab PC logs in as {u}; after the nightly reboot its password is {p}. "
        "Accession 4471 moved to the -18 C vault, shelf B12.",
        "Subject: seed exchange portal\n\nDear Marisol,\nthe partner seed exchange has set up our account: "
        "username {u}, password {p}. Please upload the 2026 regeneration list there.\n\nKind regards,\nEwan",
        "SBK-1184 | herbarium database | the curator's login ({u}) was disabled after five tries. Reset to {p}; "
        "to be changed at next sign-in.",
        "ipmitool -I lanplus -H 10.12.0.40 -U {u} -P {p} chassis power status",
        "# vault-monitor.yaml\nvault_monitor:\n  host: probes.seedbank.example\n  user: {u}\n  password: \"{p}\"\n"
        "  poll_seconds: 60",
        "{\"activity\": \"log_germination_test\", \"bindings\": {\"accession\": \"4471\", \"sown\": 200, "
        "\"germinated\": 183, \"technician\": \"{u}\", \"technician_password\": \"{p}\"}}",
    ],
    "organ-builder": [
        "Workshop chat\nHamish: the voicing-room laptop wants a login again\nIngrid: {u}, and the password is {p}\n"
        "Hamish: ta",
        "Subject: cathedral console remote access\n\nHello Ingrid,\nthe combination system on the cathedral organ "
        "can be reached for maintenance now. Log in as {u} with the password {p}; the dean asks that we connect on "
        "weekdays only.\n\nBest wishes,\nCanon Price",
        "ORGANWORKS: the parts-ordering password for {u} was changed to {p}. If this wasn't you, ring the office.",
        "xfreerdp /v:console.cathedral.example /u:{u} /p:{p} /cert:ignore",
        "$db = mysqli_connect('db.organworks.example', '{u}', '{p}', 'pipes');",
        "{\"directive\": \"tune_rank\", \"fields\": {\"division\": \"Swell\", \"stop\": \"Trompette 8\", "
        "\"temperament\": \"equal\", \"voicer\": \"{u}\", \"voicer_password\": \"{p}\"}}",
    ],
    "luthier": [
        "Bench note for Sunday: the CNC that cuts the necks asks for {u} / {p} since the firmware update. The "
        "dreadnought back stays clamped till Tuesday.",
        "Subject: tonewood supplier account\n\nHi Tomas,\nyour account at the tonewood supplier is ready: login "
        "{u}, password {p}. Spruce tops are back in stock.\n\nCheers,\nLena",
        "2026-12-04 10:22:18 humidord[611] drying-room sensor hub: user {u} authenticated, password {p}",
        "snmpwalk -v3 -l authNoPriv -u {u} -a SHA -A {p} 10.3.1.7 1.3.6.1.2.1.1",
        "ftp = ftplib.FTP(\"ftp.luthierco.example\", \"{u}\", \"{p}\")",
        "{\"trigger\": \"book_setup\", \"context\": {\"instrument\": \"OM copy\", \"work\": \"fret level and setup\", "
        "\"gauge\": \"12-53\", \"staff\": \"{u}\", \"staff_password\": \"{p}\"}}",
    ],
    "narrowboat-hire": [
        "Boatyard handover: the booking-office PC at the top lock is signed in as {u}; if it asks again it's {p}. "
        "Dabchick needs a pump-out before Friday.",
        "Subject: canal licence portal\n\nHi Jo,\nthe fleet's account on the canal licence portal is {u} and the "
        "password is {p}. The winter licences renew on the 1st.\n\nPete",
        "NBH-0093 | fleet tracker | the engineer ({u}) lost access to the tracker dashboard. New password {p} set; "
        "change on first login.",
        "wget --user={u} --password={p} https://fleet.wharfhire.example/exports/bookings.csv",
        "# ~/.msmtprc\naccount wharf\nhost smtp.wharfhire.example\nport 587\nauth on\nuser {u}\npassword {p}\n"
        "from bookings@wharfhire.example",
        "{\"recipe\": \"schedule_pumpout\", \"ingredients\": {\"boat\": \"Dabchick\", \"mooring\": \"Top Lock 3\", "
        "\"date\": \"2026-12-11\", \"engineer\": \"{u}\", \"engineer_password\": \"{p}\"}}",
    ],
    "stonemason": [
        "Yard chat\nOwen: the CAD machine in the drawing office locked me out\nBeth: user {u}, the password is {p}\n"
        "Owen: in, cheers",
        "Subject: block order portal\n\nHi Owen,\nwe order the Portland blocks through the supplier's portal now. "
        "Log in with {u} and the password {p}; deliveries are booked there too.\n\nBeth",
        "STONEYARD: your timesheet app password is now {p} (user {u}). Tell the office if you didn't ask for this.",
        "sendemail -f yard@stoneyard.example -t office@stoneyard.example -u saw-log -s smtp.stoneyard.example:587 "
        "-xu {u} -xp {p} -a saw-log.csv",
        "auth := sasl.NewPlainClient(\"\", \"{u}\", \"{p}\")",
        "{\"mission\": \"cut_block\", \"loadout\": {\"block\": \"PB-2207\", \"stone\": \"Portland Whitbed\", "
        "\"saw\": \"wire saw 2\", \"mason\": \"{u}\", \"mason_password\": \"{p}\"}}",
    ],
    "cidery": [
        "Pressing-season log: the press-house tablet logs in as {u} with {p}. Pressed 2.4 t of Dabinett today, "
        "juice at 1.058.",
        "Subject: duty return portal\n\nDear Ruth,\nthe cidery's account for the excise duty portal is {u}; its "
        "password is {p}. The quarterly return is due on the 15th.\n\nBest,\nMark",
        "Dec 05 14:03:27 cellar-gw fermd[3120]: tank 7 controller session opened by {u} with password {p}",
        "svn checkout https://svn.cidery.example/recipes --username {u} --password {p} --non-interactive",
        "<tomcat-users>\n  <role rolename=\"manager-gui\"/>\n  <user username=\"{u}\" password=\"{p}\" "
        "roles=\"manager-gui\"/>\n</tomcat-users>",
        "{\"hook\": \"rack_tank\", \"env\": {\"from_tank\": 7, \"to_tank\": 9, \"gravity\": 1.002, "
        "\"cellar_hand\": \"{u}\", \"cellar_password\": \"{p}\"}}",
    ],
    "upholsterer": [
        "Workroom note: the fabric plotter's PC wants {u} and {p} every morning. The wingback in bay 2 needs "
        "re-webbing before the top cover goes on.",
        "Subject: trade fabric account\n\nHello Dilys,\nyour trade account with the fabric house is open. Username "
        "{u}, password {p}. The sample books are on their way.\n\nWarm regards,\nSales",
        "UPH-415 | invoicing | the bookkeeper ({u}) can't get into the invoicing tool after the update; password "
        "reset to {p}.",
        "qpdf --password={p} --decrypt fabric-prices-2027.pdf fabric-prices.pdf",
        "Net::FTP.open(\"ftp.upholstery.example\", \"{u}\", \"{p}\") do |ftp|\n  ftp.getbinaryfile(\"orders.csv\")\n"
        "end",
        "{\"callback\": \"quote_reupholstery\", \"answers\": {\"piece\": \"wingback chair\", \"fabric\": "
        "\"wool boucle\", \"metres\": 6.5, \"upholsterer\": \"{u}\", \"upholsterer_password\": \"{p}\"}}",
    ],
    "podiatry": [
        "Clinic chat\nSunita: the gait-analysis laptop is asking for a login\nGareth: {u}, password {p}\nSunita: "
        "thanks, first patient is in",
        "Subject: orthotics lab ordering\n\nDear Gareth,\nthe orthotics lab has opened an ordering account for the "
        "practice: user {u}, password {p}. Please upload the foot scans there.\n\nLab Support",
        "2026-12-06T08:41:55Z pressure-plate INFO device pairing: clinician {u} entered password {p}",
        "mongosh mongodb://10.5.0.3:27017/clinic --username {u} --password {p} --eval 'db.visits.countDocuments()'",
        "conn = pymssql.connect(\"10.5.0.3\", \"{u}\", \"{p}\", \"clinic\")",
        "{\"order\": \"dispatch_orthotics\", \"lineItems\": {\"patient_ref\": \"P-20931\", \"pair\": \"full length\", "
        "\"shell\": \"3 mm polypropylene\", \"clinician\": \"{u}\", \"clinician_password\": \"{p}\"}}",
    ],
    "funicular": [
        "Control-cabin handover: the drive SCADA is signed in as {u}; if it logs out the password is {p}. The "
        "door sensor on car 2 was replaced this morning.",
        "Subject: ticketing back office\n\nHi Jonas,\nthe new ticket gates' back office is live: log in as {u}, "
        "password {p}. Season passes sync at midnight.\n\nAnna",
        "FUNICULAR OPS: your maintenance-log password has been reset to {p} for {u}. Call control if you did not "
        "expect this.",
        "wpa_passphrase cabin-wifi {p} >> /etc/wpa_supplicant/wpa_supplicant-wlan0.conf",
        "services:\n  rope-monitor:\n    image: ropemon:3.2\n    environment:\n      MONITOR_USER: {u}\n"
        "      MONITOR_PASSWORD: \"{p}\"",
        "{\"playbook\": \"set_timetable\", \"extra_vars\": {\"season\": \"winter\", \"first_car\": \"08:00\", "
        "\"interval_min\": 15, \"operator\": \"{u}\", \"operator_password\": \"{p}\"}}",
    ],
    "si-ml-chat": [
        "ආයුබෝවන් {u}! කාර්යාලයේ Wi-Fi එකේ අලුත් මුරපදය {p}. කාටවත් කියන්න එපා.",
        "ගිණුම් මෘදුකාංගයට {u} පරිශීලක නාමය සහ {p} මුරපදය යොදා ලොග් වන්න, ඉන්පසු මුරපදය මාරු කරන්න.",
        "ගේට්ටුවේ අගුලේ කේතය {p}. එය බිත්තියේ ලියන්න එපා.",
        "ഹായ് {u}, കടയിലെ വൈ-ഫൈയുടെ പുതിയ പാസ്‌വേഡ് {p} ആണ്. ആരോടും പറയരുത്.",
        "ക്ലിനിക്കിലെ അപ്പോയിന്റ്മെന്റ് സിസ്റ്റത്തിൽ {u} എന്ന യൂസർനെയിമും {p} എന്ന പാസ്‌വേഡും ഉപയോഗിച്ച് ലോഗിൻ "
        "ചെയ്യുക, എന്നിട്ട് പാസ്‌വേഡ് മാറ്റുക.",
        "സ്റ്റോർ റൂമിന്റെ പൂട്ടിന്റെ കോഡ് {p} ആണ്. അത് എവിടെയും എഴുതിവെക്കരുത്.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (an accession, a stop list, a
# block or tank record, a licence or part number, a tracking code, a SKU, a commit or CRC, a command that prompts or
# needs none, a value read from elsewhere or left empty, a placeholder, an env var named without a value, a rule).
NEGATIVES: dict[str, list[str]] = {
    "seed-bank": [
        "Accession SB-4471 | Triticum dicoccum | collected 2019 | viability 91% | vault B, shelf 12",
        "Germination test GT-26-118: 200 sown, 183 up after 14 days at 20 C, 8 h light",
        "ipmitool -I lanplus -H 10.12.0.40 -U admin -E chassis power status   # -E: IPMI_PASSWORD from the environment",
        "vault_monitor:\n  user: probes\n  password: !vault |\n    $ANSIBLE_VAULT;1.1;AES256\n"
        "    62313365396662343061393464336163383764373764613633653834383133623035386537396135\n"
        "    3566306332323735623939306635396561383230613531650a",
        "Herbarium barcode K000912345 | det. 2021 | sheet 2 of 3",
        "Setup guide: export SEEDVAULT_PASSWORD before starting the monitor; the YAML never holds it.",
    ],
    "organ-builder": [
        "Stop list: Swell - Trompette 8, Hautbois 8, Voix celeste 8; Great - Open Diapason 8, Principal 4",
        "Pipe scale 42 at 8 ft C | mouth 1/4 | cut-up 1/3.5 | wind 85 mm",
        "xfreerdp /v:console.cathedral.example /u:maint /from-stdin   # asks for the password",
        "$db = mysqli_connect('db.organworks.example', 'reader', '', 'pipes');  // read-only, no password on the LAN",
        "Part no. MAG-8-220V-REV2 | slider solenoid magnet | qty 24",
        "Temperament: Kellner, A = 440 Hz at 20 C; retune after the heating goes on",
    ],
    "luthier": [
        "Neck blank: Honduran mahogany, 25.4 in scale, nut 1-11/16, truss rod two-way 440 mm",
        "Order TW-2026-0911 | 4 AAA Sitka tops | consignment 1Z999AA10123456784 by road",
        "snmpwalk -v2c -c public 10.3.1.7 1.3.6.1.2.1.1",
        "ftp = ftplib.FTP_TLS(\"ftp.luthierco.example\")  # the login is read from ~/.config/luthier/ftp.ini "
        "at run time",
        "New staff login: user = first initial + surname, password: (chosen at first login)",
        "CNC controller cnc-ctl 3.11.2, built from commit 4f1c9e2 on 2026-11-30",
    ],
    "narrowboat-hire": [
        "Licence PLA-52187 | boat Dabchick | 57 ft | index no. 512734 | expires 2027-03-31",
        "Lock 14 | rise 2.1 m | gates repainted 2025 | windlass 3/4 in",
        "wget --user=office --use-askpass=/usr/bin/wharf-askpass https://fleet.wharfhire.example/exports/bookings.csv",
        "# ~/.msmtprc\naccount wharf\nauth on\nuser bookings\npasswordeval \"gpg -dq ~/.msmtp-wharf.gpg\"",
        "Pump-out log: Dabchick 2026-12-04, 320 l, engineer initials JT",
        "Guest guide: the boats have no Wi-Fi; ask at the wharf office for a 4G dongle.",
    ],
    "stonemason": [
        "Block PB-2207 | Portland Whitbed | 1.8 x 1.1 x 0.9 m | 4.6 t | bed marked",
        "Templates T-114 to T-129 | cornice, ogee profile | zinc, 0.8 mm",
        "sendemail -f yard@stoneyard.example -t office@stoneyard.example -s smtp.stoneyard.example:25 -a saw-log.csv "
        "  # the relay trusts the yard's address",
        "auth := sasl.NewPlainClient(\"\", user, secrets.Lookup(\"smtp\"))",
        "Lettering: V-cut, 38 mm Roman capitals, gilded 23.5 ct",
        "Timesheet app: passwords are at least 10 characters and expire every 90 days.",
    ],
    "cidery": [
        "Tank 7 | Dabinett / Kingston Black 70:30 | OG 1.058 | FG 1.002 | ABV 7.3%",
        "Bottling run BR-26-044 | 2,400 x 500 ml | lot L26339 | best before 12/2028",
        "svn checkout https://svn.cidery.example/recipes --username cellar   # prompts for the password",
        "<!-- the manager's password is set by the deploy job, never in this file -->\n"
        "<user username=\"cellar\" roles=\"manager-gui\"/>",
        "Orchard block 3: 142 trees, MM106 rootstock, planted 2014",
        "Duty portal: the password field takes 12 to 64 characters; spaces are allowed.",
    ],
    "upholsterer": [
        "Fabric ref. WB-2291-OAT | 140 cm wide | 42,000 rubs Martindale | FR to BS 5852",
        "Job 26-318 | wingback | re-web, re-spring, top cover 6.5 m | collect 18/12",
        "qpdf --show-encryption fabric-prices-2027.pdf   # reports AES-256, asks for nothing",
        "Net::FTP.open(\"ftp.upholstery.example\", creds.user, creds.secret)  # creds loaded by the job runner",
        "Foam grade RX39/120 | 100 mm | cut to 560 x 480",
        "Invoicing tool 5.2.0 (build 20261201) released; see the change log for the new VAT codes.",
    ],
    "podiatry": [
        "Scan ORTH-26-00871 | left foot | 14.2 MB | shell 3 mm polypropylene | posting 4 deg medial",
        "Biomechanics: RCSP 4 deg everted | first MTPJ dorsiflexion 45 deg",
        "mongosh mongodb://10.5.0.3:27017/clinic --username clinic   # mongosh prompts for the password",
        "conn = pymssql.connect(server=os.environ[\"DB_HOST\"], user=os.environ[\"DB_USER\"], "
        "password=os.environ[\"DB_PASS\"], database=\"clinic\")",
        "Appointment ref. PX-7Q4K-22 | Tue 10:30 | nail surgery, room 3",
        "Portal help: your patient number is on your appointment letter (it looks like P-00000).",
    ],
    "funicular": [
        "Rope inspection RI-2026-11 | 38 mm | 6x36 WS | broken wires 2 in 30d | next NDT 2027-05",
        "Winter timetable: 08:00-22:00 every 15 minutes | car 1 at the top station at 08:00",
        "wpa_passphrase cabin-wifi < /run/secrets/cabin-psk >> /etc/wpa_supplicant/wpa_supplicant-wlan0.conf",
        "environment:\n  MONITOR_USER: ropemon\n  # MONITOR_PASSWORD comes from the host's secret store at deploy time",
        "Price list line FUN-SEASON-ADULT-2027 | 240.00 | valid 01/01-31/12",
        "Drive cabinet A: PLC firmware 2.8.14 flashed, CRC32 7F3A21C9, brake test passed",
    ],
    "si-ml-chat": [
        "මුරපදයේ අවම වශයෙන් අක්ෂර 8ක් තිබිය යුතුයි.",
        "මුරපදය වෙනස් කිරීමට 'සැකසුම්' මෙනුව විවෘත කරන්න.",
        "දුම්රිය අංක 1045 උදේ 6.55ට කොළඹ කොටුවෙන් පිටත් වේ.",
        "പാസ്‌വേഡിൽ കുറഞ്ഞത് 8 അക്ഷരങ്ങൾ വേണം.",
        "പാസ്‌വേഡ് മാറ്റാൻ 'സെറ്റിംഗ്സ്' തുറക്കുക.",
        "ഓർഡർ നമ്പർ KL-20931 നാളെ എത്തും.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=ARCHITECTS, leet=BALLET, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=CAVE_WORDS,
    letters=(NEPTUNE_MOONS, MOSSES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
