"""Realistic FAKE secrets for tests, generated from a seeded RNG (never real keys)."""

from __future__ import annotations

import random
import string
import zlib

BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


def _rng(seed) -> random.Random:
    return random.Random(seed)


def _pick(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


def base62(n: int, width: int) -> str:
    out = ""
    while n:
        n, r = divmod(n, 62)
        out = BASE62[r] + out
    return out.rjust(width, "0")


def github_pat(seed=1, prefix="ghp_") -> str:
    """A classic GitHub token with a valid CRC32 checksum tail."""
    body = _pick(_rng(seed), string.ascii_letters + string.digits, 30)
    return prefix + body + base62(zlib.crc32(body.encode()), 6)


def aws_key_id(seed=2) -> str:
    return "AKIA" + _pick(_rng(seed), string.ascii_uppercase + "234567", 16)


def aws_secret(seed=3) -> str:
    return _pick(_rng(seed), string.ascii_letters + string.digits + "+/", 40)


def openai_key(seed=4) -> str:
    rng = _rng(seed)
    return "sk-proj-" + _pick(rng, string.ascii_letters + string.digits + "_-", 74) + "T3BlbkFJ" + \
        _pick(rng, string.ascii_letters + string.digits + "_-", 74)


def anthropic_key(seed=5) -> str:
    return "sk-ant-api03-" + _pick(_rng(seed), string.ascii_letters + string.digits + "_-", 93) + "AA"


def stripe_key(seed=6) -> str:
    return "sk_live_" + _pick(_rng(seed), string.ascii_letters + string.digits, 99)


def slack_bot_token(seed=7) -> str:
    rng = _rng(seed)
    return f"xoxb-{_pick(rng, string.digits, 12)}-{_pick(rng, string.digits, 13)}-" + \
        _pick(rng, string.ascii_letters + string.digits, 24)


EMAIL = "dana.whitfield@northwind-traders.com"
