"""The policy's ``credentials:`` section: which vendor credential the proxy injects for which host and caller.
Pure, no mitmproxy import. The policy names credentials; their values live only in the proxy's environment
(``EXITGUARD_CRED_<NAME>``) or in a 0600 secrets file, never in the policy.

    credentials:
      secrets_file: /etc/exitguard/secrets.yaml   # optional YAML mapping name -> value, must be 0600
      placeholder: exitguard       # what agents carry instead of the key (OPENAI_API_KEY=exitguard)
      client_keys: block           # a real provider key sent by a client to a brokered host: block | allow
      brokers:                     # first match wins: list per-team entries before the catch-all one
        - hosts: [api.openai.com]
          credential: openai-platform          # EXITGUARD_CRED_OPENAI_PLATFORM
          header: Authorization                # where it goes: header (+ format) | query | basic
          format: "Bearer {value}"
          groups: [platform]                   # optional: only callers in one of these groups
        - hosts: [api.openai.com]
          credential: openai
          header: Authorization
          format: "Bearer {value}"
        - {hosts: [generativelanguage.googleapis.com], credential: gemini, query: key}
        - {hosts: [api.example.com], credential: example, basic: {username: api}}

A bare list is the same as ``{brokers: [...]}``. Relative ``secrets_file`` paths are next to the policy file.
"""

from __future__ import annotations

import fnmatch
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from addons.core import callers, metakeys
from addons.core.policy import CredentialNames
from addons.core.secretfile import SecretFileError, read_secret_file
from addons.core.validation import At, PolicyError
from addons.core.vocabulary import Action, Category, Classification, Tier
from addons.credentials.answer import SpelledKey, Views

RULE_ID = "brokered-credential"
ENV_PREFIX = "EXITGUARD_CRED_"
MIN_VALUE_CHARS = 8  # shorter "credentials" would be masked all over ordinary text
MAX_SECRETS_FILE_BYTES = 1 << 20
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HEADER_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
SECTION_KEYS = {"secrets_file", "placeholder", "client_keys", "brokers"}
BROKER_KEYS = {"hosts", "host", "credential", "header", "format", "query", "basic", "groups", "identities",
               "placeholder", "client_keys"}
CLIENT_KEY_ACTIONS = (Action.BLOCK, Action.ALLOW)  # what happens to a real key a client sends


@dataclass(frozen=True)
class Location:
    kind: str  # header | query | basic
    name: str  # header name (lower case) or query parameter; "authorization" for basic
    format: str = "{value}"
    username: str = ""

    def describe(self) -> str:
        return f"{self.kind}:{self.name}" if self.kind != "basic" else "basic:authorization"


@dataclass(frozen=True)
class Broker:
    hosts: tuple[str, ...]
    credential: str
    location: Location
    placeholder: str
    client_keys: str
    groups: tuple[str, ...] = ()
    identities: tuple[str, ...] = ()

    def serves_host(self, host: str) -> bool:
        host = host.lower().rstrip(".")
        return any(fnmatch.fnmatchcase(host, p) for p in self.hosts)

    def serves_caller(self, caller: Mapping[str, Any]) -> bool:
        """``caller``: the flow's metadata (identity, its source, groups). A name in ``identities`` is an exitguard
        token's, ``<issuer>#<name>`` an OIDC issuer's (core/callers.py): a name two sources can give is not shared."""
        if not self.groups and not self.identities:
            return True
        groups = caller.get(metakeys.GROUPS) or []
        return any(callers.named_by(entry, caller) for entry in self.identities) or bool(set(groups) & set(self.groups))


@dataclass(frozen=True, slots=True)
class BrokeredFinding:
    """Same fields as addons.detect.Finding; never holds the value."""
    start: int
    end: int
    rule_id: str = RULE_ID
    category: Category = Category.SECRET
    classification: Classification = Classification.REGULATED
    tier: Tier = Tier.PRECISE


class BrokeredCredentialDetector:
    """Finds the real values of brokered credentials in any text (prompts, responses, other hosts), in any letter
    case: a vendor that echoes the key upper-cased hands out all of a hex key, and most of any other (attack11);
    and in the spellings the broker's last look at a buffered answer reads (``answer.SpelledKey``: hex, base64
    wrapped or not, quoted-printable, escapes), which a streamed answer is read by this detector alone (attack16)."""

    rule_id = RULE_ID  # runtime.load_checked: a policy's `rules: {brokered-credential: ...}` names a known rule

    def __init__(self, values: list[str]) -> None:
        ordered = sorted({v.lower() for v in values}, key=len, reverse=True)  # longest first when one contains another
        self._values = ordered
        self._pattern = re.compile("|".join(map(re.escape, ordered)), re.IGNORECASE) if ordered else None
        self._spelled = [SpelledKey(v) for v in sorted(set(values), key=len, reverse=True)]

    def safe_end(self, text: str, start: int = 0) -> int:
        """For stream maskers (same contract as detect.Holdback.safe_end): how far ``text`` may be released
        now. A tail that is the beginning of a brokered value (in any case) is held: the rest may arrive in the
        next chunk."""
        end = cut = len(text)
        folded = text.lower()
        if len(folded) != len(text):  # a letter whose lower case is longer ('İ'): keep offsets those of ``text``
            folded = "".join(c.lower()[:1] for c in text)
        for value in self._values:
            i = folded.find(value[0], max(start, end - len(value) + 1))
            while i != -1 and i < cut:
                if value.startswith(folded[i:end]):
                    cut = i
                    break
                i = folded.find(value[0], i + 1)
        for spelled in self._spelled:
            at = spelled.open_at(text, start)
            # A key already whole there (its last `=` may open a quoted-printable escape) is a finding the
            # masker masks now; holding it would only move its placeholder to the next chunk.
            if at < cut and not (self._pattern is not None and self._pattern.match(text, at)):
                cut = at
        return cut

    def __call__(self, text: str) -> list[BrokeredFinding]:
        if self._pattern is None:
            return []
        found = [(m.start(), m.end()) for m in self._pattern.finditer(text)]
        views = Views.of(text) if self._spelled else None
        for spelled in self._spelled:
            found += spelled.find(text, views)
        kept: list[tuple[int, int]] = []
        for start, end in sorted(found, key=lambda span: (span[0], -span[1])):  # one finding where spans overlap
            if kept and start < kept[-1][1]:
                kept[-1] = (kept[-1][0], max(kept[-1][1], end))
            else:
                kept.append((start, end))
        return [BrokeredFinding(start, end) for start, end in kept]

    def __repr__(self) -> str:
        return "BrokeredCredentialDetector(<values hidden>)"


@dataclass(frozen=True)
class CredentialsSection:
    brokers: tuple[Broker, ...] = ()
    secrets_file: Path | None = None
    source: str = "credentials"
    _vault: dict = field(default_factory=dict, repr=False, compare=False)  # filled once by values()
    _cache: dict = field(default_factory=dict, repr=False, compare=False)

    def names(self) -> list[str]:
        return sorted({b.credential for b in self.brokers})

    def open_to_every_caller(self) -> list[Broker]:
        """Brokers naming no group or identity: they inject for every caller the proxy admits."""
        return [b for b in self.brokers if not b.groups and not b.identities]

    def values(self) -> dict[str, str]:
        """name -> real value, from the environment or the secrets file. PolicyError if one is missing."""
        if not self._vault and self.brokers:
            self._vault.update(resolve(self.names(), self.secrets_file, self.source))
        return self._vault

    def detector(self) -> BrokeredCredentialDetector:
        if "detector" not in self._cache:
            self._cache["detector"] = BrokeredCredentialDetector(list(self.values().values()))
        return self._cache["detector"]

    def action_floors(self) -> dict[str, Action]:
        """Picked up by Policy.action_for: no action table, rule override or group lets a brokered value through
        (an answer echoing the injected key would hand it to the agent; a request would send it elsewhere)."""
        return {RULE_ID: Action.MASK} if self.brokers else {}

    def detectors(self) -> list[BrokeredCredentialDetector]:
        """Picked up by runtime.build: the inspector flags brokered values wherever they appear."""
        return [self.detector()] if self.brokers else []

    def detector_rule_ids(self) -> frozenset[str]:
        """Picked up by runtime.load_checked: the rule id detectors() reports under, known without a key (replay)."""
        return frozenset({RULE_ID}) if self.brokers else frozenset()

    def credential_names(self) -> CredentialNames:
        """Picked up by Policy.credential_names: the brokers' headers and query parameters hold a credential (the
        broker's, or with client_keys: allow the caller's own), redacted in records, held flows and summaries."""
        return CredentialNames(frozenset(b.location.name for b in self.brokers if b.location.kind == "header"),
                               frozenset(b.location.name for b in self.brokers if b.location.kind == "query"))

    def for_host(self, host: str) -> list[Broker]:
        return [b for b in self.brokers if b.serves_host(host)]

    def match(self, host: str, caller: Mapping[str, Any]) -> Broker | None:
        return next((b for b in self.for_host(host) if b.serves_caller(caller)), None)


def env_name(credential: str) -> str:
    return ENV_PREFIX + re.sub(r"[^A-Za-z0-9]", "_", credential).upper()


def resolve(names: list[str], secrets_file: Path | None, source: str) -> dict[str, str]:
    from_file = _read_secrets_file(secrets_file, source) if secrets_file else {}
    out = {}
    for name in names:
        value = os.environ.get(env_name(name)) or from_file.get(name)
        if not value:
            where = f"set {env_name(name)}" + (f" or add {name!r} to {secrets_file}" if secrets_file else "")
            raise PolicyError(f"{source}: credential {name!r} has no value ({where})")
        if len(value) < MIN_VALUE_CHARS or value != value.strip():
            raise PolicyError(f"{source}: credential {name!r}: the value is shorter than {MIN_VALUE_CHARS} "
                              f"characters or has surrounding spaces")
        out[name] = value
    return out


def _read_secrets_file(path: Path, source: str) -> dict[str, str]:
    try:  # private to the proxy's user (or root's for its group), like every secret file: core/secretfile.py
        text = read_secret_file(path, MAX_SECRETS_FILE_BYTES)
    except SecretFileError as e:
        raise PolicyError(f"{source}: secrets_file {e}") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as e:
        # Never quote the parser's message: it may contain a line of the file.
        raise PolicyError(f"{source}: secrets_file {path} is not a readable YAML mapping "
                          f"({type(e).__name__})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise PolicyError(f"{source}: secrets_file {path}: expected a mapping of name -> string value")
    return {str(k): v for k, v in data.items()}


# --------------------------------------------------------------------------- parse


def parse(value: Any, at: At) -> CredentialsSection:
    if value is None:
        return CredentialsSection(source=str(at))
    if isinstance(value, list):
        value = {"brokers": value}
    value = at.mapping(value, "a mapping or a list of brokers")
    at.no_unknown(value, SECTION_KEYS)
    placeholder = _placeholder(value.get("placeholder", "exitguard"), at.key("placeholder"))
    client_keys = at.key("client_keys").choice(value.get("client_keys", "block"), CLIENT_KEY_ACTIONS)
    secrets_file = at.key("secrets_file").file_path(value["secrets_file"]) if "secrets_file" in value else None
    brokers = at.key("brokers")
    parsed = tuple(_broker(b, placeholder, client_keys, brokers.item(i))
                   for i, b in enumerate(brokers.listing(value.get("brokers", []))))
    return CredentialsSection(parsed, secrets_file, str(at))


def _broker(spec: Any, placeholder: str, client_keys: str, at: At) -> Broker:
    spec = at.mapping(spec, "a mapping with hosts, credential and header/query/basic")
    if "value" in spec:
        at.fail("credential values never go in the policy (use EXITGUARD_CRED_<NAME> or secrets_file)")
    at.no_unknown(spec, BROKER_KEYS)
    if "host" in spec and "hosts" in spec:
        at.fail("give host or hosts, not both")
    hosts = spec.get("hosts", spec.get("host"))
    if hosts is None:
        at.fail("missing hosts")
    if "credential" not in spec:
        at.fail("missing credential (the name of the value in the environment or secrets file)")
    credential = at.key("credential").string(spec["credential"])
    if not NAME_RE.match(credential):
        at.key("credential").fail(f"{credential!r}: use letters, digits and . _ -")
    return Broker(
        hosts=at.key("hosts").hosts(list(at.key("hosts").strings(hosts))),
        credential=credential,
        location=_location(spec, at),
        placeholder=_placeholder(spec.get("placeholder", placeholder), at.key("placeholder")),
        client_keys=at.key("client_keys").choice(spec.get("client_keys", client_keys), CLIENT_KEY_ACTIONS),
        groups=at.key("groups").strings(spec.get("groups", []), allow_empty=True),
        identities=_identities(spec.get("identities", []), at.key("identities")),
    )


def _identities(value: Any, at: At) -> tuple[str, ...]:
    """Exitguard token names, or ``<issuer>#<name>`` for an OIDC issuer's caller (core/callers.py)."""
    names = at.strings(value, allow_empty=True)
    for i, name in enumerate(names):
        issuer, mark, rest = name.partition(callers.ISSUER_MARK)
        if mark and (not rest or not issuer.startswith(("https://", "http://"))):
            at.item(i).fail(f"{name!r}: an OIDC caller is <issuer URL>#<identity>; a bare name is an exitguard "
                            f"token's")
    return names


def _location(spec: dict, at: At) -> Location:
    given = [k for k in ("header", "query", "basic") if k in spec]
    if len(given) != 1:
        at.fail("give exactly one of header, query or basic (where the credential goes)")
    kind = given[0]
    if "format" in spec and kind != "header":
        at.key("format").fail("format applies to header only")
    if kind == "header":
        name = at.key("header").string(spec["header"])
        if not HEADER_RE.match(name):
            at.key("header").fail(f"{name!r} is not a valid header name")
        fmt = at.key("format").string(spec.get("format", "{value}"))
        if fmt.count("{value}") != 1 or fmt.replace("{value}", "").count("{") or "\n" in fmt or "\r" in fmt:
            at.key("format").fail('expected one "{value}" and no other braces, e.g. "Bearer {value}"')
        return Location("header", name.lower(), fmt)
    if kind == "query":
        return Location("query", at.key("query").string(spec["query"]))
    basic = spec["basic"]
    if not isinstance(basic, dict) or set(basic) - {"username"}:
        at.key("basic").fail("expected {username: NAME} (the credential is the password)")
    username = basic.get("username", "")
    if not isinstance(username, str) or ":" in username:
        at.key("basic").key("username").fail("expected a string without ':'")
    return Location("basic", "authorization", username=username)


def _placeholder(value: Any, at: At) -> str:
    value = at.string(value)
    if any(c.isspace() for c in value) or len(value) > 200:
        at.fail("expected a short string without spaces")
    return value
