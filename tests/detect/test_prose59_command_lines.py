"""prose59: a command line's password by its place, whatever the tool: a dotted long option's last part names a
password (--server.password X, --db.password X), the pair -n USER -p X (sqlline's, beeline's), -pw after any user
flag (Netezza's tools, PuTTY's, any tool's -user U -pw X), six to eight digits after -u USER -p (no port is above
65535), and Samba's -U "USER%X" of any of its tools, quoted or not (generic-password-cli,
password_carriers.USER_THEN_PASSWORD_FLAG / SAMBA_USER / CLI_LONG_OPTION). Each positive was missed before."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("arangodump --server.username k.olsen --server.password heronmarsh --output-directory dump", "heronmarsh"),
    ("./ledger-sync --db.password heronmarshwillow --db.host pg1.corp.test", "heronmarshwillow"),
    ("kafka-acl-tool --bootstrap kafka1:9092 --sasl.password quollfenmarsh", "quollfenmarsh"),
    ("node relay.js --smtp.auth.password marramtussock", "marramtussock"),
    ("sqlline -u jdbc:phoenix:zk1.corp.test -n k.olsen -p 'Heron#Quay62'", "Heron#Quay62"),
    ("sqlline -u jdbc:calcite:model=m.json -n analyst -p marramtussock", "marramtussock"),
    ("nzload -u k.olsen -pw heronmarsh -db SALES -t orders -df orders.csv", "heronmarsh"),
    ("report-cli -user ops -pw heronmarshwillow --export", "heronmarshwillow"),
    ("ntripclient -s caster.corp.test -u rover7 -p 582914 -m MOUNT1", "582914"),
    ("cqlsh cass1.corp.test -u k.olsen -p 48213907", "48213907"),
    ('smbcacls //fs1/share report.xlsx -U "CORP\\k.olsen%Tarn_Gannet7"', "Tarn_Gannet7"),
    ("net rpc user -U 'admin%Heron#Quay62' -S dc01", "Heron#Quay62"),
    ('smbget -U "k.olsen%heronmarshwillow" smb://fs1/share/f.txt', "heronmarshwillow"),
    ("winexe -U 'CORP/ops%58213' //10.0.0.9 cmd.exe", "58213"),
])
def test_a_password_by_its_place_on_the_command_line(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "kubectl logs -n kube-system -p coredns-7db6d8ff4d-x2x9z",   # a namespace, then --previous and a pod
    "ssh -l ops -p 2222 fs1.corp.test",                           # a port
    "psql -h db1 -U ops -p 5432 ledger",
    "iperf3 -c host -u ops -p 5201",
    "top -n 1 -p 1234",                                           # a count, a process id
    "date -u +%Y%m%d",
    'smbclient //fs1/share -U "ops%$SMB_PASSWORD"',               # a variable
    'smbclient //fs1/share -U "%" -N',                            # no user, no password
    'arangosh --server.password "" --server.endpoint tcp://db1:8529',
    "./ledger-sync --db.password-file /run/secrets/db --db.host pg1",
    "nzsql -u ops -pw $NZ_PASSWORD",
    "mysql -u root -p 123456",                                    # mysql's -p alone prompts; 123456 is the database
    "Combine with the -n and -p options to control the hostname and port used.",   # CPython's pydoc: two flags named
    "use the -u and -p options of the client",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
