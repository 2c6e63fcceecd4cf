#!/usr/bin/env python3
"""Held-out labelled set for the detection engine, written independently of tests/data/eval.

    .venv/bin/python tests/data/heldout/generate.py      # rewrites heldout.jsonl next to this file

Every value is fake and generated from a seeded RNG (reproducible). Line format is the one
scripts/eval_detect.py reads: {"id", "context", "text", "labels": [{"start", "end", "category", "type"}],
"hard_negative"}.

Label convention
  * spans cover the VALUE only (never the key name, the quotes or `Bearer `);
  * connection strings / URLs with credentials: the password (or token) part only;
  * PEM / OpenSSH private keys: the whole block, BEGIN line to END line;
  * JWTs: the whole three-part token; webhook URLs (Slack, Discord): the whole URL;
  * IP addresses are personal data (category pii): any public or private (RFC 1918) address seen in
    logs, headers or config; loopback (127.0.0.1, ::1), 0.0.0.0, netmasks, version numbers and the
    documentation ranges (RFC 5737, RFC 3849 2001:db8::/32) are not;
  * types: `provider:<name>` for provider-format keys (a key with a distinctive prefix, or a
    provider's documented shape next to its variable name), `secret:<kind>` for passwords, connection
    strings, private keys, JWTs and bearer/session tokens, `pii:<kind>` for personal data;
  * hard negatives (no label, hard_negative=true): UUIDs, git SHAs, digests, integrity strings,
    base64 images, public keys / certificates, documented example keys, placeholders, template and
    environment references, masked values, Luhn-invalid numbers, bad IBAN checksums, invalid SSNs,
    version strings, LLM API object ids (chatcmpl-, msg_, toolu_, call_, fp_...), trace ids.

Items with a context starting `b2/` (add_batch2_items) were written after the first round of rule fixes
and measured before any further change: `scripts/eval_heldout.py --only b2/` scores that sample alone.
"""

from __future__ import annotations

import base64
import json
import random
import string
import urllib.parse
import zlib
from pathlib import Path

SEED = 0x5EC2E7
OUT = Path(__file__).with_name("heldout.jsonl")

ALNUM = string.ascii_letters + string.digits
LOWER_ALNUM = string.ascii_lowercase + string.digits
HEX = "0123456789abcdef"
B64URL = ALNUM + "-_"
B64 = ALNUM + "+/"
BASE62 = string.digits + string.ascii_uppercase + string.ascii_lowercase


class Builder:
    def __init__(self, seed: int):
        self.r = random.Random(seed)
        self.items: list[dict] = []

    # ---------------------------------------------------------------- random values
    def s(self, n: int, alphabet: str = ALNUM) -> str:
        return "".join(self.r.choice(alphabet) for _ in range(n))

    def pick(self, seq):
        return self.r.choice(seq)

    def crc_token(self, prefix: str) -> str:
        body = self.s(30)
        number, digits = zlib.crc32(body.encode()), []
        while number:
            number, rest = divmod(number, 62)
            digits.append(BASE62[rest])
        return prefix + body + "".join(reversed(digits)).rjust(6, "0")

    def uuid(self) -> str:
        h = self.s(32, HEX)
        return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{self.pick('89ab')}{h[17:20]}-{h[20:]}"

    # ---------------------------------------------------------------- items
    def add(self, context: str, text: str, secrets=(), hard: bool = False) -> None:
        labels = []
        for value, category, kind in secrets:
            found = False
            once = json.dumps(value)[1:-1]
            forms = [value, once, json.dumps(once)[1:-1], urllib.parse.quote(value, safe="")]
            for form in dict.fromkeys(forms):
                start = 0
                while (i := text.find(form, start)) != -1:
                    labels.append({"start": i, "end": i + len(form), "category": category, "type": kind})
                    start = i + len(form)
                    found = True
                if found:
                    break
            assert found, (context, value, text)
        labels.sort(key=lambda l: l["start"])
        for a, b in zip(labels, labels[1:]):
            assert a["end"] <= b["start"], (context, text)
        assert not (hard and labels)
        self.items.append({"id": f"ho-{len(self.items):04d}", "context": context, "text": text,
                           "labels": labels, "hard_negative": hard})


# -------------------------------------------------------------------- provider keys
def provider_keys(b: Builder):
    """(type, env var name, value) of provider-format keys."""
    s = b.s
    mid = "T3BlbkFJ"
    return [
        ("openai", "OPENAI_API_KEY", f"sk-proj-{s(58, B64URL)}{mid}{s(58, B64URL)}"),
        ("openai", "OPENAI_API_KEY", f"sk-proj-{s(74, B64URL)}{mid}{s(74, B64URL)}"),
        ("openai", "OPENAI_API_KEY", f"sk-{s(20)}{mid}{s(20)}"),
        ("openai", "OPENAI_KEY", f"sk-svcacct-{s(74, B64URL)}{mid}{s(74, B64URL)}"),
        ("openai", "OPENAI_ADMIN_KEY", f"sk-admin-{s(58, B64URL)}{mid}{s(58, B64URL)}"),
        ("anthropic", "ANTHROPIC_API_KEY", f"sk-ant-api03-{s(93, B64URL)}AA"),
        ("anthropic", "CLAUDE_KEY", f"sk-ant-api03-{s(93, B64URL)}AA"),
        ("anthropic", "ANTHROPIC_ADMIN_KEY", f"sk-ant-admin01-{s(93, B64URL)}AA"),
        ("google", "GOOGLE_API_KEY", f"AIza{s(35, B64URL)}"),
        ("google", "GEMINI_API_KEY", f"AIza{s(35, B64URL)}"),
        ("aws-access-key-id", "AWS_ACCESS_KEY_ID", f"AKIA{s(16, string.ascii_uppercase + '234567')}"),
        ("github", "GITHUB_TOKEN", b.crc_token("ghp_")),
        ("github", "GH_TOKEN", b.crc_token("gho_")),
        ("github", "GITHUB_TOKEN", b.crc_token("ghu_")),
        ("github", "GITHUB_APP_TOKEN", b.crc_token("ghs_")),
        ("github", "GITHUB_REFRESH_TOKEN", b.crc_token("ghr_")),
        ("github", "GITHUB_PAT", f"github_pat_11{s(20, string.ascii_uppercase + string.digits)}_{s(59)}"),
        ("npm", "NPM_TOKEN", b.crc_token("npm_")),
        ("gitlab", "GITLAB_TOKEN", f"glpat-{s(20, B64URL)}"),
        ("slack", "SLACK_BOT_TOKEN", f"xoxb-{s(12, string.digits)}-{s(13, string.digits)}-{s(24)}"),
        ("slack", "SLACK_USER_TOKEN", f"xoxp-{s(12, string.digits)}-{s(12, string.digits)}-{s(13, string.digits)}-{s(32, HEX)}"),
        ("stripe", "STRIPE_SECRET_KEY", f"sk_live_51{s(97)}"),
        ("stripe", "STRIPE_KEY", f"rk_live_51{s(97)}"),
        ("stripe", "STRIPE_WEBHOOK_SECRET", f"whsec_{s(32)}"),
        ("huggingface", "HF_TOKEN", f"hf_{s(34, string.ascii_letters)}"),
        ("groq", "GROQ_API_KEY", f"gsk_{s(52)}"),
        ("xai", "XAI_API_KEY", f"xai-{s(80)}"),
        ("replicate", "REPLICATE_API_TOKEN", f"r8_{s(37)}"),
        ("openrouter", "OPENROUTER_API_KEY", f"sk-or-v1-{s(64, HEX)}"),
        ("perplexity", "PPLX_API_KEY", f"pplx-{s(48)}"),
        ("sendgrid", "SENDGRID_API_KEY", f"SG.{s(22, B64URL)}.{s(43, B64URL)}"),
        ("digitalocean", "DIGITALOCEAN_TOKEN", f"dop_v1_{s(64, HEX)}"),
        ("shopify", "SHOPIFY_ACCESS_TOKEN", f"shpat_{s(32, HEX)}"),
        ("linear", "LINEAR_API_KEY", f"lin_api_{s(40)}"),
        ("databricks", "DATABRICKS_TOKEN", f"dapi{s(32, HEX)}"),
        ("doppler", "DOPPLER_TOKEN", f"dp.st.prd.{s(40)}"),
        ("vault", "VAULT_TOKEN", f"hvs.{s(90, B64URL)}"),
        ("pypi", "PYPI_TOKEN", f"pypi-AgEIcHlwaS5vcmcCJD{s(120, B64URL)}"),
        ("mailgun", "MAILGUN_API_KEY", f"key-{s(32, HEX)}"),
        ("twilio", "TWILIO_API_KEY", f"SK{s(32, HEX)}"),
        ("langsmith", "LANGSMITH_API_KEY", f"lsv2_pt_{s(32, HEX)}_{s(10, HEX)}"),
        ("tavily", "TAVILY_API_KEY", f"tvly-{s(32)}"),
        ("pinecone", "PINECONE_API_KEY", f"pcsk_{s(6)}_{s(60)}"),
        ("nvidia", "NVIDIA_API_KEY", f"nvapi-{s(64, B64URL)}"),
        ("sentry", "SENTRY_AUTH_TOKEN", "sntrys_" + base64.b64encode(json.dumps(
            {"iat": 1741000000 + b.r.randint(0, 10**6), "url": "https://sentry.io", "region_url": "https://us.sentry.io",
             "org": "acme"}).encode()).decode().rstrip("=") + "_" + s(43, B64URL)),
        ("notion", "NOTION_TOKEN", f"ntn_{s(46)}"),
        ("atlassian", "JIRA_API_TOKEN", f"ATATT3xFfGF0{s(170, B64URL)}={s(8, HEX.upper())}"),
        ("telegram", "TELEGRAM_BOT_TOKEN", f"{b.r.randint(1000000000, 7999999999)}:AA{s(33, B64URL)}"),
        ("cerebras", "CEREBRAS_API_KEY", f"csk-{s(48, LOWER_ALNUM)}"),
        ("deepseek", "DEEPSEEK_API_KEY", f"sk-{s(32, HEX)}"),
        ("anthropic", "CLAUDE_CODE_OAUTH_TOKEN", f"sk-ant-oat01-{s(93, B64URL)}AA"),
        ("aws-session-token-id", "AWS_ACCESS_KEY_ID", f"ASIA{s(16, string.ascii_uppercase + '234567')}"),
        ("google-oauth-access-token", "GOOGLE_ACCESS_TOKEN", f"ya29.a0{s(150, B64URL)}"),
        ("google-oauth-client-secret", "GOOGLE_CLIENT_SECRET", f"GOCSPX-{s(28, B64URL)}"),
        ("azure-ad-client-secret", "AZURE_CLIENT_SECRET", f"{s(3, ALNUM)}8Q~{s(31, B64URL + '.~')}"),
        ("fireworks", "FIREWORKS_API_KEY", f"fw_{s(24)}"),
        ("together", "TOGETHER_API_KEY", f"tgp_v1_{s(43, B64URL)}"),
        ("elevenlabs", "ELEVENLABS_API_KEY", f"sk_{s(48, HEX)}"),
        ("voyage", "VOYAGE_API_KEY", f"pa-{s(43, B64URL)}"),
        ("langfuse", "LANGFUSE_SECRET_KEY", f"sk-lf-{b.uuid()}"),
        ("heroku", "HEROKU_API_KEY", f"HRKU-AA{s(58, B64URL)}"),
        ("netlify", "NETLIFY_AUTH_TOKEN", f"nfp_{s(36)}"),
        ("supabase", "SUPABASE_ACCESS_TOKEN", f"sbp_{s(40, HEX)}"),
        ("postman", "POSTMAN_API_KEY", f"PMAK-{s(24, HEX)}-{s(34, HEX)}"),
        ("grafana", "GRAFANA_TOKEN", f"glsa_{s(32)}_{s(8, HEX)}"),
        ("newrelic", "NEW_RELIC_API_KEY", f"NRAK-{s(27, string.ascii_uppercase + string.digits)}"),
        ("planetscale", "PLANETSCALE_PASSWORD", f"pscale_pw_{s(43, B64URL)}"),
        ("figma", "FIGMA_TOKEN", f"figd_{s(40, B64URL)}"),
        ("gitlab", "CI_RUNNER_TOKEN", f"glrt-{s(20, B64URL)}"),
        ("dockerhub", "DOCKERHUB_TOKEN", f"dckr_pat_{s(27, B64URL)}"),
        ("terraform-cloud", "TFE_TOKEN", f"{s(14)}.atlasv1.{s(67)}"),
        ("pulumi", "PULUMI_ACCESS_TOKEN", f"pul-{s(40, HEX)}"),
        ("age", "SOPS_AGE_KEY", "AGE-SECRET-KEY-1" + s(58, "QPZRY9X8GF2TVDW0S3JN54KHCE6MUA7L")),
        ("slack", "SLACK_APP_TOKEN", f"xapp-1-A{s(10, string.ascii_uppercase + string.digits)}-{s(13, string.digits)}-{s(64, HEX)}"),
        ("shopify", "SHOPIFY_API_SECRET", f"shpss_{s(32, HEX)}"),
        ("mapbox", "MAPBOX_SECRET_TOKEN", "sk.eyJ1Ijoi" + s(40, B64URL) + "." + s(22, B64URL)),
        ("airtable", "AIRTABLE_TOKEN", f"pat{s(14)}.{s(64, HEX)}"),
        ("vault", "VAULT_TOKEN", f"hvb.{s(130, B64URL)}"),
        ("doppler", "DOPPLER_TOKEN", f"dp.pt.{s(43)}"),
        ("digitalocean", "DO_OAUTH_TOKEN", f"doo_v1_{s(64, HEX)}"),
        ("square", "SQUARE_ACCESS_TOKEN", f"EAAA{s(60, B64URL)}"),
        ("huggingface", "HUGGING_FACE_HUB_TOKEN", f"hf_{s(34, string.ascii_letters)}"),
        ("stripe", "STRIPE_SECRET_KEY", f"sk_test_51{s(97)}"),
        ("sendgrid", "SMTP_PASSWORD", f"SG.{s(22, B64URL)}.{s(43, B64URL)}"),
        ("github", "HOMEBREW_GITHUB_API_TOKEN", f"github_pat_11{s(20, string.ascii_uppercase + string.digits)}_{s(59)}"),
        # provider shapes that need their variable name
        ("azure-openai", "AZURE_OPENAI_API_KEY", s(32, HEX)),
        ("mistral", "MISTRAL_API_KEY", s(32)),
        ("cohere", "COHERE_API_KEY", s(40)),
        ("aws-secret-access-key", "AWS_SECRET_ACCESS_KEY", s(40, B64)),
    ]


# -------------------------------------------------------------------- wrappers for one key
def camel(name: str) -> str:
    parts = name.lower().split("_")
    return parts[0] + "".join(p.title() for p in parts[1:])


def snippet(b: Builder, name: str, value: str) -> tuple[str, str]:
    """(context, text) of a key inside a code / config / shell snippet."""
    lower = name.lower()
    host = b.pick(["api.internal.acme.dev", "llm-gw.corp.example.net", "inference.svc.cluster.local"])
    forms = [
        ("dotenv", f"# local dev\nAPP_ENV=development\nLOG_LEVEL=debug\n{name}={value}\nPORT=8080\n"),
        ("shell-export", f"$ export {name}=\"{value}\"\n$ python run_agent.py --model gpt-4o-mini\n"),
        ("python", f"import os\nfrom openai import OpenAI\n\n{lower} = \"{value}\"\nclient = OpenAI(api_key={lower})\n"),
        ("python-dict", f"CONFIG = {{\n    'timeout': 30,\n    '{lower}': '{value}',\n    'retries': 3,\n}}\n"),
        ("javascript", f"const {camel(name)} = '{value}';\nconst res = await fetch(url, {{ headers: {{ Authorization: `Bearer ${{{camel(name)}}}` }} }});\n"),
        ("typescript", f"export const config = {{\n  {camel(name)}: \"{value}\",\n  baseURL: \"https://{host}/v1\",\n}} as const;\n"),
        ("go", f"func newClient() *Client {{\n\treturn &Client{{APIKey: \"{value}\", Timeout: 30 * time.Second}}\n}}\n"),
        ("java", f"public class Settings {{\n    private static final String {name} = \"{value}\";\n}}\n"),
        ("terraform", f"provider \"acme\" {{\n  region  = \"eu-west-1\"\n  {lower} = \"{value}\"\n}}\n"),
        ("k8s-secret", f"apiVersion: v1\nkind: Secret\nmetadata:\n  name: llm-credentials\ntype: Opaque\nstringData:\n  {name}: {value}\n"),
        ("docker-run", f"docker run --rm -e {name}={value} -p 8000:8000 ghcr.io/acme/agent:1.4.2\n"),
        ("compose", f"services:\n  worker:\n    image: acme/worker:latest\n    environment:\n      - {name}={value}\n      - QUEUE=default\n"),
        ("gh-actions", f"jobs:\n  test:\n    runs-on: ubuntu-latest\n    env:\n      {name}: {value}\n    steps:\n      - uses: actions/checkout@v4\n"),
        ("curl", f"curl -sS https://{host}/v1/models \\\n  -H \"Authorization: Bearer {value}\" \\\n  -H \"Content-Type: application/json\"\n"),
        ("ini", f"[default]\nregion = us-east-1\n{lower} = {value}\n\n[profile ci]\nregion = eu-central-1\n"),
        ("shell-history", f"  501  cd ~/src/agent\n  502  {name}={value} npm run dev\n  503  git status\n"),
        ("dockerfile", f"FROM python:3.11-slim\nWORKDIR /app\nENV {name}={value}\nCOPY . .\nCMD [\"python\", \"main.py\"]\n"),
        ("toml", f"[llm]\nprovider = \"openai\"\n{lower} = \"{value}\"\nmax_tokens = 1024\n"),
    ]
    return b.pick(forms)


def chat_sentence(b: Builder, value: str) -> str:
    return b.pick([
        f"hey, my key {value} keeps returning 401 since this morning, can you check what's wrong?",
        f"I rotated it already, the new one is {value} — please update the deploy",
        f"Why does this fail?? token={value} and the endpoint says unauthorized",
        f"quick q: is `{value}` the right format for the key or did I copy it wrong",
    ])


def wrap_llm(b: Builder, inner: str) -> tuple[str, str]:
    """Embed a text (multi-line snippet or chat line) in an LLM API request body."""
    kind = b.r.randrange(6)
    if kind == 0:
        body = {"model": "gpt-4o", "messages": [
            {"role": "system", "content": "You are a senior DevOps assistant. Be concise."},
            {"role": "user", "content": "Can you review this config?\n\n" + inner},
        ], "temperature": 0.2}
        return "openai-chat", json.dumps(body)
    if kind == 1:
        body = {"model": "claude-sonnet-4-20250514", "max_tokens": 2048, "system": "Help with code.", "messages": [
            {"role": "user", "content": [{"type": "text", "text": "Here is what I ran:\n```\n" + inner + "```\nwhat's broken?"}]},
        ]}
        return "anthropic-messages", json.dumps(body)
    if kind == 2:
        args = json.dumps({"path": "config/settings.env", "content": inner})
        body = {"model": "gpt-4.1", "messages": [
            {"role": "user", "content": "write the settings file"},
            {"role": "assistant", "content": None, "tool_calls": [{"id": f"call_{b.s(24)}", "type": "function",
                                                                   "function": {"name": "write_file", "arguments": args}}]},
            {"role": "tool", "tool_call_id": f"call_{b.s(24)}", "content": "ok"},
        ]}
        return "openai-tool-arguments", json.dumps(body)
    if kind == 3:
        body = {"model": "claude-opus-4-1", "max_tokens": 1024, "messages": [
            {"role": "user", "content": "read the file and summarize"},
            {"role": "assistant", "content": [{"type": "tool_use", "id": f"toolu_01{b.s(22)}", "name": "read_file",
                                               "input": {"path": ".env"}}]},
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": f"toolu_01{b.s(22)}", "content": inner}]},
        ]}
        return "anthropic-tool-result", json.dumps(body)
    if kind == 4:
        body = {"model": "gpt-4o-mini", "input": [{"role": "user", "content": [{"type": "input_text", "text": inner}]}]}
        return "openai-responses", json.dumps(body, indent=2)
    body = {"id": f"chatcmpl-{b.s(29)}", "object": "chat.completion", "model": "gpt-4o-2024-08-06",
            "choices": [{"index": 0, "message": {"role": "assistant", "content": "Sure, here is the fixed file:\n" + inner},
                         "finish_reason": "stop"}], "system_fingerprint": f"fp_{b.s(10, HEX)}"}
    return "openai-response-body", json.dumps(body)


def add_provider_items(b: Builder):
    for round_ in range(3):
        for kind, name, value in provider_keys(b):
            typ = f"provider:{kind}"
            mode = b.r.randrange(4)
            if mode == 0 and kind not in ("azure-openai", "mistral", "cohere", "aws-secret-access-key"):
                ctx, text = "chat", chat_sentence(b, value)
            else:
                ctx, text = snippet(b, name, value)
                if mode >= 2:
                    wctx, text = wrap_llm(b, text)
                    ctx = f"{wctx}/{ctx}"
            b.add(ctx, text, [(value, "secret", typ)])


# -------------------------------------------------------------------- logs, urls, traces
def add_log_items(b: Builder):
    s = b.s
    key = f"AIza{s(35, B64URL)}"
    b.add("log-url-query", f"2025-03-04T10:22:19.551Z WARN  httpx: HTTP Request: POST https://generativelanguage.googleapis.com/v1beta/models/gemini-1.5-pro:generateContent?key={key} \"HTTP/1.1 429 Too Many Requests\"\n",
          [(key, "secret", "provider:google")])
    tok = b.crc_token("ghp_")
    b.add("log-git-url", f"fatal: unable to access 'https://x-access-token:{tok}@github.com/acme/infra.git/': The requested URL returned error: 403\n",
          [(tok, "secret", "provider:github")])
    ant = f"sk-ant-api03-{s(93, B64URL)}AA"
    trace = (f"Traceback (most recent call last):\n  File \"/app/agent/llm.py\", line 88, in call\n    resp = client.messages.create(**kwargs)\n"
             f"  File \"/usr/local/lib/python3.11/site-packages/anthropic/_base_client.py\", line 1040, in request\n"
             f"    raise self._make_status_error_from_response(err.response) from None\n"
             f"anthropic.AuthenticationError: Error code: 401 - {{'type': 'error', 'error': {{'type': 'authentication_error', 'message': 'invalid x-api-key'}}}}\n"
             f"Locals at frame 0: kwargs={{'model': 'claude-3-5-haiku-latest', 'api_key': '{ant}', 'max_tokens': 512}}\n")
    b.add("stack-trace", trace, [(ant, "secret", "provider:anthropic")])
    oai = f"sk-proj-{s(64, B64URL)}T3BlbkFJ{s(64, B64URL)}"
    b.add("log-headers", f"DEBUG:urllib3.connectionpool:Starting new HTTPS connection (1): api.openai.com:443\nDEBUG:openai._base_client:Request options: {{'method': 'post', 'url': '/chat/completions', 'headers': {{'Authorization': 'Bearer {oai}', 'OpenAI-Organization': 'org-{s(24)}'}}}}\n",
          [(oai, "secret", "provider:openai")])
    slack = f"https://hooks.slack.com/services/T{s(8, string.ascii_uppercase + string.digits)}/B{s(10, string.ascii_uppercase + string.digits)}/{s(24)}"
    b.add("log-webhook", f"[notify] posting alert to {slack} (channel #oncall) status=200\n", [(slack, "secret", "provider:slack-webhook")])
    secret = s(40, B64)
    akid = f"AKIA{s(16, string.ascii_uppercase + '234567')}"
    b.add("aws-credentials-file", f"[default]\naws_access_key_id = {akid}\naws_secret_access_key = {secret}\nregion = us-west-2\n",
          [(akid, "secret", "provider:aws-access-key-id"), (secret, "secret", "provider:aws-secret-access-key")])
    sas = f"sv=2022-11-02&ss=b&srt=sco&sp=rwdlacupiytfx&se=2025-12-31T23:59:59Z&st=2025-01-01T00:00:00Z&spr=https&sig={urllib.parse.quote(s(43, B64) + '=', safe='')}"
    b.add("log-azure-sas", f"GET https://acmeprodstore.blob.core.windows.net/exports/report.csv?{sas} -> 403 AuthenticationFailed\n",
          [(sas.split("sig=")[1], "secret", "secret:sas-signature")])
    acct = s(86, B64) + "=="
    conn = f"DefaultEndpointsProtocol=https;AccountName=acmeprodstore;AccountKey={acct};EndpointSuffix=core.windows.net"
    b.add("azure-connstring", json.dumps({"Values": {"AzureWebJobsStorage": conn, "FUNCTIONS_WORKER_RUNTIME": "python"}}, indent=2),
          [(acct, "secret", "provider:azure-storage-key")])
    dsn_key = s(32, HEX)
    b.add("sentry-dsn", f"sentry_sdk.init(dsn=\"https://{dsn_key}@o{b.r.randint(100000, 999999)}.ingest.us.sentry.io/{b.r.randint(1000000, 9999999)}\", traces_sample_rate=0.1)\n",
          [(dsn_key, "secret", "secret:sentry-dsn")])
    discord = f"https://discord.com/api/webhooks/{b.r.randint(10**17, 10**18)}/{s(68, B64URL)}"
    b.add("chat", f"can you make the bot post to {discord} when the build breaks?", [(discord, "secret", "provider:discord-webhook")])


# -------------------------------------------------------------------- passwords & connection strings
PASSWORDS = ["Tr0ub4dor&3", "hunter2-Blue!", "S3cure!Pass_2024", "Winter2025!!", "p@55w0rd-Prod", "correct-horse-9-staple",
             "Qw7#mZ!t2LpX", "N0tMyDogsName%", "g8Xk2pQz", "Blu3-Sky_88", "Olympus#1987", "r3dw00d*Forest",
             "Mar1ner$Deep", "zT9!vK3@pL", "ch4ngeIt-Nov", "Sunflower_77x", "kP4v8rQ2sW", "Falcon^Nine9",
             "t1ger-Lily22", "M0nday?Blues", "Jup1ter_Rising", "8xHq3vLm", "d0lphin!Sea", "Gr@nite42",
             "AmberWave#5", "v3lvet_Night", "Pr1sm&Light", "quartz-Fox-31"]


def add_password_items(b: Builder):
    pw = iter(b.r.sample(PASSWORDS, len(PASSWORDS)))
    forms = [
        ("dotenv", lambda p: f"DB_HOST=db.prod.internal\nDB_USER=orders\nDB_PASSWORD={p}\nDB_NAME=orders\n"),
        ("json-config", lambda p: json.dumps({"database": {"user": "svc_reports", "password": p, "host": "pg-main"}})),
        ("yaml", lambda p: f"spring:\n  datasource:\n    url: jdbc:postgresql://pg-main:5432/app\n    username: app\n    password: {p}\n"),
        ("properties", lambda p: f"spring.datasource.username=billing\nspring.datasource.password={p}\nserver.port=8443\n"),
        ("shell", lambda p: f"$ PGPASSWORD='{p}' psql -h pg-replica -U analytics -d warehouse -c 'select 1'\n"),
        ("mysql-cli", lambda p: f"mysql -h 10.0.4.12 -u root -p'{p}' shop < dump.sql\n"),
        ("xml", lambda p: f"<dataSource>\n  <user>etl</user>\n  <password>{p}</password>\n</dataSource>\n"),
        ("chat", lambda p: f"the admin login is admin / password {p} — can you write the selenium test for it?"),
        ("python", lambda p: f"conn = psycopg2.connect(host='pg-main', user='app', password='{p}', dbname='app')\n"),
        ("redis-conf", lambda p: f"bind 10.1.2.3\nport 6379\nrequirepass {p}\n"),
        ("cli-flag", lambda p: f"./migrate --db-user=admin --db-password={p} --dry-run\n"),
        ("netrc", lambda p: f"machine artifactory.acme.io\n  login deploy-bot\n  password {p}\n"),
        ("ini", lambda p: f"[mysql]\nhost = 127.0.0.1\nuser = wp\npassword = {p}\n"),
        ("go", lambda p: f"db, err := sql.Open(\"mysql\", cfg.FormatDSN())\ncfg.Passwd = \"{p}\"\n"),
    ]
    also = {"mysql-cli": [("10.0.4.12", "pii", "pii:ip")], "redis-conf": [("10.1.2.3", "pii", "pii:ip")]}
    for ctx, make in forms:
        p = next(pw)
        text = make(p)
        extra = also.get(ctx, [])
        if b.r.random() < 0.4:
            wctx, text = wrap_llm(b, text)
            ctx = f"{wctx}/{ctx}"
        b.add(ctx, text, [(p, "secret", "secret:password"), *extra])
    conns = [
        ("postgres", lambda p: f"DATABASE_URL=postgresql://app_user:{p}@pg-prod.c9x2k1.eu-west-1.rds.amazonaws.com:5432/app?sslmode=require\n"),
        ("mysql", lambda p: f"SQLALCHEMY_DATABASE_URI = \"mysql+pymysql://shop:{p}@mysql-primary:3306/shop\"\n"),
        ("mongodb-srv", lambda p: f"const uri = \"mongodb+srv://atlas-admin:{p}@cluster0.x7k2p.mongodb.net/?retryWrites=true&w=majority\";\n"),
        ("redis", lambda p: f"REDIS_URL=redis://default:{p}@redis-12345.c1.us-east-1-2.ec2.cloud.redislabs.com:12345/0\n"),
        ("amqp", lambda p: f"celery_broker_url = 'amqp://worker:{p}@rabbitmq.internal:5672/jobs'\n"),
        ("jdbc", lambda p: f"jdbc.url=jdbc:postgresql://pg-main:5432/ledger?user=ledger&password={p}&ssl=true\n"),
        ("sqlserver", lambda p: f"\"ConnectionStrings\": {{ \"Default\": \"Server=tcp:acme-sql.database.windows.net,1433;Initial Catalog=crm;User ID=crmadmin;Password={p};Encrypt=True;\" }}\n"),
        ("oracle-jdbc", lambda p: f"url: jdbc:oracle:thin:scott/{p}@//ora-db.internal:1521/ORCLPDB1\n"),
        ("rediss", lambda p: f"cache = Redis.from_url(\"rediss://:{p}@cache.acme.io:6380/1\")\n"),
        ("mongodb", lambda p: f"2025-02-11 09:13:44 ERROR pymongo: could not connect to mongodb://backup:{p}@mongo-0.mongo:27017,mongo-1.mongo:27017/admin?replicaSet=rs0\n"),
        ("ftp-url", lambda p: f"wget ftp://uploader:{p}@ftp.partner-bank.example.org/outgoing/statements.zip\n"),
        ("https-basic", lambda p: f"pip install --index-url https://ci-bot:{p}@pypi.acme.internal/simple/ acme-core\n"),
    ]
    for ctx, make in conns:
        p = next(pw).replace("@", "%40")  # a raw @ in a URL's userinfo makes it unparseable
        text = make(p)
        if b.r.random() < 0.4:
            wctx, text = wrap_llm(b, text)
            ctx = f"{wctx}/{ctx}"
        b.add(ctx, text, [(p, "secret", "secret:connection-string")])


# -------------------------------------------------------------------- private keys, JWTs, bearer tokens
def pem_body(b: Builder, kind: str) -> str:
    starts = {"RSA PRIVATE KEY": "MIIEowIBAAKCAQEA", "PRIVATE KEY": "MIIEvQIBADANBgkqhkiG9w0BAQEFAASC",
              "EC PRIVATE KEY": "MHcCAQEEI", "OPENSSH PRIVATE KEY": "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAA"}
    lines_n = {"RSA PRIVATE KEY": 25, "PRIVATE KEY": 26, "EC PRIVATE KEY": 3, "OPENSSH PRIVATE KEY": 7}[kind]
    width = 70 if kind == "OPENSSH PRIVATE KEY" else 64
    raw = starts[kind] + b.s(width * lines_n - len(starts[kind]) - 2 - b.r.randrange(0, 40), B64) + "=="
    lines = [raw[i:i + width] for i in range(0, len(raw), width)]
    return f"-----BEGIN {kind}-----\n" + "\n".join(lines) + f"\n-----END {kind}-----"


def wg_key(b: Builder) -> str:
    """A Curve25519 key as wg prints it: base64 of 32 bytes."""
    return base64.b64encode(bytes(b.r.getrandbits(8) for _ in range(32))).decode()


def b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def jwt(b: Builder, payload: dict, alg: str = "HS256") -> str:
    header = b64url(json.dumps({"alg": alg, "typ": "JWT"}, separators=(",", ":")).encode())
    body = b64url(json.dumps(payload, separators=(",", ":")).encode())
    sig = b.s(43 if alg == "HS256" else 342, B64URL)
    return f"{header}.{body}.{sig}"


def add_key_items(b: Builder):
    for kind in ["RSA PRIVATE KEY", "PRIVATE KEY", "EC PRIVATE KEY", "OPENSSH PRIVATE KEY", "PRIVATE KEY", "RSA PRIVATE KEY"]:
        key = pem_body(b, kind)
        mode = b.r.randrange(4)
        if mode == 0:
            b.add("pem-file", f"$ cat ~/.ssh/deploy_key\n{key}\n$ ssh -i ~/.ssh/deploy_key deploy@bastion\n", [(key, "secret", "secret:private-key")])
        elif mode == 1:
            sa = {"type": "service_account", "project_id": "acme-ml-prod", "private_key": key + "\n",
                  "token_uri": "https://oauth2.googleapis.com/token"}
            b.add("gcp-service-account-json", json.dumps(sa, indent=2), [(key, "secret", "secret:private-key")])
        elif mode == 2:
            ctx, text = wrap_llm(b, f"TLS_KEY=\"{key}\"\n")
            b.add(f"{ctx}/pem-escaped", text, [(key, "secret", "secret:private-key")])
        else:  # YAML indentation changes the block's text: it is labelled as it appears
            shown = key.replace("\n", "\n    ")
            b.add("k8s-tls", "apiVersion: v1\nkind: Secret\ntype: kubernetes.io/tls\nstringData:\n  tls.key: |\n    "
                  + shown + "\n", [(shown, "secret", "secret:private-key")])
    for i in range(6):
        now = 1740000000 + b.r.randint(0, 10**7)
        token = jwt(b, {"sub": b.uuid(), "iat": now, "exp": now + 3600,
                        "iss": "https://auth.acme.io/", "scope": "read:orders"}, "RS256" if i % 3 == 0 else "HS256")
        ctx_text = [
            ("curl-jwt", f"curl -H 'Authorization: Bearer {token}' https://api.acme.io/v2/orders?limit=5\n"),
            ("cookie", f"Cookie: session_id=abc; access_token={token}; theme=dark\n"),
            ("json-token-response", json.dumps({"access_token": token, "token_type": "Bearer", "expires_in": 3600})),
            ("chat", f"decode this for me please: {token}"),
            ("log", f"2025-01-08 14:02:11,093 INFO auth.middleware user authenticated jwt={token} path=/api/me\n"),
            ("python", f"headers = {{\"Authorization\": f\"Bearer {token}\"}}\n"),
        ][i]
        b.add(ctx_text[0], ctx_text[1], [(token, "secret", "secret:jwt")])
    # opaque bearer / api tokens under a key name
    for ctx, make in [
        ("curl-bearer", lambda v: f"curl -X POST https://hooks.internal.acme.io/deploy -H \"Authorization: Bearer {v}\" -d '{{\"ref\":\"main\"}}'\n"),
        ("http-header", lambda v: f"GET /v1/reports HTTP/1.1\nHost: partner-api.fintrack.io\nX-API-Key: {v}\nAccept: application/json\n"),
        ("yaml-secret", lambda v: f"integrations:\n  fintrack:\n    api_secret: {v}\n    timeout: 10s\n"),
        ("dotenv", lambda v: f"INTERNAL_SERVICE_TOKEN={v}\n"),
        ("json", lambda v: json.dumps({"webhook": {"url": "https://hooks.acme.io/in", "signing_secret": v}})),
        ("basic-auth-header", lambda v: f"Authorization: Basic {v}\n"),
    ]:
        v = b.s(b.r.choice([32, 40, 48]), ALNUM) if ctx != "basic-auth-header" else base64.b64encode(f"svc-export:{b.s(18)}".encode()).decode()
        b.add(ctx, make(v), [(v, "secret", "secret:api-token")])


# -------------------------------------------------------------------- PII
FIRST = ["maria", "tobias", "aisha", "kenji", "lucia", "oliver", "fatima", "sven", "chloe", "ravi", "ines", "marek"]
LAST = ["gonzalez", "becker", "okafor", "tanaka", "rossi", "hughes", "haddad", "lindqvist", "martin", "iyer", "duarte", "nowak"]
DOMAINS = ["gmail.com", "outlook.de", "acme-corp.io", "protonmail.com", "yahoo.co.uk", "orange.fr", "fintrack.io"]


def luhn_complete(prefix: str, length: int, b: Builder) -> str:
    digits = prefix + b.s(length - len(prefix) - 1, string.digits)
    total = 0
    for i, d in enumerate(reversed(digits + "0")):
        n = int(d)
        if i % 2:
            n = n * 2 - 9 if n * 2 > 9 else n * 2
        total += n
    return digits + str((10 - total % 10) % 10)


def luhn_break(number: str) -> str:
    return number[:-1] + str((int(number[-1]) + 1) % 10)


def group(number: str, sep: str, sizes=None) -> str:
    sizes = sizes or [4] * (len(number) // 4) + ([len(number) % 4] if len(number) % 4 else [])
    out, i = [], 0
    for n in sizes:
        out.append(number[i:i + n])
        i += n
    return sep.join(out)


def iban(b: Builder, country: str, bban: str) -> str:
    numeric = "".join(str(int(c, 36)) for c in bban + country + "00")
    check = 98 - int(numeric) % 97
    return f"{country}{check:02d}{bban}"


def spaced(value: str) -> str:
    return " ".join(value[i:i + 4] for i in range(0, len(value), 4))


def ssn(b: Builder) -> str:
    area = b.pick([a for a in range(1, 900) if a != 666])
    return f"{area:03d}-{b.r.randint(1, 99):02d}-{b.r.randint(1, 9999):04d}"


def add_pii_items(b: Builder):
    r = b.r
    def email():
        return f"{b.pick(FIRST)}.{b.pick(LAST)}{r.choice(['', str(r.randint(1, 99))])}@{b.pick(DOMAINS)}"
    def us_phone():
        return r.choice(["({a}) {e}-{n}", "{a}-{e}-{n}", "+1 {a} {e} {n}", "{a}.{e}.{n}"]).format(
            a=r.randint(201, 989), e=r.randint(201, 999), n=f"{r.randint(0, 9999):04d}")
    phones = lambda: [us_phone(), f"07{r.randint(400, 999)} {r.randint(100000, 999999)}", f"020 7{r.randint(100, 999)} {r.randint(1000, 9999)}",
                      f"+44 7{r.randint(400, 999)} {r.randint(100000, 999999)}", f"030 {r.randint(1000000, 99999999)}",
                      f"0151 {r.randint(10000000, 99999999)}", f"+49 89 {r.randint(100000, 9999999)}",
                      f"0{r.randint(1, 7)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
                      f"+33 6 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
                      f"+1{r.randint(201, 989)}{r.randint(201, 999)}{r.randint(1000, 9999)}",
                      f"+4915{r.randint(100000000, 999999999)}"]
    # emails
    for i in range(10):
        e = email()
        ctx, text = [
            ("chat", f"Please send the invoice copy to {e}, thanks!"),
            ("json-crm", json.dumps({"customer": {"id": b.uuid(), "name": "N. N.", "email": e, "plan": "pro"}})),
            ("email-header", f"From: Support Bot <noreply@acme.io>\nTo: {e}\nSubject: Your ticket #48213\n"),
            ("log", f"2025-04-02 08:11:52 INFO signup completed user={e} plan=trial\n"),
            ("csv", f"id,name,email,country\n1041,{e.split('@')[0].replace('.', ' ').title()},{e},DE\n"),
        ][i % 5]
        if i >= 5:
            ctx2, text = wrap_llm(b, text)
            ctx = f"{ctx2}/{ctx}"
        extra = [("noreply@acme.io", "pii", "pii:email")] if "noreply@acme.io" in text else []
        b.add(ctx, text, [(e, "pii", "pii:email"), *extra])
    # phones
    for i, p in enumerate(phones() + phones()[:6]):
        ctx, text = b.pick([
            ("chat", f"you can reach me on {p} after 5pm"),
            ("json", json.dumps({"contact": {"phone": p, "preferred": "sms"}})),
            ("signature", f"Best regards,\nJ. Doe\nAccount Manager\nTel: {p}\n"),
            ("log", f"2025-05-19T07:44:10Z sms.sent to={p} template=otp status=queued\n"),
        ])
        b.add(ctx, text, [(p, "pii", "pii:phone")])
    # cards
    for i, (prefix, length) in enumerate([("4", 16), ("51", 16), ("37", 15), ("6011", 16), ("4", 16), ("55", 16), ("34", 15), ("2221", 16)]):
        num = luhn_complete(prefix, length, b)
        shown = num if i % 3 == 0 else (group(num, " " if i % 2 else "-", [4, 6, 5] if length == 15 else None))
        ctx, text = [
            ("chat", f"charge my card {shown} exp 09/27 cvv on file"),
            ("json-payment", json.dumps({"payment_method": {"card": {"number": shown, "exp_month": 9, "exp_year": 2027}}})),
            ("log", f"WARN payment.gateway declined pan={shown} reason=insufficient_funds\n"),
            ("form", f"Cardholder: K. Tanaka\nCard number: {shown}\nExpiry: 11/26\n"),
        ][i % 4]
        if i in (3, 6):
            ctx2, text = wrap_llm(b, text)
            ctx = f"{ctx2}/{ctx}"
        b.add(ctx, text, [(shown, "pii", "pii:card")])
    # SSNs
    for i in range(6):
        n = ssn(b)
        ctx, text = [("form", f"Applicant SSN: {n}\nDOB: 1984-07-12\n"), ("chat", f"my social is {n}, do you need anything else for the W-9?"),
                     ("json", json.dumps({"employee": {"ssn": n, "state": "CA"}})), ("csv", f"emp_id,ssn,dept\n7731,{n},finance\n")][i % 4]
        b.add(ctx, text, [(n, "pii", "pii:ssn")])
    # IBANs
    for i in range(6):
        country, bban = [("DE", b.s(18, string.digits)), ("GB", "NWBK" + b.s(14, string.digits)), ("FR", b.s(10, string.digits) + b.s(11, string.ascii_uppercase + string.digits) + b.s(2, string.digits)),
                         ("NL", "ABNA" + b.s(10, string.digits)), ("ES", b.s(20, string.digits)), ("IT", "X" + b.s(10, string.digits) + b.s(12, string.digits))][i]
        value = iban(b, country, bban)
        shown = spaced(value) if i % 2 else value
        ctx, text = b.pick([("chat", f"please wire the deposit to IBAN {shown} (account holder: L. Rossi)"),
                            ("json", json.dumps({"payout": {"iban": shown, "currency": "EUR"}})),
                            ("invoice", f"Bankverbindung\nIBAN: {shown}\nBIC: COBADEFFXXX\n")])
        b.add(ctx, text, [(shown, "pii", "pii:iban")])
    # IP addresses in logs
    def pub_ip():
        return f"{r.choice([23, 45, 81, 91, 134, 151, 185, 203, 212])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    for i in range(10):
        ip = pub_ip() if i % 3 else f"10.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
        ctx, text = [
            ("nginx-access", f"{ip} - - [12/Mar/2025:14:22:07 +0000] \"GET /api/v1/health HTTP/1.1\" 200 17 \"-\" \"curl/8.5.0\"\n"),
            ("sshd", f"Mar 12 14:22:07 bastion sshd[2231]: Failed password for invalid user admin from {ip} port 50122 ssh2\n"),
            ("http-header", f"X-Forwarded-For: {ip}\nX-Request-Id: {b.uuid()}\n"),
            ("json-log", json.dumps({"ts": "2025-03-12T14:22:07Z", "level": "info", "msg": "login", "client_ip": ip, "trace_id": b.s(32, HEX)})),
            ("app-log", f"2025-03-12 14:22:07.118 ERROR [db-pool] connection to {ip}:5432 refused\n"),
        ][i % 5]
        b.add(ctx, text, [(ip, "pii", "pii:ip")])
    for i in range(4):
        ip6 = [f"2a00:1450:{r.randint(1, 0xffff):x}:{r.randint(1, 0xffff):x}::{r.randint(1, 0xffff):x}",
               "2a02:" + ":".join(f"{r.randint(1, 0xffff):x}" for _ in range(7)),
               f"2606:4700:{r.randint(1, 0xffff):x}::{r.randint(1, 0xffff):x}:{r.randint(1, 0xffff):x}",
               "fe80::" + ":".join(f"{r.randint(1, 0xffff):x}" for _ in range(4))][i]
        ctx, text = [("nginx-access", f"{ip6} - - [12/Mar/2025:14:22:09 +0000] \"POST /login HTTP/2.0\" 401 0\n"),
                     ("json-log", json.dumps({"event": "token_issued", "remote_addr": ip6})),
                     ("app-log", f"WARN rate limit exceeded for client [{ip6}] bucket=api\n"),
                     ("ip-addr", f"2: eth0: <BROADCAST,MULTICAST,UP> mtu 1500\n    inet6 {ip6}/64 scope link\n")][i]
        b.add(ctx, text, [(ip6, "pii", "pii:ip")])
    # a multi-PII support ticket
    e, p, ip = email(), us_phone(), pub_ip()
    body = {"model": "gpt-4o-mini", "messages": [{"role": "system", "content": "Summarize the ticket."},
            {"role": "user", "content": f"Ticket #8812\nCustomer: {e}\nPhone: {p}\nLast login from {ip}\nIssue: cannot reset password."}]}
    b.add("openai-chat/ticket", json.dumps(body), [(e, "pii", "pii:email"), (p, "pii", "pii:phone"), (ip, "pii", "pii:ip")])


# -------------------------------------------------------------------- hard negatives
def add_hard_negatives(b: Builder):
    s, r = b.s, b.r
    H = lambda ctx, text: b.add(ctx, text, hard=True)
    # identifiers and digests
    for _ in range(4):
        H("log-uuid", f"2025-03-01T12:00:00Z INFO request_id={b.uuid()} tenant={b.uuid()} status=200 latency_ms={r.randint(5, 900)}\n")
        sha = s(40, HEX)
        H("git", r.choice([f"commit {sha}\nDate:   Mon Mar 3 10:11:12 2025 +0000\n\n    bump deps\n",
                           f"HEAD is now at {sha[:7]} fix(auth): refresh token rotation\nmerge base {sha}\n",
                           json.dumps({"sha": sha, "node_id": "C_kwDO" + s(20), "commit": {"tree": {"sha": s(40, HEX)}}})]))
        H("docker-digest", f"FROM python:3.11-slim@sha256:{s(64, HEX)}\nRUN pip install --no-cache-dir -r requirements.txt\n")
        H("pip-hashes", f"requests==2.32.3 \\\n    --hash=sha256:{s(64, HEX)} \\\n    --hash=sha256:{s(64, HEX)}\n")
        H("npm-integrity", json.dumps({"node_modules/lodash": {"version": "4.17.21", "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
                                                             "integrity": "sha512-" + s(86, B64) + "=="}}, indent=2))
        H("sha512sum", f"{s(128, HEX)}  release-v2.8.1-linux-amd64.tar.gz\n")
    H("yarn-lock", f"\"@babel/core@^7.24.0\":\n  version \"7.24.4\"\n  resolved \"https://registry.yarnpkg.com/@babel/core/-/core-7.24.4.tgz#{s(40, HEX)}\"\n  integrity sha512-{s(86, B64)}==\n")
    H("go-sum", f"github.com/stretchr/testify v1.9.0 h1:{s(43, B64)}=\ngithub.com/stretchr/testify v1.9.0/go.mod h1:{s(43, B64)}=\n")
    H("sri", f"<script src=\"https://cdn.jsdelivr.net/npm/bootstrap@5.3.3/dist/js/bootstrap.bundle.min.js\" integrity=\"sha384-{s(64, B64)}\" crossorigin=\"anonymous\"></script>\n")
    H("etag", f"HTTP/1.1 200 OK\nETag: \"{s(32, HEX)}\"\nx-amz-request-id: {s(16, string.ascii_uppercase + string.digits)}\nx-amz-id-2: {s(76, B64)}=\n")
    H("traceparent", f"traceparent: 00-{s(32, HEX)}-{s(16, HEX)}-01\ncf-ray: {s(16, HEX)}-FRA\n")
    H("k8s-pods", f"NAME                          READY   STATUS    RESTARTS   AGE\napi-{s(10, 'bcdfghjklmnpqrstvwxz2456789')}-{s(5, 'bcdfghjklmnpqrstvwxz2456789')}   1/1     Running   0          3d\n")
    H("webpack-assets", f"dist/assets/index-{s(8, HEX)}.js   142.31 kB │ gzip: 45.12 kB\ndist/assets/vendor.{s(20, HEX)}.css   12.9 kB\n")
    # LLM API objects (ids are not credentials)
    for _ in range(3):
        H("openai-response-body", json.dumps({"id": f"chatcmpl-{s(29)}", "object": "chat.completion", "created": 1741000000 + r.randint(0, 10**6),
                                              "model": "gpt-4o-2024-08-06", "system_fingerprint": f"fp_{s(10, HEX)}",
                                              "choices": [{"index": 0, "message": {"role": "assistant", "content": None, "tool_calls": [
                                                  {"id": f"call_{s(24)}", "type": "function", "function": {"name": "get_weather", "arguments": json.dumps({"city": "Lyon", "unit": "c"})}}]},
                                                  "finish_reason": "tool_calls"}], "usage": {"prompt_tokens": 82, "completion_tokens": 17, "total_tokens": 99}}))
        H("anthropic-response-body", json.dumps({"id": f"msg_01{s(22)}", "type": "message", "role": "assistant", "model": "claude-sonnet-4-20250514",
                                                 "content": [{"type": "tool_use", "id": f"toolu_01{s(22)}", "name": "search_docs", "input": {"query": "rotate api key"}}],
                                                 "stop_reason": "tool_use", "usage": {"input_tokens": 412, "output_tokens": 58}}))
        H("openai-assistants", json.dumps({"thread_id": f"thread_{s(24)}", "assistant_id": f"asst_{s(24)}", "file_ids": [f"file-{s(22)}"], "run_id": f"run_{s(24)}", "vector_store_id": f"vs_{s(24)}"}))
        H("http-response-headers", f"HTTP/2 200\nx-request-id: req_{s(32, HEX)}\nopenai-processing-ms: 412\nanthropic-organization-id: {b.uuid()}\nrequest-id: req_011C{s(20)}\n")
    # images, public keys, certificates
    H("base64-image", json.dumps({"model": "gpt-4o", "messages": [{"role": "user", "content": [{"type": "text", "text": "what is in this picture?"},
                                 {"type": "image_url", "image_url": {"url": "data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAA" + s(600, B64) + "=="}}]}]}))
    H("base64-image-anthropic", json.dumps({"model": "claude-3-5-sonnet-latest", "max_tokens": 300, "messages": [{"role": "user", "content": [
        {"type": "image", "source": {"type": "base64", "media_type": "image/jpeg", "data": "/9j/4AAQSkZJRgABAQAAAQABAAD" + s(800, B64) + "="}},
        {"type": "text", "text": "Describe the chart."}]}]}))
    H("ssh-public-key", f"ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI{s(43, B64)} deploy@ci\nssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABgQ{s(500, B64)}= alice@laptop\n")
    H("authorized-keys-json", json.dumps({"users": [{"name": "deploy", "ssh_authorized_keys": ["ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAI" + s(43, B64) + " ops"]}]}))
    cert_lines = "\n".join(s(64, B64) for _ in range(12))
    H("certificate", f"-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIE{s(44, B64)}\n{cert_lines}\n{s(20, B64)}==\n-----END CERTIFICATE-----\n")
    H("public-key-pem", f"-----BEGIN PUBLIC KEY-----\nMIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA{s(20, B64)}\n" + "\n".join(s(64, B64) for _ in range(5)) + "\nIDAQAB\n-----END PUBLIC KEY-----\n")
    H("jwks", json.dumps({"keys": [{"kty": "RSA", "use": "sig", "kid": s(43, B64URL), "alg": "RS256", "n": s(342, B64URL), "e": "AQAB"}]}))
    H("pgp-public-key", "-----BEGIN PGP PUBLIC KEY BLOCK-----\n\nmQINBGR" + s(57, B64) + "\n" + "\n".join(s(64, B64) for _ in range(6)) + "\n=" + s(4, B64) + "\n-----END PGP PUBLIC KEY BLOCK-----\n")
    H("cert-json-escaped", json.dumps({"ca_bundle": "-----BEGIN CERTIFICATE-----\nMIIFazCCA1OgAwIBAgIR" + s(44, B64) + "\n" + "\n".join(s(64, B64) for _ in range(8)) + "\n-----END CERTIFICATE-----\n"}))
    H("ssh-fingerprint", f"The authenticity of host 'bastion.acme.io' can't be established.\nED25519 key fingerprint is SHA256:{s(43, B64)}.\n")
    # documented examples
    H("aws-docs", "[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY\n")
    H("aws-docs-chat", "In the AWS docs they use AKIAIOSFODNN7EXAMPLE as the access key id — is that a real key?")
    H("jwt-io-sample", "Example token from jwt.io: eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkpvaG4gRG9lIiwiaWF0IjoxNTE2MjM5MDIyfQ.SflKxwRJSMeKKF2QT4fwpMeJf36POk6yJV_adQssw5c\n")
    H("stripe-docs", "curl https://api.stripe.com/v1/charges -u sk_test_4eC39HqLyjWDarjtT1zdp7dc: -d amount=2000 -d currency=usd\n")
    # placeholders, templates and references
    for text in [
        "OPENAI_API_KEY=YOUR_API_KEY\nANTHROPIC_API_KEY=your-anthropic-key-here\n",
        "client = OpenAI(api_key=\"sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\")\n",
        "export OPENAI_API_KEY=sk-...\n# replace sk-... with the key from the dashboard\n",
        "DB_PASSWORD=${DB_PASSWORD}\nDATABASE_URL=postgres://app:${DB_PASSWORD}@db:5432/app\n",
        "api_key = os.environ[\"OPENAI_API_KEY\"]\npassword = os.getenv(\"DB_PASSWORD\")\n",
        "const apiKey = process.env.ANTHROPIC_API_KEY;\nconst dbPassword = process.env.DB_PASSWORD ?? '';\n",
        "env:\n  - name: OPENAI_API_KEY\n    valueFrom:\n      secretKeyRef:\n        name: llm-credentials\n        key: openai-api-key\n",
        "      - run: ./deploy.sh\n        env:\n          GITHUB_TOKEN: ${{ secrets.GITHUB_TOKEN }}\n          NPM_TOKEN: ${{ secrets.NPM_TOKEN }}\n",
        "password: \"{{ .Values.postgresql.auth.password }}\"\napiKey: {{ required \"apiKey is required\" .Values.apiKey }}\n",
        "resource \"aws_db_instance\" \"main\" {\n  username = \"admin\"\n  password = var.db_password\n}\n",
        "curl https://api.openai.com/v1/chat/completions -H \"Authorization: Bearer $OPENAI_API_KEY\" -H \"Content-Type: application/json\"\n",
        "Authorization: Bearer <YOUR_TOKEN>\nX-API-Key: <api-key>\n",
        "ANTHROPIC_API_KEY=sk-ant-api03-...\nGITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\n",
        "spring.datasource.password=${SPRING_DATASOURCE_PASSWORD:changeme}\n",
        "db_password = get_secret('prod/db/password')\nstripe_key = settings.STRIPE_SECRET_KEY\n",
        "$env:OPENAI_API_KEY = Read-Host -AsSecureString\n",
        "password: ********\ntoken: •••••••••••\n",
        "OPENAI_API_KEY=<paste your key here>\n",
        "{\"api_key\": \"REPLACE_ME\", \"password\": \"\", \"token\": null}",
        "aws_secret_access_key = {{ aws_secret_key }}\n",
    ]:
        H("placeholder", text)
        if r.random() < 0.35:
            ctx, wrapped = wrap_llm(b, text)
            H(f"{ctx}/placeholder", wrapped)
    # masked values (exitguard's own and other tools')
    H("masked", f"OPENAI_API_KEY=[MASKED:openai-project-key:{s(6, HEX)}]\nDB_PASSWORD=[MASKED:generic-password:{s(6, HEX)}]\n")
    H("masked-json", json.dumps({"messages": [{"role": "user", "content": f"my key is [MASKED:anthropic-api-key:{s(6, HEX)}] and card [MASKED:payment-card:{s(6, HEX)}]"}]}))
    H("masked-dashboard", "Name         Key                 Created\nprod-agent   sk-proj-...Xq9A     2025-01-04\nci           sk-...a1B2          2024-11-20\n")
    H("masked-stars", "Using API key sk-ant-***************************Zt3Q\nstripe: sk_live_••••••••••••4242\n")
    H("masked-log", "2025-02-02 INFO auth ok token=ghp_****************************1a2b user=ci-bot\n")
    # numbers that are not cards / SSNs / IBANs / phones
    for _ in range(3):
        card = luhn_break(luhn_complete(r.choice(["4", "51", "6011"]), 16, b))
        H("luhn-invalid", r.choice([f"card {group(card, ' ')} was rejected by the form (checksum)",
                                    json.dumps({"order_id": card, "amount": 1999}),
                                    f"tracking number {card}"]))
    H("timestamps", f"ts_ms=1741268122331 ts_ns=1741268122331004211 epoch=1741268122 build=20250306.4\n")
    H("bad-iban", "IBAN: DE89 3704 0044 0532 0130 01 (this one has a wrong checksum, the form rejects it)")
    H("bad-ssn", "test fixtures: SSN 000-12-3456, 666-45-6789 and 987-65-4321 are never issued\n")
    H("isbn", "ISBN 978-3-16-148410-0, DOI 10.1038/s41586-024-07487-w, arXiv:2403.05530v2\n")
    H("dates-times", "window: 2025-03-01 00:00:00 to 2025-03-31 23:59:59 (UTC+01:00), cron '0 3 * * 1-5'\n")
    H("money", "Total: 1,234,567.89 EUR; quantity 12 345 678; order 4000-1234-5678 shipped\n")
    # versions and non-addresses
    H("versions", "Microsoft Windows [Version 10.0.19045.3693]\nPython 3.11.9, node v20.11.1, openssl 3.0.13, chrome/124.0.6367.119\n")
    H("user-agent", "User-Agent: Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/122.0.6261.95 Safari/537.36\n")
    H("loopback", "Uvicorn running on http://127.0.0.1:8000 (Press CTRL+C to quit)\nlistening on [::]:8080 and 0.0.0.0:9090, ::1 ok\n")
    H("netmask", "inet addr:  netmask 255.255.255.0 broadcast 255.255.255.255\n")
    H("semver", "bumped @acme/sdk from 2.14.3 to 2.15.0-rc.1; OID 1.3.6.1.4.1.11129.2.4.2; SNMP 1.3.6.1.2.1.1.5.0\n")
    H("cpp", "std::unordered_map<std::string, int> m; auto it = m.find(\"x\"); // C++17\n")
    H("mac", "ether 3c:22:fb:9a:10:7e  txqueuelen 1000  (Ethernet)\n")
    H("package-scopes", "npm install @types/node@20.11.30 @anthropic-ai/sdk@0.39.0\ngit clone git@github.com:acme/agent.git\n")
    # random-looking but harmless strings in code
    H("css-hash", ".Button_primary__3xK9q { color: #1f6feb; } .css-1dbjc4n { display: flex; }\n")
    H("test-fixture-hex", f"EXPECTED_DIGEST = \"{s(64, HEX)}\"  # sha256 of fixtures/sample.bin\n")
    H("hmac-fixture", f"def test_signature():\n    assert sign(b'payload') == '{s(64, HEX)}'  # sha256 hex digest\n")
    H("terraform-state-ids", json.dumps({"resources": [{"type": "aws_instance", "instances": [{"attributes": {"id": f"i-{s(17, HEX)}", "ami": f"ami-{s(17, HEX)}", "arn": f"arn:aws:ec2:eu-west-1:{r.randint(10**11, 10**12)}:instance/i-{s(17, HEX)}"}}]}]}))
    H("k8s-config-uid", f"metadata:\n  uid: {b.uuid()}\n  resourceVersion: \"{r.randint(10**6, 10**8)}\"\n  generation: 4\n")
    H("openai-org-project", f"OpenAI-Organization: org-{s(24)}\nOpenAI-Project: proj_{s(24)}\n")
    H("slack-ids", json.dumps({"channel": "C0" + s(9, string.ascii_uppercase + string.digits), "user": "U0" + s(9, string.ascii_uppercase + string.digits), "ts": "1741268122.331009"}))
    H("password-prose", "Passwords must be at least 12 characters; the password field is required. Reset password link expires in 1h.\n")
    H("password-code", "def check_password(password: str) -> bool:\n    return bcrypt.checkpw(password.encode(), stored_hash)\n")
    H("token-counts", json.dumps({"usage": {"prompt_tokens": 1204, "completion_tokens": 388, "total_tokens": 1592}, "max_tokens": 4096}))


# -------------------------------------------------------------------- mixed items
def add_mixed_items(b: Builder):
    """Secrets next to hard-negative-looking material: findings on the latter count as false positives."""
    s = b.s
    key = f"sk-ant-api03-{s(93, B64URL)}AA"
    body = {"id": f"msg_01{s(22)}", "content": [{"type": "text", "text": f"Your .env looks fine, except ANTHROPIC_API_KEY={key} should not be committed. Commit {s(40, HEX)} added it."}],
            "usage": {"input_tokens": 1200, "output_tokens": 90}}
    b.add("anthropic-response/mixed", json.dumps(body), [(key, "secret", "provider:anthropic")])
    tok = b.crc_token("ghs_")
    b.add("ci-log/mixed", f"Run actions/checkout@{s(40, HEX)}\n  repository: acme/api\n  token: {tok}\n  ref: refs/heads/main\nrequest-id {b.uuid()}\n",
          [(tok, "secret", "provider:github")])
    pw = "Ivory!Tusk_61"
    b.add("docker-compose/mixed", f"services:\n  db:\n    image: postgres@sha256:{s(64, HEX)}\n    environment:\n      POSTGRES_PASSWORD: {pw}\n      POSTGRES_USER: app\n",
          [(pw, "secret", "secret:password")])
    oai = f"sk-proj-{s(70, B64URL)}T3BlbkFJ{s(70, B64URL)}"
    args = json.dumps({"command": f"OPENAI_API_KEY={oai} python eval.py --run-id {b.uuid()}"})
    body = {"model": "gpt-4o", "messages": [{"role": "assistant", "tool_calls": [{"id": f"call_{s(24)}", "type": "function", "function": {"name": "bash", "arguments": args}}]}]}
    b.add("openai-tool-arguments/mixed", json.dumps(body), [(oai, "secret", "provider:openai")])
    e = "ines.duarte@fintrack.io"
    b.add("git-log/mixed", f"commit {s(40, HEX)}\nAuthor: Ines Duarte <{e}>\nDate:   Tue Feb 4 09:00:00 2025 +0100\n\n    chore: bump version to 3.2.1.4\n",
          [(e, "pii", "pii:email")])
    npm = b.crc_token("npm_")
    b.add("npmrc/mixed", f"//registry.npmjs.org/:_authToken={npm}\n# lockfile integrity sha512-{s(86, B64)}==\n", [(npm, "secret", "provider:npm")])
    hf = f"hf_{s(34, string.ascii_letters)}"
    b.add("notebook/mixed", json.dumps({"cell_type": "code", "source": ["from huggingface_hub import login\n", f"login(token=\"{hf}\")\n"],
                                        "outputs": [{"output_type": "display_data", "data": {"image/png": "iVBORw0KGgo" + s(300, B64)}}]}),
          [(hf, "secret", "provider:huggingface")])


# -------------------------------------------------------------------- more formats and contexts
def add_more_items(b: Builder):
    s, r = b.s, b.r
    # Azure OpenAI api-key header, Anthropic x-api-key header
    az = s(32, HEX)
    b.add("curl-azure", f"curl \"https://acme-eastus.openai.azure.com/openai/deployments/gpt-4o/chat/completions?api-version=2024-10-21\" \\\n  -H \"api-key: {az}\" -H \"Content-Type: application/json\" -d @req.json\n",
          [(az, "secret", "provider:azure-openai")])
    ant = f"sk-ant-api03-{s(93, B64URL)}AA"
    b.add("http-request", f"POST /v1/messages HTTP/1.1\r\nHost: api.anthropic.com\r\nx-api-key: {ant}\r\nanthropic-version: 2023-06-01\r\ncontent-type: application/json\r\n\r\n{{\"model\":\"claude-3-5-haiku-latest\",\"max_tokens\":64}}",
          [(ant, "secret", "provider:anthropic")])
    # AWS STS output: ASIA id, secret and session token
    akid, sec, sess = f"ASIA{s(16, string.ascii_uppercase + '234567')}", s(40, B64), "IQoJb3JpZ2luX2VjE" + s(600, B64)
    out = json.dumps({"Credentials": {"AccessKeyId": akid, "SecretAccessKey": sec, "SessionToken": sess, "Expiration": "2025-03-04T18:22:07+00:00"}}, indent=4)
    b.add("aws-sts-output", out, [(akid, "secret", "provider:aws-access-key-id"), (sec, "secret", "provider:aws-secret-access-key"),
                                  (sess, "secret", "provider:aws-session-token")])
    # docker config.json auth, .npmrc _auth, git credential store
    auth = base64.b64encode(f"deploy-bot:{s(20)}".encode()).decode()
    b.add("docker-config-json", json.dumps({"auths": {"registry.acme.io": {"auth": auth}}}, indent=2), [(auth, "secret", "secret:basic-auth")])
    tok = b.crc_token("ghp_")
    b.add("git-credentials", f"$ cat ~/.git-credentials\nhttps://maria-dev:{tok}@github.com\n", [(tok, "secret", "provider:github")])
    # WireGuard: private and preshared keys are secrets, the public key is not
    priv, psk, pub = wg_key(b), wg_key(b), wg_key(b)
    b.add("wireguard", f"[Interface]\nPrivateKey = {priv}\nAddress = 10.8.0.2/32\n\n[Peer]\nPublicKey = {pub}\nPresharedKey = {psk}\nEndpoint = vpn.acme.io:51820\nAllowedIPs = 0.0.0.0/0\n",
          [(priv, "secret", "secret:private-key"), (psk, "secret", "secret:private-key"), ("10.8.0.2", "pii", "pii:ip")])
    # PEM with literal \n in a .env file, then that .env inside a JSON tool argument
    key = pem_body(b, "PRIVATE KEY")
    env_line = "FIREBASE_PRIVATE_KEY=\"" + key.replace("\n", "\\n") + "\\n\"\n"
    b.add("dotenv-pem-literal-newlines", "FIREBASE_PROJECT_ID=acme-mobile\n" + env_line, [(key.replace("\n", "\\n"), "secret", "secret:private-key")])
    key2 = pem_body(b, "OPENSSH PRIVATE KEY")
    args = json.dumps({"path": "/home/dev/.ssh/id_ed25519", "content": key2 + "\n"})
    body = {"model": "gpt-4o", "messages": [{"role": "assistant", "tool_calls": [{"id": f"call_{s(24)}", "type": "function", "function": {"name": "write_file", "arguments": args}}]}]}
    b.add("openai-tool-arguments/openssh", json.dumps(body), [(key2, "secret", "secret:private-key")])
    # passwords in more syntaxes
    for ctx, text, pw in [
        ("powershell", "$secure = ConvertTo-SecureString \"{p}\" -AsPlainText -Force\n$cred = New-Object PSCredential('corp\\svc-backup', $secure)\n", "Lantern#Bay42"),
        ("net-use", "net use \\\\fs01\\finance /user:CORP\\jdoe {p} /persistent:no\n", "Harb0r-Lights9"),
        ("pgpass", "# hostname:port:database:username:password\npg-main.internal:5432:billing:billing_rw:{p}\n", "Cobalt7_Meadow"),
        ("django-settings", "EMAIL_HOST = 'smtp.mailgun.org'\nEMAIL_HOST_USER = 'postmaster@mg.acme.io'\nEMAIL_HOST_PASSWORD = '{p}'\n", "Sapph1re!Coast"),
        ("yaml-quoted", "smtp:\n  host: smtp.office365.com\n  username: alerts\n  password: 'p@ss:w0rd#1x'\n".replace("p@ss:w0rd#1x", "{p}"), "Tundra:W0lf#1"),
        ("json-escaped-tool", None, "Orchid-9-Velvet"),
        ("docker-login", "echo done; docker login -u ci-bot -p {p} registry.acme.io\n", "Rav3n_Quill77"),
        ("env-mail", "MAIL_MAILER=smtp\nMAIL_USERNAME=apikey\nMAIL_PASSWORD={p}\n", "Saffron&Tide8"),
        ("java-props", "ldap.bind.dn=cn=svc,ou=apps,dc=acme,dc=io\nldap.bind.password={p}\n", "Glacier^Peak55"),
        ("python-kwargs", "smtp.login(\"alerts@acme.io\", \"{p}\")\n", None),
    ]:
        if pw is None:
            continue
        if text is None:
            args = json.dumps({"query": "UPDATE users SET active=1", "dsn": {"host": "pg", "user": "ops", "password": pw}})
            text = json.dumps({"type": "tool_use", "id": f"toolu_01{s(22)}", "name": "run_sql", "input": {"raw": args}})
        else:
            text = text.replace("{p}", pw)
        extra = [("postmaster@mg.acme.io", "pii", "pii:email")] if "postmaster@" in text else []
        b.add(ctx, text, [(pw, "secret", "secret:password"), *extra])
    # form-encoded OAuth body, token in URL path, token in query of a log
    cs = s(40, B64URL)
    b.add("form-urlencoded", f"POST /oauth/token\ncontent-type: application/x-www-form-urlencoded\n\ngrant_type=client_credentials&client_id=reporting-svc&client_secret={cs}&scope=read\n",
          [(cs, "secret", "secret:client-secret")])
    tg = f"{r.randint(1000000000, 7999999999)}:AA{s(33, B64URL)}"
    b.add("log-telegram", f"2025-03-04 11:02:33 ERROR httpx POST https://api.telegram.org/bot{tg}/sendMessage \"HTTP/1.1 409 Conflict\"\n",
          [(tg, "secret", "provider:telegram")])
    at = s(48, B64URL)
    b.add("log-access-token-query", f"10.2.0.7 - - [04/Mar/2025:11:02:33 +0000] \"GET /api/export?format=csv&access_token={at} HTTP/1.1\" 200 5123\n",
          [("10.2.0.7", "pii", "pii:ip"), (at, "secret", "secret:api-token")])
    # markdown and punctuation around keys
    hf = f"hf_{s(34, string.ascii_letters)}"
    b.add("markdown", f"1. Create a token at huggingface.co/settings/tokens\n2. Run `huggingface-cli login --token {hf}`.\n3. Done (mine was ({hf}).\n",
          [(hf, "secret", "provider:huggingface")])
    gsk = f"gsk_{s(52)}"
    b.add("chat-period", f"Groq key for the demo: {gsk}.", [(gsk, "secret", "provider:groq")])
    # more PII shapes
    e = f"{b.pick(FIRST)}.{b.pick(LAST)}@{b.pick(DOMAINS)}"
    enc = e.replace("@", "%40")
    b.add("log-encoded-email", f"GET /api/users/lookup?email={enc}&include=orders 200 12ms\n", [(enc, "pii", "pii:email")])
    e2 = f"{b.pick(FIRST).title()}.{b.pick(LAST).title()}+newsletter@{b.pick(DOMAINS)}"
    b.add("mailto", f"<p>Questions? <a href=\"mailto:{e2}\">Contact {e2.split('.')[0]}</a></p>", [(e2, "pii", "pii:email")])
    for p in [f"+49 (0)30 {r.randint(1000000, 99999999)}", f"+44 (0) 7{r.randint(400, 999)} {r.randint(100000, 999999)}",
              f"{r.randint(201, 989)} {r.randint(201, 999)} {r.randint(1000, 9999)}", f"1-{r.randint(201, 989)}-{r.randint(201, 999)}-{r.randint(1000, 9999)}",
              f"+33 (0)1 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}", f"0{r.randint(30, 89)}/{r.randint(100000, 9999999)}"]:
        b.add("phone-variants", f"Kontakt / contact: {p} (Mo-Fr 9-17 Uhr)", [(p, "pii", "pii:phone")])
    n = ssn(b).replace("-", "")
    b.add("ssn-no-dashes", f"applicant: R. Iyer, ssn {n}, dob 1979-02-14", [(n, "pii", "pii:ssn")])
    card = luhn_complete("4", 16, b)
    b.add("card-in-tool-args", json.dumps({"type": "function", "function": {"name": "charge", "arguments": json.dumps({"card_number": card, "cvc": "314", "amount_cents": 4999})}}),
          [(card, "pii", "pii:card")])
    ip = f"{r.choice([77, 88, 178, 213])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    b.add("python-log-tuple", f"WARNING:root:blocked login attempt from ('{ip}', 53344) user=admin\n", [(ip, "pii", "pii:ip")])
    # hard negatives in the same kinds of context
    H = lambda ctx, text: b.add(ctx, text, hard=True)
    H("gha-cache-log", f"Cache restored from key: Linux-node-{s(64, HEX)}\nCache Size: ~84 MB (88012345 B)\n")
    H("gha-cache-yaml", "      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n          key: ${{ runner.os }}-node-${{ hashFiles('**/package-lock.json') }}\n")
    H("json-ids", json.dumps({"idempotency_key": b.uuid(), "cache_key": s(64, HEX), "session_id": b.uuid(), "object_key": "uploads/2025/03/invoice-8812.pdf"}))
    H("oauth-state", f"GET /callback?code_challenge={s(43, B64URL)}&code_challenge_method=S256&state={s(32, HEX)} HTTP/1.1\n")
    H("webhook-signature-doc", f"X-Hub-Signature-256: sha256={s(64, HEX)}\nX-GitHub-Delivery: {b.uuid()}\n")
    H("bcrypt-doc", "Example: bcrypt.hashpw(b\"secret\", bcrypt.gensalt(rounds=12)) returns a 60-char string starting with $2b$12$\n")
    H("placeholder-keys", "OPENAI_API_KEY=<OPENAI_API_KEY>\nGITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX\nAWS_ACCESS_KEY_ID=AKIAXXXXXXXXXXXXXXXX\nSLACK_BOT_TOKEN=xoxb-your-bot-token\n")
    H("placeholder-urls", "DATABASE_URL=postgres://USER:PASSWORD@HOST:5432/DBNAME\nMONGO_URI=mongodb+srv://<username>:<password>@cluster0.mongodb.net/\n")
    H("masked-redacted", json.dumps({"api_key": "[REDACTED]", "password": "<redacted>", "token": "sk-proj-...Q2xA", "secret": "************"}))
    H("env-reference-docker", "docker run -e OPENAI_API_KEY -e DB_PASSWORD=\"$DB_PASSWORD\" acme/agent\n")
    H("k8s-secret-ref-json", json.dumps({"name": "DB_PASSWORD", "valueFrom": {"secretKeyRef": {"name": "pg-credentials", "key": "password"}}}))
    H("versions-windows", "OS Build 10.0.22631.2861; kernel 6.8.0-45-generic; pip 24.0; Node.js v20.11.1; Android 14.0.0.1\n")
    H("order-numbers", "Order ORD-2025-004512, invoice INV-000123-2025, ZIP 94105-1234, ports 8000-8080, PO 4500012345\n")
    H("math", "pi = 3.14159265358979, e = 2.71828182845904, sqrt(2) = 1.41421356237310\n")
    H("luhn-invalid-json", json.dumps({"pan_last4": "4242", "reference": luhn_break(luhn_complete("5", 16, b)), "amount": 12.5}))
    H("public-jwk-wireguard-pub", f"[Peer]\nPublicKey = {wg_key(b)}\nAllowedIPs = 10.8.0.0/24\nPersistentKeepalive = 25\n")
    H("sha-in-chat", f"the fix landed in {s(40, HEX)} and the image digest is sha256:{s(64, HEX)}, can you verify?")
    H("tool-ids-anthropic-stream", f"event: content_block_start\ndata: {{\"type\":\"content_block_start\",\"index\":1,\"content_block\":{{\"type\":\"tool_use\",\"id\":\"toolu_01{s(22)}\",\"name\":\"get_weather\",\"input\":{{}}}}}}\n\n")


# -------------------------------------------------------------------- batch 2 (written after the first rule fixes,
# measured before any further change: a second, untouched held-out sample)
def add_batch2_items(b: Builder):
    s, r = b.s, b.r
    add = lambda ctx, text, secrets=(): b.add("b2/" + ctx, text, secrets)
    H = lambda ctx, text: b.add("b2/" + ctx, text, hard=True)
    keys = {k: v for k, _, v in provider_keys(b)}  # one fresh value per provider type (last wins)
    oai, ant, gh, gsk = keys["openai"], keys["anthropic"], b.crc_token("ghp_"), keys["groq"]
    har = {"log": {"entries": [{"request": {"method": "POST", "url": "https://api.openai.com/v1/embeddings",
                                            "headers": [{"name": "Authorization", "value": f"Bearer {oai}"}, {"name": "Content-Type", "value": "application/json"}]},
                                "response": {"status": 200, "headers": [{"name": "x-request-id", "value": f"req_{s(32, HEX)}"}]}}]}}
    add("har", json.dumps(har, indent=1), [(oai, "secret", "provider:openai")])
    nb = {"cells": [{"cell_type": "code", "execution_count": 3, "source": ["import anthropic\n", f"client = anthropic.Anthropic(api_key='{ant}')\n", "print(client.models.list())\n"], "outputs": []}]}
    add("ipynb", json.dumps(nb, indent=1), [(ant, "secret", "provider:anthropic")])
    add("git-config", f"[remote \"origin\"]\n\turl = https://{gh}@github.com/acme/payments.git\n\tfetch = +refs/heads/*:refs/remotes/origin/*\n", [(gh, "secret", "provider:github")])
    gl = f"glpat-{s(20, B64URL)}"
    add("gitlab-ci", f"variables:\n  GITLAB_API_TOKEN: \"{gl}\"\n  DOCKER_DRIVER: overlay2\nbuild:\n  script: make\n", [(gl, "secret", "provider:gitlab")])
    sl = f"xoxb-{s(12, string.digits)}-{s(13, string.digits)}-{s(24)}"
    add("helm-values", f"slack:\n  enabled: true\n  botToken: {sl}\n  channel: \"#deploys\"\n", [(sl, "secret", "provider:slack")])
    sk = f"sk_live_51{s(97)}"
    add("php", f"<?php\n\\Stripe\\Stripe::setApiKey('{sk}');\n$charge = \\Stripe\\Charge::create(['amount' => 2000]);\n", [(sk, "secret", "provider:stripe")])
    oai2 = f"sk-proj-{s(64, B64URL)}T3BlbkFJ{s(64, B64URL)}"
    add("ruby", f"client = OpenAI::Client.new(access_token: \"{oai2}\", log_errors: true)\n", [(oai2, "secret", "provider:openai")])
    add("rust", f"let api_key = \"{gsk}\";\nlet client = Groq::new(api_key);\n", [(gsk, "secret", "provider:groq")])
    oai3 = f"sk-proj-{s(64, B64URL)}T3BlbkFJ{s(64, B64URL)}"
    add("csharp", f"var client = new OpenAIClient(new ApiKeyCredential(\"{oai3}\"));\n", [(oai3, "secret", "provider:openai")])
    aws_id, aws_sec = f"AKIA{s(16, string.ascii_uppercase + '234567')}", s(40, B64)
    tr = {"type": "tool_result", "tool_use_id": f"toolu_01{s(22)}", "content": f"[default]\r\naws_access_key_id={aws_id}\r\naws_secret_access_key={aws_sec}\r\n"}
    add("anthropic-tool-result-crlf", json.dumps({"role": "user", "content": [tr]}), [(aws_id, "secret", "provider:aws-access-key-id"), (aws_sec, "secret", "provider:aws-secret-access-key")])
    acct = s(86, B64) + "=="
    add("appsettings-json", json.dumps({"ConnectionStrings": {"Storage": f"DefaultEndpointsProtocol=https;AccountName=acmelogs;AccountKey={acct};EndpointSuffix=core.windows.net"}}, indent=2),
        [(acct, "secret", "provider:azure-storage-key")])
    gk = f"AIza{s(35, B64URL)}"
    add("android-strings", f"<resources>\n    <string name=\"app_name\">Acme</string>\n    <string name=\"google_maps_key\">{gk}</string>\n</resources>\n", [(gk, "secret", "provider:google")])
    cs = s(40, B64URL)
    add("json-client-secret", json.dumps({"web": {"client_id": f"{r.randint(10**11, 10**12)}-{s(32, LOWER_ALNUM)}.apps.googleusercontent.com", "client_secret": cs, "redirect_uris": ["http://localhost:8080/cb"]}}),
        [(cs, "secret", "secret:client-secret")])
    dj = "django-insecure-" + s(50, string.ascii_lowercase + string.digits + "!@#$%^&*(-_=+)")
    dj = dj.replace("(", "k").replace(")", "q")
    add("django", f"# SECURITY WARNING: keep the secret key used in production secret!\nSECRET_KEY = '{dj}'\nDEBUG = False\n", [(dj, "secret", "secret:app-secret")])
    js = s(32)
    add("dotenv-jwt-secret", f"JWT_SECRET={js}\nJWT_EXPIRES_IN=1h\n", [(js, "secret", "secret:app-secret")])
    pw1 = "Pa55w0rd!Rock"
    add("curl-basic", f"curl -u admin:{pw1} http://jenkins.internal:8080/job/deploy/build\n", [(pw1, "secret", "secret:password")])
    pw2 = "Marble&Fig_34"
    add("compose-mysql", f"services:\n  db:\n    image: mysql:8.4\n    environment:\n      MYSQL_ROOT_PASSWORD: \"{pw2}\"\n", [(pw2, "secret", "secret:password")])
    pw3 = "Quokka!Sun88"
    add("tfvars", f"region      = \"eu-west-1\"\ndb_password = \"{pw3}\"\ninstance    = \"db.t4g.medium\"\n", [(pw3, "secret", "secret:password")])
    pw4 = "hunter2-Blue!"
    body = {"model": "gpt-4o-mini", "messages": [{"role": "user", "content": "convert to yaml: " + json.dumps({"db": {"user": "svc", "pass": pw4}})}]}
    add("openai-chat-json-in-text", json.dumps(body), [(pw4, "secret", "secret:password")])
    # kubeconfig: client key and token are secrets, the CA certificate is not
    ca = base64.b64encode(("-----BEGIN CERTIFICATE-----\n" + "\n".join(s(64, B64) for _ in range(4)) + "\n-----END CERTIFICATE-----\n").encode()).decode()
    ck = base64.b64encode((pem_body(b, "RSA PRIVATE KEY") + "\n").encode()).decode()
    now = 1740000000 + r.randint(0, 10**7)
    kt = jwt(b, {"iss": "kubernetes/serviceaccount", "sub": "system:serviceaccount:ci:deployer", "iat": now}, "RS256")
    add("kubeconfig", f"apiVersion: v1\nclusters:\n- cluster:\n    certificate-authority-data: {ca}\n    server: https://k8s.acme.io:6443\n  name: prod\nusers:\n- name: deployer\n  user:\n    client-key-data: {ck}\n    token: {kt}\n",
        [(ck, "secret", "secret:private-key"), (kt, "secret", "secret:jwt")])
    pgp = ("-----BEGIN PGP PRIVATE KEY BLOCK-----\n\nlQOYBGX" + s(57, B64) + "\n" + "\n".join(s(64, B64) for _ in range(8)) + "\n=" + s(4, B64) + "\n-----END PGP PRIVATE KEY BLOCK-----")
    add("pgp-private", f"gpg --export-secret-keys --armor ops@acme.io > key.asc\n$ cat key.asc\n{pgp}\n", [(pgp, "secret", "secret:private-key"), ("ops@acme.io", "pii", "pii:email")])
    dsa = pem_body(b, "RSA PRIVATE KEY").replace("RSA", "DSA")
    add("dsa-key-chat", f"is this key still safe to use?\n{dsa}", [(dsa, "secret", "secret:private-key")])
    jt = jwt(b, {"sub": b.uuid(), "role": "admin", "exp": now + 900})
    add("js-localstorage", f"localStorage.setItem('auth_token', '{jt}');\nwindow.location = '/dashboard';\n", [(jt, "secret", "secret:jwt")])
    jt2 = jwt(b, {"sub": "42", "aud": "reports", "exp": now + 60})
    add("url-jwt", f"GET /reports/download?token={jt2} HTTP/1.1\nHost: app.acme.io\n", [(jt2, "secret", "secret:jwt")])
    # PII
    e = f"{b.pick(FIRST)}_{b.pick(LAST)}@{b.pick(DOMAINS)}"
    inner = json.dumps({"to": e, "subject": "Your refund", "body": "Hi, your refund was processed."})
    add("tool-args-email", json.dumps({"tool_calls": [{"function": {"name": "send_email", "arguments": inner}}]}), [(e, "pii", "pii:email")])
    for p in [f"+1 ({r.randint(201, 989)}) {r.randint(201, 999)}-{r.randint(1000, 9999)}", f"+44 20 7{r.randint(100, 999)} {r.randint(1000, 9999)}",
              f"+49 30 {r.randint(100000, 9999999)}", f"+33 1 {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)} {r.randint(10, 99)}",
              f"({r.randint(201, 989)}) {r.randint(201, 999)}-{r.randint(1000, 9999)}"]:
        add("support-chat-phone", f"Customer: please call me back at {p}, I'm available all day", [(p, "pii", "pii:phone")])
    c1 = luhn_complete("4", 16, b)
    add("chat-card", f"my visa is {group(c1, ' ')} and the cvv is 412, exp 04/28", [(group(c1, " "), "pii", "pii:card")])
    c2 = luhn_complete("37", 15, b)
    add("amex-json", json.dumps({"card": group(c2, " ", [4, 6, 5]), "name": "T. Nguyen"}), [(group(c2, " ", [4, 6, 5]), "pii", "pii:card")])
    ib = iban(b, "DE", s(18, string.digits))
    add("invoice-iban", f"Rechnung Nr. 2025-0412\nBitte überweisen Sie den Betrag auf: {spaced(ib)}\nVerwendungszweck: 2025-0412\n", [(spaced(ib), "pii", "pii:iban")])
    sn = ssn(b)
    add("json-ssn", json.dumps({"applicant": {"name": "R. Iyer", "ssn": sn, "income": 84000}}), [(sn, "pii", "pii:ssn")])
    ip4 = f"{r.choice([62, 95, 109, 176])}.{r.randint(0, 255)}.{r.randint(0, 255)}.{r.randint(1, 254)}"
    add("x-real-ip", f"X-Real-IP: {ip4}\nX-Forwarded-Proto: https\n", [(ip4, "pii", "pii:ip")])
    ip4b = f"192.168.{r.randint(0, 255)}.{r.randint(2, 254)}"
    add("apache-log", f"{ip4b} - frank [10/Oct/2025:13:55:36 -0700] \"GET /apache_pb.gif HTTP/1.0\" 200 2326\n", [(ip4b, "pii", "pii:ip")])
    ip6 = f"2001:470:{r.randint(1, 0xffff):x}:{r.randint(1, 0xffff):x}::{r.randint(1, 0xffff):x}"
    add("ipv6-log", f"Jun 03 10:11:12 mail postfix/smtpd[912]: connect from unknown[{ip6}]\n", [(ip6, "pii", "pii:ip")])
    # hard negatives
    H("openai-batch-ids", json.dumps({"id": f"batch_{s(24)}", "input_file_id": f"file-{s(22)}", "model": f"ft:gpt-4o-mini-2024-07-18:acme::{s(8)}", "fine_tuning_job": f"ftjob-{s(24)}"}))
    H("bedrock-ids", json.dumps({"id": f"msg_bdrk_01{s(22)}", "requestId": b.uuid(), "modelArn": f"arn:aws:bedrock:us-east-1::foundation-model/anthropic.claude-3-5-sonnet-20241022-v2:0"}))
    H("audio-base64", json.dumps({"model": "gpt-4o-audio-preview", "messages": [{"role": "user", "content": [{"type": "input_audio", "input_audio": {"data": "UklGR" + s(700, B64) + "=", "format": "wav"}}]}]}))
    H("embedding", json.dumps({"object": "list", "data": [{"object": "embedding", "index": 0, "embedding": [round(r.uniform(-0.1, 0.1), 8) for _ in range(24)]}], "model": "text-embedding-3-small"}))
    H("stripe-ids", json.dumps({"id": f"ch_3{s(23)}", "customer": f"cus_{s(14)}", "payment_method": f"pm_1{s(23)}", "balance_transaction": f"txn_3{s(23)}"}))
    H("git-lfs-pointer", f"version https://git-lfs.github.com/spec/v1\noid sha256:{s(64, HEX)}\nsize {r.randint(10**5, 10**8)}\n")
    H("k8s-cabundle", f"webhooks:\n- name: validate.acme.io\n  clientConfig:\n    caBundle: {ca}\n    service:\n      name: webhook\n")
    H("masked-other-tools", f"OPENAI_API_KEY=sk-proj-Ab…Xy12\nGITHUB_TOKEN=ghp_…a1B2\nAWS_ACCESS_KEY_ID=AKIA…WXYZ\n")
    H("template-refs", "password: %(DB_PASSWORD)s\ntoken: $(cat /run/secrets/api_token)\nkey: <%= ENV['STRIPE_KEY'] %>\n@Value(\"${db.password}\") private String dbPassword;\n")
    H("cfn-refs", "MasterUserPassword: !Ref DbPassword\nApiKey: '{{resolve:secretsmanager:prod/api:SecretString:key}}'\nToken: !Sub '{{resolve:ssm-secure:/prod/token}}'\n")
    H("aws-example-json", json.dumps({"AccessKeyId": "AKIAI44QH8DHBEXAMPLE", "SecretAccessKey": "je7MtGbClwBF/2Zp9Utk/h3yCo8nvbEXAMPLEKEY"}))
    H("versions-more", "Upgraded to v2.14.3-rc.1+build.5 (protocol 1.0.0.0); agent ver 3.11.2.150; see RFC 9110 section 15.5.20\n")
    H("ip-like-negatives", "SNMP OID 1.3.6.1.2.1.2.2.1.10 polled; default route 0.0.0.0; mask 255.255.240.0; localhost 127.0.0.1\n")
    H("hex-colors-svg", "<path d=\"M12.5 3.2L4.1 9.8v7.4h16.8V9.8z\" fill=\"#1f6feb\"/> .btn{color:#ff6a00;background:#0d1117}\n")
    H("uuid-bearer-doc", f"Each request carries an idempotency key header: Idempotency-Key: {b.uuid()}\n")
    H("sha1-in-json-keyname", json.dumps({"content_sha": s(40, HEX), "tree_id": s(40, HEX), "blob_key": f"blobs/{s(2, HEX)}/{s(62, HEX)}"}))
    H("nonce-state", json.dumps({"nonce": s(32, HEX), "state": b.uuid(), "code_verifier_hash": s(43, B64URL)}))
    H("password-policy-json", json.dumps({"password_policy": {"min_length": 12, "require_symbols": True, "history": 5}, "password_reset_ttl": "1h"}))
    H("luhn-invalid-chat", f"the form says card {group(luhn_break(luhn_complete('4', 16, b)), ' ')} is invalid, what did I mistype?")
    H("timestamps-ids", f"event_id=1741268122331004 ts=1741268122 seq=000000000123456789 build=20250306.1842\n")
    H("placeholder-chat", "Set ANTHROPIC_API_KEY to your key (it starts with sk-ant-) and GITHUB_TOKEN to a ghp_ token, never paste them here.\n")
    H("masked-json-exitguard", json.dumps({"role": "user", "content": f"curl -H 'Authorization: Bearer [MASKED:openai-project-key:{s(6, HEX)}]' https://api.openai.com/v1/models"}))


def build() -> list[dict]:
    b = Builder(SEED)
    add_provider_items(b)
    add_log_items(b)
    add_password_items(b)
    add_key_items(b)
    add_pii_items(b)
    add_hard_negatives(b)
    add_mixed_items(b)
    add_more_items(b)
    add_batch2_items(b)
    return b.items


def main() -> None:
    items = build()
    OUT.write_text("".join(json.dumps(item) + "\n" for item in items))
    labels = sum(len(i["labels"]) for i in items)
    print(f"{OUT}: {len(items)} items, {labels} labels, {sum(i['hard_negative'] for i in items)} hard negatives")


if __name__ == "__main__":
    main()
