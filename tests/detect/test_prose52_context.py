"""prose52's causes (held-out set 36, spent), each a signal of the context model, a table or a tool's syntax:

- words: an -ly word is an adverb that describes a password (easily, randomly) only when its stem has four letters
  or it is one of the few short adverbs (daily, only); sally, tally, holly are nouns a passphrase is made of;
- tables: an XML element named with the short or phrase tag (`<Pwd>`, `<Passphrase>`, `<Passcode>`); FreeTDS
  `tsql -U U -P X` and Vertica `vsql -U U -w X` (psql's `-w` takes no value and stays unread);
- syntax: a scheme-less `//user:X@host/share` (mount_smbfs) is a URL's user-info as `smb://` is;
- what the token does: an app or account now opens with / now uses the token, and the next sentence tells the reader
  not to share, give or leave it: a secret's (letters only too), not a QR code or a product.

None of the sentences below is one of the set's."""

import pytest

from addons.detect import Scanner

from .shipped import covered, sensitive

SCANNER = Scanner.default()


@pytest.mark.parametrize("text,value", [
    ("SSO is down for the evening desk: wire login ops.kb / tally holly fescue - call IT if it fails.",
     "tally holly fescue"),
    ("backup:\n  account: ops.kb\n  password: lily rally quoll fescue\n  keep: 7", "lily rally quoll fescue"),
    ("The laptop is signed in as ops.kb; password jelly tarn heron if it locks.", "jelly tarn heron"),
])
def test_short_stem_ly_words_are_passphrase_words(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "The password is only rotated weekly.",
    "password: changed daily by cron",
])
def test_adverbs_still_describe_the_password(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("<Lane>\n  <Login>gate-ro</Login>\n  <Pwd>Tarn!Fescue6</Pwd>\n</Lane>", "Tarn!Fescue6"),
    ("<Lane><Login>gate-ro</Login><pwd>quollfenmarsh</pwd></Lane>", "quollfenmarsh"),
    ("<Device><Passcode>58213</Passcode></Device>", "58213"),
    ("<Vault><Passphrase>HeronTarnQuollFescue4</Passphrase></Vault>", "HeronTarnQuollFescue4"),
])
def test_short_and_phrase_xml_tags(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "<pwd>required</pwd>",
    "<Pwd>${LANE_PWD}</Pwd>",
    "<Pwd></Pwd>",
    "<PwdPolicy>Complex</PwdPolicy>",
    "<cwd>/var/lib/lane</cwd>",
    "<pwd>quollfenmarsh</pwd>",  # a short tag with no user element before it

])
def test_xml_tag_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("tsql -S LEDGER -U ops.kb -P Heron_Quay83", "Heron_Quay83"),
    ("tsql -S LEDGER -U ops.kb -P 58213", "58213"),
    ('vsql -h db4 -d audience -U ops.kb -w tarnfescue -c "select 1"', "tarnfescue"),
    ("vsql -U ops.kb -w Quay!Heron83 -d audience", "Quay!Heron83"),
])
def test_tsql_and_vsql_password_flags(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "tsql -S LEDGER -U ops.kb",
    "vsql -h db4 -d audience -U ops.kb -c 'select 1'",
    "vsql -U ops.kb -w $VSQL_PASSWORD -d audience",
    "psql -h db4 -U ops -w audience",
    "psql -h db4 -U ops -p 5432 audience",
])
def test_tsql_vsql_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("mount_smbfs //ops.kb:Zx8Kq2Lm9V@nas-b/sessions /Volumes/sessions", "Zx8Kq2Lm9V"),
    ("mount_smbfs //ops.kb:quillheronmarsh@nas-b/sessions /Volumes/sessions", "quillheronmarsh"),
    ("mount_smbfs //ops.kb:Heron!83@nas-b/sessions /Volumes/sessions", "Heron!83"),
    ('share = "//ops.kb:Zx8Kq2Lm9V@nas-b/sessions"', "Zx8Kq2Lm9V"),
])
def test_scheme_less_user_info(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "mount_smbfs //ops.kb@nas-b/sessions /Volumes/sessions",
    "mount_smbfs //guest:guest@nas-b/sessions /Volumes/sessions",
    "mount_smbfs -N //nas-b/public /Volumes/public",
    "see http://example.test/a//b:cde@f",
    "// TODO: mail ops@nas-b about the share",
    "x = a//b:cde@f",
])
def test_scheme_less_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ("Team: the gate app now opens with quollfescue. Don't give it to visitors.", "quollfescue"),
    ("Crew: the bay tablet now unlocks with HeronTarn. Please don't leave it on the dash.", "HeronTarn"),
    ("Crew: the depot iPad and the rota account now use 5821. Don't share it outside the depot.", "5821"),
    ("Crew: the depot iPad and the rota account now use Quay!Heron83. Never post it in the group chat.",
     "Quay!Heron83"),
    ("Crew: the bay app now opens with 802173. Don't share it.", "802173"),
])
def test_device_now_opens_with_and_keep_it(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "The kiosk app now opens with Chrome. It starts faster.",
    "The rota account now uses SSO. Don't share it.",
    "The gate app now opens with badges. Never share them.",
    "The lockers now open with QR-codes, see the poster.",
    "The bay app now opens with 1234. Don't share it.",
    "The account now uses passkeys only.",
])
def test_device_opens_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


# Table languages: Kinyarwanda's "izina ukoresha" (the name you use) and Malagasy's "anarana" (name) before the
# password word make a user / password pair; after a copula and one noun phrase, letters only that end the sentence
# count as a PIN does (the next word of a sentence goes on after it).
@pytest.mark.parametrize("text,value", [
    ("Konti yawe: izina ukoresha k.mugisha, ijambo ry'ibanga heronquillfen. Urihindure vuba.", "heronquillfen"),
    ("Konti yawe: izina ukoresha k.mugisha, ijambo ry'ibanga 60418. Urihindure vuba.", "60418"),
    ("Ny kaontinao: anarana r.rakoto, teny miafina 60418. Ovay avy hatrany.", "60418"),
    ("Ijambo ry'ibanga rya telefoni y'ishuri ni quillheronfen - ntukaribwire.", "quillheronfen"),
])
def test_table_languages_pair_and_copula(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Ijambo ry'ibanga rya telefoni ni ngombwa cyane.",  # the password is very necessary
    "Ijambo ry'ibanga rishya ni ryoroshye kwibuka, ariko rirerire.",
    "Nenosiri jipya ni kumbukumbu yako.",  # a 10-letter word that goes on
    "Ijambo ry'ibanga rya telefoni y'ishuri ni Nyamirambo.",  # one capitalised word: a name as often
    "Ny teny miafina dia tsy maintsy misy litera 12 farafahakeliny.",
    "Ny anarana sy ny teny miafina dia tsy maintsy atao.",
])
def test_table_languages_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.skipif(SCANNER._prefilter.name != "hyperscan", reason="Hyperscan's modes only")
def test_the_password_rules_stay_exact_in_hyperscan():
    """prose52: vsql beside the ldap tools' list in generic-password-cli's first stage made the pattern "too large"
    for Hyperscan; the rule fell to prefilter mode and its regex ran over the whole of a large file (pydoc's
    topics.py: 0.05 -> 0.6 s CPU). Only private-key is approximated (an atomic group)."""
    approximated = {SCANNER.rules[i].id for i in SCANNER._prefilter.approximate}
    assert approximated <= {"private-key"}


# A PIN of two distinct digits given as a password (4333, 1333) is a PIN, not "repeated characters"; one digit alone
# (0000, 1111) stays a placeholder.
@pytest.mark.parametrize("text,value", [
    ('{"engineer_login": "k.mugisha", "engineer_password": "1333"}', "1333"),
    ('{"bench_login": "k.mugisha", "bench_pw": "4333"}', "4333"),
    ("backup:\n  account: k.mugisha\n  password: 7707\n", "7707"),
])
def test_two_digit_pins_given_as_passwords(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    '{"password": "0000"}',
    '{"engineer_login": "k.mugisha", "engineer_password": "1111"}',
    '{"retries": "3333", "timeout": "4333"}',
    "password: 2020",
    '{"password": "5000"}',  # a round number: a default or a count
    "the password was reset to 1000000 by default",
    "token: 4333",
])
def test_repeated_digit_look_alikes(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


# The token is something else: an attribute right before it names it (ref=, file=, store=), or a word of the language
# stands before a call (await readSecret(...)).
@pytest.mark.parametrize("text", [
    '<Lane>\n  <Login>gate-ro</Login>\n  <Pwd store="windows-credman" ref="gate-lane-7"/>\n</Lane>',
    'password ref="gate-lane-7"',
    "password file=/etc/ops/pw.txt",
    'const pool = new pg.Pool({ user: "ops", password: await readSecret("pg-ops") });',
    "const cfg = { user: 'ops', password: yield fetchPassword('ops') };",
])
def test_attribute_or_call_before_the_token(text):
    assert not sensitive(SCANNER, text), SCANNER.explain(text)


@pytest.mark.parametrize("text,value", [
    ('<Password encrypted="false" value="Quay!Heron83"/>', "Quay!Heron83"),
    ('password="Quay!Heron83"', "Quay!Heron83"),
    ("password: quollfenmarsh (changed monday)", "quollfenmarsh"),
    ('const cfg = { user: "ops", password: "Quay!Heron83" };', "Quay!Heron83"),
])
def test_attribute_or_call_look_alikes_still_found(text, value):
    assert covered(SCANNER, text, value), SCANNER.explain(text)


# A YAML block's `key: X.` line beside a sibling key of the same indent: the period is the scalar's own.
def test_yaml_block_value_keeps_its_period():
    text = "session_backup:\n  target: nas-b\n  account: ops\n  password: Tarn!Fescue6.\n  keep_days: 30"
    assert covered(SCANNER, text, "Tarn!Fescue6."), SCANNER.explain(text)


@pytest.mark.parametrize("text", [
    "Password: Tarn!Fescue6.",  # a lone line may end a sentence
    "backup:\n  password: Tarn!Fescue6.",  # no sibling of its indent
])
def test_a_lone_key_line_ends_its_sentence(text):
    value_end = text.index("Fescue6") + len("Fescue6")
    assert any(f.end == value_end for f in SCANNER.scan(text)), SCANNER.explain(text)
