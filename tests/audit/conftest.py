from __future__ import annotations

import pytest

from addons.core import runtime


@pytest.fixture(scope="session")
def built_runtime(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("audit-key") / "key")


@pytest.fixture
def rt(built_runtime):
    """The default policy and rules, installed as the running configuration."""
    runtime.install(built_runtime)
    yield built_runtime
    runtime.install(None)
