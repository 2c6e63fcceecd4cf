#!/usr/bin/env python3
"""Held-out set 43: passwords in salt works, candle makers, windmills, quilt shops, snooker halls, tailors, marquee
hire, dojos, allotment societies, and Tatar and Pashto chat.

Written on 2026-12-07 (helper set43) on main ed7c120, before any detection change it measures (prose59 was tuning
the detector at the same time), by a helper that read neither addons/detect/ nor addons/core/ nor rules/ (nor any
test under tests/detect/ but test_eval_heldout_sets.py, nor tests/stream/, nor scripts/eval_languages.py, nor
tests/data/languages/, nor the branch prose59, nor any set's misses), and read set 42 only for its layout, scoring
interface and word-list form, and sets 20-42 only for their carrier lists. Sets 20-42 were grepped for every
carrier, language, tool, code call, config shape and JSON wrapper key below, and sets 1-42 for the word-list words;
what the grep found was dropped: swaks, cqlsh, rabbitmqctl, cmdkey, wpa_passphrase, cypher-shell, fetchmail,
msmtp, keepalived's `auth_pass`, HAProxy and an `admin_password` key as shapes; `errand`, `quest`, `sortie`, `parade`,
`voyage` and `relay` as wrapper keys; Shackleton, Amundsen and Nansen, schooners, galleons, frigates, clippers and
ketches, hawthorn, bramble, foxglove, primrose, yarrow and sorrel, wren, plover, shrike and wagtail for the word lists.
(Salt works were set 40's first idea but not one of its carriers; hdbsql, etcdctl, pika, cx_Oracle, davfs2,
Alertmanager, `mc alias` and transmission-remote occur only in sets 6-17, and set 23's IPsec is a vpnc profile, not
strongSwan's ipsec.secrets.)
Tatar and Pashto occur in no earlier set (Georgian and Armenian were dropped by set 32; Bengali, Thai and Telugu
occur in sets 15-18). Tatar in Cyrillic, verb last, the value before its word as Tatar puts it: "X — кибеттәге
Wi-Fi'ның яңа серсүзе" ("X is the shop Wi-Fi's new password"), `{u} исеме һәм X серсүзе белән керегез` ("log in
with the name u and the password X", the possessive `-е` on the word after the value), `X кодын кулланыгыз` ("use
the code X", the accusative on `код`); Pashto in its Arabic script, verb last: "X د دفتر د وای فای نوی پټنوم دی"
("X is the office Wi-Fi's new password"), `په کارن نوم ... او پټنوم X سره ننوځئ` ("log in with the user name ... and
the password X"), "X د ... د کوډ په توګه وکاروئ" ("use X as the ... code"). English carriers put the value first too,
as people write it: "{p} is the password it wants", "use {p} as the password", "{p} -- that's the password for".
The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): salt works (a
pan-house note with the value first, a packaging-supplier e-mail "use X as the password", a scale ticket, `hdbsql -u
-p`, Python `pika.PlainCredentials(user, password)` positional, a `picnic`/`hamper` JSON); candle makers (a
dipping-room note "X -- that's the password", a wax co-op e-mail, a melter log line, `sipsak -u -a`, Python
`cx_Oracle.connect(user, password, dsn)` positional, a `regatta`/`hull` JSON); windmills (a miller's log, a flour-shop
e-mail "sign in as u with X", an SMS, `transmission-remote -n user:password`, a FreeRADIUS users-file
`Cleartext-Password := "X"`, a `jamboree`/`knapsack` JSON); quilt shops (a cutting-table note "use X as the
password", a wholesaler e-mail "u is the user name and X the password", a ticket, `etcdctl --user user:password`,
exchangelib `Credentials(user, password)` positional, a `pageant`/`wagon` JSON); snooker halls (a bar chat answering
with the value first, a league e-mail, a table-light syslog line, `prosodyctl register user host password`
positional, `HttpNtlmAuth("DOMAIN\\user", password)` positional, a `caravan`/`saddlebag` JSON); tailors (a
fitting-room note with the value first, a cloth-merchant e-mail with `Password:` on its own line, an SMS, `kcat -X
sasl.password=`, libcurl `curl_easy_setopt(curl, CURLOPT_PASSWORD, "X")`, a `rodeo`/`lasso` JSON); marquee hire (a
yard note, a planner-portal e-mail "use X as the password", a CCTV ticket, `evil-winrm -u -p`, a davfs2 secrets line
`url user "X"`, a `carnival`/`lantern` JSON); dojos (a noticeboard "X is the password", a federation e-mail, a
door-controller log line, `winrs -u: -p:`, an Alertmanager `smtp_auth_password: 'X'`, a `convoy`/`crate` JSON);
allotment societies (a shed notice "It's X", a committee e-mail "X is the password", an SMS, `mc alias set name url
access secret` positional, a strongSwan ipsec.secrets `: PSK "X"`, a `safari`/`rucksack` JSON); Tatar and Pashto
chat (a shop's and an office's Wi-Fi password, an accounting program's login, a storeroom lock's code).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (an Antarctic explorer's name with
a year or digits and a symbol, or two run together with digits), leetspeak sailing-ship types (never the first
letter) with digits and a symbol, passphrases of three to five hedgerow plants (blanks, hyphens, dots, or capitalised
and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (an
Aegean island and a small bird joined in four casings), and PINs of 4-8 digits; drawn from random.Random(43) in a
fixed order, so the set is the same on every run. Hard negatives (60, six per carrier) in shapes no earlier set's
negatives took as far as the grep shows: a brine-density log, a salt batch, a tub label, a wick chart, a fragrance
load, a melter alarm, sail settings, a flour batch, opening hours, a quilt pattern, a batting spec, a class booking,
a table record, a break log, a membership card, body measurements, a cloth order, an alteration ticket, a marquee
spec, a site survey, a load-out sheet, a grading notice, a mat plan, a plot record, a seed-swap list, a water-meter
reading; commands that need no password typed (`hdbsql -U` with a stored key, `sipsak` OPTIONS ping,
`transmission-remote --netrc`, `etcdctl` with client certificates, `prosodyctl adduser` prompting, `kcat -F`,
`evil-winrm -r` Kerberos, `winrs` as the signed-in user, `mc alias set` asking), values read elsewhere or left out
(`pika` from the environment, `cx_Oracle` external auth, a FreeRADIUS reject rule, exchangelib from a config,
`HttpNtlmAuth` from a keyring, libcurl's `.netrc`, an empty davfs2 secrets file, Alertmanager's password file, an
ipsec.secrets include), rules and hints (a PIN, a keypad code, a user-name form), and in the chat a password rule, a
meeting time, an order number, a staff-never-ask warning, an open guest Wi-Fi, a printer model. Same scoring as sets
3-42 (heldout_score.covered: a value counts when findings that are not public/test-value cover all of it; a negative
is hit by any such finding; values are never printed).

Score on the unchanged code (main ed7c120; addons/ and rules/ untouched), scored once, before any change it measures and
without listing its misses, by the helper set43 that wrote it (`scripts/eval_heldout43.py` at fbaf27b, 2026-12-07
12:14 UTC, load 6.9): password recall 193/300 = 0.643; hard negatives hit 1/60 (saltworks 27/30, chandlery 16/30,
windmill 22/30, quilt-shop 26/30, snooker-hall 17/30, tailor 21/30, marquee-hire 18/30, dojo 26/30, allotments
17/30, tt-ps-chat 3/30; human 35/50, leet 38/50, passphrase 32/50, generated 37/50, letters 22/50, pin 29/50;
negatives hit: marquee-hire 1/6, 0/6 in the other nine). Scored a second time, counts only, with the opt-in rule
file loaded beside rules/ (`--extra-rules rules/opt-in/value-first.yaml`: 410 rules, not 409; 12:14 UTC, load 7.3):
the same counts in every row, 193/300 = 0.643, 1/60. A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout43.py [--json] [--extra-rules rules/opt-in/value-first.yaml]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 43"
SEED = 43

EXPLORERS = ("mawson", "worsley", "crean", "bellingshausen", "scoresby", "borchgrevink", "mertz", "wilkes",
             "weddell")
SHIPS = ("brigantine", "carrack", "barquentine", "caravel", "felucca", "xebec")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7+", "l": "1", "g": "9", "b": "8"}
HEDGEROW_WORDS = ("hogweed", "cleavers", "nettle", "ivy", "bindweed", "elder", "holly", "honeysuckle", "guelder",
                  "campion", "cowslip", "dogrose", "blackthorn", "agrimony", "vetch", "tansy")
AEGEAN = ("naxos", "paros", "milos", "syros", "tinos", "amorgos", "sifnos")
BIRDS = ("finch", "lark", "bunting", "redpoll", "chiffchaff", "whinchat")
# No quote, backslash, comma, colon, semicolon, brace, bracket, angle bracket, pipe, percent, hash, caret, ampersand,
# dollar, at sign, slash, question mark or backtick in a value: every carrier holds it as typed (JSON strings,
# Python/C literals, a FreeRADIUS users file's quoted value, a davfs2 secrets line, a YAML single-quoted scalar, an
# ipsec.secrets PSK, the `user:password` of transmission-remote and etcdctl, the bare arguments of the shell lines).
# Blanks come only in passphrases, which no bare argument takes (the fourth template of each carrier never draws a
# passphrase).
HUMAN_SYMBOLS = "!*.+=_-"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("gwen.pans", "aled.b", "hana.wicks", "piet.miller", "bea.cuts", "ray.cue", "anand.t", "kerry.depot",
         "sensei.ito", "plot14")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling. The
# fourth template (index 3) takes generated, letters, PIN, human and leet values, never a passphrase.
CARRIERS: dict[str, list[str]] = {
    "saltworks": [
        "Pan-house note: the brine-pump controller logs out at every power cut. {p} is the password it wants, user "
        "{u}. Pan 3 is drawing fine flake.",
        "Subject: packaging supplier\n\nHi Gwen,\nthe tub supplier's ordering site has an account for us now: {u}, "
        "and use {p} as the password until we pick our own.\n\nAled",
        "SALT-0772 | crystallising-shed scale | {u} locked out after the firmware flash; password set to {p} for "
        "now.",
        "hdbsql -n hana.saltworks.example:30015 -u {u} -p {p} \"SELECT * FROM BRINE_DENSITY\"",
        "import pika\ncreds = pika.PlainCredentials(\"{u}\", \"{p}\")\n"
        "conn = pika.BlockingConnection(pika.ConnectionParameters(\"mq.saltworks.example\", 5672, \"/\", creds))",
        "{\"picnic\": \"log_harvest\", \"hamper\": {\"pan\": 3, \"grade\": \"flake\", \"kg\": 180, \"raker\": "
        "\"{u}\", \"raker_password\": \"{p}\"}}",
    ],
    "chandlery": [
        "Dipping room: {p} -- that's the password for the wax-melter tablet (account {u}). Don't let the vat go "
        "over 85 C.",
        "Subject: wax co-op login\n\nDear Hana,\nyour login for the beeswax co-operative's shop is {u}. Your "
        "temporary password: {p}. Orders over 20 kg ship free.\n\nCo-op Office",
        "2026-12-07 06:58:14 melter-ctl[2291] recipe 'soy-pillar' unlocked by {u} (password {p})",
        "sipsak -s sip:shopfloor@pbx.chandlery.example -u {u} -a {p} -vv",
        "import cx_Oracle\nconn = cx_Oracle.connect(\"{u}\", \"{p}\", \"db.chandlery.example/ORDERS\")",
        "{\"regatta\": \"pour_batch\", \"hull\": {\"wax\": \"beeswax\", \"wick\": \"CD-12\", \"moulds\": 48, "
        "\"chandler\": \"{u}\", \"chandler_password\": \"{p}\"}}",
    ],
    "windmill": [
        "Miller's log: the sail-brake sensor box wants signing into after every storm. User {u}; {p} is the "
        "password. Stone nut greased today.",
        "Subject: flour shop website\n\nHello Piet,\nthe mill's online shop is ready. Sign in as {u} with {p} "
        "(please change it the first time). Spelt is back on the list.\n\nMarijke",
        "MILL: your visitor-centre till password has been reset to {p} (user {u}). If you did not ask for this, "
        "ring the miller.",
        "transmission-remote mill-nas.local:9091 -n {u}:{p} --list",
        "# /etc/freeradius/3.0/users\n{u}  Cleartext-Password := \"{p}\"\n"
        "        Reply-Message := \"Welcome to the mill network\"",
        "{\"jamboree\": \"grind_order\", \"knapsack\": {\"grain\": \"spelt\", \"stones\": \"French burr\", "
        "\"sacks\": 12, \"miller\": \"{u}\", \"miller_password\": \"{p}\"}}",
    ],
    "quilt-shop": [
        "Cutting-table note: the long-arm machine's tablet is signed in as {u}. If it asks again, use {p} as the "
        "password. Mrs Pryce's log-cabin top is on the frame.",
        "Subject: fabric wholesaler\n\nHi Bea,\nthe wholesaler has opened a trade account for us: {u} is the user "
        "name and {p} the password. The batik fat quarters arrive Monday.\n\nLin",
        "QLT-208 | pattern cutter | {u} can't log in since the update; temp password {p}, change at next login.",
        "etcdctl --endpoints=https://etcd.quiltshop.example:2379 --user {u}:{p} get /stock/batting",
        "from exchangelib import Account, Credentials\ncreds = Credentials(\"{u}@quiltshop.example\", \"{p}\")\n"
        "box = Account(\"orders@quiltshop.example\", credentials=creds, autodiscover=True)",
        "{\"pageant\": \"cut_fabric\", \"wagon\": {\"bolt\": \"batik B-17\", \"metres\": 2.5, \"pieces\": 6, "
        "\"cutter\": \"{u}\", \"cutter_password\": \"{p}\"}}",
    ],
    "snooker-hall": [
        "Bar chat\nMo: the table-lights tablet wants a password again\nRay: {p}, user {u}\nMo: sorted, ta",
        "Subject: league results site\n\nHi all,\nthe county league's results site has a login for the hall: {u}. "
        "The password is {p}; please enter Friday's frames by Sunday night.\n\nLeague Secretary",
        "Dec 07 22:14:09 tablelight[733]: table 6 timer reset by {u}, password {p} accepted",
        "prosodyctl register {u} chat.snookerhall.example {p}",
        "from requests_ntlm import HttpNtlmAuth\nr = requests.get(\"https://intranet.snookerhall.example/bookings\", "
        "auth=HttpNtlmAuth(\"HALL\\\\{u}\", \"{p}\"))",
        "{\"caravan\": \"book_table\", \"saddlebag\": {\"table\": 6, \"from\": \"19:00\", \"hours\": 2, "
        "\"member\": \"{u}\", \"member_password\": \"{p}\"}}",
    ],
    "tailor": [
        "Fitting-room note: {p} is the password for the pattern-plotter PC, login {u}. Mr Hale's three-piece needs "
        "a second fitting.",
        "Subject: cloth merchant account\n\nDear Anand,\nyour trade account with the cloth merchant is open.\n"
        "User name: {u}\nPassword: {p}\nThe Super 130s navy is back in stock.\n\nMerchant Services",
        "TAILOR: the booking-app password for {u} is now {p}. Reply STOP if you did not ask for a reset.",
        "kcat -b kafka.tailor.example:9093 -X security.protocol=SASL_SSL -X sasl.mechanisms=PLAIN "
        "-X sasl.username={u} -X sasl.password={p} -L",
        "curl_easy_setopt(curl, CURLOPT_USERNAME, \"{u}\");\ncurl_easy_setopt(curl, CURLOPT_PASSWORD, \"{p}\");",
        "{\"rodeo\": \"cut_pattern\", \"lasso\": {\"garment\": \"three-piece\", \"cloth\": \"Super 130s navy\", "
        "\"size\": \"40R\", \"cutter\": \"{u}\", \"cutter_secret\": \"{p}\"}}",
    ],
    "marquee-hire": [
        "Yard note: the forklift-booking laptop is on {u}; the password is {p} since Monday. The 12 x 24 m "
        "clearspan goes out Friday.",
        "Subject: event planner portal\n\nHi Tom,\nthe wedding planner has given us a supplier login for their "
        "portal: {u}. Use {p} as the password; the site plans are under 'June'.\n\nKerry",
        "MQ-3391 | depot CCTV recorder | {u} forgot the password; reset to {p} by IT.",
        "evil-winrm -i 10.8.0.21 -u {u} -p {p}",
        "# /etc/davfs2/secrets\nhttps://dav.marquee.example/plans {u} \"{p}\"",
        "{\"carnival\": \"plan_site\", \"lantern\": {\"marquee\": \"clearspan 12x24\", \"anchors\": 16, "
        "\"crew\": 5, \"foreman\": \"{u}\", \"foreman_password\": \"{p}\"}}",
    ],
    "dojo": [
        "Dojo noticeboard: the grading-app login for instructors is {u}; {p} is the password. Belt tests on the "
        "14th.",
        "Subject: club membership system\n\nDear Sensei Ito,\nyour admin account on the membership system is ready. "
        "Log in with {u} and the password {p}.\n\nJudo Federation",
        "2026-12-07T18:02:51Z door-ctl WARN manual unlock of mat room by {u} using password {p}",
        "winrs -r:dojo-pc01 -u:{u} -p:{p} ipconfig /all",
        "# alertmanager.yml\nglobal:\n  smtp_smarthost: mail.dojo.example:587\n  smtp_auth_username: {u}\n"
        "  smtp_auth_password: '{p}'",
        "{\"convoy\": \"record_grading\", \"crate\": {\"student\": \"K. Aoki\", \"from_kyu\": 6, \"to_kyu\": 5, "
        "\"examiner\": \"{u}\", \"examiner_password\": \"{p}\"}}",
    ],
    "allotments": [
        "Shed notice: the water-meter logger on plot 14 asks for a password now. It's {p} (user {u}). Hoses off by "
        "8 pm.",
        "Subject: allotment society website\n\nDear plot holders,\nthe society's website has a committee login: "
        "{u}. {p} is the password; put the seed-swap dates up, please.\n\nThe Secretary",
        "ALLOTMENTS: gate-keypad account {u}: password changed to {p}. Tell the committee if this wasn't you.",
        "mc alias set plots https://s3.allotments.example {u} {p}",
        "# /etc/ipsec.secrets\n# the society's shed-to-office tunnel\n: PSK \"{p}\"",
        "{\"safari\": \"log_harvest\", \"rucksack\": {\"plot\": 14, \"crop\": \"leeks\", \"kg\": 7.5, "
        "\"holder\": \"{u}\", \"holder_password\": \"{p}\"}}",
    ],
    "tt-ps-chat": [
        "Сәлам, {u}! {p} — кибеттәге Wi-Fi'ның яңа серсүзе. Беркемгә дә әйтмә.",
        "Хисап программасына {u} исеме һәм {p} серсүзе белән керегез, аннары серсүзне алыштырыгыз.",
        "Склад йозагы өчен {p} кодын кулланыгыз, аны беркая да язып куймагыз.",
        "سلام {u}! {p} د دفتر د وای فای نوی پټنوم دی. هیچا ته یې مه وایه.",
        "د حساب کتاب پروګرام ته په کارن نوم {u} او پټنوم {p} سره ننوځئ، بیا خپل پټنوم بدل کړئ.",
        "{p} د ګودام د قلف د کوډ په توګه وکاروئ. هېڅ ځای یې مه لیکئ.",
    ],
}

# Six per carrier: the same kinds of text giving no password, in shapes of their own (a spec, a record or ticket, a
# command that needs no password typed, a value read from elsewhere or left out, a rule or hint, a notice).
NEGATIVES: dict[str, list[str]] = {
    "saltworks": [
        "Brine density log | pan 3 | 26.4 Baume | 38.2 C | 07:00 reading",
        "Batch FS-26-118 | fine flake | 180 kg | moisture 0.4% | sieved 2-5 mm",
        "hdbsql -n hana.saltworks.example:30015 -U BRINEKEY \"SELECT COUNT(*) FROM PANS\"   # -U: a key from "
        "hdbuserstore, no password typed",
        "creds = pika.PlainCredentials(os.environ[\"MQ_USER\"], os.environ[\"MQ_PASS\"])",
        "Packaging site: you set your password on first login through the e-mailed link; staff never send one.",
        "Tub label TL-250G | 250 g | sea salt flakes | best before: none (salt keeps)",
    ],
    "chandlery": [
        "Wick chart: CD-8 for 50 mm pillars, CD-12 for 70 mm, CD-16 for 90 mm | burn test 4 h",
        "Fragrance load 8% | fig and cassis | flash point 72 C | IFRA category 12",
        "sipsak -s sip:shopfloor@pbx.chandlery.example -vv   # an OPTIONS ping: no auth needed",
        "conn = cx_Oracle.connect(dsn=\"db.chandlery.example/ORDERS\", externalauth=True)  # OS authentication",
        "Co-op shop: the temporary password is printed in your welcome letter, not in this e-mail.",
        "Melter alarm MA-14 | vat 2 over 90 C | 06:41 | cleared by the duty chandler",
    ],
    "windmill": [
        "Sail settings: 4 common sails, cloths reefed to dagger point | wind 18 kn WSW",
        "Flour batch SP-26-31 | wholemeal spelt | 12 x 16 kg | stoneground, French burr",
        "transmission-remote mill-nas.local:9091 --netrc ~/.netrc --list   # the login lives in .netrc",
        "# /etc/freeradius/3.0/users\nDEFAULT  Auth-Type := Reject\n        Reply-Message := \"Unknown device\"",
        "Visitor centre: open Sat-Sun 10:00-16:00 | tours on the hour | the sails turn when the wind allows",
        "Till help: your PIN is the one you chose at induction; the miller cannot read it.",
    ],
    "quilt-shop": [
        "Pattern QP-112 Log Cabin | 60 x 72 in | 12-in blocks | 5 fat quarters + 2 m backing",
        "Batting: 80/20 cotton/poly | 96 in wide | 4.5 oz | 30 m roll",
        "etcdctl --endpoints=https://etcd.quiltshop.example:2379 --cert=/etc/etcd/client.pem "
        "--key=/etc/etcd/client-key.pem get /stock/batting",
        "creds = Credentials(username=cfg.get(\"ews\", \"user\"), password=cfg.get(\"ews\", \"password\"))",
        "Trade-account passwords: at least 12 characters, one of them a digit; change every six months.",
        "Class booking: free-motion quilting, Sat 10:00, 6 places, bring a darning foot",
    ],
    "snooker-hall": [
        "Table 6 | Riley 12 ft | cloth Strachan 6811 | re-clothed 2026-11-02",
        "Break log: Ray 87 (frame 3), Mo 64 (frame 5) | highest this month 112",
        "prosodyctl adduser mo@chat.snookerhall.example   # prompts twice for the password",
        "auth = HttpNtlmAuth(\"HALL\\\\\" + getpass.getuser(), keyring.get_password(\"intranet\", "
        "getpass.getuser()))",
        "League site: new teams get a login by e-mail; until then the password field stays blank.",
        "Membership card MC-4471 | off-peak | valid to 2027-06-30 | locker 18",
    ],
    "tailor": [
        "Measurements: chest 102 cm, waist 88 cm, inside leg 81 cm, sleeve 64 cm | drop 8",
        "Cloth order CO-7712 | Super 130s | navy birdseye | 3.5 m | 150 cm width",
        "kcat -b kafka.tailor.example:9093 -F /etc/kcat/tailor.conf -L   # the SASL login comes from the file",
        "curl_easy_setopt(curl, CURLOPT_NETRC, CURL_NETRC_REQUIRED);  /* the login comes from ~/.netrc */",
        "Booking app: forgotten your password? Tap Reset and we will text you a link.",
        "Alteration ticket AT-2290 | shorten sleeves 1.5 cm | ready Wed after 2 pm",
    ],
    "marquee-hire": [
        "Clearspan 12 x 24 m | 288 m2 | 180 seated / 250 standing | 16 ground anchors",
        "Site survey SS-0619 | level lawn, 2 deg fall | access 3.2 m gate | no overhead cables",
        "evil-winrm -i 10.8.0.21 -r DEPOT.EXAMPLE   # a Kerberos ticket from kinit, no password",
        "# /etc/davfs2/secrets\n# left empty on purpose: mount.davfs asks for the user and the password",
        "Planner portal: supplier logins are personal; ask Kerry to add you rather than share one.",
        "Load-out sheet LO-1123 | 40 poles, 22 roof panels, 60 weights of 25 kg | van 2 and the lorry",
    ],
    "dojo": [
        "Grading: 6th kyu to 5th kyu | Sat 14th | 10:00 | bring your record book and 15 GBP",
        "Mat plan: 14 x 12 tatami | 40 mm | safety area 3 m | mats re-taped 2026-11",
        "winrs -r:dojo-pc01 ipconfig /all   # runs as the signed-in user: no -u, no -p",
        "# alertmanager.yml\nglobal:\n  smtp_smarthost: mail.dojo.example:587\n  smtp_auth_username: alerts\n"
        "  smtp_auth_password_file: /etc/alertmanager/smtp.pw",
        "Membership system: instructors sign in with their federation number, which looks like JF-000000.",
        "Door controller release 4.2.1 (build 20261130) adds a night-lock schedule.",
    ],
    "allotments": [
        "Plot 14 | 250 m2 | half plot sublet | water trough B | rent 38 GBP a year",
        "Seed swap: runner bean Enorma, leek Musselburgh, tomato Gardeners Delight, 3 packets each",
        "mc alias set plots https://s3.allotments.example   # mc asks for the access key and the secret key",
        "# /etc/ipsec.secrets\ninclude /var/lib/strongswan/ipsec.secrets.inc   # the installer writes the PSK there",
        "Gate keypad: the code changes every season and is posted to plot holders, never e-mailed.",
        "Water meter WM-14 | reading 1843.6 m3 | 2026-12-01 | logger battery 78%",
    ],
    "tt-ps-chat": [
        "Яңа серсүз кимендә 12 билгедән торырга һәм анда бер сан булырга тиеш.",
        "Җыелыш пәнҗешәмбе көнне сәгать 15:30да, 214 нче бүлмәдә.",
        "Сезнең 58-2217 номерлы заказыгыз әзер, аны иртәгә алып китә аласыз.",
        "خپل پټنوم هېچا ته مه ورکوئ؛ زموږ کارکوونکي به یې هېڅکله در نه وغواړي.",
        "د میلمنو وای فای نوم Dafter-Guest دی او پټنوم نه لري.",
        "د نوي چاپګر ماډل HX-2040 دی، په دوهم پوړ کې ایښودل شوی.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=EXPLORERS, leet=SHIPS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=HEDGEROW_WORDS,
    letters=(AEGEAN, BIRDS), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
