"""Fixtures for the approval tests."""

import pytest

from addons.core import runtime
from tests.approval.support import write_config


@pytest.fixture
def installed(tmp_path):
    def install(mode="enforce"):
        policy, rules = write_config(tmp_path, mode)
        runtime.install(runtime.build(str(policy), [str(rules)], tmp_path / "fp.key"))
    install()
    yield install
    runtime.install(None)
