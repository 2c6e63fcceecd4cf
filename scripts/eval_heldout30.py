#!/usr/bin/env python3
"""Held-out set 30: passwords in brewery and winery process control, pharmacy dispensing robots, airport ground
handling, ski lifts and resorts, orchestras and music schools, observatories and telescope control, aquaculture,
greenhouse climate computers, museum collection systems, and Irish and Luxembourgish chat.

Written on 2026-12-06 (helper set30) on main d23a38f, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py),
and read sets 20-29 only for the scoring interface, their docstrings and carrier names (and set 29's word-list and
carrier layout). Sets 1-29 were grepped (which files hold a word) for every tool, product, language and word below;
what the grep found was dropped: laboratory instruments (set 25), ferry terminals (a ferry in set 25), Basque,
Icelandic, Lithuanian, Estonian, Slovak/Czech `heslo`, Catalan and Welsh chat, and from the first drafts
mosquitto_pub, sshpass, mysql, curl -u, wget, JDBC URLs, VNC, JSON-RPC, rsync, "cashier", "keycard", "loan",
"Merci". Irish and Luxembourgish occur in no earlier set. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): brewery and
winery (a Braumat shift handover, a Brewmaxx reset ticket, an Ekos taproom login, a vintrace export command line, a
TankNet gateway YAML, an InnoVint login JSON tool call); pharmacy dispensing robots (a BD Rowa Vmax reload note, an
Omnicell cabinet PIN for an agency nurse, a Pyxis ES admin note, a Parata sync command line, a PillPick password
change mail, a Willach console JSON action); airport ground handling (a CUPPS gate workstation, an AODB account
approval, an Altea FM load-control tablet, AODB web-service `key=value` properties, a tug telematics supervisor
password, a DCS check-in JSON tool call); ski resorts (a Doppelmayr Connect terminal, a SKIDATA reset ticket, an
ATASSplus snowmaking login, an Axess CLI export, a PistenBully SNOWsat YAML, a Siriusware POS JSON tool call);
orchestras and music schools (a My Music Staff welcome, an OPAS librarian login, a Steinberg/Dorico lab account, a
Muzodo feed URL with user-info, practice-room tablets' admin password, a Sibelius publish JSON tool call);
observatories (a StellarMate night log, a PlaneWave PWI4 control-PC ticket, a TheSkyX Software Bisque account, an
ffmpeg `rtsp://` all-sky camera URL with user-info, an ASCOM Alpaca INI section, a N.I.N.A. JSON tool call);
aquaculture (an AKVAconnect feed-barge PC, a Fishtalk Control account, an OxyGuard panel, a Fishtalk sync command
line, a BarentsWatch site account mail, a Mercatus JSON tool call); greenhouse climate computers (a Priva Connext
grower's note, a Hoogendoorn iSii/Letsgrow reset, a Ridder Synopta consultant login, an iSii export cmd.exe line,
an Argus Titan INI section, a Growlink JSON tool call); museum collection systems (an Axiell Collections login, a
PastPerfect Online reset, a CollectiveAccess `setup.php` define, an IIIF upload command line, an Omeka S
`database.ini`, an eMuseum JSON tool call); Irish and Luxembourgish chat (an office mail password, a Gaelscoil
Aladdin account, a club computer; a commune Guichet login, an association cash-box password, an office computer).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a Norse god's name with a year
or digits and a symbol, or two run together with digits), leetspeak lake names (never the first letter) with digits
and a symbol, passphrases of three to five bird, tree and instrument words (blanks, hyphens, dots, or capitalised and
run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a pastry
and a flower joined in four casings), and PINs of 4-8 digits; drawn from random.Random(30) in a fixed order, so the
set is the same on every run. The word lists were grepped absent from sets 1-29. Hard negatives (60, six per
carrier): the same carriers giving no password (values read from the environment in shell, cmd.exe, Python, PHP,
YAML and properties syntax, a Jinja variable, vault and 1Password references, masked, empty, `[redacted]` and
`<password>` values, URLs without user-info, gyle, override-report, loadsheet, bag-tag, lift-pass, exam, frame,
sample, key-id, accession and invoice ids, password rules and policy, talk about passwords in both languages). Same
scoring as sets 3-29 (heldout_score.covered: a value counts when findings that are not public/test-value cover all
of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main d23a38f; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set30 that wrote it (`scripts/eval_heldout30.py`, 2026-12-06 00:41 UTC,
load 4.8): password recall 220/300 = 0.733; hard negatives hit 5/60 (brewery-winery 28/30, pharmacy-robot 27/30,
ground-handling 23/30, ski-resort 26/30, orchestra-school 22/30, observatory 22/30, aquaculture 24/30, greenhouse
20/30, museum-collection 22/30, ga-lb-chat 6/30; human 37/50, leet 37/50, passphrase 36/50, generated 46/50,
letters 32/50, pin 32/50; negatives hit: brewery-winery, pharmacy-robot, ground-handling, ski-resort and aquaculture
1/6 each, 0/6 in the other five).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout30.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 30"
SEED = 30

NORSE = ("freya", "frigg", "njord", "idun", "bragi", "vidar", "heimdall", "baldur")
LAKES = ("titicaca", "baikal", "tanganyika", "ladoga", "balaton", "ohrid", "malawi", "lucerne")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8", "c": "("}
PHRASE_WORDS = ("kingfisher", "nightingale", "albatross", "warbler", "skylark", "goldfinch", "hornbeam", "linden",
                "spruce", "poplar", "hourglass", "barometer")
PASTRIES = ("croissant", "profiterole", "macaron", "madeleine", "galette")
FLOWERS = ("daffodil", "azalea", "gardenia", "camellia", "snowdrop")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, YAML
# and INI values, PHP double-quoted strings, single-quoted shell and double-quoted cmd.exe arguments, the user-info
# of an rtsp:// or https:// URL, which ends at the first colon or at-sign, and `key=value` properties). The one
# parenthesis (a leet `c`) is inside a word, never first. Blanks come only in passphrases, which no URL, command
# line or properties template takes (the fourth template of each carrier never draws a passphrase). No value but a
# PIN is shorter than 7 characters (a four-letter god, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("a.nimhaolain", "cellar2", "p.schmit", "rampctl", "obsnight", "h.lindqvist", "grow-c3", "m.weber")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "brewery-winery": [
        "Handover 22:00 - the Braumat OS client on BH-PC2 is logged in as {u}; if it locks, the password is {p}. "
        "Boil on kettle 2 ends 23:10, then whirlpool.",
        "INC-4471 Brewmaxx web client: user {u} could not open the recipe editor for the lager line. Reset done, "
        "temporary password {p} (change at first login).",
        "Ekos login for the taproom iPad is {u} / {p} - only for logging returned kegs, please.",
        "vinx-export --account {u} --password '{p}' --from 2026-11-01 --to 2026-11-30 --format csv > "
        "november_lots.csv",
        "tanknet:\n  gateway: 192.168.40.10\n  username: {u}\n  password: {p}\n  poll_seconds: 60\n  tanks: [T1, "
        "T2, T3, T7]",
        "{\"tool\": \"innovint_login\", \"arguments\": {\"email\": \"{u}@hillside-cellars.example\", \"password\": "
        "\"{p}\"}}",
    ],
    "pharmacy-robot": [
        "Night reload of the BD Rowa Vmax: log in at the input station as {u} with password {p}; the robot "
        "restarts its inventory scan at 02:00.",
        "Omnicell XT cabinet 4B (intensive care): temporary PIN for agency nurse {u} is {p} until end of shift; "
        "BioID enrolment is booked for tomorrow.",
        "Pyxis ES console in the dispensary - admin user {u} pw: {p} - used for the override report only.",
        "parata-sync --host 10.20.4.15 --user {u} --password '{p}' --pull-orders --since 06:00",
        "Hi all, the PillPick web console password has been changed to {p} after the audit. Please don't write it "
        "on the robot. - Pharmacy IT",
        "{\"action\": \"willach_console.login\", \"params\": {\"user\": \"{u}\", \"password\": \"{p}\", \"site\": "
        "\"Apotheke am Markt\"}}",
    ],
    "ground-handling": [
        "Ramp team B: the CUPPS workstation at gate 14 is signed in as {u}; password {p} if it logs you out before "
        "the EI155 departure.",
        "AODB access request approved: account {u} created for load control, initial password {p}. Change it at "
        "first login in the AODB client.",
        "Load control tablet LC-03: Altea FM login {u} / {p} - only for the 06:00 wave.",
        "aodb.ws.endpoint=https://aodb.dub-ops.example/ws/v2\naodb.ws.user={u}\naodb.ws.password={p}\n"
        "aodb.ws.timeout=30",
        "Duty managers: the telematics portal for the tugs and belt loaders now uses {p} as the shared supervisor "
        "password.",
        "{\"tool\": \"dcs_checkin\", \"input\": {\"station\": \"DUB\", \"flight\": \"EI155\", \"agent_sine\": "
        "\"{u}\", \"password\": \"{p}\"}}",
    ],
    "ski-resort": [
        "Lift ops: the Doppelmayr Connect terminal in the Gipfelbahn bottom station is logged in as {u}; the "
        "password is {p} if it times out again.",
        "SKIDATA ticket: ticket seller {u} at the base-area office is locked out; password reset to {p}, must be "
        "changed at next sign-in.",
        "Snowmaking night shift: ATASSplus login {u} pw {p} - start the fan guns on run 7 once the wet-bulb drops "
        "below -3.",
        "axess-cli --server axess.resort.local --user {u} --password '{p}' export --date 2026-12-06",
        "snowsat:\n  fleet: PB600-12\n  user: {u}\n  password: {p}\n  depth_layer: true",
        "{\"name\": \"siriusware_pos_login\", \"arguments\": {\"clerk\": \"{u}\", \"password\": \"{p}\", \"till\": "
        "\"RENTAL-02\"}}",
    ],
    "orchestra-school": [
        "Welcome to the youth orchestra! Your My Music Staff student portal login is {u} and the password is {p}. "
        "The sectional schedule is there.",
        "OPAS Next login for the music librarian cover next week: user {u}, password {p} (only the Library module, "
        "please).",
        "Steinberg account for the Dorico composition lab: {u} / {p} - please don't change it, 14 Macs use it.",
        "Muzodo rota feed for the stage crew: https://{u}:{p}@calendar.muzodo.example/feeds/orchestra.ics",
        "Practice-room booking tablets (rooms 1-12) all use the admin password {p}; reset them if a student locks "
        "the screen.",
        "{\"tool\": \"sibelius_cloud_publish\", \"args\": {\"account\": \"{u}\", \"password\": \"{p}\", \"score\": "
        "\"Symphony no. 4 - parts\"}}",
    ],
    "observatory": [
        "Night log 06-12: StellarMate on the 14-inch is at 10.0.7.21, user {u}, password {p}; KStars profile "
        "C14-mono.",
        "OBS-271: remote desktop on the PW1000 control PC - user {u}, new password {p}. Please close PWI4 before "
        "disconnecting.",
        "TheSkyX on the dome PC asks for the Software Bisque account again: {u} / {p}",
        "ffmpeg -rtsp_transport tcp -i rtsp://{u}:{p}@allsky.obs.local:554/live -frames:v 1 allsky.jpg",
        "[Alpaca]\nDeviceName = Dome Safety Monitor\nAuthUser = {u}\nAuthPassword = {p}\nPort = 11111",
        "{\"tool_name\": \"nina_remote_connect\", \"tool_input\": {\"host\": \"obs-nina-01\", \"username\": "
        "\"{u}\", \"password\": \"{p}\"}}",
    ],
    "aquaculture": [
        "Feed barge at Hestholmen: the AKVAconnect PC is logged on as {u}; the password is {p} if the screen locks "
        "during feeding.",
        "Fishtalk Control account for the new site technician {u}: temporary password {p}. Register the lice "
        "counts there from Monday.",
        "OxyGuard Pacific panel in the hatchery: admin / {p} - alarms go to the night phone.",
        "fishtalk-sync --site HESTHOLMEN --user {u} --pass '{p}' --cages N1-N8",
        "Hi, our BarentsWatch site account password is now {p}. Use it only for the weekly lice report.",
        "{\"tool\": \"mercatus_farmer_login\", \"arguments\": {\"username\": \"{u}\", \"password\": \"{p}\", "
        "\"site\": \"Hestholmen\"}}",
    ],
    "greenhouse": [
        "Grower's note: Priva Connext on the office PC is logged in as {u}, password {p}. Leave the screen settings "
        "in compartment 3 alone.",
        "iSii ticket: user {u} can't open the Letsgrow graphs; the password was reset to {p}.",
        "Ridder Synopta remote access for the consultant: {u} / {p} (read only, tomato section).",
        "isii-export.exe -user {u} -pass \"{p}\" -from 2026-12-01 -to 2026-12-06 -out C:\\exports\\c3.csv",
        "[Argus]\nController = Titan-01\nUser = {u}\nPassword = {p}\nPollSeconds = 30",
        "{\"function\": \"growlink_set_irrigation\", \"arguments\": {\"login\": \"{u}\", \"password\": \"{p}\", "
        "\"zone\": \"C3-drip\", \"ml_per_dripper\": 120}}",
    ],
    "museum-collection": [
        "Collections note: the Axiell Collections login for the exhibition photographer is {u}, password {p}, "
        "valid until the opening.",
        "PastPerfect Online ticket: volunteer {u} can't log in after the update; new temporary password {p}.",
        "setup.php:\ndefine(\"__CA_DB_USER__\", \"{u}\");\ndefine(\"__CA_DB_PASSWORD__\", \"{p}\");\n"
        "define(\"__CA_DB_DATABASE__\", \"collectiveaccess\");",
        "iiif-upload --collection 1998.44 --user {u} --password='{p}' --source /mnt/scans/1998.44",
        "[database]\nuser     = \"{u}\"\npassword = \"{p}\"\ndbname   = \"omeka_s\"\nhost     = \"localhost\"",
        "{\"tool\": \"emuseum_publish\", \"input\": {\"objects\": [\"1998.44.3\", \"2003.12.1\"], \"user\": "
        "\"{u}\", \"password\": \"{p}\"}}",
    ],
    "ga-lb-chat": [
        "A Shíle, seo an pasfhocal nua don ríomhphost oifige: {p} - ná roinn é le duine ar bith.",
        "Dia duit! Tá cuntas nua agat ar Aladdin don Ghaelscoil: ainm úsáideora {u}, pasfhocal {p}. Athraigh é "
        "nuair a logálann tú isteach den chéad uair.",
        "Seán: Cad é an pasfhocal ar ríomhaire an chlub?\nMáire: {p} - athróidh mé é Dé Luain.",
        "Moien! De Login fir de Guichet vun der Gemeng: Benotzer {u}, Passwuert {p}.",
        "Hei ass dat neit Passwuert fir d'Keess vum Veräin: {p} - w.e.g. net weiderginn.",
        "Ech hunn d'Passwuert vum Bürocomputer geännert, et ass elo {p}. Äddi!",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "brewery-winery": [
        "Gyle 2231 | FV7 | OG 1.052 | pitched 18:40 | batch BX-7F3K9Q2M | yeast gen 4",
        "The Braumat password is in the brewhouse binder; ask the shift lead, don't post it here.",
        "vinx-export --account cellar --password \"$VINTRACE_PASSWORD\" --from 2026-11-01",
        "tanknet:\n  gateway: 192.168.40.10\n  username: cellar\n  password: \"\"",
        "Ekos login: taproom / ******** (masked in the export)",
        "vintrace API key rotated; the new one lives in 1Password under Winery / vintrace API.",
    ],
    "pharmacy-robot": [
        "Omnicell: sign in with your badge and BioID; there are no shared passwords on the cabinets.",
        "Pyxis override report PX-88213-IC | item 0409-4888-02 | qty 2 | witness required",
        "password = os.environ[\"PARATA_PASSWORD\"]",
        "PillPick console password: ******** (hidden)",
        "{\"action\": \"willach_console.login\", \"params\": {\"user\": \"nightpharm\", \"password\": \"<from "
        "vault>\"}}",
        "Temporary cabinet PINs must be 6 digits and expire after 12 hours.",
    ],
    "ground-handling": [
        "Loadsheet EI155/06DEC DUB-LHR | TOW 61880 | LMC none | edition 2",
        "AODB accounts use single sign-on; ask the ops control desk if your login fails.",
        "CUPPS sign-in: your agent sine and your own password (never share it).",
        "aodb.ws.user=rampctl\naodb.ws.password=${AODB_WS_PASSWORD}",
        "Telematics portal password: [redacted by ops]",
        "Bag tag 0220 451778 | bag ID 7H2KQ9XW | container AKE 12345 EI",
    ],
    "ski-resort": [
        "Lift pass 01-1614-7726-8842-3319 | valid 06.12-13.12 | chip WTP 8F3A-22C1",
        "SKIDATA: ticket sellers sign in with their own badge and PIN; never share PINs.",
        "ATASSplus password: ******",
        "snowsat:\n  user: pb-fleet\n  password: ${SNOWSAT_PASSWORD}",
        "Axess: the password policy requires 10 characters since the update.",
        "{\"name\": \"siriusware_pos_login\", \"arguments\": {\"clerk\": \"rental2\", \"password\": \"\"}}",
    ],
    "orchestra-school": [
        "Rehearsal 7 Dec: Brahms 2 mvts 1 and 3, strings sectional in Hall B. Call 18:30.",
        "OPAS: the password reset link is sent by e-mail; the office can't see your password.",
        "My Music Staff password: ******** (hidden)",
        "Steinberg licence: the activation code went to the school admin (not shared here).",
        "Muzodo rota feed: https://calendar.muzodo.example/feeds/orchestra.ics?token=<your token>",
        "Student 2026-VN-00417 | grade 6 violin | exam ref AB-8841-22K",
    ],
    "observatory": [
        "Target M42 | 300 s x 24 | Ha | gain 139 | frame L_2026-12-06_03-14-55_0017",
        "The StellarMate password was changed from the default; ask the night assistant.",
        "AuthPassword = %ALPACA_PASSWORD%",
        "ffmpeg -rtsp_transport tcp -i rtsp://allsky.obs.local:554/live -frames:v 1 allsky.jpg",
        "TheSkyX: Software Bisque account password <password>",
        "{\"tool_name\": \"nina_remote_connect\", \"tool_input\": {\"host\": \"obs-nina-01\", \"username\": \"obs\", "
        "\"password\": \"{{ nina_password }}\"}}",
    ],
    "aquaculture": [
        "Cage N4 | 182,400 fish | avg weight 2.31 kg | lice 0.12 adult female | sample SMP-26-4471-QX",
        "OxyGuard panel: the default admin password must be changed at commissioning.",
        "fishtalk:\n  password: ${FISHTALK_PASSWORD}",
        "BarentsWatch: log in with ID-porten, not a password.",
        "AKVAconnect password: [masked]",
        "ScaleAQ API token rotated; stored in the site vault as scaleaq/api.",
    ],
    "greenhouse": [
        "Compartment 3: day 21.5 C, night 17.0 C, CO2 800 ppm, EC 3.2, drain 28%",
        "Priva Connext: every grower has a personal login; ask the head grower.",
        "isii-export.exe -user grow-c3 -pass \"%ISII_PASSWORD%\" -from 2026-12-01",
        "[Argus]\nController = Titan-01\nUser = grower\nPassword = ********",
        "Letsgrow key id lg-7f3c2a91 (public identifier, not the secret)",
        "Synopta: a password reset takes 24 hours through Ridder support.",
    ],
    "museum-collection": [
        "Object 1998.44.3 | oil on canvas | accession 1998.44 | exhibition EX-2026-017 | ark:/81055/vdc_100000004711",
        "define(\"__CA_DB_PASSWORD__\", getenv(\"CA_DB_PASSWORD\"));",
        "Vernon CMS: passwords must include a number and are changed every 90 days.",
        "[database]\nuser     = \"omeka\"\npassword = \"\"",
        "Axiell: volunteers get their own logins; don't share the collections manager's.",
        "eMuseum admin password: <stored in the registrar's safe>",
    ],
    "ga-lb-chat": [
        "Rinne mé dearmad ar mo phasfhocal - conas is féidir é a athshocrú?",
        "Caithfidh 12 charachtar ar a laghad a bheith sa phasfhocal nua.",
        "Sonrasc 2026-0881 | cuntas 44721 | suim 212,50 EUR",
        "Schéckt d'Passwuert w.e.g. ni per E-Mail, rufft mech un.",
        "D'Passwuert muss op d'mannst 12 Zeechen an eng Zuel hunn.",
        "Rechnung Nr. 2026-3318 | Client 90214 | Betrag 145,80 EUR",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=NORSE, leet=LAKES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(PASTRIES, FLOWERS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
