"""prose56: a password given by its place in a login, whatever the library or tool names it.

- generic-password-positional: a call's third literal after a host (a dotted name, an IPv4 address, localhost) and a
  user is the password by every client's argument order (context_score.HOST_USER_BEFORE), so letters only and a PIN
  count there as after a login call's user; and a protocol's client built with its login (Python's ftplib.FTP /
  FTP_TLS, Ruby's Net::FTP.open / Net::POP3.start, Go's sasl.NewPlainClient) is a login call.
- generic-password-cli: the password flag right after the user flag in capitals (`-U USER -P X`) or with a prefix
  (`-xu USER -xp X`), as prose34 read `-u USER -p X`; net-snmp's SNMPv3 `-A` / `-X` passphrases.
- allowlist: a generator's `==` (Kx==!7Tq) in a password is not code's comparison.
Other libraries, languages and tools than set 40's; the look-alikes (a database's name, a port, a year, psql's
print option, a comparison in code) stay no finding."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ('conn = MySQLdb.connect("db2.corp.test", "k.olsen", "marramtussock", "ledger")', "marramtussock"),
    ("$link = mysqli_connect('10.4.0.9', 'shop', '48213', 'orders');", "48213"),
    ('db = pymysql.connect("localhost", "etl_runner", "HeronMarshFen", "warehouse")', "HeronMarshFen"),
    ('cnx = ibm_db.connect("db2.plant.test:50000", "m.ueda", "70412983", "")', "70412983"),
    ('session = ftplib.FTP_TLS("files.corp.test", "k.olsen", "Tarn_Gannet7")', "Tarn_Gannet7"),
    ('ftp = FTP("ftp.harbour.test", "dock.clerk", "gannetkittiwake")', "gannetkittiwake"),
    ('c := sasl.NewPlainClient("", "relay-bot", "Quoll!Fen34")', "Quoll!Fen34"),
    ('client := sasl.NewPlainClient("", "mail.bot2", "582913")', "582913"),
    ("Net::POP3.start('pop.corp.test', 110, 'k.olsen', 'heronmarshwillow') do |pop|", "heronmarshwillow"),
    ('Net::FTP.open("ftp.archive.test", "scan.desk", "Kittiwake-Sedge-41") do |ftp|', "Kittiwake-Sedge-41"),
])
def test_a_login_call_by_its_arguments(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    'ftp = ftplib.FTP("ftp.corp.test")',
    'ftp = ftplib.FTP("ftp.corp.test", user, password)',
    'conn = pymysql.connect("db2.corp.test", "k.olsen", os.environ["DB_PW"], "ledger")',
    'conn = connect("db2.corp.test", "orders", "2024")',
    'conn = connect("db2.corp.test", "orders", "production")',
    'conn = connect("db2.corp.test", "5432", "inventory")',
    'client := sasl.NewPlainClient("", user, pass)',
    'Net::FTP.open("ftp.archive.test") do |ftp|',
    'fmt.Sprintf("%s.%s", "orders", "customers")',
])
def test_calls_that_give_no_password(text):
    assert sensitive(SCANNER, text) == []


@pytest.mark.parametrize("text,value", [
    ("sqsh -S mssql02 -U reporter -P Quoll!Fen34 -D sales", "Quoll!Fen34"),
    ("isql -S SYB01 -U sa -P HeronMarsh7 -i load.sql", "HeronMarsh7"),
    ("sendEmail -f ci@corp.test -t ops@corp.test -s relay.corp.test:587 -xu ci.mailer -xp 48213 -m done", "48213"),
    ("sendemail -f a@corp.test -t b@corp.test -s relay.corp.test -xu night.ops -xp kittiwakegannet -m ok",
     "kittiwakegannet"),
    ("snmpget -v3 -l authPriv -u monitor -a SHA -A heronmarshwillow -x AES -X Tarn_Gannet7 sw2 sysName.0",
     "heronmarshwillow"),
    ("snmpget -v3 -l authPriv -u monitor -a SHA -A heronmarshwillow -x AES -X Tarn_Gannet7 sw2 sysName.0",
     "Tarn_Gannet7"),
    ("snmpbulkwalk -v3 -l authNoPriv -u poller -a SHA-256 -A 70412983 core1 ifTable", "70412983"),
    ("ipmitool -I lanplus -H bmc7 -U admin -P Kx==!7Tq~w2 sol activate", "Kx==!7Tq~w2"),
])
def test_a_password_flag_after_its_user_flag(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    'psql -h db02 -U report -P pager=off -c "select 1"',
    "pg_dump -h db02 -U report -P format=aligned shop",
    "snmpwalk -v2c -c public sw2 1.3.6.1.2.1.1",
    "snmpwalk -v3 -l noAuthNoPriv -u monitor sw2 sysUpTime.0",
    "sendEmail -f ci@corp.test -t ops@corp.test -s relay.corp.test:25 -m done",
    'sendEmail -f ci@corp.test -s relay.corp.test -xu ci.mailer -xp "$SMTP_PW" -m done',
    "if (a==!b && c) return;",
    "password check: x==y!",
])
def test_flags_and_code_that_give_no_password(text):
    assert sensitive(SCANNER, text) == []
