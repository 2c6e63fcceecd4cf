"""Fixtures for the Guard / HostPolicy unit tests: the runtime built once per session from tests/guard's
policy and rules, installed per test, and a mitmproxy test context holding HostPolicy and Guard in chain order."""

from __future__ import annotations

import pytest
from mitmproxy.test import taddons

from addons.core import runtime
from addons.guard.guard import Guard
from addons.guard.hostpolicy import HostPolicy
from tests.guard.support import POLICY, RULES


@pytest.fixture(scope="session")
def runtimes(tmp_path_factory) -> dict[str, runtime.Runtime]:
    folder = tmp_path_factory.mktemp("guard")
    policy = folder / "policy.yaml"
    policy.write_text(POLICY)
    key = folder / "fingerprint.key"
    return {mode: runtime.build(str(policy), [str(RULES)], key, mode=mode) for mode in ("enforce", "report")}


@pytest.fixture
def installed(runtimes):
    """Installs the enforce-mode runtime; call it with "report" to switch modes."""
    def install(mode: str = "enforce") -> runtime.Runtime:
        runtime.install(runtimes[mode])
        return runtimes[mode]
    install()
    yield install
    runtime.install(None)


@pytest.fixture
def chain(installed):
    """HostPolicy then Guard, as addons/chain.py orders them."""
    with taddons.context(HostPolicy(), Guard()) as tctx:
        yield tctx


@pytest.fixture
def answers_shown_as_sent(monkeypatch):
    """Before wire41 a guarded answer's allowed values stayed on the live flow; an observed host's request still
    does (shown as sent). Tests of the record's scrub for a body that holds values the policy let through use this:
    the guard leaves the answer's live body as it is sent."""
    monkeypatch.setattr(Guard, "_show_answer_masked", staticmethod(lambda flow, render: None))
