"""OIDC JWTs as proxy passwords (e.g. a CI job's identity token): signature checked with joserfc against the
issuer's JWKS, then iss / aud / exp / nbf / iat enforced with a small leeway, and claims mapped to an identity
and groups as configured (addons/identity_config.py). No mitmproxy import.

JWKS come from a local file (re-read when it changes) or from the issuer's ``jwks_uri`` (discovered from
``<issuer>/.well-known/openid-configuration`` when not given). A fetched key set is fresh for ``refresh`` seconds,
less when the issuer's ``Cache-Control: max-age`` says so (never under MIN_FRESH_SECONDS); past REFRESH_AHEAD of
that it is refreshed in the background, nobody waiting; past all of it a caller waits for the refresh, and a token
naming an unknown ``kid`` does too. A key the issuer took out of its set is refused from then on. The last good set
is cached on disk and stays in use while the issuer cannot be reached, so a network blip does not lock every CI
job out, but only up to ``max_key_age`` after it was fetched: a key the issuer rotated out (leaked) must not stay
good for as long as someone keeps the proxy from reaching the issuer. Older, it is refused until a fetch succeeds.

Error messages are shown to clients: they name what was wrong, never the token.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import json
import logging
import math
import os
import re
import tempfile
import time
import urllib.error
import urllib.request
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from joserfc import jwt
from joserfc.errors import BadSignatureError, InvalidKeyIdError, JoseError, UnsupportedAlgorithmError
from joserfc.jwk import KeySet, OctKey, RSAKey

from addons.core import net
from addons.core.outside import CONTROL_CHARS
from addons.core.secretfile import SecretFileError, read_secret_file
from addons.identity.section import IssuerConfig

logger = logging.getLogger(__name__)

FETCH_TIMEOUT = 5.0  # seconds per connect or read
FETCH_DEADLINE = 10.0  # seconds for a whole refresh (discovery and keys): a client waits no longer
MAX_DOCUMENT_BYTES = 1 << 20
MIN_RSA_BITS = 2048  # NIST SP 800-131A: RSA under 2048 bits is disallowed for signatures
MIN_REFETCH_INTERVAL = 15.0  # seconds between fetch attempts per issuer (an unknown kid cannot hammer the issuer)
CLOCK_SLACK_SECONDS = 60.0  # a key set "fetched" further in the future than this has no age we can tell
MIN_FRESH_SECONDS = 60.0  # an issuer's max-age under this (no-store, no-cache, max-age=0) counts as this
REFRESH_AHEAD = 0.75  # past this share of its freshness a set is refreshed in the background
# Real CI tokens are 1-2 KB (GitHub, GitLab, Kubernetes), Entra ID's with 200 groups about 8 KB; anything far
# longer is refused before a byte of it is decoded (an anonymous client chooses its size).
MAX_TOKEN_CHARS = 32 * 1024
# Fetches and key imports run here, not in asyncio's default executor: that one also resolves host names for
# every flow (loop.getaddrinfo), and a stalled issuer's reads would hold its few threads until their deadlines.
_FETCH_POOL = ThreadPoolExecutor(max_workers=4, thread_name_prefix="exitguard-jwks")
_JWT_RE = re.compile(r"^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$")


class OidcError(Exception):
    """Why a token was refused; the text is shown to the client and never contains the token."""


@dataclass(frozen=True)
class OidcIdentity:
    identity: str
    groups: tuple[str, ...]
    issuer: str
    expires_at: float  # epoch seconds, leeway included
    settings: IssuerConfig  # what the groups were mapped under: a tunnel is stale once they change


def looks_like_jwt(value: str) -> bool:
    return value.count(".") == 2 and bool(_JWT_RE.match(value))


class _AmbiguousJson(ValueError):
    pass


def _no_duplicates(pairs: list[tuple[str, Any]]) -> dict:
    keys = [k for k, _ in pairs]
    if len(set(keys)) != len(keys):
        # The signature covers the bytes, not a reading of them: with two "repository" (or "aud") one reader
        # takes the first, Python's json the last. RFC 7515 5.2 / 7519 4 let a verifier refuse such JSON.
        raise _AmbiguousJson("a duplicate key")
    return dict(pairs)


def _no_constant(name: str) -> Any:
    raise _AmbiguousJson(f"{name}, which is not JSON")  # NaN / Infinity: never expires, never compares


def _b64json(part: str) -> Any:
    """One part of the token as strict JSON: the same bytes joserfc reads, so what is accepted here is read alike
    there. Deep nesting (RecursionError) or a number too long is a ValueError like any other bad JSON."""
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)),
                          object_pairs_hook=_no_duplicates, parse_constant=_no_constant)
    except RecursionError:
        raise ValueError("nested too deeply") from None


def _printable(value: Any, limit: int = 80) -> str:
    text = "".join(c for c in str(value) if c.isprintable())
    return text[:limit] + ("..." if len(text) > limit else "")


def fetchable(url: str, issuer: str) -> bool:
    """May the key set be fetched from url: https, or plain http to loopback for a loopback http test issuer only
    (an https issuer's discovery document or redirect must not steer the proxy to a plain-http local service)."""
    parts, origin = urlsplit(url), urlsplit(issuer)
    if parts.scheme == "https" and parts.hostname:
        return True
    return (parts.scheme == "http" and net.is_loopback(parts.hostname or "")
            and origin.scheme == "http" and net.is_loopback(origin.hostname or ""))


class _CheckedRedirects(urllib.request.HTTPRedirectHandler):
    """Follow a redirect only where the first URL could have pointed (urllib follows any http(s) one)."""

    def redirect_request(self, req, fp, code, msg, headers, newurl):
        if not fetchable(newurl, req.full_url):
            raise urllib.error.HTTPError(req.full_url, code, "redirect refused: the target is not https",
                                         headers, fp)
        return super().redirect_request(req, fp, code, msg, headers, newurl)


@dataclass(frozen=True)
class Fetched:
    """A fetched JSON document and the seconds its server lets it be cached (None: the server did not say).
    A ``fetch`` callable may return one, or the bare document."""
    doc: Any
    max_age: float | None = None


def cache_lifetime(cache_control: list[str], age: str | None) -> float | None:
    """Seconds a response may still be used per its Cache-Control (max-age less Age); 0 for no-store / no-cache
    or a max-age that is no number (RFC 9111 4.2.1: stale); None when it gives no max-age."""
    directives: dict[str, str] = {}
    for part in ",".join(cache_control).split(","):
        name, _, arg = part.partition("=")
        directives.setdefault(name.strip().lower(), arg.strip().strip('"'))
    if "no-store" in directives or "no-cache" in directives:
        return 0.0
    if "max-age" not in directives:
        return None
    if not directives["max-age"].isdigit():
        return 0.0
    used = int(age) if age is not None and age.strip().isdigit() else 0
    return float(max(0, int(directives["max-age"][:12]) - used))


def http_get(url: str) -> Fetched:
    """Blocking GET of a JSON document (run it in a thread), all of it within FETCH_DEADLINE: a server that
    trickles a byte per read never trips a per-read timeout. Loopback URLs bypass any configured proxy."""
    deadline = time.monotonic() + FETCH_DEADLINE
    handlers: list[urllib.request.BaseHandler] = [_CheckedRedirects()]
    if net.is_loopback(urlsplit(url).hostname or ""):
        handlers.append(urllib.request.ProxyHandler({}))
    opener = urllib.request.build_opener(*handlers)
    with opener.open(urllib.request.Request(url, headers={"accept": "application/json"}),
                     timeout=FETCH_TIMEOUT) as resp:
        body = bytearray()
        while chunk := resp.read1(1 << 16):
            body += chunk
            if len(body) > MAX_DOCUMENT_BYTES:
                raise ValueError(f"the document is larger than {MAX_DOCUMENT_BYTES} bytes")
            if time.monotonic() > deadline:
                raise TimeoutError(f"the document took longer than {FETCH_DEADLINE:g} s")
        return Fetched(json.loads(body), cache_lifetime(resp.headers.get_all("cache-control") or [],
                                                        resp.headers.get("age")))


def http_get_json(url: str) -> Any:
    return http_get(url).doc


def _fetched(result: Any) -> Fetched:
    return result if isinstance(result, Fetched) else Fetched(result)


class KeySource:
    """The current JWKS of one issuer."""

    def __init__(self, cfg: IssuerConfig, cache_dir: Path | None = None,
                 fetch: Callable[[str], Any] = http_get) -> None:
        self.cfg = cfg
        self.cache_dir = cache_dir
        self.fetch = fetch
        self.keys: KeySet | None = None
        self.fetched_at = 0.0  # epoch seconds of the key set in use
        self.fresh_for = float(cfg.refresh)  # seconds from fetched_at (the issuer's max-age may shorten it)
        self.last_attempt = -MIN_REFETCH_INTERVAL
        self.file_mtime: float | None = None
        self.inflight: asyncio.Task[None] | None = None  # the refresh running now, if any

    async def key_set(self, kid: str | None) -> KeySet:
        if self.cfg.jwks_file is not None:
            return self._from_file()  # the operator's own file: no age limit
        if self.keys is None:
            self._load_disk_cache()
        age = self._age()
        stale = self.keys is None or age >= self.fresh_for
        unknown_kid = self.keys is not None and kid is not None and kid not in _kids(self.keys)
        if stale or unknown_kid or age >= REFRESH_AHEAD * self.fresh_for:
            self._start_refresh()
        if (stale or unknown_kid) and self.inflight is not None:
            # This caller needs what the refresh brings (no keys yet, a rotated key, a set past its freshness that
            # may hold a key the issuer took out): it waits, FETCH_DEADLINE at most. A set still fresh is used at
            # once, even while it is being refreshed ahead.
            await asyncio.shield(self.inflight)
        if self.keys is None:
            raise OidcError(f"the signing keys of issuer {self.cfg.issuer} are not available (issuer unreachable "
                            f"and nothing cached); try again later")
        if (age := self._age()) > self.cfg.max_key_age:
            raise OidcError(f"the signing keys of issuer {self.cfg.issuer} were fetched "
                            f"{f'{int(age)} s ago' if math.isfinite(age) else 'ahead of the clock'}, more than "
                            f"its max_key_age ({self.cfg.max_key_age} s), and the issuer cannot be reached to renew "
                            f"them; try again later")
        return self.keys

    def _age(self) -> float:
        """Seconds since the set in use was fetched. One fetched in the future (the clock went back since, or a
        disk cache whose mtime is ahead: a restored copy, a clock set right after it was written) has no age we
        can tell: it counts as too old, so it is refreshed first and not used past a failed refresh (attack15:
        it was fresh, never refreshed, until that time came)."""
        age = time.time() - self.fetched_at
        return math.inf if age < -CLOCK_SLACK_SECONDS else max(age, 0.0)

    def _start_refresh(self) -> None:
        """One refresh at a time per issuer, MIN_REFETCH_INTERVAL apart; it runs on its own (a caller that gives
        up waiting does not cancel it)."""
        if self.inflight is not None or time.monotonic() - self.last_attempt < MIN_REFETCH_INTERVAL:
            return
        self.last_attempt = time.monotonic()
        self.inflight = asyncio.get_running_loop().create_task(self._refresh_and_clear())

    async def _refresh_and_clear(self) -> None:
        try:
            await self._refresh()
        finally:
            self.inflight = None

    def _from_file(self) -> KeySet:
        path = self.cfg.jwks_file
        assert path is not None  # key_set reads the file only for issuers configured with one
        try:
            mtime = path.stat().st_mtime
            if self.keys is None or mtime != self.file_mtime:
                self.keys = import_keys(json.loads(path.read_text(encoding="utf-8")))
                self.file_mtime = mtime
        except (OSError, ValueError, JoseError) as e:
            if self.keys is None:
                raise OidcError(f"the JWKS file of issuer {self.cfg.issuer} cannot be read") from e
            logger.error("exitguard: JWKS file %s unreadable (%s), keeping the previous keys", path,
                         type(e).__name__)
        return self.keys

    async def _refresh(self) -> None:
        try:
            # The client that asked waits at most FETCH_DEADLINE; a thread still reading ends by itself
            # (http_get_json's own deadline, FETCH_TIMEOUT per read).
            fetched, keys = await asyncio.wait_for(self._fetch_keys(), FETCH_DEADLINE)
        except Exception as e:  # network, JSON, key format, deadline: keep whatever we had (up to max_key_age)
            logger.warning("exitguard: cannot refresh the JWKS of issuer %s (%s); %s", self.cfg.issuer,
                           type(e).__name__, "keeping the cached keys until max_key_age" if self.keys
                           else "no keys cached")
            return
        self.keys, self.fetched_at = keys, time.time()
        # The issuer's max-age may only shorten the operator's refresh, never below MIN_FRESH_SECONDS.
        self.fresh_for = float(self.cfg.refresh) if fetched.max_age is None else \
            min(float(self.cfg.refresh), max(MIN_FRESH_SECONDS, fetched.max_age))
        self._save_disk_cache(fetched.doc)

    async def _fetch_keys(self) -> tuple[Fetched, KeySet]:
        uri = self.cfg.jwks_uri or await self._discover()
        fetched = _fetched(await _off_loop(self.fetch, uri))
        # Importing ~2500 keys (a 1 MiB JWKS) takes 0.7 s: not on the event loop every flow shares.
        return fetched, await _off_loop(import_keys, fetched.doc)

    async def _discover(self) -> str:
        url = self.cfg.issuer.rstrip("/") + "/.well-known/openid-configuration"
        doc = _fetched(await _off_loop(self.fetch, url)).doc
        named = doc.get("issuer") if isinstance(doc, dict) else None
        if not isinstance(named, str) or named.rstrip("/") != self.cfg.issuer.rstrip("/"):
            # OpenID Connect Discovery 4.3: a document naming another issuer (or none) is not used.
            raise ValueError("the discovery document is for another issuer")
        uri = doc.get("jwks_uri")
        if not isinstance(uri, str) or not fetchable(uri, self.cfg.issuer):
            raise ValueError("discovery document has no usable jwks_uri")
        return uri

    def _cache_file(self) -> Path | None:
        if self.cache_dir is None:
            return None
        name = hashlib.sha256(self.cfg.issuer.encode()).hexdigest()[:16]
        return self.cache_dir / f"exitguard-jwks-{name}.json"

    def _load_disk_cache(self) -> None:
        path = self._cache_file()
        if path is None or not path.exists():
            return
        try:
            # The keys decide whose JWTs pass: a cache whose content another user could have chosen (theirs, or
            # writable by group/others) is not read, like a secret file (core/secretfile.py); the issuer is asked.
            text = read_secret_file(path, MAX_DOCUMENT_BYTES)
            self.keys = import_keys(json.loads(text))
            self.fetched_at = path.stat().st_mtime
            # The issuer's max-age of that fetch is not on disk: believe the copy for the least time any fetch is
            # (attack16: a restart believed it for `refresh`, an hour, though the issuer had said 120 s, and a key
            # rotated out kept signing). Past it the first caller waits for a refresh; a failed one keeps the copy.
            self.fresh_for = min(self.fresh_for, MIN_FRESH_SECONDS)
        except SecretFileError as e:
            logger.warning("exitguard: ignoring JWKS cache %s", e)
        except (OSError, ValueError, JoseError):
            logger.warning("exitguard: ignoring unreadable JWKS cache %s", path)

    def _save_disk_cache(self, doc: Any) -> None:
        path = self._cache_file()
        if path is None:
            return
        tmp = None
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            # A new file under a name nobody can guess (mkstemp: O_EXCL, 0600), renamed over the cache: a link or
            # file another local user put at a predictable name is never written through.
            fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(doc, f)
            os.replace(tmp, path)
        except OSError as e:
            logger.warning("exitguard: cannot write JWKS cache %s (%s)", path, e.strerror)
            if tmp is not None:
                Path(tmp).unlink(missing_ok=True)


def import_keys(doc: Any) -> KeySet:
    """The keys of a JWKS this proxy may verify with. One key that cannot be read (a malformed one, e = 1, a key
    type from a later RFC) is left out rather than failing the set: an issuer adding it would otherwise lock every
    caller out at its next rotation. Left out too: symmetric keys (a secret published is no secret) and RSA
    moduli under MIN_RSA_BITS (a 512-bit one is factored in hours, then any identity can be signed)."""
    entries = doc.get("keys") if isinstance(doc, dict) else None
    if not isinstance(entries, list):
        raise ValueError("not a JWKS: no list of keys")
    usable: list[Any] = []  # joserfc's Key union
    skipped = 0
    for entry in entries:
        try:
            key = KeySet.import_key_set({"keys": [entry]}).keys
        except (JoseError, ValueError, TypeError, KeyError):
            key = []
        ok = [k for k in key if not isinstance(k, OctKey)
              and not (isinstance(k, RSAKey) and k.public_key.key_size < MIN_RSA_BITS)]
        skipped += not ok
        usable.extend(ok)
    if skipped:
        logger.warning("exitguard: left %d of %d JWKS keys out (unreadable, symmetric or RSA under %d bits)",
                       skipped, len(entries), MIN_RSA_BITS)
    if not usable:
        raise ValueError("the JWKS has no usable key")
    return KeySet(usable)


async def _off_loop(func: Callable[[Any], Any], arg: Any) -> Any:
    return await asyncio.get_running_loop().run_in_executor(_FETCH_POOL, func, arg)


def _kids(keys: KeySet) -> set[str]:
    return {k.kid for k in keys.keys if k.kid}


class OidcVerifier:
    def __init__(self, issuers: tuple[IssuerConfig, ...], cache_dir: Path | None = None,
                 fetch: Callable[[str], Any] = http_get) -> None:
        self.sources = {cfg.issuer: KeySource(cfg, cache_dir, fetch) for cfg in issuers}

    async def verify(self, token: str, now: float | None = None) -> OidcIdentity:
        if len(token) > MAX_TOKEN_CHARS:
            raise OidcError(f"the JWT is too long ({len(token)} characters; at most {MAX_TOKEN_CHARS})")
        if not looks_like_jwt(token):
            raise OidcError("the proxy password is not a JWT")
        try:
            header, unverified = _b64json(token.split(".")[0]), _b64json(token.split(".")[1])
        except _AmbiguousJson as e:
            raise OidcError(f"the JWT cannot be decoded: its JSON holds {e}") from None
        except ValueError:
            raise OidcError("the JWT cannot be decoded") from None
        if not isinstance(header, dict) or not isinstance(unverified, dict):
            raise OidcError("the JWT cannot be decoded")
        _check_header(header)
        issuer = unverified.get("iss")  # only routes to a key set; verified below
        source = self.sources.get(issuer) if isinstance(issuer, str) else None  # a list would not hash
        if source is None:
            raise OidcError(f"wrong issuer: tokens from {_printable(unverified.get('iss'))!r} are not accepted")
        cfg = source.cfg
        keys = await source.key_set(header.get("kid"))
        try:
            claims = jwt.decode(token, keys, algorithms=list(cfg.algorithms)).claims
        except UnsupportedAlgorithmError:
            raise OidcError(f"the JWT algorithm {_printable(header.get('alg'))!r} is not accepted "
                            f"(allowed: {', '.join(cfg.algorithms)})") from None
        except InvalidKeyIdError:
            raise OidcError(f"the JWT was signed with a key that issuer {cfg.issuer} does not publish") from None
        except BadSignatureError:
            raise OidcError("wrong signature: the JWT was not signed by the issuer's keys") from None
        except (JoseError, ValueError):
            raise OidcError("the JWT is malformed") from None
        return check_claims(cfg, claims, time.time() if now is None else now)


def _check_header(header: dict) -> None:
    """Header fields joserfc would trip over (a crit it iterates, a kid looked up in a set) as a refusal."""
    for name in ("alg", "kid"):
        if name in header and not isinstance(header[name], str):
            raise OidcError(f"the JWT header's {name!r} is not a string")
    if "crit" in header:
        # No OIDC issuer marks extensions critical; one this verifier does not implement must be refused
        # (RFC 7515 4.1.11), and an odd crit made joserfc raise TypeError (a 502 instead of a 407).
        raise OidcError("the JWT header lists critical extensions (crit); this proxy supports none")


def check_claims(cfg: IssuerConfig, claims: dict, now: float) -> OidcIdentity:
    if claims.get("iss") != cfg.issuer:
        raise OidcError("wrong issuer")
    aud = claims.get("aud")
    audiences = [aud] if isinstance(aud, str) else aud if isinstance(aud, list) else []
    if not set(map(str, audiences)) & set(cfg.audiences):
        raise OidcError(f"wrong audience: the token is for {_printable(aud)!r}, this proxy accepts "
                        f"{', '.join(cfg.audiences)}")
    exp = _number(claims, "exp", required=True)
    assert exp is not None  # required: a missing claim raised
    if now > exp + cfg.leeway:
        raise OidcError(f"the token expired {int(now - exp)} s ago; get a fresh one")
    nbf = _number(claims, "nbf")
    if nbf is not None and now + cfg.leeway < nbf:
        raise OidcError(f"the token is not valid yet (nbf is {int(nbf - now)} s in the future)")
    iat = _number(claims, "iat")
    if iat is not None and now + cfg.leeway < iat:
        raise OidcError("the token was issued in the future (iat); check the clocks")
    for claim, allowed in cfg.require.items():
        if not set(_claim_values(claims.get(claim))) & set(allowed):
            raise OidcError(f"claim {claim!r} does not have a value this proxy accepts")
    ident = claims.get(cfg.identity_claim)
    if not isinstance(ident, (str, int)) or isinstance(ident, bool) or str(ident) == "":
        raise OidcError(f"the token has no {cfg.identity_claim!r} claim to name the caller")
    if CONTROL_CHARS.search(str(ident)):
        # The name goes into log lines, the audit index and reviewers' terminals: a line feed there forges a line.
        raise OidcError(f"the token's {cfg.identity_claim!r} claim holds control characters; it cannot name a caller")
    return OidcIdentity(str(ident), map_groups(cfg, claims), cfg.issuer, exp + cfg.leeway, cfg)


def map_groups(cfg: IssuerConfig, claims: dict) -> tuple[str, ...]:
    groups = list(cfg.groups)
    if cfg.groups_claim:
        groups.extend(_claim_values(claims.get(cfg.groups_claim)))
    for claim, by_value in cfg.group_map.items():
        for value in _claim_values(claims.get(claim)):
            groups.extend(by_value.get(value, ()))
    return tuple(dict.fromkeys(groups))  # de-duplicated, order kept


def _claim_values(value: Any) -> list[str]:
    """A claim's values as text; one holding control characters is no value (it would forge log lines, and no
    policy names such a group)."""
    values = [value] if not isinstance(value, list) else value
    return [str(v) for v in values if isinstance(v, (str, int)) and not isinstance(v, bool)
            and not CONTROL_CHARS.search(str(v))]



def _number(claims: dict, name: str, required: bool = False) -> float | None:
    value = claims.get(name)
    if value is None:
        if required:
            raise OidcError(f"the token has no {name!r} claim")
        return None
    try:
        number = float(value) if isinstance(value, (int, float)) and not isinstance(value, bool) else math.nan
    except OverflowError:  # an integer of hundreds of digits
        number = math.nan
    if not math.isfinite(number):
        raise OidcError(f"the token's {name!r} claim is not a number of seconds")
    return number
