import regex

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
