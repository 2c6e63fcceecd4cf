#!/usr/bin/env python3
"""Held-out set 4: the honest figure after held-out set 3 was spent on tuning.

Written on 2026-12-02 right after the prose-password changes that held-out set 3 guided, with new phrasings, new
words and new negatives, and scored once; nothing is tuned on it. Same scoring as eval_heldout3.py (a value counts
when findings cover all of it; values are never printed).

    .venv/bin/python scripts/eval_heldout4.py [--show-misses]
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

_spec = importlib.util.spec_from_file_location("eval_heldout3", Path(__file__).with_name("eval_heldout3.py"))
assert _spec is not None and _spec.loader is not None
heldout3 = importlib.util.module_from_spec(_spec)
sys.modules["eval_heldout3"] = heldout3
_spec.loader.exec_module(heldout3)

WORDS = ("pebble", "thistle", "canyon", "lagoon", "bramble", "cinder", "hollow", "marble", "puffin", "riddle",
         "sparrow", "timber", "umber", "violet", "walrus", "yonder", "zephyr", "acorn", "badger", "cobble")
CARRIERS = {
    "chat-en": ["here's the login for the grafana box: {u} and {p}", "pwd is {p} btw",
                "can you debug this? I'm using password {p} and it says denied",
                "the shared password has been changed to {p}", "root pw on the pi = {p}",
                "our staging DB password: {p} -- please rotate after the demo",
                "password for {u} on jenkins is now {p}", "the new one is {p} (that's the password for vault ui)"],
    "chat-other": ["Mein Passwort ist {p}, bitte nicht weitergeben", "Le mot de passe est {p} pour le wifi invité",
                   "Mi contraseña es {p}", "La mia password è {p}", "Minha senha é {p}",
                   "Mijn wachtwoord is {p}"],
    "code-call": ['db = pymysql.connect("10.1.1.4", "{u}", "{p}", "orders")', "imap.login('{u}', '{p}')",
                  'ldap_conn.simple_bind_s("cn={u},dc=corp,dc=test", "{p}")', 'session.auth = ("{u}", "{p}")',
                  'mongo_client.admin.authenticate("{u}", "{p}")', "ftplib.FTP('files.corp.test', '{u}', '{p}')"],
    "config-line": ["spring.datasource.password={p}", "  password: {p}", "DB_PASS='{p}'", "--db-password {p}",
                    "<add key=\"SmtpPassword\" value=\"{p}\" />", "passwd = {p}"],
    "log-trace": ["[auth] user={u} password={p} result=FAIL", "Connecting with {u}/{p} to mq01...",
                  "Login attempt: username '{u}', password '{p}' (denied)"],
}
NEGATIVES = {
    "instructions": ["Type your password twice to confirm it", "Your password expires in 3 days",
                     "Passwords must not contain your user name", "click 'Show password' to reveal it"],
    "code-refs": ["db = pymysql.connect(host, user, passwd, dbname)", "password: ${{ secrets.DB_PASSWORD }}",
                  "spring.datasource.password=${DB_PASSWORD}", "session.auth = (user, os.getenv('PW'))",
                  "if password == confirm_password:"],
    "masked": ["password: '********'", "DB_PASS=<set in vault>", "pwd is [redacted]"],
    "other-words": ["compass heading 270", "Passover starts on Friday", "the bypass valve v2 was replaced",
                    "passwd(1) changes a user's password"],
}


def main() -> int:
    heldout3.WORDS, heldout3.CARRIERS, heldout3.NEGATIVES, heldout3.NAME = WORDS, CARRIERS, NEGATIVES, "held-out 4"
    real_items = heldout3.items
    heldout3.items = lambda seed=4: real_items(seed)
    return heldout3.main()


if __name__ == "__main__":
    sys.exit(main())
