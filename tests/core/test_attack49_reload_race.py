"""attack49: the policy edited while the rebuild thread reads it. An editor that rewrites a file in place truncates
it, then writes it: a look at the file between the two sees it empty (or half-written), and the second write
lands in the same clock tick as the first (the file system's timestamps are as coarse as the kernel's tick, ~4 ms
here), so the file's mtime alone never changes again. The watcher then kept what it built from the half-written
file (or, when that was invalid, the version before the edit) until somebody edited the file once more."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path
from types import SimpleNamespace

from addons.core import config
from addons.core.config import Config, Settings


def _watching(monkeypatch, policy: Path, build) -> tuple[Config, list[str]]:
    installed: list[str] = []
    addon = Config()
    addon.settings = Settings(policy=policy, rules=(), key_file=Path("unused.key"), mode=None, reload=True)
    monkeypatch.setattr(config, "RELOAD_INTERVAL", 0.01)
    monkeypatch.setattr(config, "_build", build)
    monkeypatch.setattr(config.runtime, "get", lambda: SimpleNamespace())
    monkeypatch.setattr(config.runtime, "install", lambda rt: installed.append(rt.version))
    monkeypatch.setattr(config, "_current_files", lambda rt, settings: [policy])
    addon._mtimes = {policy: config._mtime(policy)}
    return addon, installed


async def _watch_until(addon: Config, done, looks: int = 300) -> None:
    watcher = asyncio.create_task(addon._watch_files())
    try:
        for _ in range(looks):
            await asyncio.sleep(0.01)
            if done():
                return
    finally:
        watcher.cancel()


def _written_in_one_tick(path: Path, text: str, tick_ns: int) -> None:
    path.write_text(text)
    os.utime(path, ns=(tick_ns, tick_ns))


async def test_a_policy_read_while_its_editor_had_truncated_it_is_read_again_once_written(monkeypatch, tmp_path):
    policy = tmp_path / "policy.yaml"
    _written_in_one_tick(policy, "mode: enforce  # the old policy\n", 1_000_000_000)
    tick = 2_000_000_000
    reads: list[str] = []

    def build(settings: Settings) -> SimpleNamespace:
        text = settings.policy.read_text()
        reads.append(text)
        if len(reads) == 1:  # the editor's write lands just after this read, in the same tick as its truncation
            _written_in_one_tick(policy, "mode: enforce\ndeny_hosts: [collector.example]  # stricter\n", tick)
        if not text:
            raise ValueError("empty policy")
        return SimpleNamespace(policy=SimpleNamespace(source=str(policy)), version=text)

    addon, installed = _watching(monkeypatch, policy, build)
    _written_in_one_tick(policy, "", tick)  # the editor's truncation: the watcher sees it first
    await _watch_until(addon, lambda: bool(installed))
    assert reads[0] == ""
    assert installed and "stricter" in installed[-1], (reads, installed)


async def test_a_rule_pack_read_half_written_is_read_again_once_whole(monkeypatch, tmp_path):
    """Half of a list is still YAML: the half built a valid version with fewer rules, installed in silence."""
    policy = tmp_path / "policy.yaml"
    _written_in_one_tick(policy, "rules:\n- a\n", 1_000_000_000)
    tick = 2_000_000_000
    whole = "rules:\n- a\n- b\n- c\n"

    def build(settings: Settings) -> SimpleNamespace:
        text = settings.policy.read_text()
        if text != whole:
            _written_in_one_tick(policy, whole, tick)  # the rest of the write, in the same tick
        return SimpleNamespace(policy=SimpleNamespace(source=str(policy)), version=text)

    addon, installed = _watching(monkeypatch, policy, build)
    _written_in_one_tick(policy, "rules:\n- a\n- b\n", tick)  # the first part of the editor's write
    await _watch_until(addon, lambda: whole in installed)
    assert installed[-1:] == [whole], installed
