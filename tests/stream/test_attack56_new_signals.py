"""attack56: prose54's and lang54's new signals (a lock's code in any language, a PIN or letters after another
script's password word given by a copula or a clause end after it, each language's copula and post-nominal
possessive, each script's quotes) against the stream hold-backs, shapes their own sweeps did not try: the copula
after the value pushed 16 blanks or tabs away (and 300, or 64 tabs in a tool call's JSON: a leak, fixed), a clause
ended by a comma or a newline after blanks, a copula of two words, the Hawaiian ʻokina, Tok Pisin's one-letter `i`,
each script's quotes around the value, letters or digits only after a copula. Each value is one the scan of the
whole text masks (asserted); cut anywhere over two deltas, one character per event, and in a tool call's JSON with
\\u escapes, none of it reaches the client first (the oracle of test_holdback_attack.py). All held when tried (main
at f48368d) but the copula after the token pushed far away.
"""

from __future__ import annotations

import json

import pytest

from tests.stream import shape_sweeps as sweeps
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

BLANKS = " " * 16  # the most a copula after the token may stand away (context_score.COPULA_AFTER)
SHAPES = [
    ("राउटर का नया पासवर्ड kingfisherganga" + BLANKS + "है। किसी को मत बताना।", "kingfisherganga"),
    ("Wi-Fi नेटवर्कको पासवर्ड 739184" + BLANKS + "हो।", "739184"),
    ("लॉकर का कोड 481736" + BLANKS + "है। किसी को मत बताना।", "481736"),
    ("Код від гаражу: 739184" + BLANKS + "\nНікому не кажи.", "739184"),
    ("Код від гаражу: 739184" + BLANKS + ", нікому не кажи.", "739184"),
    ("राउटर का नया पासवर्ड kingfisherganga" + "\t" * 15 + " है।", "kingfisherganga"),
    ("Код від гаражу: 739184" + " " * 80 + "\nНікому не кажи.", "739184"),
    ("Ny teny miafina dia Vato#Mena88, aza lazaina", "Vato#Mena88"),
    ("Ny teny miafina dia kingfishermoor", "kingfishermoor"),
    ("Kata sandi saya adalah Merapi#2024 ya", "Merapi#2024"),
    ("Kata sandi saya adalah 48297153", "48297153"),
    ("Mật khẩu của tôi là Hanoi#2024 nhé", "Hanoi#2024"),
    ("Ka ʻōlelo huna ʻo Mauna#Kea77", "Mauna#Kea77"),
    ("Paswot bilong mi i KingfisherMoor", "KingfisherMoor"),
    ("Mawu achinsinsi anga ndi Zomba#2024", "Zomba#2024"),
    ("Is e am facal-faire ùr agam KingfisherMoor", "KingfisherMoor"),
    ("Mia nova pasvorto estas 48297153, ne diru", "48297153"),
    ("Ma ger-tremen eo «Breizh#56»", "Breizh#56"),
    ("Le mot de passe est « Lutece#75 »", "Lutece#75"),
    ("Das Passwort ist „Berlin#89“", "Berlin#89"),
    ("Lösenordet är ”Malmo#4400”", "Malmo#4400"),
    ("Το συνθηματικό είναι ‹Athina#1›", "Athina#1"),
]

rt, composed = support.shipped_answer_fixtures()


class TestAttack56NewSignals(sweeps.ShapeSweeps):
    SHAPES = SHAPES
    AFTER = 100

    def test_the_scan_of_the_whole_text_masks_each_value(self, rt):
        for text, value in self.SHAPES:  # a value may be found with the quotes around it (Berlin#89 in „ “)
            whole = sweeps.answer(text)
            assert any(value in whole[f.start:f.end] for f in rt.scanner.scan(whole)), text

    @pytest.mark.sweep_sample(lambda text, value: sampled(text, "json"))
    def test_a_value_of_a_new_shape_in_json_with_u_escapes_one_char_at_a_time_is_masked(self, rt, composed, text,
                                                                                        value):
        # the JSON body alone (no line around it) is not always a finding: swept only where the scan finds it
        body = json.dumps({"note": text}, ensure_ascii=True)
        if rt.scanner.scan(body):
            sweeps.assert_json_with_u_escapes_one_char_at_a_time_masked(rt, composed, text)


FAR = [  # (the text with {B} where the blanks go, the value): a copula after the token, prose54's signal
    ("राउटर का नया पासवर्ड kingfisherganga{B}है। किसी को मत बताना।", "kingfisherganga"),
    ("Wi-Fi नेटवर्कको पासवर्ड 739184{B}हो।", "739184"),
    ("लॉकर का कोड 481736{B}है। किसी को मत बताना।", "481736"),
]


@pytest.mark.sweep_sample(lambda shape, value: sampled(shape))
@pytest.mark.parametrize("shape, value", FAR, ids=["letters", "pin", "lock-code"])
def test_a_copula_far_after_the_token_never_lets_the_token_out_first(rt, composed, shape, value):
    """Fails before (the three): the copula 300 blanks after the token, or 64 tabs after it in a tool call's JSON
    (`\\t` escapes: 128 characters), came after the hold-back had released the token, and the scan of the whole
    text then found it: the token went out as written. Now the copula gives the token only within 16 blanks, what
    the hold-back reads; further away it is no finding in the whole text either."""
    text = shape.replace("{B}", " " * 300)
    assert leak(rt, composed, list(sweeps.answer(text))) is None
    body = json.dumps({"note": shape.replace("{B}", "\t" * 64)}, ensure_ascii=True)
    assert leak(rt, composed, list(body), tool_call=True) is None
    near = sweeps.answer(shape.replace("{B}", " " * 16))  # within reach it is still a finding, and held
    assert any(value in near[f.start:f.end] for f in rt.scanner.scan(near)), near
    assert leak(rt, composed, list(near)) is None
