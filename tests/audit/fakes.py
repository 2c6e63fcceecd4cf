"""Real-looking fake secrets, fresh per call so a grep of the recordings finds exactly what a test sent."""

from __future__ import annotations

import random
import string
import zlib

from addons.detect.validators import base62_encode

_rng = random.SystemRandom()


def github_token() -> str:
    """ghp_ + 30 random base62 + the 6-char base62 CRC32 GitHub puts at the end (passes the validator)."""
    body = "".join(_rng.choice(string.ascii_letters + string.digits) for _ in range(30))
    return f"ghp_{body}{base62_encode(zlib.crc32(body.encode()))}"


def aws_key_id() -> str:
    return "AKIA" + "".join(_rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567") for _ in range(16))


def email() -> str:
    return "".join(_rng.choice(string.ascii_lowercase) for _ in range(8)) + ".dev@corp-mail.com"


def password() -> str:
    return "pw-" + "".join(_rng.choice(string.ascii_letters + string.digits) for _ in range(20))
