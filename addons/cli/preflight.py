"""What ``exitguard up`` checks before it starts mitmproxy, and what it then says is guarded.

mitmproxy reports a bad policy as a traceback after it has started listening, and a bad value for an option an
addon declares (``--set exitguard_retain_days=x``, or an option given twice) makes it drop the whole bundle
without a word: the proxy then runs with no exitguard addon at all. So ``up`` checks the exitguard options it
hands to mitmproxy, and loads the policy and rule packs with the code the proxy itself uses
(``runtime.load_checked``), first. Anything wrong is one line and status 2, before a client is told to connect.
"""

from __future__ import annotations

import asyncio
import errno
import fcntl
import itertools
import os
import shlex
import socket
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import exceptions
from mitmproxy.proxy import mode_specs

from addons import chain
from addons.approval import approval
from addons.audit import audit
from addons.audit.recorder import LOCK_NAME, check_folder
from addons.cli import state_check
from addons.cli.errors import UserError
from addons.cli.paths import DEFAULT_RECORD_DIR
from addons.core import body_budget, config, net, options, runtime
from addons.core.policy import DEFAULT_POLICY_FILE, Policy, PolicyError
from addons.core.validation import did_you_mean
from addons.guard import hostpolicy
from addons.identity.identity import AuthSettings, listener_requires_auth, plan_auth
from addons.identity.tokens import TokenStore
from addons.stream import streaming

CHECKED_PREFIX = "exitguard_"
SET_BY_UP = {"exitguard_policy": "--policy", "exitguard_record_dir": "--record, default recordings/,",
             "exitguard_retain_days": "--retain", "confdir": "--confdir"}  # options an `up` flag sets


@dataclass(frozen=True)
class Startup:
    """What the proxy will enforce, as loaded before it starts."""
    policy: Policy
    rule_count: int
    record_dir: Path | None
    clients_authenticate: bool = False  # the main listener asks every client for a token (NAME:TOKEN@ in its URL)
    notices: tuple[str, ...] = ()  # said at start, stopping nothing (a fleet's Redis: state_check.py)


def check(argv: Sequence[str]) -> Startup:
    """The exitguard options of a mitmproxy command line, the policy and the rules they name; UserError if any
    is wrong. Values are never echoed (a webhook URL is a credential), only option names and closed words."""
    opts = chain.declared_options()
    given = given_values(argv)
    for name in given:
        if name not in opts:
            raise UserError(f"--set {name}: no such option{did_you_mean(name, opts.keys())} "
                            "(exitguard's options: README, 'Options')")
    check_mitmproxy_options(argv)
    try:
        chain.set_given(opts, given)
    except chain.OptionValueError as e:
        flag = SET_BY_UP.get(e.name) if e.repeated else None
        raise UserError(f"{e} ({flag} sets it too)" if flag else str(e)) from None
    try:
        for name, option in opts.items():
            if option.choices:
                options.check_choice(opts, name)
            elif option.typespec == str | None:
                options.optional_text(opts, name)
        settings = config.read_settings(opts)
        check_values(opts)
        policy, scanner = runtime.load_checked(str(settings.policy) if settings.policy else None,
                                               list(settings.rules), settings.mode)
    except exceptions.OptionsError as e:
        raise UserError(str(e)) from None
    except (PolicyError, ValueError) as e:  # the rule loader raises RuleError (a ValueError) naming file and rule
        raise UserError(str(e)) from None
    clients_authenticate = check_auth(argv, opts, policy)
    record_dir = options.optional_path(opts, "exitguard_record_dir")
    notices = tuple(state_check.check(opts))  # a password Redis refuses stops here; an open Redis is said
    notices += tuple(own_rules_only(settings.rules, len(scanner.rules)))
    return Startup(policy, len(scanner.rules), record_dir, clients_authenticate, notices)


def own_rules_only(rule_paths: Sequence[str], count: int) -> list[str]:
    """`--rules` replaces the built-in rules/ (README, "Rules"): a start loading packs without that folder says so in
    words, not only in its rule count (newuser56: a pack of one's own in a folder named `rules`, started from beside
    it with README's `--rules rules --rules ...`, guarded with its 2 rules alone)."""
    builtin = runtime.DEFAULT_RULES_DIR.resolve()
    if not rule_paths or any(Path(p).expanduser().resolve() in (builtin, *builtin.parents) for p in rule_paths):
        return []
    return [f"the built-in rules are not loaded, only {', '.join(rule_paths)} ({count} detection rules): --rules "
            f"replaces {builtin}; add --rules {builtin} beside yours to keep them"]


def check_values(opts) -> None:
    """The values the addons check when mitmproxy configures them, with their own code: refused there, they stop a
    proxy that already listens, with a traceback, after the client set-up was printed (newuser43)."""
    hostpolicy.parse_upstreams(opts.exitguard_allow_upstreams)
    audit.read_retry_ms(opts)
    audit.read_rotation(opts)
    approval.read_settings(opts, endpoint=False)
    streaming.read_max_holdback(opts)
    body_budget.read_limits(opts)


def check_auth(argv: Sequence[str], opts, policy: Policy) -> bool:
    """The proxy authentication the identity addon will run on these listeners can work: a listener beyond
    loopback with no token file or OIDC issuer, a reverse or transparent listener that would have to ask for
    credentials, or a token file the addon would refuse (mode, owner) stops mitmproxy with a traceback after the
    client set-up was printed; here it is one line."""
    modes = [spec for flag, spec in itertools.pairwise(argv) if flag == "--mode"]
    given = {name: value for flag, spec in itertools.pairwise(argv) if flag == "--set"
             for name, _, value in [spec.partition("=")]}
    listeners = tuple((parsed.listen_host(given.get("listen_host", "")), parsed.type_name)
                      for parsed in map(mode_specs.ProxyMode.parse, modes or ["regular"]))
    settings = AuthSettings(auth=options.chosen(opts, "exitguard_auth"),
                            tokens_file=options.optional_path(opts, "exitguard_tokens_file"),
                            confdir=Path(opts.confdir).expanduser(), proxyauth=bool(given.get("proxyauth")),
                            listeners=listeners)
    try:
        plan = plan_auth(settings, policy.sections.get("identity"))
        if plan.tokens_file is not None and plan.mode != "off":
            TokenStore.load(plan.tokens_file)
    except ValueError as e:  # TokenFileError too
        raise UserError(str(e)) from None
    main_host, main_kind = listeners[0]
    return listener_requires_auth(plan.mode, plan.required, main_host, main_kind)


def given_values(argv: Sequence[str]) -> dict[str, list[str | None]]:
    """The ``--set NAME[=VALUE]`` of exitguard options (and confdir) in a mitmproxy argv, values in order
    (None: the option is named without a value, which unsets it)."""
    given: dict[str, list[str | None]] = {}
    for flag, spec in itertools.pairwise(argv):
        if flag != "--set":
            continue
        name, sep, value = spec.partition("=")
        if name.startswith(CHECKED_PREFIX) or name == "confdir":
            given.setdefault(name, []).append(value if sep else None)
    return given


def summary(startup: Startup) -> str:
    """The start-up lines: what is guarded and where that comes from, the mode, where flows are recorded."""
    policy = startup.policy
    source = "the built-in policy" if Path(policy.source) == DEFAULT_POLICY_FILE else policy.source
    listed = len(policy.listed_guarded_hosts())
    builtin = len(policy.builtin_guarded())
    known = len(set(policy.guarded_hosts)) - listed - builtin
    parts = ([f"{known} known LLM providers and gateways"] if policy.guard_known_providers else []) + \
        ([f"{builtin} vendor APIs of the built-in policy ({source} lists no guarded_hosts)"] if builtin
         else [f"{listed} from {source}"])
    lines = [f"guarding {known + listed + builtin} host patterns: {', '.join(parts)}; "
             f"unlisted hosts: {policy.unlisted_hosts.value}" +
             (f"; {len(policy.deny_hosts)} denied" if policy.deny_hosts else ""),
             f"mode {policy.mode}" +
             (" (detect and record only: nothing is masked or blocked)" if policy.report_only else "") +
             f"; {startup.rule_count} detection rules",
             f"recording to {startup.record_dir} ({audit_reads(startup.record_dir)})" if startup.record_dir
             else "not recording (--no-record): nothing is kept for audit or replay", *approvals_said(policy),
             *startup.notices]
    return "".join(f"exitguard: {line}\n" for line in lines)


def approvals_said(policy: Policy) -> list[str]:
    """The policy's approval rules and who decides them: an operator trying the hold / approve workflow sees that
    the section was read, and learns before the first held request when no token can approve."""
    section = policy.sections.get("approvals")
    rules = getattr(section, "rules", ())
    if not rules:
        return []
    approvers = getattr(section, "approvers", None)
    who = (f"approvers: tokens of group {', '.join(sorted(approvers.groups))} (`exitguard approvals approve`)"
           if approvers is not None else "no approvers listed, so `exitguard approvals approve` is refused: "
           "decide in mitmweb or by a webhook link, or add approvers: {groups: [...]}")
    return [f"{len(rules)} approval rule(s) hold requests ({', '.join(rule.name for rule in rules)}); {who}"]


def audit_reads(record_dir: Path) -> str:
    """How `exitguard audit` finds this record folder: by itself only where it looks by default."""
    default = Path(os.environ.get("EXITGUARD_RECORD_DIR") or DEFAULT_RECORD_DIR)
    if record_dir.expanduser().resolve() == default.expanduser().resolve():
        return "exitguard audit reads it"
    return f"read it with: exitguard audit --dir {shlex.quote(str(record_dir))}"


def check_mitmproxy_options(argv: Sequence[str]) -> None:
    """The other ``--set`` names must be options of the mitmproxy tool that runs: mitmproxy keeps an unknown one
    aside for a script that might declare it later and never says a word, so ``--set web_passwrod=...`` or a
    mitmdump started with ``web_password`` would quietly run without it. With scripts of the user's own
    (``-s``) an unknown name may be theirs, so nothing is refused then."""
    if sum(1 for flag in argv if flag == "-s") > 1:  # the bundle, plus scripts of the user's own
        return
    names = [spec.partition("=")[0] for flag, spec in itertools.pairwise(argv) if flag == "--set"]
    tool = argv[0]
    mine = None
    for name in names:
        if name.startswith(CHECKED_PREFIX) or name == "confdir":
            continue
        mine = mine if mine is not None else mitmproxy_option_names(tool)
        if name in mine:
            continue
        if tool != "mitmweb" and name in mitmproxy_option_names("mitmweb"):
            raise UserError(f"--set {name}: an option of the web UI; add --web")
        raise UserError(f"--set {name}: no such mitmproxy option{did_you_mean(name, mine)} "
                        f"(the list: {tool} --options)")


def mitmproxy_option_names(tool: str) -> frozenset[str]:
    """Every option ``mitmdump`` or ``mitmweb`` declares (its own and its built-in addons'), asked of mitmproxy
    itself. A master sets mitmproxy's process-wide context; it is put back as it was."""
    from mitmproxy import ctx
    from mitmproxy import options as mitm_options
    from mitmproxy.tools.dump import DumpMaster
    from mitmproxy.tools.web.master import WebMaster

    async def collect() -> frozenset[str]:
        saved = {name: getattr(ctx, name) for name in ("master", "options", "log") if hasattr(ctx, name)}
        try:
            opts = mitm_options.Options()
            master = (WebMaster if tool == "mitmweb" else DumpMaster)(opts, with_termlog=False)
            master._legacy_log_events.uninstall()
            return frozenset(opts.keys()) | {"termlog_verbosity"}  # the terminal log's (with_termlog=False here)
        finally:
            for name in ("master", "options", "log"):
                if name in saved:
                    setattr(ctx, name, saved[name])
                elif hasattr(ctx, name):
                    delattr(ctx, name)

    return asyncio.run(collect())


@dataclass(frozen=True)
class Listener:
    """An address ``up`` will listen on, and how to choose another (said when it cannot)."""
    host: str
    port: int
    other_port: str  # how to choose another port, e.g. "--listen 127.0.0.1:PORT"
    other_host: str  # and another address, e.g. "--listen HOST:PORT"


def check_can_start(listeners: Sequence[Listener], record_dir: Path | None) -> None:
    """What would stop mitmproxy once it runs, asked first so it is one line before the client set-up is printed,
    not a traceback after it: an address already in use, a record folder it cannot write or another proxy
    records in."""
    check_distinct(listeners)
    for listener in listeners:
        check_port(listener)
    if record_dir is not None:
        check_record_folder(record_dir)


def check_distinct(listeners: Sequence[Listener]) -> None:
    """Two of this start's own listeners on one port (``--web`` beside ``--reverse openai=8081``): each is free on
    its own, so mitmproxy would start, open the first and die on the second with a traceback."""
    for first, second in itertools.combinations(listeners, 2):
        if first.port == 0 or first.port != second.port:
            continue
        if first.host == second.host or net.is_all_interfaces(first.host) or net.is_all_interfaces(second.host):
            where = f"[{first.host}]:{first.port}" if ":" in first.host else f"{first.host}:{first.port}"
            raise UserError(f"{where} is asked for twice: choose another port with {first.other_port} or "
                            f"{second.other_port}")


def check_port(listener: Listener) -> None:
    if listener.port == 0:
        return
    where = f"[{listener.host}]:{listener.port}" if ":" in listener.host else f"{listener.host}:{listener.port}"
    try:
        infos = socket.getaddrinfo(listener.host or None, listener.port, type=socket.SOCK_STREAM,
                                   flags=socket.AI_PASSIVE)
    except socket.gaierror:
        raise UserError(f"{where}: no such host {listener.host!r} ({listener.other_host})") from None
    family, kind, proto, _, address = infos[0]
    with socket.socket(family, kind, proto) as s:
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as asyncio's servers: TIME_WAIT is no conflict
        try:
            s.bind(address)
        except OSError as e:
            if e.errno == errno.EADDRINUSE:
                why = f" is already in use: is exitguard running already? Stop it, or use {listener.other_port}"
            elif e.errno == errno.EACCES:
                why = f": permission denied (ports below 1024 need root): use {listener.other_port}"
            elif e.errno == errno.EADDRNOTAVAIL:
                why = f": {listener.host} is not an address of this machine: use {listener.other_host}"
            else:
                why = f": cannot listen: {(e.strerror or str(e)).lower()} ({listener.other_port})"
            raise UserError(f"{where}{why}") from None


def check_record_folder(directory: Path) -> None:
    """The record folder (or the nearest folder that exists, where it will be made) can be written, passes the
    recorder's own check (the proxy's user's, nobody else may write it), and no other exitguard holds it: the
    recorder takes it with a lock (two writers would fork the audit chain)."""
    fix = "choose another with --record DIR, or --no-record"
    existing = directory
    while not existing.exists() and existing != existing.parent:
        existing = existing.parent
    if not existing.is_dir():
        raise UserError(f"cannot record to {directory}: {existing} is not a folder ({fix})")
    if not os.access(existing, os.W_OK | os.X_OK):
        why = ("read-only file system" if os.statvfs(existing).f_flag & os.ST_RDONLY
               else "permission denied")
        raise UserError(f"cannot record to {directory}: {existing}: {why} ({fix})")
    if existing == directory:
        try:  # the recorder's own check of its folder (owner, who else may write), which it runs at start-up
            check_folder(directory)
        except OSError as e:
            raise UserError(f"cannot record to {directory}: {e.strerror or e} ({fix})") from None
    lock = directory / LOCK_NAME
    try:
        fd = os.open(lock, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError:  # no lock file yet (nobody records here), or one the recorder itself will refuse and name
        return
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        raise UserError(f"another exitguard is recording to {directory} (one running already? Stop it, or give "
                        f"this one its own folder: --record DIR, or --no-record)") from None
    except OSError:
        return
    finally:
        os.close(fd)
