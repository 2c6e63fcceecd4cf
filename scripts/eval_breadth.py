#!/usr/bin/env python3
"""Breadth: does the default rule set find each credential family the leading open-source scanners cover?

Issue 15 lists the families a labelled set of peer scanners' public examples showed missing. This set was written
for them from each format's public documentation, before any rule for them was written, and is independent of the
rules' own examples: every value is drawn here from a seeded generator, and each family has negatives shaped like
its positives (placeholders, variables, truncations, look-alike words).

    .venv/bin/python scripts/eval_breadth.py [--json] [--show-misses]

A positive counts when findings of a sensitive classification cover the whole value (masking them leaves no part of
it); a negative counts as a false positive when any sensitive finding lands in it. Values are never printed: a miss
names its family and case.
Exit status 1 when a positive is missed or a negative is hit (tests/detect/test_breadth.py holds it at 0/0).
"""

from __future__ import annotations

import argparse
import base64
import json
import random
import string
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from addons.detect import Scanner  # noqa: E402

NOT_SENSITIVE = {"public", "test-value"}
HEX = "0123456789abcdef"
ALNUM = string.ascii_letters + string.digits
B64 = ALNUM + "+/"
CRYPT = "./" + ALNUM


@dataclass
class Family:
    name: str
    positives: list[tuple[str, str]] = field(default_factory=list)  # (text, the value in it)
    negatives: list[str] = field(default_factory=list)


class Draw:
    """Seeded values: the same set on every run, unlike any rule's own examples."""

    def __init__(self, seed: int = 15) -> None:
        self.rng = random.Random(seed)

    def of(self, alphabet: str, n: int) -> str:
        return "".join(self.rng.choice(alphabet) for _ in range(n))

    def digits(self, n: int) -> str:
        return str(self.rng.randint(1, 9)) + self.of(string.digits, n - 1)

    def uuid(self) -> str:
        h = self.of(HEX, 32)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-a{h[17:20]}-{h[20:]}"

    def type7(self, nbytes: int) -> str:
        return f"{self.rng.randint(0, 15):02d}" + self.of("0123456789ABCDEF", 2 * nbytes)

    def bedrock_key(self) -> str:
        """ABSK + base64 of "BedrockAPIKey-<id>-at-<account>:<secret>" (the documented long-term key)."""
        inner = f"BedrockAPIKey-{self.of(string.ascii_lowercase + string.digits, 4)}-at-{self.digits(12)}:" \
                f"{self.of(B64, 60)}"
        return "ABSK" + base64.b64encode(inner.encode()).decode()

    def password(self) -> str:
        return self.of(string.ascii_uppercase, 1) + self.of(string.ascii_lowercase, 5) + self.of("!#%^*", 1) + \
            self.of(string.digits, 3) + self.of(string.ascii_letters, 2)


def families(d: Draw) -> list[Family]:
    out: list[Family] = []

    def fam(name: str, positives: list[Callable[[], tuple[str, str]]], negatives: list[str]) -> None:
        out.append(Family(name, [make() for make in positives], negatives))

    def text_with(template: str, value: str) -> tuple[str, str]:
        return template.format(v=value), value

    # ---- password hashes
    fam("bcrypt", [lambda: text_with("stored hash {v} for user 4411", f"$2b$12${d.of(CRYPT, 53)}"),
                   lambda: text_with("htpasswd line: deploy:{v}", f"$2y$10${d.of(CRYPT, 53)}")],
        ["bcrypt hashes start with $2b$ then the cost", "cost factor $2b$12$ is the default"])
    fam("md5-crypt", [lambda: text_with("root:{v}:19000:0:99999:7:::", f"$1${d.of(CRYPT, 8)}${d.of(CRYPT, 22)}")],
        ["the prefix $1$ marks md5-crypt", "price: $1$ each"])
    fam("sha-crypt", [lambda: text_with("admin:{v}:19500::::::", f"$6${d.of(CRYPT, 16)}${d.of(CRYPT, 86)}"),
                      lambda: text_with("hash = '{v}'", f"$5$rounds=80000${d.of(CRYPT, 12)}${d.of(CRYPT, 43)}")],
        ["use $6$ for SHA-512 crypt in /etc/shadow", "$5$ and $6$ are the SHA-crypt prefixes"])
    fam("kerberos-asrep", [lambda: text_with("roasted: {v}", f"$krb5asrep$23$svc_sql@CORP.TEST:{d.of(HEX, 32)}$"
                                                             f"{d.of(HEX, 208)}"),
                           lambda: text_with("{v}", f"$krb5tgs$23$*websvc$CORP.TEST$http/web01.corp.test*$"
                                                    f"{d.of(HEX, 32)}${d.of(HEX, 240)}")],
        ["hashcat mode 18200 takes $krb5asrep$23$ hashes", "the $krb5tgs$ prefix marks a TGS-REP hash"])
    fam("cisco-type8-9", [lambda: text_with("username admin privilege 15 secret 8 {v}",
                                            f"$8${d.of(CRYPT, 14)}${d.of(CRYPT, 43)}"),
                          lambda: text_with("enable secret 9 {v}", f"$9${d.of(CRYPT, 14)}${d.of(CRYPT, 43)}")],
        ["type 8 secrets start with $8$ and type 9 with $9$", "enable secret 9 <scrypt hash>"])
    # Type 7: a two-digit decimal offset (00-15) into the XOR key, then one hex pair per byte.
    fam("cisco-type7", [lambda: text_with("username ops password 7 {v}", d.type7(9)),
                        lambda: text_with(" ip ospf message-digest-key 1 md5 7 {v}", d.type7(12))],
        ["service password-encryption turns on type 7", "password 7 <encrypted>"])
    # ---- credentials in code and config
    fam("gradle-credentials", [lambda: text_with('maven {{\n  url "https://repo.corp.test/releases"\n  credentials {{'
                                                 '\n    username "ci-publisher"\n    password "{v}"\n  }}\n}}',
                                                 d.password())],
        ['credentials {\n    username mavenUser\n    password mavenPassword\n}',
         'credentials {\n    username = findProperty("repoUser")\n    password = findProperty("repoPassword")\n}'])
    fam("phpmailer", [lambda: text_with("$mail->isSMTP();\n$mail->Username = 'noreply@corp.test';\n"
                                        "$mail->Password = '{v}';", d.password())],
        ["$mail->Password = getenv('SMTP_PASSWORD');", "$mail->Password = $config['smtp_pass'];"])
    fam("dotnet-networkcredential", [lambda: text_with('client.Credentials = new NetworkCredential("svc-report", '
                                                       '"{v}");', d.password()),
                                     lambda: text_with('var c = new System.Net.NetworkCredential("backup", "{v}", '
                                                       '"CORP");', d.password())],
        ["client.Credentials = new NetworkCredential(userName, password);",
         'new NetworkCredential(user, Environment.GetEnvironmentVariable("SMTP_PASS"))'])
    fam("powershell-viserver", [lambda: text_with("Connect-VIServer -Server vc01.corp.test -User ops "
                                                  "-Password '{v}'", d.password())],
        ["Connect-VIServer -Server vc01.corp.test -Credential $cred",
         "Connect-VIServer -Server $vc -User $user -Password $password"])
    fam("psexec", [lambda: text_with("psexec \\\\app07 -u CORP\\svc_ops -p {v} cmd /c ipconfig", d.password()),
                   lambda: text_with("PsExec64.exe \\\\db02 -u admin -p \"{v}\" -s -i", d.password())],
        ["psexec \\\\app07 -u CORP\\svc_ops -p %PASSWORD% cmd", "psexec \\\\app07 -s -i cmd.exe"])
    fam("react-app-pass", [lambda: text_with("REACT_APP_PASS={v}", d.password()),
                           lambda: text_with("REACT_APP_ADMIN_PASSWORD=\"{v}\"", d.password())],
        ["REACT_APP_PASS=", "REACT_APP_PASSWORD_MIN_LENGTH=12"])
    fam("jenkins-credentials", [lambda: text_with("<com.cloudbees.plugins.credentials.impl."
                                                  "UsernamePasswordCredentialsImpl>\n  <username>deployer</username>"
                                                  "\n  <password>{{{v}}}</password>",
                                                  "AQAAABAAAAAQ" + d.of(B64, 43) + "=")],
        ["<password>${DEPLOY_PASSWORD}</password>", "<password></password>"])
    # ---- connection strings
    fam("postgres-uri-short-password", [lambda: text_with("DATABASE_URL=postgres://app:{v}@db.corp.test:5432/app",
                                                          d.of(string.ascii_lowercase, 2) + d.of(string.digits, 2)),
                                        lambda: text_with("postgresql://report:{v}@10.20.0.5/sales",
                                                          d.of(ALNUM, 5))],
        ["postgres://user:password@localhost:5432/db", "postgres://app@db.corp.test:5432/app",
         "postgresql://USER:PASSWORD@HOST/DB"])
    fam("odbc", [lambda: text_with("Driver={{ODBC Driver 18 for SQL Server}};Server=tcp:sql01.corp.test,1433;"
                                   "Database=sales;Uid=report_user;Pwd={v};Encrypt=yes;", d.password()),
                 lambda: text_with("DSN=warehouse;UID=etl;PWD={v}", d.password())],
        ["Driver={ODBC Driver 18 for SQL Server};Server=sql01;Trusted_Connection=yes;",
         "DSN=warehouse;UID=etl;PWD=;"])
    fam("mongodb-srv", [lambda: text_with("mongodb+srv://appuser:{v}@cluster0.x1y2z.mongodb.net/prod",
                                          d.of(ALNUM, 4) + "@" + d.of(ALNUM, 5)),
                        lambda: text_with("MONGO_URL=mongodb+srv://etl:{v}@c1.q8w9e.mongodb.net",
                                          d.of(ALNUM, 5) + ")" + d.of(ALNUM, 4))],
        ["mongodb+srv://<username>:<password>@cluster0.x1y2z.mongodb.net/",
         "mongodb+srv://cluster0.x1y2z.mongodb.net/prod"])
    # ---- legacy token formats
    fam("slack-legacy", [lambda: text_with("SLACK_TOKEN={v}", f"xoxs-{d.digits(10)}-{d.digits(12)}-"
                                                               f"{d.digits(12)}-{d.of(HEX, 64)}"),
                         lambda: text_with("token: {v}", f"xoxa-2-{d.digits(12)}-{d.digits(12)}-{d.digits(12)}-"
                                                          f"{d.of(HEX, 32)}"),
                         lambda: text_with("bot = '{v}'", f"xoxb-{d.digits(11)}-{d.of(ALNUM, 24)}")],
        ["xoxb-your-bot-token", "SLACK_TOKEN=xoxs-...", "xoxa-2-XXXXXXXX"])
    fam("vault", [lambda: text_with("VAULT_TOKEN={v}", "s." + d.of(ALNUM, 24)),
                  lambda: text_with("batch token {v}", "b.AAAAAQ" + d.of(ALNUM + "-_", 120)),
                  lambda: text_with("recovery: {v}", "r." + d.of(ALNUM, 24)),
                  lambda: text_with("Unseal Key 2: {v}", d.of(B64, 44)),  # a 33-byte share: no padding
                  lambda: text_with("Initial Root Token: {v}", "hvs." + d.of(ALNUM, 24))],
        ["VAULT_TOKEN=s.", "Unseal Key 1: <redacted>", "see section s.Introduction of the guide",
         "b.ArrayList is not a token"])
    # ---- keyword-anchored hex / UUID keys
    fam("keyword-anchored-keys", [
        lambda: text_with("SONAR_TOKEN={v}", d.of(HEX, 40)),
        lambda: text_with("SNYK_TOKEN={v}", d.uuid()),
        lambda: text_with("HEROKU_API_KEY={v}", d.uuid()),
        lambda: text_with("hubspot_api_key: {v}", d.uuid()),
        lambda: text_with("MESSAGEBIRD_ACCESS_KEY={v}", d.of(ALNUM, 25)),
        lambda: text_with("facebook_app_secret = \"{v}\"", d.of(HEX, 32)),
        lambda: text_with("MAILGUN_API_KEY={v}", "key-" + d.of(HEX, 32)),
        lambda: text_with("POSTMARK_SERVER_TOKEN={v}", d.uuid()),
        lambda: text_with("OKTA_API_TOKEN={v}", "00" + d.of(ALNUM + "-_", 40)),
        lambda: text_with("NEW_RELIC_API_KEY={v}", "NRAK-" + d.of(string.ascii_uppercase + string.digits, 27)),
        lambda: text_with("newrelic admin key {v}", "NRAA-" + d.of(HEX, 27))],
        ["SONAR_TOKEN=${{ secrets.SONAR_TOKEN }}", "SNYK_TOKEN=<your-snyk-token>",
         "request id 3f2a1c9e-7b6d-4e5f-8a9b-0c1d2e3f4a5b", "MAILGUN_API_KEY=key-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
         "NEW_RELIC_API_KEY=NRAK-XXXXXXXXXXXXXXXXXXXXXXXXXXX"])
    # ---- webhooks and others
    fam("webhooks-and-others", [
        lambda: text_with("TEAMS_WEBHOOK={v}", f"https://corp.webhook.office.com/webhookb2/{d.uuid()}@{d.uuid()}/"
                                               f"IncomingWebhook/{d.of(HEX, 32)}/{d.uuid()}"),
        lambda: text_with("stream key: {v}", f"live_{d.digits(9)}_{d.of(ALNUM, 30)}"),
        lambda: text_with("TAVILY_API_KEY={v}", "tvly-" + d.of(ALNUM, 32)),
        lambda: text_with("bot token {v}", f"{d.digits(9)}:AA{d.of(ALNUM + '_-', 33)}"),
        lambda: text_with("TELEGRAM_BOT_TOKEN={v}", f"{d.digits(10)}:AA{d.of(ALNUM + '_-', 33)}"),
        lambda: text_with("[Interface]\nPrivateKey = {v}\nAddress = 10.8.0.2/32", d.of(B64, 42) + "A="),
        lambda: text_with("ADAFRUIT_IO_KEY={v}", "aio_" + d.of(ALNUM, 28)),
        lambda: text_with("CC_TEST_REPORTER_ID={v}", d.of(HEX, 64)),
        lambda: text_with("curl -X POST https://tb.corp.test/api/v1/{v}/telemetry -d '{{\"t\": 21}}'",
                          d.of(ALNUM, 20)),
        lambda: text_with("MAPBOX_TOKEN={v}", "tk.eyJ1Ijoi" + d.of(ALNUM, 40) + "." + d.of(ALNUM + "-_", 22)),
        lambda: text_with("SRC_ACCESS_TOKEN={v}", f"sgp_{d.of(HEX, 16)}_{d.of(HEX, 40)}"),
        lambda: text_with("AWS_BEARER_TOKEN_BEDROCK={v}", d.bedrock_key()),
        lambda: text_with("key: {v}", "rk_prod_" + d.of(ALNUM, 99)),
        lambda: text_with('{{\n  "type": "service_account",\n  "project_id": "corp-prod",\n  "private_key_id": '
                          '"{v}"\n}}', d.of(HEX, 40))],
        ["https://corp.webhook.office.com/webhookb2/<webhook-id>", "live_streaming_enabled = true",
         "tvly-YOUR_API_KEY", "TELEGRAM_BOT_TOKEN=123456789:YOUR_TOKEN",
         "[Interface]\nPrivateKey = <client-private-key>", "CC_TEST_REPORTER_ID=${{ secrets.CC_TEST_REPORTER_ID }}",
         "curl https://tb.corp.test/api/v1/$ACCESS_TOKEN/telemetry", "ABSK is the Bedrock key prefix",
         '{"type": "service_account", "project_id": "corp-prod"}'])
    return out


@dataclass
class Score:
    found: int = 0
    positives: int = 0
    hit: int = 0
    negatives: int = 0
    misses: list[str] = field(default_factory=list)


def sensitive(scanner: Scanner, text: str) -> list:
    return [f for f in scanner.scan(text) if f.classification not in NOT_SENSITIVE]


def covered(start: int, end: int, findings: list) -> bool:
    """Every character of [start, end) lies in some finding."""
    for f in sorted(findings, key=lambda f: f.start):
        if f.start <= start < f.end:
            start = f.end
    return start >= end


def evaluate(scanner: Scanner, fams: list[Family]) -> dict[str, Score]:
    scores: dict[str, Score] = {}
    for fam in fams:
        score = scores[fam.name] = Score(positives=len(fam.positives), negatives=len(fam.negatives))
        for i, (text, value) in enumerate(fam.positives):
            start = text.index(value)
            end = start + len(value)
            if covered(start, end, sensitive(scanner, text)):
                score.found += 1
            else:
                score.misses.append(f"positive {i}")
        for i, text in enumerate(fam.negatives):
            if sensitive(scanner, text):
                score.hit += 1
                score.misses.append(f"negative {i}")
    return scores


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--json", action="store_true")
    ap.add_argument("--show-misses", action="store_true")
    args = ap.parse_args()
    scores = evaluate(Scanner.default(), families(Draw()))
    found = sum(s.found for s in scores.values())
    positives = sum(s.positives for s in scores.values())
    hit = sum(s.hit for s in scores.values())
    negatives = sum(s.negatives for s in scores.values())
    if args.json:
        print(json.dumps({name: vars(s) for name, s in scores.items()}, indent=1))
    else:
        for name, s in scores.items():
            misses = f"   {', '.join(s.misses)}" if args.show_misses and s.misses else ""
            print(f"{name:30s} recall {s.found}/{s.positives}   false positives {s.hit}/{s.negatives}{misses}")
        print(f"breadth: recall {found}/{positives} ({found / positives:.1%}), "
              f"false positives {hit}/{negatives} ({hit / negatives:.1%})")
    return 0 if found == positives and hit == 0 else 1


if __name__ == "__main__":
    sys.exit(main())
