"""The policy's identity: and credentials: sections, validated through Policy.parse like a real policy file."""

import os

import pytest

from addons.core import metakeys
from addons.core.policy import Policy, PolicyError
from addons.credentials.section import BrokeredCredentialDetector, env_name
from tests.owners import give_to_another_user


def parse(**sections) -> Policy:
    return Policy.parse({"version": 1, "guarded_hosts": ["api.openai.com"], **sections}, "p.yaml")


def test_identity_section(tmp_path):
    p = parse(identity={"mode": "required", "tokens_file": "/etc/eg/tokens.json", "oidc": [
        {"issuer": "https://token.actions.githubusercontent.com", "audience": ["exitguard", "eg2"],
         "identity_claim": "repository", "groups_claim": "groups", "groups": ["ci"],
         "group_map": {"repository_owner": {"acme": ["platform"]}}, "require": {"repository_owner": "acme"},
         "leeway": 10, "refresh": 600}]})
    ident = p.sections["identity"]
    assert ident.mode == "required" and str(ident.tokens_file) == "/etc/eg/tokens.json"
    iss = ident.issuers[0]
    assert iss.audiences == ("exitguard", "eg2") and iss.jwks_uri is None and iss.leeway == 10
    assert iss.group_map == {"repository_owner": {"acme": ("platform",)}}
    assert iss.require == {"repository_owner": ("acme",)}
    assert iss.refresh == 600 and iss.max_key_age == 86400  # default: a day, or refresh when that is longer


def test_max_key_age_defaults_to_refresh_when_that_is_longer_and_is_never_shorter():
    long_refresh = {"issuer": "https://i", "audience": "a", "refresh": 2 * 86400}
    assert parse(identity={"oidc": [long_refresh]}).sections["identity"].issuers[0].max_key_age == 2 * 86400
    with pytest.raises(PolicyError, match=r"max_key_age: 3600 is shorter than refresh \(7200\)"):
        parse(identity={"oidc": [{"issuer": "https://i", "audience": "a", "refresh": 7200, "max_key_age": 3600}]})
    with pytest.raises(PolicyError, match=r"max_key_age: expected an integer from 300 to 2592000"):
        parse(identity={"oidc": [{"issuer": "https://i", "audience": "a", "max_key_age": 10**9}]})


@pytest.mark.parametrize("section, message", [
    ({"mode": "sometimes"}, "identity.mode: 'sometimes' is not one of"),
    ({"tokenz_file": "x"}, r"identity: unknown key\(s\) tokenz_file"),
    ({"oidc": {"issuer": "x"}}, "identity.oidc: expected a list"),
    ({"oidc": [{"issuer": "https://i"}]}, r"identity.oidc\[0\]: missing audience"),
    ({"oidc": [{"issuer": "http://idp.example", "audience": "a"}]}, r"identity.oidc\[0\].issuer: .*https://"),
    ({"oidc": [{"issuer": "https://i", "audience": "a", "algorithms": ["HS256"]}]}, "no HS"),
    ({"oidc": [{"issuer": "https://i", "audience": "a", "leeway": 3600}]}, r"leeway: expected an integer"),
    ({"oidc": [{"issuer": "https://i", "audience": "a", "jwks_file": "k", "jwks_uri": "https://i/k"}]},
     "not both"),
    ({"oidc": [{"issuer": "https://i", "audience": "a"}, {"issuer": "https://i", "audience": "b"}]},
     "listed twice"),
])
def test_identity_section_errors(section, message):
    with pytest.raises(PolicyError, match=f"^p.yaml: {message}" if message.startswith("identity") else message):
        parse(identity=section)


def test_identity_relative_paths_are_next_to_the_policy(tmp_path):
    policy = tmp_path / "policy.yaml"
    policy.write_text("version: 1\nidentity: {tokens_file: tokens.json, oidc: [{issuer: 'http://127.0.0.1:1', "
                      "audience: a, jwks_file: keys.json}]}\n")
    ident = Policy.load(policy).sections["identity"]
    assert ident.tokens_file == tmp_path / "tokens.json"
    assert ident.issuers[0].jwks_file == tmp_path / "keys.json"


BROKERS = [
    {"hosts": ["api.openai.com"], "credential": "openai-platform", "header": "Authorization",
     "format": "Bearer {value}", "groups": ["platform"]},
    {"host": "api.openai.com", "credential": "openai", "header": "Authorization", "format": "Bearer {value}"},
    {"hosts": ["generativelanguage.googleapis.com"], "credential": "gemini", "query": "key"},
    {"hosts": ["api.example.com"], "credential": "example", "basic": {"username": "api"}},
]


def test_credentials_section_matching():
    creds = parse(credentials={"brokers": BROKERS, "client_keys": "allow"}).sections["credentials"]
    bob = {metakeys.IDENTITY: "bob", metakeys.AUTH_METHOD: "token", metakeys.GROUPS: ["platform"]}
    assert creds.match("api.openai.com", bob).credential == "openai-platform"
    assert creds.match("API.OpenAI.com.", {}).credential == "openai"
    assert creds.match("generativelanguage.googleapis.com", {}).location.describe() == "query:key"
    assert creds.match("api.example.com", {}).location.kind == "basic"
    assert creds.match("unlisted.example", {}) is None
    assert creds.brokers[0].client_keys == "allow"
    # A bare list is accepted too.
    assert parse(credentials=BROKERS[1:2]).sections["credentials"].names() == ["openai"]


@pytest.mark.parametrize("broker, message", [
    ({"hosts": ["api.openai.com"], "credential": "openai"}, "exactly one of header, query or basic"),
    ({"hosts": ["api.openai.com"], "credential": "openai", "header": "Authorization", "query": "k"},
     "exactly one of"),
    ({"hosts": ["https://api.openai.com"], "credential": "o", "header": "x"}, "host names only"),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "Authorization", "format": "Bearer"},
     'one "{value}"'),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "Authorization", "value": "sk-xyz"},
     "never go in the policy"),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "bad header"}, "not a valid header name"),
    ({"hosts": ["api.openai.com"], "credential": "o", "query": "key", "format": "{value}"}, "header only"),
    ({"hosts": ["api.openai.com"], "header": "x"}, "missing credential"),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "x", "client_keys": "warn"}, "client_keys"),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "x", "identities": ["issuer#bob"]},
     "an OIDC caller is <issuer URL>#<identity>"),
    ({"hosts": ["api.openai.com"], "credential": "o", "header": "x", "identities": ["https://i#"]},
     "an OIDC caller is"),
])
def test_credentials_section_errors(broker, message):
    with pytest.raises(PolicyError, match=message) as e:
        parse(credentials=[broker])
    assert str(e.value).startswith("p.yaml: credentials.brokers[0]")


def test_credential_values_come_from_env_or_a_private_secrets_file(tmp_path, monkeypatch):
    secrets_file = tmp_path / "secrets.yaml"
    secrets_file.write_text("gemini: AIzaFAKEFAKEFAKEFAKE0123456789\n")
    os.chmod(secrets_file, 0o600)
    monkeypatch.setenv(env_name("openai-platform"), "sk-platform-FAKE-0123456789")
    monkeypatch.setenv(env_name("openai"), "sk-general-FAKE-0123456789")
    monkeypatch.setenv(env_name("example"), "example-FAKE-0123456789")
    creds = parse(credentials={"secrets_file": str(secrets_file), "brokers": BROKERS}).sections["credentials"]
    assert creds.values()["gemini"] == "AIzaFAKEFAKEFAKEFAKE0123456789"
    assert env_name("openai-platform") == "EXITGUARD_CRED_OPENAI_PLATFORM"
    (detector,) = creds.detectors()
    text = "key sk-general-FAKE-0123456789 and AIzaFAKEFAKEFAKEFAKE0123456789."
    found = detector(text)
    assert [text[f.start:f.end] for f in found] == ["sk-general-FAKE-0123456789", "AIzaFAKEFAKEFAKEFAKE0123456789"]
    assert {(f.rule_id, f.category, f.classification, f.tier) for f in found} == \
        {("brokered-credential", "secret", "regulated", "precise")}
    assert "FAKE" not in repr(detector) + repr(found) + repr(creds)
    # group/world-readable secrets file: refused, without quoting it
    os.chmod(secrets_file, 0o640)
    again = parse(credentials={"secrets_file": str(secrets_file), "brokers": BROKERS}).sections["credentials"]
    with pytest.raises(PolicyError, match="chmod 600"):
        again.detectors()
    monkeypatch.delenv(env_name("openai"))
    missing = parse(credentials=BROKERS[1:2]).sections["credentials"]
    with pytest.raises(PolicyError, match="EXITGUARD_CRED_OPENAI") as e:
        missing.detectors()
    assert "FAKE" not in str(e.value)



def test_a_secrets_file_that_is_a_fifo_or_another_users_is_refused_without_waiting(tmp_path, monkeypatch):
    # Read like every secret file (core/secretfile.py): a FIFO used to hang the policy load waiting for a writer,
    # and a file of another user (who chose the keys the proxy sends) was read.
    monkeypatch.setenv(env_name("openai"), "sk-general-FAKE-0123456789")
    fifo = tmp_path / "fifo.yaml"
    os.mkfifo(fifo, 0o600)
    with pytest.raises(PolicyError, match="not a regular file"):
        parse(credentials={"secrets_file": str(fifo), "brokers": BROKERS[1:2]}).sections["credentials"].detectors()
    theirs = tmp_path / "secrets.yaml"
    theirs.write_text("gemini: AIzaFAKEFAKEFAKEFAKE0123456789\n")
    theirs.chmod(0o600)
    owner = give_to_another_user(theirs, monkeypatch)
    with pytest.raises(PolicyError, match=f"owned by uid {owner}") as e:
        parse(credentials={"secrets_file": str(theirs), "brokers": BROKERS[1:2]}).sections["credentials"].detectors()
    assert "FAKE" not in str(e.value)

def test_short_values_are_refused(monkeypatch):
    monkeypatch.setenv(env_name("openai"), "abc")
    with pytest.raises(PolicyError, match="shorter than"):
        parse(credentials=BROKERS[1:2]).sections["credentials"].values()


def test_detector_prefers_the_longest_value():
    d = BrokeredCredentialDetector(["abcdefgh", "abcdefgh-longer"])
    assert [(f.start, f.end) for f in d("x abcdefgh-longer y")] == [(2, 17)]


def test_detector_safe_end_holds_a_split_value_for_streams():
    d = BrokeredCredentialDetector(["sk-brokered-0123456789", "other-credential-x"])
    assert d.safe_end("hello world") == 11
    text = "your key: sk-brok"
    assert d.safe_end(text) == text.index("sk-brok")  # may be the start of the value: hold it
    assert d.safe_end("your key: sk-brokered-0123456789 ok") == 35  # complete: masked, nothing to hold
    assert d.safe_end("ends with o") == len("ends with ")  # "o" may begin other-credential-x
    assert d.safe_end("abc s", start=5) == 5


def test_an_issuer_with_a_fragment_is_refused():
    """attack15: a caller's key is oidc:<issuer>#<identity>; issuer https://a naming x#b and issuer https://a#x
    naming b were one caller (approval windows, budgets). No issuer identifier has a fragment."""
    with pytest.raises(PolicyError, match=r"issuer: 'https://a#x': an issuer has no '#'"):
        parse(identity={"oidc": [{"issuer": "https://a", "audience": "a"}, {"issuer": "https://a#x", "audience": "a"}]})
