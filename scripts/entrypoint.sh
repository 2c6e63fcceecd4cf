#!/usr/bin/env bash
# Container entrypoint (also runs outside a container): create the CA if missing, refuse to listen beyond loopback
# without proxy authentication unless told to, then exec `exitguard up` with options taken from the environment.
#
#   entrypoint.sh            start the proxy (exec: mitmdump becomes this process, SIGTERM shuts it down cleanly)
#   entrypoint.sh health     exit 0 if the proxy answers HTTP on its port (Docker HEALTHCHECK, k8s probes)
#
# Environment (all optional):
#   EXITGUARD_LISTEN         HOST:PORT of the main listener            (default 127.0.0.1:8080)
#   EXITGUARD_MODE           regular | transparent                      (default regular)
#   EXITGUARD_REVERSE        reverse listeners, e.g. "openai=8081 anthropic=8082" (on 127.0.0.1; "openai=HOST:PORT"
#                            to expose one: it cannot ask for proxy authentication)
#   EXITGUARD_CONFDIR        CA directory (a volume)                    (default $HOME/.exitguard/certs)
#   EXITGUARD_CONFDIR_UNSHARED  1 = use a confdir others may write by its mode that no other user can reach
#                            (a Kubernetes emptyDir is 0777); read by `exitguard ca init`, `up`, `env`
#   EXITGUARD_CA_FROM        an existing mitmproxy-ca.pem (key+cert, e.g. a mounted Secret) copied in when missing:
#                            every replica must present the same CA
#   EXITGUARD_PUBLIC_DIR     copy the public CA cert and the combined bundle here (a volume shared read-only with
#                            job containers: they must never see the CA key on EXITGUARD_CONFDIR)
#   EXITGUARD_RECORD_DIR     record flows + audit index here (a volume) (default: no recording)
#   EXITGUARD_POLICY / EXITGUARD_RULES   policy file / rule path (default: built-in)
#   EXITGUARD_TOKENS_FILE    proxy tokens (exitguard token --file F add NAME): clients use http://NAME:TOKEN@host:port
#   EXITGUARD_AUTH           auto | required | off (exitguard_auth; "required" with OIDC issuers in the policy)
#   EXITGUARD_ALLOW_NO_AUTH  1 = allow a non-loopback listener without authentication (an isolated network where
#                            the network itself is the identity); sets exitguard_auth=off
#   EXITGUARD_KEY_FILE       fingerprint key (share it across replicas so tags match)
#   EXITGUARD_ARGS           extra `exitguard up` arguments, word-split (e.g. "--set stream_large_bodies=1m")
#   EXITGUARD_BIN            the exitguard command (default: `exitguard` on PATH, else the checkout's .venv)
#   EXITGUARD_PYTHON         the Python that runs the health check (default python3)
#   EXITGUARD_CONTROL        the proxy's approval control file (exitguard_control_file); `exitguard approvals`
#                            reads the same variable, e.g. for `kubectl exec ... approvals list`
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
listen="${EXITGUARD_LISTEN:-127.0.0.1:8080}"
host="${listen%:*}"; host="${host#[}"; host="${host%]}"
port="${listen##*:}"

die() { echo "exitguard-entrypoint: $*" >&2; exit 64; }
[[ "$port" =~ ^[0-9]+$ && -n "$host" ]] || die "EXITGUARD_LISTEN wants HOST:PORT, got '$listen'"

if [[ "${1:-}" == "health" ]]; then
  probe="$host"; [[ "$probe" == "0.0.0.0" || "$probe" == "::" ]] && probe="127.0.0.1"
  # Any HTTP answer proves the event loop is serving: 407 where authentication is on, else 502 (the name
  # exitguard-health does not resolve). Like every flow it is logged and recorded.
  exec "${EXITGUARD_PYTHON:-python3}" - "$probe" "$port" <<'EOF'
import socket, sys
try:
    with socket.create_connection((sys.argv[1], int(sys.argv[2])), timeout=5) as s:
        s.settimeout(5)
        s.sendall(b"GET /exitguard-health HTTP/1.1\r\nHost: exitguard-health\r\n\r\n")
        sys.exit(0 if s.recv(12).startswith(b"HTTP/1.1 ") else 1)
except OSError as e:
    print(f"exitguard health: {e}", file=sys.stderr)
    sys.exit(1)
EOF
fi
[[ $# -eq 0 ]] || die "unknown argument '$1' (use no argument to start, or 'health')"

if [[ -n "${EXITGUARD_BIN:-}" ]]; then bin="$EXITGUARD_BIN"
elif command -v exitguard >/dev/null 2>&1; then bin="exitguard"
else bin="$here/../.venv/bin/exitguard"; fi

loopback=0
case "$host" in 127.*|::1|localhost) loopback=1 ;; esac
auth_args=()
if [[ "${EXITGUARD_ALLOW_NO_AUTH:-}" == "1" ]]; then
  auth_args+=(--set exitguard_auth=off)
  [[ $loopback == 1 ]] || echo "exitguard-entrypoint: WARNING: listening on $host without authentication" \
    "(EXITGUARD_ALLOW_NO_AUTH=1): only safe on a network where every client may use the proxy" >&2
elif [[ $loopback == 0 && -z "${EXITGUARD_TOKENS_FILE:-}" && "${EXITGUARD_AUTH:-}" != "required" ]]; then
  die "refusing to listen on $host without proxy authentication: set EXITGUARD_TOKENS_FILE" \
      "(exitguard token add), or EXITGUARD_AUTH=required with OIDC issuers in the policy," \
      "or EXITGUARD_ALLOW_NO_AUTH=1 on an isolated network"
fi
[[ -n "${EXITGUARD_AUTH:-}" && "${EXITGUARD_ALLOW_NO_AUTH:-}" != "1" ]] && auth_args+=(--set "exitguard_auth=$EXITGUARD_AUTH")
[[ -n "${EXITGUARD_TOKENS_FILE:-}" ]] && auth_args+=(--set "exitguard_tokens_file=$EXITGUARD_TOKENS_FILE")

confdir="${EXITGUARD_CONFDIR:-$HOME/.exitguard/certs}"
(umask 077 && mkdir -p "$confdir")  # 0700 whatever the umask: `ca init` refuses a confdir others may write
if [[ -n "${EXITGUARD_CA_FROM:-}" && ! -e "$confdir/mitmproxy-ca.pem" ]]; then
  [[ -r "$EXITGUARD_CA_FROM" ]] || die "EXITGUARD_CA_FROM=$EXITGUARD_CA_FROM is not readable"
  install -m 0600 "$EXITGUARD_CA_FROM" "$confdir/mitmproxy-ca.pem"
fi
"$bin" ca init --confdir "$confdir" >&2  # idempotent; derives the public cert and bundle from an imported key
if [[ -n "${EXITGUARD_PUBLIC_DIR:-}" ]]; then
  mkdir -p "$EXITGUARD_PUBLIC_DIR"
  install -m 0644 "$confdir/mitmproxy-ca-cert.pem" "$confdir/exitguard-ca-bundle.pem" "$EXITGUARD_PUBLIC_DIR/"
fi

args=(up --listen "$listen" --mode "${EXITGUARD_MODE:-regular}" --confdir "$confdir")
reverse="${EXITGUARD_REVERSE:-}"
for r in ${reverse//,/ }; do args+=(--reverse "$r"); done
if [[ -n "${EXITGUARD_RECORD_DIR:-}" ]]; then
  mkdir -p "$EXITGUARD_RECORD_DIR"; args+=(--record "$EXITGUARD_RECORD_DIR")
else
  args+=(--no-record)
fi
[[ -n "${EXITGUARD_POLICY:-}" ]] && args+=(--policy "$EXITGUARD_POLICY")
[[ -n "${EXITGUARD_RULES:-}" ]] && args+=(--rules "$EXITGUARD_RULES")
[[ -n "${EXITGUARD_KEY_FILE:-}" ]] && args+=(--set "exitguard_key_file=$EXITGUARD_KEY_FILE")
[[ -n "${EXITGUARD_CONTROL:-}" ]] && args+=(--set "exitguard_control_file=$EXITGUARD_CONTROL")
# shellcheck disable=SC2206  # word-splitting EXITGUARD_ARGS is the point
extra=(${EXITGUARD_ARGS:-})
exec "$bin" "${args[@]}" "${auth_args[@]}" "${extra[@]}"
