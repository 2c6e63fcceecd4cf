"""Passwords under key names agents and tools make up (generic-password-key-name, addons/detect/key_names.py), and
spaced passphrases with a capitalised word anywhere (issue 15 part 1, held-out sets 15 and 16's misses: tool-call
JSON with odd keys, capitalised passphrase words). Values and keys here are made up for these tests, unlike the
held-out sets'."""

import pytest

from addons.detect import Scanner, key_names
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    # a password word among the key's words
    ('{"tool": "ftp_put", "args": {"host": "f1.corp.test", "ftp_pw_value": "Gx7!rT2qLm9v"}}', "Gx7!rT2qLm9v"),
    ("{'db_user': 'etl', 'db_secret_text': 'marten quay sorrel'}", "marten quay sorrel"),
    ('{"vault_pass_plain": "harrowquillbirch"}', "harrowquillbirch"),
    # a password word run together with another
    ('{"storepass": "Qu1ll-Harrow#"}', "Qu1ll-Harrow#"),
    ('{"adminpw": "TernQuayBirch"}', "TernQuayBirch"),
    # a word of access beside a word for what is held
    ('{"functionCall": {"args": {"unlock_code": "8dK#m2Vz!q"}}}', "8dK#m2Vz!q"),
    ('{"cred_material": "gannet sedge Harrow"}', "gannet sedge Harrow"),
    # camelCase and escaped JSON inside a tool call's arguments string
    ('{"arguments": "{\\"hostAuthMaterial\\": \\"Zq4$Lm8!Wx\\"}"}', "Zq4$Lm8!Wx"),
    # a Ruby hash
    ('Parameters: {"user"=>{"pass_phrase"=>"Birch~Quay~71"}}', "Birch~Quay~71"),
])
def test_a_password_under_an_odd_key_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    '{"storepass_file": "/etc/app/keystore.pass"}',            # a word of the key names a file
    '{"auth_type": "Basic", "auth_scheme": "Bearer"}',          # words of kind
    '{"authority": "Qx7!mTz2Lp9x"}',                            # no password word: authority
    '{"compass": "Qx7!mTz2Lp9x"}',                              # an English word ending in pass
    '{"unlock_code": "None"}',
    '{"cred_material": "the one in the vault"}',                # a sentence, not a passphrase
    '{"db_pw_hash": "5f4dcc3b5aa765d61d8327deb882cf99"}',       # a digest of it
    '{"secret_ref": "projects/p1/secrets/db/versions/3"}',      # where it is
    '{"vault_pass_plain": "redacted"}',
    '{"pass_rate": "0.95", "pass_count": "1423"}',
    '{"auth_material": "agent-forwarded"}',                     # a hyphenated name, not a password
])
def test_no_password_under_these_keys(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


def test_key_words_split_snake_kebab_dotted_and_camel_case():
    assert key_names.key_words("hostAuthMaterial") == ["host", "auth", "material"]
    assert key_names.key_words("imap_secret-phrase.v2") == ["imap", "secret", "phrase", "v", "2"]
    assert key_names.key_words("PGPASSWORD") == ["pgpassword"]


def test_explain_names_the_key_signal():
    verdict = key_names.score("rolepass", "Wq7#mTz2Lp9x")
    assert verdict.reported
    assert any("run together ('rolepass')" in signal for signal in verdict.signals)
    refused = key_names.score("rolepass_ref", "Wq7#mTz2Lp9x")
    assert not refused.reported
    assert any("names something else ('ref')" in signal for signal in refused.signals)


@pytest.mark.parametrize("text, password", [
    ('password = "heron sedge Marram"', "heron sedge Marram"),
    ("the wifi password is quill Harrow birch", "quill Harrow birch"),
])
def test_a_spaced_passphrase_may_capitalise_any_word(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "the password is Ask The Service Desk",                      # title case: a heading or a name
    'password = "Contact Your Administrator"',
])
def test_title_case_is_no_passphrase(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("- QA creds: ops-relay / quillmarten", "quillmarten"),
    ("Service account: deploy / HarrowBirch", "HarrowBirch"),
    ("creds for the kiosk: kiosk-03 / sedge marram quay", "sedge marram quay"),
])
def test_letters_only_after_a_login_pair(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "log in as admin / administrator",                  # an account or role
    "sign in: Google / Microsoft Teams app",            # names, not a passphrase
    "compatibility of user projects with newer Automake versions.",   # user X with Y is prose, not a pair
    "creds: ops / the usual ones",                      # a sentence
    "login: deploy / readonly",                         # a word that describes a password
    "account: billing / GitHub",                        # humps shorter than 4: a name
])
def test_no_letters_password_after_these_pairs(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("zip -r -P 'Heron#Quay62' out.zip docs/", "Heron#Quay62"),
    ("ipmitool -I lanplus -H bmc3 -U ops -P 'sedge marram quay' power status", "sedge marram quay"),
    ('plink.exe -ssh ops@gw01 -pw "Quoll!Fen34" uptime', "Quoll!Fen34"),
    ("openssl pkcs12 -export -in a.crt -out a.p12 -passout 'pass:Marten^Gorse5'", "Marten^Gorse5"),
    ("xfreerdp /v:ts02 /u:ops /p:Birch-Quay71 /cert:ignore", "Birch-Quay71"),
    ('sqlplus etl/"Gannet~Moor48"@//ora1:1521/ORCL', "Gannet~Moor48"),
    ("lftp -u ops,'Kestrel-Tarn9' sftp://files.corp.test", "Kestrel-Tarn9"),
])
def test_password_flags_of_more_tools(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "zip -e -r handover.zip contracts/",
    'zip -P "$ZIP_PW" -r out.zip docs/',
    "ipmitool -I lanplus -H bmc3 -U ops -E sel list",
    "openssl pkcs12 -export -in a.crt -out a.p12 -passout env:P12_PASS",
    "xfreerdp /v:ts02 /u:ops /p:$RDP_PW",
    "sqlplus etl@//ora1:1521/ORCL",
    "gzip -P 4 big.tar",                                # not zip
])
def test_no_password_in_these_commands(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)
