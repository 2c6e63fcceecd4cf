"""The policy's ``identity:`` section: who may use the proxy and how callers are named. Pure, no mitmproxy.

    identity:
      mode: required            # required | auto: a floor for --set exitguard_auth (the stricter wins);
                                # absent: the option alone decides (default auto)
      tokens_file: tokens.json  # static tokens (exitguard token add); relative paths: next to the policy file
      oidc:
        - issuer: https://token.actions.githubusercontent.com
          audience: exitguard               # or a list; the token's aud must contain one of them
          jwks_uri: https://...             # default: discovered from <issuer>/.well-known/openid-configuration
          # jwks_file: keys.json            # instead of jwks_uri: a local JWKS file
          identity_claim: repository        # default sub
          groups_claim: groups              # optional: a claim holding a list (or one string) of group names
          groups: [ci]                      # given to every caller from this issuer
          group_map: {repository_owner: {acme: [platform]}}   # claim -> value -> groups
          require: {repository_owner: acme}                     # claim -> value or list: else refused
          leeway: 60                        # seconds of clock skew allowed for exp / nbf / iat (max 300)
          refresh: 3600                     # seconds between JWKS refreshes (kept when the issuer is down)
          algorithms: [RS256, ES256]
"""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from addons.core.validation import fail as _fail
from addons.core.validation import integer as _int
from addons.core.validation import mapping as _mapping
from addons.core.validation import no_unknown as _no_unknown
from addons.core.validation import policy_dir as _policy_dir
from addons.core.validation import string as _string
from addons.core.validation import strings as _strings

MODES = ("off", "auto", "required")  # in order of strictness
POLICY_MODES = ("auto", "required")
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
DEFAULT_ALGORITHMS = ("RS256", "ES256")
MAX_LEEWAY = 300
ISSUER_KEYS = {"issuer", "audience", "jwks_uri", "jwks_file", "identity_claim", "groups_claim", "groups",
               "group_map", "require", "leeway", "refresh", "algorithms"}


@dataclass(frozen=True)
class IssuerConfig:
    issuer: str
    audiences: tuple[str, ...]
    jwks_uri: str | None = None
    jwks_file: Path | None = None
    identity_claim: str = "sub"
    groups_claim: str | None = None
    groups: tuple[str, ...] = ()
    group_map: dict[str, dict[str, tuple[str, ...]]] = field(default_factory=dict)
    require: dict[str, tuple[str, ...]] = field(default_factory=dict)
    leeway: int = 60
    refresh: int = 3600
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS


@dataclass(frozen=True)
class IdentitySection:
    mode: str | None = None  # None: the exitguard_auth option alone decides
    tokens_file: Path | None = None
    issuers: tuple[IssuerConfig, ...] = ()

    @property
    def has_sources(self) -> bool:
        return self.tokens_file is not None or bool(self.issuers)


def stricter_mode(option: str, policy: str | None) -> str:
    return option if policy is None else max(option, policy, key=MODES.index)


def parse(value: Any, where: str) -> IdentitySection:
    base = _policy_dir(where)
    if value is None:
        return IdentitySection()
    if not isinstance(value, dict):
        _fail(where, f"expected a mapping, got {type(value).__name__}")
    _no_unknown(value, {"mode", "tokens_file", "oidc"}, where)
    mode = value.get("mode")
    if mode is not None and mode not in POLICY_MODES:
        _fail(f"{where}.mode", f"{mode!r} is not one of {', '.join(POLICY_MODES)} (turning authentication off "
                               f"is the proxy operator's choice: --set exitguard_auth=off)")
    tokens_file = _path(value["tokens_file"], base, f"{where}.tokens_file") if "tokens_file" in value else None
    issuers = value.get("oidc", [])
    if not isinstance(issuers, list):
        _fail(f"{where}.oidc", "expected a list of issuers")
    parsed = tuple(_issuer(spec, base, f"{where}.oidc[{i}]") for i, spec in enumerate(issuers))
    seen = set()
    for i, iss in enumerate(parsed):
        if iss.issuer in seen:
            _fail(f"{where}.oidc[{i}].issuer", f"{iss.issuer!r} is listed twice")
        seen.add(iss.issuer)
    return IdentitySection(mode, tokens_file, parsed)


def _issuer(spec: Any, base: Path, where: str) -> IssuerConfig:
    if not isinstance(spec, dict):
        _fail(where, "expected a mapping with issuer, audience and jwks_uri or jwks_file")
    _no_unknown(spec, ISSUER_KEYS, where)
    for key in ("issuer", "audience"):
        if key not in spec:
            _fail(where, f"missing {key}")
    issuer = _string(spec["issuer"], f"{where}.issuer")
    if "jwks_file" in spec and "jwks_uri" in spec:
        _fail(where, "give jwks_file or jwks_uri, not both")
    jwks_file = _path(spec["jwks_file"], base, f"{where}.jwks_file") if "jwks_file" in spec else None
    jwks_uri = None
    if jwks_file is None:
        # Keys are fetched from the network only over https (plain http only for loopback test issuers).
        jwks_uri = spec.get("jwks_uri")
        _check_url(jwks_uri if jwks_uri is not None else issuer,
                   f"{where}.jwks_uri" if jwks_uri is not None else f"{where}.issuer")
    algorithms = tuple(spec.get("algorithms", DEFAULT_ALGORITHMS))
    for alg in algorithms:
        if alg not in ALGORITHMS:
            _fail(f"{where}.algorithms", f"{alg!r} is not one of {', '.join(ALGORITHMS)} (no HS*/none)")
    return IssuerConfig(
        issuer=issuer,
        audiences=_strings(spec["audience"], f"{where}.audience"),
        jwks_uri=jwks_uri,
        jwks_file=jwks_file,
        identity_claim=_string(spec.get("identity_claim", "sub"), f"{where}.identity_claim"),
        groups_claim=_string(spec["groups_claim"], f"{where}.groups_claim") if "groups_claim" in spec else None,
        groups=_strings(spec.get("groups", []), f"{where}.groups", allow_empty=True),
        group_map=_group_map(spec.get("group_map", {}), f"{where}.group_map"),
        require={str(k): _strings(v, f"{where}.require.{k}")
                 for k, v in _mapping(spec.get("require", {}), f"{where}.require").items()},
        leeway=_int(spec.get("leeway", 60), 0, MAX_LEEWAY, f"{where}.leeway"),
        refresh=_int(spec.get("refresh", 3600), 60, 7 * 86400, f"{where}.refresh"),
        algorithms=algorithms or DEFAULT_ALGORITHMS,
    )


def _group_map(value: Any, where: str) -> dict[str, dict[str, tuple[str, ...]]]:
    out = {}
    for claim, by_value in _mapping(value, where).items():
        by_value = _mapping(by_value, f"{where}.{claim}")
        out[str(claim)] = {str(v): _strings(groups, f"{where}.{claim}.{v}") for v, groups in by_value.items()}
    return out


def _check_url(url: Any, where: str) -> None:
    url = _string(url, where)
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and _is_loopback(parts.hostname):
        return
    _fail(where, f"{url!r}: expected an https:// URL (http:// only for a loopback test issuer)")


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def _path(value: Any, base: Path, where: str) -> Path:
    value = _string(value, where)
    p = Path(value).expanduser()
    return p if p.is_absolute() else base / p
