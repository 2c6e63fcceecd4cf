"""``exitguard up``: run mitmdump (or mitmweb) with the exitguard bundle and print the client set-up."""

from __future__ import annotations

import argparse
import os
import shutil
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BUNDLE = ROOT / "addons" / "bundle.py"
DEFAULT_CONFDIR = ROOT / "certs"


def register(sub) -> None:
    p = sub.add_parser("up", help="start the proxy", description=__doc__)
    p.add_argument("--listen", default="127.0.0.1:8080", metavar="HOST:PORT",
                   help="where the proxy listens (default 127.0.0.1:8080)")
    p.add_argument("--policy", metavar="FILE", help="policy file (default: rules/policy.yaml)")
    p.add_argument("--rules", metavar="PATH", action="append", default=[],
                   help="rule file or folder (repeatable; default: the built-in rules/)")
    p.add_argument("--record", metavar="DIR", help="record flows and the audit index under DIR")
    p.add_argument("--confdir", metavar="DIR", default=str(DEFAULT_CONFDIR),
                   help="where the CA lives (default: certs/)")
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
    argv = [tool, "--listen-host", host.strip("[]"), "--listen-port", port,
            "--set", f"confdir={args.confdir}", "-s", str(BUNDLE)]
    if args.web:  # the UI stays on loopback; the proxy refuses loopback upstreams (see hostpolicy.py)
        argv += ["--set", "web_host=127.0.0.1", "--set", "web_open_browser=false"]
    if args.policy:
        argv += ["--set", f"exitguard_policy={Path(args.policy).resolve()}"]
    for r in args.rules:
        argv += ["--set", f"exitguard_rules={Path(r).resolve()}"]
    if args.record:
        argv += ["--set", f"exitguard_record_dir={Path(args.record).resolve()}"]
    for s in args.sets:
        if "=" not in s and not s.startswith("exitguard_"):
            raise SystemExit(f"exitguard up: --set wants OPTION=VALUE, got {s!r}")
        argv += ["--set", s]
    return argv


def client_lines(listen: str, confdir: str) -> list[str]:
    host, _, port = listen.rpartition(":")
    if host in ("0.0.0.0", "::", "[::]", ""):
        host = "127.0.0.1"
    ca = Path(confdir) / "mitmproxy-ca-cert.pem"
    proxy = f"http://{host}:{port}"
    return [f"export HTTPS_PROXY={proxy} HTTP_PROXY={proxy} NO_PROXY=localhost,127.0.0.1",
            f"export SSL_CERT_FILE={ca} REQUESTS_CA_BUNDLE={ca} NODE_EXTRA_CA_CERTS={ca}"]


def run(args: argparse.Namespace) -> int:
    argv = mitmproxy_argv(args)
    exe = Path(sys.executable).parent / argv[0]
    binary = str(exe) if exe.exists() else shutil.which(argv[0])
    if binary is None:
        print(f"exitguard up: {argv[0]} not found; run scripts/bootstrap.sh", file=sys.stderr)
        return 2
    if args.dry_run:
        print(" ".join([binary] + argv[1:]))
        return 0
    print("exitguard: starting", argv[0], "on", args.listen, file=sys.stderr)
    print("exitguard: point clients at it with:\n  " + "\n  ".join(client_lines(args.listen, args.confdir)),
          file=sys.stderr)
    sys.stderr.flush()
    os.execv(binary, [binary] + argv[1:])
    return 0  # not reached
