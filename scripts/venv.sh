#!/usr/bin/env bash
# Make .venv (once) and install a requirements file into it. Sourced by start.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PATHWAYS_VENV:-$ROOT/.venv}"

need_venv_module() {
  python3 -c "import venv, ensurepip" 2>/dev/null && return 0
  # Debian splits venv out of python3; install it when we can.
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && apt-get install -y -qq python3-venv >/dev/null
  else
    echo "Python's venv module is missing: run 'sudo apt-get install python3-venv' first." >&2
    exit 1
  fi
}

install_requirements() {  # $1: requirements file
  if [ ! -x "$VENV/bin/python" ]; then
    command -v python3 >/dev/null || { echo "python3 is required (apt-get install python3)." >&2; exit 1; }
    need_venv_module
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1"
}
