"""A real redis-server for the state backend tests (marked ``tool``: they need the redis-server package)."""

import pytest

from tests.live.redis_server import RedisServer, free_port


@pytest.fixture
def redis_server(tmp_path):
    server = RedisServer(tmp_path / "redis", free_port(), password="s3cret-redis-pw").start()
    yield server
    server.stop()
