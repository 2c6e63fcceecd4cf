"""The policy: which hosts are guarded and what happens to each finding. Pure, no mitmproxy import.

A policy file is validated completely at load time; any unknown key or bad value raises PolicyError
naming the file and the path inside it, so a typo can never silently weaken enforcement.
"""

from __future__ import annotations

import fnmatch
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

ACTIONS = ("allow", "mask", "approve", "block")
STRICTNESS = {a: i for i, a in enumerate(ACTIONS)}
DIRECTIONS = ("request", "response")
CATEGORIES = ("secret", "pii")
CLASSIFICATIONS = ("public", "internal", "confidential", "regulated")
TIERS = ("precise", "generic")
SELECTORS = frozenset(CATEGORIES + CLASSIFICATIONS + tuple(f"{c}/{t}" for c in CATEGORIES for t in TIERS))

# Sections owned by other concerns (identity, credentials, approvals): the chain registers each one's parser,
# so the core knows no extension. A parser validates the raw value and returns the parsed section, or raises
# PolicyError; `where` ("<file>: <section>") starts every message.
SectionParser = Callable[[Any, str], Any]
_SECTIONS: dict[str, SectionParser] = {}


def register_section(name: str, parse: SectionParser) -> None:
    """Let policies carry a top-level `name:` section, validated by `parse` when the policy loads."""
    if name in CORE_KEYS:
        raise ValueError(f"{name!r} is a core policy key")
    _SECTIONS[name] = parse


def registered_sections() -> tuple[str, ...]:
    return tuple(_SECTIONS)

CORE_KEYS = {"version", "mode", "unlisted_hosts", "guarded_hosts", "deny_hosts", "max_body_bytes",
             "actions", "rules", "groups", "unparseable", "binary_bodies"}

DEFAULT_POLICY_FILE = Path(__file__).resolve().with_name("default_policy.yaml")  # package data


class PolicyError(ValueError):
    """A policy file that cannot be enforced exactly as written."""


def strictest(actions) -> str:
    return max(actions, key=STRICTNESS.__getitem__, default="allow")


def _host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(fnmatch.fnmatchcase(host, p) for p in patterns)


@dataclass(frozen=True)
class ActionTable:
    """Per direction: selector ("secret", "confidential", "secret/precise") -> action."""

    by_direction: dict[str, dict[str, str]]

    def lookup(self, direction: str, category: str, classification: str, tier: str) -> str | None:
        table = self.by_direction.get(direction, {})
        for key in (f"{category}/{tier}", classification, category):
            if key in table:
                return table[key]
        return None


@dataclass(frozen=True)
class Group:
    name: str
    hosts: tuple[str, ...] | None
    actions: ActionTable


@dataclass(frozen=True)
class Policy:
    source: str
    version: str
    mode: str
    unlisted_hosts: str
    guarded_hosts: tuple[str, ...]
    deny_hosts: tuple[str, ...]
    max_body_bytes: int
    unparseable: str
    binary_bodies: str
    actions: ActionTable
    rule_overrides: dict[str, dict[str, str]]
    groups: dict[str, Group]
    sections: dict[str, Any] = field(default_factory=dict)

    @property
    def report_only(self) -> bool:
        return self.mode == "report"

    def host_class(self, host: str, groups: list[str] | None = None) -> str:
        """"deny", "guarded" or "pass" for a destination host, for a caller in ``groups``."""
        if _host_matches(host, self.deny_hosts):
            return "deny"
        if not self.group_may_reach(host, groups or []):
            return "deny"
        if _host_matches(host, self.guarded_hosts):
            return "guarded"
        return "deny" if self.unlisted_hosts == "deny" else "pass"

    def is_guarded(self, host: str) -> bool:
        return self.host_class(host) == "guarded"

    def group_may_reach(self, host: str, groups: list[str]) -> bool:
        """Groups with a ``hosts`` list restrict their members to the union of those lists."""
        lists = [g.hosts for name in groups if (g := self.groups.get(name)) and g.hosts is not None]
        return not lists or any(_host_matches(host, hosts) for hosts in lists)

    def action_for(self, direction: str, rule_id: str, category: str, classification: str, tier: str,
                   groups: list[str] | None = None) -> str:
        override = self.rule_overrides.get(rule_id, {}).get(direction)
        if override:
            return override
        group_actions = [a for name in groups or [] if (g := self.groups.get(name))
                         if (a := g.actions.lookup(direction, category, classification, tier))]
        if group_actions:
            return strictest(group_actions)
        return self.actions.lookup(direction, category, classification, tier) or "mask"

    @classmethod
    def load(cls, path: str | Path | None = None) -> Policy:
        path = Path(path or DEFAULT_POLICY_FILE)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise PolicyError(f"{path}: cannot read policy: {e.strerror}") from e
        try:
            data = yaml.safe_load(text)
        except yaml.YAMLError as e:
            raise PolicyError(f"{path}: not valid YAML: {e}") from e
        return cls.parse(data, str(path), hashlib.sha256(text.encode()).hexdigest()[:12])

    @classmethod
    def parse(cls, data: Any, source: str = "<policy>", version: str = "inline") -> Policy:
        p = _Parser(source)
        data = p.mapping(data, "")
        p.no_unknown(data, CORE_KEYS | set(_SECTIONS), "")
        if data.get("version", 1) != 1:
            p.fail("version", "only version 1 is supported")
        sections = {name: parse(data[name], f"{source}: {name}") for name, parse in _SECTIONS.items() if name in data}
        return cls(
            source=source,
            version=version,
            mode=p.choice(data.get("mode", "enforce"), ("enforce", "report"), "mode"),
            unlisted_hosts=p.choice(data.get("unlisted_hosts", "pass"), ("pass", "deny"), "unlisted_hosts"),
            guarded_hosts=p.hosts(data.get("guarded_hosts", []), "guarded_hosts"),
            deny_hosts=p.hosts(data.get("deny_hosts", []), "deny_hosts"),
            max_body_bytes=p.positive_int(data.get("max_body_bytes", 10 * 1024 * 1024), "max_body_bytes"),
            unparseable=p.choice(data.get("unparseable", "block"), ("block", "pass"), "unparseable"),
            binary_bodies=p.choice(data.get("binary_bodies", "pass"), ("block", "pass"), "binary_bodies"),
            actions=p.action_table(data.get("actions", {}), "actions"),
            rule_overrides=p.rule_overrides(data.get("rules", {}), "rules"),
            groups=p.groups(data.get("groups", {}), "groups"),
            sections=sections,
        )


class _Parser:
    """Validation helpers that name the file and the key path in every error."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, what: str):
        raise PolicyError(f"{self.source}: {where or 'top level'}: {what}")

    def mapping(self, value: Any, where: str) -> dict:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.fail(where, f"expected a mapping, got {type(value).__name__}")
        return value

    def no_unknown(self, data: dict, known: set[str], where: str) -> None:
        unknown = sorted(str(k) for k in data if k not in known)
        if unknown:
            self.fail(where, f"unknown key(s) {', '.join(unknown)} (known: {', '.join(sorted(known))})")

    def choice(self, value: Any, choices: tuple[str, ...], where: str) -> str:
        if value not in choices:
            self.fail(where, f"{value!r} is not one of {', '.join(choices)}")
        return value

    def positive_int(self, value: Any, where: str) -> int:
        if not isinstance(value, int) or isinstance(value, bool) or value <= 0:
            self.fail(where, f"expected a positive integer, got {value!r}")
        return value

    def hosts(self, value: Any, where: str) -> tuple[str, ...]:
        if not isinstance(value, list) or not all(isinstance(h, str) and h for h in value):
            self.fail(where, "expected a list of host names or globs")
        for h in value:
            if "/" in h or ":" in h or " " in h:
                self.fail(where, f"{h!r}: host names only (no scheme, port or path)")
        return tuple(h.lower().rstrip(".") for h in value)

    def action_table(self, value: Any, where: str) -> ActionTable:
        value = self.mapping(value, where)
        self.no_unknown(value, set(DIRECTIONS), where)
        table = {}
        for direction, selectors in value.items():
            selectors = self.mapping(selectors, f"{where}.{direction}")
            self.no_unknown(selectors, set(SELECTORS), f"{where}.{direction}")
            for sel, action in selectors.items():
                self.choice(action, ACTIONS, f"{where}.{direction}.{sel}")
            if direction == "response" and "approve" in selectors.values():
                self.fail(f"{where}.{direction}", "approve applies to requests only (a response cannot wait)")
            table[direction] = dict(selectors)
        return ActionTable(table)

    def rule_overrides(self, value: Any, where: str) -> dict[str, dict[str, str]]:
        value = self.mapping(value, where)
        out = {}
        for rule_id, per_direction in value.items():
            per_direction = self.mapping(per_direction, f"{where}.{rule_id}")
            self.no_unknown(per_direction, set(DIRECTIONS), f"{where}.{rule_id}")
            for direction, action in per_direction.items():
                self.choice(action, ACTIONS, f"{where}.{rule_id}.{direction}")
            out[str(rule_id)] = dict(per_direction)
        return out

    def groups(self, value: Any, where: str) -> dict[str, Group]:
        value = self.mapping(value, where)
        out = {}
        for name, spec in value.items():
            spec = self.mapping(spec, f"{where}.{name}")
            self.no_unknown(spec, {"hosts", "actions"}, f"{where}.{name}")
            hosts = self.hosts(spec["hosts"], f"{where}.{name}.hosts") if "hosts" in spec else None
            out[str(name)] = Group(str(name), hosts, self.action_table(spec.get("actions", {}),
                                                                        f"{where}.{name}.actions"))
        return out
