"""The policy's approvals: section: validation errors name the place, and matching per condition."""

from datetime import UTC, datetime

import pytest
from mitmproxy.http import Headers

from addons.approval.rules import (
    Approvers,
    RequestFacts,
    claimed_methods,
    normalize_path,
    parse,
    parse_duration,
    request_fingerprint,
)
from addons.core.policy import Policy, PolicyError
from addons.core.validation import At

AT = At("t", "approvals")  # where a section parser is told it is (the policy passes file and key)

MONDAY_NOON_UTC = datetime(2026, 11, 23, 12, 0, tzinfo=UTC)  # a Monday


def facts(**kw) -> RequestFacts:
    base = dict(method="POST", host="api.openai.com", path="/v1/chat/completions", identity="agent-7",
                groups=("agents",), findings=(), now=MONDAY_NOON_UTC)
    return RequestFacts(**{**base, **kw})


def finding(rule="project-codename", classification="confidential", direction="request"):
    return {"rule": rule, "classification": classification, "category": "pii", "direction": direction}


def test_policy_loads_the_section_through_parse():
    policy = Policy.parse({"approvals": [{"name": "deletes", "methods": ["DELETE"], "hosts": ["api.github.com"]}]})
    rules = policy.sections["approvals"]
    assert rules.matching(facts(method="DELETE", host="API.GitHub.com.")) == ["deletes"]
    assert rules.matching(facts(method="GET", host="api.github.com")) == []


@pytest.mark.parametrize("value, message", [
    ({"name": "x"}, "unknown key(s) name (known: approvers, rules)"),
    ({"approvers": {"groups": []}}, "approvers.groups"),
    ({"approvers": {"names": ["a"]}}, "approvers: unknown key(s) names"),
    ({"rules": {"name": "a"}}, "rules: expected a list"),
    ([{"hosts": ["a"]}], "[0]: name: required"),
    ([{"name": "a", "hosts": ["x"]}, {"name": "a", "hosts": ["y"]}], "[1]: name: 'a' is used twice"),
    ([{"name": "a"}], "[a]: a rule needs at least one condition"),
    ([{"name": "a", "host": ["x"]}], "[0]: unknown key(s) host"),
    ([{"name": "a", "hosts": ["https://x/"]}], "[a].hosts: host names"),
    ([{"name": "a", "methods": ["FETCH"]}], "[a].methods"),
    ([{"name": "a", "paths": ["v1/chat"]}], "[a].paths: paths start with '/'"),
    ([{"name": "a", "classifications": ["secret"]}], "[a].classifications: expected some of"),
    ([{"name": "a", "methods": []}], "[a].methods: expected a non-empty list"),
    ([{"name": "a", "when": {"outside": "Mon-Fri 9-18"}}], "[a].when: 'Mon-Fri 9-18': expected e.g."),
    ([{"name": "a", "when": {"outside": "Mon-Fry 09:00-18:00"}}], "days are Mon..Sun"),
    ([{"name": "a", "when": {"outside": "Mon-Fri 09:00-25:00"}}], "'25:00' is not a time of day"),
    ([{"name": "a", "when": {"within": "09:00-18:00", "outside": "09:00-18:00"}}], "exactly one of"),
    ([{"name": "a", "when": {"outside": "09:00-18:00", "timezone": "Mars/Olympus"}}], "unknown time zone"),
    ([{"name": "a", "when": {"outside": "09:00-18:00", "tz": "UTC"}}], "unknown key(s) tz"),
])
def test_invalid_sections_name_the_place(value, message):
    with pytest.raises(PolicyError) as e:
        Policy.parse({"approvals": value}, source="p.yaml")
    assert str(e.value).startswith("p.yaml: approvals")
    assert message in str(e.value)


def test_all_conditions_must_hold_and_lists_are_alternatives():
    rules = parse([{"name": "conf-to-openai", "hosts": ["api.openai.com", "*.openai.azure.com"], "methods": ["post"],
                    "paths": ["/v1/*"], "classifications": ["confidential", "regulated"]}], AT)
    hit = facts(findings=(finding(),))
    assert rules.matching(hit) == ["conf-to-openai"]
    assert rules.matching(facts(host="x.openai.azure.com", findings=(finding(classification="regulated"),)))
    assert not rules.matching(facts())  # no finding
    assert not rules.matching(facts(findings=(finding(classification="internal"),)))
    assert not rules.matching(facts(findings=(finding(direction="response"),)))  # responses never wait
    assert not rules.matching(facts(findings=(finding(),), method="GET"))
    assert not rules.matching(facts(findings=(finding(),), path="/v2/chat"))
    assert not rules.matching(facts(findings=(finding(),), host="api.anthropic.com"))


def test_identity_group_and_rule_id_conditions():
    rules = parse([{"name": "agents", "identities": ["agent-*"]},
                   {"name": "contractors", "groups": ["contractors"]},
                   {"name": "tokens", "rules": ["test-*"]}], AT)
    assert rules.matching(facts()) == ["agents"]
    assert rules.matching(facts(identity=None)) == []  # anonymous callers never match an identity rule
    assert rules.matching(facts(identity="bob", groups=("staff", "contractors"))) == ["contractors"]
    assert rules.matching(facts(identity="bob", findings=(finding(rule="test-api-token"),))) == ["tokens"]


@pytest.mark.parametrize("when, now, expected", [
    # Berlin is UTC+1 in November: Monday 12:00 UTC is 13:00 there, inside working hours.
    ({"outside": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}, datetime(2026, 11, 23, 12, 0), False),
    ({"outside": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}, datetime(2026, 11, 23, 17, 30), True),
    ({"outside": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}, datetime(2026, 11, 23, 8, 0), False),
    ({"outside": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}, datetime(2026, 11, 23, 7, 30), True),
    ({"outside": "Mon-Fri 09:00-18:00", "timezone": "Europe/Berlin"}, datetime(2026, 11, 28, 12, 0), True),  # Sat
    ({"outside": "Mon-Fri 09:00-18:00"}, datetime(2026, 11, 23, 9, 0), False),  # UTC default, start inclusive
    ({"outside": "Mon-Fri 09:00-18:00"}, datetime(2026, 11, 23, 18, 0), True),  # end exclusive
    # Overnight windows belong to the day they start: Fri 22:00-06:00 covers Saturday 03:00, not Monday 03:00.
    ({"within": "Fri 22:00-06:00"}, datetime(2026, 11, 28, 3, 0), True),
    ({"within": "Fri 22:00-06:00"}, datetime(2026, 11, 23, 3, 0), False),
    ({"within": "Fri 22:00-06:00"}, datetime(2026, 11, 27, 23, 0), True),
    ({"within": ["Sat,Sun 00:00-24:00", "Fri-Mon 20:00-21:00"]}, datetime(2026, 11, 23, 20, 30), True),  # Mon
    ({"within": ["Sat,Sun 00:00-24:00", "Fri-Mon 20:00-21:00"]}, datetime(2026, 11, 24, 20, 30), False),  # Tue
])
def test_time_windows(when, now, expected):
    rules = parse([{"name": "w", "when": when}], AT)
    assert bool(rules.matching(facts(now=now.replace(tzinfo=UTC)))) is expected


def test_retry_fingerprint_is_the_same_request_only():
    fp = request_fingerprint("agent-7", "POST", "api.openai.com", "/v1/chat/completions", b'{"a": 1}')
    assert fp == request_fingerprint("agent-7", "post", "API.OPENAI.COM.", "/v1/chat/completions", b'{"a": 1}')
    for other in (("agent-8", "POST", "api.openai.com", "/v1/chat/completions", b'{"a": 1}'),
                  ("agent-7", "PUT", "api.openai.com", "/v1/chat/completions", b'{"a": 1}'),
                  ("agent-7", "POST", "api.openai.com", "/v1/completions", b'{"a": 1}'),
                  ("agent-7", "POST", "api.openai.com", "/v1/chat/completions", b'{"a": 2}'),
                  (None, "POST", "api.openai.com", "/v1/chat/completions", b'{"a": 1}')):
        assert request_fingerprint(*other) != fp
    same = ("agent-7", "POST", "api.openai.com", "/v1/chat/completions", b'{"a": 1}')
    assert request_fingerprint(*same, claimed_methods=("delete",), reasons=("r", "r")) == request_fingerprint(
        *same, claimed_methods=("DELETE", "DELETE"), reasons=("r",))
    for changed in ({"claimed_methods": ("DELETE",)}, {"port": 8443}, {"scheme": "http"},
                    {"reasons": ("approval rule github-deletes",)}):
        assert request_fingerprint(*same, **changed) != fp  # type: ignore[arg-type]
    keyed = request_fingerprint("agent-7", "POST", "h", "/", b"x", digest=lambda text: "k:" + str(len(text)))
    assert keyed.startswith("k:")  # the installation's HMAC is used when given


@pytest.mark.parametrize("text, seconds", [("90", 90), ("90s", 90), ("10m", 600), ("2h", 7200), ("1d", 86400),
                                           (45, 45)])
def test_durations(text, seconds):
    assert parse_duration(text) == seconds


@pytest.mark.parametrize("text", ["", "0m", "ten minutes", "-5m", "10x"])
def test_bad_durations(text):
    with pytest.raises(ValueError):
        parse_duration(text)


# --------------------------------------------------------------------------- issue 18: paths, methods, approvers


@pytest.mark.parametrize("raw", ["/v1/files", "//v1/files", "/v1/./files", "/v1/%66iles", "/V1/FILES",
                                 "/v1//files/", "/v1/x/../files", "/./v1/files?purpose=x", "/%2e/v1/files",
                                 "/v1/%2E%2E/v1/files", "v1/files"])
def test_every_spelling_of_a_path_is_held(raw):
    """Before issue 18 a rule for /v1/files missed all of these but the first."""
    rules = parse([{"name": "files", "methods": ["POST"], "paths": ["/v1/files", "/v1/files/"]}], AT)
    assert rules.matching(facts(path=normalize_path(raw))) == ["files"]


def test_normalization_keeps_reserved_escapes_and_stays_under_the_root():
    assert normalize_path("/v1/a%2Fb") == "/v1/a%2fb"  # %2F is not a slash to every server: kept escaped
    assert normalize_path("/../../etc") == "/etc"
    assert normalize_path("/v1/files/..") == "/v1/"
    assert normalize_path("/A%7eB%41") == "/a~ba"


def test_a_glob_is_normalized_like_the_paths():
    rules = parse([{"name": "g", "paths": ["/V1/Files/*"]}], AT)
    assert rules.matching(facts(path=normalize_path("/v1/files/abc"))) == ["g"]


@pytest.mark.parametrize("headers, query", [
    ([("X-HTTP-Method-Override", "DELETE")], []), ([("x-http-method", "delete")], []),
    ([("X-Method-Override", " Delete ")], []), ([], ["DELETE"]),
])
def test_a_claimed_method_counts_as_the_method(headers, query):
    rules = parse([{"name": "deletes", "methods": ["DELETE"]}], AT)
    claimed = claimed_methods(Headers([(k.encode(), v.encode()) for k, v in headers]), query)
    assert claimed == ("DELETE",)
    assert rules.matching(facts(method="POST", claimed_methods=claimed)) == ["deletes"]
    assert rules.matching(facts(method="POST")) == []


def test_the_section_as_a_mapping_names_the_approvers():
    rules = parse({"approvers": {"groups": ["security"]},
                   "rules": [{"name": "deletes", "methods": ["DELETE"]}]}, AT)
    assert rules.approvers == Approvers(frozenset({"security"}))
    assert rules.approvers.admits(("staff", "security")) and not rules.approvers.admits(("agents",))
    assert rules.matching(facts(method="DELETE")) == ["deletes"]
    assert parse([{"name": "d", "methods": ["DELETE"]}], AT).approvers is None  # a bare list: no approvers
