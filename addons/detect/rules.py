"""Rule packs: load YAML rule files into validated `Rule` objects.

Loading is strict: an unknown key, a missing key, a bad value, a regex that does not compile or has
no value group, or an unknown validator raises `RuleError("file: rule id: what is wrong")`.
Examples are *not* run here (that needs a scanner); `exitguard rules test` and the test suite do it.
"""

from __future__ import annotations

import hashlib
import re as _stdlib_re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NoReturn

import regex
import yaml

from . import validators
from .regex_shape import UNBOUNDED_MATCH_CAP, backtracking_risk, lookahead_width, max_match_length
from .vocabulary import Category, Classification, Tier

CATEGORIES = tuple(Category)
CLASSIFICATIONS = tuple(Classification)
TIERS = tuple(Tier)

REQUIRED_KEYS = ("id", "description", "category", "classification", "tier", "regex", "examples")
OPTIONAL_KEYS = ("keywords", "entropy", "validator", "allow", "negative_examples")
RULE_ID = _stdlib_re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*\Z")


# ASCII classes (\w, \b, \d, \s) keep the confirmation regex consistent with the Hyperscan first stage,
# which scans an ASCII view of the text.
REGEX_FLAGS = regex.ASCII | regex.VERSION0


class RuleError(ValueError):
    """An invalid rule file or rule. The message reads `file: rule id: what is wrong`."""


@dataclass(frozen=True, eq=False)
class Rule:
    id: str
    description: str
    category: Category
    classification: Classification
    tier: Tier
    regex: str
    keywords: tuple[str, ...] = ()
    entropy: float | str | None = None
    validator: str | None = None
    allow: tuple[str, ...] = ()
    examples: tuple[str, ...] = ()
    negative_examples: tuple[str, ...] = ()
    source: str = ""
    # Compiled forms, derived from the fields above. (types-regex leaves Pattern, which regex exports, out of
    # its __all__: hence the ignores.)
    pattern: regex.Pattern = field(default=None, repr=False)  # type: ignore[name-defined]
    allow_patterns: tuple[regex.Pattern, ...] = field(default=(), repr=False)  # type: ignore[name-defined]
    value_group: int = field(default=1, repr=False)
    max_length: int = field(default=UNBOUNDED_MATCH_CAP, repr=False)
    backtracking_risk: bool = field(default=True, repr=False)
    lookahead: int = field(default=UNBOUNDED_MATCH_CAP, repr=False)

    @cached_property
    def reverse_pattern(self) -> regex.Pattern:  # type: ignore[name-defined]
        """The regex matched right to left from a first-stage end offset, which finds the match ending
        there in O(match length) instead of scanning a window. Without lookaheads the match is anchored
        at the search start (`\\G`, the end offset itself)."""
        source = self.regex if self.lookahead else f"(?:{self.regex})\\G"
        return regex.compile(source, REGEX_FLAGS | regex.REVERSE)


def load_paths(paths) -> tuple[list[Rule], str]:
    """Load rule files and directories; return (rules, version hash). Ids must be unique overall."""
    files = _rule_files(paths)
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    digest = hashlib.sha256()
    for path in files:
        data = path.read_bytes()
        digest.update(path.name.encode() + b"\0" + data + b"\0")
        for rule in parse_rules(data.decode("utf-8"), str(path)):
            if rule.id in seen:
                raise RuleError(f"{path}: {rule.id}: duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = str(path)
            rules.append(rule)
    return rules, digest.hexdigest()[:12]


def _rule_files(paths) -> list[Path]:
    files: list[Path] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            files.extend(p for p in sorted(path.glob("*.yaml")) if p.name != "policy.yaml")
        elif path.is_file():
            files.append(path)
        else:
            raise RuleError(f"{path}: -: no such rule file or directory")
    return files


def parse_rules(text: str, source: str) -> list[Rule]:
    try:
        document = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise RuleError(f"{source}: -: invalid YAML: {exc}") from None
    if not isinstance(document, dict) or set(document) != {"rules"} or not isinstance(document["rules"], list):
        raise RuleError(f"{source}: -: the file must be a mapping with one key, `rules`, holding a list")
    return [parse_rule(entry, source, index) for index, entry in enumerate(document["rules"])]


def parse_rule(entry, source: str, index: int = 0) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(f"{source}: #{index}: a rule must be a mapping")
    rule_id = entry.get("id")
    where = f"{source}: {rule_id if isinstance(rule_id, str) else f'#{index}'}"

    def fail(message: str) -> NoReturn:
        raise RuleError(f"{where}: {message}")

    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS))
    if unknown:
        fail(f"unknown key(s): {', '.join(map(str, unknown))}")
    missing = [key for key in REQUIRED_KEYS if key not in entry]
    if missing:
        fail(f"missing key(s): {', '.join(missing)}")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        fail("id must be lower-kebab-case (a-z, 0-9, '-')")
    for key in ("description", "regex"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            fail(f"{key} must be a non-empty string")
    for key, allowed in (("category", CATEGORIES), ("classification", CLASSIFICATIONS), ("tier", TIERS)):
        if entry[key] not in allowed:
            fail(f"{key} must be one of {', '.join(map(str, allowed))}, not {entry[key]!r}")

    keywords = _string_list(entry.get("keywords", []), "keywords", fail)
    if any(not k for k in keywords):
        fail("keywords must not be empty strings")
    examples = _string_list(entry["examples"], "examples", fail)
    if not examples:
        fail("examples must list at least one example")
    negative_examples = _string_list(entry.get("negative_examples", []), "negative_examples", fail)
    allow = _string_list(entry.get("allow", []), "allow", fail)

    entropy = entry.get("entropy")
    if entropy is not None and entropy != "auto":
        if isinstance(entropy, bool) or not isinstance(entropy, (int, float)) or not 0 < entropy <= 8:
            fail("entropy must be a number of bits per char in (0, 8] or 'auto'")
        entropy = float(entropy)

    validator = entry.get("validator")
    if validator is not None and validator not in validators.VALIDATORS:
        fail(f"unknown validator {validator!r} (known: {', '.join(sorted(validators.VALIDATORS))})")

    pattern = _compile(entry["regex"], fail)
    if "secret" in pattern.groupindex:
        value_group = pattern.groupindex["secret"]  # by number: a lookup by name costs per match
    elif pattern.groups >= 1:
        value_group = 1
    else:
        fail("regex needs a capture group (group 1 or (?P<secret>...)) marking the value")
    # _compile calls the lambda (if at all) before the loop moves on, so the late binding of `p` is harmless.
    allow_patterns = tuple(_compile(p, lambda m: fail(f"allow pattern {p!r}: {m}"), flags=0)  # noqa: B023
                           for p in allow)

    return Rule(
        id=rule_id,
        description=entry["description"].strip(),
        category=Category(entry["category"]),
        classification=Classification(entry["classification"]),
        tier=Tier(entry["tier"]),
        regex=entry["regex"],
        keywords=tuple(k.lower() for k in keywords),
        entropy=entropy,
        validator=validator,
        allow=tuple(allow),
        examples=tuple(examples),
        negative_examples=tuple(negative_examples),
        source=source,
        pattern=pattern,
        allow_patterns=allow_patterns,
        value_group=value_group,
        max_length=max_match_length(entry["regex"]),
        backtracking_risk=backtracking_risk(entry["regex"]),
        lookahead=lookahead_width(entry["regex"]),
    )


def _string_list(value, key: str, fail: Callable[[str], NoReturn]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        fail(f"{key} must be a list of strings")
    return tuple(value)


def _compile(source: str, fail: Callable[[str], NoReturn], flags: int = REGEX_FLAGS) -> regex.Pattern:
    try:
        return regex.compile(source, flags)
    except (regex.error, TypeError, ValueError) as exc:
        fail(f"regex does not compile: {exc}")
