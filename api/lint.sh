#!/usr/bin/env bash
# Lints api/openapi.yaml with Redocly CLI, at the version pinned in package-lock.json.
# Installs it into api/node_modules (gitignored) with `npm ci` when it is missing or not that version.
# Needs Node 20.19+ and npm. Exit status: 0 when the description and the lint configuration have no
# problem at all (no error and no warning), non-zero otherwise.
set -euo pipefail
cd "$(dirname "$0")"

want=$(node -p 'require("./package-lock.json").packages["node_modules/@redocly/cli"].version')
have=$(node -p 'try { require("./node_modules/@redocly/cli/package.json").version } catch { "" }')
if [ "$have" != "$want" ]; then
  echo "lint.sh: installing @redocly/cli $want into api/node_modules" >&2
  npm ci --no-audit --no-fund --loglevel=error
fi

# No telemetry, no update check: the lint runs offline once installed.
export REDOCLY_TELEMETRY=off REDOCLY_SUPPRESS_UPDATE_NOTICE=true
status=0
out=$(node_modules/.bin/redocly lint --config redocly.yaml --format=stylish openapi.yaml "$@" 2>&1) || status=$?
# Drop the boxed banner about Node 20's end of life (a notice, not a finding) and blank lines.
out=$(printf '%s\n' "$out" | grep -v '[║╔╚]' | grep -v '^[[:space:]]*$' || true)
printf '%s\n' "$out"
# Redocly exits 0 on warnings, including problems in redocly.yaml itself: refuse those too.
if printf '%s\n' "$out" | grep -Eq 'warning|Your config has'; then
  echo "lint.sh: warnings found; fix them (or explain a deliberate one in redocly.yaml)" >&2
  [ "$status" -ne 0 ] || status=1
fi
exit "$status"
