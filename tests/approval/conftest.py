"""Fixtures for the approval tests."""

import pytest

from addons.core import runtime
from tests.approval.support import write_config
from tests.live.redis_server import RedisServer, free_port


@pytest.fixture
def installed(tmp_path):
    def install(mode="enforce"):
        policy, rules = write_config(tmp_path, mode)
        runtime.install(runtime.build(str(policy), [str(rules)], tmp_path / "fp.key"))
    install()
    yield install
    runtime.install(None)


@pytest.fixture
def redis_server(tmp_path):
    """A real redis-server on loopback for one test (the shared-approval tests are marked ``tool``)."""
    server = RedisServer(tmp_path / "redis", free_port()).start()
    yield server
    server.stop()
