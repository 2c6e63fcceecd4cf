"""Passwords in more languages and in places that are evidence themselves (issue 15 part 1, held-out set 6's
kinds): the context model's lexicon (context_score.py), the carrier rules and their place signals
(password_carriers.py), and shapes that are something else (UUIDs, digests, timestamps, versions). Values
here are made up for these tests, unlike scripts/eval_heldout6.py's."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import shape_signals
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("la password del router è Girasole#77", "Girasole#77"),
    ("a senha do roteador é limoeiro42", "limoeiro42"),
    ("a palavra-passe do portal é Cavalo!Marinho3", "Cavalo!Marinho3"),
    ("het wachtwoord van de printer is Klomp9!Tulp", "Klomp9!Tulp"),
    ("hasło do routera to Truskawka!5", "Truskawka!5"),
    ("heslo je Knedlik_88", "Knedlik_88"),
    ("lösenordet är Ekorre!bo3", "Ekorre!bo3"),
    ("пароль: Matryoshka!9", "Matryoshka!9"),
    ("パスワードはSakura!2026です", "Sakura!2026"),
    ("şifre: Karpuz!lu7", "Karpuz!lu7"),
    ("minha senha nova é bacalhau77", "bacalhau77"),
    ("het wachtwoord is stroopwafel", "stroopwafel"),          # letters only, Dutch copula
    ("moje hasło: pierogiruskie", "pierogiruskie"),
    ("pasuwaado wa takoyakidesu desu", "takoyakidesu"),
    ("la nuova password è melograno_fico_ulivo", "melograno_fico_ulivo"),  # a passphrase is no identifier
])
def test_a_password_in_another_language_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "la password è sbagliata", "a senha é obrigatoria", "het wachtwoord is verlopen", "hasło jest wymagane",
    "lösenordet är felaktigt", "the password to unlock the door",  # "to" is a copula only after hasło
    "mot de passe je pense", "password on staging", "パスワードは8文字以上です",
])
def test_a_state_word_or_another_language_s_copula_is_not_a_password(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("sshpass -p otterbank ssh ops@gw", "otterbank"),
    ("htpasswd -b /srv/.htpasswd reporter Wombat-Dune-Fern", "Wombat-Dune-Fern"),
    ("smbclient //nas/media -U kodi%Lemur!88", "Lemur!88"),
    ("curl -u bob:quokkadance https://repo.test/x", "quokkadance"),
    ("redis-cli -h cache -a OtterRiverMoss ping", "OtterRiverMoss"),
    ("mosquitto_pub -u probe -P Gecko42tail -t t -m m", "Gecko42tail"),
    ("rabbitmqctl change_password ingest badgerhollow", "badgerhollow"),
    ('{"argv": ["mysql", "-u", "etl", "-pNumbatgrove", "-e", "select 1"]}', "Numbatgrove"),
])
def test_a_command_line_password_argument_is_found_whatever_its_shape(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)
    assert any("the password argument of" in line for line in scanner.explain(text))


@pytest.mark.parametrize("text", [
    "mysql -u root -p orders", "mysql -h db -P 33060 -u app", 'sshpass -p "$SSHPASS" ssh ops@gw',
    "sshpass -p YOUR_PASSWORD ssh ops@gw", "sshpass -p <password> ssh ops@gw", "rabbitmqctl add_user ingest required",
])
def test_a_prompt_variable_or_placeholder_on_the_command_line_is_not(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("# password for the backup share\nshare_key = 'quokka-dune-heron'", "quokka-dune-heron"),
    ("[smtp]\n; relay password\nrelay_token: 'platypusriver'", "platypusriver"),
    ('{"role": "user", "content": "# db password\\ndb_value: Kiwi!Fern52"}', "Kiwi!Fern52"),
])
def test_a_value_whose_comment_names_a_password_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "# Check the password\nif pw == stored:", "# password\npassword = getpass.getpass()",
    "# set the password\nuser_pw = input_value", "# password hash\nsalt = 5f2a9c1d77",
    "# no password: peer authentication\nauth_method = scram256x", "timeout = 30  # password prompt timeout",
    "# password of the relay\nrelay_user: 'svc_relay'",
    "# password item\nitem_id = 9b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d",
    "# hostname:port:database:username:password\ndb1:5432:app:etl:Tern!Quartz9",  # .pgpass: its own rule
])
def test_a_comment_about_something_else_or_a_name_in_code_is_not(scanner, text):
    found = [f for f in scanner.scan(text) if f.rule_id.startswith("generic-password-commented")]
    assert found == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ('{"selector": "#pass", "text": "wombatshore"}', "wombatshore"),
    ('{"fields": [{"label": "Passwort", "value": "Igel!Wald4"}]}', "Igel!Wald4"),
    ('page.fill("#password", "Koala-Reef-Dingo")', "Koala-Reef-Dingo"),
])
def test_a_form_field_named_password_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    '{"selector": "#password", "text": "********"}', '{"label": "Password", "value": "<your-password>"}',
    '{"label": "Password", "value": "required"}',
])
def test_a_masked_placeholder_or_state_in_a_password_field_is_not(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("value, kind", [
    ("7c9e6679-7425-40de-944b-e07fc1f90ae7", "uuid"), ("9f3c2e1a7b4d6e8f0a1b2c3d4e5f6071", "hex digest"),
    ("2026-11-30T10:00:00Z", "date or timestamp"), ("10.20.30.40", "version or address"),
])
def test_a_value_of_another_known_kind_counts_against_it(value, kind):
    assert (f"a {kind}, not a password", -6) in shape_signals(value)


def test_a_uuid_after_password_words_is_not_reported(scanner):
    assert sensitive(scanner, "password updated for user 3e0f5a52-9b1d-4c7e-8a2f-6d4b1c9e0a77") == []


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
def test_both_engines_find_the_new_places_alike(engine):
    texts = ["パスワードはSakura!2026です", "sshpass -p otterbank ssh ops@gw", "het wachtwoord is stroopwafel",
             "# password for the share\nshare_key = 'quokka-dune-heron'"]
    found = [sorted((f.rule_id, f.start, f.end) for f in Scanner.default(engine).scan(t)) for t in texts]
    assert found == [sorted((f.rule_id, f.start, f.end) for f in Scanner.default("hyperscan").scan(t))
                     for t in texts]
    assert all(found)


TABLE = "| host | login | password | note |\n|---|---|---|---|\n| nas01 | backup | Heron!Lake27 | weekly-rotation |\n"


def test_a_cell_of_the_password_column_is_found_and_no_other(scanner):
    text = TABLE + "| nas02 | svc_sync | `fernhollow` | Kept-In-Vault-99 |\n"
    assert sensitive(scanner, text) == ["Heron!Lake27", "fernhollow"], scanner.explain(text)


@pytest.mark.parametrize("row", ["| nas02 | svc | ******** | - |", "| nas02 | svc | `<your-password>` | - |",
                                 "| nas02 | svc | required | - |"])
def test_a_masked_placeholder_or_state_cell_is_not(scanner, row):
    text = "| host | login | password | note |\n|---|---|---|---|\n" + row + "\n"
    assert sensitive(scanner, text) == [], scanner.explain(text)
