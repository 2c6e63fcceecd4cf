#!/usr/bin/env python3
"""Held-out set 37: passwords in laundromat chains, kart tracks, hearing clinics, metal foundries, tyre centres,
planetariums, roofing contractors, notary offices, shipyards, and Azerbaijani and Macedonian chat.

Written on 2026-12-06 (helper set37) on main 85c7724, before any detection change it measures (prose52 was tuning the
detector on set 36's misses at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor the branch prose52, nor any
set's misses), and read sets 20-36 only for the scoring interface, their docstrings and carrier names (and set 36's
word-list and carrier layout, whose form this set keeps). Sets 1-36 (scripts/eval_heldout*.py and tests/data/heldout*/)
were grepped for every carrier, tool, JSON wrapper, language and word below, and every word of four letters or more in
the carriers, negatives, word lists and user names was grepped (whole words, case-insensitive) once the drafts were
written; what the grep found was dropped: ferry operators (set 25), dental labs (dental practices, sets 26 and 29),
escape rooms (set 32), brewery taprooms (set 30), driving schools (set 35), museum archives, wind farms (set 34) and
veterinary clinics (set 28) first suggested for this set; Icelandic, Maltese and Yoruba (earlier sets); Roman emperors,
glaciers, knots, pottery, spices, rodents, mushrooms, horology words and most lizards first tried for the word lists;
`wget`, `git clone`, `.pgpass`, a Kubernetes `stringData` Secret and an ADO `connectionString` first tried as shapes;
the JSON wrapper `invoke`/`with` (set 35's riding lessons); a Hunter wheel aligner (an earlier car workshop), the key
names `DbUser`/`DbPassword`, the placeholders `<SA_PASSWORD>` and `<YOUR_API_KEY>`, a kart `transponder`, a lasting
power of attorney, and the names Gareth, Ines, Priya, Ruth, Ferreira, Osei, Riverside and KX19. Azerbaijani and
Macedonian occur in no earlier set (Serbian, set 18, shares the word `лозинка`; Turkish shares `giriş`). The script
keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): laundromat
chains (a store chat line on the Cents kiosk, an e-mail giving the Speed Queen Insights login, a card-reader ticket, a
numbered `history` listing with `--password`, a docker-compose `environment:` block, a LangChain `action`/
`action_input` step); kart tracks (an SMS-Timing close-down note, a marshals' group chat, an Apex Timing support reply,
a Go FTP `c.Login(user, password)` call, a kiosk `.env`, an OpenAI `function` call whose `arguments` is a JSON string
inside the JSON); hearing clinics (a Noah incident ticket, a reception note on Phonak Target, a Sycle unlock e-mail, a C
`mysql_real_connect(conn, host, user, password, ...)` call, a `.reg` export, an OpenAI `recipient_name`/`parameters`
call); metal foundries (a furnace-HMI log line, a melt-shop handover, an Ansible `group_vars` YAML, a Perl
`Net::Telnet` `login(user, password)` call, a MAGMASOFT licence ticket, a `skill`/`inputs` JSON step); tyre centres (a
workshop manager's e-mail, a bay radio log giving a TPMS tool's unlock code, a B2B portal ticket, a zsh
extended-history `x11vnc -passwd` line, a Java jcifs `NtlmPasswordAuthentication(domain, user, password)`, an
`intent`/`slots` JSON); planetariums (a Digistar dome handover, a volunteers' note on a tablet, a syslog line with
`password=`, a `swaks --auth-password` line, a media-server YAML, a GraphQL mutation's `variables`); roofing
contractors (a two-line crew chat, an AccuLynx support ticket, an EagleView e-mail, a Rust ssh2
`userauth_password(user, password)` call, a GitHub Actions `env:` block, a `callTool`/`payload` JSON); notary offices
(a notary's e-mail before leave, an office handover, an IT ticket, Python `poplib` `user()`/`pass_()` calls, a
systemd `Environment=` drop-in, a `tool_request`/`input_args` JSON); shipyards (a weld-monitor log line with `pass=`,
a ShipConstructor handover, a yard radio chat, an Erlang `ftp:user(Pid, User, Password)` call, a `.properties` file, a
`call`/`fn`/`kwargs` JSON); Azerbaijani and Macedonian chat (the password is, log in with, the code: an office mail
password, a warehouse-system login, a cooperative computer's code; an office mail password, a pharmacy-system login,
a warehouse alarm code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a chess world champion's name
with a year or digits and a symbol, or two run together with digits), leetspeak Alpine passes (never the first
letter) with digits and a symbol, passphrases of three to five printmaking and archery words (blanks, hyphens, dots, or
capitalised and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters
only (an apple and a lizard joined in four casings), and PINs of 4-8 digits; drawn from random.Random(37) in a fixed
order, so the set is the same on every run. The word lists and user names were grepped absent from sets 1-36. Hard
negatives (60, six per carrier) in shapes no earlier set's negatives took: product SKUs, part and pattern numbers, a
parcel tracking code, a tyre DOT code, a TPMS sensor ID, an IMO number and weld procedure, a star's coordinates, file
checksums (MD5 and SHA-256) and a commit, release versions and builds, an HTML `type="password"` field, a password
rule as a regular expression, docs examples with `<USERNAME>`/`<PASSWORD>`, `<SQL_PASSWORD>` and `<ACCULYNX_KEY>`
placeholders, variables named without their value (`BRIDGE_PASSWORD`, `NOAH_SYNC_PASSWORD`, `${PERMITS_DB_PASS}`,
`os.environ[...]`, `${{ secrets.... }}`, a Jinja vault reference, `passwordFrom: env:...`), a `.reg` value deletion,
an empty `.env` value, systemd's credentials directory, `x11vnc -rfbauth`, a `swaks` that prompts, a log line with
`<redacted>`, a Perl `login($user, $pass)`, an OpenAI call without a password, a smart-card PIN pad, and talk about
passwords in both languages and invoices in manat and denars). Same scoring as sets 3-36 (heldout_score.covered: a
value counts when findings that are not public/test-value cover all of it; a negative is hit by any such finding;
values are never printed).

Score on the unchanged code (main 85c7724; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set37 that wrote it (`scripts/eval_heldout37.py`, 2026-12-06 23:27 UTC, load
4.5): password recall 223/300 = 0.743; hard negatives hit 1/60 (laundromat 29/30, kart-track 29/30, hearing-clinic
21/30, foundry 26/30, tyre-centre 22/30, planetarium 25/30, roofing 27/30, notary 24/30, shipyard 19/30, az-mk-chat
1/30; human 41/50, leet 40/50, passphrase 37/50, generated 41/50, letters 30/50, pin 34/50; negatives hit: shipyard
1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout37.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 37"
SEED = 37

CHESS_PLAYERS = ("capablanca", "alekhine", "morphy", "botvinnik", "petrosian", "smyslov", "spassky", "steinitz")
ALPINE_PASSES = ("stelvio", "grimsel", "furka", "gotthard", "susten", "simplon", "brenner", "splugen")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "6", "l": "1", "b": "8"}
PHRASE_WORDS = ("brayer", "burin", "drypoint", "mezzotint", "aquatint", "intaglio", "linocut", "baren", "platen",
                "woodcut", "fletching", "nock")
APPLES = ("braeburn", "pippin", "russet", "jonagold", "cortland")
LIZARDS = ("skink", "anole", "agama", "slowworm", "chuckwalla")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings, a JSON
# string inside a JSON string, a GraphQL variables object, YAML, .env, .reg and systemd values, an ADO-style
# connection string, Java, C, Go, Rust, Perl, Python and Erlang literals, a URL's user part, and the bare arguments of
# the shell lines). No leet swap makes a parenthesis. Blanks come only in passphrases, which no bare command-line
# argument takes (the fourth template of each carrier never draws a passphrase; where a passphrase can come to a
# shell line it is single-quoted). No value but a PIN is shorter than 8 characters (a five-letter pass, a swap, digits
# and a symbol; a six-letter player, a symbol and two digits).
HUMAN_SYMBOLS = "!*.+=_"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("l.mammadova", "d.stojanovski", "kartdesk2", "ops.vrana", "bay4.fitter", "dome.tech1", "est.okafor",
         "yard.qc7")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
# The fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "laundromat": [
        "[07:02] Zofia: morning all - the Cents kiosk at the Elm Street store logged itself out again. It's {u}, "
        "password {p}. Washers 14-16 are still out of order.",
        "From: ops@brightwash.example\nTo: store-leads@brightwash.example\nSubject: new Speed Queen Insights login\n\n"
        "Hi all,\nfrom Monday the Insights dashboard login for the chain is {u} with password {p}. Please don't save "
        "it on the shared tablet.\n\nThanks, Marisol",
        "LAUN-4471 | P3 | Card reader at the Canal Road store rejects the route operator's login.\nResolution: "
        "operator portal password for {u} reset to {p}; asked them to change it.",
        "  201  cd /opt/coinbridge\n  202  ./coinbridge-sync --store 07 --user {u} --password {p} --dry-run\n"
        "  203  tail -n 40 sync.log",
        "services:\n  payments-bridge:\n    image: brightwash/payments-bridge:3.4\n    environment:\n"
        "      BRIDGE_USER: {u}\n      BRIDGE_PASSWORD: \"{p}\"\n    restart: unless-stopped",
        "{\"action\": \"refund_wash_cycle\", \"action_input\": {\"store\": \"07\", \"machine\": 14, \"amount\": 4.5, "
        "\"operator\": \"{u}\", \"operator_pass\": \"{p}\"}}",
    ],
    "kart-track": [
        "Close-down note from Friday: the SMS-Timing race control PC is still logged in as {u}. If it asks again "
        "the password is {p}. Kart 9 has a sticky throttle - parked it.",
        "Marshals group\nDev: what's the login for the new timing laptop?\nKayla: {u}, and the password's {p}\n"
        "Dev: cheers",
        "Hello,\nthanks for contacting Apex Timing support. We have reset the password for the track account {u}. "
        "Your new temporary password is: {p}\nPlease change it under Settings > Account after you sign in.\n"
        "Kind regards,\nApex Timing Support",
        "if err := c.Login(\"{u}\", \"{p}\"); err != nil {\n\tlog.Fatal(err) // lap-data upload to the league "
        "server\n}",
        "# kiosk booking app\nBOOKING_API_URL=https://book.kartzone.example/api\nBOOKING_API_USER={u}\n"
        "BOOKING_API_PASSWORD=\"{p}\"\nTIMEZONE=Europe/London",
        "{\"type\": \"function\", \"function\": {\"name\": \"reserve_grand_prix_slot\", \"arguments\": "
        "\"{\\\"drivers\\\": 8, \\\"date\\\": \\\"2026-12-19\\\", \\\"desk_login\\\": \\\"{u}\\\", "
        "\\\"racecontrol_pw\\\": \\\"{p}\\\"}\"}}",
    ],
    "hearing-clinic": [
        "INC-30918 Noah 4 won't open on the fitting-room PC after the Windows update. Workaround: local account {u} "
        "/ {p}, set by IT. Audiologist informed.",
        "Reception, 09:40: Dr Hale's Phonak Target login had expired, so IT gave her a new password: {p} (username "
        "still {u}).",
        "Subject: Sycle account\n\nHi Hanna,\nyour Sycle account {u} is unlocked and the password is set to {p}. "
        "You'll be asked to pick a new one.\n\nBest,\nPractice manager",
        "if (!mysql_real_connect(conn, \"10.8.1.4\", \"{u}\", \"{p}\", \"fittings\", 3306, NULL, 0)) {\n"
        "    fprintf(stderr, \"%s\\n\", mysql_error(conn));\n}",
        "Windows Registry Editor Version 5.00\n\n[HKEY_LOCAL_MACHINE\\SOFTWARE\\Himsa\\Noah\\Server]\n"
        "\"SqlLogin\"=\"{u}\"\n\"SqlPassword\"=\"{p}\"",
        "{\"recipient_name\": \"functions.book_hearing_test\", \"parameters\": {\"patient\": \"P-55821\", "
        "\"test\": \"pure-tone audiogram\", \"room\": \"booth 2\", \"audiologist_login\": \"{u}\", "
        "\"audiologist_password\": \"{p}\"}}",
    ],
    "foundry": [
        "2026-12-04 05:58:11 [furnace-hmi] WARN operator session timed out; re-login as {u} with password {p} "
        "succeeded",
        "Melt shop handover, nights to days: the Spectromaxx spectrometer PC is logged in as {u}; if it locks, the "
        "password is {p}. Furnace 2 lining is due for relining.",
        "# group_vars/foundry_mes.yml\nmes_db_host: 10.60.2.11\nmes_db_user: {u}\nmes_db_password: \"{p}\"\n"
        "mes_retention_days: 90",
        "my $t = Net::Telnet->new(Host => 'pour-plc01', Timeout => 10);\n$t->login('{u}', '{p}');",
        "MES-2207: the MAGMASOFT licence server rejects the simulation engineer's login.\nAction: password for {u} "
        "reset to {p}; user to change it at next sign-in.",
        "{\"skill\": \"log_pour\", \"inputs\": {\"heat\": \"H-26-3318\", \"alloy\": \"EN-GJS-400-15\", "
        "\"pour_temp_c\": 1395, \"melt_user\": \"{u}\", \"melt_pw\": \"{p}\"}}",
    ],
    "tyre-centre": [
        "Subject: alignment rig login\n\nThe Beissbarth rig in bay 3 now logs in with {u} / {p}. Please don't stick it "
        "on the cabinet.\n\nCheers, Rhodri (workshop manager)",
        "Bay 4 radio log, 11:20 - Tom asked for the TPMS tool's unlock code; told him {p}.",
        "Ticket 77120 (wholesaler B2B portal): counter staff {u} locked out after three tries. Temporary password "
        "{p}, to be changed at first login.",
        ": 1764921102:0;x11vnc -display :0 -passwd {p} -forever -shared",
        "NtlmPasswordAuthentication auth = new NtlmPasswordAuthentication(\"TYRES\", \"{u}\", \"{p}\");",
        "{\"intent\": \"book_tyre_fitting\", \"slots\": {\"registration\": \"LN21 RWE\", \"tyres\": 2, "
        "\"size\": \"225/45 R17\", \"fitter\": \"{u}\", \"fitter_pass\": \"{p}\"}}",
    ],
    "planetarium": [
        "Dome handover: Digistar on the console is logged in as {u}; the password is {p} if it asks after a show "
        "restart. Projector 3's fan is noisy.",
        "Hi volunteers, the booking tablet at the dome entrance now unlocks with {p}. Keep it to yourselves, "
        "please - Hilde",
        "Dec 05 19:02:44 dome-ctl showrunner[2231]: authenticating to media server as {u} password={p}",
        "swaks --to shows@skydome.example --server mail.skydome.example --auth-user {u} --auth-password {p}",
        "mediaServer:\n  host: media01.dome.local\n  auth:\n    user: {u}\n    password: \"{p}\"\n  cacheGb: 400",
        "{\"query\": \"mutation BookShow($input: ShowBooking!) { bookShow(input: $input) { id } }\", \"variables\": "
        "{\"input\": {\"show\": \"Aurora Nights\", \"seats\": 32, \"staffLogin\": \"{u}\", \"domePassword\": "
        "\"{p}\"}}}",
    ],
    "roofing": [
        "[crew chat] Mo: AccuLynx on the site iPad logged out again\n[crew chat] Jen: user {u}, password {p} - "
        "don't change it, the office uses it too",
        "AccuLynx support ticket 40551: estimator {u} can't open jobs after the phone swap. Password reset to {p}; "
        "change it at next login.",
        "Subject: EagleView for estimating\n\nTeam - the EagleView account for roof reports is {u}, password {p}. "
        "Order reports under job numbers only.\n\nSam",
        "sess.userauth_password(\"{u}\", \"{p}\")?; // drone survey uploads to the office box",
        "jobs:\n  sync:\n    runs-on: ubuntu-latest\n    env:\n      ROOFSNAP_USER: {u}\n      ROOFSNAP_PASSWORD: "
        "'{p}'\n    steps:\n      - run: ./sync-measurements.sh",
        "{\"callTool\": {\"name\": \"create_roof_estimate\", \"payload\": {\"job\": \"R-26-1187\", \"pitch\": "
        "\"35 deg\", \"squares\": 28, \"estimator\": \"{u}\", \"estimator_pw\": \"{p}\"}}}",
    ],
    "notary": [
        "Subject: e-registry while I'm away\n\nDear Ana,\nwhile I'm on leave please file the deeds in the e-registry "
        "under my account {u}; the password is {p}.\n\nBest regards,\nJ. Valente, Notary",
        "Office handover: the deeds PC is signed in as {u}; the password is {p} if it locks. Two signings at 10:00 "
        "and 11:30, ID copies in the tray.",
        "IT-9903 (notary office): the apprentice {u} forgot the document-system password. New password {p}; asked "
        "to change it today.",
        "box = poplib.POP3_SSL(\"mail.notary.example\")\nbox.user(\"{u}\")\nbox.pass_(\"{p}\")",
        "[Service]\nEnvironment=\"DEEDS_USER={u}\"\nEnvironment=\"DEEDS_PASSWORD={p}\"\n"
        "ExecStart=/opt/deeds/bin/deeds-sync",
        "{\"tool_request\": {\"name\": \"file_deed\", \"input_args\": {\"deed\": \"D-26-0442\", \"kind\": \"deed of "
        "gift\", \"registry_user\": \"{u}\", \"registry_pwd\": \"{p}\"}}}",
    ],
    "shipyard": [
        "2026-12-03 14:22:07 weldmon[882] INFO gateway login user={u} pass={p} from 10.40.7.21",
        "Hull 417 handover: the ShipConstructor workstation in the drawing office is logged in as {u}; password {p} "
        "if it locks. Block 12 goes to the paint hall tomorrow.",
        "Yard radio chat\nPiotr: need the blast hall crane terminal password\nAnneli: {p} - user's {u}",
        "{ok, Pid} = ftp:open(\"10.40.7.3\"),\nok = ftp:user(Pid, \"{u}\", \"{p}\").",
        "# hot-work permit kiosk\npermits.db.url=jdbc:postgresql://10.40.2.9/permits\npermits.db.user={u}\n"
        "permits.db.pass={p}",
        "{\"call\": {\"fn\": \"issue_hot_work_permit\", \"kwargs\": {\"block\": \"B12\", \"deck\": 3, "
        "\"fire_watch\": true, \"yard_user\": \"{u}\", \"yard_pass\": \"{p}\"}}}",
    ],
    "az-mk-chat": [
        "Salam {u}, ofisin poçtu üçün yeni şifrə budur: {p} - heç kimə demə.",
        "Anbar sisteminə {u} istifadəçi adı və {p} şifrəsi ilə daxil ol, sonra şifrəni dəyiş.",
        "Kooperativin kompüterinin giriş kodu: {p}. Onu lövhəyə yazma.",
        "Здраво {u}, новата лозинка за канцелариската е-пошта е {p} - не ја кажувај никому.",
        "Најави се во системот на аптеката со корисничко име {u} и лозинка {p}, а потоа смени ја лозинката.",
        "Кодот за алармот во магацинот е {p}. Не го запишувај на ѕидот.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a placeholder, a checksum or
# commit, a version, a product or part code, a tracking or record code, a docs example, a variable named without its
# value, an HTML password field, a policy pattern).
NEGATIVES: dict[str, list[str]] = {
    "laundromat": [
        "SKU SQ-FL-27-WHT-0042 | Speed Queen front-load 27 lb | qty 3 | unit 4,180.00 | ETA wk 51",
        "coinbridge-sync 3.4.1 (build 20261128.7, commit 9c41e07) - release notes: faster store sync",
        "Set BRIDGE_PASSWORD in the store's environment before you start the payments bridge.",
        "From the Cents docs: `cents-cli login --user <USERNAME> --password <PASSWORD>`",
        "Store 07 | washer 14 | error E:OF | cycles 18,344 | last service 2026-10-02",
        "<input type=\"password\" name=\"operator_pass\" autocomplete=\"current-password\" required>",
    ],
    "kart-track": [
        "Timing tag TG-5521983 | kart 9 | best lap 31.742 | gap +0.418 | heat 3 of 5",
        "BOOKING_API_PASSWORD=   # left empty on purpose: the kiosk reads it from the vault",
        "Apex Timing: your password needs 10+ characters and one digit - `^(?=.*\\d).{10,}$`",
        "sha256 (apex-timing-setup-5.8.2.exe) = 4c1f2b9a7e03d6c85f1a0b2e97d4c3a1e8f6b05d29c7a4e1f3b8d06c2a95e714",
        "Parcel for the track: tracking 1Z9F47A20391845267, 2 boxes of helmets, signed by K. Boateng",
        "{\"type\": \"function\", \"function\": {\"name\": \"reserve_grand_prix_slot\", \"arguments\": "
        "\"{\\\"drivers\\\": 8, \\\"date\\\": \\\"2026-12-19\\\"}\"}}",
    ],
    "hearing-clinic": [
        "Phonak Audéo L90-R | serial 2218K4X9C | firmware 4.1.2 | left ear | warranty to 2029-03",
        "Audiogram P-55821 | 500 Hz 25 dB | 1 kHz 30 dB | 2 kHz 45 dB | 4 kHz 60 dB | right",
        "Noah's install guide: enter the SQL password you chose as <SQL_PASSWORD> during setup.",
        "\"SqlPassword\"=-   ; removed by IT: Noah now signs in with Windows accounts",
        "Sycle: NOAH_SYNC_PASSWORD is read from the machine's credential store at start-up.",
        "Reminder: never e-mail a patient portal password; patients reset their own from the login page.",
    ],
    "foundry": [
        "Heat H-26-3318 | EN-GJS-400-15 | C 3.62 | Si 2.48 | Mg 0.045 | pour 1395 C | 42 castings",
        "Pattern PT-88417-B rev C | core box CB-2291 | shrink 1.0% | draft 2 deg",
        "mes_db_password: \"{{ vault_mes_db_password }}\"",
        "MAGMASOFT 6.1.0.2 licence file checksum md5 e4d909c290d0fb1ca068ffaddf22cbd0",
        "Furnace HMI password policy: 14 characters, changed every 90 days, never reused.",
        "$t->login($user, $pass);   # both come from the prompt, nothing is stored",
    ],
    "tyre-centre": [
        "225/45 R17 94W XL | DOT 4B7X ABC 2419 | tread 6.8 mm | 2.4 bar | Michelin Primacy 4",
        "Order TW-1180245 | 4x 205/55 R16 91V | dispatch DPD 15501234567890 | due Thu",
        "x11vnc -display :0 -rfbauth ~/.vnc/passwd -forever   # the password file is made once with -storepasswd",
        "Beissbarth easy 3D 4.2.1 | calibration cert HC-2026-0481 | next due 2027-06",
        "new NtlmPasswordAuthentication(domain, user, password)  // values come from the config service",
        "TPMS sensor ID 3A7F0C21 | 433 MHz | battery OK | position front left",
    ],
    "planetarium": [
        "Show file Aurora_Nights_v3.2_4K60.mov | 38 min | 6.2 GB | md5 0cc175b9c0f1b6a831c399e269772661",
        "Star HD 209458 | RA 22h 03m 10.8s | Dec +18 53 04 | mag 7.65",
        "swaks --to shows@skydome.example --auth-user dome.tech2 --auth-password   # swaks asks for it",
        "mediaServer:\n  auth:\n    user: dome-media\n    passwordFrom: env:MEDIA_SERVER_PASSWORD",
        "Digistar 7 release 2026.3 (7.26.3-1187) changes the console login screen.",
        "Volunteers: the tablet code changes every month; Hilde tells you at the briefing.",
    ],
    "roofing": [
        "Job R-26-1187 | 28 squares | 35 deg pitch | GAF Timberline HDZ Charcoal | 3 bundles/sq",
        "EPDM 1.14 mm roll, batch RF-22-0931, 3.05 x 30.5 m | primer QP-1 | lot 55A-118",
        "ROOFSNAP_PASSWORD: ${{ secrets.ROOFSNAP_PASSWORD }}",
        "AccuLynx API docs: `Authorization: Bearer <ACCULYNX_KEY>` - generate one under Settings",
        "EagleView report ID 51823447 | measurement 2,814 sq ft | delivered 2026-11-30",
        "Don't put the EagleView password in the crew chat - ask Sam for it at the yard.",
    ],
    "notary": [
        "Deed D-26-0442 | rep. 14.882 | racc. 7.301 | registered 2026-11-28 | fee 312.40",
        "box.pass_(os.environ[\"DEEDS_MAIL_PASSWORD\"])",
        "Environment=DEEDS_PASSWORD_FILE=/run/credentials/deeds-sync.service/password",
        "e-registry: signatures use the notary's smart card and its PIN pad - no password is typed.",
        "Document hash (SHA-256): 7d865e959b2466918c9863afca942d0fb89d7c9ac0c99bafc3749504ded97730",
        "The apprentice's document-system password was reset by IT on Monday.",
    ],
    "shipyard": [
        "Hull 417 | block B12 | IMO 9876543 | WPS-136-P-12 | steel grade AH36 | 412 t",
        "2026-12-03 14:22:07 weldmon[882] INFO gateway login user=weldmon pass=<redacted> from 10.40.7.21",
        "permits.db.pass=${PERMITS_DB_PASS}",
        "ShipConstructor 2026 R1 (build 17.1.0.418) - hotfix 3 fixes the drawing-office licence check",
        "Paint spec: Jotun Jotamastic 87, 2 coats, DFT 150 um each, RAL 7035, batch 44JX-0218",
        "Crane terminal passwords are issued per operator at the safety induction.",
    ],
    "az-mk-chat": [
        "Şifrəmi unutmuşam - onu necə dəyişə bilərəm?",
        "Şifrə ən azı 12 simvoldan ibarət olmalıdır.",
        "Qaimə 2026-0917 | müştəri 44120 | cəmi 318,40 manat",
        "Ја заборавив лозинката - како да ја сменам?",
        "Внеси ја лозинката во полето „Лозинка“ и притисни „Најава“.",
        "Фактура 2026-0733 | купувач 61904 | вкупно 12.480 денари",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=CHESS_PLAYERS, leet=ALPINE_PASSES, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(APPLES, LIZARDS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
