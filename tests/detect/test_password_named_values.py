"""Passwords held-out set 13 found missed (issue 15 part 1): chat misspellings and Indonesian / Malay / Hungarian
words, a token a bracket closes (`log in as ops (pw X)`), a quoted value ending in a period, negative words in
another clause after `X as pw`, a value a sibling names (a container env entry, a Terraform variable's default, a
table row labelled Pass), a Wi-Fi key under a dialog's `Security: WPA` line, a form field filled with a passphrase
of words; and tokens inside a URL that are no password. Values here are made up for these tests, unlike the set's."""

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("cant get in, my pasword is Ferret#Gully52 and it says invalid", "Ferret#Gully52"),
    ("passwrod for the tablet: Vole-Stile93", "Vole-Stile93"),
    ("psw= Otter~Weir71 user= kiosk", "Otter~Weir71"),
    ("the new passowrd is Marl!Brook26", "Marl!Brook26"),
    ("kata sandi wifi kantor: Rusa*Teluk44", "Rusa*Teluk44"),
    ("kata laluan pelayan: Helang_Bukit82", "Helang_Bukit82"),
    ("a jelszó: Sólyom7!Domb", "Sólyom7!Domb"),
])
def test_misspelled_and_other_language_words_name_a_password(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "my pasword doesnt work anymore since monday", "forgot passwrod, pls reset", "kata sandi salah, coba lagi",
    "psw= ******** user= kiosk", "a jelszó túl rövid",
])
def test_the_same_words_without_a_value_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_a_bracket_closes_the_token():
    text = "# log in as ops (pw Quail4-Heath)\n# open Settings"
    assert covered(Scanner.default(), text, "Quail4-Heath")


def test_a_quoted_value_keeps_its_trailing_period(scanner):
    text = '{"login": "ops", "pass": "Wren!Moor7."}'
    assert covered(scanner, text, "Wren!Moor7."), scanner.explain(text)


def test_negative_words_after_x_as_pw_count_only_in_its_clause(scanner):
    assert covered(scanner, "tried Linnet5!Shaw as pw but no luck, can you reset me", "Linnet5!Shaw")
    assert sensitive(scanner, "tried Linnet5!Shaw as pw reset link, no luck") == []


@pytest.mark.parametrize("text", [
    "If you pass a [`PathLike`](https://docs.python.org/3/library/os.html#os.PathLike) instance, the file is read",
    "verbatim from the Argon2 [paper](https://www.password-hashing.net/argon2-specs.pdf) to avoid mistakes",
    "scanning directory blocks in pass 2. (Addresses Google Bug: #158564737)",
])
def test_a_url_path_or_a_long_bug_number_is_no_password(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("env:\n  - name: MINIO_ROOT_PASSWORD\n    value: \"Stoat%Fell28\"\n  - name: MINIO_ROOT_USER\n    value: ops",
     "Stoat%Fell28"),
    ("        - name: LDAP_BIND_PASS\n          value: ptarmiganscree", "ptarmiganscree"),
    ("variable \"vm_admin_pwd\" {\n  type      = string\n  sensitive = true\n  default   = \"Curlew8&Tarn\"\n}",
     "Curlew8&Tarn"),
    ("||Field||Value||\n|User|svc_etl|\n|Pass|Dipper^Ghyll3|", "Dipper^Ghyll3"),
    ("| Login | ops |\n| Password | heather bracken scree |", "heather bracken scree"),
    ('{"content": "  - name: SMTP_PASS\\n    value: \\"Snipe7-Carr\\""}', "Snipe7-Carr"),
])
def test_a_value_a_sibling_names_a_password_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "env:\n  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef:\n        name: db\n        key: password",
    "  - name: PASSWORD_FILE\n    value: /run/secrets/db", "  - name: pass_rate\n    value: \"0.95\"",
    "  - name: DB_PASSWORD\n    value: \"${DB_PASSWORD}\"",
    "variable \"db_password\" {\n  type      = string\n  sensitive = true\n}",
    "| Pass | 1423 |\n| Fail | 12 |", "|Pass|Tern8-Quay|\n|Fail|3|", "|Pass|********|",
])
def test_a_named_place_without_a_password_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("SSID: Moorland\nSecurity: WPA2-Personal\nKey: Grouse!Knoll5", "Grouse!Knoll5"),
    ("Network: Moorland\nAuthentication: WPA3-SAE\nBand: 5 GHz\nPassphrase: bilberry-tor-cairn", "bilberry-tor-cairn"),
])
def test_a_wifi_dialogs_key_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "Security: WPA2-Personal\nKey: (hidden)", "Security: WPA2-Enterprise\nKey management: 802.1X",
    "Key: Grouse!Knoll5",
])
def test_a_key_without_a_wpa_dialog_is_not_a_wifi_passphrase(scanner, text):
    assert [f for f in Scanner.default().scan(text) if f.rule_id == "generic-password-wifi"] == []


@pytest.mark.parametrize("text, password", [
    ('Action Input: {"field": "password", "text": "curlew heather tarn"}', "curlew heather tarn"),
    ('Action Input: {"field": "password", "text": "fell42"}', "fell42"),
])
def test_a_form_field_filled_with_a_passphrase_or_a_short_password_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


def test_a_form_field_filled_with_a_sentence_is_not_a_password(scanner):
    assert sensitive(scanner, '{"field": "password", "text": "the one from the vault"}') == []


@pytest.mark.parametrize("text, password", [
    ("echo ok && docker login registry.corp.test -u ci -p 'Numbat^Gorge8'", "Numbat^Gorge8"),
    ("podman login quay.corp.test -u ops --password 'scree wattle numbat'", "scree wattle numbat"),
    ("helm registry login oci.corp.test --username ops --password Dingo5-Ridge", "Dingo5-Ridge"),
    ("my pasword is dunnart quokka wombat and it says invalid", "dunnart quokka wombat"),
    ("lösenordet till skrivaren är lodjur tjader bergsipa", "lodjur tjader bergsipa"),
    ("PGPASSWORD='mallee saltbush gidgee' psql -h db -U ops", "mallee saltbush gidgee"),
    ("Observation: login succeeded for svc_etl using 'Bilby4^Spinifex'. Next step.", "Bilby4^Spinifex"),
])
def test_registry_logins_spaced_passphrases_and_login_reports_are_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "docker login -u ci -p \"$CI_REGISTRY_PASSWORD\" registry.corp.test", "docker run -p 8080:80 nginx",
    "sshpass -p 'the usual one' ssh ops@web02", "login succeeded for deploy using publickey ed25519-sk",
    "kubectl create secret generic pg --from-literal=password=\"$(openssl rand -base64 24)\"",
    "usernév:jelszó:UID:GID:valódi név:home mappa:shell",
])
def test_their_look_alikes_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)
