"""Passwords in Wi-Fi configuration (nmcli, wpa_passphrase, psk=, WIFI: QR payloads), in expect / pexpect scripts,
after 密码 / 口令 wherever they stand, in a CSV column named secret or passphrase, before `als Passwort` / `comme mot
de passe` / `como contraseña`, and dotted passphrases under a password key (issue 15 part 1, held-out set 8's
misses). Values here are made up for these tests, unlike the held-out sets'."""

import pytest

from addons.detect import Scanner
from addons.detect.prefilter import CJK_CREDENTIAL_MARK, ascii_bytes
from tests.detect.shipped import covered, sensitive


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", [
    ("nmcli dev wifi connect Pier-5G password Tern!Dock83 ifname wlp3s0", "Tern!Dock83"),
    ("nmcli connection modify pier 802-11-wireless-security.psk 'lobsterpot'", "lobsterpot"),
    ("wpa_passphrase \"Pier 5G\" Winch-Cleat-Buoy", "Winch-Cleat-Buoy"),
    ("network={\n\tssid=\"Pier\"\n\tpsk=\"Mooring_29_quay\"\n}", "Mooring_29_quay"),
    ("[wifi-security]\nkey-mgmt=wpa-psk\npsk=seawall.jetty.bollard", "seawall.jetty.bollard"),
    ("WIFI:T:WPA;S:Pier;P:Halibut#Reef5;H:false;;", "Halibut#Reef5"),
    ("interface=wlan0\nwpa_passphrase=capstan.hawser.cleat", "capstan.hawser.cleat"),
])
def test_a_wifi_passphrase_in_its_place_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "nmcli dev wifi connect Pier-5G password \"$PIER_PSK\"", "nmcli --ask dev wifi connect Pier-5G",
    "psk=\"********\"", "WIFI:S:Pier;T:WPA;P:<your-passphrase>;;", "psk = derive_psk(ssid, secret)",
    "wpa_passphrase \"$SSID\" \"$PSK\"", "[wifi-security]\npsk-flags=1", "psk=required",
])
def test_a_wifi_place_without_a_passphrase_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("spawn ssh ops@10.9.0.2\nexpect \"*assword:\"\nsend -- \"Pelican!Quay4\\r\"\ninteract", "Pelican!Quay4"),
    ("child.expect(['Password:', pexpect.EOF])\nchild.sendline('barnaclespit')", "barnaclespit"),
    ("expect \"Enter passphrase\" { exp_send \"Keel-Hull-Mast\\r\" }", "Keel-Hull-Mast"),
    ('{"script": "expect \\"password:\\"\\nsend \\"Gannet_44_rock\\\\r\\""}', "Gannet_44_rock"),
])
def test_a_password_an_expect_script_sends_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "expect \"password:\"\nsend \"$env(SSH_PW)\\r\"", "child.expect('Password:')\nchild.sendline(pw)",
    "expect \"login:\"\nsend \"harbourmaster\\r\"", "expect \"Password:\"\nsend \"********\\r\"",
    "send \"Pelican!Quay4\\r\"", "expect \"password:\"\nsend \"incorrect\\r\"",
])
def test_an_expect_script_without_a_sent_password_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


def test_chinese_credential_words_reach_hyperscan_as_their_own_bytes_at_the_same_offsets():
    text = "用户 ops，密码 Tern!Dock83；口令是 x 密"
    data = ascii_bytes(text)
    assert len(data) == len(text)
    assert data[text.index("密码"):text.index("密码") + 2] == CJK_CREDENTIAL_MARK
    assert data[text.index("口令"):text.index("口令") + 2] == CJK_CREDENTIAL_MARK
    assert data.count(CJK_CREDENTIAL_MARK) == 2 and data.endswith(b"?")
    assert ascii_bytes("привет 1") == "привет 1".encode("ascii", "replace")
    # The other scripts' credential words get the mark on their first two chars, the rest stays `?`.
    assert ascii_bytes("пароль 1") == CJK_CREDENTIAL_MARK + b"???? 1"
    assert ascii_bytes("서버 비밀번호는 x") == b"?? " + CJK_CREDENTIAL_MARK + b"??? x"


@pytest.mark.parametrize("engine", ["hyperscan", "python"])
@pytest.mark.parametrize("text, password", [
    ("VPN 密码 Tern!Dock83", "Tern!Dock83"),
    ("nas密码:Mooring_29_quay", "Mooring_29_quay"),
    ("登录信息\n口令：Halibut#Reef5\n用户 ops", "Halibut#Reef5"),
    ("用户 ops，密码 Winch-Cleat-Buoy", "Winch-Cleat-Buoy"),
    ("打印机 密码 lobsterpot", "lobsterpot"),
    ("路由器口令是 harbourseal", "harbourseal"),
])
def test_a_password_after_a_chinese_word_anywhere_is_found_by_both_engines(engine, text, password):
    scanner = Scanner.default(engine)
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", ["密码 ********", "口令 ${ADMIN_PW}", "wifi 密码 hidden", "密码 reset 以后再试",
                                  "VPN 密码 已过期", "口令 长度至少 12 位"])
def test_chinese_talk_about_a_password_is_not_one(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("app,owner,client_secret\nbilling,ops,Tern!Dock83", "Tern!Dock83"),
    ("SSID\tBand\tPassphrase\nPier\t5GHz\tWinch-Cleat-Buoy", "Winch-Cleat-Buoy"),
    ("Ich habe Mooring_29_quay als Passwort gesetzt", "Mooring_29_quay"),
    ("j'ai mis Halibut#Reef5 comme mot de passe", "Halibut#Reef5"),
    ("+DB_PASSWORD=capstan.hawser.cleat", "capstan.hawser.cleat"),
])
def test_other_places_of_set_8s_misses_are_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", [
    "name,secretary,phone\nops,Margaret,5550101", "app,secret_rotated_at\nbilling,2026-11-30T10:00:00Z",
    "j'utilise Bitwarden7 comme gestionnaire de mot de passe", "DB_PASSWORD=self.settings.password",
    "password = self.smtp.relay",
])
def test_lookalikes_of_those_places_are_not_passwords(scanner, text):
    assert sensitive(scanner, text) == [], scanner.explain(text)
