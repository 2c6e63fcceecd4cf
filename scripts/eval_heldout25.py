#!/usr/bin/env python3
"""Held-out set 25: passwords in browser devtools and web-storage dumps, spreadsheet cells pasted as TSV, PaaS and
CI secret commands and variable screens, build scripts (make, just, Task, npm, rake, Ant), laboratory instrument and
LIMS notes, travel and booking confirmations, BIOS/UEFI and boot-loader passwords, meeting transcripts and
subtitles, documentation markup (wiki, reStructuredText, AsciiDoc, LaTeX, Org, DokuWiki), and text extracted from
slide decks.

Written on 2026-12-05 (helper set25) on main 81f6f76, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 20-24 only for the scoring interface and for which
carriers and words they used; sets 1-19 were only grepped (which files hold a word) for the carrier kinds and words
below, and carrier ideas found there (notebooks, Kubernetes secrets, chat-ops, git credentials, non-English chat,
support chat) were dropped. The script keeps counts only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): browser
storage (a console `localStorage.getItem` of a JSON session, `Object.entries(localStorage)` output, a copied Session
Storage key/value table, a `console.log` of a form object, a Tampermonkey autofill userscript, a Redux devtools state
tree); spreadsheet TSV (a site/username/password sheet, an onboarding sheet's `Initial PW` column, test accounts by
environment, a shared-subscriptions sheet, a vendor-portal sheet, an equipment sheet with a trailing empty cell);
PaaS and CI secrets (`gh secret set --body`, `heroku config:set`, `fly secrets set`, `printf | vercel env add`,
`netlify env:set`, a GitLab CI/CD variables screen copied as text); build scripts (a Makefile `PGPASSWORD=` recipe, a
justfile variable, a Taskfile `vars:` entry, a package.json script with `MYSQL_PWD=`, a Rakefile `mongoimport
--password`, an Ant `<property name="deploy.password">`); lab instruments and LIMS (an HPLC workstation card, a
Chromeleon data-vault note, a Python LIMS API login, a lab chat about the plate-reader PC, an autosampler INI
`ServicePwd`, a STARLIMS sandbox mail); travel and booking (a hotel guest-portal login, a travel agency's booking
password, a car-rental account mail, a corporate travel tool login, an e-visa retrieval password, a group-trip chat);
BIOS and boot loaders (Dell `cctk --setuppwd`, Lenovo WMI `SetBiosPassword`, HP CMSL `Set-HPBIOSSetupPassword`, an
asset note, an Intel MEBx note, a GRUB `password` line); meeting transcripts (a timestamped Teams-style line, WebVTT,
an Otter export, a Zoom chat file, an AI meeting recap, an SRT subtitle); documentation markup (a MediaWiki table,
a reStructuredText note, an AsciiDoc table with `pass:[]`, LaTeX `verbatim`, an Org `:PROPERTIES:` drawer, a DokuWiki
table with `%%`); slide-deck text (a markitdown `<!-- Slide number -->` page, speaker notes, Google Slides bullets,
a lab slide, a Marp exercise, python-pptx shape text).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a kitchen herb or spice with a
year or digits and a symbol, or two run together with digits), leetspeak dinosaur names (never the first letter)
with digits and a symbol, passphrases of three to five workshop-tool words (blanks, hyphens, dots, or capitalised
and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a kind
of ship and a hat joined in four casings), and PINs of 4-8 digits; drawn from random.Random(25) in a fixed order, so
the set is the same on every run. The word lists were grepped absent from sets 1-24. Hard negatives (60, six per
carrier): the same carriers giving no password (`null` lookups, reads from storage, files, environment, vaults and
prompts, masked and `(in vault)` cells, `<your password>` and `<new>` placeholders, a SHA-256 digest, a PBKDF2 GRUB
hash, a secret digest listing, asset, booking, sample and tenant ids, password rules and policy, talk about
passwords). Same scoring as sets 3-24 (heldout_score.covered: a value counts when findings that are not
public/test-value cover all of it; a negative is hit by any such finding; values are never printed).

Score on the unchanged code (main 81f6f76; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set25 that wrote it (`scripts/eval_heldout25.py`, 2026-12-05 11:32
UTC): password recall 190/300 = 0.633; hard negatives hit 1/60 (browser-storage 20/30, spreadsheet-tsv 23/30,
paas-secrets 11/30, build-scripts 28/30, lims-lab 20/30, travel-booking 26/30, bios-firmware 19/30,
meeting-transcript 22/30, doc-markup 5/30, slide-deck 16/30; human 34/50, leet 33/50, passphrase 31/50, generated
34/50, letters 31/50, pin 27/50; negatives hit: bios-firmware 1/6, 0/6 in the other nine).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout25.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 25"
SEED = 25

HERBS = ("basil", "paprika", "ginger", "thyme", "rosemary", "cardamom", "sage", "cumin", "chilli", "vanilla",
         "turmeric", "clove", "dill")
DINOSAURS = ("triceratops", "velociraptor", "stegosaurus", "brachiosaurus", "allosaurus", "diplodocus",
             "spinosaurus", "iguanodon", "ankylosaurus", "pteranodon", "parasaurolophus")
LEET = {"a": "4@", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "r": "2"}
TOOLS = ("hammer", "wrench", "pliers", "rivet", "hinge", "spanner", "plank", "dowel", "crowbar", "awl", "sawhorse",
         "washer", "clamp", "drill", "sander", "jigsaw", "pulley", "ratchet", "scraper", "solder")
SHIPS = ("frigate", "galleon", "schooner", "sloop", "ketch", "clipper", "dinghy", "barge", "trawler")
HATS = ("fedora", "beret", "bowler", "trilby", "stetson", "beanie", "boater", "bonnet", "sombrero")
# No quote, comma, colon, semicolon, backslash, brace, bracket, angle bracket, pipe, percent, hash, caret or
# ampersand: every carrier holds the value as typed (TSV cells, JSON and JS strings, shell words in single quotes,
# make and just recipes, YAML, XML attributes, wiki tables, `pass:[...]`, Lenovo's comma-separated WMI string, cmd
# files). Leetspeak may add `@`, never `$` (make would expand it).
HUMAN_SYMBOLS = "!*._+~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("r.achterberg", "mfontaine", "svc-lims", "d.osei", "qa-runner", "h.lindgren", "b.castellano", "labtech4")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "browser-storage": [
        "> localStorage.getItem(\"session\")\n< '{\"user\":\"{u}\",\"password\":\"{p}\",\"remember\":true}'",
        "> Object.entries(localStorage)\n< (3) [Array(2), Array(2), Array(2)]\n  0: (2) ['theme', 'dark']\n"
        "  1: (2) ['loginUser', '{u}']\n  2: (2) ['loginPass', '{p}']\n  length: 3",
        "Session Storage > https://intranet.example.com\nKey\tValue\nauth.username\t{u}\nauth.pwd\t{p}\n"
        "ui.sidebar\tcollapsed",
        "login.js:42 submitting form {username: '{u}', passwd: '{p}', otp: '', keepSignedIn: true}",
        "// ==UserScript==\n// @name         Intranet autofill\n// @match        https://intranet.example.com/*\n"
        "// ==/UserScript==\n(function () {\n  document.querySelector('#user').value = '{u}';\n"
        "  document.querySelector('#pass').value = '{p}';\n  document.forms[0].submit();\n})();",
        "Redux DevTools > State > Tree\nauth: {\n  status: 'idle',\n  username: '{u}',\n  pw: '{p}',\n"
        "  error: null\n}",
    ],
    "spreadsheet-tsv": [
        "Site\tUsername\tPassword\tNotes\nBranch router\t{u}\t{p}\treset in March\nPrinter\tadmin\t\tdefault",
        "Name\tDept\tLaptop\tInitial PW\tStart\nDana Osei\tFinance\tLT-0442\t{p}\t2026-12-07",
        "env\trole\tlogin\tsecret\nstaging\tadmin\t{u}\t{p}\nprod\tread-only\tviewer\tSSO",
        "Account\tLogin\tPW\tLast changed\tOwner\nStock photos\t{u}@example.com\t{p}\t2026-10-02\tmarketing",
        "Vendor\tPortal\tUser\tPass\t2FA\nAcme Freight\thttps://portal.acme-freight.example\t{u}\t{p}\tno",
        "Equipment\tIP\tAdmin user\tAdmin password\t\nUPS-2\t10.4.0.12\t{u}\t{p}\t",
    ],
    "paas-secrets": [
        "$ gh secret set DB_PASSWORD --body '{p}' --repo acme/shop\n✓ Set Actions secret DB_PASSWORD for acme/shop",
        "heroku config:set SMTP_PASSWORD='{p}' -a acme-mailer",
        "$ fly secrets set POSTGRES_PASSWORD='{p}' --app acme-api\nUpdating existing machines in 'acme-api' with "
        "rolling strategy",
        "printf '%s' '{p}' | vercel env add DATABASE_PASSWORD production",
        "netlify env:set CMS_ADMIN_PASS '{p}' --context production",
        "CI/CD Settings > Variables\nType\tKey\tValue\tOptions\tEnvironments\nVariable\tDEPLOY_PASS\t{p}\t"
        "Protected\tAll (default)",
    ],
    "build-scripts": [
        ".PHONY: seed-db\nseed-db:\n\tPGPASSWORD='{p}' psql -h db.internal -U {u} -f seed.sql",
        "set dotenv-load\n\nadmin_pass := '{p}'\n\nlogin:\n    curl -u {u}:{{admin_pass}} "
        "https://admin.internal.example/api/session",
        "version: '3'\n\nvars:\n  REGISTRY_PASS: '{p}'\n\ntasks:\n  login:\n    cmds:\n      - docker login -u {u} "
        "-p {{.REGISTRY_PASS}} registry.example.com",
        "\"scripts\": {\n  \"build\": \"vite build\",\n  \"db:reset\": \"MYSQL_PWD='{p}' mysql -u {u} app < "
        "reset.sql\"\n}",
        "task :import do\n  sh \"mongoimport --username {u} --password '{p}' --db shop --file items.json\"\nend",
        "<project name=\"portal\" default=\"deploy\">\n  <property name=\"deploy.user\" value=\"{u}\"/>\n"
        "  <property name=\"deploy.password\" value=\"{p}\"/>\n</project>",
    ],
    "lims-lab": [
        "HPLC-3 workstation (room B214)\nWindows login: {u}\nPassword: {p}\nEmpower project: STABILITY_2026",
        "Chromeleon 7 - Data Vault CDS_DV01: connect as {u} with {p} (instrument controller IC-07)",
        "resp = requests.post(\"https://lims.example.org/api/login\", json={\"user\": \"{u}\", \"pass\": \"{p}\"})",
        "[lab-chat] the plate reader PC login is {u} and {p}, please don't change it, the method files are under "
        "that profile",
        "[Autosampler]\nComPort=COM3\nTrayTemp=4\nServiceUser=field\nServicePwd={p}",
        "Your STARLIMS training sandbox is ready.\nUser: {u}\nInitial password: {p}\nThe sandbox expires on 31 "
        "January.",
    ],
    "travel-booking": [
        "Hotel Meridian - confirmation 8842-1177\nCheck-in 15:00 · Check-out 11:00\nGuest portal login: {u} / "
        "password {p}",
        "Manage your booking at https://trips.example.com\nBooking ref: QX7K2P\nBooking password: {p}\n"
        "Lead passenger: Ms D. Osei",
        "Welcome to DriveAway Rentals! Your account has been created.\nUsername: {u}\nTemporary password: {p}\n"
        "Pick-up: Lisbon Airport, 12 Dec 09:30",
        "Offsite travel: book flights in the travel tool by Friday - shared login {u} / {p}, cost centre 7310",
        "e-Visa application saved. Application number AU-2026-0091173.\nPassword to retrieve your application: "
        "{p}\nKeep this e-mail.",
        "[Ferry trip group] for the tickets log in with the group account {u}, pw is {p} - print them before "
        "Saturday",
    ],
    "bios-firmware": [
        "@echo off\nrem set the BIOS admin password on new Latitudes\ncctk.exe --setuppwd=\"{p}\"\n"
        "if errorlevel 1 echo failed >> C:\\Temp\\bios.log",
        "(Get-WmiObject -Class Lenovo_SetBiosPassword -Namespace root\\wmi).SetBiosPassword(\"pap,Factory01,{p},"
        "ascii,us\")",
        "Install-Module HP.ClientManagement\nSet-HPBIOSSetupPassword -NewPassword '{p}'",
        "Asset 4471 (ThinkPad T14 gen 5) - BIOS supervisor pw: {p} (set by IT imaging, do not clear)",
        "Intel MEBx on the kiosk NUCs: changed the MEBx password to {p} and enabled AMT remote KVM.",
        "# /etc/grub.d/40_custom\nset superusers=\"{u}\"\npassword {u} \"{p}\"",
    ],
    "meeting-transcript": [
        "[00:14:32] Priya Nair: ok so for the demo tenant the login is {u} and the password is {p}\n"
        "[00:14:41] Tom Reyes: got it, thanks",
        "WEBVTT\n\n00:03:12.400 --> 00:03:18.900\n<v Marco Bianchi>The shared reviewer account is {u}, "
        "password {p}.</v>",
        "Speaker 2  12:07\nYeah, I reset it this morning. It's {p} now. Same username.\n\nSpeaker 1  12:15\n"
        "Thanks, I'll update the runbook.",
        "10:42:05 From  Lena Vogel  to  Everyone:\n\tWorkshop VM password: {p}\n10:42:30 From  Sam Ito  to  "
        "Everyone:\n\tthanks!",
        "Meeting recap\nAction items\n- Alex to rotate the staging admin password (currently {p}) after the audit.\n"
        "- Priya to book the pen test.",
        "17\n00:09:41,120 --> 00:09:45,600\nand the passcode for the lab door is {p} okay\n\n18\n"
        "00:09:45,600 --> 00:09:48,000\nlet's go in",
    ],
    "doc-markup": [
        "{| class=\"wikitable\"\n! Host !! Account !! Password\n|-\n| build-01 || {u} || {p}\n|}",
        ".. note::\n\n   The demo instance accepts ``{u}`` with password ``{p}``; it is reset nightly.",
        "[cols=\"1,1\"]\n|===\n|User |Password\n\n|{u}\n|pass:[{p}]\n|===",
        "\\subsection*{Lab access}\nLog in as \\texttt{{u}} with the password\n\\begin{verbatim}\n{p}\n"
        "\\end{verbatim}",
        "* Server notes\n** db-02\n   :PROPERTIES:\n   :USER: {u}\n   :PASSWORD: {p}\n   :END:",
        "^ Service ^ Login ^ Password ^\n| Backup NAS | {u} | %%{p}%% |",
    ],
    "slide-deck": [
        "<!-- Slide number: 4 -->\n# Hands-on: log in to the sandbox\nURL: https://sandbox.train.example\nUser: {u}\n"
        "Password: {p}\n\n### Notes:\nRemind people the sandbox resets at midnight.",
        "Slide 7 - Live demo\nSpeaker notes: log in live as {u} ({p}) - turn the projector off while typing.",
        "Workshop credentials\n• Wi-Fi: see your badge\n• Portal account: {u}\n• Portal password: {p}",
        "LAB 2 - DATABASE ACCESS\nConnect with psql to 10.9.0.4, database training, user {u}, password {p}",
        "---\nmarp: true\n---\n\n# Exercise 3\n\nssh `{u}@lab.example.edu` - password: `{p}`",
        "slide 12, shape 'TextBox 5': Default admin login after the reset: {u} / {p}",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "browser-storage": [
        "> localStorage.getItem(\"password\")\n< null",
        "[DOM] Input elements should have autocomplete attributes (suggested: \"current-password\"): "
        "<input type=\"password\" id=\"pass\">",
        "Redux DevTools > State > Tree\nauth: {\n  username: 'd.osei',\n  passwordVisible: false,\n"
        "  passwordStrength: 'weak'\n}",
        "Session Storage\nKey\tValue\ntheme\tdark\nlastRoute\t/settings/password",
        "const pass = await GM.getValue('intranetPass');\ndocument.querySelector('#pass').value = pass;",
        "Uncaught TypeError: Cannot read properties of undefined (reading 'password')\n    at submitLogin "
        "(login.js:88:31)",
    ],
    "spreadsheet-tsv": [
        "Site\tUsername\tPassword\tNotes\nBranch router\tnetops\t(in vault)\tKeePass entry 14",
        "Name\tDept\tLaptop\tInitial PW\nDana Osei\tFinance\tLT-0442\tsent by SMS",
        "Requirement\tValue\nPassword length\t14\nPassword history\t24\nMax age (days)\t365",
        "User\tLast password change\tExpires\nh.lindgren\t2026-09-14\t2027-09-14",
        "Asset tag\tSerial\tMAC\nLT-0442\tPF3KX2QA\t3C:52:82:1A:9F:04",
        "account\tpassword_sha256\nsvc-report\t9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08",
    ],
    "paas-secrets": [
        "$ gh secret set DB_PASSWORD < db_password.txt",
        "heroku config:get SMTP_PASSWORD -a acme-mailer",
        "$ fly secrets list\nNAME                 DIGEST            CREATED AT\nPOSTGRES_PASSWORD    7c2a91d0e4b3f158  "
        "2h ago",
        "$ vercel env add DATABASE_PASSWORD production\n? What's the value of DATABASE_PASSWORD? [hidden]",
        "netlify env:set CMS_ADMIN_PASS \"$CMS_ADMIN_PASS\" --context production",
        "CI/CD Settings > Variables\nType\tKey\tValue\tOptions\tEnvironments\nVariable\tDEPLOY_PASS\t*****\t"
        "Protected, Masked\tAll (default)",
    ],
    "build-scripts": [
        "seed-db:\n\tPGPASSWORD=\"$$(pass show db/seed)\" psql -h db.internal -U seed -f seed.sql",
        "admin_pass := env_var('ADMIN_PASS')",
        "vars:\n  REGISTRY_PASS:\n    sh: op read op://ci/registry/password",
        "\"db:reset\": \"mysql --defaults-extra-file=.my.cnf app < reset.sql\"",
        "password = ENV.fetch('MONGO_PASSWORD') { abort 'set MONGO_PASSWORD' }",
        "<input message=\"Deploy password:\" addproperty=\"deploy.password\">\n  <handler type=\"secure\"/>\n</input>",
    ],
    "lims-lab": [
        "Windows login: your own AD account (no shared logins on GxP instruments since the 2025 audit).",
        "21 CFR Part 11: passwords expire every 90 days and must not be reused for 5 cycles.",
        "[Autosampler]\nComPort=COM3\nServiceUser=field\nServicePwd=<ask the field service engineer>",
        "resp = requests.post(LIMS_URL + \"/login\", json={\"user\": user, \"pass\": getpass.getpass()})",
        "Audit trail: 2026-11-30 08:14 h.lindgren Password changed (reason: expiry)",
        "Sample ID S-2026-004417 / Lot 7731-B / Batch QX42-1187",
    ],
    "travel-booking": [
        "Booking ref: QX7K2P\nTo manage your booking, enter your booking reference and surname.",
        "Check-in from 15:00. The key safe code will be sent by SMS on the day of arrival.",
        "Your password must contain at least 8 characters, including a number.",
        "Confirmation no. 8842-1177 · Loyalty no. 4417 2290 1188",
        "We'll never ask for your card PIN or account password by phone or e-mail.",
        "e-Visa application AU-2026-0091173. Forgot your password? Use 'Retrieve application' with your passport "
        "number.",
    ],
    "bios-firmware": [
        "cctk.exe --setuppwd=<new> --valsetuppwd=<current>",
        "Set-HPBIOSSetupPassword -NewPassword (Get-Content \\\\deploy\\share\\bios-pw.txt -Raw)",
        "BIOS supervisor password: set (see the Intune BIOS profile 'Fleet-2026')",
        "password_pbkdf2 root grub.pbkdf2.sha512.10000.9C4A1F0E7B2D58A3C6E1F4B7D0A9C2E5."
        "4F7A0D3C6B9E2F5A8C1D4E7B0A3F6C9E",
        "SetBiosPassword returned Access Denied: the current password supplied does not match.",
        "Intel MEBx asks for a new password on first entry; it must mix upper case, digits and a symbol.",
    ],
    "meeting-transcript": [
        "[00:14:32] Priya Nair: I'll send you the password on Signal, not here.",
        "Speaker 2  12:07\nWhat's the password again?\n\nSpeaker 1  12:09\nIt's in the vault under staging.",
        "Meeting recap\nAction items\n- Alex to rotate the staging admin password after the audit (due 12 Dec).",
        "10:42:05 From  Lena Vogel  to  Everyone:\n\tMeeting ID: 884 1177 2290  Passcode: in the calendar invite",
        "WEBVTT\n\n00:03:12.400 --> 00:03:18.900\n<v Marco Bianchi>We should stop sharing the reviewer password in "
        "meetings.</v>",
        "Summary: the team discussed password policy (14 characters minimum, no rotation unless compromised).",
    ],
    "doc-markup": [
        "{| class=\"wikitable\"\n! Host !! Account !! Password\n|-\n| build-01 || ci || ''see the vault''\n|}",
        ".. code-block:: ini\n\n   password = ${DB_PASSWORD}",
        "|===\n|User |Password\n\n|admin\n|<your password>\n|===",
        "\\newcommand{\\pw}{\\textit{your password}}",
        "** db-02\n   :PROPERTIES:\n   :PASSWORD: [[file:~/.authinfo.gpg]]\n   :END:",
        "^ Service ^ Login ^ Password ^\n| Backup NAS | backup | ******** |",
    ],
    "slide-deck": [
        "<!-- Slide number: 4 -->\n# Hands-on: log in to the sandbox\nUse the username and password printed on your "
        "badge.",
        "Speaker notes: don't type the admin password on the projector; use the pre-logged-in tab.",
        "• Passwords: 3 failed attempts lock the account for 15 minutes",
        "Slide 9 - Why password managers?\n• Most breaches involve weak or reused passwords",
        "ssh `<your-username>@lab.example.edu` - password: `<the one from the welcome e-mail>`",
        "Tenant ID 6f1c2e4a-93b7-4d0e-a8f1-2c9b7d5e3a10 | Region westeurope",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=HERBS, leet=DINOSAURS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=TOOLS, letters=(SHIPS, HATS),
    human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
