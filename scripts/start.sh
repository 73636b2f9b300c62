#!/usr/bin/env bash
# Install what the app needs (into .venv) and start it on the bundled Baltimore sample.
# Extra arguments go to streamlit, e.g. scripts/start.sh --server.port 8600
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements.txt"
cd "$ROOT"
exec "$VENV/bin/streamlit" run app.py "$@"
