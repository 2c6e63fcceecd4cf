"""The one validation style: every error names the file and the key path, says what is wrong and what is allowed."""

import pytest

from addons.core.validation import At, PolicyError
from addons.core.vocabulary import Action


def error(check) -> str:
    with pytest.raises(PolicyError) as e:
        check()
    return str(e.value)


def test_places_name_file_and_key_path():
    at = At("policy.yaml", "identity").key("oidc").item(0).key("leeway")
    assert str(at) == "policy.yaml: identity.oidc[0].leeway"
    assert str(At("policy.yaml")) == "policy.yaml: top level"
    assert error(lambda: at.integer(3600, 0, 300)) == \
        "policy.yaml: identity.oidc[0].leeway: expected an integer from 0 to 300"


def test_choice_names_the_allowed_values():
    at = At("p.yaml", "actions.request.secret")
    assert at.choice("mask", Action) == "mask"
    assert error(lambda: at.choice("redact", Action)) == \
        "p.yaml: actions.request.secret: 'redact' is not one of allow, mask, approve, block"


def test_choice_does_not_echo_a_long_value_that_could_be_a_credential():
    secret = "sk-live-" + "x" * 48
    message = error(lambda: At("p.yaml", "mode").choice(secret, ("enforce", "report")))
    assert secret not in message and "is not one of enforce, report" in message


def test_structure_checks():
    at = At("p.yaml", "groups")
    assert at.mapping(None) == {}
    assert "groups: expected a mapping, got list" in error(lambda: at.mapping([]))
    assert "groups: unknown key(s) hots (did you mean hosts?) (known: actions, hosts)" in error(
        lambda: at.no_unknown({"hots": 1}, {"hosts", "actions"}))
    assert "unknown key(s) colour (known: actions, hosts)" in error(  # nothing close: no guess
        lambda: at.no_unknown({"colour": 1}, {"hosts", "actions"}))
    assert "groups: missing hosts" in error(lambda: at.required({}, "hosts"))
    assert at.hosts(["API.OpenAI.com."]) == ("api.openai.com",)
    assert "'https://x': host names only" in error(lambda: at.hosts(["https://x"]))
    assert at.strings("a") == ("a",) and at.strings([1, "b"]) == ("1", "b")


def test_relative_paths_are_next_to_the_policy_file(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\n")
    assert At(str(policy), "identity.tokens_file").file_path("tokens.json") == tmp_path / "tokens.json"
    assert At(str(policy)).file_path("/etc/x").as_posix() == "/etc/x"
