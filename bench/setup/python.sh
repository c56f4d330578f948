#!/usr/bin/env bash
# The bench venv (bench/.venv): the pinned peers of bench/requirements.txt, and the botika Python
# package built in release mode (`pip install ./python`, in the shared cargo target dir). When the
# package cannot be built, bench/.build/python-package.txt says why and the bench reports it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/setup/lib.sh

venv=bench/.venv
note=bench/.build/python-package.txt
log=bench/.build/python-build.log
mkdir -p bench/.build

[ -x "$venv/bin/python" ] || python3 -m venv "$venv"
"$venv/bin/pip" install -q --disable-pip-version-check -r bench/requirements.txt
# Never measure an older build: the package is uninstalled, then built again from the tree.
"$venv/bin/pip" uninstall -q -y botika >/dev/null 2>&1 || true

if [ ! -f python/pyproject.toml ]; then
  echo "not available yet: python/pyproject.toml does not exist" >"$note"
elif "$venv/bin/pip" install --disable-pip-version-check ./python >"$log" 2>&1; then
  rm -f "$note"
  echo "bench: botika's Python package built in release mode"
else
  echo "not available yet: pip install ./python failed ($(first_error "$log"))" >"$note"
fi
[ -f "$note" ] && echo "bench: Python package $(cat "$note")"
exit 0
