"""prose52's new shapes through the stream hold-back, with the oracle of test_holdback_attack.py (each text the client
has after an event is a prefix of the whole text masked: no character of a value the scan of the whole text masks
goes out first; a stop fails it too): an app or account that now opens with / now uses a token whose next sentence
says to keep it (letters only are read only once that sentence comes: the hold-back must keep them until then),
tsql's -P and vsql's -w, a scheme-less //user:X@host, a <Pwd> element beside its user, a YAML block's own period,
a Kinyarwanda / Malagasy user / password pair and copula, a two-digit PIN given as a password."""

from __future__ import annotations

import pytest

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
IDS = [f"{i}-{t[:24]}" for i, (t, _) in enumerate(SHAPES)]


rt, composed = support.shipped_answer_fixtures()


def test_the_scan_of_the_whole_text_masks_each_value(rt):
    sweeps.assert_the_whole_scan_masks_each_value(rt, SHAPES)


@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_delta_ending_right_after_the_value_or_in_what_follows_holds_it(rt, composed, text, value):
    sweeps.assert_cuts_from_the_value_on_hold_it(rt, composed, text, value, range(-2, 24))


@pytest.mark.slow  # ~1,500 streams
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_cut_anywhere_or_one_char_at_a_time_reaches_the_client_masked(rt, composed, text,
                                                                                             value):
    sweeps.assert_cut_anywhere_or_one_char_at_a_time_masked(rt, composed, text)


@pytest.mark.slow
@pytest.mark.parametrize("text, value", SHAPES, ids=IDS)
def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(rt, composed, text, value):
    sweeps.assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text)
