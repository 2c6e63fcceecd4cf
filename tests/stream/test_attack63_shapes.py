"""attack63: attack62's open shapes, closed, through the stream hold-back with the oracle of test_holdback_attack.py
(each text the client has after an event is a prefix of the whole text masked: no character of a value the scan of
the whole text masks goes out first; a stop fails it too), cut anywhere, one character at a time and as JSON with \\u
escapes: a login call wrapped as a formatter writes it, a key whose last word is pw run
on, sssd's authtok before words, every entry of a file of secrets (to its line's end, printed by a command, ppp's
form)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ('server = jenkins.Jenkins(\n    "https://ci.corp.test", "admin", "Tarn_Gannet7"\n)', "Tarn_Gannet7"),
    ('ok = client.login(\n    "deploy",\n    "Quartz!Tiger7",\n)', "Quartz!Tiger7"),
    ("export SLAPD_ROOTPW=Heron_Slate29\n", "Heron_Slate29"),
    ("[domain/corp]\nldap_default_authtok = marsh willow heron\n", "marsh willow heron"),
    ("# /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\nmirror:copper lantern orchid\n", "copper lantern orchid"),
    ("$ sudo cat /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\n", "Bison7-Canyon"),
    ("# /etc/ppp/chap-secrets\nbob  *  Sorrel#Quay31  *\n", "Sorrel#Quay31"),
]


rt, composed = support.shipped_answer_fixtures()


class TestAttack63ShapesInAStream(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
