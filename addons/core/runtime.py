"""The loaded policy, scanner and inspector that every addon shares, swapped atomically on reload.

Addons call ``runtime.get()`` on each flow; it raises NotConfigured until the Config addon has
loaded a valid policy, so an unconfigured proxy blocks (fail closed) instead of passing traffic.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from addons.core.fingerprint import Fingerprinter
from addons.core.inspection import Inspector
from addons.core.policy import Policy
from addons.detect.scanner import default_rules_dir

if TYPE_CHECKING:
    from addons.detect import Scanner  # imported when the runtime is built: loading rules is not free


class NotConfigured(RuntimeError):
    pass


@dataclass(frozen=True)
class Runtime:
    policy: Policy
    scanner: Scanner
    inspector: Inspector
    fingerprinter: Fingerprinter

    @property
    def version(self) -> str:
        return f"{self.policy.version}/{self.scanner.version}"


def treats_alike(before: Runtime, after: Runtime) -> bool:
    """Whether what was decided under ``before`` still holds under ``after``: the same policy and rules (their
    content hashes) in the same mode (``exitguard_mode`` switches it with the same files). A reload of unchanged
    files builds a new runtime that treats everything alike."""
    return before is after or (before.version == after.version
                               and before.policy.report_only == after.policy.report_only)


DEFAULT_RULES_DIR = default_rules_dir()

_current: Runtime | None = None
_last: Runtime | None = None  # kept by retire(): later addons still record at shutdown


_WARMERS: list[Callable[[Runtime], object]] = []
logger = logging.getLogger(__name__)


def warm_with(warmer: Callable[[Runtime], object]) -> None:
    """Register work a concern does once per loaded runtime (tables built from its rules), so that a reload can do
    it beside the event loop, before the runtime is installed. The streaming addon's hold-back tables take ~1.2 s
    of CPU: built lazily, the first streamed answer after each reload held every flow on the loop that long."""
    if warmer not in _WARMERS:
        _WARMERS.append(warmer)


def warm(rt: Runtime) -> None:
    """Run every registered warmer for ``rt`` (on the rebuild thread). A warmer only fills caches: one that fails
    is logged and left for its concern to build on first use, where a failure fails closed as any other would."""
    for warmer in _WARMERS:
        try:
            warmer(rt)
        except Exception:
            logger.exception("exitguard: preparing %s for the new rules failed; it is built on first use",
                             getattr(warmer, "__qualname__", warmer))


def get() -> Runtime:
    if _current is None:
        raise NotConfigured("exitguard is not configured (no valid policy loaded)")
    return _current


def install(rt: Runtime | None) -> None:
    global _current, _last
    _current = _last = rt


def retire() -> None:
    """The proxy stops: nothing is checked any more (``get`` raises), but ``last`` still gives the runtime."""
    global _current
    _current = None


def last() -> Runtime | None:
    """The runtime installed, also after ``retire``. Config is first in the chain, so its ``done`` runs before the
    Audit's: what is recorded at shutdown (flows still open, approvals denied by the stop) is scanned with it, not
    withheld whole for want of a scanner. None once uninstalled (``install(None)``) or before any."""
    return _last


def build(policy_path: str | None, rule_paths: list[str], key_file: Path, mode: str | None = None,
          resolve_credentials: bool = True) -> Runtime:
    """Load everything or raise; never returns a half-built runtime. ``resolve_credentials=False`` (``replay``,
    offline over recordings that never hold a brokered key) leaves the brokered keys unread and unsearched."""
    policy, scanner = load_checked(policy_path, rule_paths, mode, resolve_credentials)
    fingerprinter = Fingerprinter.load_or_create(key_file)
    inspector = Inspector(scanner, policy, fingerprinter)
    if resolve_credentials:
        inspector.extra_detectors.extend(section_detectors(policy))
    return Runtime(policy, scanner, inspector, fingerprinter)


def load_checked(policy_path: str | None, rule_paths: list[str], mode: str | None = None,
                 resolve_credentials: bool = True) -> tuple[Policy, Scanner]:
    """The policy and the rule packs, each validated and checked against each other (every per-rule override
    names a loaded rule). The proxy, ``exitguard up`` (before it starts the proxy) and ``replay`` all load here;
    all but ``replay`` also read every brokered key now, so a missing one is refused before anything starts."""
    from addons.detect import Scanner

    policy = Policy.load(policy_path or None)
    if mode:
        policy = _with_mode(policy, mode)
    scanner = Scanner.from_rules(rule_paths) if rule_paths else Scanner.default()
    if not scanner.rules:
        # attack46: a rules folder emptied under a running proxy (a sync that removes before it copies, a folder
        # replaced by a new one not yet filled) reloaded as zero rules, and a policy naming no rule id let every
        # secret out from then on. No rules is never a policy: refused at start-up, kept from a reload.
        raise ValueError(f"no detection rules in {', '.join(rule_paths)}: an empty rules folder would guard "
                         "nothing (exitguard_rules)")
    if resolve_credentials:
        section_detectors(policy)  # reads each brokered key: PolicyError naming a missing one
    policy.check_rule_ids({rule.id for rule in scanner.rules} | section_rule_ids(policy))
    return policy, scanner


def section_detectors(policy: Policy) -> list:
    """Detectors a policy section adds to the rules, e.g. the credential broker's "brokered key leaked" one."""
    return [d for section in policy.sections.values() for d in getattr(section, "detectors", lambda: [])()]


def section_rule_ids(policy: Policy) -> set[str]:
    """The rule ids those detectors report under (a policy may override them), known without reading a key."""
    return {rule_id for section in policy.sections.values()
            for rule_id in getattr(section, "detector_rule_ids", frozenset)()}


def _with_mode(policy: Policy, mode: str) -> Policy:
    from dataclasses import replace

    return replace(policy, mode=mode)


def rule_files(paths: list[str]) -> list[Path]:
    files = []
    for p in map(Path, paths):
        files.extend(sorted(f for f in p.rglob("*.yaml") if f.name != "policy.yaml") if p.is_dir() else [p])
    return files
