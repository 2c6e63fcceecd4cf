"""stream37: the shapes stream37 reads in the whole text (a CSV header or INI section after a sentence's colon, a CRLF
section, a quoted CSV cell holding the delimiter, a two-word Wi-Fi name, a `WEP-` key, a lower-case `wifi:` payload)
stream as the whole text is masked: no character of a value goes out before it is masked, the stream is not stopped,
and the client ends with the whole text masked (test_stream36_glued_rows.stream's oracle). Events at seeded sizes
1-24 and one character each."""

from __future__ import annotations

import pytest

from tests.stream.test_holdback_attack import composed, rt  # noqa: F401  (fixtures)
from tests.stream.test_stream34_held_open import fragments
from tests.stream.test_stream36_glued_rows import PROSE, stream
from tests.sweeps import sampled

FORMS = {
    "csv after a colon": ("Here is the CSV: username,password,role\nowlet,Heron!Lake27,admin\n", "Heron!Lake27"),
    "ini after a colon, CRLF": ("Sure: [smtp]\r\nhost = mail01\r\n# relay password\r\nauth = lanternfish\r\n",
                                "lanternfish"),
    "quoted cell": ('Sure: "name","username","password"\n"Mail, work","kaur","wren_4318"\n', "wren_4318"),
    "two-word wifi name": ("House manual\n- Wifi: Annex Guest / Skua+Tern+81\n- Bins on Tuesday\n", "Skua+Tern+81"),
    "WEP- key": ("- Wifi: AnnexGuest / WEP-Tern81x\n", "WEP-Tern81x"),
    "lower-case wifi payload": ("Scan this: wifi:T:WPA;S:Annex;P:puffinkrillcove;;\n", "puffinkrillcove"),
}


@pytest.mark.sweep_sample(lambda name: sampled(name))
@pytest.mark.parametrize("name", FORMS)
def test_the_new_form_streams_as_the_whole_text_is_masked(rt, composed, name):  # noqa: F811
    example, value = FORMS[name]
    text = f"{example}\n{PROSE[:600]}"
    whole = rt.inspector.inspect_text(text, "response", "t").text
    assert value not in whole, "the whole text masks it"
    for seed, most in ((1, 24), (2, 5), (3, 1)):
        assert stream(rt, composed, text, fragments(text, seed, most)) is None, (seed, most)
