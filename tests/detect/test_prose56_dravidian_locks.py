"""prose56: the code of a lock and a password word's PIN in the Dravidian scripts and Sinhala.

A lock's code is a password's word where a lock, door, gate, locker or safe is named in its clause
(vocabulary.LOCK_CODE_VOCABULARY): Malayalam, Tamil, Kannada, Telugu and Sinhala were not in the table, and their code
words not marked for the first stage (prefilter.LOCK_CODE_WORDS). The copula after the value in Malayalam (ആണ്),
Tamil (ஆகும்) and Kannada (ಆಗಿದೆ) gives it as Hindi's है does (context_score.COPULA_AFTER). Malayalam's, Kannada's and
Telugu's password words are marked (prefilter.CJK_CREDENTIAL_WORDS), so a PIN after them reaches the rule. Other
places, locks and languages than set 40's; look-alikes (a price, a year, an error code, a room number) stay none."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("ഓഫീസിലെ ലോക്കറിന്റെ കോഡ് 582913 ആണ്.", "582913"),                     # Malayalam: the office locker's code
    ("ഗോഡൗണിന്റെ വാതിലിന്റെ കോഡ് Tarn_Gannet7 ആണ്, ആരോടും പറയരുത്.", "Tarn_Gannet7"),   # the godown door's code
    ("கிடங்கின் பூட்டின் குறியீடு 4471 ஆகும்.", "4471"),                        # Tamil: the warehouse lock's code
    ("அலுவலக கதவின் குறியீடு: Quoll!Fen34", "Quoll!Fen34"),                    # the office door's code
    ("ಅಂಗಡಿಯ ಬೀಗದ ಕೋಡ್ 5829 ಆಗಿದೆ.", "5829"),                                  # Kannada: the shop lock's code
    ("ಗೋದಾಮಿನ ಬಾಗಿಲಿನ ಕೋಡ್: HeronMarsh7", "HeronMarsh7"),                     # the godown door's code
    ("దుకాణం తాళం కోడ్: 6618", "6618"),                                          # Telugu: the shop lock's code
    ("ఆఫీసు లాకర్ కోడ్ 70412983.", "70412983"),                                  # the office locker's code
    ("කාර්යාලයේ ලොකරයේ කේතය 904417. කාටවත් කියන්න එපා.", "904417"),           # Sinhala: the office locker's code
    ("ගබඩාවේ දොරේ කේතය Kittiwake-41.", "Kittiwake-41"),                        # the store's door's code
])
def test_a_locks_code(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text,value", [
    ("ലാപ്‌ടോപ്പിന്റെ പുതിയ പാസ്‌വേഡ് 70412983 ആണ്.", "70412983"),             # Malayalam, the ZWNJ spelling
    ("റൗട്ടറിന്റെ പാസ്വേഡ് 582913 ആണ്.", "582913"),                              # without the ZWNJ
    ("ನನ್ನ ಪಾಸ್‌ವರ್ಡ್ 904417 ಆಗಿದೆ.", "904417"),                                  # Kannada: my password is
    ("వైఫై పాస్‌వర్డ్: 66180452", "66180452"),                                    # Telugu: the Wi-Fi password
])
def test_a_pin_after_a_password_word(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "ലോക്കറിന്റെ വില 4500 രൂപ ആണ്.",                 # Malayalam: the locker's price is 4500 rupees
    "ലോക്കറിന്റെ എറർ കോഡ് E42 ആണ്.",                  # the locker's error code (no lock talk of a secret)
    "பூட்டு 2019 ஆம் ஆண்டு வாங்கப்பட்டது.",              # Tamil: the lock was bought in 2019
    "ಬಾಗಿಲು ಸಂಖ್ಯೆ 204 ಆಗಿದೆ.",                          # Kannada: the door number is 204
    "తాళం ధర 350 రూపాయలు.",                              # Telugu: the lock costs 350 rupees
    "දොර අංක 12 යි.",                                   # Sinhala: the door number is 12
    "പാസ്‌വേഡ് കുറഞ്ഞത് 8 അക്ഷരങ്ങൾ ആണ്.",               # Malayalam: the password is at least 8 letters
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
