"""prose62's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a client built with a URL, its user and its password; a key naming the
password in short (bindpw, authtok) or the pair (userpass); an entry under a comment naming a file of secrets; the
value before its word with a closing "until you set your own", an owner's genitive or the network between, Breton's
ger-tremen, Burmese's subject marker."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ('jira = JIRA("https://tickets.brewery.test", "m.kowal", "Chmiel#4471x")', "Chmiel#4471x"),
    ("binddn cn=kiosk,dc=mill,dc=test\nbindpw Walzen!Muehle58\n", "Walzen!Muehle58"),
    ("[domain/brewery]\nldap_default_authtok = Malz#Hopfen27\n", "Malz#Hopfen27"),
    ("netcam_url rtsp://cam-barn.farm.test/h264\nnetcam_userpass f.dubois:Grange_7781\n", "Grange_7781"),
    ("# /etc/rsyncd.secrets on the brewery NAS\nbrewlog:Hopfen!Kessel58\n", "Hopfen!Kessel58"),
    ("Use Boulder#5520x as the password until you set your own.", "Boulder#5520x"),
    ("Demat! Kelenn#2291x eo ger-tremen ar skol-noz.", "Kelenn#2291x"),
    ("Loom#4471x က စာကြည့်တိုက်ရဲ့ Wi-Fi စကားဝှက်ပါ။", "Loom#4471x"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse62Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
