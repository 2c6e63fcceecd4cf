"""A password named by the noun "secret" in prose (held-out set 20's scratchpads and lab sheets, spent): "its secret
X", "the DB secret X", "the secret X". Only a determiner before it makes the noun a credential's name, and only a
token right after it with a password's shape is one; each case beside a look-alike."""

import pytest

from addons.detect import Scanner
from addons.detect.holdback import Holdback

SCANNER = Scanner.default()


def _values(text: str) -> list[str]:
    return [text[f.start:f.end] for f in SCANNER.scan(text) if f.classification not in ("public", "test-value")]


@pytest.mark.parametrize("text,value", [
    ("[scratchpad] remember: the vendor portal account is ops-07, its secret Quill.0550. Do not repeat it.",
     "Quill.0550"),
    ("The .env has DB_USER=ops and the DB secret tarn!58, so I will connect with those.", "tarn!58"),
    ("The sheet says user h.sato and the secret KestrelMarshWillow4, I typed both exactly.", "KestrelMarshWillow4"),
    ("my secret: Heron#Quay51", "Heron#Quay51"),
    ("their client secret Xq7#pLm2Vw9z is in the mail", "Xq7#pLm2Vw9z"),
])
def test_the_noun_after_a_determiner_names_the_value(text, value):
    assert value in _values(text)


@pytest.mark.parametrize("text", [
    "the secret ingredient is patience",
    "kubectl get secret db-creds-v2 -n prod",
    "a secret to good tests: seed2 everything",
    "the secret key_path points at the file",
    "your secret must be rotated every 90 days, e.g. Heron#Quay51",
    "the secret ${DB_SECRET} comes from the vault",
    "the secret v2.3.1 release notes",
    "top secret Heron#Quay51",
])
def test_look_alikes_give_none(text):
    assert _values(text) == []


@pytest.mark.parametrize("text", ["the", "the vendor ", "my secret", "its secret Qu"])
def test_a_stream_holds_from_the_noun_not_from_the_determiner(text):
    holdback = Holdback.for_scanner(SCANNER).only({"generic-password-secret-noun"})
    held = holdback.safe_end(text, 0)
    assert held == (text.index("secret") if "secret" in text else len(text))
