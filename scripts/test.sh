#!/usr/bin/env bash
# Install what the tests need (into .venv) and run the whole suite, then the linter. Screenshots go to
# build/screenshots (ignored by git); scripts/screenshots.sh refreshes the README's docs/screenshots.
# Extra arguments go to pytest, e.g. scripts/test.sh -k workbook
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements-test.txt"

# Debian packages the tests use: chromium for the browser tests (never a downloaded browser), LibreOffice
# (headless Calc) and poppler's pdftotext to print the export as a finance office would.
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
command -v soffice >/dev/null || apt_install libreoffice-calc-nogui
command -v pdftotext >/dev/null || apt_install poppler-utils
cd "$ROOT"
"$VENV/bin/python" -m pytest "$@"
"$VENV/bin/ruff" check .
