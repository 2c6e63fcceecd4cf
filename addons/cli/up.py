"""``exitguard up``: run mitmdump (or mitmweb) with the exitguard bundle and print the client set-up.

    exitguard up                                   127.0.0.1:8080, built-in policy and rules, recording to recordings/
    exitguard up --policy agents.yaml --web        your policy, and the browser UI on 127.0.0.1:8081
    exitguard up --reverse openai=8081             also OPENAI_BASE_URL=http://127.0.0.1:8081/v1 for SDKs
                                                   that ignore proxy variables or cannot trust a CA

One process can listen in several mitmproxy modes at once, all with the same inspection: the main listener
(``--mode regular``: clients use HTTPS_PROXY; ``--mode transparent``: traffic redirected by
scripts/transparent-egress.sh) plus one reverse listener per provider.

Before anything starts, the policy, the rule packs, the ``--set`` options, the addresses to listen on and the
record folder are checked: a mistake is one line and status 2. Then ``up`` says what is guarded and where flows
are recorded, prints the client set-up and runs mitmproxy (its exit status is ``up``'s).

``--web`` runs mitmweb with its own login: a token it prints at start-up ("Web server listening at
http://127.0.0.1:8081/?token=..."), or the ``web_password`` you set. ``-s PATH`` loads more mitmproxy scripts
after the bundle, so they see flows as exitguard left them.
"""

from __future__ import annotations

import argparse
import os
import shlex
import shutil
import sys
import threading
from contextlib import contextmanager
from pathlib import Path

from addons.cli import ca, env, paths, preflight
from addons.cli.paths import BUNDLE, DEFAULT_CONFDIR, DEFAULT_RECORD_DIR, ROOT  # noqa: F401  (re-exported)
from addons.cli.private_stdout import StdoutNotPrivate, make_stdout_private
from addons.core import net, private_sets

WEB_HOST, WEB_PORT = "127.0.0.1", "8081"  # mitmweb's defaults; the UI stays on loopback unless web_host says
# A first start (an empty rules cache) compiles every rule for ~30 s of CPU with nothing else to print: say so
SLOW_LOAD_NOTICE_S = 5.0
QUIET_LEVELS = ("warn", "error")  # termlog_verbosity values that would hide mitmweb's token line (info)

# --reverse NAME=PORT: the provider's API origin. Anything else must be given as URL=PORT.
REVERSE_TARGETS = {
    "openai": "https://api.openai.com",
    "anthropic": "https://api.anthropic.com",
    "gemini": "https://generativelanguage.googleapis.com",
    "mistral": "https://api.mistral.ai",
    "openrouter": "https://openrouter.ai",
}


def register(sub) -> None:
    p = sub.add_parser("up", help="start the proxy", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT", type=listen_address,
                   help="where the proxy listens (default 127.0.0.1:8080; a port alone listens on 127.0.0.1)")
    p.add_argument("--mode", choices=("regular", "transparent"), default="regular",
                   help="main listener: regular (HTTPS_PROXY) or transparent (redirected by "
                        "scripts/transparent-egress.sh; Linux, needs root or CAP_NET_ADMIN)")
    p.add_argument("--reverse", metavar="PROVIDER=[HOST:]PORT", action="append", default=[],
                   help="also listen on PORT as a reverse proxy to PROVIDER "
                        f"({', '.join(REVERSE_TARGETS)}) or to an https://URL; repeatable. HOST defaults to "
                        "127.0.0.1 whatever --listen says: a reverse listener cannot ask for proxy authentication")
    p.add_argument("--policy", metavar="FILE",
                   help="policy file (default: the built-in addons/core/default_policy.yaml)")
    p.add_argument("--rules", metavar="PATH", action="append", default=[],
                   help="rule file or folder (repeatable; default: the built-in rules/)")
    p.add_argument("--record", metavar="DIR", default=str(DEFAULT_RECORD_DIR),
                   help=f"record flows and the audit index under DIR (default: {DEFAULT_RECORD_DIR})")
    p.add_argument("--no-record", dest="record", action="store_const", const="",
                   help="do not record (nothing is kept for audit or replay)")
    p.add_argument("--retain", metavar="DAYS", type=int,
                   help="delete recordings and index files older than DAYS (recorded in the index)")
    p.add_argument("--confdir", metavar="DIR", default=str(DEFAULT_CONFDIR),
                   help=f"where the CA lives (default: {DEFAULT_CONFDIR})")
    p.add_argument("--web", action="store_true",
                   help="run mitmweb instead of mitmdump: browser UI on 127.0.0.1:8081, opened with the token URL "
                        "it prints (or with your web_password)")
    p.add_argument("-s", "--script", dest="scripts", metavar="PATH", action="append", default=[],
                   help="also load this mitmproxy script, after the exitguard bundle (repeatable)")
    p.add_argument("--set", dest="sets", metavar="OPTION=VALUE", action="append", default=[],
                   help="pass a mitmproxy or exitguard_* option (repeatable); scripts=PATH is the same as -s PATH")
    p.add_argument("--dry-run", action="store_true",
                   help="check the policy, rules and options as a start does, then print the mitmproxy command "
                        "line and exit (status 2 and one line when something is wrong)")
    p.set_defaults(func=run)


def listen_address(value: str) -> str:
    """--listen's HOST:PORT; a port alone is 127.0.0.1:PORT (on loopback, as the default). An empty host is
    refused rather than read as mitmproxy reads it (every interface): that must be asked for by name."""
    if value.isdigit():
        value = f"127.0.0.1:{value}"
    host, _, port = value.rpartition(":")
    if not host or not port.isdigit() or int(port) > 65535:
        raise argparse.ArgumentTypeError(f"wants HOST:PORT or a PORT (e.g. 127.0.0.1:8080, or 0.0.0.0:8080 for every "
                                         f"interface), got {value!r}")
    return value


def mitmproxy_argv(args: argparse.Namespace) -> list[str]:
    host, _, port = listen_address(args.listen).rpartition(":")
    tool = "mitmweb" if args.web else "mitmdump"
    host = host.strip("[]")
    argv = [tool, "--mode", f"{args.mode}@{_hostport(host, port)}"]
    for url, rhost, rport in reverse_listeners(args.reverse):
        argv += ["--mode", f"reverse:{url}@{_hostport(rhost, rport)}"]
    sets = given_options(args.sets)
    argv += ["--set", f"confdir={args.confdir}", "-s", str(BUNDLE)]
    for script in extra_scripts(args.scripts + sets.get("scripts", [])):
        argv += ["-s", str(script)]
    if args.web:
        argv += web_options(sets, os.environ)
    if args.policy:
        argv += ["--set", f"exitguard_policy={Path(args.policy).resolve()}"]
    for r in args.rules:
        argv += ["--set", f"exitguard_rules={Path(r).resolve()}"]
    if args.record:
        argv += ["--set", f"exitguard_record_dir={Path(args.record).resolve()}"]
    if args.retain is not None:
        argv += ["--set", f"exitguard_retain_days={args.retain}"]
    for s in args.sets:
        if not s.startswith("scripts="):  # passed as -s above: mitmproxy would let -s replace them
            argv += ["--set", s]
    return argv


def given_options(specs: list[str]) -> dict[str, list[str]]:
    """The ``--set`` options by name, values in order (as mitmproxy groups them)."""
    given: dict[str, list[str]] = {}
    for spec in specs:
        name, sep, value = spec.partition("=")
        if not name or (not sep and not name.startswith("exitguard_")):
            raise SystemExit(f"exitguard up: --set wants OPTION=VALUE, got {spec!r}")
        if name == "scripts" and not value:
            raise SystemExit("exitguard up: --set scripts needs a PATH; the exitguard bundle is always loaded "
                             "and cannot be unset (use -s PATH for extra scripts)")
        given.setdefault(name, []).append(value)
    return given


def extra_scripts(paths: list[str]) -> list[Path]:
    """Scripts to load after the bundle. mitmproxy would let ``-s`` silently replace ``--set scripts=``, and a
    missing file would only fail once mitmproxy runs."""
    out = []
    for path in paths:
        script = Path(path).expanduser().resolve()
        if not script.is_file():
            raise SystemExit(f"exitguard up: script {path!r} not found")
        if script == BUNDLE.resolve() or script in out:
            raise SystemExit(f"exitguard up: script {path!r} is given twice (the bundle is always loaded first)")
        out.append(script)
    return out


def has_display(environ) -> bool:
    """Where mitmweb could open a browser: macOS and Windows desktops, or an X11 / Wayland session."""
    return sys.platform in ("darwin", "win32") or bool(environ.get("DISPLAY") or environ.get("WAYLAND_DISPLAY"))


def web_options(given: dict[str, list[str]], environ) -> list[str]:
    """mitmweb settings ``--web`` adds unless given: the UI on loopback (the proxy also refuses loopback
    upstreams, so it is never reachable through itself), no browser without a display."""
    if not _last(given, "web_password") and _last(given, "termlog_verbosity") in QUIET_LEVELS:
        raise SystemExit("exitguard up: --web prints the web UI's login token at info level, so "
                         f"termlog_verbosity={_last(given, 'termlog_verbosity')} would hide it; "
                         "lower it, or set web_password")
    out = [] if "web_host" in given else ["--set", f"web_host={WEB_HOST}"]
    if "web_open_browser" not in given and not has_display(environ):
        out += ["--set", "web_open_browser=false"]
    return out


def keep_the_login_private(given: dict[str, list[str]]) -> str | None:
    """mitmweb prints its login URL, token included, on standard output: ``up --web > up.log &`` had the shell make
    the log as the umask says (0644), and every local user read the console's login there (review62). A regular
    file group or others may read is made 0600 first (the note to say), another user's is refused; a terminal or a
    pipe is left as it is, and so is every file when ``web_password`` is set (no token is printed)."""
    if _last(given, "web_password"):
        return None
    try:
        mode = make_stdout_private(os.geteuid())
    except StdoutNotPrivate as refused:
        if refused.owner is not None:
            raise SystemExit(f"exitguard up: standard output is a file of another user (uid {refused.owner}, mode "
                             f"{refused.mode}) that others may read, and mitmweb prints its login token there; write "
                             "the log into a file of your own, or set web_password") from None
        raise SystemExit(f"exitguard up: standard output is a file others may read (mode {refused.mode}) and cannot "
                         f"be made private ({refused.error}), and mitmweb prints its login token there") from None
    if mode is None:
        return None
    return (f"exitguard: the file standard output goes to was mode {mode}: made private (0600) before mitmweb "
            "prints its login token there")


def web_notice(given: dict[str, list[str]]) -> str:
    """What ``up --web`` says before mitmweb starts: where the UI is, how to log in, and a warning when it listens
    beyond loopback (mitmweb speaks plain HTTP)."""
    host = _last(given, "web_host") or WEB_HOST
    url = f"http://{_hostport(host, _last(given, 'web_port') or WEB_PORT)}/"
    if _last(given, "web_password"):
        notice = (f"exitguard: web UI at {url}: log in with the web_password you set "
                  "(it is yours: no token is printed)\n")
    else:
        notice = (f"exitguard: web UI at {url}: open the 'Web server listening at {url}?token=...' URL that "
                  "mitmweb prints below (a new token every start; or set web_password)\n")
    if not net.is_loopback(host):
        notice += ("exitguard: warning: the web UI listens beyond loopback over plain HTTP: its login crosses the "
                   "network readable on the way, and whoever holds it controls the proxy (it can load scripts); "
                   "keep web_host=127.0.0.1 and reach it through ssh -L, or put TLS in front\n")
    return notice


def _last(given: dict[str, list[str]], name: str) -> str | None:
    return given[name][-1] if given.get(name) else None


def _hostport(host: str, port: str | int) -> str:
    return f"[{host}]:{port}" if ":" in host else f"{host}:{port}"


def reverse_listeners(specs: list[str]) -> list[tuple[str, str, int]]:
    """``openai=8081``, ``openai=0.0.0.0:8081`` or ``https://api.example.com=8085`` -> [(origin URL, host, port)]."""
    out = []
    for spec in specs:
        name, sep, where = spec.rpartition("=")
        url = REVERSE_TARGETS.get(name, name)
        host, _, port = where.rpartition(":")
        if not sep or not port.isdigit() or not url.startswith("https://"):
            raise SystemExit(f"exitguard up: --reverse wants PROVIDER=[HOST:]PORT ({', '.join(REVERSE_TARGETS)}) "
                             f"or https://HOST=[HOST:]PORT, got {spec!r}")
        out.append((url, host.strip("[]") or "127.0.0.1", int(port)))
    return out


def listeners(args: argparse.Namespace) -> list[preflight.Listener]:
    """Every address mitmproxy will listen on, with the flag that sets it."""
    host, _, port = args.listen.rpartition(":")
    host = host.strip("[]")
    out = [preflight.Listener(host, int(port), f"--listen {_hostport(host, 'PORT')}", "--listen HOST:PORT")]
    for spec, (_, rhost, rport) in zip(args.reverse, reverse_listeners(args.reverse)):
        name = spec.rpartition("=")[0]
        out.append(preflight.Listener(rhost, rport, f"--reverse {name}=PORT", f"--reverse {name}=HOST:PORT"))
    if args.web:
        given = given_options(args.sets)
        web_port = _last(given, "web_port") or WEB_PORT
        if web_port.isdigit():  # anything else is mitmproxy's to refuse
            out.append(preflight.Listener(_last(given, "web_host") or WEB_HOST, int(web_port), "--set web_port=PORT",
                                          "--set web_host=HOST"))
    return out


def env_command(args: argparse.Namespace) -> str:
    """The ``exitguard env`` command that prints these client lines again (in another shell), as typed here."""
    host, _, port = args.listen.rpartition(":")
    host = "127.0.0.1" if net.is_all_interfaces(host.strip("[]")) else host.strip("[]")
    words = [paths.command(), "env"]
    if (proxy := f"http://{_hostport(host, port)}") != env.DEFAULT_PROXY:
        words += ["--proxy", proxy]
    if Path(args.confdir).resolve() != DEFAULT_CONFDIR.resolve():
        words += ["--confdir", str(Path(args.confdir).resolve())]
    for name, url in reverse_urls(args).items():
        words += ["--reverse", f"{name}={url}"]
    return shlex.join(words)


def token_notice(args: argparse.Namespace) -> str:
    """For a proxy that asks every client for a token: the lines below carry none (a token is shown once, when
    made), so a client set up with them alone gets 407."""
    host, _, port = args.listen.rpartition(":")
    host = "127.0.0.1" if net.is_all_interfaces(host.strip("[]")) else host.strip("[]")
    return (f"exitguard: this proxy requires proxy authentication: each client puts its own token in the proxy URL, "
            f"http://NAME:TOKEN@{_hostport(host, port)} (`{paths.command()} token add NAME` makes one; "
            f"`{paths.command()} env --proxy URL` prints the lines with it); the lines below carry none")


def reverse_urls(args: argparse.Namespace) -> dict[str, str]:
    """provider -> the URL of its reverse listener, for the providers whose SDK reads a base-URL variable."""
    reverse = {}
    for spec, (_, rhost, rport) in zip(args.reverse, reverse_listeners(args.reverse)):
        name = spec.rpartition("=")[0]
        if name in env.BASE_URL_VARS:
            reverse[name] = f"http://{_hostport('127.0.0.1' if net.is_all_interfaces(rhost) else rhost, rport)}"
    return reverse


def reverse_url_notices(args: argparse.Namespace) -> list[str]:
    """For a reverse listener to a URL (no SDK variable to print): where its clients send their requests."""
    out = []
    for spec, (url, rhost, rport) in zip(args.reverse, reverse_listeners(args.reverse)):
        if spec.rpartition("=")[0] not in REVERSE_TARGETS:
            local = f"http://{_hostport('127.0.0.1' if net.is_all_interfaces(rhost) else rhost, rport)}"
            out.append(f"exitguard: clients of {url} use {local} as its base URL (the reverse listener)")
    return out


def client_lines(args: argparse.Namespace) -> str:
    """The `exitguard env` lines for this listener (and a base-URL line per known reverse provider)."""
    if args.mode == "transparent":  # redirected clients need the CA, not the proxy variables
        return "# transparent mode: clients need no proxy variables, only trust in the CA (exitguard ca trust)\n"
    return env.env_lines_for(args.listen, args.confdir, reverse_urls(args))


def _stderr_is_terminal() -> bool:
    try:
        return sys.stderr.isatty()
    except (AttributeError, ValueError):
        return False


@contextmanager
def said_if_slow(seconds: float):
    """A line on stderr if the block is still running after ``seconds`` (the rule load of a first start), on a
    terminal only: a log or a test reading stderr gets the same lines however loaded the machine is."""
    if not _stderr_is_terminal():
        yield
        return

    def say() -> None:
        print("exitguard up: loading the detection rules (the first start on a machine compiles them into "
              "~/.cache/exitguard, or $XDG_CACHE_HOME/exitguard: a minute or two; later starts take seconds)",
              file=sys.stderr, flush=True)

    timer = threading.Timer(seconds, say)
    timer.name, timer.daemon = "exitguard-slow-load", True
    timer.start()
    try:
        yield
    finally:
        timer.cancel()
        timer.join()  # a line being printed is finished before anything else is


def run(args: argparse.Namespace) -> int:
    argv = mitmproxy_argv(args)
    exe = Path(sys.executable).parent / argv[0]
    binary = str(exe) if exe.exists() else shutil.which(argv[0])
    if binary is None:
        print(f"exitguard up: {argv[0]} not found; run scripts/bootstrap.sh", file=sys.stderr)
        return 2
    # Every local user reads a process's command line: credentials go to the bundle in the environment instead
    public, private = private_sets.split_argv(argv)
    if args.dry_run:  # what the real run execs: never the credentials it hands over (a CI log, a shared screen)
        # The same checks as a real start, so a dry run that succeeds means a policy, rule packs and options
        # that start; not the port or record folder, which a proxy already running there holds.
        with said_if_slow(SLOW_LOAD_NOTICE_S):
            checked = preflight.check(argv)
        confdir = Path(args.confdir).expanduser().resolve()
        if confdir.exists():  # made by the start when missing; one that is there is checked as the start does
            ca.check_confdir(confdir)
        print(" ".join([binary, *public[1:]]))
        if private:
            names = ", ".join(dict.fromkeys(spec.partition("=")[0] for spec in private))
            print(f"exitguard up: {names} would be handed to the proxy in ${private_sets.ENV}, off its command "
                  "line (not printed)", file=sys.stderr)
        for notice in checked.notices:  # what the start would say of a fleet's Redis (unreachable, open to all)
            print(f"exitguard up: {notice}", file=sys.stderr)
        return 0
    with said_if_slow(SLOW_LOAD_NOTICE_S):
        startup = preflight.check(argv)  # a bad policy, rule pack or option stops here, before anything is printed
    # The CA and combined bundle the printed lines point at exist before clients start; a confdir others may
    # write (mitmproxy runs the scripts its config.yaml names) or a CA key others chose stops here too.
    ca.init(Path(args.confdir))
    preflight.check_can_start(listeners(args), startup.record_dir)  # a port in use, a folder it cannot record to
    login_note = keep_the_login_private(given_options(args.sets)) if args.web else None  # before a line is printed
    print(preflight.summary(startup) + f"exitguard: starting {argv[0]} on {args.listen}; Ctrl-C stops the proxy",
          file=sys.stderr)
    if args.mode != "transparent":
        print(f"exitguard: point clients at it with (or: eval \"$({env_command(args)})\"):", file=sys.stderr)
        if startup.clients_authenticate:
            print(token_notice(args), file=sys.stderr)
    print(client_lines(args), file=sys.stderr, end="")
    for notice in reverse_url_notices(args):
        print(notice, file=sys.stderr)
    if paths.command() != "exitguard":
        print(f"exitguard: `exitguard` is not on your PATH: type {paths.command()} (or add "
              f"{Path(sys.executable).parent} to PATH)", file=sys.stderr)
    if args.web:
        print(web_notice(given_options(args.sets)), file=sys.stderr, end="")
        if login_note:
            print(login_note, file=sys.stderr)
    sys.stderr.flush()
    if private:
        os.environ[private_sets.ENV] = private_sets.encode(private)
    os.execv(binary, [binary, *public[1:]])
    return 0  # not reached
