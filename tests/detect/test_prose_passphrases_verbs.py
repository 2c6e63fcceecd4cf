"""Dotted passphrases of capitalised words, `~`-joined passphrases, values holding an `=`, verbs that give a value
(should be, wäre, quedó en, ficou, habe ich, c'est), adjectives like `provisoire`, and a credential word that is a
path's last segment (`sshpass -f /etc/app/pw`) (issue 15 part 1, held-out sets 8 and 9's misses). Values here are
made up for these tests, unlike the held-out sets'."""

import pytest

from addons.detect import Scanner
from addons.detect.context_score import is_passphrase
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("the VPN passphrase is Walnut.Cirrus.Ferry", "Walnut.Cirrus.Ferry"),
    ("Hier das Passwort: Sorrel.kettle.Basalt.wren", "Sorrel.kettle.Basalt.wren"),
    ("口令：Cirrus.Walnut.ferry!", "Cirrus.Walnut.ferry!"),
    ("usa Nube.Cedro.Faro como contraseña", "Nube.Cedro.Faro"),
    ("pw for the nas: pelt~dune~sorrel4", "pelt~dune~sorrel4"),
    ("service,login,secret\nsmtp,ops,Brindle.Cove.marten", "Brindle.Cove.marten"),
    ("[wifi-security]\npsk=Kettle.Basalt.Wren", "Kettle.Basalt.Wren"),
])
def test_a_passphrase_of_capitalised_dotted_or_tilde_joined_words_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("the shared inbox password should be 7731marten", "7731marten"),
    ("Kennwort vom Drucker wäre Sorrel7!dune", "Sorrel7!dune"),
    ("la clave del portal quedó en Faro_2291", "Faro_2291"),
    ("a senha do wifi ficou Cedro#88nube", "Cedro#88nube"),
    ("Als Passwort habe ich 5521brindle gesetzt", "5521brindle"),
    ("password set to birch=Kettle528.", "birch=Kettle528"),
    ("site\tlogin\tKennwort\nhq\tops\tbirch=Kettle528", "birch=Kettle528"),
    ("nmcli dev wifi connect Annex password walnut=Cove77", "walnut=Cove77"),
])
def test_a_password_given_by_a_verb_or_holding_an_equals_sign_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("Le mdp c'est girouette", "girouette"),
    ("Mot de passe provisoire : Brindille", "Brindille"),
    ("la clave quedó en mandarina", "mandarina"),
    ("Kennwort vom Drucker wäre Eichhorn", "Eichhorn"),
])
def test_a_letters_only_password_after_these_verbs_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "sshpass -f /etc/app/pw ssh ops@web04",
    "sshpass -f ~/.config/pw scp a.tgz ops@nas2:/vol",
    "cat ./secrets/pwd | ssh ops@web04",
    "password: Microsoft.Extensions.Configuration",
    "the password provider is Environment.UserName.Trim",
    "pass stdout=PIPE to the call",
    "the password should be changed every 90 days",
    "le mot de passe provisoire : incorrect",
    "la clave quedó en el gestor",
    "Kennwort vom Router wäre zu kurz",
])
def test_paths_code_and_talk_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_a_slash_before_the_word_that_starts_no_path_keeps_it_a_credential_word(scanner):
    assert covered(scanner, "login/pw: Cove!Brindle42", "Cove!Brindle42"), scanner.explain("login/pw: Cove!Brindle42")


@pytest.mark.parametrize("value, expected", [
    ("Walnut.Cirrus.Ferry", True), ("walnut.Cirrus.ferry7", True), ("pelt~dune~sorrel", True),
    ("Settings.Mail.Password", False), ("System.Runtime.Serialization", False), ("request.user.email", False),
])
def test_is_passphrase_reads_capitalised_dotted_words_and_keeps_code_paths_out(value, expected):
    assert is_passphrase(value) is expected


@pytest.mark.parametrize("text, password", [
    ("CREATE USER 'bi'@'%' IDENTIFIED BY 'Cove!Marten61';", "Cove!Marten61"),
    ("alter user report identified by basaltkettle;", "basaltkettle"),
    ("GRANT SELECT ON crm.* TO 'bi'@'%' IDENTIFIED BY 'Wren.Sorrel.Cove';", "Wren.Sorrel.Cove"),
    ("Zugangsdaten für den Drucker: ops / Marten4471", "Marten4471"),
    ("login for the wiki: ops / Kettle.Basalt.Wren", "Kettle.Basalt.Wren"),
    ("the password is now basaltkettle", "basaltkettle"),
    ("storePassword: basaltkettle", "basaltkettle"),
    ("DB_PASSWORD=kettle-basalt-wren", "kettle-basalt-wren"),
])
def test_sql_accounts_purpose_pairs_camel_keys_and_key_passphrases_are_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "CREATE USER app IDENTIFIED BY :pw;", "ALTER USER app IDENTIFIED BY VALUES 'S:8F2C0A';",
    "users are identified by their badge number", "the password is now required",
    "userPassword: string", "password = read_only_mode", "DB_PASSWORD=default-user-name",
    "login for the wiki: SSO / v2.3.1-beta",
])
def test_their_look_alikes_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_mysql_5_password_hash_is_not_read_as_the_sql_password_itself(scanner):
    # The hash after IDENTIFIED BY PASSWORD is the prose rule's to judge (a credential hash), not this rule's.
    text = "GRANT ALL ON app.* TO 'app'@'%' IDENTIFIED BY PASSWORD '*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19';"
    assert "generic-password-sql" not in {f.rule_id for f in scanner.scan(text)}
