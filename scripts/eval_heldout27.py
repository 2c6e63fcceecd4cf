#!/usr/bin/env python3
"""Held-out set 27: passwords in library systems (ILS, SIP2, self-check), hotel property-management and front-desk
notes, court e-filing portals, systemd units and drop-in overrides, ham-radio and drone ground stations, church and
club membership tools, meeting-room AV systems, digital-signage players and kiosks, Danish and Icelandic chat, and
real-estate agents' notes (MLS, lockboxes, property portals).

Written on 2026-12-05 (helper set27) on main 2a1f50e, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 20-26 only for the scoring interface and for which
carriers they used; sets 1-19 were read only for their carrier lists (docstrings) and grepped (which files hold a
word) for the tools, languages and words below. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): library
systems (a Koha `koha-conf.xml` `<pass>`, a SIP2 `93` login message, a self-check kiosk staff note, an EZproxy
`user.txt` line, an Evergreen `srfsh` login, a circulation-desk handover); hotel PMS (a night-audit checklist, an
interface (IFC) INI, a keycard encoder note, a Cloudbeds token call, a front-desk chat message, a Mews-style
connector JSON); court e-filing (a PACER/CM-ECF note for a new paralegal, a state-portal service account, a Python
requests login, a firm's e-filing procedures page, a mail to a clerk's help desk, a docket-monitor YAML); systemd (a
drop-in `Environment=`, a unit `ExecStart` with `--db-password`, `systemd-run --setenv`, `systemctl
set-environment`, a `SetCredential=`, an environment file shown by `cat`); ham radio and drones (an APRS-IS igate
login line, a Pi-Star dashboard note, an EchoLink setup, an NTRIP `ntripclient -p`, a drone ground-station Wi-Fi
note, an ExpressLRS backpack Wi-Fi); membership tools (a church rota handover, a Planning Center note, a Wild
Apricot admin, a treasurer's bank-portal handover, a choir WordPress login, an under-11s club app); meeting-room AV
(a Crestron console `ADDUSER -P:`, a Zoom Rooms settings passcode, a Q-SYS core note, a Poly admin web login, a
PJLink projector password, a room-booking panel PIN); signage and kiosks (a Xibo CMS login, a kiosk autostart script
exporting the password, a Yodeck player note, a kiosk exit PIN, a BrightSign diagnostic web password, a Fully Kiosk
remote-admin note); Danish and Icelandic chat (summer-house Wi-Fi, a payroll login, a printer, a home network, a
changed e-mail password, a shared drive); real estate (an MLS login for a new agent, a lockbox code for a showing,
an AppFolio property-manager note, an open-house tablet, a vacant-unit alarm code, a transaction-desk login).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a typeface name with a year or
digits and a symbol, or two run together with digits), leetspeak bone names (never the first letter) with digits
and a symbol, passphrases of three to five pasta, rock and headwear words (blanks, hyphens, dots, or capitalised and
run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (an animal
and a headwear word joined in four casings), and PINs of 4-8 digits; drawn from random.Random(27) in a fixed order,
so the set is the same on every run. The word lists were grepped absent from sets 1-26. Hard negatives (60, six per
carrier): the same carriers giving no password (values read from the environment, files, credential stores,
prompts and template variables, masked, empty and `<redacted>` values, `<your password>` placeholders, a bcrypt
hash, a SHA-1 fingerprint, barcodes, booking, case, listing and serial ids, password rules and policy, talk about
passwords). Same scoring as sets 3-26 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main 2a1f50e; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set27 that wrote it (`scripts/eval_heldout27.py`, 2026-12-05 16:18
UTC): password recall 146/300 = 0.487; hard negatives hit 1/60 (library-ils 8/30, hotel-pms 14/30, court-efiling
14/30, systemd-units 30/30, radio-drone 11/30, membership-tools 14/30, av-rooms 14/30, signage-kiosk 19/30,
nordic-chat 9/30, real-estate 13/30; human 29/50, leet 30/50, passphrase 23/50, generated 35/50, letters 12/50, pin
17/50; negatives hit: signage-kiosk 1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout27.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 27"
SEED = 27

TYPEFACES = ("garamond", "helvetica", "futura", "baskerville", "bodoni", "didot", "caslon", "frutiger")
BONES = ("femur", "tibia", "sternum", "clavicle", "scapula", "patella", "jawbone", "kneecap")
LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
PHRASE_WORDS = ("rigatoni", "farfalle", "orzo", "linguine", "tortellini", "gnocchi", "penne", "fusilli", "lasagne",
                "gypsum", "dolomite", "quartzite", "turban", "balaclava", "kepi", "fez", "bandana")
ANIMALS = ("dugong", "marmot", "lynx", "weasel", "vole")
HEADWEAR = ("turban", "balaclava", "kepi", "fez", "bandana")
# No quote, comma, colon, semicolon, backslash, brace, bracket, parenthesis, angle bracket, pipe, percent, hash,
# caret, ampersand or dollar: every carrier holds the value as typed (XML elements, a pipe-separated SIP2 message,
# JSON, Python strings, systemd quoted assignments where % is a specifier, shell words in single quotes, INI lines).
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~.@"
USERS = ("k.achterberg", "svc-ils", "r.oyelaran", "frontdesk2", "paralegal.mh", "n.sorensen", "kiosk-ops", "g.bianchi")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "library-ils": [
        "<config>\n <db_scheme>mysql</db_scheme>\n <database>koha_library</database>\n <hostname>localhost</hostname>\n"
        " <user>{u}</user>\n <pass>{p}</pass>\n</config>",
        "9300CN{u}|CO{p}|CPMAIN|AY0AZF5B2",
        "Self-check kiosk 3 (children's floor): if it shows the blue screen, tap the logo five times and sign in as "
        "staff {u} with {p}, then Restart SIP.",
        "# EZproxy user.txt\n{u}:{p}:admin",
        "srfsh# login {u} {p}\nReceived Data: \"9ec1f2d83b0a4f1e\"\nsrfsh# request open-ils.actor "
        "open-ils.actor.user.retrieve",
        "Circ desk handover Sat: Polaris staff client still logs in as {u} / {p} at the returns PC, holds shelf done, "
        "two ILL items to post.",
    ],
    "hotel-pms": [
        "NIGHT AUDIT CHECKLIST\n1. Close the cashier shifts\n2. Run the rate check\n3. PMS login for the audit "
        "user: {u}, password {p}\n4. Print the in-house list",
        "[InterfaceIFC]\nHost=pms-app01\nPort=5010\nUser={u}\nPassword={p}\nProperty=HTLLON",
        "Keycard encoder at reception: the encoder software asks for the supervisor password after 3 wrong cards - "
        "it is {p}",
        "curl -X POST https://hotels.cloudbeds.example/api/v1.2/access_token -d 'grant_type=password' "
        "-d 'username={u}' -d 'password={p}'",
        "[22:47] Rita (front desk): night manager here, the back office PC login is {u} and {p} if you need the "
        "group folio tonight",
        "{\"ConnectorSettings\": {\"Endpoint\": \"https://api.mews.example/api/connector/v1\", \"Login\": \"{u}\", "
        "\"Password\": \"{p}\"}}",
    ],
    "court-efiling": [
        "New paralegal setup - PACER / CM/ECF (District Court)\nLogin: {u}\nPassword: {p}\nDo not file under "
        "the attorney's login without sign-off.",
        "Firm e-filing service account for the state portal: {u} / {p} (shared by the docketing team, rotate after "
        "each term)",
        "import requests\ns = requests.Session()\ns.post(\"https://ecf.example.uscourts.gov/cgi-bin/login.pl\", "
        "data={\"login\": \"{u}\", \"key\": \"{p}\"})",
        "E-filing procedures (internal wiki)\nStep 3: sign in to the county portal with the firm login {u} and the "
        "password {p}, then choose Subsequent Filing.",
        "Hello Clerk's e-filing help desk, our filer {u} gets 'invalid credentials' with {p} since this morning; "
        "the filing deadline is 5 pm. Can you reset the lock?",
        "docket_monitor:\n  court: nysd\n  username: {u}\n  password: {p}\n  poll_minutes: 30",
    ],
    "systemd-units": [
        "# /etc/systemd/system/billing.service.d/override.conf\n[Service]\nEnvironment=\"DB_USER={u}\"\n"
        "Environment=\"DB_PASSWORD={p}\"",
        "[Unit]\nDescription=Report exporter\n\n[Service]\nExecStart=/usr/local/bin/exporter --db-user {u} "
        "--db-password '{p}'\nRestart=on-failure",
        "$ sudo systemd-run --unit=oneoff-migrate --setenv=PGPASSWORD='{p}' /usr/bin/psql -h db -U {u} -f migrate.sql",
        "$ sudo systemctl set-environment SMTP_PASSWORD='{p}'\n$ sudo systemctl restart mailer",
        "[Service]\nSetCredential=db_password:{p}\nExecStart=/usr/bin/app --credentials-dir ${CREDENTIALS_DIRECTORY}",
        "$ cat /etc/default/sync-agent\nSYNC_USER={u}\nSYNC_PASS={p}\n$ systemctl restart sync-agent",
    ],
    "radio-drone": [
        "# aprsc / Xastir igate\nuser N0CALL-10 pass {p} vers igate 1.0 filter r/51.5/-0.1/50",
        "Pi-Star hotspot in the shack: dashboard http://pi-star.local admin user pi-star, password {p} "
        "(BrandMeister hotspot security set the same)",
        "EchoLink node setup: callsign with -L, password {p}, ports 5198-5200 forwarded on the club router",
        "ntripclient -s caster.example -r 2101 -m RTCM3_BASE -u {u} -p '{p}' | socat - /dev/ttyUSB0,b115200",
        "Field kit: the ground station laptop joins the drone's Wi-Fi (SSID SURVEY-7) with {p}, then open QGC "
        "and wait for the heartbeat.",
        "ExpressLRS backpack: hold the button to start the Wi-Fi, password {p}, browse to 10.0.0.1 to flash",
    ],
    "membership-tools": [
        "Handover from Margaret (rota admin, St Anne's): ChurchSuite login {u}, password {p}. The Sunday rota "
        "goes out on Thursday.",
        "Planning Center for the youth team: use the shared {u} account with {p} only for check-in stations.",
        "Wild Apricot admin for the rowing club: {u} / {p} (renewals go out 1 March)",
        "Treasurer handover: bank portal user {u}, password {p}, the card reader is in the grey cash box",
        "Choir website (WordPress): login {u} pw {p} - please only edit the Concerts page",
        "Club app for the under-11s: coaches sign in as {u} with {p} to mark attendance",
    ],
    "av-rooms": [
        "CP4N> ADDUSER -N:{u} -P:{p}\nUser added successfully",
        "Boardroom Zoom Rooms controller: the settings passcode is {p} (Room Settings > Lock settings)",
        "Q-SYS Designer: core at 10.20.1.5, administrator {u} / {p}; the UCI for Room 4 is read-only",
        "Poly Studio X50 admin web: https://10.20.1.31 user admin password {p}",
        "PJLink on the hall projector is on, password {p}, class 1 only",
        "Room booking panel outside Meeting 3: admin PIN {p} to change the calendar",
    ],
    "signage-kiosk": [
        "Xibo CMS for the lobby screens: https://signage.example/ user {u} password {p}",
        "#!/bin/sh\n# kiosk autostart\nexport KIOSK_USER={u}\nexport KIOSK_PASS='{p}'\nchromium --kiosk "
        "--noerrdialogs https://dash.example/board",
        "Player in the canteen: Yodeck dashboard login {u}, password {p}, screen group Canteen",
        "To leave kiosk mode on the visitor tablet, tap the top-left corner 7 times and type the exit PIN {p}",
        "BrightSign diagnostic web server on the window display: user admin, password {p}",
        "Menu board tablets: Fully Kiosk remote admin password {p}, do not change the start URL",
    ],
    "nordic-chat": [
        "Hej! Wifi-adgangskoden i sommerhuset er {p} - routeren står i skabet under trappen.",
        "Kan du logge ind på lønsystemet for mig? Brugernavn {u}, adgangskode {p}. Tak!",
        "Adgangskoden til printeren på 2. sal er {p}, brugeren hedder {u}",
        "Lykilorðið á netinu heima er {p}, notandinn er {u}",
        "Hæ, ég breytti lykilorðinu á tölvupóstinum í {p} - láttu mig vita ef það virkar ekki",
        "Ny adgangskode til fællesdrevet: {p} (brugernavn {u})",
    ],
    "real-estate": [
        "Welcome to the brokerage! MLS login: {u}, temporary password {p} - change it on first sign-in.",
        "Showing at 14 Elm St, 3 pm: lockbox on the side door, code {p}. Text me when you leave.",
        "AppFolio for the Riverside units: property manager login {u} with {p}, work orders only",
        "Open house tablet: sign-in app admin password {p}, leave it on the kitchen counter",
        "Vacant unit 4B: alarm code {p}, disarm within 30 seconds of opening the door",
        "Transaction desk: {u} / {p} (shared with the TC until her own account is set up)",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "library-ils": [
        " <user>koha_library</user>\n <pass>__DB_PASS__</pass>",
        "9300CN|CO|CPMAIN|AY0AZF5B2",
        "Patron barcode 21234000567891 | item 31234009876543 | due 2026-12-19",
        "EZproxy: staff passwords are kept in the password manager, never in user.txt.",
        "srfsh# login <username> <password>",
        "Patrons who forget their PIN can reset it at the desk with photo ID; staff never read PINs out by phone.",
    ],
    "hotel-pms": [
        "[InterfaceIFC]\nHost=pms-app01\nUser=ifc\nPassword=********",
        "Booking ref HTL-7781-33920 | Room 412 | 3 nights | rate BAR",
        "PMS passwords expire every 60 days and need 10 characters including a number.",
        "curl -d \"username=$CB_USER\" -d \"password=$CB_PASS\" https://hotels.cloudbeds.example/api/v1.2/access_token",
        "Front desk: never give the guest Wi-Fi or back office passwords over the phone.",
        "{\"Login\": \"mews-connector\", \"Password\": \"<redacted>\"}",
    ],
    "court-efiling": [
        "PACER login: <your PACER username> / <your password>",
        "Case No. 1:26-cv-04417-JMF | Document 23 | Filed 12/04/26",
        "s.post(url, data={\"login\": cfg.user, \"key\": keyring.get_password(\"ecf\", cfg.user)})",
        "E-filing policy: each attorney files under their own login; sharing credentials violates the court rules.",
        "docket_monitor:\n  username: paralegal\n  password: ${ECF_PASSWORD}",
        "If the portal says your password has expired, use Forgot Password on the login page.",
    ],
    "systemd-units": [
        "[Service]\nEnvironmentFile=/etc/billing/secrets.env\nExecStart=/usr/local/bin/billing",
        "[Service]\nLoadCredentialEncrypted=db_password:/etc/credstore.encrypted/db_password",
        "$ systemctl show billing -p Environment\nEnvironment=DB_USER=billing DB_PASSWORD=",
        "Use systemd-creds encrypt for service passwords; do not put them in Environment= lines.",
        "ExecStart=/usr/local/bin/exporter --db-password-file /run/credentials/exporter.service/db",
        "Dec 05 09:14:02 host systemd[1]: billing.service: Main process exited, code=exited, status=1/FAILURE",
    ],
    "radio-drone": [
        "user N0CALL-10 pass -1 vers igate 1.0",
        "APRS-IS passcodes are derived from your callsign; ask the server operator, never post yours.",
        "str2str -in ntrip://$NTRIP_USER:$NTRIP_PASS@caster.example:2101/RTCM3_BASE",
        "Drone serial 1581F5BKD225300AB | firmware 01.02.0300 | 34 flights",
        "EchoLink validation requires a copy of your licence; the password you choose must be 4 characters or more.",
        "Pi-Star: change the default dashboard password in Configuration > Remote Access Password.",
    ],
    "membership-tools": [
        "ChurchSuite: each volunteer logs in with their own email; admins, please don't share accounts.",
        "Member no. 004471 | Family ID F-2291 | Giving ref GA-88120",
        "Wild Apricot admin: <your login> / <your password>",
        "Treasurer handover: the bank portal password is in the sealed envelope in the safe.",
        "Choir website: forgot your password? Click Lost your password on the login page.",
        "Club app: coaches' passwords need at least 8 characters and one number.",
    ],
    "av-rooms": [
        "CP4> setpassword\nEnter new password:\nPassword change cancelled.",
        "Zoom Rooms: the settings passcode is managed in the admin portal, not on the controller.",
        "Q-SYS core serial 3-2C8F91A7 | firmware 9.10.0 | design Room4_v12",
        "Poly admin password: see the AV team vault entry 'Boardroom Poly'",
        "PJLink: authentication is off on the hall projector (no password set)",
        "Room booking panel: PIN length 4-6 digits, set by facilities",
    ],
    "signage-kiosk": [
        "export KIOSK_PASS=\"$(cat /etc/kiosk/pass)\"",
        "Xibo display key 7d1e0c6a-3b54-4f0e-8a11-2f6b9c0d4e21 authorised",
        "To leave kiosk mode, ask IT for the exit PIN; it is not written on the device.",
        "BrightSign SHA-1 cert fingerprint 3A:7F:19:C2:08:4D:E1:6B:95:0A:BB:27:4C:D8:11:F0:6E:93:2A:5C",
        "Fully Kiosk: set a remote admin password before enabling remote administration.",
        "kiosk admin stored as bcrypt $2b$12$AMI8a.yCEesh7FuJKHhl/2tw8Xy5DLRRji/Rv43muLOSD3FQKN6c6",
    ],
    "nordic-chat": [
        "Jeg har glemt min adgangskode til lønsystemet - hvem kan nulstille den?",
        "Adgangskoden skal være mindst 12 tegn og må ikke indeholde dit navn.",
        "Lykilorðið er á miðanum á routernum, ég man það ekki.",
        "Skrifaðu aldrei lykilorðið þitt í tölvupóst.",
        "Wifi-navnet er Sommerhus-5G, adgangskoden står bag på routeren.",
        "Sagsnummer 2026-11873 | kunde 48817 | faktura 770214",
    ],
    "real-estate": [
        "MLS # 26-118402 | 3 bd 2 ba | list price 489,000",
        "Lockbox codes are sent by the showing service 30 minutes before each showing; don't forward them.",
        "AppFolio login: <your email> / <your password>",
        "Alarm code for unit 4B: call the office, we don't text codes.",
        "Open house tablet: sign in with your own agent account.",
        "Transaction desk passwords must change every 90 days.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=TYPEFACES, leet=BONES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(ANIMALS, HEADWEAR), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
