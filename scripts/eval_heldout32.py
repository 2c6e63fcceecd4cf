#!/usr/bin/env python3
"""Held-out set 32: passwords in dry-cleaning chains, tattoo studios, car-wash controllers, railway signalling
maintenance, court reporting, escape rooms, opticians' practices, pest control, casino slot floors, and West Frisian
and Māori chat.

Written on 2026-12-06 (helper set32) on main d2d15cc, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py),
and read sets 20-31 only for the scoring interface, their docstrings and carrier names (and set 30's word-list and
carrier layout). Sets 1-31 were grepped (which files hold a word) for every tool, product, language and word below;
what the grep found was dropped: ski resorts, orchestras, greenhouses and museum collections (set 30), marinas (set
28), beekeeping (set 31), golf (set 29), Latvian (set 28), Croatian, Bosnian `lozinka`, Finnish, Turkish,
Indonesian, Vietnamese, Esperanto, Georgian and Armenian chat, and from the first drafts Eclipse, IGT, Porter,
"consent", "waiver", "transcript", "locum", "vault" (as a room name), mosquitto_pub, Elm St, Dock Road, Ashby,
Okafor, gareth, zambezi and the other rivers, and the spices, gems, clouds, cheeses and dances tried for the word
lists. West Frisian and Māori occur in no earlier set. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): dry cleaning
(a SPOT counter handover, a CleanCloud reset ticket, a Compassmax back-office login, a Metalprogetti conveyor
command line, a Fabricare Manager YAML, a CleanCloud order JSON tool call); tattoo studios (a Square Appointments
front-desk chat, a Tattoogenda artist welcome, a stencil-PC note, a Python client call, a check-in tablet's log
line, a Square login JSON tool call); car washes (a SiteWatch tunnel handover, a WashConnect reset ticket, a
LaserWash bay service login, a WashSelect INI section, a Washify portal text, a SiteWatch report JSON tool call);
railway signalling maintenance (a Westrace diagnostics log entry, an Ellipse work-order reset, a Frauscher FDS
relay-room note, an EBILock diagnostics command line, a points condition-monitoring YAML, a maintenance-log JSON
tool call); court reporting (a CaseViewNet realtime session, a Case CATalyst support case, a StenoCast login, a
RealLegal publish command line, a protected-PDF mail, a StenoCast JSON tool call); escape rooms (a Houdini MC
game-master note, a Bookeo reset, a FareHarbor dashboard login, a prop-controller command line, a room-controller
YAML, a Clue Control hint JSON tool call); opticians (an Optisoft exam-room note, an Acuitas ticket, a Topcon
Harmony login, an OfficeMate cmd.exe export, a Visioffice INI section, a Compulink booking JSON tool call); pest
control (a PestPac route note, a GorillaDesk welcome, a PestConnect sensor-portal login, a FieldRoutes export
command line, a ServSuite office mail, a PestPac JSON tool call); casino slot floors (a SYNKROS slot-tech log, an
Oasis 360 attendant account, an Everi terminal login, Table Trac `key=value` properties, a player-club PC notice, a
SYNKROS JSON tool call); West Frisian and Māori chat (an office computer, a korfball-club account, a village-hall
computer; a school computer, a new account, a marae computer). Passwords in six styles of 50 (style by rotation
within each carrier): human-chosen (a Round Table knight's name with a year or digits and a symbol, or two run
together with digits), leetspeak mountain names (never the first letter) with digits and a symbol, passphrases of
three to five woodworking, sailing-rig and surveying/astronomy words (blanks, hyphens, dots, or capitalised and run
together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a pasta shape
and a reptile joined in four casings), and PINs of 4-8 digits; drawn from random.Random(32) in a fixed order, so the
set is the same on every run. The word lists were grepped absent from sets 1-31. Hard negatives (60, six per
carrier): the same carriers giving no password (values read from the environment in shell, cmd.exe, PowerShell,
Python and YAML syntax, a Jinja variable, Passbolt, Dashlane, Doppler, sops, Azure Key Vault and Windows Credential
Manager references, masked, empty, `[redacted]` and `<password>` values, garment-tag, booking, RFID-tag, work-order,
job, voucher, prescription-job, bait-lot, TITO and player-club ids, password rules and policy, talk about passwords
in both languages). Same scoring as sets 3-31 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main d2d15cc; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set32 that wrote it (`scripts/eval_heldout32.py --json`, 2026-12-06
07:21 UTC, load 3.6): password recall 227/300 = 0.757; hard negatives hit 2/60 (dry-cleaning 25/30, tattoo-studio
28/30, car-wash 27/30, rail-signalling 25/30, court-reporting 30/30, escape-room 25/30, optician 26/30, pest-control
20/30, casino-floor 21/30, fy-mi-chat 0/30; human 37/50, leet 38/50, passphrase 38/50, generated 42/50, letters
38/50, pin 34/50; negatives hit: dry-cleaning and rail-signalling 1/6 each, 0/6 in the other eight).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout32.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 32"
SEED = 32

KNIGHTS = ("lancelot", "gawain", "percival", "galahad", "tristan", "bedivere", "lamorak", "pellinore")
MOUNTAINS = ("kilimanjaro", "aconcagua", "matterhorn", "annapurna", "denali", "elbrus", "makalu", "eiger")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8", "c": "("}
PHRASE_WORDS = ("spokeshave", "mortise", "dovetail", "jointer", "bandsaw", "bowsprit", "ratline", "yardarm",
                "plumbline", "lodestar", "orrery", "theodolite")
PASTAS = ("orecchiette", "pappardelle", "cannelloni", "tagliatelle", "bucatini")
REPTILES = ("iguana", "gecko", "chameleon", "komodo", "tuatara")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML
# and INI values, Python double-quoted strings, single-quoted shell and double-quoted cmd.exe arguments, a log
# line's single-quoted field, and `key=value` properties). The one parenthesis (a leet `c`) is inside a word, never
# first. Blanks come only in passphrases, which no command line or properties template takes (the fourth template of
# each carrier never draws a passphrase). No value but a PIN is shorter than 7 characters (a six-letter knight, a
# symbol and two digits; a leet `eiger` with digits and a symbol).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("s.dijkstra", "washmgr14", "t.ngata", "slotech3", "r.whitcombe", "gm-lena", "sigtech7", "h.brandvold")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "dry-cleaning": [
        "Counter handover (Birch Lane store): SPOT is logged in on the front till as {u}; if it kicks you out the "
        "password is {p}. Two suede jackets on the rail go to the leather specialist on Tuesday.",
        "CleanCloud support, ticket 58813: driver {u} can't see today's pickups in the driver app after the update. "
        "I reset the password to {p} - ask him to change it once he's in.",
        "Compassmax back office at the plant: {u} / {p} - only for the route sheets and the end-of-day tally.",
        "metalprogetti-cli --plant 1 --user {u} --password '{p}' --slots 1-840 --export racks_2026-12-06.csv",
        "fabricare_manager:\n  store_id: 0412\n  api_user: {u}\n  api_password: {p}\n  sync_minutes: 15",
        "{\"tool\": \"cleancloud_create_order\", \"arguments\": {\"store\": \"Birch Lane\", \"staff_login\": "
        "\"{u}\", \"staff_password\": \"{p}\", \"items\": [\"2-piece suit\", \"silk blouse\"], \"ready_by\": "
        "\"2026-12-08\"}}",
    ],
    "tattoo-studio": [
        "hey it's Mara at the front desk - Square Appointments on the counter iPad logged out again. login is {u}, "
        "password {p}. can someone check Saturday's deposits?",
        "Welcome to the crew! Your Tattoogenda artist account is set up: username {u}, temporary password {p}. Put "
        "your walk-in days and your hourly rate in before Friday.",
        "Stencil PC in the back room (the one with the thermal printer): Windows user {u}, pw {p}. Don't install "
        "anything on it.",
        "studio = booking.Client(studio=\"iron-lotus\", user=\"{u}\", password=\"{p}\")\n"
        "studio.export_deposits(month=\"2026-11\")",
        "2026-12-06 11:04:52 INFO checkin-tablet: admin unlock by {u} password='{p}' - release forms synced: 14",
        "{\"name\": \"square_appointments_login\", \"arguments\": {\"email\": \"{u}@ironlotus.example\", "
        "\"password\": \"{p}\"}}",
    ],
    "car-wash": [
        "Site 14 handover: SiteWatch on the tunnel PC is logged in as {u}; password is {p} if it locks. The wheel "
        "blaster on the driver side is leaking again, Sonny's tech booked for Monday.",
        "WC-1182 WashConnect: manager {u} locked out after the pay-station update. Temporary password {p}, change "
        "at first login.",
        "LaserWash 360 Plus, bay 2 - service menu login {u} / {p} (chemical titration screen only).",
        "[WashSelect]\nTerminal = WS2-ENTRY-03\nUser = {u}\nPassword = {p}\nPort = 8080",
        "All sites: the Washify membership portal password is {p} as of this morning. Managers only, not the "
        "attendants.",
        "{\"tool\": \"sitewatch_report\", \"input\": {\"site\": 14, \"user\": \"{u}\", \"password\": \"{p}\", "
        "\"report\": \"memberships_by_plan\", \"date\": \"2026-12-05\"}}",
    ],
    "rail-signalling": [
        "Maint log 06/12 02:40 Brackley REB: Westrace MkII diagnostics laptop logged on as {u}, password {p}. "
        "TC 4471 fault cleared, reset counted and recorded.",
        "SIG-88412 Ellipse: work-order access for contractor {u} expired mid-possession. Reset, temporary password "
        "{p}, valid until the possession is handed back.",
        "Frauscher FDS web UI in Kelby relay room: {u} / {p} - read only, never reset sections from it.",
        "ebilock-diag --host 10.60.2.11 --user {u} --pass '{p}' --dump events --from 2026-12-05T22:00 > "
        "ixl_events.log",
        "condition_monitoring:\n  points_machines: [P101, P102, P117]\n  logger: rcm-logger-07\n  username: {u}\n"
        "  password: {p}\n  interval_s: 10",
        "{\"tool\": \"signal_maint_log\", \"arguments\": {\"asset\": \"SIG/BRK/P117\", \"login\": \"{u}\", "
        "\"password\": \"{p}\", \"note\": \"Detection adjusted, back-drive checked\"}}",
    ],
    "court-reporting": [
        "Depo tomorrow 9:30, Hadley v. Brightwater Logistics: CaseViewNet realtime for counsel is session 4471, "
        "user {u}, password {p}. Rough draft to both firms by 6pm.",
        "Stenograph support case 01188423: Case CATalyst sign-in for reporter {u} reset, new password {p}. Licence "
        "re-activated on the new laptop.",
        "Hi Marit - the agency's StenoCast login is {u} / {p}, use it for the Hadley realtime tomorrow.",
        "reallegal-publish --file HADLEY_2026-12-05.ptx --user {u} --password '{p}' --repository depo-library",
        "Attached is the certified copy of the Hadley deposition as a protected PDF; the password is {p}. Exhibits "
        "follow in a separate e-mail.",
        "{\"tool\": \"stenocast_start_session\", \"arguments\": {\"case\": \"2026-CV-0412\", \"reporter\": "
        "\"{u}\", \"password\": \"{p}\", \"viewers\": 3}}",
    ],
    "escape-room": [
        "Game master notes, room 2 (The Clocktower): Houdini MC on the control PC runs as {u}; if Windows locks "
        "mid-game the password is {p}. Reset the laser grid and the safe before every booking.",
        "Bookeo: new game master {u} can't see the weekend schedule. I reset the password to {p}, change it when "
        "you log in.",
        "FareHarbor dashboard (team-building bookings): {u} / {p} - please don't move private bookings around.",
        "era-cli --room clocktower --user {u} --password '{p}' props reset --all",
        "rooms:\n  - name: The Clocktower\n    controller: 192.168.50.20\n    admin_user: {u}\n    admin_password: "
        "{p}\n    hint_screen: true",
        "{\"tool\": \"clue_control_send_hint\", \"arguments\": {\"room\": \"clocktower\", \"user\": \"{u}\", "
        "\"password\": \"{p}\", \"hint\": \"Look behind the pendulum.\"}}",
    ],
    "optician": [
        "Morning all - the Optisoft PC in exam room 2 is logged in as {u}; password {p} if it locks. Please file "
        "the OCT scans before lunch.",
        "Acuitas support ticket: dispenser {u} locked out after last night's update, password reset to {p}.",
        "Topcon Harmony login for the Saturday relief optometrist: {u} / {p} (imaging review only).",
        "OfficeMateExport.exe /user {u} /password \"{p}\" /report recalls /month 2026-11",
        "[Visioffice]\nStation = VO-FRONT-1\nLabUser = {u}\nLabPassword = {p}\nUploadFolder = D:\\Visioffice\\orders",
        "{\"tool\": \"compulink_book_appointment\", \"arguments\": {\"user\": \"{u}\", \"password\": \"{p}\", "
        "\"patient_id\": \"PT-30412\", \"slot\": \"2026-12-09T10:20\"}}",
    ],
    "pest-control": [
        "Route 6 tomorrow: the PestPac app on the spare phone is signed in as {u}; password {p} if it asks again. "
        "Start with the restaurant on Canal Street before 7.",
        "GorillaDesk: new tech {u} is set up, temporary password {p}. Change it and add your applicator licence "
        "number to your profile.",
        "PestConnect portal for the Harbourside warehouse (rodent sensors): {u} / {p} - read only, for the client's "
        "QA lead.",
        "fieldroutes-export --office 12 --user {u} --password '{p}' --type service-notes --since 2026-11-01 > "
        "notes_nov.csv",
        "Hi team, the ServSuite office login was changed to {p} after Jamie left. Please don't text it to "
        "customers.",
        "{\"tool\": \"pestpac_schedule_visit\", \"arguments\": {\"username\": \"{u}\", \"password\": \"{p}\", "
        "\"location\": \"LOC-40981\", \"service\": \"bait station check\"}}",
    ],
    "casino-floor": [
        "Slot tech shift log: the SYNKROS workstation in the tech room is logged on as {u}, password {p}. Machine "
        "1187 bill validator jammed, ticket in the log.",
        "Oasis 360 account for new slot attendant {u}: temporary password {p}, change it at first login (floor 2 "
        "only).",
        "Everi cash-access terminal maintenance: {u} / {p} - redemption terminals 1-6 only.",
        "tabletrac.server=10.30.0.5\ntabletrac.user={u}\ntabletrac.password={p}\ntabletrac.pit=3",
        "Marketing: the player-club reports PC now uses {p} as the shared password - the old one stops working "
        "tonight.",
        "{\"tool\": \"synkros_machine_status\", \"input\": {\"asset\": \"1187\", \"user\": \"{u}\", \"password\": "
        "\"{p}\"}}",
    ],
    "fy-mi-chat": [
        "Hoi Sjoukje, hjir is it nije wachtwurd foar de kompjûter op it kantoar: {p} - net trochjaan, asjebleaft.",
        "Goeie! Do hast no in akkount by de korfbalklup: brûkersnamme {u}, wachtwurd {p}. Feroarje it as do foar "
        "it earst ynlochst.",
        "Jelle: Wat is it wachtwurd fan de kompjûter yn it doarpshûs?\nAnke: {p} - ik feroarje it moandei.",
        "Kia ora e hoa! Anei te kupuhipa hou mō te rorohiko o te kura: {p}. Kaua e tukuna ki tētahi atu.",
        "Tēnā koe, kua hangaia tō pūkete hou: ingoa kaiwhakamahi {u}, kupuhipa {p}. Me huri e koe i te takiuru "
        "tuatahi.",
        "Rawiri: He aha te kupuhipa mō te rorohiko o te marae?\nNgaire: {p} - māku e huri ā te Mane.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "dry-cleaning": [
        "Ticket 0412-118832 | 2-piece suit, silk blouse | ready Tue 4pm | garment tag 7K3QX9P2 | paid",
        "SPOT passwords are personal - ask the store manager to reset yours, don't use someone else's.",
        "metalprogetti-cli --plant 1 --user plant1 --password \"$CONVEYOR_PASSWORD\" --slots 1-840",
        "fabricare_manager:\n  api_user: birchlane\n  api_password: \"\"",
        "Compassmax login: backoffice / ******** (hidden)",
        "The CleanCloud API key is in Passbolt under Stores / CleanCloud API.",
    ],
    "tattoo-studio": [
        "Booking TG-2026-11873 | 4h session, forearm | deposit 100 EUR | ref sq_9FZ2K7QX1M",
        "Tattoogenda: every artist has their own login; the owner can reset it from the admin page.",
        "studio = booking.Client(studio=\"iron-lotus\", user=\"frontdesk\", "
        "password=os.environ[\"BOOKING_PASSWORD\"])",
        "Stencil PC password: ****** (ask Mara)",
        "{\"name\": \"square_appointments_login\", \"arguments\": {\"email\": \"desk@ironlotus.example\", "
        "\"password\": \"<password>\"}}",
        "Please don't write the iPad passcode on the sticky note by the till again.",
    ],
    "car-wash": [
        "Car count 05-12: 1,284 | members 61% | RFID tag 3F9A-22C1-7B04 | windscreen sticker MB-88413",
        "SiteWatch: ask the district manager for a login; shared logins were removed in November.",
        "[WashSelect]\nUser = entry\nPassword = %WASHSELECT_PASSWORD%",
        "Washify portal password: [redacted]",
        "LaserWash service menu: the default password has to be changed when the bay is commissioned.",
        "{\"tool\": \"sitewatch_report\", \"input\": {\"site\": 14, \"user\": \"gm14\", \"password\": "
        "\"{{ sitewatch_password }}\"}}",
    ],
    "rail-signalling": [
        "Asset SIG/BRK/TC4471 | WON 1187734-02 | fault code 0x3F7A | possession PN-2026-48813",
        "Westrace diagnostics: log on with your own account; there is no shared maintainer password.",
        "ebilock-diag --host 10.60.2.11 --user sigtech --pass \"$(sops -d --extract '[\"ebilock\"]' "
        "secrets.enc.yaml)\" --dump events",
        "condition_monitoring:\n  username: rcm\n  password: ${RCM_LOGGER_PASSWORD}",
        "FDS web UI password: ******** (masked in the handover sheet)",
        "Ellipse passwords expire every 60 days and can't reuse the last 12.",
    ],
    "court-reporting": [
        "Job 2026-1187 | Hadley v. Brightwater | 5 Dec | 212 pages | invoice INV-88413-D | exhibit HX-0042",
        "The PDF password goes to counsel by phone, never in the same e-mail as the file.",
        "reallegal-publish --file HADLEY_2026-12-05.ptx --user agency --password \"%RL_PASSWORD%\"",
        "CaseViewNet session 4471: password <sent separately>",
        "{\"tool\": \"stenocast_start_session\", \"arguments\": {\"case\": \"2026-CV-0412\", \"reporter\": "
        "\"dstenwick\", \"password\": \"\"}}",
        "The Case CATalyst licence details are in the agency's Dashlane (Reporters / CATalyst).",
    ],
    "escape-room": [
        "Booking BK-88231 | The Clocktower | 6 players | 19:30 | voucher ESC-7QK2-M9XF",
        "Hint 3 for the safe: the code is the year on the clock face.",
        "rooms:\n  - name: The Clocktower\n    admin_user: gm\n    admin_password: ${HOUDINI_ADMIN_PASSWORD}",
        "Houdini MC password: ******",
        "Bookeo logins are personal; ask Tomas to add you as a staff user.",
        "doppler run --project escape-rooms --config prd -- era-cli --room clocktower props reset --all",
    ],
    "optician": [
        "Rx OD -2.25/-0.50x180 OS -2.00 | PD 63 | job VX-2026-88413 | frame ref 7H2KQ9 | tray 14",
        "Optisoft passwords are per user; the practice manager can reset yours.",
        "$cred = Get-StoredCredential -Target 'Acuitas'; $env:ACUITAS_USER = $cred.UserName",
        "[Visioffice]\nLabUser = front1\nLabPassword = ********",
        "Topcon Harmony: the password must be changed every 90 days.",
        "{\"tool\": \"compulink_book_appointment\", \"arguments\": {\"user\": \"frontdesk\", \"password\": "
        "\"<password>\", \"patient_id\": \"PT-30412\"}}",
    ],
    "pest-control": [
        "Visit 2026-12-05 | LOC-40981 | 14 bait stations checked | activity in BS-07, BS-11 | bait lot 7QK2M9XF",
        "PestConnect uses Microsoft sign-in for clients; we don't issue them passwords.",
        "fieldroutes-export --office 12 --user office12 --password \"$FIELDROUTES_PASSWORD\" --type service-notes",
        "ServSuite office login: [removed - ask the branch manager]",
        "GorillaDesk passwords must be at least 10 characters with one number.",
        "{\"tool\": \"pestpac_schedule_visit\", \"arguments\": {\"username\": \"route6\", \"password\": "
        "\"{{ pestpac_password }}\"}}",
    ],
    "casino-floor": [
        "TITO ticket 00-4471-8842-3319-7726 | 25.00 | machine 1187 | voided",
        "SYNKROS: each tech signs in with their badge and PIN; PINs are never shared.",
        "tabletrac.user=pit3\ntabletrac.password=${TABLETRAC_PASSWORD}",
        "Everi terminal password: ****",
        "Player club id PC-88413-7QK | tier Gold | points 12,480",
        "The Oasis 360 service account password is kept in Azure Key Vault (kv-floor-prod / oasis-svc).",
    ],
    "fy-mi-chat": [
        "Ik bin myn wachtwurd kwyt - hoe kin ik it opnij ynstelle?",
        "It nije wachtwurd moat op syn minst 12 tekens hawwe.",
        "Faktuer 2026-1473 | klantnûmer 58206 | bedrach 96,40 EUR",
        "Kua wareware i a au taku kupuhipa - me pēhea e tautuhi anō ai?",
        "Kaua e tukuna te kupuhipa mā te īmēra, waea mai.",
        "Pire 2026-5127 | kiritaki 31866 | $145.80",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=KNIGHTS, leet=MOUNTAINS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(PASTAS, REPTILES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
