"""Session 28's newcomer pass (newuser48): a rule added to a pack under a running proxy is picked up, but the
rebuild (a new Hyperscan database: ~50 s of CPU on this machine at load 5) ran on mitmproxy's event loop, so every
client waited for it: a request sent during the reload took 61 s instead of 0.1 s. The rebuild now runs beside the
loop, and an edit made while it runs is not taken for the state the new version was built from."""

from __future__ import annotations

import asyncio
import threading
import time
from pathlib import Path
from types import SimpleNamespace

from addons.core import config
from addons.core.config import Config, Settings


def _watching(monkeypatch, build, changes: list[bool], files: list[Path]) -> Config:
    addon = Config()
    addon.settings = Settings(policy=None, rules=(), key_file=Path("unused.key"), mode=None, reload=True)
    monkeypatch.setattr(config, "RELOAD_INTERVAL", 0.01)
    monkeypatch.setattr(config, "_build", build)
    monkeypatch.setattr(config.runtime, "get", lambda: SimpleNamespace())
    monkeypatch.setattr(config.runtime, "install", lambda rt: None)
    looks = iter(changes)
    monkeypatch.setattr(Config, "_changed", lambda self, settings: next(looks, False))
    monkeypatch.setattr(config, "_current_files", lambda rt, settings: list(files))
    monkeypatch.setattr(config, "_mtime", lambda path: float(path.name))  # a file "N" was last changed at N
    return addon


async def test_a_slow_rebuild_leaves_the_event_loop_serving(monkeypatch):
    built = threading.Event()

    def slow_build(settings: Settings) -> SimpleNamespace:
        time.sleep(1.0)  # a Hyperscan compile, shortened
        built.set()
        return SimpleNamespace(policy=SimpleNamespace(source="policy.yaml"), version="v2")

    addon = _watching(monkeypatch, slow_build, [True], [Path("1")])
    watcher = asyncio.create_task(addon._watch_files())
    ticks, started = 0, time.monotonic()
    try:
        while not built.is_set() and time.monotonic() - started < 30:
            await asyncio.sleep(0.01)  # a client's request being served meanwhile
            ticks += 1
    finally:
        watcher.cancel()
    assert built.is_set()
    assert ticks >= 20, ticks  # blocked: one or two ticks in the whole second


async def test_an_edit_made_during_the_rebuild_is_seen_by_the_next_look(monkeypatch):
    """attack51: the version built while the files were edited is never installed (it may have read them half
    written); the next look builds again from the files as they are now."""
    files = [Path("1")]  # the files as the rebuild starts (changed at 1)
    built: list[str] = []
    installed: list[str] = []

    def build(settings: Settings) -> SimpleNamespace:
        built.append(files[0].name)
        files[:] = [Path("2")]  # edited again while the first rebuild reads them
        return SimpleNamespace(policy=SimpleNamespace(source="policy.yaml"), version=f"v{len(built)}")

    addon = _watching(monkeypatch, build, [True, True], files)
    monkeypatch.setattr(config.runtime, "install", lambda rt: installed.append(rt.version))
    watcher = asyncio.create_task(addon._watch_files())
    try:
        for _ in range(500):
            await asyncio.sleep(0.01)
            if addon._mtimes:
                break
    finally:
        watcher.cancel()
    assert built == ["1", "2"] and installed == ["v2"]
    assert addon._mtimes == {Path("2"): 2.0}  # what the installed version was built from
