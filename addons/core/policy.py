"""The policy: which hosts are guarded and what happens to each finding. Pure, no mitmproxy import.

A policy file is validated completely at load time; any unknown key or bad value raises PolicyError
naming the file and the path inside it, so a typo can never silently weaken enforcement.
"""

from __future__ import annotations

import copy
import fnmatch
import hashlib
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from functools import cache, cached_property
from pathlib import Path
from typing import Any

import yaml

from addons.core.validation import At, PolicyError, did_you_mean
from addons.core.vocabulary import SELECTORS, Action, Classification, Direction, HostClass
from addons.detect import strict_yaml
from addons.detect.rules import yaml_problem
from addons.formats.providers import LLM_HOSTS

__all__ = ["ActionTable", "CredentialNames", "Group", "Policy", "PolicyError", "register_section",
           "registered_sections"]

# Sections owned by other concerns (identity, credentials, approvals): the chain registers each one's parser,
# so the core knows no extension. A parser validates the raw value with the checks of `at` (validation.At:
# the file and the section's key) and returns the parsed section; every error names the file and key path.
SectionParser = Callable[[Any, At], Any]
_SECTIONS: dict[str, SectionParser] = {}


def register_section(name: str, parse: SectionParser) -> None:
    """Let policies carry a top-level `name:` section, validated by `parse` when the policy loads."""
    if name in CORE_KEYS:
        raise ValueError(f"{name!r} is a core policy key")
    _SECTIONS[name] = parse


def registered_sections() -> tuple[str, ...]:
    return tuple(_SECTIONS)

CORE_KEYS = {"version", "mode", "unlisted_hosts", "unnamed_hosts", "guarded_hosts", "guard_known_providers",
             "deny_hosts", "private_upstreams", "max_body_bytes", "actions", "rules", "groups", "unparseable",
             "binary_bodies", "stream_cpu_budget"}

UNLISTED_MODES = (HostClass.OBSERVE, HostClass.PASS, HostClass.DENY)
# Host classes that open upstream connections, and whether each may reach a private address by default: a public
# provider never resolves to 10/8, a corporate proxy or package mirror often does.
PRIVATE_UPSTREAM_DEFAULTS = {HostClass.GUARDED: False, HostClass.OBSERVE: True, HostClass.PASS: True}

DEFAULT_POLICY_FILE = Path(__file__).resolve().with_name("default_policy.yaml")  # package data


@cache
def builtin_guarded_hosts() -> tuple[str, ...]:
    """The vendor APIs the built-in policy guards (its ``guarded_hosts``: GitHub, Slack, Stripe, ...). A policy
    file without a ``guarded_hosts`` key keeps them: leaving a key out must never guard less than the default
    (a policy of only per-rule overrides dropped them all to unlisted, silently); ``guarded_hosts: []`` is how a
    policy says it guards none of them."""
    data = yaml.safe_load(DEFAULT_POLICY_FILE.read_text(encoding="utf-8"))
    return At(str(DEFAULT_POLICY_FILE)).key("guarded_hosts").hosts(data["guarded_hosts"])


# A policy file's YAML, parsed, by the SHA-256 of its text. PyYAML's pure-Python parser is ~95% of a load (~12 ms of
# the default policy's 0.3 ms validation); the proxy's reloads, the CLI and the tests load the same few texts again
# and again. The file is read on every load and the key is its content, so an edited file is never served stale;
# a text that fails to parse stores nothing. Each load gets its own deep copy: nothing a parse keeps is shared.
_PARSED_YAML: dict[str, Any] = {}
_PARSED_YAML_KEPT = 16


def _parsed_yaml(text: str, digest: str) -> Any:
    if digest not in _PARSED_YAML:
        data = strict_yaml.load(text)  # a key given twice is refused, never the last one silently kept
        if len(_PARSED_YAML) >= _PARSED_YAML_KEPT:
            del _PARSED_YAML[next(iter(_PARSED_YAML))]  # the oldest
        _PARSED_YAML[digest] = data
    return copy.deepcopy(_PARSED_YAML[digest])


def _host_matches(host: str, patterns: tuple[str, ...]) -> bool:
    host = host.lower().rstrip(".")
    return any(fnmatch.fnmatchcase(host, p) for p in patterns)


@dataclass(frozen=True)
class ActionTable:
    """Per direction: selector ("secret", "confidential", "secret/precise") -> action."""

    by_direction: dict[Direction, dict[str, Action]]

    def lookup(self, direction: str, category: str, classification: str, tier: str) -> Action | None:
        table = self.by_direction.get(Direction(direction), {})
        # A `test-value` key names exactly the values documented for testing, so it is read first for them: else
        # `secret/precise: mask` beside it would take a pack's own sandbox token classified test-value (newuser56).
        first = (classification,) if classification == Classification.TEST_VALUE else ()
        for key in (*first, f"{category}/{tier}", classification, category):
            if key in table:
                return table[key]
        return None


@dataclass(frozen=True)
class Group:
    name: str
    hosts: tuple[str, ...] | None
    actions: ActionTable


@dataclass(frozen=True)
class StreamCpuBudget:
    """How much of a CPU core one streamed answer's inspection may take (faults49): ``share`` of the time since it
    started, after a first allowance of ``burst_seconds``, as a token bucket that holds at most that allowance. An
    answer in tiny pieces pushed as fast as the upstream can costs ~3 s of a core per MiB; a model's word deltas,
    paced by its generation, a few percent of one. 1.0 switches the budget off (one event loop takes no more)."""

    share: float = 0.5
    burst_seconds: float = 10.0


@dataclass(frozen=True)
class CredentialNames:
    """Header and query parameter names a section puts a credential under (the broker's ``header:`` and ``query:``):
    whatever they hold is a credential by the policy's word, and is redacted wherever credential headers are."""

    headers: frozenset[str] = frozenset()  # lower case
    params: frozenset[str] = frozenset()  # as written: query parameter names are case-sensitive


@dataclass(frozen=True)
class Policy:
    source: str
    version: str
    mode: str
    unlisted_hosts: HostClass  # observe, pass or deny
    guarded_hosts: tuple[str, ...]  # with providers.LLM_HOSTS unless guard_known_providers is false
    deny_hosts: tuple[str, ...]
    max_body_bytes: int
    unparseable: str
    binary_bodies: str
    actions: ActionTable
    rule_overrides: dict[str, dict[Direction, Action]]
    groups: dict[str, Group]
    sections: dict[str, Any] = field(default_factory=dict)
    unlisted_actions: ActionTable = field(default_factory=lambda: ActionTable({}))  # for observed hosts
    unnamed_hosts: HostClass = HostClass.GUARDED  # a flow bound to no host name (IP literal, no checked TLS name)
    private_upstreams: dict[HostClass, bool] = field(default_factory=lambda: dict(PRIVATE_UPSTREAM_DEFAULTS))
    guard_known_providers: bool = True  # guarded_hosts starts with providers.LLM_HOSTS
    builtin_hosts: bool = False  # no guarded_hosts key: builtin_guarded_hosts() are guarded instead
    stream_cpu_budget: StreamCpuBudget = field(default_factory=StreamCpuBudget)

    @property
    def report_only(self) -> bool:
        return self.mode == "report"

    def host_class(self, host: str, groups: list[str] | None = None) -> HostClass:
        """How the policy treats a destination host, for a caller in ``groups``."""
        if _host_matches(host, self.deny_hosts):
            return HostClass.DENY
        if not self.group_may_reach(host, groups or []):
            return HostClass.DENY
        if _host_matches(host, self.guarded_hosts):
            return HostClass.GUARDED
        return self.unlisted_hosts

    def flow_class(self, hosts: set[str], groups: list[str] | None, bound_to_name: bool) -> HostClass:
        """The strictest class over every name of a flow; one that no host name binds (an IP literal without a
        checked TLS name) is at least ``unnamed_hosts``: nothing says which service the address is."""
        classes = [self.host_class(host, groups) for host in hosts]
        if not bound_to_name:
            classes.append(self.unnamed_hosts)
        return HostClass.strictest(classes)

    def may_reach_private(self, host_class: HostClass) -> bool:
        """Whether an upstream connection of this class may go to a private (RFC 1918, ULA, CGNAT) address."""
        return self.private_upstreams.get(host_class, False)

    def listed_guarded_hosts(self) -> tuple[str, ...]:
        """The guarded host patterns the policy file lists itself, beyond the known providers (none when it lists
        no ``guarded_hosts``: those are the built-in ones, ``builtin_guarded_hosts``)."""
        if self.builtin_hosts:
            return ()
        known = set(LLM_HOSTS) if self.guard_known_providers else set()
        return tuple(dict.fromkeys(h for h in self.guarded_hosts if h not in known))

    def builtin_guarded(self) -> tuple[str, ...]:
        """The built-in vendor API patterns guarded because the policy lists no ``guarded_hosts``, beyond the
        known providers."""
        known = set(LLM_HOSTS) if self.guard_known_providers else set()
        return tuple(h for h in builtin_guarded_hosts() if h not in known) if self.builtin_hosts else ()

    def check_rule_ids(self, known: Collection[str]) -> None:
        """Every per-rule override must name a rule that is loaded: an override of a misspelled id would be
        ignored without a word, and the value it was meant to block would only be masked. The shipped default
        policy names rules of the shipped packs; with other packs loaded instead, its overrides have nothing to
        apply to."""
        if self.source is not None and Path(self.source).resolve() == DEFAULT_POLICY_FILE:
            return
        for rule_id in self.rule_overrides:
            if rule_id not in known:
                At(self.source).key("rules").key(rule_id).fail(
                    f"no rule with this id in the loaded rule packs{did_you_mean(rule_id, known)}")

    def is_guarded(self, host: str) -> bool:
        return self.host_class(host) == HostClass.GUARDED

    def group_may_reach(self, host: str, groups: list[str]) -> bool:
        """Groups with a ``hosts`` list restrict their members to the union of those lists."""
        lists = [g.hosts for name in groups if (g := self.groups.get(name)) and g.hosts is not None]
        return not lists or any(_host_matches(host, hosts) for hosts in lists)

    def action_for(self, direction: str, rule_id: str, category: str, classification: str, tier: str,
                   groups: list[str] | None = None, host_class: str = HostClass.GUARDED) -> Action:
        action = self._configured_action(direction, rule_id, category, classification, tier, groups, host_class)
        floor = self.action_floors.get(rule_id)
        return action if floor is None else Action.strictest([action, floor])

    @cached_property
    def action_floors(self) -> dict[str, Action]:
        """rule id -> the least action a section demands for it whatever the tables say (the credential broker:
        a brokered key is masked at least, also in answers: the agent must never get the key it injected)."""
        floors: dict[str, Action] = {}
        for section in self.sections.values():
            for rule_id, action in (getattr(section, "action_floors", dict)() or {}).items():
                floors[rule_id] = Action.strictest([floors.get(rule_id, action), action])
        return floors

    @cached_property
    def credential_names(self) -> CredentialNames:
        """What every section names as a credential's place (attack52: a broker's own header or parameter, where
        ``client_keys: allow`` lets a caller put its own key, which no rule need find)."""
        named = [getattr(section, "credential_names", CredentialNames)() for section in self.sections.values()]
        return CredentialNames(frozenset().union(*(n.headers for n in named)),
                               frozenset().union(*(n.params for n in named)))

    def _configured_action(self, direction: str, rule_id: str, category: str, classification: str, tier: str,
                           groups: list[str] | None, host_class: str) -> Action:
        if host_class == HostClass.OBSERVE:  # unlisted hosts: only unlisted_hosts.actions changes anything
            return self.unlisted_actions.lookup(direction, category, classification, tier) or Action.ALLOW
        override = self.rule_overrides.get(rule_id, {}).get(Direction(direction))
        if override:
            return override
        group_actions = [a for name in groups or [] if (g := self.groups.get(name))
                         if (a := g.actions.lookup(direction, category, classification, tier))]
        if group_actions:
            return Action.strictest(group_actions)
        return self.actions.lookup(direction, category, classification, tier) or Action.MASK

    @classmethod
    def load(cls, path: str | Path | None = None) -> Policy:
        path = Path(path or DEFAULT_POLICY_FILE)
        try:
            text = path.read_text(encoding="utf-8")
        except OSError as e:
            raise PolicyError(f"{path}: cannot read policy: {e.strerror}") from e
        digest = hashlib.sha256(text.encode()).hexdigest()
        try:
            data = _parsed_yaml(text, digest)
        except yaml.YAMLError as e:
            raise PolicyError(f"{path}: {yaml_problem(e)}") from None
        return cls.parse(data, str(path), digest[:12])

    @classmethod
    def parse(cls, data: Any, source: str = "<policy>", version: str = "inline") -> Policy:
        top = At(source)
        data = top.mapping(data)
        top.no_unknown(data, CORE_KEYS | set(_SECTIONS))
        if data.get("version", 1) != 1:
            top.key("version").fail("only version 1 is supported")
        sections = {name: parse(data[name], top.key(name)) for name, parse in _SECTIONS.items() if name in data}
        unlisted, unlisted_actions = _unlisted(data.get("unlisted_hosts", HostClass.OBSERVE.value),
                                               top.key("unlisted_hosts"))
        known = data.get("guard_known_providers", True)
        if not isinstance(known, bool):
            top.key("guard_known_providers").fail("expected true or false")
        builtin_hosts = "guarded_hosts" not in data
        listed = builtin_guarded_hosts() if builtin_hosts else top.key("guarded_hosts").hosts(data["guarded_hosts"])
        return cls(
            source=source,
            version=version,
            mode=top.key("mode").choice(data.get("mode", "enforce"), ("enforce", "report")),
            unlisted_hosts=unlisted,
            unlisted_actions=unlisted_actions,
            unnamed_hosts=_unnamed(data.get("unnamed_hosts"), unlisted, top.key("unnamed_hosts")),
            guarded_hosts=(LLM_HOSTS if known else ()) + listed,
            guard_known_providers=known,
            builtin_hosts=builtin_hosts,
            private_upstreams=_private_upstreams(data.get("private_upstreams", {}), top.key("private_upstreams")),
            deny_hosts=top.key("deny_hosts").hosts(data.get("deny_hosts", [])),
            max_body_bytes=top.key("max_body_bytes").positive_int(data.get("max_body_bytes", 10 * 1024 * 1024)),
            unparseable=top.key("unparseable").choice(data.get("unparseable", "block"), ("block", "pass")),
            binary_bodies=top.key("binary_bodies").choice(data.get("binary_bodies", "pass"), ("block", "pass")),
            stream_cpu_budget=_stream_cpu_budget(data.get("stream_cpu_budget", {}), top.key("stream_cpu_budget")),
            actions=_action_table(data.get("actions", {}), top.key("actions")),
            rule_overrides=_rule_overrides(data.get("rules", {}), top.key("rules")),
            groups=_groups(data.get("groups", {}), top.key("groups")),
            sections=sections,
        )


def _action_table(value: Any, at: At) -> ActionTable:
    value = at.mapping(value)
    at.no_unknown(value, Direction)
    table = {}
    for direction, selectors in value.items():
        here = at.key(direction)
        selectors = here.mapping(selectors)
        here.no_unknown(selectors, SELECTORS)
        actions = {sel: Action(here.key(sel).choice(action, Action)) for sel, action in selectors.items()}
        if direction == Direction.RESPONSE and Action.APPROVE in actions.values():
            here.fail("approve applies to requests only (a response cannot wait)")
        table[Direction(direction)] = actions
    return ActionTable(table)


def _unlisted(value: Any, at: At) -> tuple[HostClass, ActionTable]:
    """`observe` | `pass` | `deny`, or `{mode: observe, actions: {request: {secret/precise: block}}}`."""
    if not isinstance(value, dict):
        return HostClass(at.choice(value, UNLISTED_MODES)), ActionTable({})
    at.no_unknown(value, {"mode", "actions"})
    at.required(value, "mode")
    mode = HostClass(at.key("mode").choice(value["mode"], UNLISTED_MODES))
    if "actions" in value and mode != HostClass.OBSERVE:
        at.key("actions").fail("applies to mode observe only (pass changes nothing, deny refuses)")
    actions = _action_table(value.get("actions", {}), at.key("actions"))
    if any(a == Action.APPROVE for table in actions.by_direction.values() for a in table.values()):
        at.key("actions").fail("approve is not available for unlisted hosts (use allow, mask or block)")
    return mode, actions


def _unnamed(value: Any, unlisted: HostClass, at: At) -> HostClass:
    """Default: the strictest of guarded and unlisted_hosts. Never less strict than unlisted_hosts: the address of
    a denied or observed host must not become a way around its name."""
    if value is None:
        return HostClass.strictest([HostClass.GUARDED, unlisted])
    host_class = HostClass(at.choice(value, HostClass))
    if unlisted.is_stricter_than(host_class):
        at.fail(f"must be at least as strict as unlisted_hosts ({unlisted.value})")
    return host_class


def _private_upstreams(value: Any, at: At) -> dict[HostClass, bool]:
    """`{guarded: deny, observe: allow, pass: allow}`: per host class, may its upstream be a private address."""
    value = at.mapping(value)
    at.no_unknown(value, PRIVATE_UPSTREAM_DEFAULTS)
    out = dict(PRIVATE_UPSTREAM_DEFAULTS)
    for name, allowed in value.items():
        out[HostClass(name)] = at.key(name).choice(allowed, ("allow", "deny")) == "allow"
    return out


def _stream_cpu_budget(value: Any, at: At) -> StreamCpuBudget:
    """`{share: 0.5, burst_seconds: 10}`: either key may be left out (its default)."""
    value = at.mapping(value)
    at.no_unknown(value, ("share", "burst_seconds"))
    default = StreamCpuBudget()
    share = _number(value.get("share", default.share), at.key("share"), 0.0, 1.0, "a share of a core above 0, "
                    "at most 1 (1: no budget)")
    burst = _number(value.get("burst_seconds", default.burst_seconds), at.key("burst_seconds"), 0.0, 3600.0,
                    "CPU seconds above 0, at most 3600")
    return StreamCpuBudget(share=share, burst_seconds=burst)


def _number(value: Any, at: At, above: float, most: float, expected: str) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not above < value <= most:
        at.fail(f"expected {expected}, got {value!r}")
    return float(value)


def _rule_overrides(value: Any, at: At) -> dict[str, dict[Direction, Action]]:
    out = {}
    for rule_id, per_direction in at.mapping(value).items():
        here = at.key(rule_id)
        per_direction = here.mapping(per_direction)
        here.no_unknown(per_direction, Direction)
        out[str(rule_id)] = {Direction(d): Action(here.key(d).choice(a, Action)) for d, a in per_direction.items()}
    return out


def _groups(value: Any, at: At) -> dict[str, Group]:
    out = {}
    for name, spec in at.mapping(value).items():
        here = at.key(name)
        spec = here.mapping(spec)
        here.no_unknown(spec, {"hosts", "actions"})
        hosts = here.key("hosts").hosts(spec["hosts"]) if "hosts" in spec else None
        out[str(name)] = Group(str(name), hosts, _action_table(spec.get("actions", {}), here.key("actions")))
    return out
