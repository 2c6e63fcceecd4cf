from __future__ import annotations

import pytest
from mitmproxy.test import taddons

from addons.audit import audit
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


@pytest.fixture
def addon(tmp_path, rt):
    """The Audit addon recording into ``tmp_path / "rec"``, in a mitmproxy test context."""
    a = audit.Audit()
    with taddons.context(a) as tctx:
        tctx.configure(a, exitguard_record_dir=str(tmp_path / "rec"))
        yield a
    a.done()
