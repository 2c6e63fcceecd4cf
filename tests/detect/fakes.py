"""Seeded generators of fake secrets and PII in real formats (checksummed formats get valid checksums).

Used by the unit tests and by tests/data/eval/generate.py. Every value is random: none is a real credential.
"""

from __future__ import annotations

import base64
import json
import random
import string
import zlib

from addons.detect.validators import IBAN_LENGTHS, base62_encode

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
URLSAFE = ALNUM + "_-"
B64 = ALNUM + "+/"


class Fakes:
    def __init__(self, seed: int = 0):
        self.rng = random.Random(seed)

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    # --- checksummed token formats ---------------------------------------------------------------
    def crc32_token(self, prefix: str) -> str:
        body = self.chars(ALNUM, 30)
        return f"{prefix}_{body}{base62_encode(zlib.crc32(body.encode()))}"

    def github_classic(self) -> str:
        return self.crc32_token(self.rng.choice(["ghp", "gho", "ghu", "ghs", "ghr"]))

    def npm(self) -> str:
        return self.crc32_token("npm")

    # --- provider formats (public format descriptions) ---------------------------------------------
    def provider_keys(self) -> dict[str, str]:
        """One fresh key per provider format, keyed by a short provider name."""
        c = self.chars
        return {
            "github": self.github_classic(),
            "github-fine-grained": f"github_pat_{c(ALNUM, 22)}_{c(ALNUM, 59)}",
            "npm": self.npm(),
            "gitlab": f"glpat-{c(URLSAFE, 20)}",
            "openai-project": f"sk-proj-{c(URLSAFE, 74)}T3BlbkFJ{c(URLSAFE, 74)}",
            "openai-legacy": f"sk-{c(ALNUM, 20)}T3BlbkFJ{c(ALNUM, 20)}",
            "sk-style": f"sk-{c(ALNUM, 48)}",  # how many docs and test sets write OpenAI-compatible keys
            "anthropic": f"sk-ant-api03-{c(URLSAFE, 93)}AA",
            "google": f"AIza{c(URLSAFE, 35)}",
            "aws-key-id": f"AKIA{c(string.ascii_uppercase + '234567', 16)}",
            "slack-bot": f"xoxb-{c(string.digits, 12)}-{c(string.digits, 13)}-{c(ALNUM, 24)}",
            "slack-webhook": f"https://hooks.slack.com/services/T{c(string.ascii_uppercase + string.digits, 10)}"
                             f"/B{c(string.ascii_uppercase + string.digits, 10)}/{c(ALNUM, 24)}",
            "stripe": f"sk_live_{c(ALNUM, 99)}",
            "stripe-restricted": f"rk_live_{c(ALNUM, 99)}",
            "sendgrid": f"SG.{c(URLSAFE, 22)}.{c(URLSAFE, 43)}",
            "huggingface": f"hf_{c(string.ascii_letters, 34)}",
            "groq": f"gsk_{c(ALNUM, 52)}",
            "xai": f"xai-{c(ALNUM, 80)}",
            "openrouter": f"sk-or-v1-{c(HEX, 64)}",
            "replicate": f"r8_{c(ALNUM, 37)}",
            "digitalocean": f"dop_v1_{c(HEX, 64)}",
            "vault": f"hvs.{c(URLSAFE, 90)}",
            "databricks": f"dapi{c(HEX, 32)}",
            "shopify": f"shpat_{c(HEX, 32)}",
            "telegram": f"{self.rng.randint(10**8, 10**10 - 1)}:AA{c(URLSAFE, 33)}",
            "mailgun": f"key-{c(HEX, 32)}",
            "pypi": f"pypi-AgEIcHlwaS5vcmc{c(URLSAFE, 120)}",
            "linear": f"lin_api_{c(ALNUM, 40)}",
            "notion": f"ntn_{c(string.digits, 11)}{c(ALNUM, 35)}",
            "doppler": f"dp.pt.{c(ALNUM, 43)}",
            "pulumi": f"pul-{c(HEX, 40)}",
            "age": "AGE-SECRET-KEY-1" + c("QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L".upper(), 58),
        }

    def context_keys(self) -> list[tuple[str, str]]:
        """(assignment template, value) pairs for formats recognised by a key name next to them."""
        c = self.chars
        return [
            ("AWS_SECRET_ACCESS_KEY={v}", c(B64, 40)),
            ("aws_secret_access_key = {v}", c(B64, 40)),
            ("DD_API_KEY={v}", c(HEX, 32)),
            ("TWILIO_AUTH_TOKEN={v}", c(HEX, 32)),
            ("MISTRAL_API_KEY={v}", c(ALNUM, 32)),
            ("COHERE_API_KEY={v}", c(ALNUM, 40)),
            ("AZURE_OPENAI_API_KEY={v}", c(HEX, 32)),
        ]

    def azure_connection_string(self) -> tuple[str, str]:
        key = base64.b64encode(self.rng.randbytes(64)).decode()
        return (f"DefaultEndpointsProtocol=https;AccountName=st{self.chars(LOWER_ALNUM, 10)};"
                f"AccountKey={key};EndpointSuffix=core.windows.net", key)

    def discord_bot_token(self) -> str:
        """base64 of a 17-20 digit user id, a 6-char timestamp, a 27 (older) or 38 char HMAC."""
        user_id = str(self.rng.randint(10**16, 10**20 - 1))
        first = base64.urlsafe_b64encode(user_id.encode()).decode().rstrip("=")
        return f"{first}.{self.chars(URLSAFE, 6)}.{self.chars(URLSAFE, self.rng.choice((27, 38)))}"

    def private_key(self, kind: str = "RSA ") -> str:
        body = base64.b64encode(self.rng.randbytes(self.rng.choice([600, 900, 1190]))).decode()
        lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
        return f"-----BEGIN {kind}PRIVATE KEY-----\n{lines}\n-----END {kind}PRIVATE KEY-----"

    def jwt(self) -> str:
        def part(obj):
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
        header = part({"alg": self.rng.choice(["HS256", "RS256", "ES256"]), "typ": "JWT"})
        payload = part({"sub": f"user-{self.rng.randint(1, 99999)}", "iat": 1700000000 + self.rng.randint(0, 10**7),
                        "scope": self.rng.choice(["read", "read write", "admin"])})
        return f"{header}.{payload}.{self.chars(URLSAFE, 43)}"

    def password(self, length: int | None = None) -> str:
        """A human-chosen-looking password: mixed case, digits, maybe a symbol."""
        length = length or self.rng.randint(10, 18)
        body = self.chars(ALNUM, length - 2) + self.rng.choice("!#%*+-?@^") + self.rng.choice(string.digits)
        return body[0].upper() + body[1:] if body[0].isalpha() else "K" + body[1:]

    # --- PII ----------------------------------------------------------------------------------------
    def card(self) -> str:
        prefix = self.rng.choice(["4", "51", "52", "55", "2221", "37", "6011"])
        length = 15 if prefix == "37" else 16
        digits = prefix + self.chars(string.digits, length - len(prefix) - 1)
        for check in string.digits:
            candidate = digits + check
            total = sum(int(d) if i % 2 == 0 else (int(d) * 2 - 9 if int(d) * 2 > 9 else int(d) * 2)
                        for i, d in enumerate(reversed(candidate)))
            if total % 10 == 0:
                break
        if length == 15:
            return self.rng.choice([candidate, f"{candidate[:4]} {candidate[4:10]} {candidate[10:]}"])
        sep = self.rng.choice(["", " ", "-"])
        return sep.join(candidate[i:i + 4] for i in range(0, 16, 4))

    def luhn_invalid_card(self) -> str:
        card = self.card().replace(" ", "").replace("-", "")
        last = str((int(card[-1]) + 1 + self.rng.randint(0, 8)) % 10)
        return card[:-1] + last

    def ssn(self) -> str:
        area = self.rng.choice([n for n in range(1, 900) if n != 666])
        return f"{area:03d}-{self.rng.randint(1, 99):02d}-{self.rng.randint(1, 9999):04d}"

    def iban(self) -> str:
        country = self.rng.choice(["DE", "GB", "FR", "NL", "ES", "IT", "CH", "BE"])
        length = IBAN_LENGTHS[country]
        if country in ("GB", "NL"):
            bban = self.chars(string.ascii_uppercase, 4) + self.chars(string.digits, length - 8)
        else:
            bban = self.chars(string.digits, length - 4)
        numeric = "".join(str(int(ch, 36)) for ch in bban + country + "00")
        check = 98 - int(numeric) % 97
        iban = f"{country}{check:02d}{bban}"
        return self.rng.choice([iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))])

    def email(self) -> str:
        first = self.rng.choice(["maria", "li", "ahmed", "sofia", "jan", "priya", "tom", "olga", "kenji", "ana"])
        last = self.rng.choice(["garcia", "wang", "khan", "rossi", "novak", "patel", "smith", "ivanova", "sato"])
        domain = self.rng.choice(["gmail.com", "outlook.com", "acme-corp.io", "uni-heidelberg.de", "yahoo.co.uk",
                                  "fastmail.fm", "company.org"])
        separator = self.rng.choice([".", "_", ""])
        return f"{first}{separator}{last}{self.rng.choice(['', str(self.rng.randint(1, 99))])}@{domain}"

    def phone(self) -> str:
        r = self.rng.randint
        return self.rng.choice([
            f"({r(201, 989)}) {r(200, 999)}-{r(0, 9999):04d}",
            f"{r(201, 989)}-{r(200, 999)}-{r(0, 9999):04d}",
            f"+1 {r(201, 989)} {r(200, 999)} {r(0, 9999):04d}",
            f"+44 20 {r(1000, 9999)} {r(1000, 9999)}",
            f"07{r(100, 999)} {r(100000, 999999)}",
            f"+49 30 {r(1000000, 99999999)}",
            f"0151 {r(10000000, 99999999)}",
            f"+33 1 {r(10, 99)} {r(10, 99)} {r(10, 99)} {r(10, 99)}",
            f"06 {r(10, 99)} {r(10, 99)} {r(10, 99)} {r(10, 99)}",
            f"+{r(1, 9)}{r(10**9, 10**10 - 1)}",
        ])

    def ipv4(self) -> str:
        r = self.rng.randint
        return self.rng.choice([f"10.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}", f"192.168.{r(0, 255)}.{r(1, 254)}",
                                f"{r(11, 223)}.{r(0, 255)}.{r(0, 255)}.{r(1, 254)}"])

    def ipv6(self) -> str:
        """Global unicast (2001:db8::/32 is the documentation prefix and not reported)."""
        groups = [f"{self.rng.randint(0, 0xffff):x}" for _ in range(8)]
        return self.rng.choice([":".join(groups), f"2a00:1450:{groups[2]}::{groups[6]}:{groups[7]}"])

    # --- hard negatives -------------------------------------------------------------------------------
    def uuid(self) -> str:
        h = self.chars(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.rng.choice('89ab')}{h[17:20]}-{h[20:]}"

    def sha(self, bits: int) -> str:
        return self.chars(HEX, bits // 4)

    def npm_integrity(self) -> str:
        return "sha512-" + base64.b64encode(self.rng.randbytes(64)).decode()

    def base64_image(self) -> str:
        return "data:image/png;base64,iVBORw0KGgo" + base64.b64encode(self.rng.randbytes(300)).decode()

    def ssh_public_key(self) -> str:
        return "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQ" + self.chars(B64, 300) + " dev@laptop"

    def certificate(self) -> str:
        body = base64.b64encode(self.rng.randbytes(700)).decode()
        lines = "\n".join(body[i:i + 64] for i in range(0, len(body), 64))
        return f"-----BEGIN CERTIFICATE-----\nMIID{lines}\n-----END CERTIFICATE-----"
