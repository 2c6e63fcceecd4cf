"""Places that hold a password under a name that is not `password` (issue 15 part 1, prose24): a key naming the
pre-shared key (MikroTik `wpa2-pre-shared-key=`, `pre_shared_key:`), Android's `PreSharedKey` element, netsh's
`Key Content` line, an OpenWrt wifi-iface's `option key` under a PSK encryption, keytool's and jarsigner's
`-storepass` / `-keypass`, and the line macOS `security find-generic-password -w` answers. Each positive has a
look-alike negative. Values are seeded and made up for these tests, unlike the held-out sets'."""

import random
import string

import pytest

from addons.detect import Scanner
from tests.detect.shipped import covered, sensitive

SEED = 2425

PLACES = [
    '/interface wireless security-profiles set [ find default=yes ] mode=dynamic-keys wpa2-pre-shared-key="{p}"',
    "wireless:\n  ssid: Harbour\n  pre_shared_key: {p}\n",
    '<WifiConfiguration>\n<string name="PreSharedKey">&quot;{p}&quot;</string>\n</WifiConfiguration>',
    "Security settings\n-----------------\n    Authentication         : WPA2-Personal\n"
    "    Key Content            : {p}\n",
    "config wifi-iface 'lan'\n\toption ssid 'Harbour'\n\toption encryption 'psk2+ccmp'\n\toption key '{p}'\n",
    "keytool -importkeystore -srckeystore a.p12 -destkeystore a.jks -srcstorepass {p} -deststorepass {p}",
    "jarsigner -keystore rel.jks -storepass '{p}' app.apk release",
    "$ security find-internet-password -s git.corp.test -w\n{p}\n$ ",
]
# The same places with what is no password in them.
LOOK_ALIKES = [
    '/interface wireless security-profiles set [ find default=yes ] mode=dynamic-keys wpa2-pre-shared-key=""',
    "wireless:\n  ssid: Harbour\n  pre_shared_key: ${WIFI_PSK}\n",
    '<WifiConfiguration>\n<string name="PreSharedKey">null</string>\n</WifiConfiguration>',
    "Security settings\n-----------------\n    Authentication         : WPA2-Personal\n"
    "    Key Content            : Absent\n",
    "config wifi-iface 'lan'\n\toption ssid 'Harbour'\n\toption encryption 'none'\n\toption key 'Qx7!mTz2Lp9x'\n",
    "keytool -list -keystore a.jks -storepass:env STORE_PW",
    "jarsigner -keystore rel.jks -storepass \"$STORE_PW\" app.apk release",
    "$ security find-internet-password -s git.corp.test -w\nsecurity: not found\n$ ",
    "$ security find-internet-password -s git.corp.test\nkeychain: \"/Users/ops/Library/Keychains/login.keychain-db\"",
]


def _password(rng: random.Random) -> str:
    body = [rng.choice(string.ascii_letters) for _ in range(rng.randint(8, 14))]
    body += [rng.choice(string.digits), rng.choice("#!%^*+=~_"), rng.choice(string.ascii_uppercase)]
    rng.shuffle(body)
    return rng.choice(string.ascii_letters) + "".join(body)


def _cases():
    rng = random.Random(SEED)
    return [(place.format(p=value), value) for place in PLACES for value in (_password(rng), _password(rng))]


@pytest.fixture(scope="module")
def scanner():
    return Scanner.default()


@pytest.mark.parametrize("text, password", _cases())
def test_a_password_in_its_place_is_found(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


@pytest.mark.parametrize("text", LOOK_ALIKES)
def test_the_same_place_without_a_password_gives_nothing(scanner, text):
    assert not sensitive(scanner, text), scanner.explain(text)


@pytest.mark.parametrize("text, password", [
    ("    Key Content            : sorrel gannet quay marten\n", "sorrel gannet quay marten"),
    ('<string name="PreSharedKey">&quot;puffin krill cove&quot;</string>', "puffin krill cove"),
])
def test_a_spaced_passphrase_in_a_wifi_place_is_found_whole(scanner, text, password):
    assert covered(scanner, text, password), scanner.explain(text)


def test_the_mask_stops_before_the_xml_quote_entity(scanner):
    text = '<string name="PreSharedKey">&quot;Gannet!Shoal44&quot;</string>'
    [finding] = [f for f in scanner.scan(text) if f.rule_id == "generic-password-wifi"]
    assert text[finding.start:finding.end] == "Gannet!Shoal44"
