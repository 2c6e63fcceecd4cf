"""``exitguard ca``: create the interception CA and show (or apply) the steps that make clients trust it.

    exitguard ca init  [--confdir DIR]          create the CA (if missing) and the combined trust bundle
    exitguard ca trust [--confdir DIR] [--only NAME ...] [--apply]

The CA private key never leaves the confdir (0600, ignored by git). Clients trust only the public
certificate ``mitmproxy-ca-cert.pem``, or the combined bundle (public roots + the exitguard CA) for
tools whose CA variable *replaces* their trust store instead of adding to it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from addons.cli.paths import DEFAULT_CONFDIR, ROOT  # noqa: F401  (re-exported)

CA_KEY = "mitmproxy-ca.pem"         # key + cert: the secret
CA_CERT = "mitmproxy-ca-cert.pem"   # public cert: what clients trust
BUNDLE = "exitguard-ca-bundle.pem"  # certifi's public roots + the CA cert
README = "README.md"


@dataclass(frozen=True)
class CaFiles:
    confdir: Path

    @property
    def key(self) -> Path:
        return self.confdir / CA_KEY

    @property
    def cert(self) -> Path:
        return self.confdir / CA_CERT

    @property
    def bundle(self) -> Path:
        return self.confdir / BUNDLE


def init(confdir: Path) -> tuple[CaFiles, bool]:
    """Create the CA (mitmproxy's own layout, so mitmdump uses it as is) and the bundle. Idempotent."""
    from mitmproxy import certs  # imported late: `exitguard env` must stay fast

    files = CaFiles(Path(confdir).expanduser().resolve())
    files.confdir.mkdir(parents=True, exist_ok=True)
    created = not files.key.exists()
    store = certs.CertStore.from_store(files.confdir, "mitmproxy", 2048)  # creates key 0600 + certs if missing
    os.chmod(files.key, 0o600)  # also repair a key restored with loose permissions
    if not files.cert.exists():  # an imported key+cert file (e.g. a shared Secret): derive the public parts
        for name in (CA_CERT, "mitmproxy-ca-cert.cer"):
            (files.confdir / name).write_bytes(store.default_ca.to_pem())
    write_bundle(files)
    readme = files.confdir / README
    if not readme.exists() and (DEFAULT_CONFDIR / README).exists():
        shutil.copyfile(DEFAULT_CONFDIR / README, readme)  # a volume or custom confdir gets the explanation too
    return files, created


def write_bundle(files: CaFiles) -> Path:
    """certifi + the CA cert. Needed because SSL_CERT_FILE (and CURL_CA_BUNDLE, ...) *replace* the trust store:
    with the bare CA, hosts that exitguard does not intercept (ignore_hosts, pass-through) would fail TLS."""
    import certifi

    ca = files.cert.read_text()
    roots = Path(certifi.where()).read_text()
    want = roots.rstrip("\n") + "\n\n# exitguard interception CA\n" + ca
    if not files.bundle.exists() or files.bundle.read_text() != want:
        tmp = files.bundle.with_suffix(".tmp")
        tmp.write_text(want)
        tmp.replace(files.bundle)
    return files.bundle


# --------------------------------------------------------------------------- trust steps per ecosystem


@dataclass(frozen=True)
class Step:
    name: str          # short id for --only
    title: str
    lines: tuple[str, ...]  # shell commands / settings, shown as is
    apply: tuple[tuple[str, ...], ...] = ()  # argv lists run by --apply (only where safe and local)
    applies_here: bool = False  # whether --apply may run it on this machine


def trust_steps(files: CaFiles) -> list[Step]:
    cert, bundle = str(files.cert), str(files.bundle)
    system = platform.system()
    debian = Path("/usr/sbin/update-ca-certificates").exists() or shutil.which("update-ca-certificates")
    rhel = shutil.which("update-ca-trust")
    crt = "/usr/local/share/ca-certificates/exitguard.crt"
    anchor = "/etc/pki/ca-trust/source/anchors/exitguard.pem"
    return [
        Step("debian", "Debian / Ubuntu system store (OpenSSL, curl, git, most tools)",
             (f"sudo cp {cert} {crt}", "sudo update-ca-certificates"),
             ((("cp", cert, crt), ("update-ca-certificates",)) if debian else ()), bool(debian) and system == "Linux"),
        Step("rhel", "RHEL / Fedora / Amazon Linux system store",
             (f"sudo cp {cert} {anchor}", "sudo update-ca-trust extract"),
             ((("cp", cert, anchor), ("update-ca-trust", "extract")) if rhel else ()),
             bool(rhel) and system == "Linux"),
        Step("macos", "macOS keychain (Safari, curl, most native tools)",
             (f"sudo security add-trusted-cert -d -r trustRoot -k /Library/Keychains/System.keychain {cert}",)),
        Step("windows", "Windows certificate store (PowerShell as Administrator)",
             (f"Import-Certificate -FilePath '{files.confdir / 'mitmproxy-ca-cert.cer'}' "
              "-CertStoreLocation Cert:\\LocalMachine\\Root",
              f"# or: certutil -addstore -f ROOT {files.confdir / 'mitmproxy-ca-cert.cer'}")),
        Step("python", "Python: requests/httpx/openai/anthropic use certifi, not the system store",
             (f"export SSL_CERT_FILE={bundle}      # ssl module, httpx, openai, anthropic (replaces the store:"
              " use the bundle)",
              f"export REQUESTS_CA_BUNDLE={bundle} # requests",
              "# the system store alone is not enough: certifi ignores update-ca-certificates")),
        Step("node", "Node.js (adds to the built-in roots)",
             (f"export NODE_EXTRA_CA_CERTS={cert}",)),
        Step("java", "Java keytool (JDK cacerts; default password changeit)",
             (f"keytool -importcert -noprompt -trustcacerts -alias exitguard -file {cert} -cacerts "
              "-storepass changeit",)),
        Step("git", "git (libcurl)",
             (f"export GIT_SSL_CAINFO={bundle}", f"# or: git config --global http.sslCAInfo {bundle}")),
        Step("curl", "curl", (f"export CURL_CA_BUNDLE={bundle}", f"# or per call: curl --cacert {cert} ...")),
        Step("aws", "AWS CLI / boto3",
             (f"export AWS_CA_BUNDLE={bundle}", f"# or: aws configure set ca_bundle {bundle}")),
        Step("pip", "pip", (f"export PIP_CERT={bundle}", f"# or: pip config set global.cert {bundle}")),
        Step("docker", "Docker build (RUN steps that download through the proxy)",
             ("# copy the public cert into the image and trust it before the steps that download:",
              "#   COPY mitmproxy-ca-cert.pem /usr/local/share/ca-certificates/exitguard.crt",
              "#   RUN update-ca-certificates",
              "docker build --build-arg HTTPS_PROXY=http://<proxy-host>:8080 "
              "--build-arg HTTP_PROXY=http://<proxy-host>:8080 .",
              "# (the Docker daemon's own pulls use the daemon's proxy settings, not build args)")),
    ]


def register(sub) -> None:
    p = sub.add_parser("ca", help="create the interception CA and make clients trust it", description=__doc__,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    csub = p.add_subparsers(dest="ca_command", required=True, metavar="ACTION")
    for name, helptext in (("init", "create the CA and the combined trust bundle (idempotent)"),
                           ("trust", "print the trust steps per ecosystem (--apply: perform the local ones)")):
        q = csub.add_parser(name, help=helptext)
        q.add_argument("--confdir", default=str(DEFAULT_CONFDIR), help="where the CA lives (default: certs/)")
        if name == "trust":
            q.add_argument("--only", action="append", default=[], metavar="NAME",
                           help="show only these ecosystems (debian, rhel, macos, windows, python, node, java, "
                                "git, curl, aws, pip, docker)")
            q.add_argument("--apply", action="store_true",
                           help="install the CA into this machine's system store (needs root)")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    files, created = init(Path(args.confdir))
    if args.ca_command == "init":
        print(f"exitguard: CA {'created' if created else 'already present'} in {files.confdir}")
        print(f"  public cert (give this to clients): {files.cert}")
        print(f"  combined bundle (public roots + CA): {files.bundle}")
        print(f"  private key (0600, never share or commit): {files.key}")
        return 0
    steps = [s for s in trust_steps(files) if not args.only or s.name in args.only]
    if args.only and not steps:
        print(f"exitguard ca trust: unknown ecosystem(s) {args.only}", file=sys.stderr)
        return 2
    if args.apply:
        return apply_steps(steps)
    for s in steps:
        print(f"# {s.title}  [{s.name}]")
        print("\n".join(s.lines) + "\n")
    return 0


def apply_steps(steps: list[Step]) -> int:
    """Run the system-store steps that apply to this machine; the per-tool variables are printed by `exitguard env`."""
    runnable = [s for s in steps if s.applies_here]
    if not runnable:
        print("exitguard ca trust --apply: no system store step applies on this machine; "
              "run the printed steps by hand (exitguard ca trust)", file=sys.stderr)
        return 2
    for s in runnable:
        for argv in s.apply:
            print("+", " ".join(argv))
            if subprocess.run(list(argv)).returncode != 0:
                print(f"exitguard ca trust --apply: {' '.join(argv)} failed", file=sys.stderr)
                return 1
    print("exitguard: system store updated. Python (certifi), Node and Java keep their own stores: "
          "see `exitguard env` and `exitguard ca trust --only java`.")
    return 0
