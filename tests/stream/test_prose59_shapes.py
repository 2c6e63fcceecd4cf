"""prose59's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): a dotted long option's last part, -n USER -p X, -pw after a user flag, six to
eight digits after -u USER -p, Samba's quoted -U "USER%X", a cleartext scheme's prefix, a call whose first argument
is a host then a user, a generator's name=value and a word with two digits right after the password word, and an
account and a conjunction before the word in another language."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("arangodump --server.username k.olsen --server.password heronmarsh --output-directory dump", "heronmarsh"),
    ("sqlline -u jdbc:calcite:model=m.json -n analyst -p marramtussock", "marramtussock"),
    ("nzload -u k.olsen -pw heronmarsh -db SALES -t orders", "heronmarsh"),
    ("cqlsh cass1.corp.test -u k.olsen -p 48213907", "48213907"),
    ("net rpc user -U 'admin%Heron#Quay62' -S dc01", "Heron#Quay62"),
    ("# /etc/dovecot/passwd\nk.olsen:{PLAIN}Quoll!Fen34:1001:1001::/home/k.olsen::", "Quoll!Fen34"),
    ("rootpw   {CLEARTEXT}Gannet~Moor48", "Gannet~Moor48"),
    ('var client = new FtpClient("ftp.corp.test", "k.olsen", "Quoll!Fen34");', "Quoll!Fen34"),
    ('d := gomail.NewDialer("smtp.corp.test", 587, "k.olsen", "Tarn_Gannet7")', "Tarn_Gannet7"),
    ("Das neue Passwort nR5=kW2xZ8pL4mQv gilt ab Montag.", "nR5=kW2xZ8pL4mQv"),
    ("the lab tablet takes the password kepler_47 since Monday", "kepler_47"),
    ("Войдите под логином k.olsen и паролем heronmarsh, потом смените пароль.", "heronmarsh"),
    ("Entra con el usuario k.olsen y la contraseña 582914 y cámbiala.", "582914"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse59Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
