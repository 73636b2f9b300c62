#!/usr/bin/env bash
# Install what the tests need (into .venv) and run the whole suite, then the linter. Screenshots go to
# build/screenshots (ignored by git); scripts/screenshots.sh refreshes the README's docs/screenshots.
# Extra arguments go to pytest, e.g. scripts/test.sh -k workbook
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements-test.txt"

# The browser tests use Debian's chromium package, never a downloaded browser.
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
cd "$ROOT"
"$VENV/bin/python" -m pytest "$@"
"$VENV/bin/ruff" check .
