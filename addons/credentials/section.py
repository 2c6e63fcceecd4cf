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
import stat
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from addons.core.policy import PolicyError
from addons.core.validation import choice as _choice
from addons.core.validation import fail as _fail
from addons.core.validation import no_unknown as _no_unknown
from addons.core.validation import policy_dir as _policy_dir
from addons.core.validation import string as _string
from addons.core.validation import strings as _strings

RULE_ID = "brokered-credential"
ENV_PREFIX = "EXITGUARD_CRED_"
MIN_VALUE_CHARS = 8  # shorter "credentials" would be masked all over ordinary text
NAME_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
HEADER_RE = re.compile(r"^[A-Za-z0-9!#$%&'*+.^_`|~-]+$")
SECTION_KEYS = {"secrets_file", "placeholder", "client_keys", "brokers"}
BROKER_KEYS = {"hosts", "host", "credential", "header", "format", "query", "basic", "groups", "identities",
               "placeholder", "client_keys"}
CLIENT_KEY_ACTIONS = ("block", "allow")


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

    def serves_caller(self, identity: str | None, groups: list[str] | tuple[str, ...]) -> bool:
        if not self.groups and not self.identities:
            return True
        return (identity is not None and identity in self.identities) or bool(set(groups) & set(self.groups))


@dataclass(frozen=True, slots=True)
class BrokeredFinding:
    """Same fields as addons.detect.Finding; never holds the value."""
    start: int
    end: int
    rule_id: str = RULE_ID
    category: str = "secret"
    classification: str = "regulated"
    tier: str = "precise"


class BrokeredCredentialDetector:
    """Finds the real values of brokered credentials in any text (prompts, responses, other hosts)."""

    def __init__(self, values: list[str]) -> None:
        ordered = sorted(set(values), key=len, reverse=True)  # longest first when one contains another
        self._values = ordered
        self._pattern = re.compile("|".join(map(re.escape, ordered))) if ordered else None

    def safe_end(self, text: str, start: int = 0) -> int:
        """For stream maskers (same contract as detect.Holdback.safe_end): how far ``text`` may be released
        now. A tail that is the beginning of a brokered value is held: the rest may arrive in the next chunk."""
        end = cut = len(text)
        for value in self._values:
            i = text.find(value[0], max(start, end - len(value) + 1))
            while i != -1 and i < cut:
                if value.startswith(text[i:end]):
                    cut = i
                    break
                i = text.find(value[0], i + 1)
        return cut

    def __call__(self, text: str) -> list[BrokeredFinding]:
        if self._pattern is None:
            return []
        return [BrokeredFinding(m.start(), m.end()) for m in self._pattern.finditer(text)]

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

    def values(self) -> dict[str, str]:
        """name -> real value, from the environment or the secrets file. PolicyError if one is missing."""
        if not self._vault and self.brokers:
            self._vault.update(resolve(self.names(), self.secrets_file, self.source))
        return self._vault

    def detector(self) -> BrokeredCredentialDetector:
        if "detector" not in self._cache:
            self._cache["detector"] = BrokeredCredentialDetector(list(self.values().values()))
        return self._cache["detector"]

    def detectors(self) -> list[BrokeredCredentialDetector]:
        """Picked up by runtime.build: the inspector flags brokered values wherever they appear."""
        return [self.detector()] if self.brokers else []

    def for_host(self, host: str) -> list[Broker]:
        return [b for b in self.brokers if b.serves_host(host)]

    def match(self, host: str, identity: str | None, groups) -> Broker | None:
        return next((b for b in self.for_host(host) if b.serves_caller(identity, groups or [])), None)


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
    try:
        st = path.stat()
    except OSError as e:
        raise PolicyError(f"{source}: secrets_file {path}: {e.strerror}") from None
    if st.st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        raise PolicyError(f"{source}: secrets_file {path} is readable or writable by group/others; "
                          f"run `chmod 600 {path}`")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as e:
        # Never quote the parser's message: it may contain a line of the file.
        raise PolicyError(f"{source}: secrets_file {path} is not a readable YAML mapping "
                          f"({type(e).__name__})") from None
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise PolicyError(f"{source}: secrets_file {path}: expected a mapping of name -> string value")
    return {str(k): v for k, v in data.items()}


# --------------------------------------------------------------------------- parse


def parse(value: Any, where: str) -> CredentialsSection:
    if value is None:
        return CredentialsSection(source=where)
    if isinstance(value, list):
        value = {"brokers": value}
    if not isinstance(value, dict):
        _fail(where, f"expected a mapping or a list of brokers, got {type(value).__name__}")
    _no_unknown(value, SECTION_KEYS, where)
    placeholder = _placeholder(value.get("placeholder", "exitguard"), f"{where}.placeholder")
    client_keys = _choice(value.get("client_keys", "block"), CLIENT_KEY_ACTIONS, f"{where}.client_keys")
    secrets_file = None
    if "secrets_file" in value:
        raw = _string(value["secrets_file"], f"{where}.secrets_file")
        p = Path(raw).expanduser()
        secrets_file = p if p.is_absolute() else _policy_dir(where) / p
    brokers = value.get("brokers", [])
    if not isinstance(brokers, list):
        _fail(f"{where}.brokers", "expected a list")
    parsed = tuple(_broker(b, placeholder, client_keys, f"{where}.brokers[{i}]") for i, b in enumerate(brokers))
    return CredentialsSection(parsed, secrets_file, where)


def _broker(spec: Any, placeholder: str, client_keys: str, where: str) -> Broker:
    if not isinstance(spec, dict):
        _fail(where, "expected a mapping with hosts, credential and header/query/basic")
    if "value" in spec:
        _fail(where, "credential values never go in the policy (use EXITGUARD_CRED_<NAME> or secrets_file)")
    _no_unknown(spec, BROKER_KEYS, where)
    if "host" in spec and "hosts" in spec:
        _fail(where, "give host or hosts, not both")
    hosts = spec.get("hosts", spec.get("host"))
    if hosts is None:
        _fail(where, "missing hosts")
    hosts = _strings(hosts, f"{where}.hosts")
    for h in hosts:
        if "/" in h or ":" in h or " " in h:
            _fail(f"{where}.hosts", f"{h!r}: host names only (no scheme, port or path)")
    if "credential" not in spec:
        _fail(where, "missing credential (the name of the value in the environment or secrets file)")
    credential = _string(spec["credential"], f"{where}.credential")
    if not NAME_RE.match(credential):
        _fail(f"{where}.credential", f"{credential!r}: use letters, digits and . _ -")
    return Broker(
        hosts=tuple(h.lower().rstrip(".") for h in hosts),
        credential=credential,
        location=_location(spec, where),
        placeholder=_placeholder(spec.get("placeholder", placeholder), f"{where}.placeholder"),
        client_keys=_choice(spec.get("client_keys", client_keys), CLIENT_KEY_ACTIONS, f"{where}.client_keys"),
        groups=_strings(spec.get("groups", []), f"{where}.groups", allow_empty=True),
        identities=_strings(spec.get("identities", []), f"{where}.identities", allow_empty=True),
    )


def _location(spec: dict, where: str) -> Location:
    given = [k for k in ("header", "query", "basic") if k in spec]
    if len(given) != 1:
        _fail(where, "give exactly one of header, query or basic (where the credential goes)")
    kind = given[0]
    if "format" in spec and kind != "header":
        _fail(f"{where}.format", "format applies to header only")
    if kind == "header":
        name = _string(spec["header"], f"{where}.header")
        if not HEADER_RE.match(name):
            _fail(f"{where}.header", f"{name!r} is not a valid header name")
        fmt = _string(spec.get("format", "{value}"), f"{where}.format")
        if fmt.count("{value}") != 1 or fmt.replace("{value}", "").count("{") or "\n" in fmt or "\r" in fmt:
            _fail(f"{where}.format", 'expected one "{value}" and no other braces, e.g. "Bearer {value}"')
        return Location("header", name.lower(), fmt)
    if kind == "query":
        return Location("query", _string(spec["query"], f"{where}.query"))
    basic = spec["basic"]
    if not isinstance(basic, dict) or set(basic) - {"username"}:
        _fail(f"{where}.basic", "expected {username: NAME} (the credential is the password)")
    username = basic.get("username", "")
    if not isinstance(username, str) or ":" in username:
        _fail(f"{where}.basic.username", "expected a string without ':'")
    return Location("basic", "authorization", username=username)


def _placeholder(value: Any, where: str) -> str:
    value = _string(value, where)
    if any(c.isspace() for c in value) or len(value) > 200:
        _fail(where, "expected a short string without spaces")
    return value
