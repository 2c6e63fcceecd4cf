"""Who is calling: proxy authentication with exitguard tokens or OIDC JWTs in ``Proxy-Authorization``, so
``HTTPS_PROXY=http://NAME:TOKEN@host:port`` works in every client and the provider's ``Authorization`` header
is left alone (the credential broker may need it).

exitguard does the proxy authentication itself instead of through mitmproxy's ``proxyauth`` option: it needs
an optional mode (loopback listener: anonymous unless credentials are sent), a clear 407 per failure, and
CONNECT credentials re-checked for each request inside the tunnel (a token revoked or a JWT expired while the
connection stays open stops working). Setting ``proxyauth`` together with exitguard authentication is refused.
``Proxy-Authorization`` is removed from every flow (mitmproxy would otherwise forward it on plain HTTP), and
the password mitmproxy keeps in ``flow.metadata["proxyauth"]`` (saved to .mitm files) is blanked.
"""

from __future__ import annotations

import binascii
import logging
import shlex
import time
import weakref
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import ctx, exceptions, http
from mitmproxy.proxy import mode_specs

from addons.core import metakeys, net, options, responses, runtime
from addons.core import state as shared_state
from addons.core.fail_closed import fail_closed
from addons.identity.oidc import OidcError, OidcVerifier, looks_like_jwt
from addons.identity.revocations import SharedRevocations
from addons.identity.section import IdentitySection, IssuerConfig, stricter_mode
from addons.identity.tokens import TokenFileError, TokenStore, looks_like_token

logger = logging.getLogger(__name__)

REALM = "exitguard"
HOW_TO = "Use HTTPS_PROXY=http://NAME:TOKEN@HOST:PORT with an exitguard token or an OIDC token as the password."
DEFAULT_TOKENS_NAME = "exitguard-tokens.json"
AUTH_CHOICES = ("auto", "required", "off")
MITMPROXY_CONFDIR = Path("~/.mitmproxy").expanduser()  # mitmproxy's default, until configure says otherwise
TOKEN_FILE_CHECK_INTERVAL = 1.0  # seconds: revocations take effect this fast without a restart
CONFIG_OPTIONS = {"exitguard_auth", "exitguard_tokens_file", "exitguard_policy", "listen_host", "mode",
                  "proxyauth", "confdir", "server"}


@dataclass(frozen=True)
class AuthSettings:
    """The options authentication depends on, parsed in ``configure`` (policy reloads re-apply them)."""
    auth: str = "auto"  # exitguard_auth
    tokens_file: Path | None = None  # exitguard_tokens_file; None: the policy's, else the confdir default
    confdir: Path = MITMPROXY_CONFDIR
    proxyauth: bool = False  # mitmproxy's own proxyauth option is set
    listeners: tuple[tuple[str, str], ...] = ()  # (listen host, mode type) per proxy server; none with -n
    listen_host: str = ""  # mitmproxy's listen_host: where a mode without a host of its own listens


def read_settings(opts) -> AuthSettings:
    return AuthSettings(auth=options.chosen(opts, "exitguard_auth"),
                        tokens_file=options.optional_path(opts, "exitguard_tokens_file"),
                        confdir=Path(opts.confdir).expanduser(),
                        proxyauth=bool(getattr(opts, "proxyauth", None)),
                        listeners=_listeners(opts), listen_host=opts.listen_host)


@dataclass(frozen=True)
class AuthPlan:
    """Who must authenticate, as the options and the policy's identity section say."""
    mode: str  # auto | required | off: the stricter of exitguard_auth and identity.mode
    required: bool  # some listener requires credentials (required: all of them; auto: those beyond loopback)
    tokens_file: Path | None


ASKING_KINDS = ("regular", "upstream")  # listener kinds whose clients can send Proxy-Authorization


def plan_auth(settings: AuthSettings, loaded: IdentitySection | None = None) -> AuthPlan:
    """The authentication the proxy will run, or ValueError saying what cannot work. Pure: ``exitguard up`` asks it
    before starting mitmproxy, the addon at configure and on every policy reload."""
    section = loaded or NO_SECTION
    mode = stricter_mode(settings.auth, section.mode)
    required = mode == "required" or (mode == "auto" and not all(net.is_loopback(h) for h, _ in settings.listeners))
    demanding = [(host, kind) for host, kind in settings.listeners
                 if listener_requires_auth(mode, required, host, kind)]
    tokens_file = settings.tokens_file or section.tokens_file
    if tokens_file is None and (default := settings.confdir / DEFAULT_TOKENS_NAME).exists():
        tokens_file = default  # where `exitguard token add` writes by default (confdir of `exitguard up`)
    if mode != "off" and settings.proxyauth:
        raise ValueError("the proxyauth option cannot be combined with exitguard authentication; remove it "
                         "and use `exitguard token add` (or set exitguard_auth=off)")
    if required and tokens_file is None and not section.issuers:
        raise ValueError("proxy authentication is required (listening on "
                         f"{', '.join(h or '*' for h, _ in settings.listeners)}, exitguard_auth={mode}) but no token "
                         "file or OIDC issuer is configured. Create a token with `exitguard token --file "
                         f"{shlex.quote(str(settings.confdir / DEFAULT_TOKENS_NAME))} add NAME` (the file the proxy "
                         "reads unless exitguard_tokens_file names another), or configure identity.oidc in the "
                         "policy; set exitguard_auth=off only on a trusted network.")
    odd = sorted({kind for _, kind in demanding if kind not in ASKING_KINDS})
    if odd:
        raise ValueError(f"proxy authentication works in regular/upstream mode only, not {', '.join(odd)}; "
                         "listen on loopback or set exitguard_auth=off for these modes")
    return AuthPlan(mode, required, tokens_file)


def listener_requires_auth(mode: str, required: bool, listen_host: str, kind: str) -> bool:
    """Whether callers on this listener must authenticate, once the proxy as a whole requires it (``required``).
    auto exempts one kind of listener only: a loopback listener that cannot ask for credentials (a reverse
    listener, which ``up --reverse`` binds to 127.0.0.1 whatever --listen says), so ``up --listen 0.0.0.0:8080
    --reverse openai=8081`` starts. A loopback listener that can ask (regular) still does, as before."""
    if not required:
        return False
    return mode == "required" or kind in ASKING_KINDS or not net.is_loopback(listen_host)


def _listeners(opts) -> tuple[tuple[str, str], ...]:
    """(listen host, mode type) per proxy server; none with -n (reading or replaying flows offline)."""
    if not opts.server:
        return ()
    return tuple((parsed.listen_host(opts.listen_host), parsed.type_name)
                 for parsed in map(mode_specs.ProxyMode.parse, opts.mode or ["regular"]))


class AuthFailure(Exception):
    """Shown to the client in the 407: what was wrong, never the credential."""


@dataclass(frozen=True)
class Principal:
    identity: str | None
    groups: tuple[str, ...]
    method: str  # metakeys.AUTH_METHOD: token | oidc | none | anonymous
    token_id: str | None = None
    expires_at: float | None = None
    issuer: str | None = None  # of an OIDC principal
    issuer_settings: IssuerConfig | None = None  # the issuer's settings its groups were mapped under


NO_SECTION = IdentitySection()
ANONYMOUS = Principal(None, (), "anonymous")
AUTH_OFF = Principal(None, (), "none")


def parse_proxy_authorization(value: str) -> tuple[str, str]:
    """(user, password) from a ``Basic`` Proxy-Authorization value, or AuthFailure."""
    scheme, _, encoded = value.strip().partition(" ")
    if scheme.lower() != "basic" or not encoded.strip():
        raise AuthFailure("unsupported Proxy-Authorization scheme (expected Basic: user and token in the proxy URL)")
    try:
        decoded = binascii.a2b_base64(encoded.strip().encode()).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        raise AuthFailure("the Proxy-Authorization header cannot be decoded") from None
    user, sep, password = decoded.partition(":")
    if not sep or not password:
        raise AuthFailure("no token in the proxy URL password")
    return user, password




def basic_parts(value: str) -> tuple[str, str]:
    """(user, password) of a Basic value as far as it decodes, ("", "") where it does not: for naming who a
    refused credential claims to be (``parse_proxy_authorization`` checks it)."""
    scheme, _, encoded = value.strip().partition(" ")
    if scheme.lower() != "basic":
        return "", ""
    try:
        decoded = binascii.a2b_base64(encoded.strip().encode()).decode("utf-8")
    except (binascii.Error, UnicodeDecodeError):
        return "", ""
    user, _, password = decoded.partition(":")
    return user, password


class Identity:
    def __init__(self) -> None:
        self.settings = AuthSettings()  # parsed from the options in configure
        self.required = False  # a caller without valid credentials is refused
        self.mode = "auto"
        self.section: IdentitySection | None = None  # as loaded from the policy (None: no identity section)
        self.tokens: TokenStore | None = None
        self.tokens_file: Path | None = None
        self._tokens_checked = 0.0
        self._tokens_mtime: FileVersion | None = None
        self.oidc: OidcVerifier | None = None
        self.revocations = SharedRevocations()  # token ids revoked on any replica (core/state)
        # Principal per client connection that authenticated with CONNECT (no credentials on inner requests).
        self._by_connection: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()
        # Principal per flow, for what a flow still carries after its request: WebSocket messages.
        self._by_flow: weakref.WeakKeyDictionary[http.HTTPFlow, Principal] = weakref.WeakKeyDictionary()

    def load(self, loader) -> None:
        loader.add_option("exitguard_auth", str, "auto",
                          """
                          Proxy authentication: auto (required when listening on anything but loopback),
                          required, or off. The policy's identity.mode can make it stricter.
                          """, choices=AUTH_CHOICES)
        loader.add_option("exitguard_tokens_file", str | None, None,
                          "File of exitguard proxy tokens (exitguard token add). Overrides identity.tokens_file. "
                          f"Unset: the policy's identity.tokens_file, else {DEFAULT_TOKENS_NAME} in the confdir "
                          "if it exists.")

    # ----------------------------------------------------------------- configuration

    def configure(self, updated: set[str]) -> None:
        if not updated & CONFIG_OPTIONS:
            return
        settings = read_settings(ctx.options)
        try:
            self._apply(settings, self._current_section(), starting=True)
        except (TokenFileError, ValueError) as e:
            raise exceptions.OptionsError(f"exitguard: {e}") from e

    def _current_section(self) -> IdentitySection | None:
        """The loaded policy's identity section object (None without one); compared by identity on reload."""
        try:
            return runtime.get().policy.sections.get("identity")
        except runtime.NotConfigured:
            return None

    def _apply(self, settings: AuthSettings, loaded: IdentitySection | None, starting: bool) -> None:
        section = loaded or NO_SECTION
        plan = plan_auth(settings, loaded)
        mode, required, tokens_file = plan.mode, plan.required, plan.tokens_file
        tokens = TokenStore.load(tokens_file) if tokens_file is not None and mode != "off" else None
        self.settings, self.mode, self.required, self.section = settings, mode, required, loaded
        self.tokens, self.tokens_file = tokens, tokens_file
        self._tokens_mtime = _mtime(tokens_file) if tokens_file else None
        self.oidc = OidcVerifier(section.issuers, settings.confdir) if section.issuers and mode != "off" else None
        if starting:
            partly = required and not all(listener_requires_auth(mode, required, h, k) for h, k in settings.listeners)
            logger.info("exitguard: proxy authentication %s (%s)",
                        "required (not on loopback reverse listeners: they cannot ask)" if partly
                        else "required" if required else ("off" if mode == "off" else "optional"),
                        ", ".join(filter(None, ["tokens" if tokens else "", "oidc" if self.oidc else ""]))
                        or "no credential sources")

    def _refresh(self) -> None:
        """Follow policy reloads, and token files edited by `exitguard token add/revoke` while running."""
        section = self._current_section()
        if section is not self.section:
            self._reapply(section, "new identity settings cannot be used, keeping the previous ones")
        now = time.monotonic()
        if now - self._tokens_checked < TOKEN_FILE_CHECK_INTERVAL or self.mode == "off":
            return
        self._tokens_checked = now
        if self.tokens_file is None:
            # `exitguard token add` after start-up: the default file appears; use it from now on.
            if (self.settings.confdir / DEFAULT_TOKENS_NAME).exists():
                self._reapply(section, "the token file that appeared cannot be used")
                if self.tokens is not None:
                    logger.info("exitguard: using the new token file %s (%d tokens)", self.tokens_file,
                                len(self.tokens.entries))
            return
        if self.tokens is None:
            return
        mtime = _mtime(self.tokens_file)
        if mtime != self._tokens_mtime:
            try:
                before = set(self.tokens.entries)
                self.tokens = TokenStore.load(self.tokens_file)
                logger.info("exitguard: reloaded token file %s (%d tokens)", self.tokens_file,
                            len(self.tokens.entries))
                self.revocations.publish(before - set(self.tokens.entries))
            except TokenFileError as e:
                # Fail closed: an unreadable file means no token is valid until it is fixed.
                self.tokens = TokenStore(self.tokens_file)
                logger.error("exitguard: %s; refusing all tokens until it is fixed", e)
            self._tokens_mtime = mtime

    def _reapply(self, section: IdentitySection | None, problem: str) -> None:
        try:
            self._apply(self.settings, section, starting=False)
        except (TokenFileError, ValueError) as e:
            logger.error("exitguard: %s: %s", problem, e)
            self.section = section  # do not retry on every flow; the next policy edit will

    def running(self) -> None:
        self.revocations.bind(shared_state.current())

    async def check_credential(self, credential: str) -> tuple[str, tuple[str, ...]]:
        """(identity, groups) of an exitguard token or OIDC JWT, or LookupError saying why not. For the approval
        control endpoint (chain.py wires it): an approver proves who they are like a proxy client does."""
        self._refresh()
        try:
            principal = await self._verify("", credential.strip())
        except AuthFailure as e:
            raise LookupError(str(e)) from None
        assert principal.identity is not None  # _verify names every principal it accepts
        return principal.identity, principal.groups

    def refuse_stale_caller(self, flow: http.HTTPFlow) -> bool:
        """For a request that waited (held for approval) after its credential was checked: answer 407 and return
        True when that credential is no longer valid (revoked, expired). The chain hands it to the Approval addon."""
        principal = self._by_flow.get(flow)
        if principal is None:
            return False
        self._refresh()
        if problem := self._stale(principal, flow):
            self._refuse(flow, problem, principal.identity)
            return True
        return False

    # ----------------------------------------------------------------- hooks

    @fail_closed
    async def http_connect(self, flow: http.HTTPFlow) -> None:
        _scrub_proxyauth(flow)
        if not flow.live or flow.response:
            return
        principal = await self._authenticate(flow)
        if principal is not None:
            self._by_connection[flow.client_conn] = principal

    @fail_closed
    async def requestheaders(self, flow: http.HTTPFlow) -> None:
        _scrub_proxyauth(flow)
        if not flow.live or flow.response:
            flow.request.headers.pop("proxy-authorization", None)
            return
        remembered = self._by_connection.get(flow.client_conn)
        if remembered is not None and "proxy-authorization" not in flow.request.headers:
            self._refresh()
            if problem := self._stale(remembered, flow):
                self._refuse(flow, problem, remembered.identity)
                return
            _record(flow, remembered)
            self._by_flow[flow] = remembered
            return
        if (principal := await self._authenticate(flow)) is not None:
            self._by_flow[flow] = principal

    @fail_closed
    def websocket_message(self, flow: http.HTTPFlow) -> None:
        """A WebSocket outlives the request that authenticated it: each message is let through only while that
        token is still valid (not revoked, not expired); otherwise the connection ends before it is relayed
        (core/compat.py closes a killed WebSocket) and the record says why."""
        principal = self._by_flow.get(flow)
        if principal is None or not flow.live or flow.websocket is None:
            return
        self._refresh()
        if problem := self._stale(principal, flow):
            flow.websocket.messages[-1].drop()
            metakeys.raise_decision(flow.metadata, "deny", f"proxy authentication failed: {problem}")
            logger.info("exitguard: ended a WebSocket of %s: %s", _client(flow), problem)
            flow.kill()

    @fail_closed
    def response(self, flow: http.HTTPFlow) -> None:
        _scrub_proxyauth(flow)

    @fail_closed
    def error(self, flow: http.HTTPFlow) -> None:
        _scrub_proxyauth(flow)

    # ----------------------------------------------------------------- authentication

    async def _authenticate(self, flow: http.HTTPFlow) -> Principal | None:
        """Check the flow's Proxy-Authorization; set the identity metadata, or answer 407 and return None."""
        self._refresh()
        header = flow.request.headers.pop("proxy-authorization", None)  # never forwarded, whatever happens
        if self.mode == "off":
            principal = AUTH_OFF
        elif header is None or (not self.tokens and not self.oidc):
            if self._required_on(flow):
                self._refuse(flow, "no proxy credentials were sent")
                return None
            principal = ANONYMOUS
        else:
            try:
                principal = await self._verify(*parse_proxy_authorization(header))
            except AuthFailure as e:
                self._refuse(flow, str(e), self._claimed(header))
                return None
        _record(flow, principal)
        return principal

    async def _verify(self, user: str, password: str) -> Principal:
        if looks_like_token(password):
            if self.tokens is None:
                raise AuthFailure("exitguard tokens are not enabled on this proxy")
            entry = self.tokens.verify(password)
            if entry is None or self.revocations.is_revoked(entry.id):
                raise AuthFailure("unknown or revoked exitguard token")
            return Principal(entry.name, entry.groups, "token", token_id=entry.id)
        if looks_like_jwt(password):
            if self.oidc is None:
                raise AuthFailure("OIDC tokens are not enabled on this proxy")
            try:
                found = await self.oidc.verify(password)
            except OidcError as e:
                raise AuthFailure(f"OIDC token refused: {e}") from None
            return Principal(found.identity, found.groups, "oidc", expires_at=found.expires_at, issuer=found.issuer,
                             issuer_settings=found.settings)
        raise AuthFailure("the proxy password is neither an exitguard token nor an OIDC JWT")

    def _required_on(self, flow: http.HTTPFlow) -> bool:
        """Whether the listener ``flow`` arrived on requires credentials (listener_requires_auth); a connection
        whose listener is unknown is judged as the proxy as a whole."""
        listener = getattr(flow.client_conn, "proxy_mode", None)
        if listener is None:
            return self.required
        host, kind = listener.listen_host(self.settings.listen_host), listener.type_name
        if flow.is_replay == "request" and (host, kind) not in self.settings.listeners:
            # A replayed flow's listener is what its flow says, and a flow loaded from a file says what its author
            # wrote (attack42): only a listener this proxy has can exempt it.
            return self.required
        return listener_requires_auth(self.mode, self.required, host, kind)

    def _stale(self, principal: Principal, flow: http.HTTPFlow) -> str | None:
        """Why a principal remembered from CONNECT (or a request that waited, or a WebSocket) is no longer valid,
        or None: what would refuse its credential now, and groups that no longer match (they choose the policy)."""
        if principal.identity is None and self._required_on(flow):
            return "proxy authentication is required now; reconnect with credentials"
        if principal.method == "token":
            if self.tokens is None or principal.token_id is None or not self.tokens.has(principal.token_id) \
                    or self.revocations.is_revoked(principal.token_id):
                return "the exitguard token was revoked; reconnect with a valid token"
            if self.tokens.entries[principal.token_id].groups != principal.groups:
                return "the exitguard token's groups changed; reconnect"
        if principal.method == "oidc":
            source = self.oidc.sources.get(principal.issuer) if self.oidc is not None and principal.issuer else None
            if source is None:
                return "the OIDC issuer is no longer accepted by the policy; reconnect with another credential"
            # Claims, group_map, audience, require: any of them may change who this token is and what it may do,
            # and the claims are not kept to map them again.
            if source.cfg != principal.issuer_settings:
                return "the OIDC issuer's settings changed in the policy; reconnect"
        if principal.expires_at is not None and time.time() > principal.expires_at:
            return "the OIDC token expired while the connection was open; reconnect with a fresh token"
        return None

    def _claimed(self, header: str) -> str | None:
        """Who a refused Proxy-Authorization claims to be, only when that is no secret: the entry whose id a token
        in it names (revoked, or its secret wrong), else its Basic user name if that is a known entry's name; else
        None. The user part as sent is never returned: people paste tokens and keys there."""
        if self.tokens is None:
            return None
        user, password = basic_parts(header)
        for part in (password, user):  # a token pasted as the user name names its entry too
            if (entry := self.tokens.entry_named_by(part)) is not None:
                return entry.name
        return user if user and self.tokens.has_name(user) else None

    def _refuse(self, flow: http.HTTPFlow, problem: str, claimed: str | None = None) -> None:
        flow.metadata[metakeys.CLAIMED_IDENTITY] = claimed  # the 407's record names who tried, when known
        message = f"proxy authentication failed: {problem}. {HOW_TO}"
        responses.refuse(flow, 407, "exitguard_proxy_auth", message, decision="deny")
        assert flow.response is not None  # refuse() set it
        flow.response.headers["Proxy-Authenticate"] = f'Basic realm="{REALM}"'
        # The reason phrase is what SDKs show for a refused CONNECT (httpx: "407 <reason>"), not the body.
        flow.response.reason = ("Proxy Authentication Required (exitguard: " + problem + ")").encode(
            "ascii", "replace").decode()[:300]
        logger.info("exitguard: 407 for %s: %s", _client(flow), problem)


def _client(flow: http.HTTPFlow) -> str:
    """The client's address as the flow log lines write it (host:port), not a Python tuple."""
    peer = flow.client_conn.peername
    return f"{peer[0]}:{peer[1]}" if peer else "-"


def _record(flow: http.HTTPFlow, principal: Principal) -> None:
    flow.metadata[metakeys.IDENTITY] = principal.identity
    flow.metadata[metakeys.GROUPS] = list(principal.groups)
    flow.metadata[metakeys.AUTH_METHOD] = principal.method
    flow.metadata[metakeys.ISSUER] = principal.issuer


def _scrub_proxyauth(flow: http.HTTPFlow) -> None:
    """mitmproxy's ProxyAuth (if the user enabled it) stores (user, password); .mitm files would keep it."""
    auth = flow.metadata.get("proxyauth")
    if auth and len(auth) == 2 and auth[1]:
        flow.metadata["proxyauth"] = (auth[0], "")


# What tells a token file's versions apart: its content time, and its change time, which chown and chmod move too
# (the host's edit of a container's token file ends with `chown 10001`: a file the proxy refused until then is read
# again once it is fixed, not only at the next edit), with inode and size for a clock that does not move.
FileVersion = tuple[int, int, int, int]


def _mtime(path: Path) -> FileVersion | None:
    try:
        st = path.stat()
    except OSError:
        return None
    return st.st_mtime_ns, st.st_ctime_ns, st.st_ino, st.st_size
