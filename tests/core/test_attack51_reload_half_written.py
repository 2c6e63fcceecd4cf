"""attack51: attack49 reads a policy or rule pack again when its editor's write lands while the rebuild reads it,
but installed what it had read first: half of a list is still YAML, so the half-written version (fewer rules, a
deny list cut short, a host name cut in two) was in force in silence for the rest of the build and a look
(RELOAD_INTERVAL, 2 s) before the whole one replaced it. The watcher now installs a build only if the files it
read are as they were when it began: one that changed meanwhile is read again at the next look."""

from __future__ import annotations

from types import SimpleNamespace

from addons.core.config import Settings
from tests.core.test_attack49_reload_race import _watch_until, _watching, _written_in_one_tick


async def test_a_rule_pack_read_half_written_is_never_installed(monkeypatch, tmp_path):
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
    assert installed == [whole]


async def test_a_deny_list_cut_short_by_a_write_in_progress_is_never_in_force(monkeypatch, tmp_path):
    policy = tmp_path / "policy.yaml"
    _written_in_one_tick(policy, "deny_hosts: [collector.example]\n", 1_000_000_000)
    whole = "deny_hosts: [collector.example, paste.example]\nmode: enforce\n"
    half = whole[:len("deny_hosts: [collector.example, paste.ex")] + "]\n"  # a cut that still parses (for the test)

    def build(settings: Settings) -> SimpleNamespace:
        text = settings.policy.read_text()
        if text == half:
            _written_in_one_tick(policy, whole, 3_000_000_000)  # the writer goes on while the rules compile
        return SimpleNamespace(policy=SimpleNamespace(source=str(policy)), version=text)

    addon, installed = _watching(monkeypatch, policy, build)
    _written_in_one_tick(policy, half, 2_000_000_000)
    await _watch_until(addon, lambda: whole in installed)
    assert installed == [whole]
