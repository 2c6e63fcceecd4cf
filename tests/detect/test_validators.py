import base64
import json

import pytest

from addons.detect import validators as v
from tests.detect.fakes import Fakes

FAKE = Fakes(seed=3)


def test_github_and_npm_checksums():
    for token in [FAKE.github_classic() for _ in range(20)] + [FAKE.npm() for _ in range(20)]:
        assert v.crc32_base62_tail(token)
        flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
        assert not v.crc32_base62_tail(flipped)
    assert not v.crc32_base62_tail("ghp_" + "x" * 36)


@pytest.mark.parametrize("number, valid", [
    ("4111 1111 1111 1111", True), ("5555-5555-5555-4444", True), ("378282246310005", True),
    ("3782 822463 10005", True), ("4111 1111 1111 1112", False), ("1234567890123456", False),
    ("4111 11 1111 1111 11", False), ("4111-1111 1111-1111", False), ("0000000000000000", False),
])
def test_payment_card(number, valid):
    assert v.payment_card(number) is valid


def test_luhn():
    assert v.luhn("79927398713") and not v.luhn("79927398710")
    for _ in range(20):
        assert v.payment_card(FAKE.card())
        assert not v.payment_card(FAKE.luhn_invalid_card())


@pytest.mark.parametrize("iban, valid", [
    ("DE89 3704 0044 0532 0130 00", True), ("GB82WEST12345698765432", True), ("DE89 3704 0044 0532 0130 01", False),
    ("DE89 3704 0044 0532 0130", False), ("XX89 3704 0044 0532 0130 00", False),
])
def test_iban(iban, valid):
    assert v.iban_mod97(iban) is valid


@pytest.mark.parametrize("ssn, valid", [
    ("123-45-6789", True), ("000-12-3456", False), ("666-12-3456", False), ("901-12-3456", False),
    ("123-00-4567", False), ("123-45-0000", False), ("078-05-1120", False),
])
def test_us_ssn(ssn, valid):
    assert v.us_ssn(ssn) is valid


def _b64(obj):
    return base64.urlsafe_b64encode(json.dumps(obj).encode()).decode().rstrip("=")


def test_jwt_structure():
    assert v.jwt(FAKE.jwt())
    assert not v.jwt(f"{_b64({'typ': 'JWT'})}.{_b64({'sub': 'x'})}.sig")  # no alg
    assert not v.jwt(f"{_b64({'alg': 'HS256'})}.bm90IGpzb24.sig")  # payload is not JSON
    assert not v.jwt(f"{_b64({'alg': 'HS256'})}.{_b64({'sub': 'x'})}.")  # signed alg without signature
    assert v.jwt(f"{_b64({'alg': 'none'})}.{_b64({'sub': 'x'})}.")


def test_basic_auth():
    assert v.basic_auth(base64.b64encode(b"deploy:s3cret").decode())
    assert not v.basic_auth(base64.b64encode(b"username").decode())
    assert not v.basic_auth("understanding")


@pytest.mark.parametrize("address, valid", [
    ("81.169.145.45", True), ("203.0.113.45", False), ("198.51.100.7", False), ("192.0.2.1", False),
    ("2.5.29.28", False), ("10.20.30.40", True), ("127.0.0.1", False), ("0.0.0.0", False), ("1.2.3.4", False),
    ("255.255.255.0", False), ("10.0.0.0", False), ("01.2.3.4", False), ("256.1.1.1", False),
])
def test_ipv4(address, valid):
    assert v.ipv4(address) is valid


@pytest.mark.parametrize("address, valid", [
    ("2a00:1450:4001:81c::200e", True), ("fe80:0:0:0:202:b3ff:fe1e:8329", True), ("::1", False),
    ("a::b", False), ("dead::beef", True), ("12:34:56", False),
    ("2001:db8:85a3::8a2e:370:7334", False), ("2001:0DB8::1", False), ("3fff:1::1", False),  # documentation
    ("ff02::1:ff00:1", False), ("2001:db9::1:2", True),  # multicast; just outside the documentation /32
])
def test_ipv6(address, valid):
    assert v.ipv6(address) is valid


@pytest.mark.parametrize("user_id, valid", [
    ("555200494606748983", True), ("23565570606665771", True), ("13960482443532127989", True),
    ("1234567890123456", False),  # 16 digits: shorter than any snowflake user id
    ("055200494606748983", False), ("55520049460674898x", False), ("139604824435321279891", False),
])
def test_discord_user_id(user_id, valid):
    first = base64.urlsafe_b64encode(user_id.encode()).decode().rstrip("=")
    assert v.discord_user_id(f"{first}.EL31Ie.L2HPcHyGcFRl1SPnXNYvMIHa_2o76umfXfKm_r") is valid


def test_discord_user_id_rejects_bad_base64():
    assert not v.discord_user_id("M.EL31Ie.L2HPcHyGcFRl1SPnXNYvMIHa_2o76umfXfKm_r")
    assert not v.discord_user_id("")


def test_private_key_block_needs_key_material():
    assert v.private_key_block(FAKE.private_key())
    assert not v.private_key_block("-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----")
