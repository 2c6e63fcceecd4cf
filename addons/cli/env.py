"""``exitguard env``: print the exact shell lines that send a client's traffic through exitguard.

    eval "$(exitguard env)"                      # bash
    eval "$(exitguard env --shell zsh)"          # zsh
    exitguard env --shell fish | source
    exitguard env --shell powershell | Invoke-Expression

Why each line is there:
- HTTPS_PROXY/HTTP_PROXY/NO_PROXY in both cases: curl and git read only lower-case ``http_proxy``; Python
  and Node tools read either.
- SSL_CERT_FILE, REQUESTS_CA_BUNDLE, CURL_CA_BUNDLE, GIT_SSL_CAINFO, AWS_CA_BUNDLE, PIP_CERT *replace* the
  tool's trust store, so they point at the combined bundle (public roots + exitguard CA): hosts exitguard
  passes through untouched keep working.
- NODE_EXTRA_CA_CERTS *adds* to Node's roots, so it gets the bare CA cert.
- Node's built-in fetch ignores proxy variables before Node 24 (NODE_USE_ENV_PROXY=1 there, and on 22.21+).
"""

from __future__ import annotations

import argparse
import shlex
import shutil
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

from addons.cli import ca, paths
from addons.cli.errors import UserError
from addons.cli.token_file import TokenFileError, read_token_file
from addons.core import net

SHELLS = ("bash", "zsh", "fish", "powershell")  # bash and zsh share the POSIX `export` syntax
DEFAULT_PROXY = "http://127.0.0.1:8080"
NO_PROXY = "localhost,127.0.0.1,::1"


def register(sub) -> None:
    p = sub.add_parser("env", help="print the shell lines that route clients through exitguard",
                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--shell", choices=SHELLS, default="bash")
    p.add_argument("--proxy", default=DEFAULT_PROXY, metavar="URL",
                   help=f"the proxy's URL as clients reach it, with USER:TOKEN@ if it needs auth "
                        f"(default {DEFAULT_PROXY})")
    p.add_argument("--token-file", metavar="FILE",
                   help="the proxy token, read from FILE (or /dev/stdin) and put into the printed URL after "
                        "--proxy's user (http://NAME@HOST:PORT): a token in --proxy is on this command's line, "
                        "where every user of the machine can read it")
    p.add_argument("--confdir", default=str(ca.DEFAULT_CONFDIR),
                   help=f"where the CA lives (default: {ca.DEFAULT_CONFDIR})")
    p.add_argument("--reverse", action="append", default=[], metavar="PROVIDER=URL",
                   help="also print the base-URL variable for a reverse listener, "
                        "e.g. openai=http://127.0.0.1:8081")
    p.set_defaults(func=run)


def variables(proxy: str, files: ca.CaFiles, reverse: dict[str, str] | None = None,
              node_version: tuple[int, int] | None = None) -> list[tuple[str, str | None]]:
    """(name, value) pairs in print order; value None means a comment line."""
    cert, bundle = str(files.cert), str(files.bundle)
    out: list[tuple[str, str | None]] = [
        ("# exitguard: proxy for every client (both cases: curl/git read lower-case)", None)]
    for name in ("HTTPS_PROXY", "HTTP_PROXY", "https_proxy", "http_proxy"):
        out.append((name, proxy))
    out += [("NO_PROXY", NO_PROXY), ("no_proxy", NO_PROXY),
            ("# Python ssl/httpx/openai/anthropic and requests: these replace certifi, hence the combined bundle",
             None),
            ("SSL_CERT_FILE", bundle), ("REQUESTS_CA_BUNDLE", bundle),
            ("# Node: adds the CA to the built-in roots", None), ("NODE_EXTRA_CA_CERTS", cert)]
    out += node_proxy_lines(node_version)
    out += [("# curl, git (libcurl), AWS CLI/boto3, pip", None),
            ("CURL_CA_BUNDLE", bundle), ("GIT_SSL_CAINFO", bundle), ("AWS_CA_BUNDLE", bundle), ("PIP_CERT", bundle)]
    for provider, url in (reverse or {}).items():
        var = BASE_URL_VARS.get(provider)
        if var:
            out += [(f"# {provider} via the reverse listener (for clients that ignore proxies or cannot trust a CA)",
                     None), (var, url.rstrip("/") + BASE_URL_SUFFIX.get(provider, ""))]
    return out


# SDK base-URL variables for the reverse listeners started by `exitguard up --reverse`.
BASE_URL_VARS = {"openai": "OPENAI_BASE_URL", "anthropic": "ANTHROPIC_BASE_URL"}
BASE_URL_SUFFIX = {"openai": "/v1"}  # the OpenAI SDK expects the /v1 prefix in its base URL


def node_proxy_lines(version: tuple[int, int] | None) -> list[tuple[str, str | None]]:
    """Node's fetch (undici) ignores HTTPS_PROXY unless NODE_USE_ENV_PROXY=1 (Node >= 24, 22.21+). Older Node:
    undici's EnvHttpProxyAgent (npm install undici) or an agent that speaks CONNECT for the https module."""
    env_proxy_ok = version is None or version >= (24, 0) or (22, 21) <= version < (23, 0)
    lines: list[tuple[str, str | None]] = [("NODE_USE_ENV_PROXY", "1")]
    if version is not None and not env_proxy_ok:
        lines.insert(0, (f"# Node {version[0]}.{version[1]} here ignores NODE_USE_ENV_PROXY (needs >= 24 or 22.21): "
                         "in code use undici's EnvHttpProxyAgent, "
                         "setGlobalDispatcher(new EnvHttpProxyAgent()), or an https.Agent that tunnels via CONNECT",
                         None))
    return lines


def installed_node_version() -> tuple[int, int] | None:
    node = shutil.which("node")
    if not node:
        return None
    try:
        out = subprocess.run([node, "--version"], capture_output=True, text=True, timeout=5).stdout.strip()
        major, minor = out.lstrip("v").split(".")[:2]
        return int(major), int(minor)
    except (OSError, ValueError, subprocess.TimeoutExpired):
        return None


def render(pairs: list[tuple[str, str | None]], shell: str) -> str:
    lines = []
    for name, value in pairs:
        if value is None:
            lines.append(name)  # comments start with "#" in every shell we print for
        elif shell == "fish":
            lines.append(f"set -gx {name} {_quote_sh(value)}")
        elif shell == "powershell":
            lines.append(f"$env:{name} = '{value.replace(chr(39), chr(39) * 2)}'")
        else:
            lines.append(f"export {name}={_quote_sh(value)}")
    return "\n".join(lines) + "\n"


def _quote_sh(value: str) -> str:
    return "'" + value.replace("'", "'\\''") + "'"


def check_proxy_url(url: str) -> str:
    """The URL, or UserError that shows it without its user info: the token of ``http://NAME:TOKEN@host:port``
    goes to stdout in the export lines, never into an error (terminals are recorded, CI logs kept)."""
    try:
        parts = urlsplit(url)
        usable = parts.scheme in ("http", "https") and bool(parts.hostname) and bool(parts.port)
    except ValueError:  # a port that is no number or out of range, a bracket left open
        usable = False
    if not usable:
        raise UserError(f"--proxy wants http://HOST:PORT, got {_without_user_info(url)!r}")
    return url


def _without_user_info(url: str) -> str:
    """``http://ci:egt_...@host`` -> ``http://***@host``: everything before the last ``@`` of the address part
    goes (a token typed unencoded may hold ``@`` or ``/``)."""
    scheme, sep, rest = url.partition("://") if "://" in url else ("", "", url)
    if "@" not in rest:
        return url
    return f"{scheme}{sep}***@{rest.rpartition('@')[2]}"


def with_token(url: str, token_file: str | None) -> str:
    """``url`` with the token of ``token_file`` as its user's password (percent-encoded), or as it is without a
    file; a token typed into ``url`` gets a warning on stderr (the export lines still carry it)."""
    parts = urlsplit(url)
    if token_file is None:
        if parts.password:
            print("exitguard env: the token in --proxy is on this command's line, where other users of this "
                  "machine can read it (ps); --token-file FILE keeps it off", file=sys.stderr)
        return url
    if parts.password is not None or not parts.username:
        raise UserError(f"--token-file wants --proxy with the user and no token (http://NAME@HOST:PORT), got "
                        f"{_without_user_info(url)!r}")
    try:
        token = read_token_file(Path(token_file), "it is your proxy credential")
    except TokenFileError as e:
        raise UserError(str(e)) from None
    if not token:
        raise UserError(f"--token-file {token_file} holds no token")
    user, _, address = parts.netloc.rpartition("@")  # the user as typed (percent-encoded if it was)
    return urlunsplit(parts._replace(netloc=f"{user}:{quote(token, safe='')}@{address}"))


def run(args: argparse.Namespace) -> int:
    proxy = with_token(check_proxy_url(args.proxy), args.token_file)
    files = ca.CaFiles(Path(args.confdir).expanduser().resolve())
    if files.cert.exists():
        ca.check_confdir(files.confdir)  # the files the printed lines point at are trusted: only ours may be there
        ca.write_bundle(files)  # keeps the bundle in step with the CA (and certifi) it was built from
    else:
        init = ["ca", "init"]
        if files.confdir != ca.DEFAULT_CONFDIR.resolve():
            init += ["--confdir", str(files.confdir)]
        print(f"exitguard env: no CA in {files.confdir} yet: run `{shlex.join([paths.command(), *init])}` "
              "(or start `exitguard up`)", file=sys.stderr)
    reverse = dict(r.split("=", 1) for r in args.reverse if "=" in r)
    sys.stdout.write(render(variables(proxy, files, reverse, installed_node_version()), args.shell))
    return 0


def env_lines_for(listen: str, confdir: str, reverse: dict[str, str] | None = None, shell: str = "bash") -> str:
    """What `exitguard up` prints for its own listener."""
    host, _, port = listen.rpartition(":")
    if net.is_all_interfaces(host):
        host = "127.0.0.1"
    return render(variables(f"http://{host}:{port}", ca.CaFiles(Path(confdir).expanduser().resolve()), reverse,
                            installed_node_version()), shell)


