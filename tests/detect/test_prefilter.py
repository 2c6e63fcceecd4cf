import regex
from hypothesis import given
from hypothesis import strategies as st

from addons.detect import prefilter
from addons.detect.prefilter import KeywordPrefilter, hyperscan_source
from addons.detect.rules import parse_rule


def _rule(rule_id, pattern, keywords):
    return parse_rule({"id": rule_id, "description": "d", "category": "secret", "classification": "internal",
                       "tier": "generic", "regex": pattern, "keywords": keywords, "examples": ["x"],
                       "references": ["https://example.org/format"]}, "test")


def test_hyperscan_source_is_a_superset_without_lookarounds():
    source = r"(?<![\w.-])\b(?P<secret>\d{1,3}(?:\.\d{1,3}){3})(?![\w-]|\.\d)[(?=]x{2,40}"
    superset = hyperscan_source(source)
    assert superset == r"\b(?P<secret>\d{1,3}(?:\.\d{1,3}){3})[(?=]x{2,}"
    for text in ["1.2.3.4(xx", "a1.2.3.4=xxx"]:
        if regex.search(source, text):
            assert regex.search(superset, text)


def test_keyword_windows_cover_keywords_inside_longer_keywords():
    rules = [_rule("long", r"api-key: (\w+)", ["api-key"]), _rule("short", r"key: (\w+)", ["key"])]
    windows = KeywordPrefilter(rules).windows("header X-Api-Key: abc")
    assert set(windows) == {0, 1}


def test_rules_without_keywords_scan_the_whole_text():
    rules = [_rule("digits", r"(\d{6})", [])]
    assert KeywordPrefilter(rules).windows("x" * 50) == {0: [(0, 50)]}


@given(ends=st.lists(st.integers(min_value=0, max_value=400), min_size=1, max_size=60),
       shuffle=st.booleans(), max_length=st.integers(min_value=1, max_value=80), size=st.integers(400, 600))
def test_windows_from_runs_of_ends_equal_one_window_per_end(ends, shuffle, max_length, size):
    # windows_around builds one window per run of consecutive ends: the same as merging one window per end.
    ends = ends if shuffle else sorted(ends)
    rule = _rule("r", f"(?P<secret>x{{1,{max_length}}})", [])
    first_stage = prefilter.HyperscanPrefilter.__new__(prefilter.HyperscanPrefilter)
    first_stage.rules = [rule]
    reach = rule.max_length + prefilter.MARGIN
    expected = prefilter._merge([(max(0, end - reach), min(size, end + prefilter.MARGIN)) for end in ends])
    assert first_stage.windows_around(0, list(ends), size) == expected


def test_runs_of_ends():
    assert prefilter._runs([]) == []
    assert prefilter._runs([5, 6, 7, 9, 3, 4, 4]) == [(5, 7), (9, 9), (3, 4), (4, 4)]


def test_every_rule_is_in_one_database_and_personal_data_kinds_share_the_listed_ones():
    from addons.detect import Scanner

    rules = Scanner.default().rules
    groups = prefilter.database_groups(rules)
    indices = sorted(i for group in groups.values() for i in group)
    assert indices == list(range(len(rules)))
    by_id = {rules[i].id: name for name, group in groups.items() for i in group}
    assert by_id["ipv4-address"] == by_id["iban"] == "pii:numbers"
    assert by_id["payment-card"] == by_id["us-ssn"] == by_id["openai-project-key"] == "secrets"
    assert by_id["email-address"] == by_id["phone-us"] == "secrets"
    assert set(groups) == {"secrets", "pii:numbers"}
    # A kind of personal data no entry names (another rule pack's) gets a database of its own.
    custom = [parse_rule({"id": "passport-xx", "description": "d", "category": "pii", "classification": "regulated",
                          "tier": "precise", "regex": "(X[0-9]{8})", "examples": ["X12345678"],
                          "references": ["https://example.org/format"]}, "test")]
    assert prefilter.database_groups(rules + custom)["pii:passport"] == [len(rules)]
