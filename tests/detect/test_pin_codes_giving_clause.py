"""PINs and entry codes given in prose (generic-pin-code, addons/detect/pin_codes.py), and a password given by a
clause of its own after the credential word (`the password, I'll spell it, it's X`, `in the password box I'm typing
X`: context_score.giving_clause) (issue 15 part 1, prose24). Each positive has a look-alike negative. Values are
seeded and made up for these tests, unlike the held-out sets'."""

import random
import string

import pytest

from addons.detect import Scanner, pin_codes
from tests.detect.shipped import covered, sensitive

SEED = 2426

PIN_CARRIERS = [
    "Caller: yeah, my PIN is {p}, can you unlock it?",
    "hey it's me, the alarm panel code changed, it's {p}, delete this once you've saved it",
    "Door code: {p}",
    "The keypad code for the server room is now {p}.",
    "gate combo is {p}",
    "lockbox code = {p} (key for flat 2)",
]
# The same sentences talking about a PIN without giving one.
PIN_LOOK_ALIKES = [
    "Caller: yeah, my PIN must be {n} digits, can you unlock it?",
    "hey it's me, the alarm panel code changed in 2024, delete this once you've saved it",
    "Door code: see the pinned message",
    "The keypad code for the server room locks after {n} attempts.",
    "gate combo is the default one",
    "lockbox code length = {n} (key for flat 2)",
]


def _pin(rng: random.Random) -> str:
    digits = "".join(rng.choice(string.digits) for _ in range(rng.randint(4, 8)))
    return digits if digits[:2] not in ("19", "20") else "7" + digits[1:]


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


def _pin_cases():
    rng = random.Random(SEED)
    return [(carrier.format(p=value), value) for carrier in PIN_CARRIERS for value in (_pin(rng), _pin(rng))]


@pytest.mark.parametrize("text, pin", _pin_cases())
def test_a_pin_given_in_prose_is_found(scanner, text, pin):
    assert covered(scanner, text, pin), scanner.explain(text)


@pytest.mark.parametrize("text", [carrier.format(n=n) for carrier in PIN_LOOK_ALIKES for n in (4, 6)])
def test_talk_about_a_pin_gives_nothing(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "pin the version to 3.12.1",                      # the verb: no capitals, no code word
    "Enable PIN support to gnutls_x509_privkey_t",    # English `to` is no copula
    "The error code is 4012",                         # no lock's code
    "the access code expires in 2026",
    "PIN reset for account 48213 done",
])
def test_other_pins_and_codes_are_no_pin(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_explain_names_the_pin_signals():
    verdict = pin_codes.score("", " is ", "48213")
    assert verdict.reported
    assert any("a PIN's shape" in signal for signal in verdict.signals)
    refused = pin_codes.score("your ", " must be ", "48213")
    assert not refused.reported


def _password(rng: random.Random) -> str:
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(6, 10))]
    body += [rng.choice(string.digits), rng.choice("#!%^*+=~@"), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


GIVING = [
    "So for the demo laptop, the user is demo and the password, I'll spell it, it's {p}.",
    "and in the password box I'm typing {p} then hit sign in",
    "the wifi password, hang on, I typed {p} on the router",
]
GIVING_LOOK_ALIKES = [
    "the password policy changed last week, it's {p} now",       # a negative word in the word's clause
    "password reset done, it's {p} for the ticket",               # reset
    "the password field, it's {p} in the form's id",              # a field
]


def _giving_cases(templates):
    rng = random.Random(SEED + 1)
    return [(template.format(p=value), value) for template in templates for value in (_password(rng), _password(rng))]


@pytest.mark.parametrize("text, password", _giving_cases(GIVING))
def test_a_clause_of_its_own_gives_the_password(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text, password", _giving_cases(GIVING_LOOK_ALIKES))
def test_the_same_clause_after_talk_about_passwords_gives_nothing(scanner, text, password):
    assert not sensitive(scanner, text), scanner.explain(text)
