"""A reload builds the stream hold-backs' tables on the rebuild thread (runtime.warm). suite50 measured a new
proxy's first streamed answer at ~2.3 s of CPU (load 13-16; ~1.2 s idle: Holdback.for_scanner and the value rules'
prefixes), spent on the event loop while every other flow waited; after a reload the same happened again for the new
rules. The first build at start-up stays lazy (a proxy that never streams never pays)."""

from __future__ import annotations

import asyncio
import logging
from types import SimpleNamespace

import pytest

from addons.core import config, runtime
from addons.core.config import Settings
from addons.detect import holdback
from addons.stream import streaming
from tests.guard.support import RULES

POLICY = "version: 1\nmode: enforce\nguarded_hosts: [api.openai.com]\nactions: {request: {secret: mask}}\n"


@pytest.fixture
def settings(tmp_path) -> Settings:
    home = tmp_path / "exitguard"
    rules = home / "rules"
    rules.mkdir(parents=True)
    (rules / "pack.yaml").write_text(RULES.read_text())
    policy = home / "policy.yaml"
    policy.write_text(POLICY)
    home.chmod(0o755)
    rules.chmod(0o755)
    return Settings(policy=policy, rules=(str(rules),), key_file=home / "key", mode=None, reload=True)


def test_a_reload_s_build_leaves_the_stream_tables_built_for_its_scanner(settings):
    rt = config._rebuild(settings)
    scanner = rt.scanner
    assert holdback._BY_SCANNER[id(scanner)][0] is scanner
    assert streaming._VALUE_RULES[id(scanner)][0] is scanner
    # what the first streamed answer asks for is what the rebuild made, not a second build
    assert holdback.Holdback.for_scanner(scanner) is holdback._BY_SCANNER[id(scanner)][1]
    assert streaming._value_rules(scanner) is streaming._VALUE_RULES[id(scanner)][1]


async def test_the_watcher_reloads_through_the_warming_build(monkeypatch, settings):
    warmed, installed = [], []
    monkeypatch.setattr(runtime, "_WARMERS", [])
    runtime.warm_with(warmed.append)
    addon = config.Config()
    addon.settings = settings
    looks = iter([True])
    monkeypatch.setattr(config, "RELOAD_INTERVAL", 0.01)
    monkeypatch.setattr(config.Config, "_changed", lambda self, s: next(looks, False))
    monkeypatch.setattr(config.runtime, "get", lambda: SimpleNamespace())
    monkeypatch.setattr(config.runtime, "install", installed.append)
    monkeypatch.setattr(config, "_current_files", lambda rt, s: [])
    watcher = asyncio.create_task(addon._watch_files())
    try:
        for _ in range(3000):
            await asyncio.sleep(0.01)
            if installed:
                break
    finally:
        watcher.cancel()
    assert installed and warmed == installed  # warmed before it was installed, the same runtime


def test_a_failing_warmer_is_logged_and_the_others_still_run(monkeypatch, caplog):
    ran: list[str] = []

    def broken(rt) -> None:
        raise RuntimeError("cannot build")

    monkeypatch.setattr(runtime, "_WARMERS", [])
    runtime.warm_with(broken)
    runtime.warm_with(lambda rt: ran.append(rt))
    runtime.warm_with(broken)  # registered once
    assert len(runtime._WARMERS) == 2
    with caplog.at_level(logging.ERROR, logger=runtime.__name__):
        runtime.warm("rt")  # type: ignore[arg-type]
    assert ran == ["rt"]
    assert "built on first use" in caplog.text
