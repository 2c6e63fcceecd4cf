"""prose62: an entry of a file of secrets, read from the comment that names the file by its name's end.

generic-password-commented takes a comment naming a file of secrets (`# /etc/rsyncd.secrets`, an app's `.secrets`,
ppp's `pap-secrets`) as it takes one naming a password; password_carriers then wants the file's entry form on the
next line, `name:X` with no blank (a user's name, whatever it reads as: `kyaw.min` is no minimum), and refuses a
setting (`key: value`, `key = value`). Only the entry right under the comment is read, as for any comment.
The positives are of other trades and tools than held-out set 44's; each was missed on main c69cc0d."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

ENTRIES = [
    ("# /etc/rsyncd.secrets on the brewery NAS\nbrewlog:Hopfen!Kessel58\n", "Hopfen!Kessel58"),
    ("# /etc/rsyncd.secrets\nkiln-backup:glazedpotter\n", "glazedpotter"),
    ("# /etc/ppp/pap-secrets.local\nmill-dsl:Walzen-Muehle-7\n", "Walzen-Muehle-7"),
    ("// secrets: ./deploy/tannery.secrets\ntan-ci:Tanin#Cuir58\n", "Tanin#Cuir58"),
    ("# /srv/mirror/apiary.secrets\nhive-sync:honey.comb.drone\n", "honey.comb.drone"),
    ("# rsyncd.secrets de la fromagerie\naffinage:58203917\n", "58203917"),
]


@pytest.mark.parametrize("text,value", ENTRIES)
def test_an_entry_under_a_comment_naming_a_file_of_secrets(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    "# /etc/rsyncd.secrets\nbackup.ops:${RSYNC_PW}\n",
    "# see rsyncd.secrets(5)\nsecrets file = /etc/rsyncd.secrets\n",
    "# load app.secrets\nlog_level: debug\n",
    "# /srv/app/config.secrets\nsmtp_relay = lanternfish\n",
    "# rsyncd.secrets: one user:password per line, mode 600\nstrict modes: true\n",
    "# Changelog: read ipsec.secrets and rsyncd.secrets at start-up\nversion:2.4.1\n",
    "# chemin de rsyncd.secrets\nsecrets_file:/etc/rsyncd.secrets\n",
    "# Die Datei rsyncd.secrets\nuid:nobody\n",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
