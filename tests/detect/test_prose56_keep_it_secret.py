"""prose56: a letters-only token right after a password word of the table that ends its sentence, where the next
sentence tells the reader not to tell, share or write it down (word_table.KEEP_IT_SECRET_AFTER, in the table's
languages): what a secret is. Without that sentence a letters-only token at a clause's end stays unreported (it may be
a verb-final language's verb, prose54). Other languages, devices and locks than set 40's Sinhala and Malayalam."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

POSITIVES = [
    ("दुकान के वाई-फाई का नया पासवर्ड kittiwakegannet. किसी को मत बताना।", "kittiwakegannet"),       # Hindi
    ("ഹായ്, റൗട്ടറിന്റെ പാസ്‌വേഡ് skuaplovertern. ആരോടും പറയരുത്.", "skuaplovertern"),            # Malayalam
    ("கடையின் வைஃபை கடவுச்சொல் heronmarshwillow. யாரிடமும் சொல்லாதீர்கள்.", "heronmarshwillow"),  # Tamil
    ("অফিসের নতুন পাসওয়ার্ড gannetfulmar. কাউকে বলবেন না।", "gannetfulmar"),                       # Bengali
    ("ගබඩාවේ පරිගණකයේ මුරපදය quillmartenheron. කාටවත් කියන්න එපා.", "quillmartenheron"),         # Sinhala
    ("ಅಂಗಡಿಯ ವೈಫೈ ಪಾಸ್‌ವರ್ಡ್ marramtussock. ಯಾರಿಗೂ ಹೇಳಬೇಡಿ.", "marramtussock"),                   # Kannada
    ("கிடங்கின் பூட்டின் குறியீடு HeronMarsh. யாரிடமும் சொல்ல வேண்டாம்.", "HeronMarsh"),         # a Tamil lock
]


@pytest.mark.parametrize("text,value", POSITIVES)
def test_the_next_sentence_keeps_it_secret(text, value):
    assert covered(SCANNER, text, value)


@pytest.mark.parametrize("text", [
    "दुकान के वाई-फाई का नया पासवर्ड kittiwakegannet. कल मिलते हैं।",        # the same, then "see you tomorrow"
    "ഹായ്, റൗട്ടറിന്റെ പാസ്‌വേഡ് skuaplovertern. നാളെ കാണാം.",
    "অফিসের নতুন পাসওয়ার্ড gannetfulmar. ধন্যবাদ।",
    "मेरा पासवर्ड forgotten. किसी को मत बताना।",                              # a word that describes a password
    "गोदाम के ताले का कोड reference. किसी को मत बताना।",
])
def test_look_alikes(text):
    assert sensitive(SCANNER, text) == []
