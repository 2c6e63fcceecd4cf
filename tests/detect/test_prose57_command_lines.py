"""prose57: passwords on command lines, each by a signal of the command line rather than a tool's name.

(1) A period right before the command's next option is the value's own (`-P X. -D db`): a sentence goes on with no
option after its period (scanner._period_not_a_sentence_end). (2) A PIN after the password flag: after -U U -P (no
tool's -U / -P pair takes a port), and after -u U -p where -p cannot be the port: the command logs in (`oc login`,
`cf login`) or the line gave its port before (host:8086, --port 15672). (3) A login command's account given as an
e-mail address, then its password (`bw login U X`, any `*-login U X`). Other tools than set 41's; ports, prompts,
variables and flags stay none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("sqlcmd -S tcp:sql02 -U loader -P Heron_Quay83. -Q \"select 1\"", "Heron_Quay83."),
    ("redis-cli -h 127.0.0.1 -a Dingo_88_rust. --no-auth-warning ping", "Dingo_88_rust."),
    ("tsql -S LOANSDB -U ops.kb -P Heron!Quay83. -D loans", "Heron!Quay83."),
    ("vsql -h 10.0.0.4 -U ops.kb -w Tarn!Fescue6. -d audience", "Tarn!Fescue6."),
    ("mosquitto_pub -h broker -u sensor -P Gecko9!tail. -t temp -m 21", "Gecko9!tail."),
])
def test_a_period_before_the_next_option_is_the_values(text, value):
    assert covered(SCANNER, text, value)


def test_a_period_ending_a_sentence_stays_the_sentences():
    text = "the password is Heron#Quay62. Then restart the app"
    assert sensitive(SCANNER, text) == ["Heron#Quay62"]


@pytest.mark.parametrize("text,value", [
    ("oc login -u developer -p 582914 https://api.crc.test:6443", "582914"),
    ("cf login -a https://api.cf.test -u ops -p 48213", "48213"),
    ("cubectl -U ops -P 58213 status", "58213"),
    ("influx -host db.corp.test:8086 -u ops -p 48213 -execute 'show databases'", "48213"),
    ("rabbitmqadmin --host mq.corp.test --port 15672 -u ops -p 582914 list queues", "582914"),
])
def test_a_pin_where_the_flag_is_no_port(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text,value", [
    ("cloudctl login ops@corp.test Tarn!Fescue6", "Tarn!Fescue6"),
    ("bw login k.olsen@corp.test 'Heron#Quay62'", "Heron#Quay62"),
    ("vault-login ops@corp.test Quoll!Fen34", "Quoll!Fen34"),
    ("bw login ops@corp.test marramtussock", "marramtussock"),
    ("filen-login ops@corp.test 58214", "58214"),
])
def test_a_login_commands_account_then_its_password(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "iperf3 -c host -u ops -p 5201",
    "mysql -h db:3306 -u root -p 1234",
    "docker run -u 1000 -p 8080:80 nginx",
    "psql -h db02 -U report -P pager=off -c 'select 1'",
    "az login -u ops@corp.test -p 2024",
    "bw login ops@corp.test --apikey",
    "bw login ops@corp.test",
    "Please login as ops@corp.test today",
    "bw login ops@corp.test $BW_PASSWORD",
    "weblogin ops@corp.test production",
])
def test_look_alikes(text):
    assert [value for value in sensitive(SCANNER, text) if "@" not in value] == []
