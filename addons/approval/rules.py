"""The policy's ``approvals:`` section and the pure logic of the approval workflow: which requests must wait
for a person (host, method, path, identity, group, findings, time of day), the fingerprint that makes SDK
retries join one pending approval, and durations such as ``10m``. No mitmproxy import.

```yaml
approvals:
  approvers: {groups: [security]}     # who may approve: exitguard tokens / OIDC identities in one of these groups
  rules:
  - name: confidential-to-openai      # required, unique: shown to reviewers and recorded in the audit index
    hosts: [api.openai.com]           # host globs (any host when absent)
    methods: [POST]                   # (any method when absent)
    paths: ["/v1/chat/completions"]   # path globs, query excluded, matched on the normalized path (below)
    identities: ["agent-*"]           # globs over the caller identity (anonymous callers never match)
    groups: [contractors]             # any of the caller's groups
    classifications: [confidential]   # any request finding with one of these classifications
    rules: [github-pat-classic]       # any request finding of one of these rule ids (globs)
    when: {outside: "Mon-Fri 09:00-18:00", timezone: Europe/Berlin}   # or within: ...; windows may be a list
```
All keys present must match (and); within a list any entry may match (or). A bare list is the rules alone
(no approvers: nobody can approve from the command line, see control.py).

Paths are matched the way an attacker cannot dodge: percent-encoded unreserved characters decoded, dot segments
removed, duplicate slashes collapsed, and case folded (provider APIs are case-sensitive, but ``/V1/FILES`` must
not slip past a rule for ``/v1/files``; a rule may over-match a path the provider would 404, never under-match).
A method-override header (``X-HTTP-Method-Override`` ...) or ``_method`` query counts as a method too.
"""

from __future__ import annotations

import fnmatch
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time
from typing import Any, NoReturn
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from addons.core.validation import At
from addons.core.vocabulary import Classification

SECTION_KEYS = {"approvers", "rules"}
APPROVER_KEYS = {"groups"}
RULE_KEYS = {"name", "hosts", "methods", "paths", "identities", "groups", "classifications", "rules", "when"}
DAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
METHODS = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"}
_WINDOW = re.compile(r"^(?:(?P<days>[A-Za-z,\- ]+?)\s+)?(?P<start>\d{1,2}:\d{2})\s*-\s*(?P<end>\d{1,2}:\d{2})$")
_DURATION = re.compile(r"^(\d+)\s*([smhd]?)$")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_UNRESERVED = frozenset("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~")
_PERCENT = re.compile(r"%([0-9A-Fa-f]{2})")
METHOD_OVERRIDE_HEADERS = ("x-http-method-override", "x-http-method", "x-method-override")
METHOD_OVERRIDE_QUERY = "_method"


# --------------------------------------------------------------------------- request paths


def normalize_path(path: str) -> str:
    """The path (no query) as rules see it: unreserved escapes decoded, dot segments removed, slashes collapsed,
    case folded. Reserved escapes (``%2F``) stay escaped: decoding them would change which resource is named."""
    path = path.split("?", 1)[0].split("#", 1)[0]
    path = _PERCENT.sub(lambda m: chr(int(m[1], 16)) if chr(int(m[1], 16)) in _UNRESERVED else m[0].upper(), path)
    path = re.sub(r"/{2,}", "/", path if path.startswith("/") else "/" + path)
    return _remove_dot_segments(path).casefold()


def _remove_dot_segments(path: str) -> str:
    """RFC 3986 5.2.4, for an absolute path: ``/a/./b/../c`` -> ``/a/c``; never above the root."""
    out: list[str] = []
    segments = path.split("/")[1:]
    for i, segment in enumerate(segments):
        last = i == len(segments) - 1
        if segment == "..":
            if out:
                out.pop()
            if last:
                out.append("")
        elif segment == ".":
            if last:
                out.append("")
        else:
            out.append(segment)
    return "/" + "/".join(out)


def claimed_methods(headers, query_values: list[str]) -> tuple[str, ...]:
    """Methods a request claims besides its own (``X-HTTP-Method-Override: DELETE``, ``?_method=DELETE``):
    frameworks that honour them turn a POST into a DELETE after the proxy looked."""
    found = [value for name in METHOD_OVERRIDE_HEADERS for value in headers.get_all(name)] + query_values
    return tuple(dict.fromkeys(v.strip().upper() for v in found if v.strip()))


# --------------------------------------------------------------------------- time windows


@dataclass(frozen=True)
class Window:
    """Days (0 = Monday) and a local start/end time; an end at or before the start wraps past midnight,
    and then belongs to the day it started on (``Fri 22:00-06:00`` covers Saturday 03:00)."""

    days: frozenset[int]
    start: time
    end: time

    def contains(self, local: datetime) -> bool:
        t = local.time().replace(tzinfo=None)
        today, yesterday = local.weekday(), (local.weekday() - 1) % 7
        if self.start < self.end:
            return today in self.days and self.start <= t < self.end
        return (today in self.days and t >= self.start) or (yesterday in self.days and t < self.end)


@dataclass(frozen=True)
class TimeCondition:
    windows: tuple[Window, ...]
    outside: bool  # True: match when the time is in none of the windows
    zone: ZoneInfo

    def matches(self, now: datetime) -> bool:
        local = now.astimezone(self.zone)
        inside = any(w.contains(local) for w in self.windows)
        return not inside if self.outside else inside


def parse_window(text: str, fail: Callable[[str], NoReturn]) -> Window:
    m = _WINDOW.match(text.strip())
    if not m:
        fail(f"{text!r}: expected e.g. 'Mon-Fri 09:00-18:00' or '22:00-06:00'")
    days = _parse_days(m.group("days"), fail) if m.group("days") else frozenset(range(7))
    return Window(days, _parse_time(m.group("start"), fail), _parse_time(m.group("end"), fail))


def _parse_days(text: str, fail) -> frozenset[int]:
    days: set[int] = set()
    for part in (p.strip().lower() for p in text.split(",")):
        first, _, last = (s.strip()[:3] for s in part.partition("-"))
        if first not in DAYS or (last and last not in DAYS):
            fail(f"{text!r}: days are Mon..Sun, as a range (Mon-Fri) or a list (Sat,Sun)")
        a, b = DAYS.index(first), DAYS.index(last or first)
        days.update((a + i) % 7 for i in range((b - a) % 7 + 1))  # Fri-Mon wraps over the weekend
    return frozenset(days)


def _parse_time(text: str, fail) -> time:
    hours, minutes = map(int, text.split(":"))
    if hours == 24 and minutes == 0:
        return time.max
    if not (0 <= hours < 24 and 0 <= minutes < 60):
        fail(f"{text!r} is not a time of day")
    return time(hours, minutes)


# --------------------------------------------------------------------------- rules


@dataclass(frozen=True)
class RequestFacts:
    """What a rule can look at. ``findings`` are metakeys.FINDINGS dicts (rule, classification, direction)."""

    method: str
    host: str
    path: str  # normalize_path(): no query, folded
    identity: str | None
    groups: tuple[str, ...]
    findings: tuple[dict, ...]
    now: datetime  # timezone-aware
    claimed_methods: tuple[str, ...] = ()  # method-override headers / _method query (claimed_methods())

    @property
    def methods(self) -> tuple[str, ...]:
        return (self.method.upper(), *self.claimed_methods)


@dataclass(frozen=True)
class ApprovalRule:
    name: str
    hosts: tuple[str, ...] | None = None
    methods: frozenset[str] | None = None
    paths: tuple[str, ...] | None = None
    identities: tuple[str, ...] | None = None
    groups: frozenset[str] | None = None
    classifications: frozenset[str] | None = None
    rules: tuple[str, ...] | None = None
    when: TimeCondition | None = None

    def matches(self, r: RequestFacts, ignore_findings: bool = False) -> bool:
        """``ignore_findings``: the classification and rule conditions count as met (body not read yet)."""
        found = [f for f in r.findings if f.get("direction", "request") == "request"]
        checks = (
            self.hosts is None or _any_glob(r.host.lower().rstrip("."), self.hosts),
            self.methods is None or any(m in self.methods for m in r.methods),
            self.paths is None or _any_glob(r.path, self.paths),
            self.identities is None or (r.identity is not None and _any_glob(r.identity, self.identities)),
            self.groups is None or bool(self.groups & set(r.groups)),
            self.classifications is None or ignore_findings
            or any(f.get("classification") in self.classifications for f in found),
            self.rules is None or ignore_findings or any(_any_glob(str(f.get("rule", "")), self.rules) for f in found),
            self.when is None or self.when.matches(r.now),
        )
        return all(checks)


@dataclass(frozen=True)
class Approvers:
    """Who may approve: a caller authenticated by an exitguard token or OIDC JWT with one of these groups."""

    groups: frozenset[str]

    def admits(self, groups: tuple[str, ...] | list[str]) -> bool:
        return bool(self.groups & set(groups))


@dataclass(frozen=True)
class ApprovalRules:
    rules: tuple[ApprovalRule, ...]
    approvers: Approvers | None = None  # None: approving needs an approver, and there is none

    def matching(self, facts: RequestFacts) -> list[str]:
        """Names of the rules that require approval for this request."""
        return [rule.name for rule in self.rules if rule.matches(facts)]

    def may_match(self, facts: RequestFacts) -> bool:
        """Before the body is read (no findings yet): could a rule match once it is?"""
        return any(rule.matches(facts, ignore_findings=True) for rule in self.rules)


def _any_glob(value: str, patterns: tuple[str, ...]) -> bool:
    return any(fnmatch.fnmatchcase(value, p) for p in patterns)


def parse(value: Any, at: At) -> ApprovalRules:
    """Validate the policy's ``approvals:`` section (a mapping of ``approvers`` and ``rules``, or a bare list of
    rules); raise PolicyError("<file>: approvals[...]: what is wrong")."""
    if value is None:
        return ApprovalRules(())
    if isinstance(value, dict):
        at.no_unknown(value, SECTION_KEYS)
        approvers = _approvers(value["approvers"], at.key("approvers")) if "approvers" in value else None
        return ApprovalRules(_rules(value.get("rules"), at.key("rules")).rules, approvers)
    return _rules(value, at)


def _approvers(value: Any, at: At) -> Approvers:
    value = at.mapping(value, "a mapping with groups: [...]")
    at.no_unknown(value, APPROVER_KEYS)
    at.required(value, "groups")
    return Approvers(frozenset(at.key("groups").strings(value["groups"])))


def _rules(value: Any, at: At) -> ApprovalRules:
    if value is None:
        return ApprovalRules(())
    rules: list[ApprovalRule] = []
    names: set[str] = set()
    for i, entry in enumerate(at.listing(value, "a list of approval rules")):
        rule = _rule(entry, at, i, names)
        names.add(rule.name)
        rules.append(rule)
    return ApprovalRules(tuple(rules))


def _rule(entry: Any, approvals: At, index: int, taken: set[str]) -> ApprovalRule:
    at = approvals.item(index)
    entry = at.mapping(entry)
    at.no_unknown(entry, RULE_KEYS)
    name = entry.get("name")
    if not isinstance(name, str) or not re.fullmatch(r"[A-Za-z0-9][A-Za-z0-9_.\-]*", name):
        at.fail("name: required, letters, digits, '-', '_' or '.'")
    if name in taken:
        at.fail(f"name: {name!r} is used twice")
    at = approvals.item(name)  # from here on the rule is named by its name
    if len(entry) == 1:
        at.fail("a rule needs at least one condition (hosts, methods, paths, ...)")

    def strings(key: str) -> tuple[str, ...] | None:
        if key not in entry:
            return None
        items = entry[key]
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not items or not all(isinstance(s, str) and s for s in items):
            at.key(key).fail("expected a non-empty list of strings")
        return tuple(items)

    hosts = strings("hosts")
    if hosts and any("/" in h or ":" in h for h in hosts):
        at.key("hosts").fail("host names or globs only (no scheme, port or path)")
    methods = strings("methods")
    if methods and not all(m.upper() in METHODS for m in methods):
        at.key("methods").fail(f"{methods!r}: expected HTTP methods such as POST, DELETE")
    paths = strings("paths")
    if paths and not all(p.startswith(("/", "*")) for p in paths):
        at.key("paths").fail("paths start with '/' (globs allowed, query excluded)")
    classifications = strings("classifications")
    if classifications and not set(classifications) <= set(Classification.values()):
        at.key("classifications").fail(f"expected some of {', '.join(Classification.values())}")
    return ApprovalRule(
        name=name,
        hosts=tuple(h.lower().rstrip(".") for h in hosts) if hosts else None,
        methods=frozenset(m.upper() for m in methods) if methods else None,
        paths=tuple(_normalize_glob(p) for p in paths) if paths else None,
        identities=strings("identities"),
        groups=frozenset(g) if (g := strings("groups")) else None,
        classifications=frozenset(classifications) if classifications else None,
        rules=strings("rules"),
        when=_parse_when(entry["when"], at.key("when")) if "when" in entry else None,
    )


def _normalize_glob(pattern: str) -> str:
    """A path glob normalized like the paths it is matched against (``*`` and ``?`` survive normalize_path)."""
    return normalize_path(pattern) if pattern.startswith("/") else pattern.casefold()


def _parse_when(value: Any, at: At) -> TimeCondition:
    value = at.mapping(value, "a mapping with within or outside, and timezone")
    at.no_unknown(value, ("within", "outside", "timezone"))
    if ("within" in value) == ("outside" in value):
        at.fail("exactly one of within or outside")
    outside = "outside" in value
    specs = value["outside" if outside else "within"]
    specs = [specs] if isinstance(specs, str) else specs
    if not isinstance(specs, list) or not specs or not all(isinstance(s, str) for s in specs):
        at.fail("expected a window such as 'Mon-Fri 09:00-18:00' or a list of them")
    zone_name = value.get("timezone", "UTC")
    try:
        zone = ZoneInfo(str(zone_name))
    except (ZoneInfoNotFoundError, ValueError):
        at.fail(f"timezone: unknown time zone {zone_name!r} (e.g. UTC, Europe/Berlin)")
    return TimeCondition(tuple(parse_window(s, at.fail) for s in specs), outside, zone)


# --------------------------------------------------------------------------- decisions, retries, durations


class DecisionError(Exception):
    """A decision that cannot be taken; ``status`` is the HTTP status the control endpoint answers with."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status



# Headers a client changes between two sends of the same request (an SDK's retry counter and metadata, tracing and
# request ids, dates), or that the rest of the fingerprint already covers (the body's length and framing, the host,
# the caller's proxy credential): left out of it. Every other header counts (attack24): on several APIs a header
# says what the request does (Stripe-Account, x-amz-copy-source, x-amz-acl, Destination, the placeholder that picks
# a brokered key), so a request differing there is another request. A header unknown here that varies per send only
# costs a retry its join (a new approval: the safe side).
VOLATILE_HEADERS = frozenset({
    "content-length", "transfer-encoding", "connection", "keep-alive", "te", "trailer", "upgrade", "host",
    "proxy-authorization", "proxy-connection", "expect", "date", "user-agent", "accept-encoding",
    "idempotency-key", "x-idempotency-key", "traceparent", "tracestate", "baggage", "sentry-trace",
    "x-request-id", "request-id", "x-correlation-id", "x-amzn-trace-id", "x-cloud-trace-context",
    "amz-sdk-invocation-id", "amz-sdk-request", "x-amz-date", "x-amz-content-sha256",
})
VOLATILE_HEADER_PREFIXES = ("x-stainless-", "x-b3-", "x-datadog-", "x-exitguard-")


# Cookies a load balancer or bot manager sets on answers (Cloudflare in front of api.openai.com sets __cf_bm and
# _cfuvid on every one): a client's cookie jar sends the newest with the next request and every retry (attack25).
# They say nothing of what the request does; every other cookie counts (a session cookie says whose account).
VOLATILE_COOKIES = frozenset({
    "__cf_bm", "_cfuvid", "cf_clearance", "__cflb", "__cfruid", "__cfwaitingroom", "cf_ob_info", "cf_use_ob",
    "awsalb", "awsalbcors", "awsalbtg", "awsalbtgcors", "awselb", "awselbcors", "gclb", "arraffinity",
    "arraffinitysamesite", "ak_bmsc", "bm_sv", "bm_sz", "_abck",
})
VOLATILE_COOKIE_PREFIXES = ("__cfseq-", "incap_ses_", "visid_incap_", "nlbi_", "bigipserver")


def significant_headers(headers: Iterable[tuple[str, str]]) -> tuple[tuple[str, str], ...]:
    """The headers that make two requests different requests (names lower-cased, in order, repeats kept). Every
    ``Cookie`` header is one: its cookies sorted (a jar's order, HTTP/2's split crumbs), the volatile ones left out."""
    kept: list[tuple[str, str]] = []
    cookies: list[str] = []
    for name, value in headers:
        name = name.lower()
        if name == "cookie":
            cookies += [c.strip() for c in value.split(";") if c.strip() and not _volatile_cookie(c)]
        elif name not in VOLATILE_HEADERS and not name.startswith(VOLATILE_HEADER_PREFIXES):
            kept.append((name, value))
    if cookies:  # by name; a name given twice keeps its order (a server reads its first or last: attack27)
        kept.append(("cookie", "; ".join(sorted(cookies, key=lambda pair: pair.split("=", 1)[0].strip()))))
    return tuple(kept)


def _volatile_cookie(pair: str) -> bool:
    name = pair.split("=", 1)[0].strip().lower()
    return name in VOLATILE_COOKIES or name.startswith(VOLATILE_COOKIE_PREFIXES)


# What a multipart body's boundary becomes in the fingerprint: NUL is no boundary character (RFC 2046), so no
# client's boundary is this.
CANONICAL_BOUNDARY = b"exitguard\x00boundary"
_BOUNDARY = re.compile(r'(?i)(;\s*boundary\s*=\s*)("[^"]*"|[^;\s]+)')


def canonical_multipart(headers: tuple[tuple[str, str], ...], body: bytes) -> tuple[tuple[tuple[str, str], ...], bytes]:
    """A multipart request with its random boundary replaced (attack25: the openai SDK draws a new one for every
    retry of an upload). Every ``--boundary`` in the body becomes ``--`` + CANONICAL_BOUNDARY, so two bodies that are
    equal afterwards put their delimiters, for any parser, at the same places around the same bytes. Left as it is
    when that cannot be said: no single multipart Content-Type with one boundary, or the marker already in it."""
    types = [value for name, value in headers if name == "content-type"]
    if len(types) != 1 or not types[0].lower().lstrip().startswith("multipart/"):
        return headers, body
    found = _BOUNDARY.findall(types[0])
    if len(found) != 1:
        return headers, body
    boundary = found[0][1].strip('"').encode("utf-8", "surrogateescape")
    if not boundary or CANONICAL_BOUNDARY in body or CANONICAL_BOUNDARY in boundary:
        return headers, body
    canonical_type = _BOUNDARY.sub(lambda m: m.group(1) + CANONICAL_BOUNDARY.decode(), types[0])
    return (tuple((name, canonical_type if name == "content-type" else value) for name, value in headers),
            body.replace(b"--" + boundary, b"--" + CANONICAL_BOUNDARY))


def request_fingerprint(identity: str | None, method: str, host: str, path: str, body: bytes,
                        digest: Callable[[str], str] | None = None, *, scheme: str = "https", port: int = 443,
                        claimed_methods: tuple[str, ...] = (), reasons: tuple[str, ...] = (),
                        headers: tuple[tuple[str, str], ...] = ()) -> str:
    """Same caller + method (and every method it claims) + scheme, host and port + path (with query) + body +
    significant headers (``significant_headers``) + the reasons it needs approval = the same request, e.g. an SDK
    retry. A request that claims DELETE, goes to another port or another Stripe account, or needs approval for a
    reason more than the one a reviewer saw is another request: it never joins that approval or passes by its
    window. ``digest`` is the installation's keyed HMAC, so the fingerprint cannot be used to test guesses of the
    body or a header."""
    headers, body = canonical_multipart(headers, body)
    body_hash = hashlib.sha256(body).hexdigest()
    parts: list = [identity or "", method.upper(), sorted({m.upper() for m in claimed_methods}), scheme.lower(),
                   host.lower().rstrip("."), int(port), path, body_hash, sorted(set(reasons))]
    if headers:  # a request with none keeps the fingerprint it had before headers counted
        # By name only: two values of one name keep their order (attack27: `acct_A, acct_B` approved, then
        # `acct_B, acct_A` rode the window, and a server that reads the first acted for B).
        parts.append(sorted(([name, value] for name, value in headers), key=lambda pair: pair[0]))
    text = json.dumps(parts)
    return digest(text) if digest else hashlib.sha256(text.encode()).hexdigest()[:16]


def parse_duration(text: str | int) -> int:
    """``90``, ``90s``, ``10m``, ``2h``, ``1d`` -> seconds; ValueError otherwise."""
    if isinstance(text, int) and not isinstance(text, bool):
        seconds = text
    else:
        m = _DURATION.match(str(text).strip().lower())
        if not m:
            raise ValueError(f"{text!r} is not a duration such as 90s, 10m or 2h")
        seconds = int(m.group(1)) * _UNIT_SECONDS[m.group(2)]
    if seconds <= 0:
        raise ValueError(f"{text!r}: a duration must be positive")
    return seconds


def format_duration(seconds: float) -> str:
    seconds = int(seconds)
    for unit, size in (("h", 3600), ("m", 60)):
        if seconds >= size and seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


def utc_iso(ts: float) -> str:
    return datetime.fromtimestamp(ts, tz=ZoneInfo("UTC")).isoformat(timespec="milliseconds").replace("+00:00", "Z")


__all__ = [
    "ApprovalRule",
    "ApprovalRules",
    "Approvers",
    "DecisionError",
    "RequestFacts",
    "TimeCondition",
    "Window",
    "canonical_multipart",
    "claimed_methods",
    "format_duration",
    "normalize_path",
    "parse",
    "parse_duration",
    "request_fingerprint",
    "significant_headers",
    "utc_iso",
]
