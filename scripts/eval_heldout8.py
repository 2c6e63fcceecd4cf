#!/usr/bin/env python3
"""Held-out set 8: the carriers held-out set 7 found weakest, written anew, plus three carriers no earlier set used.

Written on 2026-12-03, after set 7 had been spent as the development set for issue 15 part 1, and committed with its
score before any change to the rules or the carriers; scored once before that change and once after it, nothing
tuned on it. Positives: CSV / TSV rows under a header naming the password column (the header sometimes a dozen
rows above); chat in Spanish and French (clave, contraseña, mdp, mot de passe) and in German and Chinese
(Zugangsdaten, Passwort, PW, 密码, 口令); user / password pairs in FTP and POP3 transcripts (USER / PASS), in
shorthand (`u: x p: y`, `u/p: x / y`) and in RADIUS logs (`[user/pass]`); English prose where a password word
precedes the value. New carriers: Wi-Fi configuration (QR payloads, nmcli, wpa_supplicant, hostapd), expect and
pexpect scripts (the password sent after a prompt), and unified-diff hunks adding a password. Passwords: symbols,
letters and digits, letters only, passphrases (joined by - _ + or in CamelCase) and dotted passphrases
(`word.word.word`), from a word list unlike the rules' examples and earlier sets' words. Hard negatives in the same
carriers: policy and state talk, placeholders, masked values, secret references, dotted code references, hashes and
CSV columns of non-secrets (`password_changed_at`, `password_reset_sent`). Same scoring as sets 3-7
(heldout_score.py: a value counts when findings cover all of it; values are never printed).

Score on the unchanged code (base 4106feb): password recall 70/205 = 0.341; hard negatives hit 0/50
(csv-tsv 0/30, chat-es-fr 13/30, chat-de-zh 7/30, user-pass 9/30, prose-en 17/25, wifi-config 6/20,
expect-script 4/20, diff-hunk 14/20; dotted passphrases 0/41, letters only 9/41).
Scored once after the change it measures (0e9b2f3: CSV columns, user / password pairs, dotted passphrases, mdp /
clave / Zugangsdaten / 密码 / 口令): password recall 144/205 = 0.702; hard negatives hit 0/50 (csv-tsv 24/30,
chat-es-fr 28/30, chat-de-zh 13/30, user-pass 29/30, prose-en 22/25, wifi-config 7/20, expect-script 5/20,
diff-hunk 16/20; symbols 27/41, digits 32/41, letters 24/41, passphrase 32/41, dotted 29/41). The set is now spent.

    .venv/bin/python scripts/eval_heldout8.py [--show-misses]
"""

from __future__ import annotations

import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import heldout_score  # noqa: E402 (beside this script)

NAME = "held-out 8"

WORDS = ("cormorant", "bellows", "nutmeg", "halyard", "quince", "gusset", "damson", "sorghum", "pelican", "tuffet",
         "abacus", "capstan", "larkspur", "nacelle", "pewter", "rookery", "scallop", "teasel", "plinth", "gimlet")
SYLLABLES = ("ta", "mir", "ob", "sen", "ku", "lav", "e", "dro", "pa", "zin", "hu", "ret", "ca", "mol", "ix", "fe",
             "sor", "gau", "ni", "bel")
SYMBOLS = "!#$%&*+=?_-@"
STYLES = ("symbols", "digits", "letters", "passphrase", "dotted")
USERS = ("jdoyle", "svc-print", "m.haddad", "backup_op", "tchen", "ops7")

_MASKED_ROWS = "".join(f"user{n:02d},********,2026-{n % 12 + 1:02d}-0{n % 9 + 1}\n" for n in range(12))

# {p} is the password, {u} a user name. Multi-line items are one text.
CARRIERS = {
    "csv-tsv": ["name,passwd,last_login\n{u},{p},2026-11-30",
                "site\tlogin\tKennwort\tnotes\nberlin\t{u}\t{p}\tprinter",
                "usuario;contraseña;grupo\n{u};{p};ventas",
                "account,password,created\n" + _MASKED_ROWS + "{u},{p},2026-11-02",
                "\"Email\",\"Password\",\"Password changed at\"\n\"{u}@corp.test\",\"{p}\",\"2026-10-01\"",
                "SSID\tSecurity\tPassphrase\nGuest-5G\tWPA2\t{p}"],
    "chat-es-fr": ["la clave del portal es {p}", "contraseña nueva: {p}", "te mando la contraseña por aquí: {p}",
                   "mdp : {p}", "le mot de passe du NAS c'est {p}", "voici le mdp pour le compte {u} : {p}"],
    "chat-de-zh": ["Passwort fürs WLAN: {p}", "Zugangsdaten für das Portal: {u} / {p}", "PW ist {p}",
                   "服务器密码是 {p}", "口令：{p}", "用户名 {u}，密码 {p}"],
    "user-pass": ["220 ftp01 ready\r\nUSER {u}\r\n331 Password required\r\nPASS {p}\r\n230 Logged in",
                  "+OK POP3 server ready\nUSER {u}\n+OK\nPASS {p}\n+OK maildrop has 3 messages",
                  "u: {u} p: {p}", "u/p: {u} / {p}",
                  "Dec  2 11:40:03 radius01 radiusd[2211]: (41) Login OK: [{u}/{p}] (from client ap01 port 3)",
                  "test acct for QA -> USER {u} PASS {p}"],
    "prose-en": ["new password: {p}", "the shared password is {p} until friday", "passphrase for the key is {p}",
                 "Password set to {p}.", "ok, pw {p} works now"],
    "wifi-config": ["WIFI:S:Office-5G;T:WPA;P:{p};;", "nmcli dev wifi connect Office-5G password {p}",
                    "network={{\n    ssid=\"Office\"\n    psk=\"{p}\"\n}}",
                    "interface=wlan0\nssid=lab\nwpa_passphrase={p}"],
    "expect-script": ["spawn ssh {u}@10.3.0.4\nexpect \"password:\"\nsend \"{p}\\r\"\ninteract",
                      "child = pexpect.spawn('sftp {u}@files01')\nchild.expect('Password:')\nchild.sendline('{p}')",
                      "expect \"*assword*\" {{ send \"{p}\\r\" }}",
                      "- ansible.builtin.expect:\n    command: passwd {u}\n    responses:\n"
                      "      (?i)password: \"{p}\""],
    "diff-hunk": ["--- a/docs/setup.md\n+++ b/docs/setup.md\n@@ -3,2 +3,3 @@\n Log in to the console.\n"
                  "+The admin password is {p}\n",
                  "diff --git a/.env b/.env\n@@ -1,2 +1,2 @@\n APP_ENV=staging\n-SMTP_PASSWORD=\n+SMTP_PASSWORD={p}",
                  "@@ -10,3 +10,3 @@ def connect():\n-    return login(USER, os.environ['PW'])\n"
                  "+    return login(USER, \"{p}\")",
                  "--- a/README.md\n+++ b/README.md\n@@ -20 +20 @@\n-default login: admin / admin\n"
                  "+default login: {u} / {p}"],
}

NEGATIVES = {
    "csv-tsv": ["username,password_changed_at,role\njdoyle,2026-11-02,admin",
                "user,password\nadmin,********\nops,********",
                "name\tpassword_sha256\nops\t5e884898da28047151d0e56f8dc6292773603d0d6aabbdd62a11ef721d1542d8",
                "email,password_reset_sent\na.b@corp.test,true",
                "id,pwd_expires,locked\n7,2027-01-01,false",
                "login;mot_de_passe\nops;<à définir>",
                "account,password,owner\nsvc-print,vault:kv/print#password,ops",
                "host\tuser\tpassword\nsrv01\tdeploy\t(see vault)"],
    "chat-es-fr": ["la contraseña es incorrecta", "te mando la clave por Signal", "mdp expiré, je le change demain",
                   "le mot de passe doit contenir 12 caractères", "¿cuál es la contraseña del wifi?",
                   "j'ai oublié mon mot de passe",
                   "la clave está en el sobre que te di"],
    "chat-de-zh": ["Passwort vergessen?", "Zugangsdaten bitte telefonisch anfragen", "PW steht im Tresor",
                   "密码已重置", "请修改初始密码", "口令长度不少于12位", "Passwort: siehe KeePass"],
    "user-pass": ["USER anonymous\r\n331 Password required\r\nPASS ****\r\n230 Logged in",
                  "u: admin p: (ask kim)", "u/p: see vault",
                  "radiusd[2211]: (41) Login incorrect: [admin/<no User-Password attribute>] (from client ap01)",
                  "AUTH LOGIN\r\n334 VXNlcm5hbWU6\r\n", "USER and PASS commands are sent in clear text"],
    "prose-en": ["password: see 1Password item \"prod db\"", "the password is settings.auth.admin_password",
                 "passphrase is read from config.secrets.db_passphrase", "password was rotated on 2026-11-30",
                 "passwords must be 14+ characters", "new password: (sent by SMS)",
                 "the pw reset link is https://id.corp.test/reset"],
    "wifi-config": ["WIFI:S:Guest;T:nopass;;", "nmcli dev wifi connect Guest password \"$WIFI_PSK\"",
                    "network={\n    ssid=\"Office\"\n    psk=\"********\"\n}", "wpa_passphrase=<set-me>",
                    "wpa_passphrase Office-5G < /run/secrets/psk",
                    "WIFI:S:Lab;T:WPA;P:${LAB_PSK};;"],
    "expect-script": ["expect \"password:\"\nsend \"$env(PW)\\r\"", "child.expect('Password:')\n"
                      "child.sendline(os.environ['SFTP_PW'])", "expect \"*assword*\" { send -- \"$pass\\r\" }",
                      "responses:\n  (?i)password: \"{{ vault_pw }}\""],
    "diff-hunk": ["-The admin password is in the vault\n+The admin password is rotated monthly",
                  "+SMTP_PASSWORD=${SMTP_PASSWORD}", "+    password = getpass.getpass()",
                  "+PASSWORD_MIN_LENGTH=14", "-    password=settings.db.password,\n+    password=secrets.db_password,"],
}


Item = heldout_score.Item


def password(rng: random.Random, style: str) -> str:
    if style == "symbols":
        first, second = rng.sample(WORDS, 2)
        return rng.choice((first.capitalize(), first)) + rng.choice(SYMBOLS) + second.capitalize() + str(
            rng.randint(1, 999))
    if style == "digits":
        word = rng.choice(WORDS)
        digits = str(rng.randint(10, 9999))
        return rng.choice((word + digits, digits + word.capitalize(), word.upper()[:4] + digits + word[4:]))
    if style == "letters":
        kind = rng.randrange(3)
        first, second = rng.sample(WORDS, 2)
        if kind == 0:
            return first.capitalize() + second.capitalize()
        if kind == 1:
            return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(3, 5)))
        return first + second
    words = rng.sample(WORDS, rng.choice((3, 4)))
    if style == "dotted":
        return ".".join(words) + (str(rng.randint(1, 9)) if rng.random() < 0.3 else "")
    separator = rng.choice(("-", "_", "+", ""))
    if separator == "":
        return "".join(w.capitalize() for w in words)
    return separator.join(words)


def items(seed: int = 8) -> list[Item]:
    return heldout_score.generate(seed, CARRIERS, STYLES, password, USERS)


def main() -> int:
    return heldout_score.main(__doc__, NAME, items, lambda: NEGATIVES)


if __name__ == "__main__":
    sys.exit(main())
