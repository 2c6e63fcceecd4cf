"""The ``State`` addon: reads ``exitguard_state`` / ``exitguard_replica`` and friends, installs the store every
concern reaches through ``state.current()``, links it in ``running`` and, every few seconds, tells the fleet
which policy this replica runs (fleet.py)."""

from __future__ import annotations

import asyncio
import logging
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

from mitmproxy import ctx, exceptions

from addons.core import options
from addons.core import state as shared_state
from addons.core.secretfile import SecretFileError, read_secret_file
from addons.core.state import fleet
from addons.core.state.memory import MemoryState
from addons.core.state.store import SharedState, StateUnavailable, mask_url

logger = logging.getLogger(__name__)

OPTIONS = {"exitguard_state", "exitguard_state_password_file", "exitguard_state_ca_file", "exitguard_replica"}


@dataclass(frozen=True)
class Settings:
    url: str | None  # None: in-process
    password_file: Path | None
    ca_file: Path | None
    replica: str


def read_settings(opts) -> Settings:
    url = options.optional_text(opts, "exitguard_state")
    if url is not None and url.strip() == "memory":
        url = None
    password_file = options.optional_path(opts, "exitguard_state_password_file")
    ca_file = options.optional_path(opts, "exitguard_state_ca_file")
    replica = (options.optional_text(opts, "exitguard_replica") or shared_state.default_replica()).strip()
    if url is None:
        if password_file or ca_file:
            raise exceptions.OptionsError("exitguard_state_password_file / exitguard_state_ca_file need "
                                          "exitguard_state=redis://... or rediss://...")
        return Settings(None, None, None, replica)
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018  (raises ValueError on a bad port)
    except ValueError:
        raise exceptions.OptionsError(f"exitguard_state: {mask_url(url)} is not a valid URL") from None
    if parts.scheme not in ("redis", "rediss") or not parts.hostname:
        raise exceptions.OptionsError(f"exitguard_state: {mask_url(url)}: use memory, redis://HOST:PORT/DB or "
                                      "rediss://HOST:PORT/DB (TLS)")
    if ca_file and parts.scheme != "rediss":
        raise exceptions.OptionsError("exitguard_state_ca_file is for TLS: use a rediss:// URL")
    if password_file and (parts.password or "password" in parse_qs(parts.query)):  # redis-py reads both
        raise exceptions.OptionsError("exitguard_state: the URL holds a password and exitguard_state_password_file "
                                      "is set too: give it once (the file keeps it out of process listings)")
    return Settings(url.strip(), password_file, ca_file, replica)


def open_store(settings: Settings) -> SharedState:
    if settings.url is None:
        return MemoryState(settings.replica)
    from addons.core.state.redis_store import Connection, RedisState  # only a fleet needs the client

    ca = str(settings.ca_file) if settings.ca_file else None
    return RedisState(Connection(settings.url, read_password(settings), ca), settings.replica)


def read_password(settings: Settings) -> str | None:
    """The password in ``exitguard_state_password_file`` (None when unset); OptionsError naming the file and its
    mode when it is not private to the proxy's user (or root's for its group), like every secret file
    (core/secretfile.py)."""
    if settings.password_file is None:
        return None
    try:
        return read_secret_file(settings.password_file)
    except SecretFileError as e:
        raise exceptions.OptionsError(f"exitguard_state_password_file: {e}") from None


class State:
    def __init__(self) -> None:
        self.settings: Settings | None = None
        self._heartbeat: asyncio.Task | None = None
        self._running = False
        self.instance = secrets.token_hex(8)  # tells this process's fleet entry from another's of the same name
        self._announced = False
        self.name_clash = False  # another process announced under this replica's name (said once)

    def load(self, loader) -> None:
        loader.add_option("exitguard_state", str | None, None,
                          """
                          Where approvals, decisions, windows, revoked tokens and policy versions live: memory
                          (default, this process only) or redis://[:PASSWORD@]HOST:PORT/DB, rediss:// for TLS.
                          Shared by every replica of a fleet. Never logged unmasked.
                          """)
        loader.add_option("exitguard_state_password_file", str | None, None,
                          "File holding the Redis password (instead of putting it in exitguard_state). Refused "
                          "unless only the proxy's user may read it (0600), or root owns it and only its group "
                          "may also read it (0640).")
        loader.add_option("exitguard_state_ca_file", str | None, None,
                          "CA certificate (PEM) that signed the Redis server's certificate, for rediss://.")
        loader.add_option("exitguard_replica", str | None, None,
                          "This proxy's name in the fleet and in the audit index. Unset: HOSTNAME-PID.")

    def configure(self, updated: set[str]) -> None:
        if not updated & OPTIONS:
            return
        settings = read_settings(ctx.options)
        if settings == self.settings:
            return
        store = open_store(settings)
        old = shared_state.current()
        shared_state.install(store)
        self.settings = settings
        self._announced = self.name_clash = False  # a new store or name: its first entry may follow a predecessor
        logger.info("exitguard: replica %s, state in %s", settings.replica, store.description)
        if self._running:
            asyncio.get_running_loop().create_task(self._switch(old, store))

    async def running(self) -> None:
        self._running = True
        await shared_state.current().start()
        self._heartbeat = asyncio.create_task(self._announce_forever())

    async def done(self) -> None:
        if self._heartbeat is not None:
            self._heartbeat.cancel()
            self._heartbeat = None
        await shared_state.current().close()

    async def _switch(self, old: SharedState, new: SharedState) -> None:
        await old.close()
        await new.start()

    async def _announce_forever(self) -> None:
        while True:
            try:
                await self.announce()
            except StateUnavailable as e:
                logger.debug("exitguard: %s", e)
            await asyncio.sleep(fleet.ANNOUNCE_EVERY_S)

    async def announce(self) -> None:
        """One heartbeat. Two live processes with one ``exitguard_replica`` (a copied command line) overwrite each
        other's entry: the fleet listing shows one, held requests' flows and the audit index cannot tell them apart
        (walk22: started silently). The first write may follow a predecessor of the same name (a restarted pod),
        so only a foreign id found between two of this process's writes counts."""
        store = shared_state.current()
        previous = await fleet.announce(store, self.instance)
        if self._announced and previous not in (None, self.instance) and not self.name_clash:
            self.name_clash = True
            logger.error("exitguard: another proxy also runs as replica %s: give each replica its own "
                         "exitguard_replica (the fleet listing, held requests and the audit index tell replicas "
                         "apart by it)", store.replica)
        self._announced = True
