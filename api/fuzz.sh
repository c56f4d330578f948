#!/usr/bin/env bash
# Fuzzes botika-sandbox against openapi.yaml with schemathesis, then reaches every documented
# status code with explicit cases (checks/fuzz.py says how). Builds the sandbox binary with cargo
# first, honouring CARGO_TARGET_DIR and CARGO_BUILD_TARGET as the Makefile sets them (their
# defaults are the Makefile's). FUZZ_EXAMPLES (default 25) and FUZZ_SEED tune the run.
set -euo pipefail
cd "$(dirname "$0")"
./venv.sh
export CARGO_TARGET_DIR="${CARGO_TARGET_DIR:-$(cd .. && pwd)/target}"
export CARGO_BUILD_TARGET="${CARGO_BUILD_TARGET:-$(rustc -vV | sed -n 's/host: //p')}"
cargo build --quiet -p botika-sandbox --bin botika-sandbox
cd checks
exec ../.venv/bin/python fuzz.py
