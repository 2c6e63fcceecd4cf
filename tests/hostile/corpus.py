"""The real engine, the default policy and every rule example, shared by the hostile-input tests.

`EXAMPLES` holds, per rule example, the example text and the values the default scanner finds in it on
its own (never printed: a test failure names the rule id only).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector, contexts_of
from addons.core.policy import Policy
from addons.detect import Finding, Rule, Scanner
from addons.formats import open_body
from tests.budgets import unhurried_copy

FINGERPRINT_KEY = b"hostile-test-fingerprint-key-32b"


@dataclass(frozen=True)
class Example:
    rule_id: str
    tier: str
    text: str
    values: tuple[str, ...]  # what the scanner finds in `text` alone and the default policy masks

    def __repr__(self) -> str:  # hypothesis prints failing inputs: show the rule, not the secret
        return f"Example({self.rule_id})"


@lru_cache(maxsize=1)
def scanner() -> Scanner:
    """The shipped rules' scanner, its budget one load cannot spend: the hostile tests ask what is found (under a
    simulated 1/10 of a core the 2 s budget cut a scan of test_finding_after_finding's sweep: flake64)."""
    return unhurried_copy(Scanner.default())


def inspector(time_budget: float | None = None) -> Inspector:
    """A fresh inspector (its cache is per instance) over the real scanner and the default policy. ``time_budget``
    (seconds of wall clock a scan may take) for a test of what masking does, not of how long it may take: a loaded
    machine ran past the proxy's 2 s and the scan came back incomplete."""
    engine = Scanner.default()  # the proxy's budget unless told: test_regex_bombs' bounds count on its cuts
    if time_budget is not None:  # the same rules and compiled database (cached), another budget
        engine = Scanner(engine.rules, engine.version, time_budget=time_budget)
    return Inspector(engine, Policy.load(), Fingerprinter(FINGERPRINT_KEY))


@lru_cache(maxsize=1)
def _scanned() -> tuple[tuple[Rule, str, tuple[Finding, ...]], ...]:
    """Every rule example with what the default scanner finds in it alone: scanned once for both directions (the
    hostile test modules build their example pools at import, on every pytest-xdist worker)."""
    return tuple((rule, text, tuple(scanner().scan(text))) for rule in scanner().rules for text in rule.examples)


@lru_cache(maxsize=2)
def examples(direction: str = "request") -> tuple[Example, ...]:
    policy = Policy.load()
    out = []
    for rule, text, found in _scanned():
        values = tuple(text[f.start:f.end] for f in found
                       if policy.action_for(direction, f.rule_id, f.category, f.classification, f.tier, None)
                       in ("mask", "block"))
        if values:
            out.append(Example(rule.id, rule.tier, text, values))
    return tuple(out)


def leaked(examples_used, output: str) -> list[str]:
    """Rule ids of embedded examples whose detected value is still in `output` (never the value itself)."""
    return sorted({e.rule_id for e in examples_used for v in e.values if v in output})


# Where a JSON document (a rule example shaped like a JSON object) sits in a body. leak33: only tool-call arguments
# were tried, where call_context reads the other arguments; elsewhere a paired-key password (`"smtp_user": ...,
# "smtp_phrase": X`) went upstream, and the JSON property found it only when its random draws put one there.
JSON_PLACES = {
    "tool-call arguments": lambda text: {"messages": [{"role": "assistant", "tool_calls": [
        {"function": {"name": "configure", "arguments": text}}]}]},
    "a message's content": lambda text: {"messages": [{"role": "user", "content": text}]},
    "the body itself": json.loads,
    "a list in a string, ascii": lambda text: {"content": json.dumps([text])},
    "a list in a string, unicode": lambda text: {"content": json.dumps([text], ensure_ascii=False)},
}


def mask_body(inspector: Inspector, content_type: str, raw: bytes) -> bytes:
    """What the Guard does to a buffered request body (guard/_scan_message, then render), with ``inspector``."""
    doc = open_body(content_type, raw)
    replacements = {}
    for i, (field, context) in enumerate(zip(doc.fields, contexts_of(doc.fields), strict=True)):
        result = inspector.inspect_field(field.text, "request", field.location, context=context)
        assert not result.incomplete, field.location
        if result.changed:
            replacements[i] = result.text
    return doc.render(replacements)


def every_text(content_type: str, raw: bytes) -> str:
    """The raw body and every decoded field (embedded JSON included), to look for a surviving value."""
    return "\n".join([raw.decode("utf-8", "replace")] + [f.text for f in open_body(content_type, raw).fields])
