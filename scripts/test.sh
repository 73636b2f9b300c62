#!/usr/bin/env bash
# Install what the tests need (into .venv) and run the whole suite, then the linter.
# Extra arguments go to pytest, e.g. scripts/test.sh -k workbook
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements-test.txt"
cd "$ROOT"
"$VENV/bin/python" -m pytest "$@"
"$VENV/bin/ruff" check .
