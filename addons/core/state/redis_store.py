"""Shared state on Redis (``exitguard_state=redis://`` or ``rediss://``), with ``redis.asyncio``.

Commands fail fast (no client-side retries, short timeouts): a request waiting on an unreachable store must get
its clear error in about a second, not after a retry ladder. Every error becomes ``StateUnavailable`` naming the
store with its URL masked. One subscriber task holds a pub/sub connection for every channel; when it drops,
the ``on_link`` handlers hear ``False`` at once (a decision published meanwhile would be missed) and the task
reconnects with backoff (0.1 s doubling to 2 s), then says ``True``. A subscription that stays open but goes silent
is dropped too (attack46): after ``LINK_PING_AFTER_S`` without a word it is pinged, and a ping not answered within
``LINK_ANSWER_S`` counts as the link lost.
"""

from __future__ import annotations

import asyncio
import json
import logging
import ssl
from collections.abc import Awaitable
from dataclasses import dataclass
from typing import Any

import redis.asyncio as aioredis
from redis.asyncio.retry import Retry
from redis.backoff import NoBackoff
from redis.exceptions import AuthenticationError, RedisError
from redis.exceptions import TimeoutError as RedisTimeoutError

from addons.core.state.store import LinkHandler, MessageHandler, StateUnavailable, mask_url

logger = logging.getLogger(__name__)

PREFIX = "exitguard:"
CONNECT_TIMEOUT_S = 1.0
COMMAND_TIMEOUT_S = 2.0
BACKOFF_FIRST_S, BACKOFF_MAX_S = 0.1, 2.0
# attack46: a subscription whose connection stays open while nothing comes through (Redis stopped or stalled, an idle
# connection a NAT or firewall dropped without a reset) never raised: the link stayed "up", held approvals waited for
# decisions that could not arrive, and revocations published by other replicas were never heard (a revoked token
# kept working here). The subscriber pings after this much silence and drops the link when the answer is late.
# Read at call time (a test sets them to a fraction of a second); the subscriber reads in steps of at most a second,
# and of at most the answer deadline when that is shorter, so a late answer is noticed within a step.
LINK_PING_AFTER_S = 5.0
LINK_ANSWER_S = 5.0
LINK_PING = "exitguard-link"

# Compare-and-set / compare-and-delete: Redis runs a script atomically.
_REPLACE = "if redis.call('GET', KEYS[1]) == ARGV[1] then redis.call('SET', KEYS[1], ARGV[2], 'KEEPTTL') " \
           "return 1 end return 0"
_DELETE_IF = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) end return 0"


@dataclass(frozen=True)
class Connection:
    url: str  # as given; holds the password when the operator put it there: never log it, use mask_url
    password: str | None = None  # from exitguard_state_password_file
    ca_file: str | None = None  # rediss:// only: the CA that signed the server's certificate


class RedisState:
    shared = True

    def __init__(self, connection: Connection, replica: str) -> None:
        self.replica = replica
        self.description = f"the shared state store (Redis at {mask_url(connection.url)})"
        self._url = connection.url  # only its scheme is read (mixup_hint): the password may be in it
        self._secrets = [s for s in (connection.password, *url_passwords(connection.url)) if s]
        kwargs: dict[str, Any] = {"decode_responses": True, "socket_connect_timeout": CONNECT_TIMEOUT_S,
                                  "socket_timeout": COMMAND_TIMEOUT_S, "retry": Retry(NoBackoff(), 0),
                                  "health_check_interval": 5}
        if connection.password is not None:
            kwargs["password"] = connection.password
        if connection.ca_file is not None:
            kwargs["ssl_ca_certs"] = connection.ca_file
        self._client = aioredis.Redis.from_url(connection.url, **kwargs)
        self._handlers: dict[str, list[MessageHandler]] = {}
        self._link_handlers: list[LinkHandler] = []
        self._linked = False
        self.problem: str | None = None  # why the last link attempt failed (scrubbed), for errors and the log
        self._subscriber: asyncio.Task | None = None
        self._unsubscribed: set[str] = set()  # channels registered since the subscription was made

    @property
    def linked(self) -> bool:
        return self._linked

    async def start(self) -> None:
        if self._subscriber is None:
            self._subscriber = asyncio.create_task(self._subscribe_forever())

    async def close(self) -> None:
        if self._subscriber is not None:
            self._subscriber.cancel()
            await asyncio.gather(self._subscriber, return_exceptions=True)
            self._subscriber = None
        await self._client.aclose()

    # ------------------------------------------------------------------ commands

    async def _call(self, command: Awaitable[Any]) -> Any:
        """The command's reply (text: the client decodes responses), or StateUnavailable."""
        try:
            return await command
        except (RedisError, OSError) as e:
            raise StateUnavailable(f"{self.description} {_what_failed(e)} ({self._scrub(e)})") from None
        except UnicodeDecodeError:  # attack51: written by someone else (the client decodes every reply)
            raise StateUnavailable(f"{self.description} answered with a value that is not UTF-8 text") from None

    def _scrub(self, error: BaseException) -> str:
        text = f"{type(error).__name__}: {error}"
        for secret in self._secrets:
            text = text.replace(secret, "***")
        return text[:200]

    async def get(self, key: str) -> str | None:
        return await self._call(self._client.get(PREFIX + key))

    async def get_many(self, keys: list[str]) -> list[str | None]:
        if not keys:
            return []
        return await self._call(self._client.mget([PREFIX + k for k in keys]))

    async def put(self, key: str, value: str, ttl_s: float) -> None:
        await self._call(self._client.set(PREFIX + key, value, px=_ms(ttl_s)))

    async def put_new(self, key: str, value: str, ttl_s: float) -> bool:
        return bool(await self._call(self._client.set(PREFIX + key, value, px=_ms(ttl_s), nx=True)))

    async def replace(self, key: str, expected: str, value: str) -> bool:
        return bool(await self._call(self._client.eval(_REPLACE, 1, PREFIX + key, expected, value)))

    async def delete_if(self, key: str, expected: str) -> bool:
        return bool(await self._call(self._client.eval(_DELETE_IF, 1, PREFIX + key, expected)))

    async def increment(self, key: str, ttl_s: float) -> int:
        async def incr() -> int:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.incr(PREFIX + key)
                pipe.pexpire(PREFIX + key, _ms(ttl_s), nx=True)
                value, _ = await pipe.execute()
            return int(value)
        return await self._call(incr())

    async def index_add(self, index: str, member: str, score: float) -> None:
        await self._call(self._client.zadd(PREFIX + index, {member: score}))

    async def index_remove(self, index: str, member: str) -> None:
        await self._call(self._client.zrem(PREFIX + index, member))

    async def index_members(self, index: str) -> list[str]:
        return await self._call(self._client.zrange(PREFIX + index, 0, -1))

    async def hash_put(self, key: str, field: str, value: str, ttl_s: float) -> None:
        async def put() -> None:
            async with self._client.pipeline(transaction=True) as pipe:
                pipe.hset(PREFIX + key, field, value)
                pipe.pexpire(PREFIX + key, _ms(ttl_s))
                await pipe.execute()
        await self._call(put())

    async def hash_get_all(self, key: str) -> dict[str, str]:
        return await self._call(self._client.hgetall(PREFIX + key))

    async def set_add(self, key: str, members: list[str]) -> None:
        if members:
            await self._call(self._client.sadd(PREFIX + key, *members))

    async def set_members(self, key: str) -> set[str]:
        return set(await self._call(self._client.smembers(PREFIX + key)))

    async def publish(self, channel: str, message: dict) -> None:
        await self._call(self._client.publish(PREFIX + channel, json.dumps(message)))

    # ------------------------------------------------------------------ subscription

    def subscribe(self, channel: str, handler: MessageHandler) -> None:
        """Register before ``start``; a channel added later is picked up at the next reconnect."""
        self._handlers.setdefault(channel, []).append(handler)
        self._unsubscribed.add(channel)

    def on_link(self, handler: LinkHandler) -> None:
        self._link_handlers.append(handler)

    def _set_link(self, up: bool) -> None:
        if up == self._linked:
            return
        self._linked = up
        for handler in self._link_handlers:
            try:
                handler(up)
            except Exception:  # one broken handler must not keep the others from failing closed
                logger.exception("exitguard: state link handler failed")

    async def _subscribe_forever(self) -> None:
        backoff = BACKOFF_FIRST_S
        while True:
            pubsub = self._client.pubsub()
            try:
                self._unsubscribed.clear()
                await pubsub.subscribe(*(PREFIX + c for c in self._handlers or {"_": []}))
                await self._client.ping()  # the subscribe alone may not have touched the socket yet
                self._set_link(True)
                self.problem = None
                logger.info("exitguard: linked to %s as replica %s", self.description, self.replica)
                backoff = BACKOFF_FIRST_S
                silence = _Silence(asyncio.get_running_loop().time)
                while True:
                    if self._unsubscribed:
                        added, self._unsubscribed = self._unsubscribed, set()
                        await pubsub.subscribe(*(PREFIX + c for c in added))
                    if silence.ping_due():
                        await pubsub.ping(LINK_PING)  # sent only: the answer comes as a "pong" message
                    message = await pubsub.get_message(ignore_subscribe_messages=True, timeout=_read_step_s())
                    if message is not None:
                        silence.heard()
                        if message.get("type") in ("message", "pmessage"):
                            self._dispatch(message)
                    elif silence.answer_overdue():
                        raise RedisTimeoutError(f"the subscription answered no ping within {LINK_ANSWER_S:g} s")
            except asyncio.CancelledError:
                raise
            # attack51: a message that is no UTF-8 text (published by someone without the fleet's key) raised past
            # this loop and ended it in silence, the link still said up: it is a broken link, linked again below
            except (RedisError, OSError, UnicodeDecodeError) as e:
                problem = self._scrub(e) if not isinstance(e, UnicodeDecodeError) else \
                    "a message on the subscription was not UTF-8 text"
                if self._linked:
                    logger.warning("exitguard: lost %s (%s); approvals fail closed until it is back",
                                   self.description, problem)
                elif problem != self.problem:  # never linked (a wrong CA, password or address): say why, once
                    logger.warning("exitguard: cannot link to %s (%s); approvals fail closed until it can; %s",
                                   self.description, problem, _what_to_check(e, self._url))
                self.problem = problem
                self._set_link(False)
            finally:
                try:
                    await pubsub.aclose()
                except (RedisError, OSError):
                    pass
            await asyncio.sleep(backoff)
            backoff = min(backoff * 2, BACKOFF_MAX_S)

    def _dispatch(self, message: dict) -> None:
        channel = str(message.get("channel", ""))[len(PREFIX):]
        try:
            data = json.loads(message["data"])
        except (ValueError, TypeError):
            logger.warning("exitguard: ignored a malformed message on %s", channel)
            return
        for handler in self._handlers.get(channel, []):
            try:
                handler(data)
            except Exception:
                logger.exception("exitguard: handler for %s failed", channel)


class _Silence:
    """How long the subscription has said nothing: when to ping it, and when its answer is overdue."""

    def __init__(self, clock) -> None:
        self.clock = clock
        self.last_heard = clock()
        self.pinged_at: float | None = None

    def heard(self) -> None:
        self.last_heard, self.pinged_at = self.clock(), None

    def ping_due(self) -> bool:
        if self.pinged_at is None and self.clock() - self.last_heard >= LINK_PING_AFTER_S:
            self.pinged_at = self.clock()
            return True
        return False

    def answer_overdue(self) -> bool:
        return self.pinged_at is not None and self.clock() - self.pinged_at > LINK_ANSWER_S


def _read_step_s() -> float:
    return min(1.0, LINK_PING_AFTER_S, LINK_ANSWER_S)


def _what_failed(error: BaseException) -> str:
    """A password Redis refuses is no outage (walk22: "unreachable (AuthenticationError ...)" sent operators to
    the network): waiting will not help, the password file must change."""
    return "refused this replica's password" if isinstance(error, AuthenticationError) else "is unreachable"


def _what_to_check(error: BaseException, url: str = "") -> str:
    """The setting a store that never linked most likely needs: a newcomer reads the log line, not this module."""
    if hint := mixup_hint(url, error):
        return hint
    if isinstance(error, AuthenticationError):
        return "check exitguard_state_password_file: it must hold the password Redis expects"
    if handshake_refused(error):
        return CLIENT_CERTIFICATE_FIX
    if "CERTIFICATE" in str(error).upper() or "SSL" in type(error).__name__.upper():
        return "check exitguard_state_ca_file: it must hold the CA that signed Redis's certificate (rediss:// only)"
    return "check that Redis runs at that address and that exitguard_state names it (deploy/README.md)"


# newuser51: Redis's TLS port asks every client for a certificate unless its configuration says otherwise (Debian's
# redis-server and Redis's own default: tls-auth-clients yes). exitguard presents none (the password authenticates
# the replicas), so the handshake ends with a "certificate required" alert, or an EOF when TLS 1.2 or the timing
# hides the alert: waiting never fixes it, and "check exitguard_state_ca_file" sent operators the wrong way.
CLIENT_CERTIFICATE_FIX = ("exitguard presents no client certificate (the password authenticates the replicas), so "
                          "Redis must not ask for one: set tls-auth-clients no in its configuration (its default "
                          "is yes), and check that this port is Redis's tls-port")


def handshake_refused(error: BaseException) -> bool:
    """True when Redis ended the TLS handshake itself (not a certificate exitguard failed to verify)."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return False
        if isinstance(seen, ssl.SSLEOFError) or "CERTIFICATE_REQUIRED" in str(seen).upper():
            return True
        seen = seen.__cause__ or seen.__context__
    return False


def mixup_hint(url: str, error: BaseException) -> str:
    """What an outage-looking failure most likely is when the URL and the port disagree about TLS ("" if nothing).
    A plain client at Redis's tls-port is dropped (a reset); a TLS client at a plain port waits for an answer to
    its handshake that never comes (a timeout)."""
    text = f"{type(error).__name__}: {error}".lower()
    if url.startswith("redis://") and ("reset by peer" in text or "closed by server" in text):
        return "a TLS port (Redis's tls-port) drops clients that do not speak TLS: use rediss:// with " \
               "exitguard_state_ca_file if this is one"
    if url.startswith("rediss://") and "timeout" in text:
        return "a plain Redis port never answers a TLS handshake: give its tls-port, or redis:// if it has none"
    return ""


def _ms(seconds: float) -> int:
    return max(1, int(seconds * 1000))


def url_passwords(url: str) -> list[str]:
    """The passwords redis-py reads from the URL: the user info's and ``?password=`` (to scrub from errors)."""
    from urllib.parse import parse_qs, unquote, urlsplit
    parts = urlsplit(url)
    found = [unquote(parts.password)] if parts.password else []
    return found + parse_qs(parts.query).get("password", [])
