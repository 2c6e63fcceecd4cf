#!/usr/bin/env python3
"""Held-out set 31: passwords in bakeries and food-production lines, funeral homes, elevator maintenance, water
utilities, parking garages, climbing and bowling gyms, fire-alarm panels, hair and beauty salons, waste and recycling
weighbridges, and Faroese and Romansh chat.

Written on 2026-12-06 (helper set31) on main ccb629e, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py),
and read sets 20-30 only for the scoring interface, their docstrings and carrier names (and set 30's word-list and
carrier layout). Sets 1-30 were grepped (which files hold a word) for every tool, product, language and word below;
what the grep found was dropped: ferry and port terminals (sets 25, 30), dental practices (sets 26, 29), veterinary
clinics (set 28), cinema projection (set 29), printing houses ("print shop" in set 24), SCADA (set 26), Maltese,
Slovenian, Swahili, Tagalog, Malay and Afrikaans chat, and from the first drafts "cashier", HMI, OPC, ciabatta,
baguette, rye, Millbrook, Riverside, livestream, booster, callback, Cerberus, Badger, TBox, ffmpeg, curl and wget.
Faroese and Romansh occur in no earlier set. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): bakery lines
(a MIWE oven-controller night-bake note, a FlexiBake reset ticket, a Testo Saveris HACCP login, a CSB-System export
command line, a Rademaker line-gateway YAML, a Bakesmart wholesale JSON tool call); funeral homes (a Passare arranger
account, a FrontRunner obituary-site reset, a OneRoom webcast PC, an EDRS upload command line, a crematory retort
panel's maintenance login, a Gather case-update JSON tool call); elevator maintenance (an MCE iBox service log, a
Schindler Ahead reset, a KONE 24/7 Connected gateway, a lift-monitoring command line, a Smartrise controller YAML, an
Otis service-request JSON tool call); water utilities (an iFIX pump-station note, a Hach WIMS ticket, a Mission
Communications portal, a Sensus FlexNet export command line, an Ovarro RTU TOML section, a Neptune 360 JSON tool
call); parking garages (an Amano pay-station service menu, a FlashParking reset, a Designa exit-booth terminal, an
ANPR camera `rtsp://` URL with user-info, a Scheidt & Bachmann entervo YAML, a ParkMobile validation JSON tool call);
climbing and bowling gyms (a Rock Gym Pro check-in PC, a Brunswick Sync ticket, a Kilter Board app account, a
QubicaAMF Conqueror cmd.exe export, a MoonBoard controller mail, a Capitan JSON tool call); fire-alarm panels (a
Notifier VeriFire Tools service visit, a Simplex 4100ES programmer reset, a Kentec Syncro level-2 code, an EST3 SDU
cmd.exe upload, a Gent Vigilon graphics-PC mail, a monitoring-centre JSON tool call); salons (a Phorest reception
tablet, a Fresha reset, a Vagaro nail-bar iPad, a Kitomba export command line, a Timely sync YAML, a Boulevard
booking JSON tool call); waste weighbridges (an Avery Weigh-Tronix terminal handover, an AMCS reset, a Routeware
in-cab tablet, a Precia Molen export command line, a Bigbelly portal YAML, a Rubicon route JSON tool call); Faroese
and Romansh chat (an office mail password, a school-system account, a club-house computer; a commune portal login,
an association cash-box password, an office computer).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Muse's name with a year or
digits and a symbol, or two run together with digits), leetspeak moons of Saturn and Uranus (never the first letter)
with digits and a symbol, passphrases of three to five pottery, beekeeping and knot words (blanks, hyphens, dots, or
capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters
only (a dog breed and a fabric joined in four casings), and PINs of 4-8 digits; drawn from random.Random(31) in a
fixed order, so the set is the same on every run. The word lists were grepped absent from sets 1-30. Hard negatives
(60, six per carrier): the same carriers giving no password (values read from the environment in shell, cmd.exe,
Python and YAML syntax, a Jinja variable, vault, Bitwarden and keyring references, masked, empty, `[redacted]` and
`<password>` values, URLs without user-info, batch, case, permit, fault, sample, meter, ticket, lane, panel-event,
booking and weighbridge-ticket ids, password rules and policy, talk about passwords in both languages). Same scoring
as sets 3-30 (heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a
negative is hit by any such finding; values are never printed).

Score on the unchanged code (main ccb629e; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set31 that wrote it (`scripts/eval_heldout31.py`, 2026-12-06 04:01 UTC,
load 7.2): password recall 190/300 = 0.633; hard negatives hit 2/60 (bakery-line 23/30, funeral-home 24/30,
elevator-service 26/30, water-utility 23/30, parking-garage 17/30, climb-bowl 16/30, fire-alarm 12/30, salon-booking
22/30, waste-weighbridge 27/30, fo-rm-chat 0/30; human 31/50, leet 31/50, passphrase 34/50, generated 40/50, letters
27/50, pin 27/50; negatives hit: bakery-line and parking-garage 1/6 each, 0/6 in the other eight).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout31.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 31"
SEED = 31

MUSES = ("clio", "thalia", "urania", "euterpe", "calliope", "terpsichore", "polyhymnia", "melpomene")
MOONS = ("enceladus", "iapetus", "hyperion", "titania", "umbriel", "tethys", "mimas", "prometheus")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8", "c": "("}
PHRASE_WORDS = ("glaze", "celadon", "terracotta", "majolica", "honeycomb", "propolis", "beeswax", "apiary",
                "sheepshank", "carrick", "marlinspike", "grommet")
DOG_BREEDS = ("saluki", "basenji", "borzoi", "vizsla", "samoyed")
FABRICS = ("taffeta", "organza", "seersucker", "gabardine", "chenille")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML
# and TOML values, single-quoted shell and double-quoted cmd.exe arguments, the user-info of an rtsp:// URL, which
# ends at the first colon or at-sign). The one parenthesis (a leet `c`) is inside a word, never first. Blanks come
# only in passphrases, which no URL or command line takes (the fourth template of each carrier never draws a
# passphrase). No value but a PIN is shorter than 7 characters (a four-letter Muse, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("r.joensen", "nightbake2", "a.caduff", "liftmech4", "ps-oncall", "deskstaff3", "m.okafor", "wb-office")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "bakery-line": [
        "Night bake 02:00 - the MIWE TC controller on deck line 2 is logged in as {u}; if it asks again, the "
        "password is {p}. Spelt loaves go in at 03:15, stollen after the first tray of rolls.",
        "TKT-3308 FlexiBake: dispatch clerk {u} can't print the delivery dockets for the Monday wholesale run. "
        "Password reset to {p}, to be changed at the next login.",
        "Testo Saveris for the cold-room and blast-chiller probes (HACCP records): {u} / {p} - only the QA "
        "manager edits the alarm limits.",
        "csb-export --mandant 01 --user {u} --password '{p}' --orders --date 2026-12-07 --out "
        "/srv/csb/orders_0712.csv",
        "rademaker_line3:\n  gateway: 10.30.3.20\n  user: {u}\n  password: {p}\n  recipes: [spelt-800, "
        "granary-400, stollen-750]",
        "{\"tool\": \"bakesmart_wholesale_login\", \"arguments\": {\"email\": \"{u}@kornhaus-bakery.example\", "
        "\"password\": \"{p}\"}}",
    ],
    "funeral-home": [
        "Passare account for our new funeral arranger: user {u}, temporary password {p}. Please change it before "
        "your first arrangement conference.",
        "FrontRunner website ticket #5521: {u} can't publish the obituary for Thursday's service. Reset done, new "
        "password {p}.",
        "Webcast for the 11:00 service in the chapel: the OneRoom camera PC logs in as {u}, password {p}. The family "
        "link goes out at 10:30.",
        "edrs-upload --funeral-home FH-0417 --user {u} --password '{p}' --case 2026-1183 --file "
        "burial_permit.pdf",
        "Retort 2 operator panel, maintenance level: {u} / {p}. Only for exporting the temperature log, never for "
        "the cycle settings.",
        "{\"tool\": \"gather_case_update\", \"input\": {\"funeral_home\": \"Hollins and Sons\", \"user\": \"{u}\", "
        "\"password\": \"{p}\", \"case\": \"2026-1183\"}}",
    ],
    "elevator-service": [
        "Service log 06/12 - car 2 at Harbour Tower stuck at L7. MCE iBox web page on the controller: user {u}, "
        "password {p}. Reset the door operator fault and ran 20 test trips.",
        "Schindler Ahead portal: building manager {u} was locked out after the handover; password reset to {p}, to "
        "be changed on first login.",
        "KONE 24/7 Connected gateway in the machine room (Block C): local admin {u} pw {p} - don't reboot it "
        "during the lunchtime peak.",
        "liftmon-cli --site HARBOUR-TWR --user {u} --password '{p}' faults --since 2026-12-01 --car 2",
        "smartrise:\n  controller: 192.168.55.12\n  user: {u}\n  password: {p}\n  cars: [1, 2, 3]\n  "
        "log_faults: true",
        "{\"tool\": \"otis_service_request\", \"arguments\": {\"technician\": \"{u}\", \"password\": \"{p}\", "
        "\"unit\": \"HT-E2\", \"fault\": \"door reopen\"}}",
    ],
    "water-utility": [
        "Night operator note: the iFIX client at the Ashcombe pump station is logged in as {u}; if it locks, the "
        "password is {p}. Reservoir 2 level alarm set at 1.8 m.",
        "Hach WIMS ticket WQ-2291: lab tech {u} can't enter the chlorine residuals for the north zone. Password "
        "reset to {p}.",
        "Mission Communications portal for the sewage lift stations: {u} / {p} - on-call uses it to acknowledge "
        "high wet-well alarms.",
        "flexnet-export --region NORTH --user {u} --password '{p}' --reads --from 2026-12-01 --to 2026-12-06 "
        "--out reads_north.csv",
        "[rtu.ashcombe]\nvendor = \"Ovarro\"\nhost = \"10.60.2.14\"\nuser = \"{u}\"\npassword = \"{p}\"\n"
        "protocol = \"dnp3\"",
        "{\"tool\": \"neptune360_login\", \"arguments\": {\"utility_id\": \"AWD-0042\", \"username\": \"{u}\", "
        "\"password\": \"{p}\"}}",
    ],
    "parking-garage": [
        "Pay station 3 on level P2 (Amano) service menu: technician {u}, password {p}. Receipt paper reloaded, coin "
        "vault emptied at 07:40.",
        "FlashParking portal: night attendant {u} locked out; reset to {p}, change it at next sign-in.",
        "Designa exit-booth terminal: {u} / {p} - the lost-ticket fee is 25 EUR, no manual barrier opening.",
        "ANPR exit lane 2 stream: rtsp://{u}:{p}@10.80.2.31:554/Streaming/Channels/101",
        "entervo:\n  server: 10.80.0.5\n  operator: {u}\n  password: {p}\n  facility: P-CITY-02",
        "{\"tool\": \"parkmobile_validation\", \"arguments\": {\"merchant_login\": \"{u}\", \"password\": \"{p}\", "
        "\"zone\": \"4471\", \"hours\": 2}}",
    ],
    "climb-bowl": [
        "Front desk opening checklist: Rock Gym Pro on the check-in PC is signed in as {u}; password {p} if it logs "
        "out. Waivers print from the second tab.",
        "Brunswick Sync ticket: shift manager {u} can't open the lane-assignment screen after the update; temporary "
        "password {p}.",
        "Kilter Board app account for the route setters: {u} / {p} - please don't log out, the board tablet uses "
        "it.",
        "conqueror-export.exe /user {u} /pass \"{p}\" /leagues /season 2026-27 /out D:\\exports\\leagues.csv",
        "Hi setters, the MoonBoard LED controller's admin password is now {p}. Ask Kim before you change the "
        "problem set.",
        "{\"tool\": \"capitan_checkin_lookup\", \"input\": {\"gym\": \"Granite Loft\", \"staff_user\": \"{u}\", "
        "\"password\": \"{p}\", \"member\": \"M-20418\"}}",
    ],
    "fire-alarm": [
        "Service visit 06/12, Notifier NFS2-3030 at Westgate House: access level 3 via VeriFire Tools as {u}, "
        "password {p}. Replaced detector 2-041, walk test done.",
        "Simplex 4100ES: the programmer login for {u} was reset to {p} after the panel upgrade; change it on the "
        "next site visit.",
        "Kentec Syncro panel in reception - level 2 user {u} code {p} (silence and reset only, the engineer code "
        "stays with us).",
        "est3-sdu.exe /site \"Kelvin Campus\" /user {u} /password \"{p}\" /upload /node 04",
        "Hi all, the Gent Vigilon graphics PC in the security office now uses {p} as the shared password. Don't "
        "write it on the panel.",
        "{\"tool\": \"alarm_monitoring_account\", \"arguments\": {\"receiving_centre\": \"ARC-North\", \"account\": "
        "\"{u}\", \"password\": \"{p}\", \"panel\": \"Hochiki FireNET\"}}",
    ],
    "salon-booking": [
        "Opening shift: the Phorest tablet at reception is logged in as {u}; if it asks again, the password is {p}. "
        "Colour clients at 9 and 9:30.",
        "Fresha support: stylist {u} can't see her calendar after the merge; we reset the password to {p}, change it "
        "at first login.",
        "Vagaro on the nail-bar iPad: {u} / {p} - only for check-outs, no refunds.",
        "kitomba-export --salon 0182 --user {u} --password '{p}' --clients --since 2026-11-01 > clients_nov.csv",
        "timely_sync:\n  account: {u}\n  password: {p}\n  calendar: Ponsonby\n  sms_reminders: true",
        "{\"tool\": \"boulevard_book_appointment\", \"arguments\": {\"staff_login\": \"{u}\", \"password\": "
        "\"{p}\", \"service\": \"balayage\", \"start\": \"2026-12-08T10:00\"}}",
    ],
    "waste-weighbridge": [
        "Weighbridge office handover: the Avery Weigh-Tronix terminal on bridge 1 is logged in as {u}; password {p} "
        "if it locks. Skip lorries queue from 06:30.",
        "AMCS ticket: driver coordinator {u} locked out after three tries; password reset to {p}, change it when "
        "you sign in.",
        "Routeware in-cab tablet, truck 14: driver login {u} pw {p} - only for the Thursday kerbside recycling "
        "round.",
        "precia-export --site NORTHFIELD-MRF --user {u} --password '{p}' --tickets --date 2026-12-05 --format csv",
        "bigbelly:\n  portal: clean.bigbelly.example\n  user: {u}\n  password: {p}\n  fullness_alert: 85",
        "{\"tool\": \"rubicon_route_update\", \"arguments\": {\"hauler_login\": \"{u}\", \"password\": \"{p}\", "
        "\"route\": \"R-07\", \"stops_skipped\": 3}}",
    ],
    "fo-rm-chat": [
        "Góðan morgun Rannvá, her er nýggja loyniorðið til teldupostin á skrivstovuni: {p} - ikki geva tað víðari.",
        "Tú hevur fingið eina nýggja kontu í skúlaskipanini: brúkaranavn {u}, loyniorð {p}. Broyt tað, tá ið tú "
        "ritar inn fyrstu ferð.",
        "Jógvan: Hvat er loyniorðið til telduna í felagshúsinum?\nSigrid: {p} - eg broyti tað á mánadagin.",
        "Allegra! Tias datas d'annunzia per il portal da la vischnanca: num d'utilisader {u}, pled-clav {p}.",
        "Qua è il nov pled-clav per la cassa da la societad: {p} - per plaschair betg dar vinavant.",
        "Jau hai midà il pled-clav dal computer da biro, ussa è el {p}. A revair!",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "bakery-line": [
        "Batch SP-800-2612 | deck 2 | proof 55 min at 78% RH | bake 38 min | lot L7Q4X2KD9 | 412 loaves",
        "The MIWE controller password is in the bakery office binder; ask the night foreman, don't post it here.",
        "csb-export --mandant 01 --user nightbake2 --password \"$CSB_PASSWORD\" --orders --date 2026-12-07",
        "rademaker_line3:\n  gateway: 10.30.3.20\n  user: line3\n  password: \"\"",
        "Testo Saveris login: qa-manager / ******** (masked in the export)",
        "Bakesmart API key rotated; the new one is in Bitwarden under Wholesale / Bakesmart.",
    ],
    "funeral-home": [
        "Case 2026-1183 | service Thu 11:00 chapel | burial permit BP-26-004471-K | plot C-14-207",
        "Passare: every arranger has a personal login; never share it with families or drivers.",
        "password = os.environ[\"EDRS_PASSWORD\"]",
        "FrontRunner admin password: [redacted]",
        "{\"tool\": \"gather_case_update\", \"input\": {\"user\": \"arranger2\", \"password\": \"<from vault>\", "
        "\"case\": \"2026-1183\"}}",
        "Retort panel passwords must be changed when an operator leaves and are kept by the manager.",
    ],
    "elevator-service": [
        "Fault F-0417 door reopen limit | car 2 | controller MCE-M4000-8F2KQ | 06/12 14:22 | cleared by mechanic",
        "Schindler Ahead: building managers get a reset link by e-mail; the service desk never sees passwords.",
        "smartrise:\n  user: liftmech4\n  password: ${SMARTRISE_PASSWORD}",
        "KONE gateway admin password: ********",
        "liftmon-cli --site HARBOUR-TWR --user liftmech4 --password-file ~/.liftmon/pass faults",
        "Elevator key switch codes are not passwords; the fire-service key is kept in the lobby box.",
    ],
    "water-utility": [
        "Sample WQ-26-04471 | north zone | free chlorine 0.42 mg/L | turbidity 0.08 NTU | meter SN 71K3Q9XZ",
        "The iFIX operator password was changed after the audit; ask the control room supervisor.",
        "password = \"{{ ovarro_rtu_password }}\"",
        "flexnet-export --region NORTH --user ps-oncall --password \"%FLEXNET_PASSWORD%\" --reads",
        "Mission portal: on-call staff log in with their own account and a one-time code from the app.",
        "{\"tool\": \"neptune360_login\", \"arguments\": {\"utility_id\": \"AWD-0042\", \"username\": \"ops\", "
        "\"password\": \"\"}}",
    ],
    "parking-garage": [
        "Ticket 0044 7182 9931 | entry 07:12 P2 | plate KX71 QZR | paid 14.50 EUR | token 8F3A22C1",
        "ANPR exit lane 2 stream: rtsp://10.80.2.31:554/Streaming/Channels/101 (anonymous, read-only)",
        "entervo:\n  operator: nightdesk\n  password: ${ENTERVO_PASSWORD}",
        "FlashParking: night attendants sign in with their own badge; there is no shared password.",
        "Designa terminal password: <password>",
        "Amano pay stations ask for a 6-digit service code, changed every quarter by the operator.",
    ],
    "climb-bowl": [
        "Lane 12 | league Tue Mixers | game 3 | score 214 | ball ID QB-7734-KX2 | oil pattern 41 ft",
        "Rock Gym Pro: staff log in with their own accounts; ask the manager, the password isn't shared.",
        "conqueror-export.exe /user desk /pass \"%CONQUEROR_PASS%\" /leagues",
        "Kilter Board account password: ******",
        "capitan:\n  staff_user: deskstaff3\n  password: \"{{ vault_capitan_password }}\"",
        "Member M-20418 | waiver signed 2026-11-30 | belay check passed | card 04A2F19C",
    ],
    "fire-alarm": [
        "Panel event 2026-12-06 09:14:22 | loop 2 device 041 | FIRE | zone 7 | event id EVT-8F31C0A2",
        "Level 3 access is for the service engineer only; the password is never left on site.",
        "est3-sdu.exe /site \"Kelvin Campus\" /user engineer /password \"%SDU_PASSWORD%\" /upload",
        "Vigilon graphics PC password: [masked]",
        "Simplex programmer login: your own user; get the password from the keyring (service fire/simplex).",
        "Kentec Syncro: the level 2 code is set at commissioning and changed when a keyholder leaves.",
    ],
    "salon-booking": [
        "Booking BK-26-118840 | balayage + cut | 10:00 with Aroha | deposit 40 NZD | ref 7QX2M4",
        "Phorest: each stylist has a personal login; reception never asks for your password.",
        "kitomba-export --salon 0182 --user m.okafor --password \"$KITOMBA_PASSWORD\" --clients",
        "timely_sync:\n  account: frontdesk\n  password: \"\"",
        "Vagaro iPad password: ********",
        "Fresha: password must have 8 characters and a number, and resets expire after 30 minutes.",
    ],
    "waste-weighbridge": [
        "Weighbridge ticket WB-26-031847 | vehicle YK19 HRT | gross 26.40 t | tare 11.85 t | waste code 20 03 01",
        "AMCS: driver coordinators sign in with single sign-on; there is no separate password.",
        "bigbelly:\n  user: wb-office\n  password: ${BIGBELLY_PASSWORD}",
        "Routeware tablet login: driver / ****",
        "{\"tool\": \"rubicon_route_update\", \"arguments\": {\"hauler_login\": \"wb-office\", \"password\": "
        "\"<redacted>\", \"route\": \"R-07\"}}",
        "Precia Molen export key id pm-4f81c2d7 (public identifier, not the secret)",
    ],
    "fo-rm-chat": [
        "Eg havi gloymt loyniorðið - hvussu kann eg seta eitt nýtt?",
        "Loyniorðið skal hava í minsta lagi 12 tekn og eitt tal.",
        "Rokningur 2026-0881 | konto 44721 | upphædd 1.250,00 DKK",
        "Tramettai il pled-clav per plaschair betg per e-mail, telefonai a mai.",
        "Il pled-clav sto avair almain 12 caracters ed ina cifra.",
        "Quint nr. 2026-3318 | client 90214 | import 145,80 CHF",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=MUSES, leet=MOONS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(DOG_BREEDS, FABRICS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
