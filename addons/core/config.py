"""Loads the policy and rules (options ``exitguard_policy`` / ``exitguard_rules``), refuses unknown
``exitguard_*`` options at start-up, and reloads on file changes, keeping the last good version when
an edit is invalid (a broken rules file must never mean "no rules").
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import copy
import functools
import logging
import os
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from mitmproxy import ctx, exceptions

from addons.core import (
    ca_record,
    compat,
    flowfiles,
    listeners,
    logmask,
    options,
    policy_files,
    public_files,
    replayed,
    runtime,
    rust_listeners,
    shutdown,
)
from addons.core.policy import DEFAULT_POLICY_FILE, PolicyError

logger = logging.getLogger(__name__)

RELOAD_INTERVAL = 2.0  # seconds between checks of the policy and rule files
FileStamp = tuple[int, int, int]  # what says a policy or rule file changed: mtime (ns), size, inode (_mtime)
# One thread for rebuilds, not asyncio's default executor (host name lookups run there: identity/oidc.py).
_REBUILDS = concurrent.futures.ThreadPoolExecutor(max_workers=1, thread_name_prefix="exitguard-reload")
MODES = ("enforce", "report")
DEFAULT_KEY_FILE_NAME = "exitguard-fingerprint.key"
# mitmproxy's own options that decide what the bundle sees or checks: fixed once running, like exitguard's (a console
# setting ignore_hosts would pass traffic by uninspected). `scripts` loads code and unloads the bundle; map_remote,
# map_local, modify_headers and modify_body act after the bundle at `request` (mitmproxy's default addons come after
# its script loader): they would move or change a request the guard has let go (attack39). save_stream_file and
# hardump write flows to a path of the console's choosing (attack40): over a loaded script (addons/bundle.py included)
# mitmproxy reloads it, and a file that no longer parses loads as nothing, so the proxy runs on without the bundle.
# confdir holds the CA clients trust, the fingerprint key and the default tokens file: moved, the proxy made a new CA
# and key in the console's folder and the identity addon would read the tokens found there. Checked and left to the
# console: intercept (held flows: CredentialInjection.update, compat.send_wire_copies), view and web options,
# stickyauth (after the bundle, it adds what the live flow showed, a broker's marker, only where a request has no
# Authorization: no copy, nothing of value), client_replay (replays run the bundle again), anticache/anticomp (before
# the script loader: the bundle sees their edit), proxy_debug (every byte the layers pass is logged: logmask masks or
# withholds it, attack40). stickycookie is fixed (attack42): after the bundle at `request` it adds the vendor's cookie
# to the live request, so every brokered request after the vendor's first Set-Cookie left without its key.
FIXED_MITMPROXY_OPTIONS = frozenset({"ignore_hosts", "allow_hosts", "tcp_hosts", "udp_hosts", "ssl_insecure",
                                     "ssl_verify_upstream_trusted_ca", "ssl_verify_upstream_trusted_confdir",
                                     "scripts", "map_remote", "map_local", "modify_headers", "modify_body",
                                     "save_stream_file", "hardump", "confdir", "stickycookie",
                                     # the TLS that carries a brokered key upstream and the agent's values to the
                                     # proxy: versions, ciphers and curves as started (attack42: 200 from the console)
                                     "tls_version_server_min", "tls_version_server_max", "ciphers_server",
                                     "tls_ecdh_curve_server", "tls_version_client_min", "tls_version_client_max",
                                     "ciphers_client", "tls_ecdh_curve_client"})
# mitmproxy's options that change a request after the bundle sealed it (their addon acts at `request`, after the
# script loader): the request would leave as changed, without its wire copy (no brokered key, masks in place of the
# values the policy lets through), a warning in the log the only sign (attack42). Refused at start-up, naming the
# option. modify_headers acts at `requestheaders`, before the seal, and works; map_local answers locally.
CHANGE_SEALED_REQUESTS = ("modify_body", "map_remote", "stickycookie")
# Commands refused once running, and why. script.run runs code of the console's choosing. options.reset is the one
# path that sets options without mitmproxy's rollback (attack40): OptManager.reset puts every option to its default
# and then announces it, so a refusal in configure leaves the defaults in place (rawtcp on, scripts empty, exitguard's
# options unset, the listeners moved to every interface) with the bundle's addons never told. options.reset.one goes
# through the update, with its rollback: left as it is. The rest write a file where the console says (attack40):
# over the policy or a rule file the watcher reloads it (cut.save writes a body the console chose as it is: report
# mode), over a loaded script mitmproxy reloads it (the console's code runs, or nothing loads: the bundle gone). The
# console still exports (`export`, returns the text) and downloads (`GET /flows/dump`). options.load reads a file
# of the console's choosing with the proxy's rights, and a file that is not valid YAML is answered with the parse
# error, which quotes the line it stopped at (attack42): a line of a file only the proxy's user may read. What it
# could set is settable one option at a time.
_WRITES_A_FILE = ("it writes a file where the console says: over the policy, a rule file or a script it "
                  "changes the running proxy")
REFUSED_COMMANDS = {"script.run": "it runs code",
                    "options.reset": "it would reset every option; set them one by one",
                    "cut.save": _WRITES_A_FILE, "export.file": _WRITES_A_FILE, "save.file": _WRITES_A_FILE,
                    "save.har": _WRITES_A_FILE, "options.save": _WRITES_A_FILE,
                    "options.load": "it reads a file where the console says and quotes its lines in a parse error; "
                                    "set options one by one"}
BUILD_OPTIONS = {"exitguard_policy", "exitguard_rules", "exitguard_key_file", "exitguard_mode", "confdir"}
# The options that say where the proxy listens and as what (core/listeners.py: what may change once running).
LISTENER_OPTIONS = frozenset({"mode", "listen_host", "listen_port"})
# mitmproxy's addons that act on an option change in their own configure, before the bundle's addons hear of it:
# the script loader (un)loads scripts, the proxy server schedules its listeners (attack43: a refused listener beyond
# loopback came up until the rollback stopped it). The runtime checks run there first.
CHECKED_FIRST = ("scriptloader", "proxyserver")


@dataclass(frozen=True)
class Settings:
    """The options that make the runtime, parsed once in ``configure`` (the file watcher rebuilds from them)."""
    policy: Path | None  # None: the built-in rules/policy.yaml
    rules: tuple[str, ...]  # empty: the built-in rules/ folder
    key_file: Path
    mode: str | None  # None: the policy's own mode
    reload: bool


class Config:
    def __init__(self, record_event_now: Callable[[dict], None] | None = None) -> None:
        self.record_event_now = record_event_now  # the audit index, for a refused runtime change (chain.py)
        self._mtimes: dict[Path, FileStamp] = {}
        self._watch: asyncio.Task | None = None
        self.settings: Settings | None = None  # parsed in configure; None until then (fail closed: no runtime)
        # exitguard's options (and FIXED_MITMPROXY_OPTIONS) as the proxy started: fixed from then on (attack37:
        # mitmweb's console, PUT /options, switched a running proxy to report mode, unrecorded). None until running.
        self._fixed: dict[str, object] | None = None
        self._listeners: tuple[listeners.Listener, ...] | None = None  # as the proxy started; None until running

    def load(self, loader) -> None:
        compat.install()  # refuses a mitmproxy the workarounds were not verified on
        flowfiles.install()  # the flow file loaders: regular files only, bounded, errors without the file's content
        replayed.refuse_replays_of_flows_in_hand()  # a killed held flow's hold still runs on the flow object
        logmask.install()  # from here on no log record holds a raw URL, byte string or detected value
        self.declare_options(loader)

    @staticmethod
    def declare_options(loader) -> None:
        """The options alone, without the patches ``load`` installs (``exitguard up`` checks --set values)."""
        loader.add_option("exitguard_policy", str | None, None,
                          "Policy file (YAML). Unset: the built-in addons/core/default_policy.yaml.")
        loader.add_option("exitguard_rules", Sequence[str], [],
                          "Rule files or folders (repeatable). Empty: the built-in rules/ folder.")
        loader.add_option("exitguard_key_file", str | None, None,
                          """
                          File holding the key for the HMAC fingerprints of detected values (created 0600 if
                          missing). Unset: exitguard-fingerprint.key in mitmproxy's confdir.
                          """)
        loader.add_option("exitguard_mode", str | None, None,
                          "Override the policy's mode: enforce, or report (detect and record, change nothing). "
                          "Unset: the policy's mode.", choices=MODES)
        loader.add_option("exitguard_reload", bool, True,
                          "Reload the policy and rules when their files change (the last good version stays "
                          "in force when an edit is invalid).")

    def configure(self, updated: set[str]) -> None:
        self._refuse_runtime_changes(updated)
        if "rawtcp" in updated and ctx.options.rawtcp:
            # mitmproxy guesses "not HTTP" from the first bytes (a 1-byte TLS record, a leading blank line) and
            # then relays raw TCP, uninspected. Parse everything as HTTP instead: what is not HTTP fails closed.
            # Hosts that really speak another protocol can be listed in mitmproxy's tcp_hosts.
            ctx.options.update(rawtcp=False)
        if "validate_inbound_headers" in updated and not ctx.options.validate_inbound_headers:
            # mitmproxy's request smuggling checks (Content-Length with Transfer-Encoding, two lengths, HTTP/2's
            # forbidden and duplicated headers): without them a second request rides in the first one's body,
            # past the guard, which reads the first. They stay on.
            logger.warning("exitguard: validate_inbound_headers stays on (request smuggling checks)")
            ctx.options.update(validate_inbound_headers=True)
        if "flow_detail" in updated and ctx.options.flow_detail:
            # mitmdump's Dumper prints raw URLs (a secret in the query of a blocked request too), headers and
            # bodies. logmask.FlowLine prints one masked line per flow instead.
            ctx.options.update(flow_detail=0)
        if not updated & (BUILD_OPTIONS | {"exitguard_reload"}):
            return
        if "confdir" in updated and self._fixed is None and (changed := self._ca_changed(
                Path(ctx.options.confdir).expanduser())):
            # Before the listeners open: a start-up OptionsError ends mitmdump ("Error logged during startup").
            raise exceptions.OptionsError(f"exitguard: {changed.message()}")
        settings = read_settings(ctx.options)
        if updated & BUILD_OPTIONS:
            try:
                rt = _build(settings)
            except (PolicyError, ValueError, OSError) as e:
                # Not chained: mitmproxy prints the traceback of a script's OptionsError, and a chained one
                # printed the same message twice, the second time after "the direct cause of".
                raise exceptions.OptionsError(f"exitguard: {e}") from None
            runtime.install(rt)
            self._remember(rt, settings)
            logger.info("exitguard: policy %s (%s, mode %s), %d rules", rt.policy.source, rt.policy.version,
                        rt.policy.mode, len(getattr(rt.scanner, "rules", [])))
        self.settings = settings

    def _refuse_runtime_changes(self, updated: set[str]) -> None:
        """Once running, an exitguard option keeps its start value: mitmproxy rolls the update back (mitmweb's
        options endpoint answers 400). The rollback calls here again with the start values, which pass. Names only
        in the message: a value may be a credential (a webhook URL)."""
        if self._fixed is None:
            return
        changed = sorted(n for n in updated if n in self._fixed and getattr(ctx.options, n) != self._fixed[n])
        if changed:
            self._refused("option", changed)
            raise exceptions.OptionsError(f"exitguard: {', '.join(changed)} cannot change while the proxy runs; "
                                          "restart it with the new value")
        if self._listeners is not None and updated & LISTENER_OPTIONS:
            try:
                now = listeners.resolved(ctx.options.mode, ctx.options.listen_host, ctx.options.listen_port)
            except ValueError:
                return  # mitmproxy's proxy server refuses a mode it cannot parse, naming it
            if reason := listeners.refusal(self._listeners, now):
                self._refused("option", sorted(updated & LISTENER_OPTIONS))
                raise exceptions.OptionsError(f"exitguard: {reason}. Restart the proxy with the listeners it needs; "
                                              "while it runs, regular listeners on loopback may be added "
                                              "(regular@127.0.0.1:PORT)")

    def _refused(self, kind: str, names: list[str]) -> None:
        logger.warning("exitguard: refused a change of %s while running", ", ".join(names))
        if self.record_event_now is not None:
            try:
                self.record_event_now({"event": "runtime_change_refused", "kind": kind, "names": names})
            except Exception as e:  # the refusal stands; the audit counts and logs what it could not write
                logger.error("exitguard: the refused change could not be recorded (%s)", type(e).__name__)

    def _guard_the_script_loader(self) -> None:
        """mitmproxy's script loader and proxy server (before the bundle in the chain) act on a change in their own
        ``configure``, before the bundle's addons hear of it: the check above runs there first, so a refused
        ``scripts`` (or any fixed option, or listener) never reaches them. ``script.run`` and the other
        REFUSED_COMMANDS are refused too; the flow file loaders read through flowfiles."""
        master = getattr(ctx, "master", None)
        for name in CHECKED_FIRST:
            addon = master.addons.get(name) if master is not None else None
            if addon is not None and not getattr(addon.configure, "exitguard_checked", False):
                addon.configure = self._checked_first(addon.configure)
        for name in REFUSED_COMMANDS:
            if master is not None and (cmd := master.commands.commands.get(name)) is not None:
                cmd.func = functools.partial(self._refuse_command, name)
        if master is not None:
            flowfiles.guard_the_view_loader(master)

    def _checked_first(self, addon_configure: Callable[[set[str]], None]) -> Callable[[set[str]], None]:
        def configure(updated: set[str]) -> None:
            self._refuse_runtime_changes(updated)
            addon_configure(updated)

        configure.exitguard_checked = True  # type: ignore[attr-defined]
        return configure

    def _refuse_command(self, name: str, *args, **kwargs) -> None:
        self._refused("command", [name])
        raise exceptions.CommandError(
            f"exitguard: {name} is refused while the proxy runs ({REFUSED_COMMANDS[name]})")

    def running(self) -> None:
        self._fixed = {name: copy.deepcopy(getattr(ctx.options, name)) for name, _ in ctx.options.items()
                       if name.startswith("exitguard_") or name in FIXED_MITMPROXY_OPTIONS}
        self._listeners = listeners.resolved(ctx.options.mode, ctx.options.listen_host, ctx.options.listen_port)
        self._guard_the_script_loader()
        unknown = unknown_options(ctx.options)
        if unknown:  # a typo in --set would otherwise be silently ignored
            options.refuse_to_start(f"unknown option(s): {', '.join(unknown)}")
        if after := [name for name in CHANGE_SEALED_REQUESTS if getattr(ctx.options, name, None)]:
            options.refuse_to_start(
                f"{', '.join(after)} changes requests after exitguard let them go: a brokered credential or a value "
                "the policy lets through would not be sent (the request would leave as changed, without them); unset "
                "it (modify_headers acts before exitguard and works)")
        confdir = Path(ctx.options.confdir).expanduser()
        if found := public_files.problems(confdir, os.geteuid()):
            # mitmproxy wrote them with the process's umask (000: 0666); whoever changes them chooses the CA clients
            # trust. `exitguard ca init` makes them again (cli/ca.py).
            options.refuse_to_start(f"{'; '.join(found)}: run `exitguard ca init --confdir {confdir}`")
        if self.settings is not None and self.settings.reload and self._watch is None:
            self._watch = asyncio.create_task(self._watch_files())

    @staticmethod
    def _ca_changed(confdir: Path) -> ca_record.CaChanged | None:
        """faults49: mitmproxy made a new CA before the bundle loaded (its key was missing) or the CA was replaced:
        the CA it loaded (tlsconfig's, what every leaf certificate is signed with) against the confdir's record."""
        store = getattr(ctx.master.addons.get("tlsconfig"), "certstore", None)
        if store is None:  # no TLS interception set up (a test's master): nothing is signed with a CA
            return None
        return ca_record.check(confdir, store.default_ca.fingerprint())

    def done(self) -> Awaitable[None] | None:
        if self._watch:
            self._watch.cancel()
        finishing = shutdown.pending()  # attack46: requests still held are answered while every addon works
        if finishing is None:
            self._stop()
            return None
        return self._stop_after(finishing)

    async def _stop_after(self, finishing: Awaitable[None]) -> None:
        try:
            await finishing
        finally:
            self._stop()

    @staticmethod
    def _stop() -> None:
        runtime.retire()  # the addons after this one still record at shutdown (runtime.last)
        logmask.uninstall()
        rust_listeners.end_requested_shutdown_without_finalizing()  # acts at exit, after every addon's done

    def _remember(self, rt: runtime.Runtime, settings: Settings) -> None:
        self._mtimes = {p: _mtime(p) for p in _current_files(rt, settings)}

    def _changed(self, settings: Settings) -> bool:
        files = _current_files(runtime.get(), settings)
        return set(files) != set(self._mtimes) or any(_mtime(p) != self._mtimes[p] for p in files)

    async def _watch_files(self) -> None:
        while True:
            await asyncio.sleep(RELOAD_INTERVAL)
            settings = self.settings
            if settings is None or not self._changed(settings):
                continue
            # The files as this build reads them: an edit made while it runs is a change the next look sees.
            seen = {p: _mtime(p) for p in _current_files(runtime.get(), settings)}
            try:
                # Beside the event loop: a new rule means a new Hyperscan database, tens of seconds of CPU, and
                # the last good version serves every flow meanwhile (on the loop, every client waited: newuser48).
                rt = await asyncio.get_running_loop().run_in_executor(_REBUILDS, _rebuild, settings)
            except Exception as e:  # keep enforcing the last good version, and say so loudly
                logger.error("exitguard: policy/rules changed but are INVALID, keeping the previous version "
                             "in force: %s", e)
                self._mtimes = seen  # complain once per change, not every interval
                continue
            if {p: _mtime(p) for p in _current_files(runtime.get(), settings)} != seen:
                # attack51: written while this build read them (half a list is still YAML): never in force; the
                # next look reads them again (self._mtimes still differs)
                logger.info("exitguard: policy/rules changed while being read; reading them again")
                continue
            runtime.install(rt)
            self._mtimes = seen
            logger.warning("exitguard: reloaded policy %s and rules (version %s)", rt.policy.source, rt.version)


def read_settings(opts) -> Settings:
    key_file = options.optional_path(opts, "exitguard_key_file")
    return Settings(policy=options.optional_path(opts, "exitguard_policy"),
                    rules=tuple(opts.exitguard_rules),
                    key_file=key_file or Path(opts.confdir).expanduser() / DEFAULT_KEY_FILE_NAME,
                    mode=options.check_choice(opts, "exitguard_mode"),
                    reload=opts.exitguard_reload)


def unknown_options(opts) -> list[str]:
    """``exitguard_*`` options given (--set, config.yaml) that no loaded addon declares: typos, removed options."""
    return sorted(k for k in opts.deferred if k.startswith("exitguard_"))


def _rebuild(settings: Settings) -> runtime.Runtime:
    """A reload's build, on the rebuild thread: the runtime and what the concerns build from its rules
    (runtime.warm), so that the first flow after the swap does not build them on the loop. The first build at
    start-up stays lazy: a proxy that never streams never pays for the stream's tables."""
    rt = _build(settings)
    runtime.warm(rt)
    return rt


def _build(settings: Settings) -> runtime.Runtime:
    rule_paths = list(settings.rules) or [str(runtime.DEFAULT_RULES_DIR)]
    # attack49: a policy or rules folder another local user may write is theirs to change, and the watcher would
    # put their edit in force within seconds: refused at start-up, kept out of a reload (the last good version stays)
    if found := policy_files.problems(settings.policy or DEFAULT_POLICY_FILE, rule_paths,
                                      runtime.rule_files(rule_paths), os.geteuid()):
        raise ValueError(f"{'; '.join(found)} (another local user could change what the proxy lets out)")
    return runtime.build(str(settings.policy) if settings.policy else None, list(settings.rules),
                         settings.key_file, settings.mode)


def _current_files(rt: runtime.Runtime, settings: Settings) -> list[Path]:
    """The policy and every rule file now present: a file dropped into a rules folder counts as a change."""
    rule_paths = list(settings.rules) or [str(runtime.DEFAULT_RULES_DIR)]
    return [Path(rt.policy.source), *runtime.rule_files(rule_paths)]


def _mtime(path: Path) -> FileStamp:
    """What says a file changed. attack49: the mtime alone missed an edit in place: an editor truncates, then
    writes, both within one tick of the file system's clock (~4 ms), so a rebuild that read the file between them
    (empty, or half a list that is still YAML) kept that version until the next edit. The size differs between the
    two; a file replaced by a rename has another inode."""
    try:
        st = path.stat()
    except OSError:
        return (-1, -1, -1)
    return (st.st_mtime_ns, st.st_size, st.st_ino)
