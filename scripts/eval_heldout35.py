#!/usr/bin/env python3
"""Held-out set 35: passwords in film post-production, locksmiths, driving schools, riding stables, dive centres,
sawmills, physiotherapy clinics, letting agents, offshore platforms, and Haitian Creole and Somali chat.

Written on 2026-12-06 (helper set35) on main b1ff73f, before any detection change it measures (prose50 was changing
the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/ (nor any
test under tests/detect/ but test_eval_heldout_sets.py, nor the branch prose50, nor scripts/MEASUREMENTS.md's prose
entries), and read sets 20-34 only for the scoring interface, their docstrings and carrier names (and set 34's
word-list and carrier layout, whose form this set keeps). Sets 1-34 were grepped (which files hold a word) for every
tool, product, language and word below, and every word of four letters or more in the carriers and negatives was
grepped (whole words) once the drafts were written; what the grep found was dropped: ski resorts, greenhouses,
concert halls, marinas, veterinary clinics, beekeeping, ferries, laboratory LIMS, library desks, hotels, print
shops, quarries, recycling, broadcast, irrigation and dental practices (sets 24-34), timetables (set 34), Maltese,
Slovenian, Swahili, Tagalog, Malay, Afrikaans, Basque, Icelandic, Welsh, Kazakh and Lithuanian/Estonian/Finnish chat,
and from the first drafts `.netrc`, `.pgpass`, `curl -u`, `lftp -u`, `cmdkey`, the `influx` CLI, a Windows `.reg`
file, ADO.NET `User Id=` connection strings, PHP `define`, Ruby `ENV.fetch`, `os.getenv`, `dotenv`, `tool_use`,
`tool_name`, `function_call` and `functionCall` shapes, the keys `portal_user`, `staff_user` and `staff_password`,
and the words kiln, timber, larch, tally, dryer, yard, microchip, passport, boat, modbus, Kittiwake, Harbourside,
Westgate, Priya and office1, and deserts, lakes, mews, punty, warp, bobbin, tango, heron, curlew and avocet first
tried for the word lists. Haitian Creole and Somali occur in no earlier set. The script keeps counts only, so it
cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): film
post-production (a DaVinci Resolve grading-suite handover, an Avid NEXIS reset ticket, a Frame.io review-link
password, an EditShare mount command line, a `shotgun_api3.Shotgun` Python call, an ftrack publish JSON tool call);
locksmiths (a ServiceM8 van-tablet handover, an ABLOY CLIQ Web Manager reset ticket, a Silca key-code counter login,
a CIFS `mount -o` line, a master-key cabinet staff notice, a job-creation JSON tool call); driving schools (a lesson
diary office note, a LessonBook reset ticket, a dash-cam app login, a cmd.exe `net use` line, an instructors'
notice, a lesson-booking JSON function call); riding stables (a tack-room PC handover, a British Eventing entries
reset, an arena-lights panel login, a foaling-camera command line, a trough-sensor YAML, a riding-lesson JSON call);
dive centres (a DiveShop360 till handover, a PADI support reset, a Bauer B-CONTROL compressor panel login, a
Subsurface `[CloudStorage]` INI section, a dive-deck crew message, a dive-manifest JSON tool call); sawmills (a
drying-chamber PC handover, a Microtec scanner reset ticket, a grading-station login, a `bcp -U -P` line, a chamber
controller XML element, a load-dispatch JSON tool call); physiotherapy clinics (a Cliniko reception handover, a Jane
App support reset, a Physitrack locum login, an `isql` DSN line, a clinic manager's e-mail, a WriteUpp booking JSON
tool call); letting agents (a Reapit branch handover, an Alto reset ticket, a Fixflo contractor login, a Kotlin client
constructor, an inventory clerks' notice, an Arthur tenancy JSON tool call); offshore platforms (a PI Vision control
room handover, a permit-to-work helpdesk reset, a helideck weather-station login, an `rdesktop -u -p` line, a WITS
feed YAML, a permit JSON tool call); Haitian Creole and Somali chat (an office mail password, a shop-system account,
a club computer; an office mail password, a school-system account, a savings-circle account).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Roman emperor's name with a
year or digits and a symbol, or two run together with digits), leetspeak glacier names (never the first letter) with
digits and a symbol, passphrases of three to five falconry, weaving, pottery, bookbinding and angling words (blanks,
hyphens, dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter
first), letters only (a Renaissance or Baroque dance and a wading bird joined in four casings), and PINs of 4-8
digits; drawn from random.Random(35) in a fixed order, so the set is the same on every run. The word lists and user
names were grepped absent from sets 1-34. Hard negatives (60, six per carrier): the same carriers giving no password
(values read from the environment in shell, YAML, .NET and JSON `${...}` syntax, a password read from a file in
Python, a Kotlin `BuildConfig` field, an Ansible-vault Jinja variable, `{{ env.* }}` and `{{...}}` templates, a
CloudFormation `ssm-secure` reference, `bws secret get`, Psono, a CIFS credentials file, masked, empty,
bullet-masked, `xxxxxxxx`, `[not recorded here]`, `<your own password>` and `<ask ...>` values, a `net use` and a
`bcp -T` line without one, a camera file's checksum and timecode, key-card, licence, equine-ID, fill-log, scanner,
insurer, deposit-scheme, key-tag and isolation-certificate ids, password rules and policy, talk about passwords in
both languages). Same scoring as sets 3-34 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main b1ff73f; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set35 that wrote it (`scripts/eval_heldout35.py --json`, 2026-12-06
16:59 UTC, load 10.5): password recall 247/300 = 0.823; hard negatives hit 2/60 (post-production 27/30, locksmith
23/30, driving-school 21/30, riding-stable 26/30, dive-centre 29/30, sawmill 27/30, physio-clinic 23/30,
letting-agent 24/30, offshore 28/30, ht-so-chat 19/30; human 38/50, leet 45/50, passphrase 44/50, generated 42/50,
letters 39/50, pin 39/50; negatives hit: driving-school 1/6, sawmill 1/6, 0/6 in the other eight).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout35.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 35"
SEED = 35

ROMAN_EMPERORS = ("trajan", "hadrian", "vespasian", "caligula", "tiberius", "domitian", "aurelian", "nerva")
GLACIERS = ("aletsch", "baltoro", "siachen", "biafo", "jostedal", "hispar", "batura", "gangotri")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
PHRASE_WORDS = ("jess", "creance", "tiercel", "eyass", "bewit", "cadge", "heddle", "weft", "creel", "endband",
                "grog", "swivel")
DANCES = ("galliard", "gavotte", "pavane", "courante", "chaconne")
WADERS = ("egret", "spoonbill", "sandpiper", "redshank", "greenshank")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML,
# INI and XML values, a CIFS mount's `-o` list, Python and Kotlin string literals, single-quoted shell arguments and
# the bare arguments of `net use`, `bcp`, `isql` and `rdesktop`). No leet swap makes a parenthesis (a bare shell
# argument could not hold it). Blanks come only in passphrases, which no command line or mount option takes (the
# fourth template of each carrier never draws a passphrase). No value but a PIN is shorter than 8 characters (a
# five-letter emperor, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("k.warsame", "j.pierrelouis", "assist.ed3", "van3tech", "adi.hollis", "headgroom.b", "reefdm2", "sawyer.nils")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "post-production": [
        "Grading suite 2 handover: the DaVinci Resolve project server is logged in as {u}; the password is {p} if it "
        "asks again. Reel 4 conform goes to QC at 14:00.",
        "Ticket PP-7741: assistant editor {u} was locked out of the Avid NEXIS workspace after the storage move. "
        "Password reset to {p}; change it at first login.",
        "Frame.io review link for the director's cut is up - password {p} (comments only, expires Friday).",
        "editshare mount --server flow.orchard-post.local --space ORCHARD_S01 --user {u} --password '{p}' "
        "/Volumes/ORCHARD",
        "sg = shotgun_api3.Shotgun(\"https://orchard-post.shotgrid.autodesk.com\", login=\"{u}\", password=\"{p}\")",
        "{\"tool\": \"ftrack_publish_version\", \"arguments\": {\"project\": \"ORCHARD\", \"shot\": \"sh040\", "
        "\"task\": \"comp\", \"username\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "locksmith": [
        "Van 3 handover: the ServiceM8 tablet is signed in as {u}; password {p} if it logs out. Two lockouts and a "
        "uPVC mechanism swap booked for the morning.",
        "Support ticket 60218 (ABLOY CLIQ Web Manager): engineer {u} locked out after the PC swap; password reset to "
        "{p}, to be changed at next login.",
        "Key-cutting counter: Silca key-code lookup login {u} / {p} - only after you've checked the customer's ID.",
        "mount -t cifs //keyserver/records /mnt/records -o username={u},password={p},vers=3.0",
        "Shop staff: the master-key records cabinet now opens with {p}. Never write it on a job sheet or an invoice.",
        "{\"name\": \"lockjob_create\", \"args\": {\"customer\": \"Brackenhurst Parish Hall\", \"job\": \"lock change, "
        "3 doors\", \"trade_login\": \"{u}\", \"trade_pw\": \"{p}\"}}",
    ],
    "driving-school": [
        "Office note: the lesson diary on the reception PC is logged in as {u}; password {p} if it signs out. Mock "
        "tests on Saturday are fully booked.",
        "Ticket 4419 (LessonBook): instructor {u} can't see tomorrow's pupils after changing phones. Temporary "
        "password {p}; they'll be asked to change it.",
        "Dash-cam app for the dual-control cars: login {u} / {p} - only for reviewing mock tests with the pupil.",
        "net use L: \\\\office-nas\\diary {p} /user:OFFICE\\{u} /persistent:no",
        "Instructors: the hazard-perception laptops in the theory room now log in with {p}. Please don't tell pupils.",
        "{\"function\": \"book_driving_lesson\", \"arguments\": {\"pupil\": \"P-20931\", "
        "\"instructor_login\": \"{u}\", \"instructor_password\": \"{p}\", \"start\": \"2026-12-08T09:00\", "
        "\"car\": \"DC-4\"}}",
    ],
    "riding-stable": [
        "Stable handover: the tack-room PC runs the livery diary as {u}; password {p} if it locks. The farrier is in "
        "for the liveries on Tuesday.",
        "Support case 7719 (British Eventing online entries): {u} locked out before the closing date; password reset "
        "to {p}, change it at next login.",
        "Arena lights controller, web panel by the mounting block: {u} / {p}.",
        "foalcam login --user {u} --password '{p}' --stall 3",
        "trough_sensors:\n  gateway: 192.168.20.7\n  username: {u}\n  password: {p}\n  paddocks: [top-field, "
        "hay-barn, far-paddock]",
        "{\"invoke\": \"book_riding_lesson\", \"with\": {\"rider\": \"Ellie (age 9)\", \"pony\": \"Dodger\", "
        "\"stable_login\": \"{u}\", \"stable_password\": \"{p}\", \"slot\": \"2026-12-12T10:00\"}}",
    ],
    "dive-centre": [
        "Dive shop handover: the DiveShop360 till is signed in as {u}; password {p} if it times out. Nitrox fills "
        "before 08:00, the RIB leaves 08:45.",
        "PADI support: instructor {u} can't submit eCards after the update; password reset to {p}, change it at "
        "first login.",
        "Bauer B-CONTROL compressor panel in the fill station: {u} / {p} (service menu only).",
        "[CloudStorage]\ncloud_storage_email={u}@reefline-divers.example\ncloud_storage_password={p}\n"
        "save_password_local=true",
        "Dive-deck crew group, 07:12 - Skipper: the manifest tablet password is now {p}, don't put it on the "
        "whiteboard.",
        "{\"call\": \"dive_manifest_add\", \"input\": {\"dive\": \"2026-12-07 AM wreck\", \"diver\": \"OW-55127\", "
        "\"staff\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "sawmill": [
        "Drying-chamber handover: the chamber PC is logged in as {u}; the password is {p} if it locks. Chamber 3's "
        "charge of 47 mm oak comes out Wednesday.",
        "IT ticket 21-0577: sawyer {u} locked out of the Microtec scanner station after the Windows update. Password "
        "reset to {p}; change at first login.",
        "Grading station above the green chain: login {u} / {p} - for the graders only.",
        "bcp SawGrades.dbo.Loads out loads.dat -S 10.8.0.15 -U {u} -P {p} -c",
        "<ChamberController>\n  <Host>10.8.2.31</Host>\n  <Protocol>OPC-UA</Protocol>\n  <User>{u}</User>\n  "
        "<Password>{p}</Password>\n</ChamberController>",
        "{\"tool\": \"dispatch_sawn_load\", \"arguments\": {\"load\": \"L-26-3318\", \"species\": \"douglas-fir\", "
        "\"volume_m3\": 28.4, \"sawmill_user\": \"{u}\", \"sawmill_password\": \"{p}\"}}",
    ],
    "physio-clinic": [
        "Reception handover: Cliniko on the front desk is logged in as {u}; password {p} if it signs out. The "
        "hydrotherapy pool is closed Thursday.",
        "Jane App support: physio {u} can't open her notes after the phone change. Temporary password {p}; she'll be "
        "prompted to change it.",
        "Physitrack login for the locum: {u} / {p} - exercise programmes only.",
        "isql -v TM3_DSN {u} {p}",
        "Subject: rehab gym iPad\n\nThe rehab gym iPad password has changed to {p}. Please keep it off the "
        "whiteboard.\nThanks, Anjali (clinic manager)",
        "{\"tool\": \"writeupp_book\", \"input\": {\"patient\": \"PT-30917\", \"clinician_login\": \"{u}\", "
        "\"clinician_password\": \"{p}\", \"slot\": \"2026-12-09T16:15\", \"type\": \"follow-up\"}}",
    ],
    "letting-agent": [
        "Branch handover: Reapit on the lettings desk is signed in as {u}; password {p} if it locks. Three "
        "check-outs on Friday, keys in the safe.",
        "Alto support ticket: negotiator {u} locked out after the portal sync change; password reset to {p}, change "
        "at next login.",
        "Fixflo contractor portal for the plumber covering December: {u} / {p} - repairs on the Ravensworth block "
        "only.",
        "val api = GoodlordClient(username = \"{u}\", password = \"{p}\")",
        "Inventory clerks: the check-in tablet now unlocks with {p}. Don't leave it written in the key room.",
        "{\"tool\": \"arthur_create_tenancy\", \"arguments\": {\"property\": \"14 Marlow Court\", \"start\": "
        "\"2027-01-05\", \"agent_user\": \"{u}\", \"agent_password\": \"{p}\"}}",
    ],
    "offshore": [
        "Control room handover 18:00: the PI Vision workstation is logged in as {u}; password {p} if it locks. Gas "
        "compressor B on standby after the trip.",
        "Permit-to-work helpdesk: area authority {u} locked out after the rotation change; password reset to {p}, "
        "change it at first login.",
        "Helideck weather station panel for the HLO: {u} / {p}.",
        "rdesktop -u {u} -p {p} -d RIG pi-hist01.rig.local",
        "wits_feed:\n  platform: Stennack Bravo\n  host: 10.60.4.12\n  user: {u}\n  password: {p}\n  "
        "interval_ms: 500",
        "{\"tool\": \"ptw_issue_permit\", \"arguments\": {\"permit\": \"HW-26-4471\", \"work\": \"hot work, module "
        "M3\", \"issuer\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "ht-so-chat": [
        "Bonjou {u}, men nouvo modpas imèl biwo a: {p} - pa bay pèsonn li.",
        "Nou kreye yon kont pou ou nan sistèm boutik la: non itilizatè {u}, modpas {p}. Chanje l lè ou konekte "
        "premye fwa.",
        "Jocelyne: Ki modpas òdinatè klib la?\nWoody: {p} - m ap chanje l lendi.",
        "Salaan {u}, erayga sirta ah ee iimaylka xafiiska waa {p} - cidna ha u sheegin.",
        "Akoon cusub ayaa laguu furay nidaamka dugsiga: magaca isticmaalaha {u}, erayga sirta {p}. Beddel marka ugu "
        "horreysa ee aad gasho.",
        "Erayga sirta ee akoonka hagbadda waa {p} - ha ku dirin WhatsApp.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "post-production": [
        "A001_C014_1206QX.mov | md5 9f2c4e71a0b83d5e6c17f4a2b9d08e35 | TC 14:32:07:11 | 4096x2160",
        "editshare mount --server flow.orchard-post.local --user assist.ed1 --password \"$EDITSHARE_PASSWORD\" "
        "/Volumes/ORCHARD",
        "sg = shotgun_api3.Shotgun(SITE, login=\"pipeline\", "
        "password=Path(\"~/.shotgrid_pw\").expanduser().read_text().strip())",
        "Frame.io review links for the client are public this time; no password.",
        "Avid NEXIS password: ******** (set by the facility)",
        "Never paste the NEXIS password into the edit notes; ask the facility team.",
    ],
    "locksmith": [
        "Job 26-0412 | 3 x euro cylinder 35/45 | keyed alike KA-7781 | restricted key card RKC-0041977",
        "mount -t cifs //keyserver/records /mnt/records -o credentials=/root/.smb-records,vers=3.0",
        "Silca key-code lookup login: counter2 / <your own password>",
        "ServiceM8 password: [blank - use the staff PIN pad]",
        "CLIQ Web Manager: passwords must be 14 characters and change every 90 days.",
        "{\"name\": \"lockjob_create\", \"args\": {\"trade_login\": \"van1tech\", \"trade_pw\": "
        "\"{{resolve:ssm-secure:/locksmith/portal-pass}}\"}}",
    ],
    "driving-school": [
        "Pupil P-20931 | provisional licence ending 9QX4 | theory pass ref 0741 2286 | test centre Hexham",
        "net use L: \\\\office-nas\\diary /user:OFFICE\\reception2 /persistent:no",
        "LessonBook: instructors sign in with their own phone number and a text code; there's no password.",
        "Dash-cam app login: adi.harris / \u25cf\u25cf\u25cf\u25cf\u25cf\u25cf\u25cf\u25cf",
        "Don't give pupils the laptop password, log them in yourself.",
        "{\"function\": \"book_driving_lesson\", \"arguments\": {\"instructor_login\": \"adi.harris\", "
        "\"instructor_password\": \"\"}}",
    ],
    "riding-stable": [
        "Equine ID UELN 826012345678901 | flu vaccination 2026-10-03 | stable 14 | feed card FC-14-B",
        "foalcam login --user stable1 --password \"$(bws secret get 3f6a1c2e-7b44-4d1a-9c0e-58a2d7e4b911)\"",
        "trough_sensors:\n  username: stable1\n  password: ${TROUGH_PASSWORD}",
        "British Eventing entries: the password reset e-mail can take ten minutes to arrive.",
        "Arena lights panel password: (unchanged, ask the head groom)",
        "Liveries: please don't share the tack-room PC password with visitors.",
    ],
    "dive-centre": [
        "Cylinder 12L-0447 | hydro test 2026-03 | O2 32.1% | MOD 33 m | filled by DM2 | fill log 88213",
        "[CloudStorage]\ncloud_storage_email=shop@reefline-divers.example\ncloud_storage_password=\n"
        "save_password_local=false",
        "PADI support will never ask for your password on the phone.",
        "B-CONTROL panel password: [not recorded here]",
        "The manifest tablet password is on the laminated card in the skipper's box, not in the group.",
        "{\"call\": \"dive_manifest_add\", \"input\": {\"staff\": \"dm1\", "
        "\"password\": \"{{ env.MANIFEST_PASSWORD }}\"}}",
    ],
    "sawmill": [
        "Log 26-3318-0091 | douglas-fir | small-end 34 cm | scanner id MTX-7Q2K-44 | grade B",
        "bcp SawGrades.dbo.Loads out loads.dat -S 10.8.0.15 -T -c",
        "<ChamberController>\n  <User>chamber-ro</User>\n  <Password>{{CHAMBER_PASSWORD}}</Password>\n"
        "</ChamberController>",
        "Microtec scanner station password: ****",
        "The grading station uses your badge; there's no password to remember.",
        "Chamber PC password: in Psono, folder Sawmill / Drying chambers.",
    ],
    "physio-clinic": [
        "Appointment PT-30917-4 | knee rehab | 16:15 | invoice INV-2026-7731 | insurer ref AXA-55K1-90",
        "isql -v TM3_DSN reception \"$TM3_PASSWORD\"",
        "Cliniko password: <ask Anjali>",
        "Jane App uses two-step sign-in; the clinic never sends passwords by e-mail.",
        "Physitrack locum login: locum1 / (set on first day)",
        "The rehab gym iPad password is changing on Monday; you'll get it at the team meeting.",
    ],
    "letting-agent": [
        "Tenancy T-2026-0571 | 14 Marlow Court | deposit scheme ref DPS-7QK2-5519 | rent 1,150 pcm",
        "val api = GoodlordClient(username = \"lettings1\", password = BuildConfig.GOODLORD_PASSWORD)",
        "Reapit password: [changed by IT]",
        "Fixflo: contractors set their own password from the invitation e-mail.",
        "Key room: key tag K-114 for 14 Marlow Court (back door), returned 11:40",
        "Passwords must not be written in the key log or the inventory reports.",
    ],
    "offshore": [
        "Permit HW-26-4471 | module M3 | isolation cert IC-7781 | gas test 0% LEL 06:10 | AA sign-off",
        "var password = Environment.GetEnvironmentVariable(\"PI_HISTORIAN_PASSWORD\");",
        "wits_feed:\n  user: wits-ro\n  password: \"{{ vault_wits_feed_password }}\"",
        "PI Vision password: xxxxxxxx (masked)",
        "Permit-to-work accounts use the rig's single sign-on; no separate password.",
        "{\"tool\": \"ptw_issue_permit\", \"arguments\": {\"issuer\": \"aa-nights\", "
        "\"password\": \"${PTW_PASSWORD}\"}}",
    ],
    "ht-so-chat": [
        "Mwen bliye modpas mwen - kijan pou m chanje l?",
        "Modpas la dwe gen omwen 12 karaktè.",
        "Fakti 2026-0318 | kliyan 40127 | total 12 500 goud",
        "Waan ilaaway erayga sirta - sidee baan u beddelaa?",
        "Erayga sirta waa inuu ahaadaa ugu yaraan 12 xaraf.",
        "Qaansheeg 2026-0533 | macmiil 66204 | wadarta 3,450 doollar",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=ROMAN_EMPERORS, leet=GLACIERS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(DANCES, WADERS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
