#!/usr/bin/env python3
"""Held-out set 33: passwords in concert-hall box offices, textile mills, zoos and aquariums, self-storage sites,
taxi dispatch, nurseries and day care, race timing, blood donation and transfusion, coffee roasteries, and Uzbek and
Yoruba chat.

Written on 2026-12-06 (helper set33) on main e065dc4, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py),
and read sets 20-32 only for the scoring interface, their docstrings and carrier names (and set 30's word-list and
carrier layout, whose form this set keeps). Sets 1-32 were grepped (which files hold a word) for every tool, product,
language and word below; what the grep found was dropped: library circulation desks and hotels (set 27), ski resorts,
greenhouses and museum collections (set 30), marinas and veterinary clinics (set 28), ferries and laboratory LIMS
(sets 25, 30), beekeeping (set 31), Maltese, Latvian, Slovenian, Swahili, Tagalog, Malay, Afrikaans, Basque,
Icelandic, Welsh and Khmer chat, and from the first drafts "loom", "reptile", "tunnel", "paroli", Osei, Bitwarden,
CyberArk, 1Password, `pass show`, Get-Secret, miranda, titania, oberon, gobi, quire and the fruits and fish first
tried for the word lists. Uzbek and Yoruba occur in no earlier set. The script keeps counts only, so it cannot list
its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): box offices
(a Tessitura window handover, a Spektrix support case, an AudienceView phone-sales login, a Tessitura export command
line, a door-scanner YAML, a Spektrix seat-hold JSON tool call); textile mills (a Picanol PicConnect weave-shed note,
a Sedomat dyehouse reset ticket, a Loepfe YarnMaster expert login, a Datatex export command line, a Rieter SPIDERweb
INI section, a fabric-roll MES JSON tool call); zoos and aquariums (a ZIMS keepers' note, a Species360 reset, a
life-support panel login, feeding-scheduler `key=value` properties, a camera-NVR staff mail, a ZIMS weight JSON
tool call); self-storage (a SiteLink front-desk handover, a storEDGE reset ticket, a StorLogix gate-software login, a
StorLogix command line, a rental-kiosk team note, a SiteLink move-in JSON tool call); taxi dispatch (an Autocab night
handover, an iCabbi driver-app reset, a Cabmate console login, a tablet-admin log line with `user=`/`password=`
fields, a drivers' notice, an iCabbi booking JSON tool call); nurseries (a Brightwheel sign-in iPad note, a Famly
reset, a Procare office login, Procare sync `key=value` properties, a staff notice, a Famly observation JSON tool
call); race timing (a RaceResult finish-line note, a MYLAPS reset, a ChronoTrack Live announcer login, a Python
upload call, a timing-decoder YAML, a RaceResult publish JSON tool call); blood donation (a Hemasphere session
handover, a BECS reset ticket, a SafeTrace Tx lab login, a cmd.exe sync command line, a blood-fridge monitor INI
section, a donor-booking JSON tool call); coffee roasteries (a roaster-PC note, a Cropster reset, an Ikawa app
login, a Cropster export command line, a cupping-lab mail, a roast-log JSON tool call); Uzbek and Yoruba chat (an
office computer, a shop-system account, a tea-house till; a shop-system account, an office computer, a club
computer).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Shakespeare character's name
with a year or digits and a symbol, or two run together with digits), leetspeak desert names (never the first
letter) with digits and a symbol, passphrases of three to five glassblowing, bookbinding and heraldry words (blanks,
hyphens, dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter
first), letters only (a tropical fruit and a seabird joined in four casings), and PINs of 4-8 digits; drawn from
random.Random(33) in a fixed order, so the set is the same on every run. The word lists were grepped absent from
sets 1-32. Hard negatives (60, six per carrier): the same carriers giving no password (values read from the
environment in shell, cmd.exe, PowerShell, Python, YAML and properties syntax, a Jinja variable, a `secret-tool`
lookup, Infisical, Proton Pass, Delinea Secret Server and Passwork references, masked, empty, blank, `[redacted]`,
`<password>` and `<ask ...>` values, order, roll, transponder, unit, job, child, bib/chip, donation and green-lot
ids, an API key id, password rules and policy, talk about passwords in both languages). Same scoring as sets 3-32
(heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative is
hit by any such finding; values are never printed).

Score on the unchanged code (main e065dc4; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set33 that wrote it (`scripts/eval_heldout33.py --json`, 2026-12-06
10:25 UTC, load 7.6): password recall 243/300 = 0.810; hard negatives hit 1/60 (box-office 27/30, textile-mill
19/30, zoo-aquarium 26/30, self-storage 29/30, taxi-dispatch 28/30, nursery-daycare 29/30, race-timing 24/30,
blood-bank 24/30, coffee-roastery 27/30, uz-yo-chat 10/30; human 44/50, leet 41/50, passphrase 40/50, generated
43/50, letters 38/50, pin 37/50; negatives hit: coffee-roastery 1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout33.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 33"
SEED = 33

SHAKESPEARE = ("ophelia", "horatio", "prospero", "rosalind", "benedick", "mercutio", "portia", "cordelia")
DESERTS = ("sahara", "atacama", "kalahari", "mojave", "namib", "sonoran", "taklamakan", "negev")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8", "c": "("}
PHRASE_WORDS = ("marver", "punty", "blowpipe", "cullet", "endpaper", "bonefolder", "headcap", "kettlestitch",
                "escutcheon", "chevron", "saltire", "gules")
FRUITS = ("mangosteen", "cherimoya", "feijoa", "jabuticaba", "soursop")
SEABIRDS = ("gannet", "petrel", "kittiwake", "fulmar", "guillemot")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML
# and INI values, Python double-quoted strings, single-quoted shell and double-quoted cmd.exe arguments, a log
# line's `key=value` field, and `key=value` properties). The one parenthesis (a leet `c`) is inside a word, never
# first. Blanks come only in passphrases, which no command line, log line or properties template takes (the fourth
# template of each carrier never draws a passphrase). No value but a PIN is shorter than 7 characters (a six-letter
# character, a symbol and two digits; a leet `namib` or `negev` with digits and a symbol).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("a.karimova", "boxoff2", "t.adebayo", "weave-c2", "lssnight", "d.tursunov", "roastlead", "j.whitlow")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "box-office": [
        "Box office handover (Sunday matinee): Tessitura on the window-2 PC is signed in as {u}; if it locks, the "
        "password is {p}. Four comps for the soloist's family are held under FRIENDS, row K.",
        "Spektrix support case 20417: front-of-house supervisor {u} can't open the scanning app at the stalls door "
        "since the update. I reset the password to {p} - they'll be asked to change it on login.",
        "AudienceView login for the Christmas temp on the phones: {u} / {p} - sales and exchanges only, no refunds "
        "without the box office manager.",
        "tess-export --venue 'Hartwell Concert Hall' --user {u} --password '{p}' --season 2026-27 --report "
        "subscribers_lapsed > lapsed.csv",
        "door_scanners:\n  venue: hartwell-main\n  api_user: {u}\n  api_password: {p}\n  doors: [stalls-left, "
        "stalls-right, circle, choir-seats]",
        "{\"tool\": \"spektrix_hold_seats\", \"arguments\": {\"operator\": \"{u}\", \"password\": \"{p}\", "
        "\"event\": \"Messiah - 14 Dec 19:30\", \"seats\": [\"K12\", \"K13\", \"K14\"]}}",
    ],
    "textile-mill": [
        "Weave shed 2, night shift: the Picanol PicConnect terminal by weaving machine 47 is logged in as {u}; "
        "password {p} if it drops out. Machine 47 keeps stopping on warp breaks, the fitter is on it.",
        "Ticket MILL-3390: dyehouse operator {u} is locked out of the Sedomat recipe station after three tries. "
        "Reset to {p}, must be changed at next login.",
        "Loepfe YarnMaster expert level at the winding frames: {u} / {p} - clearing-curve changes only, ask the "
        "quality lab first.",
        "datatex-now export --mill DYE1 --user {u} --pass '{p}' --orders open --out C:\\mill\\open_lots.csv",
        "[SPIDERweb]\nServer = spiderweb.mill.local\nUser = {u}\nPassword = {p}\nShift = C\nRingFrames = 1-36",
        "{\"function\": \"mes_book_fabric_roll\", \"arguments\": {\"login\": \"{u}\", \"password\": \"{p}\", "
        "\"roll\": \"R-26-118842\", \"machine\": 47, \"metres\": 112.5}}",
    ],
    "zoo-aquarium": [
        "Keepers' note, tropical house: ZIMS on the keeper-room PC is still logged in as {u}; if it times out the "
        "password is {p}. The green tree python shed overnight - log it under husbandry.",
        "Species360 support request: curator {u} can't open the Medical module since Tuesday. I set a temporary "
        "password {p}; change it at first login, please.",
        "Life-support panel behind the shark exhibit: user {u}, pw {p} - ozone and skimmer set-points only, "
        "ask the LSS lead before touching the chillers.",
        "feeding.scheduler.url=https://feeds.ashgrove-zoo.example/api\nfeeding.scheduler.user={u}\n"
        "feeding.scheduler.password={p}\nfeeding.scheduler.enclosures=penguins,otters,sealions",
        "Hi all, the penguin-pool camera NVR in the back of house now has the admin password {p}. Don't give it "
        "to the film crew, they get a viewer login.",
        "{\"tool\": \"zims_record_weight\", \"input\": {\"user\": \"{u}\", \"password\": \"{p}\", \"animal\": "
        "\"ASH-2019-0042 (Humboldt penguin)\", \"weight_g\": 4310}}",
    ],
    "self-storage": [
        "Store handover, Millfield Road: SiteLink on the front-desk PC is logged in as {u}; password {p} if it "
        "kicks you out. Unit C-114 is overlocked for arrears, don't cut it.",
        "storEDGE ticket 7712: area manager {u} can't see the move-out report for December. Password reset to {p}, "
        "she'll change it when she's in.",
        "StorLogix gate software on the office PC: {u} / {p} - gate hours and keypad codes only.",
        "storlogix-cli --site 0418 --user {u} --password '{p}' --gate-log --since 2026-12-01 --out gate_dec.csv",
        "Team - the rental kiosk in the lobby now has the service password {p}. Use it only to restart it, call "
        "me for anything else.",
        "{\"tool\": \"sitelink_move_in\", \"arguments\": {\"site\": \"0418\", \"employee_login\": \"{u}\", "
        "\"employee_password\": \"{p}\", \"unit\": \"B-207\", \"tenant\": \"R. Mensah\"}}",
    ],
    "taxi-dispatch": [
        "Night controller handover: Autocab on the dispatch desk is logged in as {u}; the password is {p} if it "
        "locks. Car 217 is off the road till Monday, 88 is on airport runs.",
        "iCabbi driver app ticket: driver {u} can't log in after changing phones. Reset his password to {p} and "
        "told him to change it at the rank.",
        "Cabmate console at the back desk: {u} / {p} - account jobs only, cash jobs go through Autocab.",
        "2026-12-05 23:14:02 INFO tablet-admin meter app unlock user={u} password={p} car=217",
        "Drivers - the admin password for the taximeter tablets is now {p}. Only use it if the meter app freezes "
        "and you've rung the office.",
        "{\"tool\": \"icabbi_create_booking\", \"arguments\": {\"dispatcher\": \"{u}\", \"password\": \"{p}\", "
        "\"pickup\": \"Central Station, rank 2\", \"time\": \"2026-12-06T05:40\"}}",
    ],
    "nursery-daycare": [
        "Morning opener: Brightwheel on the sign-in iPad is logged in as {u}; if it logs out the password is {p}. "
        "Check the allergy list on the Ladybird room door before breakfast.",
        "Famly support request: key worker {u} can't post observations from the room tablet. Password reset to "
        "{p}, they'll change it at first sign-in.",
        "Procare on the office PC: {u} / {p} - fees and invoices only, the manager does the payroll.",
        "procare.sync.server=sync.littleoaks.example\nprocare.sync.user={u}\nprocare.sync.password={p}\n"
        "procare.sync.rooms=ladybird,caterpillar,owls",
        "Dear staff, the shared password for the room tablets is now {p}. Please never tell it to parents or "
        "students on placement.",
        "{\"tool\": \"famly_post_observation\", \"arguments\": {\"staff_login\": \"{u}\", \"staff_password\": "
        "\"{p}\", \"child\": \"C-0314\", \"note\": \"Built a tower of 8 bricks\"}}",
    ],
    "race-timing": [
        "Finish-line notes, city half marathon: the RaceResult laptop is logged in as {u}, password {p}. Mats at "
        "10 km and the finish, the backup decoder is in the van.",
        "MYLAPS support: timer {u} is locked out of the Event Results account. Reset to {p} - change it before "
        "Sunday's cross-country.",
        "ChronoTrack Live on the announcer's tablet: {u} / {p}. Leave the leaderboard on the 10 km split.",
        "results = rr.upload(event=214563, user=\"{u}\", password=\"{p}\", file=\"results_final.csv\")",
        "decoder:\n  host: 192.168.8.20\n  user: {u}\n  password: {p}\n  passings_port: 3097\n  mats: [start, "
        "10k, finish]",
        "{\"tool\": \"raceresult_publish\", \"arguments\": {\"event_id\": 214563, \"user\": \"{u}\", \"password\": "
        "\"{p}\", \"contests\": [\"Half\", \"10K\"]}}",
    ],
    "blood-bank": [
        "Session handover (mobile unit at the town hall): Hemasphere on the registration laptop is logged in as "
        "{u}; password {p} if it locks. 41 donors booked, 3 deferrals so far.",
        "BECS ticket: phlebotomist {u} can't print bag labels after the update. Reset the password to {p}, change "
        "it at first login.",
        "SafeTrace Tx in the transfusion lab: {u} / {p} - crossmatch and issue only, no inventory edits.",
        "bbank-sync.exe /site:mobile-3 /user:{u} /password:\"{p}\" /donations:today",
        "[FridgeMonitor]\nHost = fridge-mon-2\nUser = {u}\nPassword = {p}\nAlarmAboveC = 6.0",
        "{\"tool\": \"book_donor_appointment\", \"arguments\": {\"staff_user\": \"{u}\", \"staff_password\": "
        "\"{p}\", \"donor_id\": \"D-5501-8837\", \"slot\": \"2026-12-09T10:20\"}}",
    ],
    "coffee-roastery": [
        "Roast day: the Loring's on-board PC is logged in as {u}; if it locks the password is {p}. Batch 3 is the "
        "Ethiopia Guji, light profile, drop at 205.",
        "Cropster ticket: roaster {u} can't see the green coffee inventory after the merge. I reset the password "
        "to {p}.",
        "Ikawa sample-roaster app on the cupping-lab iPad: {u} / {p} - profiles only, don't delete the archive.",
        "cropster-cli export --group ROASTERY --user {u} --password '{p}' --from 2026-12-01 --format csv",
        "Hi all, the cupping-lab tablet password is now {p}. The old one stops working tonight.",
        "{\"tool\": \"cropster_log_roast\", \"arguments\": {\"user\": \"{u}\", \"password\": \"{p}\", \"machine\": "
        "\"Loring S15\", \"lot\": \"GR-26-0311\", \"batch_kg\": 12.5}}",
    ],
    "uz-yo-chat": [
        "Salom, Dilnoza! Ofis kompyuteri uchun yangi parol: {p}. Hech kimga aytmang, iltimos.",
        "Assalomu alaykum! Do'kon tizimida sizga hisob ochildi: login {u}, parol {p}. Birinchi kirishda parolni "
        "almashtiring.",
        "Aziz: Choyxona kassasi uchun parol qanday edi?\nBobur: {p} - dushanba kuni o'zgartiraman.",
        "Ẹ kú àárọ̀! Orúkọ olùlò yín fún ètò ilé-ìtajà ni {u}, ọ̀rọ̀ aṣínà sì ni {p}.",
        "Ọ̀rọ̀ aṣínà tuntun fún kọ̀ǹpútà ọ́fíìsì ni {p} - ẹ má ṣe fi hàn ẹnikẹ́ni.",
        "Tunde: Kí ni ọ̀rọ̀ aṣínà kọ̀ǹpútà ẹgbẹ́ wa?\nBisi: {p} - màá yí i padà ní ọjọ́ Ajé.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "box-office": [
        "Order 88213047 | Messiah 14 Dec | 2 x Stalls K12-K13 | barcode 7H3QK9ZT2M4X | paid by card",
        "Tessitura: every box office seller has their own login; ask the duty manager, don't share yours.",
        "tess-export --venue hartwell --user boxoff2 --password \"$TESS_PASSWORD\" --season 2026-27",
        "door_scanners:\n  api_user: scanner-svc\n  api_password: \"\"",
        "AudienceView password: ******** (hidden)",
        "Spektrix API key rotated; the new one is in Infisical under box-office/spektrix.",
    ],
    "textile-mill": [
        "Roll R-26-118842 | machine 47 | style 8812-TW | 112.5 m | grade A | lot DX7K2Q9P",
        "YarnMaster: the expert-level password is with the quality lab manager, not on the frame.",
        "set DATATEX_PASS=%DATATEX_PASSWORD%",
        "[SPIDERweb]\nServer = spiderweb.mill.local\nUser = weave-c2\nPassword =",
        "Sedomat recipe station passwords must be 8 characters and are changed every quarter.",
        "PicConnect terminal password: [redacted by IT]",
    ],
    "zoo-aquarium": [
        "ASH-2019-0042 | Humboldt penguin | transponder 956000012345678 | weight 4310 g | studbook 1187",
        "ZIMS: keepers sign in with their own Species360 accounts; there is no shared login.",
        "feeding.scheduler.password=${FEEDING_SCHEDULER_PASSWORD}",
        "LSS panel password: ****** (masked)",
        "{\"tool\": \"zims_record_weight\", \"input\": {\"user\": \"lssnight\", \"password\": \"<password>\"}}",
        "The NVR admin password is in the curator's Proton Pass vault, under Cameras.",
    ],
    "self-storage": [
        "Unit C-114 | 10x15 | tenant 40921 | gate code set by tenant | lock serial OL-7Q2K8ZR4",
        "Gate keypad codes are chosen by the tenant at move-in; staff never see them.",
        "storlogix-cli --site 0418 --user svc --password \"$(secret-tool lookup service storlogix)\"",
        "SiteLink password: ********",
        "storEDGE: the password reset link expires after 30 minutes.",
        "{\"tool\": \"sitelink_move_in\", \"arguments\": {\"employee_login\": \"j.whitlow\", \"employee_password\": "
        "\"{{ sitelink_password }}\"}}",
    ],
    "taxi-dispatch": [
        "Job 5582190 | car 217 | Central Station rank 2 -> Airport T1 | fare 38.40 | auth 7K2PQX",
        "Autocab: controllers log in with their own PIN; never type it in the group chat.",
        "$password = $env:ICABBI_PASSWORD",
        "2026-12-05 23:14:02 INFO tablet-admin meter app unlock user=j.whitlow password=[masked] car=217",
        "Driver app password must be at least 10 characters since the update.",
        "Cabmate console password: <ask the night controller>",
    ],
    "nursery-daycare": [
        "Child C-0314 | Ladybird room | collected 17:40 by grandparent | photo consent Y | ref FM-8QX2K7",
        "Brightwheel: parents sign in with a code sent by text; staff use their own accounts.",
        "procare.sync.password=${PROCARE_SYNC_PASSWORD}",
        "Room tablet password: [removed - ask the manager]",
        "Please change the office PC password - it is still the one from the installer.",
        "{\"tool\": \"famly_post_observation\", \"arguments\": {\"staff_login\": \"t.adebayo\", \"staff_password\": "
        "\"\"}}",
    ],
    "race-timing": [
        "Bib 1047 | chip 3F9K-22QX-71ZP | 10 km split 00:41:12 | finish 01:29:48 | category M40",
        "MYLAPS: the Event Results password reset goes to the account owner's e-mail.",
        "results = rr.upload(event=214563, user=\"timer07\", password=os.environ[\"RR_PASSWORD\"])",
        "decoder:\n  user: timer07\n  password: \"${DECODER_PASSWORD}\"",
        "ChronoTrack Live password: ******",
        "RaceResult API key id rr-key-5c81e2 (a public identifier, not the secret)",
    ],
    "blood-bank": [
        "Donation 2026-D-0418873 | unit W0414 26 118842 J | group O NEG | bag lot BL7Q2K9X",
        "Hemasphere: each session nurse has a personal login and smart card; no shared passwords.",
        "bbank-sync.exe /site:mobile-3 /user:svc /password:\"%BBANK_PASSWORD%\"",
        "[FridgeMonitor]\nHost = fridge-mon-2\nUser = monitor\nPassword = ********",
        "SafeTrace passwords expire every 60 days and can't be reused.",
        "The BECS service account is managed in Delinea Secret Server; request access through the portal.",
    ],
    "coffee-roastery": [
        "Lot GR-26-0311 | Ethiopia Guji | 60 kg x 18 bags | moisture 10.8% | ref ICO 071-0412-0087",
        "Cropster: roasters get their own logins; I'll send you an invite, not a password.",
        "cropster-cli export --group ROASTERY --user roastlead --password \"$CROPSTER_PASSWORD\"",
        "Ikawa app password: (blank - it only asks for the e-mail)",
        "Cupping-lab tablet password: ******** (changed, ask Sam)",
        "Roaster PLC password is in Passwork under Roastery / Loring S15.",
    ],
    "uz-yo-chat": [
        "Parolimni unutdim - qanday tiklasam bo'ladi?",
        "Yangi parol kamida 12 ta belgidan iborat bo'lishi kerak.",
        "Hisob-faktura 2026-0417 | mijoz 55812 | summa 1 250 000 so'm",
        "Mo gbàgbé ọ̀rọ̀ aṣínà mi - báwo ni mo ṣe lè tún un ṣe?",
        "Ẹ má fi ọ̀rọ̀ aṣínà ránṣẹ́ lórí fóònù, ẹ pè mí.",
        "Ìwé-owó 2026-118 | oníbàárà 30427 | iye ₦48,500",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=SHAKESPEARE, leet=DESERTS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(FRUITS, SEABIRDS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
