import dataclasses
import itertools
import json
from pathlib import Path

import pytest

from addons.detect import Finding, Scanner
from addons.detect import scanner as scanner_module
from tests.budgets import unhurried, unhurried_copy
from tests.detect.fakes import Fakes

FAKE = Fakes(seed=11)
ENGINES = ["hyperscan", "python"]


@pytest.fixture(scope="module", params=ENGINES)
def scanner(request):
    # What is found, not how long it may take: under a simulated 1/10 of a core the 2 s budget cut the first scans
    # and `scan` returned nothing (flake64; the budget's tests: test_bad_input.py).
    with unhurried(Scanner.default(engine=request.param)) as scanner:
        yield scanner


def _found(scanner, text):
    return [(f.rule_id, text[f.start:f.end]) for f in scanner.scan(text)]


def test_interface(scanner):
    assert scanner.rule("generic-password").tier == "generic"
    assert scanner.max_match_length >= max(rule.max_length for rule in scanner.rules)
    assert len(scanner.version) == 12 and scanner.engine in ENGINES
    assert Scanner.default(engine=scanner.engine) is scanner  # compiled once per rule set


def test_finding_is_frozen_has_slots_and_no_value_in_repr(scanner):
    token = FAKE.github_classic()
    finding = scanner.scan(f"token {token}")[0]
    assert not hasattr(finding, "__dict__")
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.start = 0
    assert token not in repr(finding) and token[4:] not in repr(finding)
    assert finding == Finding(6, 6 + len(token), "github-pat-classic" if token.startswith("ghp") else finding.rule_id,
                              "secret", finding.classification, "precise")


def test_findings_sorted_non_overlapping_and_precise_wins(scanner):
    token, email = FAKE.github_classic(), FAKE.email()
    text = f"contact {email}\nGITHUB_TOKEN={token}\nDB_PASSWORD=aB3dE6gH9jK2mN5p\n"
    findings = scanner.scan(text)
    assert [text[f.start:f.end] for f in findings] == [email, token, "aB3dE6gH9jK2mN5p"]
    assert findings[1].tier == "precise"  # not the generic-secret match on the same value
    assert all(a.end <= b.start for a, b in itertools.pairwise(findings))


def test_short_password_found_by_key_name(scanner):
    assert _found(scanner, "REDIS_PASSWORD=aB3dE6gH9jK2mN5p") == [("generic-password", "aB3dE6gH9jK2mN5p")]


def test_masked_placeholders_are_never_reported_again(scanner):
    token, email = FAKE.github_classic(), FAKE.email()
    text = f"GITHUB_TOKEN={token} mail {email} password: Xk9#mP2vL7qR"
    masked = text
    for finding in reversed(scanner.scan(text)):
        masked = masked[:finding.start] + f"[MASKED:{finding.rule_id}:a1b2c3]" + masked[finding.end:]
    assert scanner.scan(masked) == []


def test_placeholders_raw_escaped_or_nested_hide_only_what_they_masked(scanner):
    token, email, password = FAKE.github_classic(), FAKE.email(), "Xk9#mP2vL7qR"
    plain = f"GITHUB_TOKEN={token} mail {email} password: {password}"
    # A placeholder's blanked rule id is no credential word: unblanked, the prose rule would take the next token.
    masked = (f"GITHUB_TOKEN=[MASKED:github-pat-classic:a1b2c3] mail {email}, "
              "my [MASKED:generic-password-prose:a1b2c3] Harbor#Maple42")
    assert len(scanner.scan(plain)) == 3  # token, address, password
    for text in (masked, json.dumps({"content": masked}), json.dumps({"arguments": json.dumps({"m": masked})})):
        assert [f.rule_id for f in scanner.scan(text)] == ["email-address"], text  # the rest is masked already


def test_json_escaped_private_key_in_a_request_body(scanner):
    key = FAKE.private_key()
    body = json.dumps({"messages": [{"role": "user", "content": f"why is this key rejected?\n{key}\n"}]})
    findings = scanner.scan(body)
    assert [body[f.start:f.end] for f in findings] == [json.dumps(key)[1:-1]]


def test_values_in_json_inside_json_tool_arguments(scanner):
    token, password = FAKE.npm(), "Tr0ub4dor&3x"
    arguments = json.dumps({"env": {"NPM_TOKEN": token}, "config": {"password": password}})
    body = json.dumps({"tool_calls": [{"function": {"name": "deploy", "arguments": arguments}}]})
    values = [body[f.start:f.end] for f in scanner.scan(body)]
    assert values == [token, json.dumps(json.dumps(password)[1:-1])[1:-1]]


def test_boundary_after_escaped_newline(scanner):
    token = FAKE.github_classic()
    body = json.dumps({"content": f"token:\n{token}\n"})
    assert [body[f.start:f.end] for f in scanner.scan(body)] == [token]


def test_keyword_gate_is_local(rule_file):
    path = rule_file("""
        rules:
          - id: near-sha
            description: 40 hex chars near the word sourcegraph
            category: secret
            classification: confidential
            tier: generic
            keywords: [sourcegraph]
            regex: '\\b([a-f0-9]{40})\\b'
            examples: ['sourcegraph token 0123456789abcdef0123456789abcdef01234567']
            references: ['https://sourcegraph.com/docs/cli/how-tos/creating_an_access_token']
        """)
    sha = FAKE.sha(160)
    for engine in ENGINES:
        scanner = Scanner.from_rules([path], engine=engine)
        assert scanner.scan(f"sourcegraph token {sha}")
        assert scanner.scan("sourcegraph is mentioned here. " + "filler text " * 300 + f"commit {sha}") == []


# Both engines' cases compare the same pair (hyperscan against python): the unit loop runs one, the full suite both.
@pytest.mark.sweep_sample(lambda scanner: scanner == "hyperscan")
def test_engines_agree(scanner):
    texts = [json.loads(line)["text"] for line in Path("tests/data/eval/eval.jsonl").read_text().splitlines()][:200]
    other = unhurried_copy(Scanner.default(engine="python" if scanner.engine == "hyperscan" else "hyperscan"))
    for text in texts:
        assert scanner.scan(text) == other.scan(text)


def test_hard_negatives_stay_clean(scanner):
    texts = [
        FAKE.uuid(), FAKE.sha(160), FAKE.sha(256), FAKE.sha(512), FAKE.npm_integrity(), FAKE.base64_image(),
        FAKE.ssh_public_key(), FAKE.certificate(), "AKIAIOSFODNN7EXAMPLE", "api_key = 'YOUR_API_KEY'",
        "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxx", "DB_PASSWORD=${DB_PASSWORD}",
        "key = os.environ['OPENAI_API_KEY']", "token: process.env.GITHUB_TOKEN", "api_key: <your-key>",
        "password: ********", FAKE.luhn_invalid_card(), "version 1.2.3.4 of libfoo, v2.10.4, 3.0.0-rc.1",
    ]
    for text in texts:
        assert scanner.scan(text) == [], text[:40]


def test_shadow_keeps_only_precise_spans_no_other_precise_span_overlaps():
    rule = object()
    shadow = scanner_module._Shadow([(0, 10, rule), (5, 15, rule), (20, 30, rule), (20, 30, rule), (40, 50, rule)])
    assert (shadow.starts, shadow.ends) == ([20, 40], [30, 50])
    assert shadow.covers(25, 60) and shadow.covers(45, 46) and shadow.covers(10, 21)
    assert not shadow.covers(0, 20) and not shadow.covers(30, 40) and not shadow.covers(3, 12)


@pytest.mark.slow  # whole corpora, twice each
@pytest.mark.parametrize("data", ["tests/data/eval/eval.jsonl", "tests/data/heldout/heldout.jsonl",
                                  "tests/data/heldout2/heldout2.jsonl"])
def test_pruning_generic_candidates_under_precise_findings_changes_no_finding(scanner, data):
    """scan() skips post-validating generic candidates a precise finding hides; resolving every candidate
    gives the same findings."""
    root = Path(__file__).resolve().parents[2]
    texts = [json.loads(line)["text"] for line in (root / data).read_text().splitlines()]
    texts.append("\n".join(texts))  # dense: every item in one body
    # A budget no busy machine runs out of: a cut scan would compare two different partial answers.
    unhurried = Scanner(scanner.rules, scanner.version, scanner.engine, time_budget=600.0)
    for text in texts:
        report = scanner_module.ScanReport(findings=[])
        everything = unhurried._candidates(text, report)
        assert not report.incomplete
        assert unhurried.scan(text) == scanner_module._reclassified(text, scanner_module._resolve_overlaps(everything))


def test_a_generic_value_an_earlier_generic_rule_already_took_is_not_validated_again(monkeypatch):
    """"my password is ..." is a candidate of generic-password and of the prose rule with the same span; the
    rule resolution prefers (lower id) takes it and the other is skipped before post-validation."""
    scanner = Scanner.default()
    text = "deploy notes\nmy password is Xk9#mP2vL7qRw4\nthanks"
    value = text.index("Xk9#"), text.index("\nthanks")
    spans = {(f.start, f.end, f.rule_id) for f in scanner.candidates(text)}
    assert {(*value, "generic-password"), (*value, "generic-password-prose")} <= spans
    validated = []
    real = scanner_module._rejection

    def spy(view, rule, match_span, value_start, value_end):
        validated.append((value_start, value_end, rule.id))
        return real(view, rule, match_span, value_start, value_end)

    monkeypatch.setattr(scanner_module, "_rejection", spy)
    assert [(f.start, f.end, f.rule_id) for f in scanner.scan(text)] == [(*value, "generic-password")]
    assert (*value, "generic-password") in validated and (*value, "generic-password-prose") not in validated


def _reference_match_ending_at(rule, view, low, end):
    """The overlapped right-to-left search _match_ending_at replaces with one anchored attempt."""
    room = rule.lookahead
    for match in rule.reverse_pattern.finditer(view, low, min(len(view), end + room), overlapped=True):
        if match.end() <= end:
            return match if match.end() == end else None
    return None


def test_one_anchored_attempt_finds_the_match_the_overlapped_search_finds():
    scanner = Scanner.default()
    texts = ["user=etl&password=Ru5tyNail42&ssl=true&next=1 and DB_PASSWORD=aB3dE6gH9jK2mN5p\n",
             "my password is Kx7pQ2mZ9 ok, the pw for staging: Falcon^Nine9; login as admin / Tr0ub4dor&3 now",
             "connect('db', 'etl', 'q8Lm2Vx7Ze') # contraseña es Zq8!mW2p, REDIS_PASSWORD=Yt7#kP2q&x=1",
             "ssh deploy@81.169.145.45, mail a.weber@mail-host.de, tel +49 30 1234567, sk-abcDEF1234567890xyzXYZ00"]
    rules = [rule for rule in scanner.rules if rule.lookahead]
    compared = 0
    for text in texts:
        view = text + " " * 300  # every end has its full lookahead room: the anchored path runs
        for rule in rules:
            for end in range(1, len(text) + 1):
                low = max(0, end - rule.max_length - 64)
                expected = _reference_match_ending_at(rule, view, low, end)
                found = scanner_module._match_ending_at(rule, view, low, end, None)
                assert (found and (found.start(), found.span(rule.value_group))) == \
                       (expected and (expected.start(), expected.span(rule.value_group))), (rule.id, end)
                compared += expected is not None
    assert compared >= 10  # the texts hold that many matches of lookahead rules


def test_fast_finding_factory_builds_the_same_frozen_finding():
    # The factory sets the slots one by one: a field added to Finding must be set there too.
    assert tuple(field.name for field in dataclasses.fields(Finding)) == scanner_module._FINDING_FIELDS
    for rule in Scanner.default().rules[:50]:
        fast = scanner_module._finding(3, 17, rule)
        slow = Finding(3, 17, rule.id, rule.category, rule.classification, rule.tier)
        assert fast == slow and hash(fast) == hash(slow) and repr(fast) == repr(slow)
        assert dataclasses.replace(fast, classification="public") == dataclasses.replace(slow, classification="public")
        with pytest.raises(dataclasses.FrozenInstanceError):
            fast.start = 4  # type: ignore[misc]
