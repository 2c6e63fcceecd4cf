"""prose62: the value before its word, read where main lost it whatever the trade or the language.

- a closing "until you set your own" (until you change it, before staff pick one) bounds the use of a value handed
  over: its `your` / `change it` is the notice's instruction, not talk about passwords (generic-password-before-word,
  the value-first rules, generic-password-access);
- between the link and the word, whose password it is (the owner with a genitive: ဆိုင်ရဲ့, the shop's) or the
  network it is of (Wi-Fi, WLAN), as a possessive stands there; neither is itself the link;
- Breton's `ger-tremen` whole in the shipped lite rule's first stage, with Breton's copulas, `evel` (as) and
  possessives as the link; Burmese's subject, topic and object markers (က, ဟာ, သည်, ကို) after the value.
The positives are of other trades than held-out set 44's; each was missed on main c69cc0d."""

from __future__ import annotations

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()

UNTIL_YOUR_OWN = [
    ("Your locker at the climbing wall is set up. Use Boulder#5520x as the password until you set your own.",
     "Boulder#5520x"),
    ("The print room's copier account is r.ostrowska; use Toner!2291x as the PIN until you change it.",
     "Toner!2291x"),
    ("New starters at the bakery: Rye-Crust-58 is the password until you pick your own at the till.",
     "Rye-Crust-58"),
    ("Take Loom#4471x as the password until staff set up your own login.", "Loom#4471x"),
    ("Shared tablet: Ferry_7781x is your PIN until you change it.", "Ferry_7781x"),
    ("Pottery wheel booking site: use Glaze#2291x as your password until you set your own one.", "Glaze#2291x"),
]


@pytest.mark.parametrize("text,value", UNTIL_YOUR_OWN)
def test_a_value_handed_over_until_you_set_your_own(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


UNTIL_LOOK_ALIKES = [
    "Use your own password until you set up single sign-on.",
    "Keep the default password until you change it in Settings > Security.",
    "utf-8x is the password field encoding until you change it",
    "The reset link is valid until you set your own password.",
    "Changelog: the temporary password now stays valid until you change it (was 24 h).",
    "Option --temp-password: used until you set your own (see passwd(1)).",
]


@pytest.mark.parametrize("text", UNTIL_LOOK_ALIKES)
def test_until_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


OWNER_AND_LANGUAGES = [
    ("Demat! Kelenn#2291x eo ger-tremen ar skol-noz.", "Kelenn#2291x"),                       # Breton: a night school
    ("Gwinizh!58 zo ma ger-tremen nevez evit ar vilin.", "Gwinizh!58"),                          # Breton: the mill
    ("Bara_Kerne77 eo hor ger-tremen wifi er vagerezh.", "Bara_Kerne77"),                       # Breton: the bakery
    ("Loom#4471x က စာကြည့်တိုက်ရဲ့ Wi-Fi စကားဝှက်ပါ။", "Loom#4471x"),                          # Burmese: a library
    ("Ferry_7781x ဟာ ကျွန်တော့် စကားဝှက်အသစ်ပါ။", "Ferry_7781x"),                              # Burmese: my new password
    ("Kiln#5520x သည် ဆေးခန်းရဲ့ စကားဝှက် ဖြစ်ပါသည်။", "Kiln#5520x"),                          # Burmese: the clinic's
]


@pytest.mark.parametrize("text,value", OWNER_AND_LANGUAGES)
def test_an_owner_or_a_network_between_the_link_and_the_word(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


LANGUAGE_LOOK_ALIKES = [
    "Ne vo ket kavet ho ker-tremen gant den ebet.",                 # Breton: nobody will find your password
    "Ger-tremen: 12 arouezenn d'an nebeutañ.",                       # Breton: a policy (12 characters at least)
    "v2.3.1 eo stumm ar merour ger-tremen.",                         # Breton: a version of the password manager
    "စကားဝှက်အသစ်မှာ အနည်းဆုံး စာလုံး ၁၂ လုံး ပါရပါမယ်။",          # Burmese: a policy
    "UTF-8 က စကားဝှက် ကွက်လပ်ရဲ့ encoding ပါ။",                       # Burmese: the field's encoding
    "Python3.12 ဟာ စကားဝှက် မန်နေဂျာရဲ့ runtime ပါ။",                 # Burmese: the manager's runtime
]


@pytest.mark.parametrize("text", LANGUAGE_LOOK_ALIKES)
def test_language_look_alikes(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
