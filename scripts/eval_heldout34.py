#!/usr/bin/env python3
"""Held-out set 34: passwords in quarries and aggregates, wind farms, leisure centres and swimming pools, home-care
agencies, dog boarding kennels and groomers, auction houses, mountain rescue teams, florists, bus depots and
scheduling, and Hausa and Zulu chat.

Written on 2026-12-06 (helper set34) on main bdcd607, before any detection change it measures (prose49's
many-language credential vocabulary was being written at the same time), by a helper that read neither addons/detect/
nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py, nor the branches prose48
and prose49, nor scripts/MEASUREMENTS.md's prose entries), and read sets 20-33 only for the scoring interface, their
docstrings and carrier names (and set 30's word-list and carrier layout, whose form this set keeps). Sets 1-33 were
grepped (which files hold a word) for every tool, product, language and word below, and every word of four letters
or more in the carriers and negatives was grepped once the drafts were written; what the grep found was dropped: ski
resorts, greenhouses and museum collections (set 30), concert halls (sets 27, 33), marinas and veterinary clinics
(set 28), beekeeping (set 31), ferries (sets 25, 30, 31), laboratory LIMS (sets 25, 28, 33), library circulation
desks and hotels (sets 27, 33), print shops (sets 24, 31), Maltese, Latvian, Slovenian, Swahili, Tagalog, Malay,
Afrikaans, Basque, Icelandic, Welsh and Khmer chat (sets 16-33), Kazakh, Amharic, Mongolian and Tamil (set 18), and
from the first drafts SCADA, Trapeze, Keeper, keyring, Get-StoredCredential, secretKeyRef, a PowerShell
`PSCredential` line, "Christmas temp", Leeds, Ashgrove, Biscuit, mahogany, microchip, frontdesk, office1, the
volcanoes, mushrooms and Amun first tried for the word lists. Hausa and Zulu occur in no earlier set. The
script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): quarries (a
Metso Metrics crusher-room handover, a COMMANDseries reset ticket, a Loadrite InsightHQ loader login, a blast-log
upload command line, a crusher PLC-gateway YAML, a blast-notice JSON tool call); wind farms (a VestasOnline
Business service-log entry, a Greenbyte support case, an Enercon remote-access login, Bazefield `key=value`
properties, a turbine-connection XML element, a Nordex ticket JSON tool call); leisure centres (a DULCOMARIN
plant-room note, a Gladstone Plus2 reset ticket, a Legend reception login, a Clubright cmd.exe export, a Chemtrol
controller INI section, an ActiveNet lane-booking JSON tool call); home care (a CareLineLive rota note, a Birdie
support reset, an AlayaCare scheduler login, a Python client call, a registered manager's notice, a WellSky visit
check-in JSON tool call); dog boarding (a Gingr front-desk handover, a PetExec reset ticket, a MoeGo groomer login,
a `.env` file, a kennel-cam staff notice, a DaySmart Pet booking JSON tool call); auction houses (an AuctionFlex
rostrum handover, a the-saleroom support reset, a LiveAuctioneers phone-desk login, a Bidpath TOML section, a
saleroom staff notice, an Invaluable catalogue JSON tool call); mountain rescue (a SARCALL base-PC note, a D4H
support reset, an IamResponding wall-screen login, a GPX upload command line, a team-chat message, a D4H incident
JSON tool call); florists (a Teleflora Dove POS note, a Floranext reset ticket, an Interflora wire-order login, a
JavaScript login call, a delivery drivers' notice, an FTD Mercury order JSON tool call); bus depots (a HASTUS depot
handover, an Optibus support case, a Markdown table of logins, a GTFS publish command line, an AVL-gateway YAML, an
Optibus duty-swap JSON tool call); Hausa and Zulu chat (an office mail password, a shop-system account, a club
computer; an office mail password, a school-system account, a stokvel account).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (an Egyptian god's name with a
year or digits and a symbol, or two run together with digits), leetspeak strait names (never the first letter) with
digits and a symbol, passphrases of three to five fencing, clockmaking and blacksmithing words (blanks, hyphens,
dots, or capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first),
letters only (a butterfly and a seashell joined in four casings), and PINs of 4-8 digits; drawn from
random.Random(34) in a fixed order, so the set is the same on every run. The word lists and user names were grepped
absent from sets 1-33. Hard negatives (60, six per carrier): the same carriers giving no password (values read from
the environment in shell, cmd.exe, Python, JavaScript, `.env` and properties syntax, a Jinja variable, an Ansible
`aws_secret` lookup, `gopass show`, Akeyless and Conjur references, masked, empty, bullet-masked, `[hidden]`,
`[removed]`, `<staff password>`, `<set at install>` and `<ask ...>` values, weighing-ticket, alarm-event UUID,
work-order, lane-booking, visit, reservation, lot, callout, order, florist-code and duty ids, password rules and
policy, talk about passwords in both languages). Same scoring as sets 3-33 (heldout_score.covered: a value counts
when findings that are not public/test-value cover all of it; a negative is hit by any such finding; values are
never printed).

Score on the unchanged code (main bdcd607; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set34 that wrote it (`scripts/eval_heldout34.py --json`, 2026-12-06
13:40 UTC, load 11.2): password recall 237/300 = 0.790; hard negatives hit 1/60 (quarry 29/30, wind-farm 28/30,
leisure-pool 27/30, home-care 27/30, dog-boarding 26/30, auction-house 21/30, mountain-rescue 29/30, florist 24/30,
bus-depot 26/30, ha-zu-chat 0/30; human 42/50, leet 42/50, passphrase 37/50, generated 41/50, letters 37/50, pin
38/50; negatives hit: quarry 1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout34.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 34"
SEED = 34

EGYPTIAN_GODS = ("osiris", "anubis", "thoth", "horus", "bastet", "sekhmet", "hathor", "sobek")
STRAITS = ("gibraltar", "bosporus", "malacca", "dardanelles", "messina", "skagerrak", "kattegat", "solent")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8", "c": "("}
PHRASE_WORDS = ("riposte", "parry", "lunge", "sabre", "epee", "escapement", "mainspring", "hairspring", "quench",
                "swage", "tuyere", "fuller")
BUTTERFLIES = ("swallowtail", "fritillary", "brimstone", "ringlet", "hairstreak")
SHELLS = ("cowrie", "nautilus", "conch", "whelk", "limpet")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML,
# INI and TOML values, XML text, a Markdown table cell, Python and PowerShell string literals, single-quoted shell and
# double-quoted cmd.exe arguments, `.env` lines and `key=value` properties). The one parenthesis (a leet `c`) is
# inside a word, never first. Blanks come only in passphrases, which no command line, `.env`, TOML or properties
# template takes (the fourth template of each carrier never draws a passphrase). No value but a PIN is shorter than 7
# characters (a four-letter god, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("t.mkhize", "h.abubakar", "shotfirer2", "om-tech4", "lane-desk", "groomer-am", "clerk.fa", "sched.k")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "quarry": [
        "Crusher control room handover 06:00 - the Metso Metrics PC at the primary jaw is logged in as {u}; if it "
        "locks, the password is {p}. Cone 2 liners are due Thursday.",
        "HD-5521 COMMANDseries (Command Alkon): dispatcher {u} was locked out after the update. Password reset to "
        "{p}, to be changed at first login.",
        "Loader in the 40 mm stockpile: Loadrite InsightHQ login {u} / {p} - only for the ready-mix tickets.",
        "blastlog upload --site ridgeway-quarry --user {u} --password '{p}' --shot B26-118 shots/B26-118.csv",
        "plc_gateway:\n  host: 10.12.0.40\n  protocol: modbus-tcp\n  username: {u}\n  password: {p}\n  tags: "
        "[CV1_SPEED, JAW_AMPS, SCREEN2_VIB]",
        "{\"tool\": \"blast_notice_send\", \"arguments\": {\"site\": \"Ridgeway Quarry\", \"portal_user\": \"{u}\", "
        "\"portal_password\": \"{p}\", \"blast_time\": \"2026-12-07T11:30:00Z\", \"radius_m\": 500}}",
    ],
    "wind-farm": [
        "Service log WTG-14: VestasOnline Business on the substation laptop is signed in as {u}; password {p} if "
        "the session drops. Yaw misalignment alarm cleared 09:42.",
        "Greenbyte support case 88417: analyst {u} couldn't open the availability report. Temporary password {p} "
        "set, to be changed on first login.",
        "Enercon remote access for the blade-inspection crew: {u} / {p} (read only, turbines E-05 to E-09).",
        "bazefield.api.url=https://bazefield.northsea-wind.example/api\nbazefield.api.user={u}\n"
        "bazefield.api.password={p}\nbazefield.export.interval=600",
        "<scadaConnection>\n  <host>10.50.0.12</host>\n  <port>502</port>\n  <user>{u}</user>\n  "
        "<password>{p}</password>\n</scadaConnection>",
        "{\"function\": \"nordex_ticket_create\", \"arguments\": {\"turbine\": \"N149-07\", \"fault\": \"pitch "
        "converter trip\", \"user\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "leisure-pool": [
        "Plant room note: the DULCOMARIN controller's web panel is logged in as {u}; password {p} if it logs out. "
        "The free chlorine setpoint stays at 1.2 mg/l.",
        "Gladstone Plus2 ticket: receptionist {u} is locked out after the upgrade; password reset to {p}, change it "
        "at next sign-in.",
        "Leisure centre reception: the Legend booking PC login is {u} / {p} - swim lessons and gym inductions only.",
        "clubright-export.exe /user:{u} /password:\"{p}\" /from:2026-11-01 /to:2026-11-30 "
        "/out:D:\\reports\\swim.csv",
        "[ChemController]\nModel = Chemtrol PC3000\nHost = 192.168.8.20\nUser = {u}\nPassword = {p}\n"
        "PollSeconds = 15",
        "{\"tool\": \"activenet_book_lane\", \"input\": {\"facility\": \"Main pool lane 4\", \"start\": "
        "\"2026-12-07T06:30\", \"staff_login\": \"{u}\", \"staff_password\": \"{p}\"}}",
    ],
    "home-care": [
        "Weekend rota note: the office PC runs CareLineLive as {u}; the password is {p} if it signs you out. "
        "Double-up calls start at 07:30.",
        "Birdie support: carer {u} can't see today's visits after a phone change. Temporary password {p}; she will "
        "be asked to change it.",
        "AlayaCare scheduler login for the agency cover: {u} / {p} (scheduling module only, please).",
        "client = HHAClient(base_url=\"https://api.hhaexchange.example\", username=\"{u}\", password=\"{p}\")",
        "Hi all, the shared password for the medication-round tablets is now {p}. Don't write it in the care notes. "
        "- Registered manager",
        "{\"action\": \"wellsky.visit_checkin\", \"params\": {\"caregiver\": \"{u}\", \"password\": \"{p}\", "
        "\"client_id\": \"C-20417\", \"gps\": \"51.49,-2.58\"}}",
    ],
    "dog-boarding": [
        "Front desk handover: Gingr on the check-in iPad is logged in as {u}; password {p} if it times out. Bella in "
        "run 6 needs her tablets at 18:00.",
        "PetExec ticket 30412: groomer {u} locked out after three tries; password reset to {p}, change it at next "
        "login.",
        "MoeGo login for the weekend groomer: {u} / {p} - bookings and the grooming van route only.",
        "GINGR_SUBDOMAIN=happytails\nGINGR_USER={u}\nGINGR_PASSWORD={p}\nSYNC_INTERVAL=300",
        "Staff notice: the kennel-cam viewer for owners now uses {p} as the shared password; give it only to owners "
        "with a dog in boarding.",
        "{\"tool\": \"daysmart_pet_book\", \"arguments\": {\"login\": \"{u}\", \"password\": \"{p}\", \"pet\": "
        "\"Pepper\", \"service\": \"full groom\", \"date\": \"2026-12-09\"}}",
    ],
    "auction-house": [
        "Sale-day handover: the AuctionFlex clerking PC at the rostrum is signed in as {u}; password {p} if it locks "
        "mid-sale. Lots 1-240 tomorrow from 10:00.",
        "the-saleroom support: cataloguer {u} can't upload images after the migration; password reset to {p}.",
        "LiveAuctioneers console for the phone-bid desk: {u} / {p} - only for Saturday's sale, please.",
        "[bidpath]\nendpoint = \"https://bidpath.example/api/v3\"\nuser = \"{u}\"\npassword = \"{p}\"\n"
        "sale = \"FA-2612\"",
        "Saleroom staff: the condition-report iPads now unlock with {p}. Please keep it off the viewing-day notes.",
        "{\"tool_name\": \"invaluable_publish_catalogue\", \"tool_input\": {\"sale\": \"FA-2612\", \"lots\": 240, "
        "\"username\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "mountain-rescue": [
        "Callout note: the base PC runs SARCALL as {u}; the password is {p} if it logs out during a callout. Radio "
        "check at 19:00.",
        "D4H support: team member {u} can't open the equipment module; temporary password {p}, change it at first "
        "login.",
        "IamResponding display in the vehicle bay: login {u} / {p} - for the wall screen only.",
        "gpx-upload --team ogwen --user {u} --password '{p}' tracks/search-2026-12-06.gpx",
        "[19:02] Rhian (TL): Land Rover mapping tablet password is now {p} - delete this message after reading pls",
        "{\"tool\": \"d4h_log_incident\", \"arguments\": {\"incident\": \"2026-117\", \"grid_ref\": \"SH 649 603\", "
        "\"user\": \"{u}\", \"password\": \"{p}\"}}",
    ],
    "florist": [
        "Shop note: the Teleflora Dove POS is logged in as {u}; password {p} if it locks. The wedding order for "
        "Saturday is in the cold room.",
        "Floranext ticket: designer {u} locked out after the update; password reset to {p}, change it at next login.",
        "Interflora wire-order portal for the Valentine's Day temp: {u} / {p} - incoming orders only.",
        "const session = await floraSync.login({ user: '{u}', password: '{p}' });  // week 49 wire orders",
        "Delivery drivers: the van tablets now open with {p}. Keep it off the delivery slips, please.",
        "{\"action\": \"ftd_mercury.send_order\", \"params\": {\"operator\": \"{u}\", \"password\": \"{p}\", "
        "\"recipient_city\": \"Harrogate\", \"product\": \"winter wreath\"}}",
    ],
    "bus-depot": [
        "Depot control handover 04:30: the HASTUS daily PC is logged in as {u}; password {p} if it locks. Route 42 "
        "duty swaps are on the board.",
        "Optibus support case 55902: scheduler {u} can't publish the January timetable; password reset to {p}, "
        "change it at first login.",
        "| System | User | Password |\n|---|---|---|\n| Ticketer back office | {u} | {p} |",
        "gtfs-publish --agency moorland-buses --user {u} --password '{p}' --feed gtfs_2027_01.zip",
        "avl_gateway:\n  vendor: Clever Devices\n  host: 10.30.1.5\n  user: {u}\n  password: {p}\n  poll_seconds: 20",
        "{\"tool\": \"optibus_swap_duty\", \"input\": {\"duty\": \"D42-07\", \"driver\": \"4471\", \"username\": "
        "\"{u}\", \"password\": \"{p}\"}}",
    ],
    "ha-zu-chat": [
        "Malam {u}, ga sabuwar kalmar sirri ta imel na ofis: {p} - kada ka gaya wa kowa.",
        "Sannu! An bude maka asusu a tsarin shagon: sunan mai amfani {u}, kalmar sirri {p}. Ka canza ta idan ka "
        "shiga a karon farko.",
        "Aisha: Menene kalmar sirrin kwamfutar kungiya?\nMusa: {p} - zan canza ta ranar Litinin.",
        "Sawubona {u}, iphasiwedi entsha ye-imeyili yasehhovisi ithi {p} - ungayitsheli muntu.",
        "Kukhona i-akhawunti entsha yakho ohlelweni lwesikole: igama lomsebenzisi {u}, iphasiwedi {p}. Yishintshe "
        "uma ungena okokuqala.",
        "Iphasiwedi ye-akhawunti ye-stokvel yethu manje ithi {p} - ningayithumeli ku-WhatsApp.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "quarry": [
        "Ticket 26-118-04471 | 20 mm clean | 28.40 t | haulier RQ-TR7 | lorry KX19 ZPD | seal 7F3K-22QA",
        "blastlog upload --site ridgeway-quarry --user shotfirer1 --password \"$BLASTLOG_PASSWORD\" shots/B26-118.csv",
        "plc_gateway:\n  username: plc-ro\n  password: \"{{ lookup('aws_secret', 'quarry/plc-gateway') }}\"",
        "Metso Metrics password: ******** (hidden on screen)",
        "COMMANDseries users sign in with their Microsoft account; there is no separate password.",
        "Loadrite password policy: at least 12 characters, and none of your last five.",
    ],
    "wind-farm": [
        "WTG-14 | alarm 3120 pitch converter | 2026-12-06T09:41:55Z | event 7c9e2b41-88d0-4f3e-9a51-2b6d0c7f1e33",
        "bazefield.api.user=om-readonly\nbazefield.api.password=${BAZEFIELD_PASSWORD}",
        "<scadaConnection>\n  <user>scada-ro</user>\n  <password></password>\n</scadaConnection>",
        "Greenbyte: the password reset e-mail comes from support; we never ask for your password by phone.",
        "The VestasOnline credentials are in Akeyless under om/vob-shared.",
        "Nordex work order N149-07-2291 | converter serial CV8841KQ2 | part 20041137",
    ],
    "leisure-pool": [
        "Lane booking LB-7731-QX | lane 4 | 06:30-07:15 | member 1004417",
        "[ChemController]\nUser = plantroom\nPassword = %CHEMTROL_PASSWORD%",
        "Gladstone: every receptionist has their own login; ask the duty manager for access.",
        "DULCOMARIN web panel password: \u2022\u2022\u2022\u2022\u2022\u2022\u2022\u2022 (masked)",
        "{\"tool\": \"activenet_book_lane\", \"input\": {\"staff_login\": \"recep2\", \"staff_password\": \"<staff "
        "password>\"}}",
        "Pool test 06:00: free Cl 1.3 mg/l, combined 0.2, pH 7.3, water 29.5 C, signed JS",
    ],
    "home-care": [
        "client = HHAClient(base_url=\"https://api.hhaexchange.example\", username=\"coord-north\", "
        "password=os.environ[\"HHAX_PASSWORD\"])",
        "Visit V-2026-88173 | client C-20417 | carer CR-5521 | check-in 07:32 | NFC tag 04A2197B3C80",
        "Birdie password: [hidden]",
        "Carers: never share your AlayaCare password, not even with the office.",
        "WELLSKY_USER=coord-north\nWELLSKY_PASSWORD=",
        "The CareLineLive password must be changed every 60 days and can't repeat the last three.",
    ],
    "dog-boarding": [
        "GINGR_USER=desk-early\nGINGR_PASSWORD=${GINGR_PASSWORD:?set it on the host}",
        "Reservation R-55183 | Bella (cockapoo) | run 6 | kennel card KC-55183-B | vaccinations to 2027-03",
        "Gingr: staff sign in with their own login at the front desk; don't share it.",
        "MoeGo login: groomer3 / ******",
        "Owners get their kennel-cam link by e-mail; no password is needed.",
        "{\"tool\": \"daysmart_pet_book\", \"arguments\": {\"login\": \"desk-early\", \"password\": \"\"}}",
    ],
    "auction-house": [
        "Lot 117 | Victorian oak bureau | est. 400-600 | paddle 2281 | invoice INV-FA2612-0117",
        "[bidpath]\nuser = \"cataloguer\"\npassword = \"\"",
        "AuctionFlex password: <ask the sale manager>",
        "the-saleroom seller account: use the single sign-on button, no password here.",
        "Phone bidders are registered with a paddle number and an ID check, never a password.",
        "{\"tool_name\": \"invaluable_publish_catalogue\", \"tool_input\": {\"username\": \"cat-desk\", \"password\": "
        "\"{{ invaluable_password }}\"}}",
    ],
    "mountain-rescue": [
        "Callout 2026-117 | grid SH 649 603 | lower leg injury | SARCALL ref 26/0117-OG",
        "gpx-upload --team ogwen --user nav1 --password \"$(gopass show rescue/gpx-upload)\" tracks/search.gpx",
        "D4H password reset links expire after 30 minutes.",
        "IamResponding password: [removed]",
        "Don't post passwords in the callout group, phone the base instead.",
        "{\"tool\": \"d4h_log_incident\", \"arguments\": {\"user\": \"tl-rhian\", \"password\": \"${D4H_PASSWORD}\"}}",
    ],
    "florist": [
        "Order FLR-26-04471 | 24 red roses and eucalyptus | deliver 12:00-14:00 | card: Happy anniversary",
        "const session = await floraSync.login({ user: 'shop', password: process.env.FLORASYNC_PASSWORD });",
        "Teleflora Dove POS password: ********",
        "Floranext: password reset requests go through the shop owner.",
        "Interflora member 40-1187 | florist code IF-7731-K | relay ref 8QX2-77K1",
        "The van tablets have no password; they are locked to the delivery app.",
    ],
    "bus-depot": [
        "Duty D42-07 | block 4207 | bus 3318 (YN72 KLV) | sign-on 05:12 | relief at the bus station 09:40",
        "gtfs-publish --agency moorland-buses --user sched1 --password \"$GTFS_PUBLISH_PASSWORD\" --feed gtfs.zip",
        "| System | User | Password |\n|---|---|---|\n| Ticketer back office | eng3 | (in Conjur) |",
        "avl_gateway:\n  user: avl-ro\n  password: <set at install>",
        "Optibus uses single sign-on with your council account; don't create local passwords.",
        "Drivers: your ticket machine PIN is personal - the depot will never ask for it.",
    ],
    "ha-zu-chat": [
        "Na manta kalmar sirrina - ta yaya zan sake saita ta?",
        "Kalmar sirri dole ta kasance haruffa 12 akalla.",
        "Takardar kudi 2026-0412 | asusu 55810 | jimla 48,500 naira",
        "Ungayithumeli iphasiwedi nge-imeyili, ngishayele.",
        "Iphasiwedi entsha kumele ibe nezinhlamvu eziyi-12 okungenani.",
        "I-invoyisi 2026-2207 | ikhasimende 70315 | isamba R1 245,00",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=EGYPTIAN_GODS, leet=STRAITS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(BUTTERFLIES, SHELLS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
