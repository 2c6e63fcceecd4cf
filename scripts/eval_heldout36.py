#!/usr/bin/env python3
"""Held-out set 36: passwords in newsrooms, container ports, holiday parks and campsites, bicycle shops, pawnbrokers,
recording studios, flying schools, ice rinks, tree surgeons, and Malagasy and Kinyarwanda chat.

Written on 2026-12-06 (helper set36) on main 5915a03, before any detection change it measures (prose51 was tuning the
detector on set 35's misses at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor the branch prose51, nor scripts/MEASUREMENTS.md's
prose entries), and read sets 20-35 only for the scoring interface, their docstrings and carrier names (and set 35's
word-list and carrier layout, whose form this set keeps). Sets 1-35 (scripts/eval_heldout*.py and tests/data/heldout*/)
were grepped for every tool, product, language and word below, and every word of four letters or more in the carriers,
negatives, word lists and user names was grepped (whole words, case-insensitive) once the drafts were written; what the
grep found was dropped: golf clubs (sets 29, 32) and dairy farms (set 28), `smbclient`, `ncftp`, `wp user`, `nmcli`,
`cqlsh`, Perl `DBI->`, `NetworkCredential`, `URLCredential`, `sql.Open`, `rabbitmqctl`, `htpasswd`, `pscp`, `plink`,
`schtasks`, `clickhouse`, `keytool`, `sqlplus`, `sshpass`, `db2`, `racadm`, `svn`, PHP `PDO`, Clojure `next.jdbc`,
aiohttp's `BasicAuth`, reqwest's `basic_auth`, the JSON wrappers `tool_call`, `function_name`, `method`/`params`,
`fields`, `command`, `body` and `tool_input`, the XML key `Passwd`, the keys `instructor_password` and `poll_seconds`,
Avid, Composer, Bravo, XRF, ANPR, barrier, the negatives' shapes `secret-tool`, `password_file`, `process.env`,
`secrets.`, `getenv`, `os.Getenv`, `null`, `REDACTED`, Secrets Manager, Key Vault and `sm://`, a `credential-store`
attribute and keychains, and the words Hollins, Hery, RWF, muntu, plantops, odometer, surveyor, telemetry, compressor,
setpoint, berth, foreman, dealer portal, mechanic, choir, fitter, docks, chiller, yard, repairs, clerks, Wi-Fi, sealed
envelopes, kiosk, niagara, quill and ricotta first tried for the drafts and word lists. Malagasy and Kinyarwanda occur
in no earlier set. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): newsrooms (an
ENPS night-desk handover, an Arc XP reset ticket, an AP Newsroom wire login, a Vertica `vsql -U -w` line, a wire-ingest
TOML table, a CMS publish JSON tool call); container ports (a Navis N4 planning-desk handover, a Tideworks support
reset, a reefer-monitoring login, a `psexec -u -p` line, an OCR-lane XML element, a container-release JSON step);
holiday parks (a Newbook reception handover, an RMS Cloud support reset, a hook-up metering panel login, a Ruby
`Sequel.postgres` call, a metering INI section, a pitch-booking JSON op); bicycle shops (a Bosch eBike diagnostic laptop
handover, a Shimano B2B reset ticket, a workshop till login, a node-postgres `pg.Pool` constructor, a workshop notice, a
service-job JSON tool call); pawnbrokers (a PawnMaster till handover, a ProPawn support reset, a gold analyser login, a
FreeTDS `tsql -U -P` line, an area manager's e-mail, a pledge-loan JSON `use_tool` call); recording studios (a Pro Tools
rig handover with the iLok Cloud password, a Source-Connect support reset, a Dante Controller login, a macOS
`mount_smbfs //user:password@` line, a session-backup YAML, a studio-booking JSON tool call); flying schools (a
FlightLogger ops-desk handover, a Flight Schedule Pro reset, a Redbird simulator operator login, a Scala Slick
`Database.forURL` call, a students' notice, a training-sortie JSON tool call); ice rinks (a refrigeration plant-room
handover, an EZFacility support reset, a Daktronics scoreboard console login, a `wmic /user: /password:` line, a
resurfacer `.properties` file, a public-skate JSON `call_tool`); tree surgeons (an Arborgold office handover, a
SingleOps reset ticket, a council tree-works portal login, a Go `gorm.Open` libpq key=value string, a climbers' notice,
a tree-survey JSON `tool_invocation`); Malagasy and Kinyarwanda chat (an office mail password, a shop-system account, an
association's computer; an office mail password, a clinic-system account, a cooperative's computer).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Greek philosopher's name with a
year or digits and a symbol, or two run together with digits), leetspeak waterfall names (never the first letter) with
digits and a symbol, passphrases of three to five cheesemaking, calligraphy and bell-ringing words (blanks, hyphens,
dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first),
letters only (a tea and an antelope joined in four casings), and PINs of 4-8 digits; drawn from random.Random(36) in a
fixed order, so the set is the same on every run. The word lists and user names were grepped absent from sets 1-35. Hard
negatives (60, six per carrier): the same carriers giving no password (a `vsql` and a `tsql` line that prompt, a cmd.exe
`%OCR_PASSWORD%` reference, an XML element naming a Windows Credential Manager entry, a Rails `credentials` lookup, a
JavaScript `readSecret(...)` call, a Scala `Database.forConfig` with the password in application.conf, a Go
`viper.GetString` DSN, a Jasypt `ENC(...)` value, a secret-manager reference key, an SSO session instead of a password,
a `mount_smbfs -N` guest mount, an `ask-at-mount` source, a badge tap, an empty TOML value and an empty INI value,
masked `********`, `*******` and block-redacted values, `<from the vault at run time>` and `<your own ...>`
placeholders, container, booking, e-bike job, pledge, session, tech-log, ice-plant and tree-survey records, password
rules and policy, talk about passwords in both languages, invoices in ariary and francs). Same scoring as sets 3-35
(heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative is hit
by any such finding; values are never printed).

Score on the unchanged code (main 5915a03; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set36 that wrote it (`scripts/eval_heldout36.py --json`, 2026-12-06 20:34 UTC,
load 5.1): password recall 246/300 = 0.820; hard negatives hit 4/60 (newsroom 24/30, container-port 23/30, holiday-park
28/30, bike-shop 23/30, pawnbroker 24/30, recording-studio 21/30, flying-school 25/30, ice-rink 30/30, arborist 27/30,
mg-rw-chat 21/30; human 40/50, leet 47/50, passphrase 41/50, generated 42/50, letters 37/50, pin 39/50; negatives hit:
newsroom 1/6, container-port 1/6, holiday-park 1/6, bike-shop 1/6, 0/6 in the other six).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout36.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 36"
SEED = 36

PHILOSOPHERS = ("socrates", "plato", "epicurus", "diogenes", "heraclitus", "democritus", "thales", "archimedes")
WATERFALLS = ("iguazu", "gullfoss", "kaieteur", "tugela", "dettifoss", "skogafoss", "ruacana", "yosemite")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "6", "l": "1", "z": "2"}
PHRASE_WORDS = ("rennet", "curd", "whey", "nib", "ductus", "gouache", "serif", "ascender", "stedman", "grandsire",
                "sally", "treble")
TEAS = ("oolong", "sencha", "darjeeling", "assam", "matcha")
ANTELOPES = ("impala", "gazelle", "eland", "kudu", "oryx")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML,
# INI, TOML, XML and .properties values, Ruby, JavaScript, Scala and Go string literals, a libpq key=value string, a
# macOS SMB URL, and the bare arguments of `vsql`, `psexec`, `tsql` and `wmic`). No leet swap makes a parenthesis.
# Blanks come only in passphrases, which no command line, URL or DSN takes (the fourth template of each carrier never
# draws a passphrase). No value but a PIN is shorter than 8 characters (a five-letter philosopher, a symbol and two
# digits).
HUMAN_SYMBOLS = "!*.+=_"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("r.andrianina", "n.uwase", "nd.sub2", "gatectl4", "site.pz", "bench.tj", "counter.kb", "ins.haugen")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "newsroom": [
        "Night desk handover 23:30: the ENPS rundown PC is logged in as {u}; the password is {p} if it locks. The "
        "council story is embargoed until 00:01.",
        "Ticket NR-2291 (Arc XP): sub-editor {u} was locked out of the CMS after the SSO change. Password reset to "
        "{p}; change it at first login.",
        "AP Newsroom wire login for the weekend desk: {u} / {p} - photos are licensed for web use only.",
        "vsql -h 10.44.0.21 -d audience -U {u} -w {p} -c \"select count(*) from pageviews\"",
        "[wire_ingest]\nsource = \"reuters-connect\"\nusername = \"{u}\"\npassword = \"{p}\"\nfetch_every = 90",
        "{\"tool\": \"cms_publish_story\", \"parameters\": {\"slug\": \"council-budget-vote\", \"section\": "
        "\"local\", \"byline\": \"Staff reporter\", \"cms_user\": \"{u}\", \"cms_pass\": \"{p}\"}}",
    ],
    "container-port": [
        "Vessel planning handover: Navis N4 on the planning desk is signed in as {u}; password {p} if it drops. The "
        "feeder's ETA moved to 04:00.",
        "Tideworks support case 55190: gate clerk {u} locked out after the roster change. Password reset to {p}, to "
        "be changed at next login.",
        "Reefer monitoring portal for the night shift: {u} / {p} - alarms only, nothing else.",
        "psexec \\\\gate-ocr03 -u PORT\\{u} -p {p} cmd /c ipconfig",
        "<OcrLane id=\"7\">\n  <Camera>10.72.3.17</Camera>\n  <Login>{u}</Login>\n  <Pwd>{p}</Pwd>\n</OcrLane>",
        "{\"step\": \"release_container\", \"with_args\": {\"container\": \"TGHU 884213 7\", \"bill_of_lading\": "
        "\"BL-7730412\", \"tos_user\": \"{u}\", \"tos_password\": \"{p}\"}}",
    ],
    "holiday-park": [
        "Reception handover: Newbook on the front desk is logged in as {u}; password {p} if it times out. Pitch 41 "
        "needs its hook-up checked before the family arrives.",
        "RMS Cloud support: site assistant {u} can't open the arrivals list after the update. Temporary password "
        "{p}; they'll be asked to change it.",
        "Hook-up metering panel in the service hut: {u} / {p}.",
        "DB = Sequel.postgres('pitches', host: 'pitches.park.local', user: '{u}', password: '{p}')",
        "[hookup_meters]\nhost=10.9.0.40\nuser={u}\npass={p}\nbill_after_kwh=6",
        "{\"op\": \"book_pitch\", \"job_args\": {\"pitch\": \"41\", \"arrival\": \"2027-07-14\", \"nights\": 5, "
        "\"site_login\": \"{u}\", \"site_password\": \"{p}\"}}",
    ],
    "bike-shop": [
        "Workshop handover: the Bosch eBike diagnostic laptop is logged in as {u}; password {p} if it locks. Two "
        "motor updates and a wheel build due Thursday.",
        "Shimano B2B site ticket: wheel builder {u} locked out after the password expiry; reset to {p}, change "
        "it at next login.",
        "Workshop till login for Saturday cover: {u} / {p} - servicing and parts only, no refunds.",
        "const pool = new pg.Pool({ host: \"10.31.0.5\", database: \"workshop\", user: \"{u}\", password: \"{p}\" });",
        "Workshop team: the e-bike demo fleet's lock app now opens with {p}. Don't give it to customers on test rides.",
        "{\"tool\": \"create_service_job\", \"arguments\": {\"bike\": \"Cube Kathmandu, frame WTU1234X\", \"work\": "
        "\"gold service\", \"bench_login\": \"{u}\", \"bench_pw\": \"{p}\"}}",
    ],
    "pawnbroker": [
        "Counter handover: PawnMaster on till 2 is signed in as {u}; password {p} if it logs out. Three loans mature "
        "tomorrow - call the customers.",
        "ProPawn support ticket 88104: assistant manager {u} locked out after the PC rebuild; password reset to {p}, "
        "change at first login.",
        "Gold analyser in the back office: login {u} / {p} - testing only, never the calibration menu.",
        "tsql -S LOANSDB -U {u} -P {p}",
        "Subject: safe room tablet\n\nThe safe room tablet password is now {p}. Don't write it on the pledge "
        "tickets.\nRegards, Devika (area manager)",
        "{\"use_tool\": {\"name\": \"create_pledge_loan\", \"arguments\": {\"customer\": \"C-40218\", \"item\": "
        "\"18ct gold chain, 22.4 g\", \"amount\": 410, \"broker_id\": \"{u}\", \"broker_password\": \"{p}\"}}}",
    ],
    "recording-studio": [
        "Studio B handover: the Pro Tools rig is logged in as {u}; the iLok Cloud password is {p} if it asks. Drum "
        "tracking starts 10:00, mics are up.",
        "Source-Connect support: engineer {u} can't start a session after the licence move. Temporary password {p}; "
        "change it at first login.",
        "Dante Controller on the machine-room Mac: {u} / {p} - routing changes only with the chief engineer.",
        "mount_smbfs //{u}:{p}@nas-studio-b/sessions /Volumes/sessions",
        "session_backup:\n  target: nas-studio-b\n  account: {u}\n  password: {p}\n  keep_days: 30",
        "{\"name\": \"book_studio_session\", \"input\": {\"room\": \"Studio B\", \"artist\": \"Low Tide Quartet\", "
        "\"engineer_login\": \"{u}\", \"engineer_password\": \"{p}\", \"start\": \"2026-12-14T10:00\"}}",
    ],
    "flying-school": [
        "Ops desk handover: FlightLogger is logged in as {u}; password {p} if it signs out. Two solo cross-countries "
        "tomorrow, weather permitting.",
        "Flight Schedule Pro support: club pilot {u} locked out after the phone change; password reset to {p}, "
        "change it at next login.",
        "Redbird simulator operator station: login {u} / {p} - sim sessions only.",
        "val db = Database.forURL(techlogUrl, user = \"{u}\", password = \"{p}\")",
        "Students: the briefing room iPad and the SkyDemon account now use {p}. Don't share it outside the school.",
        "{\"tool\": \"book_training_sortie\", \"arguments\": {\"aircraft\": \"G-OKTA\", \"student\": \"S-1192\", "
        "\"fi_user\": \"{u}\", \"fi_password\": \"{p}\", \"slot\": \"2026-12-10T09:30\"}}",
    ],
    "ice-rink": [
        "Plant room handover: the refrigeration controller PC is logged in as {u}; password {p} if it locks. Slab "
        "return temperature was -7.2 at 22:00.",
        "EZFacility support: skating-school coach {u} can't see the Saturday lessons after the update. Temporary "
        "password {p}; change it at first login.",
        "Daktronics scoreboard console by the penalty box: {u} / {p}.",
        "wmic /node:rinkplant01 /user:{u} /password:{p} process list brief",
        "# resurfacer data feed\nrink.gateway.host=10.12.0.8\nrink.gateway.user={u}\nrink.gateway.password={p}",
        "{\"call_tool\": \"book_public_skate\", \"tool_args\": {\"session\": \"2026-12-13 14:00\", \"skaters\": 4, "
        "\"skate_hire\": true, \"desk_user\": \"{u}\", \"desk_password\": \"{p}\"}}",
    ],
    "arborist": [
        "Base office handover: Arborgold on the office PC is logged in as {u}; password {p} if it locks. The "
        "chipper's back from service on Monday.",
        "SingleOps support ticket: climber {u} locked out after the tablet swap; password reset to {p}, change it at "
        "next login.",
        "Council tree-works application portal: {u} / {p} - conservation area notices only.",
        "db, err := gorm.Open(postgres.Open(\"host=10.2.0.9 user={u} password={p} dbname=arbor port=5432\"), "
        "&gorm.Config{})",
        "Climbers: the rope log tablet now unlocks with {p}. Please don't leave it in the cab.",
        "{\"kind\": \"tool_invocation\", \"tool\": \"log_tree_survey\", \"args\": {\"site\": \"Tarrant Close\", "
        "\"trees\": 14, \"assessor\": \"{u}\", \"assessor_password\": \"{p}\"}}",
    ],
    "mg-rw-chat": [
        "Salama {u}, ity ny teny miafina vaovao ho an'ny mailaka ao amin'ny birao: {p} - aza zaraina amin'olona.",
        "Nosokafana ho anao ny kaonty ao amin'ny rafitry ny fivarotana: anarana {u}, teny miafina {p}. Ovay rehefa "
        "miditra voalohany ianao.",
        "Fara: Inona ny teny miafina amin'ny solosaina ao amin'ny fikambanana?\nTojo: {p} - hovaina amin'ny "
        "alatsinainy.",
        "Muraho {u}, ijambo ry'ibanga rishya rya imeli y'ibiro ni {p} - ntukaribwire abandi.",
        "Twagufunguriye konti muri sisitemu y'ivuriro: izina ukoresha {u}, ijambo ry'ibanga {p}. Urihindure ubwa "
        "mbere winjiye.",
        "Ijambo ry'ibanga rya mudasobwa ya koperative ni {p} - ntukaryandike ku rubaho.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "newsroom": [
        "Story NR-26-1183 | slug council-budget-vote | 742 words | embargo 00:01 | photo AP-26-550912",
        "vsql -h 10.44.0.21 -d audience -U nd.sub1 -c \"select count(*) from pageviews\"  # asks for the password",
        "[wire_ingest]\nsource = \"reuters-connect\"\nusername = \"wire-bot\"\npassword = \"\"  "
        "# set by the deploy job",
        "Arc XP: passwords are managed by the group SSO; the desk can't reset them.",
        "AP Newsroom login: weekend.desk / (password on the desk editor's card, not here)",
        "Don't read the wire password out on the newsroom speaker; message the desk editor.",
    ],
    "container-port": [
        "TGHU 884213 7 | 40HC reefer | VGM 28,410 kg | seal ML-5521093 | bay 34 row 06 tier 82",
        "psexec \\\\gate-ocr03 -u PORT\\ocr-svc -p %OCR_PASSWORD% cmd /c ipconfig",
        "<OcrLane id=\"7\">\n  <Login>ocr-ro</Login>\n  <Pwd store=\"windows-credman\" ref=\"ocr-lane-7\"/>\n"
        "</OcrLane>",
        "Navis N4 password: ******** (managed by terminal IT)",
        "Tideworks: gate operators get their password from the shift supervisor, never by e-mail.",
        "{\"step\": \"release_container\", \"with_args\": {\"tos_user\": \"gate-bot\", \"tos_password\": "
        "\"<from the vault at run time>\"}}",
    ],
    "holiday-park": [
        "Booking HP-26-07714 | pitch 41 | hook-up 16A | arrival 2027-07-14 | 5 nights | deposit 60.00",
        "DB = Sequel.postgres('pitches', host: 'pitches.park.local', user: 'bookings', "
        "password: Rails.application.credentials.pitch_db)",
        "[hookup_meters]\nhost=10.9.0.40\nuser=meter-ro\npass=\nbill_after_kwh=6",
        "RMS Cloud: site assistants sign in with the park code and their own PIN; there's no shared password.",
        "Hook-up panel password: the park manager has it; ask at handover.",
        "Please don't give campers the reception PC password; point them to the guest network.",
    ],
    "bike-shop": [
        "Job W-26-0917 | frame WTU1234X | Bosch CX gen4 | motor hours 212 | firmware 1.9.2 | battery 500Wh",
        "const pool = new pg.Pool({ host: \"10.31.0.5\", user: \"workshop\", "
        "password: await readSecret(\"pg-workshop\") });",
        "Shimano B2B site: passwords expire every 60 days; you'll get a reset link by e-mail.",
        "Workshop till login: sat.cover / (set by the manager on the day)",
        "E-bike lock app password: hidden - tap the eye icon to show it.",
        "{\"tool\": \"create_service_job\", \"arguments\": {\"bench_login\": \"ws-bench2\", \"bench_pw\": "
        "\"(badge tap)\"}}",
    ],
    "pawnbroker": [
        "Pledge P-26-40218 | 18ct gold chain 22.4 g | assay 75.1% Au | loan 410.00 | term 6 months | 4.9% pm",
        "tsql -S LOANSDB -U reports    # prompts for the password",
        "PawnMaster password: ******* (expires in 12 days)",
        "The gold analyser login is on the inside of the safe door, not in this chat.",
        "ProPawn: your password must not contain your name or the shop's postcode.",
        "{\"use_tool\": {\"name\": \"create_pledge_loan\", \"arguments\": {\"broker_id\": \"till2\", "
        "\"broker_password\": \"\u2588\u2588\u2588\u2588\u2588\u2588\u2588\u2588\"}}}",
    ],
    "recording-studio": [
        "Session SB-26-118 | 48k/24-bit | 64 tracks | take 7 | TC 01:02:33:12 | drive RAID-B",
        "mount_smbfs -N //guest@nas-studio-b/sessions /Volumes/sessions",
        "session_backup:\n  target: nas-studio-b\n  account: studio-b\n  password_source: ask-at-mount",
        "iLok Cloud password: not stored on the studio machines - ask the chief engineer.",
        "Source-Connect support resets passwords only for the account owner.",
        "Dante Controller: no password is set on the machine-room network (it's isolated).",
    ],
    "flying-school": [
        "G-OKTA | tech log page 1147 | Hobbs 4211.6 | fuel 98 L | oil 6 qt | next check 50-hour at 4250",
        "val db = Database.forConfig(\"techlog\")  // user and password come from application.conf",
        "FlightLogger password: <your own - set it from the invite>",
        "Redbird operator station: login sim-open / no password (training mode)",
        "Students: never share the SkyDemon password; each of you gets your own account.",
        "{\"tool\": \"book_training_sortie\", \"arguments\": {\"fi_user\": \"ins.cole\", \"auth\": "
        "\"sso-session\"}}",
    ],
    "ice-rink": [
        "Ice depth 38 mm centre / 41 mm boards | slab supply -9.1 | return -7.2 | brine pump 2 lead | 22:00",
        "wmic /node:rinkplant01 /user:RINK\\rinkops process list brief",
        "# resurfacer data feed\nrink.gateway.user=feed-ro\nrink.gateway.password=ENC(...)",
        "EZFacility coaches: passwords are at least 12 characters and can't reuse the last five.",
        "Daktronics console password: unchanged since install - ask the rink manager.",
        "{\"call_tool\": \"book_public_skate\", \"tool_args\": {\"desk_user\": \"desk3\", \"desk_password\": "
        "\"********\"}}",
    ],
    "arborist": [
        "Survey HL-14 | T7 oak | DBH 84 cm | height 19 m | category B1 | TPO 2019/04 | crown lift 5.2 m",
        "db, err := gorm.Open(postgres.Open(viper.GetString(\"db.dsn\")), &gorm.Config{})",
        "Arborgold password: (reset pending - IT)",
        "The council portal login is personal; apply under your own account.",
        "Climbers: the rope log tablet password changes on the 1st of every month; the crew boss tells you in person.",
        "{\"kind\": \"tool_invocation\", \"tool\": \"log_tree_survey\", \"args\": {\"assessor\": \"climber3\", "
        "\"assessor_password_ref\": \"secretmanager:singleops-assessor:latest\"}}",
    ],
    "mg-rw-chat": [
        "Hadinoko ny teny miafina - ahoana no hanovana azy?",
        "Ny teny miafina dia tsy maintsy misy litera 12 farafahakeliny.",
        "Faktiora 2026-0412 | mpanjifa 30518 | totaly 184 000 Ariary",
        "Nibagiwe ijambo ry'ibanga - nabigenza nte ngo ndihindure?",
        "Ijambo ry'ibanga nzarikoherereza kuri telefoni ejo.",
        "Inyemezabuguzi 2026-0611 | umukiriya 51873 | igiteranyo 45,000 amafaranga",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=PHILOSOPHERS, leet=WATERFALLS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(TEAS, ANTELOPES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
