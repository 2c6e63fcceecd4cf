"""The shared-state interface (addons/core/state): one contract, run against the in-process backend and a real
redis-server; what the Redis backend does when the server is gone or refuses us; and the options."""

from __future__ import annotations

import asyncio
import time
from argparse import Namespace

import pytest
from mitmproxy import exceptions
from mitmproxy.test import taddons

from addons.core.state import MemoryState, StateUnavailable, mask_url
from addons.core.state.addon import State, open_store, read_settings
from addons.core.state.redis_store import Connection, RedisState
from tests.live.redis_server import RedisServer, free_port


@pytest.fixture(params=["memory", pytest.param("redis", marks=pytest.mark.tool)])
async def store(request):
    if request.param == "memory":
        yield MemoryState("r1")
        return
    server = request.getfixturevalue("redis_server")
    s = RedisState(Connection(server.url), "r1")
    await s.start()
    yield s
    await s.close()


async def wait_for(condition, timeout=5.0):
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("condition not met in time")
        await asyncio.sleep(0.02)


async def test_values_live_for_their_ttl(store):
    await store.put("k", "v", ttl_s=0.3)
    assert await store.get("k") == "v" and await store.get_many(["k", "nope"]) == ["v", None]
    await asyncio.sleep(0.45)
    assert await store.get("k") is None


async def test_put_new_replace_and_delete_if_are_conditional(store):
    assert await store.put_new("k", "a", 10) and not await store.put_new("k", "b", 10)
    assert not await store.replace("k", "b", "c") and await store.get("k") == "a"
    assert await store.replace("k", "a", "c") and await store.get("k") == "c"
    assert not await store.delete_if("k", "a") and await store.delete_if("k", "c")
    assert await store.get("k") is None


async def test_counters_indexes_hashes_and_sets(store):
    assert [await store.increment("n", 10) for _ in range(3)] == [1, 2, 3]
    await store.index_add("ix", "late", 2.0)
    await store.index_add("ix", "early", 1.0)
    assert await store.index_members("ix") == ["early", "late"]
    await store.index_remove("ix", "early")
    assert await store.index_members("ix") == ["late"]
    await store.hash_put("h", "a", "1", 10)
    await store.hash_put("h", "b", "2", 10)
    assert await store.hash_get_all("h") == {"a": "1", "b": "2"}
    await store.set_add("s", ["x", "y"])
    await store.set_add("s", ["y"])
    assert await store.set_members("s") == {"x", "y"}


async def test_published_messages_reach_subscribers(store):
    got: list[dict] = []
    store.subscribe("news", got.append)
    await wait_for(lambda: store.linked)
    await asyncio.sleep(0.1)  # a channel added after start is subscribed on the listener's next turn
    await store.publish("news", {"id": "a1", "n": 1})
    await wait_for(lambda: got)
    assert got == [{"id": "a1", "n": 1}]


@pytest.mark.tool
async def test_two_replicas_hear_each_other(redis_server):
    a, b = RedisState(Connection(redis_server.url), "a"), RedisState(Connection(redis_server.url), "b")
    heard: list[dict] = []
    b.subscribe("news", heard.append)
    await a.start()
    await b.start()
    try:
        await wait_for(lambda: a.linked and b.linked)
        await a.put("shared", "from-a", 10)
        assert await b.get("shared") == "from-a"
        await a.publish("news", {"from": "a"})
        await wait_for(lambda: heard)
    finally:
        await a.close()
        await b.close()


@pytest.mark.tool
async def test_a_lost_server_drops_the_link_fails_fast_and_comes_back(redis_server):
    s = RedisState(Connection(redis_server.url), "r1")
    links: list[bool] = []
    s.on_link(links.append)
    await s.start()
    try:
        await wait_for(lambda: links == [True])
        redis_server.stop()
        await wait_for(lambda: links == [True, False])
        started = time.monotonic()
        with pytest.raises(StateUnavailable) as e:
            await s.get("k")
        assert time.monotonic() - started < 2.5  # fail fast, no retry ladder
        assert redis_server.password not in str(e.value) and "***@127.0.0.1" in str(e.value)
        redis_server.start()
        await wait_for(lambda: links == [True, False, True], timeout=8)
        await s.put("k", "v", 10)  # commands work again without a restart
        assert await s.get("k") == "v"
    finally:
        await s.close()


@pytest.mark.tool
async def test_a_wrong_password_is_unavailable_and_never_echoed(redis_server):
    url = f"redis://:wrong-pw-123@127.0.0.1:{redis_server.port}/0"
    s = RedisState(Connection(url), "r1")
    with pytest.raises(StateUnavailable) as e:
        await s.get("k")
    assert "wrong-pw-123" not in str(e.value) and "s3cret" not in str(e.value)
    await s.close()


@pytest.mark.tool
async def test_a_store_never_linked_says_why_once_without_the_password(redis_server, caplog):
    url = f"redis://:wrong-pw-456@127.0.0.1:{redis_server.port}/0"
    s = RedisState(Connection(url), "r1")
    caplog.set_level("WARNING")
    await s.start()
    await wait_for(lambda: s.problem is not None)
    await asyncio.sleep(0.5)  # a few retries: the same problem is logged once
    assert not s.linked and "wrong-pw-456" not in s.problem
    said = [r.getMessage() for r in caplog.records if "cannot link to" in r.getMessage()]
    assert len(said) == 1 and "redis://***@127.0.0.1" in said[0] and "wrong-pw-456" not in said[0]
    assert "check exitguard_state_password_file" in said[0]  # what to change, not only what failed
    await s.close()


@pytest.mark.tool
async def test_a_store_nobody_listens_at_says_what_to_check(caplog):
    s = RedisState(Connection(f"redis://127.0.0.1:{free_port()}/0"), "r1")  # nothing listens there
    caplog.set_level("WARNING")
    await s.start()
    await wait_for(lambda: s.problem is not None)
    said = [r.getMessage() for r in caplog.records if "cannot link to" in r.getMessage()]
    assert len(said) == 1 and "check that Redis runs at that address and that exitguard_state names it" in said[0]
    await s.close()


@pytest.mark.tool
async def test_the_password_file_is_used(redis_server, tmp_path):
    secret = tmp_path / "redis.pw"
    secret.write_text(redis_server.password + "\n")
    secret.chmod(0o600)
    settings = read_settings(_opts(exitguard_state=f"redis://127.0.0.1:{redis_server.port}/0",
                                   exitguard_state_password_file=str(secret)))
    s = open_store(settings)
    await s.put("k", "v", 10)
    assert await s.get("k") == "v"
    await s.close()



@pytest.mark.parametrize("layout", ["file", "link"])
def test_a_password_file_others_may_read_refuses_to_start_naming_file_and_mode(tmp_path, layout):
    loose = tmp_path / "redis.pw"
    loose.write_text("pw-secret-in-file\n")
    loose.chmod(0o644)
    given = loose if layout == "file" else tmp_path / "link-to-pw"
    if layout == "link":
        given.symlink_to(loose)
    with taddons.context(State()) as tctx, pytest.raises(exceptions.OptionsError) as e:
        tctx.configure(tctx.master.addons.get("state") or State(), exitguard_state="redis://127.0.0.1:1/0",
                       exitguard_state_password_file=str(given))
    message = str(e.value)
    assert message.startswith(f"exitguard_state_password_file: {given}") and "mode 0644" in message
    assert "pw-secret-in-file" not in message
    loose.chmod(0o600)
    assert read_settings(_opts(exitguard_state="redis://127.0.0.1:1/0", exitguard_state_password_file=str(given)))
    assert open_store(read_settings(_opts(exitguard_state="redis://127.0.0.1:1/0",
                                          exitguard_state_password_file=str(given)))).description

def test_nothing_unreachable_is_waited_on_long():
    async def probe():
        s = RedisState(Connection(f"redis://127.0.0.1:{free_port()}/0"), "r1")
        with pytest.raises(StateUnavailable) as e:
            await s.get("k")
        await s.close()
        return str(e.value)

    started = time.monotonic()
    message = asyncio.run(probe())
    assert time.monotonic() - started < 2.5 and "shared state store (Redis at redis://127.0.0.1:" in message


def _opts(**values):
    with taddons.context(State()) as tctx:
        tctx.options.update(**values)
        return tctx.options


def test_options_default_to_memory_and_name_the_replica():
    settings = read_settings(_opts())
    assert settings.url is None and settings.replica
    assert read_settings(_opts(exitguard_state="memory", exitguard_replica="edge-1")).replica == "edge-1"
    assert isinstance(open_store(read_settings(_opts())), MemoryState)


@pytest.mark.parametrize("values, says", [
    ({"exitguard_state": "http://:pw-secret@host:6379"}, "use memory, redis://"),
    ({"exitguard_state": "redis://:pw-secret@host:notaport"}, "not a valid URL"),
    ({"exitguard_state": "redis://:pw-secret@host:6379", "exitguard_state_password_file": "/x"}, "give it once"),
    ({"exitguard_state": "redis://host:6379/0?password=pw-secret", "exitguard_state_password_file": "/x"},
     "give it once"),
    ({"exitguard_state": "redis://:pw-secret@host:6379", "exitguard_state_ca_file": "/ca.pem"}, "rediss://"),
    ({"exitguard_state_password_file": "/x"}, "need exitguard_state"),
])
def test_bad_options_are_refused_without_the_password(values, says):
    with taddons.context(State()) as tctx, pytest.raises(exceptions.OptionsError) as e:
        tctx.configure(tctx.master.addons.get("state") or State(), **values)
    assert says in str(e.value) and "pw-secret" not in str(e.value)


def test_urls_are_masked():
    assert mask_url("rediss://user:pw@redis.internal:6380/2") == "rediss://***@redis.internal:6380/2"
    assert mask_url("redis://redis:6379") == "redis://redis:6379"
    # Passwords written into the URL unencoded: urlsplit and redis-py take everything up to the last "@" of the
    # authority. Before, the mask stopped at the first "@" and showed the rest (and all of one with a "/").
    assert mask_url("redis://:s3cret@Tail9xQ@redis.internal:6379/0") == "redis://***@redis.internal:6379/0"
    assert mask_url("redis://:ab/Tail9xQ@redis.internal:6379/0") == "redis://***@redis.internal:6379/0"
    assert mask_url("redis://:ab#Tail9xQ@redis.internal:6379/0") == "redis://***@redis.internal:6379/0"
    assert "Tail9xQ" not in mask_url("redis://u:ab?Tail9xQ@redis.internal:6379/0")


@pytest.mark.parametrize("typo", ["rediss//:Tail9xQ@redis.internal:6380/0", "redis:/:Tail9xQ@redis.internal/0",
                                  ":Tail9xQ@redis.internal:6379", "redis.internal:6379?password=Tail9xQ"])
def test_a_url_mistyped_without_its_scheme_separator_is_masked_too(typo):
    """attack22: a value without "://" was shown whole, in the start-up error that `exitguard up` prints (the
    terminal, a service's log): `rediss//:pw@host` is one missing colon away from a URL."""
    assert "Tail9xQ" not in mask_url(typo)
    with pytest.raises(exceptions.OptionsError) as e:
        read_settings(Namespace(exitguard_state=typo, exitguard_state_password_file=None,
                                exitguard_state_ca_file=None, exitguard_replica=None))
    assert "Tail9xQ" not in str(e.value)


@pytest.mark.tool
async def test_a_password_with_an_at_sign_in_the_url_is_never_shown(tmp_path):
    """Attack (agent): the 503 an approval-gated request gets when the store is gone names the store. With the
    password in the URL unencoded (``redis://:s3cret@Tail9xQ@host``, which redis-py accepts), the part after its
    "@" was in that answer, the audit index and the proxy log."""
    server = RedisServer(tmp_path / "redis", free_port(), password="s3cret@Tail9xQ").start()
    s = RedisState(Connection(f"redis://:s3cret@Tail9xQ@127.0.0.1:{server.port}/0"), "r1")
    try:
        await s.put("k", "v", 10)  # the client takes such a URL: it is a working configuration
        assert await s.get("k") == "v"
        server.stop()
        with pytest.raises(StateUnavailable) as e:
            await s.get("k")
        assert "Tail9xQ" not in str(e.value) and "s3cret" not in str(e.value)
        assert "Tail9xQ" not in s.description and "***@127.0.0.1" in s.description
    finally:
        server.stop()
        await s.close()


def test_tls_and_ca_reach_the_client(tmp_path):
    ca = tmp_path / "ca.pem"
    ca.write_text("-----BEGIN CERTIFICATE-----\n")
    s = open_store(read_settings(_opts(exitguard_state="rediss://redis.internal:6380/0",
                                       exitguard_state_ca_file=str(ca))))
    kwargs = s._client.connection_pool.connection_kwargs
    assert s._client.connection_pool.connection_class.__name__ == "SSLConnection"
    assert kwargs["ssl_ca_certs"] == str(ca) and "redis.internal:6380" in s.description


@pytest.mark.tool
async def test_a_password_in_the_url_query_is_never_shown(tmp_path):
    """Attack (agent): redis-py also takes ``?password=`` (and any other connection argument) from the query; the
    mask kept the query, so the 503 an approval-gated request got while the store was down, the audit index and
    the log carried the password."""
    server = RedisServer(tmp_path / "redis", free_port(), password="Qry7pw-9xTail").start()
    s = RedisState(Connection(f"redis://127.0.0.1:{server.port}/0?password=Qry7pw-9xTail"), "r1")
    try:
        await s.put("k", "v", 10)  # a working configuration
        server.stop()
        with pytest.raises(StateUnavailable) as e:
            await s.get("k")
        assert "Qry7pw" not in str(e.value) and "Qry7pw" not in s.description
        assert "127.0.0.1" in s.description
    finally:
        server.stop()
        await s.close()
    assert mask_url("rediss://h:6380/0?ssl_cert_reqs=required&password=Qry7pw") == "rediss://h:6380/0?***"
    assert mask_url("redis://:pw@h/0?password=Qry7pw#x") == "redis://***@h/0?***"


async def test_junk_in_the_fleet_hash_is_skipped_not_fatal():
    """Attack (Redis writer): the hash is not sealed; a field that is not a replica's entry must not take
    `exitguard approvals fleet` down (it answered 500) nor hide the replicas that are there."""
    from addons.core.state import fleet
    store = MemoryState("a")
    await fleet.announce(store)
    for name, junk in (("list", "[]"), ("number", "5"), ("text", '"x"'), ("seen", '{"seen": "soon"}'),
                       ("not-json", "{")):
        await store.hash_put(fleet.KEY, name, junk, 60)
    assert [r["replica"] for r in await fleet.replicas(store)] == ["a"]


def test_the_start_up_line_says_where_state_lives_in_words(caplog):
    addon = State()
    with taddons.context(addon) as tctx, caplog.at_level("INFO", logger="addons.core.state.addon"):
        tctx.configure(addon, exitguard_replica="edge-1")
    assert "exitguard: replica edge-1, state in this process's memory (no shared store: exitguard_state)" in \
        caplog.messages  # it said "state in in-process state"


@pytest.mark.tool
async def test_a_password_redis_refuses_is_said_as_such_not_as_an_outage(redis_server):
    """walk22: a wrong password read "is unreachable (AuthenticationError ...)": waiting does not help, the
    password file must change."""
    url = redis_server.url.replace(redis_server.password, "not-the-pw-3317")
    s = RedisState(Connection(url), "r1")
    try:
        with pytest.raises(StateUnavailable) as e:
            await s.get("k")
        assert "refused this replica's password" in str(e.value) and "unreachable" not in str(e.value)
        assert "not-the-pw-3317" not in str(e.value)
    finally:
        await s.close()


async def test_two_live_proxies_under_one_replica_name_are_said_a_restarted_one_is_not(caplog):
    """walk22: a second `up` with a copied `--set exitguard_replica=r0` started silently; the fleet listing showed
    one r0 and the audit index of two folders claimed it. A restart under its own name (a pod) is no clash."""
    from addons.core import state as shared_state
    from addons.core.state import fleet

    before, store = shared_state.current(), MemoryState("r0")
    shared_state.install(store)
    try:
        await fleet.announce(store, "predecessor")  # the same name's last entry before a restart
        addon = State()
        with caplog.at_level("ERROR", logger="addons.core.state.addon"):
            await addon.announce()
            await addon.announce()
            assert not addon.name_clash and caplog.messages == []
            await fleet.announce(store, "another-live-process")  # a second process writes under r0 meanwhile
            await addon.announce()
            await fleet.announce(store, "another-live-process")
            await addon.announce()
        assert addon.name_clash
        assert caplog.messages == ["exitguard: another proxy also runs as replica r0: give each replica its own "
                                   "exitguard_replica (the fleet listing, held requests and the audit index tell "
                                   "replicas apart by it)"]  # once
    finally:
        shared_state.install(before)
