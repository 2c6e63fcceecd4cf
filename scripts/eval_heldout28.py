#!/usr/bin/env python3
"""Held-out set 28: passwords in veterinary practice software, warehouse (WMS) handhelds, boats and marinas,
broadcast and streaming tools, farm and irrigation controllers, accounting packages, Romanian and Latvian chat,
Kubernetes operators' custom resources, home solar and EV-charger installs, and online-shop admin notes.

Written on 2026-12-05 (helper set28) on main 4306107, before any detection change it measures, by a helper that read
neither addons/detect/ nor addons/core/ nor rules/, and read sets 20-27 only for the scoring interface and for which
carriers they used (docstrings); sets 1-27 were grepped (which files hold a word; for a few carrier ideas, the
matching line) for the tools, languages and words below, and carrier ideas found there (game servers, school portals,
lab LIMS, CI job logs, Portuguese and Polish chat, Kubernetes `Secret` objects) were dropped. The script keeps counts
only, so it cannot list its misses.
Positives (each item marks its password's span), ten carriers of 30 (six templates, five values each): veterinary
practice (a locum induction card, an IDEXX VetLab Station note, a PMS connector JSON, a booking-sync INI, an
out-of-hours x-ray console message, a shared consult-room tablet login); warehouse handhelds (a Zebra RF-gun setup,
an SAP EWM `/SCWM/RFUI` logon, a WMS connection-profile XML, a `curl -u 'user:value'` stock adjustment, a
forklift-terminal note, a yard-system shift handover); boats and marinas (a Victron Cerbo GX Remote Console, an
onboard router admin, a Signal K server login, a Yacht Devices Wi-Fi gateway, a marina berth-holder portal, a
chart-plotter account); broadcast and streaming (an obs-websocket `config.json`, an Icecast `<source-password>`, a
Liquidsoap `output.icecast(password=...)`, OBS custom-server authentication, `obs-cli --password`, a vMix
web-controller rota note); farm and irrigation (a Hydrawise controller, a Lely Horizon parlour PC, a Davis
WeatherLink upload, a Rain Bird LNK2 module, a grain-dryer remote panel, an Operations Center login lent to a
contractor); accounting (a Sage 50 company-data password, a Xero note for a new bookkeeper, a QuickBooks Desktop
Admin password, a VAT bridging tool's Government Gateway login, a payroll-portal mail, a shared receipts-app login);
Romanian and Latvian chat (flat Wi-Fi, an invoices account, a changed e-mail password, a summer-house computer, an
accounting-system login, a shared folder); Kubernetes operators' custom resources in YAML (a GrafanaDatasource
`secureJsonData.password`, a KeycloakRealmImport user credential, a Flux HelmRelease `values.auth.password`, an Argo
CD Application `helm.parameters` entry, a Grafana CR `admin_password`, a Tekton TaskRun `db-password` param); solar
and EV charging (an Enphase installer password, a Fronius service login, a home-battery gateway, an OCPP basic-auth
password, a SolarEdge monitoring login, an office EV-charger admin app); online-shop admin (a Shopify storefront
password before launch, a WooCommerce staging wp-admin, a PrestaShop back office, a Seller Central login for an
assistant, a BigCommerce control panel, a shared helpdesk inbox).
Passwords in six styles of 50 (style by rotation within each carrier): human-chosen (a painter's name with a year or
digits and a symbol, or two run together with digits), leetspeak cocktail names (never the first letter) with digits
and a symbol, passphrases of three to five musical-term and breakfast words (blanks, hyphens, dots, or capitalised
and run together with a digit), generated 12-24 characters (most with symbols, a letter first), letters only (a shoe
and an architectural feature joined in four casings), and PINs of 4-8 digits; drawn from random.Random(28) in a fixed
order, so the set is the same on every run. The word lists were grepped absent from sets 1-27. Hard negatives (60,
six per carrier): the same carriers giving no password (values read from the environment, files, secret stores and
`secretKeyRef`s, prompts and template variables, masked, empty and `<redacted>` values, `<your password>`
placeholders, a bcrypt hash, a SHA-256 digest, microchip, pallet, MMSI, herd, invoice, order and serial ids, password
rules and policy, talk about passwords). Same scoring as sets 3-27 (heldout_score.covered: a value counts when
findings that are not public/test-value cover all of it; a negative is hit by any such finding; values are never
printed).

Score on the unchanged code (main 4306107; addons/ and rules/ untouched), scored once, before any change it measures
and without listing its misses, by the helper set28 that wrote it (`scripts/eval_heldout28.py`, 2026-12-05 18:01
UTC): password recall 195/300 = 0.650; hard negatives hit 2/60 (vet-practice 21/30, warehouse-wms 21/30, marine-yacht
21/30, broadcast-stream 21/30, farm-irrigation 16/30, accounting 26/30, ro-lv-chat 5/30, k8s-operator-crs 24/30,
solar-ev 22/30, shop-admin 18/30; human 41/50, leet 34/50, passphrase 33/50, generated 40/50, letters 24/50, pin
23/50; negatives hit: vet-practice 1/6, marine-yacht 1/6, 0/6 in the other eight).
A change guided by this set's misses spends it.

    .venv/bin/python scripts/eval_heldout28.py [--json]
"""

from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 28"
SEED = 28

PAINTERS = ("vermeer", "rembrandt", "matisse", "cezanne", "gauguin", "kandinsky", "caravaggio", "botticelli")
COCKTAILS = ("negroni", "mojito", "daiquiri", "margarita", "sangria", "bellini", "sidecar", "martini")
LEET = {"a": "4", "e": "3", "i": "1!", "o": "0", "s": "5", "t": "7", "g": "9", "l": "1", "b": "8"}
PHRASE_WORDS = ("allegro", "staccato", "crescendo", "fermata", "legato", "adagio", "pizzicato", "porridge", "muesli",
                "omelette", "kipper", "granola")
SHOES = ("loafer", "sandal", "brogue", "moccasin", "espadrille")
ARCHITECTURE = ("gargoyle", "buttress", "cornice", "gable", "pediment")
# No quote, backslash, comma, colon, semicolon, brace, bracket, parenthesis, angle bracket, pipe, percent, hash,
# caret, ampersand, dollar, at sign, slash or question mark: every carrier holds the value as typed (JSON, XML
# elements, Liquidsoap strings, INI lines, single-quoted YAML and shell words, and the user-info of a `curl -u`
# pair, which ends at the first colon). Blanks come only in passphrases, which no URL- or colon-delimited template
# takes (the fourth template of each carrier never draws a passphrase). The one Wi-Fi key (WPA2: 8-63 characters)
# is a first template, which never draws a PIN; no value is shorter than 9 characters but a PIN.
HUMAN_SYMBOLS = "!*.+=~"
GEN_SYMBOLS = "!*+-=_~."
USERS = ("m.lindgaard", "svc-wms", "t.achebe", "parlour1", "bookkeeper.hj", "a.ozols", "deckhand2", "r.teodorescu")

# {p} is the password (once per template), {u} a user name; filled by replacement, so braces need no doubling.
CARRIERS: dict[str, list[str]] = {
    "vet-practice": [
        "Locum induction (Ashby Vets): Cornerstone workstation login {u}, password {p}. The controlled drugs "
        "register is the red folder in the dispensary.",
        "IDEXX VetLab Station in the lab: if it logs out, the practice admin password is {p} - results still sync "
        "to the PMS.",
        "vetconnect.json:\n{\"practice_id\": \"AV-0081\", \"username\": \"{u}\", \"password\": \"{p}\", "
        "\"base_url\": \"https://api.vetpms.example/v2\"}",
        "[pms]\nhost=10.4.0.12\nuser={u}\npassword={p}\nsite=ASHBY\n[booking]\nprovider=vetstoria",
        "Hi Dr Achebe, the x-ray DR console login for out-of-hours is {u} / {p}, the plates are charging in "
        "cupboard B.",
        "ezyVet on the consult-room tablets: shared login {u} with {p} until everyone has their own account.",
    ],
    "warehouse-wms": [
        "RF gun setup (Zebra MC3300): Enterprise Browser opens the WMS at http://wms01:8080/rf - sign in with {u} "
        "and {p} for tonight's cycle count.",
        "SAP EWM RF: transaction /SCWM/RFUI, user {u}, password {p}, resource FL-07, presentation device ZB01",
        "<ConnectionProfile name=\"DC2-Manhattan\">\n  <Host>wms-dc2.example</Host>\n  <User>{u}</User>\n"
        "  <Password>{p}</Password>\n</ConnectionProfile>",
        "curl -u '{u}:{p}' -X POST https://wms.example/api/v1/inventory/adjust -d '{\"sku\": \"PAL-88120\", "
        "\"qty\": -4}'",
        "Forklift terminal (Honeywell Thor VM1) in aisle 14 lost its profile - WMS login is {u}, password {p}. "
        "Please re-enter it after the reboot.",
        "Shift handover, DC3 inbound: yard management system shared login {u} / {p}, dock 6 door sensor still "
        "faulty.",
    ],
    "marine-yacht": [
        "Victron Cerbo GX on the boat: Remote Console password {p}, VRM portal ID c0619ab3f2e1, shore power "
        "limit 16 A.",
        "Starlink on Saoirse: the dish is in bypass, the onboard router (Pepwave) admin password is {p}, SSID "
        "SAOIRSE-NAV.",
        "Signal K server on the Raspberry Pi below the chart table: admin {u}, password {p}; the NMEA 2000 gateway "
        "feeds it on port 10110.",
        "Yacht Devices YDWG-02 Wi-Fi gateway: web admin password {p} (the factory one was changed at the refit)",
        "Marina welcome pack, pontoon C: berth-holder portal login {u}, password {p}; the shower code is at the "
        "office.",
        "Raymarine Axiom MFD: the LightHouse account the plotter signs in with for chart updates is {u}, password {p}",
    ],
    "broadcast-stream": [
        "{\n  \"server_enabled\": true,\n  \"server_port\": 4455,\n  \"auth_required\": true,\n"
        "  \"server_password\": \"{p}\"\n}",
        "<authentication>\n    <source-password>{p}</source-password>\n    <admin-user>{u}</admin-user>\n"
        "</authentication>",
        "output.icecast(%mp3(bitrate=128), host=\"radio.example\", port=8000, password=\"{p}\", mount=\"/live\", "
        "radio)",
        "OBS > Settings > Stream: Service Custom, Server rtmp://ingest.example/live, Use authentication ticked, "
        "Username {u}, Password {p}",
        "$ obs-cli --host 10.0.0.20 --password '{p}' scene switch Intermission",
        "Livestream rota: the vMix PC's web controller login is {u} / {p}, start the stream at 10:25.",
    ],
    "farm-irrigation": [
        "Hydrawise controller in the top field: the account is {u}, password {p}; zone 4 valve sticks.",
        "Lely Horizon on the parlour PC: farm manager login {u}, password {p}. Robot 2 needs the teat cups checked.",
        "Davis WeatherLink: the station uploads as {u} with {p}, the spray forecast reads from it.",
        "Rain Bird LNK2 Wi-Fi module: controller password {p}, the app is on the yard phone",
        "Hi, it's Gareth - the grain dryer panel (remote access) login is {u} pw {p}, can you check the moisture "
        "setpoint?",
        "John Deere Operations Center: the contractor uses our login {u} / {p} for the drilling maps this week",
    ],
    "accounting": [
        "Sage 50 Accounts: the company data password for the 2026 year-end file is {p}; manager login is {u}.",
        "Xero note for the new bookkeeper: log in as {u}, password {p}, then switch to the Hartley Joinery org.",
        "QuickBooks Desktop: Admin password {p} (single-user mode is needed to run the payroll update)",
        "VAT bridging software: HMRC Government Gateway user ID 384172905512, password {p}",
        "Hi Sandra, the payroll portal login for month-end is {u} and the password is {p}. Please submit by the "
        "25th.",
        "Dext (receipts) shared login for the office: {u} / {p}, publish to Xero every Friday.",
    ],
    "ro-lv-chat": [
        "Salut! Parola de la Wi-Fi din apartament e {p}, routerul e pe hol.",
        "Poți să intri tu pe contul de facturi? Utilizator {u}, parola {p}. Mersi!",
        "Am schimbat parola la email în {p} - zi-mi dacă nu merge.",
        "Sveiki! Vasarnīcas datora parole ir {p}, lietotājs {u}, dators ir augšstāvā.",
        "Grāmatvedības sistēmā lieto lietotājvārdu {u} un paroli {p}.",
        "Jaunā parole kopīgajai mapei: {p} (lietotājs {u})",
    ],
    "k8s-operator-crs": [
        "apiVersion: grafana.integreatly.org/v1beta1\nkind: GrafanaDatasource\nmetadata:\n  name: orders-pg\n"
        "spec:\n  datasource:\n    type: postgres\n    url: orders-db:5432\n    user: {u}\n    secureJsonData:\n"
        "      password: '{p}'",
        "apiVersion: k8s.keycloak.org/v2alpha1\nkind: KeycloakRealmImport\nmetadata:\n  name: shop-realm\nspec:\n"
        "  realm:\n    realm: shop\n    users:\n      - username: {u}\n        enabled: true\n        credentials:\n"
        "          - type: password\n            value: '{p}'",
        "apiVersion: helm.toolkit.fluxcd.io/v2\nkind: HelmRelease\nmetadata:\n  name: redis\nspec:\n  chart:\n"
        "    spec:\n      chart: redis\n  values:\n    auth:\n      enabled: true\n      password: '{p}'",
        "apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: billing\nspec:\n  source:\n"
        "    chart: postgresql\n    helm:\n      parameters:\n        - name: auth.password\n          value: '{p}'",
        "apiVersion: grafana.integreatly.org/v1beta1\nkind: Grafana\nmetadata:\n  name: grafana\nspec:\n  config:\n"
        "    security:\n      admin_user: {u}\n      admin_password: '{p}'",
        "apiVersion: tekton.dev/v1\nkind: TaskRun\nmetadata:\n  generateName: db-migrate-\nspec:\n  taskRef:\n"
        "    name: db-migrate\n  params:\n    - name: db-password\n      value: '{p}'",
    ],
    "solar-ev": [
        "Enphase Envoy: the installer password for commissioning is {p} (Installer Toolkit, site Thornbury Road)",
        "Fronius Symo web UI: service login {u}, password {p} - battery settings are under Energy Management.",
        "Home battery gateway on the garage wall: customer login {u}, password {p}; the app shows 9.6 kWh.",
        "OCPP on the Wallbox: central system wss://ocpp.example/cp/WB-2291, basic auth password {p}",
        "Hi, the installer left the SolarEdge monitoring login: {u} / {p}. Can you check why production dipped?",
        "EV chargers in the office car park: the admin app password for load balancing is {p}",
    ],
    "shop-admin": [
        "The Shopify store is password-protected until launch - storefront password {p}, share it with the "
        "photographer only.",
        "WooCommerce staging: wp-admin user {u}, password {p}; the live shop is still on the old theme.",
        "PrestaShop back office at /admin482kq: employee {u}, password {p}, catalogue and orders only.",
        "Amazon Seller Central login for the VA: {u} / {p}, two-step codes go to the shared phone.",
        "Hi Leo - the BigCommerce control panel login is {u} and {p}; please update the Christmas banner.",
        "Gorgias helpdesk for the shop inbox: shared login {u} / {p} for the weekend cover.",
    ],
}

# Six per carrier: the same kinds of text giving no password.
NEGATIVES: dict[str, list[str]] = {
    "vet-practice": [
        "Microchip 985112004467321 | patient Biscuit (canine) | rabies booster due 2027-03-14",
        "vetconnect.json:\n{\"practice_id\": \"AV-0081\", \"username\": \"svc-vetconnect\", \"password\": \"\"}",
        "Locum induction: your Cornerstone login and password come from the practice manager on your first day.",
        "[pms]\nhost=10.4.0.12\nuser=vetsync\npassword=${VETSYNC_PASSWORD}",
        "IDEXX VetLab Station: the admin password is in the practice's password manager under 'Lab'.",
        "PMS passwords must be 12 characters and are changed when a locum leaves.",
    ],
    "warehouse-wms": [
        "Pallet SSCC 003456789012345678 | ASN 4400218813 | dock 6 | 24 cartons",
        "<ConnectionProfile name=\"DC2-Manhattan\">\n  <User>rfuser</User>\n  <Password>********</Password>\n"
        "</ConnectionProfile>",
        "curl -u \"$WMS_USER:$WMS_PASS\" https://wms.example/api/v1/inventory",
        "RF guns: each picker signs in with their own badge; never share WMS logins between shifts.",
        "SAP EWM RF: user <your user>, password <your password>, resource FL-07",
        "WMS passwords expire after 90 days; the RF screen asks for the new one at sign-in.",
    ],
    "marine-yacht": [
        "MMSI 235114892 | call sign 2FRT7 | Saoirse, 11.6 m sloop",
        "Victron Cerbo GX: Remote Console is set to 'no password' on the boat's own network only.",
        "Signal K: create the admin user on first start; the password is stored as a bcrypt hash in security.json.",
        "Marina Wi-Fi: ask at the office for the week's code; it changes every Monday.",
        "security.json: {\"users\": [{\"username\": \"admin\", \"type\": \"admin\", \"password\": "
        "\"$2a$10$Q7LpL1nR4p0H2d6y9e8bXeYqf3dJc8xw2Vb1sN0mK5tU7hG4aZ6Wi\"}]}",
        "YDWG-02 gateway: web admin password <set at first login>",
    ],
    "broadcast-stream": [
        "{\n  \"server_enabled\": true,\n  \"server_port\": 4455,\n  \"auth_required\": false,\n"
        "  \"server_password\": \"\"\n}",
        "<authentication>\n    <source-password>${ICECAST_SOURCE_PASSWORD}</source-password>\n</authentication>",
        "output.icecast(%mp3, host=\"radio.example\", port=8000, password=environment.get(\"ICECAST_PASS\"), "
        "mount=\"/live\", radio)",
        "OBS > Tools > WebSocket Server Settings > Show Connect Info shows the password; don't paste it in chat.",
        "Stream key rotated at 09:14; the old one is revoked. Ingest rtmp://ingest.example/live",
        "vMix web controller: password protection is off on the production network.",
    ],
    "farm-irrigation": [
        "Herd no. UK 241180 | cow 0447 | yield 31.2 l | last milking 05:42",
        "Hydrawise: every family member has their own login; the app never shows the password.",
        "Rain Bird LNK2: the controller password is printed on the card in the pump house.",
        "Lely Horizon: ask the farm office for a login, we don't share the manager account.",
        "Davis WeatherLink: the station uploads with an API key from the account settings, not a password.",
        "Grain dryer remote access: <username> / <password> from the installer's handover sheet",
    ],
    "accounting": [
        "Invoice INV-2026-0418 | net 1,240.00 | VAT 248.00 | due 2026-12-31",
        "Sage 50: the company data password is kept in the office safe, not in email.",
        "Xero: each bookkeeper gets their own invite; please don't share logins.",
        "HMRC Government Gateway: user ID <12 digits>, password <your password>",
        "QuickBooks Desktop: Admin password: (blank - set one before payroll goes live)",
        "Payroll portal passwords need 10 characters, a number and a symbol.",
    ],
    "ro-lv-chat": [
        "Am uitat parola de la contul de facturi - cine o poate reseta?",
        "Parola trebuie să aibă cel puțin 12 caractere și nu are voie să conțină numele tău.",
        "Parola de la Wi-Fi e pe eticheta de sub router, nu o mai știu.",
        "Nekad nesūti paroli e-pastā.",
        "Wi-Fi tīkla nosaukums ir Vasarnica-5G, parole ir uz rūtera aizmugures.",
        "Rēķins Nr. 2026-11873 | klients 48817 | summa 770,14 EUR",
    ],
    "k8s-operator-crs": [
        "    secureJsonData:\n      password: ${PG_PASSWORD}",
        "        credentials:\n          - type: password\n            valueFrom:\n              secretKeyRef:\n"
        "                name: shop-admin\n                key: password",
        "  values:\n    auth:\n      existingSecret: redis-auth\n      existingSecretPasswordKey: redis-password",
        "      parameters:\n        - name: auth.password\n          value: ''",
        "    security:\n      admin_user: admin\n      admin_password: <redacted>",
        "  params:\n    - name: db-password\n      value: $(params.db-password)",
    ],
    "solar-ev": [
        "Inverter serial 7.420.183 | firmware 3.28.1 | array 6.4 kWp",
        "Enphase installer password: generate it in the Installer Toolkit; it is tied to the gateway serial.",
        "OCPP basic auth password: <from the CPO portal>",
        "SolarEdge monitoring: the homeowner sets their own password from the invitation email.",
        "Fronius Symo: the service password is set during commissioning and kept by the installer.",
        "Charger firmware sha256 4f1c2a9e7b6d30e58a1f9c4b2d7e6a0351c8b9f2e4d7a6c0b3f1e9d8c2a5b746",
    ],
    "shop-admin": [
        "Order #10482 | 2 items | paid | ship by 2026-12-08",
        "Shopify: storefront password removed, the store is live.",
        "WooCommerce staging: define('DB_PASSWORD', getenv('WP_DB_PASSWORD'));",
        "Seller Central: <your email> / <your password>",
        "PrestaShop employees must use passwords of at least 10 characters.",
        "BigCommerce: ask the store owner to invite you as a user; never share the owner login.",
    ],
}

MARK = heldout_score.MARK
WORDS = heldout_score.Words(
    human=PAINTERS, leet=COCKTAILS, leet_swaps=LEET, leet_ends="!*+=~.", passphrase=PHRASE_WORDS,
    letters=(SHOES, ARCHITECTURE), human_symbols=HUMAN_SYMBOLS, generated_symbols=GEN_SYMBOLS, users=USERS)
SET = heldout_score.CountsSet(NAME, SEED, WORDS, CARRIERS, NEGATIVES, __doc__ or "")
items, main = SET.items, SET.main  # items(seed) and the command line (counts only)


if __name__ == "__main__":
    sys.exit(main())
