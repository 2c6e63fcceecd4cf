"""What ``exitguard up`` checks of a fleet's Redis (``exitguard_state``) before mitmproxy starts.

The proxy itself reads these options only once it has started: a password file others may read, or a URL that
holds a password beside one, was a traceback after the client set-up was printed; a password Redis refuses (or
none, where Redis asks for one) was a proxy that ran with every approval failing closed and a warning in its
log, retrying forever. So was a ``rediss://`` server whose certificate the proxy does not trust (no or another
``exitguard_state_ca_file``), and one that asks for a client certificate (newuser51: Redis's ``tls-auth-clients``
is ``yes`` unless set, and exitguard presents none): waiting never makes either work. Here these are one line and
status 2, like every other start-up mistake. A URL and a port that disagree about TLS look like an outage (a reset,
a timeout), so they stay a notice, naming the likely mix-up. And a
Redis that answers clients who give no password is said at start (deploy/README.md: always require one):
whoever reaches it can delete held approvals and remove token revocations. A Redis that cannot be reached now
is said too, but does not stop the start: replicas link on their own when it comes up (a pod may start first).
"""

from __future__ import annotations

import ssl
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from mitmproxy import exceptions

from addons.cli.errors import UserError
from addons.core.state import addon as state_addon
from addons.core.state.redis_store import CLIENT_CERTIFICATE_FIX, handshake_refused, mixup_hint, url_passwords
from addons.core.state.store import mask_url

CONNECT_TIMEOUT_S = 1.0
COMMAND_TIMEOUT_S = 2.0
CREDENTIAL_QUERY_KEYS = {"password", "username"}  # redis-py reads both from the query too
GUIDE = "deploy/README.md, 'Several replicas'"


def check(opts) -> list[str]:
    """Notices for the start-up lines (possibly none); UserError for what would keep the fleet from linking."""
    try:
        settings = state_addon.read_settings(opts)
        if settings.url is None:
            return []
        password = state_addon.read_password(settings)
    except exceptions.OptionsError as e:
        raise UserError(str(e)) from None
    import redis  # only a fleet needs the client

    where = f"Redis at {mask_url(settings.url)}"
    secrets = [s for s in (password, *url_passwords(settings.url)) if s]
    ca = str(settings.ca_file) if settings.ca_file else None
    try:
        _ping(settings.url, password, ca)
    except redis.AuthenticationError as e:
        if not secrets:
            raise UserError(f"exitguard_state: {where} asks for a password: put it in a file only the proxy's user "
                            "may read (chmod 600) and add --set exitguard_state_password_file=FILE") from None
        source = "exitguard_state_password_file" if password else "the URL"
        raise UserError(f"exitguard_state: {where} refused the password from {source} "
                        f"({_scrub(e, secrets)})") from None
    except (redis.RedisError, OSError) as e:
        if (unverified := _certificate_error(e)) is not None:
            raise UserError(f"exitguard_state: {where} presents a certificate that does not verify "
                            f"({unverified.verify_message or unverified.reason}): give the CA that signed it "
                            "with --set exitguard_state_ca_file=FILE") from None
        if settings.url.startswith("rediss://") and handshake_refused(e):
            raise UserError(f"exitguard_state: {where} ended the TLS handshake ({_scrub(e, secrets)}): "
                            f"{CLIENT_CERTIFICATE_FIX}") from None
        hint = mixup_hint(settings.url, e)
        return [f"cannot reach {where} now ({_scrub(e, secrets)}); the proxy starts and links when it can, "
                "and until then requests that need approval get 503" + (f" ({hint})" if hint else "")]
    try:
        _ping(without_credentials(settings.url), None, ca)
    except (redis.RedisError, OSError):
        return []  # it asks for a password (or went away just now): nothing to say
    return [f"WARNING: {where} answers clients that give no password: whoever reaches it can delete held "
            f"approvals and remove token revocations; set requirepass (or an ACL user) in Redis ({GUIDE})"]


def _ping(url: str, password: str | None, ca: str | None) -> None:
    import redis
    from redis.backoff import NoBackoff
    from redis.retry import Retry

    kwargs: dict = {"socket_connect_timeout": CONNECT_TIMEOUT_S, "socket_timeout": COMMAND_TIMEOUT_S,
                    "retry": Retry(NoBackoff(), 0)}
    if password is not None:
        kwargs["password"] = password
    if ca is not None:
        kwargs["ssl_ca_certs"] = ca
    client = redis.Redis.from_url(url, **kwargs)
    try:
        client.ping()
    finally:
        client.close()


def _certificate_error(error: BaseException) -> ssl.SSLCertVerificationError | None:
    """The certificate failure redis-py wraps in its ConnectionError, if that is what it was."""
    seen: BaseException | None = error
    while seen is not None:
        if isinstance(seen, ssl.SSLCertVerificationError):
            return seen
        seen = seen.__cause__ or seen.__context__
    return None


def without_credentials(url: str) -> str:
    """The same Redis as an anonymous client reaches it: no user info, no ``?password=`` / ``?username=``."""
    parts = urlsplit(url)
    query = urlencode([(k, v) for k, v in parse_qsl(parts.query) if k not in CREDENTIAL_QUERY_KEYS])
    return urlunsplit((parts.scheme, parts.netloc.rpartition("@")[2], parts.path, query, parts.fragment))


def _scrub(error: BaseException, secrets: list[str]) -> str:
    text = f"{type(error).__name__}: {error}"
    for secret in secrets:
        text = text.replace(secret, "***")
    return text[:200]
