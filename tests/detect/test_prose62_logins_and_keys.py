"""prose62: a password in code and in config files, read from what names it whatever the library, tool or trade.

- generic-password-positional: a client built with a service's URL, its user and its password (python-jenkins,
  a WordPress or Confluence client in any language); the digits right after a host argument are its port, never
  the password (libpq's PQsetdbLogin(host, "5432", ...) had its port reported).
- generic-password-directive: a lower-case key ending in `pw`, the word's short form (nslcd's and pam_ldap's
  `bindpw`, slapd's `rootpw`), alone on its line with its value.
- generic-password: sssd's `authtok` (`ldap_default_authtok = X`), the token a bind authenticates with.
- generic-password-user-pass: a key that names the user and password pair with a `user:X` value (motion's
  `netcam_userpass`, curl's `CURLOPT_USERPWD`, a proxy's `proxy_userpass`).
The positives are of other trades, libraries and tools than held-out set 44's; each was missed on main c69cc0d."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

LOGIN_CALLS = [
    ('jira = JIRA("https://tickets.brewery.test", "m.kowal", "Chmiel#4471x")', "Chmiel#4471x"),
    ('var wiki = new ConfluenceClient("https://wiki.ferry.test/confluence", "p.novak", "harbour lantern quay");',
     "harbour lantern quay"),
    ("$wp = new WordpressClient('https://blog.apiary.test/xmlrpc.php', 'b.okafor', 'honeycombdrone');",
     "honeycombdrone"),
    ('client := gitea.NewClient("https://git.forge.test", "t.lind", "58203914")', "58203914"),
    ('srv = Jenkins.new("https://ci.kiln.test:8443/", "r.ostrowska", "Glaze_Kiln_7781")', "Glaze_Kiln_7781"),
    ('api = Gitlab("https://git.sawmill.test", "k.nowak", "Tartak#5520x")', "Tartak#5520x"),
]


@pytest.mark.parametrize("text,value", LOGIN_CALLS)
def test_a_login_call_after_a_url_or_many_arguments(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOGIN_LOOK_ALIKES = [
    'PGconn *c = PQsetdbLogin("pg.tannery.test", "5433", NULL, NULL, "hides", NULL, NULL);   /* .pgpass */',
    'PGconn *c = PQsetdbLogin("pg.tannery.test", "5433", NULL, NULL, "hides", user, password);',
    'r = requests.get("https://api.ferry.test/v1/sailings", "json", "utf-8")',
    'jira = JIRA("https://tickets.brewery.test", "m.kowal", os.environ["JIRA_TOKEN"])',
    'download("https://files.kiln.test/glazes.csv", "out", "w+")',
    'server = jenkins.Jenkins("https://ci.kiln.test", username=None, password=None)',
]


@pytest.mark.parametrize("text", LOGIN_LOOK_ALIKES)
def test_login_call_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


def test_the_port_after_a_host_is_not_the_password():
    """main reported libpq's port as the password (the digits after the host literal, read as after a user). The
    password itself, six arguments in, is not read: up to six arguments before it cost dense text ~3-5%."""
    text = 'PGconn *c = PQsetdbLogin("pg.tannery.test", "5433", NULL, NULL, "hides", "j.moreau", "Tanin!Cuir58");'
    assert "5433" not in sensitive(SCANNER, text)


def test_a_users_dotted_name_is_no_host():
    """The port check reads a host by its shape: a user's dotted name first in a login call keeps its PIN after it."""
    text = "$session->login('r.ostrowska', '58213');"
    assert covered(SCANNER, text, "58213"), SCANNER.explain(text)


KEYS = [
    ("# /etc/pam_ldap.conf on the mill's kiosks\nhost ldap.mill.test\nbinddn cn=kiosk,dc=mill,dc=test\n"
     "bindpw Walzen!Muehle58\n", "Walzen!Muehle58"),
    ("# /etc/ldap.conf (nss_ldap) at the dairy\nbase dc=dairy,dc=test\nbinddn cn=proxy,dc=dairy,dc=test\n"
     "bindpw 58203914\n", "58203914"),
    ("ldap_bindpw    quarry.flint.chisel\n", "quarry.flint.chisel"),
    ("[domain/brewery]\nid_provider = ldap\nldap_default_bind_dn = cn=sssd,dc=brewery,dc=test\n"
     "ldap_default_authtok = Malz#Hopfen27\n", "Malz#Hopfen27"),
    ("# /etc/motion/camera-barn.conf\nnetcam_url rtsp://cam-barn.farm.test/h264\n"
     "netcam_userpass f.dubois:Grange_7781\n", "Grange_7781"),
    ("upsmon_userpass = ups-mon:Pelmeni#5520\n", "Pelmeni#5520"),
    ("Camera.UserPass  loft:48213\n", "48213"),
    ("rtsp_userpass viewer:Kasza#Gryczana7\n", "Kasza#Gryczana7"),
    ("proxy_userpass = dock-relay:harbourcranegantry\n", "harbourcranegantry"),
]


@pytest.mark.parametrize("text,value", KEYS)
def test_a_key_naming_the_password_in_short_or_the_pair(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


KEY_LOOK_ALIKES = [
    "bindpw <secret>\n",
    "bindpw ${LDAP_BIND_PW}\n",
    "#bindpw\n",
    "       bindpw secret\n              Specifies the credentials with which to bind.\n",
    "ldap_default_authtok_type = password\n",
    "ldap_default_authtok = \n",
    "netcam_userpass user:password\n",
    "netcam_userpass  Set username and password for the network camera (syntax: user:password)\n",
    "# Changelog 4.2: the bindpw option now reads a file (bindpw_file) as well\n",
    "# nslcd.conf(5): bindpw PASSWORD  -- the password to bind with\n",
    "Option « bindpw » : le mot de passe de liaison, voir nslcd.conf(5).\n",
    "Die Option bindpw setzt das Passwort für den Bind.\n",
]


@pytest.mark.parametrize("text", KEY_LOOK_ALIKES)
def test_key_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
