#!/usr/bin/env bash
# Installs, builds and starts Nudge on the embedded default: one process, a local libsql file in
# ./data, no Redis. Open http://127.0.0.1:3000 ; the first admin API key is printed once.
set -euo pipefail
cd "$(dirname "$0")/.."
. scripts/lib.sh

require_node
# Chromium drives the LinkedIn pages; fonts keep screenshots readable.
ensure_apt_packages chromium:chromium fonts-liberation:fc-list
ensure_pnpm
export TURBO_TELEMETRY_DISABLED=1
pnpm install --frozen-lockfile
pnpm build
exec pnpm start
