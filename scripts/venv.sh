#!/usr/bin/env bash
# Make .venv (once) and install a requirements file into it. Sourced by start.sh and test.sh.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="${PATHWAYS_VENV:-$ROOT/.venv}"

APT_WAIT="${PATHWAYS_APT_WAIT:-600}"  # seconds to wait for another install (unattended upgrades, a second shell) to release apt's lock

apt_install() {  # $@: Debian packages. As root only; waits (bounded) for apt's lock and says what went wrong.
  if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
    echo "Missing: $*. Install it first: sudo apt-get install $*" >&2
    exit 1
  fi
  local apt=(apt-get -qq -o "DPkg::Lock::Timeout=$APT_WAIT") out waited=0
  until out="$("${apt[@]}" update 2>&1)"; do  # the package lists' lock is not covered by DPkg::Lock::Timeout
    if ! grep -q "Could not get lock" <<<"$out" || [ "$waited" -ge "$APT_WAIT" ]; then
      echo "Could not refresh apt's package lists to install $*$([ "$waited" -gt 0 ] && echo " (still locked after ${waited}s)"):" >&2
      echo "$out" >&2
      echo "Fix that (or run 'sudo apt-get install $*' yourself) and run this script again." >&2
      exit 1
    fi
    [ "$waited" = 0 ] && echo "Another install holds apt's lock; waiting up to $((APT_WAIT / 60)) minutes..." >&2
    sleep 10
    waited=$((waited + 10))
  done
  if ! out="$(DEBIAN_FRONTEND=noninteractive "${apt[@]}" install -y "$@" 2>&1)"; then
    echo "apt-get could not install $*:" >&2
    echo "$out" >&2
    grep -q "Could not get lock" <<<"$out" &&
      echo "Another install held apt's lock for more than $((APT_WAIT / 60)) minutes; let it finish and run this again." >&2
    exit 1
  fi
}

need_venv_module() {
  python3 -c "import venv, ensurepip" 2>/dev/null && return 0
  apt_install python3-venv  # Debian splits venv out of python3
}

install_requirements() {  # $1: requirements file
  if [ ! -x "$VENV/bin/python" ]; then
    command -v python3 >/dev/null || { echo "python3 is required (apt-get install python3)." >&2; exit 1; }
    need_venv_module
    python3 -m venv "$VENV"
  fi
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r "$1"
}
