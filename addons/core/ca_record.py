"""Which CA a confdir's proxy served with, so that a start with another one is refused (faults49, EVASION.md
section 5: "the CA key removed, then a restart").

mitmproxy makes a new CA in silence when its confdir has no key (its TlsConfig does, before any script loads) and
writes it over the public certificate clients were told to trust: every client then fails its TLS handshakes and
nothing says why. The bundle keeps the SHA-256 of the CA certificate it serves with in ``RECORD`` (0600, as the
rest of the confdir); a later start with another CA stops, naming the key file, until the previous key is back or the
record is removed (a new CA on purpose). A first start (no record) makes its CA and records it quietly;
``exitguard ca init`` records the CA it makes (cli/ca.py).
"""

from __future__ import annotations

import logging
import os
import stat
import tempfile
from dataclasses import dataclass
from pathlib import Path

logger = logging.getLogger(__name__)

RECORD = "exitguard-ca-seen.sha256"
KEY = "mitmproxy-ca.pem"  # mitmproxy's name for the CA's key and certificate
MAX_RECORD_BYTES = 4096


@dataclass(frozen=True)
class CaChanged:
    """The confdir's CA is not the one its record names."""

    confdir: Path
    recorded: str  # hex SHA-256 of the certificate served before ("" when the record cannot be read as one)
    serving: str  # hex SHA-256 of the certificate loaded now

    @property
    def key(self) -> Path:
        return self.confdir / KEY

    @property
    def record(self) -> Path:
        return self.confdir / RECORD

    def message(self) -> str:
        before = f"SHA-256 {self.recorded[:16]}..." if self.recorded else "unreadable"
        return (f"the CA in {self.key} is not the one this proxy served with before ({before}, recorded in "
                f"{self.record}; now {self.serving[:16]}...): mitmproxy makes a new CA in silence when {self.key} "
                "is missing at start, and every client that trusts the previous CA then fails its TLS handshakes. "
                f"Put the previous key back at {self.key}; or, to use the new CA on purpose, remove {self.record} "
                "and make the clients trust the new certificate (exitguard ca trust)")


def check(confdir: Path, fingerprint: bytes) -> CaChanged | None:
    """None when the record names this CA, or there is no record yet (it is written: a first start). A record that
    cannot be written (a read-only confdir, where mitmproxy could not make a new CA either) is only logged."""
    serving = fingerprint.hex()
    path = Path(confdir) / RECORD
    try:
        # attack50: a FIFO at its name (open blocks until a writer comes) hung the start in configure, with no word;
        # a device acts when opened. Opened without blocking and read only when it is a regular file.
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_NOCTTY | os.O_CLOEXEC)
        with os.fdopen(fd, "rb") as f:
            if not stat.S_ISREG(os.fstat(f.fileno()).st_mode):
                raise IsADirectoryError(f"{path} is not a regular file")
            text = f.read(MAX_RECORD_BYTES).decode("ascii", "replace")
    except FileNotFoundError:
        remember(confdir, fingerprint)
        return None
    except OSError as e:  # a directory or a FIFO at its name, unreadable: never taken as "no record"
        logger.debug("exitguard: cannot read %s: %s", path, type(e).__name__)
        return CaChanged(Path(confdir), "", serving)
    recorded = _fingerprint_in(text)
    return None if recorded == serving else CaChanged(Path(confdir), recorded, serving)


def remember(confdir: Path, fingerprint: bytes) -> None:
    """Write the record for this CA: 0600 like the rest of the confdir (nobody else needs it; attack36's umask test
    lists every file open to others), replaced whole (never half a record, never through a link at its name)."""
    path = Path(confdir) / RECORD
    text = (f"{fingerprint.hex()}\n# SHA-256 of the CA certificate exitguard's proxy serves with from this folder; "
            "a start with another CA is refused (remove this file to use a new CA on purpose)\n")
    try:
        fd, tmp = tempfile.mkstemp(prefix=".new-", dir=path.parent)
    except OSError as e:
        logger.warning("exitguard: cannot record the CA in %s (%s): a later start cannot tell that the CA was "
                       "replaced", path, e.strerror or type(e).__name__)
        return
    try:
        with os.fdopen(fd, "w", encoding="ascii") as f:
            f.write(text)
            os.fchmod(f.fileno(), 0o600)
        os.replace(tmp, path)
    except BaseException:
        os.unlink(tmp)
        raise


def cert_fingerprint(cert_pem: bytes) -> bytes:
    """The SHA-256 of a PEM certificate (the first in ``cert_pem``), as mitmproxy's ``Cert.fingerprint`` gives it."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes

    return x509.load_pem_x509_certificate(cert_pem).fingerprint(hashes.SHA256())


def _fingerprint_in(text: str) -> str:
    first = text.split("\n", 1)[0].strip().lower()
    return first if len(first) == 64 and all(c in "0123456789abcdef" for c in first) else ""
