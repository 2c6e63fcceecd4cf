"""``exitguard up``: run mitmdump (or mitmweb) with the exitguard bundle and print the client set-up.

One process can listen in several mitmproxy modes at once, all with the same addon chain (the same inspection):
the main listener (``--mode regular``: clients use HTTPS_PROXY; ``--mode transparent``: traffic redirected by
scripts/transparent-egress.sh) plus one reverse listener per provider (``--reverse openai=8081``) for SDKs that
ignore proxy variables or cannot trust a CA: ``OPENAI_BASE_URL=http://127.0.0.1:8081/v1``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

from addons.cli import ca, env
from addons.cli.paths import BUNDLE, DEFAULT_CONFDIR, DEFAULT_RECORD_DIR, ROOT  # noqa: F401  (re-exported)
from addons.core import net

# --reverse NAME=PORT: the provider's API origin. Anything else must be given as URL=PORT.
REVERSE_TARGETS = {
    "openai": "https://api.openai.com",
    "anthropic": "https://api.anthropic.com",
    "gemini": "https://generativelanguage.googleapis.com",
    "mistral": "https://api.mistral.ai",
    "openrouter": "https://openrouter.ai",
}


def register(sub) -> None:
    p = sub.add_parser("up", help="start the proxy", description=__doc__)
    p.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT",
                   help="where the proxy listens (default 127.0.0.1:8080)")
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
    p.add_argument("--web", action="store_true", help="run mitmweb (browser UI on 127.0.0.1:8081) instead of mitmdump")
    p.add_argument("--set", dest="sets", metavar="OPTION=VALUE", action="append", default=[],
                   help="pass a mitmproxy or exitguard_* option (repeatable)")
    p.add_argument("--dry-run", action="store_true", help="print the mitmproxy command line and exit")
    p.set_defaults(func=run)


def mitmproxy_argv(args: argparse.Namespace) -> list[str]:
    host, _, port = args.listen.rpartition(":")
    if not host or not port.isdigit():
        raise SystemExit(f"exitguard up: --listen wants HOST:PORT, got {args.listen!r}")
    tool = "mitmweb" if args.web else "mitmdump"
    host = host.strip("[]")
    argv = [tool, "--mode", f"{args.mode}@{_hostport(host, port)}"]
    for url, rhost, rport in reverse_listeners(args.reverse):
        argv += ["--mode", f"reverse:{url}@{_hostport(rhost, rport)}"]
    argv += ["--set", f"confdir={args.confdir}", "-s", str(BUNDLE)]
    if args.web:  # the UI stays on loopback; the proxy refuses loopback upstreams (see hostpolicy.py)
        argv += ["--set", "web_host=127.0.0.1", "--set", "web_open_browser=false"]
    if args.policy:
        argv += ["--set", f"exitguard_policy={Path(args.policy).resolve()}"]
    for r in args.rules:
        argv += ["--set", f"exitguard_rules={Path(r).resolve()}"]
    if args.record:
        argv += ["--set", f"exitguard_record_dir={Path(args.record).resolve()}"]
    if args.retain is not None:
        argv += ["--set", f"exitguard_retain_days={args.retain}"]
    for s in args.sets:
        if "=" not in s and not s.startswith("exitguard_"):
            raise SystemExit(f"exitguard up: --set wants OPTION=VALUE, got {s!r}")
        argv += ["--set", s]
    return argv


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


def client_lines(args: argparse.Namespace) -> str:
    """The `exitguard env` lines for this listener (and a base-URL line per known reverse provider)."""
    reverse = {}
    for spec, (_, rhost, rport) in zip(args.reverse, reverse_listeners(args.reverse)):
        name = spec.rpartition("=")[0]
        if name in env.BASE_URL_VARS:
            reverse[name] = f"http://{_hostport('127.0.0.1' if net.is_all_interfaces(rhost) else rhost, rport)}"
    if args.mode == "transparent":  # redirected clients need the CA, not the proxy variables
        return "# transparent mode: clients need no proxy variables, only trust in the CA (exitguard ca trust)\n"
    return env.env_lines_for(args.listen, args.confdir, reverse)


def run(args: argparse.Namespace) -> int:
    argv = mitmproxy_argv(args)
    exe = Path(sys.executable).parent / argv[0]
    binary = str(exe) if exe.exists() else shutil.which(argv[0])
    if binary is None:
        print(f"exitguard up: {argv[0]} not found; run scripts/bootstrap.sh", file=sys.stderr)
        return 2
    if args.dry_run:
        print(" ".join([binary, *argv[1:]]))
        return 0
    print("exitguard: starting", argv[0], "on", args.listen, file=sys.stderr)
    ca.init(Path(args.confdir))  # the CA and combined bundle the printed lines point at exist before clients start
    print("exitguard: point clients at it with (or: eval \"$(exitguard env)\"):\n" + client_lines(args),
          file=sys.stderr, end="")
    sys.stderr.flush()
    os.execv(binary, [binary, *argv[1:]])
    return 0  # not reached
