"""prose61's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): the value before its word linked by two hyphens, two possessives, a no-break
space, a verb of serving, Vietnamese capitals or Tatar's `белән`; a constant or a subscript naming the password before
a literal; an IPsec secrets entry; a value set `by` its agent; a log's account after `by` before the password word;
an answer to a request ending in an adverb after the word."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Boathouse: Fjord!2291 -- that's the password for the router.", "Fjord!2291"),
    ("Bike locker: Orchard#818 is your new PIN, keep it to yourself.", "Orchard#818"),
    ("Marina gate: Harbour#5580 is our\u00a0password this month", "Harbour#5580"),
    ("Delta#6620 serves as the passphrase for the backup disk.", "Delta#6620"),
    ("QUÁN PHỞ: Ngoc#4471 LÀ MẬT KHẨU WIFI CỦA QUÁN", "Ngoc#4471"),
    ("Теплица контроллерына Sabantuy#58 серсүзе белән керегез", "Sabantuy#58"),
    ("curl_setopt($ch, CURLOPT_PROXYPASSWORD, 'Kiln#4471x');", "Kiln#4471x"),
    ('os.environ["SMTP_PASSWORD"] = "Bellows#58x"', "Bellows#58x"),
    ('@east @west : PSK "mash tun copper kettle"', "mash tun copper kettle"),
    ("k.ito forgot the password; reset to Pagoda-2290 by helpdesk", "Pagoda-2290"),
    ("gate-ctl: barrier raised by guard07 using password harbourlight", "harbourlight"),
    ("sauna-ctl[812] session opened by m.virtanen (password saunalampi)", "saunalampi"),
    ("Kim: the ferry kiosk wants a password again\nLou: Quay#2290x", "Quay#2290x"),
    ("Pia: die Kasse will das Passwort schon wieder\nTom: Kasse#4471", "Kasse#4471"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse61Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
