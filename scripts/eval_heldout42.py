#!/usr/bin/env python3
"""Held-out set 42: passwords in rope walks, cobblers, model-railway clubs, cutlers, picture framers, scaffolders,
trampoline parks, bonsai nurseries, croquet clubs, and Punjabi and Tajik chat.

Written on 2026-12-07 (helper set42) on main 586164e, before any detection change it measures (prose57 and hold58
were tuning the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py,
nor tests/data/languages/, nor the branches prose57 and hold58, nor any set's misses), and read set 41 only for its
layout, scoring interface and word-list form, and sets 20-41 only for their carrier lists. Sets 20-41 were grepped
for every carrier, language, tool, code call, config shape and JSON wrapper key below, and sets 1-41 for the word-list
words; what the grep found was dropped: glaziers (glassworks, set 39), barbers (salons, set 31), curling (ice rinks,
set 36), a lido (pools, set 34) and canal locks (narrowboats, set 40) first considered as carriers; Firebird `isql`,
`duck`, Lua `env:connect`, OkHttp `Credentials.basic`, `aiohttp.BasicAuth` and `ldap simple_bind_s` as shapes;
breads, dances, shells and sheepshank/zeppelin/carrick/bowline for the word lists. Punjabi and Tajik occur in no
earlier set (Punjabi in Gurmukhi, the value before its word as Punjabi puts it, "X ... ਦਾ ਨਵਾਂ ਪਾਸਵਰਡ ਹੈ", and
`ਵਰਤੋ` "use", `ਕੋਡ` "code"; Tajik in Cyrillic with the ezafe, "X пароли нави ... аст", `бо ... ворид шавед` "log
in with", and the object suffix glued to the value, "X-ро ҳамчун рамз истифода баред", "use X as the code"). English
carriers put the value first too, as people write it: "{p} is its password", "use {p} as the password".
The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): rope walks (a
machine note with the value first, a fibre-supplier e-mail "use X as the password", a stock-system ticket, `mycli -u
-p`, Python `redis.Redis(host, port, db, password)` positional, a `caper`/`loot` JSON); cobblers (a counter chat "X
is the password", a leather-wholesaler e-mail, an SMS, `nzsql -u -pw`, PHP `new mysqli(host, user, password, db)`
positional, a `voyage`/`cargo` JSON); model-railway clubs (a clubroom note, a club-website e-mail, a DCC station log
line, `jfrog config add --user --password`, Go `req.SetBasicAuth(user, password)` positional, a `heist`/`stash`
JSON); cutlers (a whiteboard `user / password`, a steel-mill e-mail with the value first, a laser ticket, `twine
upload -u -p`, Python `ftputil.FTPHost(host, user, password)` positional, an `expedition`/`provisions` JSON);
picture framers (a workshop note, a moulding-supplier e-mail "use X as the password", a Dovecot passwd-file line
`user:{PLAIN}value`, `rpcclient -U "user%value"`, Perl `Net::SSH::Perl` `login(user, password)` positional, a
`dossier`/`annex` JSON); scaffolders (a yard chat with the value first, an inspection-app e-mail, an SMS, `beeline
-n -p`, a NetworkManager `.nmconnection` `psk=`, a `pilgrimage`/`waypoints` JSON); trampoline parks (a front-desk
handover, a booking e-mail, a turnstile syslog line, `VBoxManage unattended install --password=`, Tcl `::ftp::Open
host user password` positional, a `tournament`/`roster` JSON); bonsai nurseries (a potting-shed note, a
grower-portal e-mail, a glasshouse-controller log line, `arangosh --server.password`, Python `HTTPDigestAuth(user,
password)` positional, an `excursion`/`luggage` JSON); croquet clubs (a pavilion note, a handicap-site e-mail "use X
as the password", a Mercurial `.hgrc` `[auth]` block, `pgcli` with the password in its URL, a NuGet `nuget.config`
`ClearTextPassword`, a `rehearsal`/`blocking` JSON); Punjabi and Tajik chat (the password is, log in with, the
code: a shop Wi-Fi password, a billing machine's login, a storeroom lock's code; an office Wi-Fi password, an
accounting program's login, a storeroom lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a medieval mathematician's name
with a year or digits and a symbol, or two run together with digits), leetspeak knot names (never the first letter)
with digits and a symbol, passphrases of three to five tide-pool words (blanks, hyphens, dots, or capitalised and
run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a Hebridean
island and a weave joined in four casings), and PINs of 4-8 digits; drawn from random.Random(42) in a fixed order, so
the set is the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's negatives took as
far as the grep shows: a rope spec, a splice record, a resole ticket, a last size, a locomotive roster, a layout
plan, a blade spec, a hardness test, a mount size, a glass quote, a scaffold tag, a load class, a jump-court rota, a
waiver count, a tree record, a soil mix, a lawn booking, a handicap table, commands that prompt or need none (`mycli`
without `-p`, `nzsql` reading `NZ_PASSWORD`, `jfrog config add` asking, `twine` with a keyring, `rpcclient -N`,
`beeline` with Kerberos, `VBoxManage` reading a password file, `arangosh` asking, `pgcli` with a service file),
values read elsewhere or left empty (a Redis URL from the environment, a PHP `getenv`, Go reading a secret file, an
FTP anonymous login, Perl with a key, an open Wi-Fi profile, Tcl reading a file, `HTTPDigestAuth` from settings, an
`.hgrc` using a keyring), a placeholder, password rules, a user-name hint, a release note, and in the chat a bank OTP
warning, a forgot-password link, market prices, an admin reset, a postal code and a bus time. Same scoring as sets
3-41 (heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative
is hit by any such finding; values are never printed).

Score on the unchanged code (main 586164e; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set42 that wrote it (`scripts/eval_heldout42.py` at cbe23a3, 2026-12-07
08:57 UTC, load 10.5): password recall 196/300 = 0.653; hard negatives hit 1/60 (ropewalk 20/30, cobbler 18/30,
model-railway 28/30, cutler 17/30, picture-framer 18/30, scaffolder 16/30, trampoline-park 21/30, bonsai-nursery
22/30, croquet-club 29/30, pa-tg-chat 7/30; human 34/50, leet 39/50, passphrase 38/50, generated 35/50, letters
24/50, pin 26/50; negatives hit: picture-framer 1/6, 0/6 in the other nine). Scored a second time, counts only, with
the opt-in rule file loaded beside rules/ (`--extra-rules rules/opt-in/value-first.yaml`: 409 rules, not 408; 08:57
UTC, load 10.3): the same counts in every row, 196/300 = 0.653, 1/60. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout42.py [--json] [--extra-rules rules/opt-in/value-first.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 42"
SEED = 42

MATHEMATICIANS = ("fibonacci", "brahmagupta", "aryabhata", "bhaskara", "oresme", "alhazen", "khayyam",
                  "regiomontanus")
KNOTS = ("constrictor", "klemheist", "timberhitch", "prusik", "sheetbend", "clovehitch", "rollinghitch",
         "highwayman")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "g": "9", "b": "8"}
TIDEPOOL_WORDS = ("barnacle", "anemone", "urchin", "sculpin", "blenny", "gunnel", "chiton", "nudibranch", "kelp",
                  "wrack", "eelgrass", "sandhopper", "abalone", "periwinkle", "cockle", "quahog")
HEBRIDES = ("islay", "jura", "skye", "tiree", "eigg", "raasay", "colonsay")
WEAVES = ("twill", "tabby", "dobby", "jacquard", "selvedge")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings,
# PHP/Perl/Tcl/Go/Python literals, a Dovecot passwd-file field, an XML attribute, an .hgrc/.nmconnection value, a
# URL's user part, the bare arguments of the shell lines). Blanks come only in passphrases, which no bare argument
# or URL takes (the fourth template of each carrier never draws a passphrase).
HUMAN_SYMBOLS = "!*.+=_-"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("ewan.r", "owen.heel", "dcc.sec", "ines.grind", "priya.mounts", "dee.yard", "court.desk3", "potroom2",
         "lawn.sec", "harj.s")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling (a
# Dovecot `{PLAIN}` stays as written). The fourth template (index 3) takes generated, letters, PIN, human and leet
# values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "ropewalk": [
        "Rope-walk note: the laying machine's PC asks for a login after every restart. {p} is its password, user "
        "{u}. The 24 mm manila order is half laid.",
        "Subject: fibre supplier portal\n\nHi Morag,\nthe hemp supplier has set us up with the account {u}; use {p} "
        "as the password until they send the permanent one.\n\nEwan",
        "RW-0419 | stock system | {u} was locked out after the server move; temporary password {p} (change it at "
        "first login).",
        "mycli -h db.ropewalk.example -u {u} -p {p} orders",
        "import redis\ncounters = redis.Redis(\"cache.ropewalk.example\", 6379, 0, \"{p}\")  # laying-machine "
        "counters",
        "{\"caper\": \"order_fibre\", \"loot\": {\"fibre\": \"manila\", \"diameter_mm\": 24, \"metres\": 220, "
        "\"buyer\": \"{u}\", \"buyer_password\": \"{p}\"}}",
    ],
    "cobbler": [
        "Counter chat\nJess: the repair-ticket tablet logged me out again\nOwen: {p} is the password, user {u}\n"
        "Jess: in, ta",
        "Subject: leather wholesaler\n\nDear Owen,\nyour trade login for the leather wholesaler: user name {u}, "
        "password {p}. Sole bends are back in stock.\n\nKind regards,\nTrade Desk",
        "HEELBAR: your till password is now {p} (staff {u}). Tell the manager if you did not ask for this.",
        "nzsql -host nz.heelbar.example -d REPAIRS -u {u} -pw {p}",
        "$db = new mysqli(\"db.heelbar.example\", \"{u}\", \"{p}\", \"repairs\");",
        "{\"voyage\": \"book_resole\", \"cargo\": {\"shoe\": \"oxford, tan\", \"sole\": \"leather\", \"heel\": "
        "\"rubber top-piece\", \"cobbler\": \"{u}\", \"cobbler_pass\": \"{p}\"}}",
    ],
    "model-railway": [
        "Clubroom note: the layout's DCC command-station PC signs in as {u}; {p} is the password. Keep the Pacific "
        "off the branch-line gradient.",
        "Subject: club website\n\nHi all,\nthe new club website is up. Editors log in as {u} with the password {p}; "
        "please post the exhibition dates.\n\nThe Secretary",
        "2026-12-06 19:41:07 dcc-station[611] throttle 4 paired by {u} using password {p}",
        "jfrog config add clubrepo --url https://artifacts.layout.example --user {u} --password {p} "
        "--interactive=false",
        "req, _ := http.NewRequest(\"GET\", \"https://signals.layout.example/api/blocks\", nil)\n"
        "req.SetBasicAuth(\"{u}\", \"{p}\")",
        "{\"heist\": \"set_points\", \"stash\": {\"board\": \"B3\", \"turnout\": 17, \"route\": \"down main\", "
        "\"operator\": \"{u}\", \"operator_password\": \"{p}\"}}",
    ],
    "cutler": [
        "Grinding-shop whiteboard: CNC grinder terminal {u} / {p}. Santoku blanks go to heat treat on Friday.",
        "Subject: steel supplier account\n\nHello Ines,\nour account on the steel mill's portal is ready. Sign in "
        "as {u}; {p} is the password. The 14C28N bar arrives next week.\n\nTomas",
        "CUT-551 | engraving laser | apprentice {u} couldn't sign in after the firmware update; password reset to "
        "{p}.",
        "twine upload --repository-url https://pypi.cutlery.example/ -u {u} -p {p} dist/*",
        "import ftputil\nhost = ftputil.FTPHost(\"ftp.cutlery.example\", \"{u}\", \"{p}\")",
        "{\"expedition\": \"sharpen_batch\", \"provisions\": {\"blades\": 40, \"angle_deg\": 15, \"stone\": "
        "\"1000/6000\", \"grinder\": \"{u}\", \"grinder_password\": \"{p}\"}}",
    ],
    "picture-framer": [
        "Workshop note: the mount cutter's PC wants {u} and {p} since the update. Mrs Dale's watercolour is in the "
        "drying rack.",
        "Subject: moulding supplier\n\nHi Priya,\nthe moulding supplier's trade site is live: username {u}, and use "
        "{p} as the password. The gilt samples are on their way.\n\nRob",
        "# /etc/dovecot/users\n{u}:{PLAIN}{p}::::::",
        "rpcclient -U \"{u}%{p}\" 10.4.0.12 -c enumdomusers",
        "my $ssh = Net::SSH::Perl->new(\"nas.frameshop.example\");\n$ssh->login(\"{u}\", \"{p}\");",
        "{\"dossier\": \"quote_frame\", \"annex\": {\"artwork\": \"watercolour 30x40\", \"moulding\": \"oak 25 mm\", "
        "\"glass\": \"UV70\", \"framer\": \"{u}\", \"framer_password\": \"{p}\"}}",
    ],
    "scaffolder": [
        "Yard chat\nKev: the tablet in the loading bay wants a password\nDee: {p} is the one, user {u}\nKev: cheers",
        "Subject: inspection app\n\nHi Kev,\nthe scaffold inspection app is set up for you. Log in with {u}; your "
        "password is {p}. Tag every lift before handover.\n\nDee",
        "SCAFFCO: the handover-app password for {u} was reset to {p}. Call the yard if this wasn't you.",
        "beeline -u jdbc:hive2://hive.scaffco.example:10000/yard -n {u} -p {p}",
        "# /etc/NetworkManager/system-connections/Yard.nmconnection\n[wifi]\nssid=ScaffYard\n[wifi-security]\n"
        "key-mgmt=wpa-psk\npsk={p}",
        "{\"pilgrimage\": \"inspect_lift\", \"waypoints\": {\"site\": \"Mill Lane\", \"lift\": 4, \"tag\": \"green\", "
        "\"inspector\": \"{u}\", \"inspector_secret\": \"{p}\"}}",
    ],
    "trampoline-park": [
        "Front-desk handover: the waiver kiosk is signed in as {u}; if it drops out, {p} is the password. Court 3's "
        "net was re-tensioned today.",
        "Subject: booking system\n\nHi Sam,\nthe park's new booking system is live. Log in with {u} and the "
        "password {p}; the toddler sessions are already in.\n\nLeah",
        "Dec 06 17:22:51 gate-ctl[1402]: turnstile override by {u} with password {p}",
        "VBoxManage unattended install \"DeskPC\" --iso=/srv/iso/debian-12.iso --user={u} --password={p}",
        "package require ftp\nset conn [::ftp::Open ftp.bouncepark.example {u} \"{p}\"]",
        "{\"tournament\": \"open_court\", \"roster\": {\"court\": 3, \"session\": \"freestyle\", \"jumpers\": 24, "
        "\"marshal\": \"{u}\", \"marshal_password\": \"{p}\"}}",
    ],
    "bonsai-nursery": [
        "Potting-shed note: the glasshouse controller wants a login now. {p} is its password, user {u}. The "
        "trident maples need repotting before March.",
        "Subject: grower portal\n\nDear Harj,\nyour nursery is registered on the growers' portal. Your login is {u} "
        "and your password is {p}; plant passports are issued there.\n\nPlant Health Office",
        "2026-12-06T07:12:30Z glasshouse-ctl INFO misting schedule changed by {u} (password {p} accepted)",
        "arangosh --server.endpoint tcp://graph.bonsai.example:8529 --server.username {u} --server.password {p}",
        "snap = requests.get(\"https://cam.bonsai.example/snapshot\", auth=HTTPDigestAuth(\"{u}\", \"{p}\"))",
        "{\"excursion\": \"water_bench\", \"luggage\": {\"bench\": \"B2\", \"species\": \"Acer buergerianum\", "
        "\"ml\": 250, \"grower\": \"{u}\", \"grower_password\": \"{p}\"}}",
    ],
    "croquet-club": [
        "Pavilion note: the scoring laptop logs in as {u}; its password is {p}. Lawn 2 is closed for coring.",
        "Subject: handicap website\n\nDear members,\nthe club's handicap site has an account for the captain: "
        "username {u}, and use {p} as the password. Results go in by Sunday.\n\nThe Secretary",
        "# ~/.hgrc\n[auth]\nclub.prefix = https://hg.croquet.example\nclub.username = {u}\nclub.password = {p}",
        "pgcli postgresql://{u}:{p}@db.croquet.example:5432/handicaps",
        "<packageSourceCredentials>\n  <club>\n    <add key=\"Username\" value=\"{u}\" />\n"
        "    <add key=\"ClearTextPassword\" value=\"{p}\" />\n  </club>\n</packageSourceCredentials>",
        "{\"rehearsal\": \"enter_result\", \"blocking\": {\"lawn\": 2, \"game\": \"golf croquet\", \"score\": "
        "\"7-5\", \"captain\": \"{u}\", \"captain_password\": \"{p}\"}}",
    ],
    "pa-tg-chat": [
        "ਸਤ ਸ੍ਰੀ ਅਕਾਲ {u}! {p} ਦੁਕਾਨ ਦੇ ਵਾਈ-ਫਾਈ ਦਾ ਨਵਾਂ ਪਾਸਵਰਡ ਹੈ। ਕਿਸੇ ਨੂੰ ਨਾ ਦੱਸੀਂ।",
        "ਬਿਲਿੰਗ ਮਸ਼ੀਨ 'ਤੇ ਲੌਗ ਇਨ ਕਰਨ ਲਈ ਯੂਜ਼ਰ {u} ਅਤੇ ਪਾਸਵਰਡ {p} ਵਰਤੋ, ਫਿਰ ਪਾਸਵਰਡ ਬਦਲ ਲਿਓ।",
        "ਗੋਦਾਮ ਵਾਲੇ ਤਾਲੇ ਦਾ ਕੋਡ ਬਦਲ ਦਿੱਤਾ ਹੈ, ਹੁਣ {p} ਹੈ। ਕਿਤੇ ਲਿਖ ਕੇ ਨਾ ਰੱਖਿਓ।",
        "Салом, {u}! {p} пароли нави Wi-Fi-и офис аст. Ба ҳеҷ кас нагӯед.",
        "Ба барномаи ҳисобдорӣ бо номи корбари {u} ва пароли {p} ворид шавед, баъд паролро иваз кунед.",
        "{p}-ро ҳамчун рамзи қулфи анбор истифода баред. Онро дар ҳеҷ ҷо нанависед.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a spec, a record or ticket, a
# command that prompts or needs none, a value read from elsewhere or left empty, a placeholder, a rule, a hint).
NEGATIVES: dict[str, list[str]] = {
    "ropewalk": [
        "Rope RW-MAN-24 | manila | 3-strand | 24 mm | lay: right-hand, hawser | MBL 38 kN | 220 m coil",
        "Splice record SP-2611-07 | eye splice, 5 tucks | tapered | tested 12 kN, held",
        "mycli -h db.ropewalk.example -u stock orders   # mycli asks for the password",
        "counters = redis.Redis.from_url(os.environ[\"REDIS_URL\"])  # the URL comes from the unit's environment",
        "Setup sheet: the laying-machine account is made by IT; the password box reads <issued on the day>.",
        "Stock-system passwords are 14 characters or longer and expire every 90 days.",
    ],
    "cobbler": [
        "Resole ticket RS-3318 | oxford, tan | full leather sole, rubber top-piece | ready Thu 4 pm",
        "Last size 9 UK / 43 EU | width F | toe: round | heel pitch 22 mm",
        "nzsql -host nz.heelbar.example -d REPAIRS -u reports   # the password comes from NZ_PASSWORD",
        "$db = new mysqli(getenv('DB_HOST'), getenv('DB_USER'), getenv('DB_PASS'), 'repairs');",
        "Till help: your staff number is on your badge; the manager sets the first password.",
        "Leather lot LB-26-441 | sole bend | 5.5 mm | oak bark tanned | 12 kg",
    ],
    "model-railway": [
        "Loco roster: 60163 Tornado (DCC 163), 47401 (DCC 401), 08 shunter (DCC 8) | speed steps 128",
        "Layout plan v7 | OO gauge | 6.4 m x 2.1 m | 17 turnouts | radius 2 min on the branch",
        "jfrog config add clubrepo --url https://artifacts.layout.example --interactive   # asks for user and "
        "password",
        "token, _ := os.ReadFile(\"/run/secrets/signals_token\")\nreq.Header.Set(\"Authorization\", \"Bearer \" + "
        "strings.TrimSpace(string(token)))",
        "Club website 3.2 is out: event calendar, new gallery; editors keep their logins.",
        "Members: your user name is your membership number (it looks like MRC-0000).",
    ],
    "cutler": [
        "Blade spec B-SAN-180 | santoku | 180 mm | 14C28N | 60-61 HRC | edge 15 deg per side",
        "Hardness test HT-26-212 | Rockwell C | 60.5, 60.8, 61.0 | batch 40 | passed",
        "twine upload --repository-url https://pypi.cutlery.example/ dist/*   # twine reads the password from the "
        "keyring",
        "host = ftputil.FTPHost(\"ftp.cutlery.example\", \"anonymous\", \"\")  # the public catalogue mirror",
        "Laser job LJ-551 | logo on bolster | 0.2 mm | 40 pcs | file engrave-v3.svg",
        "Portal passwords need a capital letter, a digit and 12 characters; no reuse of the last five.",
    ],
    "picture-framer": [
        "Mount 50x40 cm, window 30x20 cm, 8-ply museum board, bevel 45 deg, ivory",
        "Glass quote GQ-0912 | UV70 conservation | 52x42 cm | 2 mm | 1 pane",
        "rpcclient -N -U \"\" 10.4.0.12 -c srvinfo   # a null session: no user, no password",
        "my $ssh = Net::SSH::Perl->new(\"nas.frameshop.example\", identity_files => [\"/home/rob/.ssh/id_ed25519\"]);",
        "Order FR-26-118 | oak 25 mm | watercolour 30x40 | ready in 10 working days",
        "Trade site help: the password is sent by post to the shop's address on file.",
    ],
    "scaffolder": [
        "Scaftag ST-4410 | Mill Lane | lift 4 | inspected 2026-12-05 | green: safe to use",
        "Load class 3 | 2.0 kN/m2 | bay length 2.5 m | boards 4 wide | toe boards fitted",
        "beeline -u \"jdbc:hive2://hive.scaffco.example:10000/yard;principal=hive/_HOST@SCAFFCO.EXAMPLE\"   # "
        "Kerberos: no password",
        "# /etc/NetworkManager/system-connections/Visitor.nmconnection\n[wifi]\nssid=ScaffVisitor\n"
        "[wifi-security]\nkey-mgmt=none",
        "Handover app 2.8.0 (build 20261203) adds photo tags for ties and bracing.",
        "Hire docket HD-7719 | 60 tubes 6.4 m | 120 couplers | 40 boards | return 2027-01-15",
    ],
    "trampoline-park": [
        "Court rota Sat: C1 toddlers 09:00, C2 freestyle 10:00, C3 dodgeball 11:00 | marshals 4",
        "Waivers today: 318 signed, 12 pending, 3 under-18 without a guardian",
        "VBoxManage unattended install \"DeskPC\" --iso=/srv/iso/debian-12.iso --user=desk "
        "--password-file=/root/desk.pw",
        "set fh [open /etc/bouncepark/ftp.pw]\n"
        "set conn [::ftp::Open ftp.bouncepark.example desk [read -nonewline $fh]]",
        "Socks: grip socks are required on every court, 3 GBP at the desk.",
        "Kiosk help: if the kiosk logs out, call the duty manager; staff never type the password at the kiosk.",
    ],
    "bonsai-nursery": [
        "Tree B2-117 | Acer buergerianum | 28 cm | air layer 2019 | repot 2027-03",
        "Soil mix: akadama 50%, pumice 25%, lava 25% | 2-6 mm sieved",
        "arangosh --server.endpoint tcp://graph.bonsai.example:8529 --server.username harj   # asks for the "
        "password",
        "auth = HTTPDigestAuth(settings.CAM_USER, settings.CAM_PASSWORD)",
        "Plant passport UK/GB-0441 | trident maple | traceability code TC-26-0117",
        "Misting: 06:00, 12:00, 17:00 | 40 s each | glasshouse 2 only",
    ],
    "croquet-club": [
        "Handicap table: 24 = 8 bisques, 12 = 4 bisques, 6 = 2 bisques, scratch = 0",
        "Lawn booking L2 | Sat 14:00-17:00 | golf croquet league | closed for coring until 2026-12-12",
        "pgcli service=handicaps   # host, user and password come from ~/.pg_service.conf and ~/.pgpass",
        "# ~/.hgrc\n[extensions]\nmercurial_keyring =\n[auth]\nclub.prefix = https://hg.croquet.example\n"
        "club.username = captain",
        "<add key=\"club\" value=\"https://nuget.croquet.example/v3/index.json\" protocolVersion=\"3\" />",
        "Captains: the handicap-site login is the one from your county association letter.",
    ],
    "pa-tg-chat": [
        "ਆਪਣਾ OTP ਕਿਸੇ ਨੂੰ ਨਾ ਦੱਸੋ; ਬੈਂਕ ਕਦੇ ਵੀ OTP ਨਹੀਂ ਪੁੱਛਦਾ।",
        "ਜੇ ਪਾਸਵਰਡ ਭੁੱਲ ਗਏ ਹੋ ਤਾਂ ਲੌਗ ਇਨ ਪੇਜ 'ਤੇ 'ਪਾਸਵਰਡ ਭੁੱਲ ਗਏ?' 'ਤੇ ਕਲਿੱਕ ਕਰੋ।",
        "ਆਲੂ 25 ਰੁਪਏ ਕਿੱਲੋ, ਪਿਆਜ਼ 40 ਰੁਪਏ ਕਿੱਲੋ।",
        "Паролатонро администратор нав мекунад; ба почтаи электронӣ мактуб меояд.",
        "Индекси почтаи Душанбе: 734025.",
        "Автобуси рақами 8 соати 7:20 аз истгоҳ мебарояд.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=MATHEMATICIANS, leet=KNOTS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=TIDEPOOL_WORDS,
    letters=(HEBRIDES, WEAVES), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
