#!/usr/bin/env python3
"""Held-out set 9: the carriers set 8 left weakest, written anew with other tools, layouts and phrasings.

Written on 2026-12-03, after set 8 had been spent as the development set for issue 15 part 1, and committed with its
score before any change to the rules or the context model; scored once before that change and once after it,
nothing tuned on it. Positives: Wi-Fi configuration (nmcli connection commands and wifi-sec.psk, NetworkManager
keyfiles, wpa_supplicant blocks with more keys, hostapd files, `wpa_passphrase` the command, QR payloads with the
fields in another order); expect, pexpect and Ruby PTY scripts (the password sent after a prompt, in Tcl blocks,
autoexpect output, expect_exact); unified-diff hunks adding a password to an INI inventory, a JSON file, a compose
file, a shell command, a call and a Markdown page; 密码 / 口令 after a space, after a Latin word or at the start of
a line; CSV / TSV with the header many rows above, a column named `secret`, and password-manager exports; chat in
English, German, Spanish and French with phrasings sets 3-8 did not use. Passwords: symbols, letters and digits,
letters only, passphrases and dotted passphrases, from a word list unlike the rules' examples and sets 3-8.
Hard negatives in the same carriers: placeholders, masked values, environment references, hashes, policy and
state talk. Same scoring as sets 3-8 (heldout_score.py: a value counts when findings cover all of it; values are
never printed).

Score on the unchanged code (base c8ba920): password recall 57/210 = 0.271; hard negatives hit 3/48
(wifi-config 9/30, expect-script 0/30, diff-hunk 19/30, zh-inline 0/30, csv-tsv 10/30, chat-en-de 9/30,
chat-es-fr 10/30; symbols 18/42, digits 17/42, letters 10/42, passphrase 11/42, dotted 1/42; negatives hit:
diff-hunk 1/7, csv-tsv 2/7).
Scored once after the change it measures (3deee11: generic-password-wifi, generic-password-expect, 密码 / 口令
anywhere, CSV secret / passphrase columns, als / comme / como + the word, dotted passphrases under a password key):
password recall 139/210 = 0.662; hard negatives hit 3/48 (wifi-config 24/30, expect-script 26/30, diff-hunk 20/30,
zh-inline 25/30, csv-tsv 20/30, chat-en-de 9/30, chat-es-fr 15/30; symbols 37/42, digits 38/42, letters 29/42,
passphrase 27/42, dotted 8/42; negatives hit: diff-hunk 1/7, csv-tsv 2/7). The set is now spent.

    .venv/bin/python scripts/eval_heldout9.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 9"

WORDS = ("anchovy", "bassoon", "chutney", "dirigible", "epaulet", "flagon", "gazebo", "hammock", "igloo", "jerkin",
         "kiln", "lanyard", "mandolin", "nougat", "oriel", "parapet", "quoit", "rampart", "sextant", "turnip")
SYLLABLES = ("vu", "dal", "o", "rin", "pe", "kos", "ma", "thu", "li", "gar", "ne", "bos", "ya", "fen", "u",
             "cre", "tol", "si", "wam", "jo")
SYMBOLS = "!#$%&*+=?~^@"
STYLES = ("symbols", "digits", "letters", "passphrase", "dotted")
USERS = ("pmarsh", "svc-scan", "l.ortega", "nas_admin", "wfeng", "deploy3")

_BLANK_ROWS = "".join(f"10.20.0.{n},svc{n:02d},,22\n" for n in range(14))
_NOLOGIN_ROWS = "".join(f"sys{n:02d}\t*\t/usr/sbin/nologin\n" for n in range(12))

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "wifi-config": ["nmcli connection modify Depot-AP wifi-sec.key-mgmt wpa-psk wifi-sec.psk \"{p}\"",
                    "nmcli device wifi connect \"Warehouse 2.4\" password '{p}' ifname wlan1",
                    "[wifi]\nmode=infrastructure\nssid=Atrium\n\n[wifi-security]\nkey-mgmt=wpa-psk\npsk={p}",
                    "ctrl_interface=/run/wpa_supplicant\nnetwork={{\n\tssid=\"Depot\"\n\tkey_mgmt=WPA-PSK\n"
                    "\tpsk=\"{p}\"\n\tpriority=5\n}}",
                    "# /etc/hostapd/hostapd.conf\ninterface=wlp2s0\ndriver=nl80211\nssid=Kiosk\nwpa=2\n"
                    "wpa_key_mgmt=WPA-PSK\nwpa_passphrase={p}\nrsn_pairwise=CCMP",
                    "qrencode -o guest.png \"WIFI:T:WPA;S:Cafe Guest;P:{p};H:false;;\""],
    "expect-script": ["#!/usr/bin/expect -f\nspawn scp backup.tgz {u}@nas01:/vol1\nexpect \"*password*\"\n"
                      "send -- \"{p}\\r\"\nexpect eof",
                      "expect -c 'spawn ssh {u}@fw01; expect \"assword:\"; send \"{p}\\r\"; interact'",
                      "p = pexpect.spawn(\"ssh {u}@jump01\")\ni = p.expect([\"[Pp]assword\", pexpect.EOF])\n"
                      "if i == 0:\n    p.sendline(\"{p}\")",
                      "expect {{\n  \"yes/no\" {{ send \"yes\\r\"; exp_continue }}\n"
                      "  \"password:\" {{ send \"{p}\\r\" }}\n}}",
                      "expect -exact \"{u}@db02's password: \"\nsend -- \"{p}\\r\"",
                      "PTY.spawn(\"su - {u}\") do |r, w, pid|\n  r.expect(/Password:/) {{ w.puts \"{p}\" }}\nend"],
    "diff-hunk": ["diff --git a/inventory/hosts.ini b/inventory/hosts.ini\n--- a/inventory/hosts.ini\n"
                  "+++ b/inventory/hosts.ini\n@@ -2 +2 @@\n-web01 ansible_user={u}\n"
                  "+web01 ansible_user={u} ansible_ssh_pass={p}",
                  "@@ -7,4 +7,5 @@\n   \"mail\": {{\n     \"host\": \"smtp.corp.test\",\n"
                  "+    \"secret\": \"{p}\",\n     \"port\": 587",
                  "@@ -12,3 +12,3 @@ services:\n     environment:\n-      - POSTGRES_PASSWORD=changeme\n"
                  "+      - POSTGRES_PASSWORD={p}",
                  "--- a/deploy.sh\n+++ b/deploy.sh\n@@ -8 +8 @@\n-sshpass -e ssh {u}@app02\n"
                  "+sshpass -p '{p}' ssh {u}@app02",
                  "@@ -30,2 +30,2 @@ def client():\n-    auth = (\"{u}\", os.environ[\"API_PW\"])\n"
                  "+    auth = (\"{u}\", \"{p}\")",
                  "--- a/docs/visitors.md\n+++ b/docs/visitors.md\n@@ -1,3 +1,4 @@\n # Visitors\n"
                  "+Wi-Fi for visitors: network Atrium, passphrase {p}\n Sign in at the desk."],
    "zh-inline": ["VPN 密码 {p}", "wifi 口令 {p}", "密码 {p}", "root密码:{p}",
                  "账号：{u}\n密码：{p}", "Jenkins admin 口令是 {p}"],
    "csv-tsv": ["service,login,secret\nsmtp,{u},{p}",
                "host,user,password,port\n" + _BLANK_ROWS + "10.20.0.99,{u},{p},22",
                "key\tsecret\towner\nbuild-bot\t{p}\tci",
                "\"Name\",\"Secret\",\"Updated\"\n\"{u}\",\"{p}\",\"2026-12-01\"",
                "folder,favorite,type,name,notes,fields,reprompt,login_uri,login_username,login_password,login_totp\n"
                ",,login,Router,,,0,http://192.168.1.1,{u},{p},",
                "user\tpass\tshell\n" + _NOLOGIN_ROWS + "{u}\t{p}\t/bin/bash"],
    "chat-en-de": ["fwiw the login password should be {p}", "I can't get in with {p}, is that still the password?",
                   "Heads up: passcode for the door panel changed to {p}", "Hier das Passwort: {p}",
                   "Als Passwort habe ich {p} gesetzt", "Kennwort vom Router wäre {p}"],
    "chat-es-fr": ["Te dejo la contraseña: {p}", "Puse {p} como contraseña del router", "la clave quedó en {p}",
                   "J'ai mis {p} comme mot de passe", "Le mdp c'est {p} pour l'instant",
                   "Mot de passe provisoire : {p}"],
}

NEGATIVES = {
    "wifi-config": ["nmcli connection modify Depot-AP wifi-sec.psk \"$WIFI_PSK\"",
                    "nmcli device wifi connect Atrium --ask",
                    "[wifi-security]\nkey-mgmt=wpa-psk\npsk-flags=1",
                    "network={\n\tssid=\"Depot\"\n\tpsk=ext:depot_psk\n}",
                    "wpa_passphrase=CHANGE_ME",
                    "WIFI:T:WPA;S:Cafe Guest;P:********;;",
                    "wpa_passphrase \"$SSID\" \"$PSK\" > /etc/wpa_supplicant.conf"],
    "expect-script": ["expect \"*password*\"\nsend -- \"$env(NAS_PW)\\r\"",
                      "p.expect(\"[Pp]assword\")\np.sendline(getpass.getpass())",
                      "expect {\n  \"password:\" { send \"$password\\r\" }\n}",
                      "r.expect(/Password:/) { w.puts ENV.fetch(\"SU_PW\") }",
                      "expect -exact \"Password: \"\nsend -- \"********\\r\"",
                      "child.sendline(os.environ[\"JUMP_PASS\"])"],
    "diff-hunk": ["-web01 ansible_user=deploy\n+web01 ansible_user=deploy ansible_ssh_pass=\"{{ vault_ssh_pass }}\"",
                  "+    \"secret\": \"${MAIL_SECRET}\",",
                  "-      - POSTGRES_PASSWORD=changeme\n+      - POSTGRES_PASSWORD_FILE=/run/secrets/pg",
                  "+sshpass -f /etc/deploy/pw ssh deploy@app02",
                  "+    auth = (\"deploy\", os.environ[\"API_PW\"])",
                  "+Wi-Fi for visitors: ask at the desk for the passphrase",
                  "-Passwords must be 10 characters.\n+Passwords must be 14 characters."],
    "zh-inline": ["VPN 密码 已过期", "wifi 口令 请问前台", "密码 ********", "root密码:<请填写>",
                  "账号：admin\n密码：见 KeePass", "Jenkins admin 口令已重置", "密码 长度至少 12 位"],
    "csv-tsv": ["service,login,secret\nsmtp,mailer,<redacted>",
                "host,user,password,port\n" + _BLANK_ROWS,
                "key\tsecret\towner\nbuild-bot\tvault:ci/build#token\tci",
                "\"Name\",\"Secret_set\",\"Updated\"\n\"mailer\",\"true\",\"2026-12-01\"",
                "name,login_username,login_password\nRouter,admin,",
                "user\tpass_hash\n" + "ops\t$2b$12$R9h/cIPz0gi.URNNX3kh2OPST9/PgBkqquzi.Ss7KIUgO2t0jWMUW",
                "id,secret_rotated_at\n4,2026-11-30T10:00:00Z"],
    "chat-en-de": ["fwiw the login password should be rotated monthly",
                   "I can't get in, is the password still the old one?",
                   "Heads up: passcode for the door panel is on the ticket", "Hier das Passwort: siehe Tresor",
                   "Als Passwort habe ich das aus KeePass gesetzt", "Kennwort vom Router wäre zu kurz",
                   "Passwort muss 12 Zeichen lang sein"],
    "chat-es-fr": ["Te dejo la contraseña en el gestor", "la clave quedó guardada en Bitwarden",
                   "Puse la contraseña de siempre", "J'ai mis le mot de passe dans le coffre",
                   "Le mdp c'est celui du wifi", "Mot de passe provisoire : envoyé par SMS",
                   "le mot de passe expire dans 3 jours"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((first.capitalize() + str(rng.randint(1, 99)) + rng.choice(SYMBOLS) + second,
                           rng.choice(SYMBOLS) + first + second.capitalize() + str(rng.randint(1, 9)),
                           first.upper() + rng.choice(SYMBOLS) + second + rng.choice(SYMBOLS)))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(10, 99999))
        return rng.choice((word.capitalize() + digits, digits + word, word[:2] + digits + word[2:].capitalize()))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first + second.capitalize()
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5))).capitalize()
        return first + second
    words = rng.sample(WORDS, rng.choice((3, 4)))
    if style == "dotted":
        return ".".join(rng.choice((w, w.capitalize())) for w in words) + (
            rng.choice(SYMBOLS[:4]) if rng.random() < 0.3 else "")
    separator = rng.choice(("-", "_", "~", ""))
    if separator == "":
        return "".join(w.capitalize() for w in words)
    return separator.join(words) + (str(rng.randint(1, 99)) if rng.random() < 0.4 else "")


def items(seed: int = 9) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
