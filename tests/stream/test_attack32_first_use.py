"""attack32: rule regexes the memo knows compile on their first use (detect/regex_memo.py), so in a fresh proxy with
a warm memo the first streamed answer compiles them mid-stream, inside the hold-back and the masker. Whatever the
split, that answer must be masked as a scanner whose regexes were all compiled at load masks the whole text.

The sweep below is also the full suite's only stream of every shipped rule's longest example in single characters
but the value rules' (test_property.py streams one rule per hold-back shape the same way): a failure lists the rules.
The value rules (a value after a prefix: stream/value_holdback.py) are left to test_value_holdback.py, which streams
the same texts in single characters through the hold-back the proxy gives them (this test's plain one is not theirs
in the proxy); test_attack32_first_use_live.py masks every rule, these too, lazily compiled in a real proxy."""

from __future__ import annotations

import pytest

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.detect import Scanner, rule_cache, rules
from addons.detect.holdback import Holdback
from addons.detect.regex_memo import RegexMemo
from addons.detect.scanner import default_rules_dir
from addons.stream.masker import StreamMasker
from tests.stream import streams as S
from tests.stream import support

POLICY = Policy.parse({"version": 1, "actions": {"response": {"secret": "mask", "pii": "mask"}}})


def eager_and_lazy(memo_path) -> tuple[Inspector, Inspector]:
    """The shipped rules parsed twice through one fresh memo: first all compiled at load, then none."""
    saved = rules._MEMO, dict(rules._PARSED), rule_cache.load
    rules._MEMO = RegexMemo(memo_path)
    rules._PARSED.clear()
    rule_cache.load = lambda key: None  # parsed both times through the memo, not read from the rules cache
    try:
        eager_rules, version = rules.load_paths([default_rules_dir()])
        rules._PARSED.clear()
        lazy_rules, _ = rules.load_paths([default_rules_dir()])
    finally:
        rules._MEMO, rule_cache.load = saved[0], saved[2]
        rules._PARSED.clear()
        rules._PARSED.update(saved[1])
    assert all(rule.compiled is not None for rule in eager_rules)
    assert all(rule.compiled is None for rule in lazy_rules)
    key = Fingerprinter(b"k" * 32)
    return (Inspector(Scanner(eager_rules, version, "auto"), POLICY, key),
            Inspector(Scanner(lazy_rules, version, "auto"), POLICY, key))


@pytest.mark.slow  # every shipped rule's longest example but the value rules', one character per event
def test_the_first_stream_through_lazily_compiled_rules_masks_every_example_in_single_characters(tmp_path):
    eager, lazy = eager_and_lazy(tmp_path / "memo.json")
    holdback = Holdback.for_scanner(lazy.scanner)  # built before any stream: it compiles the few it reads
    not_compiled = {rule.id for rule in lazy.scanner.rules if "pattern" not in vars(rule)}
    assert len(not_compiled) > len(lazy.scanner.rules) // 2  # compiled by the streams below, mid-stream
    values = set(support.value_rules(eager.scanner))  # from the eager scanner: reading them compiles every regex
    longest = sorted({rule.id: max(rule.examples, key=len) for rule in lazy.scanner.rules
                      if rule.id not in values}.items())
    assert len(values) > 100 and len(longest) > 200
    wrong = []
    for rule_id, example in longest:
        text = f"Sure, here it is: {example}\nAnything else?"
        m = StreamMasker("anthropic", lazy.inspect_text, safe_end=holdback.safe_end)
        out = S.run(m, S.anthropic(list(text)), size=97)
        got = S.client_text("anthropic", out)["text"]
        if m.stopped or got != eager.inspect_text(text, "response", "t").text:
            wrong.append(rule_id)
    assert wrong == []
    assert {rule.id for rule in lazy.scanner.rules if "pattern" not in vars(rule)} < not_compiled
