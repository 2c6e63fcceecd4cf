#!/usr/bin/env bash
# Create (or refresh) the local virtual environments exitguard runs and tests in.
#   .venv          the proxy: mitmproxy 11.0.2 + exitguard (editable install)
#   .venv-clients  the agents' side for live tests (only with --clients)
# Re-running is cheap: each venv is rebuilt only when its requirements change.
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${PYTHON:-python3.11}"
command -v "$PY" >/dev/null 2>&1 || PY=python3
"$PY" -c 'import sys; sys.exit(sys.version_info[:2] != (3, 11))' \
  || { echo "exitguard needs Python 3.11 (mitmproxy 11.0.2); found $("$PY" --version)" >&2; exit 1; }

stamp() { sha256sum "$@" | sha256sum | cut -c1-16; }

build_venv() {  # build_venv DIR STAMP INSTALL-ARGS...
  local dir=$1 want=$2; shift 2
  if [[ -f "$dir/.exitguard-stamp" && "$(cat "$dir/.exitguard-stamp")" == "$want" ]]; then return; fi
  echo "exitguard: preparing $dir ..." >&2
  rm -rf "$dir"
  "$PY" -m venv "$dir"
  "$dir/bin/pip" install -q --disable-pip-version-check "$@" >&2
  echo "$want" > "$dir/.exitguard-stamp"
}

build_venv .venv "$(stamp pyproject.toml)" -e ".[test]"
if [[ "${1:-}" == "--clients" ]]; then
  build_venv .venv-clients "$(stamp scripts/requirements-clients.txt)" -r scripts/requirements-clients.txt
fi
