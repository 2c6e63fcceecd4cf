"""Rule packs: load YAML rule files into validated `Rule` objects.

A rule file (a "pack") is a mapping with a `rules` list and an optional `defaults` mapping whose keys
(DEFAULT_KEYS) every rule of the file inherits: a rule's own `category`, `classification` or `tier`
replaces the pack's, a rule's own `allow` patterns are added to the pack's. Directories are searched
recursively for `*.yaml` files (any `policy.yaml` and hidden files or folders are skipped), in sorted order.
A regex starting with `(?x)` is verbose (comments, free spacing) and is compacted to its one-line form on
load (see verbose.py).

Loading is strict: an unknown key (in a rule, in `defaults` or at the top of the file), a missing key
(`references` included), a bad value, a regex that does not compile or has no value group, or an unknown
validator raises `RuleError("file: rule id: what is wrong")`.
Examples are *not* run here (that needs a scanner); `exitguard rules test` and the test suite do it.
"""

from __future__ import annotations

import bisect
import dataclasses
import difflib
import hashlib
import re as _stdlib_re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import NoReturn
from urllib.parse import urlsplit

import regex
import yaml

from . import case_fold, rule_cache, validators
from .regex_memo import RegexMemo
from .regex_shape import (
    UNBOUNDED_MATCH_CAP,
    backtracking_risk,
    lookahead_width,
    max_match_length,
    value_bounds,
    value_is_whole_match,
)
from .strict_yaml import StrictLoader
from .verbose import VerboseError, compact, is_verbose
from .vocabulary import Category, Classification, Tier

# libyaml when PyYAML was built with it (strict_yaml), refusing a key given twice in one mapping.
YAML_LOADER = StrictLoader

CATEGORIES = tuple(Category)
CLASSIFICATIONS = tuple(Classification)
TIERS = tuple(Tier)

REQUIRED_KEYS = ("id", "description", "category", "classification", "tier", "regex", "examples", "references")
OPTIONAL_KEYS = ("keywords", "entropy", "validator", "allow", "negative_examples", "first_stage")
# What a pack's `defaults` may set. Scalars are replaced by a rule's own value, `allow` is extended by it.
# Not keywords (they gate a rule: a pack-wide keyword would silence every rule whose text lacks it), not
# references (each rule names the documentation of its own format).
DEFAULT_KEYS = ("category", "classification", "tier", "allow")
FILE_KEYS = ("defaults", "rules")
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
    references: tuple[str, ...] = ()
    source: str = ""
    # The regex as written when it is verbose (`(?x)`); `regex` holds its compacted one-line form.
    verbose_regex: str | None = None
    # A cheaper pattern for the Hyperscan first stage (e.g. an e-mail address from its `@` on): every match
    # of `regex` must end where a match of it ends. The rule's examples prove it under the hyperscan engine.
    first_stage: str | None = None
    # Compiled forms, derived from the fields above. (types-regex leaves Pattern, which regex exports, out of
    # its __all__: hence the ignores.) `compiled` is None when the regex is known to compile (regex_memo):
    # `pattern` compiles it on first use.
    compiled: regex.Pattern | None = field(default=None, repr=False)  # type: ignore[name-defined]
    allow_patterns: tuple[regex.Pattern, ...] = field(default=(), repr=False)  # type: ignore[name-defined]
    value_group: int = field(default=1, repr=False)
    max_length: int = field(default=UNBOUNDED_MATCH_CAP, repr=False)
    backtracking_risk: bool = field(default=True, repr=False)
    lookahead: int = field(default=UNBOUNDED_MATCH_CAP, repr=False)

    @cached_property
    def pattern(self) -> regex.Pattern:  # type: ignore[name-defined]
        """The regex, compiled at load or (when the memo said it compiles) here, on the rule's first use."""
        if self.compiled is not None:
            return self.compiled
        return self._checked(_compile(self.regex, _failing(f"{self.source}: {self.id}")))

    def _checked(self, compiled: regex.Pattern) -> regex.Pattern:  # type: ignore[name-defined]
        """`compiled` (any form of the regex: its groups are the regex's) when its value group is the one the rule
        was loaded with; a memo that said otherwise lied, and a match would mark another group as the value."""
        if _value_group_of(compiled) != self.value_group:
            raise RuleError(f"{self.source}: {self.id}: regex: its value group is not the one remembered "
                            f"({_memo_path_note()})")
        return compiled

    @cached_property
    def reverse_pattern(self) -> regex.Pattern:  # type: ignore[name-defined]
        """The regex matched right to left from a first-stage end offset, which finds the match ending
        there in O(match length) instead of scanning a window. Without lookaheads the match is anchored
        at the search start (`\\G`, the end offset itself)."""
        source = self.regex if self.lookahead else f"(?:{self.regex})\\G"
        return self._checked(regex.compile(source, REGEX_FLAGS | regex.REVERSE))

    @cached_property
    def reverse_pattern_reaching(self) -> regex.Pattern:  # type: ignore[name-defined]
        """For a rule with lookaheads: the regex followed by exactly `lookahead` chars up to the search start
        (`\\G`). One anchored attempt from `end + lookahead` finds the match ending at `end` while its
        lookaheads read the real text after it; `reverse_pattern` has to try every position in between."""
        return self._checked(regex.compile(f"(?:{self.regex})[\\s\\S]{{{self.lookahead}}}\\G",
                                           REGEX_FLAGS | regex.REVERSE))

    @cached_property
    def value_bounds(self) -> tuple[int, int] | None:
        """(the shortest value, the most chars a match holds after it: a closing quote, a separator), or None when
        they are not fixed (see regex_shape.value_bounds): a match ending at `end` has its value end at
        `end - tail` or later, and start at `end - shortest` or earlier."""
        return value_bounds(self.regex, self.value_group)

    @cached_property
    def value_is_match(self) -> bool:
        """The value group spans the whole match (regex_shape.value_is_whole_match): e-mail and IPv4 addresses."""
        return value_is_whole_match(self.regex, self.value_group)

    @cached_property
    def keyword_lookbehind(self) -> KeywordLookbehind | None:
        """The rule's long negative lookbehinds led by literal words, when it has any (see KeywordLookbehind)."""
        return KeywordLookbehind.of(self)

    @cached_property
    def combined_allow(self) -> regex.Pattern | None:  # type: ignore[name-defined]
        """The allow patterns as one alternation (one search per value instead of one per pattern), or None
        when one of them cannot be scoped safely (see _scoped_allow)."""
        scoped = [_scoped_allow(pattern.pattern) for pattern in self.allow_patterns]
        if len(scoped) < 2 or any(part is None for part in scoped):
            return None
        try:
            return regex.compile("|".join(f"(?:{part})" for part in scoped))
        except regex.error:
            return None


# `(?<!(?i:section|rfc|oid)[^\n]{0,40})`: a negative lookbehind made of literal words and a tail without groups.
_WORD_LOOKBEHIND = _stdlib_re.compile(
    r"\(\?<!\(\?i:((?:[A-Za-z0-9§]+\|)*[A-Za-z0-9§]+)\)([^()\\]*(?:\\[nrtsSdDwW][^()\\]*)*)\)")
# Lookbehinds reading fewer chars than this cost little to evaluate: not worth a second pattern.
LONG_LOOKBEHIND = 8


@dataclass(frozen=True)
class KeywordLookbehind:
    """A negative lookbehind such as `(?<!(?i:section|rfc)[^\n]{0,40})` tries every position up to 40+ chars
    back for every candidate, which made it most of the cost of confirming an IPv4 address. It can only
    reject where one of its words occurs. So where none occurs within `reach` chars before a candidate's
    earliest start, the rule's match is the same with the lookbehind removed: `lean` is the rule without
    such lookbehinds and `words` finds the words (same flags as the rule)."""

    words: regex.Pattern
    reach: int
    lean: Rule
    # The ASCII words of `words`, lower-cased (for word_starts on ASCII text).
    plain_words: tuple[str, ...] = ()

    @classmethod
    def of(cls, rule: Rule) -> KeywordLookbehind | None:
        found = [m for m in _WORD_LOOKBEHIND.finditer(rule.regex) if _unescaped_at(rule.regex, m.start())
                 and max_match_length(m.group(2)) >= LONG_LOOKBEHIND]
        if not found:
            return None
        words = sorted({word for m in found for word in m.group(1).split("|")}, key=len, reverse=True)
        reach = max(max(map(len, m.group(1).split("|"))) + max_match_length(m.group(2)) for m in found)
        lean_source = rule.regex
        for m in found:
            lean_source = lean_source.replace(m.group(0), "", 1)
        lean = dataclasses.replace(rule, regex=lean_source, compiled=_compile_plain(lean_source))
        plain = [word.lower() for word in words if word.isascii()]
        # A word another one opens (`section` after `sect`) starts where that one does: word_starts need not look
        # for it (one pass over the text fewer each).
        plain = [word for word in plain if not any(word != other and word.startswith(other) for other in plain)]
        return cls(regex.compile(f"(?i:{'|'.join(map(regex.escape, words))})", REGEX_FLAGS), reach, lean,
                   tuple(plain))

    def word_starts(self, view: str) -> list[int]:
        """Where the words start in `view`, in order (one pass; overlapped: a word inside another counts).
        ASCII text is lower-cased once and searched with str.find per word (~10x faster than the overlapped
        regex pass, which made this ~15 ms per MB of a customer export): lower-casing ASCII keeps offsets and
        folds case as the ASCII-flagged `(?i:...)` does, and a non-ASCII word cannot occur in it."""
        if not view.isascii():
            return [match.start() for match in self.words.finditer(view, overlapped=True)]
        lowered = view.lower()
        starts = set()
        for word in self.plain_words:
            at = lowered.find(word)
            while at >= 0:
                starts.add(at)
                at = lowered.find(word, at + 1)
        return sorted(starts)


    def vacuous(self, word_starts: list[int], earliest_start: int, end: int) -> bool:
        """True when no word can be read by the lookbehinds of a match lying within [earliest_start, end]."""
        i = bisect.bisect_left(word_starts, earliest_start - self.reach)
        return i == len(word_starts) or word_starts[i] >= end


def _unescaped_at(source: str, index: int) -> bool:
    """The char at `index` is not escaped by backslashes before it, nor inside a character class."""
    i, in_class = 0, False
    while i < index:
        if source[i] == "\\":
            i += 2
            continue
        if in_class and source[i] == "]":
            in_class = False
        elif not in_class and source[i] == "[":
            in_class = True
        i += 1
    return i == index and not in_class


def _compile_plain(source: str) -> regex.Pattern:
    return regex.compile(source, REGEX_FLAGS)


# Global inline flags an allow pattern may open with and that mean the same scoped to its alternative.
_LEADING_FLAGS = _stdlib_re.compile(r"\(\?([ims]+)\)")


def _scoped_allow(source: str) -> str | None:
    """The allow pattern as one alternative of a union: its leading `(?i)` scoped to it. None when that might
    change its meaning: other global flags, flags later on, numbered or named groups (backreferences)."""
    match = _LEADING_FLAGS.match(source)
    body, flags = (source[match.end():], match.group(1)) if match else (source, "")
    if "(?" in body.replace("(?:", "").replace("(?=", "").replace("(?!", "").replace("(?<=", "").replace(
            "(?<!", "") or _stdlib_re.search(r"\\[1-9]|\(\?P[<=]", body):
        return None
    return f"(?{flags}:{body})" if flags else body


def load_paths(paths) -> tuple[list[Rule], str]:
    """Load rule files and directories; return (rules, version hash). Ids must be unique overall."""
    files = read_rule_files(paths)
    return parse_rule_files(files), files.version


@dataclass(frozen=True)
class RuleFiles:
    """The bytes of every rule file, read once, and their version: what a compiled scanner is cached by."""
    contents: list[tuple[Path, bytes]]
    version: str


def read_rule_files(paths) -> RuleFiles:
    """The version hashes each file's content with its path relative to the directory it was found in (its
    name when given directly), so it does not depend on where the rules are checked out."""
    contents = []
    digest = hashlib.sha256()
    for path, name in _rule_files_named(paths):
        data = path.read_bytes()
        digest.update(name.encode() + b"\0" + data + b"\0")
        contents.append((path, data))
    return RuleFiles(contents, digest.hexdigest()[:12])


# Rules parsed, by their files' content and paths (a Rule holds its file's path as its `source`): the scanners of
# each engine, `exitguard rules test` and the tests ask for the same files again (each parse ~0.5 s). A Rule is
# frozen and its cached properties derive from its fields, so one parse serves them all. A few recent sets only.
_PARSED: dict[tuple[str, tuple[str, ...]], tuple[Rule, ...]] = {}
_PARSED_KEPT = 4


def parse_rule_files(files: RuleFiles) -> list[Rule]:
    key = (files.version, tuple(str(path) for path, _ in files.contents))
    if key not in _PARSED:
        if len(_PARSED) >= _PARSED_KEPT:
            del _PARSED[next(iter(_PARSED))]  # the oldest
        _PARSED[key] = tuple(_cached_parse(files))
    return list(_PARSED[key])


def _cached_parse(files: RuleFiles) -> list[Rule]:
    """The files parsed, from the on-disk cache when this exact parse was stored before (rule_cache.py): a start
    skips the YAML and the regex analysis (~0.3 s of CPU). A failing parse raises as before and stores nothing."""
    full_key = rule_cache.key([(str(path), data) for path, data in files.contents])
    stored = rule_cache.load(full_key)
    if stored is not None:
        restored = _rules_from_records(stored)
        if restored is not None:
            return restored
    parsed = _parse_rule_files(files)
    if all(_group_confirmed(rule) for rule in parsed):
        rule_cache.save(full_key, [_record_of(rule) for rule in parsed])
    return parsed


def _group_confirmed(rule: Rule) -> bool:
    """Whether the rule's value group is its regex's: a group the regex memo gave (the regex left to its first use)
    is confirmed by compiling a copy, once per change of the files, so a cache entry never carries a memo's lie on
    after the memo is mended. The rule itself stays lazy; one that lies stores nothing and fails its first use."""
    if rule.compiled is not None:
        return True
    try:
        return _value_group_of(_compile_plain(rule.regex)) == rule.value_group
    except regex.error:
        return False


# The Rule fields a cache record holds, by type: everything but the compiled forms (`compiled` is left to the
# rule's first use, as for a regex the memo knows; the allow patterns are compiled again, checked as at load).
_TEXT_FIELDS = ("id", "description", "regex", "source")
_OPTIONAL_TEXT_FIELDS = ("validator", "verbose_regex", "first_stage")
_TUPLE_FIELDS = ("keywords", "allow", "examples", "negative_examples", "references")
_INT_FIELDS = ("value_group", "max_length", "lookahead")


def _record_of(rule: Rule) -> dict:
    record: dict = {name: getattr(rule, name) for name in (*_TEXT_FIELDS, *_OPTIONAL_TEXT_FIELDS, *_INT_FIELDS)}
    record.update({name: list(getattr(rule, name)) for name in _TUPLE_FIELDS})
    record.update(category=str(rule.category), classification=str(rule.classification), tier=str(rule.tier),
                  entropy=rule.entropy, backtracking_risk=rule.backtracking_risk)
    return record


def _rules_from_records(records: list) -> list[Rule] | None:
    """The rules a cache entry holds, or None when any record is not exactly what `_record_of` writes."""
    rules: list[Rule] = []
    seen: set[str] = set()
    try:
        for record in records:
            if not isinstance(record, dict):
                return None
            if not all(type(record.get(name)) is str for name in _TEXT_FIELDS) or not all(
                    record.get(name) is None or type(record.get(name)) is str for name in _OPTIONAL_TEXT_FIELDS):
                return None
            if not all(type(record.get(name)) is int for name in _INT_FIELDS) or record["value_group"] < 1:
                return None
            lists: dict[str, list] = {name: record.get(name, 0) for name in _TUPLE_FIELDS}  # checked next
            if not all(isinstance(items, list) and all(type(item) is str for item in items)
                       for items in lists.values()):
                return None
            entropy = record.get("entropy")
            if not (entropy is None or entropy == "auto" or type(entropy) is float):
                return None
            if type(record.get("backtracking_risk")) is not bool or record["id"] in seen or (
                    record["validator"] is not None
                    and record["validator"] not in {*validators.VALIDATORS, *validators.CONTEXT_VALIDATORS}):
                return None
            seen.add(record["id"])
            where = f"{record['source']}: {record['id']}"
            allow = tuple(lists["allow"])
            rules.append(Rule(
                id=record["id"], description=record["description"], category=Category(record["category"]),
                classification=Classification(record["classification"]), tier=Tier(record["tier"]),
                regex=record["regex"], keywords=tuple(lists["keywords"]), entropy=entropy,
                validator=record["validator"], allow=allow, examples=tuple(lists["examples"]),
                negative_examples=tuple(lists["negative_examples"]), references=tuple(lists["references"]),
                source=record["source"], verbose_regex=record["verbose_regex"], first_stage=record["first_stage"],
                compiled=None,
                allow_patterns=tuple(_compile(p, _allow_failure(p, _failing(where)), flags=0) for p in allow),
                value_group=record["value_group"], max_length=record["max_length"],
                backtracking_risk=record["backtracking_risk"], lookahead=record["lookahead"]))
    except (KeyError, TypeError, ValueError):  # an unknown category or tier, a bad allow pattern (RuleError)
        return None
    return rules


def _parse_rule_files(files: RuleFiles) -> list[Rule]:
    rules: list[Rule] = []
    seen: dict[str, str] = {}
    for path, data in files.contents:
        for rule in parse_rules(data.decode("utf-8"), str(path)):
            if rule.id in seen and seen[rule.id] == str(path):
                raise RuleError(f"{path}: the file is read twice (given twice, or inside a folder also given): "
                                "give each rule file or folder once")
            if rule.id in seen:
                raise RuleError(f"{path}: {rule.id}: duplicate id (also in {seen[rule.id]})")
            seen[rule.id] = str(path)
            rules.append(rule)
    return rules


def rule_files(paths) -> list[Path]:
    """The rule files that `load_paths(paths)` reads, in its order: files as given, and for a directory every
    `*.yaml` below it (recursively, sorted), except files named `policy.yaml`, hidden files or folders, and an
    `opt-in/` folder right under it (rule packs a deployment names itself: OPT_IN)."""
    return [path for path, _ in _rule_files_named(paths)]


# A folder of rule packs that loading their parent folder skips: each is loaded only where it is named (a pack staged
# off by default; generic-password-value-first waited in rules/opt-in/ until hold58 shipped it, and none waits now).
OPT_IN = "opt-in"


def _rule_files_named(paths) -> list[tuple[Path, str]]:
    files: list[tuple[Path, str]] = []
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = []
            for candidate in path.rglob("*.yaml"):
                relative = candidate.relative_to(path)
                if (candidate.name == "policy.yaml" or not candidate.is_file()
                        or any(part.startswith(".") for part in relative.parts) or relative.parts[0] == OPT_IN):
                    continue
                found.append((relative.as_posix(), candidate))
            files.extend((candidate, name) for name, candidate in sorted(found))
        elif path.is_file():
            files.append((path, path.name))
        else:
            raise RuleError(f"{path}: no such rule file or folder")
    return files


def yaml_problem(e: yaml.YAMLError) -> str:
    """A YAML syntax error on one line, where it is and what (for rule packs and the policy): PyYAML's own text
    spans several lines and quotes the line it stopped at, which could hold a credential."""
    mark = getattr(e, "problem_mark", None)
    where = f"line {mark.line + 1}, column {mark.column + 1}: " if mark is not None else ""
    problem = getattr(e, "problem", None) or type(e).__name__
    # Where the scanner or parser *noticed* it is often the line after the mistake (`mode enforce` without its
    # colon is noticed at the next line): name where the unfinished key, quote or bracket began too. The context
    # is one of PyYAML's fixed phrases ("while scanning a simple key"), never the file's text.
    context, start = getattr(e, "context", None), getattr(e, "context_mark", None)
    if context and start is not None and (mark is None or (start.line, start.column) != (mark.line, mark.column)):
        problem += f" ({context} at line {start.line + 1}, column {start.column + 1})"
    return f"{where}not valid YAML: {problem}"


def parse_rules(text: str, source: str) -> list[Rule]:
    try:
        document = yaml.load(text, Loader=YAML_LOADER)
    except yaml.YAMLError as exc:
        raise RuleError(f"{source}: {yaml_problem(exc)}") from None
    if not isinstance(document, dict) or "rules" not in document or not isinstance(document["rules"], list):
        raise RuleError(f"{source}: the file must be a mapping with a `rules` list (and optional `defaults`)")
    unknown = sorted(set(document) - set(FILE_KEYS), key=str)
    if unknown:
        raise RuleError(f"{source}: unknown top-level key(s): {', '.join(map(str, unknown))} "
                        f"(allowed: {', '.join(FILE_KEYS)})")
    defaults = parse_defaults(document.get("defaults", {}), source)
    memo = _regex_memo()
    try:
        return [parse_rule(entry, source, index, defaults) for index, entry in enumerate(document["rules"])]
    finally:
        memo.save()  # what compiled is remembered even when a later rule of the pack fails


def parse_defaults(value, source: str) -> dict:
    """A pack's `defaults` mapping, validated like the same keys of a rule."""
    def fail(message: str):
        raise RuleError(f"{source}: defaults: {message}")

    if not isinstance(value, dict):
        fail("defaults must be a mapping")
    unknown = sorted(set(value) - set(DEFAULT_KEYS), key=str)
    if unknown:
        fail(f"unknown key(s): {', '.join(map(str, unknown))} (allowed: {', '.join(DEFAULT_KEYS)})")
    _check_enums(value, fail)
    if "allow" in value:
        for pattern in _string_list(value["allow"], "allow", fail):
            _compile(pattern, _allow_failure(pattern, fail), flags=0)
    return dict(value)


def _allow_failure(pattern: str, fail: Callable[[str], NoReturn]) -> Callable[[str], NoReturn]:
    """How a bad allow pattern is reported (bound per pattern, so a loop cannot mix them up)."""
    def failed(message: str) -> NoReturn:
        fail(f"allow pattern {pattern!r}: {message}")
    return failed


def _check_enums(entry: dict, fail: Callable[[str], NoReturn]) -> None:
    for key, allowed in (("category", CATEGORIES), ("classification", CLASSIFICATIONS), ("tier", TIERS)):
        if key in entry and entry[key] not in allowed:
            fail(f"{key} must be one of {', '.join(map(str, allowed))}, not {entry[key]!r}")


def parse_rule(entry, source: str, index: int = 0, defaults: dict | None = None) -> Rule:
    if not isinstance(entry, dict):
        raise RuleError(f"{source}: #{index}: a rule must be a mapping")
    rule_id = entry.get("id")
    where = f"{source}: {rule_id if isinstance(rule_id, str) else f'#{index}'}"

    def fail(message: str) -> NoReturn:
        raise RuleError(f"{where}: {message}")

    unknown = sorted(set(entry) - set(REQUIRED_KEYS) - set(OPTIONAL_KEYS), key=str)
    if unknown:
        keys = (*REQUIRED_KEYS, *OPTIONAL_KEYS)
        close = difflib.get_close_matches(str(unknown[0]), keys, n=1, cutoff=0.6)  # a typo gets its fix
        hint = f" (did you mean {close[0]}?)" if close else ""
        fail(f"unknown key(s): {', '.join(map(str, unknown))}{hint} (allowed: {', '.join(keys)})")
    defaults = defaults or {}
    merged = {**{k: v for k, v in defaults.items() if k != "allow"}, **entry}
    missing = [key for key in REQUIRED_KEYS if key not in merged]
    if missing:
        fail(f"missing key(s): {', '.join(missing)}")
    if not isinstance(rule_id, str) or not RULE_ID.match(rule_id):
        fail("id must be lower-kebab-case (a-z, 0-9, '-')")
    for key in ("description", "regex"):
        if not isinstance(entry[key], str) or not entry[key].strip():
            fail(f"{key} must be a non-empty string")
    _check_enums(merged, fail)

    keywords = _string_list(entry.get("keywords", []), "keywords", fail)
    if any(not k for k in keywords):
        fail("keywords must not be empty strings")
    examples = _string_list(entry["examples"], "examples", fail)
    if not examples:
        fail("examples must list at least one example")
    negative_examples = _string_list(entry.get("negative_examples", []), "negative_examples", fail)
    # The pack's allow patterns first, then the rule's own: a rule adds to them, it cannot drop them.
    allow = tuple(dict.fromkeys(_string_list(defaults.get("allow", []), "allow", fail)
                                + _string_list(entry.get("allow", []), "allow", fail)))
    references = _references(entry["references"], fail)

    entropy = entry.get("entropy")
    if entropy is not None and entropy != "auto":
        if isinstance(entropy, bool) or not isinstance(entropy, (int, float)) or not 0 < entropy <= 8:
            fail("entropy must be a number of bits per char in (0, 8] or 'auto'")
        entropy = float(entropy)

    validator = entry.get("validator")
    known = {*validators.VALIDATORS, *validators.CONTEXT_VALIDATORS}
    if validator is not None and validator not in known:
        fail(f"unknown validator {validator!r} (known: {', '.join(sorted(known))})")

    written = entry["regex"]
    try:
        # lang63: and its non-ASCII letters in both cases where it ignores case (ASCII's (?i) folds no Ş)
        source_regex = case_fold.fold_cased(compact(written))
    except VerboseError as exc:
        fail(f"regex: {exc}")
    if not source_regex.strip():
        fail("regex is empty once its verbose comments and spacing are removed")
    memo = _regex_memo()
    pattern = None
    value_group = memo.value_group(source_regex, REGEX_FLAGS)
    if not value_group:  # never compiled here (0 is a first stage's entry, never a rule's)
        pattern = _compile(source_regex, fail)
        value_group = _value_group_of(pattern)
        if not value_group:
            fail("regex needs a capture group (group 1 or (?P<secret>...)) marking the value")
        memo.remember(source_regex, REGEX_FLAGS, value_group)
    allow_patterns = tuple(_compile(p, _allow_failure(p, fail), flags=0) for p in allow)
    first_stage = entry.get("first_stage")
    if first_stage is not None:
        if not isinstance(first_stage, str) or not first_stage.strip():
            fail("first_stage must be a non-empty string")
        try:
            first_stage = compact(first_stage)
        except VerboseError as exc:
            fail(f"first_stage: {exc}")
        if memo.value_group(first_stage, REGEX_FLAGS) is None:  # compiled only to check it: Hyperscan runs it
            _compile(first_stage, lambda message: fail(f"first_stage: {message}"))
            memo.remember(first_stage, REGEX_FLAGS, 0)

    return Rule(
        id=rule_id,
        description=entry["description"].strip(),
        category=Category(merged["category"]),
        classification=Classification(merged["classification"]),
        tier=Tier(merged["tier"]),
        regex=source_regex,
        keywords=tuple(k.lower() for k in keywords),
        entropy=entropy,
        validator=validator,
        allow=allow,
        examples=tuple(examples),
        negative_examples=tuple(negative_examples),
        references=references,
        source=source,
        verbose_regex=written if is_verbose(written) else None,
        first_stage=first_stage,
        compiled=pattern,
        allow_patterns=allow_patterns,
        value_group=value_group,
        max_length=max_match_length(source_regex),
        backtracking_risk=backtracking_risk(source_regex),
        lookahead=lookahead_width(source_regex),
    )


def _references(value, fail: Callable[[str], NoReturn]) -> tuple[str, ...]:
    """Links to the public documentation of the format (provider docs; a standard for personal data)."""
    references = _string_list(value, "references", fail)
    if not references:
        fail("references must list at least one URL of the format's documentation")
    for url in references:
        parts = urlsplit(url)
        if parts.scheme not in ("https", "http") or not parts.netloc or any(c.isspace() for c in url):
            fail(f"references: {url!r} is not an http(s) URL")
    if len(set(references)) != len(references):
        fail("references lists a URL twice")
    return references


def _string_list(value, key: str, fail: Callable[[str], NoReturn]) -> tuple[str, ...]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        fail(f"{key} must be a list of strings")
    return tuple(value)


def _value_group_of(pattern: regex.Pattern) -> int:
    """The group marking the value: `secret` by number (a lookup by name costs per match), else group 1; 0: none."""
    if "secret" in pattern.groupindex:
        return pattern.groupindex["secret"]
    return 1 if pattern.groups >= 1 else 0


_MEMO: RegexMemo | None = None


def _regex_memo() -> RegexMemo:
    global _MEMO
    if _MEMO is None:
        _MEMO = RegexMemo()
    return _MEMO


def _memo_path_note() -> str:
    return f"the regex memo {_regex_memo().path} is stale or was edited: delete it"


def _failing(where: str) -> Callable[[str], NoReturn]:
    def fail(message: str) -> NoReturn:
        raise RuleError(f"{where}: {message}")
    return fail


def _compile(source: str, fail: Callable[[str], NoReturn], flags: int = REGEX_FLAGS) -> regex.Pattern:
    try:
        return regex.compile(source, flags)
    except (regex.error, TypeError, ValueError) as exc:
        fail(f"regex does not compile: {exc}")
