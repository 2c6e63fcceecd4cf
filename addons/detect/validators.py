"""Offline validators: a rule's `validator:` names one of these. Each takes the captured value and
returns True when the value has the structure or checksum of its format; False drops the finding.

Never verify a token over the network: that would send the secret out, which exitguard prevents.
"""

from __future__ import annotations

import base64
import binascii
import ipaddress
import json
import re
import zlib

BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def base62_encode(number: int, width: int = 6) -> str:
    digits = []
    while number:
        number, rest = divmod(number, 62)
        digits.append(BASE62[rest])
    return "".join(reversed(digits)).rjust(width, "0")


def crc32_base62_tail(value: str) -> bool:
    """GitHub classic / npm format: `<prefix>_<30 random base62><6-char base62 CRC32 of the random part>`."""
    token = value.rsplit("_", 1)[-1]
    if len(token) != 36 or not token.isascii() or not token.isalnum():
        return False
    body, checksum = token[:30], token[30:]
    return base62_encode(zlib.crc32(body.encode())) == checksum


def luhn(value: str) -> bool:
    digits = [int(c) for c in value if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for position, digit in enumerate(reversed(digits)):
        if position % 2:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


# Issuer prefixes (IIN ranges) and lengths of the card networks people paste.
_CARD_NETWORKS = (
    (re.compile(r"4"), (13, 16, 19)),  # Visa
    (re.compile(r"5[1-5]|2(?:2[2-9][1-9]|2[3-9]\d|[3-6]\d\d|7[01]\d|720)"), (16,)),  # Mastercard
    (re.compile(r"3[47]"), (15,)),  # American Express
    (re.compile(r"6011|65|64[4-9]|622"), (16, 19)),  # Discover
    (re.compile(r"35(?:2[89]|[3-8]\d)"), (16, 19)),  # JCB
    (re.compile(r"3(?:0[0-5]|[689])"), (14, 16, 19)),  # Diners Club
    (re.compile(r"62"), (16, 17, 18, 19)),  # UnionPay
    (re.compile(r"5018|5020|5038|5893|6304|6759|676[1-3]"), (12, 13, 14, 15, 16, 17, 18, 19)),  # Maestro
)


def _card_grouping(groups: list[str]) -> bool:
    """How cards are written: groups of four with a shorter last group, or Amex/Diners 4-6-5 / 4-6-4."""
    lengths = [len(g) for g in groups]
    if lengths in ([4, 6, 5], [4, 6, 4]):
        return True
    return len(lengths) >= 3 and all(n == 4 for n in lengths[:-1]) and 1 <= lengths[-1] <= 4


def payment_card(value: str) -> bool:
    """A card number: a known issuer prefix and length, consistent separators, and a valid Luhn digit."""
    separators = {c for c in value if not c.isdigit()}
    if len(separators) > 1 or separators - {" ", "-"}:
        return False
    if separators and not _card_grouping(value.split(separators.pop())):
        return False
    digits = "".join(c for c in value if c.isdigit())
    if len(set(digits)) < 2:  # 0000 0000 0000 0000
        return False
    for prefix, lengths in _CARD_NETWORKS:
        if prefix.match(digits) and len(digits) in lengths:
            return luhn(digits)
    return False


# Country code -> IBAN length (ISO 13616 registry, the countries people are likely to paste).
IBAN_LENGTHS = {
    "AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BR": 29,
    "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DK": 18, "DO": 28, "EE": 20, "EG": 29, "ES": 24,
    "FI": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23, "GL": 18, "GR": 27, "GT": 28, "HR": 21,
    "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26, "IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28,
    "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MR": 27, "MT": 31,
    "MU": 30, "NL": 18, "NO": 15, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
    "SA": 24, "SC": 31, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "TN": 24, "TR": 26, "UA": 29, "VA": 22,
    "VG": 24, "XK": 20,
}


def iban_mod97(value: str) -> bool:
    iban = "".join(value.split()).upper()
    if IBAN_LENGTHS.get(iban[:2]) != len(iban) or not iban.isalnum():
        return False
    rearranged = iban[4:] + iban[:4]
    return int("".join(str(int(c, 36)) for c in rearranged)) % 97 == 1


def us_ssn(value: str) -> bool:
    """SSA rules: area not 000/666/9xx, group not 00, serial not 0000; plus famous published samples."""
    digits = "".join(c for c in value if c.isdigit())
    if len(digits) != 9:
        return False
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    if area in ("000", "666") or area[0] == "9" or group == "00" or serial == "0000":
        return False
    return digits not in ("078051120", "219099999")  # the Woolworth wallet card and the 1940s ad sample


_TOO_DEEP = object()  # JSON nested past the parser's depth (json.loads raises RecursionError)


def _b64url_json(part: str):
    padded = part + "=" * (-len(part) % 4)
    try:
        return json.loads(base64.urlsafe_b64decode(padded.encode()))
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return None
    except RecursionError:
        return _TOO_DEEP


def jwt(value: str) -> bool:
    """Three base64url parts; the header is a JSON object with `alg`, the payload a JSON object."""
    parts = value.split(".")
    if len(parts) != 3 or not parts[0] or not parts[1]:
        return False
    header, payload = _b64url_json(parts[0]), _b64url_json(parts[1])
    if header is _TOO_DEEP or payload is _TOO_DEEP:
        return True  # a token nested past the parser's depth is taken as one (masked), never a failed scan (attack44)
    if not isinstance(header, dict) or "alg" not in header or not isinstance(payload, dict):
        return False
    return bool(parts[2]) or header.get("alg") == "none"


def basic_auth(value: str) -> bool:
    """An HTTP Basic credential: base64 of printable `user:password` with a non-empty password."""
    try:
        decoded = base64.b64decode(value, validate=True).decode("utf-8")
    except (ValueError, binascii.Error, UnicodeDecodeError):
        return False
    _user, colon, password = decoded.partition(":")
    return bool(colon) and bool(password) and decoded.isprintable()


def ipv4(value: str) -> bool:
    """A routable-looking IPv4 address: no leading zeros; not 0.x, loopback, multicast, reserved,
    broadcast or netmask-like (x.x.x.255, 255.x.x.x); not a network address (x.x.x.0); not four
    single digits (version numbers such as 1.2.3.4 read like that; so do 8.8.8.8-style public resolvers,
    which are not personal data either); not an RFC 5737 documentation address, an IETF protocol
    assignment (192.0.0.0/24: NAT64 discovery, DS-Lite ...) or a benchmarking address (198.18.0.0/15); not an
    OID-like 1.x / 2.x with a small second arc."""
    octets = value.split(".")
    if len(octets) != 4:
        return False
    # One dict lookup per octet checks its digits, leading zeros and range (this runs once per address of a
    # customer export): only "0" to "255" written without leading zeros are keys.
    lookup = _OCTETS.get
    first, second, third, last = lookup(octets[0]), lookup(octets[1]), lookup(octets[2]), lookup(octets[3])
    if first is None or second is None or third is None or last is None:
        return False
    if first < 10 and second < 10 and third < 10 and last < 10:  # 1.2.3.4, 2.0.1.5: version numbers
        return False
    if first in _SPECIAL_FIRST_OCTETS:
        if first == 169 and second == 254:  # link-local, e.g. the cloud metadata address
            return False
        if (first, second, third) in DOCUMENTATION_NETWORKS:  # RFC 5737: nobody's address
            return False
        if first == 192 and second == 0 and third == 0:  # 192.0.0.0/24: IETF protocol assignments
            return False
        if first == 198 and second in (18, 19):  # 198.18.0.0/15: benchmarking (RFC 2544)
            return False
    if first < 3 and second < 10:  # 1.3.6.1, 2.5.29.28: OID arcs, not addresses (and 0.x)
        return False
    return 0 < first < 224 and first != 127 and 0 < last < 255


# The decimal octets as an address writes them: "0" to "255", no sign, no leading zero, ASCII digits only.
_OCTETS = {str(number): number for number in range(256)}
# First octets of the special-purpose networks below (link-local, documentation, protocol assignments,
# benchmarking): every other address skips those checks.
_SPECIAL_FIRST_OCTETS = frozenset({169, 192, 198, 203})


# RFC 5737 TEST-NET-1/2/3: reserved for documentation and examples.
DOCUMENTATION_NETWORKS = frozenset({(192, 0, 2), (198, 51, 100), (203, 0, 113)})


# IPv6 prefixes that are nobody's address (RFC 6890 special-purpose registry): documentation (RFC 3849
# 2001:db8::/32, RFC 9637 3fff::/20), benchmarking (RFC 5180 2001:2::/48), ORCHID identifiers (RFC 4843
# 2001:10::/28, RFC 7343 2001:20::/28) and the discard-only prefix (RFC 6666 100::/64).
IPV6_SPECIAL_NETWORKS = tuple(ipaddress.IPv6Network(n) for n in (
    "2001:db8::/32", "3fff::/20", "2001:2::/48", "2001:10::/28", "2001:20::/28", "100::/64"))


def ipv6(value: str) -> bool:
    """A real IPv6 address: not `::`, `::1`, multicast or a special-purpose prefix; with at least three
    groups so `a::b` in code is not one. Link-local fe80::/10 stays: its interface id is often the MAC."""
    try:
        address = ipaddress.IPv6Address(value)
    except ValueError:
        return False
    if address.is_loopback or address.is_unspecified or address.is_multicast:
        return False
    if any(address in network for network in IPV6_SPECIAL_NETWORKS):
        return False
    groups = [g for g in value.split(":") if g]
    return len(groups) >= 3 or (len(groups) >= 2 and any(len(g) == 4 for g in groups))


def discord_user_id(value: str) -> bool:
    """A Discord token's first part is the unpadded base64 of the user id: a snowflake, 17 to 20 decimal
    digits without a leading zero."""
    first = value.split(".", 1)[0]
    try:
        user_id = base64.urlsafe_b64decode(first + "=" * (-len(first) % 4))
    except (ValueError, binascii.Error):
        return False
    return 17 <= len(user_id) <= 20 and user_id.isdigit() and not user_id.startswith(b"0")


def private_key_block(value: str) -> bool:
    """A PEM/OpenSSH/PGP private key has a substantial base64 body (placeholders like `...` do not)."""
    body = re.sub(r"-----[A-Z0-9 ]+-----", "", value)
    return sum(1 for c in body if c.isalnum() or c in "+/=") >= 64


def phone_digits(value: str) -> bool:
    """Phone numbers have 8 to 15 digits, not all the same, and do not mix dots and dashes (that is a
    clause or part number: 252.227-7013)."""
    digits = [c for c in value if c.isdigit()]
    return 8 <= len(digits) <= 15 and len(set(digits)) > 2 and not ("." in value and "-" in value)


# Validators that judge a value by its context rather than by itself: the scanner calls
# context_score.score_match (context_password), letters_password.score_match (letters_password),
# key_names.score_match (key_password), key_names.score_named_match (named_key_password),
# paired_keys.score_match (paired_key_password), pin_codes.score_match (pin_code) or agent_steps.score_match
# (agent_step_password) with the match instead (see scanner._rejection). table_word_password is context_password
# behind a gate: a password word of the vocabulary table before the token on its line (word_table.table_word_before),
# which the stream hold-backs read too (a rule with no keywords would otherwise hold every word of prose).
TABLE_WORD_VALIDATOR = "table_word_password"
# lock_code_password is the same behind a narrower gate: a lock's code word of the table (word_table.lock_code_before).
LOCK_CODE_VALIDATOR = "lock_code_password"
GATED_VALIDATORS = frozenset({TABLE_WORD_VALIDATOR, LOCK_CODE_VALIDATOR})
CONTEXT_VALIDATORS = frozenset({"context_password", "letters_password", "key_password", "named_key_password",
                                "paired_key_password", "pin_code", "agent_step_password", *GATED_VALIDATORS,
                                "value_first_password"})  # sov56: detect/value_before_word.py

# A value that passes one of these carries its own checksum: a generator wrote it, so a word its random part happens
# to hold (`your`, `dummy`) is no stand-in's (allowlist.reason's `checksummed`).
CHECKSUM_VALIDATORS = frozenset({"github_crc32", "npm_crc32"})

VALIDATORS = {
    "github_crc32": crc32_base62_tail,
    "npm_crc32": crc32_base62_tail,
    "luhn": luhn,
    "payment_card": payment_card,
    "iban_mod97": iban_mod97,
    "us_ssn": us_ssn,
    "jwt": jwt,
    "basic_auth": basic_auth,
    "ipv4": ipv4,
    "ipv6": ipv6,
    "private_key_block": private_key_block,
    "discord_user_id": discord_user_id,
    "phone_digits": phone_digits,
}
