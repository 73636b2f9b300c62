#!/usr/bin/env bash
# The floors in requirements*.txt must be versions the suite passes on: install exactly the lowest versions
# allowed (each `>=x` pinned `==x`) into a separate venv and run the tests that need no browser there.
# Run once in CI (.ci/run); it downloads the old releases, so it takes longer than scripts/test.sh.
# Extra arguments go to pytest, e.g. scripts/check_floors.sh -k registry
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
source "$ROOT/scripts/venv.sh"
FLOORS="${PATHWAYS_FLOORS_VENV:-$ROOT/build/floors-venv}"
mkdir -p "$ROOT/build"
pins="$ROOT/build/floors.txt"
sed -n 's/^\([A-Za-z0-9_.-]*\(\[[^]]*\]\)\{0,1\}\)>=\([0-9][^,<; ]*\).*/\1==\3/p' "$ROOT/requirements.txt" "$ROOT/requirements-test.txt" > "$pins"
echo "Installing the floors into $FLOORS:" $(cat "$pins")
if [ ! -x "$FLOORS/bin/python" ]; then
  command -v python3 >/dev/null || { echo "python3 is required (apt-get install python3)." >&2; exit 1; }
  need_venv_module
  python3 -m venv "$FLOORS"
fi
"$FLOORS/bin/python" -m pip install --quiet --disable-pip-version-check -r "$pins" || {
  echo "Could not install the floors above: a floor names a release that does not install on this Python" \
       "($(python3 --version 2>&1)); raise it in requirements*.txt." >&2
  exit 1
}
cd "$ROOT"
"$FLOORS/bin/python" -m pytest -q -p no:cacheprovider --ignore=tests/browser "$@"
echo "The floors pass: $(tr '\n' ' ' < "$pins")"
