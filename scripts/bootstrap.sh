#!/usr/bin/env bash
# Create (or refresh) .venv: one environment for the proxy (mitmproxy 12.3), the agents' SDKs the live tests
# drive (openai, anthropic, httpx, requests, autogen) and the test tools. Rebuilt only when its inputs change.
# pip's own output goes to .venv-build.log; the terminal gets one progress line.
#   scripts/bootstrap.sh            the proxy only (what `scripts/exitguard` needs)
#   scripts/bootstrap.sh --dev      plus the test and lint tools (what `scripts/test` needs)
#   scripts/bootstrap.sh --which-python   print the Python it would build .venv with, and stop
set -euo pipefail
cd "$(dirname "$0")/.."

# Where pyenv keeps its versions: $PYENV_ROOT, the folder of the pyenv or pyenv shims on PATH (pyenv itself
# answers `pyenv root` from $HOME, which need not be the one it was installed under), then ~/.pyenv. A shim such
# as python3.12 fails when no pyenv version selects it, so the versions themselves are tried too.
pyenv_roots() {
  [[ -n "${PYENV_ROOT:-}" ]] && echo "$PYENV_ROOT"
  local found
  if found="$(command -v pyenv 2>/dev/null)" && found="$(readlink -f "$found")"; then
    dirname "$(dirname "$found")"  # <root>/libexec/pyenv or <root>/bin/pyenv
  fi
  found="$(command -v python3.12 2>/dev/null || true)"
  [[ "$found" == */shims/python3.12 ]] && dirname "$(dirname "$found")"
  echo "$HOME/.pyenv"
}

# A Python >= 3.12: $PYTHON, python3.12 / python3.13 on PATH, pyenv's versions, then python3.
find_python() {
  local candidates=()
  [[ -n "${PYTHON:-}" ]] && candidates+=("$PYTHON")
  candidates+=(python3.12 python3.13)
  local root v
  while read -r root; do
    for v in "$root"/versions/3.1[2-9]*/bin/python3; do [[ -x "$v" ]] && candidates+=("$v"); done
  done < <(pyenv_roots | awk 'NF && !seen[$0]++')
  candidates+=(python3)
  local c
  for c in "${candidates[@]}"; do
    if command -v "$c" >/dev/null 2>&1 && "$c" -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then
      command -v "$c"; return 0
    fi
  done
  return 1
}
PY="$(find_python)" || {
  have="$(python3 --version 2>/dev/null || true)"
  echo "exitguard needs Python 3.12 or newer (mitmproxy 12). None was found on PATH${have:+ (python3 is ${have#Python })}" \
       "or in pyenv ($(pyenv_roots | awk 'NF && !seen[$0]++ {printf "%s%s/versions", sep, $0; sep=", "}'))." >&2
  echo "Install one, e.g. 'apt-get install python3.12-venv', 'brew install python@3.12' or 'pyenv install 3.12'," >&2
  echo "or point PYTHON at it: PYTHON=/path/to/python3.12 $0" >&2
  exit 1
}
if [[ "${1:-}" == "--which-python" ]]; then echo "$PY"; exit 0; fi

extras=""
[[ "${1:-}" == "--dev" ]] && extras="[dev]"
base="$( (sha256sum pyproject.toml; "$PY" --version) | sha256sum | cut -c1-16)"
stamp=.venv/.exitguard-stamp
if [[ -f "$stamp" ]]; then
  read -r have_base have_extras < "$stamp" || true
  # A dev environment also serves the proxy-only entry point.
  if [[ "$have_base" == "$base" && ( -z "$extras" || "${have_extras:-}" == "$extras" ) ]]; then exit 0; fi
fi

log=.venv-build.log
echo "exitguard: preparing .venv with $("$PY" --version) (first run takes a minute; pip log: $log) ..." >&2
rm -rf .venv
if ! { "$PY" -m venv .venv && .venv/bin/pip install --disable-pip-version-check --progress-bar off \
        -e ".$extras"; } >"$log" 2>&1; then
  echo "exitguard: installing into .venv failed; the last lines of $log:" >&2
  tail -n 15 "$log" >&2
  exit 1
fi
echo "$base $extras" > "$stamp"
echo "exitguard: .venv ready" >&2
