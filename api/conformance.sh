#!/usr/bin/env bash
# Checks the SDK's conformance cases (tests/conformance/*.json) against openapi.yaml, and the
# checker itself: pytest on checks/test_spec.py and checks/test_conformance.py, in api/.venv.
set -euo pipefail
cd "$(dirname "$0")"
./venv.sh
exec .venv/bin/python -m pytest -q -p no:cacheprovider checks/test_spec.py checks/test_conformance.py "$@"
