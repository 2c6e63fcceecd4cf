import pytest

from addons.core.policy import Policy, PolicyError


def parse(**data):
    return Policy.parse(data, "test.yaml")


def test_default_policy_guards_the_well_known_hosts():
    p = Policy.load()
    for host in ["api.openai.com", "my-res.openai.azure.com", "api.anthropic.com",
                 "bedrock-runtime.us-east-1.amazonaws.com", "us-central1-aiplatform.googleapis.com", "openrouter.ai",
                 "api.mistral.ai", "api.groq.com", "api.x.ai",
                 "api.deepseek.com", "api.together.xyz", "api.github.com", "slack.com", "api.stripe.com",
                 "acme.atlassian.net", "API.OPENAI.COM."]:
        assert p.host_class(host) == "guarded", host
    assert p.host_class("example.com") == "pass"
    assert p.mode == "enforce" and not p.report_only


@pytest.mark.parametrize("data, message", [
    ({"mode": "enforcing"}, "mode: 'enforcing' is not one of enforce, report"),
    ({"unlisted": "deny"}, "unknown key(s) unlisted"),
    ({"guarded_hosts": "api.openai.com"}, "guarded_hosts: expected a list"),
    ({"guarded_hosts": ["https://api.openai.com"]}, "host names only"),
    ({"actions": {"request": {"secrets": "mask"}}}, "actions.request: unknown key(s) secrets"),
    ({"actions": {"request": {"secret": "redact"}}}, "actions.request.secret: 'redact' is not one of"),
    ({"actions": {"response": {"secret": "approve"}}}, "approve applies to requests only"),
    ({"rules": {"x": {"upload": "block"}}}, "rules.x: unknown key(s) upload"),
    ({"groups": {"g": {"host": ["a"]}}}, "groups.g: unknown key(s) host"),
    ({"max_body_bytes": -1}, "max_body_bytes: expected a positive integer"),
    ({"version": 2}, "only version 1"),
])
def test_invalid_policies_name_file_and_key(data, message):
    with pytest.raises(PolicyError) as e:
        parse(**data)
    assert str(e.value).startswith("test.yaml: ")
    assert message in str(e.value)


def test_action_resolution_rule_then_group_then_defaults():
    p = parse(
        actions={"request": {"secret/precise": "block", "confidential": "mask", "pii": "allow"}},
        rules={"email": {"request": "mask"}},
        groups={"contractors": {"actions": {"request": {"confidential": "block"}}},
                "platform": {"actions": {"request": {"confidential": "mask"}}}},
    )
    a = p.action_for
    assert a("request", "github-pat", "secret", "confidential", "precise") == "block"  # category/tier first
    assert a("request", "generic-password", "secret", "confidential", "generic") == "mask"  # classification
    assert a("request", "phone", "pii", "regulated", "precise") == "allow"  # category
    assert a("request", "email", "pii", "internal", "precise") == "mask"  # rule override
    assert a("response", "github-pat", "secret", "confidential", "precise") == "mask"  # nothing set: mask
    assert a("request", "generic-password", "secret", "confidential", "generic", ["contractors"]) == "block"
    assert a("request", "generic-password", "secret", "confidential", "generic", ["platform"]) == "mask"
    # strictest over the caller's groups wins
    assert a("request", "generic-password", "secret", "confidential", "generic", ["platform", "contractors"]) == "block"


def test_host_classes_deny_unlisted_and_group_host_lists():
    p = parse(guarded_hosts=["*.openai.azure.com", "api.openai.com"], deny_hosts=["evil.example"],
              unlisted_hosts="deny", groups={"contractors": {"hosts": ["api.openai.com"]}})
    assert p.host_class("evil.example") == "deny"
    assert p.host_class("example.org") == "deny"
    assert p.host_class("x.openai.azure.com") == "guarded"
    assert p.host_class("openai.azure.com") == "deny"  # the glob needs a sub-domain
    assert p.host_class("x.openai.azure.com", ["contractors"]) == "deny"
    assert p.host_class("api.openai.com", ["contractors"]) == "guarded"
    assert p.host_class("x.openai.azure.com", ["staff"]) == "guarded"


def test_load_reports_yaml_errors_with_the_file(tmp_path):
    bad = tmp_path / "policy.yaml"
    bad.write_text("mode: [unclosed\n")
    with pytest.raises(PolicyError, match=str(bad)):
        Policy.load(bad)
    with pytest.raises(PolicyError, match="cannot read policy"):
        Policy.load(tmp_path / "missing.yaml")
