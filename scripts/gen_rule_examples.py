#!/usr/bin/env python3
"""Synthetic, checksum-valid examples for the rules whose format has a validator (addons/detect/validators.py):
GitHub and npm tokens with their CRC32 tail, payment cards with a Luhn digit and a real issuer prefix, IBANs
with mod-97 check digits, SSNs in the SSA ranges, JWTs with JSON header and payload, HTTP Basic credentials,
PEM / OpenSSH key blocks, phone numbers, IP addresses and Discord bot tokens.

    .venv/bin/python scripts/gen_rule_examples.py [--seed N] [--count K] [--rule ID ...]   # YAML lists per rule
    .venv/bin/python scripts/gen_rule_examples.py --seed N --write DIR     # a copy of rules/ using them
    .venv/bin/exitguard rules test DIR                                     # proves them (exit status 0)

The output depends on the seed only (one random.Random(seed), no clock, no other source of randomness), so a
run can be repeated exactly. Every value is random: none is a real credential or a real person's data.
`--write` replaces the examples of the generated rules and keeps everything else of every pack (negative
examples included), so `exitguard rules test DIR` runs each generated example through the same checks as the
shipped ones: found by its rule, also JSON-escaped inside a chat request body, at the right offsets.
tests/detect/test_rule_examples_gen.py runs both steps.
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import string
import sys
import zlib
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from addons.detect import validators  # noqa: E402
from addons.detect.rules import rule_files  # noqa: E402
from addons.detect.validators import IBAN_LENGTHS, base62_encode  # noqa: E402

ALNUM = string.ascii_letters + string.digits
HEX = "0123456789abcdef"
B64 = ALNUM + "+/"
URLSAFE = ALNUM + "_-"

# An example is (text, value): the text as a rule example, the value the rule must report in it.
Example = tuple[str, str]


class Generator:
    def __init__(self, seed: int):
        self.rng = random.Random(seed)

    def chars(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def pick(self, options):
        return self.rng.choice(options)

    # --- checksummed tokens --------------------------------------------------------------------------
    def crc32_token(self, prefix: str) -> str:
        """GitHub classic / npm: 30 random base62 chars and the 6-char base62 CRC32 of them."""
        body = self.chars(ALNUM, 30)
        return f"{prefix}_{body}{base62_encode(zlib.crc32(body.encode()))}"

    def github(self, prefix: str, variable: str) -> Callable[[], list[Example]]:
        def make() -> list[Example]:
            templates = [f"export {variable}={{v}}",
                         "git clone https://x-access-token:{v}@github.com/acme/api.git",
                         "Authorization: token {v}",
                         f'{{{{"content": "{variable}={{v}}\\n"}}}}']
            return [(t.format(v=v), v) for t, v in ((t, self.crc32_token(prefix)) for t in templates)]
        return make

    def npm(self) -> list[Example]:
        templates = ["//registry.npmjs.org/:_authToken={v}", "export NPM_TOKEN={v}", '{{"npm_token": "{v}"}}']
        return [(t.format(v=v), v) for t, v in ((t, self.crc32_token("npm")) for t in templates)]

    def decision_link(self) -> list[Example]:
        """exitguard's own approval decision links (addons/approval/capability.py): the npm/GitHub layout."""
        templates = ["POST https://approvals.example.com/v1/links/3f9a01c2/approve/{v}",
                     '{{"callbacks": {{"deny": "http://10.1.2.3:8444/v1/links/3f9a01c2/deny/{v}"}}}}']
        return [(t.format(v=v), v) for t, v in ((t, self.crc32_token("egl")) for t in templates)]

    # --- personal data with check digits -------------------------------------------------------------
    @staticmethod
    def luhn_complete(digits: str) -> str:
        for check in string.digits:
            candidate = digits + check
            total = 0
            for position, digit in enumerate(int(c) for c in reversed(candidate)):
                if position % 2:
                    digit = digit * 2 - 9 if digit > 4 else digit * 2
                total += digit
            if total % 10 == 0:
                return candidate
        raise AssertionError("unreachable: one check digit always completes a Luhn number")

    def card_number(self) -> str:
        """A number with a real issuer prefix and length (validators._CARD_NETWORKS) and a valid Luhn digit."""
        prefix, length = self.pick([("4", 16), ("4", 13), ("51", 16), ("55", 16), ("2221", 16), ("2720", 16),
                                    ("34", 15), ("37", 15), ("6011", 16), ("65", 16), ("3530", 16),
                                    ("3589", 16), ("36", 14)])
        while True:
            number = self.luhn_complete(prefix + self.chars(string.digits, length - len(prefix) - 1))
            if len(set(number)) > 2:
                return number

    def card(self) -> list[Example]:
        out = []
        for template in ["card {v} exp 12/27", "charged to {v}", '{{"pan": "{v}"}}']:
            number = self.card_number()
            if len(number) == 15 or len(number) == 14:  # Amex: 4-6-5
                groups = [number[:4], number[4:10], number[10:]]
            else:
                groups = [number[i:i + 4] for i in range(0, len(number), 4)]
            value = self.pick(["", " ", "-"]).join(groups)
            out.append((template.format(v=value), value))
        return out

    def iban_value(self) -> str:
        country = self.pick(["DE", "GB", "FR", "NL", "ES", "IT", "CH", "BE", "AT", "PL"])
        length = IBAN_LENGTHS[country]
        if country in ("GB", "NL"):  # a bank code in letters, then digits
            bban = self.chars(string.ascii_uppercase, 4) + self.chars(string.digits, length - 8)
        else:
            bban = self.chars(string.digits, length - 4)
        numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
        iban = f"{country}{98 - int(numeric) % 97:02d}{bban}"
        return self.pick([iban, " ".join(iban[i:i + 4] for i in range(0, len(iban), 4))])

    def iban(self) -> list[Example]:
        return [(t.format(v=v), v) for t, v in ((t, self.iban_value()) for t in
                                                ["IBAN: {v}", "pay to {v} by Friday", '{{"iban": "{v}"}}'])]

    def ssn_parts(self) -> tuple[str, str, str]:
        """SSA rules: area 001-899 but not 666, group 01-99, serial 0001-9999 (not a published sample)."""
        while True:
            area = self.pick([n for n in range(1, 900) if n != 666])
            parts = f"{area:03d}", f"{self.rng.randint(1, 99):02d}", f"{self.rng.randint(1, 9999):04d}"
            if validators.us_ssn("".join(parts)):
                return parts

    def ssn(self) -> list[Example]:
        out = []
        for template in ["SSN: {v}", "applicant ssn {v} on file"]:
            value = "-".join(self.ssn_parts())
            out.append((template.format(v=value), value))
        return out

    def ssn_context(self) -> list[Example]:
        compact, spaced = "".join(self.ssn_parts()), " ".join(self.ssn_parts())
        return [(f"ssn={compact}", compact), (f"Social Security Number: {spaced}", spaced)]

    # --- structured secrets --------------------------------------------------------------------------
    def jwt_value(self) -> str:
        def part(obj) -> str:
            return base64.urlsafe_b64encode(json.dumps(obj, separators=(",", ":")).encode()).decode().rstrip("=")
        header = part({"alg": self.pick(["HS256", "RS256", "ES256"]), "typ": "JWT"})
        payload = part({"sub": f"user-{self.rng.randint(1, 99999)}", "iat": 1700000000 + self.rng.randint(0, 10**7)})
        return f"{header}.{payload}.{self.chars(URLSAFE, 43)}"

    def jwt(self) -> list[Example]:
        return [(t.format(v=v), v) for t, v in ((t, self.jwt_value()) for t in
                                                ["Authorization: Bearer {v}", '{{"id_token": "{v}"}}'])]

    def basic_auth(self) -> list[Example]:
        out = []
        for template in ["Authorization: Basic {v}", 'curl -H "Authorization: Basic {v}" https://api.internal/v1']:
            user = self.pick(["deploy", "svc-backup", "admin", "ci-runner"])
            password = self.chars(ALNUM, self.rng.randint(10, 16)) + self.pick("!#%*+-?@^")
            value = base64.b64encode(f"{user}:{password}".encode()).decode()
            out.append((template.format(v=value), value))
        return out

    def pem_body(self, lines: int) -> list[str]:
        body = base64.b64encode(self.rng.randbytes(48 * lines)).decode()
        return [body[i:i + 64] for i in range(0, len(body), 64)]

    def private_key(self) -> list[Example]:
        out = []
        for kind, prefix in [("RSA ", ""), ("OPENSSH ", ""), ("", 'key = "')]:
            block = "\n".join([f"-----BEGIN {kind}PRIVATE KEY-----", *self.pem_body(self.rng.randint(3, 6)),
                               f"-----END {kind}PRIVATE KEY-----"])
            out.append((prefix + block + ('"' if prefix else ""), block))
        return out

    def private_key_truncated(self) -> list[Example]:
        kind = self.pick(["RSA ", "", "EC "])
        lines = self.pem_body(self.rng.randint(2, 4))
        # The pasted part ends with a line break, and the value with it (the rule takes whole lines).
        value = "\n".join([f"-----BEGIN {kind}PRIVATE KEY-----", *lines]) + "\n"
        return [("here is the key, first lines only:\n" + value, value)]

    # --- phone numbers (fictional / drama ranges) and addresses (documentation ranges) ---------------
    def digits(self, n: int) -> str:
        return self.chars(string.digits, n)

    def phones(self, templates: list[str], *makers: Callable[[], str]) -> list[Example]:
        out = []
        for template, make in zip(templates, makers, strict=True):
            value = make()
            while not validators.phone_digits(value):  # e.g. too few distinct digits
                value = make()
            out.append((template.format(v=value), value))
        return out

    def area(self) -> str:
        return f"{self.rng.randint(2, 9)}{self.digits(2)}"

    def phone_us(self) -> list[Example]:  # 555-0100 to 555-0199: reserved for fiction
        return self.phones(["Call me at {v} tomorrow", "phone: {v}", "mobile {v}"],
                           lambda: f"({self.area()}) 555-01{self.digits(2)}",
                           lambda: f"{self.area()}-555-01{self.digits(2)}",
                           lambda: f"+1 {self.area()}.555.01{self.digits(2)}")

    def phone_uk(self) -> list[Example]:  # Ofcom's ranges for drama
        return self.phones(["ring the office on {v}", "my mobile is {v}"],
                           lambda: f"020 7946 0{self.digits(3)}", lambda: f"07700 900{self.digits(3)}")

    def phone_de(self) -> list[Example]:
        return self.phones(["Telefon: {v}", "Handy {v}, abends"],
                           lambda: f"030 {self.rng.randint(1, 9)}{self.digits(7)}",
                           lambda: f"0151 {self.rng.randint(1, 9)}{self.digits(7)}")

    def phone_fr(self) -> list[Example]:
        def number(first: str, sep: str) -> str:
            return first + sep + sep.join(f"{self.rng.randint(10, 99)}" for _ in range(4))
        return self.phones(["Tél. {v}", "portable : {v}"],
                           lambda: number("0" + str(self.rng.randint(1, 5)), " "), lambda: number("06", "."))

    def phone_international(self) -> list[Example]:
        return self.phones(["call {v}", "Tel. {v}", "E.164: {v}"],
                           lambda: f"+44 20 7946 0{self.digits(3)}",
                           lambda: f"+49 30 {self.rng.randint(1, 9)}{self.digits(6)}",
                           lambda: f"+1{self.area()}55501{self.digits(2)}")

    def ipv4(self) -> list[Example]:
        def address() -> str:  # RFC 1918 private networks (documentation ranges are not reported); last octet 10-254
            return f"{self.pick(['10.20.30', '172.16.4', '192.168.1'])}.{self.rng.randint(10, 254)}"
        templates = ["client connected from {v}:51234", "DB_HOST={v}", '{{"ip": "{v}"}}']
        return [(t.format(v=v), v) for t, v in ((t, address()) for t in templates)]

    def ipv6(self) -> list[Example]:
        def group() -> str:
            return f"{self.rng.randint(0x1000, 0xffff):x}"
        compressed = f"2a00:1450:{group()}::{group()}:{group()}"  # global unicast (2001:db8::/32 is documentation)
        full = ":".join(["2a02", "0810"] + [group() for _ in range(6)])
        return [(f"peer {compressed} connected", compressed), (f"addr={full}", full)]

    def discord_bot_token(self) -> list[Example]:
        """base64 of a 17 to 20 digit user id, a 6-char timestamp and a 27 (older) or 38 char HMAC."""
        def token() -> str:
            user_id = str(self.rng.randint(10**16, 10**20 - 1))
            first = base64.urlsafe_b64encode(user_id.encode()).decode().rstrip("=")
            return f"{first}.{self.chars(URLSAFE, 6)}.{self.chars(URLSAFE, self.pick([27, 38]))}"
        templates = ["DISCORD_BOT_TOKEN={v}", "client.run('{v}')", "Authorization: Bot {v}"]
        return [(t.format(v=v), v) for t, v in ((t, token()) for t in templates)]


def generators(seed: int) -> dict[str, Callable[[], list[Example]]]:
    """Rule id -> a function returning that rule's examples, all drawing from one seeded generator."""
    g = Generator(seed)
    return {
        "github-pat-classic": g.github("ghp", "GITHUB_TOKEN"),
        "github-oauth-token": g.github("gho", "GITHUB_OAUTH_TOKEN"),
        "github-user-to-server-token": g.github("ghu", "GH_USER_TOKEN"),
        "github-server-to-server-token": g.github("ghs", "GITHUB_APP_TOKEN"),
        "github-refresh-token": g.github("ghr", "GITHUB_REFRESH_TOKEN"),
        "npm-access-token": g.npm,
        "payment-card": g.card,
        "iban": g.iban,
        "us-ssn": g.ssn,
        "us-ssn-context": g.ssn_context,
        "jwt": g.jwt,
        "generic-basic-auth": g.basic_auth,
        "private-key": g.private_key,
        "private-key-truncated": g.private_key_truncated,
        "phone-us": g.phone_us,
        "phone-uk": g.phone_uk,
        "phone-de": g.phone_de,
        "phone-fr": g.phone_fr,
        "phone-international": g.phone_international,
        "ipv4-address": g.ipv4,
        "ipv6-address": g.ipv6,
        "discord-bot-token": g.discord_bot_token,
        "exitguard-decision-link": g.decision_link,  # last: the generators above keep their values per seed
    }


def generate(seed: int, rule_ids=None, count: int = 1) -> dict[str, list[Example]]:
    """{rule id: examples}, `count` rounds of each rule's templates, in a fixed order (deterministic)."""
    makers = generators(seed)
    unknown = set(rule_ids or ()) - set(makers)
    if unknown:
        raise SystemExit(f"no generator for {', '.join(sorted(unknown))} (known: {', '.join(makers)})")
    out: dict[str, list[Example]] = {}
    for rule_id, make in makers.items():
        examples = [example for _ in range(count) for example in make()]
        if not rule_ids or rule_id in rule_ids:
            out[rule_id] = examples
    return out


def check_values(examples: dict[str, list[Example]], validator_of: dict[str, str]) -> list[str]:
    """Problems with generated values: not inside their text, or rejected by the rule's validator."""
    problems = []
    for rule_id, pairs in examples.items():
        check = validators.VALIDATORS[validator_of[rule_id]]
        for text, value in pairs:
            if value not in text:
                problems.append(f"{rule_id}: value not in its example text: {text!r}")
            elif not check(value):
                problems.append(f"{rule_id}: validator {validator_of[rule_id]} rejects {value!r}")
    return problems


def write_rules(examples: dict[str, list[Example]], source: Path, target: Path) -> list[Path]:
    """Copy every pack below `source` to `target`, with the generated examples in place of the rules' own."""
    if target.exists() and any(target.iterdir()):
        raise SystemExit(f"{target} exists and is not empty")
    written, replaced = [], set()
    for path in rule_files([source]):
        document = yaml.safe_load(path.read_text())
        for rule in document["rules"]:
            if rule["id"] in examples:
                rule["examples"] = [text for text, _ in examples[rule["id"]]]
                replaced.add(rule["id"])
        out = target / path.relative_to(source)
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True, width=10**6))
        written.append(out)
    missing = set(examples) - replaced
    if missing:
        raise SystemExit(f"rules not found below {source}: {', '.join(sorted(missing))}")
    return written


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seed", type=int, default=1, help="random seed (default 1)")
    parser.add_argument("--count", type=int, default=1, help="rounds of each rule's example templates")
    parser.add_argument("--rule", action="append", metavar="ID", help="only this rule (repeatable)")
    parser.add_argument("--rules-dir", type=Path, default=ROOT / "rules", help="rule packs to read (default rules/)")
    parser.add_argument("--write", type=Path, metavar="DIR",
                        help="write a copy of the rule packs with the generated examples to DIR")
    args = parser.parse_args(argv)

    examples = generate(args.seed, args.rule, args.count)
    validator_of = {}
    for path in rule_files([args.rules_dir]):
        for rule in yaml.safe_load(path.read_text())["rules"]:
            if rule.get("validator"):
                validator_of[rule["id"]] = rule["validator"]
    problems = check_values(examples, validator_of)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        return 1
    if args.write:
        written = write_rules(examples, args.rules_dir, args.write)
        print(f"{len(written)} rule files with {sum(map(len, examples.values()))} generated examples "
              f"for {len(examples)} rules in {args.write}; check them with: exitguard rules test {args.write}")
        return 0
    for rule_id, pairs in examples.items():
        print(f"{rule_id}:")
        for text, _ in pairs:
            print(f"  - {yaml_scalar(text)}")
    return 0


def yaml_scalar(text: str) -> str:
    """One-line YAML for an example, as the packs write them: single quotes, or double quotes (a JSON string is
    a valid YAML double-quoted scalar) when the text has line breaks or other control characters."""
    if text.isprintable():
        return "'" + text.replace("'", "''") + "'"
    return json.dumps(text, ensure_ascii=False)


if __name__ == "__main__":
    sys.exit(main())
