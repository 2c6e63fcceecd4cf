"""Loads the policy and rules (options ``exitguard_policy`` / ``exitguard_rules``), refuses unknown
``exitguard_*`` options at start-up, and reloads on file changes, keeping the last good version when
an edit is invalid (a broken rules file must never mean "no rules").
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Sequence
from pathlib import Path

from mitmproxy import ctx, exceptions

from addons.core import compat, runtime
from addons.core.policy import PolicyError

logger = logging.getLogger(__name__)

RELOAD_INTERVAL = 2.0  # seconds between checks of the policy and rule files


class Config:
    def __init__(self) -> None:
        self._mtimes: dict[Path, float] = {}
        self._watch: asyncio.Task | None = None

    def load(self, loader) -> None:
        compat.install()  # refuses a mitmproxy the workarounds were not verified on
        loader.add_option("exitguard_policy", str, "",
                          "Policy file (YAML). Empty: the built-in addons/core/default_policy.yaml.")
        loader.add_option("exitguard_rules", Sequence[str], [],
                          "Rule files or folders (repeatable). Empty: the built-in rules/ folder.")
        loader.add_option("exitguard_key_file", str, "",
                          """
                          File holding the key for the HMAC fingerprints of detected values (created 0600 if
                          missing). Empty: exitguard-fingerprint.key in mitmproxy's confdir.
                          """)
        loader.add_option("exitguard_mode", str, "",
                          "Override the policy's mode: enforce, or report (detect and record, change nothing).")
        loader.add_option("exitguard_reload", bool, True,
                          "Reload the policy and rules when their files change (the last good version stays "
                          "in force when an edit is invalid).")

    def configure(self, updated: set[str]) -> None:
        if "rawtcp" in updated and ctx.options.rawtcp:
            # mitmproxy guesses "not HTTP" from the first bytes (a 1-byte TLS record, a leading blank line) and
            # then relays raw TCP, uninspected. Parse everything as HTTP instead: what is not HTTP fails closed.
            # Hosts that really speak another protocol can be listed in mitmproxy's tcp_hosts.
            ctx.options.update(rawtcp=False)
        if not updated & {"exitguard_policy", "exitguard_rules", "exitguard_key_file", "exitguard_mode", "confdir"}:
            return
        if ctx.options.exitguard_mode not in ("", "enforce", "report"):
            raise exceptions.OptionsError("exitguard_mode must be enforce or report")
        try:
            rt = self._build()
        except (PolicyError, ValueError, OSError) as e:
            raise exceptions.OptionsError(f"exitguard: {e}") from e
        runtime.install(rt)
        self._remember(rt)
        logger.info("exitguard: policy %s (%s, mode %s), %d rules", rt.policy.source, rt.policy.version,
                    rt.policy.mode, len(getattr(rt.scanner, "rules", [])))

    def running(self) -> None:
        unknown = sorted(k for k in ctx.options.deferred if k.startswith("exitguard_"))
        if unknown:  # a typo in --set would otherwise be silently ignored
            logger.error("exitguard: unknown option(s): %s. Refusing to start.", ", ".join(unknown))
        if ctx.options.exitguard_reload and self._watch is None:
            self._watch = asyncio.create_task(self._watch_files())

    def done(self) -> None:
        if self._watch:
            self._watch.cancel()
        runtime.install(None)

    def _build(self) -> runtime.Runtime:
        key_file = ctx.options.exitguard_key_file or str(
            Path(ctx.options.confdir).expanduser() / "exitguard-fingerprint.key")
        return runtime.build(ctx.options.exitguard_policy or None, list(ctx.options.exitguard_rules),
                             Path(key_file), ctx.options.exitguard_mode or None)

    def _remember(self, rt: runtime.Runtime) -> None:
        self._mtimes = {p: _mtime(p) for p in self._current_files(rt)}

    def _current_files(self, rt: runtime.Runtime) -> list[Path]:
        """The policy and every rule file now present: a file dropped into a rules folder counts as a change."""
        rule_paths = list(ctx.options.exitguard_rules) or [str(runtime.DEFAULT_RULES_DIR)]
        return [Path(rt.policy.source), *runtime.rule_files(rule_paths)]

    def _changed(self) -> bool:
        files = self._current_files(runtime.get())
        return set(files) != set(self._mtimes) or any(_mtime(p) != self._mtimes[p] for p in files)

    async def _watch_files(self) -> None:
        while True:
            await asyncio.sleep(RELOAD_INTERVAL)
            if not self._changed():
                continue
            try:
                rt = self._build()
            except Exception as e:  # keep enforcing the last good version, and say so loudly
                logger.error("exitguard: policy/rules changed but are INVALID, keeping the previous version "
                             "in force: %s", e)
                self._remember(runtime.get())  # complain once per change, not every interval
                continue
            runtime.install(rt)
            self._remember(rt)
            logger.warning("exitguard: reloaded policy %s and rules (version %s)", rt.policy.source, rt.version)


def _mtime(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return -1.0
