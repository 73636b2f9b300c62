#!/usr/bin/env bash
# Refresh the README's screenshots (docs/screenshots/) from the running app in a real browser.
# The test suite writes its screenshots to build/screenshots instead, so a test run leaves the tree clean.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements-test.txt"
[ -x "${CHROMIUM:-/usr/bin/chromium}" ] || apt_install chromium
cd "$ROOT"
PATHWAYS_SCREENSHOTS="$ROOT/docs/screenshots" "$VENV/bin/python" -m pytest -q tests/browser/test_journeys.py \
  -k test_screenshots_of_every_page
echo "Refreshed docs/screenshots/ ($(ls "$ROOT/docs/screenshots" | wc -l) pages). Review them (git diff --stat) and commit."
