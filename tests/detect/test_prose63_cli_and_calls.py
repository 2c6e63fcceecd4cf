"""prose63: a password typed on a command line or in a call, read from the call's shape rather than its tool's name.

- generic-password-cli: a prefixed pair of user and password flags (`-gu U -gp X`, as sendemail's `-xu U -xp X`);
  `-w` after a Kerberos principal (`-p name/instance` or `name@REALM`: kadmin's password flag); an option that takes
  the user and the password as two words (`-user U X -next`: SAP's sapcontrol); a daemon's control tool registering
  an account on a host (`<name>ctl register|change_password U HOST X`: ejabberdctl, prosodyctl).
- generic-password-positional: a call whose name names the user and the password together (`username_pw_set`,
  `set_user_password`, `setUserPass`) with two string literals: the second is the password.
The positives are of other trades and words than held-out set 45's (which this session tuned on); each was missed on
main b67f1f4."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

COMMAND_LINES = [
    ("vmrun -T fusion -gu j.moreau -gp Ferment#4471x runScriptInGuest /vm/cellar.vmx /bin/sh /opt/rack.sh",
     "Ferment#4471x"),
    ("vmrun -gu bottler -gp 58203914 copyFileFromGuestToHost /vm/line2.vmx /var/log/fill.log ./fill.log",
     "58203914"),
    ("mirrorctl push -ru r.ostrowska -rp Glaze_Kiln_7781 --since yesterday", "Glaze_Kiln_7781"),
    ('kadmin -p m.kowal/admin@FORGE.TEST -w Chmiel#4471x -q "getprinc web/forge.test"', "Chmiel#4471x"),
    ("kadmin -r APIARY.TEST -p b.okafor@APIARY.TEST -w 'honeycomb drone queen' -q listprincs",
     "honeycomb drone queen"),
    ("sapcontrol -nr 02 -host s4.forge.test -user ops.kb Tarn!Fescue6 -function Stop", "Tarn!Fescue6"),
    ("sapcontrol -prot PIPE -nr 00 -user t.lind 58203914 -function RestartInstance", "58203914"),
    ("ejabberdctl change_password k.olsen chat.forge.test Heron_Quay83", "Heron_Quay83"),
    ("prosodyctl register p.novak xmpp.ferry.test Quay!Lantern52", "Quay!Lantern52"),
    ("sudo ejabberdctl register kiln-07 im.pottery.test 'glaze kiln saggar'", "glaze kiln saggar"),
]


@pytest.mark.parametrize("text,value", COMMAND_LINES)
def test_a_command_lines_password_by_its_flags_shape(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


COMMAND_LOOK_ALIKES = [
    "vmrun -T ws -gu bottler runProgramInGuest /vm/line2.vmx /bin/true",   # no password flag: it prompts
    'vmrun -gu "$GUEST_USER" -gp "$GUEST_PASS" listProcessesInGuest /vm/line2.vmx',
    "kadmin -p m.kowal/admin -q listprincs",                             # prompts
    "kadmin -p m.kowal/admin -k -t /etc/krb5.keytab -q listprincs",
    "nc -p 4000 -w 5 relay.forge.test 80",                               # -w is a timeout there
    "curl -u ops -w '%{http_code}' https://forge.test/health",
    "sapcontrol -nr 02 -function GetProcessList",
    "sapcontrol -nr 02 -user ops.kb -function GetProcessList",           # prompts
    "find /srv/kiln -user potter -name '*.log' -mtime +7",
    "ejabberdctl registered_users chat.forge.test",
    "ejabberdctl unregister k.olsen chat.forge.test",
    'ejabberdctl register k.olsen chat.forge.test "$NEW_PASSWORD"',
    "prosodyctl register p.novak xmpp.ferry.test",                       # prompts
    "systemctl restart ejabberd.service",
]


@pytest.mark.parametrize("text", COMMAND_LOOK_ALIKES)
def test_command_line_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


CALLS = [
    ('mqttc.username_pw_set("kiln-07", "Glaze_Kiln_7781")', "Glaze_Kiln_7781"),
    ("client.username_pw_set('hive-sensor-3', 'honeycomb drone queen')", "honeycomb drone queen"),
    ('store.set_user_password("m.kowal", "Chmiel#4471x")', "Chmiel#4471x"),
    ('conn.setUserPass("t.lind", "58203914");', "58203914"),
]


@pytest.mark.parametrize("text,value", CALLS)
def test_a_call_naming_user_and_password_takes_the_second_literal(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


CALL_LOOK_ALIKES = [
    'client.username_pw_set(os.environ["MQTT_USER"], os.environ["MQTT_PASS"])',
    'client.username_pw_set("kiln-07", None)',
    "def username_pw_set(self, username: str, password: str | None = None) -> None:",
    'client.username_pw_set(username="kiln-07", password=password)',
    'store.set_user_password("m.kowal", "password")',
    'store.set_user_password("m.kowal", new_password)',
]


@pytest.mark.parametrize("text", CALL_LOOK_ALIKES)
def test_call_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
