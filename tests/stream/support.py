"""A real scanner, policy and inspector over the stream test rule pack (rules_fixture.yaml)."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from functools import cache
from pathlib import Path

import pytest
import regex

from addons.core import runtime
from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.detect import Scanner
from addons.detect.holdback import Holdback
from addons.detect.scanner import default_rules_dir
from addons.stream import value_holdback
from addons.stream.masker import StreamMasker
from addons.stream.streaming import Streaming
from tests.budgets import unhurried

RULES = Path(__file__).with_name("rules_fixture.yaml")

SECRETS = {
    "aws-access-key-id": "AKIAIOSFODNN7EXAMPLQ",
    "github-pat-classic": "ghp_aB3dE5gH7jK9mN1pQ3sT5vW7yZ9bC1dE3fG5",
    "password-assignment": "Tr0ub4dor&3xyz",
    "email-address": "bob.smith@acmecorp.io",
}
BLOCKED = "sk_live_4eC39HqLyjWDarjtT1zdp7dc"
PEM = "-----BEGIN PRIVATE KEY-----\nMIIEvQIBADANBgkqhkiG9w0BAQEFAASC\n-----END PRIVATE KEY-----"


def make_policy(**extra) -> Policy:
    data = {"version": 1, "guarded_hosts": ["api.openai.com"],
            "actions": {"request": {"secret": "mask", "pii": "mask"}, "response": {"secret": "mask", "pii": "mask"}},
            "rules": {"stripe-live-secret": {"response": "block"}}}
    data.update(extra)
    return Policy.parse(data)


def make_inspector(policy: Policy | None = None) -> Inspector:
    scanner = Scanner.from_rules([RULES])
    return Inspector(scanner, policy or make_policy(), Fingerprinter(b"k" * 32))


def make_masker(surface: str, inspector: Inspector | None = None, **kw) -> StreamMasker:
    inspector = inspector or make_inspector()
    return StreamMasker(surface, inspector.inspect_text, safe_end=Holdback.for_scanner(inspector.scanner).safe_end,
                        **kw)


def value_rules(scanner: Scanner) -> dict[str, regex.Pattern]:
    """value_holdback.value_rules, computed once per scanner and process (a copy each call): it compiles a prefix
    per rule, ~0.3 s for the shipped rules, and a dozen test modules asked for it at import, on every worker."""
    return dict(_value_rules(scanner))


@cache
def _value_rules(scanner: Scanner) -> dict[str, regex.Pattern]:
    return value_holdback.value_rules(scanner)


def masked(inspector: Inspector, text: str) -> str:
    return inspector.inspect_text(text, "response", "t").text


@contextmanager
def installed(inspector: Inspector) -> Iterator[runtime.Runtime]:
    """The process runtime built from this inspector, as the Streaming addon reads it; removed afterwards."""
    rt = runtime.Runtime(policy=inspector.policy, scanner=inspector.scanner, inspector=inspector,
                         fingerprinter=inspector.fingerprinter)
    runtime.install(rt)
    try:
        yield rt
    finally:
        runtime.install(None)


def shipped_answer_fixtures(*packs: Path):
    """Module-scoped fixtures for a test file of the shipped rules' answer hold-backs: ``rt`` (the shipped policy and
    rules, with the rule files `packs` beside them, as a deployment adds an opt-in pack through exitguard_rules;
    installed) and ``composed`` ((safe_end, value_hold) as the Streaming addon builds them for an answer under the
    default policy). In the file: ``rt, composed = support.shipped_answer_fixtures()``."""

    @pytest.fixture(scope="module")
    def rt(tmp_path_factory):
        with shipped_runtime(tmp_path_factory.mktemp("key"), *packs) as rt:
            yield rt

    @pytest.fixture(scope="module")
    def composed(rt):
        return Streaming()._safe_end(rt, None)

    return rt, composed


@contextmanager
def shipped_runtime(folder, *packs: Path) -> Iterator[runtime.Runtime]:
    """The shipped policy and rules (with the rule files `packs` beside them) built into the process runtime (its
    fingerprint key in `folder`), its scanner unhurried (tests/budgets.py: hold62's memo test failed at load ~11, its
    scan cut by the 2 s budget); removed afterwards."""
    rules = [str(p) for p in (default_rules_dir(), *packs)] if packs else []
    rt = runtime.build(None, rules, folder / "fingerprint.key")
    runtime.install(rt)
    try:
        with unhurried(rt.scanner):
            yield rt
    finally:
        runtime.install(None)
