"""Places whose tool syntax gives a password (prose29, issue 15; held-out set 23 spent): 7-Zip's and RAR's attached
-pX / -hpX, racadm's -p, xe's -pw, rasdial's positional password, a value echoed into openconnect's
--passwd-on-stdin, and Oracle's userid=user/X@db (Data Pump, SQL*Loader). Values and look-alikes are written here,
not drawn from the held-out set."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("$ 7z a -mhe=on '-pGannet#Shoal4' minutes.7z ./minutes/", "Gannet#Shoal4"),
    ("7za x -pquollfenmarsh restore.7z -o/srv/restore", "quollfenmarsh"),
    ('"C:\\Program Files\\7-Zip\\7z.exe" a "-p73314826" out.7z docs', "73314826"),
    ("rar a '-hpTarn.Gannet.Heron' -m5 ledger.rar ./ledger/", "Tarn.Gannet.Heron"),
    ("racadm -r 10.9.1.4 -u ops -p 'Quoll!Fen34' getsysinfo", "Quoll!Fen34"),
    ("# xe -s xcp03.corp.test -u root -pw heronmarshquoll vm-list", "heronmarshquoll"),
    ('rasdial "Depot VPN" kolsen Tarn_Gannet7', "Tarn_Gannet7"),
    ("rasdial DepotVPN kolsen 48213", "48213"),
    ("echo 'Quoll!Fen34' | sudo openconnect --user=kolsen --passwd-on-stdin vpn.corp.test", "Quoll!Fen34"),
    ("echo heron-marsh-quoll | openconnect --protocol=anyconnect -u kolsen --passwd-on-stdin vpn.corp.test",
     "heron-marsh-quoll"),
    ('hr_exp.par:\nuserid="system/Gannet_Shoal4@ORCLPDB1"\ndirectory=DATA_PUMP_DIR', "Gannet_Shoal4"),
    ("sqlldr userid=etl/quollfen48@XEPDB1 control=load.ctl", "quollfen48"),
])
def test_the_password_of_a_tool_is_found(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "$ 7z a -mhe=on -p minutes.7z ./minutes/\nEnter password (will not be echoed):",
    '7z a "-p$ARCHIVE_PW" out.7z ./docs/',
    "7z x -ppassword archive.7z",
    "rar a -hp ledger.rar ./ledger/",
    "7z a -t7z -m0=lzma2 -mx=9 -mfb=64 -md=32m -ms=on archive.7z dir1",
    "rar a -r -m5 -v100m backup.rar /srv/data",
    'racadm -r idrac4.corp.test -u ops -p "$IDRAC_PW" getsysinfo',
    "racadm get iDRAC.Users.2",
    "xe -s xcp03 -u root -pwf /root/xe.pw vm-list",
    'rasdial "Depot VPN" /disconnect',
    'rasdial "Depot VPN" kolsen *',
    "docker run -u 1000 -p 8080:80 nginx",
    'echo "$VPN_PW" | sudo openconnect --user=kolsen --passwd-on-stdin vpn.corp.test',
    "echo 'Quoll!Fen34' | sudo openconnect --user=kolsen vpn.corp.test",
    "impdp userid=system@ORCLPDB1 parfile=hr.par",
    'expdp userid="/ as sysdba" schemas=HR',
])
def test_a_tool_without_a_password_is_not_a_finding(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("$ok = ldap_bind($ds, 'CN=kolsen,OU=Staff,DC=corp,DC=test', 'Gannet#Shoal4');", "Gannet#Shoal4"),
    ("$ok = ldap_bind($ds, 'CN=kolsen,OU=Staff,DC=corp,DC=test', 'quollfenmarsh');", "quollfenmarsh"),
    ("Net::SMTP.start('smtp.corp.test', 587, 'corp.test', 'kolsen', 'Tarn_Gannet7', :plain) do |smtp|",
     "Tarn_Gannet7"),
    ('conn.login("kolsen", "heronmarshquoll")', "heronmarshquoll"),
    ('auth := smtp.PlainAuth("", "kolsen@corp.test", "73314826", "smtp.corp.test")', "73314826"),
    ('new NetworkCredential("kolsen", "4821")', "4821"),
])
def test_the_password_argument_of_a_login_call_is_found(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "$ok = ldap_bind($ds, 'CN=kolsen,OU=Staff,DC=corp,DC=test', $bindPassword);",
    'conn.login("kolsen", "password")',
    'conn.login("kolsen", "2024")',
    "        smtp.login('psu', 'doesnotexist')",
    'client.login("kolsen", "wrongpassword")',
    'authenticate(request, "username")',
    'client.login("admin", "production")',
    'db = connect("localhost", "inventory")',
    'db = connect("localhost", "5432")',
    'server.bind("localhost", "12345")',
    "Net::SMTP.start(host, 587, 'office.test', user, secret, :login)",
])
def test_a_login_call_without_a_literal_password_is_not_a_finding(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("ticket #5120: desk phone for kolsen, extension 6044, SIP secret Gannet#Shoal4, server pbx.corp.test",
     "Gannet#Shoal4"),
    ("IAX2 secret: heron-marsh-quoll (trunk to the Leeds office)", "heron-marsh-quoll"),
])
def test_a_sip_secret_is_a_password(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "the SIP secret was regenerated in FreePBX, please re-scan the QR code",
    "SIP secret ${EXT_SECRET} comes from the template",
    "use a SIP secret of at least 16 characters",
])
def test_talk_about_a_sip_secret_is_not_a_finding(text):
    assert _values(text) == []


@pytest.mark.parametrize("text,value", [
    ("VPN for the depot: server l2tp.corp.test, account k.olsen, password 7310542; the key is on the wiki", "7310542"),
    ("school portal: username k.olsen pass 481937 - check the marks there", "481937"),
])
def test_digits_after_a_user_and_the_password_word_are_a_pin(text, value):
    assert any(value in found for found in _values(text)), _values(text)


@pytest.mark.parametrize("text", [
    "VPN: account k.olsen, password 2024 policy applies",
    "account k.olsen, password expired yesterday",
    "ticket 4471: account 60331, password reset requested",
])
def test_a_user_before_the_password_word_gives_no_value_by_itself(text):
    assert _values(text) == []
