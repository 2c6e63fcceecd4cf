"""prose50's causes (held-out sets 33 and 34, spent), each a signal of the context model rather than a phrasing:

- shape: a dotted token whose parts change case and digits as a generator's do (`Xc4mR8tQ.Wp3Ny7k`) is no dotted code
  reference (token_shape.generated_part), for the prose scorer and for the allowlist;
- language: Zulu's `ithi` gives a value as a copula; after a table word, one noun phrase and a copula, a PIN or
  letters in humps count as after a colon (word_table);
- pair: "the PC is logged in as U; password X" names the account as `user U, password X` does, whatever the name's
  shape (the login verb makes it one): letters and passphrases after it too;
- distance: an account locked out, then reset to the token, across what it is locked out of and to the sentence's
  end ("U is locked out of the till after three tries. Reset to X"); letters and words only when the account is
  named right before (an account's shape), so "he was locked out of the building; reset to normal hours" is none.

None of the sentences below is one of the sets'."""

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("The new VPN password is Xc4mR8tQ.Wp3Ny7k for now.", "Xc4mR8tQ.Wp3Ny7k"),
    ("weighbridge:\n  service_user: wb-night\n  service_password: Hm3kV9pR.Tz4Lq8n\n  port: 4001", "Hm3kV9pR.Tz4Lq8n"),
    ("the scale-house PC is logged in as wb-night; password g.Tq9RvK3mLx77pZ if it locks.", "g.Tq9RvK3mLx77pZ"),
])
def test_a_dotted_generator_output_is_a_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "The password is read from config.secrets.dbPassword at start-up.",
    "password: self.http2Client.token",
    "the password comes from app.config.Settings2",
])
def test_dotted_code_references_stay_code(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Sawubona Thandi, iphasiwedi entsha yekhompyutha ithi Ngwenya#58 - ungayitsheli muntu.", "Ngwenya#58"),
    ("Sawubona Thandi, iphasiwedi entsha yekhompyutha ithi 40719253 - ungayitsheli muntu.", "40719253"),
    ("Sawubona Thandi, iphasiwedi entsha yekhompyutha ithi UmfulaInyoni - ungayitsheli muntu.", "UmfulaInyoni"),
])
def test_zulu_ithi_gives_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "iphasiwedi yakho kumele ithi okungenani 12",
    "iphasiwedi yakho manje ithi 2024",
    "iphasiwedi entsha ithi Johannesburg",
    "iphasiwedi entsha ithi 12345678",
])
def test_zulu_talk_after_ithi_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Night note: the scale-house PC is logged in as weighbridge2; password heronsandpiper if it locks.",
     "heronsandpiper"),
    ("the lab tablet is signed in as qcnight, password gannetmarlowe. Calibrations due Friday.", "gannetmarlowe"),
    ("the kiosk is logged in as m.okoro; password amber quarry lantern if it times out.", "amber quarry lantern"),
    ("the console is logged in as ops-3; password Tq=7vLm29Rx4k if it logs out.", "Tq=7vLm29Rx4k"),
])
def test_logged_in_as_an_account_then_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "the kiosk is logged in as frontdesk; password manager is in the drawer",
    "logged in as admin; password required for sudo",
    "the share is logged in as guest, password protected folders are hidden",
])
def test_logged_in_as_then_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal after five tries. Reset to Brackwater!62, "
     "must be changed at next login.", "Brackwater!62"),
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal. Reset to 5820137 - change it today.",
     "5820137"),
    ("Ticket 4471: clerk r.osei is locked out of the payroll terminal. Reset to lantern quarry amber thistle - "
     "change it today.", "lantern quarry amber thistle"),
])
def test_an_account_locked_out_then_reset_to_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "He was locked out of the building after midnight; reset to normal hours tomorrow.",
    "If you get locked out after five tries, reset to factory defaults and start again.",
    "The account was locked out. Reset to defaults via the admin page.",
    "Users are locked out of the portal after three failures. Reset to continue using the form.",
])
def test_locked_out_talk_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Digits a password was changed to ("is now"), set or reset to, or issued as: a numeric password or PIN. Short PINs
# (4-5 digits) reach only rules whose regex takes them (EVASION.md, prose row).
@pytest.mark.parametrize("text,value", [
    ("Hi team, the shared password for the kiosk tablets is now 40917263. Keep it off the whiteboard.", "40917263"),
    ("Hi all, the kiln-room laptop password is now 5820193. The old one stops tonight.", "5820193"),
])
def test_digits_a_password_is_now_are_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Password expiry is now 90 days for every account.",
    "the password is now 12345678 for the demo only",
    "The password policy is now 2024 compliant.",
    "the minimum password length is now 14",
])
def test_talk_about_what_a_password_is_now_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A password's own last period: before a dash opening a lower-case remark, before a table cell's bar, at the end of
# a key=value line with no blank before the value.
@pytest.mark.parametrize("text,value", [
    ("Kiln controller login r.mbeki / Tq7vLm29x. - only for the firing schedule.", "Tq7vLm29x."),
    ("kiln.controller.user=r.mbeki\nkiln.controller.password=Wr4nQ8zy.\nkiln.controller.port=502", "Wr4nQ8zy."),
    ("| System | User | Password |\n|---|---|---|\n| Kiln PC | r.mbeki | Slipware2021. |", "Slipware2021."),
])
def test_a_password_keeps_its_own_last_period(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("The password is Harbor7x.\nNext line", "Harbor7x"),
    ("Your password is Harbor7x. The door code is on the card.", "Harbor7x"),
])
def test_a_sentence_period_stays_the_sentence(text, value):
    assert sensitive(SCANNER, text) == [value], SCANNER.explain(text)


# Yoruba's password word has no ASCII run for the first stage to spell; a marked word, then the copula `ni`, reaches
# it by shape, and the table word before it on the line decides (word_table).
@pytest.mark.parametrize("text,value", [
    ("Ọ̀rọ̀ aṣínà tuntun fún fóònù ilé-ìwé ni Osun#Ayo73 - ẹ má sọ fún ẹnikẹ́ni.", "Osun#Ayo73"),
    ("Ọ̀rọ̀ aṣínà tuntun fún fóònù ilé-ìwé ni 60318274 - ẹ má sọ fún ẹnikẹ́ni.", "60318274"),
    ("Orúkọ olùlò yín ni k.adeyemi, ọ̀rọ̀ aṣínà sì ni Ibadan+2207.", "Ibadan+2207"),
    # lang63: was a negative the first stage never opened (aṣínà had no mark); now it reads the word it is prose52's
    # construction (ijambo ry'ibanga ... ni gazelleoolong - ntukaribwire abandi): the new password is X - don't tell
    ("Ọ̀rọ̀ aṣínà tuntun ni olukoladepo - ẹ má sọ.", "olukoladepo"),
])
def test_yoruba_ni_gives_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Ọ̀rọ̀ aṣínà tuntun ni 2024 - ẹ má sọ fún ẹnikẹ́ni.",
    "Ilé ìwé wa ni Lagos2024 ti wà.",
    "Ọ̀rọ̀ aṣínà tuntun ni kúkúrú jù - ẹ yí i padà.",  # lang63: the new password is too short - change it
])
def test_yoruba_talk_after_ni_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# A device that opens or unlocks with the token, which ends the clause, says what the token does, as "use X to unlock"
# does (generic-password-access); a means or a product after it (QR-codes, Android13) is none.
@pytest.mark.parametrize("text,value", [
    ("Porters: the key-cabinet tablets now open with Kestrel#42. Keep it off the rota.", "Kestrel#42"),
    ("From Monday the staff lockers unlock with Tarn+Fescue27, please don't share it.", "Tarn+Fescue27"),
])
def test_a_device_opens_with_the_password(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "The lab doors open with RFID-badges now.",
    "The tablets open with Android13.",
    "Our lockers open with QR-codes.",
    "the files open with Notepad++ fine",
    "The gates open with 24-7 access.",
])
def test_a_device_opens_with_a_means_gives_none(text):
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)


# Hausa links a noun to the one after it by -n (kalmar sirrin wayar ofis: the office phone's password): the table
# holds that form too, so a question naming it opens the answer line below.
@pytest.mark.parametrize("text,value", [
    ("Binta: Menene kalmar sirrin wayar ofis?\nSani: Kano#Gari58 - zan canza ta gobe.", "Kano#Gari58"),
    ("Binta: Menene kalmar sirrin wayar ofis?\nSani: 50718263 - zan canza ta gobe.", "50718263"),
])
def test_hausa_linked_form_opens_the_answer_line(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


def test_hausa_talk_gives_none():
    text = "Binta: Ina kalmar sirrin take?\nSani: ban sani ba, tambayi Musa."
    assert sensitive(SCANNER, text) == [], SCANNER.explain(text)
