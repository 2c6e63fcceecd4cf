#!/usr/bin/env python3
"""Build the labelled evaluation set tests/data/eval/eval.jsonl (deterministic: seeded RNG).

Each line: {"id", "context", "text", "labels": [{"start", "end", "category", "type"}], "hard_negative"}.
Labels mark the value only (what exitguard must mask), in offsets of `text` as stored, so values inside
JSON bodies are labelled at their escaped position. Run: .venv/bin/python tests/data/eval/generate.py
"""

from __future__ import annotations

import base64
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[3]
sys.path.insert(0, str(ROOT))

from tests.detect.fakes import ALNUM, HEX, Fakes  # noqa: E402

OUT = Path(__file__).with_name("eval.jsonl")

# --- how a secret sits in a prompt: (context name, template); {v} is the value, {name} an env-style name --
SECRET_CONTEXTS = [
    ("chat", "I keep getting 401 Unauthorized from the API. This is the key I'm using: {v} - what am I doing wrong?"),
    ("chat", "can you check why this doesn't work\n\nkey = {v}\n\nthanks!"),
    ("env", "# .env\nNODE_ENV=production\n{name}={v}\nLOG_LEVEL=debug\nPORT=8080\n"),
    ("env", "export {name}=\"{v}\"\nexport PATH=$PATH:/usr/local/bin\n"),
    ("yaml", "service:\n  name: billing\n  replicas: 3\n  credentials:\n    {lname}: {v}\n    region: eu-west-1\n"),
    ("json", "{{\"provider\": \"x\", \"{lname}\": \"{v}\", \"timeout\": 30, \"retries\": 3}}"),
    ("python", "import os\nfrom client import Client\n\nclient = Client(\n    api_key=\"{v}\",\n    timeout=30,\n)\nprint(client.models.list())\n"),
    ("javascript", "const client = new Client({{\n  apiKey: '{v}',\n  baseURL: 'https://api.internal/v1',\n}});\n"),
    ("curl", "curl https://api.internal/v1/items -H \"Authorization: Bearer {v}\" -H 'Content-Type: application/json'"),
    ("log", "2026-11-02T10:14:07.512Z DEBUG http.client request headers={{'Authorization': 'Bearer {v}', 'Accept': '*/*'}}"),
    ("stacktrace", "Traceback (most recent call last):\n  File \"/app/main.py\", line 41, in <module>\n    resp = call_api(token=\"{v}\")\n  File \"/app/api.py\", line 12, in call_api\n    raise AuthError(\"invalid token\")\napi.AuthError: invalid token\n"),
    ("ini", "[default]\nregion = us-east-1\n{lname} = {v}\noutput = json\n"),
    ("docker-compose", "services:\n  worker:\n    image: worker:1.4.2\n    environment:\n      - {name}={v}\n      - QUEUE=default\n"),
    ("markdown", "## Setup\n\n1. Install deps\n2. Set the key:\n\n```bash\nexport {name}={v}\n```\n"),
]

# Formats too plain to recognise without the provider's name next to them (`key-<32 hex>`).
NEEDS_PROVIDER_NAME = {"mailgun"}

PASSWORD_CONTEXTS = [
    ("env", "REDIS_HOST=cache\nREDIS_PASSWORD={p}\nREDIS_DB=0\n"),
    ("env", "POSTGRES_USER=app\nPOSTGRES_PASSWORD={p}\n"),
    ("yaml", "database:\n  host: db.internal\n  user: orders\n  password: \"{p}\"\n"),
    ("json", "{{\"db\": {{\"user\": \"etl\", \"password\": \"{p}\", \"port\": 5432}}}}"),
    ("python", "conn = psycopg2.connect(host='db', dbname='app', user='etl', password='{p}')\n"),
    ("url", "DATABASE_URL=postgres://orders:{u}@db.internal:5432/orders\n"),
    ("url", "mongodb+srv://analytics:{u}@cluster0.x1y2z.mongodb.net/prod?retryWrites=true&w=majority"),
    ("url", "CELERY_BROKER_URL=amqp://worker:{u}@rabbitmq:5672//\n"),
    ("url", "REDIS_URL=redis://:{u}@cache.internal:6379/0"),
    ("connection-string", "Server=tcp:sql.internal,1433;Initial Catalog=orders;User ID=app;Password={u};Encrypt=True;"),
    ("chat", "my database password is {p} and it still says access denied for user 'app'@'%'"),
    ("cli", "mysql -h db.internal -u root -p{u} orders < dump.sql"),
    ("cli", "pg_dump --dbname=app --username=backup --password={u} > backup.sql"),
    ("http", "POST /login HTTP/1.1\nHost: intranet\nContent-Type: application/x-www-form-urlencoded\n\nusername=jdoe&password={u}&remember=1"),
]

PII_CONTEXTS = {
    "email": ["Please send the invoice to {v} by Friday.", "From: Support <{v}>\nSubject: Your ticket #4821",
              "{{\"customer\": {{\"name\": \"M. Rossi\", \"email\": \"{v}\"}}}}"],
    "phone": ["You can reach me on {v} after 5pm.", "Contact: J. Novak, tel. {v}", "phone={v}"],
    "card": ["Please charge card {v}, expiry 09/28, CVC 123.", "{{\"payment\": {{\"pan\": \"{v}\", \"exp\": \"11/27\"}}}}"],
    "ssn": ["Applicant SSN: {v}. Date of birth 1984-03-12.", "employee ssn {v} on the W-2 form"],
    "iban": ["Please transfer the deposit to IBAN {v} (account holder: A. Weber).", "iban: {v}"],
    "ipv4": ["The attacker came from {v} according to the firewall log.", "ssh deploy@{v} -p 22",
             "2026-11-03 12:01:55 sshd[2211]: Failed password for root from {v} port 53321 ssh2"],
    "ipv6": ["client address {v} was rate limited", "AAAA record points to {v}"],
}

# Less regular ways secrets show up: prose, XML, cookies, query strings, CLI flags, k8s manifests.
# (template, value kind) with value kinds "token" (random 24-40 alnum), "password", "b64" (base64 secret).
VARIED_SECRETS = [
    ("my api key is {v} but every call returns 401", "token"),
    ("The secret key: {v}\nplease rotate it tomorrow", "token"),
    ("curl 'https://api.internal/v2/report?format=csv&api_key={v}&limit=50'", "token"),
    ("GET /callback?code=abc&access_token={v}&state=xyz HTTP/1.1", "token"),
    ("Cookie: sessionid={v}; theme=dark", "token"),
    ("<settings><servers><server><id>releases</id><password>{v}</password></server></servers></settings>", "password"),
    ("<add key=\"ApiKey\" value=\"x\"/>\n<ApiKey>{v}</ApiKey>", "token"),
    ("docker login -u ci-bot -p {v} registry.internal:5000", "password"),
    ("sshpass -p '{v}' ssh deploy@build-host", "password"),
    ("apiVersion: v1\nkind: Secret\ntype: Opaque\ndata:\n  password: {v}\n", "b64"),
    ("spring.datasource.password={v}\nspring.datasource.username=app", "password"),
    ("$db_password = '{v}';\n$conn = new PDO($dsn, $db_user, $db_password);", "password"),
    ("let password := \"{v}\"", "password"),
    ("[database]\nhost = db.internal\npassword = {v}\n", "password"),
    ("X-Auth-Token: {v}", "token"),
    ("the admin password was {v} until yesterday", "password"),
]

HARD_NEGATIVES = [
    lambda f: f"Request id {f.uuid()} failed with status 502; retry with trace {f.uuid()}.",
    lambda f: f"commit {f.sha(160)}\nAuthor: CI Bot\nDate:   Mon Nov 2 10:00:00 2026\n\n    bump version to 2.14.1\n",
    lambda f: f"sha256:{f.sha(256)}  app-linux-amd64.tar.gz\nsha512: {f.sha(512)}",
    lambda f: f"\"node_modules/left-pad\": {{\"version\": \"1.3.0\", \"resolved\": \"https://registry.npmjs.org/left-pad/-/left-pad-1.3.0.tgz\", \"integrity\": \"{f.npm_integrity()}\"}}",
    lambda f: f"<img alt=\"logo\" src=\"{f.base64_image()}\">",
    lambda f: f"Add this to authorized_keys:\n{f.ssh_public_key()}",
    lambda f: f"server.crt:\n{f.certificate()}",
    lambda f: "AWS docs example: aws configure set aws_access_key_id AKIAIOSFODNN7EXAMPLE && aws configure set aws_secret_access_key wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
    lambda f: "OPENAI_API_KEY=YOUR_API_KEY\nANTHROPIC_API_KEY=<your-anthropic-key>\nDB_PASSWORD=${DB_PASSWORD}\n",
    lambda f: "client = OpenAI(api_key=os.environ[\"OPENAI_API_KEY\"])\ntoken = os.getenv('GITHUB_TOKEN')\n",
    lambda f: "const stripe = new Stripe(process.env.STRIPE_SECRET_KEY);\nconst key = process.env.OPENAI_API_KEY;",
    lambda f: "Set `api_key: sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx` in config.yaml, then run `make deploy`.",
    lambda f: "password: \"{{ vault_db_password }}\"\ntoken: ${{ secrets.GITHUB_TOKEN }}\napi_key: !vault |\n  $ANSIBLE_VAULT;1.1;AES256",
    lambda f: "Here is the sanitized config: api_key=[MASKED:openai-project-key:3fa9c1] password=[MASKED:generic-password:09be44]",
    lambda f: "Authorization: Bearer ****************\nX-Api-Key: ••••••••••\npassword=********",
    lambda f: f"Order number {f.luhn_invalid_card()} shipped; tracking 1Z999AA10123456784.",
    lambda f: "Upgrade from v2.10.4 to 3.0.0-rc.1; Python 3.11.7, node 18.17.1, Chrome/120.0.6099.109, build 10.0.19045.3803",
    lambda f: "for token in tokenizer.tokenize(text):\n    if token.is_secret:\n        secret_count += 1\npassword_field = form.fields['password']\n",
    lambda f: "apiVersion: v1\nkind: Pod\nspec:\n  containers:\n    - env:\n        - name: DB_PASSWORD\n          valueFrom:\n            secretKeyRef: {name: db, key: password}\n",
    lambda f: "The max_tokens parameter limits output; set temperature to 0.2 and top_p to 0.9. token_type is Bearer.",
    lambda f: f"{{\"nextPageToken\": \"{f.chars(ALNUM, 6)}\", \"items\": [], \"etag\": \"{f.sha(128)}\"}}",
    lambda f: "Use a strong password (at least 12 characters) and never share your API key with anyone.",
    lambda f: "listening on 127.0.0.1:8080 and 0.0.0.0:9090; netmask 255.255.255.0",
    lambda f: f"docker pull ghcr.io/acme/api@sha256:{f.sha(256)}",
    lambda f: f"Cache key: user:{f.randint(1000, 9999)}:profile; ETag W/\"{f.sha(64)}\"",
    lambda f: "POSTGRES_PASSWORD=changeme\nMYSQL_ROOT_PASSWORD=password\nADMIN_PASSWORD=example",
    lambda f: f"git clone https://github.com/acme/api.git && cd api && git checkout {f.sha(160)[:12]}",
    lambda f: "Timestamp 1700000000000 and id 4000000000000000 from the metrics export.",
    lambda f: f"The JWT header is eyJhbGciOiJIUzI1NiJ9 (that is just {{\"alg\":\"HS256\"}} base64url-encoded).",
    lambda f: f"Session {f.uuid()} expired at 2026-11-02T10:14:07Z",
    lambda f: "jwt.io example: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c",
    lambda f: "Stripe quickstart: stripe.api_key = 'sk_test_4eC39HqLyjWDarjtT1zdp7dc'",
    lambda f: "Server=myServerAddress;Database=myDataBase;User Id=myUsername;Password=myPassword;",
    lambda f: "upgrade the agent to 1.2.3.4 and restart; see RFC 1918",
    lambda f: "<password>${env.NEXUS_PASSWORD}</password>\n<token>{{ registry_token }}</token>",
    lambda f: "the token is expired, and the secret is stored in Vault under kv/prod/db",
    lambda f: f"\"idempotency_key\": \"{f.uuid()}\", \"request_id\": \"{f.uuid()}\"",
    lambda f: "ghp_16C7e42F292c6912E7710c838347Ae178B4a is the token shown in GitHub's docs",
    lambda f: "docker run -p 8080:80 -e PASSWORD_FILE=/run/secrets/pw nginx",
    lambda f: f"sha1: {f.sha(160)}  md5: {f.sha(128)}  crc32: {f.sha(32)}",
]


class Builder:
    def __init__(self, seed: int):
        self.fake = Fakes(seed)
        self.rng = self.fake.rng
        self.items: list[dict] = []

    def add(self, context: str, text: str, values: list[tuple[str, str, str]], hard_negative: bool = False,
            wrap: bool = True):
        """values: (value, category, type). Optionally wrap the text into a JSON request body."""
        if wrap and self.rng.random() < 0.45:
            text, context = self.wrap(text), f"{context}+{self.last_wrap}"
        labels = []
        for value, category, kind in values:
            start, end = locate(text, value)
            labels.append({"start": start, "end": end, "category": category, "type": kind})
        self.items.append({"id": f"e{len(self.items):04d}", "context": context, "text": text,
                           "labels": labels, "hard_negative": hard_negative})

    def wrap(self, text: str) -> str:
        choice = self.rng.choice(["openai", "anthropic", "tool-args"])
        self.last_wrap = choice
        if choice == "openai":
            return json.dumps({"model": "gpt-4o", "messages": [
                {"role": "system", "content": "You are a helpful assistant."},
                {"role": "user", "content": text}], "temperature": 0.2})
        if choice == "anthropic":
            return json.dumps({"model": "claude-sonnet-4-5", "max_tokens": 1024, "messages": [
                {"role": "user", "content": [{"type": "text", "text": text}]}]})
        arguments = json.dumps({"path": "config/settings.txt", "content": text})
        return json.dumps({"model": "gpt-4o", "messages": [
            {"role": "user", "content": "save my settings"},
            {"role": "assistant", "tool_calls": [{"id": "call_1", "type": "function", "function": {
                "name": "write_file", "arguments": arguments}}]}]})


def locate(text: str, value: str) -> tuple[int, int]:
    """Where the value sits in the text: as is, or JSON-escaped up to three times (tool arguments)."""
    form = value
    for _ in range(4):
        index = text.find(form)
        if index >= 0:
            return index, index + len(form)
        form = json.dumps(form)[1:-1]
    raise AssertionError("value not found in the generated text")


def build() -> list[dict]:
    b = Builder(seed=20261121)
    f, rng = b.fake, b.rng
    # Provider keys, each format in several contexts.
    for round_ in range(4):
        for provider, key in f.provider_keys().items():
            context, template = rng.choice(SECRET_CONTEXTS)
            if provider in NEEDS_PROVIDER_NAME:
                context, template = SECRET_CONTEXTS[2]
            name = provider.upper().replace("-", "_") + "_KEY"
            b.add(context, template.format(v=key, name=name, lname=name.lower()), [(key, "secret", f"provider:{provider}")])
    for _ in range(3):
        for template, value in f.context_keys():
            b.add("env", f"# deploy settings\n{template.format(v=value)}\nREGION=eu-west-1\n",
                  [(value, "secret", "provider:" + template.split("=")[0].split(" ")[0].lower())])
    for _ in range(6):
        connection, key = f.azure_connection_string()
        b.add("env", f"AZURE_STORAGE_CONNECTION_STRING=\"{connection}\"\n", [(key, "secret", "provider:azure-storage")])
    for kind in ["RSA ", "", "EC ", "OPENSSH ", "RSA ", ""]:
        key = f.private_key(kind)
        b.add("pem", f"Here is the deploy key, please fix the permissions error:\n\n{key}\n",
              [(key, "secret", "generic:private-key")])
    for _ in range(6):
        key = f.private_key("")
        key_id, client_email = f.sha(160), f"ci-{f.chars(HEX, 6)}@acme-prod.iam.gserviceaccount.com"
        sa = json.dumps({"type": "service_account", "project_id": "acme-prod", "private_key_id": key_id,
                         "private_key": key + "\n", "client_email": client_email}, indent=2)
        b.add("gcp-service-account", sa, [(key, "secret", "generic:private-key"),
                                          (key_id, "secret", "provider:gcp-key-id"),
                                          (client_email, "pii", "pii:email")])
    for _ in range(12):
        token = f.jwt()
        context, template = rng.choice([SECRET_CONTEXTS[8], SECRET_CONTEXTS[9], SECRET_CONTEXTS[5]])
        b.add(context, template.format(v=token, name="ID_TOKEN", lname="id_token"), [(token, "secret", "generic:jwt")])
    # Generic secrets recognised by key names.
    for _ in range(24):
        value = f.chars(ALNUM, rng.randint(24, 48))
        name = rng.choice(["INTERNAL_API_KEY", "SERVICE_TOKEN", "APP_SECRET", "WEBHOOK_SECRET", "CLIENT_SECRET",
                           "SIGNING_KEY", "ACCESS_TOKEN", "MASTER_KEY"])
        context, template = rng.choice([SECRET_CONTEXTS[i] for i in (2, 3, 4, 5, 11, 12)])
        b.add(context, template.format(v=value, name=name, lname=name.lower()), [(value, "secret", "generic:assignment")])
    for _ in range(30):
        password = f.password()
        url_safe = f.chars(ALNUM, rng.randint(10, 20))
        context, template = rng.choice(PASSWORD_CONTEXTS)
        value = url_safe if "{u}" in template else password
        b.add(context, template.format(p=password, u=url_safe), [(value, "secret", "generic:password")])
    for _ in range(6):
        user_pass = f"deploy:{f.chars(ALNUM, 14)}"
        token = base64.b64encode(user_pass.encode()).decode()
        b.add("curl", f"curl -H 'Authorization: Basic {token}' https://ci.internal/api/json", [(token, "secret", "generic:basic-auth")])
    # PII.
    makers = {"email": f.email, "phone": f.phone, "card": f.card, "ssn": f.ssn, "iban": f.iban,
              "ipv4": f.ipv4, "ipv6": f.ipv6}
    for _ in range(8):
        for kind, maker in makers.items():
            value = maker()
            b.add("pii-" + kind, rng.choice(PII_CONTEXTS[kind]).format(v=value), [(value, "pii", f"pii:{kind}")])
    # Mixed items: several values in one prompt.
    for _ in range(20):
        keys = f.provider_keys()
        provider = rng.choice(sorted(set(keys) - NEEDS_PROVIDER_NAME))
        email, phone, password = f.email(), f.phone(), f.password()
        text = (f"Hi, I'm setting up the staging box for {email} (mobile {phone}).\n"
                f"OPENAI_KEY={keys[provider]}\nDB_PASSWORD={password}\nWhy does the health check fail?")
        b.add("mixed", text, [(email, "pii", "pii:email"), (phone, "pii", "pii:phone"),
                              (keys[provider], "secret", f"provider:{provider}"),
                              (password, "secret", "generic:password")])
    for _ in range(3):
        for template, kind in VARIED_SECRETS:
            value = {"token": lambda: f.chars(ALNUM, rng.randint(24, 40)), "password": lambda: f.chars(ALNUM, rng.randint(10, 16)),
                     "b64": lambda: base64.b64encode(f.password().encode()).decode()}[kind]()
            b.add("varied", template.format(v=value), [(value, "secret", f"generic:{kind}")])
    # Hard negatives.
    for _ in range(8):
        for make in HARD_NEGATIVES:
            b.add("hard-negative", make(FakeNegatives(f)), [], hard_negative=True)
    add_detect4_shapes(b, Fakes(seed=20261215))
    return b.items


# Shapes added with issue 15's detect4 work. Their own generator (seed) and appended last, so every item
# before them stays byte for byte what it was.
DISCORD_CONTEXTS = [
    "import discord\n\nclient = discord.Client(intents=discord.Intents.default())\nclient.run('{v}')\n",
    "const {{ Client }} = require('discord.js');\nnew Client({{ intents: [] }}).login(\"{v}\");\n",
    "bot:\n  prefix: \"!\"\n  token: {v}\n",
    "here's what the developer portal gave me after reset: {v} - the bot still shows offline",
    "2026-12-01 09:12:44 INFO gateway: identifying with {v} (shard 0/1)",
]
DOC_IPV6 = ["server 2001:db8::{g} refused the connection", "AAAA 2001:0db8:{g}:0000::{g}",
            "neighbor 2001:DB8:{g}::1 remote-as 64512", "ping6 ff02::1%eth0"]


def add_detect4_shapes(b: Builder, f: Fakes) -> None:
    for _ in range(3):
        for template in DISCORD_CONTEXTS:
            token = f.discord_bot_token()
            b.add("discord-bot", template.format(v=token), [(token, "secret", "provider:discord-bot")])
    for template in ("STRIPE_KEY={v}\n", "Stripe(api_key=\"{v}\")", "the read-only reporting key is {v}"):
        key = f"rk_prod_51{f.chars(ALNUM, f.rng.randint(60, 99))}"
        b.add("stripe-prod", template.format(v=key), [(key, "secret", "provider:stripe-restricted")])
    for _ in range(2):
        for template in DOC_IPV6:
            b.add("hard-negative", template.format(g=f"{f.rng.randint(1, 0xffff):x}"), [], hard_negative=True)


class FakeNegatives:
    """The Fakes API plus randint, for the hard-negative templates."""

    def __init__(self, fake: Fakes):
        self.fake = fake

    def __getattr__(self, name):
        return getattr(self.fake, name)

    def randint(self, a: int, b: int) -> int:
        return self.fake.rng.randint(a, b)


def main() -> int:
    items = build()
    with OUT.open("w") as handle:
        for item in items:
            handle.write(json.dumps(item) + "\n")
    labels = sum(len(i["labels"]) for i in items)
    negatives = sum(i["hard_negative"] for i in items)
    print(f"wrote {OUT.relative_to(ROOT)}: {len(items)} items, {labels} labelled values, {negatives} hard negatives")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
