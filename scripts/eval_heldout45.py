#!/usr/bin/env python3
"""Held-out set 45: passwords in distilleries, lifeboat stations, bingo halls, minigolf courses, tea rooms,
wheelwrights, map shops, paintball sites, butchers, and Lao and Scottish Gaelic chat.

Written on 2026-12-07 (helper set45) on main c69cc0d, before any detection change it measures (prose62 and attack62
were tuning the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/
(nor any test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py,
nor tests/data/languages/, nor the branches prose62 and attack62, nor any set's misses), and read set 44 only for its
layout, scoring interface and word-list form, and sets 20-44 only for their carrier lists. Sets 1-44 were grepped for
every carrier, language, tool, code call, config shape, JSON wrapper key and word-list word below; what the grep found
was dropped: lighthouses, surf and archery clubs, chocolatiers, alpaca farms, blacksmiths and golf as carriers;
Māori (set 32) as a language; hdbsql, mosquitto_pub, kcadm.sh, samba-tool, lftp, xfreerdp, `mc alias`, rabbitmqctl,
cqlsh, mongosh, prosodyctl, swaks and `mysqlsh` as shapes; `simple_bind_s`, `PlainCredentials`, `ftp_login`,
`NetworkCredential`, pymssql and `Net::FTP` as code calls; `AuthPass`, davfs2, pgbouncer, murmur.ini and `.my.cnf`
as configs; `regatta`, `pageant`, `jamboree`, `carnival`, `knapsack`, `rucksack`, `hamper` and `kitbag` as wrapper
keys; chess champions, kitchen herbs, ship parts, card games, the sirocco and the mistral, Islay, Jura, Skye and the
better-known teas for the word lists.
Lao and Scottish Gaelic occur in no earlier set (nor under any other name: ພາສາລາວ, Gàidhlig). Lao in its own script,
the value first with `ແມ່ນ` as a Lao writer puts it: "X ແມ່ນລະຫັດຜ່ານ Wi-Fi ໃໝ່ຂອງຮ້ານ" ("X is the shop's new
Wi-Fi password"), "ເຂົ້າລະບົບບັນຊີດ້ວຍຊື່ຜູ້ໃຊ້ u ແລະ ລະຫັດຜ່ານ X" ("log in to the accounts system with the user
name u and the password X"), "ໃຊ້ X ເປັນລະຫັດປະຕູສາງ" ("use X as the storeroom door code"); Scottish Gaelic with its
copula fronting the value, lenition and genitives: "Is e X am facal-faire ùr airson WiFi na bùtha" ("X is the new
Wi-Fi password of the shop"), "le ainm-cleachdaiche u agus am facal-faire X" ("with the user name u and the password
X"), "Cleachd X mar an còd airson glas an stòir" ("use X as the code for the store's lock"). English carriers put the
value first too, as people write it: "{p} is the password it wants", "Take {p} as the password", "{p} -- that's the
password".
The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): distillery (a
still-house note with the value first, an excise-portal e-mail "take X as the password", a mash-tun PLC log line,
`vmrun -gu -gp`, hdbcli's `dbapi.connect(host, port, user, password)` positional, a `rally`/`satchel` JSON);
lifeboat station (a boathouse note "X -- that's the password", a training-portal e-mail "u, and X is the password",
a pager line, `sapcontrol -user u p`, paho's `username_pw_set(user, password)`, a `fete`/`coffer` JSON); bingo hall
(a caller's note "use X as the password", a back-office e-mail, a ticket, `nodetool -u -pw`, an odbc.ini
`Password =`, a `revue`/`casket` JSON); minigolf (a kiosk note, a booking-widget e-mail, a lighting log line, `aql -U
-P`, pyzabbix `login(user, password)`, a `hootenanny`/`caddy` JSON); tea room (a back-kitchen note, a wholesaler
e-mail "sign in with X", an SMS, `ejabberdctl register user host password`, a ddclient.conf `password=`, a
`ceilidh`/`tiffin` JSON); wheelwright (a workshop note "It's X", a grants-portal e-mail with `Password:`, a
steam-box log line, `kadmin -p -w`, Perl Net::SSH2 `auth_password(user, password)`, a `bazaar`/`portmanteau` JSON);
map shop (a counter note "u is the account and X the password", a trade-account e-mail "use X as the password", a
ticket, `pjsua --username --password`, pyVmomi `SmartConnect(host=, user=, pwd=)`, a `masque`/`reticule` JSON);
paintball site (a marshal-hut note "X -- that's the password", a platform e-mail, a chronograph log line, Firebird
`gsec -user -password`, a darkice.cfg `password =`, a `shindig`/`haversack` JSON); butcher (a cold-store note, a
wholesale-portal e-mail "X is the password", an SMS, ActiveMQ `artemis producer --user --password`, an `.esmtprc`
`password = "X"`, a `hoedown`/`sporran` JSON); Lao and Scottish Gaelic chat (a shop's Wi-Fi password, an accounts
program's login, a storeroom lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (an old mapmaker's name with a
year or digits and a symbol, or two run together with digits), leetspeak winds (never the first letter) with digits
and a symbol, passphrases of three to five old measures (blanks, hyphens, dots, or capitalised and run together with
a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a Hebridean or Northern
island and a tea joined in four casings), and PINs of 4-8 digits; drawn from random.Random(45) in a fixed order, so
the set is the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's negatives took as
far as the grep shows: a cask ledger, a spirit run, a launch log, a tide table, a session plan, a prize board, a
scorecard, a course-lights timetable, a menu, an allergen sheet, a wheel spec, a steam-box schedule, a stock list, a
plotter's status, a field plan, chronograph limits, a hanging chart, a price board; commands that need no password
typed (`vmrun list`, `sapcontrol` as the sidadm user, `nodetool` on localhost, `aql` with security off, `ejabberdctl
registered_users`, `kadmin.local`, `pjsua --config-file`, `gsec` embedded, `artemis` with guest access), values read
elsewhere or left out (hdbcli with an hdbuserstore key, paho from the environment, an odbc.ini without its login,
pyzabbix with an API token, ddclient without a login, Net::SSH2 with a key, SmartConnect with a ticket, darkice and
esmtp with the password kept elsewhere), rules and hints (a password rule, a user-name form, a staff-never-ask
warning), notices and records (a tour notice, a pager test, a ticket book, a putter rack, a table plan, a job card, a
map order, a paint order, a Christmas order), and in the chat a password rule, a delivery time, a shop's telephone
number, a changed-password remark with no value, a holiday closing, and an order number put first as a password
would be ("Is e TR-4471 àireamh an òrdugh agad"). Same scoring as sets 3-44 (heldout_score.covered: a value counts
when findings that are not public/test-value cover all of it; a negative is hit by any such finding; values are
never printed).

Score on the unchanged code (main c69cc0d; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set45 that wrote it (`scripts/eval_heldout45.py` at 27b64ed, 2026-12-07
18:32 UTC, load 6.2): password recall 208/300 = 0.693; hard negatives hit 0/60 (distillery 18/30, lifeboat 16/30,
bingo-hall 29/30, minigolf 28/30, tea-room 20/30, wheelwright 17/30, map-shop 20/30, paintball 26/30, butcher 25/30,
lo-gd-chat 9/30; human 38/50, leet 37/50, passphrase 37/50, generated 37/50, letters 26/50, pin 33/50; negatives
hit: 0/6 in all ten). Scored a second time, counts only, with the opt-in rule file loaded beside rules/
(`--extra-rules rules/opt-in/value-first.yaml`: 413 rules, not 412; 18:32 UTC, load 6.2): the same counts in every
row, 208/300 = 0.693, 0/60. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout45.py [--json] [--extra-rules rules/opt-in/value-first.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 45"
SEED = 45

MAPMAKERS = ("mercator", "ortelius", "blaeu", "hondius", "ptolemy", "cassini", "saxton", "ogilby", "waldseemuller")
WINDS = ("tramontane", "levante", "khamsin", "harmattan", "libeccio")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "r": "2"}
OLD_MEASURES = ("furlong", "fathom", "cubit", "ell", "hogshead", "firkin", "kilderkin", "gill", "peck", "bushel",
                "quart", "dram", "scruple", "pennyweight", "puncheon", "chaldron")
ISLANDS = ("lismore", "canna", "ulva", "unst", "hoy", "coll")
TEAS = ("keemun", "gyokuro", "rooibos", "bancha", "hojicha", "genmaicha")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings,
# Python/Perl literals, the quoted esmtprc and ddclient values, odbc.ini and darkice.cfg lines, the bare arguments of
# the shell lines). Blanks come only in passphrases, which no bare argument takes (the fourth template of each
# carrier never draws one).
HUMAN_SYMBOLS = "!*.+=_-~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("aileen.d", "ruaridh.m", "effie.b", "ishbel.k", "seonag.r", "tavish.w", "kham.vong", "fergus.w", "phet.l",
         "noun.s")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling. The
# fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "distillery": [
        "Still-house note: the spirit-safe logger locked itself after the power dip. {p} is the password it wants, "
        "user {u}. Cut to feints at 68% ABV.",
        "Subject: bonded warehouse portal\n\nHi Aileen,\nthe excise portal has a login for the bond: {u}. Take {p} "
        "as the password for now and change it once you're in.\n\nFergus",
        "2026-12-07 06:14:52 mashtun-plc[2207] recipe 'Peated-7' unlocked by {u} with password {p}",
        "vmrun -T ws -gu {u} -gp {p} runProgramInGuest /vm/caskdb/caskdb.vmx /usr/local/bin/backup-casks",
        "from hdbcli import dbapi\nconn = dbapi.connect(\"hana.distillery.example\", 30015, \"{u}\", \"{p}\")",
        "{\"rally\": \"fill_cask\", \"satchel\": {\"cask\": \"C-2291\", \"litres\": 190, \"strength\": \"63.5%\", "
        "\"filler\": \"{u}\", \"filler_password\": \"{p}\"}}",
    ],
    "lifeboat": [
        "Boathouse note: {p} -- that's the password for the launch-log PC (login {u}). Tractor service due "
        "Thursday.",
        "Subject: crew training portal\n\nDear Ruaridh,\nyour account on the crew training portal is {u}, and {p} is "
        "the password. Finish the sea-survival module before the exercise.\n\nTraining Coordinator",
        "PAGER 0612: crew app password for {u} reset to {p}. Do not share.",
        "sapcontrol -nr 10 -host erp.lifeboats.example -user {u} {p} -function GetProcessList",
        "import paho.mqtt.client as mqtt\nclient = mqtt.Client()\nclient.username_pw_set(\"{u}\", \"{p}\")\n"
        "client.connect(\"mqtt.lifeboat.example\", 1883)",
        "{\"fete\": \"log_launch\", \"coffer\": {\"boat\": \"D-class\", \"crew\": 3, \"launched\": \"14.07\", "
        "\"helm\": \"{u}\", \"helm_password\": \"{p}\"}}",
    ],
    "bingo-hall": [
        "Caller's note: the number board went dark again; log it back in as {u}. Use {p} as the password. Session "
        "starts 19.00.",
        "Subject: gaming machine back office\n\nHi Effie,\nthe machine supplier set up our back-office login.\n"
        "User: {u}\nPassword: {p}\nCash-box reports are under Audit.\n\nSupplier Support",
        "BINGO-207 | ticket printer | {u} locked out after the update; password reset to {p}, please change it.",
        "nodetool -h db1.bingo.example -u {u} -pw {p} status",
        "# /etc/odbc.ini\n[bingo]\nDriver = PostgreSQL Unicode\nServername = db.bingo.example\nDatabase = sessions\n"
        "UserName = {u}\nPassword = {p}",
        "{\"revue\": \"start_game\", \"casket\": {\"game\": \"full house\", \"prize\": 250, \"card\": \"6-up\", "
        "\"caller\": \"{u}\", \"caller_password\": \"{p}\"}}",
    ],
    "minigolf": [
        "Kiosk note: {p} is the password for the till tablet, account {u}. Hole 9's windmill needs oil.",
        "Subject: booking widget\n\nHello Ishbel,\nthe booking widget for the course is live. Log in as {u}; the "
        "password is {p}. Party bookings show in green.\n\nWidget Support",
        "Dec 07 17:02:19 course-lights[551]: schedule changed by {u} (password {p})",
        "aql -h scores.minigolf.example -U {u} -P {p} -c \"SELECT * FROM golf.scores\"",
        "from pyzabbix import ZabbixAPI\nzapi = ZabbixAPI(\"https://monitor.minigolf.example\")\n"
        "zapi.login(\"{u}\", \"{p}\")",
        "{\"hootenanny\": \"record_round\", \"caddy\": {\"holes\": 18, \"strokes\": 47, \"team\": \"Blue\", "
        "\"marshal\": \"{u}\", \"marshal_password\": \"{p}\"}}",
    ],
    "tea-room": [
        "Back-kitchen note: the card reader wants a login after every update. User {u}; {p} is the password. Scones "
        "in at 7.",
        "Subject: wholesaler ordering\n\nDear Seonag,\nthe wholesaler's ordering site has an account for the tea "
        "room: {u}. Sign in with {p} and reorder the Assam by Friday.\n\nOrders",
        "TEAROOM: the rota app password for {u} is now {p}. Reply STOP if you did not ask for it.",
        "ejabberdctl register {u} chat.tearoom.example {p}",
        "# /etc/ddclient.conf\nprotocol=dyndns2\nserver=members.dyndns.example\nlogin={u}\npassword='{p}'\n"
        "tearoom.dyndns.example",
        "{\"ceilidh\": \"order_tea\", \"tiffin\": {\"table\": 4, \"pot\": \"Assam\", \"scones\": 2, "
        "\"server\": \"{u}\", \"server_password\": \"{p}\"}}",
    ],
    "wheelwright": [
        "Workshop note: the tyre-bender's controller asks for a password after a reset. It's {p}, user {u}. Felloes "
        "for the dray wheel dry by Monday.",
        "Subject: heritage grants portal\n\nHi Tavish,\nyour login for the heritage grants portal is {u}.\n"
        "Password: {p}\nUpload the photos of the cart restoration.\n\nGrants Team",
        "2026-12-07 10:33:08 kiln-ctl[812] steam-box cycle started by {u}, password {p} accepted",
        "kadmin -p {u}/admin -w {p} -q \"listprincs\"",
        "use Net::SSH2;\nmy $ssh2 = Net::SSH2->new();\n$ssh2->connect(\"cnc.wheelwright.example\");\n"
        "$ssh2->auth_password(\"{u}\", \"{p}\");",
        "{\"bazaar\": \"log_wheel\", \"portmanteau\": {\"wheel\": \"dray rear\", \"spokes\": 14, \"diameter_mm\": "
        "1370, \"wright\": \"{u}\", \"wright_password\": \"{p}\"}}",
    ],
    "map-shop": [
        "Counter note: the large-format plotter's web page wants a login. {u} is the account and {p} the password. "
        "Explorer sheets restocked.",
        "Subject: publisher trade account\n\nDear Kham,\nyour trade account with the map publisher is ready: {u}. "
        "Use {p} as the password at first sign-in.\n\nTrade Desk",
        "MAPS-58 | print server | {u} can't sign in; temporary password {p} until Friday.",
        "pjsua --id sip:{u}@sip.mapshop.example --registrar sip:sip.mapshop.example --realm '*' --username {u} "
        "--password {p}",
        "from pyVim.connect import SmartConnect\nsi = SmartConnect(host=\"vc.mapshop.example\", user=\"{u}\", "
        "pwd=\"{p}\")",
        "{\"masque\": \"print_map\", \"reticule\": {\"sheet\": \"OL7\", \"scale\": \"1:25000\", \"copies\": 2, "
        "\"clerk\": \"{u}\", \"clerk_password\": \"{p}\"}}",
    ],
    "paintball": [
        "Marshal hut note: the chrono station laptop is on {u}. {p} -- that's the password if it locks. Field 2 "
        "closed for netting.",
        "Subject: booking platform\n\nHi team,\nthe booking platform made an admin login for the site: {u} is the "
        "user name and {p} the password. Stag parties go in the Saturday slot.\n\nPlatform Support",
        "2026-12-07 13:47:55 chrono[3120] velocity limit changed by {u} using password {p}",
        "gsec -user {u} -password {p} -display",
        "# /etc/darkice.cfg\n[icecast2-0]\nserver = stream.paintball.example\nport = 8000\nmountPoint = field-radio\n"
        "password = {p}",
        "{\"shindig\": \"book_game\", \"haversack\": {\"field\": 2, \"players\": 12, \"paint\": 2000, "
        "\"marshal\": \"{u}\", \"marshal_password\": \"{p}\"}}",
    ],
    "butcher": [
        "Cold-store note: the scale's label printer lost its login. {p} is the password (user {u}). Hang the beef "
        "sides on the left rail.",
        "Subject: wholesale meat portal\n\nHi Fergus,\nthe wholesaler's portal has a login for the shop: {u}. {p} is "
        "the password; order the Christmas turkeys by the 15th.\n\nAccounts",
        "BUTCHER: your till password for {u} was changed to {p}. Call us if this wasn't you.",
        "artemis producer --url tcp://mq.butcher.example:61616 --user {u} --password {p} --destination "
        "queue://orders --message-count 1",
        "# ~/.esmtprc\nhostname = smtp.butcher.example:587\nusername = \"{u}\"\npassword = \"{p}\"\n"
        "starttls = required",
        "{\"hoedown\": \"weigh_order\", \"sporran\": {\"cut\": \"sirloin\", \"kg\": 2.4, \"order\": \"XM-118\", "
        "\"cutter\": \"{u}\", \"cutter_password\": \"{p}\"}}",
    ],
    "lo-gd-chat": [
        "ສະບາຍດີ {u}! {p} ແມ່ນລະຫັດຜ່ານ Wi-Fi ໃໝ່ຂອງຮ້ານ. ຢ່າບອກໃຜເດີ້.",
        "ເຂົ້າລະບົບບັນຊີດ້ວຍຊື່ຜູ້ໃຊ້ {u} ແລະ ລະຫັດຜ່ານ {p} ແລ້ວປ່ຽນລະຫັດຜ່ານໃໝ່ເລີຍເດີ້.",
        "ໃຊ້ {p} ເປັນລະຫັດປະຕູສາງ. ຢ່າຂຽນໄວ້ບ່ອນໃດເດັດຂາດ.",
        "Halò {u}! Is e {p} am facal-faire ùr airson WiFi na bùtha. Na innis do dhuine sam bith e.",
        "Clàraich a-steach don phrògram cunntasachd le ainm-cleachdaiche {u} agus am facal-faire {p}, agus "
        "atharraich am facal-faire às dèidh sin.",
        "Cleachd {p} mar an còd airson glas an stòir. Na sgrìobh sìos e an àite sam bith.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a record, a spec or timetable,
# a command that needs no password typed, a value read from elsewhere or left out, a rule or hint, a notice).
NEGATIVES: dict[str, list[str]] = {
    "distillery": [
        "Cask ledger | C-2291 | first-fill bourbon | filled 2026-03-14 | 190 l at 63.5% | warehouse 4",
        "Spirit run: foreshots 10 min | hearts 72-64% ABV | feints to 1% | still 2",
        "vmrun -T ws list   # lists the running VMs; no guest login",
        "conn = dbapi.connect(key=\"CASKDB\")  # host, user and password from the hdbuserstore key",
        "Excise portal: passwords expire every 90 days and must differ from the last five.",
        "Tour notice: tastings for over-18s only; photo ID at the door.",
    ],
    "lifeboat": [
        "Launch log | D-class | 14:07 launch, 15:52 recovery | 3 crew | yacht aground, towed to harbour",
        "Tide table | HW 06:12 4.8 m | LW 12:30 1.1 m | HW 18:41 4.6 m",
        "sapcontrol -nr 10 -function GetSystemInstanceList   # local call as the sidadm user: trusted, no password",
        "client.username_pw_set(os.environ[\"MQTT_USER\"], os.environ[\"MQTT_PASS\"])",
        "Crew app: never share your login; each volunteer has their own.",
        "Pager test every Sunday at 10:00 | reply ACK within 5 minutes",
    ],
    "bingo-hall": [
        "Session plan | early bird 18:30 | main 19:00 | 8 games + national | interval 20:15",
        "Prize board: line 25 GBP, two lines 50 GBP, full house 250 GBP",
        "nodetool status   # JMX authentication is off on localhost",
        "# /etc/odbc.ini\n[bingo]\nDriver = PostgreSQL Unicode\nServername = db.bingo.example\nDatabase = sessions\n"
        "# user name and password asked at connect time",
        "Back office: a password needs 14 characters; three wrong tries lock the account for 30 minutes.",
        "Ticket book TB-6UP | 6 tickets a page | 90 numbers | printed 2026-11",
    ],
    "minigolf": [
        "Scorecard | hole 1 par 2 | hole 9 par 3 (windmill) | hole 18 par 4 | course par 47",
        "Course lights: on at dusk, off 22:00 | holes 10-18 lit from 16:00 in winter",
        "aql -h scores.minigolf.example -c \"SHOW NAMESPACES\"   # security is off on the scores cluster",
        "zapi = ZabbixAPI(\"https://monitor.minigolf.example\")\nzapi.login(api_token=os.environ[\"ZABBIX_TOKEN\"])",
        "Booking widget: reset your password from the sign-in page; support never asks for it.",
        "Putter rack PR-30 | 30 putters in 3 lengths | 60 balls in 6 colours",
    ],
    "tea-room": [
        "Menu: cream tea 8.50 | afternoon tea 22.00 | pot of Assam 3.20 | scone 2.80",
        "Allergen sheet | scones: gluten, milk, egg | shortbread: gluten, milk | jam: none",
        "ejabberdctl registered_users chat.tearoom.example   # lists the accounts, never a password",
        "# /etc/ddclient.conf\nprotocol=dyndns2\nuse=web\n# no login here: the router updates the name itself",
        "Ordering site: your user name is the account number on your invoice, like TR-000000.",
        "Table plan | tables 1-8 inside, 9-12 garden | table 4 seats 6 | 2 high chairs",
    ],
    "wheelwright": [
        "Wheel spec | dray rear | 14 oak spokes | elm nave | ash felloes | 1370 mm | iron tyre 50 x 12 mm",
        "Steam-box schedule: ash 1 h per inch | oak 1.5 h per inch | each cycle logged on the kiln controller",
        "kadmin.local -q \"listprincs\"   # on the KDC as root: no password asked",
        "$ssh2->auth_publickey(\"cnc\", \"/home/cnc/.ssh/id_ed25519.pub\", \"/home/cnc/.ssh/id_ed25519\");",
        "Grants portal: you set your password through the link in your invitation e-mail.",
        "Job card WJ-0312 | farm cart restoration | 7 new felloes | tyre shrunk on 2026-11-28",
    ],
    "map-shop": [
        "Stock list | Explorer OL7 x 12 | Landranger 36 x 8 | Superwalker Cairngorms x 5",
        "Plotter PL-44 | 44 in | roll 1: 90 g/m2 bond | roll 2: photo gloss | cyan ink 60%",
        "pjsua --config-file /etc/pjsua/mapshop.cfg   # account and credentials live in the config file",
        "si = SmartConnect(host=\"vc.mapshop.example\", b64token=ticket, mechanism=\"sspi\")",
        "Trade account: staff never ask for your password; call the trade desk if an e-mail does.",
        "Map order MO-2207 | OL7 laminated | 1:25000 | collect Saturday",
    ],
    "paintball": [
        "Field plan | field 1 woodland | field 2 village (closed: netting) | field 3 speedball",
        "Chrono limits: 300 fps at most | checked before every game | a marker that fails sits out",
        "gsec -display   # embedded mode on the server: no password on the line",
        "# /etc/darkice.cfg\n[icecast2-0]\nserver = stream.paintball.example\nport = 8000\nmountPoint = field-radio\n"
        "# the password comes from the service's environment",
        "Booking platform: a password must have a digit and a symbol and can't contain the site's name.",
        "Paint order PO-913 | 20 boxes of 2000 rounds | delivery Thursday",
    ],
    "butcher": [
        "Hanging chart | beef side B-14 | hung 2026-11-23 | 21 days | out 2026-12-14",
        "Price board: sirloin 32.00/kg | mince 9.50/kg | pork belly 12.00/kg",
        "artemis producer --url tcp://localhost:61616 --destination queue://orders --message-count 1   # guest "
        "access on the local broker",
        "# ~/.esmtprc\nhostname = smtp.butcher.example:587\nusername = \"orders\"\n# no password line: the relay "
        "trusts this host",
        "Wholesale portal: we will never text you a password; ignore messages asking for one.",
        "Christmas order XM-118 | turkey 6 kg | collect 23 Dec 10:00",
    ],
    "lo-gd-chat": [
        "ລະຫັດຜ່ານໃໝ່ຕ້ອງມີທັງຕົວເລກ ແລະ ຕົວອັກສອນ ຢ່າງໜ້ອຍ 10 ຕົວ.",
        "ລົດສົ່ງເຄື່ອງຈະມາຮອດວັນສຸກ ເວລາ 9 ໂມງເຊົ້າ.",
        "ເບີໂທຂອງຮ້ານແມ່ນ 021 415 880 ເດີ້.",
        "Dh'atharraich mi am facal-faire agam an-dè, na gabh dragh.",
        "Bidh a' bhùth dùinte Diluain air sgàth nan saor-làithean.",
        "Is e TR-4471 àireamh an òrduigh agad.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=MAPMAKERS, leet=WINDS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=OLD_MEASURES,
    letters=(ISLANDS, TEAS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
