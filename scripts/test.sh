#!/usr/bin/env bash
# Install what the tests need (into .venv) and run the whole suite, then the linter.
# Extra arguments go to pytest, e.g. scripts/test.sh -k workbook
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements-test.txt"

# The browser tests use Debian's chromium package, never a downloaded browser.
if [ ! -x "${CHROMIUM:-/usr/bin/chromium}" ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null
  else
    echo "The browser tests need Debian's chromium: run 'sudo apt-get install chromium' first." >&2
    exit 1
  fi
fi
cd "$ROOT"
"$VENV/bin/python" -m pytest "$@"
"$VENV/bin/ruff" check .
