#!/usr/bin/env bash
# The Node peers (`npm ci` in bench/node, undici pinned by its lock file), and the botika Node
# package's native part built in release mode (`napi build --release`, in the shared cargo target
# dir) into bench/.build/node/; the bench loads the package's own JS with that build. When it
# cannot be built, bench/.build/node-package.txt says why and the bench reports it.
set -euo pipefail
cd "$(dirname "$0")/../.."
source bench/setup/lib.sh

note=bench/.build/node-package.txt
log=bench/.build/node-build.log
mkdir -p bench/.build
(cd bench/node && npm ci --no-audit --no-fund --loglevel=error)
rm -rf bench/.build/node

if [ ! -f node/package.json ]; then
  echo "not available yet: node/package.json does not exist" >"$note"
elif ! { [ -x node/node_modules/.bin/napi ] || (cd node && npm ci --no-audit --no-fund --loglevel=error); } >"$log" 2>&1; then
  echo "not available yet: npm ci in node/ failed ($(tail -n1 "$log"))" >"$note"
elif (cd node && npx napi build --platform --release --manifest-path ../bindings/node/Cargo.toml \
        --output-dir ../bench/.build/node) >>"$log" 2>&1; then
  rm -f "$note"
  echo "bench: botika's Node package built in release mode"
else
  echo "not available yet: napi build --release failed ($(first_error "$log"))" >"$note"
fi
[ -f "$note" ] && echo "bench: Node package $(cat "$note")"
exit 0
