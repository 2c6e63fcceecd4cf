"""attack61: hold61's resolution (the value before its word against precise findings: one the policy allows no longer
takes the token, one reading part of it keeps its part) through the stream hold, on generated answers cut at random:
a password glued before or after a fixed-shape key, an e-mail, a phone number or an IPv6 address, with its word
after it or not (then honest text with e-mails and phone numbers the answer's policy allows), in the answer's text
(a tool call's arguments are JSON: a value masked there is written as a JSON string, not as the text's mask). The
oracle of test_holdback_attack.py: each text the client has after an event is a prefix of the whole answer masked,
and the stream ends with all of it (a hold that never ends fails it)."""

from __future__ import annotations

import random

import pytest

from tests import fakes
from tests.stream import support
from tests.stream.test_holdback_attack import leak
from tests.sweeps import sampled

rt, composed = support.shipped_answer_fixtures()

FINDINGS = [fakes.github_pat(11), fakes.aws_key_id(12), "bob.smith@acmecorp.io", "+4915112345678",
            "fe80::1ff:fe23:4567:890a", "k.ito@harbour.example.org"]
PASSWORDS = ["Kx7q2mz9#", "Tarla58!", "#Quince7", "=Heath42", "Fjord!2291"]
WORDS = [" ist das Passwort für den Router.", " benim şifrem, kimseye söyleme.", " is your new password.",
         " -- that's the password.", " — мой пароль", " là mật khẩu wifi", " and then we met.", ", write to me.",
         "\n", " or call the desk."]
HONEST = ["Contact bob.smith@acmecorp.io or +4915112345678 for help.", "Mail k.ito@harbour.example.org today.",
          "Ask at desk@acmecorp.io, desk2@acmecorp.io and desk3@acmecorp.io: they answer fast."]


def _answers(seed: int, n: int) -> list[tuple[str, list[str]]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        finding, password = rng.choice(FINDINGS), rng.choice(PASSWORDS)
        token = finding + password if rng.random() < 0.5 else password + finding
        if rng.random() < 0.3:
            token = finding
        text = f"Sure:\n{rng.choice(HONEST)} {token}{rng.choice(WORDS)} {rng.choice(HONEST)}"
        cuts = sorted(rng.sample(range(1, len(text)), rng.randint(1, 3)))
        out.append((text, [text[a:b] for a, b in zip([0, *cuts], [*cuts, len(text)])]))
    return out


# Each seed draws 25 answers alike: the unit loop runs a seeded half of the seeds (unit62), the full suite all 12.
@pytest.mark.sweep_sample(lambda seed: sampled(seed))
@pytest.mark.parametrize("seed", range(12))
def test_random_cuts_send_nothing_the_whole_answer_masks(rt, composed, seed):
    for _text, parts in _answers(seed, 25):
        assert leak(rt, composed, parts) is None, parts
