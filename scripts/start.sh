#!/usr/bin/env bash
# Install what the app needs (into .venv) and start it on the bundled Baltimore sample.
#
#   scripts/start.sh                  this computer only (http://127.0.0.1:8501): a laptop at the table
#   scripts/start.sh --lan [CODE]     a workshop room: every computer on the network may connect, after
#                                     typing the room code (CODE, or a random one printed here)
#
# Other arguments go to streamlit, e.g. scripts/start.sh --server.port 8600
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/venv.sh"
install_requirements "$ROOT/requirements.txt"
cd "$ROOT"
address=127.0.0.1
if [ "${1:-}" = "--lan" ]; then
  shift
  if [ -n "${1:-}" ] && [ "${1#--}" = "$1" ]; then PATHWAYS_ROOM_CODE="$1"; shift; fi
  export PATHWAYS_ROOM_CODE="${PATHWAYS_ROOM_CODE:-$("$VENV/bin/python" -c 'import secrets; print(secrets.token_hex(3))')}"
  address="$(hostname -I 2>/dev/null | awk '{print $1}')"
  address="${address:-0.0.0.0}"
  echo "Workshop room: participants open http://$address:8501 (or the port you chose) and type the room code $PATHWAYS_ROOM_CODE"
fi
exec "$VENV/bin/python" scripts/serve.py run app.py --server.address "$address" --browser.serverAddress "$address" "$@"
