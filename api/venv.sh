#!/usr/bin/env bash
# Makes api/.venv (gitignored) hold exactly requirements.txt, installing from PyPI only when the
# requirements changed since the last install (a copy of them is kept in the venv). Prints nothing
# when the venv is current. Needs python3 (3.10 or later) with the venv module.
set -euo pipefail
cd "$(dirname "$0")"
stamp=.venv/requirements.installed
if [ -x .venv/bin/python ] && cmp -s requirements.txt "$stamp"; then
  exit 0
fi
echo "venv.sh: installing api/requirements.txt into api/.venv" >&2
rm -rf .venv
python3 -m venv .venv
.venv/bin/pip install --quiet --disable-pip-version-check --no-input -r requirements.txt
cp requirements.txt "$stamp"
