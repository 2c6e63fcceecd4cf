"""attack62: prose62's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text
the client has after an event is a prefix of the whole text masked: no character of a value the scan of the whole
text masks goes out first; a stop fails it too), cut anywhere, one character at a time and as JSON with \\u escapes:
a directive's key in pw, sssd's authtok, a pair key's `user:X` (the user an e-mail address too), curl's USERPWD, a
login call's URL first argument (an LDAP URL too)."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("uri ldap://dir.corp.test/\nbinddn cn=proxy,dc=corp,dc=test\nbindpw Tarn_Gannet7\n", "Tarn_Gannet7"),
    ("[nslcd]\nldap_bindpw Heron#Marsh58\n", "Heron#Marsh58"),
    ("[domain/corp]\nldap_default_authtok = Tarn_Gannet7\n", "Tarn_Gannet7"),
    ("netcam_userpass yard.cam:marshwillowheron\n", "marshwillowheron"),
    ("proxy_userpass = relay.bot@corp.test:Marsh#Heron58", "Marsh#Heron58"),
    ('curl_easy_setopt(h, CURLOPT_USERPWD, "k.olsen:Tarn_Gannet7");', "k.olsen:Tarn_Gannet7"),
    ('server = jenkins.Jenkins("https://ci.corp.test:8443/jenkins", "admin", "Tarn_Gannet7")', "Tarn_Gannet7"),
    ('conn = ldap_login("ldaps://dir.corp.test:636", "cn=proxy", "Tarn_Gannet7")', "Tarn_Gannet7"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse62ShapesInAStream(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
