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
          require: {repository_owner: acme}                     # claim -> value or list: else refused; needed
                                    # for GitHub Actions / gitlab.com (MULTI_TENANT_ISSUERS): their tokens go to all
          leeway: 60                        # seconds of clock skew allowed for exp / nbf / iat (max 300)
          refresh: 3600                     # seconds a fetched JWKS is fresh (the issuer's Cache-Control max-age
                                            # shortens it, never below 60); refreshed ahead, in the background
          max_key_age: 86400                # a fetched JWKS is used while the issuer is down up to this age, then
                                            # refused (407) until a fetch succeeds; default max(86400, refresh)
          algorithms: [RS256, ES256]
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from addons.core import callers, net
from addons.core.validation import At
from addons.core.vocabulary import Ordered


class AuthMode(Ordered):
    """exitguard_auth and the policy's identity.mode, least to most strict."""

    OFF = "off"
    AUTO = "auto"
    REQUIRED = "required"


POLICY_MODES = (AuthMode.AUTO, AuthMode.REQUIRED)
ALGORITHMS = ("RS256", "RS384", "RS512", "PS256", "PS384", "PS512", "ES256", "ES384", "ES512", "EdDSA")
DEFAULT_ALGORITHMS = ("RS256", "ES256")
MAX_LEEWAY = 300
# Issuers that give a token to every repository / project of a public service, with any audience its job asks
# for: only a require on a claim naming the owner keeps strangers out (claim -> what it scopes).
MULTI_TENANT_ISSUERS = {
    "https://token.actions.githubusercontent.com": (
        # The id first: an organisation's name can be given up and registered by someone else; its id cannot.
        "every repository on GitHub", ("repository_owner_id", "repository_owner", "repository_id", "repository",
                                       "enterprise", "enterprise_id", "sub", "job_workflow_ref")),
    "https://gitlab.com": (
        "every project on gitlab.com", ("namespace_path", "namespace_id", "project_path", "project_id", "sub")),
}
ISSUER_KEYS = {"issuer", "audience", "jwks_uri", "jwks_file", "identity_claim", "groups_claim", "groups",
               "group_map", "require", "leeway", "refresh", "max_key_age", "algorithms"}
DEFAULT_REFRESH = 3600
DEFAULT_MAX_KEY_AGE = 86400
MAX_KEY_AGE_CAP = 30 * 86400


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
    refresh: int = DEFAULT_REFRESH
    algorithms: tuple[str, ...] = DEFAULT_ALGORITHMS
    max_key_age: int = DEFAULT_MAX_KEY_AGE  # >= refresh (parse checks it)


@dataclass(frozen=True)
class IdentitySection:
    mode: AuthMode | None = None  # None: the exitguard_auth option alone decides
    tokens_file: Path | None = None
    issuers: tuple[IssuerConfig, ...] = ()

    @property
    def has_sources(self) -> bool:
        return self.tokens_file is not None or bool(self.issuers)


def stricter_mode(option: str, policy: str | None) -> AuthMode:
    return AuthMode.strictest([option] if policy is None else [option, policy])


def parse(value: Any, at: At) -> IdentitySection:
    if value is None:
        return IdentitySection()
    value = at.mapping(value)
    at.no_unknown(value, {"mode", "tokens_file", "oidc"})
    mode = value.get("mode")
    if mode is not None:
        at.key("mode").choice(mode, POLICY_MODES, "turning authentication off is the proxy operator's choice: "
                                                  "--set exitguard_auth=off")
    tokens_file = at.key("tokens_file").file_path(value["tokens_file"]) if "tokens_file" in value else None
    oidc = at.key("oidc")
    issuers = tuple(_issuer(spec, oidc.item(i)) for i, spec in
                    enumerate(oidc.listing(value.get("oidc", []), "a list of issuers")))
    seen = set()
    for i, iss in enumerate(issuers):
        if iss.issuer in seen:
            oidc.item(i).key("issuer").fail(f"{iss.issuer!r} is listed twice")
        seen.add(iss.issuer)
    return IdentitySection(AuthMode(mode) if mode is not None else None, tokens_file, issuers)


def _issuer(spec: Any, at: At) -> IssuerConfig:
    spec = at.mapping(spec, "a mapping with issuer, audience and jwks_uri or jwks_file")
    at.no_unknown(spec, ISSUER_KEYS)
    at.required(spec, "issuer", "audience")
    issuer = at.key("issuer").string(spec["issuer"])
    if callers.ISSUER_MARK in issuer:
        # An issuer identifier has no fragment (OpenID Connect Discovery 1.0 section 3); the mark separates the
        # issuer from the identity in a caller's key (core/callers.py): "https://a" naming "x#b" and "https://a#x"
        # naming "b" would be one caller (attack15).
        at.key("issuer").fail(f"{issuer!r}: an issuer has no {callers.ISSUER_MARK!r} (no fragment)")
    if "jwks_file" in spec and "jwks_uri" in spec:
        at.fail("give jwks_file or jwks_uri, not both")
    jwks_file = at.key("jwks_file").file_path(spec["jwks_file"]) if "jwks_file" in spec else None
    jwks_uri = None
    if jwks_file is None:
        # Keys are fetched from the network only over https (plain http only for loopback test issuers).
        jwks_uri = spec.get("jwks_uri")
        _check_url(jwks_uri if jwks_uri is not None else issuer,
                   at.key("jwks_uri") if jwks_uri is not None else at.key("issuer"))
    algorithms = at.key("algorithms").strings(spec.get("algorithms", list(DEFAULT_ALGORITHMS)), allow_empty=True)
    for alg in algorithms:
        at.key("algorithms").choice(alg, ALGORITHMS, "no HS*/none")
    require = {str(k): at.key("require").key(k).strings(v)
               for k, v in at.key("require").mapping(spec.get("require", {})).items()}
    if tenant := MULTI_TENANT_ISSUERS.get(issuer.rstrip("/")):
        who, scoping = tenant
        if not set(require) & set(scoping):
            at.key("require").fail(f"{issuer} issues tokens to {who}, with any audience the job asks for: require "
                                   f"one of {', '.join(scoping)} (e.g. require: {{{scoping[0]}: "
                                   f"\"<your organisation's id>\"}})")
    refresh = at.key("refresh").integer(spec.get("refresh", DEFAULT_REFRESH), 60, 7 * 86400)
    max_key_age = at.key("max_key_age").integer(spec.get("max_key_age", max(DEFAULT_MAX_KEY_AGE, refresh)), 300,
                                                MAX_KEY_AGE_CAP)
    if max_key_age < refresh:
        at.key("max_key_age").fail(f"{max_key_age} is shorter than refresh ({refresh}): a key set would be refused "
                                   f"before it is due to be refreshed")
    return IssuerConfig(
        issuer=issuer,
        audiences=at.key("audience").strings(spec["audience"]),
        jwks_uri=jwks_uri,
        jwks_file=jwks_file,
        identity_claim=at.key("identity_claim").string(spec.get("identity_claim", "sub")),
        groups_claim=at.key("groups_claim").string(spec["groups_claim"]) if "groups_claim" in spec else None,
        groups=at.key("groups").strings(spec.get("groups", []), allow_empty=True),
        group_map=_group_map(spec.get("group_map", {}), at.key("group_map")),
        require=require,
        leeway=at.key("leeway").integer(spec.get("leeway", 60), 0, MAX_LEEWAY),
        refresh=refresh,
        algorithms=algorithms or DEFAULT_ALGORITHMS,
        max_key_age=max_key_age,
    )


def _group_map(value: Any, at: At) -> dict[str, dict[str, tuple[str, ...]]]:
    out = {}
    for claim, by_value in at.mapping(value).items():
        here = at.key(claim)
        out[str(claim)] = {str(v): here.key(v).strings(groups) for v, groups in here.mapping(by_value).items()}
    return out


def _check_url(url: Any, at: At) -> None:
    url = at.string(url)
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and net.is_loopback(parts.hostname):
        return
    at.fail(f"{url!r}: expected an https:// URL (http:// only for a loopback test issuer)")
