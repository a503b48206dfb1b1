#!/bin/sh
# Run the headless-Chromium page tests against a running tejian server.
#   TEJIAN_URL=http://127.0.0.1:18080 tests/e2e/run.sh
set -eu
cd "$(dirname "$0")"

if [ -z "${TEJIAN_URL:-}" ]; then
  echo "run.sh: TEJIAN_URL is not set (e.g. TEJIAN_URL=http://127.0.0.1:18080)" >&2
  exit 2
fi

# Install (exactly per package-lock.json) only when needed. Never downloads
# browsers: the tests use the system Chromium at /usr/bin/chromium.
if [ ! -d node_modules ] || [ ! -f node_modules/.package-lock.json ] \
   || [ package-lock.json -nt node_modules/.package-lock.json ]; then
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi

exec node --test landing.test.mjs accounts.test.mjs equipment.test.mjs change.test.mjs inspection.test.mjs documents.test.mjs maintenance.test.mjs
