import os

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
    assert p.host_class("example.com") == "observe"
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


def test_a_yaml_syntax_error_is_one_line_with_its_place(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nmode: [enforce\nactions: {}\n")
    with pytest.raises(PolicyError) as e:
        Policy.load(policy)
    assert str(e.value) == (f"{policy}: line 3, column 8: not valid YAML: expected ',' or ']', but got ':' "
                            "(while parsing a flow sequence at line 2, column 7)")


def test_a_misspelled_key_gets_the_closest_one():
    with pytest.raises(PolicyError, match=r"^test\.yaml: top level: unknown key\(s\) mdoe \(did you mean mode\?\)"):
        parse(mdoe="enforce")


def test_per_rule_overrides_must_name_a_loaded_rule():
    parse(rules={"email-address": {"request": "block"}}).check_rule_ids({"private-key", "email-address"})
    p = parse(rules={"email-address": {"request": "block"}, "private-kye": {"request": "block"}})
    with pytest.raises(PolicyError) as e:
        p.check_rule_ids({"private-key", "email-address"})
    assert str(e.value) == ("test.yaml: rules.private-kye: no rule with this id in the loaded rule packs "
                            "(did you mean private-key?)")
    with pytest.raises(PolicyError, match=r"rules\.private-kye: no rule with this id in the loaded rule packs$"):
        p.check_rule_ids({"aws-access-key-id", "email-address"})  # nothing close: no guess


def test_the_hosts_a_policy_lists_beyond_the_known_providers():
    assert parse(guarded_hosts=["api.openai.com", "api.github.com"]).listed_guarded_hosts() == ("api.github.com",)
    alone = parse(guard_known_providers=False, guarded_hosts=["api.openai.com"])
    assert alone.listed_guarded_hosts() == ("api.openai.com",) and alone.guarded_hosts == ("api.openai.com",)


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


# --------------------------------------------------------------------------- unlisted, unnamed, private (issue 18)


def _concrete(pattern: str) -> str:
    return pattern.replace("*", "x1")


def test_every_llm_provider_and_gateway_exitguard_knows_is_guarded_by_default():
    from addons.formats.providers import GATEWAY_HOSTS, LLM_HOSTS, OPENAI_HOSTS
    default, bare = Policy.load(), parse()
    assert {"integrate.api.nvidia.com", "api.moonshot.cn", "api.lambda.ai", "api.inference.net"} <= set(OPENAI_HOSTS)
    assert {"gateway.ai.cloudflare.com", "*.helicone.ai", "api.portkey.ai"} <= set(GATEWAY_HOSTS)
    for pattern in LLM_HOSTS:
        assert default.host_class(_concrete(pattern)) == "guarded", pattern
        assert bare.host_class(_concrete(pattern)) == "guarded", pattern  # a user policy cannot forget one
    assert default.host_class("bedrock-runtime-fips.us-east-1.amazonaws.com") == "guarded"
    assert default.host_class("oai.helicone.ai") == "guarded"
    assert parse(guard_known_providers=False).host_class("api.openai.com") == "observe"


def test_unlisted_hosts_forms_and_their_action_table():
    assert parse().unlisted_hosts == "observe" and parse(unlisted_hosts="pass").unlisted_hosts == "pass"
    p = parse(unlisted_hosts={"mode": "observe", "actions": {"request": {"secret/precise": "block"}}})
    assert p.action_for("request", "aws-key", "secret", "confidential", "precise", host_class="observe") == "block"
    assert p.action_for("request", "email", "pii", "confidential", "generic", host_class="observe") == "allow"
    assert p.action_for("request", "email", "pii", "confidential", "generic") == "mask"  # guarded: defaults
    assert parse().action_for("request", "k", "secret", "confidential", "precise", host_class="observe") == "allow"


@pytest.mark.parametrize("data, message", [
    ({"unlisted_hosts": "guarded"}, "unlisted_hosts: 'guarded' is not one of observe, pass, deny"),
    ({"unlisted_hosts": {"actions": {}}}, "unlisted_hosts: missing mode"),
    ({"unlisted_hosts": {"mode": "pass", "actions": {"request": {"secret": "block"}}}}, "applies to mode observe"),
    ({"unlisted_hosts": {"mode": "observe", "actions": {"request": {"secret": "approve"}}}}, "approve is not"),
    ({"unlisted_hosts": {"mode": "observe", "scan": True}}, "unknown key(s) scan"),
    ({"unlisted_hosts": "deny", "unnamed_hosts": "guarded"}, "unnamed_hosts: must be at least as strict"),
    ({"unnamed_hosts": "maybe"}, "unnamed_hosts: 'maybe' is not one of"),
    ({"private_upstreams": {"guarded": "yes"}}, "private_upstreams.guarded: 'yes' is not one of allow, deny"),
    ({"private_upstreams": {"deny": "allow"}}, "private_upstreams: unknown key(s) deny"),
    ({"guard_known_providers": "yes"}, "guard_known_providers: expected true or false"),
])
def test_unlisted_unnamed_and_private_options_are_validated(data, message):
    with pytest.raises(PolicyError) as e:
        parse(**data)
    assert message in str(e.value)


def test_unnamed_flows_get_the_strictest_class_and_private_upstreams_defaults():
    p = parse()
    assert p.unnamed_hosts == "guarded" and parse(unlisted_hosts="deny").unnamed_hosts == "deny"
    assert p.flow_class({"203.0.113.9"}, None, bound_to_name=False) == "guarded"
    assert p.flow_class({"pastebin.example"}, None, bound_to_name=False) == "guarded"  # a Host header binds nothing
    assert p.flow_class({"pastebin.example"}, None, bound_to_name=True) == "observe"
    assert not p.may_reach_private("guarded") and p.may_reach_private("observe") and p.may_reach_private("pass")
    q = parse(private_upstreams={"observe": "deny", "guarded": "allow"})
    assert q.may_reach_private("guarded") and not q.may_reach_private("observe") and q.may_reach_private("pass")


def test_a_password_named_after_it_is_masked_in_requests_and_let_through_in_answers():
    """Streaming an answer would otherwise hold back every word until the next one (bench_stream --holds-only)."""
    default = Policy.load()
    rule = ("generic-password-before-word", "secret", "confidential", "generic")
    assert default.action_for("request", *rule) == "mask"
    assert default.action_for("response", *rule) == "allow"
    assert default.action_for("response", "generic-password-prose", "secret", "confidential", "generic") == "mask"


def test_the_default_policy_runs_with_other_rule_packs_loaded_instead():
    Policy.load().check_rule_ids({"egtest-token"})  # its overrides name shipped rules only


def test_a_policy_without_guarded_hosts_keeps_the_built_in_vendor_apis_guarded(tmp_path):
    """walk17: a policy of only per-rule overrides dropped GitHub, Slack, Stripe, Google APIs, ... from guarded to
    unlisted without a word. Leaving the key out keeps the built-in list; ``guarded_hosts: []`` drops it."""
    from addons.core.policy import builtin_guarded_hosts

    only_rules = tmp_path / "policy.yaml"
    only_rules.write_text("rules:\n  aws-access-key-id: {request: block}\n")
    default, mine = Policy.load(), Policy.load(only_rules)
    assert set(mine.guarded_hosts) == set(default.guarded_hosts) and len(builtin_guarded_hosts()) > 30
    for host in ("api.github.com", "hooks.slack.com", "api.stripe.com", "storage.googleapis.com", "api.openai.com"):
        assert mine.host_class(host) == "guarded", host
    assert mine.listed_guarded_hosts() == () and set(mine.builtin_guarded()) == set(builtin_guarded_hosts())
    none = parse(guarded_hosts=[])
    assert none.host_class("api.github.com") == "observe" and none.host_class("api.openai.com") == "guarded"
    assert none.builtin_guarded() == () and not none.builtin_hosts
    vendors_only = parse(guard_known_providers=False)
    assert vendors_only.host_class("api.github.com") == "guarded"
    assert vendors_only.host_class("api.openai.com") == "observe"


def test_an_edited_policy_file_loads_as_edited_even_with_its_size_and_mtime_unchanged(tmp_path):
    """Policy.load keeps parsed YAML by the file's content hash (the proxy, the CLI and the tests load the same texts
    again and again): an edit is seen on the next load, also one that keeps the size and the mtime (a sync tool,
    a restored timestamp)."""
    path = tmp_path / "policy.yaml"
    path.write_text("mode: enforce\ndeny_hosts: [a.example]\n")
    stat = path.stat()
    first = Policy.load(path)
    assert first.deny_hosts == ("a.example",) and first.mode == "enforce"
    path.write_text("mode: report\ndeny_hosts: [bb.example]\n")  # the same length
    assert path.stat().st_size == stat.st_size
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    edited = Policy.load(path)
    assert edited.deny_hosts == ("bb.example",) and edited.mode == "report" and edited.version != first.version
    path.write_text("mode: enforce\ndeny_hosts: [a.example]\n")  # back to the first text: the first policy again
    again = Policy.load(path)
    assert again.deny_hosts == ("a.example",) and again.version == first.version
