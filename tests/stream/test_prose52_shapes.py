"""prose52's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): an app or account that now opens with / now uses a token whose next sentence
says to keep it (letters only are read only once that sentence comes: the hold-back must keep them until then),
tsql's -P and vsql's -w, a scheme-less //user:X@host, a <Pwd> element beside its user, a YAML block's own period,
a Kinyarwanda / Malagasy user / password pair and copula, a two-digit PIN given as a password."""

from __future__ import annotations

from tests.stream import shape_sweeps as sweeps
from tests.stream import support

SHAPES = [
    ("Team: the gate app now opens with quollfescue. Don't give it to visitors.", "quollfescue"),
    ("Crew: the bay tablet now unlocks with HeronTarn. Please don't leave it on the dash.", "HeronTarn"),
    ("Crew: the depot iPad and the rota account now use 5821. Don't share it outside the depot.", "5821"),
    ("Crew: the rota account now uses Quay!Heron83. Never post it in the group chat.", "Quay!Heron83"),
    ("tsql -S LEDGER -U ops.kb -P Heron_Quay83", "Heron_Quay83"),
    ('vsql -h db4 -d audience -U ops.kb -w tarnfescue -c "select 1"', "tarnfescue"),
    ("mount_smbfs //ops.kb:quillheronmarsh@nas-b/sessions /Volumes/sessions", "quillheronmarsh"),
    ("<Lane>\n  <Login>gate-ro</Login>\n  <Pwd>Tarn!Fescue6</Pwd>\n</Lane>", "Tarn!Fescue6"),
    ("backup:\n  target: nas-b\n  account: ops\n  password: Tarn!Fescue6.\n  keep_days: 30", "Tarn!Fescue6."),
    ("Konti yawe: izina ukoresha k.mugisha, ijambo ry'ibanga heronquillfen. Urihindure vuba.", "heronquillfen"),
    ("Ijambo ry'ibanga rya telefoni y'ishuri ni quillheronfen - ntukaribwire.", "quillheronfen"),
    ('{"bench_login": "k.mugisha", "bench_pw": "4333"}', "4333"),
]


rt, composed = support.shipped_answer_fixtures()


class TestProse52Shapes(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 24
