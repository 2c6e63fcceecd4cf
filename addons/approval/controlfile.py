"""Where a proxy's approval control file is and how its endpoint is called: shared by the proxy (control.py) and
`exitguard approvals` (cli/approvals.py), which must stay quick to start, so no mitmproxy import here."""

from __future__ import annotations

import hashlib
import hmac
import re

CONTROL_FILE_NAME = "exitguard-control.json"  # before issue 18: one per confdir; still found by the CLI
CONTROL_FILE_GLOB = "exitguard-control*.json"
APPROVER_HEADER = "x-exitguard-approver"  # the approver's own credential, next to the control file's token
# Before sending any credential, `exitguard approvals` asks the listener to prove it knows the control file's token:
# after a crash the file stays, and whoever takes its port (or socket path) would otherwise receive the control
# token and the approver's token, and be believed.
HELLO_PATH = "/v1/hello"
CHALLENGE_HEADER = "x-exitguard-challenge"  # 32 random bytes in hex, the client's


def control_proof(token: str, challenge: str) -> str:
    """What only the holder of the control token can answer to ``challenge`` (never the token or a use of it)."""
    return hmac.new(token.encode(), b"exitguard control proof\0" + challenge.encode(), hashlib.sha256).hexdigest()


def control_file_name(host: str, port: int) -> str:
    """One control file per listen address: ``exitguard-control-127.0.0.1_8080.json`` (all interfaces: ``all``)."""
    safe = re.sub(r"[^A-Za-z0-9.-]", "-", host.strip("[]")) or "all"
    return f"exitguard-control-{safe}_{port}.json"
