"""attack62: prose62's new shapes attacked (its head 5460713, merged here). Evasions: a shape it claims said another
way (the pair key's user an e-mail address, curl's USERPWD literal wrapped onto the next line, "until you've set
your own", Breton's word with a non-breaking hyphen; open: a login call
wrapped as a formatter writes it, an env file's unquoted LDAP_BINDPW, sssd's authtok holding a passphrase of words).
False positives on real code and docs: kadmin's `cpw PRINCIPAL` read as a `pw` directive, a download's or a clone's
URL first argument read as a login's (open: an API's address with no file in it). Each plain test failed on
prose62's head (the evasions on main c69cc0d too; the false positives pass on main). Merged again at 4974fa5: a file of
secrets named in a comment attacked too. The closed_ ones were strict xfails until attack63 (EVASION.md, attack62's
prose62 rows and attack63's)."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

EVASIONS = [
    # the pair key (netcam_userpass, proxy_userpass, CURLOPT_USERPWD) with an e-mail address as the user
    ("proxy_userpass = relay.bot@corp.test:Marsh#Heron58", "Marsh#Heron58"),
    ("netcam_userpass yard.cam@depot.test:Marsh#Heron58", "Marsh#Heron58"),
    ("proxy-userpass: ops@quay.test:Quay#Lantern44", "Quay#Lantern44"),
    # curl's USERPWD with its literal wrapped onto the next line (the constant branch's wrap, attack62 part A)
    ('curl_easy_setopt(h, CURLOPT_USERPWD,\n    "k.olsen:Tarn_Gannet7");', "Tarn_Gannet7"),
    ('curl_easy_setopt(h, CURLOPT_PROXYUSERPWD,\n                 "svc:Tern#Cove2291");', "Tern#Cove2291"),
    # 9d1bb66's "until you set your own" with a perfect, contracted or not, and a past participle
    ("Use Lantern#44x as the password until you’ve set your own.", "Lantern#44x"),
    ("Use Lantern#44x as the password until you've set your own.", "Lantern#44x"),
    ("Use Glaze#2291x as your password until you have chosen your own.", "Glaze#2291x"),
    ("Pottery site: use Glaze#2291x as your password until you’ve picked your own.", "Glaze#2291x"),
    # Breton's ger-tremen with a non-breaking hyphen (U+2011) or Unicode's hyphen (U+2010), as word processors type it
    ("Morlenn#22 eo ma ger‑tremen nevez", "Morlenn#22"),
    ("Demat! Kelenn#2291x eo ger‐tremen ar skol-noz.", "Kelenn#2291x"),
]


@pytest.mark.parametrize("text,value", EVASIONS)
def test_a_claimed_shape_said_another_way_is_found(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LOOK_ALIKES = [
    # kadmin's change_password: `cpw` names the principal whose password changes
    "    cpw jdoe",
    "cpw hdfs",
    "cpw nfs-gw01",
    # a URL that names a file: a download or a clone, not a service's login
    'download("https://mirror.test/pkg.tar.gz", "sha256", "abc123def")',
    'download_file("https://example.com/data.zip", "data", "3f2a9c1b")',
    'clone("https://git.corp.test/team/app.git", "app", "release-2024")',
    # the perfect in "until" still bounds talk about passwords, not a value handed over
    "Keep the default password until you've changed it in Settings > Security.",
    "The reset link is valid until you’ve set your own password.",
    "Use your own password until you've set up single sign-on.",
    # 4974fa5's file of secrets named in a comment: a setting's key, or one in camelCase, under it
    "# see app.secrets\nimage:nginx-1.25\n",
    "# app.secrets loaded by config.py\nlevel:debug\n",
    "# load the k8s.secrets manifest\napiVersion:v1beta1\n",
]


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_code_and_docs_are_not_a_password(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


KEPT = [  # the narrowing leaves prose62's own shapes alone
    ("bindpw Tarn_Gannet7", "Tarn_Gannet7"),
    ("rootdn cn=admin,dc=corp,dc=test\nrootpw marshwillowheron\n", "marshwillowheron"),
    ('Jenkins("https://ci.corp.test:8443/jenkins", "admin", "Tarn_Gannet7")', "Tarn_Gannet7"),
    ('wp = Client("https://blog.corp.test/xmlrpc.php", "editor", "Marsh#Heron58")', "Marsh#Heron58"),
    ("netcam_userpass yard.cam:Marsh#Heron58", "Marsh#Heron58"),
    ("# /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\n", "Bison7-Canyon"),
    ("# ~/.config/kiln.secrets\nkiln-ci:Glaze#Kiln58\n", "Glaze#Kiln58"),
]


@pytest.mark.parametrize("text,value", KEPT)
def test_prose62_shapes_are_kept(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


# attack63: these were strict xfails (open); each failed on main b67f1f4 and is found now
# (tests/detect/test_attack63_open_shapes.py says each another way, with its look-alikes).
CLOSED_EVASIONS = [
    # a login call wrapped as black or clang-format writes a long one
    ('server = jenkins.Jenkins(\n    "https://ci.corp.test", "admin", "Tarn_Gannet7"\n)', "Tarn_Gannet7"),
    # an env file's key in pw, unquoted (quoted, generic-password-key-name takes it)
    ("LDAP_BINDPW=Tarn_Gannet7", "Tarn_Gannet7"),
    # sssd's authtok holding a passphrase of words
    ("ldap_default_authtok = marsh willow heron", "marsh willow heron"),
    # a file of secrets' entry whose password holds blanks (rsyncd.secrets reads the rest of the line): only its
    # first word was masked, the rest sent
    ("# /etc/rsyncd.secrets\nbackup.ops:marsh willow heron\n", "marsh willow heron"),
    # the file printed by a command rather than named in a comment
    ("$ sudo cat /etc/rsyncd.secrets\nbackup.ops:Bison7-Canyon\n", "Bison7-Canyon"),
    # ppp's own chap-secrets format (client, server, secret, addresses), the file prose62 names
    ("# /etc/ppp/chap-secrets\nbob  *  Bison7-Canyon  *\n", "Bison7-Canyon"),
]


@pytest.mark.parametrize("text,value", CLOSED_EVASIONS)
def test_closed_evasions(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


OPEN_EVASIONS = [
    ('conn = PQsetdbLogin(\n    "db.corp.test", "5432", NULL, NULL, "ledger", "k.olsen", "Tarn_Gannet7");',
     "Tarn_Gannet7"),
]


@pytest.mark.xfail(strict=True, reason="open (EVASION.md, attack62 on prose62, attack63): libpq's six arguments before "
                   "the password; the positional rule reads four (six cost dense text 3-5%)")
@pytest.mark.parametrize("text,value", OPEN_EVASIONS)
def test_open_evasions(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


CLOSED_LOOK_ALIKES = [  # attack63: were strict xfails; each masked on main b67f1f4
    'fetch_release("https://api.github.com", "cli", "gh_2.40.1")',
    'publish("https://hooks.corp.test/deploy", "staging", "rollout42")',
]


@pytest.mark.parametrize("text", CLOSED_LOOK_ALIKES)
def test_closed_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
