"""prose33: the passphrase an unlock or decrypt call or command is given, whatever the wallet or library
(generic-password-os-account): eth_account's Account.decrypt(keystore, 'X'), web3's unlockAccount(addr, 'X', 300),
CryptoJS's AES.decrypt(ct, 'X'), bitcoind's walletpassphrase X as a command, a call or a JSON-RPC body. A variable,
a prompt, a placeholder or an argument naming an encoding or an algorithm is none."""

import pytest

from addons.detect import Scanner

SCANNER = Scanner.default()
RULE = "generic-password-os-account"


def _found(text: str, value: str) -> bool:
    start = text.index(value)
    return any(f.rule_id == RULE and f.start == start and f.end == start + len(value) for f in SCANNER.scan(text))


@pytest.mark.parametrize("template,value", [
    ("from eth_account import Account\nkey = Account.decrypt(json.load(open(\"ks.json\")), \"{v}\")", "Quoll!Fen34"),
    ("key = Account.decrypt(keystore, '{v}')", "heron marsh gannet tarn"),
    ("> personal.unlockAccount(eth.accounts[0], \"{v}\", 300)", "Kettle.Basalt.Wren"),
    ("w3.geth.personal.unlock_account(addr, '{v}', 60)", "quollfenmarsh"),
    ("const bytes = CryptoJS.AES.decrypt(ciphertext, '{v}');", "TarnGannet7"),
    ("$ bitcoin-cli -rpcwallet=savings walletpassphrase '{v}' 600", "Gannet#Shoal4"),
    ("litecoin-cli walletpassphrase {v} 60", "HeronMarsh48"),
    ("{{\"method\":\"walletpassphrase\",\"params\":[\"{v}\", 60]}}", "Tarn-Gannet-Heron"),
    ("rpc.walletpassphrase(\"{v}\", 600)", "48213"),
])
def test_an_unlock_or_decrypt_passphrase_is_found_whole(template, value):
    assert _found(template.format(v=value), value)


@pytest.mark.parametrize("text", [
    "key = Account.decrypt(keystore, getpass.getpass(\"Keystore password: \"))",
    "web3.personal.unlockAccount(addr, password, 300)",
    "plain = cipher.decrypt(data, \"utf-8\")",
    "x = decrypt(data, \"base64\")",
    "const out = decrypt(payload, 'aes-256-cbc');",
    "token = jwe.decrypt(blob, \"HS256\")",
    "claims = jwe.decrypt(blob, \"RSA-OAEP-256\")",
    "d = fernet.decrypt(b\"gAAAAABlZ0d3YWxsZXQ\")",
    "bitcoin-cli walletpassphrase \"my pass phrase\" 60",
    "bitcoin-cli walletpassphrase \"$(pass show btc/savings)\" 600",
    "walletpassphrase <passphrase> <timeout>",
    "bitcoin-cli walletpassphrase $WALLET_PASS 60",
    "lock.unlock()",
])
def test_no_passphrase_is_no_finding(text):
    assert [f for f in SCANNER.scan(text) if f.rule_id == RULE] == []


STDIN_RULE = "generic-password-stdin-pipe"


@pytest.mark.parametrize("text,value", [
    ("echo '{v}' > /tmp/pw.txt && geth --datadir ~/.eth-dev --unlock 0 --password /tmp/pw.txt", "Qv7#tLm2ex"),
    ("echo \"{v}\" > ~/.vault_pass", "Tern4!Quay"),
    ("printf '%s' '{v}' | sudo tee /run/secrets/db_password", "Gannet~Moor48"),
    ("echo -n {v} >> secrets/smtp_passwd", "heronbasaltquay"),
    ("echo '{v}' > wallet.passphrase", "gorse ledger quince"),
    ("echo {v} > /etc/ppp/pin_pass.txt", "48213"),
])
def test_a_value_written_into_a_password_file_is_found_whole(text, value):
    text = text.format(v=value)
    start = text.index(value)
    assert any(f.rule_id == STDIN_RULE and (f.start, f.end) == (start, start + len(value)) for f in SCANNER.scan(text))


@pytest.mark.parametrize("text", [
    "echo \"$DB_PASSWORD\" > /run/secrets/db_password",
    "echo 'Qv7#tLm2ex' > /tmp/compass.txt",
    "echo 'Qv7#tLm2ex' > /tmp/bypass.txt",
    "echo 'Qv7#tLm2ex' | tee /tmp/out.txt",
    "echo \"<your password>\" > pw.txt",
    "echo done > /tmp/passwd.lock",
    "echo done > /tmp/passwd.state",
    "echo Qv7tLm2ex > /var/log/password.log",
    "echo 'password reset requested' >> /var/log/password.log",
])
def test_a_write_that_holds_no_password_is_no_finding(text):
    assert [f for f in SCANNER.scan(text) if f.rule_id == STDIN_RULE] == []
