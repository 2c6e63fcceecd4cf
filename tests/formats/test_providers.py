import pytest

from addons.formats import api_surface, error_style, request_model


@pytest.mark.parametrize("host, path, surface", [
    ("api.openai.com", "/v1/chat/completions", "openai-chat"),
    ("API.OpenAI.com:443", "/v1/chat/completions?x=1", "openai-chat"),
    ("api.openai.com", "/v1/responses", "openai-responses"),
    ("api.openai.com", "/v1/embeddings", "openai-embeddings"),
    ("api.openai.com", "/v1/files", "openai-other"),
    ("myres.openai.azure.com", "/openai/deployments/gpt4o-prod/chat/completions", "openai-chat"),
    ("myres.openai.azure.com", "/openai/deployments/emb/embeddings", "openai-embeddings"),
    ("myres.openai.azure.com", "/openai/v1/responses", "openai-responses"),
    ("openrouter.ai", "/api/v1/chat/completions", "openai-chat"),
    ("api.groq.com", "/openai/v1/chat/completions", "openai-chat"),
    ("api.mistral.ai", "/v1/embeddings", "openai-embeddings"),
    ("api.deepseek.com", "/chat/completions", "openai-chat"),
    ("api.x.ai", "/v1/responses", "openai-responses"),
    ("api.together.xyz", "/v1/chat/completions", "openai-chat"),
    ("api.fireworks.ai", "/inference/v1/chat/completions", "openai-chat"),
    ("api.fireworks.ai", "/inference/v1/models", "openai-other"),
    ("llm.internal.example", "/v1/chat/completions", "openai-chat"),
    ("localhost:11434", "/v1/embeddings", "openai-embeddings"),
    ("llm.internal.example", "/v1/responses", "openai-responses"),
    ("llm.internal.example", "/v1/messages", "anthropic-messages"),
    ("api.anthropic.com", "/v1/messages", "anthropic-messages"),
    ("api.anthropic.com", "/v1/messages/count_tokens", "anthropic-other"),
    ("api.anthropic.com", "/v1/models", "anthropic-other"),
    ("bedrock-runtime.us-east-1.amazonaws.com", "/model/anthropic.claude-3-5-sonnet-20241022-v2:0/invoke",
     "anthropic-messages"),
    ("bedrock-runtime.eu-west-1.amazonaws.com",
     "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke-with-response-stream", "anthropic-messages"),
    ("bedrock-runtime.us-east-1.amazonaws.com", "/model/amazon.titan-text-express-v1/invoke", "generic"),
    ("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:generateContent", "gemini"),
    ("generativelanguage.googleapis.com", "/v1beta/models/gemini-2.0-flash:streamGenerateContent", "gemini"),
    ("generativelanguage.googleapis.com", "/v1beta/openai/chat/completions", "openai-chat"),
    ("us-central1-aiplatform.googleapis.com",
     "/v1/projects/p/locations/us-central1/publishers/google/models/gemini-1.5-pro:generateContent", "gemini"),
    ("us-east5-aiplatform.googleapis.com",
     "/v1/projects/p/locations/us-east5/publishers/anthropic/models/claude-sonnet-4:rawPredict",
     "anthropic-messages"),
    ("gemini-proxy.example", "/v1beta/models/gemini-pro:generateContent", "gemini"),
    ("api.github.com", "/repos/o/r/issues", "generic"),
    ("slack.com", "/api/chat.postMessage", "generic"),
])
def test_api_surface(host, path, surface):
    assert api_surface(host, path) == surface


def test_json_rpc_body_is_mcp():
    call = {"jsonrpc": "2.0", "id": 1, "method": "tools/call", "params": {"name": "x", "arguments": {}}}
    assert api_surface("mcp.example.com", "/mcp", call) == "mcp"
    assert api_surface("mcp.example.com", "/mcp", [call, call]) == "mcp"
    assert api_surface("mcp.example.com", "/mcp", {"jsonrpc": "1.0"}) == "generic"
    assert api_surface("mcp.example.com", "/mcp", []) == "generic"


def test_bedrock_anthropic_recognised_by_body():
    body = {"anthropic_version": "bedrock-2023-05-31", "messages": []}
    path = "/model/arn%3Aaws%3Abedrock%3Aus-east-1%3A1%3Ainference-profile%2Fx/invoke"
    assert api_surface("bedrock-runtime.us-east-1.amazonaws.com", path, body) == "anthropic-messages"


@pytest.mark.parametrize("surface, style", [
    ("openai-chat", "openai"), ("openai-responses", "openai"), ("openai-embeddings", "openai"),
    ("openai-other", "openai"), ("anthropic-messages", "anthropic"), ("anthropic-other", "anthropic"),
    ("gemini", "plain"), ("mcp", "plain"), ("generic", "plain"),
])
def test_error_style(surface, style):
    assert error_style(surface) == style


@pytest.mark.parametrize("body, path, model", [
    ({"model": "gpt-4o", "messages": []}, "/v1/chat/completions", "gpt-4o"),
    ({"messages": []}, "/openai/deployments/gpt4o-prod/chat/completions?api-version=2024-10-21", "gpt4o-prod"),
    ({"contents": []}, "/v1beta/models/gemini-2.0-flash:generateContent", "gemini-2.0-flash"),
    (None, "/v1/projects/p/locations/l/publishers/google/models/gemini-1.5-pro:streamGenerateContent",
     "gemini-1.5-pro"),
    ({}, "/model/anthropic.claude-3-haiku-20240307-v1%3A0/invoke", "anthropic.claude-3-haiku-20240307-v1:0"),
    ({"model": 5}, "/v1/chat/completions", None),
    ([1, 2], "", None),
])
def test_request_model(body, path, model):
    assert request_model(body, path) == model
