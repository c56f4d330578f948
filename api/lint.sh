#!/usr/bin/env bash
# Lints api/openapi.yaml with Redocly CLI, at the version pinned in package-lock.json.
# Installs it into api/node_modules (gitignored) with `npm ci` when it is missing or not that version.
# Needs Node 20.19+ and npm. Exit status: 0 when the description has no problem, non-zero otherwise.
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
exec node_modules/.bin/redocly lint --config redocly.yaml --format=stylish openapi.yaml "$@"
