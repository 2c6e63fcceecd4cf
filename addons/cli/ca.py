"""``exitguard ca``: create the interception CA and show (or apply) the steps that make clients trust it.

    exitguard ca init  [--confdir DIR]          create the CA (if missing) and the combined trust bundle
    exitguard ca trust [--confdir DIR] [--only NAME ...] [--apply]

The CA private key never leaves the confdir (0600, ignored by git), a folder only this user may write. Clients
trust only the public certificate ``mitmproxy-ca-cert.pem``, or the combined bundle (public roots + the exitguard
CA) for tools whose CA variable *replaces* their trust store instead of adding to it.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import stat
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

from addons.cli.errors import UserError
from addons.cli.paths import DEFAULT_CONFDIR, ROOT  # noqa: F401  (re-exported)
from addons.core import ca_record, secretfile
from addons.core.validation import did_you_mean

CA_KEY = "mitmproxy-ca.pem"         # key + cert: the secret
CA_CERT = "mitmproxy-ca-cert.pem"   # public cert: what clients trust
CA_CERT_P12 = "mitmproxy-ca-cert.p12"  # the same for Windows and Java tools
BUNDLE = "exitguard-ca-bundle.pem"  # certifi's public roots + the CA cert
DHPARAM = "mitmproxy-dhparam.pem"  # the DH group mitmproxy offers clients: public, but only ours to choose
README = "README.md"
UNSHARED_VARIABLE = secretfile.UNSHARED_VARIABLE
MAX_KEY_FILE_BYTES = 64 * 1024  # an RSA-4096 key and its certificate are under 6 KB


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
    """Create the CA (mitmproxy's own layout, so mitmdump uses it as is) and the bundle. Idempotent.

    The confdir is created 0700 and must be writable by nobody else (whoever may write it can put a
    ``config.yaml`` there that makes mitmproxy run their script, or swap the CA). exitguard writes the key
    itself: complete before its name appears (linked in from a 0600 temporary file, never through a link planted
    at the name), not mitmproxy's ``create_store``, which writes every file through whatever link is at its name.
    An existing key is used only when ``core/secretfile`` would read it as a secret (a regular file only the
    proxy's user may read, or root's for its group), and the public files are derived from it."""
    files = CaFiles(Path(confdir).expanduser().resolve())
    secretfile.make_private_folder(files.confdir)
    check_confdir(files.confdir)
    if not os.path.lexists(files.key):
        refuse_lost_key(files)
    created = not os.path.lexists(files.key) and _create_key(files)
    cert_pem = read_ca(files.key)
    if created:  # a new CA made on purpose: the proxy's record of the one it served with moves on to it
        ca_record.remember(files.confdir, ca_record.cert_fingerprint(cert_pem))
    for name in (CA_CERT, "mitmproxy-ca-cert.cer"):
        path = files.confdir / name
        if not _kept_public(path) or path.read_bytes() != cert_pem:
            _write_public(path, cert_pem)  # a cert that is not the key's (another CA planted, or stale) is replaced
    if not _kept_public(files.confdir / CA_CERT_P12) or _p12_cert(files.confdir / CA_CERT_P12) != cert_pem:
        _write_public(files.confdir / CA_CERT_P12, _cert_p12(cert_pem))  # what Windows and Java tools import
    if not _kept_public(files.confdir / DHPARAM):
        # mitmproxy writes it at start when missing, umask-wide (0666 under umask 000: anyone who may enter the
        # folder could then choose the DH group of every DHE handshake with a client)
        from mitmproxy import certs

        _write_public(files.confdir / DHPARAM, certs.DEFAULT_DHPARAM)
    write_bundle(files)
    readme = files.confdir / README
    if not os.path.lexists(readme) and (DEFAULT_CONFDIR / README).exists():
        _write_public(readme, (DEFAULT_CONFDIR / README).read_bytes())  # a volume or custom confdir gets it too
    return files, created


def refuse_lost_key(files: CaFiles) -> None:
    """UserError when the key is gone but its CA's files are not: clients (and ``ca trust --apply``) trust that
    certificate, so a new CA made in silence would fail every client's TLS with no word (and leave the old CA's key
    behind in ``mitmproxy-ca.p12``, which _create_key never replaces)."""
    left = [p for p in (files.cert, files.confdir / "mitmproxy-ca-cert.cer", files.confdir / CA_CERT_P12)
            if os.path.lexists(p)]
    if left:
        raise UserError(f"CA key {files.key} is missing, but its certificate {left[0]} is there (clients may trust "
                        "that CA): put the key back, or move the folder's mitmproxy-ca* files away and run "
                        f"`exitguard ca init --confdir {files.confdir}` for a new CA (then trust that one: exitguard "
                        "ca trust)")


def check_confdir(confdir: Path) -> None:
    """UserError when someone other than root or this user could put files in the confdir or replace them.

    ``EXITGUARD_CONFDIR_UNSHARED=1`` says no other user can reach it although its mode would let them: a
    Kubernetes ``emptyDir`` is 0777 and owned by root, but only the containers that mount it see it (the
    manifest in deploy/k8s sets it). The CA key itself is still checked."""
    if secretfile.folders_unshared():
        return
    why = secretfile.private_folder_problem(confdir)
    if why is not None:
        raise UserError(f"not using the confdir: {why} (--confdir DIR chooses another; where no other user can "
                        f"reach the folder whatever its mode, as in a pod's emptyDir, set {UNSHARED_VARIABLE}=1)")


def _create_key(files: CaFiles) -> bool:
    """A new CA key + certificate at ``files.key`` (and its PKCS#12 twin); False when another process made one
    first (theirs is used)."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12
    from mitmproxy import certs  # imported late: `exitguard env` must stay fast

    key, cert = certs.create_ca(organization="mitmproxy", cn="mitmproxy", key_size=2048)
    none = serialization.NoEncryption()
    pem = key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.TraditionalOpenSSL, none) \
        + cert.public_bytes(serialization.Encoding.PEM)
    if not secretfile.create_private_file(files.key, pem):
        return False
    p12 = pkcs12.serialize_key_and_certificates(b"mitmproxy", key, cert, None, none)
    secretfile.create_private_file(files.confdir / "mitmproxy-ca.p12", p12)  # for Windows devices, as mitmproxy has
    return True


def _cert_p12(cert_pem: bytes) -> bytes:
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    return pkcs12.serialize_key_and_certificates(b"mitmproxy", None, x509.load_pem_x509_certificate(cert_pem), None,
                                                 serialization.NoEncryption())


def _p12_cert(path: Path) -> bytes | None:
    """The certificate (PEM) in a PKCS#12 file of certificates, or None when it holds no readable one."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    try:
        _, cert, extra = pkcs12.load_key_and_certificates(path.read_bytes(), None)
    except (ValueError, TypeError):
        return None
    cert = cert or (extra[0] if extra else None)
    return cert.public_bytes(serialization.Encoding.PEM) if cert else None


def _kept_public(path: Path) -> bool:
    """``path`` is a regular file (not a link) that only its owner may change: one made 0666 under umask 000
    (before exitguard wrote these files itself, or by mitmproxy) is made again."""
    try:
        st = path.lstat()
    except FileNotFoundError:
        return False
    return stat.S_ISREG(st.st_mode) and not stat.S_IMODE(st.st_mode) & 0o022


def _write_public(path: Path, data: bytes) -> None:
    """Replace ``path`` with a 0644 file holding ``data`` (a link at the name is replaced, never written through)."""
    fd, tmp = tempfile.mkstemp(prefix=".new-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            os.fchmod(f.fileno(), 0o644)  # public, whatever the umask: never world-writable
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def read_ca(key_file: Path) -> bytes:
    """The CA certificate (PEM) of the key file, after checking the file may hold the CA key and holds one that
    matches its certificate. UserError naming the file (never its content) otherwise."""
    from cryptography import x509
    from cryptography.hazmat.primitives import serialization

    try:
        text = secretfile.read_secret_file(key_file, MAX_KEY_FILE_BYTES, folders=not secretfile.folders_unshared())
    except secretfile.SecretFileError as e:
        raise UserError(f"CA key {e}. If others could have read it, make a new CA (move the folder's files "
                        "away, exitguard ca init) and have clients trust that one") from None
    try:
        key = serialization.load_pem_private_key(text.encode(), None)
        cert = x509.load_pem_x509_certificates(text.encode())[0]
    except (ValueError, TypeError, IndexError):
        raise UserError(f"CA key {key_file} does not hold an unencrypted PEM private key and its certificate") \
            from None
    if cert.public_key().public_bytes(serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo) \
            != key.public_key().public_bytes(serialization.Encoding.DER,
                                             serialization.PublicFormat.SubjectPublicKeyInfo):
        raise UserError(f"CA key {key_file}: its first certificate is not the key's (mitmproxy would sign with "
                        "one CA and present another)")
    return cert.public_bytes(serialization.Encoding.PEM)


def write_bundle(files: CaFiles) -> Path:
    """certifi + the CA cert. Needed because SSL_CERT_FILE (and CURL_CA_BUNDLE, ...) *replace* the trust store:
    with the bare CA, hosts that exitguard does not intercept (ignore_hosts, pass-through) would fail TLS."""
    import certifi

    ca = files.cert.read_text()
    roots = Path(certifi.where()).read_text()
    want = roots.rstrip("\n") + "\n\n# exitguard interception CA\n" + ca
    if not _kept_public(files.bundle) or files.bundle.read_text() != want:
        _write_public(files.bundle, want.encode())
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
    csub = p.add_subparsers(dest="ca_command", required=True, metavar="SUBCOMMAND")
    for name, helptext in (("init", "create the CA and the combined trust bundle (idempotent)"),
                           ("trust", "print the trust steps per ecosystem (--apply: perform the local ones)")):
        q = csub.add_parser(name, help=helptext)
        q.add_argument("--confdir", default=str(DEFAULT_CONFDIR),
                       help=f"where the CA lives (default: {DEFAULT_CONFDIR})")
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
    every = trust_steps(files)
    known = [s.name for s in every]
    unknown = [name for name in args.only or () if name not in known]
    if unknown:  # one typo among good names would otherwise be left out without a word
        raise UserError(f"--only {unknown[0]}: no such ecosystem{did_you_mean(unknown[0], known)} "
                        f"(known: {', '.join(known)})")
    steps = [s for s in every if not args.only or s.name in args.only]
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
