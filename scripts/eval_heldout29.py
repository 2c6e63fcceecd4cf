#!/usr/bin/env python3
"""Held-out set 29: passwords in theatre lighting and show control, HVAC and building-management systems, cinema
projection booths, HPC clusters, GIS and survey tools, building access control and alarms, fleet telematics, game
development builds, car workshops, and Galician and Albanian chat.

Written on 2026-12-05 (helper set29) on main db88e21, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/ (nor any test under tests/detect/ but test_eval_heldout_sets.py),
and read sets 20-28 only for the scoring interface, their docstrings and carrier names. Sets 1-28 were grepped
(which files hold a word) for every tool, language and word below; ideas the grep found already used were dropped:
dental/PACS imaging, library systems, hotel PMS, church and club membership, drones and ham radio, 3D printers
(OctoPrint/Moonraker), school MDM (Intune), printing (printer admin notes in set 20), NTRIP casters, Greek,
Hungarian, Czech, Bulgarian, Serbian and Maltese chat, and from the first drafts PGPASSWORD (six sets) and Jenkins
(six sets), replaced by IRODS_PASSWORD and TeamCity. Galician and Albanian occur in no earlier set. The script keeps
counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): theatre
lighting (a focus-remote Wi-Fi key, a grandMA3 onPC session login, a Luminex GigaCore web admin, a ChamSys MagicQ
remote URL with user-info, a programmer's Eos login in tech notes, a Bitfocus Companion export in JSON); HVAC/BMS (a
Niagara 4 Workbench login, a Trend IQ4 web user, a Metasys INI section, a Metasys REST login body, a Desigo CC
helpdesk reply, a Daikin iTM admin password); cinema projection (a Dolby IMS3000 web UI, a Doremi ShowVault
ShowManager login, a TMS note for a duty manager, a GDC SR-1000 URL with user-info, a Christie service-level
password, a cinema-sync JSON); HPC clusters (an initial-password welcome, an sbatch script exporting
`IRODS_PASSWORD`, an Open OnDemand ticket, a `slurmdbd.conf` `StoragePass=`, an XDMoD portal login, a Globus
Connect Server local account); GIS and survey (a QGIS PostgreSQL dialog, a Trimble Access sync account, a GeoServer
datastore XML `passwd` entry, a `postgresql://` URL, a Field Maps crew login, a GeoServer admin change); building
security (a Paxton Net2 operator, a Wintex/Texecom remote password, a Genetec Config Tool login, an Axis A1601 URL
with user-info, a Gallagher guard login, an access-control bridge JSON); fleet telematics (Samsara, Tachomaster,
MyGeotab, an ELD tablet sign-in, a Spireon mail, a `mygeotab.API(password='...')` call); game development (a
P4CONFIG `P4PASSWD=`, `steamcmd +login user 'value'`, an Xbox Device Portal login, a TeamCity `env.P4PASSWD`
parameter, an Unreal Horde dashboard login, a PlayFab JSON); car workshops (Autel ID, ODIS GeKo, CDK Drive, a
Hunter aligner PC, a parts portal mail, a VCDS account); Galician and Albanian chat (a club Wi-Fi key, an
association account, a changed mail password; an invoices account, an office computer, an accounting system).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (an explorer's name with a year
or digits and a symbol, or two run together with digits), leetspeak volcano names (never the first letter) with
digits and a symbol, passphrases of three to five nut and chess words (blanks, hyphens, dots, or capitalised and run
together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a sewing word
and an old coin joined in four casings), and PINs of 4-8 digits; drawn from random.Random(29) in a fixed order, so
the set is the same on every run. The word lists were grepped absent from sets 1-28. Hard negatives (60, six per
carrier): the same carriers giving no password (values read from the environment, `~/.pgpass`, an iRODS auth file,
P4TICKETS, a TeamCity vault reference and `os.environ`, template variables, masked, empty, `<redacted>` and
`<from vault>` values, `<password>` placeholders, anonymous logins, show-file, KDM, sacct, parcel, access-event,
VIN, job-card, licence and invoice ids, password rules and policy, talk about passwords in both languages). Same
scoring as sets 3-28 (heldout_score.covered: a value counts when findings that are not public/test-value cover all
of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main db88e21; addons/ and rules/ untouched, and the same at main ddda76c), scored once,
before any change it measures and without listing its misses, by the helper set29 that wrote it
(`scripts/eval_heldout29.py`, 2026-12-05 21:22 UTC): password recall 210/300 = 0.700; hard negatives hit 4/60
(theatre-lighting 21/30, hvac-bms 18/30, cinema-projection 25/30, hpc-cluster 26/30, gis-survey 14/30,
building-security 23/30, fleet-telematics 27/30, gamedev-build 22/30, car-workshop 25/30, gl-sq-chat 9/30; human
37/50, leet 37/50, passphrase 35/50, generated 43/50, letters 23/50, pin 35/50; negatives hit: theatre-lighting 2/6,
cinema-projection 1/6, building-security 1/6, 0/6 in the other seven).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout29.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 29"
SEED = 29

EXPLORERS = ("magellan", "shackleton", "amundsen", "livingstone", "vespucci", "cabot", "tasman", "nansen")
VOLCANOES = ("vesuvius", "krakatoa", "pinatubo", "stromboli", "tambora", "hekla", "kilauea", "popocatepetl")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
PHRASE_WORDS = ("almond", "walnut", "pecan", "cashew", "macadamia", "chestnut", "bishop", "knight", "castle",
                "gambit", "checkmate", "stalemate")
SEWING = ("zipper", "buttonhole", "pincushion", "seam", "hemline")
COINS = ("florin", "ducat", "shilling", "drachma", "doubloon")
# No quote, backslash, comma, colon, semicolon, brace, bracket, parenthesis, angle bracket, pipe, percent, hash,
# caret, ampersand, dollar, at sign, slash, question mark or backtick: every carrier holds the value as typed (JSON
# strings, XML elements, INI and P4CONFIG lines, single-quoted shell and Python strings, the user-info of an
# http:// or postgresql:// URL, which ends at the first colon or at-sign, and Slurm's key=value lines, where a hash
# starts a comment). Blanks come only in passphrases, which no URL or slurmdbd.conf template takes (the fourth
# template of each carrier never draws a passphrase). The Wi-Fi keys (WPA2: 8-63 characters) are first templates,
# which never draw a PIN; no value but a PIN is shorter than 8 characters (an explorer, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("j.ferreiro", "lx-prog", "d.hoxha", "booth2", "svc-tms", "k.okafor", "fieldcrew3", "e.berisha")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "theatre-lighting": [
        "Focus notes: the iPad joins LX-FOCUS (WPA2 key {p}) and runs the Eos iRFR app against the FOH desk on "
        "port 3032.",
        "grandMA3 onPC on the visiting designer's laptop: user {u}, login password {p}, session LEAR-2026.",
        "Luminex GigaCore switch in the dimmer room: web admin {u}, password {p}; VLAN 10 carries sACN.",
        "ChamSys MagicQ remote from the booth tablet: http://{u}:{p}@10.101.50.11:8080/remote",
        "Tech notes (Tue): the Eos Apex user login for the programmer is {u}, pw {p}; the backup console mirrors "
        "it.",
        "Bitfocus Companion export:\n{\"label\": \"Disguise\", \"config\": {\"host\": \"10.101.60.5\", \"user\": "
        "\"{u}\", \"password\": \"{p}\"}}",
    ],
    "hvac-bms": [
        "Niagara 4 supervisor in the hospital plant room: Workbench login {u}, password {p}. The JACE in AHU-3 "
        "still runs the old station.",
        "Trend IQ4 web page in riser 2: user {u}, password {p} (level 99 access for the commissioning engineer)",
        "[bacnet]\ndevice_id=2001\ninterface=eth0\n[metasys]\nhost=adx01.estates.local\nusername={u}\npassword={p}",
        "Metasys REST from Postman: POST https://adx01.estates.local/api/v4/login with body {\"username\": \"{u}\", "
        "\"password\": \"{p}\"}",
        "Hi, estates helpdesk here - the Desigo CC operator login for the night porter is {u} / {p}, alarms only "
        "please.",
        "Daikin Intelligent Touch Manager in the server room: web admin password {p}, the cassettes show under "
        "Floor 2.",
    ],
    "cinema-projection": [
        "Screen 3 Dolby IMS3000: web UI user {u}, password {p}; the KDMs for Saturday's premiere are loaded.",
        "Doremi ShowVault in screen 1: the projectionist login for ShowManager is {u} with password {p}.",
        "TMS note for the new duty manager: log in as {u}, password {p}, then check the playlist for the 14:30 "
        "show.",
        "GDC SR-1000 web UI: http://{u}:{p}@10.50.3.11/ (screen 4 server, reachable only from the booth)",
        "Christie projector on screen 2: the service-level password is {p}; lamp hours 1,840.",
        "cinema-sync.json:\n{\"site\": \"Regent Cinema\", \"tms_user\": \"{u}\", \"tms_password\": \"{p}\", "
        "\"kdm_host\": \"kdm.example\"}",
    ],
    "hpc-cluster": [
        "Welcome to the Hopper cluster: your initial password is {p}; change it with passwd on your first login "
        "to hopper-login01.",
        "#!/bin/bash\n#SBATCH --job-name=ingest\n#SBATCH --time=02:00:00\nexport IRODS_PASSWORD='{p}'\n"
        "iinit && iget -r /hopperZone/home/{u}/run42 .",
        "Open OnDemand ticket #48120: user {u} can't start RStudio; temporary password set to {p}, please ask "
        "them to change it.",
        "slurmdbd.conf:\nDbdHost=slurmdb01\nStorageType=accounting_storage/mysql\nStorageUser={u}\n"
        "StoragePass={p}\nStorageLoc=slurm_acct_db",
        "XDMoD portal for the PI's usage report: login {u}, password {p} (read-only role)",
        "Globus Connect Server: the endpoint's local admin account is {u}, password {p}; the collection is "
        "hopper-scratch.",
    ],
    "gis-survey": [
        "QGIS > Data Source Manager > PostgreSQL: host gis-db01, database parcels, user {u}, password {p} (Store "
        "password ticked).",
        "Trimble Access on the TSC7 controller: the job sync account is {u}, password {p}.",
        "<dataStore>\n  <connectionParameters>\n    <entry key=\"host\">gis-db01</entry>\n"
        "    <entry key=\"user\">{u}</entry>\n    <entry key=\"passwd\">{p}</entry>\n  </connectionParameters>\n"
        "</dataStore>",
        "ArcGIS Pro connection for the tile job: postgresql://{u}:{p}@gis-db01:5432/parcels",
        "Field Maps: the shared field-crew login for today's survey is {u} / {p}, the offline area is "
        "downloaded.",
        "GeoServer admin at /geoserver/web: the admin password was changed to {p} after the audit.",
    ],
    "building-security": [
        "Paxton Net2 server in the comms room: operator login {u}, password {p}; the lobby door is on timezone 3.",
        "Wintex upload for the Texecom panel at site 0047: remote access password {p}, engineer {u}.",
        "Genetec Security Center Config Tool: user {u}, password {p}; camera 14 has been offline since Friday.",
        "Axis A1601 door controller for the side gate: http://{u}:{p}@10.30.0.41/",
        "Gallagher Command Centre: the night-shift guard login is {u} / {p}, acknowledge alarms only.",
        "acs-bridge.json:\n{\"controller\": \"ACU-2\", \"site\": \"Dock Road\", \"api_user\": \"{u}\", "
        "\"api_password\": \"{p}\"}",
    ],
    "fleet-telematics": [
        "Samsara dashboard: the transport office login is {u}, password {p}; driver scorecards are under Safety.",
        "Tachomaster (tacho analysis) for the new planner: user {u}, password {p}.",
        "MyGeotab for the depot: database fleetco, user {u}, password {p}. The exceptions report runs at 06:00.",
        "ELD tablet in truck 71: driver {u} signs in with {p} until HR sets up his own account.",
        "Hi Dave, the trailer-tracking portal (Spireon) login is {u} and the password is {p}. Trailer 18 hasn't "
        "reported since Monday.",
        "api = mygeotab.API(username='{u}', password='{p}', database='fleetco')\napi.authenticate()",
    ],
    "gamedev-build": [
        "P4CONFIG in the workspace root:\nP4PORT=ssl:perforce.studio.example:1666\nP4USER={u}\nP4PASSWD={p}\n"
        "P4CLIENT=build_agent_07",
        "steamcmd +login {u} '{p}' +app_update 1007 validate +quit",
        "Devkit on the QA rack: Xbox Device Portal user {u}, password {p}.",
        "TeamCity > Project > Parameters: env.P4PASSWD = {p} (for the nightly cook agent)",
        "Hi! The playtest build is up. Unreal Horde dashboard login for the external QA team: {u} / {p}.",
        "{\"PlayFab\": {\"TitleId\": \"8F2C1\", \"DeveloperUser\": \"{u}\", \"DeveloperPassword\": \"{p}\"}}",
    ],
    "car-workshop": [
        "Autel MaxiSYS in bay 2: the tablet's Autel ID login is {u}, password {p}; software updates are due.",
        "ODIS GeKo account for key programming: user {u}, password {p}.",
        "CDK Drive for the new service advisor: log in as {u}, password {p}, then open the workshop loading.",
        "Hunter aligner PC in bay 4: Windows login {u}, password {p}",
        "Hi Kev, the parts ordering portal login is {u} and the password is {p}. The Ford order closes at 4.",
        "VCDS on the workshop laptop: the Ross-Tech account password is {p}, licence tied to the HEX-V2.",
    ],
    "gl-sq-chat": [
        "Ola! O contrasinal da wifi do local é {p}, a rede chámase Aturuxo-5G.",
        "Podes entrar ti na conta da asociación? Usuario {u}, contrasinal {p}. Grazas!",
        "Cambiei o contrasinal do correo a {p}, avísame se non che vai.",
        "Fjalëkalimi i ri për llogarinë e faturave: {p} (përdoruesi {u})",
        "Përshëndetje! Fjalëkalimi i kompjuterit në zyrë është {p}, përdoruesi {u}.",
        "Hyr me përdoruesin {u} dhe fjalëkalimin {p} në sistemin e kontabilitetit.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "theatre-lighting": [
        "Eos show file Macbeth_v14.esf | cue list 1 | 412 cues | last saved 2026-11-30 19:42",
        "grandMA3: make your own user profile at the console; the session itself has no login password.",
        "ChamSys MagicQ remote: http://10.101.50.11:8080/remote (no password on the LX network)",
        "Focus remote Wi-Fi key: ask the production LX, it's on the back of the rack door.",
        "{\"label\": \"Disguise\", \"config\": {\"host\": \"10.101.60.5\", \"user\": \"operator\", \"password\": "
        "\"\"}}",
        "Luminex GigaCore: the admin password is in the venue's 1Password vault under 'LX network'.",
    ],
    "hvac-bms": [
        "AHU-3 | SAT 17.8 C | RAT 21.4 C | damper 35% | BACnet device 2003 object AI:12",
        "[metasys]\nhost=adx01.estates.local\nusername=svc-bms\npassword=${METASYS_PASSWORD}",
        "Niagara 4: station passwords must be at least 10 characters with a digit and a symbol.",
        "POST /api/v4/login {\"username\": \"<user>\", \"password\": \"<password>\"}",
        "Desigo CC operators each get their own login; the night porter's account is set up by estates.",
        "Daikin iTM admin password: ******** (reset by the contractor on 2026-10-02)",
    ],
    "cinema-projection": [
        "KDM Dune_FTR-3_S_EN-XX 4K | valid 2026-12-04 10:00 to 2026-12-11 23:59 | server serial 282194",
        "Dolby IMS3000: the web UI password is held by head office; call the NOC if screen 3 locks.",
        "cinema-sync.json:\n{\"site\": \"Regent Cinema\", \"tms_user\": \"tms-sync\", \"tms_password\": "
        "\"<from vault>\"}",
        "GDC SR-1000 web UI: http://10.50.3.11/ (log in from the booth PC's password manager)",
        "Projectionist passwords are changed every quarter and never written on the booth whiteboard.",
        "Christie projector service password: unchanged, see the maintenance contract.",
    ],
    "hpc-cluster": [
        "sacct -j 4417820 | JobName ingest | State COMPLETED | Elapsed 01:12:44 | NodeList c[041-044]",
        "slurmdbd.conf:\nStorageUser=slurm\nStoragePass=\nStorageLoc=slurm_acct_db",
        "#SBATCH --job-name=ingest\nexport IRODS_AUTHENTICATION_FILE=$HOME/.irods/.irodsA\niinit",
        "Hopper cluster: passwords expire every 180 days; run passwd on a login node to change yours.",
        "Open OnDemand ticket #48120: password reset link sent to the user, closed.",
        "Globus Connect Server: the endpoint authenticates through the university's SSO, no local password.",
    ],
    "gis-survey": [
        "Parcel 4471-0082 | area 0.412 ha | EPSG:27700 | surveyed 2026-11-18 with an R12i",
        "postgresql://gis_reader@gis-db01:5432/parcels (the password comes from ~/.pgpass)",
        "<entry key=\"passwd\">${GEOSERVER_DB_PASSWORD}</entry>",
        "QGIS: use an authentication configuration (authcfg=7fk2x9q) instead of storing the password in the "
        "project.",
        "Field Maps: each surveyor signs in with their own ArcGIS account; don't share logins.",
        "GeoServer admin password: the default was changed at install and is kept in the estates vault.",
    ],
    "building-security": [
        "Event 2026-12-04 22:17:05 | door D14 Side Gate | card 04:A2:3F:1C | access granted",
        "Paxton Net2: operator passwords are set by the security manager; never e-mail them.",
        "acs-bridge.json:\n{\"controller\": \"ACU-2\", \"api_user\": \"svc-acs\", \"api_password\": "
        "\"${ACS_API_PASSWORD}\"}",
        "Alarm engineer code: <set at commissioning>, master code held by the client.",
        "Genetec Security Center: passwords need 12 characters; accounts lock after five failed attempts.",
        "Axis A1601 at http://10.30.0.41/ - log in with the credentials in the site handover pack.",
    ],
    "fleet-telematics": [
        "Vehicle FL71 XKD | VIN WDB9066351P482210 | odometer 184,220 km | last ping 06:41",
        "Samsara: drivers sign in with their own app accounts; the office login is not shared.",
        "api = mygeotab.API(username=os.environ['GEOTAB_USER'], password=os.environ['GEOTAB_PASSWORD'], "
        "database='fleetco')",
        "Tachograph company card PIN: ask the transport manager, it isn't kept on the system.",
        "ELD drivers set their own password at first sign-in; the office can only reset it.",
        "Spireon portal: password <redacted>",
    ],
    "gamedev-build": [
        "Change 88214 submitted by build_agent_07 | //depot/main/Game/Config/DefaultGame.ini | 3 files",
        "P4CONFIG:\nP4PORT=ssl:perforce.studio.example:1666\nP4USER=build_agent\nP4TICKETS=/home/build/.p4tickets",
        "steamcmd +login anonymous +app_update 1007 validate +quit",
        "{\"PlayFab\": {\"TitleId\": \"8F2C1\", \"DeveloperSecretKey\": \"${PLAYFAB_SECRET}\"}}",
        "TeamCity > Parameters: env.P4PASSWD = %vault:kv/perforce/build!/password% (password type, hidden)",
        "Device Portal passwords must be 8 characters or more; reset them from Dev Home if forgotten.",
    ],
    "car-workshop": [
        "Job card 31877 | VW Golf 2.0 TDI | reg WK19 LMO | fault P0401 EGR flow insufficient",
        "Autel ID: each technician registers their own account with the tablet serial.",
        "ODIS GeKo access: apply through the dealer portal; passwords are never shared.",
        "Parts portal login: <username> / <password> from the dealer handbook",
        "VCDS licence HEX-V2 serial HV2-482277 | firmware 1.96",
        "CDK Drive: the password reset link expires after 24 hours.",
    ],
    "gl-sq-chat": [
        "Esquecín o contrasinal da conta da asociación, quen mo pode restablecer?",
        "O contrasinal ten que ter polo menos 12 caracteres e un número.",
        "O contrasinal da wifi está na etiqueta debaixo do router.",
        "Mos e dërgo kurrë fjalëkalimin me email.",
        "Fjalëkalimi duhet të ketë të paktën 10 karaktere.",
        "Fatura nr. 2026-4471 | klienti 88231 | shuma 312,40 EUR",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=EXPLORERS, leet=VOLCANOES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(SEWING, COINS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
