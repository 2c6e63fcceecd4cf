from __future__ import annotations

import pytest

from addons.core import runtime


@pytest.fixture(scope="session")
def built_core_runtime(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("core-key") / "key")


@pytest.fixture
def rt(built_core_runtime):
    """The default policy and rules, installed as the running configuration (error pages mask with it)."""
    runtime.install(built_core_runtime)
    yield built_core_runtime
    runtime.install(None)
