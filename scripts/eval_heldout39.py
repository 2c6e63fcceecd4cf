#!/usr/bin/env python3
"""Held-out set 39: passwords in creameries, glassworks, vending-machine operators, abattoirs, tanneries, sugar
refineries, carpet cleaners, fertility clinics, customs brokers, and Kyrgyz and Gujarati chat.

Written on 2026-12-07 (helper set39) on main 0cb3f5b, before any detection change it measures (prose54 was tuning
the detector on set 38 at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor the branch prose54, nor any
set's misses), and read set 38 only for its layout, scoring interface and word-list form, and sets 20-38 only for
their carrier lists. Sets 1-38 (scripts/eval_heldout*.py and tests/data/heldout*/) were grepped for every carrier,
tool, JSON wrapper key, language, word-list word and user name below; what the grep found was dropped: ferry
operators, dental labs, beekeepers, dairies, farriers and archery ranges first considered as carriers; `usermod -p`,
`ldappasswd`, `mysqladmin`, `net user`, `smbclient`, a JSch `setPassword`, a PHPMailer `->Password` and a `mysql2`
`createConnection` as shapes; chess champions, sailing knots, deserts and Lake Ladoga for the word lists; an MRN,
an RFID tag and an OTP warning as negatives. Kyrgyz and Gujarati occur in no earlier set (Kyrgyz writes `сырсөз`,
its own word, in Cyrillic; Gujarati `પાસવર્ડ` in its own script). The script keeps counts only, so it cannot list
its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): creameries
(a vat-room chat, a milk-collection portal e-mail, a LIMS ticket, `ldapwhoami -w`, an `.offlineimaprc`
`remotepass`, an `intent`/`slots` JSON); glassworks (a furnace log note, a supplier-portal e-mail, an SMS,
`ssh-keygen -p -P`, Rust lettre `Credentials::new(user, password)`, a `skill`/`inputs` JSON); vending operators (a
route-van chat with `pass is`, a card-reader back-office e-mail, a telemetry ticket, an `https_proxy` URL with user
and password, Python `oracledb.connect(user=, password=)`, a `verb`/`payload` JSON); abattoirs (a kill-floor
handover, a traceability-system e-mail, a weigh-station log line, `rabbitmqadmin -u -p`, a `pyodbc.connect` string
with `UID=`/`PWD=`, a `job`/`attrs` JSON); tanneries (a beamhouse note, a hide-portal e-mail, an effluent-analyser
ticket, `unrar x -p`, a `cntlm.conf`, a `step`/`kwargs` JSON); sugar refineries (a control-room chat, a growers'
portal e-mail, a historian syslog line, `mutool clean -p`, a Kafka `sasl.jaas.config` PlainLoginModule, a
`workflow`/`knobs` JSON); carpet cleaners (a van chat, a franchise e-mail, an SMS, `curlftpfs ftp://user:password@`,
Perl MIME::Lite `AuthUser`/`AuthPass`, an `agentAction`/`actionInput` JSON); fertility clinics (an embryology lab
note, a patient-portal e-mail, an EMR ticket, a Redis replica's `masterauth`, a Node ioredis `new Redis({...})`, an
`rpc`/`rpcParams` JSON); customs brokers (an entries-desk handover, a declaration-software e-mail, a gateway log
line, a squid `cache_peer ... login=user:password`, Python `Elasticsearch(..., http_auth=(user, password))`, an
`operationId`/`requestBody` JSON); Kyrgyz and Gujarati chat (the password is, log in with, the code: an office
Wi-Fi password, an e-diary login, a stairwell door code; a shop Wi-Fi password, a billing-software login, a locker
code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a jazz musician's name with a
year or digits and a symbol, or two run together with digits), leetspeak glaciers (never the first letter) with
digits and a symbol, passphrases of three to five typography and bookbinding words (blanks, hyphens, dots, or
capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters
only (a lake and a fern joined in four casings), and PINs of 4-8 digits; drawn from random.Random(39) in a fixed
order, so the set is the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's
negatives took as far as the grep shows: vat and drum records, a milk collection, a health mark, a grader's card, a
furnace and a mould set, a colour spec, a planogram, a coin-mech error, a card-reader serial, a kill number with an
ear tag, chiller probes, an approval number, a hide lot, effluent and sugar analyses, a campaign day, a lorry slot, a
historian tag, a carpet job and stain log, a truck-mount's hours, a frozen straw, an IVF cycle, a sperm preparation,
an EORI and a commodity code, a container and seal, commands that prompt or need no password (`ldapwhoami -W`,
`ssh-keygen` asking for a passphrase, `rabbitmqadmin -c`, `unrar` and `mutool` on unencrypted files, `curlftpfs`
with a bare user, a `cache_peer` and a proxy without login), values read elsewhere (`remotepasseval`, `env::var`,
`os.environ`, `$ENV{...}`, `${KAFKA_PASSWORD}`, `process.env.REDIS_URL`, a `Trusted_Connection`, an ES `api_key`
from the environment, a `masterauth` pushed from the vault, a `cntlm -I` prompt), password rules and warnings, and in
both languages a forgotten password, "we never ask by phone", a meeting and a bus time. Same scoring as sets 3-38
(heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative is
hit by any such finding; values are never printed).

Score on the unchanged code (main 0cb3f5b; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set39 that wrote it (`scripts/eval_heldout39.py`, 2026-12-07 02:38 UTC, load
4.2): password recall 199/300 = 0.663; hard negatives hit 1/60 (creamery 21/30, glassworks 11/30, vending 27/30,
abattoir 19/30, tannery 22/30, sugar-refinery 21/30, carpet-cleaning 25/30, fertility-clinic 27/30, customs-broker
26/30, ky-gu-chat 0/30; human 31/50, leet 38/50, passphrase 31/50, generated 37/50, letters 27/50, pin 35/50;
negatives hit: fertility-clinic 1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout39.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 39"
SEED = 39

JAZZ = ("coltrane", "mingus", "ellington", "basie", "gillespie", "parker", "brubeck", "dolphy")
GLACIERS = ("perito", "khumbu", "pasterze", "hubbard", "mendenhall", "lambert", "petermann", "vatnajokull")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "6", "l": "1", "b": "8"}
PHRASE_WORDS = ("kerning", "ligature", "gutter", "colophon", "verso", "octavo", "deckle", "leading", "descender",
                "glyph", "headband", "frontispiece", "errata")
LAKES = ("onega", "vanern", "kivu", "tahoe", "garda")
FERNS = ("maidenhair", "osmunda", "polypody", "spleenwort", "moonwort")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, an
# IMAP and a cntlm config line, a Kafka JAAS string, Rust, Python, Perl and JavaScript literals, an ODBC connection
# string, the user part of a proxy and an FTP URL, a squid `login=user:password`, and the bare arguments of the shell
# lines). Blanks come only in passphrases, which no bare argument takes (the fourth template of each carrier never
# draws a passphrase).
HUMAN_SYMBOLS = "!*.+=_"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("n.asanova", "r.desai", "vat.op2", "kiln.shift1", "route.van5", "cellar.lead", "embryo.lab3",
         "entry.clerk9")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "creamery": [
        "[05:40] Vat room\nMarta: the pasteuriser HMI has logged out again\nJoss: sign in as {u}, password {p}\n"
        "Marta: in, thanks",
        "From: office@hollybrook-creamery.example\nTo: dairy-team@hollybrook-creamery.example\nSubject: milk "
        "collection portal\n\nMorning all,\nthe co-op's milk collection portal now takes our depot account {u} with "
        "the password {p}. Enter the tanker volumes before 10.\n\nFiona",
        "CRM-0427 | lab LIMS | the head cheesemaker's login ({u}) expired over the weekend. Reset; new password "
        "{p}, to be changed on first use.",
        "ldapwhoami -x -H ldaps://dir.hollybrook.example -D \"uid={u},ou=dairy,dc=hollybrook,dc=example\" -w {p}",
        "[Repository dairy-remote]\ntype = IMAP\nremotehost = mail.hollybrook-creamery.example\nremoteuser = {u}\n"
        "remotepass = {p}\nssl = yes",
        "{\"intent\": \"log_vat_batch\", \"slots\": {\"vat\": 3, \"culture\": \"mesophilic\", \"litres\": 4200, "
        "\"operator\": \"{u}\", \"operator_password\": \"{p}\"}}",
    ],
    "glassworks": [
        "Furnace log, night shift: the batch-house PC was locked when I came on. It's {u} with {p} - written here "
        "until the day lead changes it. Lehr 2 running 4 C hot.",
        "Subject: cullet supplier portal\n\nHi Priya,\nour account on the cullet supplier's portal is {u}; the "
        "password is {p}. Please book the January deliveries.\n\nTomasz",
        "GLASSWORKS IT: your forming-line terminal password is now {p} (user {u}). Ask the shift lead if you did "
        "not request this.",
        "ssh-keygen -p -f ~/.ssh/id_lehr_{u} -P {p} -N ''",
        "let creds = Credentials::new(\"{u}\".to_owned(), \"{p}\".to_owned());\nlet mailer = "
        "SmtpTransport::relay(\"smtp.glassworks.example\")?.credentials(creds).build();",
        "{\"skill\": \"schedule_lehr_run\", \"inputs\": {\"line\": \"IS-6\", \"article\": \"330 ml flint\", "
        "\"gobs_per_min\": 180, \"furnace_user\": \"{u}\", \"furnace_password\": \"{p}\"}}",
    ],
    "vending": [
        "Route 5 van chat\nKeisha: the telemetry app kicked me out at the hospital\nDom: {u}, pass is {p}\n"
        "Keisha: cheers",
        "Subject: cashless reader back office\n\nHi all,\nthe back office for the new card readers is live. Log in "
        "with {u} and the password {p}; sales reconcile overnight.\n\nOps",
        "VND-3302 | machine 0417 (Riverside Hospital foyer) | telemetry modem rejected the route login. Password "
        "for {u} reset to {p}.",
        "export https_proxy=http://{u}:{p}@proxy.vendco.example:3128 && ./telemetry-push --all",
        "conn = oracledb.connect(user=\"{u}\", password=\"{p}\", dsn=\"db-vend.example:1521/SALES\")",
        "{\"verb\": \"restock_machine\", \"payload\": {\"machine\": \"0417\", \"slots\": [\"A3\", \"B1\", \"C6\"], "
        "\"route_user\": \"{u}\", \"route_pass\": \"{p}\"}}",
    ],
    "abattoir": [
        "Kill-floor handover, early to late: the carcass-grading PC is signed in as {u}; if it locks, use {p}. "
        "Chiller 3 is running two degrees warm, maintenance know.",
        "Subject: traceability system\n\nDear Sir or Madam,\nyour plant's account on the livestock traceability "
        "system is {u} and its temporary password is {p}. Please record movements within 48 hours.\n\nAnimal "
        "Movements Team",
        "2026-12-03 06:14:55 scaled[882] line 2 weigh station: operator {u} logged in with password {p}",
        "rabbitmqadmin -H mq.meatplant.example -u {u} -p {p} list queues",
        "cnxn = pyodbc.connect(\"DRIVER={ODBC Driver 18 for SQL Server};SERVER=10.4.0.9;DATABASE=grading;"
        "UID={u};PWD={p}\")",
        "{\"job\": \"print_carcass_labels\", \"attrs\": {\"kill_number\": 2231, \"grade\": \"R4L\", \"copies\": 2, "
        "\"grader\": \"{u}\", \"grader_password\": \"{p}\"}}",
    ],
    "tannery": [
        "Beamhouse note: the drum controller's touch panel asks for {u} and {p} after every power cut. Drum 4 "
        "float at pH 8.2.",
        "Subject: hide buyer portal\n\nHello Anika,\nthe auction house set us up on their hide portal: user {u}, "
        "password {p}. Bids close Thursday at noon.\n\nBest,\nGiorgos",
        "TAN-772 | effluent monitoring | the lab tech ({u}) can't log in to the effluent analyser. Password reset "
        "to {p}; change after first login.",
        "unrar x -p{p} hide-grades-2026.rar /srv/grades/",
        "# /etc/cntlm.conf\nUsername {u}\nDomain TANNERY\nPassword {p}\nProxy 10.6.0.1:8080\nListen 3128",
        "{\"step\": \"record_drum_load\", \"kwargs\": {\"drum\": 4, \"hides\": 310, \"process\": \"chrome tanning\", "
        "\"tech\": \"{u}\", \"tech_password\": \"{p}\"}}",
    ],
    "sugar-refinery": [
        "Control room chat\nBilal: centrifuge 3 SCADA wants a login\nAnneke: {u}, the password is {p}\nBilal: ok, "
        "in",
        "Subject: beet growers' portal\n\nDear grower,\nyour account for the beet delivery portal is {u} and your "
        "first password is {p}. Book your lorry slots for the campaign there.\n\nGrower Services",
        "Dec 02 22:48:31 evap-gw sugard[2201]: historian export authenticated as {u} using password {p}",
        "mutool clean -p {p} refinery-audit.pdf audit-open.pdf",
        "sasl.mechanism=PLAIN\nsasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username=\"{u}\" password=\"{p}\";",
        "{\"workflow\": \"adjust_evaporator\", \"knobs\": {\"effect\": 3, \"brix_target\": 68, \"steam_bar\": 2.1, "
        "\"engineer\": \"{u}\", \"engineer_password\": \"{p}\"}}",
    ],
    "carpet-cleaning": [
        "Van 3 chat\nLeanne: the booking app logged me out mid-job\nCraig: {u}, password {p}\nLeanne: sorted, ta",
        "Subject: franchise back office\n\nHi Craig,\nwelcome to the franchise! Your back-office login is {u} and "
        "the password is {p}; change it when you first log in.\n\nHead Office",
        "CLEANCO: your job-booking password has been reset to {p} for user {u}. Call the office if this wasn't "
        "you.",
        "curlftpfs ftp://{u}:{p}@jobs.cleanco.example /mnt/jobphotos",
        "$msg->send('smtp', 'smtp.cleanco.example', AuthUser => '{u}', AuthPass => '{p}');",
        "{\"agentAction\": \"book_clean\", \"actionInput\": {\"rooms\": [\"lounge\", \"stairs\"], "
        "\"stain_treatment\": true, \"franchise_user\": \"{u}\", \"franchise_password\": \"{p}\"}}",
    ],
    "fertility-clinic": [
        "Lab note: after a restart the time-lapse incubator workstation takes the login {u} and the password {p}. "
        "Witnessing scanner batteries replaced.",
        "Subject: your patient portal\n\nDear patient,\nyour portal account is ready. Username: {u}. Temporary "
        "password: {p}. You will be asked to change it when you first sign in.\n\nThe Clinic Team",
        "IVF-219 | EMR | embryologist {u} locked out after leave; temporary password {p} issued, must change at "
        "next logon.",
        "# /etc/redis/replica.conf\nreplicaof 10.8.0.2 6379\nmasteruser {u}\nmasterauth {p}",
        "const redis = new Redis({ host: \"10.8.0.2\", port: 6379, username: \"{u}\", password: \"{p}\" });",
        "{\"rpc\": \"thaw_straw\", \"rpcParams\": {\"dewar\": \"D2\", \"canister\": 4, \"straw\": \"C4-17\", "
        "\"witness\": \"{u}\", \"witness_password\": \"{p}\"}}",
    ],
    "customs-broker": [
        "Entries desk handover: the declarations terminal is logged in as {u}; if it locks the password is {p}. "
        "Three entries are waiting on commercial invoices.",
        "Subject: declaration software\n\nHi Nadia,\nyour login for the declaration software is {u}, password {p}. "
        "Please submit the Felixstowe entries by 4pm.\n\nRoss",
        "2026-12-01T09:12:07Z ens-filer INFO gateway session opened for {u} (password {p})",
        "cache_peer upstream.broker.example parent 3128 0 no-query login={u}:{p}",
        "es = Elasticsearch([\"https://search.broker.example:9200\"], http_auth=(\"{u}\", \"{p}\"))",
        "{\"operationId\": \"submitImportEntry\", \"requestBody\": {\"entry\": \"26-004471\", \"port\": "
        "\"Felixstowe\", \"lines\": 14, \"agent\": \"{u}\", \"agent_password\": \"{p}\"}}",
    ],
    "ky-gu-chat": [
        "Салам, {u}! Кеңсенин Wi-Fi тармагынын жаңы сырсөзү — {p}. Аны эч кимге айтпа.",
        "Электрондук күндөлүккө {u} логини жана {p} сырсөзү менен кирип, андан кийин сырсөздү өзгөрт.",
        "Подъезддин эшигинин коду: {p}. Аны дубалга жазба.",
        "નમસ્તે {u}, દુકાનના વાઇ-ફાઇનો નવો પાસવર્ડ {p} છે. કોઈને આપશો નહીં.",
        "બિલિંગ સોફ્ટવેરમાં {u} યુઝરનેમ અને {p} પાસવર્ડથી લૉગિન કરો, પછી પાસવર્ડ બદલી નાખજો.",
        "લોકરનો કોડ {p} છે. તેને ક્યાંય લખશો નહીં.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a batch or lot record, a
# reading, a registration or approval number, a command that prompts or needs none, a value read from elsewhere, a
# policy or warning).
NEGATIVES: dict[str, list[str]] = {
    "creamery": [
        "Vat 3 | batch 26-1207-03 | 4,200 l | rennet 09:12 | cut 09:50 | pH at drain 6.35",
        "Milk collection: tanker MT-14 | farm 0219 | 6,840 l | fat 4.1% | protein 3.3% | SCC 180k",
        "ldapwhoami -x -H ldaps://dir.hollybrook.example -D \"uid=lab,ou=dairy,dc=hollybrook,dc=example\" -W",
        "[Repository dairy-remote]\nremoteuser = lab\nremotepasseval = get_pass(\"dairy-remote\")",
        "Identification mark UK AB123 EC (oval) | packed 07/12 | best before 21/12",
        "Grader's card: 18-month cheddar, 9/10, slight calcium lactate crystals, close texture",
    ],
    "glassworks": [
        "Furnace 1 | crown 1,590 C | pull 240 t/day | cullet 62% | redox -18",
        "Mould set IS-6/330-F | cavities 1-12 embossed on the base | swabbed every 20 min",
        "ssh-keygen -t ed25519 -f ~/.ssh/id_lehr -C lehr-controller   # asks for a passphrase",
        "let creds = Credentials::new(env::var(\"SMTP_USER\")?, env::var(\"SMTP_PASS\")?);",
        "Bottle colour spec: Pantone 347 C | sRGB hex #00843D | transmission 62% at 550 nm",
        "Lehr controller fault E-4417: belt speed below set point, reset by the shift lead",
    ],
    "vending": [
        "Machine 0417 | planogram v12 | A3 cola 330 ml | B1 crisps | C6 water | float 25.00",
        "Coin mech error 31: 20p tube empty | note validator jam | MDB address 0x30",
        "export https_proxy=http://proxy.vendco.example:3128   # no credentials: the modem IP is allow-listed",
        "conn = oracledb.connect(user=os.environ[\"DB_USER\"], password=os.environ[\"DB_PASSWORD\"], dsn=DSN)",
        "Card reader serial K3-0098-2231 | firmware 4.7.19 | last settlement 02:00",
        "Route drivers: the telemetry app never texts you a password; report any message that does.",
    ],
    "abattoir": [
        "Kill number 2231 | ear tag UK 123456 700021 | carcass 312.4 kg hot | grade R4L",
        "Chiller 3 probe: -1.2 C at 06:00 | 0.4 C at 08:00 | alarm above 4.0 C",
        "rabbitmqadmin -H mq.meatplant.example -c ~/.rabbitmqadmin.conf -N grading list queues",
        "cnxn = pyodbc.connect(\"DSN=grading;Trusted_Connection=yes\")",
        "Approval number UK 1234 | species bovine, ovine | last audit 2026-10-21 | rating good",
        "Traceability system password policy: 10 characters, one digit, changed every 90 days.",
    ],
    "tannery": [
        "Drum 4 recipe TAN-CR-12: chrome 8% | basification 3 h | final pH 3.9 | float 150%",
        "Hide lot 26/0881 | 310 wet-salted hides | avg 28.5 kg | selection TR1",
        "unrar x hide-grades-2026.rar /srv/grades/   # the archive is not encrypted",
        "# /etc/cntlm.conf\nUsername tannery-proxy\nDomain TANNERY\n# no Password line: cntlm -I asks at start-up",
        "Effluent sample 26-E-0412 | COD 1,240 mg/l | Cr(III) 0.8 mg/l | sulphide under 1 mg/l",
        "Lab rota: the analyser login is personal - never sign in as another tech.",
    ],
    "sugar-refinery": [
        "Campaign day 74 | beet sliced 12,480 t | sugar content 17.6% | polarisation 99.8",
        "Lorry slot 0612 | grower 30411 | clamp 7 | tare 14.2 t | dirt tare 6.1%",
        "mutool clean refinery-audit.pdf audit-clean.pdf   # the PDF has no password",
        "sasl.jaas.config=org.apache.kafka.common.security.plain.PlainLoginModule required "
        "username=\"${KAFKA_USER}\" password=\"${KAFKA_PASSWORD}\";",
        "Refined sugar: ICUMSA 45 | colour 38 IU | moisture 0.04% | ash 0.02%",
        "Historian tag EVAP3.BRIX.PV = 67.8 | quality GOOD | 22:48:31",
    ],
    "carpet-cleaning": [
        "Job 26-5518 | 3-bed semi | lounge 22 m2, stairs 14 treads, landing | HWE + stain guard | 145.00",
        "Stain log: red wine, lounge | pre-spray pH 10 | rinse pH 5 | dry time 4 h",
        "curlftpfs ftp://jobs.cleanco.example /mnt/jobphotos -o user=photos   # prompts for the password",
        "$msg->send('smtp', 'smtp.cleanco.example', AuthUser => $ENV{SMTP_USER}, AuthPass => $ENV{SMTP_PASS});",
        "Truck-mount TM-400 | engine hours 1,204 | pump 1,000 psi | next service at 1,250 h",
        "Franchise FAQ: Head Office will never ask for your back-office password by phone or text.",
    ],
    "fertility-clinic": [
        "Straw C4-17 | dewar D2 | canister 4 | frozen 2025-03-11 | grade 4AA",
        "Cycle 26-0311 | day 5 | two blastocysts | transfer one, freeze one",
        "replicaof 10.8.0.2 6379\n# masterauth is pushed from the vault at boot (CONFIG SET), never kept in this file",
        "const redis = new Redis(process.env.REDIS_URL);",
        "Sperm preparation: 2.1 ml | 48 M/ml | progressive motility 62% | density gradient then swim-up",
        "Portal help: your temporary password comes by letter, never by e-mail or phone.",
    ],
    "customs-broker": [
        "EORI GB123456789000 | entry 26-004471 | CPC 4000 001 | incoterm FOB Ningbo",
        "Commodity code 8471 30 00 00 | duty 0% | VAT 20% | origin CN | 14 lines",
        "cache_peer upstream.broker.example parent 3128 0 no-query default   # no login: allow-listed",
        "es = Elasticsearch(hosts, api_key=os.environ[\"ES_API_KEY\"])",
        "Container MSKU 4471025 | seal 00482211 | vessel Maersk Kowloon | ETA 2026-12-09",
        "Customs gateway: passwords expire every 60 days; the sign-in page tells you when.",
    ],
    "ky-gu-chat": [
        "Сырсөзүмдү унутуп калдым, аны кантип калыбына келтирем?",
        "Сырсөздү биз эч качан телефон аркылуу сурабайбыз.",
        "Кезектеги жыйналыш шейшемби күнү саат 10:00до, 204-бөлмөдө болот.",
        "હું મારો પાસવર્ડ ભૂલી ગયો છું, તેને કેવી રીતે બદલું?",
        "અમે તમારો પાસવર્ડ ક્યારેય ફોન પર પૂછતા નથી.",
        "બસ નં. ૧૧૨ સવારે ૭:૪૦ વાગ્યે ઉપડશે.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=JAZZ, leet=GLACIERS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(LAKES, FERNS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
