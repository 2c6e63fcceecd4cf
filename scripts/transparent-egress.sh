#!/usr/bin/env bash
# Transparent egress for CI jobs on Linux: a job that ignores HTTPS_PROXY still goes through exitguard, or fails.
#
#   transparent-egress.sh up --iface IFACE [--proxy-port 8080]   traffic arriving on IFACE (a job's veth, a
#                                                                 container bridge) is the job
#   transparent-egress.sh up --uid UID [--proxy-port 8080]       processes of user UID on this host are the job
#                                                                 (run exitguard as a different user!)
#   transparent-egress.sh down                                    remove everything this script added
#   transparent-egress.sh status                                  print the rules
#
# What "up" installs (one nftables table, `inet exitguard_egress`, replaced as a whole: re-running is idempotent):
#   - the job's outbound TCP 80/443 is redirected to the local port where `exitguard up --mode transparent
#     --listen HOST:PORT` listens (mitmproxy reads the original destination with SO_ORIGINAL_DST);
#   - the proxy port accepts only redirected connections from the job (ct status dnat), so the transparent
#     listener is not usable as an explicit proxy;
#   - everything else from the job (other ports, other hosts, UDP incl. DNS, forwarding) is rejected at once
#     (TCP reset / ICMP), so a bypass attempt fails fast instead of hanging.
# The job needs no proxy variables, only trust in the exitguard CA (`exitguard ca trust`). DNS is not allowed
# out (it is a covert channel): give the job /etc/hosts entries or a resolver on this host that only answers
# for the guarded names, and open it with a rule of your own.
# Needs root (or CAP_NET_ADMIN) and nftables (`apt-get install -y nftables`).
set -euo pipefail

TABLE="exitguard_egress"
usage() { sed -n '2,9p' "$0" | sed 's/^# \{0,1\}//' >&2; exit 2; }

command -v nft >/dev/null 2>&1 || { echo "transparent-egress: nft not found (apt-get install -y nftables)" >&2; exit 1; }

action="${1:-}"; shift || true
iface="" uid="" port="8080"
while [[ $# -gt 0 ]]; do
  case "$1" in
    --iface) iface="${2:?}"; shift 2 ;;
    --uid) uid="${2:?}"; shift 2 ;;
    --proxy-port) port="${2:?}"; shift 2 ;;
    *) usage ;;
  esac
done

remove_table() {
  if nft list table inet "$TABLE" >/dev/null 2>&1; then nft delete table inet "$TABLE"; fi
}

ruleset_for_iface() {  # traffic entering from the job's interface
  cat <<EOF
table inet $TABLE {
  chain prerouting {
    type nat hook prerouting priority dstnat; policy accept;
    iifname "$iface" tcp dport { 80, 443 } redirect to :$port
  }
  chain input {
    type filter hook input priority filter; policy accept;
    iifname "$iface" tcp dport $port ct status dnat accept
    iifname "$iface" ct state established,related accept
    iifname "$iface" meta l4proto tcp reject with tcp reset
    iifname "$iface" reject
  }
  chain forward {
    type filter hook forward priority filter; policy accept;
    iifname "$iface" meta l4proto tcp reject with tcp reset
    iifname "$iface" reject
  }
}
EOF
}

ruleset_for_uid() {  # connections made by the job's user on this host
  cat <<EOF
table inet $TABLE {
  chain output_nat {
    type nat hook output priority -100; policy accept;
    meta skuid $uid tcp dport { 80, 443 } redirect to :$port
  }
  chain output {
    type filter hook output priority filter; policy accept;
    meta skuid $uid tcp dport $port ct status dnat accept
    meta skuid $uid ct state established,related accept
    meta skuid $uid meta l4proto tcp reject with tcp reset
    meta skuid $uid reject
  }
}
EOF
}

case "$action" in
  up)
    [[ "$port" =~ ^[0-9]+$ ]] || { echo "transparent-egress: --proxy-port must be a number" >&2; exit 2; }
    if [[ -n "$iface" && -z "$uid" ]]; then rules="$(ruleset_for_iface)"
    elif [[ -n "$uid" && -z "$iface" && "$uid" =~ ^[0-9]+$ ]]; then rules="$(ruleset_for_uid)"
    else usage; fi
    # Replace atomically: delete + add in one nft transaction, so there is no moment without the drop rules.
    if nft list table inet "$TABLE" >/dev/null 2>&1; then
      printf 'delete table inet %s\n%s\n' "$TABLE" "$rules" | nft -f -
    else
      printf '%s\n' "$rules" | nft -f -
    fi
    echo "transparent-egress: up (${iface:+iface $iface}${uid:+uid $uid} -> :$port)" >&2
    ;;
  down) remove_table; echo "transparent-egress: down" >&2 ;;
  status) nft list table inet "$TABLE" 2>/dev/null || echo "transparent-egress: not installed" ;;
  *) usage ;;
esac
