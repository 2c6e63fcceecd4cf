"""Fixtures of the stream tests: the default policy and rules, installed as the running configuration (a file
that needs another policy defines its own ``rt``)."""

from __future__ import annotations

import pytest

from addons.core import runtime


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return runtime.build(None, [], tmp_path_factory.mktemp("key") / "fingerprint.key")


@pytest.fixture
def rt(built):
    runtime.install(built)
    yield built
    runtime.install(None)
