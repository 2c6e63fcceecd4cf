"""Which provider API a request speaks (to pick the error shape and how to read bodies), and its model.

Surfaces: "openai-chat" | "openai-responses" | "openai-embeddings" | "openai-other" |
"anthropic-messages" | "anthropic-other" | "gemini" | "mcp" | "generic".
"""

from __future__ import annotations

import re
from fnmatch import fnmatchcase
from typing import NamedTuple
from urllib.parse import unquote

# Hosts that speak the OpenAI API (their own paths are recognised by suffix below).
OPENAI_HOSTS = ("api.openai.com", "*.openai.azure.com", "*.cognitiveservices.azure.com", "*.services.ai.azure.com",
                "openrouter.ai", "api.groq.com", "api.mistral.ai", "api.deepseek.com", "api.x.ai",
                "api.together.xyz", "api.together.ai", "api.fireworks.ai", "api.perplexity.ai",
                "api.cerebras.ai", "api.sambanova.ai", "api.deepinfra.com", "integrate.api.nvidia.com",
                "api.moonshot.ai", "api.moonshot.cn", "dashscope.aliyuncs.com", "dashscope-intl.aliyuncs.com",
                "api.hyperbolic.xyz", "api.novita.ai", "api.lambda.ai", "api.inference.net")
ANTHROPIC_HOSTS = ("api.anthropic.com",)
GEMINI_HOSTS = ("generativelanguage.googleapis.com", "aiplatform.googleapis.com", "*-aiplatform.googleapis.com")
BEDROCK_HOSTS = ("bedrock-runtime.*.amazonaws.com", "bedrock-runtime-fips.*.amazonaws.com",
                 "bedrock-agent-runtime.*.amazonaws.com", "bedrock-agent-runtime-fips.*.amazonaws.com")
# Other model APIs (their own shapes; requests are read by the generic codecs).
OTHER_LLM_HOSTS = ("models.inference.ai.azure.com", "models.github.ai", "codestral.mistral.ai", "api.cohere.com",
                   "api.cohere.ai", "api-inference.huggingface.co", "router.huggingface.co",
                   "*.endpoints.huggingface.cloud", "api.replicate.com", "api.ai21.com", "api.voyageai.com",
                   "api.jina.ai", "api.elevenlabs.io", "api.lambdalabs.com", "inference.baseten.co",
                   "open.bigmodel.cn", "api.minimax.chat", "api.minimax.io")
# Gateways that forward to any of the above: a prompt sent through one is a prompt sent to a provider.
GATEWAY_HOSTS = ("gateway.ai.cloudflare.com", "*.helicone.ai", "api.portkey.ai", "ai-gateway.vercel.sh",
                 "router.requesty.ai", "api.unify.ai", "api.aimlapi.com", "api.edenai.run", "withmartian.com",
                 "api.withmartian.com", "api.keywordsai.co", "openai.langdock.com")
# Every LLM provider and gateway exitguard knows: the policy guards them all (guard_known_providers), so the
# default policy cannot drift from this list.
LLM_HOSTS = tuple(dict.fromkeys(OPENAI_HOSTS + ANTHROPIC_HOSTS + GEMINI_HOSTS + BEDROCK_HOSTS + OTHER_LLM_HOSTS
                                + GATEWAY_HOSTS))

_OPENAI_SUFFIXES = (("/chat/completions", "openai-chat"), ("/responses", "openai-responses"),
                    ("/embeddings", "openai-embeddings"))
# On a host we do not know, only unmistakable OpenAI / Anthropic paths count.
_ANY_HOST_SUFFIXES = (("/chat/completions", "openai-chat"), ("/v1/responses", "openai-responses"),
                      ("/v1/embeddings", "openai-embeddings"), ("/v1/completions", "openai-other"),
                      ("/v1/messages", "anthropic-messages"))
_GOOGLE_MODEL = re.compile(r"/models/([^/:]+):")
_AZURE_DEPLOYMENT = re.compile(r"/openai/deployments/([^/]+)/")
_BEDROCK_MODEL = re.compile(r"^/model/([^/]+)/")


def _host(host: str) -> str:
    host = host.strip().lower().rstrip(".")
    if host.count(":") == 1:  # host:port (an IPv6 literal has more colons)
        host = host.split(":")[0]
    return host


def _matches(host: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatchcase(host, pattern) for pattern in patterns)


def is_json_rpc(body) -> bool:
    if isinstance(body, list):
        return bool(body) and all(is_json_rpc(item) for item in body)
    return isinstance(body, dict) and body.get("jsonrpc") == "2.0"


def api_surface(host: str, path: str, body: dict | list | None = None) -> str:
    host = _host(host)
    path = path.split("?")[0].rstrip("/")
    if is_json_rpc(body):
        return "mcp"
    if _matches(host, ANTHROPIC_HOSTS):
        return "anthropic-messages" if path == "/v1/messages" else "anthropic-other"
    if _matches(host, BEDROCK_HOSTS):
        model = request_model(None, path) or ""
        anthropic = "anthropic." in model or (isinstance(body, dict) and "anthropic_version" in body)
        if anthropic and re.search(r"/invoke(-with-response-stream)?$", path):
            return "anthropic-messages"
        return "generic"
    if _matches(host, GEMINI_HOSTS):
        if "/publishers/anthropic/models/" in path:  # Claude on Vertex: Anthropic payloads
            return "anthropic-messages" if re.search(r":(stream)?rawPredict$", path) else "anthropic-other"
        if path.endswith("/chat/completions"):  # the OpenAI-compatible endpoints of Gemini and Vertex
            return "openai-chat"
        return "gemini"
    if _matches(host, OPENAI_HOSTS):
        for suffix, surface in _OPENAI_SUFFIXES:
            if path.endswith(suffix):
                return surface
        return "openai-other"
    for suffix, surface in _ANY_HOST_SUFFIXES:
        if path.endswith(suffix):
            return surface
    if re.search(r"/models/[^/:]+:(stream)?generateContent$", path):
        return "gemini"
    return "generic"


def error_style(surface: str) -> str:
    """The shape of error body a client of this surface understands: "openai" | "anthropic" | "plain"."""
    if surface.startswith("openai-"):
        return "openai"
    if surface.startswith("anthropic-"):
        return "anthropic"
    return "plain"


def request_model(body_obj, path: str = "") -> str | None:
    """The body's "model" field, else the model named in the path (Gemini / Vertex `/models/<m>:...`,
    Azure `/openai/deployments/<d>/...`, Bedrock `/model/<id>/...`)."""
    if isinstance(body_obj, dict) and isinstance(body_obj.get("model"), str) and body_obj["model"]:
        return body_obj["model"]
    path = path.split("?")[0]
    for pattern in (_GOOGLE_MODEL, _AZURE_DEPLOYMENT, _BEDROCK_MODEL):
        found = pattern.search(path)
        if found:
            return unquote(found.group(1))
    return None


# Where a provider's SDKs send the caller's own API key, and the rule-id prefixes of that provider family's keys.
# Any host may use Authorization (Bearer, Basic, AWS SigV4). A key of the host's own family there is the
# credential broker's business (`credentials/`), not content; any other secret there is content.
_OPENAI_KEY_RULES = ("openai-", "azure-openai-", "azure-identifiable-", "openrouter-", "groq-", "mistral-",
                     "deepseek-", "xai-", "together-", "fireworks-", "perplexity-", "cerebras-", "nvidia-",
                     "moonshot-", "dashscope-")
_CREDENTIALS = ((OPENAI_HOSTS, ("api-key",), _OPENAI_KEY_RULES),
                (ANTHROPIC_HOSTS, ("x-api-key",), ("anthropic-",)),
                (GEMINI_HOSTS, ("x-goog-api-key",), ("google-", "gcp-")),
                (BEDROCK_HOSTS, ("x-amz-security-token",), ("aws-",)))


class HostCredential(NamedTuple):
    headers: frozenset[str]  # lower-case names of the headers that carry the host's own credential
    rule_prefixes: tuple[str, ...] | None  # its family's key rules; None: a host we do not know


def host_credential(host: str) -> HostCredential:
    host = _host(host)
    for patterns, headers, rules in _CREDENTIALS:
        if _matches(host, patterns):
            return HostCredential(frozenset({"authorization", *headers}), rules)
    return HostCredential(frozenset({"authorization"}), None)
